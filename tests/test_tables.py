"""Tables of events through a mapping file: a CSV and the same table as an XLSX workbook
(written here with openpyxl, as a spreadsheet user would have it), loaded into the real
local server beside a small dataset whose names the table's cells use; then every
mistake a mapping or a table can hold, each with its message, nothing written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphtool.errors import InvalidImportFile
from graphtool.store.load import load_paths, node_counts, relationship_counts
from graphtool.store.readers import ReadOptions, read_paths, read_records

MAPPING = """\
# graphtool table mapping, format 1
format = 1

[table]
file = "{file}"
{table}
[citation]
source = "fpri-2022"
locator = "appendix 2, p. {{Page}}, row {{row}}"

[event]
id = "ex-{{row}}"
name = "{{Exercise}} {{Year}}"
kind_column = "Type"
date = "{{Year}}"
size = "{{Size}}"

[event.kind_map]
Drill = "exercise"
Training = "training"

[[event.participants]]
column = "Participants"
split = ";,"
role = "participant"
label = "Actor"
kind = "state"

[[event.places]]
column = "Location"
kind = "city"
"""
HEADER = ["Exercise", "Year", "Type", "Participants", "Location", "Size", "Page", "Budget"]
ROWS = [
    ["Peace Mission", "2019", "Drill", "Kyrgyz Republic; Russia, Uzbekistan", "Osh", "1,000", "12", "high"],
    ["Border Watch", "2020-05", "Training", "China;Kazakhstan", "", "", "13", ""],
]


def base(folder: Path) -> Path:
    """A dataset that knows some of the table's names (Kyrgyzstan by its alias)."""
    folder.mkdir()
    (folder / "sources.csv").write_text("id,title\nfpri-2022,China's Security Management\n", encoding="utf-8")
    (folder / "actors.csv").write_text(
        "id,name,kind,aliases,source,locator\n"
        "kg,Kyrgyzstan,state,Kyrgyz Republic,fpri-2022,line 1\n"
        "ru,Russia,state,,fpri-2022,line 2\n"
        "cn,China,state,PRC,fpri-2022,line 3\n"
        "kg-mia,Ministry of Internal Affairs (Kyrgyzstan),agency,MIA,fpri-2022,line 4\n"
        "tj-mia,Ministry of Internal Affairs (Tajikistan),agency,MIA,fpri-2022,line 5\n",
        encoding="utf-8",
    )
    (folder / "places.csv").write_text("id,name,kind,source,locator\nosh,Osh,city,fpri-2022,line 6\n",
                                       encoding="utf-8")
    return folder


def csv_table(folder: Path, rows: list[list[str]] = ROWS, mapping: str = MAPPING) -> Path:
    import csv

    with open(folder / "exercises.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    path = folder / "exercises.toml"
    path.write_text(mapping.format(file="exercises.csv", table=""), encoding="utf-8")
    return path


def xlsx_table(folder: Path) -> Path:
    """The same table in a workbook: a title above it, numbers as numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Appendix 2"
    sheet.append(["Exercises, 2019-2020"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(["Peace Mission", 2019, "Drill", "Kyrgyz Republic; Russia, Uzbekistan", "Osh", 1000, 12,
                  "high"])
    sheet.append(["Border Watch", "2020-05", "Training", "China;Kazakhstan", None, None, 13, None])
    book.create_sheet("Notes").append(["nothing to load here"])
    book.save(folder / "exercises.xlsx")
    path = folder / "exercises.toml"
    path.write_text(MAPPING.format(file="exercises.xlsx", table='sheet = "Appendix 2"\nheader = 3\n'),
                    encoding="utf-8")
    return path


FACTS = """
MATCH (a)-[r:PARTICIPATED_IN]->(e:Event)
OPTIONAL MATCH (e)-[:HELD_IN]->(p:Place)
RETURN e.id AS event, e.name AS name, e.kind AS kind, e.date AS date, e.size AS size, e.Budget AS budget,
       e.sources AS esources, e.locators AS elocators, a.id AS actor, labels(a)[0] AS label, r.role AS role,
       r.sources AS sources, r.locators AS locators, p.id AS place
ORDER BY event, actor
"""


def facts(db) -> list[dict]:
    return db.read(FACTS)


EXPECTED_FACTS = [
    dict(event="ex-1", name="Peace Mission 2019", kind="exercise", date="2019", size=1000, budget="high",
         esources=["fpri-2022"], elocators=["appendix 2, p. 12, row 1"], actor=actor, label="Actor",
         role="participant", sources=["fpri-2022"], locators=["appendix 2, p. 12, row 1"], place="osh")
    for actor in ("exercises-uzbekistan", "kg", "ru")
] + [
    dict(event="ex-2", name="Border Watch 2020-05", kind="training", date="2020-05", size=None, budget=None,
         esources=["fpri-2022"], elocators=["appendix 2, p. 13, row 2"], actor=actor, label="Actor",
         role="participant", sources=["fpri-2022"], locators=["appendix 2, p. 13, row 2"], place=None)
    for actor in ("cn", "exercises-kazakhstan")
]


@pytest.mark.server
def test_a_csv_table_with_a_mapping_file(db, tmp_path) -> None:
    load_paths(db, [base(tmp_path / "base")])
    summary = load_paths(db, [csv_table(tmp_path)])
    assert summary.dataset == "exercises"
    assert summary.nodes == {"Actor": 2, "Event": 2}  # Uzbekistan and Kazakhstan are new
    assert summary.relationships == {"HELD_IN": 1, "PARTICIPATED_IN": 5}
    assert facts(db) == EXPECTED_FACTS
    # A name the graph did not know is a new node, cited to the row that named it first.
    assert db.read("MATCH (n:Actor {id: 'exercises-uzbekistan'})-[c:CITES]->(s:Source) "
                   "RETURN n.name AS name, n.kind AS kind, n.datasets AS d, s.id AS s, c.locators AS l") == [
        {"name": "Uzbekistan", "kind": "state", "d": ["exercises"], "s": "fpri-2022",
         "l": ["appendix 2, p. 12, row 1"]}]
    # Kyrgyzstan, found by its alias, is still only the base dataset's node.
    assert db.read("MATCH (n:Actor {id: 'kg'}) RETURN n.datasets AS d") == [{"d": ["base"]}]


@pytest.mark.server
def test_the_same_table_as_an_xlsx_workbook(db, tmp_path) -> None:
    load_paths(db, [base(tmp_path / "base")])
    summary = load_paths(db, [xlsx_table(tmp_path)])
    assert sorted(Path(f).name for f in summary.files) == ["exercises.toml", "exercises.xlsx"]
    assert facts(db) == EXPECTED_FACTS


def test_xlsx_lines_are_the_sheets_row_numbers_and_cells_their_text(tmp_path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "When", "Size"])
    sheet.append(["A", dt.date(2019, 5, 3), 3.0])
    sheet.append([])
    sheet.append(["B", dt.datetime(2020, 1, 2), 2.5])
    book.save(tmp_path / "t.xlsx")
    (tmp_path / "t.toml").write_text(
        'format = 1\n[table]\nfile = "t.xlsx"\n[event]\nname = "{Name}"\ndate = "{When}"\n'
        'note = "size {Size}, line {line}"\n', encoding="utf-8")
    events = read_paths([tmp_path / "t.toml"], format="table").nodes[1:]
    assert [(e.id, e.props["date"], e.props["note"], e.props["locators"], e.line) for e in events] == [
        ("data-1", "2019-05-03", "size 3, line 2", ["row 1"], 2),
        ("data-2", "2020-01-02", "size 2.5, line 4", ["row 2"], 4),
    ]


@pytest.mark.server
def test_without_a_citation_each_row_cites_the_table_file(db, tmp_path) -> None:
    path = tmp_path / "events.toml"
    (tmp_path / "events.tsv").write_text("Meeting\tWho\nTalks\tA; B\nSummit\tB\n", encoding="utf-8")
    path.write_text('format = 1\n[table]\nfile = "events.tsv"\n[event]\nname = "{Meeting}"\n'
                    'kind = "meeting"\n[[event.participants]]\ncolumn = "Who"\nlabel = "Organisation"\n'
                    'kind = "forum"\n', encoding="utf-8")
    load_paths(db, [path])
    source = db.read("MATCH (s:Source) RETURN s.id AS id, s.name AS name")
    assert [s["name"] for s in source] == ["events.tsv"]
    rows = db.read("MATCH (o:Organisation)-[r:PARTICIPATED_IN]->(e:Event) RETURN o.id AS o, e.id AS e, "
                   "r.sources AS s, r.locators AS l ORDER BY e, o")
    sid = source[0]["id"]
    assert rows == [
        {"o": "events-a", "e": "events-1", "s": [sid], "l": ["row 1"]},
        {"o": "events-b", "e": "events-1", "s": [sid], "l": ["row 1"]},
        {"o": "events-b", "e": "events-2", "s": [sid], "l": ["row 2"]},
    ]
    assert db.read("MATCH (n) WHERE (n:Event OR n:Organisation) AND NOT (n)-[:CITES]->(:Source) "
                   "RETURN count(n) AS n") == [{"n": 0}]


@pytest.mark.server
def test_replace_reloads_a_changed_table(db, run_cli, tmp_path) -> None:
    load_paths(db, [base(tmp_path / "base")])
    mapping = csv_table(tmp_path)
    assert run_cli("load", str(mapping)).exit_code == 0
    changed = [ROWS[0][:3] + ["Kyrgyz Republic; Tajikistan"] + ROWS[0][4:], ROWS[1]]
    csv_table(tmp_path, changed)
    refused = run_cli("load", str(mapping))
    assert refused.exit_code == 1 and "--replace" in refused.stderr
    done = run_cli("load", str(mapping), "--replace")
    assert done.exit_code == 0, done.stderr
    who = db.read("MATCH (a)-[:PARTICIPATED_IN]->(:Event {id: 'ex-1'}) RETURN a.id AS id ORDER BY id")
    assert [r["id"] for r in who] == ["exercises-tajikistan", "kg"]
    assert db.read("MATCH (n {id: 'exercises-uzbekistan'}) RETURN count(n) AS n") == [{"n": 0}]
    # Kazakhstan, new in both versions, is the new version's node now.
    assert db.read("MATCH (n:Actor {id: 'exercises-kazakhstan'}) RETURN n.datasets AS d") == [
        {"d": ["exercises"]}]


@pytest.mark.server
def test_an_extract_stub_loads_and_binds_the_reports_names(loaded_db, tmp_path) -> None:
    """graphtool extract's mapping stub of the sample report's table, loaded beside the
    bundled dataset: the cells' names are the bundled states and places."""
    from click.testing import CliRunner

    from graphtool.cli import cli

    root = Path(__file__).resolve().parent.parent / "docs" / "examples"
    out = tmp_path / "review"
    result = CliRunner().invoke(cli, ["extract", str(root / "report.md"), "-o", str(out), "--gazetteer",
                                      str(root / "names.csv")], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    load_paths(loaded_db, [out / "candidates" / "sources.csv"], dataset="report")
    summary = load_paths(loaded_db, [out / "tables" / "report-table-1.toml"])
    assert summary.nodes == {"Event": 2}  # every name is the bundled data's
    rows = loaded_db.read("MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e:Event)-[:HELD_IN]->(p:Place) "
                          "WHERE e.id STARTS WITH 'report-t1' RETURN e.name AS e, a.id AS a, p.id AS p, "
                          "r.sources AS s, r.locators AS l ORDER BY e, a")
    assert rows == [
        {"e": "Mountain Shield", "a": "kg", "p": "place-osh", "s": ["report"], "l": ["line 14"]},
        {"e": "Mountain Shield", "a": "ru", "p": "place-osh", "s": ["report"], "l": ["line 14"]},
        {"e": "River Watch", "a": "cn", "p": "place-khorog", "s": ["report"], "l": ["line 15"]},
        {"e": "River Watch", "a": "tj", "p": "place-khorog", "s": ["report"], "l": ["line 15"]},
    ]


# -- mistakes ----------------------------------------------------------------------------------
def _problems(paths: list[Path], **options: object) -> list[str]:
    with pytest.raises(InvalidImportFile) as caught:
        records = read_records(paths, format="table", options=ReadOptions(**options))  # type: ignore[arg-type]
        records.problems.raise_if_any()
    return [str(p) for p in caught.value.problems]


def _mapping(tmp_path: Path, old: str, new: str) -> Path:
    path = csv_table(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


COLUMNS = "columns: Exercise, Year, Type, Participants, Location, Size, Page, Budget"
# A MAPPING line: "name = ..." is line 13, [[event.participants]] line 22.
MISTAKES = [
    ('name = "{Exercise} {Year}"', 'name = "{Exercise} {Year}\n',
     "line 13: not valid TOML: Illegal character '\\n' (column 26)"),
    ('name = "{Exercise} {Year}"', 'nme = "{Exercise}"',
     "line 13: unknown key 'nme' in [event] (keys: id, name, kind, kind_column, kind_map, date, end_date, "
     "size, size_note, summary, note, participants, places)\n"
     "line 11: no event.name: say what names each event (name = \"{Exercise}\")"),
    ('name = "{Exercise} {Year}"', 'name = "{Exercse}"',
     f"line 13: event.name = '{{Exercse}}': no column 'Exercse' in exercises.csv ({COLUMNS})"),
    ('date = "{Year}"', 'date = "{Year"',
     "line 15: event.date: '{Year' has a '{' without its '}' (write '{{' for a brace)"),
    ('kind_column = "Type"', 'kind_column = "Kind"',
     f"line 14: event.kind_column: no column 'Kind' in exercises.csv ({COLUMNS})"),
    ('Training = "training"', 'Training = "drill"',
     "line 20: event.kind_map: 'Training' = 'drill' is no event kind (one of: meeting, summit, exercise, "
     "training, exchange, transfer, agreement, investment, project, founding, attack, operation, conference, "
     "statement, trade, other)"),
    ('role = "participant"', 'role = "ally"',
     "line 25: event.participants[1].role: unknown PARTICIPATED_IN role 'ally' (one of: participant, "
     "host, guest, organiser, donor, recipient, trainer, trainee, party, observer, investor, supplier, "
     "perpetrator, target, commander)"),
    ('label = "Actor"', 'label = "Place"',
     "line 26: event.participants[1].label: 'Place' (one of: Actor, Organisation)"),
    ('column = "Location"', 'column = "Where"',
     f"line 30: event.places[1].column: no column 'Where' in exercises.csv ({COLUMNS})"),
    ('format = 1', 'format = 2',
     "line 2: format = the number 2: this graphtool reads table mappings of format 1"),
    ('file = "exercises.csv"', 'file = "exercises.ods"',
     "line 5: table.file 'exercises.ods': a table is a .csv, .tsv, .xlsx file"),
    ('file = "exercises.csv"', 'file = "gone.csv"',
     "line 5: table.file 'gone.csv': no such file ({folder}/gone.csv)"),
    ('[table]\n', '[table]\nsheet = "Appendix 2"\n', "line 5: table.sheet is for .xlsx tables only"),
    ('locator = "appendix 2, p. {Page}, row {row}"', 'locator = "p. {Page}}"',
     "line 9: citation.locator: 'p. {Page}}' has a '}' without its '{' (write '}}' for a brace)"),
]


@pytest.mark.parametrize(("old", "new", "expected"), MISTAKES,
                         ids=[m[2].split(": ", 1)[1][:30] for m in MISTAKES])
def test_each_mapping_mistake_names_its_line(tmp_path, old, new, expected) -> None:
    path = _mapping(tmp_path, old, new)
    expected = expected.replace("{folder}", str(tmp_path))
    assert _problems([path]) == [f"{path} {line}" for line in expected.split("\n")]


def test_row_mistakes_name_the_tables_line(tmp_path) -> None:
    rows = [
        ["Peace Mission", "Spring 2019", "Drill", "Russia", "Osh", "", "12", ""],
        ["Border Watch", "2020", "Parade", "China", "", "", "13", ""],
        ["Sky Shield", "2021", "Drill", "China", "", "about 300", "14", ""],
    ]
    path = csv_table(tmp_path, rows)
    table = tmp_path / "exercises.csv"
    assert _problems([path]) == [
        f"{table} line 2: 'date' is not a date: 'Spring 2019' (YYYY, YYYY-MM or YYYY-MM-DD; "
        "date = '{Year}')",
        f"{table} line 3: unknown event kind 'Parade' in column 'Type' (one of: meeting, summit, exercise, "
        "training, exchange, transfer, agreement, investment, project, founding, attack, operation, "
        "conference, statement, trade, other; or map it in [event.kind_map] of exercises.toml)",
        f"{table} line 4: 'size' is not a whole number: 'about 300' (put wording in size_note); "
        "size = '{Size}'",
    ]


def test_a_sheet_that_is_not_there_and_a_file_that_is_no_mapping(tmp_path) -> None:
    path = xlsx_table(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("Appendix 2", "Appendix 9"), encoding="utf-8")
    assert _problems([path]) == [
        f"{path} line 6: no sheet 'Appendix 9' in exercises.xlsx (sheets: Appendix 2, Notes)"]
    assert _problems([tmp_path / "exercises.xlsx"]) == [
        f"{tmp_path / 'exercises.xlsx'}: name the table's mapping file (.toml), whose [table] file names "
        "this table (see docs/import-format.md, Tables of events)"]
    assert _problems([path], columns={"source": "from"}) == [
        f"{path}: --map: for edge lists and GraphML; a table's mapping file says what each column is"]


@pytest.mark.server
def test_mistakes_against_the_graph_write_nothing(db, run_cli, tmp_path) -> None:
    load_paths(db, [base(tmp_path / "base")])
    before = (node_counts(db), relationship_counts(db))
    # A citation to a document the graph does not hold.
    path = _mapping(tmp_path, 'source = "fpri-2022"', 'source = "irb-2015"')
    result = run_cli("load", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path} line 8: citation.source: no :Source 'irb-2015' in the graph; load the dataset that "
        "defines it first, or leave out [citation] to cite the table file",
        "Nothing was written.",
    ]
    # A name two nodes of the graph answer to.
    csv_table(tmp_path, [["Talks", "2019", "Drill", "MIA", "", "", "1", ""]])
    result = run_cli("load", str(path.with_name("exercises.toml")))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {tmp_path / 'exercises.csv'} line 2: 'MIA' in column 'Participants' names 2 nodes of the "
        "graph: kg-mia (Actor), tj-mia (Actor); write the id instead")
    assert (node_counts(db), relationship_counts(db)) == before
    assert [d["dataset"] for d in __import__("json").loads(run_cli("datasets", "--json").stdout)] == ["base"]


def test_citations_from_columns_and_columns_kept_as_properties(tmp_path) -> None:
    (tmp_path / "t.csv").write_text(
        "Name,Doc,Where,Notes,Notes,Who\n"
        "Talks,rep-1;rep-2,p. 3;p. 9,first,second,A\n", encoding="utf-8")
    (tmp_path / "t.toml").write_text(
        'format = 1\n[table]\nfile = "t.csv"\n[citation]\nsource_column = "Doc"\nlocator_column = "Where"\n'
        '[event]\nname = "{Name}"\n[[event.participants]]\ncolumn = "Who"\n', encoding="utf-8")
    data = read_paths([tmp_path / "t.toml"], format="table")
    event = next(n for n in data.nodes if n.label == "Event")
    assert {k: event.props[k] for k in ("sources", "locators", "Notes", "Notes_5")} == {
        "sources": ["rep-1", "rep-2"], "locators": ["p. 3", "p. 9"], "Notes": "first", "Notes_5": "second"}
    assert [(r.start, r.props["sources"], r.props["locators"]) for r in data.relations] == [
        ("data-a", ["rep-1", "rep-2"], ["p. 3", "p. 9"])]
    (tmp_path / "t.csv").write_text("Name,Doc,Where,Notes,Notes,Who\nTalks,rep-1,p. 3;p. 9,,,A\n",
                                    encoding="utf-8")
    with pytest.raises(InvalidImportFile) as caught:
        read_paths([tmp_path / "t.toml"], format="table")
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 't.csv'} line 2: column 'Doc' names 1 document(s) but column 'Where' gives 2 "
        "location(s); give one locator per document"]


def test_tables_that_cannot_be_read(tmp_path) -> None:
    mapping = csv_table(tmp_path)
    table = tmp_path / "exercises.csv"
    table.write_bytes(b"Exercise,Year,Type,Participants,Location,Size,Page,Budget\n"
                      b"Caf\xe9 talks,2019,Drill,Russia,,,1,\n")
    assert _problems([mapping]) == [f"{table} line 2: not UTF-8 text (byte 0xe9); save the file as UTF-8"]
    # The mapping file itself, at its line.
    good = mapping.read_bytes()
    lines = good.split(b"\n")
    mapping.write_bytes(b"\n".join([*lines[:2], b"# caf\xe9", *lines[2:]]))
    assert _problems([mapping]) == [f"{mapping} line 3: not UTF-8 text (byte 0xe9); save the file as UTF-8"]
    mapping.write_bytes(good)
    table.write_text(",".join(HEADER) + "\nTalks,2019,Drill\n", encoding="utf-8")
    assert _problems([mapping]) == [f"{table} line 2: has 3 fields, the header has 8"]
    book = xlsx_table(tmp_path)
    (tmp_path / "exercises.xlsx").write_text("not a workbook", encoding="utf-8")
    problems = _problems([book])
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'exercises.xlsx'}: not a readable XLSX workbook: ")
