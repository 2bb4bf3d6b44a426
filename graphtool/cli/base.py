"""What every command shares: the main group, error mapping, the database handle and
output options.

Errors are mapped here, in one place: any :class:`graphtool.errors.GraphtoolError`
becomes ``Error: <message>`` on stderr and its exit code (1 for data, query and
database errors, 2 for bad arguments); tracebacks only with ``--traceback``. Results
go to stdout through :func:`emit`, which turns a failed write (a full disk) into
:class:`~graphtool.errors.OutputFailed`; a closed pipe (``| head -1``) is left to click,
which exits 1 quietly.
Heavy modules (neo4j, networkx, pyvis) are imported inside commands, never here, so
``graphtool --help`` stays fast and never connects.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import GraphtoolError, InvalidImportFile, OutputFailed

if TYPE_CHECKING:
    from ..store.db import GraphDB

F = TypeVar("F", bound=Callable[..., Any])


class CLIError(click.ClickException):
    """A graphtool error as click shows it: one ``Error:`` line per problem (exit 1),
    then any ``footer`` lines as they are (what became of the command)."""

    exit_code = 1

    def __init__(self, lines: Sequence[str], footer: Sequence[str] = ()) -> None:
        super().__init__(lines[0] if lines else "failed")
        self.lines = list(lines)
        self.footer = list(footer)

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            click.echo(f"Error: {line}", err=True)
        for line in self.footer:
            click.echo(line, err=True)


class CLIArgumentError(CLIError):
    """A graphtool error about the command's arguments (exit 2)."""

    exit_code = 2


def error_lines(exc: GraphtoolError) -> list[str]:
    """The ``Error:`` lines for an exception: one per problem (several for import
    files)."""
    if isinstance(exc, InvalidImportFile):
        return [str(p) for p in exc.problems] or [str(exc)]
    return str(exc).splitlines() or [type(exc).__name__]


def error_footer(exc: GraphtoolError) -> list[str]:
    """The line after an exception's ``Error:`` lines, if any: for import files, that
    nothing was written, and how many problems there were when there were several.

    >>> from graphtool.errors import Problem
    >>> error_footer(InvalidImportFile([Problem("a.csv", 2, "bad")]))
    ['Nothing was written.']
    >>> error_footer(InvalidImportFile([Problem("a.csv", 2, "bad")] * 2, total=1200))
    ['Nothing was written: 1,200 problems in the import files (the first 2 shown).']
    """
    if not isinstance(exc, InvalidImportFile):
        return []
    if exc.total <= 1:
        return ["Nothing was written."]
    shown = len(exc.problems)
    more = f" (the first {shown:,} shown)" if shown < exc.total else ""
    return [f"Nothing was written: {exc.total:,} problems in the import files{more}."]


class State:
    """Per-invocation settings and the lazily opened database."""

    def __init__(
        self,
        uri: str | None,
        user: str | None,
        password: str | None,
        database: str | None,
        trace: bool,
        quiet: bool,
        traceback: bool,
    ) -> None:
        self.uri, self.user, self.password, self.database = uri, user, password, database
        self.trace, self.quiet, self.traceback = trace, quiet, traceback
        self._db: GraphDB | None = None

    def note(self, message: str) -> None:
        """A message for people, on stderr, unless --quiet."""
        if not self.quiet:
            click.echo(message, err=True)

    def db(self) -> GraphDB:
        """The database handle, connected on first use (starting the local server if
        no URI is configured)."""
        if self._db is None:
            from ..store.db import connect

            if not self.trace:
                # The driver logs retries ("Transaction failed and will be retried ...")
                # and server notices as warnings; graphtool reports what matters itself.
                logging.getLogger("neo4j").setLevel(logging.CRITICAL + 1)
            tracer = None
            if self.trace:

                def tracer(text: str, params: Mapping[str, Any]) -> None:
                    from ..output import to_json

                    click.echo(f"-- {text}\n-- params: {to_json(params, indent=None)}", err=True)

            self._db = connect(
                self.uri,
                self.user,
                self.password,
                self.database,
                tracer=tracer,
                notify=self.note,
            )
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class GraphtoolGroup(click.Group):
    """A click group that turns graphtool errors into ``Error:`` lines in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphtoolError as exc:
            state = ctx.find_object(State)
            if state is not None and state.traceback:
                raise
            error = CLIArgumentError if exc.exit_code == 2 else CLIError
            raise error(error_lines(exc), error_footer(exc)) from None


pass_state = click.make_pass_decorator(State)


def note(message: str) -> None:
    """A message for people on stderr, unless --quiet was given to graphtool (for
    commands that have no :class:`State` argument)."""
    ctx = click.get_current_context(silent=True)
    state = ctx.find_object(State) if ctx is not None else None
    if state is not None:
        state.note(message)
    else:
        click.echo(message, err=True)


#: Help for the CSV formats, the same wherever CSV is written.
CSV_HELP = (
    "Comma-separated values with a header row, safe to open in a spreadsheet: a cell "
    "starting with = + - @, tab or CR (not a plain number) gets a leading '."
)
CSV_RAW_HELP = "CSV with every cell exactly as it is, for scripts (no leading ')."


def output_options(f: F) -> F:
    """``--json``, ``--jsonl``, ``--csv``, ``--csv-raw`` (default: an aligned table), as
    ``fmt``."""
    f = click.option("--csv-raw", "fmt", flag_value="csv-raw", help=CSV_RAW_HELP)(f)
    f = click.option("--csv", "fmt", flag_value="csv", help=CSV_HELP)(f)
    f = click.option("--jsonl", "fmt", flag_value="jsonl", help="One JSON object per line.")(f)
    f = click.option("--json", "fmt", flag_value="json", help="A JSON array of objects.")(f)
    f = click.option(
        "--table", "fmt", flag_value="table", default=True, help="An aligned table (default)."
    )(f)
    return f


def emit(text: str, nl: bool = True) -> None:
    """Write results to stdout.

    Raises:
        OutputFailed: the write failed (``cannot write the output: No space left on
            device``). A closed pipe (BrokenPipeError) is not caught: click ends the
            command quietly with exit code 1.
    """
    try:
        click.echo(text, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as exc:
        _discard_stdout()
        raise OutputFailed("the output", exc.strerror or str(exc)) from exc


def _discard_stdout() -> None:
    """Point stdout at the null device, so that the output still buffered is not written
    again (and fails again, with a traceback) when Python exits."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


def echo_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> None:
    """Print rows to stdout in the chosen format."""
    from ..output import format_rows

    text = format_rows(rows, columns, fmt)
    if text:
        emit(text)


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
