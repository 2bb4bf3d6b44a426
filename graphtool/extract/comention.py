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

#: A name inside another, or one that only says whose another is: (the outer name, the
#: inner one, the word before the inner one ("of", "in", or ""), the cue).
Inner = tuple[Found, Found, str, str]
#: The cues: "the SCO's twelfth (Beijing) summit", "the Kyrgyz Supreme Court", and two
#: names in one ("China" and "Kazakhstan" in "the China-Kazakhstan Cooperation Committee").
WITHIN, WHOSE, TOGETHER = "name within a name", "whose name", "names within one name"
#: A name that says whose another is, joined by "and" to a name of its kind ("border
#: guards in Kyrgyzstan and Tajikistan"): the two are co-mentioned.
JOINED = "names joined by and"
#: Kinds of actor that belong to a state or an organisation.
PARTS = ("agency", "office", "unit", "institution", "body", "other", "")
#: Kinds of actor whose name names the place they work in ("Xinjiang Immigration
#: Administration", "Almaty Police Department"), unlike organisations ("Shanghai
#: Cooperation Organisation").
LOCAL = ("agency", "unit", "institution")


class CoMentions(RowMaker):
    """Co-mentions in sentences and paragraphs, on top of :class:`RowMaker`."""

    def __init__(self, source: str, prefix: str, lines: Sequence = ()) -> None:
        super().__init__(source, prefix, lines)
        #: The sentences of the paragraph read so far, with their names, and the number
        #: of facts when it began.
        self.paragraph: list[tuple[Sentence, list[Found]]] = []
        self.paragraph_start = 0

    def within(self, s: Sentence, inner: Sequence[Inner]) -> None:
        """What a name says of the names in it: an event named with a place ("the SCO's
        Beijing summit") was held there and the actors in its name took part; an agency,
        office or body named with a state or organisation before it or after "of" ("the
        Kyrgyz Supreme Court", "SCO RATS Executive Committee") is part of it, one named with
        a state or place after "in" is located there, and so is an agency, unit or
        institution named with a place ("Xinjiang Immigration Administration"); an
        organisation named with states ("China-Kazakhstan Cooperation Committee") has them
        as members; a city in an organisation's name is no link ("Shanghai Cooperation
        Organisation"); two names in one name are co-mentioned; anything else is related.
        Below the cues: the name says it, the sentence may be about something else."""
        done: set[tuple[str, str]] = set()
        for outer, x, word, cue in inner:
            if (outer.id, x.id) in done:
                continue
            done.add((outer.id, x.id))
            row = self._inner_row(s, outer, x, word, cue)
            if row is not None:
                self._add(row.cells["type"], cue, float(row.cells["confidence"]), s, [outer.id, x.id], [row])

    def _inner_row(self, s: Sentence, outer: Found, x: Found, word: str, cue: str) -> Row | None:
        base = 0.5
        if cue in (TOGETHER, JOINED):
            return self._pair(s, outer, x, base - 0.1, cue)
        state_or_org = x.label == "Organisation" or (x.label == "Actor" and x.kind == "state")
        if outer.label == "Event":
            if x.label == "Place" or (x.kind == "state" and word in ("in", "at")):
                return self._rel(outer, "HELD_IN", x, "", "", base, cue, s)
            if x.label in ("Actor", "Organisation"):
                return self._rel(x, "PARTICIPATED_IN", outer, "participant", "", base, cue, s)
            if x.label == "Topic":
                return self._rel(outer, "CONCERNS", x, "", "", base, cue, s)
        elif outer.label in ("Actor", "Organisation"):
            if word in ("in", "at") and allowed("LOCATED_IN", outer.label, x.label):
                return self._rel(outer, "LOCATED_IN", x, "", "", base, cue, s)
            if x.label == "Place" and outer.label == "Actor" and outer.kind in LOCAL:
                # "Xinjiang Immigration Administration": a state's body named for its region is there.
                return self._rel(outer, "LOCATED_IN", x, "", "", base - 0.1, cue, s)
            if x.label == "Place":
                return None  # "Shanghai Cooperation Organisation": named after a city, not in it
            if state_or_org and outer.label == "Organisation" and x.kind == "state":
                return self._rel(x, "MEMBER_OF", outer, "member", "", base - 0.05, cue, s)
            if state_or_org and outer.kind in PARTS and word in ("", "of"):
                return self._rel(outer, "PART_OF", x, "", "", base, cue, s)
        return self._pair(s, outer, x, base - 0.1, cue)

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
        # Sentences that read like references (a quoted title with its publisher and date,
        # "op. cit.", a web address) cite one document after another: no links between them.
        items = [(s, f) for s, f in items if not self._reference(s.text)]
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
