"""A view of the network for a page or a file: a projection measured on the whole
network, then scoped to what is shown (``graphtool render`` and ``graphtool export``).

The one place that combines the projection, the analysis and the page: the page and
the exports take the graph this module hands them and decide nothing about which
nodes it holds. Measures are computed before scoping, so a focused or cut view shows
each node's standing in the whole network, not in the excerpt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..analysis import twomode
from ..analysis.centrality import centralities, sampling
from ..analysis.network import find_node
from ..analysis.paths import ego_network
from ..projection import fetch_graph, measured
from .page import describe_graph

if TYPE_CHECKING:
    from ..store.db import GraphDB


def scope_graph(
    graph: nx.Graph,
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int | None = None,
    scores: Mapping[Any, float] | None = None,
) -> nx.Graph:
    """Narrow a graph to what a page should show.

    Parameters:
        focus: a node id, name or alias
            (:func:`graphtool.analysis.network.find_node`); keeps its ego network of
            radius ``depth``.
        max_nodes: keeps the ``max_nodes`` nodes with the highest ``scores``
            (ties broken by id), after the focus is applied. The focus node is kept.
        scores: score per node; degree when not given.

    Returns a new graph (the input is not changed).

    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> sorted(scope_graph(g, focus="a", depth=2))
    ['a', 'b', 'c']
    """
    centre = None
    if focus is not None:
        centre = find_node(graph, focus)
        graph = ego_network(graph, centre, depth)
    if max_nodes is not None and graph.number_of_nodes() > max_nodes:
        score = scores if scores is not None else dict(graph.degree())
        ranked = sorted(graph, key=lambda n: (-float(score.get(n, 0.0) or 0.0), str(n)))
        keep = ranked[:max_nodes]
        if centre is not None and centre not in keep:
            keep = [centre, *keep[: max_nodes - 1]]
        graph = graph.subgraph(keep)
    return graph.copy()


def network_view(
    db: GraphDB,
    projection: str = "actors",
    *,
    measures: Sequence[str] = (),
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int | None = None,
    notify: Callable[[str], None] | None = None,
    **filters: Any,
) -> tuple[nx.Graph, str]:
    """Fetch a projection, attach measures to its nodes, and scope it.

    Parameters:
        db: the database.
        projection: as :func:`graphtool.projection.fetch_graph`; ``filters`` are its filters.
        measures: centrality measures stored as node attributes; the first one ranks
            nodes for ``max_nodes``. Betweenness and closeness are estimated from a
            sample of sources on networks above
            :data:`graphtool.analysis.centrality.EXACT_MAX` nodes.
        focus, depth: keep only the ego network of this node (id, name or alias).
        max_nodes: keep the most central nodes: by the first of ``measures``, or with
            no measures by degree in the whole network (used to rank, not stored).
        notify: told when a measure is estimated.

    Returns:
        The scoped graph and one line describing what it shows.
    """
    G = fetch_graph(db, projection, **filters)
    measures = list(dict.fromkeys(measures))
    sample, text = sampling(measures, G.number_of_nodes())
    if text and notify is not None:
        notify(f"{text}.")
    # As the centrality command measures them: two-mode per mode, raw as undirected.
    if projection == "actor-event":
        scores = twomode.centralities(G, measures, sample=sample)
    else:
        scores = centralities(measured(G), measures, sample=sample)
    for m, by_node in scores.items():
        for n, s in by_node.items():
            G.nodes[n][m] = s
    ranking = scores[measures[0]] if measures else None
    if ranking is None and max_nodes is not None:
        # Whole-network degree, as if asked for, but only to rank: no attribute is added.
        ranking = centralities(measured(G), ["degree"])["degree"]
    H = scope_graph(G, focus=focus, depth=depth, max_nodes=max_nodes, scores=ranking)
    return H, describe_graph(H, focus=focus, depth=depth, max_nodes=max_nodes)
