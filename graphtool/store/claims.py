"""Facts stated by several datasets: each dataset's claim kept, one view merged from them.

A node or relationship in the graph records which datasets state it (``datasets``, in
the order they were loaded). When only one does, the fact's properties are that
dataset's claim. When several do, each one's claim is kept too, as JSON text in
``datasetClaims`` (parallel to ``datasets``), and the fact's own properties are the **view**
merged from the claims in load order:

- a property takes the value of the first dataset that gives it (later datasets never
  overwrite an earlier one's value; a different value is a *conflict*, reported by the
  loader and kept in the later dataset's claim);
- citations (``sources``/``locators``, read as pairs) and ``aliases`` are the union,
  in order.

Dropping a dataset removes its claim and merges the view again from the others, so the
facts the others state come back exactly as they stated them. Analyses that select
datasets (``--dataset``) merge the view of just those.

Pure: no database, no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The property holding each dataset's claim (JSON), when several state a fact.
CLAIMS = "datasetClaims"
#: Bookkeeping properties: not part of any claim.
BOOKKEEPING = ("id", "key", "datasets", CLAIMS)
#: Properties merged as ordered unions rather than first-wins.
UNION = ("aliases",)
#: Properties whose differences are not conflicts (free text, citations, unions).
NOT_CONFLICTS = frozenset({"sources", "locators", "aliases", "note", "summary", "sizeNote", "inference"})


@dataclass(frozen=True)
class Conflict:
    """Two datasets give a fact's property different values."""

    prop: str
    kept: Any
    kept_dataset: str
    other: Any
    other_dataset: str


def claim_of(props: Mapping[str, Any]) -> dict[str, Any]:
    """A fact's properties as one dataset's claim (bookkeeping left out)."""
    return {k: v for k, v in props.items() if k not in BOOKKEEPING and v is not None}


def encode(claim: Mapping[str, Any]) -> str:
    """A claim as stable JSON text (sorted keys), as stored in ``datasetClaims``.

    >>> encode({"name": "Kyrgyzstan", "kind": "state"})
    '{"kind":"state","name":"Kyrgyzstan"}'
    """
    return json.dumps(dict(claim), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> dict[str, Any]:
    """A stored claim back as properties."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("a claim is a JSON object")
    return value


def merge(claims: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The view of ``claims`` (in load order): first value wins, citations and aliases
    are ordered unions.

    >>> merge([{"name": "A", "sources": ["d1"], "locators": ["l1"]},
    ...        {"name": "B", "kind": "state", "sources": ["d2", "d1"], "locators": ["l2", "l1"]}])
    {'name': 'A', 'kind': 'state', 'sources': ['d1', 'd2'], 'locators': ['l1', 'l2']}
    """
    view: dict[str, Any] = {}
    pairs: list[tuple[Any, Any]] = []
    unions: dict[str, list[Any]] = {}
    for claim in claims:
        for k, v in claim.items():
            if k in ("sources", "locators") or v is None:
                continue
            if k in UNION:
                seen = unions.setdefault(k, [])
                seen.extend(x for x in v if x not in seen)
            elif k not in view:
                view[k] = v
        for pair in zip(claim.get("sources") or [], claim.get("locators") or []):
            if pair not in pairs:
                pairs.append(pair)
    if pairs:
        view["sources"] = [s for s, _ in pairs]
        view["locators"] = [loc for _, loc in pairs]
    view.update(unions)
    return view


def conflicts(
    claims: Sequence[Mapping[str, Any]], datasets: Sequence[str], new: Mapping[str, Any], dataset: str
) -> list[Conflict]:
    """Where ``new`` (``dataset``'s claim) gives a property another value than the
    view of the earlier ``claims`` already holds.

    >>> [c.prop for c in conflicts([{"name": "A", "note": "x"}], ["d1"], {"name": "B", "note": "y"}, "d2")]
    ['name']
    """
    found: list[Conflict] = []
    for k, v in new.items():
        if k in NOT_CONFLICTS or v is None:
            continue
        for claim, name in zip(claims, datasets):
            if k in claim and claim[k] is not None:
                if claim[k] != v:
                    found.append(Conflict(k, claim[k], name, v, dataset))
                break
    return found


@dataclass(frozen=True)
class Fact:
    """A fact as stored: who states it, each one's claim, and its key properties."""

    datasets: list[str]
    claims: list[dict[str, Any]]

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> Fact:
        """Read a stored fact's ``datasets`` and ``datasetClaims`` (the view is the claim
        of a fact only one dataset states)."""
        datasets = [str(d) for d in props.get("datasets") or []]
        stored = props.get(CLAIMS)
        if stored:
            claims = [decode(c) for c in stored]
        else:
            claims = [claim_of(props)] * len(datasets) if datasets else []
        return cls(datasets, claims)

    def add(self, dataset: str, claim: Mapping[str, Any]) -> Fact:
        """This fact also (or again) stated by ``dataset``: its claim replaced or added."""
        if dataset in self.datasets:
            i = self.datasets.index(dataset)
            claims = list(self.claims)
            claims[i] = dict(claim)
            return Fact(list(self.datasets), claims)
        return Fact([*self.datasets, dataset], [*self.claims, dict(claim)])

    def without(self, dropped: Iterable[str]) -> Fact:
        """This fact as the datasets but ``dropped`` state it (maybe by none)."""
        gone = set(dropped)
        keep = [(d, c) for d, c in zip(self.datasets, self.claims) if d not in gone]
        return Fact([d for d, _ in keep], [c for _, c in keep])

    def renamed(self, old: str, new: str) -> Fact:
        """The same claims, ``old`` now called ``new``."""
        return Fact([new if d == old else d for d in self.datasets], list(self.claims))

    def props(self, identity: Mapping[str, Any]) -> dict[str, Any]:
        """What to store: ``identity`` (``id`` or ``key``), the view, ``datasets``, and
        ``datasetClaims`` when more than one dataset states it."""
        out: dict[str, Any] = {**dict(identity), **merge(self.claims), "datasets": list(self.datasets)}
        if len(self.datasets) > 1:
            out[CLAIMS] = [encode(c) for c in self.claims]
        return out


def view(props: Mapping[str, Any], selected: Iterable[str] | None) -> dict[str, Any] | None:
    """A stored fact as ``selected`` datasets state it, or None if none of them does.

    ``selected`` None keeps the stored view (every dataset).

    >>> stored = {"id": "kg", "name": "A", "datasets": ["d1", "d2"],
    ...           "datasetClaims": ['{"name":"A"}', '{"kind":"state","name":"B"}']}
    >>> view(stored, ["d2"])
    {'id': 'kg', 'kind': 'state', 'name': 'B', 'datasets': ['d2']}
    >>> view(stored, ["d3"]) is None
    True
    """
    if selected is None:
        return dict(props)
    chosen = set(selected)
    fact = Fact.from_props(props)
    if not fact.datasets:  # loaded before datasets existed: belongs to no selection
        return None
    kept = fact.without(d for d in fact.datasets if d not in chosen)
    if not kept.datasets:
        return None
    identity = {k: props[k] for k in ("id", "key") if k in props}
    out = kept.props(identity)
    out.pop(CLAIMS, None)
    return out
