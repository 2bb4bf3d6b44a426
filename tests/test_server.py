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
from graphtool.store import process
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
    assert info.writer.user.startswith("gt-writer-") and info.reader.user.startswith("gt-reader-")
    assert info.writer.user != info.reader.user
    assert info.database == "graph"
    assert info.uri == f"bolt://127.0.0.1:{info.bolt_port}"
    assert info.bolt_port != info.http_port
    assert 0 <= info.uptime < 600
    assert info.writer.password not in repr(info) and info.reader.password not in repr(info)


@pytest.mark.server
def test_status_files_and_a_bolt_query(running: tuple[local.ServerInfo, list[str]]) -> None:
    info, _ = running
    assert local.server_status(info.home) == info

    # The home and the server's folders are private; the credentials file too.
    assert stat.S_IMODE(info.home.stat().st_mode) == 0o700
    assert stat.S_IMODE((info.home / "server").stat().st_mode) == 0o700
    creds_file = info.home / "credentials.json"
    assert info.credentials_file == creds_file
    assert stat.S_IMODE(creds_file.stat().st_mode) == 0o600
    creds = json.loads(creds_file.read_text())
    assert creds["writer"] == {"user": info.writer.user, "password": info.writer.password}
    assert creds["reader"] == {"user": info.reader.user, "password": info.reader.password}
    assert creds["root"]["user"] == "root" and len(creds["root"]["password"]) >= 16
    assert not (info.home / "password").exists()
    for name in ("server-users.jsonl", "server-groups.json"):
        assert stat.S_IMODE((info.home / "server" / "config" / name).stat().st_mode) == 0o600

    state = json.loads((info.home / "server.json").read_text())
    assert state["pid"] == info.pid
    assert (state["bolt_port"], state["http_port"]) == (info.bolt_port, info.http_port)
    assert "ArcadeDB Server started" in (info.home / "server.log").read_text()
    # No password is ever put on the (world-readable) command line.
    cmdline = Path(f"/proc/{info.pid}/cmdline").read_text()
    for secret in (info.writer.password, info.reader.password, creds["root"]["password"]):
        assert secret not in cmdline

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

    assert local.stop_server(tmp_path) == info.pid
    assert local.server_status(tmp_path) is None
    assert not (tmp_path / "server.json").exists()
    assert local.stop_server(tmp_path) is None

    info2, started = local.start_server(tmp_path)
    try:
        assert started and info2.pid != info.pid
        assert _query(info2, "MATCH (p:Probe) RETURN p.id AS id") == [{"id": "kept"}]
    finally:
        assert local.stop_server(tmp_path) == info2.pid


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
    assert local.stop_server(tmp_path) is None

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
        f"-Darcadedb.server.rootPath={local._root_path(home)}", process.SERVER_CLASS,
    ]
    proc = subprocess.Popen(argv)
    try:
        deadline = time.monotonic() + 10
        while process.process_args(proc.pid) is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the command line reads empty until exec has finished
        if split_on_spaces:
            real = process.process_args
            monkeypatch.setattr(process, "process_args", lambda pid: " ".join(real(pid) or []).split())
        assert process.is_server(proc.pid, local._root_path(home))
        assert not process.is_server(proc.pid, local._root_path(tmp_path / "my"))
    finally:
        proc.kill()
        proc.wait()


# -- faults: damaged files, loose permissions, lockouts, an older server -----------------------


def _cli(home: Path, *args: str) -> object:
    from graphtool.cli import cli

    return CliRunner().invoke(cli, list(args), env={"GRAPHTOOL_HOME": str(home), "NEO4J_URI": None})


@pytest.mark.server
def test_damaged_files_never_hide_or_strand_the_server(tmp_path: Path) -> None:
    home = tmp_path / "home"
    loaded = _cli(home, "load", str(Path(__file__).parent / "data" / "mini"))
    assert loaded.exit_code == 0, loaded.stderr
    info = local.server_status(home)
    assert info is not None

    # server.json lost: the server is found by its command line, and the file restored.
    (home / "server.json").unlink()
    assert local.server_status(home) == info
    assert json.loads((home / "server.json").read_text())["pid"] == info.pid

    # server.json turned into a folder: still found.
    (home / "server.json").unlink()
    (home / "server.json").mkdir()
    assert local.server_status(home) == info
    (home / "server.json").rmdir()

    # Credentials that are not UTF-8: one Error line that says what to do, for every
    # command that needs them; the server keeps running and can be stopped.
    creds = home / "credentials.json"
    good = creds.read_bytes()
    creds.write_bytes(b"\xff\xfe not utf-8")
    expected = (
        f"Error: cannot read the local graph server's credentials file {creds} (not UTF-8 text). "
        "Run 'graphtool server stop', remove that file, and run your command again: "
        "graphtool makes new credentials and keeps your data.\n"
    )
    for args in (("stats",), ("server", "status"), ("server", "start")):
        result = _cli(home, *args)
        assert (result.exit_code, result.stderr) == (1, expected), args
    assert process.is_server(info.pid, local._root_path(home))
    stopped = _cli(home, "server", "stop")
    assert (stopped.exit_code, stopped.stderr) == (0, f"Stopped the local graph server (pid {info.pid}).\n")

    # As the message says: remove it, run the command again; the data is kept.
    creds.unlink()
    again = _cli(home, "query", "MATCH (a:Actor) RETURN count(a) AS n", "--csv")
    assert (again.exit_code, again.stdout) == (0, "n\n4\n"), again.stderr
    assert json.loads(creds.read_text()) != json.loads(good)

    # A state file that is a folder cannot be written: an Error line before any start.
    assert local.stop_server(home) is not None
    (home / "server.json").mkdir()
    result = _cli(home, "server", "start")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: cannot write {home / 'server.json'}: it is a folder. Remove or fix it, then try again.\n")
    assert local.server_status(home) is None
    (home / "server.json").rmdir()

    # Credentials that are a folder.
    creds.unlink()
    creds.mkdir()
    result = _cli(home, "server", "start")
    assert (result.exit_code, result.stderr) == (1, expected.replace("not UTF-8 text", "it is a folder"))
    assert local.server_status(home) is None


@pytest.mark.server
def test_loose_permissions_are_tightened_and_said(running: tuple[local.ServerInfo, list[str]]) -> None:
    info, _ = running
    os.chmod(info.home, 0o755)
    os.chmod(info.home / "server", 0o775)
    notices: list[str] = []
    again, started = local.start_server(info.home, notify=notices.append)
    assert (again, started) == (info, False)
    assert notices == [
        "Made the local graph server's folders private (mode 0700), as other users could read "
        f"them: {info.home} (0755), {info.home / 'server'} (0775)."
    ]
    assert stat.S_IMODE(info.home.stat().st_mode) == 0o700
    assert stat.S_IMODE((info.home / "server").stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a folder away")
def test_a_home_of_another_user_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "theirs"
    home.mkdir()
    os.chown(home, 65534, 65534)
    with pytest.raises(ServerError) as caught:
        local.start_server(home)
    assert str(caught.value) == (
        f"the graphtool data folder {home} belongs to another user (uid 65534), who could read "
        "or change your graph. Set GRAPHTOOL_HOME to a folder of your own.")


@pytest.mark.server
def test_other_users_failed_logins_do_not_lock_graphtool_out(
    running: tuple[local.ServerInfo, list[str]],
) -> None:
    """ArcadeDB locks a user name for 30 s after five failed logins. Others can guess
    'root' (graphtool never logs in as it), never graphtool's random account names."""
    from graphtool.errors import AuthenticationFailed
    from graphtool.store.db import GraphDB, Settings

    info, _ = running

    def login(user: str, password: str) -> None:
        probe = GraphDB(Settings(info.uri, user, password, info.database))
        try:
            probe.read("RETURN 1 AS x")
        finally:
            probe.close()

    for _ in range(6):
        with pytest.raises(AuthenticationFailed):
            login("root", "guess")
    for account in (info.writer, info.reader):
        login(account.user, account.password)  # unaffected



@pytest.mark.server
def test_a_server_of_graphtool_0_1_is_restarted_with_the_accounts(tmp_path, monkeypatch) -> None:
    """A server started before the read-only account existed gets it: graphtool restarts it."""
    monkeypatch.setattr(local, "SECURITY_SCHEME", 1)
    monkeypatch.setattr(process, "SECURITY_SCHEME", 1)
    old, _ = local.start_server(tmp_path)
    monkeypatch.undo()
    try:
        notices: list[str] = []
        new = local.ensure_server(tmp_path, notify=notices.append)
        assert new.pid != old.pid
        assert not process.is_server(old.pid, local._root_path(tmp_path))
        assert notices[0] == (f"Restarting the local graph server (pid {old.pid}) to give it a "
                              "read-only account; your data is kept.")
        assert notices[1].startswith("Started the local graph server at ")

        # graphtool's own account locked (only possible for someone who read its name in
        # the private credentials file): the message does not blame NEO4J_* settings.
        from graphtool.errors import AuthenticationFailed
        from graphtool.store.db import GraphDB, Settings

        for _ in range(5):
            probe = GraphDB(Settings(new.uri, new.reader.user, "guess", new.database))
            with pytest.raises(AuthenticationFailed):
                probe.read("RETURN 1 AS x")
            probe.close()
        result = _cli(tmp_path, "stats")
        assert (result.exit_code, result.stderr) == (1, (
            f"Error: the local graph server at {new.uri} refused graphtool's user "
            f"'{new.reader.user}': either the credentials in {tmp_path.resolve() / 'credentials.json'} "
            "do not match the running server, or the server has locked that name for 30 seconds "
            "after repeated failed logins (it does not say which). Wait 30 s and try again; if it "
            "still fails, run 'graphtool server stop' and then your command again (your data is kept).\n"))
    finally:
        local.stop_server(tmp_path)


def test_a_uri_that_is_not_bolt_is_a_usage_error(run_offline) -> None:
    result = run_offline("stats", env={"NEO4J_URI": "http://localhost:7474"})
    assert (result.exit_code, result.stderr) == (2, (
        "Error: invalid database URI 'http://localhost:7474': graphtool speaks Bolt, so the URI "
        "starts with bolt:// or neo4j:// (e.g. bolt://localhost:7687; Neo4j's HTTP port 7474 is "
        "not Bolt).\n"))
