"""Readers: import files in, validated records out. Pure: nothing is written.

Every format is one module of this package with one function::

    def read(paths: Sequence[Path], *, options: ReadOptions, lookup: Lookup | None) -> Records

It checks everything its format promises row by row and returns :class:`Records`:
the files it read, the problems it found (file, line and reason each), and the records
themselves, :class:`~graphtool.model.NodeRecord` and :class:`~graphtool.model.RelRecord`,
every node before any relationship, as often as they are iterated. A reader that holds
its data in memory returns a :class:`Dataset`; one that streams (edge lists of a million
rows) re-reads its files on each iteration, so memory does not grow with the file. A
reader is given nothing but the files, the options and ``lookup`` (which ids the files
use but do not define already exist; from the loader, a :class:`GraphLookup`, which
also finds nodes by name): no database handle, no writer. The loader
(:mod:`graphtool.store.load`) iterates once to validate (ends, labels, citations,
conflicts with the graph), writes nothing when anything is wrong, and iterates again
to write.

Citations: a format without citation columns cites every record to the file it came
from, a ``:Source`` record for the file (:func:`file_source`: name, size, SHA-256,
when loaded) with the row (``row 12``) or element (``node n3``) as the locator.

:data:`READERS` names the module of each format; :func:`detect_format` picks one from
the paths. A new format is one module here with a ``read`` and one line in
:data:`READERS`.

May import: :mod:`graphtool.model`, :mod:`graphtool.errors` and its own modules.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ...errors import InvalidImportFile, Problem, UsageError
from ...model import NodeRecord, RelRecord

__all__ = [
    "READERS", "Dataset", "GraphLookup", "Lookup", "NameLookup", "NodeRecord", "Problems", "ReadOptions",
    "Reader", "Record", "Records", "RelRecord", "detect_format", "file_source", "files_of", "read_paths",
    "read_records",
    "reader",
]

#: How many problems are listed before the rest are only counted.
MAX_PROBLEMS = 50

Record = NodeRecord | RelRecord

#: Lookup of ids that are not in the files (the loader asks the database):
#: given ids, returns the label of each one that exists.
Lookup = Callable[[set[str]], dict[str, str]]
#: Lookup of names (the table reader's participants and places): given names in lower
#: case and the labels wanted, returns for each name that names nodes of those labels
#: (by id, name or alias, in any case) their (id, label, match), ``match`` saying how
#: well: 0 by the id, 1 by the name, 2 by an alias; best first.
NameLookup = Callable[[set[str], Sequence[str]], dict[str, list[tuple[str, str, int]]]]


@dataclass(frozen=True)
class GraphLookup:
    """What the loader tells readers about the graph: it is a :data:`Lookup` of ids
    (called as one, so readers that only need ids see no difference), and carries a
    :data:`NameLookup` for readers that match names to nodes."""

    ids: Lookup
    names: NameLookup

    def __call__(self, wanted: set[str]) -> dict[str, str]:
        return self.ids(wanted)


class Problems:
    """The problems a reader or the loader found: the first ``cap`` kept, all counted."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        self.cap = cap
        self.items: list[Problem] = []
        self.total = 0

    def add(self, path: Path | str, line: int, reason: str) -> None:
        """One problem: ``path`` line ``line`` (0: the file as a whole), and why."""
        self.total += 1
        if len(self.items) < self.cap:
            self.items.append(Problem(str(path), line, reason))

    def raise_if_any(self) -> None:
        """Raise :class:`~graphtool.errors.InvalidImportFile` if there were any."""
        if self.total:
            raise InvalidImportFile(self.items, self.total)


def read_text(path: Path, problems: Problems) -> str | None:
    """``path``'s text, or None with the problem (it cannot be read, or is not UTF-8)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(path, 0, f"cannot read file: {exc.strerror or exc}")
        return None
    return decode_text(path, data, problems)


def decode_text(path: Path, data: bytes, problems: Problems) -> str | None:
    """``data`` (the contents of ``path``) as text, UTF-8 with or without a byte-order
    mark; None when it is not, with the problem at the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _not_utf8(problems, path, 0, exc)
        return None


def add_not_utf8(problems: Problems, path: Path) -> None:
    """Report that ``path``, which a reader streams, is not UTF-8 text: the file is read
    again in blocks for the line of its first bad byte (the stream's decoder meets the
    byte a block ahead of the row the reader is on)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    lines = 0  # newlines before the block (a newline is never inside a sequence)
    try:
        with open(path, "rb") as f:
            while True:
                block = f.read(1 << 20)
                try:
                    decoder.decode(block, final=not block)
                except UnicodeDecodeError as exc:
                    _not_utf8(problems, path, lines, exc)
                    return
                if not block:
                    break
                lines += block.count(b"\n")
    except OSError:
        pass
    problems.add(path, 0, "not UTF-8 text; save the file as UTF-8")  # changed since


def _not_utf8(problems: Problems, path: Path, lines: int, exc: UnicodeDecodeError) -> None:
    """The problem for ``exc``, raised decoding what followed ``lines`` newlines."""
    given = exc.object  # the bytes the decoder was given (without a byte-order mark)
    line = lines + given.count(b"\n", 0, exc.start) + 1
    problems.add(path, line, f"not UTF-8 text (byte 0x{given[exc.start]:02x}); save the file as UTF-8")


@dataclass(frozen=True)
class ReadOptions:
    """How to read files of formats that do not say everything themselves.

    Parameters:
        dataset: the dataset's name (file sources are cited in it).
        directed: edges are directed (edge lists; GraphML and GEXF say it themselves).
        columns: graphtool's field -> the column or attribute that holds it
            (``{"weight": "strength", "kind": "type"}``), for fields the format reads.
        labels: a value of the label column or attribute -> a graphtool label
            (``{"0": "Actor", "1": "Event"}``).
        kind: the kind of nodes the data gives none (default by label, see the format).
        rel_type: the relationship type of edges the data gives none.
    """

    dataset: str = "data"
    directed: bool = False
    columns: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    kind: str | None = None
    rel_type: str | None = None
    max_problems: int = MAX_PROBLEMS


class Records(Protocol):
    """What a reader returns: its files, its problems, and its records (every node
    before any relationship) each time it is iterated.

    ``sum_weights`` says what rows repeating a relationship mean: True (edge lists) adds
    their weights, as Gephi's import does; False (graphtool's format) reads them as the
    same fact cited again.
    """

    @property
    def files(self) -> list[Path]: ...

    @property
    def problems(self) -> Problems: ...

    @property
    def sum_weights(self) -> bool: ...

    def __iter__(self) -> Iterator[Record]: ...


@dataclass(frozen=True)
class Dataset:
    """Validated records from one or more import files, held in memory."""

    nodes: list[NodeRecord]
    relations: list[RelRecord]
    files: list[Path] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems, compare=False, repr=False)
    sum_weights: bool = False

    def __iter__(self) -> Iterator[Record]:
        yield from self.nodes
        yield from self.relations

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts by label, by ``label:kind`` and by relationship type, sorted."""
        labels = Counter(n.label for n in self.nodes)
        kinds = Counter(
            f"{n.label}:{n.props['kind']}" for n in self.nodes if n.props.get("kind")
        )
        types = Counter(r.type for r in self.relations)
        return {
            "nodes": dict(sorted(labels.items())),
            "kinds": dict(sorted(kinds.items())),
            "relationships": dict(sorted(types.items())),
        }


class Reader(Protocol):
    """What a reader module's ``read`` is (see the module docstring)."""

    def __call__(
        self, paths: Sequence[Path], *, options: ReadOptions, lookup: Lookup | None = None
    ) -> Records: ...


#: The import formats, by name: the module of this package that reads each one.
READERS: dict[str, str] = {
    "graphtool": "csvfiles",  # graphtool's own import format (docs/import-format.md)
    "edges": "edgelist",  # edge lists and node lists, CSV or TSV
    "graphml": "graphml",  # GraphML, GEXF and GML: one reader, which tells them apart
    "gexf": "graphml",
    "gml": "graphml",
    "table": "table",  # tables of events (CSV, TSV, XLSX) through a mapping file
}
#: Names kept for the formats that had them in graphtool 0.1.
_ALIASES = {"csv": "graphtool"}


def reader(format: str = "graphtool") -> Reader:
    """The ``read`` function of ``format`` (a key of :data:`READERS`).

    Raises:
        UsageError: no reader of that name.

    >>> reader("graphtool").__module__
    'graphtool.store.readers.csvfiles'
    """
    format = _ALIASES.get(format, format)
    if format not in READERS:
        raise UsageError(f"unknown import format '{format}' (one of {', '.join(READERS)})")
    module = importlib.import_module(f"{__name__}.{READERS[format]}")
    read: Reader = module.read
    return read


#: File suffixes that name their format.
_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".gml": "gml", ".toml": "table"}
#: The stems of graphtool's own files (``actors-extra.csv``).
_GRAPHTOOL_STEM = re.compile(
    r"^(sources|actors|organisations|events|places|topics|claims|relations)(?:[-_.].*)?\.csv$", re.I
)


def detect_format(paths: Sequence[Path]) -> str:
    """The format of ``paths``: a folder or files named like graphtool's own
    (``actors.csv``) are ``graphtool``; ``.graphml``, ``.gexf``, ``.gml`` files those;
    a ``.toml`` mapping file ``table``; other ``.csv``/``.tsv`` files ``edges``. GraphML,
    GEXF and GML files load together (one reader reads the three).

    >>> detect_format([Path("import")]), detect_format([Path("karate.csv")])
    ('graphtool', 'edges')
    >>> detect_format([Path("a.graphml"), Path("b.gexf")])
    'gexf'

    """
    found: set[str] = set()
    for p in paths:
        suffix = p.suffix.lower()
        if p.is_dir() or _GRAPHTOOL_STEM.match(p.name):
            found.add("graphtool")
        elif suffix in _SUFFIXES:
            found.add(_SUFFIXES[suffix])
        elif suffix in (".csv", ".tsv", ".txt"):
            found.add("edges")
        else:
            found.add("graphtool")  # its reader says what is wrong with the name
    if len({READERS[f] for f in found}) > 1:  # GraphML, GEXF and GML have one reader
        raise UsageError(
            "these files are of different formats (" + ", ".join(sorted(found)) + "); load them "
            "one format at a time, or name the format with --format"
        )
    return min(found) if found else "graphtool"


def read_records(
    paths: Sequence[Path | str],
    *,
    format: str = "auto",
    options: ReadOptions | None = None,
    lookup: Lookup | None = None,
) -> Records:
    """The records of ``paths`` read with the reader of ``format`` (``auto``: see
    :func:`detect_format`)."""
    files = [Path(p) for p in paths]
    name = detect_format(files) if format == "auto" else format
    return reader(name)(files, options=options or ReadOptions(), lookup=lookup)


def files_of(paths: Sequence[Path | str], format: str = "auto") -> list[Path]:
    """The files a reader of ``format`` would read under ``paths`` (folders listed as
    graphtool's format lists them), without reading them; unreadable ones left out."""
    files = [Path(p) for p in paths]
    name = detect_format(files) if format == "auto" else _ALIASES.get(format, format)
    if name == "graphtool":
        from .csvfiles import collect_files

        return collect_files(files)
    return [f for f in files if f.is_file()]


def read_paths(
    paths: Sequence[Path | str],
    *,
    lookup: Lookup | None = None,
    format: str = "graphtool",
    options: ReadOptions | None = None,
) -> Dataset:
    """Read and validate every import file under ``paths`` with the reader of
    ``format`` (``auto``: see :func:`detect_format`), into memory (see the module
    docstring for ``lookup`` and the errors).

    Raises:
        InvalidImportFile: the files have problems.
    """
    records = read_records(paths, format=format, options=options, lookup=lookup)
    if isinstance(records, Dataset):
        records.problems.raise_if_any()
        return records
    nodes: list[NodeRecord] = []
    rels: list[RelRecord] = []
    for r in records:
        (nodes if isinstance(r, NodeRecord) else rels).append(r)  # type: ignore[arg-type]
    records.problems.raise_if_any()
    return Dataset(nodes, rels, list(records.files), sum_weights=records.sum_weights)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "file"


def file_source(path: Path, *, loaded_at: str | None = None) -> NodeRecord:
    """The ``:Source`` record citing a data file: its name, size and SHA-256, and when it
    was loaded. Its id is the file's name and the start of its hash, so the same file
    is the same source.

    Raises:
        OSError: the file cannot be read.
    """
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    sha = digest.hexdigest()
    when = loaded_at or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    sid = f"file-{_slug(path.stem)}-{sha[:10]}"
    props = {
        "id": sid,
        "name": path.name,
        "title": path.name,
        "kind": "file",
        "file": str(path),
        "size": size,
        "sha256": sha,
        "loadedAt": when,
        "sources": [sid],
        "locators": ["whole file"],
    }
    return NodeRecord("Source", sid, props, str(path), 0)
