"""Write a networkx graph for other tools: GraphML, GEXF, node-link JSON and CSV.

Pure: a graph goes in, text or files come out. Every format keeps the same
attributes, citations included, so a network opens in Gephi (GEXF, GraphML),
Cytoscape (GraphML, JSON) or pandas (CSV, JSON) with what ``graphtool render``
shows.

The events behind the links
    An actor-network link stands for the events its two actors shared, and an event
    of ``k`` participants makes ``k(k-1)/2`` links. So a link carries only the ids of
    its events (``events``) and how many there are (``eventCount``); each event's
    details (name, kind, date, places, citations, every participant's role and
    citations) are written once per file (:func:`split_events`): in JSON a top-level
    ``events`` object by id, in GraphML the graph's ``events`` attribute (the same
    object as JSON text), in CSV a third file (``events.csv``, one row per event).
    GEXF has no place for graph-wide data, so its links carry ids and counts only.
    A file therefore grows with the links and the participations, not with the
    square of an event's size.

GraphML, GEXF and CSV hold only scalar values, so richer values are flattened the
same way in all three:

- a list of plain values (``aliases``, ``sources``, ``locators``, a link's event
  ids) is joined with ``;``, as in the import files (``sources`` and ``locators``
  stay parallel lists);
- anything else (``ties``, ``memberships``, ``roles``, an event's ``participants``)
  is a JSON string;
- an attribute holding numbers on some elements and text on others is text everywhere.

GEXF reserves some names: the node ``label`` attribute (Actor, Event, ...) is written
as ``nodeLabel`` and the node's GEXF label is its ``name``; an edge's ``type`` is
written as ``relType``. Node-link JSON keeps every value as it is.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from graphtool.errors import OutputFailed, UsageError
from graphtool.files import write_files
from graphtool.output import CSV_FORMATS, csv_text

__all__ = [
    "FORMATS",
    "csv_events_path",
    "export_graph",
    "flatten_graph",
    "split_events",
    "to_csv",
    "to_csv_events",
    "to_gexf",
    "to_graphml",
    "to_json",
]

#: The formats :func:`export_graph` writes (``csv-raw``: CSV without the spreadsheet
#: protection of :func:`graphtool.output.spreadsheet_safe`).
FORMATS = ("graphml", "gexf", "json", *CSV_FORMATS)

_NODE_FIRST = ("label", "kind", "name", "aliases", "date", "year", "sources", "locators")
_EDGE_FIRST = ("type", "weight", "role", "since", "sources", "locators", "eventCount", "events", "ties")
_EVENT_FIRST = (
    "id", "name", "kind", "date", "year", "places", "sources", "locators", "roles", "participants"
)
_GEXF_NODE_RENAME = {"label": "nodeLabel", "id": "nodeId", "start": "startValue", "end": "endValue"}
_GEXF_EDGE_RENAME = {
    "type": "relType",
    "id": "edgeId",
    "label": "edgeLabel",
    "start": "startValue",
    "end": "endValue",
}


def _sorted_nodes(graph: nx.Graph) -> list[tuple[Any, dict[str, Any]]]:
    return sorted(graph.nodes(data=True), key=lambda x: str(x[0]))


def sorted_edges(graph: nx.Graph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    """Every edge as ``(u, v, key, data)`` in an order that ignores insertion order.

    ``key`` is None for simple graphs. An undirected edge's ends are put in order
    first. Edges are sorted by ends, then by key, so parallel edges of a multigraph
    (same ends, even the same type) keep one order whichever was added first. Both
    the exports and :func:`graphtool.visual.page.render_html` use this order, so the same
    graph gives the same bytes.
    """
    if graph.is_multigraph():
        rows = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    else:
        rows = [(u, v, None, d) for u, v, d in graph.edges(data=True)]
    if not graph.is_directed():
        rows = [(v, u, k, d) if str(v) < str(u) else (u, v, k, d) for u, v, k, d in rows]
    # Keys are unique between two ends, and ends unique in a simple graph: a total order.
    rows.sort(key=lambda r: (str(r[0]), str(r[1]), str(r[2])))
    return rows


def split_events(graph: nx.Graph) -> tuple[nx.Graph, dict[str, dict[str, Any]]]:
    """The events behind the links, once each: a copy of ``graph`` whose edges list
    only the ids of their ``events`` and count them in ``eventCount``, and each
    event's details by id (sorted). ``graph`` itself when no edge lists events (only
    the actor network's do).

    >>> g = nx.Graph()
    >>> ev = {"id": "ev1", "name": "Summit", "participants": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}
    >>> g.add_edges_from([("a", "b", {"events": [ev]}), ("a", "c", {"events": [ev]})])
    >>> flat, events = split_events(g)
    >>> flat.edges["a", "b"], list(events)
    ({'events': ['ev1'], 'eventCount': 1}, ['ev1'])
    """
    rows = sorted_edges(graph)
    if not any(_lists_events(d) for *_, d in rows):
        return graph, {}
    out = graph.copy()
    table: dict[str, dict[str, Any]] = {}
    for u, v, key, _ in rows:
        d = out.edges[u, v, key] if out.is_multigraph() else out.edges[u, v]
        if not _lists_events(d):
            continue
        refs = []
        for ev in d["events"]:
            if isinstance(ev, Mapping):
                eid = str(ev.get("id"))
                table.setdefault(eid, dict(ev))
                refs.append(eid)
            else:
                refs.append(str(ev))
        d["events"], d["eventCount"] = refs, len(refs)
    return out, {k: table[k] for k in sorted(table)}


def _lists_events(d: Mapping[str, Any]) -> bool:
    return isinstance(d.get("events"), list)


def _scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def _flat_value(v: Any) -> Any:
    if isinstance(v, (list, tuple, set, frozenset)):
        items = sorted(v, key=str) if isinstance(v, (set, frozenset)) else list(v)
        if all(_scalar(x) and x is not None for x in items):
            return ";".join(str(x) for x in items)
        return json.dumps(items, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(v, Mapping):
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
    if _scalar(v):
        return v
    return str(v)


def _unify(rows: Iterable[dict[str, Any]]) -> None:
    """Make each attribute one type across rows: bool, int, float, else str."""
    rows = list(rows)
    kinds: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            kinds.setdefault(k, set()).add(bool if isinstance(v, bool) else type(v))
    for k, types in kinds.items():
        if types <= {bool} or types <= {int} or types <= {str}:
            continue
        if types <= {int, float}:
            for row in rows:
                if k in row:
                    row[k] = float(row[k])
        else:
            for row in rows:
                if k in row:
                    row[k] = _text(row[k])


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def flatten_graph(graph: nx.Graph, *, gexf: bool = False) -> nx.Graph:
    """A copy of ``graph`` whose attribute values are all scalars (see the module notes).

    Nodes and edges are inserted in a fixed order (by id), so writers that follow
    insertion order give the same file for the same graph.
    """
    out = graph.__class__()
    out.graph.update({k: _flat_value(v) for k, v in graph.graph.items() if v is not None and k != "name"})
    nodes = []
    for n, data in _sorted_nodes(graph):
        row = {k: _flat_value(v) for k, v in data.items() if v is not None}
        if gexf:
            row = {_GEXF_NODE_RENAME.get(k, k): v for k, v in row.items()}
            row["label"] = str(data.get("name") or n)
        nodes.append((n, row))
    edges = []
    for u, v, key, data in sorted_edges(graph):
        row = {k: _flat_value(x) for k, x in data.items() if x is not None}
        if gexf:
            row = {_GEXF_EDGE_RENAME.get(k, k): x for k, x in row.items()}
        edges.append((u, v, key, row))
    _unify(r for _, r in nodes)
    _unify(r for _, _, _, r in edges)
    out.add_nodes_from(nodes)
    for u, v, key, row in edges:
        if key is None:
            out.add_edge(u, v, **row)
        else:
            out.add_edge(u, v, key=key, **row)
    return out


def _stringify_ids(graph: nx.Graph) -> nx.Graph:
    if all(isinstance(n, str) for n in graph):
        return graph
    return nx.relabel_nodes(graph, {n: str(n) for n in graph}, copy=True)


def to_graphml(graph: nx.Graph) -> str:
    """GraphML text (UTF-8), for Gephi, Cytoscape, yEd and igraph. The events behind
    the links are the graph's ``events`` attribute (JSON text, by id)."""
    graph, events = split_events(graph)
    flat = _stringify_ids(flatten_graph(graph))
    if events:
        flat.graph["events"] = json.dumps(events, ensure_ascii=False, sort_keys=True, default=str)
    buf = io.BytesIO()
    nx.write_graphml(flat, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buf.getvalue().decode("utf-8")


def to_gexf(graph: nx.Graph) -> str:
    """GEXF 1.2 text, Gephi's own format (``label`` → ``nodeLabel``, ``type`` → ``relType``).
    Links carry their events' ids and count; GEXF has no room for the details."""
    graph, _ = split_events(graph)
    flat = _stringify_ids(flatten_graph(graph, gexf=True))
    buf = io.BytesIO()
    nx.write_gexf(flat, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue().decode("utf-8")


def to_json(graph: nx.Graph) -> str:
    """Node-link JSON with every value as it is; links list their events' ids and the
    top-level ``events`` object holds each event's details once, by id.

    ``networkx.node_link_graph(json.loads(text), edges="edges")`` reads it back; in
    pandas, ``pd.json_normalize(data["nodes"])`` and
    ``pd.DataFrame(data["events"].values())``.
    """
    graph, events = split_events(graph)
    data: dict[str, Any] = {
        "directed": graph.is_directed(),
        "multigraph": graph.is_multigraph(),
        "graph": dict(graph.graph),
        "nodes": [{"id": n, **d} for n, d in _sorted_nodes(graph)],
        "edges": [
            {"source": u, "target": v, **({"key": k} if k is not None else {}), **d}
            for u, v, k, d in sorted_edges(graph)
        ],
    }
    if events:
        data["events"] = events
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False, default=str) + "\n"


def _columns(rows: list[dict[str, Any]], first: Iterable[str], lead: list[str]) -> list[str]:
    present = {k for r in rows for k in r}
    cols = list(lead)
    cols += [k for k in first if k in present and k not in cols]
    cols += sorted(k for k in present if k not in cols)
    return cols


def _csv_text(rows: list[dict[str, Any]], columns: list[str], raw: bool) -> str:
    cells = [["" if r.get(k) is None else _text(r[k]) for k in columns] for r in rows]
    return csv_text(columns, cells, raw=raw)


def to_csv(graph: nx.Graph, *, raw: bool = False) -> tuple[str, str]:
    """Two CSV texts: nodes (``id`` first) and edges (``source``, ``target`` first).

    ``pd.read_csv`` reads them; split list columns (and a link's event ids) with
    ``.str.split(";")``, and JSON columns with ``json.loads``; the events' details are
    :func:`to_csv_events`. Cells a spreadsheet would run as a formula get a leading
    ``'`` (:func:`graphtool.output.spreadsheet_safe`) unless ``raw``.
    """
    flat = flatten_graph(split_events(graph)[0])
    nodes = [{"id": n, **d} for n, d in flat.nodes(data=True)]
    if flat.is_multigraph():
        edges = [{"source": u, "target": v, "key": k, **d} for u, v, k, d in flat.edges(keys=True, data=True)]
        lead = ["source", "target", "key"]
    else:
        edges = [{"source": u, "target": v, **d} for u, v, d in flat.edges(data=True)]
        lead = ["source", "target"]
    return (
        _csv_text(nodes, _columns(nodes, _NODE_FIRST, ["id"]), raw),
        _csv_text(edges, _columns(edges, _EDGE_FIRST, lead), raw),
    )


def to_csv_events(graph: nx.Graph, *, raw: bool = False) -> str | None:
    """The events behind the links as CSV, one row per event (``id``, ``name``,
    ``kind``, ``date``, ``year``, ``places``, ``sources``, ``locators``, then ``roles``
    and ``participants`` as JSON), or None when the links list no events."""
    _, events = split_events(graph)
    if not events:
        return None
    rows = [{k: _flat_value(v) for k, v in ev.items() if v is not None} for ev in events.values()]
    _unify(rows)
    return _csv_text(rows, _columns(rows, _EVENT_FIRST, ["id"]), raw)


def _csv_folder(path: str | os.PathLike[str]) -> Path | None:
    """The folder the two CSV files go into, or None when ``path`` names a ``.csv`` file.

    Anything not ending in ``.csv`` is a folder, whatever its suffix (``out.tsv``,
    ``reports.v2``): :func:`csv_paths` and :func:`export_graph` both ask here, so
    the folder written into is always the folder created.
    """
    p = Path(path)
    return None if p.suffix.lower() == ".csv" else p


def csv_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where the two CSV files go: ``net.csv`` → ``net-nodes.csv`` and
    ``net-edges.csv``; anything else is a folder (``out``, ``reports.v2``) →
    ``nodes.csv`` and ``edges.csv`` inside it."""
    folder = _csv_folder(path)
    if folder is not None:
        return folder / "nodes.csv", folder / "edges.csv"
    p = Path(path)
    return p.with_name(f"{p.stem}-nodes.csv"), p.with_name(f"{p.stem}-edges.csv")


def csv_events_path(path: str | os.PathLike[str]) -> Path:
    """Where the events file goes, beside :func:`csv_paths`' two: ``net-events.csv``
    or ``events.csv`` in the folder."""
    folder = _csv_folder(path)
    if folder is not None:
        return folder / "events.csv"
    p = Path(path)
    return p.with_name(f"{p.stem}-events.csv")


def export_graph(graph: nx.Graph, fmt: str, path: str | os.PathLike[str] | None = None) -> str | list[Path]:
    """Write ``graph`` as ``fmt`` (one of :data:`FORMATS`).

    Returns the text when ``path`` is None (not for csv), else the paths written (for
    csv: nodes, edges and, when the links list events, :func:`csv_events_path`).

    Raises:
        UsageError: unknown format, or csv without a path.
        OutputFailed: a file cannot be written (each is written whole or not at all:
            see :mod:`graphtool.files`).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")
    if fmt in CSV_FORMATS:
        if path is None:
            raise UsageError(f"{fmt} writes two files (nodes and edges): give -o FILE.csv or -o FOLDER")
        raw = fmt == "csv-raw"
        files: list[tuple[Path, str]] = list(zip(csv_paths(path), to_csv(graph, raw=raw)))
        events = to_csv_events(graph, raw=raw)
        if events is not None:
            files.append((csv_events_path(path), events))
        folder = _csv_folder(path)
        made = _mkdir(folder) if folder is not None else []
        try:
            return write_files(files)
        except OutputFailed:
            for d in made:  # a failed export leaves no empty folder behind
                try:
                    d.rmdir()
                except OSError:
                    break
            raise
    text = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json}[fmt](graph)
    if path is None:
        return text
    return write_files([(path, text)])


def _mkdir(p: Path) -> list[Path]:
    """Make folder ``p``; returns the folders made, deepest first."""
    missing = [d for d in (p, *p.parents) if not d.exists()]
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFailed(str(p), exc.strerror or str(exc), action="create folder") from exc
    return missing
