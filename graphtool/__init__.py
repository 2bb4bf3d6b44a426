"""graphtool: network analysis of actors, organisations and events.

Load cited facts from CSV into a Bolt graph database (Neo4j, or a local server
graphtool runs itself), query them, analyse them with networkx and render them as
offline HTML networks.

The Python API (also in ``docs/api.md``); each name is imported from its module when
first used, so ``import graphtool`` and ``graphtool --help`` load neither the driver
nor networkx:

``connect(uri=None, user=None, password=None, database=None)``
    A :class:`~graphtool.store.db.GraphDB`: the ``NEO4J_*`` settings, else the local
    graph server (started if needed). From :mod:`graphtool.store.db`.
``load_paths(db, paths, *, batch_size=1000, progress=None)``
    Validate import files completely, then load them (:mod:`graphtool.store.load`).
``fetch_graph(db, projection="actors", *, kinds, event_kinds, countries, start, end, level, events, ...)``
    A projection as a networkx graph (:mod:`graphtool.projection`).
``fetch_network(db, projection="actors", **same_filters)``
    A projection for measuring, weights only: a
    :class:`~graphtool.analysis.network.Network` (:mod:`graphtool.projection`).
``centrality(G, measure="degree", *, weighted, engine, sample, seed)``
    One measure's score per node; ``centralities(G, measures, ...)`` several on one
    prepared network (:mod:`graphtool.analysis.centrality`).
``rank(scores, top=None)``
    Scores sorted by score, then id (:mod:`graphtool.analysis.network`).
``communities(G, method="louvain", *, weight, resolution, seed, engine)``
    A :class:`~graphtool.analysis.communities.Partition` with its modularity
    (:mod:`graphtool.analysis.communities`).
``render_html(graph, *, title, description, size_by, ..., renderer="auto")``
    One self-contained HTML page (:mod:`graphtool.visual.page`).
``show(graph, *, height=640, **render_options)``
    The same page for a notebook, isolated in an iframe (:mod:`graphtool.visual.notebook`).
``extract(path, gazetteer=None, *, dataset=None)``
    A report (text, Markdown, PDF) to cited candidate facts, as plain records
    (:mod:`graphtool.extract`).

The package is laid out by job: :mod:`graphtool.store` (the database, the local
server, the ``.cypher`` files, import readers and loading), :mod:`graphtool.analysis`
(the network type and the measures, pure) and :mod:`graphtool.visual` (pages,
exports, the browser helper and the view that combines them), with the vocabulary,
errors, output, paths, the projection, exploration, the shell and ``cli/`` on top.
The modules of graphtool 0.1 (``graphtool.db``, ``graphtool.analyze``, ...) still
import, as deprecated aliases removed in 0.3 (:mod:`graphtool._aliases`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _aliases

__version__ = "0.1.0"

#: The public API: each name and the module it comes from.
API: dict[str, str] = {
    "connect": "graphtool.store.db",
    "load_paths": "graphtool.store.load",
    "fetch_graph": "graphtool.projection",
    "fetch_network": "graphtool.projection",
    "centrality": "graphtool.analysis.centrality",
    "centralities": "graphtool.analysis.centrality",
    "rank": "graphtool.analysis.network",
    "communities": "graphtool.analysis.communities",
    "render_html": "graphtool.visual.page",
    "show": "graphtool.visual.notebook",
    "extract": "graphtool.extract",
}

__all__ = [
    "__version__",
    "connect",
    "load_paths",
    "fetch_graph",
    "fetch_network",
    "centrality",
    "centralities",
    "rank",
    "communities",
    "render_html",
    "show",
    "extract",
]

_aliases.install()

if TYPE_CHECKING:
    from .analysis.centrality import centralities, centrality
    from .analysis.communities import communities
    from .analysis.network import rank
    from .extract import extract
    from .projection import fetch_graph, fetch_network
    from .store.db import connect
    from .store.load import load_paths
    from .visual.notebook import show
    from .visual.page import render_html


def __getattr__(name: str) -> Any:
    """Import an API name from its module when it is first asked for."""
    if name not in API:
        raise AttributeError(f"module 'graphtool' has no attribute '{name}'")
    value = getattr(importlib.import_module(API[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *API})
