"""Readers: import files in, validated records out. Pure: nothing is written.

The interface every reader follows is one function in a module of this package::

    def read(paths: Sequence[Path | str], *, lookup: Lookup | None = None) -> Dataset

It reads the files under ``paths`` completely, checks everything its format
promises and returns a :class:`Dataset` of :class:`~graphtool.model.NodeRecord` and
:class:`~graphtool.model.RelRecord`, or raises
:class:`~graphtool.errors.InvalidImportFile` listing each problem as file, line and
reason. A reader is given nothing but the files and ``lookup`` (which ids that the
files use but do not define already exist): no database handle, no writer. So
:mod:`graphtool.store.load` validates everything before it writes anything, whatever
the format.

:data:`READERS` names the module of each format. A new format (edge lists, GraphML,
GEXF, GML, mapping-file tables) is one module here with a ``read`` and one line in
:data:`READERS`.

May import: :mod:`graphtool.model`, :mod:`graphtool.errors` and its own modules.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ...errors import UsageError
from ...model import NodeRecord, RelRecord

__all__ = ["READERS", "Dataset", "Lookup", "NodeRecord", "Reader", "RelRecord", "read_paths", "reader"]

#: Lookup of ids that are not in the files (the loader asks the database):
#: given ids, returns the label of each one that exists.
Lookup = Callable[[set[str]], dict[str, str]]


@dataclass(frozen=True)
class Dataset:
    """Validated records from one or more import files."""

    nodes: list[NodeRecord]
    relations: list[RelRecord]
    files: list[Path] = field(default_factory=list)

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

    def __call__(self, paths: Sequence[Path | str], *, lookup: Lookup | None = None) -> Dataset: ...


#: The import formats, by name: the module of this package that reads each one.
READERS: dict[str, str] = {
    "csv": "csvfiles",  # graphtool's own import format (docs/import-format.md)
}


def reader(format: str = "csv") -> Reader:
    """The ``read`` function of ``format`` (a key of :data:`READERS`).

    Raises:
        UsageError: no reader of that name.

    >>> reader("csv").__module__
    'graphtool.store.readers.csvfiles'
    """
    if format not in READERS:
        raise UsageError(f"unknown import format '{format}' (one of {', '.join(READERS)})")
    module = importlib.import_module(f"{__name__}.{READERS[format]}")
    read: Reader = module.read
    return read


def read_paths(
    paths: Sequence[Path | str], *, lookup: Lookup | None = None, format: str = "csv"
) -> Dataset:
    """Read and validate every import file under ``paths`` with the reader of
    ``format`` (see the module docstring for ``lookup`` and the errors)."""
    return reader(format)(paths, lookup=lookup)
