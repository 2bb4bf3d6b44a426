"""The local graph server, against the real thing: an ArcadeDB process per test home.

Each start costs a few seconds, so one server is shared by the module (``running``)
and only the lifecycle and failure tests start their own.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphtool.cli.server import format_uptime, server
from graphtool.errors import ServerError
from graphtool.store import server as local


def _query(info: local.ServerInfo, text: str, **params: object) -> list[dict[str, object]]:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        records, _, _ = driver.execute_query(text, params, database_=info.database)
    return [r.data() for r in records]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[local.ServerInfo, list[str]]]:
    """A server started with ensure_server in a fresh home, and the notices it gave."""
    home = tmp_path_factory.mktemp("home")
    notices: list[str] = []
    info = local.ensure_server(home, notify=notices.append)
    yield info, notices
    local.stop_server(home)


@pytest.mark.server
def test_ensure_server_starts_one_and_says_so(running: tuple[local.ServerInfo, list[str]]) -> None:
    info, notices = running
    assert notices == [
        f"Started the local graph server at bolt://127.0.0.1:{info.bolt_port} "
        f"(data in {info.home}). Stop it with 'graphtool server stop'."
    ]
    assert (info.user, info.database) == ("root", "graph")
    assert info.uri == f"bolt://127.0.0.1:{info.bolt_port}"
    assert info.bolt_port != info.http_port
    assert 0 <= info.uptime < 600
    assert info.password not in repr(info)


@pytest.mark.server
def test_status_files_and_a_bolt_query(running: tuple[local.ServerInfo, list[str]]) -> None:
    info, _ = running
    assert local.server_status(info.home) == info

    password_file = info.home / "password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert len(info.password) >= 16
    assert password_file.read_text().strip() == info.password

    state = json.loads((info.home / "server.json").read_text())
    assert state["pid"] == info.pid
    assert (state["bolt_port"], state["http_port"]) == (info.bolt_port, info.http_port)
    assert "ArcadeDB Server started" in (info.home / "server.log").read_text()
    # The password is read from a file, never put on the (world-readable) command line.
    assert info.password not in Path(f"/proc/{info.pid}/cmdline").read_text()

    assert _query(info, "RETURN 1 AS x") == [{"x": 1}]


@pytest.mark.server
def test_start_again_is_idempotent(running: tuple[local.ServerInfo, list[str]]) -> None:
    info, notices = running
    again, started = local.start_server(info.home)
    assert (again, started) == (info, False)
    assert local.ensure_server(info.home, notify=notices.append) == info
    assert len(notices) == 1


@pytest.mark.server
def test_cli_status(running: tuple[local.ServerInfo, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    info, _ = running
    monkeypatch.setenv("GRAPHTOOL_HOME", str(info.home))
    result = CliRunner().invoke(server, ["status"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert lines["uri"] == info.uri
    assert lines["pid"] == str(info.pid)
    assert lines["data directory"] == str(info.home)
    assert "uptime" in lines
    assert info.password not in result.output

    result = CliRunner().invoke(server, ["status", "--json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["running"] is True
    assert (record["uri"], record["pid"], record["home"]) == (info.uri, info.pid, str(info.home))

    result = CliRunner().invoke(server, ["start"])
    assert result.exit_code == 0
    assert "already running" in result.stderr


@pytest.mark.server
def test_concurrent_starts_stop_and_restart_keep_data(tmp_path: Path) -> None:
    results: list[tuple[local.ServerInfo, bool]] = []
    threads = [
        threading.Thread(target=lambda: results.append(local.start_server(tmp_path))) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # The lock let one start it; the other waited and found it running.
    assert sorted(started for _, started in results) == [False, True]
    info = results[0][0]
    assert results[1][0].pid == info.pid
    _query(info, "CREATE (:Probe {id: 'kept'})")

    # Another home whose stale state names this live server is not fooled by it.
    other = tmp_path / "other"
    other.mkdir()
    (other / "server.json").write_text((tmp_path / "server.json").read_text())
    assert local.server_status(other) is None
    assert local.server_status(tmp_path) == info

    assert local.stop_server(tmp_path) is True
    assert local.server_status(tmp_path) is None
    assert not (tmp_path / "server.json").exists()
    assert local.stop_server(tmp_path) is False

    info2, started = local.start_server(tmp_path)
    try:
        assert started and info2.pid != info.pid
        assert _query(info2, "MATCH (p:Probe) RETURN p.id AS id") == [{"id": "kept"}]
    finally:
        assert local.stop_server(tmp_path) is True


def test_stale_state_is_cleaned_up(tmp_path: Path) -> None:
    # A pid whose process has exited.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    state = {"pid": dead.pid, "bolt_port": 1, "http_port": 2, "started_at": 0.0, "version": "x"}
    (tmp_path / "server.json").write_text(json.dumps(state))
    assert local.server_status(tmp_path) is None
    assert not (tmp_path / "server.json").exists()

    # A live pid that is not an ArcadeDB server (reused by another program): this one.
    (tmp_path / "server.json").write_text(json.dumps(state | {"pid": os.getpid()}))
    assert local.server_status(tmp_path) is None
    assert not (tmp_path / "server.json").exists()
    assert local.stop_server(tmp_path) is False

    # Unreadable state.
    (tmp_path / "server.json").write_text("{not json")
    assert local.server_status(tmp_path) is None
    assert not (tmp_path / "server.json").exists()


@pytest.mark.server
def test_a_server_that_cannot_start_raises_with_the_log_tail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHTOOL_SERVER_HEAP", "-1x")
    with pytest.raises(ServerError) as caught:
        local.start_server(tmp_path, timeout=60)
    err = caught.value
    assert str(err).startswith("the local graph server did not start (it exited with code 1).")
    assert "Invalid maximum heap size: -Xmx-1x" in err.log_tail
    assert "Last lines of the server log:" in str(err)
    assert local.server_status(tmp_path) is None
    assert not (tmp_path / "server.json").exists()


def test_cli_status_when_not_running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHTOOL_HOME", str(tmp_path))
    runner = CliRunner()
    result = runner.invoke(server, ["status"])
    assert (result.exit_code, result.stdout) == (0, "not running\n")
    result = runner.invoke(server, ["status", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"running": False, "home": str(tmp_path.resolve())}
    result = runner.invoke(server, ["stop"])
    assert result.exit_code == 0
    assert result.stderr == "The local graph server was not running.\n"


def test_format_uptime() -> None:
    assert [format_uptime(s) for s in (4.2, 65, 3725, 90061)] == [
        "4s",
        "1m 05s",
        "1h 02m 05s",
        "1d 01h 01m",
    ]


@pytest.mark.parametrize("split_on_spaces", [False, True], ids=["proc", "ps"])
def test_our_server_is_recognised_in_a_home_with_spaces(tmp_path, monkeypatch, split_on_spaces) -> None:
    """A process whose command line names the server class and this home's data folder
    is ours, also when the command line comes from ps, split on spaces (no /proc)."""
    home = tmp_path / "my data"
    argv = [
        sys.executable, "-c", "import time; time.sleep(60)",
        f"-Darcadedb.server.rootPath={local._root_path(home)}", local._SERVER_CLASS,
    ]
    proc = subprocess.Popen(argv)
    try:
        deadline = time.monotonic() + 10
        while local._process_args(proc.pid) is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the command line reads empty until exec has finished
        if split_on_spaces:
            real = local._process_args
            monkeypatch.setattr(local, "_process_args", lambda pid: " ".join(real(pid) or []).split())
        assert local._is_our_server(proc.pid, home)
        assert not local._is_our_server(proc.pid, tmp_path / "my")
    finally:
        proc.kill()
        proc.wait()
