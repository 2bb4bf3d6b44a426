"""Loader against the real local graph server."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphtool.errors import InvalidImportFile, QueryFailed
from graphtool.store.db import GraphDB
from graphtool.store.load import load_paths, node_counts, relationship_counts

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.server


def test_load_counts_and_citations(db: GraphDB) -> None:
    summary = load_paths(db, [DATA / "mini"])
    assert summary.graph_nodes == {"Actor": 4, "Event": 3, "Place": 1, "Source": 1}
    assert summary.graph_relationships == {
        "CITES": 8, "HELD_IN": 1, "LOCATED_IN": 1, "PARTICIPATED_IN": 7, "PART_OF": 1,
    }
    rows = db.read(
        "MATCH (a:Actor {id: $id})-[c:CITES]->(s:Source) RETURN s.id AS doc, c.locators AS locs",
        {"id": "a"},
    )
    assert rows == [{"doc": "doc1", "locs": ["line 1"]}]
    event = db.read("MATCH (e:Event {id: 'e2'}) RETURN e.size AS size, e.sizeNote AS note, "
                    "e.year AS year, e.datePrecision AS p")
    assert event == [{"size": 3000, "note": "3000 (700 from Alpha)", "year": 2020, "p": "year"}]


def test_reload_changes_no_count(db: GraphDB) -> None:
    load_paths(db, [DATA / "mini"])
    before = (node_counts(db), relationship_counts(db))
    second = load_paths(db, [DATA / "mini"])
    assert (node_counts(db), relationship_counts(db)) == before
    assert second.created.get("nodes_created", 0) == 0
    assert second.created.get("relationships_created", 0) == 0


@pytest.mark.parametrize(
    "case",
    ["missing_column", "duplicate_ids", "dangling_relation", "bad_date", "unknown_kind",
     "empty_file", "not_utf8", "uncited", "unknown_type"],
)
def test_bad_input_writes_nothing(db: GraphDB, case: str) -> None:
    load_paths(db, [DATA / "mini"])
    before = (node_counts(db), relationship_counts(db))
    with pytest.raises(InvalidImportFile):
        load_paths(db, [DATA / case])
    assert (node_counts(db), relationship_counts(db)) == before


def test_folder_can_refer_to_nodes_already_loaded(db: GraphDB, tmp_path: Path) -> None:
    load_paths(db, [DATA / "mini"])
    (tmp_path / "relations.csv").write_text(
        "from,type,to,role,source,locator\nd,PARTICIPATED_IN,e1,guest,doc1,line 20\n"
    )
    load_paths(db, [tmp_path])
    rows = db.read("MATCH (:Actor {id: 'd'})-[r:PARTICIPATED_IN]->(:Event {id: 'e1'}) RETURN r.role AS role")
    assert rows == [{"role": "guest"}]


def test_constraints_exist_after_load(db: GraphDB) -> None:
    load_paths(db, [DATA / "mini"])
    rows = db.read("SHOW CONSTRAINTS")
    text = repr(rows)
    for label in ("Actor", "Event", "Source"):
        assert label in text


def _hub_dataset(folder: Path) -> Path:
    """One actor in five events: the start side is the hub, so the loader writes from the end."""
    (folder / "sources.csv").write_text("id,title\ndoc1,T\n")
    (folder / "actors.csv").write_text("id,name,kind,source,locator\nhub,Hub,state,doc1,line 1\n")
    events = "".join(f"e{i},Event {i},meeting,doc1,line {i}\n" for i in range(5))
    (folder / "events.csv").write_text("id,name,kind,source,locator\n" + events)
    rels = "".join(f"hub,PARTICIPATED_IN,e{i},participant,doc1,line {i}\n" for i in range(5))
    (folder / "relations.csv").write_text("from,type,to,role,source,locator\n" + rels)
    return folder


def test_relationships_from_a_hub_are_merged_from_the_other_side(db: GraphDB, tmp_path: Path) -> None:
    """A second dataset stating a hub's relationships again: they are looked up from
    their other end (the local server scans a pattern's first node), and shared."""
    from graphtool.store.write import match_from_end

    folder = _hub_dataset(tmp_path)
    assert match_from_end([("hub", f"e{i}") for i in range(5)])
    load_paths(db, [folder], dataset="a")
    load_paths(db, [folder], dataset="b")
    rows = db.read("MATCH (:Actor {id: 'hub'})-[r:PARTICIPATED_IN]->(e:Event) "
                   "RETURN e.id AS e, r.role AS role, r.datasets AS datasets ORDER BY e")
    assert rows == [{"e": f"e{i}", "role": "participant", "datasets": ["a", "b"]} for i in range(5)]


def test_sender_writes_in_order_and_stops_at_the_first_error(db: GraphDB) -> None:
    """The writer thread: batches run in order; a failed one is raised in the caller
    and nothing queued after it reaches the server."""
    from graphtool.store.load import apply_schema
    from graphtool.store.queries import fill, get_query
    from graphtool.store.write import Sender

    apply_schema(db)
    create = fill(get_query("load/create_nodes"), LABEL="Actor")
    sender = Sender(db, batch_size=10)
    try:
        sender.send(create, [{"props": {"id": "first", "datasets": ["t"]}}])
        sender.send(create, [{"props": {"id": "second", "datasets": ["t"]}}])
        sender.finish()
        assert sender.created["nodes_created"] == 2
        sender.send(create, [{"props": {"id": "first", "datasets": ["t"]}}])  # breaks the id constraint
        sender.send(create, [{"props": {"id": "third", "datasets": ["t"]}}])
        with pytest.raises(QueryFailed, match=r"in query 'load/create_nodes': Duplicated key \[first\]"):
            sender.finish()
        with pytest.raises(QueryFailed):  # and again, until closed
            sender.send(create, [{"props": {"id": "fourth", "datasets": ["t"]}}])
    finally:
        sender.close()
    ids = [r["id"] for r in db.read("MATCH (a:Actor) RETURN a.id AS id ORDER BY id")]
    assert ids == ["first", "second"]


def test_write_batches_reports_the_rows_written_after_each_batch(db: GraphDB) -> None:
    from graphtool.store.load import apply_schema
    from graphtool.store.queries import fill, get_query

    apply_schema(db)
    seen: list[int] = []
    rows = [{"props": {"id": f"n{i}", "datasets": ["t"]}} for i in range(5)]
    create = fill(get_query("load/create_nodes"), LABEL="Actor")
    counts = db.write_batches(create, rows, 2, progress=seen.append)
    assert seen == [2, 4, 5]
    assert counts["nodes_created"] == 5
    assert len(rows) == 5 and rows[0] == {"props": {"id": "n0", "datasets": ["t"]}}  # the caller's rows kept
