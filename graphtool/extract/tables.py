"""Tab- and pipe-separated tables in a report: found, and written out with a mapping
stub for the table loader.

A table is a run of lines with a tab, or with ``|`` between cells (Markdown tables;
their ``|---|`` rule is skipped), at least a header and one row; up to three blank
lines may sit inside it (page breaks). A row in capitals after data rows starts a new
table (a report's next section under its own header). The first row is the header
unless its first cell is a number or a date. After a blank line, a row with another
number of cells starts another table. The line above the table is its caption (a
section right after another shares the other's).

:func:`table_files` writes each table as ``table-N.tsv`` with two columns added, the
report's ``line`` of each row (``page`` too for PDFs) and ``date (parsed)`` where a date
column's cells are not yet import dates, and ``table-N.toml``, a mapping stub in the
table loader's format 1 with a best guess for each column and ``# check:`` comments
where it guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from .cues import find_cue
from .dates import find_dates
from .reading import clean
from .records import Document, Line, Table, locator

#: Cells that mark a box in a table, ticked or not.
MARKS = frozenset(
    {
        "\u221a",
        "\u2713",
        "\u2714",
        "x",
        "X",
        "yes",
        "Yes",
        "no",
        "No",
        "Y",
        "N",
        "\u25cf",
        "\u2022",
        "+",
        "-",
        "\u2013",
        "\u2014",
    }
)
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_NUMBERISH = re.compile(r"^[\s$\u20ac\u00a3%+\-\u2013.,0-9]*$")


def _cells(text: str) -> tuple[str, list[str]] | None:
    if "\t" in text:
        cells = [clean(c).strip() for c in text.split("\t")]
        return ("\t", cells) if len(cells) >= 2 and any(cells) else None
    stripped = text.strip()
    if stripped.count("|") >= 2 and (stripped.startswith("|") or stripped.count("|") >= 3):
        cells = [clean(c).strip() for c in stripped.strip("|").split("|")]
        return ("|", cells) if len(cells) >= 2 else None
    return None


def find_tables(doc: Document) -> list[Table]:
    """Every table in the document, in order."""
    runs: list[tuple[str, list[int]]] = []
    current: list[int] = []
    delim = ""
    blanks = 0
    for i, line in enumerate(doc.lines):
        if delim == "|" and _RULE.match(line.text):
            continue
        got = _cells(line.text)
        if got is not None and (not current or got[0] == delim):
            width = len((_cells(doc.lines[current[0]].text) or ("", []))[1]) if current else 0
            # A new header, or another shape after a blank line: the next table.
            if current and (_starts_section(doc, current, got[1]) or (blanks and len(got[1]) != width)):
                runs.append((delim, current))
                current = []
            delim = got[0]
            current.append(i)
            blanks = 0
        elif not line.text.strip() and current and blanks < 3:
            blanks += 1
        else:
            if len(current) >= 2:
                runs.append((delim, current))
            current, blanks, delim = ([i], 0, got[0]) if got else ([], 0, "")
    if len(current) >= 2:
        runs.append((delim, current))
    tables = [_table(doc, n, d, idx) for n, (d, idx) in enumerate((r for r in runs if len(r[1]) >= 2), 1)]
    # A section right after another (the next country of an appendix) shares its caption.
    for k in range(1, len(tables)):
        prev, t = tables[k - 1], tables[k]
        first = t.header_line or t.lines[0]
        if not t.caption and first.page == prev.lines[-1].page and first.number - prev.lines[-1].number <= 5:
            tables[k] = replace(t, caption=prev.caption)
    return tables


def _starts_section(doc: Document, current: list[int], cells: list[str]) -> bool:
    """A row in capitals after rows that are not: the header of the next section."""

    def caps(text: str) -> bool:
        return text.isupper() and any(c.isalpha() for c in text)

    previous = " ".join(c for c in (_cells(doc.lines[current[-1]].text) or ("", []))[1] if c)
    return len(current) >= 2 and caps(" ".join(c for c in cells if c)) and not caps(previous)


def _table(doc: Document, index: int, delim: str, idx: list[int]) -> Table:
    rows = [_cells(doc.lines[i].text) for i in idx]
    cells = [r[1] if r else [] for r in rows]
    first = cells[0]
    has_header = bool(first) and not (
        first[0] and (_NUMBERISH.match(first[0]) or find_dates(first[0]) or first[0] in ("\u221a", "\u2713"))
    )
    width = max(len(c) for c in cells)
    pad = [tuple(c + [""] * (width - len(c))) for c in cells]
    header = pad[0] if has_header else tuple(f"column {k}" for k in range(1, width + 1))
    data = pad[1:] if has_header else pad
    lines = tuple(doc.lines[i] for i in (idx[1:] if has_header else idx))
    caption = ""
    for j in range(idx[0] - 1, max(-1, idx[0] - 5), -1):
        text = clean(doc.lines[j].text).strip()
        if text and "\t" not in doc.lines[j].text:
            caption = text[:100]
            break
    covered: list[Line] = [doc.lines[idx[0]], doc.lines[idx[-1]]]
    return Table(
        index=index,
        header=tuple(h or f"column {k}" for k, h in enumerate(header, 1)),
        rows=tuple(data),
        lines=lines,
        header_line=doc.lines[idx[0]] if has_header else None,
        caption=caption,
        delimiter=delim,
        locator=locator(covered),
    )


def table_lines(tables: Sequence[Table]) -> set[int]:
    """Line numbers (1-based, with the page for PDFs) the tables cover, as (page, number)."""
    out = set()
    for t in tables:
        if t.header_line is not None:
            out.add((t.header_line.page, t.header_line.number))
        out |= {(x.page, x.number) for x in t.lines}
    return out  # type: ignore[return-value]


def _tsv_cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


_DATE_H = re.compile(r"\b(date|year|month|when|period)\b", re.I)
_PLACE_H = re.compile(r"\b(location|place|city|venue|site|where|region)s?\b", re.I)
_SIZE_H = re.compile(r"\b(size|personnel|troops|strength|number)\b", re.I)
_KIND_H = re.compile(r"\b(type|kind|category)\b", re.I)
_NAME_H = re.compile(r"\b(name|exercise|event|title|operation|programme|program)s?\b", re.I)
_ROLE_H = {
    "donor": "donor",
    "recipient": "recipient",
    "trainer": "trainer",
    "trainee": "trainee",
    "host": "host",
    "organi": "organiser",
    "supplier": "supplier",
    "participant": "participant",
    "part": "party",
    "observer": "observer",
}


def table_files(
    table: Table,
    source: str,
    dataset: str,
    is_actor: Callable[[str], tuple[str, str] | None],
    stem: str = "",
) -> dict[str, str]:
    """``<stem>.tsv`` and its mapping stub ``<stem>.toml`` (stem: ``table-N``).

    ``is_actor(text)`` says whether a header or cell names a known actor or
    organisation, as (label, kind), or None.
    """
    n = table.index
    stem = stem or f"table-{n}"
    header = list(table.header)
    cols = list(zip(*table.rows)) if table.rows else [() for _ in header]
    guesses: list[str] = []
    date_col = next((h for h, c in zip(header, cols) if _DATE_H.search(h)), None)
    if date_col is None:
        date_col = next(
            (h for h, c in zip(header, cols) if c and sum(bool(find_dates(x)) for x in c) >= 0.6 * len(c)),
            None,
        )
    parsed: list[str] = []
    extra = []
    if date_col is not None:
        k = header.index(date_col)
        parsed = [next((d.date for d in find_dates(r[k])), "") for r in table.rows]
        if any(p != r[k] for p, r in zip(parsed, table.rows)):
            extra.append("date (parsed)")
    page = table.lines and table.lines[0].page is not None
    extra += ["page", "line"] if page else ["line"]
    out_rows = []
    for j, r in enumerate(table.rows):
        row = [_tsv_cell(c) for c in r]
        if "date (parsed)" in extra:
            row.append(parsed[j])
        if page:
            row.append(str(table.lines[j].page))
        row.append(str(table.lines[j].number))
        out_rows.append("\t".join(row))
    tsv = "\t".join(_tsv_cell(h) for h in header + extra) + "\n" + "".join(x + "\n" for x in out_rows)

    def avg(c: Sequence[str]) -> float:
        return sum(len(x) for x in c) / max(1, len(c))

    participants, places, marks = [], [], []
    size = kind_col = name_col = None
    for h, c in zip(header, cols):
        if h == date_col:
            continue
        filled = [x for x in c if x]
        if filled and sum(1 for x in filled if x in MARKS) >= 0.8 * len(filled):
            marks.append(h)
            continue
        known_header = is_actor(h)
        share = sum(1 for x in c if x and is_actor(x)) / max(1, sum(1 for x in c if x))
        role = next((r for key, r in _ROLE_H.items() if key in h.lower()), None)
        if _PLACE_H.search(h):
            places.append(h)
        elif _SIZE_H.search(h):
            size = h
        elif _KIND_H.search(h):
            kind_col = h
        elif _NAME_H.search(h) and name_col is None:
            name_col = h
        elif known_header or role or share >= 0.5:
            participants.append((h, role or "participant", known_header))
    rest = [
        (h, c)
        for h, c in zip(header, cols)
        if h not in {date_col, size, kind_col, name_col}
        and h not in places
        and h not in [p[0] for p in participants]
    ]
    summary = max(rest, key=lambda hc: avg(hc[1]))[0] if rest else None
    cue = find_cue(table.caption) if table.caption else None
    kind = cue.rule.type if cue is not None and cue.rule.type.islower() else "other"
    where = f"{table.locator}" + (f' (after "{table.caption[:60]}")' if table.caption else "")
    lines = [
        "# graphtool table mapping, format 1",
        f"# Table {n} of {source}, {where}; written by graphtool extract.",
        "# Each row is one event; check every guess marked 'check:' before loading.",
        "format = 1",
        "",
        "[table]",
        f'file = "{stem}.tsv"',
        'delimiter = "\\t"',
        "header = 1",
        "",
        "[citation]",
        f"source = {_toml(source)}",
        ('locator = "p. {page}, line {line}"' if page else 'locator = "line {line}"')
        + "  # the report's page and line of each row (columns added by extract)",
        "",
        "[event]",
        f'id = "{dataset}-t{n}-{{row}}"',
    ]
    if name_col:
        lines.append(f"name = {_toml('{' + name_col + '}')}  # check: the name column")
    else:
        parts = " / ".join("{" + p[0] + "}" for p in participants[:2]) or f"Table {n} row {{row}}"
        suffix = f" ({{{date_col}}})" if date_col else ""
        lines.append(f"name = {_toml(parts + suffix)}  # check: a name made of the columns")
    if kind_col:
        lines.append(
            f"kind_column = {_toml(kind_col)}  # check: values must be event kinds, or add [event.kind_map]"
        )
    else:
        why = f"from the caption's word '{cue.word}'" if cue is not None and kind != "other" else "no cue"
        lines.append(f"kind = {_toml(kind)}  # check: guessed ({why})")
    if date_col:
        col = "date (parsed)" if "date (parsed)" in extra else date_col
        lines.append(
            f"date = {_toml('{' + col + '}')}  # check: read from '{date_col}'; YYYY, YYYY-MM or YYYY-MM-DD"
        )
    if size:
        lines.append(f"size = {_toml('{' + size + '}')}  # check: whole numbers only")
    if summary:
        lines.append(f"summary = {_toml('{' + summary + '}')}  # check: a short label, not a copied sentence")
    for h, role, known in participants:
        label, pkind = ("Actor", "office") if known else (is_actor(h) or ("Actor", "state"))
        cells = [x for x in cols[header.index(h)] if x]
        kinds = [k for k in (is_actor(x) for x in cells) if k]
        if kinds:
            label, pkind = max(set(kinds), key=kinds.count)
        lines += [
            "",
            "[[event.participants]]",
            f"column = {_toml(h)}",
            'split = ";,"',
            f"role = {_toml(role)}  # check: a PARTICIPATED_IN role",
            f"label = {_toml(label)}",
            f"kind = {_toml(pkind)}  # check: the kind of names not already in the graph",
        ]
        guesses.append(h)
    for h in places:
        lines += ["", "[[event.places]]", f"column = {_toml(h)}", 'kind = "city"  # check']
    if marks:
        lines[3:3] = [
            f"# check: the columns {', '.join(marks)} hold marks, not names: a table of who belongs to what",
            "# rather than of events. extract proposed its MEMBER_OF facts as candidates (cue 'table mark').",
        ]
    if not participants:
        lines += ["", "# check: no column looked like participants; add [[event.participants]] blocks"]
    return {f"{stem}.tsv": tsv, f"{stem}.toml": "\n".join(lines) + "\n"}
