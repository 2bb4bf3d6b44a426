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
from pathlib import Path
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from ..errors import (
    AuthenticationFailed,
    DatabaseUnavailable,
    QueryFailed,
    ReadOnlyUnavailable,
    UsageError,
    WriteRefused,
)
from .queries import Query

#: Seconds to wait for a server before saying it cannot be reached.
CONNECT_TIMEOUT = 5.0

Tracer = Callable[[str, Mapping[str, Any]], None]
Progress = Callable[[int], None]


#: URI schemes of the Bolt protocol, the only one graphtool speaks.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> None:
    """Refuse a URI that is not a Bolt URI, with what to use instead.

    >>> check_uri("neo4j://db.example:7687")
    >>> check_uri("http://localhost:7474")
    Traceback (most recent call last):
    ...
    graphtool.errors.UsageError: invalid database URI 'http://localhost:7474': graphtool speaks Bolt, \
so the URI starts with bolt:// or neo4j:// (e.g. bolt://localhost:7687; Neo4j's HTTP port 7474 is not Bolt).
    """
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise UsageError(
            f"invalid database URI '{uri}': graphtool speaks Bolt, so the URI starts with bolt:// "
            "or neo4j:// (e.g. bolt://localhost:7687; Neo4j's HTTP port 7474 is not Bolt)."
        )


@dataclass(frozen=True)
class Settings:
    """Where and how to connect. ``database`` None means the server's default.

    ``read_user``/``read_password``, when given, name an account the server only lets
    read: graphtool then does every read, and runs every statement without ``--write``,
    as that account (graphtool's local server always has one). ``local_home`` is set
    for graphtool's local server, so that messages can point at its files.
    """

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None = None
    read_user: str | None = None
    read_password: str | None = field(default=None, repr=False)
    local_home: Path | None = None

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> Settings | None:
        """Settings from explicit values, else the standard ``NEO4J_*`` variables
        (and ``GRAPHTOOL_READ_USERNAME``/``GRAPHTOOL_READ_PASSWORD`` for a read-only account).

        Returns None when no URI is given anywhere: the caller then uses the local server.

        Raises:
            UsageError: the URI is not a Bolt URI.
        """
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            return None
        check_uri(uri)
        read_user = os.environ.get("GRAPHTOOL_READ_USERNAME") or None
        return cls(
            uri=uri,
            user=user or os.environ.get("NEO4J_USERNAME") or "neo4j",
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD", ""),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
            read_user=read_user,
            read_password=os.environ.get("GRAPHTOOL_READ_PASSWORD", "") if read_user else None,
        )


@dataclass(frozen=True)
class Result:
    """Rows of a statement with what the server said about it."""

    columns: list[str]
    rows: list[dict[str, Any]]
    query_type: str
    counters: dict[str, int]
    seconds: float


_PLAIN = frozenset({str, int, float, bool, type(None)})


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
        # Projections read lists of a million ids: check each item's type here rather
        # than call this function once per item.
        return [v if type(v) in _PLAIN else to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _PLAIN else to_plain(v) for k, v in value.items()}
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


def _enforces_read_only(agent: str) -> bool:
    """Whether a server's agent string names a Neo4j, which refuses writes in read
    transactions (servers that speak Bolt "Neo4j compatible" may not).

    >>> _enforces_read_only("Neo4j/5.26.0"), _enforces_read_only("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)")
    (True, False)
    """
    return agent.startswith("Neo4j/") and "compatible" not in agent.lower()


class GraphDB:
    """A connection to one graph database.

    The drivers are created on first use, so building a ``GraphDB`` never connects.
    Writes run as ``settings.user``; reads run as ``settings.read_user`` when there is
    one (a second driver), else as the same user in read transactions.

    Parameters:
        settings: where to connect.
        tracer: called with each statement and its parameters before it runs
            (``graphtool --trace``). Without one, the driver is told to send no
            notifications ("unknown label ..."), which are for people tracing statements.
    """

    def __init__(self, settings: Settings, tracer: Tracer | None = None) -> None:
        self.settings = settings
        self.tracer = tracer
        self._driver: neo4j.Driver | None = None
        self._reader: neo4j.Driver | None = None
        self._agent: str | None = None

    # -- connection ---------------------------------------------------------------
    def _open(self, user: str, password: str) -> neo4j.Driver:
        s = self.settings
        check_uri(s.uri)
        options: dict[str, Any] = {}
        if self.tracer is None:
            options["notifications_min_severity"] = "OFF"
        try:
            driver = neo4j.GraphDatabase.driver(
                s.uri,
                auth=(user, password),
                connection_timeout=CONNECT_TIMEOUT,
                connection_acquisition_timeout=CONNECT_TIMEOUT * 2,
                max_transaction_retry_time=15.0,
                user_agent="graphtool",
                **options,
            )
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise UsageError(f"invalid database URI '{s.uri}': {exc}") from None
        try:
            with self._mapped_errors(user=user):
                driver.verify_connectivity()
        except BaseException:
            driver.close()  # do not leave a pool behind each failed attempt
            raise
        return driver

    @property
    def driver(self) -> neo4j.Driver:
        """The driver that writes (``settings.user``)."""
        if self._driver is None:
            self._driver = self._open(self.settings.user, self.settings.password)
        return self._driver

    @property
    def reader(self) -> neo4j.Driver:
        """The driver that reads: the read-only account's, else the writer's."""
        s = self.settings
        if not s.read_user:
            return self.driver
        if self._reader is None:
            self._reader = self._open(s.read_user, s.read_password or "")
        return self._reader

    def _read_user(self) -> str:
        return self.settings.read_user or self.settings.user

    def read_only_enforced(self) -> bool:
        """Whether the server itself refuses writes made by :meth:`run_read_only`: reads
        use an account that may only read, or the server is a Neo4j (read transactions)."""
        if self.settings.read_user:
            return True
        return _enforces_read_only(self.agent)

    @property
    def agent(self) -> str:
        """The server's name and version, as it reports them."""
        if self._agent is None:
            with self._mapped_errors(user=self._read_user()):
                self._agent = str(self.reader.get_server_info().agent)
        return self._agent

    def close(self) -> None:
        """Close the drivers (safe to call twice)."""
        for driver in (self._reader, self._driver):
            if driver is not None:
                driver.close()
        self._driver = self._reader = None

    def __enter__(self) -> GraphDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _mapped_errors(self, query_name: str = "", user: str = "") -> Iterator[None]:
        uri = self.settings.uri
        try:
            yield
        except neo4j_errors.AuthError as exc:
            # Neo4j: Security.AuthenticationRateLimit; ArcadeDB's Bolt says only "failed".
            text = f"{exc.code or ''} {exc.message or exc}".lower()
            locked = "ratelimit" in text or "too many" in text
            home = self.settings.local_home
            raise AuthenticationFailed(
                uri,
                user or self.settings.user,
                locked=locked,
                local_home=str(home / "credentials.json") if home is not None else "",
            ) from None
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
        driver = self.driver if write else self.reader
        start = time.perf_counter()
        with self._mapped_errors(name, user=self.settings.user if write else self._read_user()):
            records, summary, keys = driver.execute_query(
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
        """Run a user's statement so that the server itself refuses any write.

        It runs in a read transaction as the read-only account when there is one
        (graphtool's local server), else as the user on a Neo4j, which refuses writes in
        read transactions. As a last line, a statement the server reports as having
        updated anything is rolled back. On a server that enforces neither, nothing runs.

        Raises:
            ReadOnlyUnavailable: the server cannot be trusted to refuse writes.
            WriteRefused: the statement tried to write (nothing was changed).
        """
        if not self.read_only_enforced():
            raise ReadOnlyUnavailable(self.settings.uri, self.agent)
        return self._run_once(text, params, write=False)

    def run_write_once(
        self, text: str, params: Mapping[str, Any] | None = None, *, autocommit: bool = False
    ) -> Result:
        """Run a user's statement that may write, as the writing user.

        Unlike :meth:`run`, it is never retried: a user's statement need not be
        idempotent, and a retry after a dropped connection could apply it twice. It
        runs in one explicit write transaction, or with ``autocommit`` in an auto-commit
        transaction, which ``CALL { ... } IN TRANSACTIONS`` needs on Neo4j.
        """
        return self._run_once(text, params, write=True, autocommit=autocommit)

    def _run_once(
        self, text: str, params: Mapping[str, Any] | None, *, write: bool, autocommit: bool = False
    ) -> Result:
        params = dict(params or {})
        self._trace(text, params)
        start = time.perf_counter()
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        driver = self.driver if write else self.reader
        user = self.settings.user if write else self._read_user()
        with self._mapped_errors(user=user), driver.session(
            database=self.settings.database, default_access_mode=mode
        ) as session:
            if autocommit and write:
                result = session.run(text, params)
                keys = list(result.keys())
                records = list(result)
                summary = result.consume()
            else:
                keys, records, summary = self._explicit(session, text, params, write)
        return Result(
            columns=keys,
            rows=[{k: to_plain(r[k]) for k in keys} for r in records],
            query_type=summary.query_type or "r",
            counters=_counters(summary),
            seconds=time.perf_counter() - start,
        )

    @staticmethod
    def _explicit(
        session: neo4j.Session, text: str, params: dict[str, Any], write: bool
    ) -> tuple[list[str], list[neo4j.Record], neo4j.ResultSummary]:
        tx = session.begin_transaction()
        try:
            result = tx.run(text, params)
            keys = list(result.keys())
            records = list(result)
            summary = result.consume()
            counters = summary.counters
            if not write and (counters.contains_updates or counters.contains_system_updates):
                tx.rollback()
                raise WriteRefused("wrote to the database", WriteRefused.ROLLED_BACK)
            tx.commit()
        except neo4j_errors.ClientError as exc:
            code = exc.code or ""
            if not write and ("AccessMode" in code or "Security.Forbidden" in code):
                said = (exc.message or "").strip().rstrip(".")
                raise WriteRefused(
                    "tried to write to the database",
                    f"The server refused it{f' ({said})' if said else ''}; nothing was changed.",
                ) from None
            raise
        finally:
            if not tx.closed():
                tx.close()
        return keys, records, summary

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
            with self._mapped_errors(name, user=self.settings.user), self.driver.session(
                database=self.settings.database, default_access_mode=neo4j.WRITE_ACCESS
            ) as session:
                counts = session.execute_write(work, batch)
            # The driver's finished transaction can outlive this call in a reference
            # cycle that holds its parameters; emptied, the rows are freed at once
            # even while the cyclic collector is held off (graphtool.bulk).
            done += len(batch)
            batch.clear()
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
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
    local graph server (started if needed; ``notify`` is told when it starts).

    On the local server, reads run as its read-only account and writes as its writer.

    Raises:
        UsageError: the URI is not a Bolt URI.
        ServerError: the local server could not be started or its files are damaged.
    """
    settings = Settings.from_env(uri, user, password, database)
    if settings is None:
        from .server import ensure_server

        info = ensure_server(notify=notify)
        settings = Settings(
            info.uri,
            info.writer.user,
            info.writer.password,
            database or info.database,
            read_user=info.reader.user,
            read_password=info.reader.password,
            local_home=info.home,
        )
    return GraphDB(settings, tracer=tracer)
