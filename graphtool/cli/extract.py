"""The extract command: reports to cited candidate facts and a review page."""

from __future__ import annotations

import re
from pathlib import Path

import click

from .base import State, echo_rows, output_options, pass_state

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")
#: The files and folders extract writes into DIR; anything else there stops it.
OWN = ("candidates", "accepted", "tables", "review.html")


@click.command()
@click.argument(
    "reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the candidates and the review page (new, or one extract wrote).",
)
@click.option("--dataset", metavar="NAME", help="Prefix of every new id [default: the first report's id].")
@click.option(
    "--gazetteer",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Known names from a CSV file (id,label,kind,name,aliases[,member_of]) instead of the graph; "
    "no database needed.",
)
@click.option(
    "--accept-all",
    is_flag=True,
    help="Accept every candidate: write DIR/accepted/ for 'graphtool load' (for scripts).",
)
@output_options
@pass_state
def extract(
    state: State,
    reports: tuple[Path, ...],
    out: Path,
    dataset: str | None,
    gazetteer: Path | None,
    accept_all: bool,
    fmt: str,
) -> None:
    """Propose cited facts from reports (text, Markdown, PDF) for review.

    Finds the graph's names (or a gazetteer file's) and new ones, and proposes facts
    from each sentence: memberships, agreements, exercises, meetings, transfers,
    trainings, targets, co-mentions; each cited to the report and its lines, with a
    confidence and the cue. Writes DIR/candidates/ (import format), DIR/tables/ (tables
    with mapping stubs) and DIR/review.html, and prints the entities found. Nothing is
    loaded: review the page, download accepted.zip, unzip it into DIR, then
    'graphtool load DIR/accepted'.

    \b
    Example:
      graphtool extract report.pdf notes.md -o review/
      graphtool extract report.txt -o out/ --gazetteer names.csv --accept-all && graphtool load out/
    """
    from ..errors import UsageError
    from ..extract import Gazetteer
    from ..extract import extract as run
    from ..extract.writing import candidate_files, entity_rows, gazetteer_file, review_data
    from ..files import write_files
    from ..visual.review import render_review

    if dataset is not None and not _NAME.match(dataset):
        raise UsageError(f"--dataset '{dataset}' is not a name: use letters, digits, '-', '_', '.' or ':'")
    _check_output(out)
    names, members = gazetteer_file(gazetteer) if gazetteer else _graph_names(state)
    gaz = Gazetteer(names, members)
    results = [run(p, gaz, dataset=dataset) for p in reports]
    files = candidate_files(results, gaz, accept_all=accept_all, dataset=dataset or results[0].source.id)
    files["review.html"] = render_review(review_data(results, accepted=accept_all))
    for folder in ("candidates", "accepted", "tables"):
        if any(f.startswith(folder + "/") for f in files):
            (out / folder).mkdir(parents=True, exist_ok=True)
    write_files([(out / name, text) for name, text in sorted(files.items())])
    # accepted/ may hold the analyst's download (unzipped here): only --accept-all replaces it.
    _remove_stale(
        out, set(files), ("candidates", "accepted", "tables") if accept_all else ("candidates", "tables")
    )
    facts = sum(len(c.facts) for c in results)
    new = sum(1 for c in results for e in c.entities if e.new)
    state.note(
        f"{facts} candidate facts and {new} new entities from {len(results)} report(s) in {out}/; "
        + (
            "every one accepted: graphtool load " + str(out)
            if accept_all
            else f"review them in {out / 'review.html'}"
        )
    )
    echo_rows(
        entity_rows(results), ["source", "id", "label", "kind", "name", "new", "mentions", "first"], fmt
    )


def _graph_names(state: State) -> tuple[list, list]:
    """The graph's names, and its memberships (for "the SCO's member states")."""
    from ..extract.writing import LABELS, memberships_from_rows, names_from_rows
    from ..store.queries import get_query

    db = state.db()
    names = names_from_rows(db.read(get_query("extract/names"), {"labels": list(LABELS)}))
    return names, memberships_from_rows(db.read(get_query("extract/memberships"), {}))


def _check_output(out: Path) -> None:
    """DIR must be new, empty, or hold only what extract writes."""
    from ..errors import UsageError

    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; give a folder for -o")
    if out.is_dir():
        other = sorted(p.name for p in out.iterdir() if p.name not in OWN)
        if other:
            raise UsageError(
                f"{out} holds files extract did not write ({', '.join(other[:3])}); "
                "give a new or empty folder"
            )


def _remove_stale(out: Path, written: set[str], folders: tuple[str, ...]) -> None:
    """Files an earlier run wrote that this one did not, in ``folders``."""
    for folder in folders:
        base = out / folder
        if not base.is_dir():
            continue
        for p in sorted(base.iterdir()):
            if p.is_file() and f"{folder}/{p.name}" not in written and p.suffix in (".csv", ".tsv", ".toml"):
                p.unlink()
        if not any(base.iterdir()):
            base.rmdir()


commands = [extract]
