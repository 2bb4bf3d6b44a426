"""CSV safe for spreadsheets, written by one function (pure, exact bytes)."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import networkx as nx
import pytest

from graphtool.output import csv_text, format_rows, format_sections, spreadsheet_safe
from graphtool.visual.export import export_graph, to_csv

PACKAGE = Path(__file__).resolve().parent.parent / "graphtool"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("-", "'-"),
        ("-inf", "'-inf"),
        # plain decimal numbers are numbers, not formulas: kept
        ("-0.5", "-0.5"),
        ("+3", "+3"),
        ("-1e-05", "-1e-05"),
        ("-.5", "-.5"),
        # only the first character counts
        ("a=b", "a=b"),
        (" =1+1", " =1+1"),
        ("", ""),
        ("kg-mia", "kg-mia"),
    ],
)
def test_spreadsheet_safe(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


def test_csv_text_exact_bytes() -> None:
    rows = [["=1+1", "-0.5", "a\rb"], ["@x", "two\nlines", 'say "hi", ok'], ["", "", ""]]
    assert csv_text(["name", "=score", "note"], rows) == (
        "name,'=score,note\n"
        "'=1+1,-0.5,\"a\rb\"\n"
        "'@x,\"two\nlines\",\"say \"\"hi\"\", ok\"\n"
        ",,\n"
    )
    assert csv_text(["name", "=score", "note"], rows, raw=True) == (
        "name,=score,note\n"
        "=1+1,-0.5,\"a\rb\"\n"
        "@x,\"two\nlines\",\"say \"\"hi\"\", ok\"\n"
        ",,\n"
    )


def test_a_bare_cr_inside_a_value_is_quoted_so_readers_keep_the_row() -> None:
    text = csv_text(["a", "b"], [["x\ry", "z"], ["\r", "w"]], raw=True)
    assert text == 'a,b\n"x\ry",z\n"\r",w\n'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a", "b"], ["x\ry", "z"], ["\r", "w"]]


def test_a_row_of_one_empty_cell_is_not_a_blank_line() -> None:
    assert csv_text(["a"], [[""], ["x"]]) == 'a\n""\nx\n'


def test_format_rows_csv_and_csv_raw() -> None:
    rows = [{"id": "cn", "name": "=cmd|' /C calc'!A0", "score": -0.5, "n": -3, "tags": ["-a", "b"]},
            {"id": "kg", "name": "Kyrgyzstan\r\nRepublic", "score": float("-inf"), "n": None, "tags": []}]
    columns = ["id", "name", "score", "n", "tags"]
    assert format_rows(rows, columns, "csv") == (
        "id,name,score,n,tags\n"
        "cn,'=cmd|' /C calc'!A0,-0.5,-3,'-a; b\n"
        "kg,\"Kyrgyzstan\r\nRepublic\",'-inf,,"
    )
    assert format_rows(rows, columns, "csv-raw") == (
        "id,name,score,n,tags\n"
        "cn,=cmd|' /C calc'!A0,-0.5,-3,-a; b\n"
        "kg,\"Kyrgyzstan\r\nRepublic\",-inf,,"
    )


def test_format_sections_csv_is_neutralised_too() -> None:
    sections = {"Labels": ([{"label": "=Actor", "count": 2}], ["label", "count"])}
    assert format_sections(sections, "csv") == "section,label,count\nLabels,'=Actor,2"
    assert format_sections(sections, "csv-raw") == "section,label,count\nLabels,=Actor,2"


def _hostile_graph() -> nx.Graph:
    g = nx.Graph(projection="actors", filters={})
    g.add_node("a", label="Actor", kind="state", name="=HYPERLINK(\"http://evil\")", aliases=["@home", "-x"],
               sources=["doc1"], locators=["line 1"], score=-0.25)
    g.add_node("b", label="Actor", kind="state", name="Beta\rGamma", aliases=[], sources=["doc1"],
               locators=["line 2"], score=0.5)
    g.add_edge("a", "b", weight=2, role="+1 ally")
    return g


def test_export_csv_is_neutralised_unless_raw() -> None:
    nodes, edges = to_csv(_hostile_graph())
    assert nodes == (
        "id,label,kind,name,aliases,sources,locators,score\n"
        "a,Actor,state,\"'=HYPERLINK(\"\"http://evil\"\")\",'@home;-x,doc1,line 1,-0.25\n"
        "b,Actor,state,\"Beta\rGamma\",,doc1,line 2,0.5\n"
    )
    assert edges == "source,target,weight,role\na,b,2,'+1 ally\n"
    nodes, edges = to_csv(_hostile_graph(), raw=True)
    assert nodes == (
        "id,label,kind,name,aliases,sources,locators,score\n"
        "a,Actor,state,\"=HYPERLINK(\"\"http://evil\"\")\",@home;-x,doc1,line 1,-0.25\n"
        "b,Actor,state,\"Beta\rGamma\",,doc1,line 2,0.5\n"
    )
    assert edges == "source,target,weight,role\na,b,2,+1 ally\n"


def test_export_graph_csv_raw_writes_the_raw_files(tmp_path: Path) -> None:
    written = export_graph(_hostile_graph(), "csv-raw", tmp_path / "net.csv")
    assert written == [tmp_path / "net-nodes.csv", tmp_path / "net-edges.csv"]
    assert (tmp_path / "net-edges.csv").read_bytes() == b"source,target,weight,role\na,b,2,+1 ally\n"
    export_graph(_hostile_graph(), "csv", tmp_path / "safe.csv")
    assert (tmp_path / "safe-edges.csv").read_bytes() == b"source,target,weight,role\na,b,2,'+1 ally\n"


def test_csv_is_written_in_one_place() -> None:
    """No module but output.py writes CSV (csv.writer/DictWriter), so every CSV output
    gets the same neutralisation and quoting."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter") and (
                isinstance(node.value, ast.Name) and node.value.id == "csv"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_cli_format_lists_agree_with_the_library() -> None:
    from graphtool.cli import visual
    from graphtool.output import FORMATS
    from graphtool.shell import FORMATS as SHELL_FORMATS
    from graphtool.visual.export import FORMATS as EXPORT_FORMATS

    assert visual._FORMATS == EXPORT_FORMATS
    assert SHELL_FORMATS == FORMATS
