"""The network type: :class:`Network`, node keys, ranking and edge lengths.

Every analysis module takes a networkx graph or a :class:`Network` (:data:`Graph`)
and this module is what they share: how node ids sort (:func:`node_key`), how scores
rank (:func:`rank`), how a weight becomes a length (:func:`distance`), the simple
graph a multigraph stands for (:func:`simple_graph`), and finding a node by id, name
or alias (:func:`find_node`). It imports no other analysis module but
:mod:`graphtool.analysis.engines` (the igraph form of a network); the projection
(:mod:`graphtool.projection`) and the pages import it for the type alone.

How weights are read
    An edge's ``weight`` says how strong it is: in the actor network, the events its
    two actors shared plus the weights of the ties stated between them. Measures that
    add weights (strength, eigenvector, PageRank) use it as is. Measures built on
    shortest paths (betweenness, closeness, weighted paths) need a length instead, and
    use ``1 / weight``: a stronger link is a shorter one.

Exact lengths
    Betweenness counts shortest paths, so two paths of equal length must compare
    equal, which sums of floats like 1/3 + 1/6 and 1/2 do not promise. Lengths are
    therefore whole numbers: each weight is read as the fraction it is written as
    (``3`` is 3/1, ``0.25`` is 1/4: a float as the shortest decimal that prints it),
    and an edge of weight p/q gets the length ``q * P / p``, where ``P`` is the least
    common multiple of the numerators ``p`` of the network's weights
    (:func:`edge_lengths`). For whole weights that is ``lcm(weights) / weight``. Sums
    of whole numbers below 2**53 are exact in a float, so networkx and igraph count
    the same ties, and the same ones an exact rational computation counts. Closeness
    divides the scale ``P`` back out, so it is in units of 1/weight. When even the
    longest possible path, ``(n - 1) * max length``, would reach 2**53 (weights with
    many different prime factors, or thirds written as 0.333...), lengths fall back to
    ``1 / weight`` rounded to a multiple of :data:`DISTANCE_QUANTUM` (:func:`distance`):
    still exact sums, equal for both engines, but ties between paths whose true
    lengths differ by less than 2**-20 may be counted as ties, and the reverse.

Networks
    A :class:`Network` prepares a graph once for several measures
    (:func:`graphtool.analysis.centrality.centralities`). A Network built from flat
    edge lists (:func:`graphtool.projection.fetch_network`) gives igraph its graph
    without ever building a networkx one.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

import networkx as nx

from ..errors import AnalysisError, EntityNotFound
from . import engines

Node = Hashable
Scores = dict[Any, float]

#: Edge attribute holding the number of shared events.
WEIGHT = "weight"
#: When exact lengths are out of reach, 1/weight is rounded to a multiple of this
#: (see the module docstring).
DISTANCE_QUANTUM = 2.0**-20
#: Whole numbers below this add up exactly in a float.
EXACT_LIMIT = 2**53


# -- helpers ---------------------------------------------------------------------------
def _check_weight(weight: Any) -> None:
    if weight is None or isinstance(weight, bool) or not weight > 0 or not math.isfinite(weight):
        raise AnalysisError(
            f"edge weight {weight!r} cannot be read as a distance: weights must be positive and finite"
        )


def distance(weight: float) -> float:
    """The fallback length of an edge of weight ``weight`` (see :func:`edge_lengths`):
    ``1/weight``, rounded to 2**-20.

    >>> distance(1), distance(2), distance(4)
    (1.0, 0.5, 0.25)
    >>> distance(3) == round(2**20 / 3) / 2**20
    True
    """
    _check_weight(weight)
    q = round(1.0 / float(weight) / DISTANCE_QUANTUM)
    return max(q, 1) * DISTANCE_QUANTUM


def _fraction(weight: Any) -> Fraction:
    """A weight as the fraction it is written as: a float as the shortest decimal
    that prints it (0.1 is 1/10, not the binary number nearest to it)."""
    _check_weight(weight)
    if isinstance(weight, int):
        return Fraction(weight)
    return Fraction(repr(float(weight)))


def edge_lengths(weights: Sequence[float], nodes: int) -> tuple[list[float], float]:
    """Lengths for shortest paths of edges with these ``weights`` in a network of
    ``nodes`` nodes, and the ``scale`` they are in: edge ``k``'s length is
    ``scale / weights[k]``, a whole number when it can be (see the module docstring).

    >>> edge_lengths([1, 2, 3], 4)
    ([6.0, 3.0, 2.0], 6.0)
    >>> edge_lengths([0.5, 1.5, 2], 3)  # 1/2, 3/2 and 2/1: P = lcm(1, 3, 2)
    ([12.0, 4.0, 3.0], 6.0)
    >>> lengths, scale = edge_lengths([1, 1 / 3], 3)
    >>> scale, lengths == [distance(1), distance(1 / 3)]
    (1.0, True)

    Raises:
        AnalysisError: a weight is not a positive finite number.
    """
    table: dict[float, Fraction] = {}
    for w in weights:
        if w not in table:
            table[w] = 1 / _fraction(w)
    longest_path = max(nodes - 1, 1)
    scale = 1
    for length in table.values():
        scale = math.lcm(scale, length.denominator)  # the numerator of the weight
        if scale >= EXACT_LIMIT:
            break
    exact = scale < EXACT_LIMIT and all(
        length * scale * longest_path < EXACT_LIMIT for length in table.values()
    )
    if not exact:
        return [distance(w) for w in weights], 1.0
    whole = {w: float(length * scale) for w, length in table.items()}
    return [whole[w] for w in weights], float(scale)


#: A networkx edge-length function: ``(u, v, edge data) -> length``.
EdgeLength: TypeAlias = Callable[[Any, Any, dict[str, Any]], float]


def path_lengths(G: nx.Graph, weight: str | None) -> tuple[EdgeLength | None, float]:
    """The networkx edge-length function of :func:`edge_lengths` for ``G``'s
    ``weight`` attribute (1 when missing) and its scale; ``(None, 1.0)`` for hops."""
    if weight is None:
        return None, 1.0
    weights = [w for _, _, w in G.edges(data=weight, default=1)]
    lengths, scale = edge_lengths(weights, G.number_of_nodes())
    table = dict(zip(weights, lengths))
    return (lambda u, v, d: table[d.get(weight, 1)]), scale


def distance_fn(weight: str | None) -> EdgeLength | None:
    """A networkx edge-length function reading ``weight`` as :func:`distance` (1/weight
    rounded to 2**-20; the measures use :func:`path_lengths`), or None for hops."""
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


def undirected(G: nx.Graph, weight: str | None) -> nx.Graph:
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
    of vertex-index pairs and weights, as :func:`graphtool.projection.actor_edges` builds it
    straight from database rows: the igraph engine then never builds a networkx graph
    at all, and the networkx engine builds it once, when first asked.

    Every measure accepts a networkx graph or a Network and gives the same scores.

    >>> net = Network.from_edges(["a", "b", "c"], [(0, 1), (1, 2)], [2, 1])
    >>> net.number_of_nodes(), net.number_of_edges(), "a" in net
    (3, 2, True)
    >>> from graphtool.analysis.centrality import strength
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
                lengths=edge_lengths,
            )
        else:
            view = engines.to_igraph(self.simple(weight), weight, edge_lengths)
        self._views[weight] = view
        return view

    def engine(self, engine: str = "auto") -> str:
        """:func:`graphtool.analysis.engines.choose_engine` for this network."""
        return engines.choose_engine(self, engine)


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


def node_row(G: Graph, node: Node) -> dict[str, Any]:
    """The id, name and kind of a node, for output rows."""
    data = G.nodes[node]
    return {"id": node, "name": data.get("name", str(node)), "kind": data.get("kind")}


# -- finding nodes ---------------------------------------------------------------------
def node_label(G: Graph, node: Node) -> str:
    """A node as messages name it: ``name (id)``, or the id when it has no other name."""
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
    >>> G.add_node("KG-MIA")
    >>> find_node(G, "KG-MIA")
    'KG-MIA'
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
    # An exact id wins over names and aliases: ids are unique. Ids equal but for case
    # (the import refuses them, an older database may hold them): the exact one wins.
    found = [n for n in by_id if str(n) == name.strip()] or by_id or by_name
    if len(found) == 1:
        return found[0]
    if found:
        raise EntityNotFound(name, [node_label(G, n) for n in sorted(found, key=node_key)], ambiguous=True)
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    close += [t for t in names if wanted and wanted in t and t not in close]
    nodes: list[Node] = []
    for t in close:
        for n in sorted(names[t], key=node_key):
            if n not in nodes:
                nodes.append(n)
    raise EntityNotFound(name, [node_label(G, n) for n in nodes[:5]])
