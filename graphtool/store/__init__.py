"""The store: getting facts into the graph database and reading them back.

Owns everything that talks to the database or its files:

- :mod:`~graphtool.store.db`: the driver wrapper :class:`~graphtool.store.db.GraphDB`
  and :func:`~graphtool.store.db.connect`; the only module that imports ``neo4j``;
- :mod:`~graphtool.store.server`: the local graph server graphtool runs itself;
- :mod:`~graphtool.store.queries`: the ``.cypher`` files in ``store/cypher/``, one statement
  each, with their headers;
- :mod:`~graphtool.store.readers`: import files to validated records, one module per
  format behind one interface (a new loader goes there);
- :mod:`~graphtool.store.load`: validated records into the database, batched and
  re-runnable.

May import: :mod:`graphtool.model`, :mod:`graphtool.errors`, :mod:`graphtool.paths`
and its own modules; never the analysis, the projection or the pages.
"""
