"""export: GraphML, GEXF, JSON and CSV keep the same attributes and citations (pure),
and the export command against the test server."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import test_render
from test_render import actor_graph, parallel_raw_graph, raw_graph, reversed_copy

from graphtool.errors import OutputFailed, UsageError
from graphtool.visual.export import (
    csv_events_path,
    csv_paths,
    export_graph,
    flatten_graph,
    split_events,
    to_csv,
    to_csv_events,
    to_gexf,
    to_graphml,
    to_json,
)

# The render command fixtures, shared.
run_visual = test_render.run_visual
network_db = test_render.network_db


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_graphml_round_trip_keeps_attributes_and_citations() -> None:
    g = actor_graph()
    back = nx.read_graphml(io.BytesIO(to_graphml(g).encode()))
    assert set(back) == set(g) and back.number_of_edges() == g.number_of_edges()
    kg = back.nodes["kg-mia"]
    assert kg["label"] == "Actor" and kg["kind"] == "agency"
    assert kg["name"] == "Ministry of Internal Affairs (Kyrgyzstan)"
    assert kg["aliases"] == "MIA;Kyrgyz MIA"
    assert kg["sources"] == "fpri-2022" and kg["locators"] == "appendix 5, Kyrgyzstan, row 5"
    assert kg["pagerank"] == pytest.approx(0.2)
    assert back.nodes["odd"]["name"] == '</script><b>Odd</b> & "quoted"'
    edge = back.edges["cn-mps", "kg-mia"]
    assert (edge["weight"], edge["eventCount"], edge["events"]) == (2, 2, "a5-kg-2003;a2-2018")
    # The events' details, once in the file: the graph's events attribute.
    events = json.loads(back.graph["events"])
    assert sorted(events) == ["a2-2018", "a5-kg-2003"]
    assert events["a5-kg-2003"]["locators"] == ["appendix 5, Kyrgyzstan, row 17"]
    assert events["a5-kg-2003"]["roles"] == {"cn-mps": ["trainer"], "kg-mia": ["trainee"]}
    assert back.graph["projection"] == "actors"


def test_graphml_multigraph_keeps_every_relationship() -> None:
    g = raw_graph()
    back = nx.read_graphml(io.BytesIO(to_graphml(g).encode()), force_multigraph=True)
    assert back.is_directed() and back.number_of_edges() == 5
    members = [d for _, _, d in back.edges(data=True) if d["type"] == "MEMBER_OF"]
    assert sorted((d["role"], d["since"], d["sources"]) for d in members) == [
        ("founding member", "2001", "d1"),
        ("member", "2002", "d2"),
    ]
    assert back.nodes["ev1"]["year"] == 2005 and back.nodes["ev1"]["size"] == 3000


def test_gexf_for_gephi_names_nodes_by_name_and_keeps_label_and_type() -> None:
    g = raw_graph()
    text = to_gexf(g)
    assert 'xmlns="http://www.gexf.net/1.2draft"' in text
    back = nx.read_gexf(io.BytesIO(text.encode()))
    kg = back.nodes["kg"]
    assert kg["label"] == "Kyrgyzstan" and kg["nodeLabel"] == "Actor" and kg["kind"] == "state"
    assert kg["sources"] == "d1" and kg["locators"] == "l1"
    types = sorted(d["relType"] for _, _, d in back.edges(data=True))
    assert types == ["CONCERNS", "HELD_IN", "MEMBER_OF", "MEMBER_OF", "PARTICIPATED_IN"]
    edge = nx.read_gexf(io.BytesIO(to_gexf(actor_graph()).encode())).edges["cn-mps", "kg-mia"]
    assert (edge["events"], edge["eventCount"]) == ("a5-kg-2003;a2-2018", 2)


def test_json_is_node_link_with_everything_as_it_is() -> None:
    g = actor_graph()
    data = json.loads(to_json(g))
    back = nx.node_link_graph(data, edges="edges")
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    for u, v, d in g.edges(data=True):
        ids = [e["id"] for e in d.get("events", [])]
        assert back.edges[u, v] == {**d, "events": ids, "eventCount": len(ids)}
        for e in d.get("events", []):
            assert data["events"][e["id"]] == e  # each event's details, as they are, once
    assert data["graph"] == {"projection": "actors", "filters": {"start": 2003, "end": 2018}}
    raw = nx.node_link_graph(json.loads(to_json(raw_graph())), edges="edges")
    assert raw.is_multigraph() and raw.number_of_edges() == 5


def test_csv_nodes_and_edges_for_pandas() -> None:
    nodes_text, edges_text = to_csv(actor_graph())
    nodes = _read_csv(nodes_text)
    assert list(nodes[0])[:8] == ["id", "label", "kind", "name", "aliases", "sources", "locators", "pagerank"]
    assert [n["id"] for n in nodes] == sorted(actor_graph())
    mps = next(n for n in nodes if n["id"] == "cn-mps")
    assert mps["sources"] == "fpri-2022;icg-2013" and mps["locators"] == "appendix 1, row 3;lines 410-412"
    edges = _read_csv(edges_text)
    assert list(edges[0])[:5] == ["source", "target", "weight", "eventCount", "events"]
    assert len(edges) == 4
    first = next(e for e in edges if {e["source"], e["target"]} == {"cn-mps", "kg-mia"})
    assert (first["events"], first["eventCount"]) == ("a5-kg-2003;a2-2018", "2")
    events = {e["id"]: e for e in _read_csv(to_csv_events(actor_graph()) or "")}
    assert [events[i]["kind"] for i in first["events"].split(";")] == ["training", "exercise"]
    assert list(events["a2-2018"])[:5] == ["id", "name", "kind", "date", "year"]
    assert json.loads(events["a5-kg-2003"]["roles"]) == {"cn-mps": ["trainer"], "kg-mia": ["trainee"]}
    assert to_csv_events(raw_graph()) is None
    raw_edges = _read_csv(to_csv(raw_graph())[1])
    assert list(raw_edges[0])[:4] == ["source", "target", "key", "type"]


def test_mixed_types_become_text_and_ints_with_floats_become_floats() -> None:
    g = nx.Graph()
    g.add_node("a", since=2001, score=1, flag=True)
    g.add_node("b", since="about 2001", score=0.5, flag=False)
    flat = flatten_graph(g)
    assert flat.nodes["a"]["since"] == "2001" and flat.nodes["b"]["since"] == "about 2001"
    assert flat.nodes["a"]["score"] == 1.0 and isinstance(flat.nodes["a"]["score"], float)
    assert flat.nodes["a"]["flag"] is True
    nx.read_graphml(io.BytesIO(to_graphml(g).encode()))  # a valid file


def test_output_is_deterministic() -> None:
    g = actor_graph()
    h = reversed_copy(g)
    for fn in (to_graphml, to_gexf, to_json, to_csv):
        assert fn(g) == fn(h), fn.__name__


def test_parallel_relationships_export_in_one_order() -> None:
    g = parallel_raw_graph()
    h = reversed_copy(g)
    for fn in (to_graphml, to_gexf, to_json, to_csv):
        assert fn(g) == fn(h), fn.__name__
    edges = [e for e in json.loads(to_json(h))["edges"] if (e["source"], e["target"]) == ("kg", "ev1")]
    assert [e["key"] for e in edges] == ["k2", "k6", "k7"]


def test_export_graph_files_and_errors(tmp_path: Path) -> None:
    g = actor_graph()
    assert export_graph(g, "json") == to_json(g)
    assert export_graph(g, "graphml", tmp_path / "g.graphml") == [tmp_path / "g.graphml"]
    assert (tmp_path / "g.graphml").read_text(encoding="utf-8") == to_graphml(g)
    written = export_graph(g, "csv", tmp_path / "net.csv")
    assert written == [tmp_path / "net-nodes.csv", tmp_path / "net-edges.csv", tmp_path / "net-events.csv"]
    assert (tmp_path / "net-events.csv").read_text(encoding="utf-8") == to_csv_events(g)
    assert export_graph(raw_graph(), "csv", tmp_path / "raw.csv") == [tmp_path / "raw-nodes.csv",
                                                                       tmp_path / "raw-edges.csv"]
    assert csv_paths(tmp_path / "out") == (tmp_path / "out" / "nodes.csv", tmp_path / "out" / "edges.csv")
    export_graph(g, "csv", tmp_path / "out")
    assert (tmp_path / "out" / "edges.csv").read_text(encoding="utf-8") == to_csv(g)[1]
    with pytest.raises(UsageError, match="csv writes two files"):
        export_graph(g, "csv")
    with pytest.raises(UsageError, match="unknown format 'dot'"):
        export_graph(g, "dot")


@pytest.mark.parametrize("name", ["out.tsv", "reports.v2", "net.csv.d", "plain"])
def test_csv_to_a_folder_with_any_suffix_creates_it(tmp_path: Path, name: str) -> None:
    # Anything not ending in .csv is a folder (csv_paths): it is created, suffix or not.
    g = actor_graph()
    folder = tmp_path / "new" / name
    written = export_graph(g, "csv", folder)
    assert written == [*csv_paths(folder), csv_events_path(folder)]
    assert written == [folder / "nodes.csv", folder / "edges.csv", folder / "events.csv"]
    assert folder.is_dir()
    assert (folder / "nodes.csv").read_text(encoding="utf-8") == to_csv(g)[0]
    assert (folder / "edges.csv").read_text(encoding="utf-8") == to_csv(g)[1]


def test_csv_to_a_file_in_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    # A .csv name is a file pair, never a folder: nothing is created for it.
    with pytest.raises(OutputFailed, match="cannot write"):
        export_graph(actor_graph(), "csv", tmp_path / "missing" / "Net.CSV")
    assert not (tmp_path / "missing").exists()


def _one_event(size: int) -> nx.Graph:
    """The actor network of one event of ``size`` participants, each cited."""
    from graphtool.projection import EventRow, Participation, actor_network

    actors = {f"a{i:03d}": {"id": f"a{i:03d}", "name": f"Actor {i}", "kind": "person", "sources": ["doc"],
                            "locators": [f"row {i}"]} for i in range(size)}
    ev = EventRow("ev1", "meeting", 2020, {"id": "ev1", "name": "Summit", "kind": "meeting", "date": "2020",
                                            "sources": ["doc"], "locators": ["p. 1"]},
                  tuple((a, "participant", ["doc"], [f"row {i}"]) for i, a in enumerate(actors)))
    return actor_network(Participation(actors, [ev], [], True))


def test_exports_grow_with_the_links_not_with_the_square_of_an_event() -> None:
    small, big = _one_event(40), _one_event(80)
    links = big.number_of_edges() / small.number_of_edges()  # 3160 / 780
    for fn in (to_graphml, to_gexf, to_json, lambda g: "".join(to_csv(g)) + (to_csv_events(g) or "")):
        a, b = len(fn(small).encode()), len(fn(big).encode())
        # Every link used to carry all 80 participants: 28 MB of GraphML, 8x the 40's.
        assert b / a < links * 1.1 and b < 1_000_000, (fn, a, b)
    data = json.loads(to_json(big))
    assert len(data["events"]["ev1"]["participants"]) == 80
    assert all(e["events"] == ["ev1"] and e["eventCount"] == 1 for e in data["edges"])


def test_split_events_leaves_the_graph_alone() -> None:
    g = actor_graph()
    before = to_json(g)
    flat, events = split_events(g)
    assert flat is not g and to_json(g) == before
    assert all(isinstance(e, dict) for _, _, d in g.edges(data=True) for e in d.get("events", []))
    assert split_events(raw_graph())[1] == {} and split_events(raw_graph())[0] is not None


def test_ties_export_with_their_citations() -> None:
    from graphtool.projection import Participation, TieRow, actor_network

    actors = {a: {"id": a, "name": a, "kind": "person"} for a in ("a", "b")}
    tie = TieRow("a", "b", 0.5, False, {"role": "kin", "sources": ["doc"], "locators": ["edge 1"]})
    g = actor_network(Participation(actors, [], [], True, ties=[tie]))
    edge = _read_csv(to_csv(g)[1])[0]
    assert (edge["weight"], edge["eventCount"], edge["events"]) == ("0.5", "0", "")
    assert (edge["sources"], edge["locators"]) == ("doc", "edge 1")
    assert json.loads(edge["ties"]) == [{"from": "a", "to": "b", "weight": 0.5, "directed": False,
                                         "role": "kin", "sources": ["doc"], "locators": ["edge 1"]}]
    assert to_csv_events(g) is None


def _star_with_a_far_reaching_arm() -> nx.Graph:
    """f links a, b, c; b-c; a also links five nodes beyond f's neighbourhood.
    Degree within 1 link of f: f 3, b 2, c 2, a 1. In the whole network: a 6, f 3."""
    g = nx.Graph(projection="actors", filters={})
    g.add_edges_from([("f", "a"), ("f", "b"), ("f", "c"), ("b", "c")])
    g.add_edges_from(("a", f"x{i}") for i in range(5))
    return g


def test_network_view_max_nodes_ranks_by_whole_network_degree_without_storing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from graphtool.visual import view as views

    fetched = _star_with_a_far_reaching_arm
    monkeypatch.setattr(views, "fetch_graph", lambda db, projection, **filters: fetched())
    no_db: Any = None  # fetch_graph is replaced: nothing is read
    cut, _ = views.network_view(no_db, max_nodes=3)
    assert sorted(cut) == ["a", "b", "f"]  # a 6, f 3, then b before c on a tie
    assert all(not data for _, data in cut.nodes(data=True))  # no degree attribute
    focused, _ = views.network_view(no_db, focus="f", depth=1, max_nodes=2)
    assert sorted(focused) == ["a", "f"]  # a's whole-network degree, not its 1 inside the excerpt
    assert all(not data for _, data in focused.nodes(data=True))
    measured, _ = views.network_view(no_db, measures=("kcore",), max_nodes=3)
    assert all(set(data) == {"kcore"} for _, data in measured.nodes(data=True))


@pytest.mark.server
def test_export_command(run_visual: Any, network_db: Any, tmp_path: Path) -> None:
    result = run_visual("export", "--format", "json", "--measure", "pagerank")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["nodes"] and all("pagerank" in n for n in data["nodes"])
    assert all(e["events"] for e in data["edges"])
    out = tmp_path / "net.gexf"
    result = run_visual("export", "--format", "gexf", "-o", str(out), "--level", "state")
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {out}:" in result.stderr and result.stdout == ""
    assert nx.read_gexf(out).number_of_nodes() > 0
    result = run_visual("export", "--format", "csv")
    assert result.exit_code == 2 and "Error: csv writes two files" in result.stderr


@pytest.mark.server
def test_export_max_nodes_adds_only_the_measures_asked_for(run_visual: Any, network_db: Any) -> None:
    result = run_visual("export", "--format", "json", "--max-nodes", "3")
    assert result.exit_code == 0, result.stderr
    nodes = json.loads(result.stdout)["nodes"]
    assert len(nodes) == 3 and not any("degree" in n for n in nodes)
    result = run_visual("export", "--format", "json", "--max-nodes", "3", "--measure", "pagerank")
    assert result.exit_code == 0, result.stderr
    nodes = json.loads(result.stdout)["nodes"]
    assert len(nodes) == 3 and all("pagerank" in n and "degree" not in n for n in nodes)
