"""Sentences with their names, dates and cue to candidate facts in the import format.

Per sentence with two or more entities:

- a **cue** (:mod:`graphtool.extract.cues`) proposes its fact: ``MEMBER_OF`` from the
  actors (and organisations) to the organisations named after the cue word, with the
  cue's role (member, observer, dialogue partner, founding member, applicant) and
  ``since`` when the cue says when it began; ``TARGETS`` from the names before the cue
  to those after (swapped in the passive); or an event of the cue's kind (an agreement,
  an exercise, a meeting, ...) that the actors took part in with the cue's roles
  (``donor``/``recipient``, ``trainer``/``trainee``, ``party``, ``host``/``guest``,
  else ``participant``), ``HELD_IN`` the places and ``CONCERNS`` the topics named, dated
  by the sentence's first date. An event the gazetteer already knows ("Peace Mission
  2012") is used instead of a new one.
- otherwise each pair of names is a **co-mention**: ``PARTICIPATED_IN`` for an actor and
  an event, ``HELD_IN`` for an event and a place, ``CONCERNS`` for a topic,
  ``LOCATED_IN`` for "place, state", and ``RELATED_TO`` (role ``co-mentioned``) for
  the rest.

Confidence (0..1) is a fixed score per rule, lowered for long lists of names, for
names far apart, and for names found only by a country adjective or chosen between
nodes of the same name by the context. It says which rule proposed the row, not a
probability; 0.7 and above is "high" (the review page's default filter).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import REL_TYPES
from .cues import Cue, find_cue
from .dates import DateExpr, find_dates
from .records import Fact, Row, Sentence

#: The import file of each label's nodes.
FILES = {"Actor": "actors", "Organisation": "organisations", "Event": "events", "Place": "places",
         "Topic": "topics"}


@dataclass(frozen=True)
class Found:
    """One entity in a sentence: its first mention there."""

    id: str
    label: str
    name: str
    start: int
    end: int
    weak: bool = False  # found by a country adjective, or chosen by the context


def allowed(rtype: str, start: str, end: str) -> bool:
    """Whether the model lets ``rtype`` join a ``start`` node to an ``end`` node."""
    spec = REL_TYPES[rtype]
    return start in spec.start and end in spec.end


class FactMaker:
    """Makes the facts of one report, numbering events and facts as it goes."""

    def __init__(self, source: str, prefix: str) -> None:
        self.source = source
        self.prefix = prefix
        self.facts: list[Fact] = []
        self.event_ids: set[str] = set()

    def sentence(self, s: Sentence, found: Sequence[Found]) -> None:
        """Propose the facts of one sentence."""
        if len(found) < 2:
            return
        dates = find_dates(s.text)
        cue = find_cue(s.text)
        if cue is not None and self._cued(s, found, cue, dates):
            return
        self._co_mentions(s, found, dates)

    # -- rows -------------------------------------------------------------------------
    def _rel(self, start: Found, rtype: str, end: Found, role: str, since: str, confidence: float,
             cue: str, s: Sentence, note: str = "") -> Row:
        if start.weak or end.weak:
            confidence -= 0.1
        return Row("relations", {
            "from": start.id, "type": rtype, "to": end.id, "role": role, "since": since, "note": note,
            "source": self.source, "locator": s.locator, "confidence": _score(confidence), "cue": cue,
        })

    def _add(self, type_: str, cue: str, confidence: float, s: Sentence, ents: Sequence[str],
             rows: Sequence[Row], date: DateExpr | None = None) -> None:
        if not rows:
            return
        self.facts.append(Fact(
            id=f"f{len(self.facts) + 1}", type=type_, cue=cue, confidence=round(max(0.05, min(1.0, confidence)), 2),
            sentence=s.text, locator=s.locator, entities=tuple(dict.fromkeys(ents)), rows=tuple(rows),
            date=date.date if date else "", end_date=date.end_date if date else "",
        ))

    # -- cued facts ---------------------------------------------------------------------
    def _cued(self, s: Sentence, found: Sequence[Found], cue: Cue, dates: list[DateExpr]) -> bool:
        name = cue.rule.name
        crowd = max(0, len(found) - 4) * 0.05
        if name == "membership":
            return self._membership(s, found, cue, dates, crowd)
        if name == "targets":
            return self._targets(s, found, cue, crowd)
        return self._event(s, found, cue, dates, crowd)

    def _sides(self, found: Sequence[Found], cue: Cue) -> tuple[list[Found], list[Found]]:
        before = [f for f in found if f.start < cue.start]
        after = [f for f in found if f.start >= cue.end]
        if cue.agent >= 0:
            # "were trained by X", "received ... from X": X is the other side.
            agent = [f for f in after if f.start >= cue.agent]
            return before, agent or after
        return before, after

    def _membership(self, s: Sentence, found: Sequence[Found], cue: Cue, dates: list[DateExpr],
                    crowd: float) -> bool:
        orgs = [f for f in found if f.label == "Organisation"]
        if not orgs:
            return False
        targets = [f for f in orgs if f.start >= cue.start] or orgs[-1:]
        members = [f for f in found if f.label in ("Actor", "Organisation") and f not in targets]
        if not members:
            return False
        since = ""
        date = dates[0] if dates else None
        if date and (date.since or re.match(r"(?i)join|acced|admit|found", cue.word)):
            since = date.date
        rows = []
        base = 0.8 - crowd
        for m in members:
            for t in targets:
                if m.id != t.id and allowed("MEMBER_OF", m.label, t.label):
                    rows.append(self._rel(m, "MEMBER_OF", t, cue.role, since, base, cue.word, s))
        self._add("MEMBER_OF", cue.word, base, s, [f.id for f in members + targets], rows, date)
        return bool(rows)

    def _targets(self, s: Sentence, found: Sequence[Found], cue: Cue, crowd: float) -> bool:
        before, after = self._sides(found, cue)
        subjects, objects = (after, before) if cue.passive else (before, after)
        rows = []
        base = 0.75 - crowd
        for a in subjects:
            for b in objects:
                if a.id != b.id and allowed("TARGETS", a.label, b.label) and b.label != "Place":
                    rows.append(self._rel(a, "TARGETS", b, cue.word.lower(), "", base, cue.word, s))
        self._add("TARGETS", cue.word, base, s, [f.id for f in subjects + objects], rows)
        return bool(rows)

    def _event(self, s: Sentence, found: Sequence[Found], cue: Cue, dates: list[DateExpr],
               crowd: float) -> bool:
        actors = [f for f in found if f.label in ("Actor", "Organisation")]
        if not actors:
            return False
        known = [f for f in found if f.label == "Event"]
        before, after = self._sides(actors, cue)
        subject_role, object_role = cue.roles()
        two_sided = bool(before) and bool(after) and subject_role != object_role
        base = (0.8 if two_sided or subject_role == object_role else 0.7) - crowd
        if len(actors) < 2 and not known:
            base -= 0.2  # one actor and a cue word: an event, but with whom?
        date = dates[0] if dates else None
        kind = cue.rule.type
        rows: list[Row] = []
        if known:
            event = known[0]
        else:
            event, row = self._new_event(s, kind, actors, date, base, cue.word)
            rows.append(row)
        for f in actors:
            role = subject_role if f in before else object_role
            if not two_sided:
                role = subject_role if subject_role == object_role else "participant"
            rows.append(self._rel(f, "PARTICIPATED_IN", event, role, "", base, cue.word, s))
        for f in found:
            if f.label == "Place" or (f.label == "Actor" and f not in actors):
                rows.append(self._rel(event, "HELD_IN", f, "", "", base - 0.15, cue.word, s))
            elif f.label == "Topic":
                rows.append(self._rel(event, "CONCERNS", f, "", "", base - 0.15, cue.word, s))
        self._add(kind, cue.word, base, s, [f.id for f in found if f.id != event.id] + ([event.id] if known else []),
                  rows, date)
        return True

    def _new_event(self, s: Sentence, kind: str, actors: Sequence[Found], date: DateExpr | None,
                   confidence: float, cue: str) -> tuple[Found, Row]:
        where = s.locator.replace("p. ", "p").replace(", ", "-").replace("lines ", "l").replace("line ", "l")
        base = re.sub(r"[^a-z0-9-]+", "-", f"{self.prefix}-{where}-{kind}".lower())
        eid, n = base, 1
        while eid in self.event_ids:
            n += 1
            eid = f"{base}-{n}"
        self.event_ids.add(eid)
        names = ", ".join(a.name for a in actors[:3]) + (", ..." if len(actors) > 3 else "")
        when = f" ({date.date})" if date else ""
        name = f"{kind.capitalize()}: {names}{when}"
        cells = {"id": eid, "name": name, "kind": kind, "date": date.date if date else "",
                 "end_date": date.end_date if date else "", "source": self.source, "locator": s.locator,
                 "confidence": _score(confidence), "cue": cue}
        return Found(eid, "Event", name, -1, -1), Row("events", cells)

    # -- co-mentions ----------------------------------------------------------------------
    def _co_mentions(self, s: Sentence, found: Sequence[Found], dates: list[DateExpr]) -> None:
        n = len(found)
        crowd = 0.1 if n > 5 else 0.0
        for i in range(n):
            for j in range(i + 1, n):
                if n > 6 and j - i > 2:
                    continue  # long lists: neighbours only
                a, b = found[i], found[j]
                if a.id == b.id:
                    continue
                far = 0.1 if b.start - a.end > 150 else 0.0
                row = self._pair(s, a, b, 0.45 - crowd - far)
                if row is not None:
                    self._add("co-mention", row.cells["cue"], float(row.cells["confidence"]), s, [a.id, b.id],
                              [row], dates[0] if dates else None)

    def _pair(self, s: Sentence, a: Found, b: Found, base: float) -> Row | None:
        labels = {a.label, b.label}
        if labels == {"Place", "Actor"} or labels == {"Place"}:
            place, other = (a, b) if a.label == "Place" else (b, a)
            between = s.text[a.end:b.start]
            if place is a and re.fullmatch(r"\s*,\s*", between):
                return self._rel(place, "LOCATED_IN", other, "", "", 0.6, "X, Y", s)
        if "Topic" in labels:
            topic, other = (a, b) if a.label == "Topic" else (b, a)
            if allowed("CONCERNS", other.label, "Topic"):
                return self._rel(other, "CONCERNS", topic, "", "", base - 0.05, "co-mention", s)
            return None
        if "Event" in labels and labels & {"Actor", "Organisation"}:
            event, other = (a, b) if a.label == "Event" else (b, a)
            return self._rel(other, "PARTICIPATED_IN", event, "participant", "", base, "co-mention", s)
        if labels == {"Event", "Place"}:
            event, other = (a, b) if a.label == "Event" else (b, a)
            return self._rel(event, "HELD_IN", other, "", "", base, "co-mention", s)
        if allowed("RELATED_TO", a.label, b.label):
            return self._rel(a, "RELATED_TO", b, "co-mentioned", "", base, "co-mention", s)
        return None


def _score(value: float) -> str:
    return f"{max(0.05, min(1.0, value)):.2f}"
