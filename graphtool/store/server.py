"""The local graph server: ArcadeDB with its Bolt plugin, run as a background process.
One file because start, status and stop share one lock, one state file and one test
of which process is ours, and only make sense read together.

When no ``NEO4J_URI`` is configured graphtool runs its own graph server. It is the
ArcadeDB server from the ``arcadedb-embedded`` package, started with the JRE that
package bundles, in a JVM of its own (never inside the CLI process), detached so that
it outlives the command that started it, and bound to 127.0.0.1 only.

Everything lives in one per-user folder, ``home`` (:func:`graphtool.paths.graphtool_home`
unless given)::

    home/server/        ArcadeDB's root path: databases/, config/, log/
    home/server.json    pid, Bolt and HTTP ports, start time, package version
    home/password       the generated root password (mode 0600)
    home/server.log     stdout and stderr of the JVM (the previous one is server.log.1)
    home/server.lock    held while a server starts or stops

This module imports nothing heavy: no neo4j, no JPype. Readiness is checked with a
Bolt handshake over a plain socket.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphtool import paths
from graphtool.errors import ServerError

USER = "root"
DATABASE = "graph"
DEFAULT_HEAP = "2g"
HEAP_ENV = "GRAPHTOOL_SERVER_HEAP"

_SERVER_CLASS = "com.arcadedb.server.ArcadeDBServer"
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

    ``uri``, ``user``, ``password`` and ``database`` are what a Bolt driver needs;
    the rest describes the process and where it keeps its data.
    """

    uri: str
    user: str
    password: str = field(repr=False)
    database: str
    pid: int
    home: Path
    bolt_port: int
    http_port: int
    started_at: float

    @property
    def password_file(self) -> Path:
        """The file holding the password (0600)."""
        return _password_file(self.home)

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


def _password_file(home: Path) -> Path:
    return home / "password"


def _log_file(home: Path) -> Path:
    return home / "server.log"


def _lock_file(home: Path) -> Path:
    return home / "server.lock"


def _prepare_home(home: Path) -> None:
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise ServerError(
            f"cannot create the graphtool data folder {home}: {exc.strerror}. "
            "Set GRAPHTOOL_HOME to a writable folder."
        ) from exc


@contextlib.contextmanager
def _locked(home: Path, timeout: float) -> Iterator[None]:
    """Hold ``home/server.lock`` so only one process starts or stops the server."""
    import fcntl  # Unix only; imported here so the module still imports elsewhere

    _prepare_home(home)
    fd = os.open(_lock_file(home), os.O_RDWR | os.O_CREAT, 0o600)
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


def _read_password(home: Path) -> str:
    try:
        return _password_file(home).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def _ensure_password(home: Path) -> str:
    """Return the root password, generating ``home/password`` (mode 0600) if missing."""
    password = _read_password(home)
    if password:
        return password
    password = secrets.token_urlsafe(24)  # 32 characters
    path = _password_file(home)
    path.unlink(missing_ok=True)  # an empty leftover
    # Created with its final mode: the password is never readable by others, not
    # even for the moment a chmod after writing would leave open.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(password + "\n")
    # ArcadeDB uses the password only when it creates the root user. If the users
    # file survived a lost password file, remove it so root is created again with
    # the new password; the databases are untouched.
    (_root_path(home) / "config" / "server-users.jsonl").unlink(missing_ok=True)
    return password


def _read_state(home: Path) -> dict[str, object] | None:
    try:
        state = json.loads(_state_file(home).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # unreadable: treated as stale
    return state if isinstance(state, dict) else {}


def _write_state(home: Path, state: dict[str, object]) -> None:
    tmp = _state_file(home).with_suffix(".json.tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(_state_file(home))


def _remove_state(home: Path) -> None:
    _state_file(home).unlink(missing_ok=True)


def _log_tail(home: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = _log_file(home).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


# ---------------------------------------------------------------- processes


def _process_args(pid: int) -> list[str] | None:
    """The command line of ``pid`` as arguments, or None when no such process lives."""
    if Path("/proc/self").exists():
        try:
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        # A zombie has an empty command line: it is gone for our purposes.
        return raw.decode(errors="replace").split("\0") if raw else None
    try:  # no /proc (macOS): ask ps, and split on spaces
        out = subprocess.run(
            ["ps", "-p", str(pid), "-o", "command="],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.split() or None


def _is_our_server(pid: int, home: Path) -> bool:
    """True if ``pid`` is alive and is the ArcadeDB server of this ``home``.

    Checking the command line guards against a pid reused by another process, and
    against the server of another home.
    """
    if pid <= 0:
        return False
    _reap(pid)
    args = _process_args(pid)
    if not args:
        return False
    # Compare on the joined line: ps (no /proc) splits a path with spaces apart.
    line = f" {' '.join(args)} "
    return f" {_SERVER_CLASS} " in line and f" -Darcadedb.server.rootPath={_root_path(home)} " in line


def _reap(pid: int) -> None:
    """Collect ``pid`` if it is a finished child of this process (e.g. in tests)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _wait_gone(pid: int, home: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _is_our_server(pid, home):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _free_ports() -> tuple[int, int]:
    bolt = _free_port()
    http = _free_port()
    while http == bolt:
        http = _free_port()
    return bolt, http


def _bolt_handshake(port: int, timeout: float = 2.0) -> bool:
    """True if something on ``port`` answers a Bolt handshake with a version."""
    # Magic preamble, then four proposals: 4.4, 4.0, 3.0 and an empty slot.
    request = (
        b"\x60\x60\xb0\x17"
        + b"\x00\x00\x04\x04"
        + b"\x00\x00\x00\x04"
        + b"\x00\x00\x00\x03"
        + b"\x00\x00\x00\x00"
    )
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(request)
            answer = b""
            while len(answer) < 4:
                chunk = s.recv(4 - len(answer))
                if not chunk:
                    return False
                answer += chunk
    except OSError:
        return False
    return answer != b"\x00\x00\x00\x00"


def _package_dir() -> Path:
    """The installed ``arcadedb_embedded`` folder, found without importing it (JPype)."""
    import importlib.util

    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError(
            "the local graph server needs the 'arcadedb-embedded' package, which is not "
            "installed. Install it with 'pip install arcadedb-embedded', or set NEO4J_URI "
            "to use another Bolt server."
        )
    return Path(list(spec.submodule_search_locations)[0])


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("arcadedb-embedded")
    except PackageNotFoundError:
        return "unknown"


def _java_command(home: Path, bolt_port: int, http_port: int) -> list[str]:
    pkg = _package_dir()
    java = pkg / "jre" / "bin" / ("java.exe" if sys.platform == "win32" else "java")
    if not java.is_file():
        raise ServerError(
            f"the 'arcadedb-embedded' package at {pkg} has no bundled Java ({java} is "
            "missing). Reinstall it with 'pip install --force-reinstall arcadedb-embedded'."
        )
    root = _root_path(home)
    heap = os.environ.get(HEAP_ENV, "").strip() or DEFAULT_HEAP
    return [
        str(java),
        f"-Xmx{heap}",
        # Smaller objects (a product flag since JDK 25, which the package bundles).
        # G1 stays: SerialGC started no faster (measured) and suits a database worse.
        "-XX:+UseCompactObjectHeaders",
        # Die rather than linger half-broken, so the CLI sees it and can restart it.
        "-XX:+ExitOnOutOfMemoryError",
        f"-XX:ErrorFile={root / 'log' / 'hs_err_pid%p.log'}",
        "-Djava.awt.headless=true",
        f"-Darcadedb.server.rootPath={root}",
        f"-Darcadedb.server.rootPasswordPath={_password_file(home)}",
        f"-Darcadedb.server.logsDirectory={root / 'log'}",
        f"-Darcadedb.server.defaultDatabases={DATABASE}[{USER}]",
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "-Darcadedb.bolt.host=127.0.0.1",
        f"-Darcadedb.bolt.port={bolt_port}",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1",
        f"-Darcadedb.server.httpIncomingPort={http_port}",
        # Nothing leaves the machine and nothing listens beyond what we asked for.
        "-Darcadedb.support.autoRegister=false",
        "-Darcadedb.studio.enabled=false",
        "-Darcadedb.serverMetrics=false",
        "-cp",
        str(pkg / "jars" / "*"),
        _SERVER_CLASS,
    ]


# ---------------------------------------------------------------- public API


def _info(home: Path, state: dict[str, object]) -> ServerInfo:
    bolt_port = int(state["bolt_port"])  # type: ignore[call-overload]
    return ServerInfo(
        uri=f"bolt://127.0.0.1:{bolt_port}",
        user=USER,
        password=_read_password(home),
        database=DATABASE,
        pid=int(state["pid"]),  # type: ignore[call-overload]
        home=home,
        bolt_port=bolt_port,
        http_port=int(state["http_port"]),  # type: ignore[call-overload]
        started_at=float(state["started_at"]),  # type: ignore[arg-type]
    )


def _running(home: Path) -> ServerInfo | None:
    """The running server described by ``server.json``; removes the file when stale.

    Call with the lock held.
    """
    state = _read_state(home)
    if state is None:
        return None
    try:
        info = _info(home, state)
    except (KeyError, TypeError, ValueError):
        info = None
    if info is not None and _is_our_server(info.pid, home):
        return info
    _remove_state(home)
    return None


def server_status(home: Path | None = None) -> ServerInfo | None:
    """Describe the local graph server of ``home``, or return None when none is running.

    A stale ``server.json`` (its process is gone, or the pid now belongs to another
    program) is removed. A server that is still starting is reported as running.

    Parameters:
        home: the graphtool data folder; default :func:`graphtool.paths.graphtool_home`.
    """
    home = resolve_home(home)
    if not _state_file(home).exists():
        return None
    fd = _try_lock(home)
    if fd is None:
        # Someone is starting or stopping it: report without cleaning up.
        state = _read_state(home)
        with contextlib.suppress(KeyError, TypeError, ValueError):
            if state:
                info = _info(home, state)
                if _is_our_server(info.pid, home):
                    return info
        return None
    try:
        return _running(home)
    finally:
        os.close(fd)


def start_server(home: Path | None = None, *, timeout: float = START_TIMEOUT) -> tuple[ServerInfo, bool]:
    """Start the local graph server of ``home`` unless it is already running.

    The server runs detached in its own session, so it keeps running after this
    process exits; stop it with :func:`stop_server`. A lock file makes concurrent
    callers wait for one start rather than start two servers.

    Parameters:
        home: the graphtool data folder; default :func:`graphtool.paths.graphtool_home`.
        timeout: seconds to wait for the server to accept Bolt connections.

    Returns:
        ``(info, started_now)``: ``started_now`` is False when it was already running.

    Raises:
        ServerError: the server exited or did not become ready in time; the message
            carries the last lines of ``server.log``.
    """
    home = resolve_home(home)
    with _locked(home, timeout=timeout + 30.0):
        info = _running(home)
        if info is not None:
            return info, False
        _ensure_password(home)
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            try:
                return _launch(home, timeout), True
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


def _launch(home: Path, timeout: float) -> ServerInfo:
    bolt_port, http_port = _free_ports()
    command = _java_command(home, bolt_port, http_port)
    root = _root_path(home)
    (root / "log").mkdir(parents=True, exist_ok=True)
    log_path = _log_file(home)
    if log_path.exists():
        log_path.replace(log_path.with_name("server.log.1"))
    started_at = time.time()
    with open(log_path, "wb") as log:
        try:
            proc = subprocess.Popen(
                command,
                cwd=root,  # the JVM resolves any relative path it still uses here
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the CLI and its Ctrl-C
                close_fds=True,
            )
        except OSError as exc:
            raise ServerError(
                f"the local graph server did not start: cannot run {command[0]}: {exc.strerror}."
            ) from exc
    # Recorded at once, so that a CLI interrupted while waiting leaves a server that
    # 'graphtool server stop' can still find.
    _write_state(
        home,
        {
            "pid": proc.pid,
            "bolt_port": bolt_port,
            "http_port": http_port,
            "started_at": started_at,
            "version": _package_version(),
        },
    )
    try:
        _wait_ready(proc, home, bolt_port, timeout)
    except BaseException:
        _kill(proc)
        _remove_state(home)
        raise
    info = _info(home, _read_state(home) or {})
    return info


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
        if _STARTED_MARKER in text and listening in text and _bolt_handshake(bolt_port):
            return
        if time.monotonic() > deadline:
            raise ServerError(
                f"the local graph server did not start within {timeout:.0f} s. Full log: {log_path}",
                log_tail=_log_tail(home),
            )
        time.sleep(0.1)


def stop_server(home: Path | None = None, *, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the local graph server of ``home``.

    Sends SIGTERM (ArcadeDB closes its databases cleanly), then SIGKILL if it is
    still running after ``timeout`` seconds, and removes ``server.json``.

    Returns:
        True if a server was running and has been stopped, False if none was running.

    Raises:
        ServerError: the process survived SIGKILL.
    """
    home = resolve_home(home)
    if not _state_file(home).exists():
        return False
    with _locked(home, timeout=timeout + 120.0):
        info = _running(home)
        if info is None:
            return False
        _signal(info.pid, signal.SIGTERM)
        if not _wait_gone(info.pid, home, timeout):
            _signal(info.pid, signal.SIGKILL)
            if not _wait_gone(info.pid, home, 10.0):
                raise ServerError(
                    f"the local graph server (pid {info.pid}) did not stop, even after SIGKILL.",
                    log_tail=_log_tail(home),
                )
        _remove_state(home)
        return True


def ensure_server(home: Path | None = None, notify: Callable[[str], None] | None = None) -> ServerInfo:
    """Return the running local graph server, starting it first if needed.

    Parameters:
        home: the graphtool data folder; default :func:`graphtool.paths.graphtool_home`.
        notify: called with a one-line message when a server was started, so the
            CLI can tell the user that a background process now runs (on stderr).

    Raises:
        ServerError: the server could not be started.
    """
    info, started = start_server(home)
    if started and notify is not None:
        notify(
            f"Started the local graph server at {info.uri} (data in {info.home}). "
            "Stop it with 'graphtool server stop'."
        )
    return info
