"""The load benchmarks' ceiling: the rows graphtool's loader writes into an empty graph,
as plain ``UNWIND $rows ... CREATE`` statements with the same driver and batch size.

Into an empty graph graphtool creates every fact (nothing can exist yet), so the rows
here are exactly the ones it sends: each node with its properties and ``datasets``,
each relationship with its key, properties and ``datasets`` (relationship rows still
MATCH their ends by id, as any loader must), and one ``CITES`` link per node and
document. Streamed in batches, from a second pass over the same reader.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from graphtool.model import NodeRecord, RelRecord
from graphtool.store.claims import claim_of
from graphtool.store.readers import Records

NODES = "UNWIND $rows AS row CREATE (n:{label}) SET n = row.props"
RELATIONSHIPS = (
    "UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
    "CREATE (a)-[r:{type}]->(b) SET r = row.props"
)
CITES = (
    "UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) MATCH (s:Source {{id: row.source}}) "
    "CREATE (n)-[c:CITES]->(s) SET c.locators = row.locators, c.datasets = row.datasets"
)


Batch = tuple[str, str, list[dict[str, Any]]]


def ceiling_batches(records: Records, dataset: str, batch: int) -> Iterator[Batch]:
    """(phase, statement, rows) batches for an empty graph, in a valid order: sources,
    then every node with its CITES links, then relationships."""
    labels: dict[str, str] = {}
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cites: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)

    def flush_nodes(label: str) -> Iterator[Batch]:
        if nodes[label]:
            yield "nodes", NODES.format(label=label), nodes.pop(label)
        if cites[label]:
            yield "cites", CITES.format(label=label), cites.pop(label)

    for rec in records:
        if isinstance(rec, NodeRecord):
            labels[rec.id] = rec.label
            nodes[rec.label].append({"props": {"id": rec.id, **claim_of(rec.props), "datasets": [dataset]}})
            if rec.label != "Source":
                by_source: dict[str, list[str]] = defaultdict(list)
                for s, loc in zip(rec.props.get("sources") or [], rec.props.get("locators") or []):
                    by_source[s].append(loc)
                cites[rec.label] += [{"id": rec.id, "source": s, "locators": v, "datasets": [dataset]}
                                     for s, v in by_source.items()]
            if len(nodes[rec.label]) >= batch and rec.label != "Source":
                yield from flush_nodes("Source")
                yield from flush_nodes(rec.label)
            continue
        assert isinstance(rec, RelRecord)
        if nodes or cites:
            for label in ["Source", *sorted(set(nodes) | set(cites))]:
                yield from flush_nodes(label)
        group = (labels.get(rec.start, rec.start_label), rec.type, labels.get(rec.end, rec.end_label))
        rels[group].append({"start": rec.start, "end": rec.end,
                            "props": {"key": rec.key, **claim_of(rec.props), "datasets": [dataset]}})
        if len(rels[group]) >= batch:
            text = RELATIONSHIPS.format(start=group[0], type=group[1], end=group[2])
            yield "relationships", text, rels.pop(group)
    for label in ["Source", *sorted(set(nodes) | set(cites))]:
        yield from flush_nodes(label)
    for group in sorted(rels):
        yield "relationships", RELATIONSHIPS.format(start=group[0], type=group[1], end=group[2]), rels[group]
