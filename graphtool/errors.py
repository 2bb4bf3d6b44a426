"""One exception family for everything graphtool reports to its users.

The library raises these; the CLI turns each into an ``Error: ...`` line and an exit
code in one place (``graphtool.cli``). Nothing here imports click.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class GraphtoolError(Exception):
    """Base class: a problem the user can act on. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class UsageError(GraphtoolError):
    """The command was asked for something it cannot do (a bad option value)."""

    exit_code = 2


class DatabaseUnavailable(GraphtoolError):
    """The graph server cannot be reached."""

    def __init__(self, uri: str, detail: str = "", hint: str = "") -> None:
        self.uri = uri
        self.detail = detail
        hint = hint or (
            "Check the URI, or unset NEO4J_URI to use the local server "
            "('graphtool server start'), or start Neo4j with 'docker compose up -d'."
        )
        msg = f"cannot reach the graph server at {uri}"
        if detail:
            msg += f" ({detail})"
        super().__init__(f"{msg}. {hint}")


class AuthenticationFailed(GraphtoolError):
    """The server refused the user name or password."""

    def __init__(self, uri: str, user: str) -> None:
        self.uri = uri
        self.user = user
        super().__init__(
            f"the graph server at {uri} refused user '{user}': wrong user name or password. "
            "Set NEO4J_USERNAME/NEO4J_PASSWORD or pass --user/--password."
        )


class QueryFailed(GraphtoolError):
    """The database rejected a statement (syntax, semantics, constraint)."""

    def __init__(self, message: str, code: str = "", query_name: str = "") -> None:
        self.code = code
        self.query_name = query_name
        where = f" in query '{query_name}'" if query_name else ""
        super().__init__(f"the database rejected the statement{where}: {message}")


class WriteRefused(GraphtoolError):
    """A read-only command was given a statement that writes."""

    def __init__(self) -> None:
        super().__init__(
            "this statement writes to the database; 'graphtool query' is read-only "
            "unless you pass --write."
        )


class QueryNotFound(GraphtoolError):
    """A named query does not exist."""

    def __init__(self, name: str, close: Sequence[str] = ()) -> None:
        self.name = name
        self.close = list(close)
        msg = f"no named query '{name}'"
        if self.close:
            msg += ". Did you mean: " + ", ".join(self.close) + "?"
        else:
            msg += ". 'graphtool queries' lists them."
        super().__init__(msg)


class QueryFileInvalid(GraphtoolError):
    """A .cypher file is malformed (undeclared parameter, missing header)."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path} line {line}: {reason}")


class ParameterError(GraphtoolError):
    """A query parameter is missing, unknown or of the wrong type."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in an import file."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.reason}"
        return f"{self.path} line {self.line}: {self.reason}"


class InvalidImportFile(GraphtoolError):
    """Import data failed validation. Nothing was written.

    ``problems`` lists every problem found (up to the reader's cap); the message
    gives the first. ``total`` counts all problems, including those past the cap.
    """

    def __init__(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        super().__init__(str(self.problems[0]) if self.problems else "invalid import data")


class EntityNotFound(GraphtoolError):
    """A name given on the command line matches no node, or more than one."""

    def __init__(self, name: str, close: Sequence[str] = (), ambiguous: bool = False) -> None:
        self.name = name
        self.close = list(close)
        if ambiguous:
            msg = f"'{name}' matches more than one node: " + ", ".join(self.close)
        else:
            msg = f"no actor or node called '{name}'"
            if self.close:
                msg += ". Did you mean: " + ", ".join(self.close) + "?"
        super().__init__(msg)


class ServerError(GraphtoolError):
    """The local graph server failed to start, stop or answer."""

    def __init__(self, message: str, log_tail: str = "") -> None:
        self.log_tail = log_tail
        if log_tail:
            message += "\nLast lines of the server log:\n" + log_tail
        super().__init__(message)


class AnalysisError(GraphtoolError):
    """An analysis cannot be computed on this graph (e.g. no convergence)."""


class OutputFailed(GraphtoolError):
    """Results or an output file could not be written (a full disk, a missing folder).

    ``target`` is the file, or ``the output`` for stdout.
    """

    def __init__(self, target: str, detail: str, action: str = "write") -> None:
        self.target = target
        self.detail = detail
        super().__init__(f"cannot {action} {target}: {detail}")


class RenderError(GraphtoolError):
    """The HTML or image output could not be produced."""
