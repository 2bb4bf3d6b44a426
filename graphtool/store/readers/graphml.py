"""GraphML, GEXF and GML files to records: what Gephi, Cytoscape, yEd and networkx write.

networkx parses the files (``read_graphml``, ``read_gexf``, ``parse_gml``), so a file is
held in memory while it is read. Which of the three a file is comes from its suffix
(``.gml``) or its root element (``<graphml>``, ``<gexf>``).

- **Nodes**: every node of the file. Its id is the element's id (GML's ``id``), other
  characters than letters, digits, ``_``, ``.``, ``:`` and ``-`` turned into ``-`` as in
  edge lists; its name the ``name`` attribute, else ``label`` (Gephi's, GEXF's), else
  the id. ``--map id=label`` takes the ids from the labels instead (files whose ids are
  numbers). The graphtool label is the ``class`` attribute (Actor, Organisation,
  Event, Place, Topic; other values through ``--label VALUE=LABEL``, so Davis's
  Southern Women is ``--map class=bipartite --label 0=Actor --label 1=Event``),
  default Actor; the kind is the ``kind`` attribute, else ``--kind``, else by label
  (``person`` for actors, ``other`` for the rest); ``aliases`` (``;``-separated) and
  ``date`` as in graphtool's own format.
- **Edges**: the type is the ``type`` attribute, else ``--type``, else by the ends as in
  edge lists (two actors or organisations: ``TIED_TO``, a direct tie; an actor and an
  event: ``PARTICIPATED_IN``). Direction comes from the file (GraphML's
  ``edgedefault``, GEXF's ``defaultedgetype``, GML's ``directed``). ``weight`` (a tie
  without one weighs 1), ``date`` (stored as ``since``) and ``role`` are read from the
  attributes of those names. Parallel edges (a multigraph) add their weights, as
  Gephi's import does.
- Other attributes are kept as properties of their own name (``attr_<name>`` where the
  name is one of graphtool's: an edge element's ``id`` is kept as ``attr_id``); nested
  ones (GEXF's ``viz``, GML's ``graphics``) are flattened (``viz_size``).
  ``--map FIELD=ATTRIBUTE`` reads a field from another attribute.
- **Citations**: the ``document`` and ``locator`` attributes where the file has them
  (``;``-separated, one locator per document), else the file's ``:Source`` and the
  element: ``node Myriel``; ``edge e12`` when the edge element has an id, else
  ``edge Myriel-Napoleon``.

Every problem names the file, the line where the element starts and the reason; a
file that cannot be parsed is one problem saying what the parser said (XML errors with
their line and column).
"""

from __future__ import annotations

import json
import re
import xml.parsers.expat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ...model import KINDS, TIE, NodeRecord, RelRecord, rel_key, weigh, weight_problem
from . import Dataset, Lookup, Problems, ReadOptions, file_source
from .csvfiles import date_problem, parse_date
from .edgelist import DEFAULT_KINDS, property_name, to_id
from .xmlvalues import bad_value

#: The fields ``--map`` may name, for nodes and for edges.
NODE_FIELDS = ("id", "name", "kind", "class", "aliases", "date", "document", "locator")
EDGE_FIELDS = ("weight", "type", "date", "role", "document", "locator")
_FIELDS = tuple(dict.fromkeys((*NODE_FIELDS, *EDGE_FIELDS)))
_SUFFIXES = {".graphml": "GraphML", ".gexf": "GEXF", ".gml": "GML"}
_ROOTS = {"graphml": "GraphML", "gexf": "GEXF"}
_CLASSES = ("Actor", "Organisation", "Event", "Place", "Topic")
_TIE_ENDS = ("Actor", "Organisation")
#: An edge element's id: in its locator, not kept as a property.
_STRUCTURAL = frozenset({"id"})
#: Where networkx's messages say a position: "... at (27, 1)", "line 11, column 24".
_GML_AT = re.compile(r"\s*at \((\d+), (\d+)\)$")
_GML_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<comment>#[^\n]*)|(?P<string>"[^"]*")|(?P<open>\[)|(?P<close>\])'
    r'|(?P<word>[^\s\[\]"#]+)'
)


@dataclass
class _Lines:
    """Where each node and edge element of a file starts."""

    nodes: dict[str, int] = field(default_factory=dict)
    edge_ids: dict[str, int] = field(default_factory=dict)
    edges: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def add_edge(self, source: str, target: str, eid: str | None, line: int) -> None:
        if eid is not None:
            self.edge_ids.setdefault(eid, line)
        self.edges.setdefault((source, target), []).append(line)

    def ends(self, u: str, v: str) -> tuple[str, str]:
        """An edge's ends in the order the file gives them (networkx may swap an
        undirected edge's)."""
        return (v, u) if (u, v) not in self.edges and (v, u) in self.edges else (u, v)

    def edge(self, u: str, v: str, eid: str | None, nth: int) -> int:
        """The line of the ``nth`` (from 0) edge between ``u`` and ``v`` (either way)."""
        if eid is not None and eid in self.edge_ids:
            return self.edge_ids[eid]
        found = self.edges.get((u, v)) or self.edges.get((v, u)) or []
        return found[min(nth, len(found) - 1)] if found else 0


def _xml_lines(path: Path, problems: Problems) -> tuple[_Lines, str] | None:
    """The lines of a GraphML or GEXF file's elements and the name of its root element,
    read with expat; a file that is not well-formed XML is a problem with its line
    (and None)."""
    lines = _Lines()
    root: list[str] = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if not root:
            root.append(local)
        if local == "node" and "id" in attrs:
            lines.nodes.setdefault(attrs["id"], parser.CurrentLineNumber)
        elif local == "edge" and "source" in attrs and "target" in attrs:
            lines.add_edge(attrs["source"], attrs["target"], attrs.get("id"), parser.CurrentLineNumber)

    parser.StartElementHandler = start
    try:
        with open(path, "rb") as f:
            parser.ParseFile(f)
    except xml.parsers.expat.ExpatError as exc:
        what = xml.parsers.expat.ErrorString(exc.code)
        problems.add(path, exc.lineno, f"not well-formed XML: {what} (column {exc.offset + 1})")
        return None
    return lines, root[0] if root else ""


def _gml_lines(text: str) -> _Lines:
    """The lines of a GML file's ``node [...]`` and ``edge [...]`` blocks (by their
    ``id``, and ``source``/``target``), found with GML's own tokens."""
    lines = _Lines()
    stack: list[str] = []
    key: str | None = None
    key_line = line = 1
    element: dict[str, str] = {}
    start = 0
    for m in _GML_TOKEN.finditer(text):
        kind, value = m.lastgroup, m.group()
        if kind in ("space", "comment"):
            line += value.count("\n")
            continue
        if kind == "open":
            stack.append(key or "")
            if stack in (["graph", "node"], ["graph", "edge"]):
                element, start = {}, key_line
            key = None
        elif kind == "close":
            if stack == ["graph", "node"] and "id" in element:
                lines.nodes.setdefault(element["id"], start)
            elif stack == ["graph", "edge"] and "source" in element and "target" in element:
                lines.add_edge(element["source"], element["target"], element.get("id"), start)
            if stack:
                stack.pop()
            key = None
        elif key is None:
            key, key_line = value, line
        else:
            if len(stack) == 2 and key in ("id", "source", "target"):
                element[key] = value.strip('"')
            key = None
        line += value.count("\n")
    return lines


def _is_gml(path: Path) -> bool:
    """Whether to read ``path`` as GML: named ``.gml``, or named otherwise and not XML
    (GraphML and GEXF are told apart by their root element)."""
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix] == "GML"
    with open(path, "rb") as f:
        head = f.read(1024).decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return not head.startswith("<")


def _text(value: Any) -> str:
    """An attribute value as the text it was written as (``4.0`` as ``4``, booleans as
    ``true``/``false``).

    >>> _text(4.0), _text(0.5), _text(True), _text(" x ")
    ('4', '0.5', 'true', 'x')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _scalar(value: Any) -> Any:
    """A value the database stores as it is: text, a whole number in 64 bits, a
    float, a boolean, or a list of one of these; anything else as JSON text."""
    if isinstance(value, (bool, float, str)):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, (list, tuple)) and value:
        items = [_scalar(v) for v in value]
        if len({type(v) for v in items}) == 1 and not isinstance(items[0], list):
            return items
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _flat(name: str, value: Any) -> Iterator[tuple[str, Any]]:
    """An attribute as properties: nested dicts (GEXF's ``viz``) flattened."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _flat(f"{name}_{k}", v)
    elif value is not None and value != "":
        yield name, _scalar(value)


def _split(text: str) -> list[str]:
    return [x.strip() for x in text.split(";") if x.strip()]


@dataclass
class _File:
    """One parsed file."""

    path: Path
    format: str
    graph: nx.Graph
    lines: _Lines


class _Reader:
    """The records of the files of one load, and their problems."""

    def __init__(self, options: ReadOptions, problems: Problems) -> None:
        self.options = options
        self.problems = problems
        self.columns = {k.lower(): v for k, v in options.columns.items()}
        self.sources: dict[Path, NodeRecord] = {}
        self.nodes: dict[str, NodeRecord] = {}
        self.cased: dict[str, str] = {}  # lower-case id -> id
        self.rels: list[RelRecord] = []

    def attr(self, fieldname: str) -> str:
        """The attribute that holds ``fieldname``."""
        return self.columns.get(fieldname, fieldname)

    # -- files ------------------------------------------------------------------------
    def parse(self, path: Path) -> _File | None:
        fmt = "GML"
        try:
            if path.stat().st_size == 0 and not path.is_dir():
                self.problems.add(path, 1, "empty file (expected a GraphML, GEXF or GML graph)")
                return None
            if _is_gml(path):
                data = path.read_bytes()
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = data.decode("latin-1")  # GML's own character set, ISO-8859-1
                lines = _gml_lines(text)
                graph = nx.parse_gml(text, label=None)
            else:
                found = _xml_lines(path, self.problems)
                if found is None:
                    return None
                lines, root = found
                fmt = _ROOTS.get(root, "")
                if not fmt:
                    self.problems.add(
                        path,
                        1,
                        f"neither GraphML nor GEXF: its root element is <{root}>, not <graphml> or <gexf>",
                    )
                    return None
                graph = nx.read_graphml(path) if fmt == "GraphML" else nx.read_gexf(path)
        except IsADirectoryError:
            self.problems.add(path, 0, "is a folder: name the GraphML, GEXF or GML files themselves")
            return None
        except OSError as exc:
            self.problems.add(path, 0, f"cannot read file: {exc.strerror or exc}")
            return None
        except Exception as exc:  # the parser's own words, never a traceback
            typed = bad_value(path) if fmt in ("GraphML", "GEXF") else None
            if typed is not None:
                self.problems.add(path, *typed)
                return None
            message = str(exc) or type(exc).__name__
            line = 0
            at = _GML_AT.search(message)
            if at:
                line, message = int(at.group(1)), message[: at.start()]
            self.problems.add(path, line, f"not a readable {fmt} file: {message}")
            return None
        if self.options.directed and not graph.is_directed():
            self.problems.add(
                path, 0, f"--directed: this {fmt} file says its edges are undirected (leave out --directed)"
            )
            return None
        return _File(path, fmt, graph, lines)

    def check_columns(self, files: list[_File]) -> bool:
        """``--map`` names fields of these formats and attributes some element has."""
        ok = True
        for fieldname, attr in self.options.columns.items():
            if fieldname.lower() not in _FIELDS:
                self.problems.add(
                    files[0].path if files else "--map",
                    0,
                    f"--map {fieldname}={attr}: no field '{fieldname}' in GraphML, GEXF or GML files "
                    f"(fields: {', '.join(_FIELDS)})",
                )
                ok = False
                continue
            for f in files:
                found: set[str] = set()
                if fieldname.lower() in NODE_FIELDS:
                    found |= {k for _, d in f.graph.nodes(data=True) for k in d}
                if fieldname.lower() in EDGE_FIELDS:
                    found |= {k for *_, d in f.graph.edges(data=True) for k in d}
                if attr not in found:
                    names = ", ".join(sorted(found)) or "none"
                    low = fieldname.lower()
                    of = "node " if low not in EDGE_FIELDS else "edge " if low not in NODE_FIELDS else ""
                    self.problems.add(
                        f.path,
                        0,
                        f"--map {fieldname}={attr}: no {of}attribute '{attr}' ({of}attributes: {names})",
                    )
                    ok = False
        return ok

    def read(self, f: _File) -> None:
        try:
            self.sources[f.path] = file_source(f.path)
        except OSError as exc:
            self.problems.add(f.path, 0, f"cannot read file: {exc.strerror or exc}")
            return
        ids: dict[Any, str] = {}  # networkx's node -> graphtool id (good nodes only)
        labels: dict[str, str] = {}
        for node, data in f.graph.nodes(data=True):
            rec = self.node(f, node, data)
            if rec is not None:
                ids[node] = rec.id
                labels[rec.id] = rec.label
        multi = f.graph.is_multigraph()
        seen: dict[tuple[str, str], int] = {}
        edges = (
            f.graph.edges(keys=True, data=True)
            if multi
            else ((u, v, None, d) for u, v, d in f.graph.edges(data=True))
        )
        found: list[tuple[int, int, Any, Any, Any, Mapping[str, Any]]] = []
        for u, v, key, data in edges:
            pair = (str(u), str(v))
            nth = seen.get(pair, 0)
            seen[pair] = nth + 1
            eid = data.get("id")
            if eid is None and multi and isinstance(key, str):
                eid = key  # GraphML's edge id is the multigraph's key
            line = f.lines.edge(str(u), str(v), None if eid is None else str(eid), nth)
            found.append((line, len(found), u, v, eid, data))
        # networkx lists edges node by node; the file's order reads better.
        for line, _, u, v, eid, data in sorted(found, key=lambda e: e[:2]):
            if u not in ids or v not in ids:
                continue  # the node's problem is reported already
            a, b = f.lines.ends(str(u), str(v))
            where = f"edge {eid}" if eid is not None else f"edge {a}-{b}"
            self.edge(f, ids[u], ids[v], labels, data, line, where)

    # -- nodes ------------------------------------------------------------------------
    def node(self, f: _File, node: Any, data: Mapping[str, Any]) -> NodeRecord | None:
        path, line = f.path, f.lines.nodes.get(str(node), 0)
        where = f"node {node}"
        problems = self.problems
        raw = str(node)
        if "id" in self.columns:
            value = data.get(self.columns["id"])
            if value is None or not _text(value):
                problems.add(
                    path, line, f"{where}: no '{self.columns['id']}' to take its id from (--map id=...)"
                )
                return None
            raw = _text(value)
        nid = to_id(raw)
        if not nid:
            problems.add(path, line, f"{where}: its id '{raw}' has no letter or digit")
            return None
        label = "Actor"
        class_attr = self.attr("class")
        if data.get(class_attr) is not None and _text(data[class_attr]):
            value = _text(data[class_attr])
            label = self.options.labels.get(value, value if value in _CLASSES else "")
            if label not in _CLASSES:
                problems.add(
                    path,
                    line,
                    f"{where}: unknown class '{value}' in attribute '{class_attr}' (one of: "
                    f"{', '.join(_CLASSES)}, or map values with --label VALUE=LABEL)",
                )
                return None
        name_attr = self.columns.get("name") or ("name" if "name" in data else "label")
        name = _text(data[name_attr]) if data.get(name_attr) is not None else ""
        props: dict[str, Any] = {"id": nid, "name": name or raw}
        kinds = KINDS[label]
        if kinds is not None:
            kind = _text(data[self.attr("kind")]) if data.get(self.attr("kind")) is not None else ""
            kind = kind or self.options.kind or DEFAULT_KINDS.get(label, "other")
            if kind not in kinds:
                problems.add(
                    path, line, f"{where}: unknown {label} kind '{kind}' (one of: {', '.join(kinds)})"
                )
                return None
            props["kind"] = kind
        if data.get(self.attr("aliases")) is not None:
            aliases = _split(_text(data[self.attr("aliases")]))
            if aliases:
                props["aliases"] = aliases
        if data.get(self.attr("date")) is not None and _text(data[self.attr("date")]):
            date = _text(data[self.attr("date")])
            if (problem := date_problem(date)) is not None:
                problems.add(path, line, f"{where}: 'date' is not a date: '{date}' ({problem})")
                return None
            props.update(parse_date(date) or {})
        cite = self.cite(f, data, line, where, where)
        if cite is None:
            return None
        props.update(cite)
        used = {self.attr(x) for x in NODE_FIELDS} | {name_attr}
        props.update(self.extra(data, used))
        first = self.cased.get(nid.lower())
        if first is not None:
            return self.again(f, nid, first, label, props, line, where)
        self.cased[nid.lower()] = nid
        rec = NodeRecord(label, nid, props, str(path), line)
        self.nodes[nid] = rec
        return rec

    def again(
        self, f: _File, nid: str, first: str, label: str, props: dict[str, Any], line: int, where: str
    ) -> NodeRecord | None:
        """A node whose id another node of these files has already: the same node in
        another file (its citations added), or a problem."""
        prior = self.nodes[first]
        at = f"{prior.file} line {prior.line}"
        if first != nid:
            self.problems.add(
                f.path,
                line,
                f"{where}: id '{nid}' differs only in case from '{first}' ({at}); ids must differ by more "
                "than case",
            )
            return None
        if prior.file == str(f.path):
            self.problems.add(f.path, line, f"{where}: its id '{nid}' is the id of another node too ({at})")
            return None
        if prior.label != label:
            self.problems.add(
                f.path, line, f"{where}: '{nid}' is {_a(label)} here but {_a(prior.label)} in {at}"
            )
            return None
        merged = dict(prior.props)
        for k, v in props.items():
            if k in ("sources", "locators"):
                continue
            if k in merged and merged[k] != v:
                self.problems.add(
                    f.path,
                    line,
                    f"{where}: {k} is {v!r} here but {merged[k]!r} in {at}; one node has one {k} "
                    "(load the files as separate datasets to keep both)",
                )
                return None
            merged[k] = v
        merged["sources"] = [*prior.props["sources"], *props["sources"]]
        merged["locators"] = [*prior.props["locators"], *props["locators"]]
        rec = NodeRecord(prior.label, nid, merged, prior.file, prior.line)
        self.nodes[nid] = rec
        return rec

    # -- edges ------------------------------------------------------------------------
    def edge(
        self,
        f: _File,
        start: str,
        end: str,
        labels: Mapping[str, str],
        data: Mapping[str, Any],
        line: int,
        where: str,
    ) -> None:
        path, problems = f.path, self.problems
        directed = f.graph.is_directed()
        rtype = self.options.rel_type or ""
        type_attr = self.attr("type")
        if data.get(type_attr) is not None and _text(data[type_attr]):
            value = _text(data[type_attr])
            if value.lower() in ("directed", "undirected"):
                directed = value.lower() == "directed"
            else:
                rtype = value
        if not rtype:
            rtype = _infer_type(labels[start], labels[end])
            if not rtype:
                problems.add(
                    path,
                    line,
                    f"{where}: no relationship type for an edge from {labels[start]} '{start}' to "
                    f"{labels[end]} '{end}': give edges a 'type' attribute, or --type",
                )
                return
        if rtype == "PARTICIPATED_IN" and labels[start] == "Event":
            start, end = end, start  # the actor takes part in the event
        props: dict[str, Any] = {}
        weight = _text(data[self.attr("weight")]) if data.get(self.attr("weight")) is not None else ""
        if weight and (problem := weight_problem(weight)) is not None:
            problems.add(path, line, f"{where}: {problem}")
            return
        since = _text(data[self.attr("date")]) if data.get(self.attr("date")) is not None else ""
        if since:
            if (problem := date_problem(since)) is not None:
                problems.add(path, line, f"{where}: 'date' is not a date: '{since}' ({problem})")
                return
            props["since"] = since
        role = _text(data[self.attr("role")]) if data.get(self.attr("role")) is not None else ""
        if role:
            props["role"] = role
        start, end = weigh(props, rtype, start, end, weight, directed)
        cite = self.cite(f, data, line, where, where)
        if cite is None:
            return
        props.update(cite)
        props.update(self.extra(data, {self.attr(x) for x in EDGE_FIELDS} | _STRUCTURAL))
        key = rel_key(start, rtype, end, role, since, directed=rtype == TIE and directed)
        props["key"] = key
        self.rels.append(
            RelRecord(
                rtype, start, end, key, props, str(path), line, labels.get(start, ""), labels.get(end, "")
            )
        )

    # -- shared -----------------------------------------------------------------------
    def cite(
        self, f: _File, data: Mapping[str, Any], line: int, where: str, locator: str
    ) -> dict[str, Any] | None:
        doc_attr, loc_attr = self.attr("document"), self.attr("locator")
        docs = _split(_text(data[doc_attr])) if data.get(doc_attr) is not None else []
        locs = _split(_text(data[loc_attr])) if data.get(loc_attr) is not None else []
        if not docs and not locs:
            return {"sources": [self.sources[f.path].id], "locators": [locator]}
        if len(docs) != len(locs):
            self.problems.add(
                f.path,
                line,
                f"{where}: '{doc_attr}' names {len(docs)} document(s) but '{loc_attr}' gives "
                f"{len(locs)} location(s); give one locator per document",
            )
            return None
        return {"sources": docs, "locators": locs}

    @staticmethod
    def extra(data: Mapping[str, Any], used: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in data.items():
            if k in used:
                continue
            name = property_name(str(k).strip())
            if name is not None:
                out.update(_flat(name, v))
        return out


def _a(label: str) -> str:
    return ("an " if label[0] in "AEIOU" else "a ") + label


def _infer_type(start_label: str, end_label: str) -> str:
    if start_label in _TIE_ENDS and end_label in _TIE_ENDS:
        return TIE
    if {start_label, end_label} in ({"Actor", "Event"}, {"Organisation", "Event"}):
        return "PARTICIPATED_IN"
    return ""


def read(paths: Sequence[Path], *, options: ReadOptions, lookup: Lookup | None = None) -> Dataset:
    """GraphML, GEXF and GML files to records (see the module docstring)."""
    problems = Problems(options.max_problems)
    reader = _Reader(options, problems)
    files = [f for f in (reader.parse(Path(p)) for p in paths) if f is not None]
    if reader.check_columns(files):
        for f in files:
            reader.read(f)
    return Dataset(
        [*reader.sources.values(), *reader.nodes.values()],
        reader.rels,
        [Path(p) for p in paths],
        problems,
        sum_weights=True,
    )
