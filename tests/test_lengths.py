"""Exact weighted distances: lengths 1/weight as whole numbers, so that paths of equal
length tie exactly on both engines (pure, no server)."""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import pytest

from graphtool.analysis import engines, network
from graphtool.analysis.centrality import centrality
from graphtool.analysis.network import DISTANCE_QUANTUM, Network, edge_lengths, path_lengths
from graphtool.analysis.paths import shortest_path
from graphtool.errors import AnalysisError

ENGINES = ["networkx", pytest.param("igraph", marks=pytest.mark.skipif(
    not engines.available(), reason="igraph is not installed"))]


def exact(G: nx.Graph, measure: str) -> dict:
    """networkx's measure with rational lengths 1/weight: no rounding anywhere."""
    length = lambda u, v, d: 1 / Fraction(str(d["weight"]))  # noqa: E731
    if measure == "betweenness":
        return nx.betweenness_centrality(G, weight=length)
    return {n: float(c) for n, c in nx.closeness_centrality(G, distance=length).items()}


def thirds() -> nx.Graph:
    """Three routes from s to t of length exactly 1/2: s-a-t (1/3 + 1/6), s-b-t
    (1/4 + 1/4) and s-c-d-t (1/10 + 1/5 + 1/5, which in floats added from s is
    0.5000000000000001)."""
    return nx.Graph(
        [
            ("s", "a", {"weight": 3}), ("a", "t", {"weight": 6}),
            ("s", "b", {"weight": 4}), ("b", "t", {"weight": 4}),
            ("s", "c", {"weight": 10}), ("c", "d", {"weight": 5}), ("d", "t", {"weight": 5}),
        ]
    )


def test_whole_weights_give_lcm_over_weight() -> None:
    assert edge_lengths([1, 2, 3, 4, 6], 5) == ([12.0, 6.0, 4.0, 3.0, 2.0], 12.0)
    assert edge_lengths([2.0, 4], 3) == ([2.0, 1.0], 4.0)  # a float that is whole is whole


def test_fractional_weights_are_read_as_the_decimals_they_are_written_as() -> None:
    # 0.1 is 1/10, 0.25 is 1/4 and 2.5 is 5/2: lengths 10, 4 and 2/5, times P = 5.
    assert edge_lengths([0.1, 0.25, 2.5], 4) == ([50.0, 20.0, 2.0], 5.0)


def test_lengths_too_large_for_exact_sums_fall_back_to_the_quantum() -> None:
    weights = [1 / 3, 1.0]  # 0.3333333333333333: a numerator of 3333333333333333
    lengths, scale = edge_lengths(weights, 10)
    assert scale == 1.0 and lengths == [network.distance(w) for w in weights]
    assert lengths[1] == 1.0 and lengths[0] % DISTANCE_QUANTUM == 0
    # Many primes: lcm(primes below 60) * 9 nodes passes 2**53.
    primes = [p for p in range(2, 60) if all(p % q for q in range(2, p))]
    assert edge_lengths(primes, 10)[1] == 1.0
    assert edge_lengths(primes[:10], 10)[1] == 6469693230.0


@pytest.mark.parametrize("bad", [0, -1, float("inf"), float("nan"), None])
def test_weights_that_are_no_length_are_an_analysis_error(bad: object) -> None:
    with pytest.raises(AnalysisError) as info:
        edge_lengths([1, bad], 3)  # type: ignore[list-item]
    assert str(info.value) == (
        f"edge weight {bad!r} cannot be read as a distance: weights must be positive and finite"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_equal_routes_tie_exactly(engine: str) -> None:
    G = thirds()
    got = centrality(G, "betweenness", engine=engine)
    assert got == pytest.approx(exact(G, "betweenness"), abs=1e-12)
    # a and b lie on one pair's paths only, (s, t), and on one of its three routes:
    # 1/3 of a pair, normalised by the (6 - 1)(6 - 2) / 2 = 10 pairs of other nodes.
    assert got["a"] == got["b"] == pytest.approx(1 / 30, abs=1e-15)
    close = centrality(G, "closeness", engine=engine)
    assert close == pytest.approx(exact(G, "closeness"), abs=1e-12)


@pytest.mark.parametrize("engine", ENGINES)
def test_les_miserables_courfeyrac_is_exact(engine: str) -> None:
    G = nx.les_miserables_graph()
    got = centrality(G, "betweenness", engine=engine)
    assert round(got["Courfeyrac"], 6) == 0.176667  # 0.176491 with lengths rounded to 2**-20
    assert got == pytest.approx(exact(G, "betweenness"), abs=1e-12)
    assert centrality(G, "closeness", engine=engine) == pytest.approx(exact(G, "closeness"), abs=1e-12)


def test_fractional_weights_measure_exactly_on_both_engines() -> None:
    G = thirds()
    for _, _, d in G.edges(data=True):
        d["weight"] = d["weight"] / 4  # 0.75, 1.5, 1.0, 2.5, 1.25
    a = centrality(G, "betweenness", engine="networkx")
    assert a == pytest.approx(exact(G, "betweenness"), abs=1e-12)
    assert centrality(G, "closeness", engine="networkx") == pytest.approx(exact(G, "closeness"), abs=1e-12)
    if engines.available():
        assert centrality(G, "betweenness", engine="igraph") == pytest.approx(a, abs=1e-12)
        net = Network(G)
        assert net.view("weight").scale() == path_lengths(G, "weight")[1] == 15.0


def test_weighted_shortest_path_sees_the_tie_and_takes_the_smallest_ids() -> None:
    G = thirds()
    # Three routes of length 1/2: fewest links first, then the smallest ids.
    assert shortest_path(G, "s", "t", weight="weight") == ["s", "a", "t"]
