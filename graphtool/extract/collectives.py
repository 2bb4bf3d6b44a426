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

from .gazetteer import GROUP_LABEL, Gazetteer
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
    r"(?:(?:a|an|the|full|founding|fully[- ]fledged|permanent|new|all|both|its|their|now|also|not)\s+)*$",
    re.I,
)
#: "other SCO members", "the other member states": not the ones named before.
OTHER = re.compile(r"\bother\s+$", re.I)
#: A capital as an actor: its possessive, or a verb after it ("Beijing's", "Beijing has",
#: "Moscow refused"); or after "with" ("agreed to work with Beijing").
_ACTING = re.compile(
    r"^(?:['\u2019]s\b|\s+(?:has|have|had|is|was|were|will|would|can|could|may|might|must|should|does|did"
    r"|remains|seems|appears|wants|sees|views|fears|considers|insists|prefers|[a-z]+ed)\b)"
)
_WITH = re.compile(r"\bwith\s+$", re.I)


def capitals(text: str, found: Sequence[Found], gaz: Gazetteer) -> list[Found]:
    """``found`` with each capital that acts ("Beijing has") read as its state.

    A capital after "in", "to", "at" or "from", or naming a city's own bodies ("Beijing
    Police", "Tashkent City"), stays the place."""
    out = []
    for f in found:
        state = gaz.capitals.get(f.id)
        if (
            state is not None
            and state in gaz.by_id
            and (
                text[f.start : f.end].endswith(("'s", "\u2019s"))
                or _ACTING.match(text[f.end :])
                or _WITH.search(text[: f.start])
            )
        ):
            n = gaz.by_id[state]
            f = Found(n.id, n.label, n.name, f.start, f.end, True, n.kind or "", via=f.name)
        out.append(f)
    return out


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
            org = Found(n.id, n.label, n.name, g.start, g.end, False, n.kind or "")
        if org is not None:
            out.append(org)
        before, after = text[: g.start], text[g.end :]
        if PREDICATE.search(before) or LISTED.match(after):
            continue
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
