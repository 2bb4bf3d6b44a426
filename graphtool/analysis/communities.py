"""Communities: groups of nodes linked more among themselves than with the rest.

:func:`communities` splits a network with Louvain, Leiden (igraph) or label
propagation and reports the modularity; :func:`modularity_shares` is each
community's part of it. Directed graphs are treated as undirected; results are
deterministic for a seed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..errors import UsageError
from . import engines
from .network import WEIGHT, Graph, Node, as_network, edge_lengths, node_key, node_row, undirected

#: Community detection methods and the engines that have them.
COMMUNITY_METHODS: dict[str, tuple[str, ...]] = {
    "louvain": ("networkx", "igraph"),
    "leiden": ("igraph",),
    "label-propagation": ("networkx", "igraph"),
}


@dataclass(frozen=True)
class Partition:
    """Communities found in a graph: largest first, members sorted by id.

    ``modularity`` is None for a graph without edges (it is undefined there).
    """

    method: str
    engine: str
    communities: tuple[tuple[Node, ...], ...]
    modularity: float | None

    def membership(self) -> dict[Node, int]:
        """Each node's community number (1 is the largest)."""
        return {n: i for i, c in enumerate(self.communities, start=1) for n in c}

    def rows(self, G: Graph) -> list[dict[str, Any]]:
        """One row per node: ``community, id, name, kind, size``."""
        return [
            {"community": i, **node_row(G, n), "size": len(c)}
            for i, c in enumerate(self.communities, start=1)
            for n in c
        ]


def communities(
    G: Graph,
    method: str = "louvain",
    *,
    weight: str | None = WEIGHT,
    resolution: float = 1.0,
    seed: int = 0,
    engine: str = "auto",
) -> Partition:
    """Split the network into communities and report their modularity.

    Directed graphs are treated as undirected. Results are deterministic for a seed.

    Raises:
        UsageError: unknown method, or a method the chosen engine lacks.

    >>> G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    >>> p = communities(G, weight=None)
    >>> p.communities, round(p.modularity, 3)
    (((0, 1, 2), (3, 4, 5)), 0.5)
    """
    if method not in COMMUNITY_METHODS:
        raise UsageError(f"unknown community method '{method}' (one of {', '.join(COMMUNITY_METHODS)})")
    G = undirected(as_network(G).to_networkx(), weight)
    if engine == "auto" and "networkx" not in COMMUNITY_METHODS[method]:
        engine = "igraph"
    used = engines.choose_engine(G, engine)
    if used not in COMMUNITY_METHODS[method]:
        raise UsageError(f"{method} needs the igraph engine: use --engine igraph")
    found: list[Iterable[Node]]
    if G.number_of_nodes() == 0:
        found = []
    elif used == "igraph":
        view = engines.to_igraph(G, weight, edge_lengths)
        found = [
            [view.nodes[i] for i in c]
            for c in engines.communities(view, method, weight is not None, resolution, seed)
        ]
    elif method == "louvain":
        found = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    else:
        found = list(nx.community.asyn_lpa_communities(G, weight=weight, seed=seed))
    groups = [tuple(sorted(c, key=node_key)) for c in found if c]
    groups.sort(key=lambda c: (-len(c), node_key(c[0])))
    q: float | None = None
    if G.number_of_edges() and groups:
        q = nx.community.modularity(G, groups, weight=weight, resolution=resolution)
    return Partition(method, used, tuple(groups), q)


def modularity_shares(
    G: nx.Graph,
    partition: Partition,
    *,
    weight: str | None = WEIGHT,
    resolution: float = 1.0,
) -> list[float]:
    """Each community's term of the modularity, ``L_c/m - resolution * (d_c/2m)**2``
    (links inside it over all links, less what chance would put there); they add up
    to ``partition.modularity``. Zeros for a graph without links.

    >>> G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    >>> modularity_shares(G, communities(G, weight=None), weight=None)
    [0.25, 0.25]
    """
    G = undirected(G, weight)
    m = G.size(weight=weight)
    if not m:
        return [0.0] * len(partition.communities)
    shares = []
    for c in partition.communities:
        members = set(c)
        inside = G.subgraph(members).size(weight=weight)
        degrees = sum(d for _, d in G.degree(members, weight=weight))
        shares.append(inside / m - resolution * (degrees / (2 * m)) ** 2)
    return shares
