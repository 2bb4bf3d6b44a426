"""Cypher statements kept as ``.cypher`` files, one statement per file.

A file's name (its path under the folder, without ``.cypher``) is the query's name:
``cypher/load/merge_nodes.cypher`` is ``load/merge_nodes``. Its leading comment lines
are its header::

    // One-line description.
    // Further description (optional).
    // @param year int = null  first year kept (inclusive)
    MATCH (e:Event) WHERE $year IS NULL OR e.year >= $year RETURN e.id AS id

Every ``$name`` the body uses must be declared with ``@param``; a file that breaks
this is reported with its path and line. An ``int`` parameter may declare a range
(``@param max_hops int[1..8] = 6``), which :meth:`Query.bind` enforces; only such a
parameter may also be written ``__max_hops__`` where Cypher allows no parameter (a
variable-length bound, ``[:PART_OF*..__max_hops__]``): :meth:`Query.render` writes the
checked integer there, never user text. graphtool's own statements are in ``graphtool/store/cypher/``
(:func:`graphtool.paths.cypher_dir`); named queries for users live in its ``queries/``
folder, and a user's own folder adds more (``--queries-dir`` or
``GRAPHTOOL_QUERIES``).
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ParameterError, QueryFileInvalid, QueryNotFound
from ..model import META_LABELS, NODE_LABELS, REL_TYPES
from ..paths import cypher_dir

#: Parameter types a header may declare.
PARAM_TYPES = ("string", "int", "float", "bool", "list", "map", "date", "any")

_PARAM_LINE = re.compile(
    r"^@param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\w+)"
    r"(?:\[(?P<low>-?\d+)\.\.(?P<high>-?\d+)\])?"
    r"(?:\s*=\s*(?P<default>\S+))?(?:\s+(?P<doc>.*))?$"
)
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PLACEHOLDER = re.compile(r"__([A-Z]+)__")
#: An integer parameter written into the text (``__max_hops__``); see :meth:`Query.render`.
_LITERAL = re.compile(r"__([a-z][a-z0-9]*(?:_[a-z0-9]+)*)__")
_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S
)


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    default: Any = None
    required: bool = True
    doc: str = ""
    #: Inclusive bounds of an ``int`` parameter (``int[1..8]``), or None.
    range: tuple[int, int] | None = None

    def check_range(self, value: Any, query: str) -> None:
        """Raise :class:`ParameterError` when ``value`` is outside the declared range."""
        if self.range is None or value is None:
            return
        low, high = self.range
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ParameterError(
                f"parameter '{self.name}' of query '{query}' must be an integer from {low} to {high}, "
                f"got {value!r}"
            )


@dataclass(frozen=True)
class Query:
    """A Cypher statement read from a .cypher file."""

    name: str
    text: str
    description: str = ""
    params: tuple[Param, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)

    def bind(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Check ``given`` against the declared parameters and fill in defaults.

        Raises:
            ParameterError: a required parameter is missing or an unknown one is given.
        """
        given = dict(given or {})
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            names = ", ".join(p.name for p in self.params) or "none"
            raise ParameterError(
                f"query '{self.name}' has no parameter '{unknown[0]}' (it takes: {names})"
            )
        bound: dict[str, Any] = {}
        for p in self.params:
            if p.name in given:
                bound[p.name] = given[p.name]
            elif p.required:
                raise ParameterError(
                    f"query '{self.name}' needs parameter '{p.name}' ({p.type}): "
                    f"pass -p {p.name}=VALUE"
                )
            else:
                bound[p.name] = p.default
            p.check_range(bound[p.name], self.name)
        return bound

    def render(self, params: Mapping[str, Any]) -> str:
        """The text to send: each ``__name__`` replaced by the integer ``params[name]``.

        Cypher takes no parameter as a variable-length bound, so such a bound is written
        into the text; only an ``int`` parameter with a declared range can be, and its
        value is checked again here, so nothing but digits reaches the text.

        >>> q = parse_query("p", "// Chains.\\n// @param hops int[1..4] = 2\\n"
        ...                 "MATCH p = (a)-[:PART_OF*..__hops__]->(b) RETURN p")
        >>> q.render(q.bind({"hops": 3}))
        'MATCH p = (a)-[:PART_OF*..3]->(b) RETURN p'

        Raises:
            ParameterError: the value is missing or not an integer in the range.
        """

        def literal(m: re.Match[str]) -> str:
            p = self.param(m.group(1))
            if p is None or p.range is None:  # parse_query refuses such files
                raise ParameterError(f"query '{self.name}' has no integer parameter '{m.group(1)}'")
            value = params.get(p.name)
            if value is None:
                raise ParameterError(f"query '{self.name}' needs parameter '{p.name}' (int): "
                                     f"pass -p {p.name}=VALUE")
            p.check_range(value, self.name)
            return str(int(value))

        return _LITERAL.sub(literal, self.text)


def _parse_default(text: str, path: str, line: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise QueryFileInvalid(
            path, line, f"default {text!r} is not a JSON value (use null, 1, \"x\", [] ...)"
        ) from None


def parse_query(name: str, text: str, path: str = "<string>") -> Query:
    """Parse a .cypher file's text into a :class:`Query`.

    >>> q = parse_query("demo", "// Count actors.\\n// @param k string = null\\n"
    ...                 "MATCH (a:Actor) WHERE $k IS NULL OR a.kind = $k RETURN count(a)")
    >>> q.description, [p.name for p in q.params], q.params[0].required
    ('Count actors.', ['k'], False)
    """
    lines = text.splitlines()
    desc: list[str] = []
    params: list[Param] = []
    body_start = len(lines)
    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            body_start = i
            break
        content = stripped[2:].strip()
        if content.startswith("@param"):
            m = _PARAM_LINE.match(content)
            if not m:
                raise QueryFileInvalid(
                    path, i + 1, "malformed @param line (expected '@param NAME TYPE [= DEFAULT] doc')"
                )
            ptype = m["type"]
            if ptype not in PARAM_TYPES:
                raise QueryFileInvalid(
                    path, i + 1, f"unknown parameter type '{ptype}' (one of {', '.join(PARAM_TYPES)})"
                )
            range_ = None
            if m["low"] is not None:
                range_ = (int(m["low"]), int(m["high"]))
                if ptype != "int" or range_[0] > range_[1]:
                    raise QueryFileInvalid(
                        path, i + 1, "a range is for int parameters only, low to high (int[1..8])"
                    )
            has_default = m["default"] is not None
            param = Param(
                name=m["name"],
                type=ptype,
                default=_parse_default(m["default"], path, i + 1) if has_default else None,
                required=not has_default,
                doc=(m["doc"] or "").strip(),
                range=range_,
            )
            try:
                param.check_range(param.default, name)
            except ParameterError:
                raise QueryFileInvalid(
                    path, i + 1, f"default {param.default!r} is outside the range"
                ) from None
            params.append(param)
        elif content.startswith("@"):
            raise QueryFileInvalid(path, i + 1, f"unknown header tag '{content.split()[0]}'")
        elif content:
            desc.append(content)
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise QueryFileInvalid(path, 1, "no statement after the header")
    if not desc:
        raise QueryFileInvalid(path, 1, "missing description comment at the top")
    declared = {p.name for p in params}
    ranged = {p.name for p in params if p.range is not None}
    scrubbed = _STRINGS_AND_COMMENTS.sub(lambda m: " " * len(m.group(0)), body)
    for m in _PARAM_USE.finditer(scrubbed):
        if m.group(1) not in declared:
            line = body_start + scrubbed.count("\n", 0, m.start()) + 1
            raise QueryFileInvalid(
                path, line, f"parameter ${m.group(1)} is used but not declared with @param"
            )
    for m in _LITERAL.finditer(scrubbed):
        if m.group(1) not in ranged:
            line = body_start + scrubbed.count("\n", 0, m.start()) + 1
            raise QueryFileInvalid(
                path, line, f"__{m.group(1)}__ must name an int parameter declared with a range "
                f"(@param {m.group(1)} int[LOW..HIGH])"
            )
    return Query(name=name, text=body, description=" ".join(desc), params=tuple(params),
                 path=Path(path) if path != "<string>" else None)


def _scan(folder: Path, prefix: str = "") -> dict[str, Path]:
    found: dict[str, Path] = {}
    if folder.is_dir():
        for p in sorted(folder.rglob("*.cypher")):
            name = p.relative_to(folder).with_suffix("").as_posix()
            found[prefix + name] = p
    return found


@functools.cache
def _read(path: Path, name: str) -> Query:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryFileInvalid(str(path), 1, f"cannot read file: {exc}") from None
    return parse_query(name, text, str(path))


def get_query(name: str) -> Query:
    """The project's statement called ``name`` (e.g. ``"load/merge_nodes"``)."""
    path = cypher_dir() / f"{name}.cypher"
    if not path.is_file():
        raise QueryNotFound(name, difflib.get_close_matches(name, list(_scan(cypher_dir()))))
    return _read(path, name)


def user_query_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    """Folders of users' named queries: ``extra`` then ``$GRAPHTOOL_QUERIES`` (``:``-separated)."""
    dirs = [Path(p) for p in extra]
    env = os.environ.get("GRAPHTOOL_QUERIES")
    if env:
        dirs += [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    return dirs


def _named_paths(extra_dirs: Iterable[Path] = ()) -> dict[str, Path]:
    """Every named query's file by name; a user's file replaces a bundled one."""
    paths = _scan(cypher_dir() / "queries")
    for d in user_query_dirs(extra_dirs):
        paths.update(_scan(d))
    return paths


def named_query_names(extra_dirs: Iterable[Path] = ()) -> list[str]:
    """The names of all named queries, sorted, without parsing their files."""
    return sorted(_named_paths(extra_dirs))


def named_queries(extra_dirs: Iterable[Path] = ()) -> dict[str, Query]:
    """All named queries: the bundled ``cypher/queries/`` and the users' folders.

    A user's query with the same name as a bundled one replaces it. Every file is
    parsed, so one malformed file raises :class:`QueryFileInvalid`.
    """
    return {name: _read(p, name) for name, p in sorted(_named_paths(extra_dirs).items())}


def get_named_query(name: str, extra_dirs: Iterable[Path] = ()) -> Query:
    """The named query ``name``, with close matches in the error when there is none.

    Only that query's file is parsed: a malformed file elsewhere in the folders
    does not stop the others from running.
    """
    paths = _named_paths(extra_dirs)
    if name not in paths:
        raise QueryNotFound(name, difflib.get_close_matches(name, list(paths), n=3))
    return _read(paths[name], name)


def fill(query: Query, **names: str) -> Query:
    """Fill a template statement's ``__NAME__`` placeholders with labels or types.

    Labels and relationship types cannot be Cypher parameters; templates let one
    file serve every label, and only names from :mod:`graphtool.model` are accepted.

    >>> q = parse_query("t", "// Count.\\nMATCH (n:__LABEL__) RETURN count(n)")
    >>> fill(q, LABEL="Actor").text
    'MATCH (n:Actor) RETURN count(n)'
    """
    allowed = set(NODE_LABELS) | set(META_LABELS) | set(REL_TYPES)
    for value in names.values():
        if value not in allowed:
            raise ValueError(f"{value!r} is not a label or relationship type of the model")
    wanted = set(_PLACEHOLDER.findall(query.text))
    if wanted != set(names):
        raise ValueError(f"query {query.name} takes placeholders {sorted(wanted)}, got {sorted(names)}")
    text = _PLACEHOLDER.sub(lambda m: names[m.group(1)], query.text)
    return Query(query.name, text, query.description, query.params, query.path)
