"""Facts a table states by its shape (the tables themselves go to the table loader,
:mod:`~graphtool.extract.tables`):

- a **membership matrix**, organisations across the top and members down the side: a
  mark (√, ✓, x, yes) is ``MEMBER_OF`` (0.8, cue ``table mark √``), a dash or a cross
  (–, —, ✗, no) where other rows have marks is ``RELATED_TO`` with role ``not a member``
  (0.6, cue ``table mark –``); a blank cell says nothing;
- a **table of entities**, one named in the first cell of most rows ("Kazakhstan | 25.6 |
  11.0" under "Table 1 – China's trade with Central Asia"): each row's entity with the
  entities of the caption is one co-mention (a row to each, 0.3, cue ``table row and
  caption``), cited to the row's line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from .gazetteer import GROUP_LABEL, Gazetteer, tokenize
from .records import Fact, Name, Row, Table, locator
from .rows import allowed, score

#: Marks of "is a member" in a matrix.
YES = frozenset({"\u221a", "\u2713", "\u2714", "x", "X", "yes", "Yes", "YES", "Y", "\u25cf", "\u2022", "+"})
#: Marks of "is not" in a matrix: dashes and crosses.
NO = frozenset({"\u2013", "\u2014", "-", "\u2717", "\u2718", "\u00d7", "no", "No", "NO", "N"})
MATRIX_CUE, NOT_CUE, CAPTION_CUE = "table mark", "table mark", "table row and caption"
CAPTION = 0.3


def _row(sid: str, a: str, rtype: str, b: str, role: str, loc: str, confidence: float, cue: str) -> Row:
    return Row(
        "relations",
        {
            "from": a,
            "type": rtype,
            "to": b,
            "role": role,
            "since": "",
            "note": "",
            "source": sid,
            "locator": loc,
            "confidence": score(confidence),
            "cue": cue,
        },
    )


def _orgs(t: Table, lookup: Callable[[str], set[str]], by_id: Mapping[str, Name]) -> dict[int, str]:
    cols = [(k, lookup(h)) for k, h in enumerate(t.header) if k > 0]
    return {
        k: next(iter(ids))
        for k, ids in cols
        if len(ids) == 1 and by_id[next(iter(ids))].label == "Organisation"
    }


def matrix_facts(
    tables: Sequence[Table],
    lookup: Callable[[str], set[str]],
    by_id: Mapping[str, Name],
    sid: str,
    offset: int,
) -> list[Fact]:
    """Membership matrices: organisations across the top, members down the side, a mark
    where one belongs to the other and a dash where it does not."""
    facts: list[Fact] = []
    for t in tables:
        if t.header_line is None:
            continue
        orgs = _orgs(t, lookup, by_id)
        if len(orgs) < 2:
            continue
        marked = {k for k in orgs for row in t.rows if k < len(row) and row[k].strip() in YES}
        for line, row in zip(t.lines, t.rows):
            ids = lookup(row[0])
            if len(ids) != 1:
                continue
            member = by_id[next(iter(ids))]
            if member.label not in ("Actor", "Organisation"):
                continue
            loc = locator([t.header_line, line])
            for k, org_id in orgs.items():
                mark = row[k].strip() if k < len(row) else ""
                if org_id == member.id:
                    continue
                if mark in YES:
                    rel = _row(
                        sid, member.id, "MEMBER_OF", org_id, "member", loc, 0.8, f"{MATRIX_CUE} {mark}"
                    )
                elif mark in NO and k in marked and allowed("RELATED_TO", member.label, "Organisation"):
                    rel = _row(
                        sid, member.id, "RELATED_TO", org_id, "not a member", loc, 0.6, f"{NOT_CUE} {mark}"
                    )
                else:
                    continue
                sentence = f"{t.header[0] or 'row'}: {row[0]} | {t.header[k]}: {row[k]}"
                facts.append(
                    Fact(
                        f"f{offset + len(facts) + 1}",
                        rel.cells["type"],
                        rel.cells["cue"],
                        float(rel.cells["confidence"]),
                        sentence,
                        loc,
                        (member.id, org_id),
                        (rel,),
                    )
                )
    return facts


def _whole(gaz: Gazetteer, text: str) -> str:
    """The label of the one node a whole text names, else ""."""
    toks = tokenize(text)
    ms = gaz.find(toks)
    if len(ms) == 1 and ms[0].start == 0 and ms[0].end == len(toks) and len(ms[0].entries) == 1:
        return ms[0].entries[0].name.label
    return ""


def caption_facts(tables: Sequence[Table], gaz: Gazetteer, sid: str, offset: int) -> list[Fact]:
    """Tables of entities: each row's entity (its first cell) with the caption's
    entities, one fact per row ("Kazakhstan | 25.6" under "China's trade with Central
    Asia": Kazakhstan, China and trade)."""
    facts: list[Fact] = []
    for t in tables:
        if not t.caption:
            continue
        named = [m.entries[0].name for m in gaz.find(tokenize(t.caption)) if len(m.entries) == 1]
        named = [n for n in named if n.label != GROUP_LABEL]
        heads = [gaz.find(tokenize(row[0])) if row else [] for row in t.rows]
        whole = [
            ms[0].entries[0].name
            if len(ms) == 1
            and len(ms[0].entries) == 1
            and ms[0].entries[0].name.label in ("Actor", "Organisation")
            else None
            for ms in heads
        ]
        orgs = [h for h in t.header[1:] if _whole(gaz, h) == "Organisation"]
        if not named or len(orgs) >= 2 or sum(w is not None for w in whole) * 2 < len(t.rows):
            continue  # a caption naming none, a membership matrix, or not a table of entities
        for line, row, head in zip(t.lines, t.rows, whole):
            if head is None:
                continue
            loc = locator([line])
            rels = []
            for n in dict.fromkeys(named):
                if n.id == head.id:
                    continue
                if n.label == "Topic":
                    rels.append(_row(sid, head.id, "CONCERNS", n.id, "", loc, CAPTION - 0.05, CAPTION_CUE))
                elif allowed("RELATED_TO", head.label, n.label):
                    rels.append(
                        _row(sid, head.id, "RELATED_TO", n.id, "co-mentioned", loc, CAPTION, CAPTION_CUE)
                    )
            if not rels:
                continue
            # One fact per row: the row states one thing of its entity and everything the
            # caption names ("Kazakhstan" under "China's trade with Central Asia").
            facts.append(
                Fact(
                    f"f{offset + len(facts) + 1}",
                    "co-mention",
                    CAPTION_CUE,
                    max(float(r.cells["confidence"]) for r in rels),
                    f"{t.caption} | {' | '.join(row)}",
                    loc,
                    (head.id, *(r.cells["to"] for r in rels)),
                    tuple(rels),
                )
            )
    return facts
