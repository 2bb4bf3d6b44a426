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

import random
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphtool import projection as graph
from graphtool.analysis.network import Network, node_key
from graphtool.errors import EntityNotFound, UsageError
from graphtool.projection import Filters, fetch_graph
from graphtool.store.db import GraphDB
from graphtool.store.queries import get_query

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


# -- the network for measuring, against the straightforward builder -----------------------------
# graphtool builds the networks for measuring from the participations as arrays
# (graphtool.columns). Below is how it built them before, one Python object per event
# and a dict of pairs: the reference the array path must match exactly (same nodes,
# attributes, edges, weights, in the same order), under every filter.
class _ReferenceScope(graph._Scope):
    """The scope as it was: where events are held worked out from the events read."""

    def __init__(self, data: graph.Participation, filters: Filters) -> None:
        super().__init__(data, filters)
        if self.countries:
            parents = graph._parents(data.links, graph.LOCATION_TYPES)
            is_state = {a: p.get("kind") == "state" for a, p in data.actors.items()}
            self.event_countries = {
                e.id: {s for p in parents.get(e.id, ()) if (s := graph._nearest_state(p, parents, is_state))}
                for e in data.events
            }


def reference_events(db: GraphDB, filters: Filters) -> list[graph.EventRow]:
    """The events of ``graph/participation_ids``, one row each, grouped in Python."""
    params = {"start": filters.start, "end": filters.end, "eventKinds": list(filters.event_kinds),
              "datasets": list(filters.datasets), "inferred": filters.include_inferred}
    rows = db.read(get_query("graph/participation_ids"), params)
    if not rows:
        return []
    meta: dict[str, tuple[int | None, str | None]] = {}
    parts: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    r = rows[0]
    for actor, event, year, kind in zip(r["actors"], r["events"], r["years"], r["kinds"]):
        parts[event].append((actor,))
        if event not in meta:
            meta[event] = (None if year == -1 else year, kind or None)
    return [graph.EventRow(e, meta[e][1], meta[e][0], None, tuple(p)) for e, p in parts.items()]


def reference_actor_edges(data: graph.Participation, filters: Filters | None = None) -> Network:
    """The actor network's weights, event by event and pair by pair."""
    filters = filters or data.filters
    scope = _ReferenceScope(data, filters)
    present = set(scope.start_nodes())
    shared: dict[tuple[str, str], float] = defaultdict(int)
    for e in data.events:
        if not scope.event_kept(e):
            continue
        nodes = sorted(scope.participants(e))
        present.update(nodes)
        for i, u in enumerate(nodes):
            for v in nodes[i + 1 :]:
                shared[(u, v)] += 1
    for t in data.ties:
        ends = scope.tie_ends(t)
        if ends is not None:
            present.update(ends)
            shared[ends] += t.weight
    order = sorted(present, key=node_key)
    index = {n: i for i, n in enumerate(order)}
    triples = sorted((min(index[u], index[v]), max(index[u], index[v]), w) for (u, v), w in shared.items())
    attrs = {n: scope.attrs(n) for n in order}
    scope.add_members(attrs)
    return Network.from_edges(order, [(i, j) for i, j, _ in triples], [w for _, _, w in triples],
                              attrs=attrs, graph={"projection": "actors", "filters": filters.describe()})


def assert_identical(net: Network, ref: Network | nx.Graph, what: object) -> None:
    """The same nodes with the same attributes (keys in the same order), the same
    edges with the same weights (and number types), in the same order."""
    G, R = net.to_networkx(), ref.to_networkx() if isinstance(ref, Network) else ref
    assert list(net) == list(G) == list(R), what
    assert [(n, list(d.items())) for n, d in G.nodes(data=True)] == [
        (n, list(d.items())) for n, d in R.nodes(data=True)], what
    assert [(u, v, type(d["weight"]), d["weight"]) for u, v, d in G.edges(data=True)] == [
        (u, v, type(d["weight"]), d["weight"]) for u, v, d in R.edges(data=True)], what
    assert dict(net.graph) == G.graph == R.graph, what
    assert net.number_of_edges() == R.number_of_edges(), what


EXTRA_ACTORS = "id,name,kind,source,locator\nkg-guard,National Guard (Kyrgyzstan),unit,doc9,line 1\n"
EXTRA_RELATIONS = """from,type,to,role,weight,directed,since,inferred,inference,source,locator
cn-mps,TIED_TO,kg-mia,,2.5,,2003,,,doc9,line 2
kg,TIED_TO,tj,,,true,2015,,,doc9,line 3
tj,TIED_TO,kg,,3,true,,,,doc9,line 4
cn-mps,TIED_TO,cn,,,,,,,doc9,line 5
imu,TIED_TO,lone,,0.5,,2010,,,doc9,line 6
kg-guard,PART_OF,kg,,,,,,,doc9,line 7
kg-guard,PARTICIPATED_IN,ev1,participant,,,,,,doc9,line 8
cn-mps,PARTICIPATED_IN,ev1,host,,,,,,doc9,line 9
lone,PARTICIPATED_IN,ev3,observer,,,,true,from the photo,doc9,line 10
imu,PARTICIPATED_IN,ev7,participant,,,,,,doc9,line 11
"""

#: Filter sets the network for measuring must build exactly as the reference does:
#: each filter alone and together, on four datasets (the bundled one, tests/data/network,
#: tests/data/inferred, and ties with a few awkward cases).
FILTER_SETS: list[dict[str, Any]] = [
    {},
    {"kinds": ["agency"]},
    {"kinds": ["state", "person", "group"]},
    {"event_kinds": ["exercise"]},
    {"event_kinds": ["exercise", "training", "meeting"]},
    {"countries": ["Tajikistan"]},
    {"countries": ["kyrgyz republic", "cn"]},
    {"start": 2008},
    {"end": 2012},
    {"start": 2008, "end": 2014},
    {"start": 2012, "end": 2012},
    {"level": "state"},
    {"level": "state", "kinds": ["state"]},
    {"level": "state", "countries": ["Tajikistan"], "start": 2005, "end": 2015},
    {"datasets": ["network"]},
    {"datasets": ["extra"]},
    {"datasets": ["bundled", "extra"], "level": "state"},
    {"datasets": ["inferred"], "include_inferred": True},
    {"include_inferred": True},
    {"include_inferred": True, "level": "state", "event_kinds": ["exercise", "transfer"]},
    {"countries": ["China"], "kinds": ["agency", "state"], "end": 2014, "include_inferred": True},
    {"level": "state", "start": 2000, "end": 2010, "datasets": ["network", "extra"]},
]


@pytest.fixture
def many_db(db: GraphDB, tmp_path: Path) -> GraphDB:
    from graphtool.paths import bundled_import_dir
    from graphtool.store.load import load_paths

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "sources.csv").write_text("id,title\ndoc9,Ties\n", encoding="utf-8")
    (extra / "actors.csv").write_text(EXTRA_ACTORS, encoding="utf-8")
    (extra / "relations.csv").write_text(EXTRA_RELATIONS, encoding="utf-8")
    load_paths(db, [bundled_import_dir()])
    load_paths(db, [DATA / "network"], dataset="network")
    load_paths(db, [DATA / "inferred"], dataset="inferred")
    load_paths(db, [extra], dataset="extra")
    return db


def test_network_for_measures_is_the_reference_under_every_filter(many_db: GraphDB) -> None:
    seen_ties = seen_state = empty = 0
    for filters in FILTER_SETS:
        f = Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in filters.items()})
        data = graph.fetch_participation(many_db, f, details=False)
        reference = reference_actor_edges(replace(data, events=reference_events(many_db, f), columns=None))
        net = graph.fetch_network(many_db, **filters)
        empty += net.number_of_edges() == 0  # the extra dataset alone states ties of actors it does not
        assert_identical(net, reference, filters)
        assert_identical(net, fetch_graph(many_db, events=False, **filters), filters)
        assert_identical(graph.actor_edges(data), reference, filters)
        # The detailed projection weighs the same links (its edges list their events).
        assert weights(fetch_graph(many_db, **filters)) == weights(net.to_networkx()), filters
        # The events made from the columns are the events as read before.
        assert list(data.events) == reference_events(many_db, f), filters
        seen_ties += any(isinstance(w, float) for _, _, w in net.to_networkx().edges(data="weight"))
        seen_state += "members" in next(iter(net.nodes.values()))
    assert seen_ties and seen_state and empty == 1  # ties and roll-ups were among the cases


@pytest.mark.parametrize("filters", [{}, {"level": "state"}, {"countries": ["Tajikistan"]},
                                     {"kinds": ["agency", "state"], "event_kinds": ["exercise", "meeting"]},
                                     {"start": 2006, "end": 2016, "include_inferred": True}])
def test_periods_are_the_reference_networks_of_their_windows(network_db: GraphDB, tmp_path: Path,
                                                             filters: dict[str, Any]) -> None:
    from graphtool.store.load import load_paths

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "sources.csv").write_text("id,title\ndoc9,Ties\n", encoding="utf-8")
    (extra / "actors.csv").write_text(EXTRA_ACTORS, encoding="utf-8")
    (extra / "relations.csv").write_text(EXTRA_RELATIONS, encoding="utf-8")
    load_paths(network_db, [extra], dataset="extra")
    f = Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in filters.items()})
    data = graph.fetch_participation(network_db, f, details=False)
    ref_data = replace(data, events=reference_events(network_db, f), columns=None)
    assert data.year_range() == ref_data.year_range()
    for start, end in [(None, None), (2005, 2009), (2010, 2014), (2012, 2012), (None, 2008), (2014, None),
                       (2016, 2016), (2030, 2040), (f.start, f.end)]:
        net = graph.for_period(data, start, end)
        assert_identical(net, reference_actor_edges(ref_data, replace(f, start=start, end=end)), (start, end))


def random_participation(rng: random.Random) -> graph.Participation:
    """A small random network: states with agencies, offices and office-holders,
    companies, groups; events of random kinds and years (some undated, some sharing
    an id), held in places of some states; participants repeated, unknown, or rolled
    up together; ties of int and float weights, directed or not, dated or not."""
    actors: dict[str, dict[str, Any]] = {}
    links: list[tuple[str, str, str]] = []
    states = [f"s{i}" for i in range(rng.randint(1, 4))]
    for s in states:
        actors[s] = {"id": s, "name": f"State {s}", "kind": "state", "aliases": []}
    for i in range(rng.randint(2, 25)):
        a = f"a{i:02d}" if rng.random() < 0.8 else str(i)
        kind = rng.choice(["agency", "office", "person", "company", "group", "unit"])
        actors[a] = {"id": a, "name": f"Actor {i}", "kind": kind, "aliases": ["x"] if i % 3 else []}
        if kind in ("agency", "unit") and rng.random() < 0.8:
            links.append((a, "PART_OF", rng.choice(states)))
        elif kind in ("company", "person") and rng.random() < 0.6:
            links.append((a, "LOCATED_IN", rng.choice(states)))
        elif kind == "office":
            links.append((a, "PART_OF", rng.choice(list(actors))))
    for a in list(actors):
        if actors[a]["kind"] == "person" and rng.random() < 0.5:
            links.append((a, "HOLDS", rng.choice(list(actors))))
    places = [f"p{i}" for i in range(3)]
    for p in places:
        links.append((p, "LOCATED_IN", rng.choice(states)))
    names = [*actors, "ghost"]
    events = []
    for j in range(rng.randint(0, 40)):
        e = f"e{j}" if rng.random() < 0.9 else "e0"
        if rng.random() < 0.3:
            links.append((e, "HELD_IN", rng.choice(places)))
        size = rng.choice([0, 1, 2, 2, 3, 4, 5, 8, 80 if rng.random() < 0.05 else 3])
        parts = tuple((rng.choice(names),) for _ in range(size))
        year = rng.choice([None, 2000, 2001, 2002, 2003, 2004, 2005])
        events.append(graph.EventRow(e, rng.choice(["meeting", "exercise", None]), year, None, parts))
    ties = []
    for _ in range(rng.randint(0, 6)):
        a, b = sorted(rng.sample(list(actors), 2)) if len(actors) > 1 else (states[0], states[0])
        since = rng.choice([None, "2001", "2004-05"])
        props = {"since": since} if since else {}
        ties.append(graph.TieRow(a, b, rng.choice([1, 2, 0.5]), rng.random() < 0.3, props))
    return graph.Participation(actors, events, links, False, Filters(), ties)


def random_filters(rng: random.Random, data: graph.Participation) -> Filters:
    states = sorted(a for a, p in data.actors.items() if p["kind"] == "state")
    start = rng.choice([None, 2001, 2003])
    end = rng.choice([None, 2002, 2004]) if start is None or start <= 2002 else None
    return Filters(
        kinds=tuple(rng.sample(["state", "agency", "person", "company", "group"], rng.choice([0, 0, 1, 3]))),
        event_kinds=tuple(rng.sample(["meeting", "exercise"], rng.choice([0, 0, 1]))),
        countries=tuple(rng.sample(states, rng.choice([0, 0, 1, min(2, len(states))]))),
        start=start, end=end, level=rng.choice(["actor", "state"]),
    )


def test_actor_edges_is_the_reference_on_random_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    from graphtool import columns

    # Small chunks and big-event threshold, so that every branch of the pairing runs.
    monkeypatch.setattr(columns, "PAIR_CHUNK", 50)
    monkeypatch.setattr(columns, "BIG_EVENT", 4)
    rng = random.Random(15)
    for case in range(300):
        data = random_participation(rng)
        for _ in range(3):
            filters = random_filters(rng, data)
            net = graph.actor_edges(data, filters)
            assert_identical(net, reference_actor_edges(data, filters), (case, filters))


def test_shared_events_counts_each_pair_once_per_event() -> None:
    import numpy as np

    from graphtool.columns import encode, shared_events

    rng = np.random.default_rng(15)
    event = rng.integers(0, 30, 400)
    node = rng.integers(0, 25, 400)
    expected: dict[tuple[int, int], int] = defaultdict(int)
    for e in set(event.tolist()):
        at = sorted(set(node[event == e].tolist()))
        for i, u in enumerate(at):
            for v in at[i + 1 :]:
                expected[(u, v)] += 1
    u, v, count = shared_events(event, node, 25)
    found = list(zip(u.tolist(), v.tolist(), count.tolist()))
    assert found == [(a, b, n) for (a, b), n in sorted(expected.items())]
    # Ids are numbered in order of first appearance, by their hashes or (when two
    # share a hash, as -1 and -2 do in CPython) one by one.
    for values in (["e2", "e1", "e2", "e3", "e1"], [-1, -2, -1, 5], []):
        codes, distinct = encode(values)
        assert distinct == list(dict.fromkeys(values))
        assert [distinct[c] for c in codes.tolist()] == values
