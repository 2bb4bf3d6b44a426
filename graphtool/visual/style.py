"""The look of a page, shared by both renderers: colours, shapes, line styles, legend.

A kind keeps its colour and a relationship type its line from page to page, whichever
renderer draws it (:mod:`graphtool.visual.page`). Pure: names in, colours and HTML out.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "EDGE_STYLES",
    "FALLBACK_EDGE",
    "NODE_COLOURS",
    "NODE_SHAPES",
    "Group",
    "darker",
    "edge_style",
    "group_order",
    "legend_html",
    "node_colour",
]

#: Node shape per label (vis-network's names; the WebGL page draws the same shapes).
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

#: Line style per relationship type: colour and dash pattern in pixels (False: solid).
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
FALLBACK_EDGE: dict[str, Any] = {"color": "#999999", "dashes": False}


def edge_style(edge_type: str) -> dict[str, Any]:
    """The colour and dashes of a relationship type (grey and solid when unknown)."""
    return EDGE_STYLES.get(edge_type, FALLBACK_EDGE)


@dataclass(frozen=True)
class Group:
    """One entry of the node legend: a label and kind, its colour, shape and count."""

    key: str
    label: str
    kind: str | None
    colour: str
    shape: str
    count: int


def node_colour(label: str, kind: str | None) -> str:
    """The fill of a node of this label and kind; unknown pairs get a stable fallback.

    >>> node_colour("Actor", "state"), node_colour("Topic", None)
    ('#1f77b4', '#e6550d')
    """
    by_kind = NODE_COLOURS.get(label)
    if by_kind is not None:
        if kind in by_kind:
            return by_kind[kind]
        if None in by_kind:
            return by_kind[None]
    key = f"{label}/{kind}"
    return _FALLBACK_COLOURS[sum(map(ord, key)) % len(_FALLBACK_COLOURS)]


def group_order(g: Group) -> tuple[int, int, str]:
    """Legend order: labels as in :data:`NODE_SHAPES`, kinds as in :data:`NODE_COLOURS`."""
    labels = list(NODE_SHAPES)
    li = labels.index(g.label) if g.label in labels else len(labels)
    kinds = list(NODE_COLOURS.get(g.label, {}))
    ki = kinds.index(g.kind) if g.kind in kinds else len(kinds)
    return (li, ki, g.key)


def darker(colour: str, f: float = 0.7) -> str:
    """``colour`` (``#rrggbb``) darkened, for borders.

    >>> darker("#ff7f0e")
    '#b25809'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * f):02x}{int(g * f):02x}{int(b * f):02x}"


_SWATCH = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6"/>',
}


def _node_swatch(g: Group) -> str:
    shape = _SWATCH.get(g.shape, _SWATCH["dot"])
    return (
        f'<svg class="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
        f'<g fill="{g.colour}" stroke="{darker(g.colour)}">{shape}</g></svg>'
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


def legend_html(
    groups: Sequence[Group],
    edge_types: Mapping[str, int],
    event_kinds: Mapping[str, int],
    years: Sequence[int] | None,
    size_name: str,
    *,
    months: bool = False,
) -> str:
    """The side panel's legend: node groups, relationship types and event kinds as
    filter checkboxes, and the time window (two bounds, a slider, play/pause and the
    window width; the page script fills in the slider's range for the unit shown)."""
    parts = ['<section class="legend" id="legend-nodes"><h2>Nodes</h2>']
    for g in groups:
        text = f"{g.label} · {g.kind}" if g.kind and g.label else (g.kind or g.label or "node")
        parts.append(_checkbox("group", g.key, _node_swatch(g), text, g.count))
    parts.append(f'<p class="hint">Size: {html.escape(size_name)}</p></section>')
    if edge_types:
        parts.append('<section class="legend" id="legend-edges"><h2>Links</h2>')
        for t in sorted(edge_types):
            text = t.replace("_", " ").lower()
            parts.append(_checkbox("type", t, _edge_swatch(edge_style(t)), text, edge_types[t]))
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
        unit = (
            '<select id="time-unit" aria-label="time step">'
            '<option value="year" selected>years</option><option value="month">months</option></select>'
            if months
            else ""
        )
        parts.append(
            '<section class="legend" id="legend-years"><h2>Time</h2>'
            f'<div class="years"><input type="number" id="year-from" min="{lo}" max="{hi}" '
            f'value="{lo}" aria-label="from"> – <input type="number" id="year-to" '
            f'min="{lo}" max="{hi}" value="{hi}" aria-label="to">{unit}</div>'
            f'<input type="range" id="time-slider" min="{lo}" max="{hi}" step="1" value="{lo}" '
            'aria-label="start of the time window">'
            '<div class="time-controls"><button type="button" id="time-play" aria-pressed="false">'
            "&#9654; Play</button>"
            f'<label>window <input type="number" id="time-width" min="1" max="{hi - lo + 1}" '
            f'value="{hi - lo + 1}" aria-label="window width"> <span id="time-width-unit">years</span>'
            "</label></div></section>"
        )
    return "\n".join(parts)
