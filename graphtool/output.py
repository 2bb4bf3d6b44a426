"""Results to text: aligned tables for people, JSON, JSON lines and CSV for scripts.

Every command that prints rows goes through :func:`format_rows`, so the formats are
the same everywhere. JSON and CSV output is stable: columns in the order given,
keys sorted inside nested maps, floats as Python prints them.

All CSV graphtool writes (``--csv``, the shell's ``:format csv``, ``export --format
csv``) comes from :func:`csv_text`, which makes it safe to open in a spreadsheet:
see :func:`spreadsheet_safe`. The ``csv-raw`` format writes the cells as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMATS = ("table", "json", "jsonl", "csv", "csv-raw")
#: The CSV formats: spreadsheet-safe, and cells exactly as they are (for scripts).
CSV_FORMATS = ("csv", "csv-raw")

#: First characters that make a spreadsheet read a cell as a formula (OWASP's list for
#: CSV injection): ``= + - @``, tab and carriage return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number (-0.5, +3, 1e-05): a spreadsheet reads it as a number and
# runs nothing, so it keeps its sign.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# What makes a cell need quotes. Python's csv module quotes a bare CR only when CR is
# in its line terminator, so a reader would split the row there: this writer quotes it.
_QUOTE = re.compile(r'[,"\r\n]')

#: Longest cell shown in a table before it is cut with an ellipsis.
MAX_CELL = 60


def _json_default(value: Any) -> Any:
    return str(value)


def to_json(value: Any, indent: int | None = 2) -> str:
    """Stable JSON: sorted keys in nested maps, non-ASCII kept.

    A mapping at the top level (or a list of them: rows) keeps its key order, which
    is the column order; maps inside its values have their keys sorted.

    >>> to_json({"b": {"z": 1, "y": 2}, "a": [{"d": 1, "c": 2}]}, indent=None)
    '{"b": {"y": 2, "z": 1}, "a": [{"c": 2, "d": 1}]}'
    """
    if isinstance(value, Mapping):
        value = {k: _sorted_maps(v) for k, v in value.items()}
    elif isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
        value = [{k: _sorted_maps(x) for k, x in v.items()} for v in value]
    else:
        value = _sorted_maps(value)
    return json.dumps(value, indent=indent, ensure_ascii=False, default=_json_default)


def _sorted_maps(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _sorted_maps(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_sorted_maps(v) for v in value]
    return value


def cell_text(value: Any) -> str:
    """How a value reads in a table or CSV cell.

    Nodes (maps with ``_labels``) read as ``(:Label id 'name')``, relationships as
    ``[:TYPE]``, lists joined with ``; ``.

    >>> cell_text({"_labels": ["Actor"], "id": "cn", "name": "China"})
    "(:Actor cn 'China')"
    >>> cell_text([1, 2.5, None])
    '1; 2.5; '
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, Mapping):
        if "_labels" in value:
            labels = ":".join(value["_labels"])
            ident = value.get("id", "")
            name = value.get("name")
            return f"(:{labels} {ident}" + (f" '{name}'" if name else "") + ")"
        if "_type" in value:
            role = value.get("role")
            return f"[:{value['_type']}" + (f" {role}" if role else "") + "]"
        if "nodes" in value and "relationships" in value:
            return " ".join(cell_text(n) for n in value["nodes"])
        return to_json(value, indent=None)
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def _clip(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def spreadsheet_safe(text: str) -> str:
    r"""``text`` as a cell a spreadsheet shows as text instead of running it.

    A cell that starts with one of :data:`FORMULA_START` gets a single quote in front
    (OWASP's advice against CSV injection), unless it is a plain decimal number: a
    number cannot call anything, and ``-0.5`` must stay a number.

    >>> spreadsheet_safe('=HYPERLINK("http://x")')
    '\'=HYPERLINK("http://x")'
    >>> spreadsheet_safe("-0.5"), spreadsheet_safe("-1+2"), spreadsheet_safe("a-b")
    ('-0.5', "'-1+2", 'a-b')
    """
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv_cell(text: str) -> str:
    if _QUOTE.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]], *, raw: bool = False) -> str:
    r"""CSV text: a header row, then ``rows``, each line ending in ``\n``. Every CSV
    output of graphtool is written here.

    Cells are neutralised for spreadsheets with :func:`spreadsheet_safe` (the header
    too) unless ``raw``. A cell holding a comma, a double quote, a line feed or a
    carriage return is quoted, with its quotes doubled; a row of one empty cell is
    written ``""`` so that it is not read as a blank line.

    >>> csv_text(["name", "score"], [["=1+1", "-0.5"], ["a\rb", "2"]])
    'name,score\n\'=1+1,-0.5\n"a\rb",2\n'
    >>> csv_text(["name"], [["=1+1"]], raw=True)
    'name\n=1+1\n'
    """
    lines = []
    for cells in (header, *rows):
        texts = [_csv_cell(c if raw else spreadsheet_safe(c)) for c in cells]
        lines.append('""' if texts == [""] else ",".join(texts))
    return "".join(line + "\n" for line in lines)


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """An aligned plain-text table with a header rule; numbers right-aligned."""
    if not columns:
        return ""
    cells = [[_clip(cell_text(r.get(c))) for c in columns] for r in rows]
    numeric = [
        all(isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool)
            for r in rows if r.get(c) is not None)
        and any(r.get(c) is not None for r in rows)
        for c in columns
    ]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(columns)), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    return "\n".join(out)


def format_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str = "table") -> str:
    """Rows in one of :data:`FORMATS`, without a trailing newline.

    >>> print(format_rows([{"id": "cn", "score": 0.5}], ["id", "score"], "csv"))
    id,score
    cn,0.5
    """
    if fmt == "json":
        return to_json([{c: r.get(c) for c in columns} for r in rows])
    if fmt == "jsonl":
        return "\n".join(to_json({c: r.get(c) for c in columns}, indent=None) for r in rows)
    if fmt in CSV_FORMATS:
        cells = [
            [repr(v) if isinstance(v, float) else cell_text(v) for v in (r.get(c) for c in columns)]
            for r in rows
        ]
        return csv_text(columns, cells, raw=fmt == "csv-raw")[:-1]
    if fmt == "table":
        return format_table(rows, columns)
    raise ValueError(f"unknown output format {fmt!r} (one of {', '.join(FORMATS)})")


def format_counts(counts: Mapping[str, Mapping[str, int]], fmt: str = "table") -> str:
    """Nested counts ({section: {name: count}}) as rows ``section, name, count``."""
    rows = [
        {"section": section, "name": name, "count": n}
        for section, items in counts.items()
        for name, n in items.items()
    ]
    if fmt == "json":
        return to_json({k: dict(v) for k, v in counts.items()})
    return format_rows(rows, ["section", "name", "count"], fmt)


def format_sections(
    sections: Mapping[str, tuple[Sequence[Mapping[str, Any]], Sequence[str]]], fmt: str = "table"
) -> str:
    """Several titled tables ({title: (rows, columns)}), one after another.

    Tables get their title above them and a blank line between; CSV and JSON lines
    get a leading ``section`` column; JSON is one object of arrays keyed by title.

    >>> print(format_sections({"Labels": ([{"label": "Actor", "count": 2}], ["label", "count"])}))
    Labels
    label  count
    -----  -----
    Actor      2
    """
    if fmt == "json":
        return to_json(
            {t: [{c: r.get(c) for c in cols} for r in rows] for t, (rows, cols) in sections.items()}
        )
    if fmt in (*CSV_FORMATS, "jsonl"):
        columns = ["section"]
        for _, cols in sections.values():
            columns += [c for c in cols if c not in columns]
        flat = [{"section": t, **r} for t, (rs, _) in sections.items() for r in rs]
        return format_rows(flat, columns, fmt)
    parts = []
    for title, (rows, cols) in sections.items():
        body = format_table(rows, cols) if rows else "(none)"
        parts.append(f"{title}\n{body}")
    return "\n\n".join(parts)
