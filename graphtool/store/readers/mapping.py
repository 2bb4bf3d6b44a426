"""The table loader's mapping files (TOML, format 1): read, checked, and bound to a table.

A mapping file says how each row of a table (CSV, TSV or XLSX) becomes one event: its
id, name, kind, date and the rest from templates over the row's cells, its
participants and places from columns of names, and its citation. The format is in
``docs/import-format.md`` (Tables); ``graphtool extract`` writes stubs of it.

:func:`read_mapping` parses and checks a file by itself (keys, types, kinds, roles,
templates) and :meth:`Mapping.bind` checks it against the table's header (every column
it names exists). Each mistake is a problem with the mapping file's line: the TOML
parser's own line for syntax errors, else the line of the key at fault.

Templates: ``{Column name}`` is the cell of that column, ``{row}`` the data row (from
1, blank rows not counted), ``{line}`` the row's line in the file (its row number in a
spreadsheet); a column called ``row`` or ``line`` wins over these. ``{{`` and ``}}``
are braces.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import KINDS, REL_TYPES
from . import Problems, decode_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: The mapping format this graphtool reads.
FORMAT = 1
#: Table files the loader reads, by suffix.
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")
#: Template fields that are no column: the data row and the line.
BUILTINS = ("row", "line")
ROLES: tuple[str, ...] = REL_TYPES["PARTICIPATED_IN"].roles or ()
EVENT_KINDS: tuple[str, ...] = KINDS["Event"] or ()
_KEYS: dict[str, tuple[str, ...]] = {
    "": ("format", "table", "citation", "event"),
    "table": ("file", "sheet", "delimiter", "header"),
    "citation": ("source", "locator", "source_column", "locator_column"),
    "event": (
        "id",
        "name",
        "kind",
        "kind_column",
        "kind_map",
        "date",
        "end_date",
        "size",
        "size_note",
        "summary",
        "note",
        "participants",
        "places",
    ),
    "event.participants": ("column", "split", "role", "label", "kind"),
    "event.places": ("column", "split", "label", "kind"),
}
_TEMPLATES = ("id", "name", "date", "end_date", "size", "size_note", "summary", "note")
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_AT_END = re.compile(r"\s*\(at end of document\)")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_BARE = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_KEY = re.compile(rf"^\s*({_BARE}(?:\s*\.\s*{_BARE})*)\s*=")


# -- templates ----------------------------------------------------------------------
@dataclass(frozen=True)
class Template:
    """A text with ``{field}`` holes (see the module docstring)."""

    text: str
    parts: tuple[tuple[bool, str], ...]  # (is a field, text or field name)

    @property
    def fields(self) -> list[str]:
        return [t for is_field, t in self.parts if is_field]

    def fill(self, value: Callable[[str], str]) -> str:
        """The text with each field's value, stripped."""
        return "".join(value(t) if is_field else t for is_field, t in self.parts).strip()


def parse_template(text: str) -> Template:
    """A template from its text.

    >>> parse_template("t1-{row}").fill(lambda f: "7")
    't1-7'
    >>> parse_template("{{{Name}}}").fields
    ['Name']

    Raises:
        ValueError: a brace without its partner, or an empty field.
    """
    parts: list[tuple[bool, str]] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in "{}" and text[i : i + 2] in ("{{", "}}"):
            literal.append(c)
            i += 2
            continue
        if c == "}":
            raise ValueError(f"'{text}' has a '}}' without its '{{' (write '}}}}' for a brace)")
        if c == "{":
            end = text.find("}", i + 1)
            if end < 0 or "{" in text[i + 1 : end]:
                raise ValueError(f"'{text}' has a '{{' without its '}}' (write '{{{{' for a brace)")
            name = text[i + 1 : end]
            if not name.strip():
                raise ValueError(f"'{text}' has an empty field '{{}}' (name a column: '{{Year}}')")
            if literal:
                parts.append((False, "".join(literal)))
                literal = []
            parts.append((True, name))
            i = end + 1
            continue
        literal.append(c)
        i += 1
    if literal:
        parts.append((False, "".join(literal)))
    return Template(text, tuple(parts))


# -- the mapping ----------------------------------------------------------------------
@dataclass
class Names:
    """A ``[[event.participants]]`` or ``[[event.places]]`` block: a column of names."""

    where: str  # its key path, e.g. event.participants[1]
    column: str
    split: str
    label: str
    kind: str
    role: str | None = None  # participants only
    index: int = -1  # the column's index, once bound

    def names(self, cell: str) -> list[str]:
        """The names in a cell, split at any of ``split``'s characters, each once."""
        out: list[str] = []
        for name in re.split("[" + re.escape(self.split) + "]", cell) if self.split else [cell]:
            name = " ".join(name.split())
            if name and name.lower() not in (n.lower() for n in out):
                out.append(name)
        return out


@dataclass
class Mapping:
    """A mapping file, checked."""

    path: Path
    table: Path
    sheet: str | None = None
    delimiter: str | None = None
    header: int = 1
    source: str | None = None
    locator: Template | None = None
    source_column: str | None = None
    locator_column: str | None = None
    templates: dict[str, Template] = field(default_factory=dict)  # event key -> template
    kind: str | None = None
    kind_column: str | None = None
    kind_map: dict[str, str] = field(default_factory=dict)
    participants: list[Names] = field(default_factory=list)
    places: list[Names] = field(default_factory=list)
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)  # column name -> index, once bound

    def line(self, *path: Any) -> int:
        """The line of a key (or of the nearest section that holds it; 0 if unknown)."""
        for n in range(len(path), 0, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return 0

    def bind(self, header: Sequence[str], table_name: str, problems: Problems) -> bool:
        """Check every column the mapping names against ``header``; remember their
        indexes. False (with problems) when one is missing or ambiguous."""
        exact: dict[str, list[int]] = {}
        lower: dict[str, list[int]] = {}
        for i, h in enumerate(header):
            if h:
                exact.setdefault(h, []).append(i)
                lower.setdefault(h.lower(), []).append(i)
        shown = ", ".join(h for h in header if h) or "none"
        ok = True

        def find(name: str, where: str, path: tuple[Any, ...], builtin: bool = False) -> None:
            nonlocal ok
            found = exact.get(name) or lower.get(name.lower())
            if not found:
                if builtin and name in BUILTINS:
                    return
                problems.add(
                    self.path,
                    self.line(*path),
                    f"{where}: no column '{name}' in {table_name} (columns: {shown})",
                )
                ok = False
            elif len(found) > 1:
                problems.add(
                    self.path,
                    self.line(*path),
                    f"{where}: column '{name}' appears {len(found)} times in {table_name}'s header "
                    f"(columns {', '.join(str(i + 1) for i in found)}); rename one",
                )
                ok = False
            else:
                self.columns[name] = found[0]

        for key, t in self.templates.items():
            for f in t.fields:
                find(f, f"event.{key} = '{t.text}'", ("event", key), builtin=True)
        if self.locator is not None:
            for f in self.locator.fields:
                find(f, f"citation.locator = '{self.locator.text}'", ("citation", "locator"), builtin=True)
        for key in ("source_column", "locator_column"):
            column = getattr(self, key)
            if column is not None:
                find(column, f"citation.{key}", ("citation", key))
        if self.kind_column is not None:
            find(self.kind_column, "event.kind_column", ("event", "kind_column"))
        for group, blocks in (("participants", self.participants), ("places", self.places)):
            for n, block in enumerate(blocks):
                find(block.column, f"{block.where}.column", ("event", group, n, "column"))
                block.index = self.columns.get(block.column, -1)
        return ok

    def used_columns(self) -> set[int]:
        """The indexes of every column the mapping reads."""
        return set(self.columns.values())


def key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """The line of each section and key of a TOML text, keyed by its path
    (``("event", "participants", 0, "column")``); dotted and quoted keys are split.

    >>> lines = key_lines('format = 1\\n[event]\\nname = "x"\\n[[event.places]]\\ncolumn = "L"\\n')
    >>> lines[("event",)], lines[("event", "places", 0, "column")]
    (2, 5)
    """
    out: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    counts: dict[tuple[Any, ...], int] = {}
    closing: str | None = None
    for no, line in enumerate(text.splitlines(), 1):
        if closing is not None:
            if closing in line:
                closing = None
            continue
        m = _HEADER.match(line)
        if m:
            path = tuple(_parts(m.group(2)))
            if m.group(1) == "[[":
                counts[path] = counts.get(path, -1) + 1
                current = (*path, counts[path])
            else:
                current = path
            out.setdefault(current, no)
            continue
        m = _KEY.match(line)
        if m:
            out.setdefault((*current, *_parts(m.group(1))), no)
            rest = line[m.end() :]
            for quotes in ('"""', "'''"):
                if rest.count(quotes) == 1:
                    closing = quotes
    return out


def _parts(dotted: str) -> Iterator[str]:
    for m in re.finditer(_BARE, dotted):
        yield m.group().strip("\"'")


class _Checker:
    """Reads the values of one mapping file, adding a problem per mistake."""

    def __init__(self, path: Path, lines: dict[tuple[Any, ...], int], problems: Problems) -> None:
        self.path = path
        self.lines = lines
        self.problems = problems
        self.ok = True

    def line(self, *path: Any) -> int:
        for n in range(len(path), 0, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return 0

    def problem(self, path: tuple[Any, ...], reason: str) -> None:
        self.problems.add(self.path, self.line(*path), reason)
        self.ok = False

    def keys(self, table: MappingType[str, Any], section: str, path: tuple[Any, ...]) -> None:
        allowed = _KEYS[section]
        for key in table:
            if key not in allowed:
                where = f"[{section}]" if section else "the mapping"
                self.problem((*path, key), f"unknown key '{key}' in {where} (keys: {', '.join(allowed)})")

    def text(self, table: MappingType[str, Any], key: str, path: tuple[Any, ...], name: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem((*path, key), f"{name} must be text in quotes, not {_shown(value)}")
            return None
        return value

    def section(self, data: MappingType[str, Any], key: str) -> MappingType[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.problem((key,), f"'{key}' must be a section ([{key}]), not {_shown(value)}")
            return {}
        return value


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a section"
    return repr(value)


def read_mapping(path: Path, problems: Problems) -> Mapping | None:
    """The mapping in ``path``, checked by itself; None (with problems) when it has
    mistakes."""
    try:
        data_bytes = path.read_bytes()
    except IsADirectoryError:
        problems.add(path, 0, "is a folder: name the table's mapping file (.toml)")
        return None
    except OSError as exc:
        problems.add(path, 0, f"cannot read file: {exc.strerror or exc}")
        return None
    text = decode_text(path, data_bytes, problems)
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = 0
        at = _AT_LINE.search(message)
        if at:
            line = int(at.group(1))
            message = f"{message[: at.start()]} (column {at.group(2)})"
        elif (end := _AT_END.search(message)) is not None:
            line = max(1, len(text.splitlines()))
            message = f"{message[: end.start()]} (at the end of the file)"
        problems.add(path, line, f"not valid TOML: {message}")
        return None
    c = _Checker(path, key_lines(text), problems)
    c.keys(data, "", ())
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT or isinstance(fmt, bool):
        c.problem(
            ("format",), f"format = {_shown(fmt)}: this graphtool reads table mappings of format {FORMAT}"
        )
        return None
    table = c.section(data, "table")
    citation = c.section(data, "citation")
    event = c.section(data, "event")
    c.keys(table, "table", ("table",))
    c.keys(citation, "citation", ("citation",))
    c.keys(event, "event", ("event",))
    # [table]
    file = c.text(table, "file", ("table",), "table.file")
    if file is None and "file" not in table:
        c.problem(("table",), 'no [table] file: name the table the mapping reads (file = "events.csv")')
    target = path.parent / file if file else path
    if file and Path(file).suffix.lower() not in TABLE_SUFFIXES:
        c.problem(("table", "file"), f"table.file '{file}': a table is a {', '.join(TABLE_SUFFIXES)} file")
    m = Mapping(path, target, lines=c.lines)
    m.sheet = c.text(table, "sheet", ("table",), "table.sheet")
    if m.sheet is not None and file and Path(file).suffix.lower() != ".xlsx":
        c.problem(("table", "sheet"), "table.sheet is for .xlsx tables only")
    m.delimiter = c.text(table, "delimiter", ("table",), "table.delimiter")
    if m.delimiter is not None and len(m.delimiter) != 1:
        c.problem(("table", "delimiter"), f"table.delimiter must be one character, not {m.delimiter!r}")
    header = table.get("header", 1)
    if not isinstance(header, int) or isinstance(header, bool) or header < 1:
        c.problem(
            ("table", "header"), f"table.header is the header's row number (1, 2, ...), not {_shown(header)}"
        )
    else:
        m.header = header
    # [citation]
    for key in ("source", "locator", "source_column", "locator_column"):
        value = c.text(citation, key, ("citation",), f"citation.{key}")
        if key == "locator" and value is not None:
            try:
                m.locator = parse_template(value)
            except ValueError as exc:
                c.problem(("citation", key), f"citation.locator: {exc}")
        elif value is not None:
            setattr(m, key, value)
    for a, b in (("source", "source_column"), ("locator", "locator_column")):
        if a in citation and b in citation:
            c.problem(("citation", b), f"give citation.{a} or citation.{b}, not both")
    # [event]
    if not event and "event" not in data:
        c.problem((), 'no [event] section: say how a row becomes an event (at least name = "{Column}")')
    for key in _TEMPLATES:
        value = c.text(event, key, ("event",), f"event.{key}")
        if value is not None:
            try:
                m.templates[key] = parse_template(value)
            except ValueError as exc:
                c.problem(("event", key), f"event.{key}: {exc}")
    if "name" not in event and "event" in data:
        c.problem(("event",), 'no event.name: say what names each event (name = "{Exercise}")')
    m.kind = c.text(event, "kind", ("event",), "event.kind")
    m.kind_column = c.text(event, "kind_column", ("event",), "event.kind_column")
    if m.kind is not None and m.kind_column is not None:
        c.problem(("event", "kind_column"), "give event.kind or event.kind_column, not both")
    if m.kind is not None and m.kind not in EVENT_KINDS:
        c.problem(
            ("event", "kind"), f"event.kind: unknown event kind '{m.kind}' (one of: {', '.join(EVENT_KINDS)})"
        )
    kind_map = event.get("kind_map", {})
    if not isinstance(kind_map, dict):
        c.problem(
            ("event", "kind_map"),
            f"event.kind_map must be a section ([event.kind_map]), not {_shown(kind_map)}",
        )
        kind_map = {}
    for value, kind in kind_map.items():
        if not isinstance(kind, str) or kind not in EVENT_KINDS:
            c.problem(
                ("event", "kind_map", value),
                f"event.kind_map: '{value}' = {_shown(kind)} is no event kind "
                f"(one of: {', '.join(EVENT_KINDS)})",
            )
        else:
            m.kind_map[value] = kind
    if kind_map and m.kind_column is None:
        c.problem(("event", "kind_map"), "event.kind_map maps the values of event.kind_column: give that too")
    for group in ("participants", "places"):
        blocks = event.get(group, [])
        if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
            c.problem(("event", group), f"event.{group} must be [[event.{group}]] blocks")
            continue
        for n, block in enumerate(blocks):
            names = _names(c, group, n, block)
            if names is not None:
                (m.participants if group == "participants" else m.places).append(names)
    return m if c.ok else None


def _names(c: _Checker, group: str, n: int, block: MappingType[str, Any]) -> Names | None:
    path = ("event", group, n)
    where = f"event.{group}[{n + 1}]"
    c.keys(block, f"event.{group}", path)
    column = c.text(block, "column", path, f"{where}.column")
    if column is None:
        if "column" not in block:
            c.problem(path, f"{where}: no column: name the column that holds the names")
        return None
    split = c.text(block, "split", path, f"{where}.split")
    labels = ("Actor", "Organisation") if group == "participants" else ("Place", "Actor")
    label = c.text(block, "label", path, f"{where}.label") or labels[0]
    if label not in labels:
        c.problem((*path, "label"), f"{where}.label: '{label}' (one of: {', '.join(labels)})")
        return None
    kinds = KINDS[label] or ()
    default_kind = {"Actor": "state", "Organisation": "other", "Place": "other"}[label]
    kind = c.text(block, "kind", path, f"{where}.kind") or default_kind
    if kind not in kinds:
        c.problem(
            (*path, "kind"), f"{where}.kind: unknown {label} kind '{kind}' (one of: {', '.join(kinds)})"
        )
        return None
    role = None
    if group == "participants":
        role = c.text(block, "role", path, f"{where}.role") or "participant"
        if role not in ROLES:
            c.problem(
                (*path, "role"),
                f"{where}.role: unknown PARTICIPATED_IN role '{role}' (one of: {', '.join(ROLES)})",
            )
            return None
    return Names(where, column, ";" if split is None else split, label, kind, role)
