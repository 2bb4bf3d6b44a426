"""Commands for ad hoc exploration: query."""

from __future__ import annotations

import click

from .base import State, echo_rows, output_options, pass_state


@click.command()
@click.argument("cypher")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter; VALUE is read as JSON when it is JSON (2019, true, "
                   "[\"cn\",\"kg\"]), else as text. Repeatable.")
@click.option("--write", is_flag=True, help="Allow a statement that writes.")
@output_options
@pass_state
def query(state: State, cypher: str, params: tuple[str, ...], write: bool, fmt: str) -> None:
    """Run a Cypher statement and print its rows.

    Read-only unless --write. Values travel as parameters: refer to them as $name.

    \b
    Example:
      graphtool query "MATCH (a:Actor {kind: \\$kind}) RETURN a.id, a.name" -p kind=state
      graphtool query "MATCH (e:Event) RETURN e.kind, count(*) AS n" --csv
    """
    from ..explore import parse_params, run_cypher

    result = run_cypher(state.db(), cypher, parse_params(params), write=write)
    echo_rows(result.rows, result.columns, fmt)
    state.note(f"{len(result.rows)} row(s) in {result.seconds:.3f} s")


commands = [query]
