"""Commands that move data: load, validate, stats."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .base import State, emit, pass_state, stderr_is_tty

if TYPE_CHECKING:
    from ..store.db import GraphDB
    from ..store.readers import ReadOptions

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _default_paths(paths: tuple[Path, ...]) -> list[Path]:
    from ..paths import bundled_import_dir

    return list(paths) or [bundled_import_dir()]


_FORMATS = ("auto", "graphtool", "edges", "graphml", "gexf", "gml", "table")


def _pairs(option: str, values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        key, sep, value = v.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise click.BadParameter(f"'{v}' is not of the form NAME=VALUE", param_hint=option)
        out[key.strip()] = value.strip()
    return out


_READING = [
    click.option("--format", "fmt", type=click.Choice(_FORMATS), default="auto", show_default=True,
                 help="The files' format: graphtool's import folders, edge and node lists (CSV/TSV), "
                      "GraphML/GEXF/GML, or a table's mapping file (.toml); auto: from the names."),
    click.option("--directed", is_flag=True, help="Edge lists: ties are directed (default undirected)."),
    click.option("--map", "columns", multiple=True, metavar="FIELD=COLUMN",
                 help="Edge lists, GraphML/GEXF/GML: read FIELD (source, target, weight, type, date, id, "
                      "name, kind, class, ...) from this column or attribute."),
    click.option("--label", "labels", multiple=True, metavar="VALUE=LABEL",
                 help="Node lists, GraphML/GEXF/GML: a value of the class column or attribute means "
                      "this graphtool label (0=Actor)."),
    click.option("--kind", metavar="KIND",
                 help="Kind of nodes the data gives none [default: person, other]."),
    click.option("--type", "rel_type", metavar="TYPE",
                 help="Relationship type of edges the data gives none."),
]


def _reading(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options that say how to read files (load and validate share them)."""
    for option in reversed(_READING):
        f = option(f)
    return f


def _read_options(dataset: str, directed: bool, columns: tuple[str, ...], labels: tuple[str, ...],
                  kind: str | None, rel_type: str | None) -> ReadOptions:
    from ..store.readers import ReadOptions

    return ReadOptions(dataset, directed=directed, columns=_pairs("--map", columns),
                       labels=_pairs("--label", labels), kind=kind, rel_type=rel_type)


@click.command()
@_PATHS
@click.option("--dataset", "dataset", metavar="NAME",
              help="The dataset's name [default: folder or file name; 'bundled'].")
@click.option("--replace", is_flag=True, help="Reload a dataset already loaded under that name, in place.")
@_reading
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100000),
              help="Rows per write transaction.")
@pass_state
def load(state: State, paths: tuple[Path, ...], dataset: str | None, replace: bool, fmt: str,
         directed: bool, columns: tuple[str, ...], labels: tuple[str, ...], kind: str | None,
         rel_type: str | None, batch_size: int) -> None:
    """Load a dataset (actors, organisations, events, relations) into the graph.

    PATHS are graphtool import folders (read recursively) or CSV files, edge and
    node lists (CSV/TSV with source,target[,weight][,type][,date] columns),
    GraphML, GEXF or GML files, or mapping files (.toml) of tables of events
    (CSV, TSV, XLSX); with none, the bundled dataset. Every file is checked
    before anything is written; problems are listed as FILE line N: REASON and
    nothing is loaded. The files
    load as one dataset (--dataset NAME), side by side with the others:
    'graphtool datasets' lists them, 'graphtool drop NAME' removes one. Loading
    the same files again changes nothing; --replace reloads changed files.

    \b
    Example:
      graphtool load
      graphtool load my-data/ --dataset mine
      graphtool load karate.csv --map weight=strength
      graphtool load davis.gexf --map class=bipartite --label 0=Actor --label 1=Event
      graphtool load exercises.toml
    """
    from ..store.load import load_paths

    options = _read_options("data", directed, columns, labels, kind, rel_type)
    db: GraphDB = state.db()
    bar = None
    if stderr_is_tty() and not state.quiet:
        bar = click.progressbar(length=1, label="Loading", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

    try:
        summary = load_paths(db, _default_paths(paths), dataset=dataset, replace=replace, format=fmt,
                             options=options, batch_size=batch_size, progress=progress, notify=state.note)
    finally:
        if bar is not None:
            bar.render_finish()
    for line in summary.warnings():
        state.note(f"Warning: {line}")
    state.note(summary.describe())


@click.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON array of datasets.")
@pass_state
def datasets(state: State, as_json: bool) -> None:
    """List the datasets in the graph: what each holds, its documents and files, and
    when it was loaded.

    \b
    Example:
      graphtool datasets
    """
    from ..output import format_rows
    from ..store.datasets import list_datasets

    rows = [
        {"dataset": d.name, "status": d.status, "nodes": d.nodes, "relationships": d.relationships,
         "sources": d.sources, "files": d.files, "loaded": d.loaded_at}
        for d in list_datasets(state.db())
    ]
    columns = ["dataset", "status", "nodes", "relationships", "sources", "files", "loaded"]
    if as_json:
        emit(format_rows(rows, columns, "json"))
    elif rows:
        emit(format_rows(rows, columns, "table"))
    else:
        state.note("The graph holds no datasets; 'graphtool load' loads the bundled one.")


@click.command()
@click.argument("name")
@pass_state
def drop(state: State, name: str) -> None:
    """Remove one dataset's facts from the graph.

    Facts another dataset also states stay, with that dataset's claims and
    citations; nothing else changes. A dataset whose nodes other datasets'
    relationships need cannot be dropped first (the message names them).

    \b
    Example:
      graphtool drop mine
    """
    from ..store.load import drop_paths_dataset

    counts = drop_paths_dataset(state.db(), name, notify=state.note)
    state.note(
        f"Dropped dataset '{name}': {counts['nodes_deleted']} nodes and "
        f"{counts['relationships_deleted']} relationships removed; {counts['nodes_kept']} nodes and "
        f"{counts['relationships_kept']} relationships stay, stated by other datasets."
    )


@click.command()
@_PATHS
@_reading
@click.option("--json", "as_json", is_flag=True, help="Counts as JSON on stdout.")
def validate(paths: tuple[Path, ...], fmt: str, directed: bool, columns: tuple[str, ...],
             labels: tuple[str, ...], kind: str | None, rel_type: str | None, as_json: bool) -> None:
    """Check import files without a database and print what they hold.

    Takes the files and reading options of 'graphtool load'. Reports every
    problem as FILE line N: REASON (exit 1); otherwise prints counts by label,
    label and kind, and relationship type. With no graph to ask, ids and names
    the files use but do not define are not looked up.

    \b
    Example:
      graphtool validate import/
      graphtool validate davis.gexf --map class=bipartite --label 0=Actor --label 1=Event
    """
    from ..output import format_counts
    from ..store.readers import read_paths

    # No dataset name: it only names new nodes, and validate counts them.
    options = _read_options("data", directed, columns, labels, kind, rel_type)
    dataset = read_paths(_default_paths(paths), format=fmt, options=options)
    emit(format_counts(dataset.counts(), "json" if as_json else "table"))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Counts as JSON.")
@click.option("--kinds", is_flag=True, help="Also count nodes by label and kind.")
@pass_state
def stats(state: State, as_json: bool, kinds: bool) -> None:
    """Count the graph's nodes by label and relationships by type.

    \b
    Example:
      graphtool stats --kinds
    """
    from ..output import format_counts
    from ..store.load import kind_counts, node_counts, relationship_counts

    db = state.db()
    counts = {"nodes": node_counts(db), "relationships": relationship_counts(db)}
    if kinds:
        counts["kinds"] = kind_counts(db)
    emit(format_counts(counts, "json" if as_json else "table"))


commands = [load, datasets, drop, validate, stats]
