"""Co-mentions: names of one sentence, or of one paragraph, that no cue linked.

Each pair of names in a sentence is a **co-mention**: ``PARTICIPATED_IN`` for an actor
and an event, ``HELD_IN`` for an event and a place, ``CONCERNS`` for a topic,
``LOCATED_IN`` for "place, state" and ``RELATED_TO`` (role ``co-mentioned``) for the
rest, at 0.45 and less (less in long lists, for names far apart). Names of one paragraph
in different sentences make *paragraph co-mentions*
(:mod:`~graphtool.extract.paragraphs`), lower still.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .dates import DateExpr
from .grammar import AFTER_STATE, Found, clause
from .paragraphs import CUE as PARAGRAPH_CUE
from .paragraphs import TOP as PARAGRAPH_TOP
from .paragraphs import cross_sentence
from .records import Row, Sentence, locator
from .rows import RowMaker, allowed


class CoMentions(RowMaker):
    """Co-mentions in sentences and paragraphs, on top of :class:`RowMaker`."""

    def __init__(self, source: str, prefix: str, lines: Sequence = ()) -> None:
        super().__init__(source, prefix, lines)
        #: The sentences of the paragraph read so far, with their names, and the number
        #: of facts when it began.
        self.paragraph: list[tuple[Sentence, list[Found]]] = []
        self.paragraph_start = 0

    def begin(self, s: Sentence) -> None:
        """Call before a sentence's facts: a sentence of a new paragraph ends the one before."""
        if self.paragraph and self.paragraph[-1][0].paragraph != s.paragraph:
            self.end_paragraph()

    def read(self, s: Sentence, found: list[Found]) -> None:
        """Keep a sentence's names for its paragraph's co-mentions."""
        if found:
            self.paragraph.append((s, found))

    def end_paragraph(self) -> None:
        """Propose the paragraph co-mentions of the paragraph read so far
        (:mod:`~graphtool.extract.paragraphs`); call it once more after the last sentence."""
        items, self.paragraph = self.paragraph, []
        start, self.paragraph_start = self.paragraph_start, len(self.facts)
        if len(items) < 2 or not self.lines:
            return
        linked = {frozenset((x, y)) for f in self.facts[start:] for x in f.entities for y in f.entities}
        for p in cross_sentence(items, linked):
            a_line, b_line = p.first.line_at(p.a.start), p.second.line_at(p.b.start)
            loc = locator([self.lines[a_line], self.lines[b_line]])
            text = p.first.text + (" ... " if p.gap > 1 else " ") + p.second.text
            joined = Sentence(p.first.index, text, a_line, b_line, ((0, a_line),), loc, p.first.paragraph)
            row = self._pair(joined, p.a, p.b, min(PARAGRAPH_TOP, p.confidence), PARAGRAPH_CUE)
            if row is not None:
                self._add(
                    "co-mention",
                    PARAGRAPH_CUE,
                    float(row.cells["confidence"]),
                    joined,
                    [p.a.id, p.b.id],
                    [row],
                )

    def _co_mentions(
        self, s: Sentence, found: Sequence[Found], dates: list[DateExpr], linked: set[frozenset[str]]
    ) -> None:
        n = len(found)
        crowd = 0.1 if n > 5 else 0.0
        clauses = [clause(s.text, f.start) for f in found] if n > 6 else []
        for i in range(n):
            for j in range(i + 1, n):
                a, b = found[i], found[j]
                if a.id == b.id or frozenset((a.id, b.id)) in linked:
                    continue
                far = 0.1 if b.start - a.end > 150 else 0.0
                # Long lists: names that are neither neighbours nor in one clause, lower.
                apart = 0.1 if n > 6 and j - i > 2 and clauses[i] != clauses[j] else 0.0
                row = self._pair(s, a, b, 0.45 - crowd - far - apart)
                if row is not None:
                    self._add(
                        "co-mention",
                        row.cells["cue"],
                        float(row.cells["confidence"]),
                        s,
                        [a.id, b.id],
                        [row],
                        dates[0] if dates else None,
                    )

    def _pair(self, s: Sentence, a: Found, b: Found, base: float, cue: str = "co-mention") -> Row | None:
        labels = {a.label, b.label}
        if cue == "co-mention" and (labels == {"Place", "Actor"} or labels == {"Place"}):
            place, other = (a, b) if a.label == "Place" else (b, a)
            between = s.text[a.end : b.start]
            after = s.text[b.end : b.end + 12]
            if place is a and re.fullmatch(r"\s*,\s*", between) and AFTER_STATE.match(after):
                return self._rel(place, "LOCATED_IN", other, "", "", 0.75, "X, Y", s)
        if "Topic" in labels:
            topic, other = (a, b) if a.label == "Topic" else (b, a)
            if allowed("CONCERNS", other.label, "Topic"):
                return self._rel(other, "CONCERNS", topic, "", "", base - 0.05, cue, s)
            return None
        if "Event" in labels and labels & {"Actor", "Organisation"}:
            event, other = (a, b) if a.label == "Event" else (b, a)
            return self._rel(other, "PARTICIPATED_IN", event, "participant", "", base, cue, s)
        if labels == {"Event", "Place"}:
            event, other = (a, b) if a.label == "Event" else (b, a)
            return self._rel(event, "HELD_IN", other, "", "", base, cue, s)
        if allowed("RELATED_TO", a.label, b.label):
            return self._rel(a, "RELATED_TO", b, "co-mentioned", "", base, cue, s)
        return None
