"""Fast engines for the measures in :mod:`graphtool.analysis`: igraph, and scipy for
the eigenvector power iteration; and which engine a measure runs on
(:func:`choose_engine`).

Every function here computes exactly what its networkx counterpart in
:mod:`graphtool.analysis.centrality` or :mod:`~graphtool.analysis.communities`
computes (the tests check agreement within 1e-9), so the engine changes the speed
and never the answer. Functions take an :class:`IGraph`, the graph converted once,
and return scores in the order of ``IGraph.nodes``. This is the lowest analysis
module: it imports no other one, and sees networkx only in :func:`to_igraph`.

igraph is a dependency of graphtool; :func:`available` still checks, so that an
installation without it falls back to networkx with a clear message.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import networkx as nx

from ..errors import AnalysisError, UsageError

#: Engines a measure can run on.
ENGINES = ("auto", "networkx", "igraph")
#: ``engine="auto"`` uses igraph (when installed) from this many edges up.
AUTO_EDGES = 20_000


def available() -> bool:
    """Whether igraph is installed."""
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def _igraph() -> Any:
    try:
        import igraph
    except ImportError:
        raise AnalysisError(
            "the igraph engine is not installed. Install it with "
            "\"pip install 'igraph>=0.11,<2'\" or use --engine networkx."
        ) from None
    return igraph


class _Sized(Protocol):
    def number_of_edges(self) -> int: ...


#: Edge weights and the number of nodes -> (edge lengths for shortest paths, their
#: scale): lengths are ``scale / weight``
#: (:func:`graphtool.analysis.network.edge_lengths`).
Lengths = Callable[[Sequence[float], int], tuple[list[float], float]]


def choose_engine(G: _Sized, engine: str = "auto") -> str:
    """``networkx`` or ``igraph`` for this graph (a networkx graph or a
    :class:`~graphtool.analysis.network.Network`).

    Raises:
        UsageError: ``engine`` is not one of :data:`ENGINES`.
        AnalysisError: igraph was asked for but is not installed.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}' (one of {', '.join(ENGINES)})")
    if engine == "networkx":
        return "networkx"
    if engine == "igraph":
        _igraph()  # raises a clear error when missing
        return "igraph"
    return "igraph" if G.number_of_edges() >= AUTO_EDGES and available() else "networkx"


@dataclass(frozen=True)
class IGraph:
    """A networkx graph converted to igraph: vertex ``i`` is ``nodes[i]``.

    ``strength`` holds each edge's weight (1 when unweighted), in igraph's edge order;
    :meth:`distance` its length for shortest paths, in units of 1/:meth:`scale`.
    ``loops`` says whether there are self-loops.
    """

    graph: Any
    nodes: tuple[Hashable, ...]
    directed: bool
    strength: list[float]
    lengths: Lengths
    loops: bool

    def _lengths(self) -> tuple[list[float], float]:
        cached = self.__dict__.get("_distance")
        if cached is None:
            cached = self.lengths(self.strength, len(self.nodes))
            object.__setattr__(self, "_distance", cached)
        return cached  # type: ignore[no-any-return]

    def distance(self) -> list[float]:
        """Each edge's length, ``scale / weight`` (computed when first needed)."""
        return self._lengths()[0]

    def scale(self) -> float:
        """What :meth:`distance` multiplied ``1 / weight`` by (closeness divides it out)."""
        return self._lengths()[1]


def from_edges(
    nodes: Sequence[Hashable],
    edges: Sequence[tuple[int, int]],
    weights: Sequence[float] | None,
    *,
    directed: bool,
    lengths: Lengths,
) -> IGraph:
    """An igraph graph straight from vertex-index pairs: edge ``k`` joins
    ``nodes[edges[k][0]]`` and ``nodes[edges[k][1]]`` with weight ``weights[k]`` (1 when
    ``weights`` is None). Pairs must be unique (a simple graph)."""
    ig = _igraph()
    graph = ig.Graph(n=len(nodes), edges=edges, directed=directed)
    strengths = [1.0] * len(edges) if weights is None else [float(w) for w in weights]
    return IGraph(
        graph=graph,
        nodes=tuple(nodes),
        directed=directed,
        strength=strengths,
        lengths=lengths,
        loops=any(u == v for u, v in edges),
    )


def to_igraph(G: nx.Graph, weight: str | None, lengths: Lengths) -> IGraph:
    """Convert a simple (non-multi) networkx graph to igraph, keeping node order and
    networkx's edge order."""
    nodes = tuple(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges: list[tuple[int, int]] = []
    weights: list[float] | None = None if weight is None else []
    directed = G.is_directed()
    # Reading the adjacency directly is about 3x faster than G.edges(data=...).
    for u, nbrs in G.adj.items():
        i = index[u]
        for v, d in nbrs.items():
            j = index[v]
            if directed or j >= i:
                edges.append((i, j))
                if weights is not None:
                    weights.append(d.get(weight, 1))
    return from_edges(nodes, edges, weights, directed=directed, lengths=lengths)


def without_loops(view: IGraph) -> IGraph:
    """``view`` with its self-loops removed (vertex order kept)."""
    if not view.loops:
        return view
    graph = view.graph.copy()
    graph.es["strength"] = view.strength
    graph.simplify(multiple=False, loops=True, combine_edges="first")
    return replace(view, graph=graph, strength=list(graph.es["strength"]), loops=False)


def unweighted(view: IGraph) -> IGraph:
    """``view`` with every edge of weight 1 (the same igraph graph underneath)."""
    return replace(view, strength=[1.0] * view.graph.ecount())


def degree(view: IGraph) -> list[float]:
    """Number of edge ends at each node (a self-loop counts twice, as in networkx)."""
    return [float(d) for d in view.graph.degree()]


def strength(view: IGraph) -> list[float]:
    """Sum of edge weights at each node (a self-loop counts twice)."""
    return [float(s) for s in view.graph.strength(weights=view.strength, loops=True)]


def betweenness(view: IGraph, weighted: bool, sources: Sequence[int] | None = None) -> list[float]:
    """Raw betweenness counted over ordered (source, target) pairs, endpoints excluded.

    ``sources`` restricts the sources (sampled betweenness); targets are all nodes.
    """
    g = view.graph
    weights = view.distance() if weighted else None
    raw = g.betweenness(directed=view.directed, weights=weights, sources=sources)
    # In undirected graphs igraph halves its counts (each pair once); networkx's raw
    # sums count ordered pairs, with or without a subset of sources.
    factor = 1.0 if view.directed else 2.0
    return [b * factor for b in raw]


def closeness(view: IGraph, weighted: bool) -> list[float]:
    """Closeness with the Wasserman-Faust correction for unreachable nodes (networkx's
    ``wf_improved``): ``(r-1)/sum(d) * (r-1)/(n-1)``, distances *to* each node."""
    g = view.graph
    n = g.vcount()
    if n <= 1:
        return [0.0] * n
    weights = view.distance() if weighted else None
    mode = "in" if view.directed else "all"
    per_reached = g.closeness(mode=mode, weights=weights, normalized=True)
    inverse_sum = g.closeness(mode=mode, weights=weights, normalized=False)
    scale = view.scale() if weighted else 1.0
    out = []
    for a, b in zip(per_reached, inverse_sum):
        if a is None or b is None or math.isnan(a) or b == 0 or math.isnan(b):
            out.append(0.0)
        else:
            reached_others = a / b  # (r-1)/sum(d) divided by 1/sum(d)
            out.append(a * round(reached_others) / (n - 1) * scale)
    return out


def pagerank(view: IGraph, weighted: bool, alpha: float) -> list[float]:
    """PageRank solved exactly (PRPACK). Dangling nodes spread their rank uniformly."""
    g = view.graph
    if g.vcount() == 0:
        return []
    weights: list[float] | None = None
    if weighted or view.loops:
        weights = list(view.strength) if weighted else [1.0] * g.ecount()
        if view.loops and not view.directed:
            # networkx walks an undirected self-loop once; igraph counts both its ends.
            weights = [w / 2 if e.source == e.target else w for w, e in zip(weights, g.es)]
    # PRPACK solves the linear system exactly; it is about twice as fast as ARPACK on
    # large graphs (bench/README.md) and agrees with networkx within 1e-9.
    return list(g.pagerank(weights=weights, directed=view.directed, damping=alpha, implementation="prpack"))


def core_number(view: IGraph) -> list[float]:
    """k-core number of each node; self-loops are ignored."""
    return [float(c) for c in without_loops(view).graph.coreness(mode="all")]


def eigenvector(view: IGraph, weighted: bool, max_iter: int, tol: float) -> list[float]:
    """networkx's power iteration on ``A + I`` from the uniform vector, with scipy.

    Same start, same steps and the same stopping rule as ``nx.eigenvector_centrality``,
    so it converges (or fails) on the same graphs and gives the same vector.

    Raises:
        nx.PowerIterationFailedConvergence: as networkx does.
    """
    import numpy as np
    import scipy.sparse as sp

    n = len(view.nodes)
    pairs = np.array(view.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    w = np.asarray(view.strength if weighted else [1.0] * len(pairs), dtype=float)
    src, dst = pairs[:, 0], pairs[:, 1]
    # x[v] += x[u] * w for every neighbour v of u (both ways when undirected; a
    # self-loop once, as networkx walks it).
    rows, cols, vals = dst, src, w
    if not view.directed:
        back = src != dst
        rows = np.concatenate([dst, src[back]])
        cols = np.concatenate([src, dst[back]])
        vals = np.concatenate([w, w[back]])
    A = sp.csr_array((vals, (rows, cols)), shape=(n, n))
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        xlast = x
        x = xlast + A @ xlast
        norm = math.sqrt(float(x @ x)) or 1.0
        x = x / norm
        if float(np.abs(x - xlast).sum()) < n * tol:
            return list(x.tolist())
    raise nx.PowerIterationFailedConvergence(max_iter)


def sampled_closeness(view: IGraph, weighted: bool, sources: Sequence[int], chunk: int = 64) -> list[float]:
    """Closeness estimated from the distances out of ``sources`` (vertex indices).

    For each node ``v``, with ``R`` the sources other than ``v`` that reach it and ``D``
    the sum of their distances to it: ``|R|**2 / (k' * D)``, where ``k'`` counts the
    sources other than ``v``. With every node as a source this is exactly
    :func:`closeness` (the Wasserman-Faust form); :func:`graphtool.analysis.centrality.closeness`
    documents the estimator.
    """
    import numpy as np

    g = view.graph
    n = g.vcount()
    weights = view.distance() if weighted else None
    reached = np.zeros(n)
    total = np.zeros(n)
    for i in range(0, len(sources), chunk):
        block = list(sources[i : i + chunk])
        d = np.asarray(g.distances(source=block, weights=weights, mode="out"), dtype=float)
        d[np.arange(len(block)), block] = np.inf  # a source's distance to itself
        finite = np.isfinite(d)
        reached += finite.sum(axis=0)
        # Add source by source, in order, as the networkx engine does.
        for row, ok in zip(d, finite):
            total[ok] += row[ok]
    is_source = np.zeros(n)
    is_source[list(sources)] = 1
    others = len(sources) - is_source
    scale = view.scale() if weighted else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.where(total > 0, reached**2 / (others * total) * scale, 0.0)
    return list(est.tolist())


def communities(view: IGraph, method: str, weighted: bool, resolution: float, seed: int) -> list[list[int]]:
    """Communities as lists of vertex indices: ``louvain`` (igraph's multilevel),
    ``leiden`` (modularity objective, iterated until stable) or ``label-propagation``."""
    import random

    g = view.graph
    if view.directed:
        g = g.as_undirected(mode="each")
    weights = list(view.strength) if weighted else None
    ig = _igraph()
    # python-igraph draws from Python's random module by default: seed it, then restore.
    state = random.getstate()
    rng = random.Random(seed)
    ig.set_random_number_generator(rng)
    try:
        if method == "louvain":
            clustering = g.community_multilevel(weights=weights, resolution=resolution)
        elif method == "leiden":
            clustering = g.community_leiden(
                objective_function="modularity",
                weights=weights,
                resolution=resolution,
                n_iterations=-1,
            )
        elif method == "label-propagation":
            clustering = g.community_label_propagation(weights=weights)
        else:  # pragma: no cover - communities checks the name first
            raise AnalysisError(f"unknown community method '{method}'")
    finally:
        ig.set_random_number_generator(random)
        random.setstate(state)
    return [list(c) for c in clustering]
