"""A pronoun that stands for the entity a sentence before was about: "Beijing has
adopted a dual approach ... It initiated a trilateral framework with Pakistan".

A sentence whose subject is "It" (first, or after an opening phrase: "In 2007, it gave
the Turkmen army ...") reads it as the **subject of a sentence just before** in the same
paragraph (at most :data:`BACK` sentences back, the nearest whose start names one): the
entity named at its start, after an opening phrase ("Under a 2002 agreement with
Bishkek, China gave ...": China), or what its own "It" stood for, if a state, an
organisation or another actor that is no person. A subject that is a person or an
office, or no sentence with a subject, leaves "It" unread. "It" as
an empty subject ("It is likely that", "It was agreed", "It seems") is no reference.

"These organizations" (groups, movements) reads as the **organisations a sentence
just before named**: the nearest of the :data:`BACK_THESE` sentences before (in any
paragraph: a list of groups, then a paragraph on their leaders, then "the PRC lobbied
... to criminalize the status of these organizations") that names two or more
organisations or groups (not states, people or offices).

The entity read so has ``via`` "it" (or the words) and is weak: its rows say "China read from 'it'" in
their note, are 0.2 less sure, and its facts are never high
(:data:`~graphtool.extract.rows.REFERRED_MAX`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .grammar import Found

#: How many sentences back the subject "It" stands for may be.
BACK = 2
#: Words that open a sentence with a phrase before its subject, up to a comma: "In 2007,",
#: "Under a 2002 agreement with Bishkek,", "As the structure matured,".
OPENING = re.compile(
    r"^(?:In|Under|Between|After|Before|Since|On|At|During|By|For|With|Despite|Following|From|Over"
    r"|Within|Through|Throughout|As|When|While|Although|Though|Unlike|Like|Besides|Beyond|Amid|Among"
    r"|Against|Thus|However|Moreover|Furthermore|Also|Additionally|Meanwhile|Later|Then|Today"
    r"|Currently|Recently|Initially|Finally|Instead|Similarly|Likewise|Nevertheless|Still|Overall"
    r"|Officially|Again|Indeed|First|Second|Third|Until|Once|Ever since|Prior to|Shortly)\b[^,;:]{0,80},\s+"
)
#: "It" as an empty subject: "It is likely", "It was agreed", "It seems", "It has been
#: argued", "It will be", "It takes two".
EMPTY = re.compile(
    r"(?:is|was|'s|\u2019s|seems?|seemed|appears?|appeared|remains?|remained|becomes?|became|takes?|took"
    r"|means?|meant|matters|follows|happens?|happened|helps?|makes?|made"
    r"|(?:will|would|may|might|could|should|must|can|cannot|shall)(?:\s+not)?\s+(?:be|seem|appear|take|become|make)"
    r"|ha[sd]\s+(?:also\s+|not\s+|long\s+|often\s+)?been|ha[sd]\s+(?:become|taken|seemed))\b",
    re.I,
)
#: The pronoun, where a subject stands.
_IT = re.compile(r"[Ii]t\s+")
#: Actors that "It" may stand for: not people nor offices (those are "he", "she").
_PEOPLE = ("person", "office")


def pronoun(text: str) -> tuple[int, int] | None:
    """Where a sentence's subject is the pronoun "It" (first, or after an opening
    phrase), or None; "It" as an empty subject is none.

    >>> pronoun("In 2007, it gave the Turkmen army uniforms."), pronoun("It is likely that X met Y.")
    ((9, 11), None)
    """
    m = OPENING.match(text)
    at = m.end() if m else 0
    it = _IT.match(text, at)
    if it is None or EMPTY.match(text, it.end()):
        return None
    return at, at + 2


def subject(text: str, found: Sequence[Found]) -> Found | None:
    """The entity a sentence is about: the one named first at its start (after an
    opening phrase and "the"); None when its start names none, or several at once
    ("Central Asian states": "they", not "it").

    >>> china = Found("cn", "Actor", "China", 37, 42, kind="state")
    >>> subject("Under a 2002 agreement with Bishkek, China gave vehicles.", [china]).id
    'cn'
    """
    m = OPENING.match(text)
    at = m.end() if m else 0
    after = [f for f in found if f.start >= at]
    if not after:
        return None
    first = min(f.start for f in after)
    if not re.fullmatch(r"(?:[Tt]he\s+)?", text[at:first]):
        return None
    there = {f.id: f for f in after if f.start == first}
    return next(iter(there.values())) if len(there) == 1 else None


def it_may_be(f: Found) -> bool:
    """Whether "It" may stand for ``f``: a state, an organisation or another actor that
    is no person and no office (those are "he", "she")."""
    return f.label == "Organisation" or (f.label == "Actor" and f.kind not in _PEOPLE)


#: How many sentences back "these organizations" may stand for the ones named.
BACK_THESE = 3
#: "these organizations", "those groups", "such movements", "both organisations".
_THESE = re.compile(
    r"\b(?:[Tt]hese|[Tt]hose|[Ss]uch|[Bb]oth)\s+(?:[\w-]+\s+)?(?:organi[sz]ations|groups|movements)\b"
)


def these(text: str) -> tuple[int, int] | None:
    """Where a sentence says "these organizations" (groups, movements), or None.

    >>> these("The PRC lobbied to criminalize these organizations."), these("The organizations met.")
    ((31, 50), None)
    """
    m = _THESE.search(text)
    return (m.start(), m.end()) if m else None


def group_may_be(f: Found) -> bool:
    """Whether "these organizations" may stand for ``f``: an organisation, or an actor
    that is no state, person or office (a group, a movement)."""
    return f.label == "Organisation" or (f.label == "Actor" and f.kind not in (*_PEOPLE, "state"))
