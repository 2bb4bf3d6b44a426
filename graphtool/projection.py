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
    The actor network: actors are linked when they took part in the same event,
    ``weight`` counting the shared events and ``events`` listing them (dicts with id,
    name, kind, date, year, places, sources, locators and each participant's roles).
``actor-event``
    The two-mode network of actors and the events they took part in (``bipartite``
    0 for actors, 1 for events; edges carry ``roles``, ``sources``, ``locators``).
``membership``
    Actors and organisations linked to the organisations they are members of (edges
    carry ``role``, ``since`` and every membership fact in ``memberships``).
``raw``
    Every node except documents and every relationship except ``CITES``, as a
    ``MultiDiGraph`` keyed by the relationship's ``key``.

Nodes are node ids with the attributes ``label``, ``kind``, ``name``, ``aliases``,
``sources``, ``locators`` (events also ``date``, ``year``, ...). The graph's
``G.graph`` says which projection and filters made it.

Filters (:class:`Filters`): actor kinds, event kinds, countries, a window of years
(by event date; undated events drop out when a window is set), ``level="state"``,
which rolls agencies, offices, units, institutions and office-holders up to their
state (following ``PART_OF`` and ``HOLDS`` to the nearest actor of kind ``state``) and
companies to the state they are based in (``LOCATED_IN``); persons without an office
and groups stay themselves. Inferred participations and memberships (``inferred:
true``) are left out unless ``include_inferred``. Building from rows is pure
(:func:`actor_network`, :func:`actor_event_network`), so a trend can read the database
once and build a graph per period.
"""

from __future__ import annotations

import difflib
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import networkx as nx

from .analysis.network import Network, find_node, node_key
from .errors import EntityNotFound, UsageError
from .model import KINDS, NODE_LABELS, REL_TYPES
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
    """

    kinds: tuple[str, ...] = ()
    event_kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    level: str = "actor"
    include_inferred: bool = False

    def __post_init__(self) -> None:
        _check_kinds("actor", self.kinds, KINDS["Actor"] or ())
        _check_kinds("event", self.event_kinds, KINDS["Event"] or ())
        if self.level not in LEVELS:
            raise UsageError(f"unknown level '{self.level}' (one of {', '.join(LEVELS)})")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise UsageError(f"the window starts ({self.start}) after it ends ({self.end})")

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
        for name in ("kinds", "event_kinds", "countries"):
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
class Participation:
    """Everything the actor projections are built from, read once from the database.

    ``actors`` maps ids to properties; ``links`` are ``(child, type, parent)`` for the
    relationship types in :data:`ROLLUP_TYPES` and :data:`LOCATION_TYPES`.
    """

    actors: Mapping[str, Mapping[str, Any]]
    events: Sequence[EventRow]
    links: Sequence[tuple[str, str, str]]
    details: bool = True
    filters: Filters = field(default_factory=Filters)


def fetch_participation(
    db: GraphDB, filters: Filters | None = None, *, details: bool = True
) -> Participation:
    """Read actors, their events (already cut to the window and event kinds) and the
    hierarchy links: three statements, each read once (with ``details``, the events'
    ids, then their details in chunks of :data:`DETAIL_CHUNK`).

    ``details=False`` leaves out names, dates, roles and citations of events (enough
    for measures; faster on large graphs).
    """
    filters = filters or Filters()
    actors = {r["id"]: r["props"] or {} for r in db.read(get_query("graph/actors"))}
    params = {"start": filters.start, "end": filters.end, "eventKinds": list(filters.event_kinds)}
    inferred = filters.include_inferred
    events: list[EventRow]
    if details:
        rows = db.read(get_query("graph/event_ids"), params)
        ids = sorted(rows[0]["ids"]) if rows else []
        events = []
        for i in range(0, len(ids), DETAIL_CHUNK):
            chunk = db.read(
                get_query("graph/participation"), {"ids": ids[i : i + DETAIL_CHUNK], "inferred": inferred}
            )
            events += [
                EventRow(
                    id=r["id"],
                    kind=r["kind"],
                    year=r["year"],
                    props=r["props"],
                    participants=tuple(tuple(p) for p in r["participants"]),
                )
                for r in chunk
            ]
    else:
        rows = db.read(get_query("graph/participation_ids"), {**params, "inferred": inferred})
        events = _events_from_lists(rows)
    links = [(r["child"], r["type"], r["parent"]) for r in db.read(get_query("graph/hierarchy"))]
    return Participation(actors, events, links, details, filters)


def _events_from_lists(rows: Sequence[Mapping[str, Any]]) -> list[EventRow]:
    """Group the parallel lists of ``graph/participation_ids`` into events."""
    if not rows:
        return []
    r = rows[0]
    meta: dict[str, tuple[int | None, str | None]] = {}
    parts: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for actor, event, year, kind in zip(r["actors"], r["events"], r["years"], r["kinds"]):
        parts[event].append((actor,))
        if event not in meta:
            meta[event] = (None if year == -1 else year, kind or None)
    return [
        EventRow(id=e, kind=meta[e][1], year=meta[e][0], props=None, participants=tuple(p))
        for e, p in parts.items()
    ]


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
            parents = _parents(data.links, LOCATION_TYPES)
            is_state = {a: p.get("kind") == "state" for a, p in data.actors.items()}
            self.event_countries = {
                e.id: {
                    s
                    for p in parents.get(e.id, ())
                    if (s := _nearest_state(p, parents, is_state)) is not None
                }
                for e in data.events
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

    ``weight`` is the number of shared events. With ``events`` (and ``data`` read with
    details), each edge lists the shared events, oldest first; each event dict is
    shared by all the edges it makes.
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
    for _, _, d in G.edges(data=True):
        _sort_events(d["events"])
    _add_members(G, scope)
    return _finish(G, "actors", filters)


def actor_edges(data: Participation, filters: Filters | None = None) -> Network:
    """The actor network's weights only, as a :class:`~graphtool.analysis.network.Network` built
    from flat lists of node-index pairs: what measures need, without building a
    networkx graph (several times faster on large networks). Its ``to_networkx()`` is
    the graph :func:`actor_network` builds with ``events=False``.
    """
    filters = filters or data.filters
    scope = _Scope(data, filters)
    present = set(scope.start_nodes())
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for e in data.events:
        if not scope.event_kept(e):
            continue
        nodes = sorted(scope.participants(e))
        present.update(nodes)
        for i, u in enumerate(nodes):
            for v in nodes[i + 1 :]:
                shared[(u, v)] += 1
    order = sorted(present, key=node_key)
    index = {n: i for i, n in enumerate(order)}
    triples = sorted((min(index[u], index[v]), max(index[u], index[v]), w) for (u, v), w in shared.items())
    attrs = {n: scope.attrs(n) for n in order}
    scope.add_members(attrs)
    return Network.from_edges(
        order,
        [(i, j) for i, j, _ in triples],
        [w for _, _, w in triples],
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
def _nodes_by_label(db: GraphDB, labels: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    for label in labels:
        if label not in NODE_LABELS:  # pragma: no cover - callers pass model names
            raise ValueError(label)
    return {
        r["id"]: (r["labels"][0] if r["labels"] else "", r["props"] or {})
        for r in db.read(get_query("graph/nodes"), {"labels": list(labels)})
    }


def membership_network(db: GraphDB, filters: Filters | None = None) -> nx.Graph:
    """Actors and organisations linked to the organisations they are members of.

    ``role`` and ``since`` on an edge come from its earliest membership fact;
    ``memberships`` lists every fact with its citations. The window keeps memberships
    that began by ``end`` and had not ended (``until``) before ``start`` (undated ones
    too); ``level="state"`` rolls member actors up; inferred memberships are left out
    unless ``include_inferred``.
    """
    filters = filters or Filters()
    nodes = _nodes_by_label(db, ["Actor", "Organisation"])
    actors = {i: p for i, (label, p) in nodes.items() if label == "Actor"}
    links = [(r["child"], r["type"], r["parent"]) for r in db.read(get_query("graph/hierarchy"))]
    data = Participation(actors, [], links, True, filters)
    scope = _Scope(data, filters)
    rels = db.read(get_query("graph/relationships"), {"types": ["MEMBER_OF"]})
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
    nodes = _nodes_by_label(db, labels)
    types = [t for t in REL_TYPES if t != "CITES"]
    rels = db.read(get_query("graph/relationships"), {"types": types})
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
    events: bool = True,
    include_inferred: bool = False,
) -> nx.Graph:
    """Read the database and build one of the :data:`PROJECTIONS` as a networkx graph.

    Parameters:
        db: the database.
        projection: ``actors`` (default), ``actor-event``, ``membership`` or ``raw``.
        kinds, event_kinds, countries, start, end, level, include_inferred: see
            :class:`Filters`.
        events: for ``actors``, list the shared events on each edge (``False`` is
            faster and lighter when only the weights matter).

    Raises:
        UsageError: unknown projection, kind or level.
        EntityNotFound: a country matches no state.
    """
    filters = Filters(tuple(kinds), tuple(event_kinds), tuple(countries), start, end, level, include_inferred)
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
) -> Network:
    """Read a projection for measuring: a :class:`~graphtool.analysis.network.Network` whose
    edges carry weights only. The actor network is built straight from the rows
    (:func:`actor_edges`, no networkx graph); other projections wrap
    :func:`fetch_graph`'s graph. Parameters and errors as :func:`fetch_graph`.
    """
    filters = Filters(tuple(kinds), tuple(event_kinds), tuple(countries), start, end, level, include_inferred)
    if projection == "actors":
        return actor_edges(fetch_participation(db, filters, details=False))
    return Network(_build(db, projection, filters, events=False))


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
    "states_of",
    "for_period",
]
