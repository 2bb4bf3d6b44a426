"""networkx's classic networks as graphtool data, and the comparisons the tests make on
them: reusable by any test that gets these networks into graphtool, whatever the way
(built in memory, loaded from graphtool's CSV format, from an edge list, GraphML ...).

One-mode networks (:data:`ONE_MODE`): Zachary's karate club (weighted by Zachary's
interaction counts), Padgett's Florentine families (marriages, unweighted) and
Les Misérables (weighted by co-appearances). Each edge is a direct tie (``TIED_TO``)
between two actors. Two-mode: Davis's Southern Women (:func:`davis`), women at events.

- :func:`ids` gives each node a graphtool id (``Evelyn Jefferson`` -> ``Evelyn-Jefferson``);
- :func:`tie_participation` and :func:`event_participation` build the projection's
  input rows (pure tests); :func:`write_ties` and :func:`write_events` write the same
  network in graphtool's CSV import format (end-to-end tests);
- :func:`reference_scores` is networkx's own answer for each graphtool measure;
  :func:`assert_measures_match` compares every measure, both engines, weighted and not;
- :func:`assert_two_mode_match` compares the two-mode measures with
  ``networkx.algorithms.bipartite``; :func:`projection_weights` gives networkx's
  weighted projection of a two-mode network onto one mode.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms import bipartite

from graphtool.analysis import engines, twomode
from graphtool.analysis.centrality import EIGENVECTOR_TOL, MAX_ITER, MEASURES, PAGERANK_TOL, centrality
from graphtool.analysis.network import Graph
from graphtool.projection import EventRow, Participation, TieRow

#: The one-mode reference networks, by name.
ONE_MODE: dict[str, Callable[[], nx.Graph]] = {
    "karate": nx.karate_club_graph,
    "florentine": nx.florentine_families_graph,
    "les-miserables": nx.les_miserables_graph,
}
#: The document every row of a written reference network is cited to.
SOURCE = "networkx"
#: Engines the comparisons run on (igraph when installed).
ENGINES = ("networkx", "igraph") if engines.available() else ("networkx",)
#: Measures compared exactly (within 1e-9); eigenvector and PageRank are iterative.
EXACT = ("degree", "strength", "betweenness", "closeness", "kcore")

_BAD = re.compile(r"[^A-Za-z0-9_.:\-]+")


def davis() -> nx.Graph:
    """Davis's Southern Women: 18 women (``bipartite=0``) at 14 events (``bipartite=1``)."""
    return nx.davis_southern_women_graph()


def ids(G: nx.Graph) -> dict[Hashable, str]:
    """A graphtool id for each node: its name with anything but letters, digits and
    ``_.:-`` replaced by ``-`` (distinct for the reference networks; checked)."""
    out = {n: _BAD.sub("-", str(n)).strip("-") or "node" for n in G}
    assert len({i.lower() for i in out.values()}) == len(out), "ids collide"
    return out


def weight_of(d: Mapping[str, Any]) -> float:
    """An edge's weight in a reference network (1 when it has none)."""
    return d.get("weight", 1)  # type: ignore[no-any-return]


# -- the projection's input rows (pure tests) ---------------------------------------------
def _actors(G: nx.Graph, nodes: Iterable[Hashable], mapping: Mapping[Hashable, str]) -> dict[str, dict]:
    return {
        mapping[n]: {"id": mapping[n], "name": str(n), "kind": "person", "sources": [SOURCE],
                     "locators": [f"node {n}"]}
        for n in nodes
    }


def tie_participation(G: nx.Graph, *, directed: bool = False) -> Participation:
    """``G`` as the actor network's input: every node an actor, every edge a tie of
    its weight, stored as the database stores it (an undirected tie smaller id first;
    with ``directed``, one directed tie per edge in the edge's order)."""
    mapping = ids(G)
    ties = []
    for i, (u, v, d) in enumerate(G.edges(data=True), start=1):
        a, b = mapping[u], mapping[v]
        if not directed and b < a:
            a, b = b, a
        ties.append(TieRow(a, b, weight_of(d), directed, {"sources": [SOURCE], "locators": [f"edge {i}"]}))
    return Participation(_actors(G, G, mapping), [], [], True, ties=ties)


def event_participation(B: nx.Graph) -> Participation:
    """A two-mode network as the actor projections' input: ``bipartite=0`` nodes are
    actors, ``bipartite=1`` nodes events they took part in."""
    mapping = ids(B)
    top = [n for n, m in B.nodes(data="bipartite") if m == 0]
    events = [
        EventRow(mapping[e], "meeting", None, {"id": mapping[e], "name": str(e), "kind": "meeting"},
                 tuple((mapping[a], "participant", [SOURCE], [f"{a} at {e}"]) for a in sorted(B[e])))
        for e, m in B.nodes(data="bipartite")
        if m == 1
    ]
    return Participation(_actors(B, top, mapping), events, [], True)


# -- graphtool's CSV import format (end-to-end tests) ---------------------------------------
def _write(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)


def _write_common(folder: Path, G: nx.Graph, nodes: Iterable[Hashable]) -> dict[Hashable, str]:
    folder.mkdir(parents=True, exist_ok=True)
    mapping = ids(G)
    _write(folder / "sources.csv", ["id", "title"], [[SOURCE, "networkx's reference networks"]])
    _write(folder / "actors.csv", ["id", "name", "kind", "source", "locator"],
           [[mapping[n], str(n), "person", SOURCE, f"node {n}"] for n in nodes])
    return mapping


def write_ties(folder: Path, G: nx.Graph, *, reverse: bool = False, directed: bool = False) -> Path:
    """Write ``G`` in graphtool's CSV format: an actor per node, a ``TIED_TO`` row per
    edge with its ``weight`` (each edge from its second end with ``reverse``; as a
    directed tie with ``directed``). Returns ``folder``."""
    mapping = _write_common(folder, G, G)
    rows = []
    for i, (u, v, d) in enumerate(G.edges(data=True), start=1):
        a, b = (mapping[v], mapping[u]) if reverse else (mapping[u], mapping[v])
        rows.append([a, "TIED_TO", b, weight_of(d), "true" if directed else "", SOURCE, f"edge {i}"])
    _write(folder / "relations.csv", ["from", "type", "to", "weight", "directed", "source", "locator"], rows)
    return folder


def write_events(folder: Path, B: nx.Graph) -> Path:
    """Write a two-mode network in graphtool's CSV format: ``bipartite=0`` nodes as
    actors, ``bipartite=1`` nodes as events, an edge as ``PARTICIPATED_IN``."""
    top = [n for n, m in B.nodes(data="bipartite") if m == 0]
    mapping = _write_common(folder, B, top)
    bottom = [n for n, m in B.nodes(data="bipartite") if m == 1]
    _write(folder / "events.csv", ["id", "name", "kind", "source", "locator"],
           [[mapping[e], str(e), "meeting", SOURCE, f"event {e}"] for e in bottom])
    _write(folder / "relations.csv", ["from", "type", "to", "role", "source", "locator"],
           [[mapping[a], "PARTICIPATED_IN", mapping[e], "participant", SOURCE, f"{a} at {e}"]
            for a in top for e in sorted(B[a])])
    return folder


# -- networkx's answers ------------------------------------------------------------------
def _exact_length(u: Any, v: Any, d: Mapping[str, Any]) -> Fraction:
    return 1 / Fraction(str(weight_of(d)))


def reference_scores(G: nx.Graph, measure: str, weighted: bool) -> dict[Hashable, float]:
    """networkx's own value of a graphtool measure on ``G``: betweenness and closeness
    with exact rational lengths 1/weight, eigenvector and PageRank by networkx's power
    iterations at graphtool's tolerances."""
    w = "weight" if weighted else None
    found: Mapping[Hashable, Any] = {
        "degree": lambda: dict(G.degree()),
        "strength": lambda: dict(G.degree(weight=w)),
        "betweenness": lambda: nx.betweenness_centrality(G, weight=_exact_length if weighted else None),
        "closeness": lambda: nx.closeness_centrality(G, distance=_exact_length if weighted else None),
        "eigenvector": lambda: nx.eigenvector_centrality(G, weight=w, max_iter=MAX_ITER, tol=EIGENVECTOR_TOL),
        "pagerank": lambda: nx.pagerank(G, weight=w, tol=PAGERANK_TOL, max_iter=MAX_ITER),
        "kcore": lambda: nx.core_number(G),
    }[measure]()
    return {n: float(s) for n, s in found.items()}


def assert_measures_match(
    nets: Graph | list[Graph],
    G: nx.Graph,
    *,
    measures: Iterable[str] = tuple(MEASURES),
    weighted: Iterable[bool] = (True, False),
    engine_names: Iterable[str] = ENGINES,
    tol: float = 1e-9,
) -> None:
    """Every measure of graphtool's network (or each of several networks) equals
    networkx's on ``G`` (nodes matched by :func:`ids`) within ``tol``, on each engine,
    weighted and not; and the eigenvector is networkx's exact one
    (``eigenvector_centrality_numpy``) within 1e-8."""
    mapping = ids(G)
    nets = nets if isinstance(nets, list) else [nets]
    for net in nets:
        assert set(net) == set(mapping.values())
    for measure in measures:
        for w in weighted:
            expected = {mapping[n]: s for n, s in reference_scores(G, measure, w).items()}
            if measure == "eigenvector":
                truth = nx.eigenvector_centrality_numpy(G, weight="weight" if w else None)
                exact = {mapping[n]: s for n, s in truth.items()}
            for i, net in enumerate(nets):
                for engine in engine_names:
                    got = centrality(net, measure, weighted=w, engine=engine)
                    assert got == pytest.approx(expected, abs=tol), (i, measure, w, engine)
                    if measure == "eigenvector":
                        assert got == pytest.approx(exact, abs=1e-8), (i, w, engine)


def projection_weights(B: nx.Graph, mode: int = 0) -> dict[tuple[str, str], float]:
    """networkx's weighted projection of a two-mode network onto one mode (weight: the
    number of shared neighbours), keyed by the two ids in order."""
    mapping = ids(B)
    nodes = [n for n, m in B.nodes(data="bipartite") if m == mode]
    P = bipartite.weighted_projected_graph(B, nodes)
    return {tuple(sorted((mapping[u], mapping[v]))): w for u, v, w in P.edges(data="weight")}  # type: ignore[misc]


def edge_weights(G: Graph) -> dict[tuple[str, str], float]:
    """A graphtool network's edge weights, keyed by the two ids in order."""
    H = G.to_networkx() if hasattr(G, "to_networkx") else G
    return {tuple(sorted((u, v))): w for u, v, w in H.edges(data="weight")}  # type: ignore[misc]


def assert_two_mode_match(net: Graph, B: nx.Graph, *, engine_names: Iterable[str] = ENGINES) -> None:
    """graphtool's two-mode degree, closeness and betweenness equal
    ``networkx.algorithms.bipartite``'s on ``B`` within 1e-9, on each engine."""
    mapping = ids(B)
    top = [n for n, m in B.nodes(data="bipartite") if m == 0]
    expected = {
        "degree": bipartite.degree_centrality(B, top),
        "closeness": bipartite.closeness_centrality(B, top, normalized=True),
        "betweenness": bipartite.betweenness_centrality(B, top),
    }
    for engine in engine_names:
        got = twomode.centralities(net, list(expected), engine=engine)
        for measure, scores in expected.items():
            want = {mapping[n]: s for n, s in scores.items()}
            assert got[measure] == pytest.approx(want, abs=1e-9), (measure, engine)
