"""The graph model: the fixed vocabulary of labels, kinds and relationship types.

This module is the one place that names what may exist in a graphtool graph.
Labels and relationship types are never taken from user input: Cypher that needs
one is built only from the names below, and the readers reject anything else.

Node labels
    ``Actor``        states, agencies, offices, units, people, groups, companies, institutions
    ``Organisation`` international organisations and their bodies (SCO, RATS, CSTO, ...)
    ``Event``        meetings, exercises, trainings, transfers, summits, agreements, ...
    ``Place``        cities, regions, sites, borders
    ``Topic``        what an event or organisation is about ("three evils", "border security")
    ``Claim``        one side of a disagreement: what one document (or a report's text, or
                     its table) says, ``ABOUT`` the nodes it concerns; two claims that cannot
                     both be true are joined by ``CONTRADICTS``
    ``Source``       the documents facts are cited to

Every node and relationship loaded from a dataset carries ``sources`` (document ids)
and ``locators`` (where in that document: "appendix 3, Kyrgyzstan, row 2" or
"lines 120-124"), two parallel lists.

Direct ties
    ``TIED_TO`` (:data:`TIE`) is a tie the data states between two actors or
    organisations (an edge of an edge list, a friendship, an alliance), with a
    ``weight`` (default 1; any positive finite number, fractions allowed:
    :func:`weight_problem`) and a ``directed`` flag (default false). An undirected tie
    is stored with its ends in a canonical order, the smaller id first
    (:func:`tie_ends`), so the same tie stated from either end is one fact.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

#: Node labels, keyed by the import file stem that holds them.
NODE_FILES: dict[str, str] = {
    "sources": "Source",
    "actors": "Actor",
    "organisations": "Organisation",
    "events": "Event",
    "places": "Place",
    "topics": "Topic",
    "claims": "Claim",
}

#: Every node label, in load order (sources first so citations resolve).
NODE_LABELS: tuple[str, ...] = tuple(NODE_FILES.values())

#: The import file stem that holds relationships.
RELATION_FILE = "relations"

#: Allowed values of ``kind`` per label. ``None`` means the label has no kind.
KINDS: dict[str, tuple[str, ...] | None] = {
    "Actor": (
        "state",
        "agency",
        "office",
        "unit",
        "person",
        "group",
        "company",
        "institution",
    ),
    "Organisation": ("intergovernmental", "body", "alliance", "forum", "other"),
    "Event": (
        "meeting",
        "summit",
        "exercise",
        "training",
        "exchange",
        "transfer",
        "agreement",
        "investment",
        "project",
        "founding",
        "attack",
        "operation",
        "conference",
        "statement",
        "trade",
        "other",
    ),
    "Place": ("city", "region", "site", "border", "country", "other"),
    "Topic": None,
    "Claim": None,
    "Source": ("report", "article", "briefing", "response", "file", "other"),
}


@dataclass(frozen=True)
class RelType:
    """A relationship type and the labels it may join."""

    name: str
    start: tuple[str, ...]
    end: tuple[str, ...]
    roles: tuple[str, ...] | None = None
    doc: str = ""


#: Relationship types, in one place. ``roles`` lists the allowed ``role`` values
#: (``None``: any short text or none).
REL_TYPES: dict[str, RelType] = {
    r.name: r
    for r in (
        RelType(
            "PARTICIPATED_IN",
            ("Actor", "Organisation"),
            ("Event",),
            (
                "participant",
                "host",
                "guest",
                "organiser",
                "donor",
                "recipient",
                "trainer",
                "trainee",
                "party",
                "observer",
                "investor",
                "supplier",
                "perpetrator",
                "target",
                "commander",
            ),
            "an actor or organisation took part in an event, in a role",
        ),
        RelType(
            "MEMBER_OF",
            ("Actor", "Organisation"),
            ("Organisation",),
            ("member", "founding member", "observer", "dialogue partner", "guest", "applicant"),
            "membership of an organisation, with role, when it began (since) and ended (until)",
        ),
        RelType(
            "PART_OF",
            ("Actor", "Organisation", "Event", "Place"),
            ("Actor", "Organisation", "Event", "Place"),
            None,
            "an agency or office of a state; a body of an organisation; an event of a series",
        ),
        RelType(
            "HOLDS",
            ("Actor",),
            ("Actor",),
            None,
            "a person holds an office",
        ),
        RelType(
            "HELD_IN",
            ("Event",),
            ("Place", "Actor"),
            None,
            "where an event took place (a place, or a state when only the country is known)",
        ),
        RelType(
            "LOCATED_IN",
            ("Place", "Organisation", "Actor"),
            ("Place", "Actor"),
            None,
            "a place in a region or state; an organisation's seat",
        ),
        RelType(
            "CONCERNS",
            ("Event", "Organisation", "Actor"),
            ("Topic",),
            None,
            "what an event or organisation is about",
        ),
        RelType(
            "TARGETS",
            ("Actor", "Organisation", "Event"),
            ("Actor", "Organisation", "Place"),
            None,
            "an actor, organisation or event aimed against another (e.g. a militant group)",
        ),
        RelType(
            "SUCCESSOR_OF",
            ("Organisation", "Actor", "Event"),
            ("Organisation", "Actor", "Event"),
            None,
            "an organisation that grew out of another",
        ),
        RelType(
            "RELATED_TO",
            ("Actor", "Organisation", "Event", "Place"),
            ("Actor", "Organisation", "Event", "Place"),
            None,
            "any other stated link; say what in role or note",
        ),
        RelType(
            "TIED_TO",
            ("Actor", "Organisation"),
            ("Actor", "Organisation"),
            None,
            "a direct tie the data states (an edge list's edge), with weight (default 1) and "
            "directed (default false); undirected ties run from the smaller id to the larger",
        ),
        RelType(
            "ABOUT",
            ("Claim",),
            ("Actor", "Organisation", "Event", "Place", "Topic"),
            None,
            "what a claim is about",
        ),
        RelType(
            "CONTRADICTS",
            ("Claim",),
            ("Claim",),
            None,
            "two claims that cannot both be true; say what they disagree on in role",
        ),
        RelType(
            "CITES",
            ("Actor", "Organisation", "Event", "Place", "Topic", "Claim"),
            ("Source",),
            None,
            "derived by the loader: a node and the document(s) it is cited to",
        ),
    )
}

#: Labels of graphtool's own records about the graph (not facts): one ``:Dataset``
#: node per loaded dataset, and the ``:WriteLock`` a load or drop holds while it writes.
META_LABELS: tuple[str, ...] = ("Dataset", "WriteLock")

#: Relationship types a dataset may contain (``CITES`` is derived, not imported).
IMPORT_REL_TYPES: tuple[str, ...] = tuple(t for t in REL_TYPES if t != "CITES")

#: The relationship type of direct ties, the only one with ``weight`` and ``directed``.
TIE = "TIED_TO"
#: Properties only :data:`TIE` relationships have.
TIE_PROPERTIES = ("weight", "directed")
#: The largest integer weight stored as an integer (a signed 64-bit LONG in the
#: database); larger whole numbers are stored as floats.
MAX_INT_WEIGHT = 2**63 - 1

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WHOLE = re.compile(r"\+?[0-9]+")


def _positive_whole(text: str) -> bool:
    """Whether ``text`` is a positive whole number in ASCII digits: the common weight,
    checked without a regular expression."""
    return text.isdigit() and text.isascii() and bool(text.strip("0"))


def weight_problem(text: str) -> str | None:
    """Why ``text`` is not a tie weight, or None when it is one.

    A weight is a number written in ASCII digits (``2``, ``0.5``, ``1e-3``), positive
    and finite.

    >>> weight_problem("0.25") is None
    True
    >>> weight_problem("0")
    "'weight' must be positive: '0'"
    >>> weight_problem("1e999")
    "'weight' is not finite: '1e999'"
    >>> weight_problem("\u0662")
    "'weight' is not a number: '\u0662' (write it in the digits 0-9, e.g. 2 or 0.5)"
    """
    if _positive_whole(text):
        return None
    if not _NUMBER.fullmatch(text):
        return f"'weight' is not a number: '{text}' (write it in the digits 0-9, e.g. 2 or 0.5)"
    value = float(text)
    if not math.isfinite(value):
        return f"'weight' is not finite: '{text}'"
    if value <= 0:
        return f"'weight' must be positive: '{text}'"
    return None


def parse_weight(text: str) -> int | float:
    """A tie weight from its text: an int when written as a whole number (up to
    :data:`MAX_INT_WEIGHT`), else a float.

    >>> parse_weight("3"), parse_weight("0.5"), parse_weight("2.0")
    (3, 0.5, 2.0)

    Raises:
        ValueError: with :func:`weight_problem`'s reason.
    """
    if _positive_whole(text) and len(text) < 19:
        return int(text)  # under 10**18: within MAX_INT_WEIGHT
    problem = weight_problem(text)
    if problem is not None:
        raise ValueError(problem)
    if _WHOLE.fullmatch(text) and int(text) <= MAX_INT_WEIGHT:
        return int(text)
    return float(text)


def parse_directed(text: str) -> bool:
    """The ``directed`` flag of a tie: ``true`` or ``false`` in any case, empty for false.

    >>> parse_directed("TRUE"), parse_directed("")
    (True, False)

    Raises:
        ValueError: ``'directed' is not true or false: '<text>'``.
    """
    flag = text.strip().lower()
    if flag in ("true", "false", ""):
        return flag == "true"
    raise ValueError(f"'directed' is not true or false: '{text}'")


def tie_ends(start: str, end: str, directed: bool = False) -> tuple[str, str]:
    """The ends a tie is stored with: as given when directed, else the smaller id first.

    >>> tie_ends("b", "a"), tie_ends("b", "a", directed=True)
    (('a', 'b'), ('b', 'a'))
    """
    if directed or start <= end:
        return start, end
    return end, start


def weigh(
    props: dict[str, Any], rtype: str, start: str, end: str, weight: str, directed: bool
) -> tuple[str, str]:
    """Put a relationship's weight (and a tie's ``directed``) into ``props`` from the
    weight's text, and return the ends as stored (:func:`tie_ends` for a tie). A tie
    with no weight weighs 1; another relationship gets a weight only when one is given.

    >>> props = {}
    >>> weigh(props, TIE, "b", "a", "", False), props
    (('a', 'b'), {'weight': 1, 'directed': False})

    Raises:
        ValueError: the weight is not a positive number (:func:`parse_weight`).
    """
    if rtype == TIE:
        props["weight"] = parse_weight(weight) if weight else 1
        props["directed"] = directed
        return tie_ends(start, end, directed)
    if weight:
        props["weight"] = parse_weight(weight)
    return start, end

@dataclass(frozen=True)
class NodeRecord:
    """One validated node row, ready to load."""

    label: str
    id: str
    props: dict[str, Any] = field(hash=False)
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class RelRecord:
    """One validated relationship, ready to load.

    ``key`` identifies the fact: rows stating the same fact (same ends, type,
    role, since and until) are one relationship carrying every row's citations.
    """

    type: str
    start: str
    end: str
    key: str
    props: dict[str, Any] = field(hash=False)
    file: str = ""
    line: int = 0
    start_label: str = ""
    end_label: str = ""


def rel_key(
    start: str,
    type_: str,
    end: str,
    role: str | None,
    since: str | None,
    until: str | None = None,
    *,
    directed: bool = False,
) -> str:
    """The identity of a relationship fact, used as its MERGE key.

    ``until`` is part of it, so each period of a status is its own relationship; it is
    appended only when given, so facts without one keep the key they always had. A
    directed tie's key ends in ``|directed``, so that it is a fact of its own beside an
    undirected tie between the same two nodes. Give an undirected tie's ends in the
    order of :func:`tie_ends`: nothing in its key then depends on which end a row named
    first.

    >>> rel_key("in", "MEMBER_OF", "sco", "observer", None, "2017")
    'in|MEMBER_OF|sco|observer||2017'
    >>> rel_key("kg", "MEMBER_OF", "sco", "member", "2001")
    'kg|MEMBER_OF|sco|member|2001'
    >>> start, end = tie_ends("b", "a")
    >>> rel_key(start, "TIED_TO", end, None, None)
    'a|TIED_TO|b||'
    >>> rel_key("b", "TIED_TO", "a", "ally", None, directed=True)
    'b|TIED_TO|a|ally||directed'
    """
    parts = [start, type_, end, role or "", since or ""]
    if until:
        parts.append(until)
    key = "|".join(parts)
    return f"{key}|directed" if directed else key
