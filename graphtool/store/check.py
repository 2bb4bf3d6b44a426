"""The loader's first pass: every record checked against the model, the dataset itself
and the graph, before anything is written.

A reader checks what its format promises row by row; this pass checks what only the
whole dataset and the graph can say: ids defined twice, a relationship whose end does
not exist or has a label its type does not allow, a citation to an unknown document,
and an id the graph already holds with another label (which would otherwise make two
nodes with one id). It keeps what the write pass needs and nothing per row: the
dataset's ids and labels, which of them the graph holds already, and 64-bit hashes of
relationship keys, to find the rows that repeat a fact.

Pure apart from ``lookup``, a function the loader gives it to ask the graph.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..bulk import collector_paused
from ..model import IMPORT_REL_TYPES, NODE_LABELS, REL_TYPES, NodeRecord, RelRecord
from .readers import Problems, Records

#: Ids -> (label, datasets) of those the graph holds.
NodeLookup = Callable[[set[str]], Mapping[str, tuple[str, list[str]]]]


@dataclass
class Plan:
    """What the first pass learnt, for the write pass."""

    dataset: str
    labels: dict[str, str] = field(default_factory=dict)  # id -> label, defined here
    existing: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # in the graph already
    repeated: set[int] = field(default_factory=set)  # hashes of keys more than one row states
    nodes: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    relationships: Counter[str] = field(default_factory=Counter)
    records: int = 0

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts by label, ``label:kind`` and relationship type, sorted (as
        :meth:`graphtool.store.readers.Dataset.counts`)."""
        return {
            "nodes": dict(sorted(self.nodes.items())),
            "kinds": dict(sorted(self.kinds.items())),
            "relationships": dict(sorted(self.relationships.items())),
        }

    def is_new(self, node_id: str) -> bool:
        """Whether this load creates the node (the graph does not hold it yet)."""
        return node_id in self.labels and node_id not in self.existing

    def label_of(self, node_id: str) -> str:
        if node_id in self.labels:
            return self.labels[node_id]
        return self.existing[node_id][0]


def _a(label: str) -> str:
    """``an Actor``, ``a Place``."""
    return ("an " if label[0] in "AEIOU" else "a ") + label


def _where(datasets: Iterable[str]) -> str:
    names = [d for d in datasets]
    return f"dataset '{names[0]}'" if len(names) == 1 else "datasets " + ", ".join(f"'{d}'" for d in names)


def check(records: Records, dataset: str, lookup: NodeLookup | None) -> Plan:
    """Run the first pass over ``records`` (see the module docstring).

    Raises:
        InvalidImportFile: with every problem the reader and this pass found; nothing
            was written.
    """
    # Every record read is a short-lived object beside the growing tables of ids:
    # without the collector's full passes (graphtool.bulk) the pass costs a fifth less.
    with collector_paused():
        return _check(records, dataset, lookup)


def _check(records: Records, dataset: str, lookup: NodeLookup | None) -> Plan:
    plan = Plan(dataset)
    problems: Problems = records.problems
    where: dict[str, tuple[str, int]] = {}
    hashes = array("q")
    pending: dict[str, tuple[str, int, str]] = {}  # an end not defined here: first (file, line, col)
    rels: list[tuple[str, str, str, str, int]] = []  # (type, start, end, file, line) to check later
    sources_cited: dict[str, tuple[str, int]] = {}
    looked_up = False
    labels, existing = plan.labels, plan.existing
    allowed_shapes: set[tuple[str, str, str]] = set()  # (type, start label, end label) found good

    def look_up_nodes() -> None:
        nonlocal looked_up
        looked_up = True
        if lookup is None or not plan.labels:
            return
        found = lookup(set(plan.labels))
        for nid, (label, datasets) in found.items():
            mine = plan.labels[nid]
            if label != mine:
                file, line = where[nid]
                problems.add(
                    file,
                    line,
                    f"id '{nid}' is {_a(mine)} here but the graph holds it as "
                    f"{_a(label)} ({_where(datasets)}); one id names one node",
                )
            else:
                plan.existing[nid] = (label, datasets)

    for rec in records:
        plan.records += 1
        if isinstance(rec, NodeRecord):
            if rec.label not in NODE_LABELS:
                problems.add(rec.file, rec.line, f"unknown label '{rec.label}'")
                continue
            if rec.id in plan.labels:
                file, line = where[rec.id]
                problems.add(
                    rec.file, rec.line, f"duplicate id '{rec.id}' (first defined in {file} line {line})"
                )
                continue
            plan.labels[rec.id] = rec.label
            where[rec.id] = (rec.file, rec.line)
            plan.nodes[rec.label] += 1
            if rec.props.get("kind"):
                plan.kinds[f"{rec.label}:{rec.props['kind']}"] += 1
            if rec.label != "Source":
                for s in rec.props.get("sources") or []:
                    sources_cited.setdefault(s, (rec.file, rec.line))
            continue
        if not looked_up:
            look_up_nodes()
        assert isinstance(rec, RelRecord)
        if rec.type not in IMPORT_REL_TYPES:
            problems.add(
                rec.file,
                rec.line,
                f"unknown relationship type '{rec.type}' (one of: {', '.join(IMPORT_REL_TYPES)})",
            )
            continue
        spec = REL_TYPES[rec.type]
        role = rec.props.get("role")
        if role and spec.roles is not None and role not in spec.roles:
            problems.add(
                rec.file, rec.line, f"unknown role '{role}' for {rec.type} (one of: {', '.join(spec.roles)})"
            )
            continue
        unknown = False
        for col, nid in (("from", rec.start), ("to", rec.end)):
            if nid not in labels and nid not in existing:
                pending.setdefault(nid, (rec.file, rec.line, col))
                unknown = True
        if unknown:  # checked once the graph has been asked about its ends
            rels.append((rec.type, rec.start, rec.end, rec.file, rec.line))
        else:
            shape = (rec.type, plan.label_of(rec.start), plan.label_of(rec.end))
            if shape not in allowed_shapes:  # each type and pair of end labels checked once
                if _check_ends(plan, problems, rec.type, rec.start, rec.end, rec.file, rec.line):
                    allowed_shapes.add(shape)
        for s in rec.props.get("sources") or []:
            sources_cited.setdefault(s, (rec.file, rec.line))
        hashes.append(hash(rec.key))
        plan.relationships[rec.type] += 1
    if not looked_up:
        look_up_nodes()

    if pending and lookup is not None:
        for nid, (label, datasets) in lookup(set(pending)).items():
            plan.existing[nid] = (label, datasets)
    for nid, (file, line, col) in sorted(pending.items(), key=lambda x: (x[1][0], x[1][1])):
        if nid not in plan.existing:
            problems.add(file, line, f"unknown node id '{nid}' in column '{col}'")
    for rtype, start, end, file, line in rels:
        _check_ends(plan, problems, rtype, start, end, file, line)
    for s, (file, line) in sorted(sources_cited.items(), key=lambda x: (x[1][0], x[1][1], x[0])):
        if plan.labels.get(s) == "Source":
            continue
        if s in plan.existing and plan.existing[s][0] == "Source":
            continue
        if lookup is not None and s not in plan.existing:
            found = lookup({s})
            if s in found and found[s][0] == "Source":
                plan.existing[s] = found[s]
                continue
        problems.add(file, line, f"unknown source document '{s}'")
    problems.raise_if_any()

    plan.repeated = _repeated(hashes)
    return plan


def _repeated(hashes: array[int]) -> set[int]:
    """The values that occur more than once, sorted in place without a Python list."""
    import numpy as np

    values = np.frombuffer(hashes, dtype=np.int64).copy() if len(hashes) else np.zeros(0, np.int64)
    values.sort()
    return {int(v) for v in values[1:][values[1:] == values[:-1]]}


def _check_ends(
    plan: Plan, problems: Problems, rtype: str, start: str, end: str, file: str, line: int
) -> bool:
    """Whether a relationship's ends have labels its type allows; an end that has not is
    added to ``problems`` (ends the graph lacks are reported elsewhere)."""
    spec = REL_TYPES[rtype]
    good = True
    for col, nid, allowed in (("from", start, spec.start), ("to", end, spec.end)):
        if nid in plan.labels or nid in plan.existing:
            label = plan.label_of(nid)
            if label not in allowed:
                problems.add(
                    file,
                    line,
                    f"{rtype} cannot {'start' if col == 'from' else 'end'} at {label} '{nid}' "
                    f"(allowed: {', '.join(allowed)})",
                )
                good = False
    return good
