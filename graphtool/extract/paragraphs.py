"""Names of one paragraph in different sentences: links to look at, not facts.

A report often names the parties of one statement in neighbouring sentences ("In 2015
the Lianyungang Forum was established. All Central Asian countries but Turkmenistan
take part."). Extraction proposes facts per sentence; this module adds, for each pair
of entities named in different sentences of one paragraph (at most :data:`MAX_GAP`
apart) and linked by no candidate of that paragraph, one *paragraph co-mention*: cue
``paragraph co-mention``, the sentences it joins, a locator from one mention's line to
the other's, and a confidence below every sentence rule (:data:`BASE` for neighbouring
sentences, less for sentences further apart; never above :data:`TOP`). Sentences that
read like references and lists of more than :data:`MAX_NAMES` names are left out.
Analysts filter them out by confidence or by cue; the benchmark counts them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .grammar import Found
from .records import Sentence

#: Confidence of a paragraph co-mention between neighbouring sentences.
BASE = 0.3
#: Less for each sentence further apart.
STEP = 0.05
#: The lowest a paragraph co-mention gets from distance alone.
FLOOR = 0.15
#: Never above this, whatever the names.
TOP = 0.3
#: How many sentences apart two names may be (a paragraph of 20 sentences links its
#: first name with its last only through the ones between).
MAX_GAP = 6
#: Sentences naming more than this many are lists (of a table the text layer flattened,
#: say): they pair within themselves, not with their neighbours.
MAX_NAMES = 8
CUE = "paragraph co-mention"


@dataclass(frozen=True)
class Pair:
    """Two entities of one paragraph, at their nearest mentions in two sentences."""

    first: Sentence
    a: Found
    second: Sentence
    b: Found
    gap: int  # sentences apart (by their numbers, sentences without names count), 1 for neighbours

    @property
    def confidence(self) -> float:
        return max(FLOOR, BASE - STEP * (self.gap - 1))


def _names(found: Sequence[Found]) -> int:
    """How many names a sentence has: the members read from "SCO member states" are one."""
    return len({f.via or f.id for f in found})


def cross_sentence(
    items: Sequence[tuple[Sentence, Sequence[Found]]],
    linked: set[frozenset[str]],
    max_gap: int = MAX_GAP,
) -> list[Pair]:
    """Pairs named in different sentences of one paragraph (``items``: the sentences with
    names, in order) at most ``max_gap`` sentences apart, nearest first, each pair once;
    pairs in ``linked`` (a candidate of the paragraph links them) and sentences that are
    lists (more than :data:`MAX_NAMES` names) are left out.

    >>> s1 = Sentence(0, "Kazakhstan joined.", 0, 0, ((0, 0),), "line 1")
    >>> s2 = Sentence(1, "The SCO grew.", 1, 1, ((0, 1),), "line 2")
    >>> kz, sco = Found("kz", "Actor", "Kazakhstan", 0, 10), Found("sco", "Organisation", "SCO", 4, 7)
    >>> [(p.a.id, p.b.id, p.gap) for p in cross_sentence([(s1, [kz]), (s2, [sco])], set())]
    [('kz', 'sco', 1)]
    """
    seen = set(linked)
    prose = [_names(found) <= MAX_NAMES for _, found in items]
    near = sorted(
        (s2.index - s1.index, i, j)
        for i, (s1, _) in enumerate(items)
        for j, (s2, _) in enumerate(items[i + 1 :], i + 1)
        if s2.index - s1.index <= max_gap and prose[i] and prose[j]
    )
    out: list[Pair] = []
    for gap, i, j in near:
        (s1, f1), (s2, f2) = items[i], items[j]
        for a in f1:
            for b in f2:
                key = frozenset((a.id, b.id))
                if a.id == b.id or key in seen:
                    continue
                seen.add(key)
                out.append(Pair(s1, a, s2, b, gap))
    return out
