"""Tables as rows of text: CSV and TSV files, and XLSX workbooks (read with
python-calamine).

:func:`read_sheet` gives a table's header and its data rows, each with its data row
number (from 1, blank rows not counted) and its line: the line where the row starts in
a CSV/TSV file, its row number in a spreadsheet. Rows above the header (a title, a
note) are passed over. Spreadsheet cells become the text they show: whole numbers
without ``.0``, dates as ``YYYY-MM-DD``, booleans as ``true``/``false``.

Why python-calamine for XLSX: it is actively maintained (Rust's calamine under a small
Python binding, with wheels for every platform graphtool runs on), reads a sheet in one
fast pass, gives typed cells (numbers, dates, text) and the sheet's true row numbers
(``skip_empty_area=False``), and reads only: graphtool never writes spreadsheets.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import Problems, read_text


@dataclass
class Sheet:
    """A table's header and data rows."""

    path: Path
    header: list[str]
    header_line: int
    rows: list[tuple[int, int, list[str]]]  # (data row from 1, line, cells)


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text it shows.

    >>> cell_text(2019.0), cell_text(0.5), cell_text(_dt.date(2019, 5, 3)), cell_text(None)
    ('2019', '0.5', '2019-05-03', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())


def _column_name(index: int) -> str:
    """A spreadsheet's column letters (0 is A, 26 is AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def read_sheet(
    path: Path,
    *,
    header_row: int,
    delimiter: str | None,
    sheet: str | None,
    problems: Problems,
    sheet_at: tuple[Path, int] | None = None,
) -> Sheet | None:
    """The header and rows of the table in ``path`` (``.xlsx``: of ``sheet``, else the
    first sheet); None, with problems, when it cannot be read. ``sheet_at`` is the
    mapping file and line that named the sheet, for the problem when it is missing."""
    if not path.exists():
        problems.add(path, 0, "no such file")
        return None
    if path.is_dir():
        problems.add(path, 0, "is a folder, not a table")
        return None
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, header_row, sheet, problems, sheet_at)
    return _read_csv(
        path, header_row, delimiter or ("\t" if path.suffix.lower() == ".tsv" else ","), problems
    )


def _read_csv(path: Path, header_row: int, delimiter: str, problems: Problems) -> Sheet | None:
    text = read_text(path, problems)
    if text is None:
        return None
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, int, list[str]]] = []
    line = 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if header is None:
                if start >= header_row:
                    header, header_line = [" ".join(c.split()) for c in cells], start
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.add(path, start, f"has {len(cells)} fields, the header has {len(header)}")
                continue
            rows.append((len(rows) + 1, start, [c.strip() for c in cells]))
    except csv.Error as exc:
        problems.add(path, line, f"malformed CSV: {exc}")
        return None
    if header is None or not any(header):
        problems.add(path, header_row, f"no header row: the file has no row {header_row} with column names")
        return None
    return Sheet(path, header, header_line, rows)


def _read_xlsx(
    path: Path, header_row: int, sheet: str | None, problems: Problems, sheet_at: tuple[Path, int] | None
) -> Sheet | None:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except CalamineError as exc:
        problems.add(path, 0, f"not a readable XLSX workbook: {exc}")
        return None
    except OSError as exc:
        problems.add(path, 0, f"cannot read file: {exc.strerror or exc}")
        return None
    names = list(book.sheet_names)
    if not names:
        problems.add(path, 0, "the workbook has no sheets")
        return None
    name = names[0] if sheet is None else sheet
    if name not in names:
        where, line = sheet_at or (path, 0)
        problems.add(where, line, f"no sheet '{sheet}' in {path.name} (sheets: {', '.join(names)})")
        return None
    try:
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except CalamineError as exc:
        problems.add(path, 0, f"sheet '{name}': not readable: {exc}")
        return None
    if len(grid) < header_row or not any(cell_text(c) for c in grid[header_row - 1]):
        problems.add(path, header_row, f"sheet '{name}' has no header in row {header_row}")
        return None
    header = [cell_text(c) for c in grid[header_row - 1]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    rows: list[tuple[int, int, list[str]]] = []
    for i in range(header_row, len(grid)):
        cells = [cell_text(c) for c in grid[i]]
        if not any(cells):
            continue
        stray = next((j for j in range(width, len(cells)) if cells[j]), None)
        if stray is not None:
            problems.add(
                path,
                i + 1,
                f"sheet '{name}' cell {_column_name(stray)}{i + 1} holds '{cells[stray]}' but its column "
                "has no header; name the column or clear the cell",
            )
            continue
        cells = (cells + [""] * width)[:width]
        rows.append((len(rows) + 1, i + 1, cells))
    return Sheet(path, header, header_row, rows)
