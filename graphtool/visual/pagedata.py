"""A graph as the compact data block both page renderers read.

Columns, not one object per node: ``nodes.name[i]``, ``nodes.x[i]``, ``edges.src[e]``
(node indices), ``edges.ev[e]`` (event indices), so a page grows by a few dozen bytes
per node and link. Strings that repeat (documents cited, relationship types, event
kinds, node groups) are written once and referred to by index; citations are flat
``[document index, locator, ...]`` lists; sparse attributes (roles, ``since``, text
fields, dates of undated kinds) are ``[[index, value], ...]`` lists.

Time is counted in months since year 0 (``year * 12 + month - 1``): a date ``"2003"``
covers months 2003-01 to 2003-12, ``"2003-11"`` one month, and a ``since`` is open
ended. Events carry ``t0``/``t1``; nodes and links without events carry their own
interval in ``time`` when they have one (a link to an event node takes the event's).
Pure and deterministic: the same graph gives the same block, whatever the order it
was built in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import networkx as nx

from graphtool.errors import RenderError
from graphtool.visual.style import NODE_SHAPES, Group, edge_style, group_order, node_colour

__all__ = ["OPEN_END", "PageModel", "build_model", "month_span"]

#: The last month of an open-ended interval (a membership ``since`` a year).
OPEN_END = 10**6

#: The edge type shown for projections whose edges carry no ``type``.
_DEFAULT_EDGE_TYPE = {
    "actors": "CO_PARTICIPATION",
    "actor-event": "PARTICIPATED_IN",
    "membership": "MEMBER_OF",
}
#: Node attributes that are data, not measures, even when numeric.
_NOT_MEASURES = frozenset(
    {"year", "size", "founded", "since", "weight", "x", "y", "endYear", "line", "bipartite"}
)
#: Node attributes shown as text in tooltips when present.
_TEXT_FIELDS = ("date", "end_date", "endDate", "summary", "size_note", "sizeNote", "note")
_MIN_SIZE, _MAX_SIZE = 8.0, 40.0
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")


@dataclass(frozen=True)
class PageModel:
    """What a page shows: the JSON-able block and what the legend lists."""

    data: dict[str, Any]
    groups: list[Group]
    edge_types: dict[str, int]
    event_kinds: dict[str, int]
    #: first and last year of the time window's range, or None when nothing is dated
    years: list[int] | None
    #: some dates name a month, so the page offers a month step
    months: bool
    size_name: str
    nodes: int
    edges: int


def month_span(value: Any) -> tuple[int, int] | None:
    """The months a date covers, ``(first, last)``, counted from year 0.

    >>> month_span("2003"), month_span("2003-11-05"), month_span(2001), month_span("soon")
    ((24036, 24047), (24046, 24046), (24012, 24023), None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        y = int(value)
        return (y * 12, y * 12 + 11)
    if isinstance(value, str):
        m = _DATE.match(value.strip())
        if m:
            y = int(m.group(1))
            if m.group(2) and 1 <= int(m.group(2)) <= 12:
                month = y * 12 + int(m.group(2)) - 1
                return (month, month)
            return (y * 12, y * 12 + 11)
    return None


def _has_month(value: Any) -> bool:
    return isinstance(value, str) and bool(re.match(r"^\d{4}-\d{2}", value.strip()))


def _span(data: Mapping[str, Any], *, since_open: bool) -> tuple[int, int] | None:
    """A node's or link's own interval: ``year`` or ``date`` (to ``end_date``), else
    ``since`` (open ended for links)."""
    span = month_span(data.get("year")) if _is_number(data.get("year")) else None
    if span is None:
        span = month_span(data.get("date"))
    if span is not None:
        end = month_span(data.get("end_date") or data.get("endDate"))
        if end is not None and end[1] > span[1]:
            span = (span[0], end[1])
        return span
    since = month_span(data.get("since"))
    if since is not None:
        return (since[0], OPEN_END) if since_open else since
    return None


def build_model(
    graph: nx.Graph,
    *,
    size_by: str | None = None,
    measures: Sequence[str] | None = None,
    positions: Mapping[Any, tuple[float, float]],
    labels: int = 25,
) -> PageModel:
    """The page's data block for ``graph`` (see the module docstring for its shape).

    Raises:
        RenderError: ``size_by`` names an attribute no node has.
    """
    nodes = sorted(graph, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    degree = dict(graph.degree())
    if size_by is None or size_by == "degree":
        size_name = "degree"
        score = {n: float(graph.nodes[n].get("degree", degree[n]) or 0) for n in nodes}
    else:
        size_name = size_by
        if nodes and not any(_is_number(graph.nodes[n].get(size_by)) for n in nodes):
            raise RenderError(
                f"no node has a numeric '{size_by}' attribute to size by; "
                "compute the measure first or leave --size-by out to size by degree."
            )
        score = {n: _num(graph.nodes[n].get(size_by)) for n in nodes}
    sizes = _sizes(score)
    order = sorted(range(len(nodes)), key=lambda i: (-score[nodes[i]], str(nodes[i])))
    measure_names = _detect_measures(graph, nodes, size_by) if measures is None else list(measures)
    if size_name == "degree" and "degree" not in measure_names:
        measure_names = ["degree", *measure_names]

    docs: dict[str, int] = {}
    months = False
    groups: dict[str, list[Any]] = {}
    col: dict[str, list[Any]] = {k: [] for k in ("id", "name", "group", "x", "y", "size", "aliases", "cite")}
    ids, names, group_keys, xs, ys, size_col, aliases, node_cites = (col[k] for k in col)
    measure_cols: dict[str, list[Any]] = {m: [] for m in measure_names}
    measure_lists = [(m, measure_cols[m], m == "degree" and size_name == "degree") for m in measure_names]
    node_time: list[list[int]] = []
    info: list[list[Any]] = []
    spans: dict[Any, tuple[int, int]] = {}
    no_position = (0.0, 0.0)
    # One pass per node and one per link, with the common cases (no citations, one
    # event, an integer weight) kept cheap: pages of 100,000 nodes are written here.
    for i, n in enumerate(nodes):
        data = graph.nodes[n]
        get = data.get
        label = get("label") or ""
        if not isinstance(label, str):
            label = str(label)
        kind = get("kind") or None
        key = f"{label}/{kind}" if kind else label or "node"
        g = groups.get(key)
        if g is None:
            groups[key] = [label, kind, 1]
        else:
            g[2] += 1
        ids.append(n if isinstance(n, str) else str(n))
        name = get("name") or n
        names.append(name if isinstance(name, str) else str(name))
        group_keys.append(key)  # replaced by its index below
        x, y = positions.get(n, no_position)
        xs.append(_short(x))
        ys.append(_short(y))
        size_col.append(sizes[n])
        alias = get("aliases")
        aliases.append([a if isinstance(a, str) else str(a) for a in _as_list(alias)] if alias else [])
        node_cites.append(_flat_citations(_citations(data), docs) if get("sources") else [])
        for m, column, is_degree in measure_lists:
            v = degree[n] if is_degree else get(m)
            column.append(v if type(v) is int else _round(v) if _is_number(v) else None)
        if "year" in data or "date" in data or "since" in data:
            span = _span(data, since_open=False)
            if span is not None:
                spans[n] = span
                node_time.append([i, span[0], span[1]])
                months = months or _has_month(get("date"))
        text = {f: str(data[f]) for f in _TEXT_FIELDS if get(f) not in (None, "")}
        if text:
            info.append([i, text])
    group_list = sorted(
        (
            Group(k, lab, kind, node_colour(lab, kind), NODE_SHAPES.get(lab, "dot"), count)
            for k, (lab, kind, count) in groups.items()
        ),
        key=group_order,
    )
    group_index = {g.key: gi for gi, g in enumerate(group_list)}
    col["group"] = [group_index[k] for k in group_keys]

    default_type = _DEFAULT_EDGE_TYPE.get(str(graph.graph.get("projection")), "LINK")
    edge_types: dict[str, int] = {}
    ecol: dict[str, list[Any]] = {k: [] for k in ("src", "dst", "type", "weight", "ev")}
    src_col, dst_col, type_col, weight_col = ecol["src"], ecol["dst"], ecol["type"], ecol["weight"]
    sparse: dict[str, list[list[Any]]] = {k: [] for k in ("role", "since", "cite", "time")}
    event_rows: dict[str, dict[str, Any]] = {}
    refs_by_edge: list[list[str] | None] = []
    for e, (a, b, u, v, data) in enumerate(_ordered_edges(graph, index)):
        get = data.get
        etype = get("type") or default_type
        if not isinstance(etype, str):
            etype = str(etype)
        edge_types[etype] = edge_types.get(etype, 0) + 1
        src_col.append(a)
        dst_col.append(b)
        type_col.append(etype)  # replaced by its index below
        w = get("weight")
        weight_col.append(w if type(w) is int else _round(_num(w, 1.0)))
        role = get("role") or get("roles")
        if role:
            sparse["role"].append([e, "; ".join(str(r) for r in _as_list(role))])
        since = get("since")
        if since:
            sparse["since"].append([e, str(since)])
        refs: list[str] | None = None
        evs = get("events")
        if evs:
            refs = []
            for ev in evs if type(evs) is list else _as_list(evs):
                if type(ev) is not dict and not isinstance(ev, Mapping):
                    continue
                eid = ev.get("id")
                eid = str(eid) if eid else f"{u}|{v}|{len(refs)}"
                if eid not in event_rows:
                    event_rows[eid] = _event_row(graph, ev)
                    months = months or _has_month(ev.get("date"))
                refs.append(eid)
        refs_by_edge.append(refs)
        if not refs:
            span = _span(data, since_open=True) if ("year" in data or "date" in data or since) else None
            span = span or spans.get(u) or spans.get(v)
            if span is not None:
                sparse["time"].append([e, span[0], span[1]])
                months = months or _has_month(get("date"))
        if get("sources") or get("memberships"):
            cites = _citations(data)
            for fact in _as_list(get("memberships")):
                if isinstance(fact, Mapping):
                    cites += [c for c in _citations(fact) if c not in cites]
            if cites:
                sparse["cite"].append([e, _flat_citations(cites, docs)])
    type_list = sorted(edge_types)
    type_index = {t: ti for ti, t in enumerate(type_list)}
    ecol["type"] = [type_index[t] for t in ecol["type"]]

    event_ids = sorted(event_rows)
    event_index = {k: ki for ki, k in enumerate(event_ids)}
    event_kinds: dict[str, int] = {}
    for row in event_rows.values():
        if row["kind"]:
            event_kinds[row["kind"]] = event_kinds.get(row["kind"], 0) + 1
    kind_list = sorted(event_kinds)
    kind_index = {k: ki for ki, k in enumerate(kind_list)}
    ev_col = ecol["ev"]
    for refs in refs_by_edge:
        if not refs:
            ev_col.append(None)
        elif len(refs) == 1:
            ev_col.append(event_index[refs[0]])
        else:
            ev_col.append([event_index[r] for r in refs])
    events: dict[str, Any] = {k: [] for k in ("id", "name", "kind", "date", "t0", "t1", "place", "cite")}
    event_roles: list[list[Any]] = []
    for ki, eid in enumerate(event_ids):
        row = event_rows[eid]
        events["id"].append(eid)
        events["name"].append(row["name"])
        events["kind"].append(kind_index.get(row["kind"], -1))
        events["date"].append(row["date"])
        span = row["span"]
        events["t0"].append(span[0] if span else None)
        events["t1"].append(span[1] if span else None)
        events["place"].append(row["place"])
        events["cite"].append(_flat_citations(row["citations"], docs))
        if row["roles"]:
            event_roles.append([ki, row["roles"]])
    events["roles"] = event_roles

    years = _year_span(graph, node_time, sparse["time"], events)
    meta: dict[str, Any] = {
        "sizeBy": size_name,
        "labels": max(int(labels), 0),
        "groups": [
            {"key": g.key, "label": g.label, "kind": g.kind, "colour": g.colour, "shape": g.shape}
            for g in group_list
        ],
        "types": [{"name": t, **edge_style(t)} for t in type_list],
        "eventKinds": kind_list,
        "docs": sorted(docs, key=docs.__getitem__),
        "measures": measure_names,
        "time": None if years is None else {"years": years, "months": months, "open": OPEN_END},
    }
    data_block = {
        "meta": meta,
        "nodes": {
            **col,
            "order": order,
            "measures": measure_cols,
            "time": node_time,
            "info": info,
        },
        "edges": {**ecol, **sparse},
        "events": events,
    }
    return PageModel(
        data=data_block,
        groups=group_list,
        edge_types={t: edge_types[t] for t in type_list},
        event_kinds={k: event_kinds[k] for k in kind_list},
        years=years,
        months=months,
        size_name=size_name,
        nodes=len(nodes),
        edges=len(ecol["src"]),
    )


def _ordered_edges(graph: nx.Graph, index: Mapping[Any, int]) -> list[tuple[Any, ...]]:
    """``(i, j, u, v, data)`` for every edge, in the order of
    :func:`graphtool.visual.export.sorted_edges` (an undirected edge's ends in id
    order, then by ends, then by key), sorted on node indices rather than strings."""
    directed = graph.is_directed()
    if graph.is_multigraph():
        keyed = []
        for u, v, k, d in graph.edges(keys=True, data=True):
            a, b = index[u], index[v]
            if not directed and b < a:
                a, b, u, v = b, a, v, u
            keyed.append((a, b, str(k), u, v, d))
        keyed.sort(key=lambda r: (r[0], r[1], r[2]))
        return [(a, b, u, v, d) for a, b, _, u, v, d in keyed]
    rows = []
    width = len(index) + 1
    for u, v, d in graph.edges(data=True):
        a, b = index[u], index[v]
        if not directed and b < a:
            a, b, u, v = b, a, v, u
        rows.append((a * width + b, a, b, u, v, d))
    rows.sort(key=itemgetter(0))
    return [r[1:] for r in rows]


def _year_span(
    graph: nx.Graph, node_time: list[list[int]], edge_time: list[list[Any]], events: Mapping[str, list[Any]]
) -> list[int] | None:
    """The years the time window ranges over: from the data, or the window the graph
    was fetched for (``render --from/--to``) where it gives one."""
    months = [t for _, t0, t1 in node_time for t in (t0, t1)]
    months += [t for _, t0, t1 in edge_time for t in (t0, t1) if t != OPEN_END]
    months += [t for t in events["t0"] + events["t1"] if t is not None]
    filters = graph.graph.get("filters") or {}
    start, end = filters.get("start"), filters.get("end")
    if not months and start is None and end is None:
        return None
    # Either the data or one bound of the window gives a year, checked just above.
    given = [int(b) for b in (start, end) if isinstance(b, (int, float))]
    lo = int(start) if isinstance(start, (int, float)) else min(months) // 12 if months else given[0]
    hi = int(end) if isinstance(end, (int, float)) else max(months) // 12 if months else lo
    return [lo, max(lo, hi)]


def _event_row(graph: nx.Graph, ev: Mapping[str, Any]) -> dict[str, Any]:
    """An event behind an edge, once per page however many edges it makes."""
    kind = str(ev["kind"]) if ev.get("kind") else ""
    span = _span(ev, since_open=False)
    place = ev.get("place") or ev.get("places")
    roles_in = ev.get("roles")
    roles: dict[str, list[str]] | None = None
    if isinstance(roles_in, Mapping) and roles_in:
        roles = {str(n): [str(r) for r in _as_list(rs)] for n, rs in sorted(roles_in.items())}
    cites = _citations(ev)
    for p in _as_list(ev.get("participants")):
        if isinstance(p, Mapping):
            cites += [c for c in _citations(p) if c not in cites]
    return {
        "name": str(ev.get("name") or ev.get("id") or ""),
        "kind": kind,
        "date": str(ev["date"]) if ev.get("date") else "",
        "span": span,
        "place": _place(graph, place) if place else "",
        "roles": roles,
        "citations": cites,
    }


def _place(graph: nx.Graph, p: Any) -> str:
    if isinstance(p, Mapping):
        return str(p.get("name") or p.get("id") or "")
    if isinstance(p, (list, tuple)):
        return ", ".join(_place(graph, x) for x in p)
    if p in graph:
        return str(graph.nodes[p].get("name") or p)
    return str(p)


def _citations(data: Mapping[str, Any]) -> list[list[str]]:
    """``[[document, locator], ...]`` from the parallel ``sources``/``locators`` lists."""
    sources = data.get("sources")
    if not sources:
        return []
    if type(sources) is not list:
        sources = _as_list(sources)
    locators = data.get("locators")
    if type(locators) is not list:
        locators = _as_list(locators)
    if len(sources) == 1 and locators and type(sources[0]) is str and type(locators[0]) is str:
        return [[sources[0], locators[0]]]
    n = len(locators)
    return [[str(s), str(locators[i]) if i < n else ""] for i, s in enumerate(sources)]


def _flat_citations(cites: Iterable[Sequence[str]], docs: dict[str, int]) -> list[Any]:
    """``[doc index, locator, doc index, locator, ...]``; documents numbered as first
    met, which is deterministic because nodes and edges are visited in sorted order."""
    flat: list[Any] = []
    for doc, locator in cites:
        if doc not in docs:
            docs[doc] = len(docs)
        flat += [docs[doc], locator]
    return flat


def _sizes(score: Mapping[Any, float]) -> dict[Any, float]:
    if not score:
        return {}
    lo, hi = min(score.values()), max(score.values())
    spread = hi - lo
    out = {}
    for n, s in score.items():
        t = math.sqrt((s - lo) / spread) if spread > 0 else 0.5
        out[n] = round(_MIN_SIZE + t * (_MAX_SIZE - _MIN_SIZE), 1)
    return out


def _detect_measures(graph: nx.Graph, nodes: Iterable[Any], size_by: str | None) -> list[str]:
    found: set[str] = set()
    for n in nodes:
        for k, v in graph.nodes[n].items():
            if k not in _NOT_MEASURES and _is_number(v):
                found.add(k)
    ordered = sorted(found)
    if size_by in found:
        ordered.remove(size_by)
        ordered.insert(0, size_by)
    return ordered


def _is_number(v: Any) -> bool:
    t = type(v)
    if t is int:
        return True
    if t is float:
        return math.isfinite(v)
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _num(v: Any, default: float = 0.0) -> float:
    return float(v) if _is_number(v) else default


def _round(v: Any) -> Any:
    if isinstance(v, float):
        r = float(f"{v:.6g}")
        return int(r) if r.is_integer() and abs(r) < 1e15 else r
    return v


def _short(v: float) -> float | int:
    """A coordinate to 0.1 px, written without a trailing ``.0``."""
    r = round(float(v), 1) + 0.0
    return int(r) if r.is_integer() else r


def _as_list(v: Any) -> list[Any]:
    if v is None or v == "":
        return []
    if isinstance(v, str):
        return [s.strip() for s in v.split(";") if s.strip()]
    if isinstance(v, (list, tuple)):
        return list(v)
    return [v]
