"""Cue words: what kind of fact a sentence states, and the side each name is on.

Each cue is a family of words (:data:`CUES`) that proposes a relationship type
(``MEMBER_OF``, ``TARGETS``) or an event kind (``agreement``, ``exercise``, ``meeting``,
``summit``, ``conference``, ``transfer``, ``training``) with the roles of the names
before the cue word (the subject) and after it (the object). The grammar read is
simple on purpose: a passive (``was trained by``, ``were banned by``) swaps the sides;
``received ... from`` makes the subject the recipient; a sentence with no cue is a
co-mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CueRule:
    """One family of cue words."""

    name: str  # the family: membership, agreement, exercise, meeting, transfer, training, targets
    pattern: re.Pattern[str]
    type: str  # MEMBER_OF, TARGETS, or the kind of the event proposed
    subject: str  # role of the names before the cue word
    object: str  # role of the names after it


def _words(text: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + text + r")\b", re.I)


#: The cue families, in the order they are tried where two start at the same word.
CUES: tuple[CueRule, ...] = (
    CueRule(
        "targets",
        _words(
            r"target(?:s|ed|ing)?|bann?(?:ed|s|ing)?|designat(?:ed|es|ing|ion)|label+ed|outlaw(?:ed|s)?"
            r"|blacklist(?:ed|s)?|proscrib(?:ed|es)|criminali[sz](?:ed|es|e|ing|ation)|crack(?:ed)? down on"
            r"|list(?:ed)? as (?:a )?terrorist"
        ),
        "TARGETS",
        "",
        "",
    ),
    CueRule(
        "membership",
        _words(
            r"members?(?:hip)?\s+(?:of|in)|(?:is|are|was|were|became|become|becoming|as|a|an|full"
            r"|fully[- ]fledged|new|permanent|six|five|four|other)\s+members?|membership"
            r"|join(?:ed|s|ing)?|accession|acceded?|admitted|observers?(?: status)?"
            r"|dialogue partners?|founding members?|founded by|founders?|applicants?"
            r"|applied for (?:full )?membership|compris(?:es|ed|ing)|consist(?:s|ed)? of|brought together"
            r"|grouping of"
        ),
        "MEMBER_OF",
        "",
        "",
    ),
    CueRule(
        "agreement",
        _words(r"sign(?:ed|s|ing)?|agreements?|treat(?:y|ies)|conventions?|accords?|memorand(?:um|a)|pacts?"),
        "agreement",
        "party",
        "party",
    ),
    CueRule(
        "transfer",
        _words(
            r"donat(?:ed|es|ion|ions)|suppl(?:ied|ies|y)|transferr?(?:ed|s)?|deliver(?:ed|ies|y)"
            r"|provid(?:ed|es)|gave|handed over|grant(?:ed|s)|sold|arms deals?|received|aid"
        ),
        "transfer",
        "donor",
        "recipient",
    ),
    CueRule(
        "training",
        _words(r"trained|trains|training|trainees?|(?:to|help|will|would) train"),
        "training",
        "trainer",
        "trainee",
    ),
    CueRule(
        "founding",
        _words(r"founded|established|created|set up|launched|formed|inaugurated|opened"),
        "founding",
        "participant",
        "participant",
    ),
    CueRule(
        "exercise",
        _words(r"exercises?|drills?|manoeuvres?|maneuvers?|war ?games?"),
        "exercise",
        "participant",
        "participant",
    ),
    CueRule("summit", _words(r"summits?"), "summit", "participant", "participant"),
    CueRule("conference", _words(r"conferences?|forums?"), "conference", "participant", "participant"),
    CueRule(
        "meeting",
        _words(
            r"met(?!\s+(?:with\s+)?(?:stiff |strong |little |some |much |the )?"
            r"(?:resistance|opposition|criticism"
            r"|approval|skepticism|scepticism|demands?|needs|requirements|criteria|expectations|goals|obligations"
            r"|standards|success|failure))|meet(?:s|ing|ings)?|visit(?:ed|s|ing)?|talks"
            r"|hosted(?=\s+(?:\w+\s+){0,4}(?:summit|meeting|talks|conference|forum|visit|delegation|session"
            r"|exercise|drill|games|ceremony|event))"
        ),
        "meeting",
        "participant",
        "participant",
    ),
)

_VERB = re.compile(
    r"(?i)\w+ed|met|gave|sold|meets|signs|visits|trains|joins|handed over|set up|crack down on"
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", re.I)
_BY = re.compile(r"^\s*(?:\S+\s+){0,6}?by\b", re.I)


@dataclass(frozen=True)
class Cue:
    """The cue found in a sentence."""

    rule: CueRule
    word: str
    start: int
    end: int
    role: str = ""  # MEMBER_OF's role
    passive: bool = False
    verb: bool = False  # the cue is a verb ("signed"), not a noun ("agreement")
    agent: int = -1  # where "by" (passive) or "from" (received) starts, else -1

    @property
    def type(self) -> str:
        return self.rule.type

    def roles(self) -> tuple[str, str]:
        """(subject role, object role), with the sides as the grammar says."""
        subject, obj = self.rule.subject, self.rule.object
        if self.rule.name == "transfer" and self.word.lower() in (
            "supplied",
            "supplies",
            "supply",
            "sold",
            "delivered",
            "delivery",
            "deliveries",
        ):
            subject = "supplier"
        if self.rule.name == "transfer" and self.word.lower() == "received":
            return "recipient", "donor"
        if self.rule.name == "meeting" and self.word.lower() == "hosted":
            return "host", "guest"
        if self.rule.name == "meeting" and self.word.lower().startswith("visit"):
            return "guest", "host"
        if self.passive:
            return obj, subject
        return subject, obj


def find_cue(text: str) -> Cue | None:
    """The first cue word of a sentence, or None.

    >>> c = find_cue("Kyrgyz officers were trained by the Chinese police in 2014.")
    >>> (c.rule.name, c.word, c.passive, c.roles())
    ('training', 'trained', True, ('trainee', 'trainer'))
    >>> find_cue("Observers included Iran.").role
    'observer'
    """
    cues = find_cues(text)
    return cues[0] if cues else None


def find_cues(text: str) -> list[Cue]:
    """The first cue word of each family in a sentence, in the order they come."""
    found = []
    for order, rule in enumerate(CUES):
        # "well-trained", "Russia-led": a word joined by a hyphen describes, it does not state.
        m = next((m for m in rule.pattern.finditer(text) if not text[: m.start()].endswith("-")), None)
        if m:
            found.append((m.start(), order, _cue(rule, m, text)))
    return [c for _, _, c in sorted(found, key=lambda x: (x[0], x[1]))]


def _cue(rule: CueRule, m: re.Match[str], text: str) -> Cue:
    word = m.group(0)
    passive = bool(_PASSIVE.search(text[max(0, m.start() - 40) : m.start()])) and bool(
        _BY.match(text[m.end() :])
    )
    agent = -1
    if passive:
        by = _BY.match(text[m.end() :])
        agent = m.end() + (by.end() if by else 0)
    elif word.lower() == "received":
        frm = re.search(r"\bfrom\b", text[m.end() :], re.I)
        agent = m.end() + frm.start() if frm else -1
    role = ""
    if rule.name == "membership":
        low = word.lower()
        role = (
            "observer"
            if low.startswith("observer")
            else "dialogue partner"
            if low.startswith("dialogue")
            else "founding member"
            if low.startswith("found")
            else "applicant"
            if low.startswith("appl")
            else "member"
        )
    verb = bool(_VERB.fullmatch(word))
    return Cue(rule, word, m.start(), m.end(), role=role, passive=passive, agent=agent, verb=verb)
