"""Paths and ego networks: how two nodes are connected, and who is near one.

:func:`shortest_path` (fewest links, or shortest by lengths ``1/weight``),
:func:`path_hops` and :func:`path_rows` (each hop with the events behind it),
:func:`ego_network` and :func:`neighbours`. Nodes are found by id, name or alias
with :func:`graphtool.analysis.network.find_node`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from ..errors import AnalysisError, UsageError
from .network import WEIGHT, Node, node_key, node_label, node_row, path_lengths, simple_graph


def shortest_path(G: nx.Graph, source: Node, target: Node, weight: str | None = None) -> list[Node]:
    """A shortest path from ``source`` to ``target``: fewest links, or with ``weight``
    the shortest by lengths ``1/weight`` (prefers links of many shared events).

    Among equally short paths the one with fewest links, then through the smallest
    ids, is taken.

    Raises:
        AnalysisError: no path joins them in this network.

    >>> shortest_path(nx.cycle_graph(4), 0, 2)
    [0, 1, 2]
    """
    for n in (source, target):
        if n not in G:
            raise AnalysisError(f"'{n}' is not in this network (check the filters)")
    G = simple_graph(G, weight)
    try:
        length = path_lengths(G, weight)[0]
        paths = nx.all_shortest_paths(G, source, target, weight=length, method="dijkstra")
        best: list[Node] | None = None
        for i, p in enumerate(paths):
            if best is None or _path_key(p) < _path_key(best):
                best = p
            if i >= 10_000:  # enough to be deterministic without enumerating millions
                break
    except nx.NetworkXNoPath:
        best = None
    if best is None:
        raise AnalysisError(
            f"no path joins {node_label(G, source)} and {node_label(G, target)} in this network "
            "(they are in different components; try a wider time window or fewer filters)"
        )
    return best


def _path_key(path: Sequence[Node]) -> tuple[int, list[tuple[int, Any]]]:
    return (len(path), [node_key(n) for n in path])


def path_hops(G: nx.Graph, path: Sequence[Node]) -> list[dict[str, Any]]:
    """One row per hop of ``path``: ``hop, from, to, weight, events, ties`` where
    ``events`` are the edge's event dicts (id, name, date, sources, locators ...) and
    ``ties`` its direct ties (from, to, weight, role, sources, locators ...) when it
    has any."""
    rows = []
    for i, (u, v) in enumerate(zip(path, path[1:]), start=1):
        data = _edge_data(G, u, v)
        rows.append(
            {
                "hop": i,
                "from": u,
                "from_name": G.nodes[u].get("name", str(u)),
                "to": v,
                "to_name": G.nodes[v].get("name", str(v)),
                "weight": data.get(WEIGHT, 1),
                "events": list(data.get("events") or []),
                "ties": list(data.get("ties") or []),
            }
        )
    return rows


def path_rows(hops: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per hop and event, and per hop and direct tie, of :func:`path_hops` (one
    row for a hop with neither): ``hop, from, to, weight, event, date, event_name,
    roles, citation, sources, locators``. ``roles`` lists the two ends' roles
    (``id: role, ...; id: ...``); ``citation`` pairs each source with its locator
    (``doc: locator; ...``). A tie's row has no ``event``; its ``event_name`` says
    ``tie`` with its role and weight, its ``date`` is the tie's ``since``.

    >>> hop = {"hop": 1, "from": "a", "to": "b", "weight": 1, "events": [{"id": "ev1",
    ...        "roles": {"a": ["host"], "c": ["guest"]}, "sources": ["doc1"], "locators": ["line 2"]}]}
    >>> row = path_rows([hop])[0]
    >>> row["event"], row["roles"], row["citation"]
    ('ev1', 'a: host', 'doc1: line 2')
    """
    rows = []
    for h in hops:
        facts = list(h["events"] or []) + [_tie_fact(t) for t in h.get("ties") or []]
        for ev in facts or [{}]:
            sources, locators = list(ev.get("sources") or []), list(ev.get("locators") or [])
            rows.append(
                {
                    "hop": h["hop"],
                    "from": h["from"],
                    "to": h["to"],
                    "weight": h["weight"],
                    "event": ev.get("id"),
                    "date": ev.get("date"),
                    "event_name": ev.get("name"),
                    "roles": "; ".join(
                        f"{n}: {', '.join(r)}"
                        for n, r in (ev.get("roles") or {}).items()
                        if n in (h["from"], h["to"])
                    ),
                    "citation": "; ".join(f"{s}: {loc}" for s, loc in zip(sources, locators)),
                    "sources": sources,
                    "locators": locators,
                }
            )
    return rows


def _tie_fact(tie: Mapping[str, Any]) -> dict[str, Any]:
    """A direct tie as :func:`path_rows` lists it, in the shape of an event."""
    what = ", ".join(str(x) for x in (tie.get("role"), f"weight {tie.get('weight', 1)}") if x)
    arrow = f"{tie.get('from')} -> {tie.get('to')}, " if tie.get("directed") else ""
    return {
        "date": tie.get("since"),
        "name": f"tie ({arrow}{what})",
        "sources": tie.get("sources") or [],
        "locators": tie.get("locators") or [],
    }


def _edge_data(G: nx.Graph, u: Node, v: Node) -> dict[str, Any]:
    if G.is_multigraph():
        merged: dict[str, Any] = {WEIGHT: 0, "events": [], "ties": []}
        for d in G[u][v].values():
            merged[WEIGHT] += d.get(WEIGHT, 1)
            merged["events"] += list(d.get("events") or [])
            merged["ties"] += list(d.get("ties") or [])
            merged.setdefault("type", d.get("type"))
        return merged
    return dict(G[u][v])


def ego_network(G: nx.Graph, center: Node, depth: int = 1) -> nx.Graph:
    """The subgraph of nodes within ``depth`` links of ``center`` (links among them too).

    >>> sorted(ego_network(nx.path_graph(5), 0, depth=2))
    [0, 1, 2]
    """
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    if center not in G:
        raise AnalysisError(f"'{center}' is not in this network (check the filters)")
    return nx.ego_graph(G, center, radius=depth, undirected=True)


def neighbours(G: nx.Graph, center: Node, depth: int = 1) -> list[dict[str, Any]]:
    """Rows ``depth, id, name, kind, weight, via`` for each node within ``depth`` links of
    ``center``: nearest first, then by weight of the link to the centre (or the node it
    is reached through), then id. ``via`` is a neighbour on a shortest route there."""
    ego = ego_network(G, center, depth)
    U = ego.to_undirected(as_view=True) if ego.is_directed() else ego
    hops = nx.single_source_shortest_path_length(U, center)
    rows = []
    for n, d in hops.items():
        if n == center:
            continue
        if d == 1:
            via, w = center, _edge_data(U, center, n).get(WEIGHT, 1)
        else:
            prev = sorted(
                (p for p in U[n] if hops.get(p) == d - 1),
                key=lambda p: (-_edge_data(U, p, n).get(WEIGHT, 1), node_key(p)),
            )[0]
            via, w = prev, _edge_data(U, prev, n).get(WEIGHT, 1)
        rows.append({"depth": d, **node_row(G, n), "weight": w, "via": via})
    rows.sort(key=lambda r: (r["depth"], -r["weight"], node_key(r["id"])))
    return rows
