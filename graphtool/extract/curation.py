"""extract's own curation data (``expansions.csv`` next to this module): what some words
mean that no gazetteer names.

Each row has a ``kind``, the ``phrase`` (variants separated by ``;``), what it ``means``
and the ``reason`` (a citation or why), and is reviewed like code:

- ``group``: a collective name ("Central Asian states") and the states it stands for,
  by name; used for the members the gazetteer has (a state it lacks cannot be linked).
- ``topic``: other words for a topic ("border guards" for "border security"); used when
  the gazetteer has a topic of that name.
- ``topic-list``: words that name a topic only together, in any order, as one list
  ("terrorism, separatism and extremism" for "three evils").
- ``capital``: a capital city and the state (or organisation) whose government reports
  name by it ("Beijing has", "Moscow's lead"); used for the cities and states the
  gazetteer has, and only where the grammar makes the city an actor (see
  :mod:`~graphtool.extract.collectives`).

General knowledge of words, like :mod:`~graphtool.extract.demonyms`; nothing in it is
read from a report, and it adds no node: a row whose topic or states the gazetteer
lacks does nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).with_name("expansions.csv")
KINDS = ("group", "topic", "topic-list", "capital")


@dataclass(frozen=True)
class Expansion:
    """One reviewed row of ``expansions.csv``."""

    kind: str
    phrases: tuple[str, ...]
    means: tuple[str, ...]
    reason: str
    line: int


@lru_cache(maxsize=4)
def expansions(path: Path = FILE) -> tuple[Expansion, ...]:
    """The rows of the curation file, checked: a known kind, a phrase, a meaning and a
    reason on every row."""
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), 2):
            kind = (row.get("kind") or "").strip()
            phrases = tuple(p.strip() for p in (row.get("phrase") or "").split(";") if p.strip())
            means = tuple(m.strip() for m in (row.get("means") or "").split(";") if m.strip())
            reason = (row.get("reason") or "").strip()
            if kind not in KINDS or not phrases or not means or not reason:
                raise ValueError(
                    f"{path} line {n}: needs a kind ({', '.join(KINDS)}), phrase, means and reason"
                )
            out.append(Expansion(kind, phrases, means, reason, n))
    return tuple(out)


@dataclass(frozen=True)
class WordList:
    """Words that name a topic only together: any order, each as itself, its plural or
    (for an -ism) its -ist forms, with at most one word before it, joined by commas,
    "and", "or".

    >>> w = WordList.of("terrorism, separatism, extremism")
    >>> text = "the fight against regional terrorism, ethnic separatism and religious extremism"
    >>> [text[a:b] for a, b in w.spans(text)]
    ['regional terrorism, ethnic separatism and religious extremism']
    >>> w.spans("terrorists or extremists"), w.spans("terrorism, terrorism and extremism")
    ([], [])
    """

    pattern: re.Pattern[str]
    items: tuple[re.Pattern[str], ...]

    @classmethod
    def of(cls, words: str) -> WordList:
        forms = []
        for w in (w.strip() for w in words.split(",")):
            if w:
                forms.append(
                    re.escape(w[:-3]) + r"is(?:ms?|ts?)" if w.endswith("ism") else re.escape(w) + "s?"
                )
        one = r"(?:[\w-]+\s+)?(?:" + "|".join(forms) + r")\b"
        sep = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)"
        pattern = re.compile(rf"\b{one}(?:{sep}{one}){{{len(forms) - 1}}}", re.I)
        return cls(pattern, tuple(re.compile(rf"\b{f}\b", re.I) for f in forms))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the whole list is in ``text``: (start, end) offsets."""
        return [
            (m.start(), m.end())
            for m in self.pattern.finditer(text)
            if all(item.search(m.group(0)) for item in self.items)
        ]
