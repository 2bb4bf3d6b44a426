"""Participations as columns: the array side of the projection for measuring.

:func:`graphtool.projection.fetch_network` and a trend's per-period networks read who
took part in which event as a few parallel lists of a million items each. Held as a
Python object per event and a tuple per participation, and paired in loops, those
cost seconds; here they become integer arrays once (:func:`encode`,
:func:`from_lists`), and the co-participation counts of a network are a few array
operations (:func:`shared_events`): numpy sorts and counts, and no Python code runs
per participation or per pair.

Pure: lists in, arrays out. What is kept (roll-up, actor and event kinds, countries,
the window) is decided by :mod:`graphtool.projection`, which hands over the node of
each participation and the events it keeps as arrays.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np

#: Events with more participants than this are paired one by one (all their pairs at
#: once); smaller ones together, by offset within each event (see :func:`_pairs`).
BIG_EVENT = 64
#: Pairs made before they are counted and merged: bounds the memory a network whose
#: events make hundreds of millions of pairs needs (8 bytes a pair, twice).
PAIR_CHUNK = 20_000_000


@dataclass(frozen=True)
class Columns:
    """Participations as arrays. Participation ``k`` is actor ``actor_ids[actor[k]]``
    at event ``event[k]``; events are numbered from 0, and ``event_ids``, ``year``,
    ``dated`` and ``kind`` (codes into ``kinds``) are given per event.

    ``actor_ids`` starts with the actors the participations were encoded against (in
    their order), followed by any other actor a participation names.
    ``event_ids`` is None when the events were read as opaque keys (enough to group
    participations; the projection then needs neither their ids nor their dates).
    ``cache`` holds what the projection derives from the columns and reuses (a
    trend builds a network per period from one read).
    """

    actor: np.ndarray
    event: np.ndarray
    actor_ids: Sequence[Any]
    event_ids: Sequence[Any] | None
    year: np.ndarray
    dated: np.ndarray
    kind: np.ndarray
    kinds: Sequence[Any]
    cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_events(self) -> int:
        """How many events."""
        return len(self.year)


def encode(values: Sequence[Hashable], known: Iterable[Hashable] = ()) -> tuple[np.ndarray, list[Any]]:
    """Each value's index into a list of distinct values: ``known`` first, in its order,
    then the other values in the order they first appear.

    >>> codes, distinct = encode(["b", "c", "b", "a"], known=["a"])
    >>> codes.tolist(), distinct
    ([1, 2, 1, 0], ['a', 'b', 'c'])
    """
    if not known and len(values) > 1:
        hashed = _by_hash(values)
        if hashed is not None:
            return hashed
    # dict.fromkeys keeps first appearances in order, at C speed: no Python per item.
    distinct = list(dict.fromkeys(chain(known, values)))
    index = dict(zip(distinct, range(len(distinct))))
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return codes, distinct


def _by_hash(values: Sequence[Hashable]) -> tuple[np.ndarray, list[Any]] | None:
    """:func:`encode` without ``known``, by sorting the values' hashes rather than
    looking each value up in a dict (several times faster on a million ids, whose
    lookups miss the cache). Exact: None when two distinct values share a hash (then
    each must be looked up)."""
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=len(values))
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    if len(starts) != len(set(values)):
        return None
    # Number the groups by where each first appears (the stable sort puts a group's
    # first appearance at its start).
    first = order[starts]
    by_first = np.argsort(first)
    number = np.empty(len(starts), dtype=np.int64)
    number[by_first] = np.arange(len(starts))
    group = np.cumsum(np.r_[False, ordered[1:] != ordered[:-1]])
    codes = np.empty(len(values), dtype=np.int64)
    codes[order] = number[group]
    return codes, [values[i] for i in first[by_first].tolist()]


def _first_appearances(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes numbered in order of first appearance
    (as :func:`encode` numbers them without ``known``): a position holds a first
    appearance exactly when its code is above every code before it."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    before = np.maximum.accumulate(codes)
    first = np.empty(len(codes), dtype=bool)
    first[0] = True
    first[1:] = codes[1:] > before[:-1]
    return np.flatnonzero(first)


def from_lists(row: Mapping[str, Sequence[Any]], actors: Iterable[Any]) -> Columns:
    """Columns from one row of parallel lists, one item per participation: ``actors``
    and ``events`` (ids or keys), and optionally ``years`` (-1 for undated) and
    ``kinds`` ('' for none), as ``graph/participation_ids`` and
    ``graph/participation_keys`` return them. ``actors`` (the actor ids read) are
    numbered first. Events are numbered in the order they first appear."""
    actor, actor_ids = encode(row["actors"], actors)
    event, keys = encode(row["events"])
    first = _first_appearances(event)
    if "years" in row:
        years = np.asarray(row["years"], dtype=np.int64)[first] if len(first) else np.zeros(0, np.int64)
        kind, kinds = encode([row["kinds"][i] or None for i in first.tolist()])
        event_ids: Sequence[Any] | None = keys
    else:  # events read as keys: no dates or kinds
        years, kinds, event_ids = np.full(len(keys), -1, dtype=np.int64), [None], None
        kind = np.zeros(len(keys), dtype=np.int64)
    return Columns(actor, event, actor_ids, event_ids, years, years != -1, kind, kinds)


def from_events(events: Sequence[Any], actors: Iterable[Any]) -> Columns:
    """Columns from event rows (``id``, ``kind``, ``year`` and ``participants``, each a
    tuple whose first item is the actor id), numbered as they come. A year that is not
    an int (or None) keeps the year column as Python objects."""
    per_event = [len(e.participants) for e in events]
    actor, actor_ids = encode([p[0] for e in events for p in e.participants], actors)
    event = np.repeat(np.arange(len(events), dtype=np.int64), per_event)
    years = [e.year for e in events]
    dated = np.array([y is not None for y in years], dtype=bool)
    if all(type(y) is int or y is None for y in years):
        year = np.array([-1 if y is None else y for y in years], dtype=np.int64)
    else:
        year = np.array(years, dtype=object)
    kind, kinds = encode([e.kind for e in events])
    return Columns(actor, event, actor_ids, [e.id for e in events], year, dated, kind, kinds)


def shared_events(
    event: np.ndarray, node: np.ndarray, n_nodes: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of nodes that appear at the same events, and how many events each
    pair shares: ``(u, v, count)`` with ``u < v``, sorted by ``(u, v)``.

    ``event[k]`` and ``node[k]`` (in ``0 .. n_nodes - 1``) say that node ``node[k]`` is
    at event ``event[k]``; a node at an event several times counts once.

    >>> u, v, count = shared_events(np.array([0, 0, 0, 1, 1, 1]), np.array([2, 0, 2, 0, 2, 1]), 3)
    >>> list(zip(u.tolist(), v.tolist(), count.tolist()))
    [(0, 1, 1), (0, 2, 2), (1, 2, 1)]
    """
    width = np.int64(max(n_nodes, 1))
    if not len(event):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    # Each (event, node) once, sorted by event, then node: every event is a block of
    # distinct nodes in increasing order, so a pair within a block has u < v.
    key, _ = _counted(event.astype(np.int64) * width + node)
    ev = key // width
    nd = key - ev * width
    starts = np.flatnonzero(np.r_[True, ev[1:] != ev[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    pairs = sizes * (sizes - 1) // 2
    counted: list[tuple[np.ndarray, np.ndarray]] = []
    lo = 0
    # Blocks of events whose pairs stay under PAIR_CHUNK, each counted on its own.
    ends = np.r_[np.flatnonzero(np.diff(np.cumsum(pairs) // PAIR_CHUNK)) + 1, len(starts)]
    for hi in np.unique(ends).tolist():
        if hi <= lo:
            continue
        a = int(starts[lo])
        b = int(starts[hi]) if hi < len(starts) else len(key)
        made = _pairs(nd[a:b], starts[lo:hi] - a, sizes[lo:hi], width)
        counted.append(_counted(made))
        lo = hi
    if len(counted) == 1:
        pair, count = counted[0]
    else:
        pairs, counts = zip(*counted)
        pair, count = _counted(np.concatenate(pairs), np.concatenate(counts))
    return pair // width, pair % width, count


def _counted(values: np.ndarray, counts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, sorted, and how often each occurs (the sum of their
    ``counts`` when given). By sorting: numpy's ``unique`` may hash instead, which is
    many times slower on a million integers."""
    order = np.argsort(values, kind="stable") if counts is not None else None
    values = values[order] if order is not None else np.sort(values)
    if not len(values):
        return values, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    if counts is None:
        return values[starts], np.diff(np.r_[starts, len(values)])
    return values[starts], np.add.reduceat(counts[order], starts)


def _pairs(nd: np.ndarray, starts: np.ndarray, sizes: np.ndarray, width: np.int64) -> np.ndarray:
    """Every pair within each block (``nd[starts[i] : starts[i] + sizes[i]]``, increasing),
    as ``u * width + v``. Small blocks are paired together by offset: offset ``d``
    pairs each entry with the one ``d`` places after it in its block, and only the
    entries with at least ``d`` after them take part, so the work is the number of
    pairs; each big block is paired on its own, all at once."""
    out: list[np.ndarray] = []
    big = sizes > BIG_EVENT
    later = np.repeat(starts + sizes, sizes) - np.arange(len(nd)) - 1
    later[np.repeat(big, sizes)] = 0
    active = np.flatnonzero(later > 0)
    d = 1
    while len(active):
        out.append(nd[active] * width + nd[active + d])
        d += 1
        active = active[later[active] >= d]
    for s, n in zip(starts[big].tolist(), sizes[big].tolist()):
        i, j = np.triu_indices(n, 1)
        block = nd[s : s + n]
        out.append(block[i] * width + block[j])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)
