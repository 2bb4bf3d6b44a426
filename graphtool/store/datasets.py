"""Datasets in the graph: their records, the write lock, and dropping one.

Each loaded dataset has a ``:Dataset`` node (``id`` its name): status (``loading``
while it is written, ``loaded`` after), format, files with their sizes and SHA-256,
when it was loaded, and its counts. Every fact records the datasets that state it
(:mod:`graphtool.store.claims`).

One process writes at a time: a load or drop first takes the graph's ``:WriteLock``
node (unique, so two cannot both create it), touches it as it goes, and deletes it at
the end. A holder that died is recognised (its pid is gone on this host, or it has not
touched the lock for :data:`STALE_AFTER` seconds) and its lock taken over; its
unfinished load is then rolled back. Anyone else waiting gets
:class:`~graphtool.errors.WriteInProgress`.

Dropping a dataset removes what only it states and merges again the view of what it
states with others (:func:`drop_dataset`); a failed or interrupted load is rolled back
the same way, so the graph is left as it was.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import DatasetInUse, DatasetNotFound, QueryFailed, WriteInProgress
from ..model import NODE_LABELS, REL_TYPES
from .claims import Fact
from .queries import fill, get_query

if TYPE_CHECKING:
    from .db import GraphDB

#: Seconds without a touch after which a write lock is taken to be abandoned.
STALE_AFTER = 600.0
#: Rows per drop transaction.
DROP_BATCH = 5000
#: The name a graph's facts get when graphtool 0.1 loaded them (before datasets).
UNNAMED = "unnamed"

Notify = Callable[[str], None]


@dataclass(frozen=True)
class DatasetInfo:
    """One dataset's record."""

    name: str
    status: str
    format: str
    files: list[str]
    loaded_at: str
    nodes: int
    relationships: int
    sources: list[str]
    props: dict[str, Any]

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> DatasetInfo:
        return cls(
            name=str(props.get("id", "")),
            status=str(props.get("status", "")),
            format=str(props.get("format", "")),
            files=list(props.get("files") or []),
            loaded_at=str(props.get("loadedAt", "")),
            nodes=int(props.get("nodeCount") or 0),
            relationships=int(props.get("relationshipCount") or 0),
            sources=list(props.get("sources") or []),
            props=props,
        )


def get_dataset(db: GraphDB, name: str) -> DatasetInfo | None:
    """The record of dataset ``name``, or None."""
    rows = db.read(get_query("dataset/get"), {"name": name})
    return DatasetInfo.from_props(rows[0]["props"]) if rows else None


def list_datasets(db: GraphDB) -> list[DatasetInfo]:
    """Every dataset's record, by name."""
    return [DatasetInfo.from_props(r["props"]) for r in db.read(get_query("dataset/list"))]


# -- the write lock ------------------------------------------------------------------------
def _alive_here(pid: object) -> bool:
    try:
        os.kill(int(str(pid)), 0)
    except (ProcessLookupError, ValueError, TypeError):
        return False
    except PermissionError:
        return True
    return True


class WriteLock:
    """The graph's write lock, held by this process (see the module docstring)."""

    def __init__(self, db: GraphDB, what: str) -> None:
        self.db = db
        self.what = what
        self.owner = secrets.token_hex(8)
        self._last_touch = 0.0

    def _props(self) -> dict[str, Any]:
        now = time.time()
        return {
            "owner": self.owner,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "what": self.what,
            "since": now,
            "touched": now,
        }

    def acquire(self) -> list[str]:
        """Take the lock; returns the names of loads a dead holder left unfinished.

        Raises:
            WriteInProgress: a live process holds it.
        """
        try:
            rows = self.db.run(
                get_query("lock/acquire"), {"owner": self.owner, "props": self._props()}, write=True
            ).rows
        except QueryFailed as exc:
            if "onstraint" not in exc.code and "uplicat" not in str(exc):
                raise
            rows = []  # another process created it in the same moment
        if not rows or not rows[0]["ours"]:
            holder = rows[0]["holder"] if rows else self._holder()
            if not self._stale(holder):
                raise WriteInProgress(
                    str(holder.get("what", "a write")),
                    holder.get("pid", "?"),
                    str(holder.get("host", "?")),
                    time.time() - float(holder.get("since") or 0),
                )
            taken = self.db.run(
                get_query("lock/take"), {"stale": holder.get("owner", ""), "props": self._props()}, write=True
            ).rows
            if not taken:
                raise WriteInProgress("a write", "?", "?", 0.0)
        self._last_touch = time.time()
        return [d.name for d in list_datasets(self.db) if d.status == "loading"]

    def _holder(self) -> dict[str, Any]:
        rows = self.db.run(
            get_query("lock/acquire"), {"owner": self.owner, "props": self._props()}, write=True
        ).rows
        return dict(rows[0]["holder"]) if rows else {}

    @staticmethod
    def _stale(holder: dict[str, Any]) -> bool:
        if holder.get("host") == socket.gethostname() and not _alive_here(holder.get("pid")):
            return True
        return time.time() - float(holder.get("touched") or 0) > STALE_AFTER

    def touch(self) -> None:
        """Show the lock is still held (at most every few seconds)."""
        now = time.time()
        if now - self._last_touch > 10:
            self.db.write(get_query("lock/touch"), {"owner": self.owner, "touched": now})
            self._last_touch = now

    def release(self) -> None:
        self.db.write(get_query("lock/release"), {"owner": self.owner})


@contextmanager
def write_lock(db: GraphDB, what: str, notify: Notify | None = None) -> Iterator[WriteLock]:
    """Hold the graph's write lock for ``what``; first finish what a dead holder left:
    roll back its unfinished loads, and claim graphtool 0.1's untagged facts."""
    lock = WriteLock(db, what)
    unfinished = lock.acquire()
    try:
        for name in unfinished:
            drop_dataset(db, name, lock=lock, check_dependents=False)
            if notify is not None:
                notify(f"Removed what an interrupted load of dataset '{name}' had written.")
        tag_untagged(db, notify)
        yield lock
    finally:
        lock.release()


def tag_untagged(db: GraphDB, notify: Notify | None = None) -> bool:
    """Claim facts loaded by graphtool 0.1 (no ``datasets``) for dataset 'unnamed'."""
    if not any(db.read(fill(get_query("dataset/untagged"), LABEL=label))[0]["any"] for label in NODE_LABELS):
        return False
    for label in NODE_LABELS:
        db.write(fill(get_query("dataset/tag_nodes"), LABEL=label), {"name": UNNAMED})
    for rtype in REL_TYPES:
        db.write(fill(get_query("dataset/tag_relations"), TYPE=rtype), {"name": UNNAMED})
    if get_dataset(db, UNNAMED) is None:
        db.write(
            get_query("dataset/create"),
            {
                "props": {
                    "id": UNNAMED,
                    "status": "loaded",
                    "format": "graphtool",
                    "files": [],
                    "loadedAt": "before graphtool 0.2",
                }
            },
        )
    if notify is not None:
        notify(
            f"This graph was loaded by graphtool 0.1: its facts are now dataset '{UNNAMED}' "
            f"('graphtool datasets' lists it; 'graphtool drop {UNNAMED}' removes it)."
        )
    return True


# -- dropping -----------------------------------------------------------------------------
def _repeat(db: GraphDB, query: Any, params: dict[str, Any], lock: WriteLock | None) -> int:
    total = 0
    while True:
        rows = db.run(query, {**params, "limit": DROP_BATCH}, write=True).rows
        done = int(rows[0]["done"]) if rows else 0
        total += done
        if lock is not None:
            lock.touch()
        if done == 0:
            return total


def dependents(db: GraphDB, name: str, limit: int = 5) -> list[str]:
    """Other datasets' relationships at nodes only ``name`` states, as short texts."""
    found: list[str] = []
    for label in NODE_LABELS:
        for r in db.read(fill(get_query("drop/dependents"), LABEL=label), {"name": name, "limit": limit}):
            others = ", ".join(r["datasets"] or [])
            found.append(f"{r['other']} -[:{r['type']}]- {r['id']} ({others})")
    return found


def drop_dataset(
    db: GraphDB,
    name: str,
    *,
    lock: WriteLock | None = None,
    check_dependents: bool = True,
    keep_record: bool = False,
) -> dict[str, int]:
    """Remove what only ``name`` states and its claims on what others state too.

    Facts other datasets also state keep those datasets' claims and citations, and
    their view is merged again from them (:mod:`graphtool.store.claims`). Call with
    the write lock held.

    Returns:
        Counts: ``nodes_deleted``, ``relationships_deleted``, ``nodes_kept``,
        ``relationships_kept`` (facts others still state).

    Raises:
        DatasetInUse: other datasets' relationships need nodes only ``name`` states.
    """
    if check_dependents:
        found = dependents(db, name)
        if found:
            raise DatasetInUse(name, found[:5], len(found))
    counts = {"nodes_deleted": 0, "relationships_deleted": 0, "nodes_kept": 0, "relationships_kept": 0}
    # Counted first: most go with their nodes (DETACH DELETE), which counts only nodes.
    for rtype in REL_TYPES:
        rows = db.read(fill(get_query("drop/count_exclusive_relations"), TYPE=rtype), {"name": name})
        counts["relationships_deleted"] += int(rows[0]["n"]) if rows else 0
    # Relationships first: a shared one between two nodes that stay keeps the others'
    # claims; then nodes only this dataset states (with their relationships, which
    # only it can state too), then the rest of its own relationships.
    for start, rtype, end in _rel_patterns():
        query = fill(get_query("drop/shared_relations"), START=start, TYPE=rtype, END=end)
        update = fill(get_query("load/update_relations"), START=start, TYPE=rtype, END=end)
        while True:
            rows = db.read(query, {"name": name, "limit": DROP_BATCH})
            if not rows:
                break
            out = []
            for r in rows:
                fact = Fact.from_props(r["props"]).without([name])
                out.append(
                    {
                        "start": r["start"],
                        "end": r["end"],
                        "key": r["key"],
                        "props": fact.props({"key": r["key"]}),
                    }
                )
            db.write_batches(update, out, DROP_BATCH)
            counts["relationships_kept"] += len(out)
            if lock is not None:
                lock.touch()
    for label in NODE_LABELS:
        query = fill(get_query("drop/shared_nodes"), LABEL=label)
        update = fill(get_query("load/update_nodes"), LABEL=label)
        while True:
            rows = db.read(query, {"name": name, "limit": DROP_BATCH})
            if not rows:
                break
            out = [
                {"id": r["id"], "props": Fact.from_props(r["props"]).without([name]).props({"id": r["id"]})}
                for r in rows
            ]
            db.write_batches(update, out, DROP_BATCH)
            counts["nodes_kept"] += len(out)
            if lock is not None:
                lock.touch()
    for label in reversed(NODE_LABELS):  # sources last: everything else cites them
        counts["nodes_deleted"] += _repeat(
            db, fill(get_query("drop/exclusive_nodes"), LABEL=label), {"name": name}, lock
        )
    for rtype in REL_TYPES:
        _repeat(db, fill(get_query("drop/exclusive_relations"), TYPE=rtype), {"name": name}, lock)
    if not keep_record:
        db.write(get_query("dataset/delete"), {"name": name})
    return counts


def rename_dataset(db: GraphDB, old: str, new: str, lock: WriteLock | None = None) -> None:
    """Rename dataset ``old`` to ``new`` in every fact and in its record."""
    names = {"from_name": old, "to_name": new}
    for label in NODE_LABELS:
        _repeat(db, fill(get_query("drop/rename_nodes"), LABEL=label), names, lock)
    for rtype in REL_TYPES:
        _repeat(db, fill(get_query("drop/rename_relations"), TYPE=rtype), names, lock)
    db.write(get_query("dataset/update"), {"name": old, "props": {"id": new}})


def _rel_patterns() -> Iterator[tuple[str, str, str]]:
    """Every (start label, type, end label) the model allows, CITES included."""
    for rtype, spec in REL_TYPES.items():
        for start in spec.start:
            for end in spec.end:
                yield start, rtype, end


def require_dataset(db: GraphDB, name: str) -> DatasetInfo:
    """The record of ``name``.

    Raises:
        DatasetNotFound: there is none (the message lists those there are).
    """
    info = get_dataset(db, name)
    if info is None:
        raise DatasetNotFound(name, [d.name for d in list_datasets(db)])
    return info
