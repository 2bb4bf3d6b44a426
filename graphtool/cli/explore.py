"""Commands for ad hoc exploration: query, queries, schema, shell."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .base import CSV_HELP, CSV_RAW_HELP, State, echo_rows, emit, output_options, pass_state

if TYPE_CHECKING:
    from ..explore import Statement
    from ..store.db import Result


class StatementError(click.ClickException):
    """A statement the database rejected: one ``Error:`` line naming the position,
    then the statement's line with a caret under it."""

    exit_code = 1

    def __init__(self, first: str, context: list[str]) -> None:
        super().__init__(first)
        self.context = context

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.message}", err=True)
        for line in self.context:
            click.echo(line, err=True)


_QUERIES_DIR = click.option(
    "--queries-dir", "queries_dirs", multiple=True, metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="A folder of your own named queries (.cypher files); adds to $GRAPHTOOL_QUERIES. Repeatable.",
)


def run_and_explain(state: State, statement: Statement, params: dict[str, Any], write: bool) -> Result:
    """Run a statement, turning a database rejection into an error with its position."""
    from ..errors import QueryFailed
    from ..explore import explain_failure, run_statement

    try:
        return run_statement(state.db(), statement, params, write=write)
    except QueryFailed as exc:
        if state.traceback:
            raise
        first, context = explain_failure(exc, statement.text)
        raise StatementError(first, context) from None


def _read_stdin() -> str | None:
    stream = sys.stdin
    if stream.isatty():
        return None
    return stream.read()


@click.command()
@click.argument("statement", required=False, metavar="[CYPHER|NAME]")
@click.option("-f", "--file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Read the statement from FILE ('-' for stdin).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME[:TYPE]=VALUE",
              help="A parameter. For a named query VALUE is converted to the declared type; "
                   "otherwise it is read as JSON when it is JSON (2019, true, [\"cn\",\"kg\"]), "
                   "else as text, or as TYPE (int, float, bool, list, map, date, string). Repeatable.")
@click.option("--params", "params_file", type=click.Path(path_type=Path, dir_okay=False),
              metavar="FILE.json", help="Parameters from a JSON object (-p values win).")
@click.option("--write", is_flag=True, help="Allow a statement that writes (refused otherwise).")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="Show at most N rows.")
@_QUERIES_DIR
@output_options
@pass_state
def query(state: State, statement: str | None, file: Path | None, params: tuple[str, ...],
          params_file: Path | None, write: bool, limit: int | None, queries_dirs: tuple[Path, ...],
          fmt: str) -> None:
    """Run a Cypher statement or a named query and print its rows.

    The statement is CYPHER, the NAME of a named query ('graphtool queries' lists
    them), -f FILE, or read from stdin. Values travel as parameters ($name).
    Read-only unless --write. Row count and time go to stderr.

    \b
    Example:
      graphtool query "MATCH (a:Actor {kind: \\$kind}) RETURN a.id, a.name" -p kind=state
      graphtool query partners_by_year -p actor=kg --csv
      echo "MATCH (e:Event) RETURN e.kind, count(*) AS n" | graphtool query --json
    """
    from ..errors import UsageError
    from ..explore import bind_params, limit_rows, load_params_file, resolve_statement

    text = statement
    if file is not None and str(file) == "-":
        if statement is not None:
            raise UsageError("give the statement as an argument or with -f FILE, not both")
        file, text = None, sys.stdin.read()
    elif statement is None and file is None:
        text = _read_stdin()
    stmt = resolve_statement(text, file, queries_dirs)
    file_values = load_params_file(params_file) if params_file else None
    bound = bind_params(stmt.query, params, file_values)
    result = run_and_explain(state, stmt, bound, write)
    rows, total = limit_rows(result, limit)
    echo_rows(rows, result.columns, fmt)
    shown = f"{len(rows)} of {total} row(s)" if len(rows) < total else f"{total} row(s)"
    changes = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result.counters.items() if v)
    state.note(f"{shown} in {result.seconds:.3f} s" + (f"; {changes}" if changes else ""))


@click.command()
@click.argument("name", required=False)
@_QUERIES_DIR
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def queries(name: str | None, queries_dirs: tuple[Path, ...], as_json: bool) -> None:
    """List the named queries, or show one: its parameters and Cypher.

    Named queries are the bundled library plus .cypher files in --queries-dir and
    $GRAPHTOOL_QUERIES; run one with 'graphtool query NAME -p name=value'.

    \b
    Example:
      graphtool queries
      graphtool queries partners_by_year
    """
    from ..explore import describe_param
    from ..output import format_rows, to_json
    from ..store.queries import get_named_query, named_queries

    if name:
        q = get_named_query(name, queries_dirs)
        if as_json:
            emit(to_json(_query_record(q)))
            return
        lines = [q.name, "", q.description, ""]
        if q.params:
            lines.append("Parameters:")
            lines += [f"  {describe_param(p)}" + (f"  {p.doc}" if p.doc else "") for p in q.params]
            lines.append("")
        lines += [q.text, "", f"Source: {q.path}" if q.path else ""]
        emit("\n".join(lines).rstrip())
        return
    found = named_queries(queries_dirs)
    if as_json:
        emit(to_json([_query_record(q) for q in found.values()]))
        return
    rows = [{"name": q.name, "parameters": ", ".join(
        p.name + ("" if p.required else "?") for p in q.params), "description": q.description}
        for q in found.values()]
    emit(format_rows(rows, ["name", "parameters", "description"], "table"))


def _query_record(q: Any) -> dict[str, Any]:
    return {
        "name": q.name,
        "description": q.description,
        "parameters": [
            {"name": p.name, "type": p.type, "required": p.required, "default": p.default, "doc": p.doc}
            for p in q.params
        ],
        "cypher": q.text,
        "path": str(q.path) if q.path else None,
    }


@click.command()
@output_options
@pass_state
def schema(state: State, fmt: str) -> None:
    """Show the graph's labels, relationship types and property keys with counts,
    and the constraints in force.

    \b
    Example:
      graphtool schema
      graphtool schema --json
    """
    from ..explore import fetch_schema
    from ..output import format_sections, to_json

    found = fetch_schema(state.db())
    if fmt == "json":
        emit(to_json(found.to_json()))
    else:
        emit(format_sections(found.sections(), fmt))


@click.command()
@_QUERIES_DIR
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv", "csv-raw"]),
              default="table", show_default=True,
              help=f"How results are shown (':format' changes it). csv: {CSV_HELP} csv-raw: {CSV_RAW_HELP}")
@click.option("--write", is_flag=True, help="Allow statements that write (':write on' in the shell).")
@pass_state
def shell(state: State, queries_dirs: tuple[Path, ...], fmt: str, write: bool) -> None:
    """An interactive Cypher shell with history, completion and named queries.

    Statements end with ';' and may span lines. Type :help for the commands
    (:params, :format, :schema, :queries, :quit). Ctrl-C cancels the running
    query, Ctrl-D leaves. History is kept across sessions. With stdin not a
    terminal, runs the ';'-separated statements it reads.

    \b
    Example:
      graphtool shell
      graphtool shell < statements.cypher
    """
    from ..shell import Shell

    sh = Shell(state, queries_dirs=queries_dirs, fmt=fmt, write=write, out=emit)
    if sys.stdin.isatty() and sys.stdout.isatty():
        sh.interact()
    else:
        code = sh.run_script(sys.stdin.read())
        if code:
            sys.exit(code)


commands = [query, queries, schema, shell]
