"""Network measures, communities, paths, ego networks and change over time.

Pure functions on networkx graphs: nothing here touches the database (graphs come
from :mod:`graphtool.graph`). Measures take the graph first and return a score per
node; :data:`MEASURES` backs ``graphtool centrality --measure``.

How weights are read
    An edge's ``weight`` counts the events its two actors shared: more is stronger.
    Measures that add weights (strength, eigenvector, PageRank) use it as is.
    Measures built on shortest paths (betweenness, closeness, weighted paths) need a
    length instead, and use ``1 / weight``: more shared events means closer. Lengths
    are rounded to a multiple of 2**-20 so that sums of lengths are exact and every
    engine sees the same ties between paths.

Engines
    networkx is the reference. For large graphs the same measures run on igraph
    (``engine="igraph"``, or ``"auto"`` above :data:`AUTO_EDGES` edges when igraph is
    installed); the tests check the engines agree within 1e-9.

Networks
    Measures accept a networkx graph or a :class:`Network`, which prepares a graph once
    for several measures (:func:`centralities`). A Network built from flat edge lists
    (:func:`graphtool.graph.fetch_network`) gives igraph its graph without ever
    building a networkx one.

Sampling
    Betweenness and closeness need a shortest-path search from every node. With
    ``sample=k`` they are estimated from ``k`` sources drawn with the seed (both engines
    draw the same ones); :func:`default_sample` is the policy the CLI follows.
"""

from __future__ import annotations

import difflib
import math
import random
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import networkx as nx

from . import engines
from ..errors import AnalysisError, EntityNotFound, UsageError

Node = Hashable
Scores = dict[Any, float]

#: Edge attribute holding the number of shared events.
WEIGHT = "weight"
#: Engines a measure can run on.
ENGINES = ("auto", "networkx", "igraph")
#: ``engine="auto"`` uses igraph (when installed) from this many edges up.
AUTO_EDGES = 20_000
#: Lengths (1/weight) are rounded to a multiple of this (see the module docstring).
DISTANCE_QUANTUM = 2.0**-20
#: PageRank damping factor.
PAGERANK_ALPHA = 0.85
#: Stopping tolerances for the power iterations (per node, L1), tight enough that the
#: iterative networkx PageRank agrees with igraph's exact solution within 1e-9.
PAGERANK_TOL = 1e-12
EIGENVECTOR_TOL = 1e-10
MAX_ITER = 1000

#: Above this many nodes, betweenness and closeness are estimated from a sample of
#: sources unless the caller asks otherwise (exact, both take a shortest-path search
#: from every node).
EXACT_MAX = 10_000
#: Sources sampled for estimated betweenness and closeness.
DEFAULT_SAMPLE = 1000


# -- helpers ---------------------------------------------------------------------------
def distance(weight: float) -> float:
    """The length of an edge of weight ``weight``: ``1/weight``, rounded to 2**-20.

    >>> distance(1), distance(2), distance(4)
    (1.0, 0.5, 0.25)
    >>> distance(3) == round(2**20 / 3) / 2**20
    True
    """
    if weight is None or weight <= 0:
        raise AnalysisError(f"edge weight {weight!r} cannot be read as a distance: weights must be positive")
    q = round(1.0 / float(weight) / DISTANCE_QUANTUM)
    return max(q, 1) * DISTANCE_QUANTUM


def _distance_fn(weight: str | None) -> Callable[[Any, Any, dict[str, Any]], float] | None:
    if weight is None:
        return None
    return lambda u, v, d: distance(d.get(weight, 1))


def node_key(node: Node) -> tuple[int, Any]:
    """Sort key for node ids: numbers in numeric order, then everything else as text."""
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return (0, node)
    return (1, str(node))


def _score_key(item: tuple[Node, float]) -> tuple[float, tuple[int, Any]]:
    node, score = item
    # Round so that scores equal up to float noise (or engine) rank the same.
    s = 0.0 if score is None or math.isnan(score) else round(score, 12)
    return (-s, node_key(node))


def rank(scores: Mapping[Node, float], top: int | None = None) -> list[tuple[Node, float]]:
    """Scores sorted by score (highest first), then id; the first ``top`` if given.

    >>> rank({"b": 1.0, "a": 1.0, "c": 2.0})
    [('c', 2.0), ('a', 1.0), ('b', 1.0)]
    """
    ordered = sorted(scores.items(), key=_score_key)
    return ordered if top is None else ordered[: max(top, 0)]


def simple_graph(G: nx.Graph, weight: str | None = WEIGHT) -> nx.Graph:
    """``G`` itself, or for a multigraph a simple graph whose edge weights are the sums
    of the parallel edges' weights (1 each when they have none)."""
    if not G.is_multigraph():
        return G
    return _summed(G, nx.DiGraph() if G.is_directed() else nx.Graph(), weight)


def _undirected(G: nx.Graph, weight: str | None) -> nx.Graph:
    """An undirected simple graph; reciprocal edges' weights are added."""
    G = simple_graph(G, weight)
    if not G.is_directed():
        return G
    return _summed(G, nx.Graph(), weight)


def _summed(G: nx.Graph, H: nx.Graph, weight: str | None) -> nx.Graph:
    """Fill the empty simple graph ``H`` with ``G``'s nodes and edges, adding the weights
    of edges that fall together in ``H`` (1 each when ``weight`` is None)."""
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    key = weight or WEIGHT
    for u, v, w in G.edges(data=weight or "__none__", default=1):
        w = 1 if weight is None else w
        if H.has_edge(u, v):
            H[u][v][key] += w
        else:
            H.add_edge(u, v, **{key: w})
    return H


class Network:
    """A graph prepared for measuring: hand it to several measures and each form they
    need is built once (the simple graph, the igraph graph, its edge lengths).

    ``Network(G)`` wraps a networkx graph. :meth:`from_edges` makes one from flat lists
    of vertex-index pairs and weights, as :func:`graphtool.graph.actor_edges` builds it
    straight from database rows: the igraph engine then never builds a networkx graph
    at all, and the networkx engine builds it once, when first asked.

    Every measure accepts a networkx graph or a Network and gives the same scores.

    >>> net = Network.from_edges(["a", "b", "c"], [(0, 1), (1, 2)], [2, 1])
    >>> net.number_of_nodes(), net.number_of_edges(), "a" in net
    (3, 2, True)
    >>> strength(net)
    {'a': 2.0, 'b': 3.0, 'c': 1.0}
    >>> sorted(net.to_networkx().edges(data="weight"))
    [('a', 'b', 2), ('b', 'c', 1)]
    """

    def __init__(self, G: nx.Graph) -> None:
        self._G: nx.Graph | None = G
        self._lists: _EdgeLists | None = None
        self._simple: dict[str | None, nx.Graph] = {}
        self._views: dict[str | None, engines.IGraph] = {}

    @classmethod
    def from_edges(
        cls,
        nodes: Sequence[Node],
        edges: Sequence[tuple[int, int]],
        weights: Sequence[float] | None = None,
        *,
        attrs: Mapping[Any, Mapping[str, Any]] | None = None,
        directed: bool = False,
        graph: Mapping[str, Any] | None = None,
    ) -> Network:
        """A network of ``nodes`` in which edge ``k`` joins ``nodes[edges[k][0]]`` and
        ``nodes[edges[k][1]]`` with ``weight`` ``weights[k]`` (1 when None). Pairs must
        be unique. ``attrs`` gives node attributes, ``graph`` the graph's."""
        if weights is not None and len(weights) != len(edges):
            raise ValueError("edges and weights differ in length")
        net = cls(nx.DiGraph() if directed else nx.Graph())
        net._G = None
        net._lists = _EdgeLists(
            nodes=_NodeAttrs(tuple(nodes), attrs or {}),
            edges=edges,
            weights=weights,
            directed=directed,
            graph=dict(graph or {}),
        )
        return net

    # -- what the graph looks like, without building anything ---------------------------
    @property
    def nodes(self) -> Mapping[Node, Mapping[str, Any]]:
        """Each node's attributes (``net.nodes[n]["name"]``), in node order."""
        if self._lists is not None:
            return self._lists.nodes
        return self.to_networkx().nodes  # type: ignore[no-any-return]

    @property
    def graph(self) -> Mapping[str, Any]:
        """The graph's attributes (projection and filters)."""
        return self._lists.graph if self._lists is not None else self.to_networkx().graph

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def is_directed(self) -> bool:
        return self._lists.directed if self._lists is not None else self.to_networkx().is_directed()

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        """Edges of the simple graph (parallel edges count once)."""
        if self._lists is not None:
            return len(self._lists.edges)
        return int(self.simple(WEIGHT).number_of_edges())

    # -- the forms measures use ----------------------------------------------------------
    def to_networkx(self) -> nx.Graph:
        """The networkx graph (built from the edge lists the first time)."""
        if self._G is None:
            assert self._lists is not None
            self._G = self._lists.to_networkx()
        return self._G

    def simple(self, weight: str | None) -> nx.Graph:
        """:func:`simple_graph` of the networkx graph."""
        if weight not in self._simple:
            self._simple[weight] = simple_graph(self.to_networkx(), weight)
        return self._simple[weight]

    def view(self, weight: str | None) -> engines.IGraph:
        """The igraph graph, with edge weights ``weight`` (all 1 when None). The graph
        is converted once and shared by every weighting."""
        if weight in self._views:
            return self._views[weight]
        lists = self._lists
        if weight is None and self._views:
            view = engines.unweighted(next(iter(self._views.values())))
        elif lists is not None and weight in (WEIGHT, None):
            view = engines.from_edges(
                tuple(lists.nodes),
                lists.edges,
                lists.weights if weight == WEIGHT else None,
                directed=lists.directed,
                distance=distance,
            )
        else:
            view = engines.to_igraph(self.simple(weight), weight, distance)
        self._views[weight] = view
        return view

    def engine(self, engine: str = "auto") -> str:
        """:func:`choose_engine` for this network."""
        return choose_engine(self, engine)


class _NodeAttrs(Mapping[Node, Mapping[str, Any]]):
    """Node attributes of an edge-list :class:`Network`, in node order (empty for
    nodes ``attrs`` does not name)."""

    def __init__(self, nodes: tuple[Node, ...], attrs: Mapping[Node, Mapping[str, Any]]) -> None:
        self._nodes = nodes
        self._set = set(nodes)
        self._attrs = attrs

    def __getitem__(self, node: Node) -> Mapping[str, Any]:
        if node not in self._set:
            raise KeyError(node)
        return self._attrs.get(node, {})

    def __iter__(self) -> Iterator[Node]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._set


@dataclass(frozen=True)
class _EdgeLists:
    """What :meth:`Network.from_edges` was given."""

    nodes: _NodeAttrs
    edges: Sequence[tuple[int, int]]
    weights: Sequence[float] | None
    directed: bool
    graph: dict[str, Any]

    def to_networkx(self) -> nx.Graph:
        G = nx.DiGraph() if self.directed else nx.Graph()
        G.graph.update(self.graph)
        G.add_nodes_from((n, dict(a)) for n, a in self.nodes.items())
        nodes = tuple(self.nodes)
        weights = self.weights if self.weights is not None else [1] * len(self.edges)
        G.add_edges_from((nodes[i], nodes[j], {WEIGHT: w}) for (i, j), w in zip(self.edges, weights))
        return G


#: What measures accept: a networkx graph or a :class:`Network`.
Graph: TypeAlias = "nx.Graph | Network"


def as_network(G: Graph) -> Network:
    """``G`` itself if it is a :class:`Network`, else a Network around it."""
    return G if isinstance(G, Network) else Network(G)


def choose_engine(G: Graph, engine: str = "auto") -> str:
    """``networkx`` or ``igraph`` for this graph.

    Raises:
        UsageError: ``engine`` is not one of :data:`ENGINES`.
        AnalysisError: igraph was asked for but is not installed.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}' (one of {', '.join(ENGINES)})")
    if engine == "networkx":
        return "networkx"
    if engine == "igraph":
        engines._igraph()  # raises a clear error when missing
        return "igraph"
    return "igraph" if G.number_of_edges() >= AUTO_EDGES and engines.available() else "networkx"


def _by_node(view: engines.IGraph, values: Sequence[float]) -> Scores:
    return dict(zip(view.nodes, (float(v) for v in values)))


def _sample_size(sample: int | None, n: int) -> int | None:
    """The number of sampled sources, or None for the exact measure."""
    if sample is not None and sample < 2:
        raise UsageError("--sample must be at least 2 sources")
    if sample is not None and sample >= n:
        return None
    return sample


def default_sample(n: int) -> int | None:
    """Sources to sample for betweenness and closeness on a graph of ``n`` nodes when the
    caller does not say: :data:`DEFAULT_SAMPLE` above :data:`EXACT_MAX` nodes, else
    None (exact).

    >>> default_sample(500), default_sample(50_000)
    (None, 1000)
    """
    return DEFAULT_SAMPLE if n > EXACT_MAX else None


def sampling(
    measures: Iterable[str], n: int, sample: int | None = None, seed: int = 0
) -> tuple[int | None, str | None]:
    """How many sources estimate the sampled measures among ``measures`` on a graph
    of ``n`` nodes, and words saying so (None when every measure is exact).
    ``sample`` is the caller's choice (0: exact); None follows :func:`default_sample`.

    >>> sampling(["pagerank", "closeness"], 50_000)
    (1000, 'closeness estimated from 1,000 of 50,000 sources drawn with seed 0')
    >>> sampling(["closeness"], 50_000, sample=0), sampling(["degree"], 50_000)
    ((None, None), (None, None))
    """
    sampled = [m for m in measures if m in SAMPLED_MEASURES]
    if sample is None:
        sample = default_sample(n)
    if not sampled or not sample or sample >= n:
        return None, None
    what = " and ".join(sampled)
    return sample, f"{what} estimated from {sample:,} of {n:,} sources drawn with seed {seed}"


# -- measures --------------------------------------------------------------------------
def degree(G: Graph, *, engine: str = "auto") -> Scores:
    """Number of links at each node (networkx's degree: a self-loop counts twice).

    >>> degree(nx.path_graph(3))
    {0: 1.0, 1: 2.0, 2: 1.0}
    """
    net = as_network(G)
    if net.engine(engine) == "igraph":
        view = net.view(None)
        return _by_node(view, engines.degree(view))
    return {n: float(d) for n, d in net.simple(WEIGHT).degree()}


def strength(G: Graph, weight: str | None = WEIGHT, *, engine: str = "auto") -> Scores:
    """Weighted degree: the sum of the weights of each node's links (shared events).

    >>> G = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1})])
    >>> strength(G)
    {'a': 3.0, 'b': 4.0, 'c': 1.0}
    """
    net = as_network(G)
    if net.engine(engine) == "igraph":
        view = net.view(weight)
        return _by_node(view, engines.strength(view))
    return {n: float(d) for n, d in net.simple(weight).degree(weight=weight)}


def betweenness(
    G: Graph,
    weight: str | None = WEIGHT,
    *,
    sample: int | None = None,
    seed: int = 0,
    engine: str = "auto",
) -> Scores:
    """Normalised betweenness: the share of shortest paths between other pairs that
    pass through each node. Weighted paths use lengths ``1/weight``.

    With ``sample=k`` the paths from ``k`` sources drawn with ``random.Random(seed)``
    (as ``nx.betweenness_centrality(G, k=k, seed=seed)`` draws them) estimate it;
    both engines use the same sources and give the same estimate.

    >>> betweenness(nx.path_graph(3), weight=None)
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    net = as_network(G)
    n = net.number_of_nodes()
    sample = _sample_size(sample, n)
    if net.engine(engine) == "networkx":
        return dict(
            nx.betweenness_centrality(
                net.simple(weight),
                k=sample,
                seed=seed if sample else None,
                normalized=True,
                weight=_distance_fn(weight),
            )
        )
    view = net.view(weight)
    if sample is None:
        raw = engines.betweenness(view, weight is not None)
        scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        return _by_node(view, [b * scale for b in raw])
    sources = random.Random(seed).sample(list(net), sample)
    index = {v: i for i, v in enumerate(view.nodes)}
    raw = engines.betweenness(view, weight is not None, [index[s] for s in sources])
    if n <= 2:
        return _by_node(view, raw)
    # networkx's estimator: a source cannot lie on its own paths, so it was sampled
    # among k-1 rather than k sources.
    picked = {index[s] for s in sources}
    return _by_node(
        view,
        [b / (((sample - 1) if i in picked else sample) * (n - 2)) for i, b in enumerate(raw)],
    )


def closeness(
    G: Graph,
    weight: str | None = WEIGHT,
    *,
    sample: int | None = None,
    seed: int = 0,
    engine: str = "auto",
) -> Scores:
    """Closeness: how near each node is to the nodes that can reach it (lengths
    ``1/weight``), scaled by the share of the graph it reaches (networkx's
    Wasserman-Faust correction, so nodes of small components score low):
    ``(r-1)/(n-1) * (r-1)/D`` for a node reached by ``r-1`` others at total distance D.

    With ``sample=k``, ``k`` sources drawn with ``random.Random(seed)`` estimate both
    factors: a node reached by ``R`` of the ``k'`` sampled sources other than itself,
    at total distance ``D_S``, scores ``R**2 / (k' * D_S)`` (the exact value when every
    node is a source). Both engines use the same sources and give the same estimate.

    >>> closeness(nx.path_graph(3), weight=None)
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    """
    net = as_network(G)
    sample = _sample_size(sample, net.number_of_nodes())
    sources = random.Random(seed).sample(list(net), sample) if sample else None
    if net.engine(engine) == "igraph":
        view = net.view(weight)
        if sources is None:
            return _by_node(view, engines.closeness(view, weight is not None))
        index = {v: i for i, v in enumerate(view.nodes)}
        picked = [index[s] for s in sources]
        return _by_node(view, engines.sampled_closeness(view, weight is not None, picked))
    S = net.simple(weight)
    if sources is None:
        return dict(nx.closeness_centrality(S, distance=_distance_fn(weight), wf_improved=True))
    return _sampled_closeness(S, weight, sources)


def _sampled_closeness(G: nx.Graph, weight: str | None, sources: Sequence[Node]) -> Scores:
    reached = dict.fromkeys(G, 0)
    total = dict.fromkeys(G, 0.0)
    for s in sources:
        if weight is None:
            dist: Mapping[Node, float] = nx.single_source_shortest_path_length(G, s)
        else:
            dist = nx.single_source_dijkstra_path_length(G, s, weight=_distance_fn(weight))
        for v, d in dist.items():
            if v != s:
                reached[v] += 1
                total[v] += d
    picked = set(sources)
    k = len(sources)
    return {
        v: reached[v] ** 2 / ((k - (v in picked)) * total[v]) if total[v] > 0 else 0.0 for v in G
    }


def eigenvector(
    G: Graph,
    weight: str | None = WEIGHT,
    *,
    engine: str = "auto",
    max_iter: int = MAX_ITER,
    tol: float = EIGENVECTOR_TOL,
) -> Scores:
    """Eigenvector centrality (unit length), by networkx's power iteration on A + I.

    Raises:
        AnalysisError: the iteration did not converge (suggests PageRank).

    >>> s = eigenvector(nx.star_graph(2), weight=None)
    >>> round(s[0], 6), round(s[1], 6)
    (0.707107, 0.5)
    """
    net = as_network(G)
    if net.number_of_nodes() == 0:
        return {}
    try:
        if net.engine(engine) == "igraph":
            view = net.view(weight)
            return _by_node(view, engines.eigenvector(view, weight is not None, max_iter, tol))
        return dict(nx.eigenvector_centrality(net.simple(weight), max_iter=max_iter, tol=tol, weight=weight))
    except nx.PowerIterationFailedConvergence:
        raise AnalysisError(
            f"eigenvector centrality did not converge in {max_iter} iterations on this "
            "network (common when it is disconnected or nearly bipartite). "
            "Try --measure pagerank, which always converges."
        ) from None


def pagerank(
    G: Graph,
    weight: str | None = WEIGHT,
    *,
    alpha: float = PAGERANK_ALPHA,
    engine: str = "auto",
) -> Scores:
    """PageRank (damping ``alpha``); links are followed in proportion to their weight.

    >>> s = pagerank(nx.path_graph(3), weight=None)
    >>> round(sum(s.values()), 9), s[1] > s[0]
    (1.0, True)
    """
    net = as_network(G)
    if net.number_of_nodes() == 0:
        return {}
    if net.engine(engine) == "igraph":
        view = net.view(weight)
        return _by_node(view, engines.pagerank(view, weight is not None, alpha))
    try:
        return dict(
            nx.pagerank(net.simple(weight), alpha=alpha, weight=weight, tol=PAGERANK_TOL, max_iter=MAX_ITER)
        )
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - alpha < 1 converges
        raise AnalysisError(f"PageRank did not converge in {MAX_ITER} iterations") from None


def core_number(G: Graph, *, engine: str = "auto") -> Scores:
    """k-core number: the largest k such that the node is in a subgraph where every
    node has at least k links. Self-loops are ignored.

    >>> core_number(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]))
    {1: 2.0, 2: 2.0, 3: 2.0, 4: 1.0}
    """
    net = as_network(G)
    if net.engine(engine) == "igraph":
        view = net.view(None)
        return _by_node(view, engines.core_number(view))
    S = net.simple(None)
    if nx.number_of_selfloops(S):
        S = S.copy()
        S.remove_edges_from(list(nx.selfloop_edges(S)))
    return {n: float(c) for n, c in nx.core_number(S).items()}


@dataclass(frozen=True)
class Measure:
    """A centrality measure ``graphtool centrality --measure NAME`` can compute.

    ``weights`` says how it reads edge weights: ``"ignored"``, ``"strength"`` (added:
    more shared events, more weight) or ``"distance"`` (as lengths ``1/weight``).
    """

    name: str
    summary: str
    weights: str
    func: Callable[..., Scores] = field(repr=False)
    sampled: bool = False

    def __call__(
        self,
        G: nx.Graph,
        *,
        weighted: bool = True,
        engine: str = "auto",
        sample: int | None = None,
        seed: int = 0,
    ) -> Scores:
        kwargs: dict[str, Any] = {"engine": engine}
        if self.weights != "ignored":
            kwargs["weight"] = WEIGHT if weighted else None
        if self.sampled:
            kwargs.update(sample=sample, seed=seed)
        return self.func(G, **kwargs)


#: The measures, by the name ``--measure`` takes.
MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure("degree", "number of actors linked to", "ignored", degree),
        Measure("strength", "weighted degree: shared events with others", "strength", strength),
        Measure(
            "betweenness",
            "share of shortest paths through the actor (broker)",
            "distance",
            betweenness,
            sampled=True,
        ),
        Measure(
            "closeness", "nearness to everyone reachable", "distance", closeness, sampled=True
        ),
        Measure("eigenvector", "linked to well-linked actors", "strength", eigenvector),
        Measure("pagerank", "PageRank: where a random walk along links ends up", "strength", pagerank),
        Measure("kcore", "k-core number: depth in the dense core", "ignored", core_number),
    )
}


#: Measures that ``sample`` estimates.
SAMPLED_MEASURES = tuple(name for name, m in MEASURES.items() if m.sampled)


def centrality(
    G: Graph,
    measure: str = "degree",
    *,
    weighted: bool = True,
    engine: str = "auto",
    sample: int | None = None,
    seed: int = 0,
) -> Scores:
    """Compute the measure called ``measure`` (a key of :data:`MEASURES`).

    Raises:
        UsageError: unknown measure or engine.
        AnalysisError: the measure cannot be computed on this graph.

    >>> centrality(nx.path_graph(3), "degree")
    {0: 1.0, 1: 2.0, 2: 1.0}
    """
    if measure not in MEASURES:
        raise UsageError(f"unknown measure '{measure}' (one of {', '.join(MEASURES)})")
    return MEASURES[measure](G, weighted=weighted, engine=engine, sample=sample, seed=seed)


def centralities(
    G: Graph,
    measures: Sequence[str],
    *,
    weighted: bool = True,
    engine: str = "auto",
    sample: int | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Scores]:
    """Several measures on one graph: ``{measure: {node: score}}``. The graph is
    prepared once (see :class:`Network`), so the igraph engine converts it only once.
    ``progress`` is told each measure's name before it is computed.

    >>> c = centralities(nx.path_graph(3), ["degree", "kcore"])
    >>> c["degree"][1], c["kcore"][1]
    (2.0, 1.0)
    """
    for m in measures:
        if m not in MEASURES:
            raise UsageError(f"unknown measure '{m}' (one of {', '.join(MEASURES)})")
    net = as_network(G)
    scores = {}
    for m in measures:
        if progress is not None:
            progress(m)
        scores[m] = centrality(net, m, weighted=weighted, engine=engine, sample=sample, seed=seed)
    return scores


def node_row(G: Graph, node: Node) -> dict[str, Any]:
    """The id, name and kind of a node, for output rows."""
    data = G.nodes[node]
    return {"id": node, "name": data.get("name", str(node)), "kind": data.get("kind")}


def ranking_rows(
    G: Graph, scores: Mapping[Node, float], top: int | None = None, column: str = "score"
) -> list[dict[str, Any]]:
    """Rows ``rank, id, name, kind, <column>`` for the ``top`` nodes by score."""
    return ranking_table(G, {column: scores}, top)


def ranking_table(
    G: Graph, scores: Mapping[str, Mapping[Node, float]], top: int | None = None
) -> list[dict[str, Any]]:
    """Rows ``rank, id, name, kind`` and a column per measure of ``scores`` (as
    :func:`centralities` returns them), for the ``top`` nodes by the first measure.

    >>> G = nx.path_graph(3)
    >>> ranking_table(G, centralities(G, ["degree", "kcore"]), top=1)
    [{'rank': 1, 'id': 1, 'name': '1', 'kind': None, 'degree': 2.0, 'kcore': 1.0}]
    """
    if not scores:
        return []
    first = next(iter(scores.values()))
    return [
        {"rank": i, **node_row(G, n), **{m: by_node[n] for m, by_node in scores.items()}}
        for i, (n, _) in enumerate(rank(first, top), start=1)
    ]


# -- communities -----------------------------------------------------------------------
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
    G = _undirected(as_network(G).to_networkx(), weight)
    if engine == "auto" and "networkx" not in COMMUNITY_METHODS[method]:
        engine = "igraph"
    used = choose_engine(G, engine)
    if used not in COMMUNITY_METHODS[method]:
        raise UsageError(f"{method} needs the igraph engine: use --engine igraph")
    found: list[Iterable[Node]]
    if G.number_of_nodes() == 0:
        found = []
    elif used == "igraph":
        view = engines.to_igraph(G, weight, distance)
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
    G = _undirected(G, weight)
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


# -- finding actors --------------------------------------------------------------------
def _label(G: nx.Graph, node: Node) -> str:
    name = G.nodes[node].get("name")
    return f"{name} ({node})" if name and name != node else str(node)


def find_node(G: nx.Graph, name: str, *, labels: Iterable[str] | None = None) -> Node:
    """The node whose id, name or alias is ``name`` (case-insensitive).

    ``labels`` restricts the search to nodes with those ``label`` attributes.

    Raises:
        EntityNotFound: no node or more than one matches; lists the close matches.

    >>> G = nx.Graph()
    >>> G.add_node("kg-mia", name="Ministry of Internal Affairs", aliases=["MIA"])
    >>> find_node(G, "mia"), find_node(G, "KG-MIA")
    ('kg-mia', 'kg-mia')
    """
    wanted = name.strip().casefold()
    keep = set(labels) if labels is not None else None
    by_id: list[Node] = []
    by_name: list[Node] = []
    names: dict[str, set[Node]] = {}
    for node, data in G.nodes(data=True):
        if keep is not None and data.get("label") not in keep:
            continue
        texts = [str(node)]
        if data.get("name"):
            texts.append(str(data["name"]))
        texts += [str(a) for a in data.get("aliases") or ()]
        for t in texts:
            names.setdefault(t.casefold(), set()).add(node)
        if str(node).casefold() == wanted:
            by_id.append(node)
        elif any(t.casefold() == wanted for t in texts[1:]):
            by_name.append(node)
    # An exact id wins over names and aliases: ids are unique.
    found = by_id or by_name
    if len(found) == 1:
        return found[0]
    if found:
        raise EntityNotFound(name, [_label(G, n) for n in sorted(found, key=node_key)], ambiguous=True)
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    close += [t for t in names if wanted and wanted in t and t not in close]
    nodes: list[Node] = []
    for t in close:
        for n in sorted(names[t], key=node_key):
            if n not in nodes:
                nodes.append(n)
    raise EntityNotFound(name, [_label(G, n) for n in nodes[:5]])


# -- paths and ego networks ------------------------------------------------------------
def shortest_path(G: nx.Graph, source: Node, target: Node, weight: str | None = None) -> list[Node]:
    """A shortest path from ``source`` to ``target``: fewest links, or with ``weight``
    the shortest by lengths ``1/weight`` (prefers links of many shared events).

    Among equally short paths the one with fewest links, then through the smallest
    ids, is taken.

    Raises:
        AnalysisError: no path joins them in this network.

    >>> shortest_path(nx.cycle_graph(4), 0, 2)
    [0, 1, 2]
    """
    for n in (source, target):
        if n not in G:
            raise AnalysisError(f"'{n}' is not in this network (check the filters)")
    G = simple_graph(G, weight)
    try:
        paths = nx.all_shortest_paths(G, source, target, weight=_distance_fn(weight), method="dijkstra")
        best: list[Node] | None = None
        for i, p in enumerate(paths):
            if best is None or _path_key(p) < _path_key(best):
                best = p
            if i >= 10_000:  # enough to be deterministic without enumerating millions
                break
    except nx.NetworkXNoPath:
        best = None
    if best is None:
        raise AnalysisError(
            f"no path joins {_label(G, source)} and {_label(G, target)} in this network "
            "(they are in different components; try a wider time window or fewer filters)"
        )
    return best


def _path_key(path: Sequence[Node]) -> tuple[int, list[tuple[int, Any]]]:
    return (len(path), [node_key(n) for n in path])


def path_hops(G: nx.Graph, path: Sequence[Node]) -> list[dict[str, Any]]:
    """One row per hop of ``path``: ``hop, from, to, weight, events`` where ``events``
    are the edge's event dicts (id, name, date, sources, locators ...) when it has any."""
    rows = []
    for i, (u, v) in enumerate(zip(path, path[1:]), start=1):
        data = _edge_data(G, u, v)
        rows.append(
            {
                "hop": i,
                "from": u,
                "from_name": G.nodes[u].get("name", str(u)),
                "to": v,
                "to_name": G.nodes[v].get("name", str(v)),
                "weight": data.get(WEIGHT, 1),
                "events": list(data.get("events") or []),
            }
        )
    return rows


def path_rows(hops: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per hop and event of :func:`path_hops` (one row for a hop without
    events): ``hop, from, to, weight, event, date, event_name, roles, citation,
    sources, locators``. ``roles`` lists the two ends' roles (``id: role, ...; id: ...``);
    ``citation`` pairs each source with its locator (``doc: locator; ...``).

    >>> hop = {"hop": 1, "from": "a", "to": "b", "weight": 1, "events": [{"id": "ev1",
    ...        "roles": {"a": ["host"], "c": ["guest"]}, "sources": ["doc1"], "locators": ["line 2"]}]}
    >>> row = path_rows([hop])[0]
    >>> row["event"], row["roles"], row["citation"]
    ('ev1', 'a: host', 'doc1: line 2')
    """
    rows = []
    for h in hops:
        for ev in h["events"] or [{}]:
            sources, locators = list(ev.get("sources") or []), list(ev.get("locators") or [])
            rows.append(
                {
                    "hop": h["hop"],
                    "from": h["from"],
                    "to": h["to"],
                    "weight": h["weight"],
                    "event": ev.get("id"),
                    "date": ev.get("date"),
                    "event_name": ev.get("name"),
                    "roles": "; ".join(
                        f"{n}: {', '.join(r)}"
                        for n, r in (ev.get("roles") or {}).items()
                        if n in (h["from"], h["to"])
                    ),
                    "citation": "; ".join(f"{s}: {loc}" for s, loc in zip(sources, locators)),
                    "sources": sources,
                    "locators": locators,
                }
            )
    return rows


def _edge_data(G: nx.Graph, u: Node, v: Node) -> dict[str, Any]:
    if G.is_multigraph():
        merged: dict[str, Any] = {WEIGHT: 0, "events": []}
        for d in G[u][v].values():
            merged[WEIGHT] += d.get(WEIGHT, 1)
            merged["events"] += list(d.get("events") or [])
            merged.setdefault("type", d.get("type"))
        return merged
    return dict(G[u][v])


def ego_network(G: nx.Graph, center: Node, depth: int = 1) -> nx.Graph:
    """The subgraph of nodes within ``depth`` links of ``center`` (links among them too).

    >>> sorted(ego_network(nx.path_graph(5), 0, depth=2))
    [0, 1, 2]
    """
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    if center not in G:
        raise AnalysisError(f"'{center}' is not in this network (check the filters)")
    return nx.ego_graph(G, center, radius=depth, undirected=True)


def neighbours(G: nx.Graph, center: Node, depth: int = 1) -> list[dict[str, Any]]:
    """Rows ``depth, id, name, kind, weight, via`` for each node within ``depth`` links of
    ``center``: nearest first, then by weight of the link to the centre (or the node it
    is reached through), then id. ``via`` is a neighbour on a shortest route there."""
    ego = ego_network(G, center, depth)
    U = ego.to_undirected(as_view=True) if ego.is_directed() else ego
    hops = nx.single_source_shortest_path_length(U, center)
    rows = []
    for n, d in hops.items():
        if n == center:
            continue
        if d == 1:
            via, w = center, _edge_data(U, center, n).get(WEIGHT, 1)
        else:
            prev = sorted(
                (p for p in U[n] if hops.get(p) == d - 1),
                key=lambda p: (-_edge_data(U, p, n).get(WEIGHT, 1), node_key(p)),
            )[0]
            via, w = prev, _edge_data(U, prev, n).get(WEIGHT, 1)
        rows.append({"depth": d, **node_row(G, n), "weight": w, "via": via})
    rows.sort(key=lambda r: (r["depth"], -r["weight"], node_key(r["id"])))
    return rows


# -- change over time ------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """A window of years, both ends included."""

    start: int
    end: int

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2010"`` or ``"2010-2015"``.

        >>> Period.parse("2010-2015").label, Period.parse("2019").label
        ('2010-2015', '2019')
        """
        parts = text.strip().split("-")
        try:
            years = [int(p) for p in parts]
        except ValueError:
            years = []
        if len(years) not in (1, 2) or years[0] > years[-1]:
            raise UsageError(f"'{text}' is not a year or a window of years like 2010-2015")
        return cls(years[0], years[-1])


def periods(start: int, end: int, step: int = 1) -> list[Period]:
    """Consecutive windows of ``step`` years covering ``start`` to ``end``.

    >>> [p.label for p in periods(2010, 2016, 3)]
    ['2010-2012', '2013-2015', '2016']
    """
    if step < 1:
        raise UsageError("a period must be at least one year")
    return [Period(y, min(y + step - 1, end)) for y in range(start, end + 1, step)]


def trend(graphs: Mapping[str, Graph], measure: str = "degree", **options: Any) -> dict[str, Scores]:
    """The measure on each period's graph: ``{period label: {node: score}}``.

    ``options`` are passed to :func:`centrality` (weighted, engine, sample, seed).
    """
    return {label: centrality(G, measure, **options) for label, G in graphs.items()}


def trend_rows(G: Graph, by_period: Mapping[str, Scores], top: int | None = None) -> list[dict[str, Any]]:
    """One row per node with a column per period (0 where it has no score), ranked by
    its score summed over the periods. ``G`` supplies names and kinds."""
    labels = list(by_period)
    nodes = {n for scores in by_period.values() for n in scores}
    total = {n: sum(by_period[p].get(n, 0.0) for p in labels) for n in nodes}
    rows = []
    for n, _ in rank(total, top):
        row = node_row(G, n) if n in G else {"id": n, "name": str(n), "kind": None}
        row.update({p: by_period[p].get(n, 0.0) for p in labels})
        rows.append(row)
    return rows


def compare(
    G: Graph,
    before: Mapping[Node, float],
    after: Mapping[Node, float],
    top: int | None = None,
) -> list[dict[str, Any]]:
    """Who rose and who fell between two windows: rows ``id, name, kind, before, after,
    change``, biggest rise first. With ``top`` the ``top`` biggest rises and the ``top``
    biggest falls. Nodes absent from a window count 0 there; unchanged nodes are left out.

    >>> G = nx.Graph(); G.add_nodes_from("abc")
    >>> [(r["id"], r["change"]) for r in compare(G, {"a": 1, "b": 2}, {"a": 3, "c": 1})]
    [('a', 2.0), ('c', 1.0), ('b', -2.0)]
    """
    nodes = set(before) | set(after)
    change = {n: float(after.get(n, 0.0)) - float(before.get(n, 0.0)) for n in nodes}
    change = {n: c for n, c in change.items() if round(c, 12) != 0}
    ordered = rank(change)
    if top is not None:
        rises = [x for x in ordered if x[1] > 0][:top]
        falls = [x for x in ordered if x[1] < 0][-top:] if top > 0 else []
        ordered = rises + falls
    rows = []
    for n, c in ordered:
        row = node_row(G, n) if n in G else {"id": n, "name": str(n), "kind": None}
        row.update(before=float(before.get(n, 0.0)), after=float(after.get(n, 0.0)), change=c)
        rows.append(row)
    return rows
