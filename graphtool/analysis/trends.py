"""Change over time: periods of years, a measure per period, who rose and who fell.

Each period's network is built by the caller (the trend command reads the database
once and builds one network per window with
:func:`graphtool.projection.for_period`); :func:`trend` measures each,
:func:`trend_rows` and :func:`compare` turn the scores into rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from .centrality import centrality
from .network import Graph, Node, Scores, node_row, rank


@dataclass(frozen=True)
class Period:
    """A window of years, both ends included."""

    start: int
    end: int

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2010"`` or ``"2010-2015"``.

        >>> Period.parse("2010-2015").label, Period.parse("2019").label
        ('2010-2015', '2019')
        """
        parts = text.strip().split("-")
        try:
            years = [int(p) for p in parts]
        except ValueError:
            years = []
        if len(years) not in (1, 2) or years[0] > years[-1]:
            raise UsageError(f"'{text}' is not a year or a window of years like 2010-2015")
        return cls(years[0], years[-1])


def periods(start: int, end: int, step: int = 1) -> list[Period]:
    """Consecutive windows of ``step`` years covering ``start`` to ``end``.

    >>> [p.label for p in periods(2010, 2016, 3)]
    ['2010-2012', '2013-2015', '2016']
    """
    if step < 1:
        raise UsageError("a period must be at least one year")
    return [Period(y, min(y + step - 1, end)) for y in range(start, end + 1, step)]


def trend(graphs: Mapping[str, Graph], measure: str = "degree", **options: Any) -> dict[str, Scores]:
    """The measure on each period's graph: ``{period label: {node: score}}``.

    ``options`` are passed to :func:`centrality` (weighted, engine, sample, seed).
    """
    return {label: centrality(G, measure, **options) for label, G in graphs.items()}


def trend_rows(G: Graph, by_period: Mapping[str, Scores], top: int | None = None) -> list[dict[str, Any]]:
    """One row per node with a column per period (0 where it has no score), ranked by
    its score summed over the periods. ``G`` supplies names and kinds."""
    labels = list(by_period)
    nodes = {n for scores in by_period.values() for n in scores}
    total = {n: sum(by_period[p].get(n, 0.0) for p in labels) for n in nodes}
    rows = []
    for n, _ in rank(total, top):
        row = node_row(G, n) if n in G else {"id": n, "name": str(n), "kind": None}
        row.update({p: by_period[p].get(n, 0.0) for p in labels})
        rows.append(row)
    return rows


def compare(
    G: Graph,
    before: Mapping[Node, float],
    after: Mapping[Node, float],
    top: int | None = None,
) -> list[dict[str, Any]]:
    """Who rose and who fell between two windows: rows ``id, name, kind, before, after,
    change``, biggest rise first. With ``top`` the ``top`` biggest rises and the ``top``
    biggest falls. Nodes absent from a window count 0 there; unchanged nodes are left out.

    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_nodes_from("abc")
    >>> [(r["id"], r["change"]) for r in compare(G, {"a": 1, "b": 2}, {"a": 3, "c": 1})]
    [('a', 2.0), ('c', 1.0), ('b', -2.0)]
    """
    nodes = set(before) | set(after)
    change = {n: float(after.get(n, 0.0)) - float(before.get(n, 0.0)) for n in nodes}
    change = {n: c for n, c in change.items() if round(c, 12) != 0}
    ordered = rank(change)
    if top is not None:
        rises = [x for x in ordered if x[1] > 0][:top]
        falls = [x for x in ordered if x[1] < 0][-top:] if top > 0 else []
        ordered = rises + falls
    rows = []
    for n, c in ordered:
        row = node_row(G, n) if n in G else {"id": n, "name": str(n), "kind": None}
        row.update(before=float(before.get(n, 0.0)), after=float(after.get(n, 0.0)), change=c)
        rows.append(row)
    return rows
