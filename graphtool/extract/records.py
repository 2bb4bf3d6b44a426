"""The plain records extraction reads and returns (frozen dataclasses, no behaviour to
speak of), shared by every module of :mod:`graphtool.extract`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Confidence from which a candidate counts as high (the review page's default filter
#: and the benchmark's precision sample).
HIGH = 0.7


@dataclass(frozen=True)
class Name:
    """One gazetteer entry: a node already in the graph (or in a gazetteer file), with
    every name it is known by."""

    id: str
    label: str
    name: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Membership:
    """One membership the graph (or a gazetteer file) knows: ``member`` is a member of
    ``group`` in ``role`` from ``since`` to ``until`` (dates as in the import format,
    empty when not known). Extraction reads "the SCO's member states" as its members."""

    member: str
    group: str
    role: str = "member"
    since: str = ""
    until: str = ""


@dataclass(frozen=True)
class Line:
    """One line of a report: its text and where it is (``page`` is None for text)."""

    number: int
    text: str
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """A report read into lines, with what identifies its file."""

    path: Path
    source_id: str
    title: str
    format: str  # "text", "markdown" or "pdf"
    size: int
    sha256: str
    lines: tuple[Line, ...]
    pages: int = 0  # PDF pages; 0 for text


def locator(lines: tuple[Line, ...] | list[Line]) -> str:
    """The locator of a run of lines: ``line 3``, ``lines 3-5``, ``p. 2, lines 3-5``.

    >>> locator([Line(3, ""), Line(5, "")])
    'lines 3-5'
    >>> locator([Line(40, "", 2), Line(2, "", 3)])
    'p. 2, line 40 to p. 3, line 2'
    """
    first, last = lines[0], lines[-1]
    span = "line" if first.number == last.number else "lines"
    nums = str(first.number) if first.number == last.number else f"{first.number}-{last.number}"
    if first.page is None:
        return f"{span} {nums}"
    if first.page == last.page:
        return f"p. {first.page}, {span} {nums}"
    return f"p. {first.page}, line {first.number} to p. {last.page}, line {last.number}"


@dataclass(frozen=True)
class Sentence:
    """One sentence (or one table row) with the lines it covers.

    ``breaks`` maps character offsets of ``text`` to the index of the document line
    they come from: ``(offset, line index)`` pairs in order, the first at offset 0.
    """

    index: int
    text: str
    first: int  # index into Document.lines
    last: int
    breaks: tuple[tuple[int, int], ...]
    locator: str
    paragraph: int = 0

    def line_at(self, offset: int) -> int:
        """The document line index of the character at ``offset``."""
        found = self.first
        for start, line in self.breaks:
            if start > offset:
                break
            found = line
        return found


@dataclass(frozen=True)
class Mention:
    """One place a name was found: the entity, the words and where."""

    entity: str
    text: str
    sentence: int
    start: int  # character offsets in the sentence's text
    end: int
    locator: str
    how: str = "name"  # name, alias, acronym, demonym, new
    qualifier: bool = False  # a demonym that only says whose the next name is


@dataclass(frozen=True)
class Row:
    """One row of an import file: the file's stem (``actors``, ``relations``, ...) and
    its cells by column."""

    file: str
    cells: dict[str, str] = field(hash=False)


@dataclass(frozen=True)
class Entity:
    """An entity found in the report: already known (gazetteer) or a new candidate."""

    id: str
    label: str
    kind: str
    name: str
    new: bool
    mentions: int
    first_locator: str
    locators: tuple[str, ...]
    confidence: float = 1.0
    cue: str = "gazetteer"
    aliases: tuple[str, ...] = ()
    #: Names the report links to this entity that the gazetteer lacks (acronym definitions).
    new_aliases: tuple[str, ...] = ()
    row: Row | None = None  # the node row proposed for a new entity


@dataclass(frozen=True)
class Fact:
    """One proposed fact: its rows (an event and its relations, or one relation), the
    sentence that proposed it, and how sure extraction is."""

    id: str
    type: str  # MEMBER_OF, TARGETS, an event kind (agreement, exercise, ...), co-mention
    cue: str
    confidence: float
    sentence: str
    locator: str
    entities: tuple[str, ...]
    rows: tuple[Row, ...]
    date: str = ""
    end_date: str = ""


@dataclass(frozen=True)
class Table:
    """A tab- or pipe-separated table found in the text."""

    index: int
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[Line, ...]  # the line of each data row
    header_line: Line | None  # None: the table has no header row
    caption: str
    delimiter: str  # "\t" or "|"
    locator: str


@dataclass(frozen=True)
class Source:
    """The ``:Source`` row for the report."""

    id: str
    title: str
    file: str
    size: int
    sha256: str
    format: str
    pages: int
    lines: int

    def row(self) -> Row:
        return Row(
            "sources",
            {
                "id": self.id,
                "title": self.title,
                "file": self.file,
                "size": str(self.size),
                "sha256": self.sha256,
            },
        )


@dataclass(frozen=True)
class Candidates:
    """Everything extraction proposes for one report."""

    source: Source
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    tables: tuple[Table, ...]
    sentences: int = 0
    stats: dict[str, Any] = field(default_factory=dict, hash=False)

    def rows(self) -> list[Row]:
        """Every import row: the source, new entities, then the facts' rows."""
        out = [self.source.row()]
        out += [e.row for e in self.entities if e.row is not None]
        for f in self.facts:
            out += f.rows
        return out
