"""graphtool's own CSV import format to validated records. Pure: reads files, never
touches the database.
One file because every rule of the format (docs/import-format.md) is checked here in
one pass, in the order validate reports the problems, adding to one problem list and one
id table; splitting the rules would split that order.

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
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ...model import (
    IMPORT_REL_TYPES,
    KINDS,
    NODE_FILES,
    REL_TYPES,
    RELATION_FILE,
    TIE,
    NodeRecord,
    RelRecord,
    parse_directed,
    parse_weight,
    rel_key,
    tie_ends,
)
from . import MAX_PROBLEMS, Dataset, Lookup, Problems, ReadOptions, read_text

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")
# ASCII digits only: \d would also take other scripts' digits (\u0661, \uff11).
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
DATE_SHAPES = "YYYY, YYYY-MM or YYYY-MM-DD"
_STEM = re.compile(r"^([a-z]+)(?:[-_.].*)?$")

_CITE = ("source", "locator")
#: How sure a proposed row is (a number 0..1) and what proposed it (graphtool extract).
_SCORE = ("confidence", "cue")
_CONFIDENCE = re.compile(r"(?:0(?:\.[0-9]+)?|1(?:\.0+)?|\.[0-9]+)")
#: Required and optional columns per file stem.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sources": (
        ("id", "title"), ("publisher", "date", "kind", "file", "url", "note", "size", "sha256", *_SCORE)
    ),
    "actors": (("id", "name", "kind", *_CITE), ("aliases", "note", *_SCORE)),
    "organisations": (("id", "name", "kind", *_CITE), ("aliases", "founded", "note", *_SCORE)),
    "events": (
        ("id", "name", "kind", *_CITE),
        ("date", "end_date", "size", "size_note", "summary", "aliases", "note", *_SCORE),
    ),
    "places": (("id", "name", "kind", *_CITE), ("aliases", "note", *_SCORE)),
    "topics": (("id", "name", *_CITE), ("aliases", "note", *_SCORE)),
    "claims": (("id", "name", *_CITE), ("note", *_SCORE)),
    RELATION_FILE: (
        ("from", "type", "to", *_CITE),
        ("role", "since", "until", "note", "inferred", "inference", "weight", "directed", *_SCORE),
    ),
}

_Problems = Problems  # the package's, under the name this module has always used


def stem_of(path: Path) -> str | None:
    """The import kind a file's name declares (``actors-extra.csv`` -> ``actors``)."""
    m = _STEM.match(path.name.lower())
    if m and path.suffix.lower() == ".csv" and m.group(1) in COLUMNS:
        return m.group(1)
    return None


def _is_csv(path: Path) -> bool:
    # Upper- or mixed-case extensions count: a folder holding actors.CSV reads it, as
    # naming actors.CSV on the command line always did.
    return path.suffix.lower() == ".csv"


def _walk(folder: Path, problems: _Problems | None, seen: set[str]) -> list[Path]:
    """Every ``*.csv`` under ``folder``, following symbolic links to folders once.

    A subfolder that cannot be listed and a link whose target is gone are problems:
    skipping them would load part of the data and say nothing.
    """
    real = os.path.realpath(folder)
    if real in seen:  # a link back up the tree: its files are read already
        return []
    seen.add(real)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        if problems:
            problems.add(folder, 0, f"cannot read folder: {exc.strerror or exc}")
        return []
    found: list[Path] = []
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError as exc:  # e.g. a link loop
            if problems:
                problems.add(path, 0, f"cannot read: {exc.strerror or exc}")
            continue
        if is_dir:
            found += _walk(path, problems, seen)
        elif is_file:
            if _is_csv(path):
                found.append(path)
        elif entry.is_symlink():
            # Hidden ones are left alone: editors keep lock files as dangling links
            # (Emacs's .#actors.csv) while a file is being edited.
            if problems and not entry.name.startswith("."):
                problems.add(path, 0, _broken_link(path))
        elif _is_csv(path) and problems:
            problems.add(path, 0, "not a regular file")
    return found


def _broken_link(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return f"broken symbolic link: its target '{target}' does not exist"


def collect_files(paths: Iterable[Path], problems: _Problems | None = None) -> list[Path]:
    """The CSV files under ``paths`` (folders are read recursively), in a stable order.

    Folders give every file whose name ends in ``.csv`` in any case (``actors.CSV``), as
    files named on their own do. With ``problems``, a path that does not exist, a
    subfolder that cannot be read, a broken symbolic link (not a hidden one) and a file
    whose name does not say what it holds are reported there.
    """
    files: list[Path] = []
    seen: set[str] = set()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            candidates = _walk(p, problems, seen)
        elif p.is_file():
            candidates = [p]
        else:
            if problems:
                if p.is_symlink():
                    problems.add(p, 0, _broken_link(p))
                elif p.exists():
                    problems.add(p, 0, "not a regular file or folder")
                else:
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


def date_problem(text: str) -> str | None:
    """Why ``text`` is not an import date, or None when it is one.

    Digits are ASCII only; there is no year 0000, month 00 or day 00.

    >>> date_problem("2019-08") is None
    True
    >>> date_problem("0000")
    'there is no year 0000; years start at 0001'
    >>> date_problem("2019-02-29")
    '2019-02 has no day 29'
    >>> date_problem("Feb 2019")
    'YYYY, YYYY-MM or YYYY-MM-DD'
    """
    m = _DATE.fullmatch(text)
    if not m:
        return DATE_SHAPES
    year, month, day = (int(g) if g else None for g in m.groups())
    assert year is not None
    if year == 0:
        return "there is no year 0000; years start at 0001"
    if month is not None and not 1 <= month <= 12:
        return f"there is no month {m.group(2)}"
    if day is not None:
        try:
            _dt.date(year, month or 1, day)
        except ValueError:
            return f"{m.group(1)}-{m.group(2)} has no day {m.group(3)}"
    return None


def parse_date(text: str) -> dict[str, Any] | None:
    """Parse an import date into stored properties, or None if it is not one
    (:func:`date_problem` says why).

    >>> parse_date("2019-08")
    {'date': '2019-08', 'year': 2019, 'month': 8, 'datePrecision': 'month'}
    >>> parse_date("Feb 2019") is None
    True
    """
    if date_problem(text) is not None:
        return None
    m = _DATE.fullmatch(text)
    assert m is not None
    year, month, day = (int(g) if g else None for g in m.groups())
    props: dict[str, Any] = {"date": text, "year": year}
    if month is not None:
        props["month"] = month
    if day is not None:
        props["day"] = day
    props["datePrecision"] = "day" if day is not None else "month" if month is not None else "year"
    return props


def _not_a_date(col: str, text: str) -> str | None:
    """The problem with a date cell, or None when it is a date."""
    why = date_problem(text)
    return None if why is None else f"'{col}' is not a date: '{text}' ({why})"


def _date_key(text: str, other: str) -> str:
    """``text`` cut to the precision it shares with ``other``, for comparing dates of
    different precision (2019 is not before 2019-05)."""
    return text[: min(len(text), len(other))]


#: The largest ``size`` the database stores: a signed 64-bit integer (Neo4j's and
#: ArcadeDB's LONG). A larger value would fail in the middle of a load.
MAX_SIZE = 2**63 - 1
_SIZE = re.compile(r"[0-9][0-9,]*")


def size_problem(text: str) -> str | None:
    """Why ``text`` is not an event size, or None when it is one.

    ASCII digits 0-9 only, commas allowed (``1,075``), at most :data:`MAX_SIZE`.

    >>> size_problem("1,075") is None
    True
    >>> size_problem("\u00b2")
    "'size' is not a whole number in the digits 0-9: '\u00b2' (put wording in size_note)"
    """
    if not _SIZE.fullmatch(text):
        if any(c.isdigit() for c in text) and all(c.isdigit() or c == "," for c in text):
            return f"'size' is not a whole number in the digits 0-9: '{text}' (put wording in size_note)"
        return f"'size' is not a whole number: '{text}' (put wording in size_note)"
    if int(text.replace(",", "")) > MAX_SIZE:
        return f"'size' is too large: '{text}' (at most {MAX_SIZE:,})"
    return None


class _Reader:
    def __init__(self, cap: int) -> None:
        self.problems = _Problems(cap)
        self.nodes: dict[str, NodeRecord] = {}
        self.rel_rows: list[tuple[Path, int, dict[str, str]]] = []
        self.citation_refs: list[tuple[Path, int, str]] = []
        #: Every id seen, by its lower-case form: (id, file, line).
        self.ids: dict[str, tuple[str, str, int]] = {}

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
        first = self.ids.get(nid.lower())
        if first is not None:
            first_id, first_file, first_line = first
            if first_id == nid:
                reason = f"duplicate id '{nid}' (first defined in {first_file} line {first_line})"
            else:
                # Names on the command line match ids in any case, so these two could
                # never be told apart there.
                reason = (
                    f"id '{nid}' differs only in case from '{first_id}' (defined in {first_file} "
                    f"line {first_line}); ids must differ by more than case"
                )
            self.problems.add(path, line, reason)
            return
        self.ids[nid.lower()] = (nid, str(path), line)
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
            if row.get("date") and (problem := _not_a_date("date", row["date"])):
                self.problems.add(path, line, problem)
                return
            size = row.get("size", "")
            if size and not (size.isascii() and size.isdigit()):
                self.problems.add(path, line, f"'size' is not a whole number of bytes: '{size}'")
                return
            for col in ("publisher", "date", "file", "url", "note", "sha256"):
                if row.get(col):
                    props[col] = row[col]
            if row.get("size"):
                props["size"] = int(row["size"])
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
        if not self._scored(path, line, row, props):
            return
        if stem == "organisations" and row.get("founded"):
            problem = _not_a_date("founded", row["founded"])
            if problem:
                self.problems.add(path, line, problem)
                return
            props["founded"] = row["founded"]
        self.nodes[nid] = NodeRecord(label=label, id=nid, props=props, file=str(path), line=line)

    def _event(self, path: Path, line: int, row: dict[str, str], props: dict[str, Any]) -> bool:
        for col, prefix in (("date", ""), ("end_date", "end")):
            if not row.get(col):
                continue
            problem = _not_a_date(col, row[col])
            if problem:
                self.problems.add(path, line, problem)
                return False
            parsed = parse_date(row[col])
            assert parsed is not None
            if prefix:
                props["endDate"] = parsed["date"]
            else:
                props.update(parsed)
        start, end = row.get("date", ""), row.get("end_date", "")
        if start and end and _date_key(end, start) < _date_key(start, end):
            self.problems.add(path, line, f"'end_date' {end} is before 'date' {start}")
            return False
        if row.get("size"):
            problem = size_problem(row["size"])
            if problem:
                self.problems.add(path, line, problem)
                return False
            props["size"] = int(row["size"].replace(",", ""))
        if row.get("size_note"):
            props["sizeNote"] = row["size_note"]
        if row.get("summary"):
            props["summary"] = row["summary"]
        return True

    def _scored(self, path: Path, line: int, row: dict[str, str], props: dict[str, Any]) -> bool:
        """Copy ``confidence`` (0..1, as a float) and ``cue`` into ``props``; False after a problem."""
        if row.get("confidence"):
            if not _CONFIDENCE.fullmatch(row["confidence"]):
                why = f"'confidence' is not a number from 0 to 1: '{row['confidence']}'"
                self.problems.add(path, line, why)
                return False
            props["confidence"] = float(row["confidence"])
        if row.get("cue"):
            props["cue"] = row["cue"]
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
            if prior.props.get("weight") != rec.props.get("weight"):
                w, first = rec.props["weight"], prior.props["weight"]
                why = f"weight {w} contradicts weight {first} of the same tie in {prior.file} line "
                self.problems.add(path, line, f"{why}{prior.line}")
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
            # A fact one row states is stated, whatever another row infers.
            if not rec.props.get("inferred"):
                props.pop("inferred", None)
                props.pop("inference", None)
            elif props.get("inferred") and rec.props["inference"] not in props["inference"].split("; "):
                props["inference"] = f"{props['inference']}; {rec.props['inference']}"
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
        since, until = row.get("since", ""), row.get("until", "")
        bad = [p for col in ("since", "until") if row.get(col) and (p := _not_a_date(col, row[col]))]
        for problem in bad:
            self.problems.add(path, line, problem)
        if not bad and since and until and _date_key(until, since) < _date_key(since, until):
            bad.append(f"'until' {until} is before 'since' {since}")
            self.problems.add(path, line, bad[-1])
        ok = ok and not bad
        inferred, inference = row.get("inferred", "").lower(), row.get("inference", "")
        if inferred not in ("", "true", "false"):
            self.problems.add(path, line, f"'inferred' is not true or false: '{row['inferred']}'")
            ok = False
        elif inferred == "true" and not inference:
            self.problems.add(path, line, "'inferred' is true but 'inference' is empty (say why)")
            ok = False
        elif inference and inferred != "true":
            self.problems.add(path, line, "'inference' is given but 'inferred' is not true")
            ok = False
        tie: dict[str, Any] = {}
        for col, parse, default in (("weight", parse_weight, 1), ("directed", parse_directed, False)):
            if row.get(col) and rtype != TIE:
                self.problems.add(path, line, f"'{col}' applies only to {TIE} relationships, not {rtype}")
                ok = False
            elif rtype == TIE:
                try:
                    tie[col] = parse(row[col]) if row.get(col) else default
                except ValueError as exc:
                    self.problems.add(path, line, str(exc))
                    ok = False
        cites = self._citations(path, line, row)
        props: dict[str, Any] = {}
        if not self._scored(path, line, row, props) or not ok or cites is None:
            return None
        start, end = tie_ends(row["from"], row["to"], tie["directed"]) if tie else (row["from"], row["to"])
        props.update(cites)
        props.update(tie)
        key = rel_key(start, rtype, end, role, since, until, directed=bool(tie.get("directed")))
        props["key"] = key
        if role:
            props["role"] = role
        if since:
            props["since"] = since
        if until:
            props["until"] = until
        if row.get("note"):
            props["note"] = row["note"]
        if inferred == "true":
            props["inferred"], props["inference"] = True, inference
        return RelRecord(rtype, start, end, key, props, str(path), line, labels[start], labels[end])


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
        text = read_text(f, reader.problems)
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


def read(
    paths: Sequence[Path | str], *, options: ReadOptions | None = None, lookup: Lookup | None = None
) -> Dataset:
    """The reader interface of :mod:`graphtool.store.readers`: :func:`read_paths`
    (graphtool's format says everything itself, so ``options`` changes nothing).

    Raises:
        InvalidImportFile: the files have problems.
    """
    return read_paths(paths, lookup=lookup, max_problems=(options or ReadOptions()).max_problems)
