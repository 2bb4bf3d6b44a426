"""The docs tell the truth: README commands run, every command is documented."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from graphtool.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def _all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        found.append((prefix + name, cmd))
        if isinstance(cmd, click.Group):
            found += _all_commands(cmd, prefix + name + " ")
    return found


COMMANDS = _all_commands(cli)


def test_readme_starts_with_the_two_commands() -> None:
    blocks = _sh_blocks(README)
    assert blocks[0].strip().startswith("pip install . && graphtool load")
    assert blocks[1].strip() == "pip install '.[test]' && pytest"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert _sh_blocks(README)[1].strip() in ci


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help text"
    if not isinstance(command, click.Group):
        assert "Example" in command.help, f"{name} --help has no example"


@pytest.mark.parametrize("name", sorted({n.split()[0] for n, _ in COMMANDS}))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"graphtool {name}" in README


@pytest.mark.server
def test_readme_quickstart_runs_on_the_embedded_default(tmp_path: Path) -> None:
    """The first README command, less the install, on a fresh data folder and no NEO4J_URI."""
    quick = _sh_blocks(README)[0].strip()
    assert quick.startswith("pip install . && ")
    script = quick.removeprefix("pip install . && ")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["GRAPHTOOL_HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    prelude = ""
    if not shutil.which("graphtool"):
        prelude = f'graphtool() {{ "{sys.executable}" -m graphtool "$@"; }}\n'
    try:
        done = subprocess.run(["bash", "-c", prelude + script], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "Started the local graph server at bolt://127.0.0.1:" in done.stderr
        assert "Traceback" not in done.stderr
        html = (tmp_path / "network.html").read_text(encoding="utf-8")
        assert "<html" in html.lower()
        ranked = [line for line in done.stdout.splitlines() if line.strip()]
        assert len(ranked) >= 10
    finally:
        subprocess.run(["bash", "-c", prelude + "graphtool server stop"], env=env, timeout=60,
                       capture_output=True)


@pytest.mark.server
def test_readme_python_example_runs(loaded_db, cli_env, monkeypatch, capsys) -> None:
    """The notebook example in the README, against the test server and the bundled data."""
    code = next(b for b in re.findall(r"```python\n(.*?)```", README, re.S) if "from graphtool import" in b)
    for key, value in cli_env.items():
        monkeypatch.setenv(key, value)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    top = capsys.readouterr().out
    assert top.startswith("[('cn', "), top  # China leads the states' PageRank, 2010-2015
    net, scores = namespace["net"], namespace["scores"]
    assert set(scores) == {"pagerank", "betweenness"}
    actors = loaded_db.read("MATCH (a:Actor) RETURN count(a) AS n")[0]["n"]
    assert set(scores["pagerank"]) == set(net) and len(net) == actors


def test_readme_extract_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's extract command, on the sample report in docs/examples, prints the
    entity table the README shows and writes what it says."""
    import shlex

    from click.testing import CliRunner

    section = README.split("## From a report to cited facts", 1)[1].split("\n## ", 1)[0]
    (command,) = _sh_blocks(section)
    shown = re.findall(r"```console\n(.*?)```", section, re.S)[0]
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command.strip())
    assert args[0] == "graphtool"
    result = CliRunner().invoke(cli, args[1:], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == shown
    relations = (tmp_path / "review" / "candidates" / "relations.csv").read_text()
    quoted = re.search(r"`(tj,MEMBER_OF,csto,[^`]*)`", section).group(1)
    assert quoted in relations.splitlines()
    assert (tmp_path / "review" / "review.html").is_file()
    assert sorted(p.name for p in (tmp_path / "review" / "tables").iterdir()) == [
        "report-table-1.toml", "report-table-1.tsv"]


@pytest.mark.server
def test_readme_loading_your_own_data_runs(loaded_db, run_cli, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command of 'Loading your own data', in order, on a copy of docs/examples,
    beside the bundled dataset (as after the quickstart); a console block's output is
    what its command prints."""
    import shlex

    section = README.split("## Loading your own data", 1)[1].split("\n## ", 1)[0]
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    ran: list[str] = []
    for lang, body in re.findall(r"```(sh|console)\n(.*?)```", section, re.S):
        lines = body.splitlines()
        commands = [line for line in lines if line.strip()] if lang == "sh" else [lines[0].removeprefix("$ ")]
        for command in commands:
            args = shlex.split(command)
            assert args[0] == "graphtool", command
            result = run_cli(*args[1:])
            assert result.exit_code == 0, (command, result.stderr)
            assert "Traceback" not in result.stderr
            if lang == "console":
                assert result.stdout == "\n".join(lines[1:]) + "\n", command
            ran.append(" ".join(args[1:3]))
    # One example per format, the datasets story after them.
    assert [r for r in ran if r.startswith("load")] == [
        "load docs/examples/florentine", "load docs/examples/davis-edges.csv",
        "load docs/examples/karate.graphml", "load docs/examples/exercises.toml",
        "load docs/examples/karate.graphml"]
    assert {"datasets", "drop karate", "centrality --dataset"} <= set(ran)
    datasets = loaded_db.read("MATCH (d:Dataset) RETURN d.id AS id ORDER BY id")
    assert [d["id"] for d in datasets] == ["bundled", "davis", "exercises", "florence"]
    # The table's names are the bundled data's nodes; its rows are cited.
    assert loaded_db.read(
        "MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e:Event {id: 'ex-1'})-[:HELD_IN]->(p:Place) "
        "RETURN a.id AS a, p.id AS p, r.locators AS l ORDER BY a") == [
        {"a": "kg", "p": "place-osh", "l": ["row 1"]}, {"a": "ru", "p": "place-osh", "l": ["row 1"]}]
