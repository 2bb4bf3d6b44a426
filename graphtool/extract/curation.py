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

General knowledge of words, like :mod:`~graphtool.extract.demonyms`; nothing in it is
read from a report, and it adds no node: a row whose topic or states the gazetteer
lacks does nothing.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).with_name("expansions.csv")
KINDS = ("group", "topic", "topic-list")


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


def list_phrases(words: str) -> list[str]:
    """Every way to write a list of words in one phrase: any order, the last joined by
    "and", "or" or nothing (commas are not words to the gazetteer).

    >>> list_phrases("a, b")
    ['a b', 'a and b', 'a or b', 'b a', 'b and a', 'b or a']
    """
    items = [w.strip() for w in words.split(",") if w.strip()]
    out = []
    for order in itertools.permutations(items):
        head, last = " ".join(order[:-1]), order[-1]
        out += [f"{head} {last}", f"{head} and {last}", f"{head} or {last}"]
    return out
