"""Edge lists and node lists (CSV or TSV) to records, streamed: memory does not grow
with the file.

An **edge file** has a ``source`` and a ``target`` column (the ends' ids, as Gephi,
Cytoscape and networkx write them) and optionally ``weight``, ``type``, ``date``,
``role``, and the citation columns ``document`` (a ``:Source`` id) and ``locator``.
A **node file** has an ``id`` column and optionally ``name`` (or Gephi's ``label``),
``kind``, ``class`` (the graphtool label: Actor, Organisation, Event, Place, Topic;
other values through ``--label VALUE=Label``), ``aliases``, ``date``, ``document`` and
``locator``. Column names are matched in any case; ``--map FIELD=COLUMN`` reads a field
from another column (``--map source=from --map weight=strength``). Other columns are
kept as properties of their own name (``attr_<name>`` where the name is one of
graphtool's).

- **Ids** are the cells as written, with characters other than letters, digits, ``_``,
  ``.``, ``:`` and ``-`` turned into ``-`` (``Evelyn Jefferson`` is ``Evelyn-Jefferson``,
  named ``Evelyn Jefferson``). Ids that differ only in case are a problem, as in
  graphtool's own format.
- **Nodes** an edge names that no node file defines and the graph does not hold are
  Actors (kind ``person``, or ``--kind``), cited to the first row that names them.
- **Types**: the ``type`` cell, else ``--type``, else by the ends: two actors or
  organisations are ``TIED_TO`` (a direct tie); an actor or organisation and an event
  ``PARTICIPATED_IN``. A ``type`` of ``Directed`` or ``Undirected`` (Gephi's column)
  sets the direction instead. Ties are undirected unless ``--directed`` or ``Directed``.
- **Weights** are positive numbers (``2``, ``0.5``, ``1e3``; a tie without one weighs
  1); rows repeating a tie add their weights, as Gephi's import does. An edge's
  ``date`` is when it began (stored as ``since``, as in graphtool's own format).
- **Citations**: without ``document``/``locator`` columns every row is cited to the
  file, ``row N`` (the data row, from 1), through a ``:Source`` for the file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import (
    KINDS,
    TIE,
    NodeRecord,
    RelRecord,
    rel_key,
    weigh,
    weight_problem,
)
from . import Lookup, Problems, ReadOptions, Record, add_not_utf8, file_source
from .csvfiles import date_problem, parse_date

_EDGE_FIELDS = ("source", "target", "weight", "type", "date", "role", "document", "locator")
_NODE_FIELDS = ("id", "name", "kind", "class", "aliases", "date", "document", "locator")
#: Gephi's names: a node's ``label`` is its name; an edge's ``label`` a note.
_GEPHI = {"label": "name"}
#: Properties graphtool itself uses: a column of that name is kept as attr_<name>.
_RESERVED = frozenset(
    {
        "id",
        "key",
        "name",
        "kind",
        "aliases",
        "sources",
        "locators",
        "datasets",
        "datasetClaims",
        "weight",
        "directed",
        "role",
        "since",
        "date",
        "year",
        "month",
        "day",
        "datePrecision",
        "note",
        "title",
        "size",
        "summary",
        "type",
        "label",
    }
)
_RESERVED_LOWER = frozenset(r.lower() for r in _RESERVED)
_BAD_ID_CHARS = re.compile(r"[^A-Za-z0-9_.:\-]+")
_GOOD_ID = re.compile(r"[A-Za-z0-9_.:][A-Za-z0-9_.:\-]*(?<!-)")
_PROPERTY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Kinds of nodes the data gives none, by label.
DEFAULT_KINDS = {"Actor": "person", "Organisation": "other", "Event": "other", "Place": "other"}
_TIE_ENDS = ("Actor", "Organisation")
#: The labels a node list's class column may name.
_CLASSES = ("Actor", "Organisation", "Event", "Place", "Topic")


def to_id(text: str) -> str:
    """A graphtool id for a cell: other characters turned into ``-``.

    >>> to_id("Evelyn Jefferson"), to_id("Mme.Magloire"), to_id(" 12 ")
    ('Evelyn-Jefferson', 'Mme.Magloire', '12')
    """
    if _GOOD_ID.fullmatch(text):
        return text
    return _BAD_ID_CHARS.sub("-", text.strip()).strip("-")


def property_name(name: str) -> str | None:
    """The property a column or attribute called ``name`` is kept as: its own name, or
    ``attr_<name>`` where graphtool uses the name itself (or the name is no plain
    identifier, its other characters then ``_``); None for an unnamed column.

    >>> property_name("club"), property_name("Weight"), property_name("Edge Label"), property_name("")
    ('club', 'attr_Weight', 'attr_Edge_Label', None)
    """
    prop = name if name.lower() not in _RESERVED_LOWER else f"attr_{name}"
    if not _PROPERTY.fullmatch(prop):
        prop = "attr_" + re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_")
    return None if prop == "attr_" else prop


def _delimiter(path: Path, first_line: str) -> str:
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class _Table:
    """One CSV/TSV file: its header mapped to graphtool's fields."""

    path: Path
    delimiter: str
    header: list[str]
    fields: dict[str, int]  # graphtool field -> column index
    extra: dict[int, str]  # column index -> property name
    cited: bool  # has its own citation columns

    @property
    def is_edges(self) -> bool:
        return "source" in self.fields and "target" in self.fields

    def rows(self, problems: Problems | None) -> Iterator[tuple[int, int, list[str]]]:
        """(data row from 1, line, cells) of every non-blank row."""
        try:
            f = open(self.path, encoding="utf-8-sig", newline="")
        except OSError as exc:
            if problems is not None:
                problems.add(self.path, 0, f"cannot read file: {exc.strerror or exc}")
            return
        with f:
            reader = csv.reader(f, delimiter=self.delimiter)
            row_no = 0
            line = 1
            try:
                next(reader, None)
                line = reader.line_num + 1
                for cells in reader:
                    start, line = line, reader.line_num + 1
                    if not "".join(cells).strip():
                        continue
                    row_no += 1
                    if len(cells) != len(self.header):
                        if problems is not None:
                            problems.add(
                                self.path,
                                start,
                                f"has {len(cells)} fields, the header has {len(self.header)}",
                            )
                        continue
                    yield row_no, start, cells
            except UnicodeDecodeError:
                if problems is not None:
                    add_not_utf8(problems, self.path)
            except csv.Error as exc:
                if problems is not None:
                    problems.add(self.path, line, f"malformed CSV: {exc}")


def _open_table(path: Path, columns: Mapping[str, str], problems: Problems) -> _Table | None:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            first = f.readline()
    except UnicodeDecodeError:
        add_not_utf8(problems, path)
        return None
    except IsADirectoryError:
        problems.add(path, 0, "is a folder: name the edge and node files themselves")
        return None
    except OSError as exc:
        problems.add(path, 0, f"cannot read file: {exc.strerror or exc}")
        return None
    if not first.strip():
        problems.add(path, 1, "empty file (expected a header row such as: source,target,weight)")
        return None
    delimiter = _delimiter(path, first)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    by_name: dict[str, int] = {}
    for i, h in enumerate(header):
        low = h.lower()
        if low in by_name:
            problems.add(path, 1, f"column '{h}' appears twice")
            return None
        by_name[low] = i
    fields: dict[str, int] = {}
    wanted = {**{f: f for f in (*_EDGE_FIELDS, *_NODE_FIELDS)}, **{k.lower(): v for k, v in columns.items()}}
    for fieldname, column in wanted.items():
        if column.lower() in by_name:
            fields[fieldname] = by_name[column.lower()]
    # An edge file's fields are the edge fields (its Id or Label column is kept as an
    # attribute); a node file's the node fields.
    edge_file = "source" in fields and "target" in fields
    keep = _EDGE_FIELDS if edge_file else _NODE_FIELDS
    fields = {f: i for f, i in fields.items() if f in keep}
    if not edge_file and "name" not in fields and "label" in by_name:
        fields["name"] = by_name["label"]  # Gephi's node table: Id, Label
    known = dict.fromkeys((*_EDGE_FIELDS, *_NODE_FIELDS))
    for fieldname, column in columns.items():
        if fieldname.lower() not in known:
            problems.add(
                path,
                0,
                f"--map {fieldname}={column}: no field '{fieldname}' in edge or node lists "
                f"(fields: {', '.join(known)})",
            )
            return None
        if column.lower() not in by_name:
            problems.add(
                path, 1, f"--map {fieldname}={column}: no column '{column}' (columns: {', '.join(header)})"
            )
            return None
    used = set(fields.values())
    extra: dict[int, str] = {}
    for i, h in enumerate(header):
        if i in used:
            continue
        name = property_name(h)
        if name is None:
            continue  # an unnamed column
        extra[i] = name
    table = _Table(path, delimiter, header, fields, extra, "document" in fields)
    if not table.is_edges and "id" not in fields:
        problems.add(
            path,
            1,
            "neither an edge file (columns source and target) nor a node file "
            f"(column id); columns: {', '.join(header)}. Use --map to name them",
        )
        return None
    if ("locator" in fields) != ("document" in fields):
        problems.add(path, 1, "give both citation columns, 'document' and 'locator', or neither")
        return None
    return table


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


@dataclass
class EdgeListRecords:
    """The records of edge and node files, read again on every iteration."""

    tables: list[_Table]
    options: ReadOptions
    lookup: Lookup | None
    problems: Problems
    sources: dict[Path, NodeRecord] = field(default_factory=dict)
    sum_weights: bool = True
    bad: set[str] = field(default_factory=set)
    _endpoints_seen: dict[str, tuple[Path, int, str]] | None = None
    _iterated: bool = False
    _known: dict[str, str] | None = None

    @property
    def files(self) -> list[Path]:
        return [t.path for t in self.tables]

    def __iter__(self) -> Iterator[Record]:
        # Problems are gathered on the first pass (the loader's validation); later
        # passes read the same files again and only yield.
        problems: Problems | None = None if self._iterated else self.problems
        self._iterated = True
        yield from self.sources.values()
        labels: dict[str, str] = {}
        names: dict[str, str] = {}
        seen_case: dict[str, tuple[str, Path, int]] = {}
        for table in self.tables:
            if not table.is_edges:
                yield from self._nodes(table, problems, labels, names, seen_case)
        if self._endpoints_seen is None:
            self._endpoints_seen = self._endpoints(names, seen_case, problems)
        first_seen = self._endpoints_seen
        known = self._known_ids(set(first_seen) - set(labels))
        default_label = "Actor"
        for nid, (path, row, raw) in first_seen.items():
            if nid in labels:
                continue
            if nid in known:
                labels[nid] = known[nid]
                continue
            labels[nid] = default_label
            kind = self.options.kind or DEFAULT_KINDS[default_label]
            props: dict[str, Any] = {"id": nid, "name": raw, "kind": kind, **self._file_cite(path, row)}
            yield NodeRecord(default_label, nid, props, str(path), row)
        for table in self.tables:
            if table.is_edges:
                yield from self._edges(table, problems, labels)

    # -- nodes ------------------------------------------------------------------------
    def _nodes(
        self,
        table: _Table,
        problems: Problems | None,
        labels: dict[str, str],
        names: dict[str, str],
        seen_case: dict[str, tuple[str, Path, int]],
    ) -> Iterator[NodeRecord]:
        f = table.fields
        for row, line, cells in table.rows(problems):
            raw = cells[f["id"]].strip()
            nid = to_id(raw)
            if not nid:
                if problems is not None:
                    problems.add(table.path, line, "empty 'id'")
                continue
            if not self._unique(nid, raw, table.path, line, names, seen_case, problems):
                continue
            label = "Actor"
            if "class" in f and cells[f["class"]].strip():
                value = cells[f["class"]].strip()
                label = self.options.labels.get(value, value if value in _CLASSES else "")
                if label not in _CLASSES:
                    if problems is not None:
                        problems.add(
                            table.path,
                            line,
                            f"unknown class '{value}' in column "
                            f"'{table.header[f['class']]}' (one of: {', '.join(_CLASSES)}, "
                            "or map values with --label VALUE=LABEL)",
                        )
                    continue
            name = cells[f["name"]].strip() if "name" in f else ""
            props: dict[str, Any] = {"id": nid, "name": name or raw}
            kinds = KINDS[label]
            if kinds is not None:
                kind = cells[f["kind"]].strip() if "kind" in f else ""
                kind = kind or self.options.kind or DEFAULT_KINDS[label]
                if kind not in kinds:
                    if problems is not None:
                        problems.add(
                            table.path, line, f"unknown {label} kind '{kind}' (one of: {', '.join(kinds)})"
                        )
                    continue
                props["kind"] = kind
            if "aliases" in f and cells[f["aliases"]].strip():
                props["aliases"] = _split(cells[f["aliases"]])
            if "date" in f and cells[f["date"]].strip():
                date = cells[f["date"]].strip()
                if (problem := date_problem(date)) is not None:
                    if problems is not None:
                        problems.add(table.path, line, f"'date' is not a date: '{date}' ({problem})")
                    continue
                props.update(parse_date(date) or {})
            cite = self._cite(table, row, cells, line, problems)
            if cite is None:
                continue
            props.update(cite)
            props.update({name: cells[i] for i, name in table.extra.items() if cells[i].strip()})
            labels[nid] = label
            yield NodeRecord(label, nid, props, str(table.path), line)

    def _unique(
        self,
        nid: str,
        raw: str,
        path: Path,
        line: int,
        names: dict[str, str],
        seen_case: dict[str, tuple[str, Path, int]],
        problems: Problems | None,
    ) -> bool:
        low = nid.lower()
        first = seen_case.get(low)
        if first is None:
            seen_case[low] = (nid, path, line)
            names[nid] = raw
            return True
        first_id, first_path, first_line = first
        if problems is not None:
            if first_id == nid:
                problems.add(
                    path, line, f"duplicate id '{nid}' (first defined in {first_path} line {first_line})"
                )
            else:
                problems.add(
                    path,
                    line,
                    f"id '{nid}' differs only in case from '{first_id}' (defined in "
                    f"{first_path} line {first_line}); ids must differ by more than case",
                )
        return False

    def _endpoints(
        self, names: dict[str, str], seen_case: dict[str, tuple[str, Path, int]], problems: Problems | None
    ) -> dict[str, tuple[Path, int, str]]:
        """Every id the edge files name, with the first (file, row, cell) that does; ids
        that differ only in case from another are problems, kept in ``self.bad``."""
        found: dict[str, tuple[Path, int, str]] = {}
        bad = self.bad
        for table in self.tables:
            if not table.is_edges:
                continue
            s, t = table.fields["source"], table.fields["target"]
            for row, line, cells in table.rows(None):
                for col in (s, t):
                    raw = cells[col].strip()
                    nid = to_id(raw)
                    if not nid or nid in found:
                        continue
                    low = nid.lower()
                    first = seen_case.get(low)
                    if first is not None and first[0] != nid:
                        bad.add(nid)
                        if problems is not None:
                            problems.add(
                                table.path,
                                line,
                                f"id '{nid}' differs only in case from "
                                f"'{first[0]}' (first in {first[1]} line {first[2]}); ids must "
                                "differ by more than case",
                            )
                        continue
                    seen_case.setdefault(low, (nid, table.path, line))
                    found[nid] = (table.path, row, raw)
        return found

    def _known_ids(self, ids: set[str]) -> dict[str, str]:
        if self._known is None:
            self._known = self.lookup(ids) if (self.lookup is not None and ids) else {}
        return self._known

    # -- edges ------------------------------------------------------------------------
    def _edges(self, table: _Table, problems: Problems | None, labels: dict[str, str]) -> Iterator[RelRecord]:
        f = table.fields
        # An id per distinct cell: ids repeat on every row that names the node again.
        ids: dict[str, str] = {}
        bad = self.bad
        given_directed, given_type = self.options.directed, self.options.rel_type or ""
        extra = table.extra
        ends_at = (f["source"], f["target"])
        type_at, weight_at, date_at, role_at = (f.get(k) for k in ("type", "weight", "date", "role"))
        file = str(table.path)
        for row, line, cells in table.rows(problems):
            ends = []
            for at in ends_at:
                cell = cells[at]
                nid = ids.get(cell)
                if nid is None:
                    nid = ids[cell] = to_id(cell)
                if not nid:
                    if problems is not None:
                        problems.add(table.path, line, f"empty '{table.header[at]}'")
                    break
                ends.append(nid)
            if len(ends) < 2 or ends[0] in bad or ends[1] in bad:
                continue  # the problem is reported already
            start, end = ends
            directed = given_directed
            rtype = given_type
            value = cells[type_at].strip() if type_at is not None else ""
            if value:
                if value.lower() in ("directed", "undirected"):
                    directed = value.lower() == "directed"
                else:
                    rtype = value
            if not rtype:
                rtype = self._infer_type(labels.get(start, ""), labels.get(end, ""))
                if not rtype:
                    if problems is not None:
                        problems.add(
                            table.path,
                            line,
                            f"no relationship type for an edge from "
                            f"{labels.get(start, '?')} '{start}' to {labels.get(end, '?')} '{end}': "
                            "give a 'type' column or --type",
                        )
                    continue
            if rtype == "PARTICIPATED_IN" and labels.get(start) == "Event":
                start, end = end, start  # the actor takes part in the event
            props: dict[str, Any] = {}
            weight_cell = cells[weight_at].strip() if weight_at is not None else ""
            if weight_cell:
                problem = weight_problem(weight_cell)
                if problem is not None:
                    if problems is not None:
                        problems.add(table.path, line, problem)
                    continue
            since = cells[date_at].strip() if date_at is not None else ""
            if since:
                if (problem := date_problem(since)) is not None:
                    if problems is not None:
                        problems.add(table.path, line, f"'date' is not a date: '{since}' ({problem})")
                    continue
                props["since"] = since
            role = cells[role_at].strip() if role_at is not None else ""
            if role:
                props["role"] = role
            start, end = weigh(props, rtype, start, end, weight_cell, directed)
            cite = self._cite(table, row, cells, line, problems)
            if cite is None:
                continue
            props.update(cite)
            if extra:
                props.update({name: cells[i] for i, name in extra.items() if cells[i].strip()})
            key = rel_key(start, rtype, end, role, since, directed=rtype == TIE and directed)
            props["key"] = key
            yield RelRecord(
                rtype,
                start,
                end,
                key,
                props,
                file,
                line,
                labels.get(start, ""),
                labels.get(end, ""),
            )

    @staticmethod
    def _infer_type(start_label: str, end_label: str) -> str:
        if start_label in _TIE_ENDS and end_label in _TIE_ENDS:
            return "TIED_TO"
        if {start_label, end_label} in ({"Actor", "Event"}, {"Organisation", "Event"}):
            return "PARTICIPATED_IN"
        return ""

    # -- citations --------------------------------------------------------------------
    def _file_cite(self, path: Path, row: int) -> dict[str, Any]:
        source = self.sources[path]
        return {"sources": [source.id], "locators": [f"row {row}"]}

    def _cite(
        self, table: _Table, row: int, cells: list[str], line: int, problems: Problems | None
    ) -> dict[str, Any] | None:
        if not table.cited:
            return self._file_cite(table.path, row)
        docs = _split(cells[table.fields["document"]])
        locs = _split(cells[table.fields["locator"]])
        if not docs:
            if problems is not None:
                problems.add(table.path, line, "no citation: 'document' is empty")
            return None
        if len(docs) != len(locs):
            if problems is not None:
                problems.add(
                    table.path,
                    line,
                    f"'document' names {len(docs)} document(s) but 'locator' "
                    f"gives {len(locs)} location(s); give one locator per document",
                )
            return None
        return {"sources": docs, "locators": locs}


def read(paths: Sequence[Path], *, options: ReadOptions, lookup: Lookup | None = None) -> EdgeListRecords:
    """Edge and node files to records (see the module docstring).

    The files' headers are checked now; rows are checked as the records are read.
    """
    problems = Problems(options.max_problems)
    tables: list[_Table] = []
    for p in paths:
        table = _open_table(Path(p), options.columns, problems)
        if table is not None:
            tables.append(table)
    if tables and not any(t.is_edges for t in tables):
        problems.add(
            tables[0].path, 0, "no edge file among these (an edge file has columns source and target)"
        )
    records = EdgeListRecords(tables, options, lookup, problems)
    for t in tables:
        if not t.cited:
            try:
                records.sources[t.path] = file_source(t.path)
            except OSError as exc:
                problems.add(t.path, 0, f"cannot read file: {exc.strerror or exc}")
    return records
