"""The ``graphtool`` command line: a thin layer over the library.

Each command parses its options, calls one library function and prints the result
(results on stdout, messages and progress on stderr). Commands live in modules by
concern; this module assembles them into the ``graphtool`` group.
"""

from __future__ import annotations

import click

from .. import __version__
from .base import GraphtoolGroup, State

__all__ = ["cli", "main"]


@click.group(cls=GraphtoolGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--uri", envvar="NEO4J_URI", metavar="URI",
              help="Bolt URI of the graph database [env NEO4J_URI]. Unset: graphtool's local server.")
@click.option("--user", envvar="NEO4J_USERNAME", metavar="NAME",
              help="User name [env NEO4J_USERNAME; default neo4j].")
@click.option("--password", envvar="NEO4J_PASSWORD", metavar="SECRET",
              help="Password [env NEO4J_PASSWORD].")
@click.option("--database", envvar="NEO4J_DATABASE", metavar="NAME",
              help="Database name [env NEO4J_DATABASE; default: the server's].")
@click.option("--trace", is_flag=True, help="Echo each Cypher statement and its parameters to stderr.")
@click.option("-q", "--quiet", is_flag=True, help="No messages or progress on stderr.")
@click.option("--traceback", is_flag=True, help="Show Python tracebacks for errors (for bug reports).")
@click.version_option(__version__, prog_name="graphtool")
@click.pass_context
def cli(ctx: click.Context, uri: str | None, user: str | None, password: str | None,
        database: str | None, trace: bool, quiet: bool, traceback: bool) -> None:
    """graphtool: network analysis of actors, organisations and events.

    Load cited facts into a graph database, query them with Cypher, rank and
    cluster actors, and render offline HTML networks. With no --uri or NEO4J_URI,
    graphtool starts and uses its own local graph server.

    \b
    Example:
      graphtool load && graphtool centrality --top 10 && graphtool render -o network.html
    """
    state = State(uri, user, password, database, trace, quiet, traceback)
    ctx.obj = state
    ctx.call_on_close(state.close)


from . import analysis, data, explore, extract, visual  # noqa: E402
from .server import server  # noqa: E402

for _module in (data, extract, explore, analysis, visual):
    for _command in _module.commands:
        cli.add_command(_command)
cli.add_command(server)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="graphtool")
