"""Centrality measures, the :data:`MEASURES` registry, sampling and ranking tables.

Measures take the graph first (a networkx graph or a
:class:`~graphtool.analysis.network.Network`) and return a score per node;
:data:`MEASURES` backs ``graphtool centrality --measure``. How each one reads
weights is in :mod:`graphtool.analysis.network`.

Engines
    networkx is the reference. For large graphs the same measures run on igraph
    (``engine="igraph"``, or ``"auto"`` above
    :data:`~graphtool.analysis.engines.AUTO_EDGES` edges when igraph is installed);
    the tests check the engines agree within 1e-9.

Sampling
    Betweenness and closeness need a shortest-path search from every node. With
    ``sample=k`` they are estimated from ``k`` sources drawn with the seed (both engines
    draw the same ones); :func:`default_sample` is the policy the CLI follows and
    :func:`sampling` the note it prints.

Two-mode networks (actors and events) are measured mode by mode in
:mod:`graphtool.analysis.twomode`, which normalises degree, closeness and
betweenness by the size of the other mode.

A new measure is a function here and one :class:`Measure` line in :data:`MEASURES`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..errors import AnalysisError, UsageError
from . import engines
from .network import WEIGHT, Graph, Node, Scores, as_network, node_row, path_lengths, rank

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
    pass through each node. Weighted paths use lengths ``1/weight``, made whole
    numbers so that paths of equal length tie exactly
    (:func:`~graphtool.analysis.network.edge_lengths`).

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
        S = net.simple(weight)
        return dict(
            nx.betweenness_centrality(
                S,
                k=sample,
                seed=seed if sample else None,
                normalized=True,
                weight=path_lengths(S, weight)[0],
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
        length, scale = path_lengths(S, weight)
        found = nx.closeness_centrality(S, distance=length, wf_improved=True)
        return {n: c * scale for n, c in found.items()}
    return _sampled_closeness(S, weight, sources)


def _sampled_closeness(G: nx.Graph, weight: str | None, sources: Sequence[Node]) -> Scores:
    reached = dict.fromkeys(G, 0)
    total = dict.fromkeys(G, 0.0)
    length, scale = path_lengths(G, weight)
    for s in sources:
        if length is None:
            dist: Mapping[Node, float] = nx.single_source_shortest_path_length(G, s)
        else:
            dist = nx.single_source_dijkstra_path_length(G, s, weight=length)
        for v, d in dist.items():
            if v != s:
                reached[v] += 1
                total[v] += d
    picked = set(sources)
    k = len(sources)
    return {
        v: reached[v] ** 2 / ((k - (v in picked)) * total[v]) * scale if total[v] > 0 else 0.0 for v in G
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
        Measure("strength", "weighted degree: shared events and ties with others", "strength", strength),
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
