"""Database rows to networks: the one place where that conversion happens.
One file because every projection reads the same rows and applies the same filters
(:class:`Filters`, rolled up and scoped by one ``_Scope``), so they change together.

:func:`fetch_graph` reads a few statements from ``graphtool/store/cypher/graph/``
(each streams rows; none runs per node) and builds one of the :data:`PROJECTIONS` as
a networkx graph; :func:`fetch_network` builds the network type of
:mod:`graphtool.analysis.network` for measuring. Data flows one way: this module
imports the store (to read) and the network type (to build), never the measures or
the pages; sampling, focusing and cutting are decided by the caller
(:mod:`graphtool.visual.view`, the CLI).

``actors``
    The actor network: actors are linked when they took part in the same event or
    when the data states a direct tie between them (``TIED_TO``). ``weight`` is the
    number of shared events plus the sum of the weights of the ties between the two
    (both directions of directed ties: the actor network is undirected); ``events``
    lists the shared events (dicts with id, name, kind, date, year, places, sources,
    locators and each participant's roles) and ``ties`` the ties (dicts with from, to,
    weight, directed, role, since, note, sources, locators), whose citations are also
    the edge's ``sources`` and ``locators``.
``actor-event``
    The two-mode network of actors and the events they took part in (``bipartite``
    0 for actors, 1 for events; edges carry ``roles``, ``sources``, ``locators``).
``membership``
    Actors and organisations linked to the organisations they are members of (edges
    carry ``role``, ``since`` and every membership fact in ``memberships``).
``raw``
    Every node except documents and every relationship except ``CITES``, as a
    ``MultiDiGraph`` keyed by the relationship's ``key``. Measures read it as an
    undirected graph (:func:`measured`): a relationship links its two ends whatever
    its direction, and the weights of the relationships between two nodes add up
    (a tie's ``weight``, 1 for every other relationship).

Nodes are node ids with the attributes ``label``, ``kind``, ``name``, ``aliases``,
``sources``, ``locators`` (events also ``date``, ``year``, ...). The graph's
``G.graph`` says which projection and filters made it.

Filters (:class:`Filters`): actor kinds, event kinds, countries, a window of years
(by event date; undated events drop out when a window is set), ``level="state"``,
which rolls agencies, offices, units, institutions and office-holders up to their
state (following ``PART_OF`` and ``HOLDS`` to the nearest actor of kind ``state``) and
companies to the state they are based in (``LOCATED_IN``); persons without an office
and groups stay themselves. Inferred participations and memberships (``inferred:
true``) are left out unless ``include_inferred``. Ties are standing relations, not
events: the window keeps those that began by its end (by ``since``; undated ones too),
event kinds do not touch them, countries keep those with an end in one of the
countries, and a tie whose two ends roll up into one node is left out (as two agencies
of one state at an event make no link). ``datasets`` keeps what those datasets state,
as they state it. Building from rows is pure (:func:`actor_network`,
:func:`actor_event_network`), so a trend can read the database once and build a graph
per period.
"""

from __future__ import annotations

import copy
import difflib
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from .analysis.network import WEIGHT, Network, find_node, node_key, undirected
from .bulk import collector_paused
from .columns import Columns, from_events, from_lists, shared_events
from .errors import EntityNotFound, UsageError
from .model import KINDS, NODE_LABELS, REL_TYPES
from .store.claims import CLAIMS, view
from .store.queries import get_query

if TYPE_CHECKING:
    from .store.db import GraphDB

#: The graphs :func:`fetch_graph` builds.
PROJECTIONS = ("actors", "actor-event", "membership", "raw")
#: ``level`` values: actors as they are, or rolled up to their state.
LEVELS = ("actor", "state")
#: Relationship types followed from an actor up to its state.
ROLLUP_TYPES = ("PART_OF", "HOLDS")
#: Actor kinds that also count for the state they are LOCATED_IN (a company is not part
#: of a state, but is based in one).
LOCATED_KINDS = ("company",)
#: Relationship types whose inferred facts the projections leave out unless asked: who
#: took part in what, who belonged to what. (An inferred PART_OF, such as an embassy under
#: its foreign ministry, is followed: it never moves an actor to another state.)
INFERRED_TYPES = ("PARTICIPATED_IN", "MEMBER_OF")
#: Relationship types followed from an event or place to the country it is in.
LOCATION_TYPES = ("HELD_IN", "LOCATED_IN", "PART_OF")
#: Events per query when reading events with their details: bounded so that the
#: server's per-query memory stays small (the local server refuses a query whose
#: aggregation would exceed its heap budget, 1 GB by default).
DETAIL_CHUNK = 5000
#: Node attributes every projection keeps (plus whatever else the node has).
NODE_ATTRS = ("label", "kind", "name", "aliases", "sources", "locators")


@dataclass(frozen=True)
class Filters:
    """What to keep. Empty tuples and None keep everything.

    Parameters:
        kinds: actor kinds kept (checked after rolling up, so ``level="state"`` with
            ``kinds=("state",)`` drops actors that have no state).
        event_kinds: event kinds kept.
        countries: states (id, name or alias): keep the events an actor of one of them
            took part in or that were held there, and those countries' actors.
        start, end: first and last year kept (inclusive), by event date.
        level: ``"actor"`` or ``"state"``.
        include_inferred: keep participations and memberships marked ``inferred``
            (deduced, not stated by the cited passage); left out by default.
        datasets: datasets kept (their names): a fact counts when one of them states
            it, with the properties those datasets give it (:mod:`graphtool.store.claims`).
    """

    kinds: tuple[str, ...] = ()
    event_kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    level: str = "actor"
    include_inferred: bool = False
    datasets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_kinds("actor", self.kinds, KINDS["Actor"] or ())
        _check_kinds("event", self.event_kinds, KINDS["Event"] or ())
        if self.level not in LEVELS:
            raise UsageError(f"unknown level '{self.level}' (one of {', '.join(LEVELS)})")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise UsageError(f"the window starts ({self.start}) after it ends ({self.end})")

    def view(self, props: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """A stored fact's properties as the kept datasets state it (all of them when
        none is named), or None when none of them states it."""
        selected = self.datasets or None
        out = view(props or {}, selected)
        if out is None:
            return None
        out.pop(CLAIMS, None)
        # In one order whatever the claims' order, so outputs do not depend on which
        # datasets were loaded beside the kept ones.
        return {k: out[k] for k in sorted(out)}

    def in_window(self, year: int | None) -> bool:
        """Whether an event of ``year`` is inside the window (undated: only if no window)."""
        if self.start is None and self.end is None:
            return True
        if year is None:
            return False
        return (self.start is None or year >= self.start) and (self.end is None or year <= self.end)

    def describe(self) -> dict[str, Any]:
        """The filters that are set, for ``G.graph`` and output."""
        out: dict[str, Any] = {}
        for name in ("kinds", "event_kinds", "countries", "datasets"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        for name in ("start", "end"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.level != "actor":
            out["level"] = self.level
        if self.include_inferred:
            out["include_inferred"] = True
        return out


def _check_kinds(what: str, given: Iterable[str], allowed: Sequence[str]) -> None:
    for k in given:
        if k not in allowed:
            close = difflib.get_close_matches(k, list(allowed), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise UsageError(f"unknown {what} kind '{k}' (one of {', '.join(allowed)}).{hint}")


# -- rows from the database ---------------------------------------------------------------
@dataclass(frozen=True)
class EventRow:
    """One event and its participations: ``(actor id, role, sources, locators)``."""

    id: str
    kind: str | None
    year: int | None
    props: Mapping[str, Any] | None
    participants: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class TieRow:
    """One direct tie (``TIED_TO``) between two actors, ends as stored (an undirected
    tie's smaller id first), with its other properties (role, since, note, sources,
    locators)."""

    start: str
    end: str
    weight: float = 1
    directed: bool = False
    props: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TieRow:
        """A tie from a row of ``graph/ties`` (``start``, ``end``, ``props``)."""
        props = dict(row.get("props") or {})
        weight = props.pop("weight", None)
        return cls(
            row["start"],
            row["end"],
            1 if weight is None else weight,
            bool(props.pop("directed", False)),
            props,
        )

    def as_dict(self) -> dict[str, Any]:
        """The tie as an edge of the actor network lists it."""
        out: dict[str, Any] = {"from": self.start, "to": self.end, "weight": self.weight,
                               "directed": self.directed}
        for k in ("role", "since", "note"):
            if self.props.get(k) is not None:
                out[k] = self.props[k]
        out["sources"] = list(self.props.get("sources") or [])
        out["locators"] = list(self.props.get("locators") or [])
        return out


@dataclass(frozen=True)
class Participation:
    """Everything the actor projections are built from, read once from the database.

    ``actors`` maps ids to properties; ``links`` are ``(child, type, parent)`` for the
    relationship types in :data:`ROLLUP_TYPES` and :data:`LOCATION_TYPES`; ``ties``
    are the direct ties between actors. Read without details, the participations are
    also held as ``columns`` (:class:`graphtool.columns.Columns`), from which the
    networks for measuring are built, and ``events`` are made from them when first
    asked for.
    """

    actors: Mapping[str, Mapping[str, Any]]
    events: Sequence[EventRow]
    links: Sequence[tuple[str, str, str]]
    details: bool = True
    filters: Filters = field(default_factory=Filters)
    ties: Sequence[TieRow] = ()
    columns: Columns | None = None

    def year_range(self) -> tuple[int, int] | None:
        """The first and last year of the dated events, or None when none is dated."""
        c = self.columns
        if c is None or c.year.dtype == object:
            years = [e.year for e in self.events if e.year is not None]
            return (min(years), max(years)) if years else None
        dated = c.year[c.dated]
        return (int(dated.min()), int(dated.max())) if len(dated) else None


def fetch_participation(
    db: GraphDB, filters: Filters | None = None, *, details: bool = True
) -> Participation:
    """Read actors, their events (already cut to the window and event kinds), the
    hierarchy links and the ties between actors: four statements, each read once
    (with ``details``, the events' ids, then their details in chunks of
    :data:`DETAIL_CHUNK`).

    ``details=False`` leaves out names, dates, roles and citations of events (enough
    for measures; faster on large graphs): the participations are read as columns.
    """
    return _fetch(db, filters or Filters(), "graph/event_ids" if details else "graph/participation_ids")


def _fetch(db: GraphDB, filters: Filters, statement: str) -> Participation:
    """:func:`fetch_participation`, with details when ``statement`` is ``graph/event_ids``,
    else with the participations read as columns by ``statement``."""
    details = statement == "graph/event_ids"
    actors = {}
    for r in _actor_rows(db, details):
        props = filters.view(r["props"])
        if props is not None:
            actors[r["id"]] = props
    inferred = filters.include_inferred
    params = {"start": filters.start, "end": filters.end, "eventKinds": list(filters.event_kinds),
              "datasets": list(filters.datasets), "inferred": inferred}
    events: Sequence[EventRow]
    columns = None
    if details:
        rows = db.read(get_query("graph/event_ids"), params)
        ids = sorted(rows[0]["ids"]) if rows else []
        events = []
        query = get_query("graph/participation")
        for i in range(0, len(ids), DETAIL_CHUNK):
            chunk = db.read(query, {"ids": ids[i : i + DETAIL_CHUNK], "datasets": list(filters.datasets),
                                    "inferred": inferred})
            events += [
                EventRow(
                    id=r["id"],
                    kind=r["kind"],
                    year=r["year"],
                    props=filters.view(r["props"]),
                    participants=tuple(_participant(p, filters) for p in r["participants"]),
                )
                for r in chunk
            ]
    else:
        rows = db.read(get_query(statement), params)
        columns = from_lists(rows[0] if rows else {"actors": [], "events": []}, actors)
        events = _EventRows(columns) if columns.event_ids is not None else ()
    links = [(r["child"], r["type"], r["parent"]) for r in db.read(get_query("graph/hierarchy"))
             if filters.view({"datasets": r["datasets"]}) is not None]
    ties = sorted(
        (TieRow.from_row({**r, "props": props}) for r in db.read(get_query("graph/ties"))
         if (props := filters.view(r["props"])) is not None),
        key=lambda t: (t.start, t.end, str(t.props.get("key", ""))),
    )
    return Participation(actors, events, links, details, filters, ties, columns)


def _actor_rows(db: GraphDB, details: bool) -> Iterable[dict[str, Any]]:
    """Every actor as ``{id, props}``: all its properties with ``details``, else only what
    measures need (id, kind, name, aliases, datasets), read as columns (much faster)."""
    if details:
        return db.read(get_query("graph/actors"))
    rows = db.read(get_query("graph/actor_columns"))
    if not rows:
        return []
    r = rows[0]
    out = []
    for i, kind, name, aliases, datasets, claims in zip(
        r["ids"], r["kinds"], r["names"], r["aliases"], r["datasets"], r["claims"]
    ):
        props: dict[str, Any] = {"id": i, "name": name, "aliases": aliases}
        if kind:
            props["kind"] = kind
        if datasets:
            props["datasets"] = datasets
        if claims:
            props[CLAIMS] = claims
        out.append({"id": i, "props": props})
    return out


def _participant(row: Sequence[Any], filters: Filters) -> tuple[Any, ...]:
    """(actor id, role, sources, locators) of one participation, its citations as the
    kept datasets give them (``graph/participation`` adds its datasets and claims)."""
    actor, role, sources, locators, *rest = row
    if rest and filters.datasets:
        props = filters.view({"sources": sources, "locators": locators, "role": role,
                              "datasets": rest[0], CLAIMS: rest[1] if len(rest) > 1 else None})
        if props is not None:
            sources, locators = props.get("sources"), props.get("locators")
    return (actor, role, sources, locators)


class _EventRows(Sequence[EventRow]):
    """The events of participation columns as :class:`EventRow` s (ids only, each
    participant as ``(actor id,)``, in the order they were read), made when first
    asked for: the networks for measuring are built from the columns themselves."""

    def __init__(self, columns: Columns) -> None:
        self._columns = columns
        self._rows: list[EventRow] | None = None

    def _all(self) -> list[EventRow]:
        if self._rows is None:
            c = self._columns
            assert c.event_ids is not None
            by_event = np.argsort(c.event, kind="stable")
            bounds = np.searchsorted(c.event[by_event], np.arange(c.n_events + 1)).tolist()
            names = c.actor_ids
            parts = [(names[a],) for a in c.actor[by_event].tolist()]
            kinds = [c.kinds[k] for k in c.kind.tolist()]
            years = [y if d else None for y, d in zip(c.year.tolist(), c.dated.tolist())]
            self._rows = [
                EventRow(e, kinds[i], years[i], None, tuple(parts[bounds[i] : bounds[i + 1]]))
                for i, e in enumerate(c.event_ids)
            ]
        return self._rows

    def __len__(self) -> int:
        return self._columns.n_events

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __iter__(self) -> Iterator[EventRow]:
        return iter(self._all())


# -- rolling up and countries ----------------------------------------------------------------
def _parents(links: Iterable[tuple[str, str, str]], types: Iterable[str]) -> dict[str, list[str]]:
    keep = set(types)
    parents: dict[str, list[str]] = defaultdict(list)
    for child, type_, parent in links:
        if type_ in keep:
            parents[child].append(parent)
    for p in parents.values():
        p.sort()
    return parents


def _nearest_state(
    start: str, parents: Mapping[str, Sequence[str]], is_state: Mapping[str, bool]
) -> str | None:
    """The nearest node of kind state above ``start`` (breadth first, ties by id)."""
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if is_state.get(node):
            return node
        for p in parents.get(node, ()):
            if p not in seen:
                seen.add(p)
                queue.append(p)
    return None


def _rollup_parents(
    links: Iterable[tuple[str, str, str]], actors: Mapping[str, Mapping[str, Any]]
) -> dict[str, list[str]]:
    """Parents for rolling up: ``PART_OF``/``HOLDS``, and ``LOCATED_IN`` from a company."""
    located = {a for a, p in actors.items() if p.get("kind") in LOCATED_KINDS}
    links = list(links)
    parents = _parents(links, ROLLUP_TYPES)
    for child, type_, parent in links:
        if type_ == "LOCATED_IN" and child in located and parent not in parents[child]:
            parents[child].append(parent)
            parents[child].sort()
    return parents


def states_of(data: Participation) -> dict[str, str]:
    """Each actor's state: itself if it is one, else the nearest state up its
    ``PART_OF``/``HOLDS`` chain (a company: also where it is ``LOCATED_IN``). Actors with
    no state (groups, persons who hold no office) are left out."""
    is_state = {a: p.get("kind") == "state" for a, p in data.actors.items()}
    parents = _rollup_parents(data.links, data.actors)
    out = {}
    for a in data.actors:
        s = _nearest_state(a, parents, is_state)
        if s is not None:
            out[a] = s
    return out


def resolve_countries(actors: Mapping[str, Mapping[str, Any]], names: Iterable[str]) -> set[str]:
    """State ids for countries given by id, name or alias (case-insensitive).

    Raises:
        EntityNotFound: a name matches no state, or several.
    """
    G = nx.Graph()
    for a, p in actors.items():
        if p.get("kind") == "state":
            G.add_node(a, label="Actor", name=p.get("name"), aliases=p.get("aliases") or [])
    return {str(find_node(G, n)) for n in names}


# -- the actor projections (pure) ----------------------------------------------------------------
def _node_attrs(label: str, props: Mapping[str, Any]) -> dict[str, Any]:
    attrs = {k: v for k, v in props.items() if k not in ("id", "key") and v is not None}
    attrs["label"] = label
    attrs.setdefault("name", props.get("id"))
    attrs.setdefault("aliases", [])
    attrs.setdefault("sources", [])
    attrs.setdefault("locators", [])
    return attrs


class _Scope:
    """The filters applied to one :class:`Participation`: which node each actor becomes,
    which actors are kept, which events are kept."""

    def __init__(self, data: Participation, filters: Filters) -> None:
        self.data = data
        self.filters = filters
        states = states_of(data) if (filters.level == "state" or filters.countries) else {}
        self.node_of: dict[str, str] = {
            a: (states.get(a, a) if filters.level == "state" else a) for a in data.actors
        }
        self.countries = resolve_countries(data.actors, filters.countries) if filters.countries else set()
        self.country_actors = {a for a, s in states.items() if s in self.countries}
        kinds = set(filters.kinds)
        self.kept_nodes = {
            n for n in set(self.node_of.values()) if not kinds or data.actors.get(n, {}).get("kind") in kinds
        }
        if self.countries:
            # The states each linked node (an event held somewhere) is in; by the links
            # themselves, so that the events need not be read to know it.
            parents = _parents(data.links, LOCATION_TYPES)
            is_state = {a: p.get("kind") == "state" for a, p in data.actors.items()}
            self.event_countries = {
                child: {s for p in above if (s := _nearest_state(p, parents, is_state)) is not None}
                for child, above in parents.items()
            }

    def event_kept(self, e: EventRow) -> bool:
        f = self.filters
        if f.event_kinds and e.kind not in f.event_kinds:
            return False
        if not f.in_window(e.year):
            return False
        if self.countries:
            held = self.event_countries.get(e.id, set())
            return bool(held & self.countries) or any(p[0] in self.country_actors for p in e.participants)
        return True

    def participants(self, e: EventRow) -> dict[str, list[tuple[Any, ...]]]:
        """The event's kept nodes, each with the participations it stands for."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        for p in e.participants:
            node = self.node_of.get(p[0], p[0])
            if node in self.kept_nodes:
                out.setdefault(node, []).append(p)
        return out

    def tie_ends(self, t: TieRow) -> tuple[str, str] | None:
        """The two nodes a tie links, smaller id first, or None when the filters leave
        it out (see the module docstring)."""
        f = self.filters
        since = _year(t.props.get("since"))
        if f.end is not None and since is not None and since > f.end:
            return None
        if self.countries and not ({t.start, t.end} & self.country_actors):
            return None
        u, v = self.node_of.get(t.start, t.start), self.node_of.get(t.end, t.end)
        if u == v or u not in self.kept_nodes or v not in self.kept_nodes:
            return None
        return (u, v) if u <= v else (v, u)

    def windowed(self, filters: Filters) -> _Scope:
        """This scope with the window (and event kinds) of ``filters``: what the scope
        derives from the actors, roll-up and countries is shared, not made again."""
        out = copy.copy(self)
        out.filters = filters
        return out

    def start_nodes(self) -> set[str]:
        """Nodes present before any event is read: all kept actors, or with countries
        only those countries' own."""
        if self.countries:
            return {self.node_of[a] for a in self.country_actors} & self.kept_nodes
        return set(self.kept_nodes)

    def attrs(self, node: str) -> dict[str, Any]:
        """The attributes of an actor node (``members`` left empty when rolled up)."""
        attrs = _node_attrs("Actor", self.data.actors.get(node, {"id": node}))
        if self.filters.level == "state":
            attrs["members"] = []
        return attrs

    def add_node(self, G: nx.Graph, node: str) -> None:
        G.add_node(node, **self.attrs(node))

    def add_members(self, attrs: Mapping[str, dict[str, Any]]) -> None:
        """Fill each rolled-up node's ``members`` (the actors it stands for), sorted."""
        if self.filters.level != "state":
            return
        for a, n in self.node_of.items():
            if a != n and n in attrs:
                attrs[n]["members"].append(a)
        for d in attrs.values():
            if "members" in d:
                d["members"].sort()


def _event_dict(
    e: EventRow, by_node: Mapping[str, list[tuple[Any, ...]]], places: Sequence[str]
) -> dict[str, Any]:
    props = e.props or {}
    roles = {n: sorted({p[1] for p in by_node[n] if len(p) > 1 and p[1]}) for n in sorted(by_node)}
    return {
        "id": e.id,
        "name": props.get("name", e.id),
        "kind": e.kind,
        "date": props.get("date"),
        "year": e.year,
        "places": list(places),
        "sources": list(props.get("sources") or []),
        "locators": list(props.get("locators") or []),
        "roles": roles,
        "participants": [
            {"id": p[0], "role": p[1], "sources": list(p[2] or []), "locators": list(p[3] or [])}
            for p in sorted(
                (p for parts in by_node.values() for p in parts if len(p) > 3),
                key=lambda p: (p[0], p[1] or ""),
            )
        ],
    }


def _finish(G: nx.Graph, projection: str, filters: Filters, **extra: Any) -> nx.Graph:
    H = G.__class__()
    H.graph.update(projection=projection, filters=filters.describe(), **extra)
    H.add_nodes_from(sorted(G.nodes(data=True), key=lambda x: node_key(x[0])))
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    H.add_edges_from(sorted(edges, key=lambda e: tuple(node_key(x) for x in e[:-1])))
    return H


def _sort_events(events: list[dict[str, Any]]) -> None:
    events.sort(key=lambda ev: (ev.get("date") or "", ev["id"]))


def actor_network(data: Participation, filters: Filters | None = None, *, events: bool = True) -> nx.Graph:
    """The actor network: actors linked by the events they took part in together.

    ``weight`` is the number of shared events plus the weights of the ties between
    the two. With ``events`` (and ``data`` read with details), each edge lists the
    shared events, oldest first (each event dict is shared by all the edges it
    makes), and an edge with ties lists them in ``ties``, their citations in
    ``sources`` and ``locators``.
    """
    filters = filters or data.filters
    if not (events and data.details):
        return actor_edges(data, filters).to_networkx()
    scope = _Scope(data, filters)
    G = nx.Graph()
    for n in scope.start_nodes():
        scope.add_node(G, n)
    places = _parents(data.links, ("HELD_IN",))
    for e in data.events:
        if not scope.event_kept(e):
            continue
        by_node = scope.participants(e)
        nodes = sorted(by_node)
        for n in nodes:
            if n not in G:
                scope.add_node(G, n)
        if len(nodes) < 2:
            continue
        ev = _event_dict(e, by_node, places.get(e.id, ()))
        for i, u in enumerate(nodes):
            for v in nodes[i + 1 :]:
                d = G.get_edge_data(u, v)
                if d is None:
                    G.add_edge(u, v, weight=1, events=[ev])
                else:
                    d["weight"] += 1
                    d["events"].append(ev)
    for t in data.ties:
        ends = scope.tie_ends(t)
        if ends is None:
            continue
        for n in ends:
            if n not in G:
                scope.add_node(G, n)
        d = G.get_edge_data(*ends)
        if d is None:
            G.add_edge(*ends, weight=t.weight, events=[], ties=[t.as_dict()])
        else:
            d["weight"] += t.weight
            d.setdefault("ties", []).append(t.as_dict())
    for _, _, d in G.edges(data=True):
        _sort_events(d["events"])
        if "ties" in d:
            pairs = list(dict.fromkeys(p for tie in d["ties"] for p in zip(tie["sources"], tie["locators"])))
            d["sources"], d["locators"] = [s for s, _ in pairs], [loc for _, loc in pairs]
    _add_members(G, scope)
    return _finish(G, "actors", filters)


def actor_edges(data: Participation, filters: Filters | None = None) -> Network:
    """The actor network's weights only, as a :class:`~graphtool.analysis.network.Network` built
    from flat lists of node-index pairs: what measures need, without building a
    networkx graph. Its ``to_networkx()`` is the graph :func:`actor_network` builds
    with ``events=False``.

    Built from the participations as columns (:mod:`graphtool.columns`; made from
    ``data.events`` when ``data`` has none): the filters become arrays of kept events
    and of the node each participation counts for, and the pairs of nodes that share
    events are counted by sorting, not in a loop per event.
    """
    return _edges(data, filters or data.filters)


@dataclass(frozen=True)
class _Prepared:
    """What :func:`_edges` derives from the participations and the filters but the
    window, kept for the next window (a trend builds a network per period).

    ``rank`` numbers the actors in node order (:func:`node_key`); ``node`` is the rank
    of the node each participation counts for (-1: left out by roll-up, kinds or an
    event's kind or countries); ``start`` marks the nodes present before any event.
    """

    scope: _Scope
    by_rank: list[str]
    rank: dict[str, int]
    node: np.ndarray
    start: np.ndarray


def _prepared(data: Participation, columns: Columns, filters: Filters, read_kept: bool) -> _Prepared:
    key = ("prepared", replace(filters, start=None, end=None), read_kept)
    hit = columns.cache.get(key)
    if hit is not None and hit[0] is data:
        return hit[1]  # type: ignore[no-any-return]
    scope = _Scope(data, key[1])
    by_rank = sorted(data.actors, key=node_key)
    rank = dict(zip(by_rank, range(len(by_rank))))
    kept = scope.kept_nodes
    # The rank of the node each actor counts for, for every actor a participation
    # names (those beyond data.actors, left out by the datasets, count for none).
    node_of = np.full(len(columns.actor_ids), -1, dtype=np.int64)
    nodes = (scope.node_of[a] for a in columns.actor_ids[: len(data.actors)])
    node_of[: len(data.actors)] = [rank[n] if n in kept else -1 for n in nodes]
    node = node_of[columns.actor]
    held = _held_events(columns, scope, data)
    if held is not None:
        node[~held[columns.event]] = -1
    if filters.event_kinds and not read_kept:
        wanted = np.array([k in filters.event_kinds for k in columns.kinds], dtype=bool)
        node[~wanted[columns.kind][columns.event]] = -1
    start = np.zeros(len(by_rank), dtype=bool)
    start[[rank[n] for n in scope.start_nodes()]] = True
    out = _Prepared(scope, by_rank, rank, node, start)
    columns.cache[key] = (data, out)
    return out


def _held_events(columns: Columns, scope: _Scope, data: Participation) -> np.ndarray | None:
    """With countries, which events are kept: held in one of them, or with one of their
    actors taking part (see :meth:`_Scope.event_kept`); None without countries."""
    if not scope.countries:
        return None
    if columns.event_ids is None:  # pragma: no cover - fetch_network reads ids with countries
        raise ValueError("events read as keys cannot be placed in countries")
    there = {e for e, states in scope.event_countries.items() if states & scope.countries}
    held = np.zeros(columns.n_events, dtype=bool)
    held[[i for i, e in enumerate(columns.event_ids) if e in there]] = True
    index = dict(zip(columns.actor_ids, range(len(data.actors))))
    ours = np.zeros(len(columns.actor_ids), dtype=bool)
    ours[[index[a] for a in scope.country_actors]] = True
    held[columns.event[ours[columns.actor]]] = True
    return held


def _in_window(columns: Columns, filters: Filters) -> np.ndarray | None:
    """Which events the window keeps (undated ones only without a window); None: all."""
    if filters.start is None and filters.end is None:
        return None
    if columns.year.dtype == object:
        years = [y if d else None for y, d in zip(columns.year.tolist(), columns.dated.tolist())]
        return np.fromiter(map(filters.in_window, years), dtype=bool, count=len(years))
    keep = columns.dated.copy()
    if filters.start is not None:
        keep &= columns.year >= filters.start
    if filters.end is not None:
        keep &= columns.year <= filters.end
    return keep


def _edges(data: Participation, filters: Filters, *, read_kept: bool = False) -> Network:
    """:func:`actor_edges` of ``filters``; ``read_kept``: the events were read already
    cut to the window and event kinds (the ties are still to be cut)."""
    columns = data.columns if data.columns is not None else from_events(data.events, data.actors)
    prep = _prepared(data, columns, filters, read_kept)
    scope = prep.scope.windowed(filters)
    node, event = prep.node, columns.event
    window = None if read_kept else _in_window(columns, filters)
    keep = node >= 0 if window is None else (node >= 0) & window[event]
    width = len(prep.by_rank)
    u, v, count = shared_events(event[keep], node[keep], width)
    present = prep.start.copy()
    present[node[keep]] = True
    # Ties are few: added one by one, after the events (so weights add up in the order
    # the straightforward loop adds them).
    tied: dict[int, list[float]] = {}
    for t in data.ties:
        ends = scope.tie_ends(t)
        if ends is not None:
            a, b = sorted(prep.rank[n] for n in ends)
            present[[a, b]] = True
            tied.setdefault(a * width + b, []).append(t.weight)
    pair = u * width + v
    weights: list[float] = count.tolist()
    if tied:
        pair = np.union1d(pair, np.array(sorted(tied), dtype=np.int64))
        base = np.zeros(len(pair), dtype=np.int64)
        base[np.searchsorted(pair, u * width + v)] = count
        weights = base.tolist()
        for k, ws in tied.items():
            i = int(np.searchsorted(pair, k))
            for w in ws:
                weights[i] += w
    ranks = np.flatnonzero(present)
    position = np.full(width, -1, dtype=np.int64)
    position[ranks] = np.arange(len(ranks))
    order = [prep.by_rank[r] for r in ranks.tolist()]
    attrs = {n: scope.attrs(n) for n in order}
    scope.add_members(attrs)
    return Network.from_edges(
        order,
        list(zip(position[pair // width].tolist(), position[pair % width].tolist())),
        weights,
        attrs=attrs,
        graph={"projection": "actors", "filters": filters.describe()},
    )


def _add_members(G: nx.Graph, scope: _Scope) -> None:
    scope.add_members(G.nodes)


def actor_event_network(data: Participation, filters: Filters | None = None) -> nx.Graph:
    """The two-mode network of actors (``bipartite=0``) and events (``bipartite=1``).

    An edge joins an actor and an event it took part in: ``roles``, ``sources`` and
    ``locators`` from the participations, ``weight`` counting them (rolled-up actors can
    take part several times).
    """
    filters = filters or data.filters
    scope = _Scope(data, filters)
    G = nx.Graph()
    for n in scope.start_nodes():
        scope.add_node(G, n)
        G.nodes[n]["bipartite"] = 0
    for e in data.events:
        if not scope.event_kept(e):
            continue
        by_node = scope.participants(e)
        if not by_node:
            continue
        props = dict(e.props or {"id": e.id, "kind": e.kind, "year": e.year})
        G.add_node(e.id, **_node_attrs("Event", props), bipartite=1)
        for n, parts in by_node.items():
            if n not in G:
                scope.add_node(G, n)
                G.nodes[n]["bipartite"] = 0
            G.add_edge(
                n,
                e.id,
                weight=len(parts),
                roles=sorted({p[1] for p in parts if len(p) > 1 and p[1]}),
                sources=[s for p in parts if len(p) > 2 for s in p[2] or []],
                locators=[s for p in parts if len(p) > 3 for s in p[3] or []],
            )
    _add_members(G, scope)
    return _finish(G, "actor-event", filters)


# -- membership and raw graphs ------------------------------------------------------------------
def _relationships(db: GraphDB, types: Sequence[str], filters: Filters) -> list[dict[str, Any]]:
    """``graph/relationships`` rows of the kept datasets, properties as they give them."""
    out = []
    for r in db.read(get_query("graph/relationships"), {"types": list(types)}):
        props = filters.view(r["props"])
        if props is not None:
            out.append({**r, "props": props})
    return out


def _nodes_by_label(
    db: GraphDB, labels: Sequence[str], filters: Filters
) -> dict[str, tuple[str, dict[str, Any]]]:
    for label in labels:
        if label not in NODE_LABELS:  # pragma: no cover - callers pass model names
            raise ValueError(label)
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for r in db.read(get_query("graph/nodes"), {"labels": list(labels)}):
        props = filters.view(r["props"])
        if props is not None:
            out[r["id"]] = (r["labels"][0] if r["labels"] else "", props)
    return out


def membership_network(db: GraphDB, filters: Filters | None = None) -> nx.Graph:
    """Actors and organisations linked to the organisations they are members of.

    ``role`` and ``since`` on an edge come from its earliest membership fact;
    ``memberships`` lists every fact with its citations. The window keeps memberships
    that began by ``end`` and had not ended (``until``) before ``start`` (undated ones
    too); ``level="state"`` rolls member actors up; inferred memberships are left out
    unless ``include_inferred``.
    """
    filters = filters or Filters()
    nodes = _nodes_by_label(db, ["Actor", "Organisation"], filters)
    actors = {i: p for i, (label, p) in nodes.items() if label == "Actor"}
    links = [(r["child"], r["type"], r["parent"]) for r in db.read(get_query("graph/hierarchy"))
             if filters.view({"datasets": r["datasets"]}) is not None]
    data = Participation(actors, [], links, True, filters)
    scope = _Scope(data, filters)
    rels = _relationships(db, ["MEMBER_OF"], filters)
    G = nx.Graph()
    for n in scope.start_nodes():
        scope.add_node(G, n)
    for r in sorted(rels, key=lambda r: (r["start"], r["end"], str(r["props"].get("since")))):
        member, org, props = r["start"], r["end"], r["props"] or {}
        if member in actors:
            member = scope.node_of.get(member, member)
            if member not in scope.kept_nodes:
                continue
            if filters.countries and member not in scope.start_nodes():
                continue
        elif filters.countries or filters.kinds:
            continue
        if _left_out("MEMBER_OF", props, filters):
            continue
        since, until = _year(props.get("since")), _year(props.get("until"))
        if filters.end is not None and since is not None and since > filters.end:
            continue
        if filters.start is not None and until is not None and until < filters.start:
            continue
        for n in (member, org):
            if n not in G:
                label, p = nodes.get(n, ("Organisation", {"id": n}))
                G.add_node(n, **_node_attrs(label, p))
        fact = {k: props.get(k) for k in ("role", "since", "until", "note", "sources", "locators")}
        d = G.get_edge_data(member, org)
        if d is None:
            G.add_edge(member, org, weight=1, role=fact["role"], since=fact["since"], memberships=[fact])
        else:
            d["memberships"].append(fact)
    _add_members(G, scope)
    return _finish(G, "membership", filters)


def _left_out(type_: str, props: Mapping[str, Any] | None, filters: Filters) -> bool:
    """Whether an inferred participation or membership is left out by ``filters``."""
    return type_ in INFERRED_TYPES and bool((props or {}).get("inferred")) and not filters.include_inferred


def _year(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


def raw_graph(db: GraphDB, filters: Filters | None = None) -> nx.MultiDiGraph:
    """Every node except documents and every relationship except ``CITES``.

    Events outside the window or of other kinds, and actors of other kinds, are left
    out with their relationships. With countries, events are kept as in the actor
    network (held in one of them, or with one of their actors taking part), actors
    when they belong to one of the countries or took part in a kept event, and other
    nodes (organisations, places, topics) when they are linked to a kept actor or
    event. Edges are keyed by the relationship's ``key`` and carry ``type`` and its
    properties. Inferred participations and memberships are left out unless
    ``include_inferred``.
    """
    filters = filters or Filters()
    if filters.level != "actor":
        raise UsageError(
            "--level applies to the actors, actor-event and membership networks, not the raw graph"
        )
    labels = [label for label in NODE_LABELS if label != "Source"]
    nodes = _nodes_by_label(db, labels, filters)
    types = [t for t in REL_TYPES if t != "CITES"]
    rels = _relationships(db, types, filters)
    near = _country_nodes(nodes, rels, filters) if filters.countries else None
    G = nx.MultiDiGraph()
    for n, (label, props) in nodes.items():
        if near is not None and n not in near:
            continue
        if label == "Event" and (
            (filters.event_kinds and props.get("kind") not in filters.event_kinds)
            or not filters.in_window(props.get("year"))
        ):
            continue
        if label == "Actor" and filters.kinds and props.get("kind") not in filters.kinds:
            continue
        G.add_node(n, **_node_attrs(label, props))
    for r in rels:
        if _left_out(r["type"], r["props"], filters):
            continue
        if r["start"] in G and r["end"] in G:
            props = {k: v for k, v in (r["props"] or {}).items() if v is not None}
            key = props.pop("key", None) or f"{r['start']}|{r['type']}|{r['end']}"
            G.add_edge(r["start"], r["end"], key=key, type=r["type"], **props)
    return _finish(G, "raw", filters)


def _country_nodes(
    nodes: Mapping[str, tuple[str, Mapping[str, Any]]],
    rels: Sequence[Mapping[str, Any]],
    filters: Filters,
) -> set[str]:
    """The nodes of the raw graph that concern ``filters.countries`` (see :func:`raw_graph`)."""
    actors = {n: p for n, (label, p) in nodes.items() if label == "Actor"}
    participants: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for r in rels:
        if r["type"] == "PARTICIPATED_IN":
            participants[r["end"]].append((r["start"],))
    events = [
        EventRow(n, p.get("kind"), p.get("year"), None, tuple(participants.get(n, ())))
        for n, (label, p) in nodes.items()
        if label == "Event"
    ]
    hierarchy = set(ROLLUP_TYPES) | set(LOCATION_TYPES)
    links = [(r["start"], r["type"], r["end"]) for r in rels if r["type"] in hierarchy]
    scope = _Scope(Participation(actors, events, links, False, filters), filters)
    kept = {e.id for e in events if scope.event_kept(e)}
    kept |= scope.country_actors | {p[0] for e in events if e.id in kept for p in e.participants}
    near = set(kept)
    for r in rels:
        for a, b in ((r["start"], r["end"]), (r["end"], r["start"])):
            if a in kept and nodes.get(b, ("", {}))[0] not in ("Actor", "Event"):
                near.add(b)
    return near


# -- the entry point ---------------------------------------------------------------------------------
def fetch_graph(
    db: GraphDB,
    projection: str = "actors",
    *,
    kinds: Iterable[str] = (),
    event_kinds: Iterable[str] = (),
    countries: Iterable[str] = (),
    start: int | None = None,
    end: int | None = None,
    level: str = "actor",
    include_inferred: bool = False,
    datasets: Iterable[str] = (),
    events: bool = True,
) -> nx.Graph:
    """Read the database and build one of the :data:`PROJECTIONS` as a networkx graph.

    Parameters:
        db: the database.
        projection: ``actors`` (default), ``actor-event``, ``membership`` or ``raw``.
        kinds, event_kinds, countries, start, end, level, include_inferred, datasets:
            see :class:`Filters`.
        events: for ``actors``, list the shared events on each edge (``False`` is
            faster and lighter when only the weights matter).

    Raises:
        UsageError: unknown projection, kind or level.
        EntityNotFound: a country matches no state.
    """
    filters = Filters(tuple(kinds), tuple(event_kinds), tuple(countries), start, end, level,
                      include_inferred, tuple(datasets))
    return _build(db, projection, filters, events)


def _build(db: GraphDB, projection: str, filters: Filters, events: bool) -> nx.Graph:
    if projection == "actors":
        return actor_network(fetch_participation(db, filters, details=events), events=events)
    if projection == "actor-event":
        return actor_event_network(fetch_participation(db, filters))
    if projection == "membership":
        return membership_network(db, filters)
    if projection == "raw":
        return raw_graph(db, filters)
    raise UsageError(f"unknown projection '{projection}' (one of {', '.join(PROJECTIONS)})")


def fetch_network(
    db: GraphDB,
    projection: str = "actors",
    *,
    kinds: Iterable[str] = (),
    event_kinds: Iterable[str] = (),
    countries: Iterable[str] = (),
    start: int | None = None,
    end: int | None = None,
    level: str = "actor",
    include_inferred: bool = False,
    datasets: Iterable[str] = (),
) -> Network:
    """Read a projection for measuring: a :class:`~graphtool.analysis.network.Network` whose
    edges carry weights only. The actor network is built straight from the rows
    (:func:`actor_edges`, no networkx graph); other projections wrap
    :func:`fetch_graph`'s graph. Parameters and errors as :func:`fetch_graph`.
    """
    filters = Filters(tuple(kinds), tuple(event_kinds), tuple(countries), start, end, level,
                      include_inferred, tuple(datasets))
    if projection != "actors":
        return measured(_build(db, projection, filters, events=False))
    # A million participations decode into lists that grow while the collector would
    # walk them again and again (graphtool.bulk); they hold no cycles.
    with collector_paused():
        if filters.countries:  # the events' ids say where they were held
            return actor_edges(fetch_participation(db, filters, details=False))
        # The server keeps the window and the event kinds; the network needs only which
        # actors met at which event, so the events are read as keys (cheaper than ids).
        return _edges(_fetch(db, filters, "graph/participation_keys"), filters, read_kept=True)


def measured(G: nx.Graph) -> Network:
    """The network measures read from a projection's graph: the graph itself, but for
    the raw graph (a ``MultiDiGraph`` of every relationship) an undirected simple
    graph in which a relationship links its two ends whatever its direction and the
    weights of the relationships between two nodes add up (a tie's ``weight``, 1 for
    every other relationship). So a tie stated as ``b TIED_TO a`` measures as the
    undirected link it is, and a directed tie counts in both directions.

    >>> R = nx.MultiDiGraph(projection="raw")
    >>> R.add_edge("a", "b", type="TIED_TO", weight=2)
    0
    >>> R.add_edge("b", "a", type="RELATED_TO")
    0
    >>> sorted(measured(R).to_networkx().edges(data="weight"))
    [('a', 'b', 3)]
    """
    if G.is_directed() or G.is_multigraph():
        return Network(undirected(G, WEIGHT))
    return Network(G)


def for_period(data: Participation, start: int | None, end: int | None) -> Network:
    """The actor network of one window, weights only, from rows already read (for
    trends): see :func:`actor_edges`."""
    return actor_edges(data, replace(data.filters, start=start, end=end))


__all__ = [
    "PROJECTIONS",
    "LEVELS",
    "Filters",
    "EntityNotFound",
    "Participation",
    "fetch_graph",
    "fetch_network",
    "fetch_participation",
    "actor_network",
    "actor_edges",
    "actor_event_network",
    "membership_network",
    "raw_graph",
    "measured",
    "TieRow",
    "states_of",
    "for_period",
]
