"""The local server in the process table: its command line says which home it serves
and how to reach it, so graphtool finds its server even when ``server.json`` is gone.

Works from ``/proc`` where there is one, else from ``ps`` (whose output splits
arguments on spaces; matching is done on the joined command line).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from graphtool.errors import ServerError

DEFAULT_HEAP = "2g"
HEAP_ENV = "GRAPHTOOL_SERVER_HEAP"
#: The accounts scheme graphtool gives the server. A running server started with an
#: older one (before the read-only account existed) is restarted to get it.
SECURITY_SCHEME = 2

SERVER_CLASS = "com.arcadedb.server.ArcadeDBServer"
# System properties on the JVM's command line that let graphtool recognise its server
# and everything needed to reach it from the process table alone, so a lost or corrupt
# server.json never hides a running server.
ROOT_ARG = "-Darcadedb.server.rootPath="
BOLT_ARG = "-Darcadedb.bolt.port="
HTTP_ARG = "-Darcadedb.server.httpIncomingPort="
SCHEME_ARG = "-Dgraphtool.security="
STARTED_ARG = "-Dgraphtool.startedAt="


@dataclass(frozen=True)
class ServerProcess:
    """A server process of a home, as its command line describes it."""

    pid: int
    bolt_port: int
    http_port: int
    started_at: float
    scheme: int


def process_args(pid: int) -> list[str] | None:
    """The command line of ``pid`` as arguments, or None when no such process lives."""
    if Path("/proc/self").exists():
        try:
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        # A zombie has an empty command line: it is gone for our purposes.
        return raw.decode(errors="replace").rstrip("\0").split("\0") if raw else None
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


def all_pids() -> list[int]:
    """Every process id on the machine."""
    if Path("/proc/self").exists():
        return [int(e.name) for e in os.scandir("/proc") if e.name.isdigit()]
    try:
        out = subprocess.run(["ps", "-axo", "pid="], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return [int(x) for x in out.stdout.split() if x.isdigit()]


def _arg(line: str, prefix: str) -> str | None:
    m = re.search(rf" {re.escape(prefix)}(\S+) ", line)
    return m.group(1) if m else None


def describe(pid: int, root: Path) -> ServerProcess | None:
    """``pid`` as a server process of ``home``, or None if it is not one (or gone).

    Checking the command line guards against a pid reused by another process, and
    against the server of another home.
    """
    if pid <= 0:
        return None
    reap(pid)
    args = process_args(pid)
    if not args:
        return None
    # Compare on the joined line: ps (no /proc) splits a path with spaces apart.
    line = f" {' '.join(args)} "
    if f" {SERVER_CLASS} " not in line or f" {ROOT_ARG}{root} " not in line:
        return None

    def number(prefix: str, default: float) -> float:
        value = _arg(line, prefix)
        try:
            return float(value) if value is not None else default
        except ValueError:
            return default

    return ServerProcess(
        pid=pid,
        bolt_port=int(number(BOLT_ARG, 0)),
        http_port=int(number(HTTP_ARG, 0)),
        started_at=number(STARTED_ARG, 0.0),
        scheme=int(number(SCHEME_ARG, 0)),
    )


def is_server(pid: int, root: Path) -> bool:
    """True if ``pid`` is alive and is the ArcadeDB server of this ``home``."""
    return describe(pid, root) is not None


def reap(pid: int) -> None:
    """Collect ``pid`` if it is a finished child of this process (e.g. in tests)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def package_dir() -> Path:
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


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("arcadedb-embedded")
    except PackageNotFoundError:
        return "unknown"


def java_command(root: Path, bolt_port: int, http_port: int, started_at: float, database: str) -> list[str]:
    """The command that runs the server on ``root`` (ArcadeDB's root path) and the ports.

    The system properties it sets make the process recognisable (:func:`describe`).
    """
    pkg = package_dir()
    java = pkg / "jre" / "bin" / ("java.exe" if sys.platform == "win32" else "java")
    if not java.is_file():
        raise ServerError(
            f"the 'arcadedb-embedded' package at {pkg} has no bundled Java ({java} is "
            "missing). Reinstall it with 'pip install --force-reinstall arcadedb-embedded'."
        )
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
        f"{ROOT_ARG}{root}",
        # No password on the command line (others can read it): the users file that
        # graphtool writes before the start already holds every account's hash.
        f"-Darcadedb.server.logsDirectory={root / 'log'}",
        f"-Darcadedb.server.defaultDatabases={database}[root]",
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "-Darcadedb.bolt.host=127.0.0.1",
        f"{BOLT_ARG}{bolt_port}",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1",
        f"{HTTP_ARG}{http_port}",
        # Nothing leaves the machine and nothing listens beyond what we asked for.
        "-Darcadedb.support.autoRegister=false",
        "-Darcadedb.studio.enabled=false",
        "-Darcadedb.serverMetrics=false",
        f"{SCHEME_ARG}{SECURITY_SCHEME}",
        f"{STARTED_ARG}{started_at:.3f}",
        "-cp",
        str(pkg / "jars" / "*"),
        SERVER_CLASS,
    ]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_ports() -> tuple[int, int]:
    bolt = _free_port()
    http = _free_port()
    while http == bolt:
        http = _free_port()
    return bolt, http


def bolt_handshake(port: int, timeout: float = 2.0) -> bool:
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
