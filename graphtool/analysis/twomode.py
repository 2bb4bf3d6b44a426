"""Two-mode networks (actors and the events they took part in), measured mode by mode.

In a two-mode network every link joins an actor to an event, so an actor can only be
compared with other actors and an event with other events, and the largest score a
node can reach depends on the sizes of both modes. Borgatti & Everett (1997)
therefore normalise each mode by the size of the other. For a node in a mode of
``n`` nodes, the other mode having ``m`` (``N = n + m`` in all):

degree
    ``d / m``: the share of the other mode it is linked to.
closeness
    ``(m + 2(n - 1)) / D``, ``D`` the sum of its distances (in links) to the nodes it
    reaches: at best it is one link from every node of the other mode and two from
    every other node of its own. As networkx does with ``normalized=True``, this is
    multiplied by ``(r - 1) / (N - 1)``, the share of the others it reaches, so that
    nodes of small components score low.
betweenness
    ``b / b_max``, ``b`` the sum over unordered pairs of other nodes of the share of
    their shortest paths through it, and ``b_max`` the most a node of its mode can
    have: with ``s, t = divmod(n - 1, m)``,
    ``b_max = (m**2 (s + 1)**2 + m (s + 1)(2t - s - 1) - t (2s - t + 3)) / 2``.

These are the formulas of ``networkx.algorithms.bipartite`` (``degree_centrality``,
``closeness_centrality``, ``betweenness_centrality``), which the tests check the
scores against on Davis's Southern Women. Borgatti & Everett define them on links, not
weights, so these three count links (hops) whatever ``weighted`` says. The other
measures (strength, eigenvector, PageRank, k-core) are computed on the whole network
as for one mode and only reported mode by mode. A node of a mode whose other mode is
empty scores 0.

Reference: Borgatti, S. P. and Everett, M. G. (1997). Network analysis of 2-mode data.
*Social Networks* 19(3), 243-269.

The mode of a node is its ``bipartite`` attribute (0 for actors, 1 for events in the
``actor-event`` projection), as in networkx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from ..errors import AnalysisError, UsageError
from . import centrality as measures_module
from .network import Graph, Node, Scores, as_network, node_row, rank

#: Measures normalised per mode by Borgatti & Everett's formulas.
TWO_MODE_MEASURES = ("degree", "closeness", "betweenness")
#: The names of the modes of the ``actor-event`` projection, by ``bipartite``.
MODE_NAMES: dict[int, str] = {0: "actor", 1: "event"}


def modes(G: Graph) -> dict[Node, int]:
    """Each node's mode: its ``bipartite`` attribute (0 or 1).

    Raises:
        AnalysisError: a node has none, or another value.
    """
    out: dict[Node, int] = {}
    for n in G:
        mode = G.nodes[n].get("bipartite")
        if mode not in (0, 1):
            raise AnalysisError(
                f"node {n!r} has no mode: a two-mode network marks each node with bipartite=0 or 1"
            )
        out[n] = int(mode)
    return out


def _sizes(mode_of: Mapping[Node, int]) -> tuple[int, int]:
    n0 = sum(1 for m in mode_of.values() if m == 0)
    return n0, len(mode_of) - n0


def max_betweenness(n: int, m: int) -> float:
    """The largest betweenness (unordered pairs) a node of a mode of ``n`` nodes can
    have when the other mode has ``m`` (Borgatti & Everett 1997; 0 when ``m`` is 0).

    >>> max_betweenness(1, 4)  # the centre of a star lies on the 6 pairs of its leaves
    6.0
    """
    if m == 0:
        return 0.0
    s, t = divmod(n - 1, m)
    return (m**2 * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0


def degree(G: Graph, mode_of: Mapping[Node, int] | None = None, *, engine: str = "auto") -> Scores:
    """Two-mode degree: links over the size of the other mode.

    >>> G = nx.Graph([("a", "e1"), ("a", "e2"), ("b", "e1")])
    >>> nx.set_node_attributes(G, {"a": 0, "b": 0, "e1": 1, "e2": 1}, "bipartite")
    >>> sorted(degree(G).items())
    [('a', 1.0), ('b', 0.5), ('e1', 1.0), ('e2', 0.5)]
    """
    mode_of = modes(G) if mode_of is None else mode_of
    size = _sizes(mode_of)
    raw = measures_module.degree(as_network(G), engine=engine)
    return {v: _over(d, size[1 - mode_of[v]]) for v, d in raw.items()}


def closeness(
    G: Graph,
    mode_of: Mapping[Node, int] | None = None,
    *,
    engine: str = "auto",
    sample: int | None = None,
    seed: int = 0,
) -> Scores:
    """Two-mode closeness (see the module docstring), by hops.

    With ``sample``, the one-mode estimate of
    :func:`graphtool.analysis.centrality.closeness` normalised the same way.

    >>> G = nx.Graph([("a", "e1"), ("a", "e2"), ("b", "e1")])
    >>> nx.set_node_attributes(G, {"a": 0, "b": 0, "e1": 1, "e2": 1}, "bipartite")
    >>> closeness(G)["a"]  # best possible: 1 from both events, 2 from b
    1.0
    """
    net = as_network(G)
    mode_of = modes(net) if mode_of is None else mode_of
    size = _sizes(mode_of)
    one_mode = measures_module.closeness(net, None, engine=engine, sample=sample, seed=seed)
    reached = _reached(net.simple(None))
    out: Scores = {}
    for v, c in one_mode.items():
        own, other = size[mode_of[v]], size[1 - mode_of[v]]
        # one_mode is (r-1)/(N-1) * (r-1)/D; B&E's is (m + 2(n-1))/D * (r-1)/(N-1).
        out[v] = c * (other + 2 * (own - 1)) / reached[v] if reached[v] and c else 0.0
    return out


def _reached(G: nx.Graph) -> dict[Node, int]:
    """How many other nodes each node reaches (its component's size less one)."""
    out: dict[Node, int] = {}
    for component in nx.connected_components(G):
        for v in component:
            out[v] = len(component) - 1
    return out


def betweenness(
    G: Graph,
    mode_of: Mapping[Node, int] | None = None,
    *,
    engine: str = "auto",
    sample: int | None = None,
    seed: int = 0,
) -> Scores:
    """Two-mode betweenness: each unordered pair's share of shortest paths (by hops)
    through the node, over :func:`max_betweenness` for its mode.

    >>> G = nx.Graph([("a", "e1"), ("a", "e2"), ("b", "e1")])
    >>> nx.set_node_attributes(G, {"a": 0, "b": 0, "e1": 1, "e2": 1}, "bipartite")
    >>> sorted(betweenness(G).items())
    [('a', 1.0), ('b', 0.0), ('e1', 1.0), ('e2', 0.0)]
    """
    net = as_network(G)
    mode_of = modes(net) if mode_of is None else mode_of
    size = _sizes(mode_of)
    total = len(mode_of)
    one_mode = measures_module.betweenness(net, None, engine=engine, sample=sample, seed=seed)
    # One-mode betweenness is normalised by the (N-1)(N-2)/2 pairs of other nodes.
    pairs = (total - 1) * (total - 2) / 2 if total > 2 else 1.0
    bmax = {0: max_betweenness(size[0], size[1]), 1: max_betweenness(size[1], size[0])}
    return {v: _over(b * pairs, bmax[mode_of[v]]) for v, b in one_mode.items()}


def _over(value: float, limit: float) -> float:
    return float(value) / limit if limit else 0.0


_NORMALISED: dict[str, Callable[..., Scores]] = {
    "degree": degree,
    "closeness": closeness,
    "betweenness": betweenness,
}


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
    """Several measures on a two-mode network, ``{measure: {node: score}}``: degree,
    closeness and betweenness normalised per mode (by hops), the others as
    :func:`graphtool.analysis.centrality.centrality` computes them.

    Raises:
        UsageError: unknown measure.
        AnalysisError: a node has no mode.

    >>> G = nx.Graph([("a", "e1"), ("a", "e2"), ("b", "e1")])
    >>> nx.set_node_attributes(G, {"a": 0, "b": 0, "e1": 1, "e2": 1}, "bipartite")
    >>> centralities(G, ["degree", "kcore"])["degree"]["b"]
    0.5
    """
    for m in measures:
        if m not in measures_module.MEASURES:
            raise UsageError(f"unknown measure '{m}' (one of {', '.join(measures_module.MEASURES)})")
    net = as_network(G)
    mode_of = modes(net)
    scores: dict[str, Scores] = {}
    for m in measures:
        if progress is not None:
            progress(m)
        if m in _NORMALISED:
            options: dict[str, Any] = {"engine": engine}
            if m != "degree":
                options.update(sample=sample, seed=seed)
            scores[m] = _NORMALISED[m](net, mode_of, **options)
        else:
            scores[m] = measures_module.centrality(
                net, m, weighted=weighted, engine=engine, sample=sample, seed=seed
            )
    return scores


def ranking_table(
    G: Graph,
    scores: Mapping[str, Mapping[Node, float]],
    top: int | None = None,
    *,
    kinds: Iterable[str] = (),
    names: Mapping[int, str] = MODE_NAMES,
) -> list[dict[str, Any]]:
    """Rows ``mode, rank, id, name, kind`` and a column per measure, mode by mode (0
    first), ranked by the first measure within each mode; ``top`` rows of each mode.
    With ``kinds``, only nodes of those kinds are listed.

    >>> G = nx.Graph([("a", "e1"), ("a", "e2"), ("b", "e1")])
    >>> nx.set_node_attributes(G, {"a": 0, "b": 0, "e1": 1, "e2": 1}, "bipartite")
    >>> [(r["mode"], r["rank"], r["id"]) for r in ranking_table(G, centralities(G, ["degree"]), top=1)]
    [('actor', 1, 'a'), ('event', 1, 'e1')]
    """
    if not scores:
        return []
    mode_of = modes(G)
    keep = set(kinds)
    first = next(iter(scores.values()))
    rows: list[dict[str, Any]] = []
    for mode in sorted(set(mode_of.values())):
        ranked = rank(
            {
                n: s
                for n, s in first.items()
                if mode_of.get(n) == mode and (not keep or G.nodes[n].get("kind") in keep)
            },
            top,
        )
        rows += [
            {
                "mode": names.get(mode, str(mode)),
                "rank": i,
                **node_row(G, n),
                **{m: by_node[n] for m, by_node in scores.items()},
            }
            for i, (n, _) in enumerate(ranked, start=1)
        ]
    return rows
