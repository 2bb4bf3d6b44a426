"""Ad hoc Cypher: statements from text, files or named queries, parameters typed from
the command line, read-only by default, and the graph's schema.

The command line and the shell share everything here; neither holds Cypher of its
own. Parameter values arrive as text (``-p name=value``) or JSON (``--params``) and
are converted to the type a named query declares (``int``, ``float``, ``bool``,
``list``, ``map``, ``date``, ``string``, ``any``); ad hoc statements read them as JSON
when they are JSON, or take an explicit type (``-p since:date=2019-05-01``).

A ``date`` parameter is checked and sent as text in graphtool's stored form
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), not as a Cypher Date: events keep ``date``
as such text (with integer ``year``, ``month``, ``day``), and a Date compared with
text is null on Neo4j and on the local server alike, so ``e.date >= $since`` would
find nothing. ``date($since)`` turns it into a Date where one is wanted.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ParameterError, QueryFailed, UsageError, WriteRefused
from .store.guard import needs_autocommit, write_reason
from .store.queries import PARAM_TYPES, Param, Query, get_named_query, get_query

if TYPE_CHECKING:
    from .store.db import GraphDB, Result

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TYPED_NAME = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>[a-z]+))?$")
#: What a named query's name looks like (``partners_by_year``, ``mine/who_met``):
#: anything else given to ``graphtool query`` is Cypher.
_QUERY_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


# -- parameters ---------------------------------------------------------------------
def parse_param(text: str) -> tuple[str, Any]:
    """Parse ``name=value``; the value is read as JSON when it is JSON, else as text.

    ``name:type=value`` converts the value to ``type`` instead (see :func:`convert_value`).

    >>> parse_param("year=2019"), parse_param("ids=[\\"cn\\",\\"kg\\"]"), parse_param("who=China")
    (('year', 2019), ('ids', ['cn', 'kg']), ('who', 'China'))
    >>> parse_param("since:date=2019-05")
    ('since', '2019-05')
    """
    name, type_, raw = split_param(text)
    return name, convert_value(raw, type_ or "any", name)


def split_param(text: str) -> tuple[str, str | None, str]:
    """``name[:type]=value`` as ``(name, type or None, value)``.

    Raises:
        ParameterError: not of that form, or an unknown type.
    """
    left, sep, raw = text.partition("=")
    m = _TYPED_NAME.match(left.strip())
    if not sep or not m:
        raise ParameterError(f"parameter '{text}' is not of the form name=value")
    type_ = m["type"]
    if type_ is not None and type_ not in PARAM_TYPES:
        raise ParameterError(
            f"parameter '{m['name']}' has unknown type '{type_}' (one of {', '.join(PARAM_TYPES)})"
        )
    return m["name"], type_, raw


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """Parameters from several ``name=value`` strings (later ones win)."""
    return dict(parse_param(i) for i in items)


def _json_or_text(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def parse_date(text: str) -> _dt.date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a date (the first day of a year or
    month), or None when it is not one.

    >>> parse_date("2019"), parse_date("2019-08-14"), parse_date("14/08/2019")
    (datetime.date(2019, 1, 1), datetime.date(2019, 8, 14), None)
    """
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _mistyped(name: str, type_: str, raw: object, example: str) -> ParameterError:
    shown = raw if isinstance(raw, str) else json.dumps(raw, default=str)
    return ParameterError(f"parameter '{name}' must be {type_}, got '{shown}' (e.g. {name}={example})")


_EXAMPLES = {
    "int": "2019",
    "float": "0.5",
    "bool": "true",
    "list": "cn,kg or '[\"cn\",\"kg\"]'",
    "map": "'{\"a\": 1}'",
    "date": "2019-05-01",
    "string": "text",
    "any": "2019",
}


def convert_value(raw: str, type_: str, name: str = "value") -> Any:
    """Convert a parameter given as text to ``type_``.

    ``null`` is None for every type but ``string``. Lists are JSON (``["cn","kg"]``)
    or comma-separated (``cn,kg``; numbers in them become numbers); dates are
    ``YYYY[-MM[-DD]]``, checked and kept as that text (the form events store, see the
    module's docstring); ``any`` reads JSON when it is JSON, else text.

    >>> convert_value("3", "int"), convert_value("cn,kg", "list"), convert_value("yes", "bool")
    (3, ['cn', 'kg'], True)

    Raises:
        ParameterError: the text is not a value of that type.
    """
    example = _EXAMPLES.get(type_, "...")
    text = raw.strip()
    if type_ == "string":
        return raw
    if text == "null":
        return None
    if type_ == "any":
        return _json_or_text(raw)
    if type_ == "int":
        try:
            return int(text.replace("_", ""))
        except ValueError:
            raise _mistyped(name, "an integer", raw, example) from None
    if type_ == "float":
        try:
            return float(text)
        except ValueError:
            raise _mistyped(name, "a number", raw, example) from None
    if type_ == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise _mistyped(name, "true or false", raw, example)
    if type_ == "list":
        if text.startswith("{"):
            raise _mistyped(name, "a list", raw, example)
        if text.startswith("["):
            value = _json_or_text(text)
            if not isinstance(value, list):
                raise _mistyped(name, "a list", raw, example)
            return value
        if not text:
            return []
        return [_json_or_text(x.strip()) if _is_number(x.strip()) else x.strip() for x in text.split(",")]
    if type_ == "map":
        value = _json_or_text(text)
        if not isinstance(value, dict):
            raise _mistyped(name, "a JSON object", raw, example)
        return value
    if type_ == "date":
        if parse_date(text) is None:
            raise _mistyped(name, "a date (YYYY, YYYY-MM or YYYY-MM-DD)", raw, example)
        return text
    raise ParameterError(f"parameter '{name}' has unknown type '{type_}'")


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", text))


def check_value(value: Any, type_: str, name: str = "value") -> Any:
    """Check a parameter given as JSON (``--params FILE.json``) against ``type_``;
    strings are converted where the type allows (dates, numbers written as text).

    Raises:
        ParameterError: the value is not of that type.
    """
    if value is None or type_ == "any":
        return value
    if isinstance(value, str) and type_ in ("int", "float", "bool", "date"):
        return convert_value(value, type_, name)
    ok = {
        "string": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "list": isinstance(value, list),
        "map": isinstance(value, dict),
        "date": False,
    }.get(type_, True)
    if not ok:
        what = {"int": "an integer", "float": "a number", "bool": "true or false", "list": "a list",
                "map": "an object", "date": "a date string", "string": "a string"}.get(type_, type_)
        raise _mistyped(name, what, value, _EXAMPLES.get(type_, "..."))
    return float(value) if type_ == "float" else value


def load_params_file(path: Path) -> dict[str, Any]:
    """Parameters from a JSON file holding one object.

    Raises:
        UsageError: the file cannot be read or is not a JSON object.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read parameters file {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: parameters must be a JSON object of name: value")
    for key in data:
        if not _NAME.match(key):
            raise UsageError(f"{path}: '{key}' is not a parameter name")
    return data


def bind_params(
    query: Query | None, items: Iterable[str] = (), file_values: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The parameters of a statement from ``-p`` items and ``--params`` values
    (``-p`` wins).

    For a named query, values are converted to the declared types, defaults filled
    in, and missing or unknown names reported; for ad hoc Cypher (``query`` None),
    values are read as JSON when they are JSON, or to the type given as ``name:type``.

    Raises:
        ParameterError: a value of the wrong type, or a missing or unknown parameter.
    """
    file_values = dict(file_values or {})
    if query is None:
        params = dict(file_values)
        params.update(parse_params(items))
        return params
    given: dict[str, Any] = {}
    declared = {p.name: p for p in query.params}
    for name, value in file_values.items():
        p = declared.get(name)
        given[name] = check_value(value, p.type, name) if p else value
    for item in items:
        name, type_, raw = split_param(item)
        p = declared.get(name)
        if p is None:
            given[name] = raw  # bind() reports it as unknown, with the names it takes
            continue
        if type_ is not None and type_ not in (p.type, "any"):
            raise ParameterError(
                f"parameter '{name}' of query '{query.name}' is {p.type}, not {type_}"
            )
        given[name] = convert_value(raw, p.type, name)
    return query.bind(given)


def describe_param(p: Param) -> str:
    """``name int = 2019`` or ``name string (required)``, for listings and help."""
    type_ = f"{p.type}[{p.range[0]}..{p.range[1]}]" if p.range else p.type
    if p.required:
        return f"{p.name} {type_} (required)"
    return f"{p.name} {type_} = {json.dumps(p.default)}"


# -- statements ---------------------------------------------------------------------
@dataclass(frozen=True)
class Statement:
    """What to run: Cypher text, and the named query it came from (if any)."""

    text: str
    query: Query | None = None

    @property
    def name(self) -> str:
        return self.query.name if self.query else ""


def looks_like_name(text: str) -> bool:
    """Whether ``graphtool query TEXT`` names a query rather than giving Cypher.

    >>> looks_like_name("partners_by_year"), looks_like_name("RETURN 1")
    (True, False)
    """
    return bool(_QUERY_NAME.match(text.strip()))


def resolve_statement(
    text: str | None = None,
    file: Path | None = None,
    extra_dirs: Iterable[Path] = (),
) -> Statement:
    """The statement for ``graphtool query``: a named query when ``text`` is a bare
    name, else the Cypher in ``text`` or in ``file``.

    Raises:
        QueryNotFound: ``text`` is a name no query has (with close matches).
        UsageError: no statement, both text and file, or an unreadable file.
    """
    if text is not None and file is not None:
        raise UsageError("give the statement as an argument or with -f FILE, not both")
    if file is not None:
        try:
            body = Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read {file}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise UsageError(f"{file} is not UTF-8 text") from None
        if body.lstrip().startswith("//"):
            # A file with a header is a named query kept elsewhere: honour its params.
            from .store.queries import parse_query

            q = parse_query(Path(file).stem, body, str(file))
            return Statement(q.text, q)
        text = body
    if text is None or not text.strip():
        raise UsageError("no statement given: pass CYPHER, a query name, -f FILE, or pipe it on stdin")
    stripped = strip_statement(text)
    if looks_like_name(stripped):
        q = get_named_query(stripped, extra_dirs)
        return Statement(q.text, q)
    return Statement(stripped)


def strip_statement(text: str) -> str:
    """The statement without surrounding space and a trailing ``;``.

    >>> strip_statement("  RETURN 1 ;\\n")
    'RETURN 1'
    """
    text = text.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text


def run_cypher(
    db: GraphDB, text: str, params: Mapping[str, Any] | None = None, *, write: bool = False
) -> Result:
    """Run a user's statement. Without ``write`` it runs read-only, enforced by the server.

    Without ``write``, a statement that plainly writes, changes the schema, administers
    users or runs its own transactions is refused before anything is sent
    (:func:`write_reason`), and everything else runs so that the server refuses any
    write (:meth:`graphtool.db.GraphDB.run_read_only`).

    Raises:
        WriteRefused: the statement writes and ``write`` is false (nothing was changed).
        ReadOnlyUnavailable: the server cannot be trusted to refuse writes.
        QueryFailed: the database rejected it.
    """
    if write:
        return db.run_write_once(text, params, autocommit=needs_autocommit(text))
    reason = write_reason(text)
    if reason is not None:
        raise WriteRefused(reason)
    return db.run_read_only(text, params)


def run_statement(
    db: GraphDB, statement: Statement, params: Mapping[str, Any] | None = None, *, write: bool = False
) -> Result:
    """Run a :class:`Statement`; a failure names the named query it came from.

    Raises:
        WriteRefused, QueryFailed: as :func:`run_cypher`.
    """
    # A named query's integer bounds (``__max_hops__``) are written into its text.
    text = statement.query.render(params or {}) if statement.query else statement.text
    try:
        return run_cypher(db, text, params, write=write)
    except QueryFailed as exc:
        if statement.name and not exc.query_name:
            raise QueryFailed(database_message(exc), exc.code, statement.name) from None
        raise


def database_message(exc: QueryFailed) -> str:
    """The database's own message inside a :class:`QueryFailed`."""
    text = str(exc)
    _, sep, rest = text.partition(": ")
    return rest if sep else text


_POSITIONS = (
    re.compile(r"\(offset: (?P<offset>\d+)\)"),  # Neo4j: (line 1, column 11 (offset: 10))
    re.compile(r"line (?P<line>\d+):(?P<col0>\d+)"),  # local server parser: line 1:9 (0-based)
    re.compile(r"line (?P<line>\d+), column (?P<col0>\d+)"),  # local server: line 1, column 10
)


def error_position(message: str, text: str) -> tuple[int, int] | None:
    """Where in ``text`` a database error points, as (line, column), both from 1.

    >>> error_position("Invalid input 'X' (line 1, column 7 (offset: 6))", "RETURN X")
    (1, 7)
    >>> error_position("Syntax error at line 1:9 - no viable alternative", "MATCH (n RETURN n")
    (1, 10)
    """
    for pattern in _POSITIONS:
        m = pattern.search(message)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("offset") is not None:
            offset = min(int(groups["offset"]), len(text))
            line = text.count("\n", 0, offset) + 1
            return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
        return int(groups["line"]), int(groups["col0"]) + 1
    return None


def error_context(message: str, text: str) -> list[str]:
    """The statement's line an error points at and a caret under the position
    (empty when the message gives no position).

    >>> error_context("Syntax error at line 1:9 - x", "MATCH (n RETURN n")
    ['  MATCH (n RETURN n', '           ^']
    """
    pos = error_position(message, text)
    if pos is None:
        return []
    line_no, col = pos
    lines = text.splitlines() or [""]
    if not 1 <= line_no <= len(lines):
        return []
    prefix = f"{line_no}| " if len(lines) > 1 else "  "
    return [prefix + lines[line_no - 1], " " * (len(prefix) + col - 1) + "^"]


def explain_failure(exc: QueryFailed, text: str) -> tuple[str, list[str]]:
    """One ``Error:`` line for a rejected statement, naming the position, and the
    context lines to show under it (the statement's line with a caret)."""
    lines = str(exc).splitlines()
    first = lines[0] if lines else str(exc)
    pos = error_position("\n".join(lines), text)
    if pos is not None and "line" not in first:
        first += f" (line {pos[0]}, column {pos[1]})"
    return first, error_context("\n".join(lines), text)


def limit_rows(result: Result, limit: int | None) -> tuple[list[dict[str, Any]], int]:
    """The rows to show under ``--limit`` and how many there were in all."""
    total = len(result.rows)
    if limit is None or limit >= total:
        return result.rows, total
    return result.rows[:limit], total


# -- schema -------------------------------------------------------------------------
@dataclass(frozen=True)
class Schema:
    """What the graph holds: labels, relationship types and property keys with
    counts, and the constraints in force."""

    labels: dict[str, int] = field(default_factory=dict)
    relationship_types: dict[str, int] = field(default_factory=dict)
    node_keys: list[dict[str, Any]] = field(default_factory=list)
    relationship_keys: list[dict[str, Any]] = field(default_factory=list)
    constraints: list[dict[str, Any]] = field(default_factory=list)

    @property
    def property_keys(self) -> list[str]:
        """Every property key, sorted."""
        keys = {r["key"] for r in self.node_keys} | {r["key"] for r in self.relationship_keys}
        return sorted(keys)

    def sections(self) -> dict[str, tuple[list[dict[str, Any]], list[str]]]:
        """The schema as titled tables: {title: (rows, columns)}."""
        return {
            "Labels": ([{"label": k, "count": v} for k, v in self.labels.items()], ["label", "count"]),
            "Relationship types": (
                [{"type": k, "count": v} for k, v in self.relationship_types.items()],
                ["type", "count"],
            ),
            "Node property keys": (self.node_keys, ["label", "key", "count"]),
            "Relationship property keys": (self.relationship_keys, ["type", "key", "count"]),
            "Constraints": (
                self.constraints,
                ["name", "type", "entityType", "labelsOrTypes", "properties"],
            ),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "relationshipTypes": self.relationship_types,
            "nodePropertyKeys": self.node_keys,
            "relationshipPropertyKeys": self.relationship_keys,
            "constraints": self.constraints,
        }


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def fetch_schema(db: GraphDB, *, constraints: bool = True) -> Schema:
    """Read the graph's schema from the data (portable: no ``db.propertyKeys()``,
    which the local server leaves empty)."""
    labels = {r["label"]: r["count"] for r in db.read(get_query("stats/node_counts"))}
    types = {r["type"]: r["count"] for r in db.read(get_query("stats/relationship_counts"))}
    node_keys = db.read(get_query("schema/node_property_keys"))
    rel_keys = db.read(get_query("schema/relationship_property_keys"))
    found: list[dict[str, Any]] = []
    if constraints:
        for r in db.read(get_query("schema/show_constraints")):
            found.append(
                {
                    "name": r.get("name"),
                    "type": r.get("type"),
                    "entityType": r.get("entityType"),
                    "labelsOrTypes": _as_list(r.get("labelsOrTypes")),
                    "properties": _as_list(r.get("properties")),
                }
            )
        found.sort(key=lambda c: (str(c["labelsOrTypes"]), str(c["properties"]), str(c["name"])))
    return Schema(labels, types, node_keys, rel_keys, found)
