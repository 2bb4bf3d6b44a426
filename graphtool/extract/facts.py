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

from .anaphora import BACK, BACK_THESE, group_may_be, it_may_be, pronoun, subject, these
from .collectives import capitals, expand
from .comention import CoMentions, Inner
from .cues import Cue, find_cues
from .dates import DateExpr, find_dates
from .gazetteer import Gazetteer
from .grammar import (
    ANAPHOR_KIND,
    DOING,
    EVENT_ANAPHOR,
    GROUP,
    MATERIAL,
    NOT_ANAPHORIC,
    ORG_ANAPHOR,
    REPORTING,
    Found,
    at_place,
    clause,
    listed,
    located,
    moved_to,
    uncited,
)
from .records import Line, Row, Sentence
from .rows import FILES, allowed, score

__all__ = ["FILES", "FactMaker", "allowed", "score"]


#: How the note names an organisation a membership sentence does not name ("Five
#: nations hold observer status: ..." after a sentence naming the SCO).
NAMED_BEFORE = "the organisation named before"


class FactMaker(CoMentions):
    """Makes the facts of one report, numbering events and facts as it goes."""

    def __init__(
        self, source: str, prefix: str, lines: Sequence[Line] = (), groups: Gazetteer | None = None
    ) -> None:
        super().__init__(source, prefix, lines)
        #: Group words ("SCO member states") are read with this gazetteer's memberships.
        self.groups = groups
        #: The organisation the report names most: what "the organisation" and "member
        #: states" refer to when the paragraph names none.
        self.main: Found | None = None
        self.event_ids: set[str] = set()
        #: Events and organisations named lately: (paragraph, sentence, kind, node, date).
        self.recent: list[tuple[int, int, str, Found, str]] = []
        #: The organisations and groups of the sentences that named two or more lately
        #: (sentence, the entities): what "these organizations" stands for.
        self.groups_named: list[tuple[int, list[Found]]] = []
        #: What the sentences read lately were about (:func:`~graphtool.extract.anaphora.subject`):
        #: (paragraph, sentence, the entity or None).
        self.subjects: list[tuple[int, int, Found | None]] = []

    def sentence(self, s: Sentence, found: Sequence[Found], inner: Sequence[Inner] = ()) -> None:
        """Propose the facts of one sentence (``inner``: its names within names)."""
        self.begin(s)
        before = len(self.facts)  # a pair any fact of the sentence links is no co-mention
        self.within(s, inner)
        dates = find_dates(uncited(s.text))
        if self.groups is not None and self.groups.capitals:
            found = capitals(s.text, found, self.groups)
        if self.groups is not None:
            found = expand(
                s.text, found, self.groups, dates[0].date if dates else "", lambda: self._organisation(s)
            )
        found = self._with_organisation(s, list(found))
        found = self._with_pronoun(s, found)
        found = self._with_these(s, found)
        self.subjects.append((s.paragraph, s.index, subject(s.text, found)))
        self._titles(s, found)
        # An office read as the one its person held before only says what the person holds.
        found = [f for f in found if not (f.kind == "office" and f.via)]
        if self._continues(s, found, dates):
            pass
        elif len(found) >= 2:
            # Cue words inside names ("Treaty" in "Collective Security Treaty
            # Organization") are no cues.
            masked = s.text
            for f in found:
                if f.start >= 0 and not f.via:  # "members" in "SCO member states" may be a cue
                    masked = masked[: f.start] + "_" * (f.end - f.start) + masked[f.end :]
            cues = find_cues(masked)
            if cues and self._cued(s, found, cues[0], dates) and len(cues) > 1:
                # A second statement in the sentence ("... became members at the 2015
                # summit in Ufa"): an event after a relationship, or the reverse.
                first_is_event = cues[0].type.islower()
                other = next((c for c in cues[1:] if c.type.islower() != first_is_event), None)
                if other is not None:
                    self._cued(s, found, other, dates, lower=0.1)
            # Every pair no cue linked stays a co-mention.
            linked = {frozenset((x, y)) for f in self.facts[before:] for x in f.entities for y in f.entities}
            self._co_mentions(s, found, dates, linked)
        for f in found:
            if f.label in ("Organisation", "Event") and not f.weak:
                self.recent.append((s.paragraph, s.index, f.kind if f.label == "Event" else f.label, f, ""))
        self.read(s, found)

    def _lately(self, s: Sentence, kind: str, back: int = 3) -> tuple[Found, str] | None:
        for para, index, k, node, date in reversed(self.recent):
            if para != s.paragraph or s.index - index > back:
                break
            if k == kind:
                return node, date
        return None

    # -- reading on from one sentence to the next ----------------------------------------
    def _with_organisation(self, s: Sentence, found: list[Found]) -> list[Found]:
        """ "The organisation" as the organisation named just before, if any."""
        m = ORG_ANAPHOR.search(s.text)
        if m is None:
            return found
        org = self._organisation(s, back=3)
        if org is None or any(f.id == org.id for f in found):
            return found
        ref = Found(org.id, org.label, org.name, m.start(), m.end(), True, org.kind, via=m.group(0))
        return sorted([*found, ref], key=lambda f: f.start)

    def _with_pronoun(self, s: Sentence, found: list[Found]) -> list[Found]:
        """A subject "It" as what a sentence just before was about
        (:mod:`~graphtool.extract.anaphora`)."""
        at = pronoun(s.text)
        if at is None:
            return found
        for para, index, about in reversed(self.subjects):
            if para != s.paragraph or s.index - index > BACK:
                return found
            if about is None:
                continue
            if not it_may_be(about) or any(f.id == about.id for f in found):
                return found
            said = s.text[at[0] : at[1]]
            ref = Found(about.id, about.label, about.name, at[0], at[1], True, about.kind, via=said)
            return sorted([*found, ref], key=lambda f: f.start)
        return found

    def _with_these(self, s: Sentence, found: list[Found]) -> list[Found]:
        """ "These organizations" as the organisations and groups a sentence just before
        named (:mod:`~graphtool.extract.anaphora`); remembers this sentence's."""
        named = [f for f in found if group_may_be(f) and not f.via and not f.weak]
        at = these(s.text)
        if at is not None and self.groups_named and s.index - self.groups_named[-1][0] <= BACK_THESE:
            said = s.text[at[0] : at[1]]
            have = {f.id for f in found}
            refs = [
                Found(f.id, f.label, f.name, at[0], at[1], True, f.kind, via=said)
                for f in self.groups_named[-1][1]
                if f.id not in have
            ]
            found = sorted([*found, *refs], key=lambda f: f.start)
        if len({f.id for f in named}) >= 2:
            self.groups_named.append((s.index, named))
        return found

    def _organisation(self, s: Sentence, back: int = 1 << 30) -> Found | None:
        """The organisation named lately in the paragraph (within ``back`` sentences),
        else the one the report names most."""
        got = self._lately(s, "Organisation", back)
        return got[0] if got is not None else self.main

    def _continues(self, s: Sentence, found: Sequence[Found], dates: list[DateExpr]) -> bool:
        """A sentence about "the exercise" named just before adds its names to it."""
        m = EVENT_ANAPHOR.search(s.text)
        if m is None or NOT_ANAPHORIC.search(m.group(1)) or not found:
            return False
        kind = ANAPHOR_KIND.get(m.group(2).lower(), m.group(2).lower())
        plural = m.group(0).lower().endswith("s") and not m.group(0).lower().endswith("ss")
        got = self._lately(s, kind + ("s" if plural else ""))
        if got is None:
            return False
        event, date = got
        if dates and date and not dates[0].date.startswith(date[:4]):
            return False  # another year: another event
        rows = []
        for f in found:
            if f.id == event.id:
                continue
            if f.label in ("Actor", "Organisation"):
                rows.append(self._rel(f, "PARTICIPATED_IN", event, "participant", "", 0.6, m.group(0), s))
            elif f.label == "Place":
                rows.append(self._rel(event, "HELD_IN", f, "", "", 0.5, m.group(0), s))
            elif f.label == "Topic":
                rows.append(self._rel(event, "CONCERNS", f, "", "", 0.5, m.group(0), s))
        self._add(kind, m.group(0), 0.6, s, [f.id for f in found] + [event.id], rows)
        return bool(rows)

    def _titles(self, s: Sentence, found: Sequence[Found]) -> None:
        """An office just before a person ("President Hu Jintao"): the person holds it.
        A title several offices share, where nothing in the sentence says whose, is the
        office the report named that person with before ("Chinese President Hu Jintao",
        then "then-President Hu Jintao"): its row says so in its note and is at most 0.6;
        such an office is no party to the sentence's other facts."""
        for a, b in zip(found, found[1:]):
            if a.kind == "office" and b.kind == "person" and re.fullmatch(r"[\s,]*", s.text[a.end : b.start]):
                # An office chosen between states by the context ("then-Prime Minister Li Peng"
                # in a sentence naming Tajikistan) is a guess.
                row = self._rel(b, "HOLDS", a, "", "", 0.7 if a.weak else 0.8, "title before a name", s)
                self._add(
                    "HOLDS", "title before a name", float(row.cells["confidence"]), s, [b.id, a.id], [row]
                )

    # -- cued facts ---------------------------------------------------------------------
    def _cued(
        self, s: Sentence, found: Sequence[Found], cue: Cue, dates: list[DateExpr], lower: float = 0.0
    ) -> bool:
        name = cue.rule.name
        told = [m for m in REPORTING.finditer(s.text) if m.end() <= cue.start]
        if told and name not in ("membership",):
            after_told = [f for f in found if f.start >= told[-1].end()]
            if len(after_told) >= 1:
                found = after_told
        a, b = clause(s.text, cue.start)
        local = [moved_to(f, a, b) for f in found if any(a <= x < b for x in (f.start, *f.also))]
        if len(local) >= 2:
            found = local  # "X joined Y, and Z held a drill": the cue's own clause
        # Many parties: less sure of each (the members read from "member states" are one).
        parties = {f.via or f.id for f in found if f.label in ("Actor", "Organisation")}
        crowd = max(0, len(parties) - 4) * 0.05 + lower
        if name == "membership":
            # A list of members is how memberships are stated: no penalty for its length.
            return self._membership(s, found, cue, dates, lower)
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

    def _membership(
        self, s: Sentence, found: Sequence[Found], cue: Cue, dates: list[DateExpr], crowd: float
    ) -> bool:
        orgs = [f for f in found if f.label == "Organisation"]
        if not orgs:
            got = self._lately(s, "Organisation", back=1)
            if got is None:
                return False
            # "Five nations hold observer status: ..." after a sentence naming the SCO.
            org = got[0]
            orgs = [
                Found(org.id, org.label, org.name, len(s.text), len(s.text), True, org.kind, via=NAMED_BEFORE)
            ]
            found = [*found, orgs[0]]
        found = [f for f in found if not located(s.text, f, found)]  # "in Astana, Kazakhstan" is where
        actors_before = [f for f in found if f.label == "Actor" and f.start < cue.start]
        orgs_before = [f for f in orgs if f.start < cue.start]
        after = [f for f in found if f.label in ("Actor", "Organisation") and f.start >= cue.start]
        if actors_before:  # "X joined Y", "X and Z are observers of Y"
            targets = [f for f in orgs if f.start >= cue.start] or orgs_before[-1:]
            named = [
                f
                for f in found
                if f.label in ("Actor", "Organisation") and f.start < cue.start and f not in targets
            ]
            members = listed(s.text, named, cue.start, backwards=True)
        elif orgs_before and any(
            f.kind == "state" for f in after
        ):  # "Y has observers: A, B", "Y comprises A"
            targets = orgs_before[:1]
            members = listed(s.text, after, cue.end)
        else:  # "Members of Y are A, B"
            targets = [f for f in orgs if f.start >= cue.start][:1] or orgs[:1]
            members = [f for f in found if f.label in ("Actor", "Organisation") and f not in targets]
            if not re.search(r"(?i)\b(?:of|in)$", cue.word) or cue.start > 10:
                crowd += 0.25  # the members are not where the grammar puts them: a guess
        # Members are states and organisations ("members" of a charter are not).
        members = [f for f in members if (f.label == "Organisation" or f.kind == "state") and not f.weak]
        if not members:
            return False
        since = ""
        near = [d for d in dates if d.start - cue.end <= 60 and cue.start - d.end <= 60]
        date = near[0] if near else (dates[0] if dates else None)
        if near and (near[0].since or re.match(r"(?i)join|acced|admit|found", cue.word)):
            since = near[0].date
        rows = []
        base = 0.8 - crowd
        mention = cue.word.lower() == "membership" or (
            not actors_before and not any(f.kind == "state" for f in members)
        )
        if mention:
            base -= 0.25  # "SCO membership", or no state among the members: a mention, not a statement
        for m in members:
            for t in targets:
                if m.id != t.id and allowed("MEMBER_OF", m.label, t.label):
                    lower = 0.15 if m.label == "Organisation" else 0.0  # organisations in others: rarer
                    rows.append(self._rel(m, "MEMBER_OF", t, cue.role, since, base - lower, cue.word, s))
        self._add("MEMBER_OF", cue.word, base, s, [f.id for f in members + targets], rows, date)
        return bool(rows)

    def _targets(self, s: Sentence, found: Sequence[Found], cue: Cue, crowd: float) -> bool:
        before, after = self._sides(found, cue)
        subjects, objects = (after, before) if cue.passive else (before, after)
        rows = []
        base = (0.75 if cue.verb else 0.5) - crowd  # "banned X" states it; "targets of attacks" may not
        for a in subjects:
            for b in objects:
                if a.id != b.id and allowed("TARGETS", a.label, b.label) and b.label != "Place":
                    rows.append(self._rel(a, "TARGETS", b, cue.word.lower(), "", base, cue.word, s))
        self._add("TARGETS", cue.word, base, s, [f.id for f in subjects + objects], rows)
        return bool(rows)

    def _event(
        self, s: Sentence, found: Sequence[Found], cue: Cue, dates: list[DateExpr], crowd: float
    ) -> bool:
        # "trained in Afghanistan", "an exercise in Tajikistan": a state after "in" is where.
        where = [f for f in found if located(s.text, f, found)]
        actors = [f for f in found if f.label in ("Actor", "Organisation") and f not in where]
        if not actors:
            return False
        kind = cue.rule.type
        if kind == "founding":
            return self._founding(s, found, cue, dates, crowd, where)
        known = [
            f for f in found if f.label == "Event" and GROUP.get(f.kind, f.kind) == GROUP.get(kind, kind)
        ]
        before, after = self._sides(actors, cue)
        subject_role, object_role = cue.roles()
        two_sided = bool(before) and bool(after) and subject_role != object_role
        # A verb ("signed", "met", "trained") states an event; a noun ("agreements",
        # "exercises", "supplies") may only mention one.
        near = s.text[max(0, cue.start - 50) : cue.end + 50]
        base = (0.75 if cue.verb or DOING.search(near) else 0.55) - crowd
        if not cue.verb and re.search(r"(?i)(?:s|es)$", cue.word) and cue.word.lower() != "talks":
            base = min(base, 0.55)  # "12 exercises have been conducted": several events, said at once
        if cue.rule.name == "transfer" and not MATERIAL.search(s.text[cue.start : cue.end + 80]):
            base = min(base, 0.45)  # "provided China with a forum": no goods, money or aid named
        if subject_role != object_role:
            base += 0.05 if two_sided else -0.15  # who gave and who received, or unknown
        if len(actors) < 2 and not known:
            base -= 0.2  # one actor and a cue word: an event, but with whom?
        date = dates[0] if dates else None
        if kind == "founding" and not re.search(
            r"\b(?:was|were|been)\s+(?:\w+ly\s+)?" + re.escape(cue.word), s.text
        ):
            base = min(base, 0.55)  # "formed part of", "created a position": rarely a founding
        rows: list[Row] = []
        if known:
            event = known[0]
        else:
            event, row = self._new_event(s, kind, actors, date, base, cue.word)
            rows.append(row)
        # "four bilateral exercises": several events, which "the exercise" does not go on about.
        several = not cue.verb and cue.word.lower().endswith("s") and cue.word.lower() != "talks"
        self.recent.append(
            (s.paragraph, s.index, kind + ("s" if several else ""), event, date.date if date else "")
        )
        for f in actors:
            role = subject_role if f in before else object_role
            if not two_sided:
                role = subject_role if subject_role == object_role else "participant"
            rows.append(self._rel(f, "PARTICIPATED_IN", event, role, "", base, cue.word, s))
        for f in found:
            if (f.label == "Place" and at_place(s.text, f)) or f in where:
                if abs(f.start - cue.end) <= 100 or abs(cue.start - f.end) <= 100:
                    rows.append(self._rel(event, "HELD_IN", f, "", "", base - 0.15, cue.word, s))
            elif f.label == "Topic":
                rows.append(self._rel(event, "CONCERNS", f, "", "", base - 0.15, cue.word, s))
        self._add(
            kind,
            cue.word,
            base,
            s,
            [f.id for f in found if f.id != event.id] + ([event.id] if known else []),
            rows,
            date,
        )
        return True

    def _founding(
        self,
        s: Sentence,
        found: Sequence[Found],
        cue: Cue,
        dates: list[DateExpr],
        crowd: float,
        where: list[Found],
    ) -> bool:
        """ "X was founded (in P) (by A, B)": X's founding, founders by "by", the place after "in"."""
        before = [f for f in found if f.label in ("Actor", "Organisation") and f.end <= cue.start]
        subject = before[-1:] if before and cue.start - before[-1].end <= 40 else []
        if not subject:
            after = [f for f in found if f.label in ("Actor", "Organisation") and f.start >= cue.end]
            subject = after[:1] if after and after[0].start - cue.end <= 20 else []  # "established the X"
        if not subject:
            return False
        by = re.search(r"\bby\b", s.text[cue.end : cue.end + 30])
        founders = [
            f
            for f in found
            if by
            and f.start >= cue.end + by.start()
            and f.label in ("Actor", "Organisation")
            and f not in subject
            and f not in where
        ]
        passive = re.search(
            r"\b(?:was|were|been)\s+(?:\w+ly\s+)?$", s.text[max(0, cue.start - 20) : cue.start]
        )
        base = (0.75 if passive else 0.55) - crowd
        near = [d for d in dates if abs(d.start - cue.end) <= 60]
        date = near[0] if near else None
        event, row = self._new_event(s, "founding", subject + founders, date, base, cue.word)
        rows = [row, self._rel(subject[0], "PARTICIPATED_IN", event, "participant", "", base, cue.word, s)]
        rows += [
            self._rel(f, "PARTICIPATED_IN", event, "organiser", "", base - 0.05, cue.word, s)
            for f in founders
        ]
        places = [f for f in found if f.label == "Place" and f.start > cue.end] + where
        rows += [self._rel(event, "HELD_IN", f, "", "", base - 0.1, cue.word, s) for f in places]
        self.recent.append((s.paragraph, s.index, "founding", event, date.date if date else ""))
        self._add("founding", cue.word, base, s, [f.id for f in subject + founders + places], rows, date)
        return True

    def _new_event(
        self,
        s: Sentence,
        kind: str,
        actors: Sequence[Found],
        date: DateExpr | None,
        confidence: float,
        cue: str,
    ) -> tuple[Found, Row]:
        where = s.locator.replace("p. ", "p").replace(", ", "-").replace("lines ", "l").replace("line ", "l")
        base = re.sub(r"[^a-z0-9_.-]+", "-", f"{self.prefix}-{where}-{kind}".lower())
        eid, n = base, 1
        while eid in self.event_ids:
            n += 1
            eid = f"{base}-{n}"
        self.event_ids.add(eid)
        names = ", ".join(a.name for a in actors[:3]) + (", ..." if len(actors) > 3 else "")
        when = f" ({date.date})" if date else ""
        name = f"{kind.capitalize()}: {names}{when}"
        cells = {
            "id": eid,
            "name": name,
            "kind": kind,
            "date": date.date if date else "",
            "end_date": date.end_date if date else "",
            "source": self.source,
            "locator": s.locator,
            "confidence": score(confidence),
            "cue": cue,
        }
        return Found(eid, "Event", name, -1, -1, kind=kind), Row("events", cells)
