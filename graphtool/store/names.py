"""Nodes by name: what the names in a table's cells mean in the graph.

The table loader (:mod:`graphtool.store.readers.table`) names participants and places
as people write them ("Kyrgyzstan", "MIA", "kg"). :func:`name_lookup` gives it a
:data:`~graphtool.store.readers.NameLookup` that asks the graph once per label for
every node whose id, name or an alias is one of the names, in any case.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import NODE_LABELS
from .queries import fill, get_query
from .readers import NameLookup

if TYPE_CHECKING:
    from .db import GraphDB

#: How well a node matches a name: by its id, its name, an alias.
_BY_ID, _BY_NAME, _BY_ALIAS = 0, 1, 2


def others_state(datasets: Sequence[str], dataset: str) -> bool:
    """Whether a dataset other than ``dataset`` (or a reload of it in progress,
    ``dataset~1f2e``) states a fact stated by ``datasets`` (a fact no dataset claims,
    from before datasets, counts as another's).

    >>> others_state(["a", "b~1f"], "b"), others_state(["b"], "b"), others_state([], "b")
    (True, False, True)
    """
    return not datasets or any(d.split("~", 1)[0] != dataset for d in datasets)


def name_lookup(db: GraphDB, dataset: str) -> NameLookup:
    """The lookup of names in ``db`` (see :data:`~graphtool.store.readers.NameLookup`);
    nodes only ``dataset`` states (its version being replaced) are not found."""

    def names(wanted: set[str], labels: Sequence[str]) -> dict[str, list[tuple[str, str, int]]]:
        lower = sorted({w.lower() for w in wanted})
        if not lower:
            return {}
        found: dict[str, list[tuple[int, str, str]]] = {}
        for label in labels:
            if label not in NODE_LABELS:
                continue
            query = fill(get_query("load/find_names"), LABEL=label)
            for row in db.read(query, {"names": lower}):
                if not others_state(row["datasets"] or [], dataset):
                    continue
                keys = [(str(row["id"]).lower(), _BY_ID), (str(row["name"] or "").lower(), _BY_NAME)]
                keys += [(str(a).lower(), _BY_ALIAS) for a in row["aliases"] or []]
                best: dict[str, int] = {}
                for key, how in keys:
                    if key in lower and how < best.get(key, 3):
                        best[key] = how
                for key, how in best.items():
                    found.setdefault(key, []).append((how, row["id"], label))
        return {k: [(nid, label, how) for how, nid, label in sorted(v)] for k, v in found.items()}

    return names
