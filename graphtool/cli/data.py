"""Commands that move data: load, validate, stats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .base import State, emit, pass_state, stderr_is_tty

if TYPE_CHECKING:
    from ..store.db import GraphDB

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _default_paths(paths: tuple[Path, ...]) -> list[Path]:
    from ..paths import bundled_import_dir

    return list(paths) or [bundled_import_dir()]


@click.command()
@_PATHS
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100000),
              help="Rows per write transaction.")
@pass_state
def load(state: State, paths: tuple[Path, ...], batch_size: int) -> None:
    """Load actors, organisations, events and relations into the graph.

    PATHS are import folders (read recursively) or CSV files; with none, the
    bundled dataset. Every file is validated before anything is written; problems
    are listed as FILE line N: REASON and nothing is loaded. Loading the same data
    again changes nothing.

    \b
    Example:
      graphtool load
      graphtool load my-data/ extra/events-2021.csv
    """
    from ..store.load import load_paths

    db: GraphDB = state.db()
    bar = None
    if stderr_is_tty() and not state.quiet:
        bar = click.progressbar(length=1, label="Loading", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.length = total
            bar.update(done - bar.pos)

    try:
        summary = load_paths(db, _default_paths(paths), batch_size=batch_size, progress=progress)
    finally:
        if bar is not None:
            bar.render_finish()
    state.note(summary.describe())


@click.command()
@_PATHS
@click.option("--json", "as_json", is_flag=True, help="Counts as JSON on stdout.")
def validate(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check import files without a database and print what they hold.

    Reports every problem as FILE line N: REASON (exit 1); otherwise prints counts
    by label, label and kind, and relationship type.

    \b
    Example:
      graphtool validate import/
    """
    from ..output import format_counts
    from ..store.readers import read_paths

    dataset = read_paths(_default_paths(paths))
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


commands = [load, validate, stats]
