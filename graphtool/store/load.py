"""Validated records into the database: schema first, then batched, re-runnable MERGEs.

:func:`load_paths` validates every file completely
(:func:`graphtool.store.readers.read_paths`) before it writes anything; then it
applies the uniqueness constraints, merges nodes by label, relationships by (start
label, type, end label), and the ``CITES`` links from nodes to their documents.
Loading the same files twice changes no count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import NODE_LABELS
from .queries import fill, get_query
from .readers import Dataset, read_paths

if TYPE_CHECKING:
    from .db import GraphDB

#: Rows per write transaction.
DEFAULT_BATCH_SIZE = 1000

#: Called as progress(done, total) while writing.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LoadSummary:
    """What a load wrote, and what the graph holds afterwards."""

    files: list[str]
    nodes: dict[str, int]
    relationships: dict[str, int]
    created: dict[str, int] = field(default_factory=dict)
    graph_nodes: dict[str, int] = field(default_factory=dict)
    graph_relationships: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        """A short human-readable report."""
        n_nodes = sum(self.nodes.values())
        n_rels = sum(self.relationships.values())
        lines = [
            f"Loaded {n_nodes} nodes and {n_rels} relationships from {len(self.files)} file(s)"
            f" ({self.created.get('nodes_created', 0)} nodes and "
            f"{self.created.get('relationships_created', 0)} relationships new).",
            "The graph now holds:",
        ]
        names = [f":{k}" for k in self.graph_nodes] + [f"[:{k}]" for k in self.graph_relationships]
        counts = [*self.graph_nodes.values(), *self.graph_relationships.values()]
        width = max((len(n) for n in names), default=0)
        lines += [f"  {n:<{width}} {c:>8}" for n, c in zip(names, counts)]
        return "\n".join(lines)


def apply_schema(db: GraphDB) -> None:
    """Create the uniqueness constraint on ``id`` for every label (idempotent)."""
    template = get_query("schema/unique_id")
    for label in NODE_LABELS:
        db.write(fill(template, LABEL=label))


def _lookup(db: GraphDB) -> Callable[[set[str]], dict[str, str]]:
    def lookup(ids: set[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for row in db.read(get_query("load/find_ids"), {"ids": sorted(ids)}):
            labels = [x for x in row["labels"] if x in NODE_LABELS]
            if labels:
                found[row["id"]] = labels[0]
        return found

    return lookup


def plan_writes(dataset: Dataset) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The statements and row batches that write ``dataset``, in order.

    Nodes first (sources before everything that cites them), then relationships
    grouped by (start label, type, end label), then ``CITES`` links.
    """
    node_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cite_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in dataset.nodes:
        props = {k: v for k, v in n.props.items() if k != "id"}
        node_rows[n.label].append({"id": n.id, "props": props})
        if n.label == "Source":
            continue
        by_source: dict[str, list[str]] = defaultdict(list)
        for s, loc in zip(n.props["sources"], n.props["locators"]):
            by_source[s].append(loc)
        for s, locs in by_source.items():
            cite_rows[n.label].append({"id": n.id, "source": s, "locators": locs})

    rel_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    out_degree: Counter[str] = Counter()
    in_degree: Counter[str] = Counter()
    for r in dataset.relations:
        rel_rows[(r.start_label, r.type, r.end_label)].append(
            {"start": r.start, "end": r.end, "key": r.key, "props": r.props}
        )
        out_degree[r.start] += 1
        in_degree[r.end] += 1

    plan: list[tuple[Any, list[dict[str, Any]]]] = []
    merge_nodes = get_query("load/merge_nodes")
    for label in NODE_LABELS:
        if node_rows.get(label):
            plan.append((fill(merge_nodes, LABEL=label), node_rows[label]))
    merge_rels = get_query("load/merge_relations")
    merge_rels_from_end = get_query("load/merge_relations_from_end")
    for (start, rtype, end), rows in sorted(rel_rows.items()):
        # Write the MERGE pattern from the side with fewer relationships: the local
        # server checks a MERGE by scanning the first node's relationships, so from a
        # hub every row costs its degree (Neo4j picks the cheaper side by itself).
        from_start = sum(out_degree[x["start"]] for x in rows)
        from_end = sum(in_degree[x["end"]] for x in rows)
        template = merge_rels_from_end if from_end < from_start else merge_rels
        plan.append((fill(template, START=start, TYPE=rtype, END=end), rows))
    merge_cites = get_query("load/merge_citations")
    for label in NODE_LABELS:
        if cite_rows.get(label):
            plan.append((fill(merge_cites, LABEL=label), cite_rows[label]))
    return plan


def load_dataset(
    db: GraphDB,
    dataset: Dataset,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> LoadSummary:
    """Write a validated dataset (constraints first) and summarise the graph."""
    apply_schema(db)
    plan = plan_writes(dataset)
    total = sum(len(rows) for _, rows in plan)
    done = 0
    created: dict[str, int] = defaultdict(int)
    for query, rows in plan:
        base = done

        def step(n: int, base: int = base) -> None:
            if progress is not None:
                progress(base + n, total)

        counts = db.write_batches(query, rows, batch_size, progress=step)
        for k, v in counts.items():
            created[k] += v
        done += len(rows)
    in_files = dataset.counts()
    return LoadSummary(
        files=[str(f) for f in dataset.files],
        nodes=in_files["nodes"],
        relationships=in_files["relationships"],
        created=dict(created),
        graph_nodes=node_counts(db),
        graph_relationships=relationship_counts(db),
    )


def load_paths(
    db: GraphDB,
    paths: Sequence[Path | str],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> LoadSummary:
    """Validate the import files under ``paths`` completely, then load them.

    Ids the files refer to but do not define are looked up in the database, so a
    folder can add to a graph loaded earlier.

    Raises:
        InvalidImportFile: the files have problems; nothing was written.
    """
    dataset = read_paths(paths, lookup=_lookup(db))
    return load_dataset(db, dataset, batch_size=batch_size, progress=progress)


def node_counts(db: GraphDB) -> dict[str, int]:
    """Nodes per label in the graph."""
    return {r["label"]: r["count"] for r in db.read(get_query("stats/node_counts"))}


def relationship_counts(db: GraphDB) -> dict[str, int]:
    """Relationships per type in the graph."""
    return {r["type"]: r["count"] for r in db.read(get_query("stats/relationship_counts"))}


def kind_counts(db: GraphDB) -> dict[str, int]:
    """Nodes per ``Label:kind`` in the graph."""
    return {
        f"{r['label']}:{r['kind']}": r["count"] for r in db.read(get_query("stats/kind_counts"))
    }


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
