"""Projections from the database to networkx, against the real local graph server.

``tests/data/network`` is a small network whose answers are worked out by hand:

    ev1 2005 exercise (Bishkek)   cn-mps, kg-mia
    ev2 2008 training (Dushanbe)  cn-mps, tj-mia
    ev3 2012 meeting              cn, kg, tj
    ev4 2014 exercise             cn-mps, kg-mia, tj-mia
    ev5 2016 transfer             cn, kg
    ev6 2010 attack               imu, kg-minister
    ev7 undated meeting           cn, tj

cn-mps, kg-mia and tj-mia are PART_OF their states; kg-mia-office is PART_OF kg-mia and
kg-minister HOLDS it. lone and kg-mia-office took part in nothing.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graphtool import projection as graph
from graphtool.errors import EntityNotFound, UsageError
from graphtool.projection import Filters, fetch_graph
from graphtool.store.db import GraphDB

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.server


@pytest.fixture
def network_db(db: GraphDB) -> GraphDB:
    from graphtool.store.load import load_paths

    load_paths(db, [DATA / "network"])
    return db


def weights(G: nx.Graph) -> dict[tuple[str, str], int]:
    return {tuple(sorted((u, v))): d["weight"] for u, v, d in G.edges(data=True)}


def test_actor_network(network_db: GraphDB) -> None:
    G = fetch_graph(network_db)
    assert sorted(G) == sorted(
        ["cn", "kg", "tj", "cn-mps", "kg-mia", "tj-mia", "kg-mia-office", "kg-minister", "imu", "lone"]
    )
    assert weights(G) == {
        ("cn-mps", "kg-mia"): 2,
        ("cn-mps", "tj-mia"): 2,
        ("kg-mia", "tj-mia"): 1,
        ("cn", "kg"): 2,
        ("cn", "tj"): 2,
        ("kg", "tj"): 1,
        ("imu", "kg-minister"): 1,
    }
    assert G.graph == {"projection": "actors", "filters": {}}
    kg = G.nodes["kg-mia"]
    assert (kg["label"], kg["kind"], kg["name"]) == (
        "Actor",
        "agency",
        "Ministry of Internal Affairs (Kyrgyzstan)",
    )
    assert kg["aliases"] == ["MIA", "Kyrgyz MIA"]
    assert (kg["sources"], kg["locators"]) == (["doc1"], ["line 5"])


def test_actor_network_edges_list_their_events_with_citations(network_db: GraphDB) -> None:
    G = fetch_graph(network_db)
    events = G["cn-mps"]["kg-mia"]["events"]
    assert [e["id"] for e in events] == ["ev1", "ev4"]
    ev1 = events[0]
    assert {k: ev1[k] for k in ("name", "kind", "date", "year", "places", "sources", "locators")} == {
        "name": "Exercise 2005",
        "kind": "exercise",
        "date": "2005",
        "year": 2005,
        "places": ["bishkek"],
        "sources": ["doc1"],
        "locators": ["table 1, row 1"],
    }
    assert ev1["roles"] == {"cn-mps": ["participant"], "kg-mia": ["host"]}
    assert ev1["participants"][1] == {
        "id": "kg-mia",
        "role": "host",
        "sources": ["doc1"],
        "locators": ["table 1, row 1"],
    }
    # One dict per event, shared by the edges it makes.
    assert G["cn-mps"]["tj-mia"]["events"][1] is G["kg-mia"]["tj-mia"]["events"][0]
    light = fetch_graph(network_db, events=False)
    assert "events" not in light["cn-mps"]["kg-mia"]
    assert weights(light) == weights(G)


def test_roll_up_to_states(network_db: GraphDB) -> None:
    G = fetch_graph(network_db, level="state")
    assert sorted(G) == ["cn", "imu", "kg", "lone", "tj"]
    assert weights(G) == {("cn", "kg"): 4, ("cn", "tj"): 4, ("kg", "tj"): 2, ("imu", "kg"): 1}
    # The minister reaches Kyrgyzstan through the office he holds and the ministry.
    assert G.nodes["kg"]["members"] == ["kg-mia", "kg-mia-office", "kg-minister"]
    assert [e["id"] for e in G["cn"]["kg"]["events"]] == ["ev1", "ev3", "ev4", "ev5"]
    states = fetch_graph(network_db, level="state", kinds=["state"])
    assert sorted(states) == ["cn", "kg", "tj"]


def test_time_window_by_event_year(network_db: GraphDB) -> None:
    G = fetch_graph(network_db, start=2010, end=2015)
    # ev3 (2012), ev4 (2014) and ev6 (2010); the undated ev7 drops out.
    assert weights(G) == {
        ("cn", "kg"): 1,
        ("cn", "tj"): 1,
        ("kg", "tj"): 1,
        ("cn-mps", "kg-mia"): 1,
        ("cn-mps", "tj-mia"): 1,
        ("kg-mia", "tj-mia"): 1,
        ("imu", "kg-minister"): 1,
    }
    assert G.graph["filters"] == {"start": 2010, "end": 2015}
    assert len(G) == 10  # actors outside the window stay, unlinked


def test_event_and_actor_kinds(network_db: GraphDB) -> None:
    G = fetch_graph(network_db, event_kinds=["exercise"])
    assert weights(G) == {("cn-mps", "kg-mia"): 2, ("cn-mps", "tj-mia"): 1, ("kg-mia", "tj-mia"): 1}
    G = fetch_graph(network_db, kinds=["agency"])
    assert sorted(G) == ["cn-mps", "kg-mia", "tj-mia"]
    with pytest.raises(UsageError, match="unknown actor kind 'agencies'.*Did you mean 'agency'"):
        fetch_graph(network_db, kinds=["agencies"])


def test_country_keeps_its_events_and_partners(network_db: GraphDB) -> None:
    G = fetch_graph(network_db, countries=["Tajikistan"])
    # ev2 (held in Dushanbe, tj-mia), ev3, ev4, ev7: Tajik actors and their partners.
    assert sorted(G) == ["cn", "cn-mps", "kg", "kg-mia", "tj", "tj-mia"]
    assert weights(G) == {
        ("cn-mps", "tj-mia"): 2,
        ("cn-mps", "kg-mia"): 1,
        ("kg-mia", "tj-mia"): 1,
        ("cn", "tj"): 2,
        ("cn", "kg"): 1,
        ("kg", "tj"): 1,
    }
    by_place = fetch_graph(network_db, countries=["kyrgyz republic"], event_kinds=["exercise"])
    assert weights(by_place) == {
        ("cn-mps", "kg-mia"): 2,
        ("cn-mps", "tj-mia"): 1,
        ("kg-mia", "tj-mia"): 1,
    }
    with pytest.raises(EntityNotFound, match="no actor or node called 'Tajikstan'. Did you mean: Tajikistan"):
        fetch_graph(network_db, countries=["Tajikstan"])


def test_actor_event_network(network_db: GraphDB) -> None:
    B = fetch_graph(network_db, "actor-event")
    events = sorted(n for n, d in B.nodes(data=True) if d["bipartite"] == 1)
    assert events == ["ev1", "ev2", "ev3", "ev4", "ev5", "ev6", "ev7"]
    assert B.nodes["ev2"]["label"] == "Event" and B.nodes["ev2"]["date"] == "2008-06"
    assert B["kg-mia"]["ev1"] == {
        "weight": 1,
        "roles": ["host"],
        "sources": ["doc1"],
        "locators": ["table 1, row 1"],
    }
    assert B.number_of_edges() == 16
    # Projecting it onto actors gives the actor network's links.
    actors = [n for n, d in B.nodes(data=True) if d["bipartite"] == 0]
    P = nx.bipartite.weighted_projected_graph(B, actors)
    assert weights(P) == weights(fetch_graph(network_db, events=False))
    S = fetch_graph(network_db, "actor-event", level="state")
    assert S["kg"]["ev4"]["weight"] == 1 and S["kg"]["ev1"]["roles"] == ["host"]


def test_membership_network(network_db: GraphDB) -> None:
    M = fetch_graph(network_db, "membership")
    assert weights(M) == {("cn", "sco"): 1, ("kg", "sco"): 1, ("sco", "tj"): 1}
    tj = M["tj"]["sco"]
    assert (tj["role"], tj["since"]) == ("founding member", "1996")
    assert [m["since"] for m in tj["memberships"]] == ["1996", "2001"]
    assert M.nodes["sco"]["label"] == "Organisation"
    early = fetch_graph(network_db, "membership", end=2000)
    assert list(weights(early)) == [("sco", "tj")]


def test_raw_graph(network_db: GraphDB) -> None:
    R = fetch_graph(network_db, "raw")
    assert isinstance(R, nx.MultiDiGraph)
    assert "doc1" not in R
    assert R.number_of_edges() == 16 + 5 + 1 + 2 + 2 + 4 + 0
    edge = R.edges["kg-minister", "kg-mia-office", "kg-minister|HOLDS|kg-mia-office||"]
    assert edge["type"] == "HOLDS" and edge["locators"] == ["line 8"]
    windowed = fetch_graph(network_db, "raw", start=2012, end=2012)
    assert sorted(n for n, d in windowed.nodes(data=True) if d["label"] == "Event") == ["ev3"]
    with pytest.raises(UsageError, match="--level applies to"):
        fetch_graph(network_db, "raw", level="state")


def test_unknown_projection_and_bad_window() -> None:
    with pytest.raises(UsageError, match="unknown projection 'people'"):
        fetch_graph(None, "people")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match=r"starts \(2015\) after it ends \(2010\)"):
        Filters(start=2015, end=2010)


def test_empty_database_gives_an_empty_graph(db: GraphDB) -> None:
    G = fetch_graph(db)
    assert G.number_of_nodes() == 0


def test_one_read_per_statement(network_db: GraphDB, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    network_db.tracer = lambda text, params: seen.append(text)
    try:
        fetch_graph(network_db, events=False)  # actors, participations, hierarchy, ties
        assert len(seen) == 4
        seen.clear()
        fetch_graph(network_db)  # event ids, then their details in chunks
        assert len(seen) == 5
        seen.clear()
        monkeypatch.setattr(graph, "DETAIL_CHUNK", 2)
        chunked = fetch_graph(network_db)
        assert len(seen) == 4 + 4  # 7 events in chunks of 2
    finally:
        network_db.tracer = None
    assert weights(chunked) == weights(fetch_graph(network_db))


def test_periods_from_one_read(network_db: GraphDB) -> None:
    data = graph.fetch_participation(network_db, details=False)
    early = graph.for_period(data, 2005, 2009).to_networkx()
    assert weights(early) == {("cn-mps", "kg-mia"): 1, ("cn-mps", "tj-mia"): 1}
    late = graph.for_period(data, 2015, 2020).to_networkx()
    assert weights(late) == {("cn", "kg"): 1}


def test_projection_is_deterministic(network_db: GraphDB) -> None:
    a = fetch_graph(network_db, level="state")
    b = fetch_graph(network_db, level="state")
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"level": "state"},
        {"start": 2008, "end": 2014},
        {"countries": ["Tajikistan"], "event_kinds": ["exercise", "training"]},
        {"kinds": ["agency"]},
    ],
    ids=["all", "state", "window", "country-kinds", "agency"],
)
def test_network_for_measures_is_the_weights_only_graph(network_db: GraphDB, filters) -> None:
    net = graph.fetch_network(network_db, **filters)
    G = fetch_graph(network_db, events=False, **filters)
    assert net.number_of_nodes() == G.number_of_nodes() > 0
    assert net.number_of_edges() == G.number_of_edges()
    assert list(net) == list(G)
    assert {n: dict(net.nodes[n]) for n in net} == dict(G.nodes(data=True))
    assert dict(net.graph) == G.graph
    H = net.to_networkx()
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert weights(H) == weights(G)


def test_network_of_other_projections_wraps_their_graph(network_db: GraphDB) -> None:
    net = graph.fetch_network(network_db, "actor-event")
    G = fetch_graph(network_db, "actor-event")
    assert list(net) == list(G)
    assert net.number_of_edges() == G.number_of_edges() == 16  # one per participation


def test_raw_graph_for_a_country(network_db: GraphDB) -> None:
    R = fetch_graph(network_db, "raw", countries=["Tajikistan"])
    labels = {n: d["label"] for n, d in R.nodes(data=True)}
    # Events as in the actor network: ev2 (in Dushanbe, tj-mia), ev3, ev4, ev7.
    assert sorted(n for n, label in labels.items() if label == "Event") == ["ev2", "ev3", "ev4", "ev7"]
    # Tajik actors and their partners in those events; not imu, lone or the Kyrgyz office.
    assert sorted(n for n, label in labels.items() if label == "Actor") == [
        "cn", "cn-mps", "kg", "kg-mia", "tj", "tj-mia",
    ]
    # Places and organisations linked to what is kept.
    assert sorted(n for n, label in labels.items() if label not in ("Actor", "Event")) == [
        "bishkek", "dushanbe", "sco",
    ]
    assert R.has_edge("ev2", "dushanbe") and R.has_edge("tj", "sco") and not R.has_node("ev1")
    with pytest.raises(EntityNotFound, match="Tajikstan"):
        fetch_graph(network_db, "raw", countries=["Tajikstan"])


@pytest.fixture
def inferred_db(db: GraphDB) -> GraphDB:
    """tests/data/inferred: China in exercise e1, Kyrgyzstan only inferred (from the row
    above); in transfer e2 a Chinese company (LOCATED_IN China), Kyrgyzstan's president
    (HOLDS an office PART_OF Kyrgyzstan) and an activist who holds no office (LOCATED_IN
    Kyrgyzstan); China an observer of o1 until 2005, a member since 2006."""
    from graphtool.store.load import load_paths

    load_paths(db, [DATA / "inferred"])
    return db


def test_inferred_participations_are_left_out_unless_asked(inferred_db: GraphDB) -> None:
    assert ("cn", "kg") not in weights(fetch_graph(inferred_db, level="state", event_kinds=["exercise"]))
    G = fetch_graph(inferred_db, level="state", event_kinds=["exercise"], include_inferred=True)
    assert weights(G) == {("cn", "kg"): 1}
    assert G.graph["filters"] == {"event_kinds": ["exercise"], "level": "state", "include_inferred": True}
    two_mode = fetch_graph(inferred_db, "actor-event")
    assert set(two_mode["e1"]) == {"cn"}
    assert set(fetch_graph(inferred_db, "actor-event", include_inferred=True)["e1"]) == {"cn", "kg"}
    raw = fetch_graph(inferred_db, "raw")
    assert not raw.has_edge("kg", "e1") and not raw.has_edge("kg-president", "o1")
    raw = fetch_graph(inferred_db, "raw", include_inferred=True)
    (edge,) = raw.get_edge_data("kg", "e1").values()
    assert (edge["inferred"], edge["inference"]) == (True, "participants cell blank: the states of row 1")
    for filters in ({}, {"include_inferred": True}):
        net = graph.fetch_network(inferred_db, level="state", **filters)
        assert weights(net.to_networkx()) == weights(fetch_graph(inferred_db, level="state", **filters))


def test_state_roll_up_of_companies_and_persons(inferred_db: GraphDB) -> None:
    """A company counts for the state it is based in, an office-holder for the office's
    state; a person who holds no office stays themself (LOCATED_IN does not make a
    person part of a state)."""
    G = fetch_graph(inferred_db, level="state", event_kinds=["transfer"])
    assert weights(G) == {("activist", "cn"): 1, ("activist", "kg"): 1, ("cn", "kg"): 1}
    assert G.nodes["cn"]["members"] == ["cn-co"]
    assert G.nodes["kg"]["members"] == ["kg-office-president", "kg-president"]
    states = fetch_graph(inferred_db, level="state", kinds=["state"], event_kinds=["transfer"])
    assert weights(states) == {("cn", "kg"): 1}
    assert graph.states_of(graph.fetch_participation(inferred_db)) == {
        "cn": "cn", "kg": "kg", "cn-co": "cn", "kg-office-president": "kg", "kg-president": "kg"}


def test_memberships_end_with_until(inferred_db: GraphDB) -> None:
    M = fetch_graph(inferred_db, "membership")
    facts = sorted((m["role"], m["since"], m["until"]) for m in M.edges["cn", "o1"]["memberships"])
    assert facts == [("member", "2006", None), ("observer", None, "2005")]
    assert not M.has_edge("kg-president", "o1")  # inferred
    assert fetch_graph(inferred_db, "membership", include_inferred=True).has_edge("kg-president", "o1")
    later = fetch_graph(inferred_db, "membership", start=2007)
    assert [m["role"] for m in later.edges["cn", "o1"]["memberships"]] == ["member"]
    early = fetch_graph(inferred_db, "membership", end=2004)
    assert [m["role"] for m in early.edges["cn", "o1"]["memberships"]] == ["observer"]
