"""The command line: exit codes, the exact Error: text, output formats."""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.mark.server
def test_load_then_stats(db, run_cli) -> None:
    result = run_cli("load", str(DATA / "mini"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "Loaded dataset 'mini': 9 nodes and 10 relationships from 5 file(s) (9 nodes and 18 "
        "relationships new).\nThe graph now holds:\n")
    assert result.stdout == ""
    stats = run_cli("stats", "--json")
    assert json.loads(stats.stdout)["nodes"] == {"Actor": 4, "Event": 3, "Place": 1, "Source": 1}


@pytest.mark.server
def test_bad_load_exit_1_with_file_line_reason(db, run_cli) -> None:
    result = run_cli("load", str(DATA / "bad_date"))
    assert result.exit_code == 1
    # One Error: line for the one problem, then what became of the load.
    assert result.stderr.splitlines() == [
        f"Error: {DATA / 'bad_date' / 'events.csv'} line 3: 'date' is not a date: "
        "'Feburary 2019' (YYYY, YYYY-MM or YYYY-MM-DD)",
        "Nothing was written.",
    ]
    assert "Traceback" not in result.stderr
    assert json.loads(run_cli("stats", "--json").stdout)["nodes"] == {}


@pytest.mark.server
def test_query_formats(db, run_cli) -> None:
    run_cli("load", str(DATA / "mini"))
    q = "MATCH (a:Actor) WHERE a.kind = $kind RETURN a.id AS id, a.name AS name ORDER BY id"
    table = run_cli("query", q, "-p", "kind=state")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.splitlines() == [
        "id  name", "--  -----", "a   Alpha", "b   Beta", "d   Delta",
    ]
    as_json = json.loads(run_cli("query", q, "-p", "kind=state", "--json").stdout)
    assert as_json == [
        {"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}, {"id": "d", "name": "Delta"},
    ]
    as_csv = list(csv.reader(io.StringIO(run_cli("query", q, "-p", "kind=state", "--csv").stdout)))
    assert as_csv == [["id", "name"], ["a", "Alpha"], ["b", "Beta"], ["d", "Delta"]]
    lines = run_cli("query", q, "-p", "kind=agency", "--jsonl").stdout.splitlines()
    assert [json.loads(x) for x in lines] == [{"id": "c", "name": "Gamma"}]


@pytest.mark.server
def test_query_typed_parameters(db, run_cli) -> None:
    result = run_cli("query", "RETURN $n + 1 AS n, $xs AS xs, $flag AS f", "-p", "n=41",
                     "-p", 'xs=["a","b"]', "-p", "flag=true", "--json")
    assert json.loads(result.stdout) == [{"n": 42, "xs": ["a", "b"], "f": True}]


@pytest.mark.server
def test_query_refuses_writes_without_flag(db, run_cli) -> None:
    result = run_cli("query", "CREATE (x:Actor {id: 'tmp'})")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: this statement writes to the database")
    after = run_cli("query", "MATCH (x:Actor {id: 'tmp'}) RETURN count(x) AS n", "--json")
    assert json.loads(after.stdout) == [{"n": 0}]
    ok = run_cli("query", "CREATE (x:Actor {id: 'tmp'})", "--write")
    assert ok.exit_code == 0


@pytest.mark.server
def test_query_syntax_error_is_one_error_line(db, run_cli) -> None:
    result = run_cli("query", "MATCH (n RETURN n")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the database rejected the statement")
    assert "Traceback" not in result.stderr


@pytest.mark.server
def test_path_between_a_node_and_itself_is_no_rows(db, run_cli) -> None:
    # Neo4j's shortestPath refuses equal start and end nodes; the query filters them out.
    run_cli("load", str(DATA / "mini"))
    same = run_cli("query", "path_between", "-p", "a=a", "-p", "b=a", "--json")
    assert same.exit_code == 0, same.stderr
    assert json.loads(same.stdout) == []
    # Alpha and Beta both took part in e1 (tests/data/mini/relations.csv).
    other = run_cli("query", "path_between", "-p", "a=a", "-p", "b=b", "--json")
    assert other.exit_code == 0, other.stderr
    rows = json.loads(other.stdout)
    assert [r["hops"] for r in rows] == [2]
    assert rows[0]["nodes"][0] == "a" and rows[0]["nodes"][-1] == "b"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_says_which_and_what_to_try(run_offline) -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    result = run_offline("--uri", uri, "stats")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot reach the graph server at {uri}")
    assert "docker compose up -d" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.server
def test_wrong_password_says_so(db, run_cli, server_settings) -> None:
    # A user name of its own: the server locks a name after five failed logins.
    uri = server_settings.uri
    env = {"NEO4J_URI": uri, "NEO4J_USERNAME": "analyst-wrong", "NEO4J_PASSWORD": "not-the-password"}
    result = run_cli("stats", env=env)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the graph server at {uri} refused user 'analyst-wrong': wrong user name or "
        "password. Set NEO4J_USERNAME/NEO4J_PASSWORD or pass --user/--password.\n"
    )


def test_bad_option_exit_2(run_offline) -> None:
    result = run_offline("load", "--batch-size", "0")
    assert result.exit_code == 2


def test_validate_offline(run_offline) -> None:
    result = run_offline("validate", str(DATA / "mini"), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["relationships"]["PARTICIPATED_IN"] == 7
    bad = run_offline("validate", str(DATA / "unknown_kind"))
    assert bad.exit_code == 1
    assert "unknown Actor kind 'planet'" in bad.stderr
