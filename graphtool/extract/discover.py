"""Names that look like actors but are not in the gazetteer: new candidates.

Three signs, in order of trust:

- an acronym defined in the text, "Collective Security Treaty Organization (CSTO)" or
  "CSTO (Collective Security Treaty Organization)": the long and short forms name one
  entity (when the gazetteer knows one of them, the other becomes its new alias);
- an organisation's shape: "Ministry of ...", "... Committee ...", "... Council",
  "... Organization", "... Service", ...: found once is enough;
- any other run of two or more capitalised words ("Li Peng", "Central Asia") that the
  report repeats.

Each gets a guessed label and kind from its head word (:func:`guess_kind`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import Token

#: Head words -> (label, kind). The last keyword in a name decides ("Ministry of Defence
#: Academy" is an institution).
KEYWORDS: dict[str, tuple[str, str]] = {}
for _words, _label, _kind in (
    (
        "ministry ministries agency service services bureau department directorate police guard guards "
        "forces army navy militia commission office prosecutor procuracy administration authority "
        "committee inspectorate gendarmerie",
        "Actor",
        "agency",
    ),
    ("court parliament assembly government cabinet", "Actor", "institution"),
    ("university institute academy school college foundation center centre", "Actor", "institution"),
    (
        "company corporation corp inc ltd llc petroleum oil gas telecom airline airlines holding holdings",
        "Actor",
        "company",
    ),
    ("movement party front brigade jamaat liberation islamic jihad mujahideen", "Actor", "group"),
    (
        "president minister premier chairman ambassador envoy secretary general commander director",
        "Actor",
        "office",
    ),
    ("organization organisation union community", "Organisation", "intergovernmental"),
    ("alliance bloc", "Organisation", "alliance"),
    ("forum dialogue", "Organisation", "forum"),
    ("council secretariat", "Organisation", "body"),
    ("structure mechanism fund bank association congress", "Organisation", "other"),
    ("times news daily post radio television tv newspaper magazine journal press", "Actor", "company"),
    ("province region oblast valley district prefecture mountains territory", "Place", "region"),
    ("city capital", "Place", "city"),
    ("border", "Place", "border"),
    ("corridor pass base airport port", "Place", "site"),
    ("exercise exercises drill mission", "Event", "exercise"),
    ("operation", "Event", "operation"),
    ("summit", "Event", "summit"),
    ("conference", "Event", "conference"),
    ("declaration statement", "Event", "statement"),
    ("agreement convention treaty charter accord memorandum pact", "Event", "agreement"),
    ("pipeline railway highway road initiative belt project programme program plan", "Event", "project"),
):
    for _w in _words.split():
        KEYWORDS[_w] = (_label, _kind)

#: Titles before a person's name ("President Kurmanbek Bakiyev").
TITLES = frozenset(
    "president premier minister chairman ambassador general secretary mr mrs ms dr prof colonel "
    "director deputy vice king emir sheikh leader commander chief envoy spokesman spokeswoman".split()
)
#: Capitalised words that start sentences or headings and are not part of a name.
STOP = frozenset(
    "a an the this that these those its it their his her our in on at by for from to of with as and or "
    "but if when while since after before during although however moreover furthermore thus also "
    "both some many most all other such each every another according following under over between "
    "among within without about against into through there here what which who whose where why how "
    "not no yes one two three four five six seven eight nine ten first second third last next new "
    "see ibid op cit table figure appendix chapter section part annex note notes source sources "
    "mr mrs ms dr january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday i ii iii iv v vi jan feb mar apr "
    "jun jul aug sep sept oct nov dec accessed retrieved available member members".split()
)
_CONNECT = frozenset("of for and the on de del da al".split())
_DIRECTION = frozenset("north south east west central eastern western northern southern".split())


@dataclass(frozen=True)
class Definition:
    """An acronym defined in a sentence."""

    long: str
    short: str
    sentence: int


@dataclass(frozen=True)
class NewName:
    """A run of words proposed as a new entity."""

    text: str
    sentence: int
    label: str
    kind: str
    why: str  # acronym, shape, repeated, title


def guess_kind(name: str, after_title: bool = False) -> tuple[str, str, bool]:
    """(label, kind, sure) for a new name, from its head word.

    >>> guess_kind("State Committee for National Security")
    ('Actor', 'agency', True)
    >>> guess_kind("Li Peng", after_title=True)
    ('Actor', 'person', True)
    """
    words = [w.lower().strip(".'\u2019") for w in re.findall(r"[^\W_]+", name)]
    if after_title:
        return "Actor", "person", True
    for w in reversed(words):
        if w in KEYWORDS:
            label, kind = KEYWORDS[w]
            return label, kind, True
    if words and words[0] in _DIRECTION:
        return "Place", "region", False
    if 2 <= len(words) <= 3 and not any(w in _CONNECT for w in words):
        return "Actor", "person", False
    return "Organisation", "other", False


_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&+./-]{1,11})\s*\)")
_PAREN = re.compile(r"\(([^()]{4,120})\)")


def find_definitions(sentences: Sequence[str]) -> list[Definition]:
    """Acronyms defined in the sentences (Schwartz and Hearst's rule: the acronym's
    letters, in order, in the words before it, the first letter starting a word).

    >>> text = "the Collective Security Treaty Organization (CSTO) met"
    >>> [(d.long, d.short) for d in find_definitions([text])]
    [('Collective Security Treaty Organization', 'CSTO')]
    """
    out = []
    for i, text in enumerate(sentences):
        for m in _ACRONYM.finditer(text):
            short = m.group(1)
            if sum(c.isupper() for c in short) < 2:
                continue
            long = _long_form(short, text[: m.start()])
            if long:
                out.append(Definition(long, short, i))
        for m in _PAREN.finditer(text):  # "CSTO (Collective Security Treaty Organization)"
            before = re.search(r"([A-Z][A-Za-z0-9&]{1,11})\s*$", text[: m.start()])
            if before and sum(c.isupper() for c in before.group(1)) >= 2:
                long = _long_form(before.group(1), m.group(1))
                if long and long == m.group(1).strip():
                    out.append(Definition(long, before.group(1), i))
    return out


def _long_form(short: str, before: str) -> str:
    letters = [c.lower() for c in short if c.isalnum()]
    words = re.findall(r"[^\s()]+", before)[-(min(len(letters) + 5, len(letters) * 2)) :]
    if not words:
        return ""
    text = " ".join(words)
    s, li = len(text) - 1, len(letters) - 1
    while li >= 0:
        c = letters[li]
        while s >= 0 and (text[s].lower() != c or (li == 0 and s > 0 and text[s - 1].isalnum())):
            s -= 1
        if s < 0:
            return ""
        s -= 1
        li -= 1
    start = text.rfind(" ", 0, s + 1) + 1
    long = text[start:].strip(" ,;:\"'\u201c\u201d")
    first = long.split()[0] if long.split() else ""
    if not first[:1].isupper() or len(long) <= len(short) or long.lower().startswith(("the ", "a ")):
        long = re.sub(r"^(?:the|a|an)\s+", "", long, flags=re.I)
    return long if long[:1].isupper() and len(long.split()) >= 2 else ""


def capitalised_runs(tokens: Sequence[Token], covered: set[int]) -> list[tuple[int, int, bool]]:
    """Runs of capitalised words not covered by known names: (start, end, after a title).

    Connectors (``of``, ``for``, ``and``, ``the``) may join capitalised words; leading
    words that start sentences ("According", "The") are dropped.
    """
    out = []
    i = 0
    n = len(tokens)
    while i < n:
        if i in covered or not _cap(tokens[i]):
            i += 1
            continue
        j = i
        while j < n and j not in covered and (_cap(tokens[j]) or _joins(tokens, j, covered)):
            j += 1
        start = i
        while start < j and tokens[start].ci in STOP:
            start += 1
        titled = False
        while start < j and tokens[start].ci in TITLES:
            start += 1
            titled = True
        end = j
        while end > start and tokens[end - 1].ci in _CONNECT:
            end -= 1
        caps = sum(1 for t in tokens[start:end] if _cap(t))
        if caps >= 2 and end - start <= 8:
            out.append((start, end, titled))
        i = j + 1
    return out


def _joins(tokens: Sequence[Token], j: int, covered: set[int]) -> bool:
    """Whether the connector at ``j`` joins two capitalised words ("of", "of the")."""
    k = j
    while k < len(tokens) and k - j < 2 and tokens[k].ci in _CONNECT and k not in covered:
        k += 1
    return k > j and k < len(tokens) and k not in covered and _cap(tokens[k]) and tokens[j].ci != "the"


def _cap(t: Token) -> bool:
    w = t.text
    return (
        w[:1].isupper() and not w.isupper() and w.isalpha() or (len(w) > 1 and w[:1].isupper() and "'" in w)
    )
