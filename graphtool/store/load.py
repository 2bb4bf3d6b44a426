"""Datasets into the database: checked completely first, then written in batches, as
one dataset that can be dropped, replaced, or rolled back.

:func:`load_paths` reads the files with the reader of their format
(:mod:`graphtool.store.readers`), names the dataset (``--dataset``, else the folder or
file name; the bundled data is ``bundled``), and then, holding the graph's write lock
(:mod:`graphtool.store.datasets`):

1. checks every record against the model, the dataset and the graph
   (:mod:`graphtool.store.check`); any problem, and nothing is written;
2. records the dataset (status ``loading``) and writes its facts
   (:mod:`graphtool.store.write`), each tagged with the dataset's name;
3. marks it ``loaded``.

If anything fails after writing began (the server goes away, the disk fills, Ctrl-C),
what was written is dropped again before the error is reported, so the graph is as it
was before the load; a process killed outright leaves its dataset ``loading``, and the
next load or drop removes it first. Loading the same files again changes nothing and
says so; other files under a loaded dataset's name are an error unless ``replace``,
which loads the new version beside the old one (as ``NAME~<id>``), then drops the old
one and takes its name, so a failed reload also leaves the old version as it was.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DatasetExists, UsageError
from ..model import META_LABELS, NODE_LABELS
from ..paths import bundled_import_dir
from .check import Plan, check
from .datasets import WriteLock, drop_dataset, get_dataset, list_datasets, rename_dataset, write_lock
from .names import name_lookup, others_state
from .queries import fill, get_query
from .readers import Dataset, GraphLookup, ReadOptions, files_of, read_records
from .write import Writer

if TYPE_CHECKING:
    from .db import GraphDB

#: Rows per write transaction.
DEFAULT_BATCH_SIZE = 1000
#: The name of the bundled dataset.
BUNDLED = "bundled"
#: Ids asked of the graph per statement while checking.
LOOKUP_BATCH = 5000

#: Called as progress(done, total) while writing.
Progress = Callable[[int, int], None]
Notify = Callable[[str], None]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")


@dataclass(frozen=True)
class LoadSummary:
    """What a load wrote, and what the graph holds afterwards."""

    files: list[str]
    nodes: dict[str, int]
    relationships: dict[str, int]
    created: dict[str, int] = field(default_factory=dict)
    graph_nodes: dict[str, int] = field(default_factory=dict)
    graph_relationships: dict[str, int] = field(default_factory=dict)
    dataset: str = ""
    unchanged: bool = False
    replaced: bool = False
    loaded_at: str = ""
    conflicts: list[str] = field(default_factory=list)
    conflict_count: int = 0

    def describe(self) -> str:
        """A short human-readable report."""
        if self.unchanged:
            return (
                f"Dataset '{self.dataset}' is already loaded from these files (since "
                f"{self.loaded_at}); nothing changed."
            )
        n_nodes = sum(self.nodes.values())
        n_rels = sum(self.relationships.values())
        verb = "Reloaded" if self.replaced else "Loaded"
        lines = [
            f"{verb} dataset '{self.dataset}': {n_nodes} nodes and {n_rels} relationships from "
            f"{len(self.files)} file(s) ({self.created.get('nodes_created', 0)} nodes and "
            f"{self.created.get('relationships_created', 0)} relationships new).",
            "The graph now holds:",
        ]
        names = [f":{k}" for k in self.graph_nodes] + [f"[:{k}]" for k in self.graph_relationships]
        counts = [*self.graph_nodes.values(), *self.graph_relationships.values()]
        width = max((len(n) for n in names), default=0)
        lines += [f"  {n:<{width}} {c:>8}" for n, c in zip(names, counts)]
        return "\n".join(lines)

    def warnings(self) -> list[str]:
        """One line per conflict between datasets (up to a cap, then a count)."""
        out = list(self.conflicts)
        more = self.conflict_count - len(self.conflicts)
        if more > 0:
            out.append(f"... and {more} more conflict(s) with other datasets")
        return out


def apply_schema(db: GraphDB) -> None:
    """Create the uniqueness constraint on ``id`` for every label (idempotent)."""
    template = get_query("schema/unique_id")
    for label in (*NODE_LABELS, *META_LABELS):
        db.write(fill(template, LABEL=label))


def _node_lookup(db: GraphDB) -> Callable[[set[str]], dict[str, tuple[str, list[str]]]]:
    """Ask the graph which ids it holds, with label and datasets (per label, by index)."""

    def lookup(ids: set[str]) -> dict[str, tuple[str, list[str]]]:
        found: dict[str, tuple[str, list[str]]] = {}
        wanted = sorted(ids)
        present = {label for label, n in node_counts(db).items() if n}
        for label in NODE_LABELS:
            if label not in present:
                continue
            query = fill(get_query("load/find_ids"), LABEL=label)
            for i in range(0, len(wanted), LOOKUP_BATCH):
                for row in db.read(query, {"ids": wanted[i : i + LOOKUP_BATCH]}):
                    found.setdefault(row["id"], (label, list(row["datasets"] or [])))
        return found

    return lookup


def _lookup(db: GraphDB, dataset: str) -> GraphLookup:
    """The readers' lookup: ids -> labels of those the graph holds, and names -> the
    nodes they name (:func:`graphtool.store.names.name_lookup`, for the table reader).
    A node only ``dataset`` states (its version that ``--replace`` replaces) counts as
    absent, so that the new version states it itself and keeps it when the old goes."""
    nodes = _node_lookup(db)

    def lookup(ids: set[str]) -> dict[str, str]:
        return {k: label for k, (label, sets) in nodes(ids).items() if others_state(sets, dataset)}

    return GraphLookup(lookup, name_lookup(db, dataset))


def dataset_name(paths: Sequence[Path], given: str | None = None) -> str:
    """The dataset's name: ``given``, else ``bundled`` for the bundled data, else the
    folder's or the first file's name (``data/karate.csv`` is ``karate``).

    Raises:
        UsageError: ``given`` is not a name graphtool can use.

    >>> dataset_name([Path("data/karate.csv")]), dataset_name([Path("my data/")], None)
    ('karate', 'my-data')
    """
    if given is not None:
        if not _NAME.fullmatch(given):
            raise UsageError(
                f"dataset name '{given}' has characters other than letters, digits, "
                "'-', '_', '.', ':' (or does not start with a letter or digit)"
            )
        return given
    if paths and all(Path(p).resolve() == bundled_import_dir().resolve() for p in paths):
        return BUNDLED
    first = Path(paths[0]) if paths else Path("data")
    stem = first.name if first.is_dir() or not first.suffix else first.stem
    return re.sub(r"[^A-Za-z0-9_.:\-]+", "-", stem).strip("-.") or "data"


def _fingerprint(files: Sequence[Path]) -> list[str]:
    out = []
    for f in files:
        digest = hashlib.sha256()
        try:
            with open(f, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            continue
        out.append(digest.hexdigest())
    return sorted(out)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def load_paths(
    db: GraphDB,
    paths: Sequence[Path | str],
    *,
    dataset: str | None = None,
    replace: bool = False,
    format: str = "auto",
    options: ReadOptions | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    notify: Notify | None = None,
) -> LoadSummary:
    """Check the import files under ``paths`` completely, then load them as one dataset.

    Parameters:
        db: the graph.
        paths: files and folders.
        dataset: its name (default: see :func:`dataset_name`).
        replace: reload a dataset already loaded under that name in place.
        format: ``auto`` (:func:`graphtool.store.readers.detect_format`) or a reader's name.
        options: for formats that need them (edge lists, GraphML ...).
        batch_size: rows per write transaction.
        progress: called with (records written, records) as it goes.
        notify: told about leftovers of interrupted loads it cleaned up.

    Ids the files refer to but do not define are looked up in the graph, so a dataset
    can add to others (an event of its own with a state of the bundled data).

    Raises:
        InvalidImportFile: the files have problems; nothing was written.
        DatasetExists: other files were loaded under this name (without ``replace``).
        WriteInProgress: another process is writing to the graph.
    """
    files = [Path(p) for p in paths]
    name = dataset_name(files, dataset)
    opts = options or ReadOptions()
    opts = ReadOptions(
        name, opts.directed, opts.columns, opts.labels, opts.kind, opts.rel_type, opts.max_problems
    )
    prior = get_dataset(db, name)
    if prior is not None and prior.status == "loaded" and not replace:
        # The same files again: known by their hashes, before reading them.
        listed = files_of(files, format)
        if listed and sorted(prior.props.get("sha256") or []) == _fingerprint(listed):
            return LoadSummary([str(f) for f in listed], {}, {}, dataset=name, unchanged=True,
                               loaded_at=prior.loaded_at)
    records = read_records(files, format=format, options=opts, lookup=_lookup(db, name))
    records.problems.raise_if_any()
    fingerprint = _fingerprint(records.files)
    if prior is not None and prior.status == "loaded" and not replace:
        # The same files after all: a mapping file names its table, known only once read.
        if sorted(prior.props.get("sha256") or []) == fingerprint:
            return LoadSummary([str(f) for f in records.files], {}, {}, dataset=name,
                               unchanged=True, loaded_at=prior.loaded_at)
        raise DatasetExists(name, prior.loaded_at, prior.files)
    apply_schema(db)
    with write_lock(db, f"loading dataset '{name}'", notify) as lock:
        prior = get_dataset(db, name)  # again, under the lock
        writing = f"{name}~{secrets.token_hex(4)}" if prior is not None else name
        plan = check(records, writing, _node_lookup(db))
        record = {
            "id": writing,
            "status": "loading",
            "format": format,
            "files": [str(f) for f in records.files],
            "sha256": fingerprint,
            "startedAt": _now(),
        }
        db.write(get_query("dataset/create"), {"props": record})
        try:
            written = Writer(
                db,
                plan,
                writing,
                batch_size=batch_size,
                progress=progress,
                lock=lock,
                sum_weights=records.sum_weights,
                dataset_files=_files_by_dataset(db),
            ).write(records)
            if prior is not None:
                _take_over(db, lock, old=name, new=writing)
            finished = {"id": name, "status": "loaded", "loadedAt": _now(), **_record_counts(plan)}
            db.write(
                get_query("dataset/update"),
                {"name": name if prior is not None else writing, "props": finished},
            )
        except BaseException:
            _roll_back(db, lock, writing)
            raise
    return LoadSummary(
        files=[str(f) for f in records.files],
        nodes=plan.counts()["nodes"],
        relationships=plan.counts()["relationships"],
        created=dict(written.created),
        graph_nodes=node_counts(db),
        graph_relationships=relationship_counts(db),
        dataset=name,
        replaced=prior is not None,
        conflicts=written.conflicts,
        conflict_count=written.conflict_count,
    )


def _files_by_dataset(db: GraphDB) -> dict[str, str]:
    return {d.name: ", ".join(d.files[:2]) + (" ..." if len(d.files) > 2 else "") for d in list_datasets(db)}


def _record_counts(plan: Plan) -> dict[str, Any]:
    return {
        "nodeCount": sum(plan.nodes.values()),
        "relationshipCount": sum(plan.relationships.values()),
        "sources": sorted(i for i, label in plan.labels.items() if label == "Source"),
    }


def _take_over(db: GraphDB, lock: WriteLock, *, old: str, new: str) -> None:
    """The new version ``new`` of dataset ``old`` replaces it: the old one is dropped
    (unless others' relationships need what only it states) and ``new`` takes its name."""
    drop_dataset(db, old, lock=lock, check_dependents=True)
    rename_dataset(db, new, old, lock=lock)


def _roll_back(db: GraphDB, lock: WriteLock, name: str) -> None:
    """Drop what a failed load of ``name`` wrote, so the graph is as it was."""
    try:
        drop_dataset(db, name, lock=lock, check_dependents=False)
    except BaseException:  # the original error is the one to report
        pass


def load_dataset(
    db: GraphDB,
    dataset: Dataset,
    *,
    name: str = "data",
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> LoadSummary:
    """Write records already read and checked by a reader (:class:`Dataset`) as dataset
    ``name``: :func:`load_paths` without the reading."""
    apply_schema(db)
    with write_lock(db, f"loading dataset '{name}'") as lock:
        plan = check(dataset, name, _node_lookup(db))
        db.write(
            get_query("dataset/create"),
            {
                "props": {
                    "id": name,
                    "status": "loading",
                    "format": "graphtool",
                    "files": [str(f) for f in dataset.files],
                    "sha256": _fingerprint(dataset.files),
                    "startedAt": _now(),
                }
            },
        )
        try:
            written = Writer(db, plan, name, batch_size=batch_size, progress=progress, lock=lock).write(
                dataset
            )
            db.write(
                get_query("dataset/update"),
                {"name": name, "props": {"status": "loaded", "loadedAt": _now(), **_record_counts(plan)}},
            )
        except BaseException:
            _roll_back(db, lock, name)
            raise
    return LoadSummary(
        [str(f) for f in dataset.files],
        plan.counts()["nodes"],
        plan.counts()["relationships"],
        dict(written.created),
        node_counts(db),
        relationship_counts(db),
        dataset=name,
    )


def drop_paths_dataset(db: GraphDB, name: str, notify: Notify | None = None) -> dict[str, int]:
    """Drop dataset ``name`` (see :func:`graphtool.store.datasets.drop_dataset`), holding
    the write lock.

    Raises:
        DatasetNotFound: no such dataset.
        DatasetInUse: other datasets need nodes only it states.
        WriteInProgress: another process is writing to the graph.
    """
    from .datasets import require_dataset

    with write_lock(db, f"dropping dataset '{name}'", notify) as lock:
        require_dataset(db, name)
        return drop_dataset(db, name, lock=lock)


def _without_meta(counts: Mapping[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k not in META_LABELS}


def node_counts(db: GraphDB) -> dict[str, int]:
    """Nodes per label in the graph (graphtool's own :Dataset and :WriteLock records left out)."""
    return _without_meta({r["label"]: r["count"] for r in db.read(get_query("stats/node_counts"))})


def relationship_counts(db: GraphDB) -> dict[str, int]:
    """Relationships per type in the graph."""
    return {r["type"]: r["count"] for r in db.read(get_query("stats/relationship_counts"))}


def kind_counts(db: GraphDB) -> dict[str, int]:
    """Nodes per ``Label:kind`` in the graph."""
    return {f"{r['label']}:{r['kind']}": r["count"] for r in db.read(get_query("stats/kind_counts"))}


def clear_graph(db: GraphDB, chunk: int = 10000) -> int:
    """Delete every node and relationship, in bounded transactions. Returns nodes deleted."""
    query = get_query("admin/delete_some")
    total = 0
    while True:
        rows = db.run(query, {"limit": chunk}, write=True).rows
        deleted = int(rows[0]["deleted"]) if rows else 0
        total += deleted
        if deleted == 0:
            return total
