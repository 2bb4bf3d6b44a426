"""Render a networkx graph as one self-contained, interactive HTML page.
One file because it writes one document: the styles, the node and edge rows, the
legend and the inlined assets are filled into one template and change together.

Pure: a graph goes in, HTML comes out; nothing here touches the database or the
network, and nothing here decides which nodes are shown (the caller hands the page
the graph to draw: :func:`graphtool.visual.view.scope_graph`). Positions come from
:mod:`graphtool.visual.layout`. The page uses vis-network as the pyvis package ships
it (pyvis's ``lib/vis-9.1.2``), inlined together with graphtool's own small script
from ``graphtool/visual/assets``, so it opens with no network at all. pyvis's
``Network.add_node``/``add_edge`` are not used: they
check every new edge against every earlier one (quadratic), so nodes and edges are
serialised here in one pass into a JSON block the page reads.

What the page shows: nodes coloured by kind and shaped by label, sized by a
measure, labelled when they are among the most important; edges styled by
relationship type; a legend that doubles as filters (node kind, relationship
type, event kind, year range); search by name or alias; hover tooltips and a
details panel with each node's aliases, measures and citations and each edge's
events with their citations; click to highlight a node's neighbourhood.
"""

from __future__ import annotations

import datetime as _dt
import html
import importlib.util
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from graphtool import __version__
from graphtool.errors import RenderError
from graphtool.visual.export import sorted_edges
from graphtool.visual.layout import compute_layout

__all__ = [
    "EDGE_STYLES",
    "NODE_COLOURS",
    "NODE_SHAPES",
    "describe_graph",
    "render_html",
    "write_html",
]

#: vis-network shape per node label.
NODE_SHAPES: dict[str, str] = {
    "Actor": "dot",
    "Organisation": "diamond",
    "Event": "square",
    "Place": "triangle",
    "Topic": "star",
    "Claim": "hexagon",
    "Source": "triangleDown",
}

#: Fill colour per (label, kind). Colours within a label are distinct; across labels
#: the shape tells them apart. Stable across renders, so a kind keeps its colour.
NODE_COLOURS: dict[str, dict[str | None, str]] = {
    "Actor": {
        "state": "#1f77b4",
        "agency": "#ff7f0e",
        "office": "#2ca02c",
        "unit": "#d62728",
        "person": "#9467bd",
        "group": "#8c564b",
        "company": "#e377c2",
        "institution": "#17becf",
    },
    "Organisation": {
        "intergovernmental": "#bcbd22",
        "body": "#7f7f7f",
        "alliance": "#393b79",
        "forum": "#637939",
        "other": "#b5cf6b",
    },
    "Event": {
        "meeting": "#aec7e8",
        "summit": "#ffbb78",
        "exercise": "#98df8a",
        "training": "#ff9896",
        "exchange": "#c5b0d5",
        "transfer": "#c49c94",
        "agreement": "#f7b6d2",
        "investment": "#dbdb8d",
        "project": "#9edae5",
        "founding": "#e7ba52",
        "attack": "#843c39",
        "operation": "#ad494a",
        "conference": "#6b6ecf",
        "statement": "#a55194",
        "trade": "#8c6d31",
        "other": "#c7c7c7",
    },
    "Place": {
        "city": "#8ca252",
        "region": "#bd9e39",
        "site": "#e7969c",
        "border": "#de9ed6",
        "country": "#5254a3",
        "other": "#cedb9c",
    },
    "Topic": {None: "#e6550d"},
    "Claim": {None: "#fd8d3c"},
    "Source": {
        "report": "#636363",
        "article": "#969696",
        "briefing": "#3182bd",
        "response": "#31a354",
        "other": "#bdbdbd",
    },
}
_FALLBACK_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip

#: Line style per relationship type: colour and vis-network dash pattern (False: solid).
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "CO_PARTICIPATION": {"color": "#6b7b8c", "dashes": False},
    "PARTICIPATED_IN": {"color": "#9aa5b1", "dashes": False},
    "MEMBER_OF": {"color": "#1f77b4", "dashes": [8, 4]},
    "PART_OF": {"color": "#2ca02c", "dashes": [2, 4]},
    "HOLDS": {"color": "#9467bd", "dashes": False},
    "HELD_IN": {"color": "#8c564b", "dashes": [4, 4]},
    "LOCATED_IN": {"color": "#bd9e39", "dashes": [6, 3]},
    "CONCERNS": {"color": "#e6550d", "dashes": [2, 6]},
    "TARGETS": {"color": "#d62728", "dashes": False},
    "SUCCESSOR_OF": {"color": "#7f7f7f", "dashes": [10, 4]},
    "RELATED_TO": {"color": "#c7c7c7", "dashes": [1, 3]},
    "ABOUT": {"color": "#fdae6b", "dashes": [3, 3]},
    "CONTRADICTS": {"color": "#e6550d", "dashes": [12, 3]},
    "CITES": {"color": "#bdbdbd", "dashes": [1, 5]},
}
_FALLBACK_EDGE = {"color": "#999999", "dashes": False}
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
#: Above this many nodes the page hides edges while dragging/zooming, to stay fluid.
_LARGE = 2000


_PROJECTIONS = {
    "actors": "Actors linked by the events they took part in together",
    "actor-event": "Actors and the events they took part in",
    "membership": "Actors and organisations and the organisations they belong to",
    "raw": "Every node and relationship",
}


def describe_graph(
    graph: nx.Graph,
    *,
    focus: str | None = None,
    depth: int | None = None,
    max_nodes: int | None = None,
) -> str:
    """One line saying what a graph shows, from the ``projection`` and ``filters``
    that :func:`graphtool.projection.fetch_graph` records in ``graph.graph``.

    >>> g = nx.Graph(projection="membership", filters={"start": 2015, "level": "state"})
    >>> describe_graph(g, focus="Kyrgyzstan", depth=2)  # doctest: +ELLIPSIS
    'Actors and organisations ... · from 2015 · states (agencies rolled up) · within 2 links of Kyrgyzstan'
    """
    info = graph.graph
    parts = []
    projection = info.get("projection")
    if projection:
        parts.append(_PROJECTIONS.get(str(projection), f"{projection} projection"))
    f = info.get("filters") or {}
    start, end = f.get("start"), f.get("end")
    if start is not None and end is not None:
        parts.append(f"{start}–{end}" if start != end else f"{start}")
    elif start is not None:
        parts.append(f"from {start}")
    elif end is not None:
        parts.append(f"up to {end}")
    for key, text in (("kinds", "actor kinds"), ("event_kinds", "event kinds"), ("countries", "countries")):
        if f.get(key):
            parts.append(f"{text}: {', '.join(map(str, f[key]))}")
    if f.get("level") == "state":
        parts.append("states (agencies rolled up)")
    if focus:
        d = 1 if depth is None else depth
        parts.append(f"within {d} link{'' if d == 1 else 's'} of {focus}")
    if max_nodes:
        parts.append(f"the {max_nodes:,} most central nodes")
    return " · ".join(parts)


# -------------------------------------------------------------------------- render


@dataclass(frozen=True)
class _Group:
    key: str
    label: str
    kind: str | None
    colour: str
    shape: str
    count: int


def render_html(
    graph: nx.Graph,
    *,
    title: str = "graphtool network",
    description: str | None = None,
    size_by: str | None = None,
    measures: Sequence[str] | None = None,
    labels: int = 25,
    layout: str = "auto",
    positions: Mapping[Any, tuple[float, float]] | None = None,
    seed: int = 42,
    physics: bool = False,
    generated: _dt.date | _dt.datetime | str | None = None,
) -> str:
    """The graph as one self-contained HTML page (no network needed to open it).

    Parameters:
        graph: nodes with ``label``, ``kind``, ``name``, ``aliases``, ``sources``,
            ``locators`` (events also ``date``, ``year``); edges with ``type``,
            ``weight``, ``role``, ``sources``, ``locators`` and, in the actor
            network, ``events`` (dicts with id, name, kind, date, year, place,
            sources, locators). Missing attributes are tolerated.
        title: the page heading.
        description: what is shown (projection, filters, time window); by default
            :func:`describe_graph` of ``graph.graph``. Node and edge counts and the
            generation date are appended.
        size_by: node attribute that sizes nodes (a measure the caller attached);
            ``None`` sizes by degree.
        measures: node attributes listed as measures in tooltips; by default every
            numeric attribute that is not data (``year``, ``size``, ...).
        labels: how many of the largest nodes get a visible label (all appear on
            hover, search and selection).
        layout, seed: see :func:`compute_layout`; ``positions`` overrides both.
        physics: let vis-network keep simulating forces after the first draw.
        generated: the date printed on the page; today (or ``$SOURCE_DATE_EPOCH``)
            when ``None``. Pass a fixed value for byte-identical output.

    Raises:
        RenderError: ``size_by`` names an attribute no node has.
    """
    nodes = sorted(graph, key=str)
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
    ranked = sorted(nodes, key=lambda n: (-score[n], str(n)))
    labelled = set(ranked[: max(labels, 0)])
    if measures is None:
        measure_names = _detect_measures(graph, nodes, size_by)
    else:
        measure_names = list(measures)
    pos = dict(positions) if positions is not None else compute_layout(graph, seed=seed, method=layout)

    groups: dict[str, _Group] = {}
    node_rows: list[dict[str, Any]] = []
    for n in nodes:
        data = graph.nodes[n]
        label = str(data.get("label") or "")
        kind = data.get("kind") or None
        key = f"{label}/{kind}" if kind else label or "node"
        g = groups.get(key)
        groups[key] = _Group(
            key,
            label,
            kind,
            _node_colour(label, kind),
            NODE_SHAPES.get(label, "dot"),
            (g.count if g else 0) + 1,
        )
        name = str(data.get("name") or n)
        row: dict[str, Any] = {"id": str(n), "group": key, "name": name}
        if n in labelled:
            row["label"] = name
        row["nodeLabel"] = label
        if kind:
            row["kind"] = kind
        aliases = [str(a) for a in _as_list(data.get("aliases"))]
        if aliases:
            row["aliases"] = aliases
        year = _year(data)
        if year is not None:
            row["year"] = year
        row["size"] = sizes[n]
        x, y = pos.get(n, (0.0, 0.0))
        row["x"], row["y"] = x, y
        shown = {m: _round(data.get(m)) for m in measure_names if _is_number(data.get(m))}
        if size_name == "degree":
            shown = {"degree": degree[n], **shown}
        if shown:
            row["measures"] = shown
        text = {f: str(data[f]) for f in _TEXT_FIELDS if data.get(f) not in (None, "")}
        if text:
            row["info"] = text
        row["citations"] = _citations(data)
        node_rows.append(row)

    edge_rows: list[dict[str, Any]] = []
    edge_types: dict[str, int] = {}
    event_table: dict[str, dict[str, Any]] = {}
    event_kinds: dict[str, int] = {}
    years: list[int] = [r["year"] for r in node_rows if "year" in r]
    default_type = _DEFAULT_EDGE_TYPE.get(str(graph.graph.get("projection")), "LINK")
    for i, (u, v, _key, data) in enumerate(sorted_edges(graph)):
        etype = str(data.get("type") or default_type)
        edge_types[etype] = edge_types.get(etype, 0) + 1
        weight = _num(data.get("weight"), 1.0)
        erow: dict[str, Any] = {"id": f"e{i}", "from": str(u), "to": str(v), "type": etype}
        role = data.get("role") or data.get("roles")
        if role:
            erow["role"] = "; ".join(str(r) for r in _as_list(role))
        if data.get("since"):
            erow["since"] = str(data["since"])
        erow["weight"] = _round(weight)
        erow["width"] = round(min(1.0 + 1.5 * math.log2(max(weight, 1.0)), 8.0), 2)
        year = _year(data)
        if year is not None:
            erow["year"] = year
            years.append(year)
        refs: list[str] = []
        for ev in _as_list(data.get("events")):
            if not isinstance(ev, Mapping):
                continue
            eid = str(ev.get("id") or f"{u}|{v}|{len(refs)}")
            if eid not in event_table:
                event_table[eid] = _event_row(graph, ev)
                if "year" in event_table[eid]:
                    years.append(event_table[eid]["year"])
                kind = event_table[eid].get("kind")
                if kind:
                    event_kinds[kind] = event_kinds.get(kind, 0) + 1
            refs.append(eid)
        if refs:
            erow["events"] = refs
        cites = _citations(data)
        for fact in _as_list(data.get("memberships")):
            if isinstance(fact, Mapping):
                cites += [c for c in _citations(fact) if c not in cites]
        if cites:
            erow["citations"] = cites
        edge_rows.append(erow)

    when = _generated(generated)
    counts = f"{len(node_rows):,} nodes, {len(edge_rows):,} edges"
    if description is None:
        description = describe_graph(graph)
    subtitle = " · ".join(p for p in (description.strip(), counts, f"generated {when}") if p)
    group_list = sorted(groups.values(), key=_group_order)
    year_span = [min(years), max(years)] if years else None
    large = len(node_rows) > _LARGE
    meta: dict[str, Any] = {
        "title": title,
        "subtitle": subtitle,
        "generated": when,
        "sizeBy": size_name,
        "years": year_span,
        "edgeStyles": {t: EDGE_STYLES.get(t, _FALLBACK_EDGE) for t in sorted(edge_types)},
        "large": large,
    }
    # Labels sized to stay readable when the whole layout is fitted to a window
    # about 1,000 px wide (the layout spans more on larger graphs).
    xs = [abs(c) for r in node_rows for c in (r["x"], r["y"])]
    font = int(min(max(14, 14 * 2 * max(xs, default=0) / 1000), 48))
    options = _vis_options(group_list, physics=physics, large=large, seed=seed, font=font)
    events = {k: event_table[k] for k in sorted(event_table)}
    payload = {
        "meta": meta,
        "options": options,
        "nodes": node_rows,
        "edges": edge_rows,
        "events": events,
    }
    legend = _legend_html(group_list, edge_types, event_kinds, year_span, size_name)
    return _fill_template(
        {
            "TITLE": html.escape(title),
            "SUBTITLE": html.escape(subtitle),
            "LEGEND": legend,
            "VERSION": html.escape(__version__),
            "VIS_CSS": _asset("vis-network.css"),
            "VIS_JS": _asset("vis-network.min.js"),
            "PAGE_CSS": _asset("graphtool.css"),
            "PAGE_JS": _asset("graphtool.js"),
            "DATA": _json_for_script(payload),
        }
    )


def write_html(graph: nx.Graph, path: str | os.PathLike[str], **options: Any) -> Path:
    """Render ``graph`` (see :func:`render_html`) and write it to ``path`` as UTF-8,
    whole or not at all (:func:`graphtool.files.write_file`: a full disk leaves no
    0-byte or partial page)."""
    from graphtool.files import write_file

    return write_file(path, render_html(graph, **options))


# ------------------------------------------------------------------------- helpers


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
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _num(v: Any, default: float = 0.0) -> float:
    return float(v) if _is_number(v) else default


def _round(v: Any) -> Any:
    if isinstance(v, float):
        return float(f"{v:.6g}")
    return v


def _as_list(v: Any) -> list[Any]:
    if v is None or v == "":
        return []
    if isinstance(v, str):
        return [s.strip() for s in v.split(";") if s.strip()]
    if isinstance(v, (list, tuple)):
        return list(v)
    return [v]


def _year(data: Mapping[str, Any]) -> int | None:
    y = data.get("year")
    if isinstance(y, (int, float)) and _is_number(y):
        return int(y)
    for key in ("date", "since"):
        d = data.get(key)
        if isinstance(d, str) and re.match(r"^\d{4}", d):
            return int(d[:4])
    return None


def _place(graph: nx.Graph, p: Any) -> str:
    if isinstance(p, Mapping):
        return str(p.get("name") or p.get("id") or "")
    if isinstance(p, (list, tuple)):
        return ", ".join(_place(graph, x) for x in p)
    if p in graph:
        return str(graph.nodes[p].get("name") or p)
    return str(p)


def _event_row(graph: nx.Graph, ev: Mapping[str, Any]) -> dict[str, Any]:
    """An event behind an edge, once per page however many edges it makes."""
    row: dict[str, Any] = {k: str(ev[k]) for k in ("name", "kind", "date") if ev.get(k)}
    year = _year(ev)
    if year is not None:
        row["year"] = year
    place = ev.get("place") or ev.get("places")
    if place:
        row["place"] = _place(graph, place)
    roles = ev.get("roles")
    if isinstance(roles, Mapping) and roles:
        row["roles"] = {str(n): [str(r) for r in _as_list(rs)] for n, rs in sorted(roles.items())}
    cites = _citations(ev)
    for p in _as_list(ev.get("participants")):
        if isinstance(p, Mapping):
            cites += [c for c in _citations(p) if c not in cites]
    row["citations"] = cites
    return row


def _citations(data: Mapping[str, Any]) -> list[list[str]]:
    """``[[document, locator], ...]`` from the parallel ``sources``/``locators`` lists."""
    sources = data.get("sources")
    if not sources:
        return []
    if not isinstance(sources, list):
        sources = _as_list(sources)
    locators = data.get("locators")
    if not isinstance(locators, list):
        locators = _as_list(locators)
    n = len(locators)
    return [[str(s), str(locators[i]) if i < n else ""] for i, s in enumerate(sources)]


def _node_colour(label: str, kind: str | None) -> str:
    by_kind = NODE_COLOURS.get(label)
    if by_kind is not None:
        if kind in by_kind:
            return by_kind[kind]
        if None in by_kind:
            return by_kind[None]
    key = f"{label}/{kind}"
    return _FALLBACK_COLOURS[sum(map(ord, key)) % len(_FALLBACK_COLOURS)]


def _group_order(g: _Group) -> tuple[int, int, str]:
    labels = list(NODE_SHAPES)
    li = labels.index(g.label) if g.label in labels else len(labels)
    kinds = list(NODE_COLOURS.get(g.label, {}))
    ki = kinds.index(g.kind) if g.kind in kinds else len(kinds)
    return (li, ki, g.key)


def _darker(colour: str, f: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * f):02x}{int(g * f):02x}{int(b * f):02x}"


def _vis_options(groups: Sequence[_Group], *, physics: bool, large: bool, seed: int, font: int = 14) -> dict:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "physics": (
            {
                "enabled": True,
                "solver": "barnesHut",
                "barnesHut": {"gravitationalConstant": -3000, "springLength": 120},
                "stabilization": {"enabled": False},
            }
            if physics
            else {"enabled": False}
        ),
        "interaction": {
            "hover": True,
            "hoverConnectedEdges": not large,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": font, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2,
            "color": {"inherit": False, "opacity": 0.75},
        },
        "groups": {
            g.key: {
                "shape": g.shape,
                "color": {
                    "background": g.colour,
                    "border": _darker(g.colour),
                    "highlight": {"background": g.colour, "border": "#000000"},
                    "hover": {"background": g.colour, "border": "#000000"},
                },
            }
            for g in groups
        },
    }


_SWATCH = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6"/>',
}


def _node_swatch(g: _Group) -> str:
    shape = _SWATCH.get(g.shape, _SWATCH["dot"])
    return (
        f'<svg class="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
        f'<g fill="{g.colour}" stroke="{_darker(g.colour)}">{shape}</g></svg>'
    )


def _edge_swatch(style: Mapping[str, Any]) -> str:
    dashes = style.get("dashes")
    dash = f' stroke-dasharray="{",".join(str(d // 2 or 1) for d in dashes)}"' if dashes else ""
    return (
        f'<svg class="swatch" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true">'
        f'<line x1="1" y1="8" x2="23" y2="8" stroke="{style["color"]}" stroke-width="2.5"{dash}/>'
        "</svg>"
    )


def _checkbox(kind: str, value: str, swatch: str, text: str, count: int) -> str:
    v = html.escape(value)
    return (
        f'<label class="legend-item"><input type="checkbox" checked data-filter="{kind}" '
        f'value="{v}">{swatch}<span class="legend-text">{html.escape(text)}</span>'
        f'<span class="count">{count:,}</span></label>'
    )


def _legend_html(
    groups: Sequence[_Group],
    edge_types: Mapping[str, int],
    event_kinds: Mapping[str, int],
    years: Sequence[int] | None,
    size_name: str,
) -> str:
    parts = ['<section class="legend" id="legend-nodes"><h2>Nodes</h2>']
    for g in groups:
        text = f"{g.label} · {g.kind}" if g.kind and g.label else (g.kind or g.label or "node")
        parts.append(_checkbox("group", g.key, _node_swatch(g), text, g.count))
    parts.append(f'<p class="hint">Size: {html.escape(size_name)}</p></section>')
    if edge_types:
        parts.append('<section class="legend" id="legend-edges"><h2>Links</h2>')
        for t in sorted(edge_types):
            style = EDGE_STYLES.get(t, _FALLBACK_EDGE)
            text = t.replace("_", " ").lower()
            parts.append(_checkbox("type", t, _edge_swatch(style), text, edge_types[t]))
        parts.append('<p class="hint">Width: weight</p></section>')
    if event_kinds:
        parts.append('<section class="legend" id="legend-events"><h2>Event kinds</h2>')
        for k in sorted(event_kinds):
            colour = NODE_COLOURS["Event"].get(k, "#c7c7c7")
            sw = (
                '<svg class="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
                f'<rect x="3" y="3" width="10" height="10" fill="{colour}"/></svg>'
            )
            parts.append(_checkbox("eventKind", k, sw, k, event_kinds[k]))
        parts.append("</section>")
    if years:
        lo, hi = years
        parts.append(
            '<section class="legend" id="legend-years"><h2>Years</h2>'
            f'<div class="years"><input type="number" id="year-from" min="{lo}" max="{hi}" '
            f'value="{lo}" aria-label="from year"> – <input type="number" id="year-to" '
            f'min="{lo}" max="{hi}" value="{hi}" aria-label="to year"></div></section>'
        )
    return "\n".join(parts)


def _generated(value: _dt.date | _dt.datetime | str | None) -> str:
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
        return _dt.date.today().isoformat()
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _json_for_script(payload: Any) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # Inside <script> only "</" (and "<!--") can end or confuse the element; "<" only
    # ever appears inside JSON strings, where the escape keeps the value identical.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_ASSETS: dict[str, str] = {}


#: The vis-network release pyvis ships, inlined into every page.
VIS_VERSION = "9.1.2"


_PYVIS_REINSTALL = "pip install --force-reinstall 'pyvis>=0.3.2,<0.4'"


def _pyvis_lib() -> Path:
    """Return the ``lib`` folder of the installed pyvis package, without importing it.

    ``importlib.resources.files("pyvis")`` would import ``pyvis/__init__`` and with it
    IPython, jinja2 and jsonpickle (a few tenths of a second) only to find a folder;
    ``find_spec`` of a top-level package imports nothing.

    Raises:
        RenderError: pyvis is not installed (or is not a regular package).
    """
    try:
        spec = importlib.util.find_spec("pyvis")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise RenderError(
            "the pyvis package, which provides the page's network library (vis-network "
            f"{VIS_VERSION}), is not installed; reinstall graphtool ({_PYVIS_REINSTALL})"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def _asset(name: str) -> str:
    """Return the text of one asset the page inlines, cached after the first read.

    ``vis-network.*`` files come from pyvis (see :func:`_pyvis_lib`); the rest from
    ``graphtool/visual/assets``.

    Raises:
        RenderError: the file is missing, or contains a closing tag that would end
            the ``<script>``/``<style>`` element it is inlined into.
    """
    if name not in _ASSETS:
        if name.startswith("vis-network"):
            # The page's network library is the copy inside the pyvis package.
            vis = _pyvis_lib() / f"vis-{VIS_VERSION}" / name
            if not vis.is_file():
                raise RenderError(
                    f"pyvis's vis-network {VIS_VERSION} ({name}) is not installed; "
                    f"reinstall graphtool ({_PYVIS_REINSTALL})"
                )
            text = vis.read_text(encoding="utf-8")
        else:
            text = resources.files("graphtool.visual").joinpath("assets").joinpath(name).read_text("utf-8")
        closing = {".js": "</script", ".css": "</style"}.get(Path(name).suffix)
        if closing and closing in text.lower():
            raise RenderError(f"asset {name} contains a closing tag and cannot be inlined")
        _ASSETS[name] = text
    return _ASSETS[name]


_TOKEN = re.compile(r"@@([A-Z_]+)@@")


def _fill_template(values: Mapping[str, str]) -> str:
    template = _asset("page.html")
    # One pass: inserted text is never rescanned for tokens.
    replace: Callable[[re.Match[str]], str] = lambda m: values[m.group(1)]  # noqa: E731
    return _TOKEN.sub(replace, template)
