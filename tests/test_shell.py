"""graphtool shell: statement splitting and completion (pure), scripts on stdin, and the
interactive shell driven through a pseudo-terminal."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graphtool.cli.base import State
from graphtool.explore import Schema
from graphtool.shell import (
    Shell,
    Vocabulary,
    complete,
    completion_context,
    split_script,
    statement_complete,
)

DATA = Path(__file__).parent / "data"


# -- pure ---------------------------------------------------------------------------------
def test_statement_ends_with_semicolon_outside_strings_and_comments() -> None:
    assert statement_complete("RETURN 1;")
    assert statement_complete("MATCH (n)\nRETURN n ;  ")
    assert not statement_complete("MATCH (n)")
    assert not statement_complete("RETURN ';'")
    assert not statement_complete("RETURN 1 // done;")
    assert statement_complete("RETURN 1; // done")


def test_split_script() -> None:
    script = (":param kind=state\nMATCH (a:Actor)\nWHERE a.kind = $kind\nRETURN a.id;\n"
              ":format csv\nRETURN 'a;b' AS x; RETURN 2;\n// a comment only\nRETURN 3")
    assert list(split_script(script)) == [
        ":param kind=state",
        "MATCH (a:Actor)\nWHERE a.kind = $kind\nRETURN a.id",
        ":format csv",
        "RETURN 'a;b' AS x",
        "RETURN 2",
        "// a comment only\nRETURN 3",
    ]


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("MATCH (a:Ac", ("label", "Ac")),
        ("MATCH (a)-[r:PART", ("type", "PART")),
        ("MATCH (a)-[:", ("type", "")),
        ("RETURN a.na", ("property", "na")),
        ("RETURN $ki", ("param", "ki")),
        (":for", ("command", ":for")),
        ("partn", ("word", "partn")),
        ("MATCH (a) RET", ("word", "RET")),
    ],
)
def test_completion_context(before: str, expected: tuple[str, str]) -> None:
    assert completion_context(before) == expected


def test_complete_offers_schema_names_and_named_queries() -> None:
    vocab = Vocabulary()
    schema = Schema(labels={"Actor": 3, "Event": 2}, relationship_types={"PARTICIPATED_IN": 4},
                    node_keys=[{"label": "Actor", "key": "name", "count": 3},
                               {"label": "Event", "key": "year", "count": 2}])
    vocab.update(schema, ["partners_by_year", "parts_of"])
    vocab.params = ["kind"]
    assert complete(vocab, "MATCH (a:Ac") == [("Actor", -2)]
    assert ("PARTICIPATED_IN", -4) in complete(vocab, "MATCH (a)-[r:PART")
    assert complete(vocab, "RETURN a.na") == [("name", -2)]
    assert complete(vocab, "RETURN $k") == [("kind", -1)]
    assert complete(vocab, "partn") == [("partners_by_year", -5)]
    assert ("RETURN", -3) in complete(vocab, "MATCH (a) RET")
    assert [c for c, _ in complete(vocab, ":sch")] == [":schema"]


@pytest.mark.parametrize("text", [":run", ":run   ", ":run;"])
def test_run_without_a_name_is_a_usage_error(text: str) -> None:
    # The usage error comes before any connection, so no server is needed.
    out: list[str] = []
    err: list[str] = []
    state = State(None, None, None, None, trace=False, quiet=False, traceback=False)
    sh = Shell(state, out=out.append, err=err.append)
    assert sh.handle(text) is True
    assert sh.failed
    assert err == ["Error: use :run NAME [name=value ...]"]
    assert out == []


# -- scripts on stdin -----------------------------------------------------------------------
@pytest.fixture
def mini(db, run_cli):
    assert run_cli("load", str(DATA / "mini")).exit_code == 0
    return run_cli


@pytest.mark.server
def test_script_runs_statements_commands_and_named_queries(mini) -> None:
    script = (":param kind=state\n"
              "MATCH (a:Actor) WHERE a.kind = $kind\nRETURN a.id AS id ORDER BY id;\n"
              ":format csv\n"
              ":run find text=gam\n"
              ":params\n")
    result = mini("shell", input=script)
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[:5] == ["id", "--", "a", "b", "d"]
    assert "Actor,c,Gamma,agency" in out
    assert "kind  \"state\"  string" in result.stdout
    assert "3 row(s) in " in result.stderr


@pytest.mark.server
def test_script_errors_are_error_lines_and_exit_1(mini) -> None:
    script = ("MATCH (n RETURN n;\nCREATE (x:Actor {id: 'new'});\n:format xml\n"
              "nonexistent_query;\n:run find\nRETURN 1 AS still_here;\n")
    result = mini("shell", input=script)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors[0].startswith("Error: the database rejected the statement: ")
    assert errors[1] == ("Error: this statement writes to the database (CREATE); the shell is "
                         "read-only until you type ':write on' (or start it with --write). "
                         "Nothing was sent to the database.")
    assert errors[2] == "Error: unknown format 'xml': use :format table|json|jsonl|csv|csv-raw"
    assert errors[3].startswith("Error: no named query 'nonexistent_query'")
    assert errors[4] == "Error: query 'find' needs parameter 'text' (string): pass -p text=VALUE"
    assert "still_here" in result.stdout
    written = mini("query", "MATCH (x:Actor {id: 'new'}) RETURN count(x) AS n", "--csv")
    assert written.stdout == "n\n0\n"


# -- the interactive shell, through a pseudo-terminal -----------------------------------------
pexpect = pytest.importorskip("pexpect")

PROMPT = "graphtool>"


@pytest.fixture
def spawn_shell(mini, cli_env, tmp_path: Path) -> Iterator[Callable[..., object]]:
    children = []

    def spawn(*args: str) -> object:
        # cli_env names the test server's home when the tests run on the local server.
        env = {**os.environ, "GRAPHTOOL_HOME": str(tmp_path / "home"), **cli_env, "TERM": "xterm",
               "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1"}
        child = pexpect.spawn(sys.executable, ["-m", "graphtool", "shell", *args], env=env,
                              encoding="utf-8", timeout=30, dimensions=(40, 160))
        children.append(child)
        child.expect(PROMPT)
        return child

    yield spawn
    for child in children:
        if child.isalive():
            child.terminate(force=True)


@pytest.mark.server
def test_multiline_statement_ends_with_semicolon(spawn_shell) -> None:
    sh = spawn_shell()
    sh.send("MATCH (a:Actor)\r")
    sh.expect(r"\.\.\.>")  # a continuation line, nothing run yet
    sh.send("WHERE a.kind = 'agency'\r")
    sh.expect(r"\.\.\.>")
    sh.send("RETURN a.name AS agency;\r")
    sh.expect("Gamma")
    sh.expect(r"1 row\(s\) in")
    sh.expect(PROMPT)
    time.sleep(0.2)
    sh.sendeof()
    sh.expect(pexpect.EOF)


@pytest.mark.server
def test_completion_of_labels_properties_and_named_queries(spawn_shell) -> None:
    sh = spawn_shell()
    # 'Sour' completes to the label Source and 'tit' to the property key title: the
    # query only finds the document if both completions happened.
    sh.send("MATCH (s:Sour\t")
    time.sleep(0.3)
    sh.send(") RETURN s.tit\t")
    time.sleep(0.3)
    sh.send(" AS found;\r")
    sh.expect("A test report")
    sh.expect(PROMPT)
    sh.send(":param text=Delta\r")
    sh.expect(PROMPT)
    sh.send("fin\t")  # the named query 'find'
    time.sleep(0.3)
    sh.send(";\r")
    sh.expect(r"Actor\s+d\s+Delta")
    sh.expect(PROMPT)
    time.sleep(0.2)
    sh.sendeof()
    sh.expect(pexpect.EOF)


@pytest.mark.server
def test_help_params_format_and_schema(spawn_shell) -> None:
    sh = spawn_shell()
    sh.send(":help\r")
    sh.expect(":format table\\|json\\|jsonl\\|csv")
    sh.expect(PROMPT)
    sh.send(":param year:int=2019\r")
    sh.expect(PROMPT)
    sh.send(":params\r")
    sh.expect(r"year\s+2019\s+int")
    sh.expect(PROMPT)
    sh.send(":format json\r")
    sh.expect(PROMPT)
    sh.send("RETURN $year + 1 AS next;\r")
    sh.expect('"next": 2020')
    sh.expect(PROMPT)
    sh.send(":format table\r")
    sh.expect(PROMPT)
    sh.send(":schema\r")
    sh.expect(r"PARTICIPATED_IN\s+7")
    sh.expect("Constraints")
    sh.expect(PROMPT)
    sh.send(":quit\r")
    sh.expect(pexpect.EOF)


@pytest.mark.server
def test_history_is_kept_across_sessions(spawn_shell) -> None:
    first = spawn_shell()
    first.send("RETURN 'remembered' AS word;\r")
    first.expect(r"1 row\(s\) in")  # output, not the echo of the typed line
    first.expect(PROMPT)
    time.sleep(0.2)
    first.sendeof()
    first.expect(pexpect.EOF)
    second = spawn_shell()
    second.send("\x1b[A")  # the up arrow recalls the last statement of the last session
    time.sleep(0.3)
    second.send("\r")
    second.expect(r"1 row\(s\) in")
    assert "remembered" in second.before
    second.expect(PROMPT)
    time.sleep(0.2)
    second.sendeof()
    second.expect(pexpect.EOF)


@pytest.mark.server
def test_ctrl_c_cancels_the_query_not_the_shell(spawn_shell) -> None:
    sh = spawn_shell()
    sh.send("RETURN 1 AS abandoned")  # Ctrl-C at the prompt clears the line
    time.sleep(0.2)
    sh.sendintr()
    sh.expect(PROMPT)
    # About 10 s of work on the local server; cancelled after one.
    sh.send("UNWIND range(1, 5000) AS x UNWIND range(1, 5000) AS y RETURN count(*) AS n;\r")
    time.sleep(1.0)
    started = time.monotonic()
    sh.sendintr()
    sh.expect("Cancelled.")
    assert time.monotonic() - started < 3
    sh.expect(PROMPT)
    sh.send("RETURN 42 AS answer;\r")
    sh.expect(r"1 row\(s\) in")
    assert "------\r\n    42\r\n" in sh.before
    assert "abandoned" not in sh.before
    sh.expect(PROMPT)
    time.sleep(0.2)
    sh.sendeof()
    sh.expect(pexpect.EOF)
    sh.close()
    assert sh.exitstatus == 0
