"""The rows every fact is made of, and how sure they are: the base that
:class:`~graphtool.extract.facts.FactMaker` builds on.

A relation row (:meth:`RowMaker._rel`) is cited to the sentence's locator, with the rule's
confidence lowered by 0.1 for an end found only by a country adjective or chosen between
nodes of one name by the context (``weak``), and by 0.1 more for an end only referred to
(``via``: "member states", "the organisation"), which its note names. A fact
(:meth:`RowMaker._add`) is as sure as its surest row, never high (at most
:data:`REFERRED_MAX`) with an end only referred to, and at most ``BIBLIO_MAX`` when read
from a reference.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import REL_TYPES
from .dates import DateExpr
from .grammar import BIBLIO, BIBLIO_MAX, Found, uncited
from .records import Fact, Line, Row, Sentence

#: The import file of each label's nodes.
FILES = {
    "Actor": "actors",
    "Organisation": "organisations",
    "Event": "events",
    "Place": "places",
    "Topic": "topics",
}


#: How a row's note says an end was referred to, not named ("Kazakhstan read from 'member states'").
READ_FROM = " read from '"
#: Highest confidence of a fact with an end only referred to.
REFERRED_MAX = 0.6


def allowed(rtype: str, start: str, end: str) -> bool:
    """Whether the model lets ``rtype`` join a ``start`` node to an ``end`` node."""
    spec = REL_TYPES[rtype]
    return start in spec.start and end in spec.end


def score(value: float) -> str:
    """A confidence as the import files write it: two decimals, 0.05 to 1."""
    return f"{max(0.05, min(1.0, value)):.2f}"


class RowMaker:
    """The facts of one report so far, and how rows are made and added."""

    def __init__(self, source: str, prefix: str, lines: Sequence[Line] = ()) -> None:
        self.source = source
        self.prefix = prefix
        #: The document's lines, for locators that span sentences.
        self.lines = lines
        self.facts: list[Fact] = []
        #: The first sentence of a references section ("References", "Bibliography").
        self.references = 1 << 30
        #: Paragraphs that are references ("[Accessed 5 Feb. 2015]", "op. cit.").
        self.reference_paragraphs: set[int] = set()
        self._references: dict[str, bool] = {}

    def _reference(self, text: str) -> bool:
        """Whether a sentence reads like a reference (once per sentence: its facts are many)."""
        if text not in self._references:
            self._references[text] = bool(BIBLIO.search(uncited(text)))
        return self._references[text]

    def _rel(
        self,
        start: Found,
        rtype: str,
        end: Found,
        role: str,
        since: str,
        confidence: float,
        cue: str,
        s: Sentence,
        note: str = "",
    ) -> Row:
        if start.weak or end.weak:
            confidence -= 0.1
        # Referred to, not named ("member states", "the organisation"): less sure still.
        refs = [f for f in (start, end) if f.via]
        if refs:
            confidence -= 0.1
            told = "; ".join(f"{f.name}{READ_FROM}{f.via}'" for f in refs)
            note = f"{note}; {told}" if note else told
        return Row(
            "relations",
            {
                "from": start.id,
                "type": rtype,
                "to": end.id,
                "role": role,
                "since": since,
                "note": note,
                "source": self.source,
                "locator": s.locator,
                "confidence": score(confidence),
                "cue": cue,
            },
        )

    def _add(
        self,
        type_: str,
        cue: str,
        confidence: float,
        s: Sentence,
        ents: Sequence[str],
        rows: Sequence[Row],
        date: DateExpr | None = None,
    ) -> None:
        if not rows:
            return
        best = max((float(r.cells["confidence"]) for r in rows if r.file == "relations"), default=confidence)
        confidence = min(confidence, best)
        if any(READ_FROM in r.cells.get("note", "") for r in rows):
            confidence = min(confidence, REFERRED_MAX)  # a party only referred to: not high
        if self._reference(s.text) or s.index >= self.references or s.paragraph in self.reference_paragraphs:
            confidence = min(confidence, BIBLIO_MAX)
            rows = [
                Row(r.file, {**r.cells, "confidence": score(min(float(r.cells["confidence"]), BIBLIO_MAX))})
                for r in rows
            ]
        self.facts.append(
            Fact(
                id=f"f{len(self.facts) + 1}",
                type=type_,
                cue=cue,
                confidence=round(max(0.05, min(1.0, confidence)), 2),
                sentence=s.text,
                locator=s.locator,
                entities=tuple(dict.fromkeys(ents)),
                rows=tuple(rows),
                date=date.date if date else "",
                end_date=date.end_date if date else "",
            )
        )
