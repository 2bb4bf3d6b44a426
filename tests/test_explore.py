"""graphtool query, queries and schema: typed parameters, statement sources, output,
and one clear Error: line for each kind of bad input."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from graphtool.errors import ParameterError, QueryFailed, QueryNotFound, UsageError
from graphtool.explore import (
    bind_params,
    check_value,
    convert_value,
    error_context,
    error_position,
    explain_failure,
    load_params_file,
    looks_like_name,
    parse_param,
    resolve_statement,
)
from graphtool.store.queries import get_named_query, parse_query

DATA = Path(__file__).parent / "data"

DEMO = parse_query(
    "demo",
    "// Demo.\n// @param year int\n// @param share float = 0.5\n// @param on bool = false\n"
    "// @param ids list = []\n// @param since date = null\n// @param who string = null\n"
    "RETURN $year, $share, $on, $ids, $since, $who",
)


# -- pure: parameters -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "type_", "expected"),
    [
        ("2019", "int", 2019),
        ("-3", "int", -3),
        ("0.25", "float", 0.25),
        ("2", "float", 2.0),
        ("true", "bool", True),
        ("No", "bool", False),
        ("cn,kg", "list", ["cn", "kg"]),
        ('["cn", 2]', "list", ["cn", 2]),
        ("2019,2020", "list", [2019, 2020]),
        ("", "list", []),
        ('{"a": 1}', "map", {"a": 1}),
        ("2019-05-01", "date", "2019-05-01"),
        ("2019-05", "date", "2019-05"),
        ("2019", "date", "2019"),
        (" 2019-05 ", "date", "2019-05"),
        ("2019", "string", "2019"),
        ("null", "int", None),
        ("null", "string", "null"),
        ("[1]", "any", [1]),
        ("China", "any", "China"),
    ],
)
def test_convert_value_by_type(raw: str, type_: str, expected: object) -> None:
    assert convert_value(raw, type_, "x") == expected


@pytest.mark.parametrize(
    ("raw", "type_", "message"),
    [
        ("twenty", "int", "parameter 'x' must be an integer, got 'twenty' (e.g. x=2019)"),
        ("1.5", "int", "parameter 'x' must be an integer, got '1.5' (e.g. x=2019)"),
        ("maybe", "bool", "parameter 'x' must be true or false, got 'maybe' (e.g. x=true)"),
        ("abc", "float", "parameter 'x' must be a number, got 'abc' (e.g. x=0.5)"),
        ("14/08/2019", "date", "must be a date (YYYY, YYYY-MM or YYYY-MM-DD), got '14/08/2019'"),
        ("2019-02-30", "date", "must be a date"),
        ('{"a": 1}', "list", "parameter 'x' must be a list"),
        ("[1]", "map", "parameter 'x' must be a JSON object"),
    ],
)
def test_convert_value_rejects_mistyped(raw: str, type_: str, message: str) -> None:
    with pytest.raises(ParameterError) as info:
        convert_value(raw, type_, "x")
    assert message in str(info.value)
    assert info.value.exit_code == 2


def test_parse_param_untyped_and_typed() -> None:
    assert parse_param("n=41") == ("n", 41)
    assert parse_param("who=China") == ("who", "China")
    assert parse_param("note=a=b") == ("note", "a=b")
    assert parse_param("since:date=2019-05-01") == ("since", "2019-05-01")
    assert parse_param("id:string=2019") == ("id", "2019")
    with pytest.raises(ParameterError, match="is not of the form name=value"):
        parse_param("year")
    with pytest.raises(ParameterError, match="unknown type 'integer'"):
        parse_param("n:integer=3")


def test_check_value_from_json_file() -> None:
    assert check_value(3, "int") == 3
    assert check_value(3, "float") == 3.0
    assert check_value("2019-05", "date") == "2019-05"
    assert check_value("7", "int") == 7
    assert check_value(None, "int") is None
    for value, type_ in ((True, "int"), ("x", "int"), (1, "bool"), ("a", "list"), (3, "string")):
        with pytest.raises(ParameterError):
            check_value(value, type_, "p")


def test_bind_params_named_converts_fills_and_reports() -> None:
    bound = bind_params(DEMO, ["year=2019", "ids=cn,kg", "since=2019-05", "who=2019"])
    assert bound == {"year": 2019, "share": 0.5, "on": False, "ids": ["cn", "kg"],
                     "since": "2019-05", "who": "2019"}
    # -p wins over --params; JSON values are checked against the declared types
    assert bind_params(DEMO, ["year=2020"], {"year": 2019, "on": True})["year"] == 2020
    assert bind_params(DEMO, [], {"year": 2019, "on": True})["on"] is True
    with pytest.raises(ParameterError, match="needs parameter 'year' \\(int\\): pass -p year=VALUE"):
        bind_params(DEMO, [])
    with pytest.raises(ParameterError, match="has no parameter 'yaer'"):
        bind_params(DEMO, ["yaer=2019"])
    with pytest.raises(ParameterError, match="must be an integer, got 'soon'"):
        bind_params(DEMO, ["year=soon"])
    with pytest.raises(ParameterError, match="must be true or false"):
        bind_params(DEMO, [], {"year": 1, "on": "perhaps"})
    with pytest.raises(ParameterError, match="is int, not date"):
        bind_params(DEMO, ["year:date=2019"])


def test_bind_params_ad_hoc_reads_json() -> None:
    assert bind_params(None, ["n=1", "xs=[1,2]", "who=kg"], {"n": 0, "z": "a"}) == {
        "n": 1, "xs": [1, 2], "who": "kg", "z": "a"}


def test_load_params_file(tmp_path: Path) -> None:
    good = tmp_path / "p.json"
    good.write_text('{"actor": "kg", "start": 2019}')
    assert load_params_file(good) == {"actor": "kg", "start": 2019}
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(UsageError, match="must be a JSON object"):
        load_params_file(bad)
    bad.write_text("{nope")
    with pytest.raises(UsageError, match="not valid JSON"):
        load_params_file(bad)
    with pytest.raises(UsageError, match="cannot read parameters file"):
        load_params_file(tmp_path / "missing.json")


# -- pure: statements and errors -----------------------------------------------------------
def test_names_versus_cypher() -> None:
    assert looks_like_name("partners_by_year")
    assert looks_like_name("mine/who_met")
    assert not looks_like_name("RETURN 1")
    assert not looks_like_name("MATCH (n) RETURN n")


def test_resolve_statement_sources(tmp_path: Path) -> None:
    assert resolve_statement("RETURN 1;").text == "RETURN 1"
    named = resolve_statement("who_trains_whom")
    assert named.query is not None and named.name == "who_trains_whom"
    plain = tmp_path / "q.cypher"
    plain.write_text("MATCH (n)\nRETURN count(n);\n")
    assert resolve_statement(None, plain).text == "MATCH (n)\nRETURN count(n)"
    headed = tmp_path / "h.cypher"
    headed.write_text("// Mine.\n// @param n int = 1\nRETURN $n AS n\n")
    stmt = resolve_statement(None, headed)
    assert stmt.query is not None and [p.name for p in stmt.query.params] == ["n"]
    with pytest.raises(QueryNotFound) as info:
        resolve_statement("who_train_whom")
    assert str(info.value) == "no named query 'who_train_whom'. Did you mean: who_trains_whom?"
    with pytest.raises(UsageError, match="no statement given"):
        resolve_statement("  ")
    with pytest.raises(UsageError, match="not both"):
        resolve_statement("RETURN 1", plain)
    with pytest.raises(UsageError, match="cannot read"):
        resolve_statement(None, tmp_path / "missing.cypher")


def test_error_positions_of_both_servers() -> None:
    # Neo4j 5: 1-based column and a 0-based offset
    neo = "Invalid input 'RETUR': expected 'RETURN' (line 2, column 1 (offset: 10))"
    assert error_position(neo, "MATCH (n)\nRETUR n") == (2, 1)
    # the local server: ANTLR's 0-based column, in two shapes
    assert error_position("Syntax error at line 1:9 - no viable alternative", "MATCH (n RETURN n") == (1, 10)
    assert error_position("Unexpected input 'RETUR' at line 1, column 10", "MATCH (n) RETUR n") == (1, 11)
    assert error_position("UnknownFunction: Unknown function 'foo'", "RETURN foo(1)") is None
    assert error_context("x at line 2:0 - y", "MATCH (n)\nRETRN n") == ["2| RETRN n", "   ^"]


def test_explain_failure_is_one_line_plus_context() -> None:
    exc = QueryFailed("Syntax error at line 1:9 - no viable alternative at input '(n RETURN'")
    first, context = explain_failure(exc, "MATCH (n RETURN n")
    assert first == ("the database rejected the statement: Syntax error at line 1:9 - "
                     "no viable alternative at input '(n RETURN'")
    assert context == ["  MATCH (n RETURN n", "           ^"]
    neo = QueryFailed("Invalid input ')': expected an expression (offset: 7)\n\"RETURN )\"\n        ^")
    first, context = explain_failure(neo, "RETURN )")
    assert first.endswith("(offset: 7) (line 1, column 8)")
    assert context == ["  RETURN )", "         ^"]


def test_every_named_query_declares_what_it_uses() -> None:
    for name in ("partners_by_year", "exercises_of", "who_trains_whom", "transfers_by_donor",
                 "discussed_between", "events_citing", "uncited"):
        q = get_named_query(name)
        assert q.description, name


# -- the CLI, offline ------------------------------------------------------------------
def test_queries_lists_bundled_and_users(run_offline, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "my_count.cypher").write_text("// Count my nodes.\n// @param label string = \"Actor\"\n"
                                          "MATCH (n) WHERE $label IN labels(n) RETURN count(n) AS n\n")
    result = run_offline("queries", "--queries-dir", str(mine))
    assert result.exit_code == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()[2:]]
    assert "who_trains_whom" in names and "my_count" in names
    env = run_offline("queries", "--json", env={"GRAPHTOOL_QUERIES": str(mine)})
    record = next(q for q in json.loads(env.stdout) if q["name"] == "my_count")
    assert record["parameters"] == [{"name": "label", "type": "string", "required": False,
                                     "default": "Actor", "doc": ""}]
    one = run_offline("queries", "partners_by_year")
    assert one.exit_code == 0
    assert "actor string (required)" in one.stdout and "MATCH" in one.stdout


def test_unknown_named_query_did_you_mean(run_offline) -> None:
    result = run_offline("query", "partners_by_yr", env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no named query 'partners_by_yr'. Did you mean: partners_by_year")
    assert len(result.stderr.splitlines()) == 1
    shown = run_offline("queries", "exercise_of")
    assert shown.stderr.startswith("Error: no named query 'exercise_of'. Did you mean: exercises_of")


def test_parameter_errors_exit_2_before_connecting(run_offline) -> None:
    # The URI is unreachable: these must fail on the parameters, without connecting.
    env = {"NEO4J_URI": "bolt://127.0.0.1:1"}
    missing = run_offline("query", "exercises_of", env=env)
    assert missing.exit_code == 2
    assert missing.stderr == ("Error: query 'exercises_of' needs parameter 'state' (string): "
                              "pass -p state=VALUE\n")
    mistyped = run_offline("query", "partners_by_year", "-p", "actor=kg", "-p", "start=last year", env=env)
    assert mistyped.exit_code == 2
    assert mistyped.stderr == ("Error: parameter 'start' must be an integer, got 'last year' "
                               "(e.g. start=2019)\n")
    unknown = run_offline("query", "exercises_of", "-p", "stat=kg", env=env)
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "Error: query 'exercises_of' has no parameter 'stat' (it takes: state, inferred)\n")
    malformed = run_offline("query", "RETURN 1", "-p", "oops", env=env)
    assert malformed.exit_code == 2
    assert malformed.stderr == "Error: parameter 'oops' is not of the form name=value\n"
    no_statement = run_offline("query", input="", env=env)
    assert no_statement.exit_code == 2
    assert no_statement.stderr.startswith("Error: no statement given")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_one_error_line(run_offline) -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    for args in (("query", "RETURN 1"), ("schema",), ("shell",)):
        result = run_offline("--uri", uri, *args, input="RETURN 1;")
        assert result.exit_code == 1, args
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stderr.startswith(f"Error: cannot reach the graph server at {uri}")


# -- the CLI against the test server ----------------------------------------------------------
@pytest.fixture
def mini(db, run_cli):
    result = run_cli("load", str(DATA / "mini"))
    assert result.exit_code == 0, result.stderr
    return run_cli


@pytest.mark.server
def test_nodes_and_relationships_read_as_label_id_name(mini) -> None:
    result = mini("query", "MATCH (a:Actor {id: 'd'})-[r:PARTICIPATED_IN]->(e) RETURN a, r, e")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "a                   r                         e",
        "------------------  ------------------------  ----------------------------",
        "(:Actor d 'Delta')  [:PARTICIPATED_IN donor]  (:Event e3 'Transfer three')",
    ]
    assert result.stderr.startswith("1 row(s) in ")
    as_json = json.loads(mini("query", "MATCH (a:Actor {id: 'd'}) RETURN a", "--json").stdout)
    assert as_json[0]["a"]["_labels"] == ["Actor"] and as_json[0]["a"]["name"] == "Delta"


@pytest.mark.server
def test_statement_from_file_stdin_and_params_file(mini, tmp_path: Path) -> None:
    q = tmp_path / "q.cypher"
    q.write_text("MATCH (a:Actor) WHERE a.kind = $kind\nRETURN a.id AS id ORDER BY id;\n")
    p = tmp_path / "p.json"
    p.write_text('{"kind": "state"}')
    by_file = mini("query", "-f", str(q), "--params", str(p), "--csv")
    assert by_file.exit_code == 0, by_file.stderr
    assert by_file.stdout == "id\na\nb\nd\n"
    by_stdin = mini("query", "-p", "kind=agency", "--jsonl", input=q.read_text())
    assert by_stdin.stdout == '{"id": "c"}\n'
    by_dash = mini("query", "-f", "-", "-p", "kind=agency", "--csv", input=q.read_text())
    assert by_dash.stdout == "id\nc\n"


@pytest.mark.server
def test_limit_and_timing_on_stderr(mini) -> None:
    result = mini("query", "UNWIND range(1, 10) AS x RETURN x", "--limit", "3", "--csv")
    assert result.stdout == "x\n1\n2\n3\n"
    assert result.stderr.startswith("3 of 10 row(s) in ")
    assert result.stderr.rstrip().endswith(" s")
    quiet = mini("-q", "query", "RETURN 1 AS x", "--csv")
    assert quiet.stderr == ""


@pytest.mark.server
def test_typed_ad_hoc_parameters(mini) -> None:
    result = mini("query", "RETURN $d AS d, date($d).year AS y, date($d).month AS m, $n + 1 AS n, $s AS s",
                  "-p", "d:date=2019-05-14", "-p", "n:int=41", "-p", "s:string=007", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"d": "2019-05-14", "y": 2019, "m": 5, "n": 42, "s": "007"}]
    bad = mini("query", "RETURN $d AS d", "-p", "d:date=2019-02-30")
    assert (bad.exit_code, bad.stderr) == (
        2, "Error: parameter 'd' must be a date (YYYY, YYYY-MM or YYYY-MM-DD), got '2019-02-30' "
        "(e.g. d=2019-05-01)\n")


@pytest.mark.server
def test_date_parameters_compare_with_stored_dates_as_the_readme_says(db, run_cli, tmp_path: Path) -> None:
    """The README's date example, on events dated to the year, month and day."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```cypher\n(.*?)```", readme, re.S) if "@param since date" in b)
    (tmp_path / "dated.cypher").write_text(example, encoding="utf-8")
    assert run_cli("load", str(DATA / "mixed_dates")).exit_code == 0

    def events(*params: str) -> list[str]:
        args = [a for p in params for a in ("-p", p)]
        result = run_cli("query", "dated", "--queries-dir", str(tmp_path), *args, "--json")
        assert result.exit_code == 0, result.stderr
        return [r["event"] for r in json.loads(result.stdout)]

    # A date stands for its start: '2019' is before '2019-05', which is before '2019-05-14'.
    assert events("since=2019-05") == ["m2019-05", "d2019-05-14", "m2019-06", "y2020"]
    assert events("before=2019-06") == ["d2018-11-02", "y2019", "m2019-05", "d2019-05-14"]
    assert events("since=2019-05", "before=2019-06") == ["m2019-05", "d2019-05-14"]
    assert events("since=2019", "before=2020") == ["y2019", "m2019-05", "d2019-05-14", "m2019-06"]
    assert len(events()) == 7
    # What graphtool used to send, a Cypher Date, matches no stored (text) date on the
    # local server either, as on Neo4j: the comparison is null.
    as_date = run_cli("query", "MATCH (e:Event) WHERE e.date >= date($since) RETURN count(e) AS n",
                      "-p", "since=2019-05", "--json")
    assert json.loads(as_date.stdout) == [{"n": 0}]


@pytest.mark.server
def test_write_refused_names_the_flag_and_writes_nothing(mini) -> None:
    result = mini("query", "MATCH (a:Actor {id: 'a'}) SET a.name = 'Changed'")
    assert result.exit_code == 1
    assert result.stderr == ("Error: this statement writes to the database (SET); 'graphtool query' "
                             "is read-only unless you pass --write. Nothing was sent to the database.\n")
    name = mini("query", "MATCH (a:Actor {id: 'a'}) RETURN a.name AS n", "--csv").stdout
    assert name == "n\nAlpha\n"
    ok = mini("query", "MATCH (a:Actor {id: 'a'}) SET a.name = 'Changed'", "--write")
    assert ok.exit_code == 0
    assert "1 properties set" in ok.stderr


@pytest.mark.server
def test_syntax_error_shows_the_position(mini) -> None:
    result = mini("query", "MATCH (n)\nRETRN n")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: the database rejected the statement: ")
    assert "line 2" in lines[0]
    assert lines[1:] == ["2| RETRN n", "   ^"]
    assert "Traceback" not in result.stderr
    named = mini("query", "-f", str(DATA / "mini" / "actors.csv"))
    assert named.exit_code == 1
    assert named.stderr.startswith("Error: the database rejected the statement")


@pytest.mark.server
def test_named_query_from_users_folder(mini, tmp_path: Path) -> None:
    (tmp_path / "states.cypher").write_text(
        "// States by name.\n// @param prefix string = \"\"  start of the name\n"
        "MATCH (a:Actor {kind: 'state'}) WHERE a.name STARTS WITH $prefix\n"
        "RETURN a.id AS id ORDER BY id\n")
    result = mini("query", "states", "--queries-dir", str(tmp_path), "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "id\na\nb\nd\n"
    env = mini("query", "states", "-p", "prefix=B", "--csv", env={"GRAPHTOOL_QUERIES": str(tmp_path)})
    assert env.stdout == "id\nb\n"


@pytest.mark.server
def test_schema_counts_and_constraints(mini) -> None:
    result = mini("schema", "--json")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["labels"] == {"Actor": 4, "Dataset": 1, "Event": 3, "Place": 1, "Source": 1}
    assert schema["relationshipTypes"] == {"CITES": 8, "HELD_IN": 1, "LOCATED_IN": 1,
                                           "PARTICIPATED_IN": 7, "PART_OF": 1}
    keys = {(r["label"], r["key"]): r["count"] for r in schema["nodePropertyKeys"]}
    assert keys[("Actor", "aliases")] == 2 and keys[("Event", "size")] == 1
    rel_keys = {(r["type"], r["key"]): r["count"] for r in schema["relationshipPropertyKeys"]}
    assert rel_keys[("PARTICIPATED_IN", "role")] == 7
    unique = {(c["labelsOrTypes"][0], c["properties"][0]) for c in schema["constraints"]}
    assert ("Actor", "id") in unique and ("Event", "id") in unique
    table = mini("schema").stdout
    for title in ("Labels", "Relationship types", "Node property keys", "Relationship property keys",
                  "Constraints"):
        assert f"\n{title}\n" in f"\n{table}"
