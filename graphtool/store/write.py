"""The loader's second pass: checked records into the graph, in batches.

Facts the graph cannot hold yet are created outright (``UNWIND $rows ... CREATE``, as
fast as the server writes): every node the first pass found missing, and every
relationship with a new end. Only a fact that may exist already (a node the graph
holds; a relationship between two such nodes) is read first, and its stored claims
merged with this dataset's (:mod:`graphtool.store.claims`); a property another
dataset gives a different value is a conflict, reported and kept per dataset. Rows
that repeat a fact (the first pass knows their key hashes) are held back, merged,
and written at the end. Every fact written carries this dataset's name, so a failed
load is rolled back by dropping it.

The batches go to the server from a thread of their own (:class:`Sender`), in order,
one transaction each as before: while the server writes one batch, this thread reads
and builds the next, instead of waiting. Before anything is read back from the graph
the batches sent so far are finished, so a read sees every write before it.
"""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..bulk import collector_paused
from ..model import NodeRecord, RelRecord
from .check import Plan
from .claims import Conflict, Fact, claim_of
from .queries import Query, fill, get_query
from .readers import Records

if TYPE_CHECKING:
    from .datasets import WriteLock
    from .db import GraphDB

#: Called as progress(done, total) with records written.
Progress = Callable[[int, int], None]
#: How many conflicts are described before the rest are only counted.
MAX_CONFLICTS = 20


def base_name(dataset: str) -> str:
    """A dataset's name without the suffix of a reload in progress (``a~1f2e`` is ``a``)."""
    return dataset.split("~", 1)[0]


@dataclass
class Written:
    """What the second pass did."""

    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    conflicts: list[str] = field(default_factory=list)
    conflict_count: int = 0


def match_from_end(ends: list[tuple[str, str]]) -> bool:
    """Whether to match a batch of relationships from their end nodes: when fewer
    distinct starts than ends, the starts are hubs, and the local server matches a
    relationship by scanning its pattern's first node (load/relation_props_from_end).

    >>> match_from_end([("cn", "e1"), ("cn", "e2"), ("kg", "e3")]), match_from_end([("a", "e1")])
    (True, False)
    """
    return len({s for s, _ in ends}) < len({e for _, e in ends})


class Sender:
    """Runs write batches on a thread of its own, one after another in the order given.

    :meth:`send` returns as soon as the batch is queued (at most ``depth`` wait, so
    memory stays bounded); :meth:`finish` waits for every batch sent. The first
    error the server gives is raised again in the caller's thread by the next
    :meth:`send` or :meth:`finish`; batches after it are dropped, not sent.
    """

    def __init__(self, db: GraphDB, batch_size: int, depth: int = 2) -> None:
        self.db = db
        self.batch = batch_size
        self.created: defaultdict[str, int] = defaultdict(int)
        self._queue: queue.Queue[tuple[Query, list[dict[str, Any]]] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._loop, name="graphtool-writer", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if self._error is None:
                    for k, v in self.db.write_batches(item[0], item[1], self.batch).items():
                        self.created[k] += v
            except BaseException as exc:  # raised again in the caller's thread
                self._error = exc
            finally:
                self._queue.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def send(self, query: Query, rows: list[dict[str, Any]]) -> None:
        """Queue one statement's rows (written in batches of ``batch_size``)."""
        self._raise()
        self._queue.put((query, rows))

    def finish(self) -> None:
        """Wait until every batch sent is written; raise the first error."""
        self._queue.join()
        self._raise()

    def close(self) -> None:
        """Finish and end the thread (also after an error)."""
        self._queue.put(None)
        self._thread.join()


class Writer:
    """Writes one dataset's records (see the module docstring)."""

    def __init__(
        self,
        db: GraphDB,
        plan: Plan,
        dataset: str,
        *,
        batch_size: int,
        progress: Progress | None = None,
        lock: WriteLock | None = None,
        sum_weights: bool = False,
        dataset_files: dict[str, str] | None = None,
    ) -> None:
        self.db = db
        self.plan = plan
        self.dataset = dataset
        self.batch = batch_size
        self.progress = progress
        self.lock = lock
        self.sum_weights = sum_weights
        self.files = dataset_files or {}
        self.out = Written()
        self.done = 0
        self.nodes: dict[str, list[NodeRecord]] = defaultdict(list)
        self.rels: dict[tuple[str, str, str], list[RelRecord]] = defaultdict(list)
        self.held: dict[str, RelRecord] = {}
        self.sources_written = False

    # -- driving --------------------------------------------------------------------
    def write(self, records: Records) -> Written:
        self.sender = Sender(self.db, self.batch)
        try:
            # Rows, batches and the driver's messages are millions of short-lived
            # objects: without the collector's passes (graphtool.bulk) the Python side
            # of a write costs a third less CPU.
            with collector_paused():
                self._write(records)
                self.sender.finish()
        finally:
            self.sender.close()
        for k, v in self.sender.created.items():
            self.out.created[k] += v
        return self.out

    def _write(self, records: Records) -> None:
        for rec in records:
            if isinstance(rec, NodeRecord):
                if rec.label != "Source" and not self.sources_written:
                    self._flush_nodes("Source")
                    self.sources_written = True
                self.nodes[rec.label].append(rec)
                if len(self.nodes[rec.label]) >= self.batch:
                    self._flush_nodes(rec.label)
                continue
            assert isinstance(rec, RelRecord)
            if self.nodes:
                for label in ["Source", *sorted(self.nodes)]:
                    self._flush_nodes(label)
                self.sources_written = True
            if hash(rec.key) in self.plan.repeated:
                self._hold(rec)
                continue
            group = (self._label(rec.start), rec.type, self._label(rec.end))
            self.rels[group].append(rec)
            if len(self.rels[group]) >= self.batch:
                self._flush_rels(group)
        for label in ["Source", *sorted(self.nodes)]:
            self._flush_nodes(label)
        for rec in self.held.values():
            self.rels[(self._label(rec.start), rec.type, self._label(rec.end))].append(rec)
        self.held.clear()
        for group in sorted(self.rels):
            self._flush_rels(group)

    def _label(self, node_id: str) -> str:
        return self.plan.label_of(node_id)

    def _step(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.plan.records)
        if self.lock is not None:
            self.lock.touch()

    def _run(self, query: Query, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.sender.send(query, rows)

    # -- nodes ------------------------------------------------------------------------
    def _flush_nodes(self, label: str) -> None:
        recs = self.nodes.pop(label, [])
        if not recs:
            return
        create, update, cites = [], [], []
        existing = [r for r in recs if not self.plan.is_new(r.id)]
        stored = self._stored_nodes(label, [r.id for r in existing]) if existing else {}
        for rec in recs:
            claim = claim_of(rec.props)
            if rec.id in stored:
                fact = Fact.from_props(stored[rec.id])
                self._conflicts(fact, claim, f"{rec.file} line {rec.line}: {label} '{rec.id}'")
                update.append({"id": rec.id, "props": fact.add(self.dataset, claim).props({"id": rec.id})})
            else:
                create.append({"props": {"id": rec.id, **claim, "datasets": [self.dataset]}})
            if label != "Source":
                by_source: dict[str, list[str]] = defaultdict(list)
                for s, loc in zip(rec.props.get("sources") or [], rec.props.get("locators") or []):
                    by_source[s].append(loc)
                cites += [
                    {"id": rec.id, "source": s, "locators": locs, "datasets": [self.dataset]}
                    for s, locs in by_source.items()
                ]
        self._run(fill(get_query("load/create_nodes"), LABEL=label), create)
        self._run(fill(get_query("load/update_nodes"), LABEL=label), update)
        self._run(fill(get_query("load/create_citations"), LABEL=label), cites)
        self._step(len(recs))

    def _stored_nodes(self, label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        self.sender.finish()  # the graph as written so far
        query = fill(get_query("load/node_props"), LABEL=label)
        return {r["id"]: r["props"] for r in self.db.read(query, {"ids": ids})}

    # -- relationships ----------------------------------------------------------------
    def _hold(self, rec: RelRecord) -> None:
        """A row whose fact other rows state too: merged, written at the end."""
        prior = self.held.get(rec.key)
        if prior is None:
            self.held[rec.key] = rec
            return
        props = dict(prior.props)
        pairs = list(zip(props.get("sources") or [], props.get("locators") or []))
        for pair in zip(rec.props.get("sources") or [], rec.props.get("locators") or []):
            if pair not in pairs:
                pairs.append(pair)
        props["sources"] = [s for s, _ in pairs]
        props["locators"] = [loc for _, loc in pairs]
        if self.sum_weights and "weight" in rec.props:
            props["weight"] = props.get("weight", 0) + rec.props["weight"]
        self.held[rec.key] = RelRecord(
            prior.type,
            prior.start,
            prior.end,
            prior.key,
            props,
            prior.file,
            prior.line,
            prior.start_label,
            prior.end_label,
        )

    def _flush_rels(self, group: tuple[str, str, str]) -> None:
        recs = self.rels.pop(group, [])
        if not recs:
            return
        start, rtype, end = group
        maybe = [r for r in recs if not (self.plan.is_new(r.start) or self.plan.is_new(r.end))]
        suffix = "_from_end" if match_from_end([(r.start, r.end) for r in maybe]) else ""
        stored = self._stored_rels(group, maybe, suffix) if maybe else {}
        create, update = [], []
        for rec in recs:
            claim = claim_of(rec.props)
            if rec.key in stored:
                fact = Fact.from_props(stored[rec.key])
                self._conflicts(fact, claim, f"{rec.file} line {rec.line}: {rtype} {rec.start} -> {rec.end}")
                update.append(
                    {
                        "start": rec.start,
                        "end": rec.end,
                        "key": rec.key,
                        "props": fact.add(self.dataset, claim).props({"key": rec.key}),
                    }
                )
            else:
                create.append(
                    {
                        "start": rec.start,
                        "end": rec.end,
                        "props": {"key": rec.key, **claim, "datasets": [self.dataset]},
                    }
                )
        self._run(fill(get_query("load/create_relations"), START=start, TYPE=rtype, END=end), create)
        self._run(fill(get_query(f"load/update_relations{suffix}"), START=start, TYPE=rtype, END=end), update)
        self._step(len(recs))

    def _stored_rels(
        self, group: tuple[str, str, str], recs: list[RelRecord], suffix: str
    ) -> dict[str, dict[str, Any]]:
        start, rtype, end = group
        self.sender.finish()  # the graph as written so far
        query = fill(get_query(f"load/relation_props{suffix}"), START=start, TYPE=rtype, END=end)
        rows = [{"start": r.start, "end": r.end, "key": r.key} for r in recs]
        found: dict[str, dict[str, Any]] = {}
        for i in range(0, len(rows), self.batch):
            found.update(
                {r["key"]: r["props"] for r in self.db.read(query, {"rows": rows[i : i + self.batch]})}
            )
        return found

    # -- conflicts --------------------------------------------------------------------
    def _conflicts(self, fact: Fact, claim: dict[str, Any], where: str) -> None:
        mine = base_name(self.dataset)
        others = [(d, c) for d, c in zip(fact.datasets, fact.claims) if base_name(d) != mine]
        from .claims import conflicts

        found: list[Conflict] = conflicts([c for _, c in others], [d for d, _ in others], claim, mine)
        for c in found:
            self.out.conflict_count += 1
            if len(self.out.conflicts) < MAX_CONFLICTS:
                files = self.files.get(c.kept_dataset, "")
                self.out.conflicts.append(
                    f"{where}: {c.prop} is {c.other!r} here but {c.kept!r} in dataset "
                    f"'{c.kept_dataset}'{f' ({files})' if files else ''}; both are kept, "
                    f"'{c.kept_dataset}' first"
                )
