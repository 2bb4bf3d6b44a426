"""graphtool's own CSV import format to validated records. Pure: reads files, never
touches the database.

:func:`read_paths` (the ``csv`` reader of :mod:`graphtool.store.readers`) reads
every CSV file under the given paths completely, checks
everything the import format promises (see ``docs/import-format.md``) and returns a
:class:`Dataset`, or raises :class:`~graphtool.errors.InvalidImportFile` listing each
problem as ``<file> line <n>: <reason>``. Nothing is written anywhere, so a loader
that calls it first writes either everything or nothing.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ...errors import InvalidImportFile, Problem
from ...model import (
    IMPORT_REL_TYPES,
    KINDS,
    NODE_FILES,
    REL_TYPES,
    RELATION_FILE,
    NodeRecord,
    RelRecord,
    rel_key,
)
from . import Dataset, Lookup

#: How many problems are listed before the rest are only counted.
MAX_PROBLEMS = 50

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_STEM = re.compile(r"^([a-z]+)(?:[-_.].*)?$")

_CITE = ("source", "locator")
#: Required and optional columns per file stem.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sources": (("id", "title"), ("publisher", "date", "kind", "file", "url", "note")),
    "actors": (("id", "name", "kind", *_CITE), ("aliases", "note")),
    "organisations": (("id", "name", "kind", *_CITE), ("aliases", "founded", "note")),
    "events": (
        ("id", "name", "kind", *_CITE),
        ("date", "end_date", "size", "size_note", "summary", "aliases", "note"),
    ),
    "places": (("id", "name", "kind", *_CITE), ("aliases", "note")),
    "topics": (("id", "name", *_CITE), ("aliases", "note")),
    RELATION_FILE: (("from", "type", "to", *_CITE), ("role", "since", "note")),
}

class _Problems:
    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.items: list[Problem] = []
        self.total = 0

    def add(self, path: Path | str, line: int, reason: str) -> None:
        self.total += 1
        if len(self.items) < self.cap:
            self.items.append(Problem(str(path), line, reason))

    def raise_if_any(self) -> None:
        if self.total:
            raise InvalidImportFile(self.items, self.total)


def stem_of(path: Path) -> str | None:
    """The import kind a file's name declares (``actors-extra.csv`` -> ``actors``)."""
    m = _STEM.match(path.name.lower())
    if m and path.suffix.lower() == ".csv" and m.group(1) in COLUMNS:
        return m.group(1)
    return None


def collect_files(paths: Iterable[Path], problems: _Problems | None = None) -> list[Path]:
    """The CSV files under ``paths`` (folders are read recursively), in a stable order."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            candidates = sorted(x for x in p.rglob("*.csv") if x.is_file())
        elif p.is_file():
            candidates = [p]
        else:
            if problems:
                problems.add(p, 0, "no such file or folder")
            continue
        for f in candidates:
            if stem_of(f) is None:
                if problems:
                    expected = ", ".join(f"{s}*.csv" for s in COLUMNS)
                    problems.add(f, 1, f"the file name does not say what it holds (expected {expected})")
                continue
            if f not in files:
                files.append(f)
    order = list(COLUMNS)
    return sorted(files, key=lambda f: (order.index(stem_of(f) or ""), str(f)))


def _decode(path: Path, problems: _Problems) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(path, 0, f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(
            path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        )
        return None


def _rows(path: Path, text: str, stem: str, problems: _Problems) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row, after checking the header."""
    if not text.strip():
        problems.add(path, 1, f"empty file (expected a header row such as: {','.join(COLUMNS[stem][0])})")
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        problems.add(path, 1, f"not a readable CSV header: {exc}")
        return
    required, optional = COLUMNS[stem]
    ok = True
    seen: set[str] = set()
    for h in header:
        if h in seen:
            problems.add(path, 1, f"column '{h}' appears twice")
            ok = False
        seen.add(h)
        if h not in required and h not in optional:
            allowed = ", ".join(required + optional)
            problems.add(path, 1, f"unknown column '{h}' (columns of {stem} files: {allowed})")
            ok = False
    for r in required:
        if r not in seen:
            problems.add(path, 1, f"missing required column '{r}'")
            ok = False
    if not ok:
        return
    start = reader.line_num + 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.add(path, line, f"has {len(cells)} fields, the header has {len(header)}")
                continue
            yield line, {h: c.strip() for h, c in zip(header, cells)}
    except csv.Error as exc:
        problems.add(path, start, f"malformed CSV: {exc}")


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def parse_date(text: str) -> dict[str, Any] | None:
    """Parse an import date into stored properties, or None if it is not one.

    >>> parse_date("2019-08")
    {'date': '2019-08', 'year': 2019, 'month': 8, 'datePrecision': 'month'}
    >>> parse_date("Feb 2019") is None
    True
    """
    m = _DATE.match(text)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        _dt.date(year or 1, month or 1, day or 1)
    except ValueError:
        return None
    props: dict[str, Any] = {"date": text, "year": year}
    if month:
        props["month"] = month
    if day:
        props["day"] = day
    props["datePrecision"] = "day" if day else "month" if month else "year"
    return props


def _size(text: str) -> int | None:
    cleaned = text.replace(",", "").strip()
    return int(cleaned) if cleaned.isdigit() else None


class _Reader:
    def __init__(self, cap: int) -> None:
        self.problems = _Problems(cap)
        self.nodes: dict[str, NodeRecord] = {}
        self.rel_rows: list[tuple[Path, int, dict[str, str]]] = []
        self.citation_refs: list[tuple[Path, int, str]] = []

    # citations ------------------------------------------------------------------
    def _citations(self, path: Path, line: int, row: dict[str, str]) -> dict[str, Any] | None:
        sources, locators = _split(row.get("source", "")), _split(row.get("locator", ""))
        if not sources:
            self.problems.add(path, line, "no citation: 'source' is empty")
            return None
        if len(locators) != len(sources):
            self.problems.add(
                path,
                line,
                f"'source' names {len(sources)} document(s) but 'locator' gives "
                f"{len(locators)} location(s); give one locator per source",
            )
            return None
        for s in sources:
            self.citation_refs.append((path, line, s))
        return {"sources": sources, "locators": locators}

    # nodes ----------------------------------------------------------------------
    def node(self, path: Path, stem: str, line: int, row: dict[str, str]) -> None:
        label = NODE_FILES[stem]
        nid = row["id"]
        if not nid:
            self.problems.add(path, line, "empty 'id'")
            return
        if not _ID.match(nid):
            self.problems.add(
                path, line, f"id '{nid}' has characters other than letters, digits, '-', '_', '.', ':'"
            )
            return
        if nid in self.nodes:
            first = self.nodes[nid]
            self.problems.add(
                path, line, f"duplicate id '{nid}' (first defined in {first.file} line {first.line})"
            )
            return
        props: dict[str, Any] = {"id": nid}
        name = row.get("name") or row.get("title") or ""
        if not name:
            self.problems.add(path, line, f"empty '{'title' if stem == 'sources' else 'name'}'")
            return
        props["name"] = name
        kinds = KINDS[label]
        kind = row.get("kind", "")
        if kinds is not None and (kind or stem != "sources"):
            if kind not in kinds:
                what = f"unknown {label} kind '{kind}'" if kind else "empty 'kind'"
                self.problems.add(path, line, f"{what} (one of: {', '.join(kinds)})")
                return
            props["kind"] = kind
        if stem == "sources":
            props["title"] = name
            for col in ("publisher", "date", "file", "url", "note"):
                if row.get(col):
                    props[col] = row[col]
            props["sources"], props["locators"] = [nid], ["whole document"]
        else:
            cites = self._citations(path, line, row)
            if cites is None:
                return
            props.update(cites)
            if row.get("aliases"):
                props["aliases"] = _split(row["aliases"])
            if row.get("note"):
                props["note"] = row["note"]
        if stem == "events":
            if not self._event(path, line, row, props):
                return
        if stem == "organisations" and row.get("founded"):
            founded = parse_date(row["founded"])
            if founded is None:
                self.problems.add(
                    path, line, f"'founded' is not a date: '{row['founded']}' (YYYY, YYYY-MM or YYYY-MM-DD)"
                )
                return
            props["founded"] = row["founded"]
        self.nodes[nid] = NodeRecord(label=label, id=nid, props=props, file=str(path), line=line)

    def _event(self, path: Path, line: int, row: dict[str, str], props: dict[str, Any]) -> bool:
        for col, prefix in (("date", ""), ("end_date", "end")):
            if not row.get(col):
                continue
            parsed = parse_date(row[col])
            if parsed is None:
                self.problems.add(
                    path, line, f"'{col}' is not a date: '{row[col]}' (YYYY, YYYY-MM or YYYY-MM-DD)"
                )
                return False
            if prefix:
                props["endDate"] = parsed["date"]
            else:
                props.update(parsed)
        if row.get("size"):
            size = _size(row["size"])
            if size is None:
                self.problems.add(
                    path, line, f"'size' is not a whole number: '{row['size']}' (put wording in size_note)"
                )
                return False
            props["size"] = size
        if row.get("size_note"):
            props["sizeNote"] = row["size_note"]
        if row.get("summary"):
            props["summary"] = row["summary"]
        return True

    # relationships ------------------------------------------------------------------
    def relation(self, path: Path, line: int, row: dict[str, str]) -> None:
        self.rel_rows.append((path, line, row))

    def resolve(self, lookup: Lookup | None) -> list[RelRecord]:
        labels = {nid: n.label for nid, n in self.nodes.items()}
        wanted = {r[k] for _, _, r in self.rel_rows for k in ("from", "to") if r.get(k)}
        wanted |= {s for _, _, s in self.citation_refs}
        wanted |= {s for _, _, r in self.rel_rows
                   for s in _split(r.get("source", ""))}
        missing = wanted - set(labels)
        if missing and lookup is not None:
            labels.update(lookup(missing))
        merged: dict[str, RelRecord] = {}
        for path, line, row in self.rel_rows:
            rec = self._relation(path, line, row, labels)
            if rec is None:
                continue
            prior = merged.get(rec.key)
            if prior is None:
                merged[rec.key] = rec
                continue
            props = dict(prior.props)
            pairs = list(zip(props["sources"], props["locators"]))
            for pair in zip(rec.props["sources"], rec.props["locators"]):
                if pair not in pairs:
                    pairs.append(pair)
            props["sources"] = [s for s, _ in pairs]
            props["locators"] = [loc for _, loc in pairs]
            note = rec.props.get("note")
            if note and note not in str(props.get("note", "")).split("; "):
                props["note"] = f"{props['note']}; {note}" if props.get("note") else note
            merged[rec.key] = RelRecord(
                prior.type, prior.start, prior.end, prior.key, props, prior.file, prior.line,
                prior.start_label, prior.end_label,
            )
        for path, line, s in self.citation_refs:
            if labels.get(s) != "Source":
                self.problems.add(path, line, f"unknown source document '{s}' in column 'source'")
        return list(merged.values())

    def _relation(
        self, path: Path, line: int, row: dict[str, str], labels: dict[str, str]
    ) -> RelRecord | None:
        rtype = row["type"]
        if rtype not in IMPORT_REL_TYPES:
            self.problems.add(
                path, line, f"unknown relationship type '{rtype}' (one of: {', '.join(IMPORT_REL_TYPES)})"
            )
            return None
        spec = REL_TYPES[rtype]
        ok = True
        for col, allowed in (("from", spec.start), ("to", spec.end)):
            nid = row[col]
            if not nid:
                self.problems.add(path, line, f"empty '{col}'")
                ok = False
            elif nid not in labels:
                self.problems.add(path, line, f"unknown node id '{nid}' in column '{col}'")
                ok = False
            elif labels[nid] not in allowed:
                self.problems.add(
                    path,
                    line,
                    f"{rtype} cannot {'start' if col == 'from' else 'end'} at {labels[nid]} "
                    f"'{nid}' (allowed: {', '.join(allowed)})",
                )
                ok = False
        role = row.get("role", "")
        if role and spec.roles is not None and role not in spec.roles:
            self.problems.add(
                path, line, f"unknown role '{role}' for {rtype} (one of: {', '.join(spec.roles)})"
            )
            ok = False
        since = row.get("since", "")
        if since and parse_date(since) is None:
            self.problems.add(path, line, f"'since' is not a date: '{since}' (YYYY, YYYY-MM or YYYY-MM-DD)")
            ok = False
        cites = self._citations(path, line, row)
        if not ok or cites is None:
            return None
        props: dict[str, Any] = dict(cites)
        key = rel_key(row["from"], rtype, row["to"], role, since)
        props["key"] = key
        if role:
            props["role"] = role
        if since:
            props["since"] = since
        if row.get("note"):
            props["note"] = row["note"]
        return RelRecord(
            rtype, row["from"], row["to"], key, props, str(path), line,
            labels[row["from"]], labels[row["to"]],
        )


def read_paths(
    paths: Sequence[Path | str],
    *,
    lookup: Lookup | None = None,
    max_problems: int = MAX_PROBLEMS,
) -> Dataset:
    """Read and validate every import file under ``paths``.

    Parameters:
        paths: files and folders (folders are read recursively for ``*.csv``).
        lookup: resolves ids the files refer to but do not define (relationship ends,
            source documents); the loader passes one that asks the database. Without it,
            such ids are errors.
        max_problems: how many problems to list before only counting.

    Returns:
        The validated :class:`Dataset`.

    Raises:
        InvalidImportFile: with every problem found (up to ``max_problems``).
    """
    reader = _Reader(max_problems)
    files = collect_files([Path(p) for p in paths], reader.problems)
    if not files and not reader.problems.total:
        reader.problems.add(", ".join(str(p) for p in paths), 0, "no import files (*.csv) found")
    for f in files:
        stem = stem_of(f)
        assert stem is not None
        text = _decode(f, reader.problems)
        if text is None:
            continue
        for line, row in _rows(f, text, stem, reader.problems):
            if stem == RELATION_FILE:
                reader.relation(f, line, row)
            else:
                reader.node(f, stem, line, row)
    relations = reader.resolve(lookup)
    reader.problems.raise_if_any()
    return Dataset(nodes=list(reader.nodes.values()), relations=relations, files=files)


def read(paths: Sequence[Path | str], *, lookup: Lookup | None = None) -> Dataset:
    """The reader interface of :mod:`graphtool.store.readers`: :func:`read_paths`."""
    return read_paths(paths, lookup=lookup)
