"""The little grammar extraction reads: clauses, lists of names, where a name says
where, who only reports, citations and references, and sentences reading on about an
event just named. Word order and punctuation only, no parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Found:
    """One entity in a sentence: its first mention there."""

    id: str
    label: str
    name: str
    start: int
    end: int
    weak: bool = False  # found by a country adjective, chosen by the context, or "the organisation"
    kind: str = ""
    also: tuple[int, ...] = ()  # where its later mentions in the sentence start
    #: Not named but referred to: the words that stand for it ("SCO member states",
    #: "the organisation"); its facts say so in their note and are less sure.
    via: str = ""


#: "the exercise", "this agreement": a sentence going on about an event just named.
EVENT_ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|those|such)\s+((?:[\w-]+\s+){0,3}?)"
    r"(exercise|drill|agreement|treaty|convention|deal|summit|meeting|training|transfer)s?\b",
    re.I,
)
ANAPHOR_KIND = {"drill": "exercise", "treaty": "agreement", "convention": "agreement", "deal": "agreement"}
NOT_ANAPHORIC = re.compile(
    r"\b(first|second|third|fourth|fifth|next|new|another|last|latest|annual|other)\b", re.I
)
#: "the organisation": the organisation named just before.
ORG_ANAPHOR = re.compile(r"\b[Tt]he (?:organi[sz]ation|grouping|bloc)\b(?!\s+(?:of|for)\b)")
#: A citation in parentheses, "(RFE/RL 13 Sept. 2013)", "(ibid.)": its names and dates
#: are about the document cited, not the fact.
_CITATION = re.compile(r"\([^()]*(?:\b(?:19|20)[0-9]{2}[a-z]?\b|\bn\.d\.|\bibid\b|\bop\. cit)[^()]*\)", re.I)


#: Verbs that make an event noun an event ("held an exercise", "took part in talks").
DOING = re.compile(
    r"\b(?:held|hold|holds|conducted|conduct|staged|took part|take part|participated"
    r"|organi[sz]ed|hosted|carried out)\b",
    re.I,
)
#: Event kinds close enough for a cue to be about a known event of the other kind.
GROUP = {
    "summit": "meeting",
    "conference": "meeting",
    "meeting": "meeting",
    "statement": "meeting",
    "training": "exercise",
    "exercise": "exercise",
}
#: What a transfer moves.
MATERIAL = re.compile(
    r"\b(?:aid|assistance|equipment|vehicles?|cars?|trucks?|weapons?|arms|ammunition|cash|funds?|money|grants?"
    r"|uniforms?|supplies|loans?|radios?|computers?|helicopters?|aircraft|jets?|drones?|tanks?|materiel"
    r"|technology|systems?|gear|donations?|million|billion|RMB|yuan)\b|\$",
    re.I,
)
#: A reference, not a statement: "op. cit.", "ibid.", "pp. 12", "interviews, Almaty", a web site.
BIBLIO = re.compile(
    r"\bop\.\s?cit\b|\bibid\b|\bvol\.\s*\d|\bpp?\.\s*\d|\b(?:Accessed|Retrieved)\b"
    r"|\binterviews?,|\bet al\b|\.(?:org|com|net|gov)\b|\bpaper,"
    # a quoted title, then who published it and when: ..." Sina, October 11, 2002 (with
    # capitals: '" of the SCO, member states' is no publisher)
    r"|(?-i:[\u201d\"],?\s+(?:[A-Z][\w.&'\u2019/-]*\s*){1,6},\s+(?:[0-9]{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s)"
    r"|^[0-9]{1,3}\s+.*[\u201c\"]",
    re.I,
)
#: Signs that a whole paragraph is a reference list entry.
REFERENCE = re.compile(r"\[Accessed\b|\bRetrieved\b|\bop\.\s?cit\b", re.I)
#: Highest confidence of a fact read from a reference.
BIBLIO_MAX = 0.3
_CLAUSE = re.compile(r";|:\s|,\s+(?:and|but|while|whereas|although|though|which|who)\s", re.I)
#: "X reports that ...", "according to X, ...": X told it, X is not in it.
REPORTING = re.compile(
    r"\b(?:(?:reported|said|says|stated|noted|wrote|writes|quoted|indicates|indicated"
    r"|argues|argued|claimed|told|according to)\b(?:\s+that\b)?"
    # also nouns ("member states", "reports of", "claims to"): a verb only before "that"
    r"|(?:reports?|states|notes|quotes|claims)\s+that\b)",
    re.I,
)


def clause(text: str, pos: int) -> tuple[int, int]:
    """The clause of ``text`` around ``pos``: between semicolons, or ", and", ", but", ..."""
    start, end = 0, len(text)
    for m in _CLAUSE.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


#: What may stand between the names of one list: "A, B and C", "(A, B)", "A as well as B".
_LIST_GAP = re.compile(r"[\s,;:()\u2013-]*(?:(?:and|or|as well as|the)\s+)*[\s,;:()]*", re.I)


def listed(text: str, found: Sequence[Found], cue: int, *, backwards: bool = False) -> list[Found]:
    """The names listed next to a cue word: the run of names nearest to it (within 60
    characters) joined only by commas, "and", brackets."""
    items = sorted(found, key=lambda f: f.start, reverse=backwards)
    if not items:
        return []
    first = items[0]
    gap = cue - first.end if backwards else first.start - cue
    if gap > 60:
        return []
    out = [first]
    for f in items[1:]:
        prev = out[-1]
        between = text[f.end : prev.start] if backwards else text[prev.end : f.start]
        if not _LIST_GAP.fullmatch(between):
            break
        out.append(f)
    return out


#: What follows "place, state" when it is one ("Ufa, Russia, under ...", "Osh, Kyrgyzstan in 2019").
AFTER_STATE = re.compile(
    r"(?:\s*[,.;:)\u2013]|\s+(?:in|on|at|and|since|under|from|for|to|during|[0-9]|[A-Z][a-z]+ [0-9])|\s*$)"
)


def at_place(text: str, f: Found) -> bool:
    """A place named as where: "in Osh", "near Osh", "at Korla"."""
    return bool(
        re.search(
            r"\b(?:in|at|near|on)\s+(?:the\s+)?(?:(?:city|town|region|province) of\s+)?$",
            text[max(0, f.start - 30) : f.start],
            re.I,
        )
    )


def located(text: str, f: Found, found: Sequence[Found]) -> bool:
    """A state that says where: "in Kazakhstan", "Astana, Kazakhstan"."""
    if f.kind != "state":
        return False
    if re.search(r"\b(?:in|at|near)\s+(?:the\s+)?$", text[max(0, f.start - 10) : f.start]):
        return True
    return any(
        g.label == "Place" and re.fullmatch(r"\s*,\s*", text[g.end : f.start])
        for g in found
        if g.end <= f.start
    )


def moved_to(f: Found, a: int, b: int) -> Found:
    """``f`` as mentioned first between ``a`` and ``b``."""
    if a <= f.start < b:
        return f
    start = next(x for x in f.also if a <= x < b)
    return replace(f, start=start, end=start + (f.end - f.start))


def citation_spans(text: str) -> list[tuple[int, int]]:
    """Where parenthesised citations are in ``text``.

    >>> citation_spans("RATS opened in 2004 (EurasiaNet 25 Sept. 2012).")
    [(20, 46)]
    """
    return [(m.start(), m.end()) for m in _CITATION.finditer(text)]


def uncited(text: str) -> str:
    for a, b in citation_spans(text):
        text = text[:a] + " " * (b - a) + text[b:]
    return text
