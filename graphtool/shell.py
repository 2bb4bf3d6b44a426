"""``graphtool shell``: an interactive Cypher shell.

Line editing, history and completion come from prompt_toolkit (imported only when
the shell starts, so the rest of the CLI stays fast). Statements end with ``;`` and
may span lines; lines starting with ``:`` are shell commands (``:help``). A running
statement runs in a worker thread so that Ctrl-C cancels it (the connection is
dropped, which ends the transaction) and the shell goes on. Without a terminal the
shell runs the statements it reads from stdin, which is also how scripts use it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .errors import GraphtoolError, OutputFailed, QueryFailed, UsageError, WriteRefused
from .explore import (
    Schema,
    Statement,
    bind_params,
    describe_param,
    explain_failure,
    fetch_schema,
    looks_like_name,
    run_statement,
    split_param,
    strip_statement,
)
from .store.queries import get_named_query, named_queries, named_query_names

if TYPE_CHECKING:
    from .cli.base import State
    from .store.db import Result

FORMATS = ("table", "json", "jsonl", "csv", "csv-raw")

HELP = """\
Statements end with ';' and may span several lines. Values are parameters: $name.
A named query runs by its name: partners_by_year;  (with the session's parameters)

  :help                      this help
  :params                    list the session's parameters
  :param NAME[:TYPE]=VALUE   set one (typed like -p: :param since:date=2019-05)
  :unset NAME | :unset       forget one parameter, or all of them
  :format table|json|jsonl|csv|csv-raw
                             how results are shown (csv puts a ' before cells a
                             spreadsheet would run as formulas; csv-raw does not)
  :limit N | :limit off      show at most N rows
  :write on|off              allow statements that write (off at start unless --write)
  :schema                    labels, relationship types, property keys, constraints
  :queries [NAME]            list the named queries, or show one
  :run NAME [p=v ...]        run a named query with extra parameters
  :quit                      leave (or Ctrl-D)

Tab completes labels after '(x:', relationship types after '[r:', property keys
after '.', parameters after '$', keywords and named queries. Ctrl-C cancels the
running query or clears the line; history is kept in {history}."""

COMMANDS = (":help", ":params", ":param", ":unset", ":format", ":limit", ":write", ":schema",
            ":queries", ":run", ":quit", ":exit")

KEYWORDS = (
    "MATCH", "OPTIONAL MATCH", "WHERE", "RETURN", "WITH", "UNWIND", "ORDER BY", "SKIP", "LIMIT",
    "DISTINCT", "AS", "AND", "OR", "NOT", "XOR", "IN", "IS NULL", "IS NOT NULL", "STARTS WITH",
    "ENDS WITH", "CONTAINS", "CASE", "WHEN", "THEN", "ELSE", "END", "EXISTS", "COUNT", "CALL",
    "UNION", "CREATE", "MERGE", "SET", "DELETE", "DETACH DELETE", "REMOVE", "ON CREATE SET",
    "ON MATCH SET", "SHOW CONSTRAINTS", "SHOW INDEXES", "DESC", "ASC", "true", "false", "null",
    "count(", "collect(", "size(", "labels(", "type(", "keys(", "coalesce(", "toLower(",
    "toUpper(", "toString(", "toInteger(", "date(", "shortestPath(", "allShortestPaths(",
    "nodes(", "relationships(", "startNode(", "endNode(", "sum(", "avg(", "min(", "max(",
)


def history_path() -> Path:
    """Where the shell keeps its history: ``$GRAPHTOOL_HOME/shell_history``."""
    from .paths import graphtool_home

    return graphtool_home() / "shell_history"


# -- statement splitting -------------------------------------------------------------
_TOKEN = re.compile(r"'(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?|`[^`]*`?|//[^\n]*|/\*.*?(?:\*/|$)|;", re.S)


def statement_complete(text: str) -> bool:
    """Whether ``text`` ends a statement: its last code (outside strings and comments)
    is ``;``.

    >>> statement_complete("MATCH (n)\\nRETURN n;"), statement_complete("RETURN ';'")
    (True, False)
    """
    code = _TOKEN.sub(lambda m: ";" if m.group(0) == ";" else " ", text)
    return code.rstrip().endswith(";")


def split_script(text: str) -> Iterator[str]:
    """Split a script into ``:commands`` (one per line) and ``;``-ended statements.

    >>> list(split_script(":format csv\\nMATCH (n)\\nRETURN 'a;b';\\nRETURN 2"))
    [':format csv', "MATCH (n)\\nRETURN 'a;b'", 'RETURN 2']
    """
    buf = ""
    for line in text.splitlines(keepends=True):
        if not buf.strip() and line.strip().startswith(":"):
            yield line.strip()
            buf = ""
            continue
        buf += line
        # Cut at every ';' outside strings and comments.
        while True:
            cut = _first_semicolon(buf)
            if cut < 0:
                break
            stmt = strip_statement(buf[:cut])
            buf = buf[cut + 1 :]
            if _has_code(stmt):
                yield stmt
    if _has_code(buf):
        yield strip_statement(buf)


def _first_semicolon(text: str) -> int:
    for m in _TOKEN.finditer(text):
        if m.group(0) == ";":
            return m.start()
    return -1


def _has_code(text: str) -> bool:
    return bool(_TOKEN.sub(lambda m: " " if m.group(0) != ";" else ";", text).strip(" \n\t;"))


# -- completion ----------------------------------------------------------------------
def completion_context(before: str) -> tuple[str, str]:
    """What to complete at the end of ``before``: (kind, partial word), kind being
    ``command``, ``label``, ``type``, ``property``, ``param`` or ``word``.

    >>> completion_context("MATCH (a:Ac"), completion_context("MATCH ()-[r:PART")
    (('label', 'Ac'), ('type', 'PART'))
    >>> completion_context("RETURN a.na"), completion_context("RETURN $ye")
    (('property', 'na'), ('param', 'ye'))
    """
    if before.lstrip().startswith(":") and " " not in before.strip():
        return "command", before.strip()
    m = re.search(r"([:.$]?)([A-Za-z_][A-Za-z0-9_]*|)$", before)
    assert m is not None
    sigil, word = m.group(1), m.group(2)
    if sigil == ".":
        return "property", word
    if sigil == "$":
        return "param", word
    if sigil == ":":
        opener = max(before.rfind("("), before.rfind("["))
        closer = max(before.rfind(")"), before.rfind("]"))
        if opener > closer and before[opener] == "[":
            return "type", word
        if opener > closer:
            return "label", word
        return "word", word
    return "word", word


class Vocabulary:
    """The names the shell completes, refreshed from the graph's schema."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.types: list[str] = []
        self.keys: list[str] = []
        self.queries: list[str] = []
        self.params: list[str] = []

    def update(self, schema: Schema | None = None, queries: Iterable[str] = ()) -> None:
        from .model import NODE_LABELS, REL_TYPES

        if schema is not None:
            self.labels = sorted(set(schema.labels) | set(NODE_LABELS))
            self.types = sorted(set(schema.relationship_types) | set(REL_TYPES))
            self.keys = schema.property_keys
        self.queries = sorted(queries) or self.queries

    def candidates(self, kind: str, at_start: bool) -> list[str]:
        if kind == "command":
            return list(COMMANDS)
        if kind == "label":
            return self.labels
        if kind == "type":
            return self.types
        if kind == "property":
            return self.keys
        if kind == "param":
            return self.params
        return list(KEYWORDS) + (self.queries if at_start else [])


def complete(vocab: Vocabulary, text_before: str) -> list[tuple[str, int]]:
    """Completions for the text before the cursor: (text, start position relative to
    the cursor), best first."""
    kind, word = completion_context(text_before)
    statement_start = not text_before.strip() or text_before.strip() == word
    out = []
    lower = word.lower()
    for cand in vocab.candidates(kind, statement_start):
        if cand.lower().startswith(lower) and cand != word:
            out.append((cand, -len(word)))
    return out


# -- the shell -----------------------------------------------------------------------
class Shell:
    """A Cypher shell session on the database of a CLI :class:`State`.

    Parameters:
        state: the CLI state (connection settings, --quiet).
        queries_dirs: extra folders of named queries.
        fmt: result format (one of FORMATS).
        write: whether statements may write.
        echo: where results go (stdout) and messages go (stderr); for tests.
    """

    def __init__(
        self,
        state: State,
        queries_dirs: Iterable[Path] = (),
        fmt: str = "table",
        write: bool = False,
        out: Callable[[str], None] | None = None,
        err: Callable[[str], None] | None = None,
    ) -> None:
        self.state = state
        self.queries_dirs = tuple(queries_dirs)
        self.fmt = fmt
        self.write = write
        self.limit: int | None = None
        self.params: dict[str, Any] = {}
        self.vocab = Vocabulary()
        self.out = out or (lambda s: click.echo(s))
        self.err = err or (lambda s: click.echo(s, err=True))
        self.failed = False  # any statement failed (the exit code of a script)
        self.last_text = ""  # the statement last run, for error positions

    # -- commands -----------------------------------------------------------------
    def handle(self, text: str) -> bool:
        """Run one statement or ``:command``; False when the shell should end.

        Errors are shown as ``Error:`` lines and the shell goes on.
        """
        text = text.strip()
        if not text or not _has_code(text):
            return True
        try:
            if text.startswith(":"):
                return self.command(text)
            self.execute(strip_statement(text))
        except QueryFailed as exc:
            self.show_failure(exc)
            self.failed = True
        except OutputFailed:  # results cannot be written: going on would lose them all
            raise
        except WriteRefused as exc:
            self.err(f"Error: this statement {exc.reason}; the shell is read-only until you type "
                     f"':write on' (or start it with --write). {exc.outcome}")
            self.failed = True
        except GraphtoolError as exc:
            for line in str(exc).splitlines():
                self.err(f"Error: {line}")
            self.failed = True
        return True

    def show_failure(self, exc: QueryFailed) -> None:
        first, context = explain_failure(exc, self.last_text)
        self.err(f"Error: {first}")
        for line in context:
            self.err(line)

    def command(self, text: str) -> bool:
        name, _, rest = text.partition(" ")
        rest = rest.strip()
        name = name.lower().rstrip(";")
        rest = rest.rstrip(";").strip()
        if name in (":quit", ":exit", ":q"):
            return False
        if name in (":help", ":h", ":?"):
            self.out(HELP.format(history=history_path()))
        elif name in (":params", ":param"):
            if rest:
                for item in rest.split() if name == ":params" else [rest]:
                    self.set_param(item)
            else:
                self.show_params()
        elif name == ":unset":
            if rest:
                for key in rest.split():
                    self.params.pop(key, None)
            else:
                self.params.clear()
            self.vocab.params = sorted(self.params)
        elif name == ":format":
            if rest not in FORMATS:
                raise UsageError(f"unknown format '{rest}': use :format {'|'.join(FORMATS)}")
            self.fmt = rest
            self.err(f"Results as {rest}.")
        elif name == ":limit":
            if rest in ("off", "none", "0", ""):
                self.limit = None
                self.err("No row limit.")
            elif rest.isdigit():
                self.limit = int(rest)
                self.err(f"Showing at most {self.limit} row(s).")
            else:
                raise UsageError(f"':limit {rest}': give a number of rows or 'off'")
        elif name == ":write":
            if rest not in ("on", "off"):
                raise UsageError("use :write on or :write off")
            self.write = rest == "on"
            self.err("Statements may write." if self.write
                     else "Read-only: statements that write are refused.")
        elif name == ":schema":
            self.show_schema()
        elif name == ":queries":
            self.show_queries(rest)
        elif name == ":run":
            if not rest:
                raise UsageError("use :run NAME [name=value ...]")
            qname, *items = rest.split()
            self.run_named(qname, items)
        else:
            close = [c for c in COMMANDS if c.startswith(name[:3])] or [":help"]
            raise UsageError(f"unknown command '{name}'. Did you mean: {', '.join(close)}?")
        return True

    def set_param(self, item: str) -> None:
        from .explore import convert_value

        name, type_, raw = split_param(item)
        self.params[name] = convert_value(raw, type_ or "any", name)
        self.vocab.params = sorted(self.params)
        self.err(f"${name} = {_show(self.params[name])}")

    def show_params(self) -> None:
        if not self.params:
            self.err("No parameters. Set one with :param name=value")
            return
        from .output import format_rows

        rows = [{"name": k, "value": _show(v), "type": _type_name(v)} for k, v in sorted(self.params.items())]
        self.out(format_rows(rows, ["name", "value", "type"], "table"))

    def show_schema(self) -> None:
        from .output import format_sections, to_json

        schema = fetch_schema(self.state.db())
        self.vocab.update(schema)
        if self.fmt == "json":
            self.out(to_json(schema.to_json()))
        else:
            sections = schema.sections()
            del sections["Node property keys"], sections["Relationship property keys"]
            keys: dict[str, int] = {}
            for r in schema.node_keys + schema.relationship_keys:
                keys[r["key"]] = keys.get(r["key"], 0) + r["count"]
            sections["Property keys"] = (
                [{"key": k, "count": v} for k, v in sorted(keys.items())], ["key", "count"]
            )
            order = ["Labels", "Relationship types", "Property keys", "Constraints"]
            self.out(format_sections({k: sections[k] for k in order}, self.fmt))

    def show_queries(self, name: str = "") -> None:
        from .output import format_rows

        if name:
            q = get_named_query(name, self.queries_dirs)
            lines = [f"{q.name}: {q.description}"]
            lines += [f"  {describe_param(p)}" + (f"  {p.doc}" if p.doc else "") for p in q.params]
            self.out("\n".join(lines + ["", q.text]))
            return
        found = named_queries(self.queries_dirs)
        rows = [{"name": q.name, "description": q.description} for q in found.values()]
        self.out(format_rows(rows, ["name", "description"], "table"))

    # -- statements ---------------------------------------------------------------
    def run_named(self, name: str, items: Iterable[str] = ()) -> None:
        q = get_named_query(name, self.queries_dirs)
        session = {k: v for k, v in self.params.items() if q.param(k) is not None}
        bound = bind_params(q, items, session)
        self._run(Statement(q.text, q), bound)

    def execute(self, text: str) -> None:
        """Run a statement (or a named query given by its name) with the session's parameters."""
        if looks_like_name(text):
            self.run_named(text)
            return
        self._run(Statement(text), self._used_params(text))

    def _used_params(self, text: str) -> dict[str, Any]:
        # Send every session parameter: unused ones are harmless, missing ones are
        # reported by the database ("Expected parameter(s): x").
        return dict(self.params)

    def _run(self, statement: Statement, params: dict[str, Any]) -> None:
        self.last_text = statement.text
        result = self.run_cancellable(statement, params)
        if result is None:
            return
        from .output import format_rows

        rows = result.rows if self.limit is None else result.rows[: self.limit]
        text = format_rows(rows, result.columns, self.fmt)
        if text:
            self.out(text)
        total = len(result.rows)
        shown = f"{len(rows)} of {total} row(s)" if len(rows) < total else f"{total} row(s)"
        changes = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result.counters.items() if v)
        if not self.state.quiet:
            self.err(f"{shown} in {result.seconds:.3f} s" + (f"; {changes}" if changes else ""))
        if changes:
            self.refresh()

    def run_cancellable(self, statement: Statement, params: dict[str, Any]) -> Result | None:
        """Run in a worker thread; Ctrl-C drops the connection and returns None."""
        db = self.state.db()
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["result"] = run_statement(db, statement, params, write=self.write)
            except BaseException as exc:  # handed to the main thread
                box["error"] = exc

        worker = threading.Thread(target=work, name="graphtool-query", daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                worker.join(0.1)
        except KeyboardInterrupt:
            # Closing the driver drops the connection, which ends the statement's
            # explicit transaction on the server (user statements are never retried);
            # the next statement opens a new connection.
            db.close()
            note = " A write is rolled back unless it was already committing." if self.write else ""
            self.err("Cancelled." + note)
            return None
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def refresh(self) -> None:
        """Reload the names completion offers (labels, types, keys, named queries)."""
        try:
            schema = fetch_schema(self.state.db(), constraints=False)
        except GraphtoolError:
            schema = None
        names = named_query_names(self.queries_dirs)
        self.vocab.update(schema, names)

    # -- front ends ---------------------------------------------------------------
    def run_script(self, text: str) -> int:
        """Run ``;``-separated statements and ``:commands``; 1 if any failed, else 0."""
        self.state.db()  # an unreachable server is one error, not one per statement
        for part in split_script(text):
            if not self.handle(part):
                break
        return 1 if self.failed else 0

    def interact(self) -> None:
        """The interactive loop, with prompt_toolkit."""
        from prompt_toolkit import PromptSession
        from prompt_toolkit.completion import Completer, Completion
        from prompt_toolkit.history import FileHistory
        from prompt_toolkit.key_binding import KeyBindings

        self.state.db()  # fail now, with one error, if the server cannot be reached
        self.refresh()
        path = history_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        vocab = self.vocab

        class CypherCompleter(Completer):
            def get_completions(self, document: Any, complete_event: Any) -> Iterator[Any]:
                for text, start in complete(vocab, document.text_before_cursor):
                    yield Completion(text, start_position=start)

        keys = KeyBindings()

        @keys.add("enter")
        def _(event: Any) -> None:
            buf = event.current_buffer
            text = buf.text
            if not text.strip() or text.lstrip().startswith(":") or statement_complete(text):
                buf.validate_and_handle()
            else:
                buf.insert_text("\n")

        @keys.add("escape", "enter")
        def _(event: Any) -> None:
            event.current_buffer.validate_and_handle()

        session: PromptSession[str] = PromptSession(
            history=FileHistory(str(path)),
            completer=CypherCompleter(),
            complete_while_typing=False,
            multiline=True,
            key_bindings=keys,
            prompt_continuation=lambda width, line_no, wrap: "...> ".rjust(width),
            enable_history_search=False,
        )
        where = self.state.db().settings.uri
        self.err(f"graphtool shell on {where}. Statements end with ';'. :help for help, Ctrl-D to leave.")
        while True:
            try:
                text = session.prompt("graphtool> ")
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if not self.handle(text):
                break


def _show(value: Any) -> str:
    from .output import to_json

    if hasattr(value, "isoformat"):
        return value.isoformat()
    return to_json(value, indent=None)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "map"
    if hasattr(value, "isoformat"):
        return "date"
    return "string"


__all__ = ["Shell", "split_script", "statement_complete", "complete", "completion_context", "history_path"]
