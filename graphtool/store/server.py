"""The local graph server: ArcadeDB with its Bolt plugin, run as a background process.
One file because start, status and stop share one lock, one state file and one test
of which process is ours, and only make sense read together.

When no ``NEO4J_URI`` is configured graphtool runs its own graph server. It is the
ArcadeDB server from the ``arcadedb-embedded`` package, started with the JRE that
package bundles, in a JVM of its own (never inside the CLI process), detached so that
it outlives the command that started it, and bound to 127.0.0.1 only.

Everything lives in one per-user folder, ``home`` (:func:`graphtool.paths.graphtool_home`
unless given), which graphtool keeps at mode 0700 (tightened if it was looser)::

    home/server/            ArcadeDB's root path: databases/, config/, log/
    home/credentials.json   the server's three accounts and their passwords (mode 0600)
    home/server.json        pid, Bolt and HTTP ports, start time, package version (a cache:
                            the process table is the truth, see :func:`server_status`)
    home/server.log         stdout and stderr of the JVM (the previous one is server.log.1)
    home/server.lock        held while a server starts or stops

**Accounts** (:mod:`graphtool.store.accounts`): graphtool writes the server's users and groups
itself before every start. Every read, and every ``graphtool query`` without ``--write``,
runs as a *reader* whose group may only read records, so the server itself refuses writes,
schema changes and user administration; loads and ``--write`` run as a *writer*. Both
have random names, private to this home: ArcadeDB locks a user name for 30 s after five
failed logins, and other local users can guess ``root``, never these.

This module imports nothing heavy: no neo4j, no JPype. Readiness is checked with a
Bolt handshake over a plain socket.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphtool import paths
from graphtool.errors import ServerError
from graphtool.store.accounts import (
    DATABASE,
    Account,
    Credentials,
    credentials_file,
    ensure_credentials,
    read_credentials,
    write_security,
)
from graphtool.store.process import (
    SECURITY_SCHEME,
    ServerProcess,
    all_pids,
    bolt_handshake,
    describe,
    free_ports,
    is_server,
    java_command,
    package_version,
)

#: Called with a one-line message for the user (on stderr).
Notify = Callable[[str], None]

_STARTED_MARKER = "ArcadeDB Server started"
# Lines after which the JVM lingers without serving: a plugin failed to start, so
# the main thread died while the server's other threads keep the process alive.
_FAILURE_MARKERS = ('Exception in thread "main"', "Unable to listen for BOLT connections")
_PORT_BUSY_MARKERS = ("Unable to listen", "Address already in use", "BindException")
_PORT_ATTEMPTS = 3
_LOG_TAIL_LINES = 20

@dataclass(frozen=True)
class ServerInfo:
    """A running local graph server and how to connect to it.

    ``uri``, ``writer``, ``reader`` and ``database`` are what a Bolt driver needs: the
    reader for everything that only reads (the server refuses its writes), the writer
    for loads and ``--write`` statements. The rest describes the process and where it
    keeps its data.
    """

    uri: str
    writer: Account
    reader: Account
    database: str
    pid: int
    home: Path
    bolt_port: int
    http_port: int
    started_at: float

    @property
    def user(self) -> str:
        """The writer's user name."""
        return self.writer.user

    @property
    def password(self) -> str:
        """The writer's password."""
        return self.writer.password

    @property
    def credentials_file(self) -> Path:
        """The file holding the accounts (0600)."""
        return _credentials_file(self.home)

    @property
    def log_file(self) -> Path:
        """The server's log."""
        return _log_file(self.home)

    @property
    def uptime(self) -> float:
        """Seconds since the server was started."""
        return max(0.0, time.time() - self.started_at)


# ---------------------------------------------------------------- files in home


def resolve_home(home: Path | None = None) -> Path:
    """The absolute data folder: ``home``, else :func:`graphtool.paths.graphtool_home`."""
    # Absolute, because the JVM runs in home/server and the path identifies the
    # process in its command line.
    return (Path(home) if home is not None else paths.graphtool_home()).expanduser().resolve()


def _root_path(home: Path) -> Path:
    return home / "server"


#: Seconds to wait for the server to accept Bolt connections after starting it.
START_TIMEOUT = 90.0
#: Seconds to wait for a clean shutdown before killing the server.
STOP_TIMEOUT = 30.0


def _state_file(home: Path) -> Path:
    return home / "server.json"


def _credentials_file(home: Path) -> Path:
    return home / "credentials.json"



def _log_file(home: Path) -> Path:
    return home / "server.log"


def _lock_file(home: Path) -> Path:
    return home / "server.lock"



def _prepare_home(home: Path) -> None:
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise ServerError(
            f"the graphtool data folder {home} exists but is not a folder. "
            "Set GRAPHTOOL_HOME to a folder of your own."
        ) from None
    except OSError as exc:
        raise ServerError(
            f"cannot create the graphtool data folder {home}: {exc.strerror}. "
            "Set GRAPHTOOL_HOME to a writable folder."
        ) from exc


def _secure_home(home: Path, notify: Notify | None) -> None:
    """Make ``home`` and the server's data folders 0700, whatever they were, and say so.

    Raises:
        ServerError: ``home`` belongs to another user.
    """
    _prepare_home(home)
    st = home.stat()
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise ServerError(
            f"the graphtool data folder {home} belongs to another user (uid {st.st_uid}), "
            "who could read or change your graph. Set GRAPHTOOL_HOME to a folder of your own."
        )
    root = _root_path(home)
    with contextlib.suppress(OSError):  # reported below if it cannot be made
        root.mkdir(mode=0o700, exist_ok=True)
    folders = [home, root]
    if root.is_dir():
        folders += sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink())
    tightened: list[str] = []
    for folder in folders:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(folder.lstat().st_mode)
            if mode & 0o077:
                os.chmod(folder, 0o700)
                tightened.append(f"{folder} ({mode:04o})")
    if tightened and notify is not None:
        notify(
            "Made the local graph server's folders private (mode 0700), as other users "
            "could read them: " + ", ".join(tightened) + "."
        )


@contextlib.contextmanager
def _locked(home: Path, timeout: float) -> Iterator[None]:
    """Hold ``home/server.lock`` so only one process starts or stops the server."""
    import fcntl  # Unix only; imported here so the module still imports elsewhere

    _prepare_home(home)
    try:
        fd = os.open(_lock_file(home), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise ServerError(
            f"cannot open the local graph server's lock file {_lock_file(home)}: {exc.strerror}."
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ServerError(
                        f"another graphtool process has been starting or stopping the local "
                        f"graph server for over {timeout:.0f} s (lock {_lock_file(home)}). "
                        "Try again when it has finished."
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _try_lock(home: Path) -> int | None:
    """Take the lock without waiting; return the descriptor, or None if it is held."""
    import fcntl

    try:
        fd = os.open(_lock_file(home), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _read_state(home: Path) -> dict[str, object]:
    """``server.json`` as a dict; empty when it is missing or unreadable (it is a cache)."""
    try:
        state = json.loads(_state_file(home).read_bytes().decode("utf-8"))
    except (OSError, ValueError):  # missing, a folder, not UTF-8, not JSON
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(home: Path, proc: ServerProcess) -> None:
    state = {
        "pid": proc.pid,
        "bolt_port": proc.bolt_port,
        "http_port": proc.http_port,
        "started_at": proc.started_at,
        "version": package_version(),
    }
    tmp = _state_file(home).with_name("server.json.tmp")
    try:
        tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        tmp.replace(_state_file(home))
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        path = _state_file(home)
        what = "it is a folder" if path.is_dir() else (exc.strerror or str(exc))
        raise ServerError(f"cannot write {path}: {what}. Remove or fix it, then try again.") from None


def _remove_state(home: Path) -> None:
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        _state_file(home).unlink()


def _log_tail(home: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = _log_file(home).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


# ---------------------------------------------------------------- processes


def _find(home: Path) -> ServerProcess | None:
    """The server process of ``home``: the one ``server.json`` names if it is still ours,
    else whichever process the process table shows running for this home."""
    state = _read_state(home)
    pid = state.get("pid")
    if isinstance(pid, int):
        proc = describe(pid, _root_path(home))
        if proc is not None:
            return _with_state_time(proc, state)
    me = os.getpid()
    for other in sorted(all_pids()):
        if other != me:
            proc = describe(other, _root_path(home))
            if proc is not None:
                return _with_state_time(proc, state)
    return None


def _with_state_time(proc: ServerProcess, state: dict[str, object]) -> ServerProcess:
    """A server started by graphtool 0.1 has no start time on its command line."""
    if proc.started_at or state.get("pid") != proc.pid:
        return proc
    started = state.get("started_at")
    if isinstance(started, (int, float)):
        return ServerProcess(proc.pid, proc.bolt_port, proc.http_port, float(started), proc.scheme)
    return proc


def _wait_gone(pid: int, home: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while is_server(pid, _root_path(home)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


# ---------------------------------------------------------------- public API


def _info(home: Path, proc: ServerProcess, creds: Credentials) -> ServerInfo:
    return ServerInfo(
        uri=f"bolt://127.0.0.1:{proc.bolt_port}",
        writer=creds.writer,
        reader=creds.reader,
        database=DATABASE,
        pid=proc.pid,
        home=home,
        bolt_port=proc.bolt_port,
        http_port=proc.http_port,
        started_at=proc.started_at,
    )


def _running(home: Path) -> ServerProcess | None:
    """The server process of ``home``, keeping ``server.json`` in step (lock held)."""
    proc = _find(home)
    if proc is None:
        _remove_state(home)
        return None
    if _read_state(home).get("pid") != proc.pid:
        with contextlib.suppress(ServerError):
            _write_state(home, proc)  # a cache: failing to refresh it is not an error
    return proc


def _credentials_for(home: Path) -> Credentials:
    creds = read_credentials(home)
    if creds is None:
        raise ServerError(
            f"the local graph server of {home} is running, but its credentials file "
            f"{credentials_file(home)} is missing. Run 'graphtool server stop' and then "
            "your command again: graphtool makes new credentials and keeps your data."
        )
    return creds


def server_status(home: Path | None = None) -> ServerInfo | None:
    """Describe the local graph server of ``home``, or return None when none is running.

    The process table is the truth: a server whose ``server.json`` was lost or damaged
    is still found (by its command line), and a stale ``server.json`` (its process is
    gone, or the pid now belongs to another program) is removed. A server that is still
    starting is reported as running.

    Parameters:
        home: the graphtool data folder; default :func:`graphtool.paths.graphtool_home`.

    Raises:
        ServerError: a server runs, but its credentials file cannot be read.
    """
    home = resolve_home(home)
    if not home.is_dir():
        return None
    fd = _try_lock(home)
    if fd is None:
        # Someone is starting or stopping it: report without cleaning up.
        proc = _find(home)
    else:
        try:
            proc = _running(home)
        finally:
            os.close(fd)
    if proc is None:
        return None
    return _info(home, proc, _credentials_for(home))


def start_server(
    home: Path | None = None, *, timeout: float = START_TIMEOUT, notify: Notify | None = None
) -> tuple[ServerInfo, bool]:
    """Start the local graph server of ``home`` unless it is already running.

    The server runs detached in its own session, so it keeps running after this
    process exits; stop it with :func:`stop_server`. A lock file makes concurrent
    callers wait for one start rather than start two servers. Before a start,
    graphtool makes ``home`` private (0700) and writes the server's accounts.

    Parameters:
        home: the graphtool data folder; default :func:`graphtool.paths.graphtool_home`.
        timeout: seconds to wait for the server to accept Bolt connections.
        notify: told, in one line each, when folders were made private or an older
            server was restarted to get the read-only account.

    Returns:
        ``(info, started_now)``: ``started_now`` is False when it was already running.

    Raises:
        ServerError: the server exited or did not become ready in time (the message
            carries the last lines of ``server.log``), or a file in ``home`` is damaged.
    """
    home = resolve_home(home)
    with _locked(home, timeout=timeout + 30.0):
        _secure_home(home, notify)
        proc = _running(home)
        if proc is not None and proc.scheme >= SECURITY_SCHEME:
            return _info(home, proc, _credentials_for(home)), False
        if proc is not None:
            # Started by graphtool 0.1: it has no read-only account.
            if notify is not None:
                notify(
                    f"Restarting the local graph server (pid {proc.pid}) to give it a "
                    "read-only account; your data is kept."
                )
            _terminate(proc.pid, home, STOP_TIMEOUT)
            _remove_state(home)
        creds = ensure_credentials(home)
        write_security(home, creds)
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            try:
                return _info(home, _launch(home, timeout), creds), True
            except _PortBusy:
                if attempt == _PORT_ATTEMPTS:
                    raise ServerError(
                        f"the local graph server did not start: its ports were taken by "
                        f"other programs {_PORT_ATTEMPTS} times in a row.",
                        log_tail=_log_tail(home),
                    ) from None
    raise AssertionError("unreachable")  # pragma: no cover


class _PortBusy(Exception):
    """A chosen port was taken before the server could bind it."""


def _launch(home: Path, timeout: float) -> ServerProcess:
    bolt_port, http_port = free_ports()
    started_at = round(time.time(), 3)  # as the command line records it
    command = java_command(_root_path(home), bolt_port, http_port, started_at, DATABASE)
    root = _root_path(home)
    (root / "log").mkdir(mode=0o700, parents=True, exist_ok=True)
    log_path = _log_file(home)
    if log_path.exists():
        log_path.replace(log_path.with_name("server.log.1"))
    # The state file is checked before the process starts, so a damaged one is an
    # error now rather than a server nobody recorded.
    proc_info = ServerProcess(0, bolt_port, http_port, started_at, SECURITY_SCHEME)
    _write_state(home, proc_info)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as log:
        try:
            proc = subprocess.Popen(
                command,
                cwd=root,  # the JVM resolves any relative path it still uses here
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the CLI and its Ctrl-C
                close_fds=True,
                umask=0o077,  # the database files are the user's alone
            )
        except OSError as exc:
            _remove_state(home)
            raise ServerError(
                f"the local graph server did not start: cannot run {command[0]}: {exc.strerror}."
            ) from exc
    # Recorded at once, so that a CLI interrupted while waiting leaves a server that
    # 'graphtool server stop' can still find (it also finds it by its command line).
    proc_info = ServerProcess(proc.pid, bolt_port, http_port, started_at, SECURITY_SCHEME)
    _write_state(home, proc_info)
    try:
        _wait_ready(proc, home, bolt_port, timeout)
    except BaseException:
        _kill(proc)
        _remove_state(home)
        raise
    return proc_info


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _wait_ready(proc: subprocess.Popen[bytes], home: Path, bolt_port: int, timeout: float) -> None:
    log_path = _log_file(home)
    deadline = time.monotonic() + timeout
    listening = f"127.0.0.1:{bolt_port}"
    while True:
        code = proc.poll()
        text = log_path.read_text(encoding="utf-8", errors="replace")
        if code is not None or any(m in text for m in _FAILURE_MARKERS):
            if any(m in text for m in _PORT_BUSY_MARKERS):
                _kill(proc)
                raise _PortBusy()
            how = f"it exited with code {code}" if code is not None else "it failed while starting"
            raise ServerError(
                f"the local graph server did not start ({how}). Full log: {log_path}",
                log_tail=_log_tail(home),
            )
        # The log line proves the port is the server's, not another program's that
        # happens to listen there; the handshake proves Bolt answers.
        if _STARTED_MARKER in text and listening in text and bolt_handshake(bolt_port):
            return
        if time.monotonic() > deadline:
            raise ServerError(
                f"the local graph server did not start within {timeout:.0f} s. Full log: {log_path}",
                log_tail=_log_tail(home),
            )
        time.sleep(0.1)


def _terminate(pid: int, home: Path, timeout: float) -> None:
    """SIGTERM (ArcadeDB closes its databases cleanly), then SIGKILL after ``timeout``."""
    _signal(pid, signal.SIGTERM)
    if not _wait_gone(pid, home, timeout):
        _signal(pid, signal.SIGKILL)
        if not _wait_gone(pid, home, 10.0):
            raise ServerError(
                f"the local graph server (pid {pid}) did not stop, even after SIGKILL.",
                log_tail=_log_tail(home),
            )


def stop_server(home: Path | None = None, *, timeout: float = STOP_TIMEOUT) -> int | None:
    """Stop the local graph server of ``home``.

    The server is found by its command line, so this works even when ``server.json``
    or the credentials file is missing or damaged; no password is needed. Sends SIGTERM
    (ArcadeDB closes its databases cleanly), then SIGKILL if it is still running after
    ``timeout`` seconds, and removes ``server.json``.

    Returns:
        The pid of the server that was stopped, or None if none was running.

    Raises:
        ServerError: the process survived SIGKILL.
    """
    home = resolve_home(home)
    if not home.is_dir():
        return None
    with _locked(home, timeout=timeout + 120.0):
        proc = _find(home)
        if proc is None:
            _remove_state(home)
            return None
        _terminate(proc.pid, home, timeout)
        _remove_state(home)
        return proc.pid


def ensure_server(home: Path | None = None, notify: Notify | None = None) -> ServerInfo:
    """Return the running local graph server, starting it first if needed.

    Parameters:
        home: the graphtool data folder; default :func:`graphtool.paths.graphtool_home`.
        notify: called with a one-line message when a server was started, so the
            CLI can tell the user that a background process now runs (on stderr),
            and with the notices of :func:`start_server`.

    Raises:
        ServerError: the server could not be started.
    """
    info, started = start_server(home, notify=notify)
    if started and notify is not None:
        notify(
            f"Started the local graph server at {info.uri} (data in {info.home}). "
            "Stop it with 'graphtool server stop'."
        )
    return info
