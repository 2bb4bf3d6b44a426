"""Edge lists and node lists, as analysts have them: networkx's classic networks written
to CSV/TSV here as a user would, loaded into the real local server.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import networkx as nx
import pytest

from graphtool.errors import InvalidImportFile
from graphtool.store.load import load_paths
from graphtool.store.readers import ReadOptions, read_paths

DATA = Path(__file__).parent / "data"


def write_edges(path: Path, G: nx.Graph, weight: str | None = None, delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(["source", "target", *(["weight"] if weight else [])])
        for u, v, d in G.edges(data=True):
            w.writerow([u, v, *([d[weight]] if weight else [])])
    return path


@pytest.mark.server
def test_karate_club_as_an_edge_list(db, tmp_path) -> None:
    path = write_edges(tmp_path / "karate.csv", nx.karate_club_graph(), weight="weight")
    summary = load_paths(db, [path])
    assert summary.dataset == "karate"
    assert summary.nodes == {"Actor": 34, "Source": 1} and summary.relationships == {"TIED_TO": 78}
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    source = db.read("MATCH (s:Source) RETURN properties(s) AS p")[0]["p"]
    assert {k: source[k] for k in ("id", "name", "kind", "size", "sha256")} == {
        "id": f"file-karate-{sha[:10]}", "name": "karate.csv", "kind": "file",
        "size": path.stat().st_size, "sha256": sha}
    # Every edge cited to the file and its row; every node to the first row naming it.
    ties = db.read("MATCH (a:Actor)-[r:TIED_TO]->(b:Actor) RETURN a.id AS a, b.id AS b, r.weight AS w, "
                   "r.sources AS s, r.locators AS l ORDER BY l[0]")
    first = list(nx.karate_club_graph().edges(data=True))[0]
    assert ties[0] == {"a": str(first[0]), "b": str(first[1]), "w": first[2]["weight"],
                       "s": [source["id"]], "l": ["row 1"]}
    assert all(r["a"] < r["b"] for r in ties)  # undirected: one order for one tie
    row = next(i for i, (u, v) in enumerate(nx.karate_club_graph().edges(), 1) if 33 in (u, v))
    assert db.read("MATCH (n:Actor {id: '33'}) RETURN n.kind AS k, n.locators AS l, n.name AS name") == [
        {"k": "person", "l": [f"row {row}"], "name": "33"}]
    assert db.read("MATCH (n:Actor) WHERE NOT (n)-[:CITES]->(:Source) RETURN count(n) AS n") == [{"n": 0}]


@pytest.mark.server
def test_florentine_families_with_a_node_list_and_names_with_spaces(db, tmp_path) -> None:
    G = nx.florentine_families_graph()
    edges = write_edges(tmp_path / "florentine.tsv", G, delimiter="\t")
    nodes = tmp_path / "families.tsv"
    nodes.write_text("id\tname\tkind\n" + "".join(f"{n}\t{n} family\tgroup\n" for n in sorted(G)),
                     encoding="utf-8")
    summary = load_paths(db, [edges, nodes], dataset="florence")
    assert summary.nodes == {"Actor": 15, "Source": 2} and summary.relationships == {"TIED_TO": 20}
    assert db.read("MATCH (n:Actor {id: 'Medici'}) RETURN n.name AS n, n.kind AS k") == [
        {"n": "Medici family", "k": "group"}]


@pytest.mark.server
def test_davis_southern_women_is_two_mode(db, tmp_path) -> None:
    G = nx.davis_southern_women_graph()
    edges = write_edges(tmp_path / "davis.csv", G)
    nodes = tmp_path / "davis-nodes.csv"
    with open(nodes, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "class"])
        for n, d in sorted(G.nodes(data=True)):
            w.writerow([n, d["bipartite"]])
    summary = load_paths(db, [edges, nodes], options=ReadOptions(labels={"0": "Actor", "1": "Event"}))
    assert summary.nodes == {"Actor": 18, "Event": 14, "Source": 2}
    assert summary.relationships == {"PARTICIPATED_IN": 89}
    assert db.read("MATCH (a:Actor {id: 'Evelyn-Jefferson'})-[:PARTICIPATED_IN]->(e:Event) "
                   "RETURN a.name AS name, count(e) AS events") == [{"name": "Evelyn Jefferson", "events": 8}]


@pytest.mark.server
def test_gephi_columns_direction_and_repeated_rows(db, tmp_path) -> None:
    path = tmp_path / "gephi.csv"
    path.write_text("Source,Target,Type,Weight,Id\n"
                    "x,y,Directed,2,e0\n"
                    "y,x,Undirected,1.5,e1\n"
                    "x,y,Directed,3,e2\n", encoding="utf-8")
    load_paths(db, [path])
    rows = db.read("MATCH (a)-[r:TIED_TO]->(b) RETURN a.id AS a, b.id AS b, r.weight AS w, "
                   "r.directed AS d, r.locators AS l, r.attr_Id AS eid ORDER BY a, d DESC")
    assert rows == [
        {"a": "x", "b": "y", "w": 5, "d": True, "l": ["row 1", "row 3"], "eid": "e0"},  # 2 + 3
        {"a": "x", "b": "y", "w": 1.5, "d": False, "l": ["row 2"], "eid": "e1"},  # undirected: x-y
    ]


def _problems(paths: list[Path]) -> list[str]:
    with pytest.raises(InvalidImportFile) as caught:
        read_paths(paths, format="edges")
    return [str(p) for p in caught.value.problems]


def test_bad_edge_lists_say_file_line_and_reason(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("source,target,weight,date\n"
                    "a,b,abc,2019\n"
                    "a,,1,2019\n"
                    "a,B,1,2019\n"  # B and b
                    "A,c,1,2019\n"
                    "a,c,-2,2019\n"
                    "a,c,1,2019-13\n", encoding="utf-8")
    assert _problems([path]) == [
        f"{path} line 4: id 'B' differs only in case from 'b' (first in {path} line 2); ids must differ "
        "by more than case",
        f"{path} line 5: id 'A' differs only in case from 'a' (first in {path} line 2); ids must differ "
        "by more than case",
        f"{path} line 2: 'weight' is not a number: 'abc' (write it in the digits 0-9, e.g. 2 or 0.5)",
        f"{path} line 3: empty 'target'",
        f"{path} line 6: 'weight' must be positive: '-2'",
        f"{path} line 7: 'date' is not a date: '2019-13' (there is no month 13)",
    ]


def test_text_that_is_not_utf8_is_found_on_its_own_line(tmp_path) -> None:
    # The reader streams: its decoder meets the bad byte a block ahead of the row it is
    # on, so the line is found in the file's bytes (it was reported 171 lines early).
    path = tmp_path / "ties.csv"
    rows = [b"source,target,weight"] + [b"a%d,b%d,1" % (i, i) for i in range(2000)]
    rows[1499] = b"caf\xe9,x,1"
    path.write_bytes(b"\n".join(rows) + b"\n")
    assert _problems([path]) == [f"{path} line 1500: not UTF-8 text (byte 0xe9); save the file as UTF-8"]
    path.write_bytes(b"source,targ\xeat\na,b\n")
    assert _problems([path]) == [f"{path} line 1: not UTF-8 text (byte 0xea); save the file as UTF-8"]
    # Cut off inside a character at the very end.
    path.write_bytes(b"source,target\na,b\nc,\xc3")
    assert _problems([path]) == [f"{path} line 3: not UTF-8 text (byte 0xc3); save the file as UTF-8"]
    # After a byte-order mark (which the decoder drops), the same line and byte; and in
    # a file read whole (graphtool's CSV), too.
    path.write_bytes(b"\xef\xbb\xbfsource,target\na,b\nc,caf\xe9\n")
    assert _problems([path]) == [f"{path} line 3: not UTF-8 text (byte 0xe9); save the file as UTF-8"]
    from graphtool.store.readers import Problems, read_text

    found = Problems()
    assert read_text(path, found) is None
    assert [str(p) for p in found.items] == [
        f"{path} line 3: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_files_that_are_not_edge_or_node_lists(tmp_path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("from,to\na,b\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert _problems([odd]) == [
        f"{odd} line 1: neither an edge file (columns source and target) nor a node file (column id); "
        "columns: from, to. Use --map to name them"]
    assert _problems([empty]) == [f"{empty} line 1: empty file (expected a header row such as: "
                                  "source,target,weight)"]
    # --map names the columns.
    from graphtool.store.readers import read_records

    columns = {"source": "from", "target": "to"}
    records = read_records([odd], format="edges", options=ReadOptions(columns=columns))
    assert [type(r).__name__ for r in records] == ["NodeRecord", "NodeRecord", "NodeRecord", "RelRecord"]
    assert records.problems.total == 0
    # A field edge and node lists do not have is a problem, not a column kept quietly.
    records = read_records([odd], format="edges", options=ReadOptions(columns={**columns, "label": "to"}))
    assert [str(p) for p in records.problems.items] == [
        f"{odd}: --map label=to: no field 'label' in edge or node lists (fields: source, target, weight, "
        "type, date, role, document, locator, id, name, kind, class, aliases)"
    ]


def test_unknown_class_and_type(tmp_path) -> None:
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id,class\np,Place\nq,Planet\n", encoding="utf-8")
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target\np,p2\n", encoding="utf-8")
    assert _problems([edges, nodes]) == [
        f"{nodes} line 3: unknown class 'Planet' in column 'class' (one of: Actor, Organisation, Event, "
        "Place, Topic, or map values with --label VALUE=LABEL)",
        f"{edges} line 2: no relationship type for an edge from Place 'p' to Actor 'p2': give a 'type' "
        "column or --type",
    ]


# -- measured as networkx measures them --------------------------------------------------------
@pytest.mark.server
@pytest.mark.parametrize("name", ["karate", "florentine", "les-miserables"])
def test_edge_lists_measure_as_networkx(db, tmp_path, name) -> None:
    from reference_networks import ONE_MODE, assert_measures_match, edge_weights

    from graphtool.projection import fetch_graph, fetch_network

    G = ONE_MODE[name]()
    weighted = any("weight" in d for _, _, d in G.edges(data=True))
    path = write_edges(tmp_path / f"{name}.tsv", G, weight="weight" if weighted else None, delimiter="\t")
    load_paths(db, [path])
    assert_measures_match([fetch_network(db, "actors"), fetch_network(db, "raw")], G)
    assert edge_weights(fetch_graph(db, events=False)) == edge_weights(fetch_network(db))


@pytest.mark.server
def test_davis_from_edge_and_node_lists_projects_as_networkx(db, tmp_path) -> None:
    from reference_networks import assert_two_mode_match, davis, edge_weights, projection_weights

    from graphtool.projection import fetch_network

    B = davis()
    edges = write_edges(tmp_path / "davis.csv", B)
    nodes = tmp_path / "davis-nodes.csv"
    nodes.write_text("id,class\n" + "".join(f"{n},{d}\n" for n, d in B.nodes(data="bipartite")),
                     encoding="utf-8")
    load_paths(db, [edges, nodes], options=ReadOptions(labels={"0": "Actor", "1": "Event"}))
    assert edge_weights(fetch_network(db, "actors")) == projection_weights(B, 0)
    assert_two_mode_match(fetch_network(db, "actor-event"), B)


@pytest.mark.server
def test_replace_reloads_a_changed_edge_list(db, run_cli, tmp_path) -> None:
    """The nodes an edge list implies are the new version's too: the old one goes, they stay."""
    path = tmp_path / "ties.csv"
    path.write_text("source,target\na,b\nb,c\n", encoding="utf-8")
    assert run_cli("load", str(path)).exit_code == 0
    path.write_text("source,target\na,b\nb,c\nc,d\n", encoding="utf-8")
    done = run_cli("load", str(path), "--replace")
    assert done.exit_code == 0, done.stderr
    assert db.read("MATCH (n:Actor) RETURN n.id AS id, n.datasets AS d, n.locators AS l ORDER BY id") == [
        {"id": "a", "d": ["ties"], "l": ["row 1"]}, {"id": "b", "d": ["ties"], "l": ["row 1"]},
        {"id": "c", "d": ["ties"], "l": ["row 2"]}, {"id": "d", "d": ["ties"], "l": ["row 3"]}]
    assert db.read("MATCH ()-[r:TIED_TO]->() RETURN count(r) AS n") == [{"n": 3}]
