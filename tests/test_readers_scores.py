"""The import format's optional ``confidence`` and ``cue`` columns (rows that graphtool
extract proposed), and a source's ``size`` and ``sha256``: read, checked, stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphtool.errors import InvalidImportFile
from graphtool.store.readers import read_paths

SOURCES = "id,title,file,size,sha256\ndoc1,A report,report.txt,1234,ab12\n"


def _dataset(tmp_path: Path, confidence: str = "0.75", cue: str = "signed", rel: str = "") -> Path:
    (tmp_path / "sources.csv").write_text(SOURCES)
    cells = f"{confidence},{cue}"
    rel_cells = f"{rel or confidence},{cue}"
    (tmp_path / "actors.csv").write_text(
        "id,name,kind,source,locator,confidence,cue\n"
        f"a,A,state,doc1,line 1,{cells}\nb,B,state,doc1,line 2,,\n"
    )
    (tmp_path / "organisations.csv").write_text(
        f"id,name,kind,source,locator,confidence,cue\no,O,forum,doc1,line 3,{cells}\n"
    )
    (tmp_path / "events.csv").write_text(
        f"id,name,kind,source,locator,confidence,cue\ne,E,agreement,doc1,line 4,{cells}\n"
    )
    (tmp_path / "places.csv").write_text(
        f"id,name,kind,source,locator,confidence,cue\np,P,city,doc1,line 5,{cells}\n"
    )
    (tmp_path / "topics.csv").write_text(f"id,name,source,locator,confidence,cue\nt,T,doc1,line 6,{cells}\n")
    (tmp_path / "relations.csv").write_text(
        "from,type,to,role,source,locator,confidence,cue\n"
        f"a,PARTICIPATED_IN,e,party,doc1,line 4,{rel_cells}\n"
    )
    return tmp_path


def test_every_file_takes_confidence_and_cue(tmp_path: Path) -> None:
    data = read_paths([_dataset(tmp_path)])
    nodes = {n.id: n.props for n in data.nodes}
    for nid in "aopte":
        assert nodes[nid]["confidence"] == 0.75 and nodes[nid]["cue"] == "signed", nid
    assert "confidence" not in nodes["b"] and "cue" not in nodes["b"]  # blank is unknown
    (rel,) = data.relations
    assert rel.props["confidence"] == 0.75 and rel.props["cue"] == "signed"
    assert nodes["doc1"]["size"] == 1234 and nodes["doc1"]["sha256"] == "ab12"


@pytest.mark.parametrize("value", ["0", "1", "0.5", ".25", "1.0", "0.999"])
def test_confidence_from_0_to_1(tmp_path: Path, value: str) -> None:
    data = read_paths([_dataset(tmp_path, confidence=value)])
    assert {n.id: n.props for n in data.nodes}["a"]["confidence"] == float(value)


BAD = ["1.5", "-0.1", "high", "nan", "1e-1", "\u0660.\u0665", "50%"]


@pytest.mark.parametrize("value", BAD)
def test_confidence_that_is_not_a_number_from_0_to_1(tmp_path: Path, value: str) -> None:
    with pytest.raises(InvalidImportFile) as info:
        read_paths([_dataset(tmp_path, confidence=value, rel="1")])
    found = [str(p) for p in info.value.problems]
    reason = f"'confidence' is not a number from 0 to 1: '{value}'"
    names = ("actors.csv", "organisations.csv", "events.csv", "places.csv", "topics.csv")
    assert found[:5] == [f"{tmp_path / name} line 2: {reason}" for name in names]
    # The relation's ends were refused, so it names them; its own confidence is fine.
    assert found[5:] == [
        f"{tmp_path / 'relations.csv'} line 2: unknown node id '{nid}' in column '{col}'"
        for nid, col in (("a", "from"), ("e", "to"))
    ]


@pytest.mark.parametrize("value", BAD)
def test_relation_confidence_that_is_not_a_number_from_0_to_1(tmp_path: Path, value: str) -> None:
    with pytest.raises(InvalidImportFile) as info:
        read_paths([_dataset(tmp_path, rel=value)])
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'relations.csv'} line 2: 'confidence' is not a number from 0 to 1: '{value}'"
    ]


@pytest.mark.parametrize("size", ["12kB", "-1", "\u0661\u0662", "1,234"])
def test_source_size_is_whole_bytes(tmp_path: Path, size: str) -> None:
    (tmp_path / "sources.csv").write_text(f'id,title,size\ndoc1,T,"{size}"\n')
    with pytest.raises(InvalidImportFile) as info:
        read_paths([tmp_path])
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'sources.csv'} line 2: 'size' is not a whole number of bytes: '{size}'"
    ]


@pytest.mark.server
def test_scores_are_stored_as_properties(db, tmp_path: Path) -> None:
    from graphtool.store.load import load_paths

    load_paths(db, [_dataset(tmp_path)])
    rows = db.read(
        "MATCH (a:Actor {id: 'a'})-[r:PARTICIPATED_IN]->(e:Event) "
        "RETURN a.confidence AS ac, a.cue AS acue, r.confidence AS rc, r.cue AS rcue"
    )
    assert rows == [{"ac": 0.75, "acue": "signed", "rc": 0.75, "rcue": "signed"}]
    (src,) = db.read("MATCH (s:Source {id: 'doc1'}) RETURN s.size AS size, s.sha256 AS sha")
    assert src == {"size": 1234, "sha": "ab12"}
