"""Readers: files to validated records (pure, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphtool.errors import InvalidImportFile
from graphtool.store.readers.csvfiles import parse_date, read_paths

DATA = Path(__file__).parent / "data"


def problems(case: str) -> list[str]:
    with pytest.raises(InvalidImportFile) as info:
        read_paths([DATA / case])
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing_column", "actors.csv line 1: missing required column 'kind'"),
        ("duplicate_ids", "actors.csv line 4: duplicate id 'a' (first defined in"),
        ("dangling_relation", "relations.csv line 2: unknown node id 'zz' in column 'to'"),
        ("bad_date", "events.csv line 3: 'date' is not a date: 'Feburary 2019'"),
        ("unknown_kind", "actors.csv line 3: unknown Actor kind 'planet'"),
        ("empty_file", "actors.csv line 1: empty file"),
        ("not_utf8", "actors.csv line 3: not UTF-8 text (byte 0xe9)"),
        ("uncited", "actors.csv line 2: no citation: 'source' is empty"),
        ("unknown_type", "relations.csv line 2: unknown relationship type 'LIKES'"),
    ],
)
def test_each_bad_input_names_file_line_and_reason(case: str, expected: str) -> None:
    found = problems(case)
    assert len(found) == 1, found
    assert found[0].startswith(str(DATA / case) + "/")
    assert expected in found[0]


def test_mini_dataset_counts() -> None:
    ds = read_paths([DATA / "mini"])
    counts = ds.counts()
    assert counts["nodes"] == {"Actor": 4, "Event": 3, "Place": 1, "Source": 1}
    assert counts["kinds"]["Actor:state"] == 3
    assert counts["relationships"] == {
        "HELD_IN": 1, "LOCATED_IN": 1, "PARTICIPATED_IN": 7, "PART_OF": 1,
    }


def test_same_fact_twice_is_one_relationship_with_both_citations() -> None:
    ds = read_paths([DATA / "mini"])
    rel = next(r for r in ds.relations if r.start == "a" and r.end == "e1")
    assert rel.props["sources"] == ["doc1", "doc1"]
    assert rel.props["locators"] == ["table 1, row 1", "line 9"]


def test_event_properties_keep_date_precision_and_size_note() -> None:
    ds = read_paths([DATA / "mini"])
    events = {n.id: n.props for n in ds.nodes if n.label == "Event"}
    assert events["e1"]["datePrecision"] == "month" and events["e1"]["year"] == 2019
    assert events["e2"]["datePrecision"] == "year" and events["e2"]["size"] == 3000
    assert events["e2"]["sizeNote"] == "3000 (700 from Alpha)"
    assert events["e3"]["datePrecision"] == "day" and events["e3"]["day"] == 2


def test_aliases_are_lists() -> None:
    ds = read_paths([DATA / "mini"])
    actor = next(n for n in ds.nodes if n.id == "a")
    assert actor.props["aliases"] == ["Alfa", "A-land"]


def test_lookup_resolves_ids_defined_elsewhere() -> None:
    """A folder may refer to nodes loaded earlier; the loader's lookup supplies them."""
    asked: list[set[str]] = []

    def lookup(ids: set[str]) -> dict[str, str]:
        asked.append(ids)
        return {"zz": "Actor"}

    ds = read_paths([DATA / "dangling_relation"], lookup=lookup)
    assert asked == [{"zz"}]
    assert ds.relations[0].end_label == "Actor"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("a,PARTICIPATED_IN,a,,doc1,line 1", "PARTICIPATED_IN cannot end at Actor 'a'"),
        ("a,MEMBER_OF,a,boss,doc1,line 1", "MEMBER_OF cannot end at Actor"),
        ("a,PART_OF,a,,doc1;doc1,line 1", "'source' names 2 document(s) but 'locator' gives 1"),
        ("a,PART_OF,a,,doc9,line 1", "unknown source document 'doc9'"),
    ],
)
def test_relationship_rules(tmp_path: Path, row: str, reason: str) -> None:
    (tmp_path / "sources.csv").write_text("id,title\ndoc1,T\n")
    (tmp_path / "actors.csv").write_text("id,name,kind,source,locator\na,A,state,doc1,line 1\n")
    (tmp_path / "relations.csv").write_text("from,type,to,role,source,locator\n" + row + "\n")
    with pytest.raises(InvalidImportFile) as info:
        read_paths([tmp_path])
    assert reason in str(info.value.problems[0])


def test_unknown_column_and_unknown_file_name(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text("id,title,colour\ndoc1,T,red\n")
    (tmp_path / "people.csv").write_text("id\nx\n")
    with pytest.raises(InvalidImportFile) as info:
        read_paths([tmp_path])
    text = "\n".join(str(p) for p in info.value.problems)
    assert "unknown column 'colour'" in text
    assert "people.csv line 1: the file name does not say what it holds" in text


def test_problem_list_is_capped_but_counted(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text("id,title\ndoc1,T\n")
    rows = "".join(f"a{i},A,planet,doc1,line 1\n" for i in range(80))
    (tmp_path / "actors.csv").write_text("id,name,kind,source,locator\n" + rows)
    with pytest.raises(InvalidImportFile) as info:
        read_paths([tmp_path], max_problems=10)
    assert len(info.value.problems) == 10
    assert info.value.total == 80


def test_multiline_cell_keeps_line_numbers(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text("id,title\ndoc1,T\n")
    (tmp_path / "actors.csv").write_text(
        'id,name,kind,source,locator\na,"two\nlines",state,doc1,line 1\nb,B,planet,doc1,line 1\n'
    )
    with pytest.raises(InvalidImportFile) as info:
        read_paths([tmp_path])
    assert "actors.csv line 4: unknown Actor kind 'planet'" in str(info.value.problems[0])


@pytest.mark.parametrize("text", ["2019-13", "2019-02-30", "19", "2019/05", "May 2019"])
def test_bad_dates(text: str) -> None:
    assert parse_date(text) is None
