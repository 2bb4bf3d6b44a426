"""Readers: files to validated records (pure, no database)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from graphtool.errors import InvalidImportFile
from graphtool.store.readers.csvfiles import parse_date, read_paths

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


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


# -- hostile but ordinary input ------------------------------------------------------------------
def _dataset(folder: Path, events: str = "", actors: str = "", relations: str = "") -> Path:
    """A minimal dataset in ``folder``: one source, plus the given data rows."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.csv").write_text("id,title\ndoc1,T\n", encoding="utf-8")
    if actors:
        (folder / "actors.csv").write_text("id,name,kind,source,locator\n" + actors, encoding="utf-8")
    if events:
        (folder / "events.csv").write_text(
            "id,name,kind,date,end_date,size,source,locator\n" + events, encoding="utf-8"
        )
    if relations:
        (folder / "relations.csv").write_text(
            "from,type,to,role,since,source,locator\n" + relations, encoding="utf-8"
        )
    return folder


def only_problem(paths: list[Path]) -> str:
    with pytest.raises(InvalidImportFile) as info:
        read_paths(paths)
    found = [str(p) for p in info.value.problems]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("size", "reason"),
    [
        ("²", "'size' is not a whole number in the digits 0-9: '²' (put wording in size_note)"),
        ("١٢", "'size' is not a whole number in the digits 0-9: '١٢' (put wording in size_note)"),
        ("１２", "'size' is not a whole number in the digits 0-9: '１２' (put wording in size_note)"),
        ("12 people", "'size' is not a whole number: '12 people' (put wording in size_note)"),
        ("-5", "'size' is not a whole number: '-5' (put wording in size_note)"),
        ("12345678901234567890",
         "'size' is too large: '12345678901234567890' (at most 9,223,372,036,854,775,807)"),
        ("9223372036854775808",
         "'size' is too large: '9223372036854775808' (at most 9,223,372,036,854,775,807)"),
    ],
)
def test_size_is_ascii_digits_within_int64(tmp_path: Path, size: str, reason: str) -> None:
    folder = _dataset(tmp_path, events=f"e1,E,meeting,2019,,{size},doc1,l1\n")
    assert only_problem([folder]) == f"{folder / 'events.csv'} line 2: {reason}"


@pytest.mark.parametrize(("size", "value"), [("9223372036854775807", 2**63 - 1), ("1,075", 1075), ("0", 0)])
def test_size_accepted_up_to_int64(tmp_path: Path, size: str, value: int) -> None:
    folder = _dataset(tmp_path, events=f'e1,E,meeting,2019,,"{size}",doc1,l1\n')
    (event,) = [n for n in read_paths([folder]).nodes if n.id == "e1"]
    assert event.props["size"] == value


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("0000", "there is no year 0000; years start at 0001"),
        ("0000-01-01", "there is no year 0000; years start at 0001"),
        ("2019-00", "there is no month 00"),
        ("2019-13", "there is no month 13"),
        ("2019-02-00", "2019-02 has no day 00"),
        ("2019-02-29", "2019-02 has no day 29"),
        ("２０１９", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2019-0５", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("19", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_dates_are_real_days_in_ascii_digits(tmp_path: Path, date: str, why: str) -> None:
    folder = _dataset(tmp_path, events=f"e1,E,meeting,{date},,,doc1,l1\n")
    assert only_problem([folder]) == f"{folder / 'events.csv'} line 2: 'date' is not a date: '{date}' ({why})"


def test_every_date_column_is_checked_the_same_way(tmp_path: Path) -> None:
    why = "(there is no year 0000; years start at 0001)"
    sources = _dataset(tmp_path / "s")
    (sources / "sources.csv").write_text("id,title,date\ndoc1,T,0000\n", encoding="utf-8")
    assert only_problem([sources]) == f"{sources / 'sources.csv'} line 2: 'date' is not a date: '0000' {why}"
    orgs = _dataset(tmp_path / "o")
    (orgs / "organisations.csv").write_text(
        "id,name,kind,founded,source,locator\no1,O,forum,0000,doc1,l1\n", encoding="utf-8"
    )
    assert only_problem([orgs]) == (
        f"{orgs / 'organisations.csv'} line 2: 'founded' is not a date: '0000' {why}"
    )
    since = _dataset(tmp_path / "r", actors="a,A,state,doc1,l1\n",
                     relations="a,PART_OF,a,,0000,doc1,l1\n")
    assert only_problem([since]) == f"{since / 'relations.csv'} line 2: 'since' is not a date: '0000' {why}"
    ends = _dataset(tmp_path / "e", events="e1,E,meeting,2019,0000,,doc1,l1\n")
    assert only_problem([ends]) == f"{ends / 'events.csv'} line 2: 'end_date' is not a date: '0000' {why}"


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [("2019-05-10", "2019-05-01", False), ("2019-05", "2019-04-30", False), ("2020", "2019-12", False),
     ("2019-05", "2019", True), ("2019", "2019-01-01", True), ("2019-05-10", "2019-05-10", True)],
)
def test_an_event_cannot_end_before_it_starts(tmp_path: Path, start: str, end: str, ok: bool) -> None:
    folder = _dataset(tmp_path, events=f"e1,E,meeting,{start},{end},,doc1,l1\n")
    if ok:
        assert read_paths([folder]).counts()["nodes"]["Event"] == 1
    else:
        assert only_problem([folder]) == (
            f"{folder / 'events.csv'} line 2: 'end_date' {end} is before 'date' {start}"
        )


def _relations(folder: Path, header: str, rows: str) -> Path:
    """A dataset with an organisation ``o``, an actor ``a`` and these relation rows."""
    _dataset(folder, actors="a,A,state,doc1,l1\n")
    (folder / "organisations.csv").write_text(
        "id,name,kind,source,locator\no,O,forum,doc1,l1\n", encoding="utf-8"
    )
    (folder / "relations.csv").write_text(header + "\n" + rows, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("since", "until", "problem"),
    [
        ("2005", "0000", "'until' is not a date: '0000' (there is no year 0000; years start at 0001)"),
        ("2005", "2004-12", "'until' 2004-12 is before 'since' 2005"),
        ("2005-06", "2005-05-31", "'until' 2005-05-31 is before 'since' 2005-06"),
    ],
)
def test_until_is_a_date_not_before_since(tmp_path: Path, since: str, until: str, problem: str) -> None:
    folder = _relations(tmp_path, "from,type,to,role,since,until,source,locator",
                        f"a,MEMBER_OF,o,observer,{since},{until},doc1,l1\n")
    assert only_problem([folder]) == f"{folder / 'relations.csv'} line 2: {problem}"


def test_each_status_period_is_its_own_relationship(tmp_path: Path) -> None:
    folder = _relations(
        tmp_path, "from,type,to,role,since,until,source,locator",
        "a,MEMBER_OF,o,observer,,2005,doc1,l1\n"
        "a,MEMBER_OF,o,observer,2009,2012,doc1,l2\n"
        "a,MEMBER_OF,o,observer,2009,2012,doc1,l3\n"
        "a,MEMBER_OF,o,member,2005,,doc1,l4\n",
    )
    rels = sorted(read_paths([folder]).relations, key=lambda r: r.key)
    assert [(r.key, r.props.get("since"), r.props.get("until")) for r in rels] == [
        ("a|MEMBER_OF|o|member|2005", "2005", None),
        ("a|MEMBER_OF|o|observer|2009|2012", "2009", "2012"),
        ("a|MEMBER_OF|o|observer||2005", None, "2005"),
    ]
    assert rels[1].props["locators"] == ["l2", "l3"]


INFERRED_HEADER = "from,type,to,role,inferred,inference,source,locator"


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ("yes,the row above", "'inferred' is not true or false: 'yes'"),
        ("true,", "'inferred' is true but 'inference' is empty (say why)"),
        ("false,the row above", "'inference' is given but 'inferred' is not true"),
        (",the row above", "'inference' is given but 'inferred' is not true"),
    ],
)
def test_inferred_is_true_or_false_and_true_says_why(tmp_path: Path, cells: str, problem: str) -> None:
    folder = _relations(tmp_path, INFERRED_HEADER, f"a,MEMBER_OF,o,member,{cells},doc1,l1\n")
    assert only_problem([folder]) == f"{folder / 'relations.csv'} line 2: {problem}"


def test_inferred_facts_carry_the_flag_and_the_reason(tmp_path: Path) -> None:
    folder = _relations(
        tmp_path, INFERRED_HEADER,
        "a,MEMBER_OF,o,observer,TRUE,from the row above,doc1,l1\n"
        "a,MEMBER_OF,o,observer,true,from the name,doc1,l2\n"
        "a,MEMBER_OF,o,member,true,from the row above,doc1,l3\n"
        "a,MEMBER_OF,o,member,false,,doc1,l4\n"
        "a,MEMBER_OF,o,guest,false,,doc1,l5\n",
    )
    rels = {r.props["role"]: r.props for r in read_paths([folder]).relations}
    assert (rels["observer"]["inferred"], rels["observer"]["inference"]) == (
        True, "from the row above; from the name")
    # one row states the membership: it is stated, whatever the other row infers
    assert "inferred" not in rels["member"] and "inference" not in rels["member"]
    assert "inferred" not in rels["guest"]


def test_claims_are_nodes_about_others_and_contradict_each_other(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, actors="a,A,state,doc1,l1\n")
    (folder / "claims.csv").write_text(
        "id,name,source,locator\nc1,A was founded in 2002,doc1,l2\nc2,A was founded in 2004,doc1,l3\n",
        encoding="utf-8",
    )
    (folder / "relations.csv").write_text(
        "from,type,to,role,source,locator\n"
        "c1,ABOUT,a,,doc1,l2\nc2,ABOUT,a,,doc1,l3\nc1,CONTRADICTS,c2,founding year,doc1;doc1,l2;l3\n",
        encoding="utf-8",
    )
    ds = read_paths([folder])
    assert ds.counts()["nodes"]["Claim"] == 2
    assert ds.counts()["relationships"] == {"ABOUT": 2, "CONTRADICTS": 1}
    (folder / "relations.csv").write_text(
        "from,type,to,role,source,locator\nc1,CONTRADICTS,a,,doc1,l2\n", encoding="utf-8"
    )
    assert only_problem([folder]) == (
        f"{folder / 'relations.csv'} line 2: CONTRADICTS cannot end at Actor 'a' (allowed: Claim)"
    )


def test_ids_equal_but_for_case_name_both_places(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, actors="p-a1,A,state,doc1,l1\n")
    (folder / "actors_more.csv").write_text(
        "id,name,kind,source,locator\nx,X,state,doc1,l1\nP-A1,B,state,doc1,l1\n", encoding="utf-8"
    )
    assert only_problem([folder]) == (
        f"{folder / 'actors_more.csv'} line 3: id 'P-A1' differs only in case from 'p-a1' "
        f"(defined in {folder / 'actors.csv'} line 2); ids must differ by more than case"
    )


def test_a_folder_reads_csv_files_whatever_the_case_of_the_extension(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    (folder / "actors.CSV").write_text("id,name,kind,source,locator\na,A,state,doc1,l1\n", encoding="utf-8")
    (folder / "places.Csv").write_text("id,name,kind,source,locator\np,P,city,doc1,l1\n", encoding="utf-8")
    ds = read_paths([folder])
    assert ds.counts()["nodes"] == {"Actor": 1, "Place": 1, "Source": 1}
    assert read_paths([folder / "actors.CSV", folder / "sources.csv"]).counts()["nodes"]["Actor"] == 1


def test_a_broken_symbolic_link_is_an_error(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data", actors="a,A,state,doc1,l1\n")
    (folder / "events.csv").symlink_to(tmp_path / "gone" / "events.csv")
    (folder / ".#actors.csv").symlink_to("root@host.1234:1700000000")  # an editor's lock: left alone
    assert only_problem([folder]) == (
        f"{folder / 'events.csv'}: broken symbolic link: its target '{tmp_path / 'gone' / 'events.csv'}' "
        "does not exist"
    )
    assert only_problem([folder / "events.csv"]) == (
        f"{folder / 'events.csv'}: broken symbolic link: its target '{tmp_path / 'gone' / 'events.csv'}' "
        "does not exist"
    )


def test_linked_subfolders_are_read_once_even_in_a_loop(tmp_path: Path) -> None:
    extra = tmp_path / "elsewhere"
    extra.mkdir()
    (extra / "actors.csv").write_text("id,name,kind,source,locator\na,A,state,doc1,l1\n", encoding="utf-8")
    folder = _dataset(tmp_path / "data")
    (folder / "extra").symlink_to(extra)
    (extra / "back").symlink_to(folder)  # a loop: data/extra/back is data
    assert read_paths([folder]).counts()["nodes"] == {"Actor": 1, "Source": 1}


def _run_unprivileged(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` as a user file permissions apply to.

    Root reads a chmod 000 folder anyway, so as root the child imports what it needs,
    then drops its effective user to ``nobody`` before touching the data.
    """
    prelude = "import os, sys, encodings.utf_8_sig, json\n"
    prelude += "from graphtool.cli import cli\n"
    prelude += "import graphtool.output, graphtool.store.readers.csvfiles, graphtool.paths\n"
    if os.geteuid() == 0:
        prelude += "try:\n    os.setegid(65534); os.seteuid(65534)\nexcept OSError:\n    sys.exit(77)\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", prelude + code], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_an_unreadable_subfolder_is_an_error(tmp_path: Path) -> None:
    # Outside pytest's private temporary folder, so the unprivileged child can reach it.
    base = Path(tempfile.mkdtemp(prefix="graphtool-unreadable-"))
    try:
        base.chmod(0o755)
        folder = _dataset(base / "data")
        for p in (folder, *folder.iterdir()):
            p.chmod(0o755 if p.is_dir() else 0o644)
        locked = folder / "more"
        locked.mkdir()
        (locked / "actors.csv").write_text("id,name,kind,source,locator\na,A,state,doc1,l1\n")
        locked.chmod(0)
        done = _run_unprivileged("cli(['validate', 'data'], prog_name='graphtool')", base)
        if done.returncode == 77:
            pytest.skip("running as root, and root cannot switch to user 'nobody' here")
        assert done.returncode == 1, done.stderr
        assert done.stderr.splitlines() == [
            "Error: data/more: cannot read folder: Permission denied",
            "Nothing was written.",
        ]
        assert done.stdout == ""
    finally:
        (base / "data" / "more").chmod(0o755)
        shutil.rmtree(base)
