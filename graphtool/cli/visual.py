"""Commands that draw or hand on the network: render (offline HTML, PNG) and export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .analysis import MEASURE_NAMES, PROJECTIONS, filter_options
from .base import State, emit, pass_state

#: graphtool.export.FORMATS (kept here so --help does not import networkx).
_FORMATS = ("graphml", "gexf", "json", "csv", "csv-raw")


def graph_options(f: Any) -> Any:
    """The network and filters of the analysis commands, plus --focus, --depth and
    --max-nodes."""
    scope = [
        click.option(
            "--network",
            "--projection",
            "projection",
            type=click.Choice(PROJECTIONS),
            default="actors",
            show_default=True,
            help="Which network: actors linked by shared events, actors and events, "
            "memberships, or every node and relationship.",
        ),
        click.option(
            "--focus", metavar="NAME", help="Only the ego network of this node (id, name or alias)."
        ),
        click.option(
            "--depth",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            help="Links from --focus kept.",
        ),
        click.option(
            "--max-nodes",
            type=click.IntRange(min=1),
            metavar="N",
            help="Keep the N most central nodes (by --size-by / the first --measure; "
            "without --measure, by degree, which is not added to the nodes).",
        ),
    ]
    f = filter_options(f)
    for option in reversed(scope):
        f = option(f)
    return f


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("network.html"),
    show_default=True,
    help="The HTML file to write.",
)
@graph_options
@click.option(
    "--size-by",
    type=click.Choice(MEASURE_NAMES),
    default="degree",
    show_default=True,
    help="Node size: a centrality measure of the whole network (before --focus/--max-nodes).",
)
@click.option(
    "--labels",
    type=click.IntRange(min=0),
    default=25,
    show_default=True,
    help="At most this many labels at a time: the most central nodes in view whose labels fit "
    "(the rest show on hover, zoom and search).",
)
@click.option("--title", help="Page heading [default: the projection].")
@click.option(
    "--layout",
    type=click.Choice(("auto", "igraph", "spring", "circle")),
    default="auto",
    show_default=True,
    help="Layout computed before writing (seeded).",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Layout seed.")
@click.option(
    "--physics/--no-physics",
    default=False,
    show_default=True,
    help="Keep simulating forces in the browser after the first drawing (vis renderer only).",
)
@click.option(
    "--renderer",
    type=click.Choice(("auto", "vis", "webgl")),
    default="auto",
    show_default=True,
    help="vis-network (2D canvas) or WebGL (sigma.js, for large networks); auto picks WebGL "
    "from 2,000 nodes or 6,000 links.",
)
@click.option(
    "--png",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.png",
    help="Also save a picture, drawn by headless Chromium (skipped if not installed).",
)
@pass_state
def render(
    state: State,
    output: Path,
    projection: str,
    focus: str | None,
    depth: int,
    max_nodes: int | None,
    size_by: str,
    labels: int,
    title: str | None,
    layout: str,
    seed: int,
    physics: bool,
    renderer: str,
    png: Path | None,
    **filters: Any,
) -> None:
    """Draw the network as one self-contained HTML page that opens offline.

    Nodes are coloured by kind and sized by --size-by; hover shows citations, the
    legend filters by kind, relationship and event kind, a time slider (play/pause,
    window width, years or months) shows the network change, search finds names and
    aliases, clicking highlights a neighbourhood. Large networks draw with WebGL.
    Same filters as the analysis commands (--from/--to fix the time range), plus
    --focus/--depth and --max-nodes.

    \b
    Example:
      graphtool render -o network.html --size-by pagerank
      graphtool render --level state --from 2015 --to 2020 -o states.html --png states.png
      graphtool render --focus "Kyrgyzstan" --depth 2 -o kg.html
      graphtool render --network raw --renderer webgl -o everything.html
    """
    from ..visual.page import choose_renderer, write_html
    from ..visual.view import network_view

    G, description = network_view(
        state.db(), projection, measures=(size_by,), focus=focus, depth=depth,
        max_nodes=max_nodes, notify=state.note, **filters,
    )
    if G.number_of_nodes() == 0:
        state.note("Warning: nothing matches these filters; the page will be empty.")
    engine = choose_renderer(G.number_of_nodes(), G.number_of_edges(), renderer)
    path = write_html(
        G,
        output,
        title=title or _default_title(projection, filters["level"]),
        description=description,
        size_by=size_by,
        labels=labels,
        layout=layout,
        seed=seed,
        physics=physics,
        renderer=engine,
    )
    size = path.stat().st_size / 1e6
    state.note(
        f"Wrote {path}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} links "
        f"({size:.1f} MB, {'WebGL' if engine == 'webgl' else 'vis-network'})."
    )
    if png is not None:
        _screenshot(state, path, png)


def _default_title(projection: str, level: str) -> str:
    if projection == "actors":
        return "State network" if level == "state" else "Actor network"
    return {"actor-event": "Actors and events", "membership": "Memberships", "raw": "Graph"}.get(
        projection, "Network"
    )


def _screenshot(state: State, page: Path, png: Path) -> None:
    from ..errors import RenderError
    from ..files import write_file
    from ..visual.browser import BrowserNotFound, load_page

    try:
        report = load_page(page, screenshot=True)
    except BrowserNotFound as exc:
        state.note(f"Skipped --png: {exc}")
        return
    for problem in report.errors:
        state.note(f"Warning: the page reported: {problem}")
    if report.png is None:
        raise RenderError(f"Chromium did not draw {page}; no picture written")
    write_file(png, report.png)
    state.note(f"Wrote {png} (drawn in {report.draw_seconds:.1f} s).")


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    required=True,
    help="graphml (Gephi, Cytoscape, yEd), gexf (Gephi), json (node-link), csv (nodes and edges, and the "
    "events behind the links; cells a spreadsheet would run as formulas start with '), csv-raw (csv with "
    "cells as they are).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Where to write [default: stdout]. csv needs FILE.csv (writes FILE-nodes.csv, "
    "FILE-edges.csv and, for the actor network, FILE-events.csv) or a folder (nodes.csv, edges.csv, "
    "events.csv). A file is written whole or not at all.",
)
@graph_options
@click.option(
    "-m",
    "--measure",
    "measures",
    multiple=True,
    type=click.Choice(MEASURE_NAMES),
    help="Add a centrality measure as a node attribute. Repeatable.",
)
@pass_state
def export(
    state: State,
    fmt: str,
    output: Path | None,
    projection: str,
    focus: str | None,
    depth: int,
    max_nodes: int | None,
    measures: tuple[str, ...],
    **filters: Any,
) -> None:
    """Write the network for Gephi, Cytoscape or pandas, with every attribute and citation.

    Lists (aliases, sources, locators) are joined with ';' as in the import files.
    A link of the actor network carries the ids of the events behind it (events,
    eventCount); each event's details are written once: json's top-level 'events',
    graphml's graph attribute 'events', csv's events file (gexf has ids only).

    \b
    Example:
      graphtool export --format gexf -o network.gexf --measure pagerank
      graphtool export --format csv -o network.csv --level state
      graphtool export --format json | jq '.nodes | length'
    """
    from ..visual.export import export_graph
    from ..visual.view import network_view

    G, _ = network_view(
        state.db(), projection, measures=measures,
        focus=focus, depth=depth, max_nodes=max_nodes, notify=state.note, **filters,
    )
    result = export_graph(G, fmt, output)
    if isinstance(result, str):
        emit(result, nl=False)
        return
    state.note(
        f"Wrote {', '.join(map(str, result))}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} links."
    )


commands = [render, export]
