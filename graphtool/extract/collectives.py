"""Words that stand for several entities, read as the entities: "the SCO's member
states", "member states", "all Central Asian states except Turkmenistan".

The gazetteer finds the words (a pseudo-node of label ``Group``,
:data:`~graphtool.extract.gazetteer.GROUP_LABEL`); :func:`expand` replaces it, per sentence,
with the entities it stands for at the sentence's date:

- an organisation's name with "member states", "members", "states", "countries" after
  it or "members of" before it: the organisation (named) and its full members from the
  graph's ``MEMBER_OF`` facts (:meth:`~graphtool.extract.gazetteer.Gazetteer.members_of`);
- "member states" alone: the members of the organisation the paragraph named last, or
  else of the one the report names most;
- a collective name of the curation file ("Central Asian states"): the states it lists.

"except X", "bar X", "other than X" (and the like) take X out, and X is left out of the
sentence's facts (it is named as the one that did not); "other SCO members" leaves out
the members named before it. Nothing is read where the words are a predicate ("X and Y
are SCO members": the cue reads X and Y) or the members follow ("member states (X, Y)",
"member states such as X"). The entities read so have ``via`` (the words), are weak, and
their rows say so in their note, with a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from .gazetteer import GROUP_LABEL, Gazetteer, tokenize
from .grammar import Found, listed

#: "except X", "bar X", "but X", "other than X", "with the exception of X".
EXCEPT = re.compile(
    r"^\s*,?\s*(?:except(?:\s+for)?|bar|but|other\s+than|excluding|save(?:\s+for)?|with\s+the\s+exception\s+of"
    r"|apart\s+from|besides|minus)\s+",
    re.I,
)
#: The members follow: "member states (X, Y)", "member states: X, Y", "such as X".
LISTED = re.compile(r"^\s*(?:\(|:|,?\s*(?:such\s+as|including|namely|like|i\.e\.)\s)", re.I)
#: A predicate: "X is an SCO member", "X and Y became members of the SCO", "as members".
PREDICATE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|become|became|becomes|becoming|remains?|remained|as)\s+"
    r"(?:(?:a|an|the|full|founding|fully[- ]fledged|permanent|new|all|both|its|their|now|also|not|one|of"
    r"|two|three|four|five|six|seven|eight|nine|ten|original|current|other|only)\s+)*$",
    re.I,
)
#: "The SCO states that ...": the verb, not the SCO's states.
_SAYS = re.compile(r"^\s+that\b", re.I)
#: "other SCO members", "the other member states": not the ones named before.
OTHER = re.compile(r"\bother\s+$", re.I)
#: A capital as an actor: its possessive, or a verb after it ("Beijing's", "Beijing has",
#: "Moscow refused"); or after "with" ("agreed to work with Beijing").
_ACTING = re.compile(
    r"^\s+(?:has|have|had|is|was|were|will|would|can|could|may|might|must|should|does|did"
    r"|remains|seems|appears|wants|sees|views|fears|considers|insists|prefers|[a-z]+ed"
    # verbs whose past is not -ed
    r"|bought|sold|gave|made|took|sent|saw|began|won|lost|held|led|met|paid|put|set|spent|told"
    r"|thought|brought|built|became|chose|fought|found|got|kept|knew|left|meant|sought|went|wrote)\b"
)
#: A capital after these is a place ("in Beijing", "flew to Dushanbe").
_WHERE = re.compile(r"\b(?:in|at|to|from|near|via|outside|around|into|of)\s+(?:the\s+)?$", re.I)
_WITH = re.compile(r"\b(?:with|by)\s+$", re.I)
#: The words of a mention: the city's name, its possessive.
_SAID = re.compile(r"[\w-]+(?:\s[A-Z][\w-]+)*(?:['\u2019]s\b)?")


def capitals(text: str, found: Sequence[Found], gaz: Gazetteer) -> list[Found]:
    """``found`` with each capital that acts ("Beijing's", "Beijing has", "Moscow
    refused", "agreed with Beijing") read as its state as well, or instead where every
    mention acts. A capital after "in", "to", "at", "from" (and the like) stays the place,
    as does one before a noun ("Beijing Police", "Tashkent City")."""
    out = []
    for f in found:
        state = gaz.capitals.get(f.id)
        if state is None or state not in gaz.by_id:
            out.append(f)
            continue
        size = f.end - f.start
        acting = []
        for p in (f.start, *f.also):
            said = _SAID.match(text, p)
            end = said.end() if said else p + size
            if _WHERE.search(text[:p]):
                continue
            if text[p:end].endswith(("'s", "\u2019s")) or _ACTING.match(text[end:]) or _WITH.search(text[:p]):
                acting.append(p)
        places = [p for p in (f.start, *f.also) if p not in acting]
        if places:
            out.append(f if places[0] == f.start else replace(f, start=places[0], end=places[0] + size))
        if acting:
            n = gaz.by_id[state]
            out.append(
                Found(n.id, n.label, n.name, acting[0], acting[0] + size, True, n.kind or "", via=f.name)
            )
    return sorted(out, key=lambda f: f.start)


def _named_at(g: Found, nid: str, gaz: Gazetteer) -> tuple[int, int]:
    """Where the group's words name the organisation ("SCO" in "SCO member states")."""
    toks = tokenize(g.name)
    for m in gaz.find(toks, len(toks) - 1):
        if any(e.name.id == nid for e in m.entries):
            return g.start + toks[m.start].start, g.start + toks[m.end - 1].end
    return g.start, g.end


def expand(
    text: str,
    found: Sequence[Found],
    gaz: Gazetteer,
    date: str,
    organisation: Callable[[], Found | None],
) -> list[Found]:
    """``found`` with each group read as what it stands for (see the module), in order.

    ``organisation`` gives the organisation "member states" alone refers to (or None).
    """
    groups = [f for f in found if f.label == GROUP_LABEL]
    if not groups:
        return list(found)
    named = [f for f in found if f.label != GROUP_LABEL]
    out = list(named)
    drop: set[str] = set()
    for g in groups:
        gid, org = g.id, None
        if gid == "group:":
            ref = organisation()
            if ref is None:
                continue
            gid = f"group:{ref.id}"
            org = Found(ref.id, ref.label, ref.name, g.start, g.end, True, ref.kind, via=g.name)
        elif gid[6:] in gaz.by_id:
            n = gaz.by_id[gid[6:]]
            a, b = _named_at(g, n.id, gaz)
            org = Found(n.id, n.label, n.name, a, b, False, n.kind or "")
        if org is not None:
            out.append(org)
        before, after = text[: g.start], text[g.end :]
        if g.name.lower().endswith("states") and _SAYS.match(after):
            continue
        follow = [
            f for f in named if 0 <= f.start - g.end <= 2 and (f.kind == "state" or f.label == "Organisation")
        ]
        if PREDICATE.search(before) or LISTED.match(after) or follow:
            continue  # a predicate, or the members follow ("member states China and Kyrgyzstan")
        ids = gaz.members_of(gid, date)
        m = EXCEPT.match(after)
        if m:
            at = g.end + m.end()
            excepted = listed(text, [f for f in named if f.start >= at], at)
            drop |= {f.id for f in excepted}
        if OTHER.search(before):
            drop_before = {f.id for f in named if f.start < g.start}
            ids = [i for i in ids if i not in drop_before]
        for i in ids:
            if i in drop:
                continue
            n = gaz.by_id[i]
            out.append(Found(i, n.label, n.name, g.start, g.end, True, n.kind or "", via=g.name))
    # A member also named in the sentence is that mention.
    keep: dict[str, Found] = {}
    for f in sorted(out, key=lambda f: (bool(f.via), f.start)):
        keep.setdefault(f.id, f)
    return sorted((f for f in keep.values() if f.id not in drop), key=lambda f: (f.start, f.name))
