"""Render a networkx graph as one self-contained, interactive HTML page.

Pure: a graph goes in, HTML comes out; nothing here touches the database or the
network, and nothing here decides which nodes are shown (the caller hands the page
the graph to draw: :func:`graphtool.visual.view.scope_graph`). Positions come from
:mod:`graphtool.visual.layout`, the data block from :mod:`graphtool.visual.pagedata`,
the colours and legend from :mod:`graphtool.visual.style`.

Two renderers draw the same page (same panel, legend, search, tooltips, time window,
labels; ``assets/graphtool.js`` is shared and talks to one of two small drawing
modules):

- ``vis``: vis-network as the pyvis package ships it (pyvis's ``lib/vis-9.1.2``), on
  a 2D canvas; best below a few thousand nodes;
- ``webgl``: sigma.js and graphology, shipped in ``assets/`` with their licences,
  drawing with WebGL; for large networks (see :data:`WEBGL_FROM`).

``renderer="auto"`` picks by size. Every library is inlined, so the page opens with
no network at all. pyvis's ``Network.add_node``/``add_edge`` are not used: they check
every new edge against every earlier one (quadratic).

What the page shows: nodes coloured by kind and shaped by label, sized by a measure,
the most central labelled where their labels fit; edges styled by relationship type;
a legend that doubles as filters (node kind, relationship type, event kind); a time
window with a slider, play/pause and a width (years or months), in which nodes and
links fade in and out; search by name or alias; hover tooltips and a details panel
with each node's aliases, measures and citations and each edge's events with their
citations; click to highlight a node's neighbourhood.
"""

from __future__ import annotations

import datetime as _dt
import html
import importlib.util
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from graphtool import __version__
from graphtool.bulk import collector_paused
from graphtool.errors import RenderError
from graphtool.visual.layout import compute_layout
from graphtool.visual.pagedata import build_model
from graphtool.visual.style import EDGE_STYLES, NODE_COLOURS, NODE_SHAPES, Group, darker, legend_html

__all__ = [
    "EDGE_STYLES",
    "NODE_COLOURS",
    "NODE_SHAPES",
    "RENDERERS",
    "WEBGL_FROM",
    "choose_renderer",
    "describe_graph",
    "render_html",
    "write_html",
]

#: The choices of ``render_html(renderer=...)`` and ``graphtool render --renderer``.
RENDERERS = ("auto", "vis", "webgl")

#: ``renderer="auto"`` draws with WebGL from this many nodes (or three times as many
#: links) up. Measured in headless Chromium (bench/render.py, bench/README.md): below
#: it vis-network answers a filter or a focus about as fast or faster, above it its
#: redraws pass 100 ms and grow with the graph while the WebGL page's stay flat.
WEBGL_FROM = 2000

#: Above this many nodes vis-network hides edges while dragging/zooming, to stay fluid.
_LARGE = 1000

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


def choose_renderer(nodes: int, edges: int, renderer: str = "auto") -> str:
    """``"vis"`` or ``"webgl"``: ``renderer`` itself, or by size for ``"auto"``.

    >>> choose_renderer(300, 900), choose_renderer(50_000, 150_000), choose_renderer(10, 5, "webgl")
    ('vis', 'webgl', 'webgl')
    """
    if renderer not in RENDERERS:
        raise RenderError(f"unknown renderer '{renderer}'; use {', '.join(RENDERERS)}.")
    if renderer != "auto":
        return renderer
    return "webgl" if nodes >= WEBGL_FROM or edges >= 3 * WEBGL_FROM else "vis"


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
    renderer: str = "auto",
) -> str:
    """The graph as one self-contained HTML page (no network needed to open it).

    Parameters:
        graph: nodes with ``label``, ``kind``, ``name``, ``aliases``, ``sources``,
            ``locators`` (events also ``date``, ``year``); edges with ``type``,
            ``weight``, ``role``, ``since``, ``sources``, ``locators`` and, in the
            actor network, ``events`` (dicts with id, name, kind, date, year, place,
            sources, locators). Missing attributes are tolerated.
        title: the page heading.
        description: what is shown (projection, filters, time window); by default
            :func:`describe_graph` of ``graph.graph``. Node and edge counts and the
            generation date are appended.
        size_by: node attribute that sizes nodes (a measure the caller attached);
            ``None`` sizes by degree.
        measures: node attributes listed as measures in tooltips; by default every
            numeric attribute that is not data (``year``, ``size``, ...).
        labels: at most this many labels at a time: the most central nodes in view
            whose labels fit without overlapping (the rest show on hover, zoom,
            search and selection).
        layout, seed: see :func:`compute_layout`; ``positions`` overrides both.
        physics: let vis-network keep simulating forces after the first draw (the
            ``vis`` renderer only).
        generated: the date printed on the page; today (or ``$SOURCE_DATE_EPOCH``)
            when ``None``. Pass a fixed value for byte-identical output.
        renderer: ``"vis"``, ``"webgl"`` or ``"auto"`` (:func:`choose_renderer`).

    Raises:
        RenderError: ``size_by`` names an attribute no node has; an unknown renderer.
    """
    # The model and its JSON are millions of small objects at 100,000 nodes (bulk.py).
    with collector_paused():
        engine = choose_renderer(graph.number_of_nodes(), graph.number_of_edges(), renderer)
        pos = dict(positions) if positions is not None else compute_layout(graph, seed=seed, method=layout)
        model = build_model(graph, size_by=size_by, measures=measures, positions=pos, labels=labels)
        when = _generated(generated)
        counts = f"{model.nodes:,} nodes, {model.edges:,} edges"
        if description is None:
            description = describe_graph(graph)
        subtitle = " · ".join(p for p in (description.strip(), counts, f"generated {when}") if p)
        data = model.data
        data["meta"].update(title=title, subtitle=subtitle, generated=when, renderer=engine)
        if engine == "vis":
            large = model.nodes > _LARGE
            data["options"] = _vis_options(model.groups, physics=physics, large=large, seed=seed)
            libraries = ["vis-network.min.js"]
            engine_css = _asset("vis-network.css")
        else:
            libraries = ["graphology.umd.min.js", "sigma.min.js"]
            engine_css = ""
        legend = legend_html(
            model.groups,
            model.edge_types,
            model.event_kinds,
            model.years,
            model.size_name,
            months=model.months,
        )
        return _fill_template(
            {
                "TITLE": html.escape(title),
                "SUBTITLE": html.escape(subtitle),
                "LEGEND": legend,
                "VERSION": html.escape(__version__),
                "RENDERER": engine,
                "ENGINE_CSS": engine_css,
                "ENGINE_JS": "\n".join(f"<script>{_asset(name)}</script>" for name in libraries),
                "PAGE_CSS": _asset("graphtool.css"),
                "DRAW_JS": _asset(f"draw-{engine}.js"),
                "PAGE_JS": _asset("graphtool.js"),
                "DATA": _json_for_script(data),
            }
        )


def write_html(graph: nx.Graph, path: str | os.PathLike[str], **options: Any) -> Path:
    """Render ``graph`` (see :func:`render_html`) and write it to ``path`` as UTF-8,
    whole or not at all (:func:`graphtool.files.write_file`: a full disk leaves no
    0-byte or partial page)."""
    from graphtool.files import write_file

    return write_file(path, render_html(graph, **options))


def _vis_options(groups: Sequence[Group], *, physics: bool, large: bool, seed: int) -> dict[str, Any]:
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
        "nodes": {"borderWidth": 1},
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
                    "border": darker(g.colour),
                    "highlight": {"background": g.colour, "border": "#000000"},
                    "hover": {"background": g.colour, "border": "#000000"},
                },
            }
            for g in groups
        },
    }


# ------------------------------------------------------------------------- helpers


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
    ``graphtool/visual/assets`` (sigma.js and graphology as their npm packages ship
    them; a trailing ``sourceMappingURL`` comment is dropped, as the map is not shipped).

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
            text = _SOURCE_MAP.sub("", text)
        closing = {".js": "</script", ".css": "</style"}.get(Path(name).suffix)
        if closing and closing in text.lower():
            raise RenderError(f"asset {name} contains a closing tag and cannot be inlined")
        _ASSETS[name] = text
    return _ASSETS[name]


_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")
_TOKEN = re.compile(r"@@([A-Z_]+)@@")


def _fill_template(values: Mapping[str, str]) -> str:
    template = _asset("page.html")
    # One pass: inserted text is never rescanned for tokens.
    replace: Callable[[re.Match[str]], str] = lambda m: values[m.group(1)]  # noqa: E731
    return _TOKEN.sub(replace, template)
