"""The database connection: the only module that imports the ``neo4j`` driver.

:class:`GraphDB` wraps ``driver.execute_query`` and managed transactions with
read/write routing and the database name, returns plain Python values, batches
writes, and maps driver errors onto :mod:`graphtool.errors`. It works the same on
Neo4j 5 (``bolt://`` or a cluster behind ``neo4j://``) and on graphtool's local server.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from ..errors import (
    AuthenticationFailed,
    DatabaseUnavailable,
    QueryFailed,
    UsageError,
    WriteRefused,
)
from .queries import Query

#: Seconds to wait for a server before saying it cannot be reached.
CONNECT_TIMEOUT = 5.0

Tracer = Callable[[str, Mapping[str, Any]], None]
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Settings:
    """Where and how to connect. ``database`` None means the server's default."""

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None = None

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> Settings | None:
        """Settings from explicit values, else the standard ``NEO4J_*`` variables.

        Returns None when no URI is given anywhere: the caller then uses the local server.
        """
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            return None
        return cls(
            uri=uri,
            user=user or os.environ.get("NEO4J_USERNAME") or "neo4j",
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD", ""),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )


@dataclass(frozen=True)
class Result:
    """Rows of a statement with what the server said about it."""

    columns: list[str]
    rows: list[dict[str, Any]]
    query_type: str
    counters: dict[str, int]
    seconds: float


def to_plain(value: Any) -> Any:
    """Convert driver values (nodes, relationships, paths, temporals) to plain Python.

    Nodes become ``{"_labels": [...], **properties}``, relationships
    ``{"_type": TYPE, **properties}`` and paths ``{"nodes": [...], "relationships": [...]}``.
    """
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, neo4j.graph.Node):
        return {"_labels": sorted(value.labels), **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def _counters(summary: Any) -> dict[str, int]:
    c = summary.counters
    names = (
        "nodes_created",
        "nodes_deleted",
        "relationships_created",
        "relationships_deleted",
        "properties_set",
        "labels_added",
        "constraints_added",
        "indexes_added",
    )
    return {n: int(getattr(c, n, 0) or 0) for n in names}


class GraphDB:
    """A connection to one graph database.

    The driver is created on first use, so building a ``GraphDB`` never connects.

    Parameters:
        settings: where to connect.
        tracer: called with each statement and its parameters before it runs
            (``graphtool --trace``).
    """

    def __init__(self, settings: Settings, tracer: Tracer | None = None) -> None:
        self.settings = settings
        self.tracer = tracer
        self._driver: neo4j.Driver | None = None

    # -- connection ---------------------------------------------------------------
    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            s = self.settings
            try:
                driver = neo4j.GraphDatabase.driver(
                    s.uri,
                    auth=(s.user, s.password),
                    connection_timeout=CONNECT_TIMEOUT,
                    connection_acquisition_timeout=CONNECT_TIMEOUT * 2,
                    max_transaction_retry_time=15.0,
                    user_agent="graphtool",
                )
            except (neo4j_errors.ConfigurationError, ValueError) as exc:
                raise UsageError(f"invalid database URI '{s.uri}': {exc}") from None
            try:
                with self._mapped_errors():
                    driver.verify_connectivity()
            except BaseException:
                driver.close()  # do not leave a pool behind each failed attempt
                raise
            self._driver = driver
        return self._driver

    def close(self) -> None:
        """Close the driver (safe to call twice)."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> GraphDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _mapped_errors(self, query_name: str = "") -> Iterator[None]:
        uri = self.settings.uri
        try:
            yield
        except neo4j_errors.AuthError:
            raise AuthenticationFailed(uri, self.settings.user) from None
        except neo4j_errors.Neo4jError as exc:
            code = exc.code or ""
            if "Database.DatabaseNotFound" in code:
                raise QueryFailed(
                    f"database '{self.settings.database}' does not exist on {uri}", code
                ) from None
            raise QueryFailed(exc.message or str(exc), code, query_name) from None
        except (OSError, neo4j_errors.DriverError) as exc:  # unreachable, timed out, expired
            raise DatabaseUnavailable(uri, _short(exc)) from None

    def _trace(self, text: str, params: Mapping[str, Any]) -> None:
        if self.tracer is not None:
            self.tracer(text, params)

    @staticmethod
    def _text(query: Query | str) -> tuple[str, str]:
        return (query.text, query.name) if isinstance(query, Query) else (query, "")

    # -- statements -----------------------------------------------------------------
    def run(
        self, query: Query | str, params: Mapping[str, Any] | None = None, *, write: bool = False
    ) -> Result:
        """Run one statement in a managed transaction and return rows and summary.

        Reads are routed as reads and writes as writes.
        """
        text, name = self._text(query)
        params = dict(params or {})
        self._trace(text, params)
        routing = neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ
        start = time.perf_counter()
        with self._mapped_errors(name):
            records, summary, keys = self.driver.execute_query(
                text,
                params,
                routing_=routing,
                database_=self.settings.database,
            )
        rows = [{k: to_plain(r[k]) for k in keys} for r in records]
        return Result(
            columns=list(keys),
            rows=rows,
            query_type=summary.query_type or "",
            counters=_counters(summary),
            seconds=time.perf_counter() - start,
        )

    def read(self, query: Query | str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a read statement, as plain dicts."""
        return self.run(query, params).rows

    def write(self, query: Query | str, params: Mapping[str, Any] | None = None) -> dict[str, int]:
        """Run a write statement; returns the update counters."""
        return self.run(query, params, write=True).counters

    def run_read_only(self, text: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run an ad hoc statement in a read transaction, refusing it if it writes.

        Neo4j refuses writes in a read session; the local server does not, and its
        ``EXPLAIN`` reports every statement as a write. So the statement runs in an
        explicit read transaction that is rolled back if the server reports any
        update, which is the same on both.

        Raises:
            WriteRefused: the statement writes (nothing is committed).
        """
        return self._run_once(text, params, write=False)

    def run_write_once(self, text: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run a user's statement that may write, in one explicit write transaction.

        Unlike :meth:`run`, it is never retried: a user's statement need not be
        idempotent, and a retry after a dropped connection could apply it twice.
        """
        return self._run_once(text, params, write=True)

    def _run_once(self, text: str, params: Mapping[str, Any] | None, *, write: bool) -> Result:
        params = dict(params or {})
        self._trace(text, params)
        start = time.perf_counter()
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        with self._mapped_errors(), self.driver.session(
            database=self.settings.database, default_access_mode=mode
        ) as session:
            tx = session.begin_transaction()
            try:
                result = tx.run(text, params)
                keys = list(result.keys())
                records = list(result)
                summary = result.consume()
                counters = summary.counters
                writes = counters.contains_updates or counters.contains_system_updates
                if not write and (writes or (summary.query_type or "r") != "r"):
                    tx.rollback()
                    raise WriteRefused()
                tx.commit()
            except neo4j_errors.ClientError as exc:
                if not write and "AccessMode" in (exc.code or ""):
                    raise WriteRefused() from None
                raise
            finally:
                if not tx.closed():
                    tx.close()
        return Result(
            columns=keys,
            rows=[{k: to_plain(r[k]) for k in keys} for r in records],
            query_type=summary.query_type or "r",
            counters=_counters(summary),
            seconds=time.perf_counter() - start,
        )

    def write_batches(
        self,
        query: Query | str,
        rows: Sequence[Mapping[str, Any]],
        size: int = 1000,
        progress: Progress | None = None,
    ) -> dict[str, int]:
        """Run ``query`` with ``$rows`` bound to consecutive batches, one transaction each.

        ``progress`` is called with the number of rows done after each batch.
        """
        text, name = self._text(query)
        totals: dict[str, int] = {}

        def work(tx: neo4j.ManagedTransaction, batch: list[Mapping[str, Any]]) -> dict[str, int]:
            return _counters(tx.run(text, rows=batch).consume())

        done = 0
        for i in range(0, len(rows), max(1, size)):
            batch = list(rows[i : i + size])
            self._trace(text, {"rows": f"<{len(batch)} rows>"})
            with self._mapped_errors(name), self.driver.session(
                database=self.settings.database, default_access_mode=neo4j.WRITE_ACCESS
            ) as session:
                counts = session.execute_write(work, batch)
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
            done += len(batch)
            if progress is not None:
                progress(done)
        return totals


def _short(exc: BaseException) -> str:
    """The useful part of a driver error: its stated reason, else its first line.

    >>> _short(OSError("Couldn't connect to h:1: (reason [Errno 111] Connection refused)"))
    'Connection refused'
    """
    text = str(exc).strip()
    reason = re.search(r"\(reason (?:\[Errno \d+\] )?([^)]*)\)", text)
    if reason:
        return reason.group(1).strip()[:200]
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]


def connect(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    tracer: Tracer | None = None,
    notify: Callable[[str], None] | None = None,
) -> GraphDB:
    """A :class:`GraphDB` from explicit settings, the ``NEO4J_*`` variables, or else the
    local graph server (started if needed; ``notify`` is told when it starts)."""
    settings = Settings.from_env(uri, user, password, database)
    if settings is None:
        from .server import ensure_server

        info = ensure_server(notify=notify)
        settings = Settings(info.uri, info.user, info.password, database or info.database)
    return GraphDB(settings, tracer=tracer)
