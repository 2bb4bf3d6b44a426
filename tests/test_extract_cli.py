"""``graphtool extract``: what it writes, bad input as one Error line with nothing
written, and the round trip against the real local server: extract, accept all, load,
and the facts are there with their citations."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pdfmake import make_pdf

REPORT = (
    "A report on the region\n"
    "\n"
    "Kyrgyzstan joined the Shanghai Cooperation Organisation in 2001. China and Kyrgyzstan signed a\n"
    "border agreement in June 2002. The Ministry of Emergency Situations trained Kyrgyzstan.\n"
    "\n"
    "Year\tEvent\n"
    "2001\tFounding\n"
    "2002\tAgreement\n"
)
GAZETTEER = (
    "id,label,kind,name,aliases\n"
    "cn,Actor,state,China,PRC\n"
    "kg,Actor,state,Kyrgyzstan,\n"
    "sco,Organisation,intergovernmental,Shanghai Cooperation Organisation,SCO\n"
)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "names.csv").write_text(GAZETTEER, encoding="utf-8")
    return tmp_path


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_extract_writes_candidates_tables_and_the_page(run_offline, files: Path) -> None:
    out = files / "out"
    result = run_offline(
        "extract", str(files / "report.txt"), "-o", str(out), "--gazetteer", str(files / "names.csv"), "--csv"
    )
    assert result.exit_code == 0, result.stderr
    assert _listing(out) == [
        "candidates/actors.csv",
        "candidates/events.csv",
        "candidates/relations.csv",
        "candidates/sources.csv",
        "review.html",
        "tables/report-table-1.toml",
        "tables/report-table-1.tsv",
    ]
    # 3 facts from the sentences' cues, and 3 paragraph co-mentions of the names no cue
    # linked (China and the SCO, the ministry and the SCO, the ministry and China).
    assert result.stderr == (
        f"6 candidate facts and 1 new entities from 1 report(s) in {out}/; "
        f"review them in {out / 'review.html'}\n"
    )
    entities = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(e["id"], e["mentions"], e["first"], e["new"]) for e in entities] == [
        ("kg", "3", "line 3", ""),
        ("cn", "1", "line 3", ""),
        ("report-ministry-of-emergency-situations", "1", "line 4", "new"),
        ("sco", "1", "line 3", ""),
    ]
    rel = list(csv.DictReader(io.StringIO((out / "candidates" / "relations.csv").read_text())))
    assert rel[0] == {
        "from": "kg",
        "type": "MEMBER_OF",
        "to": "sco",
        "role": "member",
        "since": "2001",
        "note": "",
        "source": "report",
        "locator": "line 3",
        "confidence": "0.80",
        "cue": "joined",
    }
    assert all(r["source"] == "report" and r["locator"].startswith("line") and r["cue"] for r in rel)
    page = (out / "review.html").read_text()
    assert "<html" in page and "graphtool-review-data" in page and "https://" not in page


def test_extract_again_into_its_own_folder_replaces_what_it_wrote(run_offline, files: Path) -> None:
    out = files / "out"
    args = ["extract", str(files / "report.txt"), "-o", str(out), "--gazetteer", str(files / "names.csv")]
    assert run_offline(*args).exit_code == 0
    (out / "tables" / "report-table-9.tsv").write_text("stale\n")
    assert run_offline(*args, "--accept-all").exit_code == 0
    assert "candidates/relations.csv" not in _listing(out) and "tables/report-table-9.tsv" not in _listing(
        out
    )
    assert "accepted/relations.csv" in _listing(out)


def test_extract_again_leaves_the_analysts_accepted_folder(run_offline, files: Path) -> None:
    out = files / "out"
    args = ["extract", str(files / "report.txt"), "-o", str(out), "--gazetteer", str(files / "names.csv")]
    assert run_offline(*args).exit_code == 0
    (out / "accepted").mkdir()
    (out / "accepted" / "relations.csv").write_text("from,type,to,source,locator\n")  # unzipped from the page
    assert run_offline(*args).exit_code == 0
    assert (out / "accepted" / "relations.csv").read_text() == "from,type,to,source,locator\n"


def test_extract_needs_a_new_or_its_own_folder(run_offline, files: Path) -> None:
    out = files / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    result = run_offline(
        "extract", str(files / "report.txt"), "-o", str(out), "--gazetteer", str(files / "names.csv")
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {out} holds files extract did not write (notes.txt); give a new or empty folder\n"
    )
    assert _listing(out) == ["notes.txt"]


def test_a_bad_dataset_name_is_a_usage_error(run_offline, files: Path) -> None:
    result = run_offline(
        "extract",
        str(files / "report.txt"),
        "-o",
        str(files / "out"),
        "--gazetteer",
        str(files / "names.csv"),
        "--dataset",
        "my data",
    )
    assert result.exit_code == 2
    assert (
        result.stderr
        == "Error: --dataset 'my data' is not a name: use letters, digits, '-', '_', '.' or ':'\n"
    )


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "empty.txt",
            b"",
            "the file is empty; there is nothing to extract (give a text, Markdown or PDF report)",
        ),
        (
            "blank.md",
            b"\n  \n\t\n",
            "the file is empty; there is nothing to extract (give a text, Markdown or PDF report)",
        ),
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "not a text, Markdown or PDF file (it holds binary data); convert it to text or PDF first",
        ),
        (
            "latin1.txt",
            "Caf\u00e9 du Kyrgyzstan\n".encode("latin-1"),
            "not UTF-8 text (byte 0xe9 on line 1); save it as UTF-8",
        ),
        (
            "scan.pdf",
            make_pdf([[], []]),
            "the PDF has no text layer (2 page(s), none with text: a scan?); run OCR on "
            "it first (e.g. 'ocrmypdf in.pdf out.pdf') and extract from the result",
        ),
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf\n", None),
    ],
)
def test_bad_input_is_one_error_and_nothing_is_written(
    run_offline, files: Path, name: str, data: bytes, message: str | None
) -> None:
    bad = _bad(files, name, data)
    out = files / "out"
    result = run_offline(
        "extract",
        str(files / "report.txt"),
        str(bad),
        "-o",
        str(out),
        "--gazetteer",
        str(files / "names.csv"),
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    if message is None:
        assert lines[0].startswith(f"Error: {bad}: not a readable PDF (") and lines[0].endswith(
            "); open it in a PDF viewer and save or print it as a new PDF"
        )
    else:
        assert lines[0] == f"Error: {bad}: {message}"
    assert not out.exists() and result.stdout == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "id,name\ncn,China\n",
            "line 1: missing column 'label' (a gazetteer has the columns id,label,kind,name,aliases)",
        ),
        (
            "id,label,name\ncn,Person,China\n",
            "line 2: unknown label 'Person' (one of: Actor, Organisation, Event, Place, Topic)",
        ),
        (
            "id,label,kind,name\ncn,Actor,country,China\n",
            "line 2: unknown Actor kind 'country' (one of: state, agency, "
            "office, unit, person, group, company, institution)",
        ),
        ("id,label,name\nc n,Actor,China\n", "line 2: 'id' is not an id: 'c n'"),
        ("id,label,name\ncn,Actor,\n", "line 2: empty 'name'"),
    ],
)
def test_a_bad_gazetteer_file(run_offline, files: Path, content: str, message: str) -> None:
    (files / "names.csv").write_text(content)
    result = run_offline(
        "extract",
        str(files / "report.txt"),
        "-o",
        str(files / "out"),
        "--gazetteer",
        str(files / "names.csv"),
    )
    assert result.exit_code == 1
    assert result.stderr == f"Error: {files / 'names.csv'} {message}\n"
    assert not (files / "out").exists()


BASE = {
    "sources.csv": "id,title\nbase,Base facts\n",
    "actors.csv": "id,name,kind,aliases,source,locator\ncn,China,state,PRC,base,line 1\n"
    "kg,Kyrgyzstan,state,,base,line 1\n",
    "organisations.csv": "id,name,kind,aliases,source,locator\n"
    "sco,Shanghai Cooperation Organisation,intergovernmental,SCO,base,line 1\n",
}


@pytest.mark.server
def test_round_trip_extract_accept_load_query(db, run_cli, tmp_path: Path) -> None:
    """The graph's names are the gazetteer; the accepted candidates load; the facts are
    queryable with the report's citation, confidence and cue."""
    base = tmp_path / "base"
    base.mkdir()
    for name, text in BASE.items():
        (base / name).write_text(text)
    assert run_cli("load", str(base)).exit_code == 0
    (tmp_path / "report.txt").write_text(REPORT)
    out = tmp_path / "out"
    done = run_cli("extract", str(tmp_path / "report.txt"), "-o", str(out), "--accept-all")
    assert done.exit_code == 0, done.stderr
    assert "every one accepted: graphtool load" in done.stderr
    assert db.read("MATCH (s:Source {id: 'report'}) RETURN count(s) AS n") == [{"n": 0}]  # nothing loaded yet
    loaded = run_cli("load", str(out))
    assert loaded.exit_code == 0, loaded.stderr
    rows = db.read(
        "MATCH (a:Actor {id: 'kg'})-[r:MEMBER_OF]->(o:Organisation {id: 'sco'}) "
        "RETURN r.role AS role, r.since AS since, r.sources AS sources, r.locators AS locators, "
        "r.confidence AS confidence, r.cue AS cue"
    )
    assert rows == [
        {
            "role": "member",
            "since": "2001",
            "sources": ["report"],
            "locators": ["line 3"],
            "confidence": 0.8,
            "cue": "joined",
        }
    ]
    parties = db.read(
        "MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e:Event {kind: 'agreement'}) "
        "RETURN a.id AS actor, r.role AS role, e.date AS date, e.locators AS locators ORDER BY actor"
    )
    assert parties == [
        {"actor": "cn", "role": "party", "date": "2002-06", "locators": ["lines 3-4"]},
        {"actor": "kg", "role": "party", "date": "2002-06", "locators": ["lines 3-4"]},
    ]
    source = db.read("MATCH (s:Source {id: 'report'}) RETURN s.file AS file, s.size AS size, s.sha256 AS sha")
    assert source == [
        {
            "file": "report.txt",
            "size": len(REPORT.encode()),
            "sha": __import__("hashlib").sha256(REPORT.encode()).hexdigest(),
        }
    ]
    new = db.read(
        "MATCH (n:Actor {id: 'report-ministry-of-emergency-situations'})-[:CITES]->(s:Source) "
        "RETURN n.kind AS kind, s.id AS source, n.cue AS cue"
    )
    assert new == [{"kind": "agency", "source": "report", "cue": "name shape"}]


@pytest.mark.server
def test_the_graphs_memberships_read_member_states(db, run_cli, tmp_path: Path) -> None:
    """With the graph as the gazetteer, "SCO member states" reads as the members the
    graph's MEMBER_OF facts give (not the inferred ones), each row saying so."""
    base = tmp_path / "base"
    base.mkdir()
    for name, text in BASE.items():
        (base / name).write_text(text)
    (base / "relations.csv").write_text(
        "from,type,to,role,since,inferred,inference,source,locator\n"
        "cn,MEMBER_OF,sco,founding member,2001,,,base,line 1\n"
        "kg,MEMBER_OF,sco,member,,true,a founder's neighbour,base,line 1\n"
    )
    loaded = run_cli("load", str(base))
    assert loaded.exit_code == 0, loaded.stderr
    (tmp_path / "r.txt").write_text("In 2012 the SCO member states met Russia.\n")
    out = tmp_path / "out"
    done = run_cli("extract", str(tmp_path / "r.txt"), "-o", str(out), "--dataset", "mem")
    assert done.exit_code == 0, done.stderr
    rel = list(csv.DictReader(io.StringIO((out / "candidates" / "relations.csv").read_text())))
    notes = {r["note"] for r in rel if r["note"]}
    assert notes and all(n == "China read from 'SCO member states'" for n in notes)
