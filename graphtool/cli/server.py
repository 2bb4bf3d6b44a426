"""Commands that manage the local graph server: ``graphtool server start|stop|status``."""

from __future__ import annotations

import json
import time
from typing import Any

import click

from ..store import server as local
from .base import GraphtoolGroup, emit, note


def format_uptime(seconds: float) -> str:
    """``3725`` -> ``'1h 02m 05s'``; ``65`` -> ``'1m 05s'``; ``4.2`` -> ``'4s'``."""
    s = int(seconds)
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    if days:
        return f"{days}d {hours:02d}h {minutes:02d}m"
    if hours:
        return f"{hours}h {minutes:02d}m {s:02d}s"
    if minutes:
        return f"{minutes}m {s:02d}s"
    return f"{s}s"


def _status_record(info: local.ServerInfo) -> dict[str, Any]:
    return {
        "running": True,
        "uri": info.uri,
        "user": info.writer.user,
        "read_user": info.reader.user,
        "database": info.database,
        "pid": info.pid,
        "home": str(info.home),
        "credentials_file": str(info.credentials_file),
        "log": str(info.log_file),
        "bolt_port": info.bolt_port,
        "http_port": info.http_port,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(info.started_at)),
        "uptime_seconds": round(info.uptime, 1),
    }


@click.group(cls=GraphtoolGroup)
def server() -> None:
    """Start, stop and inspect graphtool's local graph server.

    With no --uri or NEO4J_URI, graphtool runs its own graph server (ArcadeDB
    over Bolt, bound to 127.0.0.1) in the background, starting it on first use.
    Its data lives in $GRAPHTOOL_HOME (default ~/.local/share/graphtool);
    GRAPHTOOL_SERVER_HEAP sets its Java heap (default 2g).

    \b
    Example:
      graphtool server status
    """


@server.command()
@click.option(
    "--timeout",
    default=local.START_TIMEOUT,
    show_default=True,
    type=click.FloatRange(1),
    help="Seconds to wait for the server to accept connections.",
)
def start(timeout: float) -> None:
    """Start the local graph server in the background.

    Does nothing if it is already running. It keeps running after this command
    exits, until 'graphtool server stop'.

    \b
    Example:
      graphtool server start
    """
    info, started = local.start_server(timeout=timeout, notify=note)
    if started:
        note(f"Started the local graph server at {info.uri} (pid {info.pid}, data in {info.home}).")
    else:
        note(f"The local graph server is already running at {info.uri} (pid {info.pid}).")


@server.command()
@click.option(
    "--timeout",
    default=local.STOP_TIMEOUT,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds to wait for a clean shutdown before killing the process.",
)
def stop(timeout: float) -> None:
    """Stop the local graph server. Its data is kept.

    \b
    Example:
      graphtool server stop
    """
    pid = local.stop_server(timeout=timeout)
    if pid is not None:
        note(f"Stopped the local graph server (pid {pid}).")
    else:
        note("The local graph server was not running.")


@server.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def status(as_json: bool) -> None:
    """Show whether the local graph server runs, where, and since when.

    Prints one 'key: value' per line, or 'not running'. graphtool reads as the
    read-only user and writes as the other; passwords are not shown, they are in
    the credentials file (readable by you alone).

    \b
    Example:
      graphtool server status --json
    """
    info = local.server_status()
    if as_json:
        if info is None:
            record: dict[str, Any] = {"running": False, "home": str(local.resolve_home())}
        else:
            record = _status_record(info)
        emit(json.dumps(record, indent=2))
        return
    if info is None:
        emit("not running")
        return
    record = _status_record(info)
    lines = {
        "uri": info.uri,
        "user": info.writer.user,
        "read-only user": info.reader.user,
        "database": info.database,
        "pid": info.pid,
        "data directory": info.home,
        "credentials file": record["credentials_file"],
        "log": record["log"],
        "http port": info.http_port,
        "started": record["started_at"],
        "uptime": format_uptime(info.uptime),
    }
    for key, value in lines.items():
        emit(f"{key}: {value}")
