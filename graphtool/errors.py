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
    """The server refused the user name or password, or has locked the user out."""

    def __init__(self, uri: str, user: str, *, locked: bool = False, local_home: str = "") -> None:
        self.uri = uri
        self.user = user
        self.locked = locked
        if local_home:
            # The local server says only "Authentication failed", whether the password
            # is wrong or the name is locked for 30 s after five failed logins.
            msg = (
                f"the local graph server at {uri} refused graphtool's user '{user}': either the "
                f"credentials in {local_home} do not match the running server, or the server "
                "has locked that name for 30 seconds after repeated failed logins (it does not "
                "say which). Wait 30 s and try again; if it still fails, run 'graphtool server "
                "stop' and then your command again (your data is kept)."
            )
        elif locked:
            msg = (
                f"the graph server at {uri} has locked user '{user}' after repeated failed "
                "logins (its protection against password guessing). Wait and try again; if "
                f"nobody mistyped a password, some program keeps trying to log in as '{user}'."
            )
        else:
            msg = (
                f"the graph server at {uri} refused user '{user}': wrong user name or password. "
                "Set NEO4J_USERNAME/NEO4J_PASSWORD or pass --user/--password."
            )
        super().__init__(msg)


class QueryFailed(GraphtoolError):
    """The database rejected a statement (syntax, semantics, constraint)."""

    def __init__(self, message: str, code: str = "", query_name: str = "") -> None:
        self.code = code
        self.query_name = query_name
        where = f" in query '{query_name}'" if query_name else ""
        super().__init__(f"the database rejected the statement{where}: {message}")


class WriteRefused(GraphtoolError):
    """A read-only command was given a statement that writes, and it did not run.

    ``reason`` says what the statement does ("changes the schema (DROP CONSTRAINT)");
    ``outcome`` says what happened to the database, truthfully: refused before it was
    sent, refused by the server, or rolled back.
    """

    BEFORE = "Nothing was sent to the database."
    BY_SERVER = "The server refused it (graphtool reads as a user that may only read); nothing was changed."
    ROLLED_BACK = "It was rolled back; nothing was changed."

    def __init__(self, reason: str = "writes to the database", outcome: str = BEFORE) -> None:
        self.reason = reason
        self.outcome = outcome
        super().__init__(
            f"this statement {reason}; 'graphtool query' is read-only unless you pass --write. {outcome}"
        )


class ReadOnlyUnavailable(GraphtoolError):
    """The server cannot be trusted to refuse writes, so a read-only statement cannot run."""

    def __init__(self, uri: str, agent: str) -> None:
        self.uri = uri
        self.agent = agent
        super().__init__(
            f"the graph server at {uri} ({agent}) does not enforce read-only transactions, so "
            "graphtool cannot run this statement read-only. Set GRAPHTOOL_READ_USERNAME and "
            "GRAPHTOOL_READ_PASSWORD to a user the server only lets read, use graphtool's "
            "local server (unset NEO4J_URI), or pass --write to run it with full rights."
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


class ReportUnreadable(GraphtoolError):
    """A report given to ``graphtool extract`` has no text to read (empty, binary, a PDF
    without a text layer). ``reason`` says why and what to do."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


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


class DatasetExists(GraphtoolError):
    """A dataset of that name is loaded already, from other files."""

    def __init__(self, name: str, loaded: str, files: Sequence[str]) -> None:
        self.name = name
        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        super().__init__(
            f"dataset '{name}' is already loaded (since {loaded}, from {shown}) and these files "
            "differ from it; nothing was written. Pass --replace to reload it in place, or "
            "--dataset NAME to load these files as another dataset."
        )


class DatasetNotFound(GraphtoolError):
    """No dataset of that name is loaded."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        listed = ", ".join(known) if known else "none"
        super().__init__(f"no dataset '{name}' in the graph (loaded: {listed}).")


class DatasetInUse(GraphtoolError):
    """Other datasets' relationships need nodes only this dataset states."""

    def __init__(self, name: str, examples: Sequence[str], total: int) -> None:
        self.name = name
        more = f" (and {total - len(examples)} more)" if total > len(examples) else ""
        super().__init__(
            f"dataset '{name}' cannot be dropped: other datasets' relationships need nodes only "
            f"it states: {'; '.join(examples)}{more}. Drop those datasets first, or load the "
            "nodes they need in them. Nothing was changed."
        )


class WriteInProgress(GraphtoolError):
    """Another graphtool process holds the graph's write lock."""

    def __init__(self, what: str, pid: object, host: str, seconds: float) -> None:
        super().__init__(
            f"another graphtool process is writing to this graph ({what}, pid {pid} on {host}, "
            f"for {seconds:.0f} s); nothing was written. Try again when it has finished."
        )
