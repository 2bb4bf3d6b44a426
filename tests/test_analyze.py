"""Pure tests of graphtool.analysis: hand-computed answers, networkx's classic graphs,
and agreement between the networkx and igraph engines. No server needed."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import networkx as nx
import pytest

from graphtool.analysis import centrality as measure_module
from graphtool.analysis import engines, network, paths, trends
from graphtool.analysis.centrality import MEASURES, centrality
from graphtool.analysis.communities import communities
from graphtool.analysis.trends import Period
from graphtool.errors import AnalysisError, EntityNotFound, UsageError

approx = pytest.approx

needs_igraph = pytest.mark.skipif(not engines.available(), reason="igraph is not installed")


def weighted_square() -> nx.Graph:
    """a-b-c strong (2 shared events each), c-d-a weak (1 each)."""
    return nx.Graph(
        [
            ("a", "b", {"weight": 2}),
            ("b", "c", {"weight": 2}),
            ("c", "d", {"weight": 1}),
            ("d", "a", {"weight": 1}),
        ]
    )


def messy_graph(directed: bool = False, seed: int = 3) -> nx.Graph:
    """A random weighted graph with two self-loops, a separate pair and isolated nodes."""
    G = nx.gnm_random_graph(60, 150, seed=seed, directed=directed)
    rng = random.Random(seed)
    for _, _, d in G.edges(data=True):
        d["weight"] = rng.randint(1, 5)
    G.add_edge(5, 5, weight=2)
    G.add_edge(7, 7, weight=3)
    G.add_edge(100, 101, weight=2)
    G.add_nodes_from([98, 99])
    return G


# -- hand-computed answers -------------------------------------------------------------
def test_degree_counts_links_and_self_loops_twice():
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "c")])
    G.add_node("z")
    assert centrality(G, "degree") == {"a": 1.0, "b": 2.0, "c": 3.0, "z": 0.0}


def test_strength_adds_weights():
    assert centrality(weighted_square(), "strength") == {"a": 3.0, "b": 4.0, "c": 3.0, "d": 2.0}
    assert centrality(weighted_square(), "strength", weighted=False) == {
        "a": 2.0,
        "b": 2.0,
        "c": 2.0,
        "d": 2.0,
    }


def test_betweenness_on_a_path():
    # P5: node 1 lies on 3 of the 6 pairs of other nodes, node 2 on 4.
    s = centrality(nx.path_graph(5), "betweenness", weighted=False)
    assert s == approx({0: 0.0, 1: 3 / 6, 2: 4 / 6, 3: 3 / 6, 4: 0.0})


def test_betweenness_reads_weights_as_distances():
    G = weighted_square()
    # Unweighted: (a,c) splits between b and d; (b,d) between a and c.
    assert centrality(G, "betweenness", weighted=False) == approx(
        {"a": 1 / 6, "b": 1 / 6, "c": 1 / 6, "d": 1 / 6}
    )
    # Weighted: a-b-c has length 1/2 + 1/2 = 1 < 2, so (a,c) goes through b only;
    # (b,d) ties at 1/2 + 1 both ways.
    assert centrality(G, "betweenness") == approx({"a": 1 / 6, "b": 1 / 3, "c": 1 / 6, "d": 0.0})


def test_closeness_on_a_path_and_a_disconnected_graph():
    assert centrality(nx.path_graph(3), "closeness", weighted=False) == approx({0: 2 / 3, 1: 1.0, 2: 2 / 3})
    G = nx.Graph([("a", "b")])
    G.add_node("z")
    # a reaches 1 of the 2 others at distance 1: (1/1) * (1/2).
    assert centrality(G, "closeness") == approx({"a": 0.5, "b": 0.5, "z": 0.0})


def test_weighted_closeness_uses_inverse_weights():
    G = nx.Graph([("a", "b", {"weight": 4}), ("b", "c", {"weight": 1})])
    # From b: 1/4 + 1 = 1.25 over 2 others.
    assert centrality(G, "closeness")["b"] == approx(2 / 1.25)


def test_eigenvector_on_a_star():
    s = centrality(nx.star_graph(3), "eigenvector", weighted=False)
    # Leading eigenvector of K1,3: centre sqrt(3) times each leaf, unit length.
    assert s[0] == approx(math.sqrt(0.5), abs=1e-8)
    assert s[1] == approx(math.sqrt(0.5 / 3), abs=1e-8)


def test_eigenvector_non_convergence_suggests_pagerank():
    G = nx.path_graph(30)
    with pytest.raises(AnalysisError, match="did not converge.*pagerank"):
        measure_module.eigenvector(G, max_iter=3)


def test_pagerank_on_a_cycle_is_uniform_and_sums_to_one():
    s = centrality(nx.cycle_graph(5), "pagerank")
    assert s == approx({i: 0.2 for i in range(5)})


def test_pagerank_follows_weights():
    G = nx.Graph([("a", "b", {"weight": 9}), ("a", "c", {"weight": 1})])
    s = centrality(G, "pagerank")
    assert s["b"] > s["c"]
    assert sum(s.values()) == approx(1.0)
    u = centrality(G, "pagerank", weighted=False)
    assert u["b"] == approx(u["c"])


def test_kcore_ignores_self_loops():
    G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 4)])
    assert centrality(G, "kcore") == {1: 2.0, 2: 2.0, 3: 2.0, 4: 1.0}


@pytest.mark.parametrize("measure", sorted(MEASURES))
def test_single_node_and_empty_graph(measure):
    G = nx.Graph()
    assert centrality(G, measure) == {}
    G.add_node("only", name="Only")
    s = centrality(G, measure)
    assert list(s) == ["only"]
    expected = {"pagerank": 1.0, "eigenvector": 1.0}.get(measure, 0.0)
    assert s["only"] == approx(expected)


def test_unknown_measure_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown measure 'fame'.*degree"):
        centrality(nx.path_graph(3), "fame")


def test_multigraph_edges_are_summed():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b")
    G.add_edge("a", "b")
    G.add_edge("b", "c", weight=3)
    assert centrality(G, "strength") == {"a": 2.0, "b": 5.0, "c": 3.0}
    assert centrality(G, "degree") == {"a": 1.0, "b": 2.0, "c": 1.0}


# -- networkx's classic graphs ---------------------------------------------------------
def test_karate_club_known_values():
    G = nx.karate_club_graph()
    deg = centrality(G, "degree")
    assert (deg[33], deg[0]) == (17.0, 16.0)
    btw = centrality(G, "betweenness", weighted=False)
    assert btw[0] == approx(0.437635, abs=1e-6)
    assert network.rank(btw, 2) == [(0, btw[0]), (33, btw[33])]
    assert centrality(G, "kcore")[0] == 4.0


@pytest.mark.parametrize("measure", sorted(MEASURES))
@pytest.mark.parametrize("weighted", [True, False])
def test_networkx_engine_is_networkx(measure, weighted):
    G = nx.karate_club_graph()
    w = "weight" if weighted else None
    expected = {
        "degree": lambda: dict(G.degree()),
        "strength": lambda: dict(G.degree(weight=w)),
        # Exact rational lengths 1/weight: the answer an exact computation gives.
        "betweenness": lambda: nx.betweenness_centrality(
            G, weight=(lambda u, v, d: Fraction(1, d["weight"])) if weighted else None
        ),
        "closeness": lambda: nx.closeness_centrality(
            G, distance=(lambda u, v, d: Fraction(1, d["weight"])) if weighted else None
        ),
        "eigenvector": lambda: nx.eigenvector_centrality(G, weight=w, tol=1e-12, max_iter=1000),
        "pagerank": lambda: nx.pagerank(G, weight=w, tol=1e-12, max_iter=1000),
        "kcore": lambda: nx.core_number(G),
    }[measure]()
    got = centrality(G, measure, weighted=weighted, engine="networkx")
    assert got == approx({n: float(v) for n, v in expected.items()}, abs=1e-9)


def test_sampled_betweenness_is_networkxs_estimator():
    G = nx.karate_club_graph()
    got = measure_module.betweenness(G, None, sample=10, seed=4, engine="networkx")
    assert got == approx(nx.betweenness_centrality(G, k=10, seed=4), abs=1e-12)
    # Sampling every node is the exact measure.
    assert measure_module.betweenness(G, None, sample=34) == approx(nx.betweenness_centrality(G))


# -- engines agree ---------------------------------------------------------------------
GRAPHS = {
    "karate": nx.karate_club_graph,
    "florentine": nx.florentine_families_graph,
    "messy": messy_graph,
    "messy-directed": lambda: messy_graph(directed=True),
    "single": lambda: nx.empty_graph(1),
    "pair": lambda: nx.Graph([("a", "b", {"weight": 2})]),
    "les-miserables": nx.les_miserables_graph,
}


@needs_igraph
@pytest.mark.parametrize("measure", sorted(MEASURES))
@pytest.mark.parametrize("graph", sorted(GRAPHS))
@pytest.mark.parametrize("weighted", [True, False])
def test_igraph_engine_equals_networkx(measure, graph, weighted):
    G = GRAPHS[graph]()
    a = centrality(G, measure, weighted=weighted, engine="networkx")
    b = centrality(G, measure, weighted=weighted, engine="igraph")
    assert set(a) == set(b)
    for n in a:
        assert b[n] == approx(a[n], abs=1e-9), (n, a[n], b[n])
    assert [n for n, _ in network.rank(a, 10)] == [n for n, _ in network.rank(b, 10)]


@needs_igraph
@pytest.mark.parametrize("measure", ["betweenness", "closeness"])
@pytest.mark.parametrize("graph", ["karate", "messy", "messy-directed", "les-miserables"])
@pytest.mark.parametrize("weighted", [True, False])
def test_sampled_measures_engines_agree(measure, graph, weighted):
    G = GRAPHS[graph]()
    a = centrality(G, measure, weighted=weighted, sample=12, seed=1, engine="networkx")
    b = centrality(G, measure, weighted=weighted, sample=12, seed=1, engine="igraph")
    assert b == approx(a, abs=1e-9)
    assert a != centrality(G, measure, weighted=weighted, engine="networkx")  # an estimate
    assert [n for n, _ in network.rank(a, 10)] == [n for n, _ in network.rank(b, 10)]


def edge_network(G: nx.Graph) -> network.Network:
    """``G`` as a Network built from flat index pairs, as the projection builds it."""
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = [(index[u], index[v], d.get("weight", 1)) for u, v, d in G.edges(data=True)]
    return network.Network.from_edges(
        nodes,
        [(i, j) for i, j, _ in pairs],
        [w for _, _, w in pairs],
        attrs={n: dict(d) for n, d in G.nodes(data=True)},
        directed=G.is_directed(),
    )


@pytest.mark.parametrize("engine", ["networkx", pytest.param("igraph", marks=needs_igraph)])
@pytest.mark.parametrize("measure", sorted(MEASURES))
@pytest.mark.parametrize("graph", ["karate", "messy", "messy-directed", "single"])
def test_network_from_edges_gives_the_graphs_scores(engine, measure, graph):
    G = GRAPHS[graph]()
    for weighted in (True, False):
        expected = centrality(G, measure, weighted=weighted, engine="networkx")
        got = centrality(edge_network(G), measure, weighted=weighted, engine=engine)
        assert got == approx(expected, abs=1e-9)
        assert list(got) == list(expected)


def test_network_to_networkx_and_node_attributes():
    G = messy_graph()
    net = edge_network(G)
    H = net.to_networkx()
    assert list(H.nodes) == list(G.nodes)
    assert sorted(H.edges(data="weight")) == sorted(G.edges(data="weight"))
    assert net.number_of_nodes() == 64 and net.number_of_edges() == G.number_of_edges()
    assert 100 in net and "zz" not in net and len(net) == 64
    assert measure_module.ranking_rows(edge_network(nx.Graph([("a", "b")])), {"a": 1.0, "b": 2.0}, 1) == [
        {"rank": 1, "id": "b", "name": "b", "kind": None, "score": 2.0}
    ]
    with pytest.raises(ValueError, match="differ in length"):
        network.Network.from_edges(["a", "b"], [(0, 1)], [1, 2])


@needs_igraph
def test_network_from_edges_never_converts_from_networkx(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("converted from networkx")

    net = edge_network(messy_graph())
    net.to_networkx()  # even once the networkx graph exists, igraph reads the lists
    monkeypatch.setattr(engines, "to_igraph", refuse)
    scores = measure_module.centralities(net, ["pagerank", "degree", "closeness"], engine="igraph")
    assert scores["degree"] == centrality(messy_graph(), "degree", engine="networkx")


@needs_igraph
def test_several_measures_convert_the_graph_to_igraph_once(monkeypatch):
    calls = []
    real = engines.to_igraph

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(engines, "to_igraph", counting)
    G = nx.les_miserables_graph()
    told = []
    measures = ["pagerank", "betweenness", "degree", "kcore"]
    scores = measure_module.centralities(G, measures, engine="igraph", progress=told.append)
    assert len(calls) == 1
    assert told == measures
    assert scores["pagerank"] == approx(centrality(G, "pagerank", engine="networkx"), abs=1e-9)
    assert scores["kcore"] == centrality(G, "kcore", engine="networkx")
    with pytest.raises(UsageError, match="unknown measure 'hubness'"):
        measure_module.centralities(G, ["degree", "hubness"])


# -- sampled closeness ---------------------------------------------------------------------
def test_sampled_closeness_by_hand():
    # Path 0-1-2-3 with sources 0 and 3. Node 1 is reached by both at distances 1 and 2:
    # 2**2 / (2 * 3). Node 0 by source 3 alone (0 is a source, so k' = 1): 1 / (1 * 3).
    got = measure_module._sampled_closeness(nx.path_graph(4), None, [0, 3])
    assert got == approx({0: 1 / 3, 1: 4 / 6, 2: 4 / 6, 3: 1 / 3})


@pytest.mark.parametrize("graph", ["karate", "messy", "messy-directed", "les-miserables"])
@pytest.mark.parametrize("weighted", [True, False])
def test_closeness_from_every_source_is_exact(graph, weighted):
    G = GRAPHS[graph]()
    w = "weight" if weighted else None
    exact = measure_module.closeness(G, w, engine="networkx")
    assert measure_module._sampled_closeness(G, w, list(G)) == approx(exact, abs=1e-12)
    # Asking for as many sources as there are nodes computes the exact measure.
    assert measure_module.closeness(G, w, sample=len(G), engine="networkx") == exact


def test_sampled_closeness_ranks_the_centre_first():
    # A star with long arms: the hub is the closest node to all, sampled or not.
    G = nx.star_graph(40)
    for leaf in range(1, 41):
        nx.add_path(G, [leaf, f"{leaf}a", f"{leaf}b"])
    est = measure_module.closeness(G, None, sample=10, seed=3)
    assert network.rank(est, 1)[0][0] == 0
    assert est[0] == approx(measure_module.closeness(G, None)[0], rel=0.05)


def test_default_sample_only_above_the_exact_limit():
    assert measure_module.default_sample(measure_module.EXACT_MAX) is None
    assert measure_module.default_sample(measure_module.EXACT_MAX + 1) == measure_module.DEFAULT_SAMPLE
    assert set(measure_module.SAMPLED_MEASURES) == {"betweenness", "closeness"}


@needs_igraph
def test_auto_engine_switches_on_size(monkeypatch):
    G = nx.path_graph(10)
    assert engines.choose_engine(G) == "networkx"
    monkeypatch.setattr(engines, "AUTO_EDGES", 5)
    assert engines.choose_engine(G) == "igraph"


def test_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown engine 'spark'"):
        centrality(nx.path_graph(3), "degree", engine="spark")


def test_missing_igraph_is_explained(monkeypatch):
    import builtins

    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "igraph":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(AnalysisError, match=r"pip install 'igraph>=0.11,<2'"):
        centrality(nx.path_graph(3), "degree", engine="igraph")
    assert engines.choose_engine(nx.path_graph(3)) == "networkx"


# -- ranking ---------------------------------------------------------------------------
def test_rank_sorts_by_score_then_id_and_cuts_top():
    scores = {"b": 1.0, "a": 1.0 + 1e-15, "c": 2.0, "d": 0.5}
    assert network.rank(scores) == [("c", 2.0), ("a", 1.0 + 1e-15), ("b", 1.0), ("d", 0.5)]
    assert [n for n, _ in network.rank(scores, 2)] == ["c", "a"]


def test_ranking_rows_carry_name_and_kind():
    G = nx.Graph()
    G.add_node("cn", name="China", kind="state")
    G.add_node("kg", name="Kyrgyzstan", kind="state")
    G.add_edge("cn", "kg", weight=1)
    rows = measure_module.ranking_rows(G, {"cn": 1.0, "kg": 1.0}, top=1)
    assert rows == [{"rank": 1, "id": "cn", "name": "China", "kind": "state", "score": 1.0}]


# -- communities -----------------------------------------------------------------------
def two_cliques() -> nx.Graph:
    G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    G.add_edge(3, 4)
    return G


@pytest.mark.parametrize(
    "method,engine",
    [
        ("louvain", "networkx"),
        ("label-propagation", "networkx"),
        pytest.param("louvain", "igraph", marks=needs_igraph),
        pytest.param("leiden", "igraph", marks=needs_igraph),
        pytest.param("label-propagation", "igraph", marks=needs_igraph),
    ],
)
def test_communities_find_two_cliques(method, engine):
    G = two_cliques()
    p = communities(G, method, weight=None, engine=engine)
    assert p.communities == ((0, 1, 2, 3), (4, 5, 6, 7))
    # Modularity of this split: 2 * (12/26 - (13/26)**2).
    assert p.modularity == approx(2 * (12 / 26 - (13 / 26) ** 2))
    assert p.membership()[5] == 2
    assert p.engine == engine


def test_louvain_on_karate_is_deterministic_and_modular():
    G = nx.karate_club_graph()
    p1 = communities(G, seed=7)
    p2 = communities(G, seed=7)
    assert p1 == p2
    assert p1.modularity > 0.4
    assert sorted(n for c in p1.communities for n in c) == list(range(34))


@needs_igraph
def test_leiden_and_louvain_reach_similar_modularity():
    G = nx.karate_club_graph()
    q_nx = communities(G, "louvain", engine="networkx").modularity
    q_ig = communities(G, "leiden", engine="igraph").modularity
    assert q_ig == approx(q_nx, abs=0.03)


def test_communities_of_edgeless_and_empty_graphs():
    G = nx.empty_graph(3)
    p = communities(G)
    assert p.communities == ((0,), (1,), (2,)) and p.modularity is None
    assert communities(nx.Graph()).communities == ()


def test_community_rows_and_errors():
    G = two_cliques()
    rows = communities(G, weight=None).rows(G)
    assert rows[0] == {"community": 1, "id": 0, "name": "0", "kind": None, "size": 4}
    with pytest.raises(UsageError, match="unknown community method"):
        communities(G, "girvan")
    with pytest.raises(UsageError, match="leiden needs the igraph engine"):
        communities(G, "leiden", engine="networkx")


# -- finding actors --------------------------------------------------------------------
def named_graph() -> nx.Graph:
    G = nx.Graph()
    G.add_node(
        "kg-mia",
        label="Actor",
        name="Ministry of Internal Affairs (Kyrgyzstan)",
        aliases=["MIA", "Kyrgyz MIA"],
    )
    G.add_node("tj-mia", label="Actor", name="Ministry of Internal Affairs (Tajikistan)", aliases=["MIA"])
    G.add_node("cn", label="Actor", name="China", aliases=["PRC"])
    G.add_node("mia", label="Event", name="An event with an awkward id")
    return G


def test_find_node_by_id_name_or_alias_case_insensitively():
    G = named_graph()
    assert network.find_node(G, "CN") == "cn"
    assert network.find_node(G, "china") == "cn"
    assert network.find_node(G, "prc") == "cn"
    assert network.find_node(G, "kyrgyz mia") == "kg-mia"
    # An exact id wins over aliases.
    assert network.find_node(G, "MIA") == "mia"


def test_find_node_ambiguous_lists_the_matches():
    G = named_graph()
    with pytest.raises(EntityNotFound) as info:
        network.find_node(G, "mia", labels=["Actor"])
    assert str(info.value) == (
        "'mia' matches more than one node: "
        "Ministry of Internal Affairs (Kyrgyzstan) (kg-mia), "
        "Ministry of Internal Affairs (Tajikistan) (tj-mia)"
    )


def test_find_node_unknown_suggests_close_matches():
    with pytest.raises(EntityNotFound, match=r"no actor or node called 'chna'\. Did you mean: China \(cn\)"):
        network.find_node(named_graph(), "chna")


# -- paths and neighbours --------------------------------------------------------------
def test_shortest_path_prefers_smallest_ids_among_ties():
    G = nx.Graph([("a", "c"), ("c", "z"), ("a", "b"), ("b", "z")])
    assert paths.shortest_path(G, "a", "z") == ["a", "b", "z"]


def test_weighted_shortest_path_prefers_many_shared_events():
    G = weighted_square()
    assert paths.shortest_path(G, "a", "c") in (["a", "b", "c"], ["a", "d", "c"])
    assert paths.shortest_path(G, "a", "c", weight="weight") == ["a", "b", "c"]


def test_no_path_is_an_analysis_error():
    G = nx.Graph([("a", "b")])
    G.add_node("z", name="Zed")
    with pytest.raises(AnalysisError, match=r"no path joins a and Zed \(z\)"):
        paths.shortest_path(G, "a", "z")


def test_path_hops_carry_the_events():
    ev = {"id": "e1", "name": "Peace Mission", "sources": ["s"], "locators": ["row 1"]}
    G = nx.Graph()
    G.add_node("a", name="A")
    G.add_node("b", name="B")
    G.add_edge("a", "b", weight=1, events=[ev])
    hops = paths.path_hops(G, ["a", "b"])
    assert hops == [
        {"hop": 1, "from": "a", "from_name": "A", "to": "b", "to_name": "B", "weight": 1, "events": [ev],
         "ties": []}
    ]


def test_neighbours_to_depth_two():
    G = nx.Graph(
        [
            ("a", "b", {"weight": 1}),
            ("a", "c", {"weight": 3}),
            ("c", "d", {"weight": 1}),
            ("d", "e", {"weight": 1}),
        ]
    )
    rows = paths.neighbours(G, "a", depth=2)
    assert [(r["depth"], r["id"], r["weight"], r["via"]) for r in rows] == [
        (1, "c", 3, "a"),
        (1, "b", 1, "a"),
        (2, "d", 1, "c"),
    ]
    assert sorted(paths.ego_network(G, "a", 1)) == ["a", "b", "c"]


# -- change over time ------------------------------------------------------------------
def test_periods_and_parsing():
    assert [p.label for p in trends.periods(2001, 2003)] == ["2001", "2002", "2003"]
    assert Period.parse(" 2005-2009 ") == Period(2005, 2009)
    with pytest.raises(UsageError, match="'2009-2005' is not a year"):
        Period.parse("2009-2005")


def test_trend_and_compare():
    G = nx.Graph()
    G.add_nodes_from(["a", "b", "c"], kind="state")
    early = nx.Graph([("a", "b")])
    late = nx.Graph([("a", "c"), ("c", "b"), ("c", "d")])
    by = trends.trend({"2001": early, "2002": late}, "degree")
    rows = trends.trend_rows(G, by)
    assert rows[0] == {"id": "c", "name": "c", "kind": "state", "2001": 0.0, "2002": 3.0}
    assert [r["id"] for r in rows] == ["c", "a", "b", "d"]
    diff = trends.compare(G, by["2001"], by["2002"])
    assert [(r["id"], r["change"]) for r in diff] == [("c", 3.0), ("d", 1.0)]
    diff = trends.compare(G, {"a": 5, "b": 1}, {"a": 1, "b": 2, "c": 4}, top=1)
    assert [(r["id"], r["before"], r["after"], r["change"]) for r in diff] == [
        ("c", 0.0, 4.0, 4.0),
        ("a", 5.0, 1.0, -4.0),
    ]
