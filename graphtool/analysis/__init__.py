"""Analysis: measures on networks, pure (no database, no pages).

Owns the network type and one module per family, as networkx lays them out:

- :mod:`~graphtool.analysis.network`: :class:`~graphtool.analysis.network.Network`
  (a networkx graph, or flat edge lists from the database, prepared once for several
  measures), node keys, ranking, edge lengths, finding a node by name;
- :mod:`~graphtool.analysis.centrality`: the measures, the ``MEASURES`` registry,
  sampling for betweenness and closeness, ranking tables;
- :mod:`~graphtool.analysis.twomode`: two-mode networks measured mode by mode
  (Borgatti & Everett's normalisation);
- :mod:`~graphtool.analysis.communities`: community detection and modularity;
- :mod:`~graphtool.analysis.paths`: shortest paths with their events, ego networks,
  neighbours;
- :mod:`~graphtool.analysis.trends`: periods, a measure over time, comparing windows;
- :mod:`~graphtool.analysis.engines`: the igraph engine and the choice of engine.

May import: :mod:`graphtool.model`, :mod:`graphtool.errors` and its own modules;
never the store, the projection or the pages. ``network`` imports no other analysis
module but ``engines``, and ``engines`` imports none. A new measure is a function in
``centrality`` and one line in its ``MEASURES``.
"""
