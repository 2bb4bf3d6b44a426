"""Tables of events (CSV, TSV, XLSX) to records, through a mapping file.

Each path is a mapping file (TOML, :mod:`graphtool.store.readers.mapping`) naming its
table; each data row of the table is one ``:Event``:

- its ``id`` from the ``id`` template (default ``<dataset>-<row>``; characters other
  than letters, digits, ``_.:-`` become ``-``), its name, date, end date, size, size
  note, summary and note from templates, its kind from ``kind``, or from the cell of
  ``kind_column`` through ``[event.kind_map]`` (a blank cell: ``other``); every other
  column of the table is kept as a property of the event (named as in edge lists);
- each name in a participants column (cells split at the block's ``split``
  characters) takes part in it (``PARTICIPATED_IN`` with the block's role); each name
  in a places column is where it was held (``HELD_IN``);
- cited to the ``[citation]`` source and locator, or the source and locator columns,
  or by default to the table file (a ``:Source`` for it) and ``row N``.

**Names** are matched to the nodes the graph holds, by id, name or alias in any case,
through the loader's :class:`~graphtool.store.readers.GraphLookup`: participants to
actors and organisations, places to places (else to actors: a state when only the
country is known). The best match wins (an id before a name before an alias; for a
place a Place before an Actor); a name that two nodes match equally well is a problem.
A name the graph does not know becomes a new node of the block's label and kind, with
the id ``<dataset>-<name as a slug>`` (places ``<dataset>-place-<slug>``), cited to the
first row that names it; two cells naming it in any case are the same node. Without a
graph (``validate``) every name is new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...model import NodeRecord, RelRecord, rel_key
from . import Dataset, GraphLookup, Lookup, Problems, ReadOptions, file_source
from .csvfiles import date_problem, parse_date, size_problem
from .edgelist import property_name, to_id
from .mapping import EVENT_KINDS, Mapping, Names, read_mapping
from .sheets import Sheet, read_sheet

_PARTICIPANT_LABELS = ("Actor", "Organisation")
_PLACE_LABELS = ("Place", "Actor")


def _slug(text: str) -> str:
    """``Kyrgyz Army`` is ``kyrgyz-army``.

    >>> _slug("Ministry of Public Security (China)")
    'ministry-of-public-security-china'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "name"


@dataclass
class _Mention:
    """A name in a cell: which block, which event, the row's citation."""

    block: Names
    name: str
    event: str
    path: Path
    line: int
    row: int
    cite: dict[str, Any]


class _Builder:
    """Every mapping's rows, as events and the names they mention."""

    def __init__(self, options: ReadOptions, lookup: Lookup | None, problems: Problems) -> None:
        self.dataset = options.dataset
        self.lookup = lookup
        self.problems = problems
        self.sources: dict[Path, NodeRecord] = {}
        self.events: list[NodeRecord] = []
        self.mentions: list[_Mention] = []
        self.checked_sources: dict[str, str | None] = {}

    # -- rows -------------------------------------------------------------------------
    def add(self, m: Mapping, sheet: Sheet) -> None:
        """The events of one table."""
        if m.source is None and m.source_column is None:
            try:
                self.sources[sheet.path] = file_source(sheet.path)
            except OSError as exc:
                self.problems.add(sheet.path, 0, f"cannot read file: {exc.strerror or exc}")
                return
        elif m.source is not None and not self._source_ok(m):
            return
        used = m.used_columns()
        extra: dict[int, str] = {}
        for i, h in enumerate(sheet.header):
            name = property_name(h) if i not in used else None
            if name is not None:
                # Two columns of one name (or one slug) are kept apart by column number.
                extra[i] = name if name not in extra.values() else f"{name}_{i + 1}"
        for row, line, cells in sheet.rows:
            self._row(m, sheet, row, line, cells, extra)

    def _source_ok(self, m: Mapping) -> bool:
        """The ``[citation]`` source is a ``:Source`` of the graph (when there is one
        to ask; else the loader's check says)."""
        source = m.source
        assert source is not None
        if self.lookup is None:
            return True
        if source not in self.checked_sources:
            self.checked_sources[source] = self.lookup({source}).get(source)
        label = self.checked_sources[source]
        if label == "Source":
            return True
        line = m.line("citation", "source")
        if label is None:
            self.problems.add(
                m.path,
                line,
                f"citation.source: no :Source '{source}' in the graph; load the dataset that "
                "defines it first, or leave out [citation] to cite the table file",
            )
        else:
            self.problems.add(
                m.path, line, f"citation.source: '{source}' is {_a(label)} in the graph, not a :Source"
            )
        return False

    def _row(
        self, m: Mapping, sheet: Sheet, row: int, line: int, cells: list[str], extra: dict[int, str]
    ) -> None:
        path, problems = sheet.path, self.problems

        def value(name: str) -> str:
            if name in m.columns:
                return cells[m.columns[name]]
            return str(row) if name == "row" else str(line)

        def fill(key: str) -> str:
            t = m.templates.get(key)
            return t.fill(value) if t is not None else ""

        def bad(reason: str) -> None:
            problems.add(path, line, reason)

        raw_id = fill("id") if "id" in m.templates else f"{self.dataset}-{row}"
        eid = to_id(raw_id)
        if not eid:
            return bad(f"the event's id is empty (id = '{m.templates['id'].text}')")
        name = fill("name")
        if not name:
            return bad(f"the event's name is empty (name = '{m.templates['name'].text}')")
        kind = m.kind or "other"
        if m.kind_column is not None:
            cell = cells[m.columns[m.kind_column]]
            kind = m.kind_map.get(cell, cell) or "other"
            if kind not in EVENT_KINDS:
                return bad(
                    f"unknown event kind '{cell}' in column '{m.kind_column}' (one of: "
                    f"{', '.join(EVENT_KINDS)}; or map it in [event.kind_map] of {m.path.name})"
                )
        props: dict[str, Any] = {"id": eid, "name": name, "kind": kind}
        date, end = fill("date"), fill("end_date")
        for key, text in (("date", date), ("end_date", end)):
            if text and (why := date_problem(text)) is not None:
                return bad(f"'{key}' is not a date: '{text}' ({why}; {key} = '{m.templates[key].text}')")
        if date:
            props.update(parse_date(date) or {})
        if end:
            props["endDate"] = end
            if date and end[: len(date)] < date[: len(end)]:
                return bad(f"'end_date' {end} is before 'date' {date}")
        size = fill("size")
        if size:
            if (why := size_problem(size)) is not None:
                return bad(f"{why}; size = '{m.templates['size'].text}'")
            props["size"] = int(size.replace(",", ""))
        for key, prop in (("size_note", "sizeNote"), ("summary", "summary"), ("note", "note")):
            text = fill(key)
            if text:
                props[prop] = text
        cite = self._cite(m, sheet, row, line, cells, value)
        if cite is None:
            return None
        props.update(cite)
        props.update({name: cells[i] for i, name in extra.items() if cells[i]})
        self.events.append(NodeRecord("Event", eid, props, str(path), line))
        for block in (*m.participants, *m.places):
            for who in block.names(cells[block.index]):
                self.mentions.append(_Mention(block, who, eid, path, line, row, cite))
        return None

    def _cite(
        self, m: Mapping, sheet: Sheet, row: int, line: int, cells: list[str], value: Any
    ) -> dict[str, Any] | None:
        locator = m.locator.fill(value) if m.locator is not None else ""
        if m.source_column is not None:
            docs = [d.strip() for d in cells[m.columns[m.source_column]].split(";") if d.strip()]
            locs = (
                [x.strip() for x in cells[m.columns[m.locator_column or ""]].split(";") if x.strip()]
                if (m.locator_column is not None)
                else [locator or f"row {row}"] * len(docs)
            )
            if not docs:
                self.problems.add(sheet.path, line, f"no citation: column '{m.source_column}' is empty")
                return None
            if len(docs) != len(locs):
                self.problems.add(
                    sheet.path,
                    line,
                    f"column '{m.source_column}' names {len(docs)} document(s) but column "
                    f"'{m.locator_column}' gives {len(locs)} location(s); give one locator per document",
                )
                return None
            return {"sources": docs, "locators": locs}
        if m.locator_column is not None:
            locator = cells[m.columns[m.locator_column]]
            if not locator:
                self.problems.add(sheet.path, line, f"no citation: column '{m.locator_column}' is empty")
                return None
        source = m.source if m.source is not None else self.sources[sheet.path].id
        return {"sources": [source], "locators": [locator or f"row {row}"]}

    # -- names ------------------------------------------------------------------------
    def resolve(self) -> tuple[list[NodeRecord], list[RelRecord]]:
        """The nodes the names mean (new ones as records) and the relationships."""
        found: dict[str, list[tuple[str, str, int]]] = {}
        names = {x.name.lower() for x in self.mentions}
        if isinstance(self.lookup, GraphLookup) and names:
            found = self.lookup.names(names, ("Actor", "Organisation", "Place"))
        nodes: list[NodeRecord] = []
        created: dict[tuple[str, str], NodeRecord] = {}
        taken: set[str] = {e.id.lower() for e in self.events}
        rels: dict[str, RelRecord] = {}
        bound: dict[tuple[str, str], tuple[str, str] | None] = {}
        for x in self.mentions:
            participant = x.block.role is not None
            group = "participant" if participant else "place"
            key = (group, x.name.lower())
            if key not in bound:
                bound[key] = self._best(x, found.get(x.name.lower(), []), participant)
            target = bound[key]
            if target is None:
                continue  # ambiguous: the problem is reported
            if not target[0]:  # new: a node of this table
                if key not in created:
                    created[key] = self._new(x, group, taken)
                    nodes.append(created[key])
                node = created[key]
                target = (node.id, node.label)
            nid, label = target
            if participant:
                rtype, start, end, role = "PARTICIPATED_IN", nid, x.event, x.block.role
                labels = (label, "Event")
            else:
                rtype, start, end, role = "HELD_IN", x.event, nid, None
                labels = ("Event", label)
            rkey = rel_key(start, rtype, end, role, None)
            props: dict[str, Any] = {"key": rkey, **({"role": role} if role else {}), **x.cite}
            if rkey not in rels:
                rels[rkey] = RelRecord(rtype, start, end, rkey, props, str(x.path), x.line, *labels)
        return nodes, list(rels.values())

    def _best(
        self, x: _Mention, matches: list[tuple[str, str, int]], participant: bool
    ) -> tuple[str, str] | None:
        """The graph's node a name means: ("", "") when none (a new node), None when
        two match equally well (a problem). Best: an id before a name before an
        alias, then the block's first label (a place before an actor)."""
        allowed = _PARTICIPANT_LABELS if participant else _PLACE_LABELS
        scored = sorted(
            (how, allowed.index(label), nid, label) for nid, label, how in matches if label in allowed
        )
        if not scored:
            return ("", "")
        best = [s for s in scored if s[:2] == scored[0][:2]]
        if len(best) > 1:
            shown = ", ".join(f"{nid} ({label})" for *_, nid, label in best)
            self.problems.add(
                x.path,
                x.line,
                f"'{x.name}' in column '{x.block.column}' names {len(best)} nodes of the graph: {shown}; "
                "write the id instead",
            )
            return None
        return best[0][2], best[0][3]

    def _new(self, x: _Mention, group: str, taken: set[str]) -> NodeRecord:
        base = to_id(f"{self.dataset}-{'place-' if group == 'place' else ''}{_slug(x.name)}")
        nid, n = base, 1
        while nid.lower() in taken:
            n += 1
            nid = f"{base}-{n}"
        taken.add(nid.lower())
        props = {"id": nid, "name": x.name, "kind": x.block.kind, **x.cite}
        return NodeRecord(x.block.label, nid, props, str(x.path), x.line)


def _a(label: str) -> str:
    return ("an " if label[0] in "AEIOU" else "a ") + label


def read(paths: Sequence[Path], *, options: ReadOptions, lookup: Lookup | None = None) -> Dataset:
    """Tables through their mapping files to records (see the module docstring)."""
    problems = Problems(options.max_problems)
    files: list[Path] = []
    flags = [
        name
        for name, given in (
            ("--map", options.columns),
            ("--label", options.labels),
            ("--kind", options.kind),
            ("--type", options.rel_type),
            ("--directed", options.directed),
        )
        if given
    ]
    builder = _Builder(options, lookup, problems)
    for p in paths:
        path = Path(p)
        files.append(path)
        if flags:
            problems.add(
                path,
                0,
                f"{', '.join(flags)}: for edge lists and GraphML; a table's mapping file says what "
                "each column is",
            )
            continue
        if path.suffix.lower() != ".toml":
            problems.add(
                path,
                0,
                "name the table's mapping file (.toml), whose [table] file names this table "
                "(see docs/import-format.md, Tables of events)",
            )
            continue
        m = read_mapping(path, problems)
        if m is None:
            continue
        files.append(m.table)
        if not m.table.is_file():
            what = "is a folder" if m.table.is_dir() else "no such file"
            problems.add(m.path, m.line("table", "file"), f"table.file '{m.table.name}': {what} ({m.table})")
            continue
        sheet = read_sheet(
            m.table,
            header_row=m.header,
            delimiter=m.delimiter,
            sheet=m.sheet,
            problems=problems,
            sheet_at=(m.path, m.line("table", "sheet")),
        )
        if sheet is None or not m.bind(sheet.header, m.table.name, problems):
            continue
        builder.add(m, sheet)
    nodes, rels = builder.resolve()
    return Dataset([*builder.sources.values(), *nodes, *builder.events], rels, files, problems)
