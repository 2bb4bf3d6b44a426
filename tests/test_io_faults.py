"""Hostile but ordinary input and output faults, through the command line: one
``Error:`` line, a non-zero exit and nothing written, with the exact message.

Output faults are real: stdout is /dev/full (every write fails with ENOSPC) or a pipe
whose reader is gone; file writes fail under a file-size limit (RLIMIT_FSIZE, EFBIG),
as on a disk that fills up part-way through a page.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphtool.analysis.network import find_node

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
FULL = "Error: cannot write the output: No space left on device\n"

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")


def graphtool(env: dict[str, str], *args: str, stdout: Any = subprocess.PIPE, input: str | None = None,
              preexec_fn: Callable[[], None] | None = None, cwd: Path | None = None,
              ) -> subprocess.CompletedProcess[str]:
    """Run ``graphtool ARGS`` in a new process (the real stdout, unlike CliRunner)."""
    full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "graphtool", *args], env=full_env, stdout=stdout,
                          stderr=subprocess.PIPE, input=input, text=True, timeout=120,
                          preexec_fn=preexec_fn, cwd=cwd)


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def hostile_db(db: Any) -> Any:
    """Names that a spreadsheet would run as formulas (tests/data/formula_cells)."""
    from graphtool.store.load import load_paths

    load_paths(db, [DATA / "formula_cells"])
    return db


# -- import validation through `graphtool validate` --------------------------------------------
def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.csv").write_text("id,title\ndoc1,T\n", encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_validate_a_size_in_other_digits(run_offline: Any, tmp_path: Path) -> None:
    folder = _write(tmp_path, {"events.csv": "id,name,kind,size,source,locator\n"
                                             "e1,E,meeting,²,doc1,l1\ne2,E,meeting,12345678901234567890,doc1,l1\n"})
    result = run_offline("validate", str(folder))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {folder / 'events.csv'} line 2: 'size' is not a whole number in the digits 0-9: '²' "
        "(put wording in size_note)",
        f"Error: {folder / 'events.csv'} line 3: 'size' is too large: '12345678901234567890' "
        "(at most 9,223,372,036,854,775,807)",
        "Nothing was written: 2 problems in the import files.",
    ]


def test_validate_year_zero_and_ids_equal_but_for_case(run_offline: Any, tmp_path: Path) -> None:
    folder = _write(tmp_path, {
        "actors.csv": "id,name,kind,source,locator\np-a1,A,state,doc1,l1\nP-A1,B,state,doc1,l1\n",
        "events.csv": "id,name,kind,date,source,locator\ne1,E,meeting,0000,doc1,l1\n",
    })
    result = run_offline("validate", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {folder / 'actors.csv'} line 3: id 'P-A1' differs only in case from 'p-a1' "
        f"(defined in {folder / 'actors.csv'} line 2); ids must differ by more than case",
        f"Error: {folder / 'events.csv'} line 2: 'date' is not a date: '0000' "
        "(there is no year 0000; years start at 0001)",
        "Nothing was written: 2 problems in the import files.",
    ]


def test_validate_a_broken_link_and_an_upper_case_extension(run_offline: Any, tmp_path: Path) -> None:
    folder = _write(tmp_path / "data", {"actors.CSV": "id,name,kind,source,locator\na,A,state,doc1,l1\n"})
    assert '"Actor": 1' in run_offline("validate", str(folder), "--json").stdout
    (folder / "events.csv").symlink_to(tmp_path / "gone.csv")
    result = run_offline("validate", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {folder / 'events.csv'}: broken symbolic link: its target '{tmp_path / 'gone.csv'}' "
        "does not exist",
        "Nothing was written.",
    ]


def test_an_exact_id_wins_over_ids_equal_but_for_case() -> None:
    # A database loaded before validation refused such ids may still hold both.
    G = nx.Graph()
    G.add_node("p-a1", label="Actor", name="Lower")
    G.add_node("P-A1", label="Actor", name="Upper")
    assert find_node(G, "p-a1", labels=["Actor"]) == "p-a1"
    assert find_node(G, "P-A1", labels=["Actor"]) == "P-A1"
    from graphtool.errors import EntityNotFound

    with pytest.raises(EntityNotFound, match="'P-a1' matches more than one node: Upper \\(P-A1\\), Lower"):
        find_node(G, "P-a1")


# -- CSV safe for spreadsheets, in every command that writes CSV --------------------------------
_NAME_A = '"\'=HYPERLINK(""http://evil.example"",""click"")"'
_RAW_NAME_A = '"=HYPERLINK(""http://evil.example"",""click"")"'


@pytest.mark.server
def test_query_csv_neutralises_and_quotes_cr(hostile_db: Any, run_cli: Any) -> None:
    q = "MATCH (a:Actor) RETURN a.name AS name, a.aliases AS aliases, $v AS v, -0.5 AS x ORDER BY a.id"
    result = run_cli("query", q, "-p", "v=x\ry", "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "name,aliases,v,x\n"
        f"{_NAME_A},'@home; -x,\"x\ry\",-0.5\n"
        "'+Plus,,\"x\ry\",-0.5\n"
        "'-Minus,,\"x\ry\",-0.5\n"
        "Delta,,\"x\ry\",-0.5\n"
    )
    raw = run_cli("query", q, "-p", "v=x\ry", "--csv-raw")
    assert raw.stdout == (
        "name,aliases,v,x\n"
        f"{_RAW_NAME_A},@home; -x,\"x\ry\",-0.5\n"
        "+Plus,,\"x\ry\",-0.5\n"
        "-Minus,,\"x\ry\",-0.5\n"
        "Delta,,\"x\ry\",-0.5\n"
    )


@pytest.mark.server
def test_analysis_csv_is_neutralised(hostile_db: Any, run_cli: Any) -> None:
    result = run_cli("centrality", "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "rank,id,name,kind,degree\n"
        f"1,a,{_NAME_A},state,3.0\n"
        "2,b,'+Plus,state,3.0\n"
        "3,c,'-Minus,agency,3.0\n"
        "4,d,Delta,state,3.0\n"
    )
    assert run_cli("neighbours", "d", "--csv-raw").stdout == (
        "depth,id,name,kind,weight,via\n"
        f"1,a,{_RAW_NAME_A},state,1,d\n"
        "1,b,+Plus,state,1,d\n"
        "1,c,-Minus,agency,1,d\n"
    )


@pytest.mark.server
def test_export_csv_and_shell_csv_are_neutralised(hostile_db: Any, run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("export", "--format", "csv", "-o", str(tmp_path / "safe"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "safe" / "nodes.csv").read_text(encoding="utf-8") == (
        "id,label,kind,name,aliases,sources,locators,datasets\n"
        f"a,Actor,state,{_NAME_A},'@home;-x,doc1,line 1,formula_cells\n"
        "b,Actor,state,'+Plus,,doc1,line 2,formula_cells\n"
        "c,Actor,agency,'-Minus,,doc1,line 3,formula_cells\n"
        "d,Actor,state,Delta,,doc1,line 4,formula_cells\n"
    )
    run_cli("export", "--format", "csv-raw", "-o", str(tmp_path / "raw"))
    assert (tmp_path / "raw" / "nodes.csv").read_text(encoding="utf-8").splitlines()[3] == (
        "c,Actor,agency,-Minus,,doc1,line 3,formula_cells"
    )
    script = "MATCH (a:Actor) RETURN a.name AS name ORDER BY a.id;\n:format csv-raw\n" \
             "MATCH (a:Actor) WHERE a.id = 'c' RETURN a.name AS name;\n"
    shell = run_cli("-q", "shell", "--format", "csv", input=script)
    assert shell.exit_code == 0, shell.stderr
    assert shell.stdout == f"name\n{_NAME_A}\n'+Plus\n'-Minus\nDelta\nname\n-Minus\n"


# -- output faults --------------------------------------------------------------------------------
@needs_dev_full
@pytest.mark.server
@pytest.mark.parametrize(
    "args",
    [
        ("stats",),
        ("query", "MATCH (a:Actor) RETURN a.id AS id ORDER BY id"),
        ("query", "MATCH (a:Actor) RETURN a.id AS id", "--csv"),
        ("export", "--format", "json"),
        ("centrality", "--json"),
        ("server", "status"),
        ("server", "status", "--json"),
    ],
    ids=["stats", "query", "query-csv", "export", "centrality", "server-status", "server-status-json"],
)
def test_disk_full_on_stdout_is_one_error_line(hostile_db: Any, cli_env: dict[str, str],
                                                args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = graphtool(cli_env, "-q", *args, stdout=full)
    assert (done.returncode, done.stderr) == (1, FULL)


@needs_dev_full
@pytest.mark.server
def test_disk_full_in_the_shell_stops_it(hostile_db: Any, cli_env: dict[str, str]) -> None:
    script = "MATCH (a:Actor) RETURN a.id AS id;\nMATCH (a:Actor) RETURN a.name AS name;\n"
    with open("/dev/full", "w") as full:
        done = graphtool(cli_env, "-q", "shell", stdout=full, input=script)
    assert (done.returncode, done.stderr) == (1, FULL)


@needs_dev_full
def test_disk_full_offline_validate() -> None:
    with open("/dev/full", "w") as full:
        done = graphtool({}, "validate", str(DATA / "mini"), stdout=full)
    assert (done.returncode, done.stderr) == (1, FULL)


@pytest.mark.server
def test_a_closed_pipe_ends_quietly(hostile_db: Any, cli_env: dict[str, str]) -> None:
    # `graphtool query ... | head -1` once head has gone: no traceback, no message.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = graphtool(cli_env, "query", "UNWIND range(1, 20000) AS n RETURN n", "--csv", stdout=write_end)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, "")


@pytest.mark.server
def test_render_on_a_full_disk_leaves_no_page(
    hostile_db: Any, cli_env: dict[str, str], tmp_path: Path
) -> None:
    done = graphtool(cli_env, "-q", "render", "-o", "page.html", preexec_fn=_file_size_limit(4096),
                     cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, "Error: cannot write page.html: File too large\n")
    assert _leftovers(tmp_path) == []
    # An older page stays as it was.
    (tmp_path / "page.html").write_text("the old page")
    done = graphtool(cli_env, "-q", "render", "-o", "page.html", preexec_fn=_file_size_limit(4096),
                     cwd=tmp_path)
    assert done.returncode == 1
    assert _leftovers(tmp_path) == ["page.html"]
    assert (tmp_path / "page.html").read_text() == "the old page"


@pytest.mark.server
def test_export_on_a_full_disk_leaves_no_file(
    hostile_db: Any, cli_env: dict[str, str], tmp_path: Path
) -> None:
    limit = _file_size_limit(1024)
    done = graphtool(cli_env, "-q", "export", "--format", "graphml", "-o", "net.graphml", preexec_fn=limit,
                     cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, "Error: cannot write net.graphml: File too large\n")
    done = graphtool(cli_env, "-q", "export", "--format", "csv", "-o", "new/net",
                     preexec_fn=_file_size_limit(400), cwd=tmp_path)
    # nodes.csv (232 bytes) and edges.csv (105) fit, events.csv (610) does not: none is
    # written, nor the folder made for them
    assert (done.returncode, done.stderr) == (1, "Error: cannot write new/net/events.csv: File too large\n")
    assert _leftovers(tmp_path) == []


@pytest.mark.server
def test_export_into_a_folder_that_is_a_file(hostile_db: Any, run_cli: Any, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("")
    target = tmp_path / "plain" / "net.gexf"
    result = run_cli("export", "--format", "gexf", "-o", str(target))
    assert (result.exit_code, result.stderr) == (1, f"Error: cannot write {target}: Not a directory\n")
    result = run_cli("export", "--format", "csv", "-o", str(tmp_path / "plain" / "out"))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: cannot create folder {tmp_path / 'plain' / 'out'}: Not a directory\n"
    )
