"""Node positions for a page: the same for the same graph and seed.

igraph's Fruchterman-Reingold (grid-accelerated on large graphs, near linear),
networkx's spring layout, a circle, or a seeded scatter; nodes without links are set
out in rows under the drawing. Pure: a graph goes in, page pixels come out.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from itertools import repeat
from typing import Any

import networkx as nx

from graphtool.bulk import collector_paused
from graphtool.errors import RenderError


def compute_layout(
    graph: nx.Graph, *, seed: int = 42, method: str = "auto"
) -> dict[Any, tuple[float, float]]:
    """Node positions in page pixels, the same for the same graph and seed.

    ``method``: ``"igraph"`` (Fruchterman-Reingold, grid-accelerated on large graphs,
    near linear; needs the ``fast`` extra), ``"spring"`` (networkx, quadratic, fine
    up to a few thousand nodes; needs numpy), ``"circle"`` or ``"auto"`` (igraph if
    installed, else spring up to 2,000 nodes, else a seeded scatter).

    Nodes without links are set out in rows under the drawing instead of being laid
    out with the rest, where force layouts push them far out and shrink the network
    to a dot when the page fits everything in view.
    """
    # Hundreds of thousands of small tuples at once (bulk.py), however it is called.
    with collector_paused():
        return _compute_layout(graph, seed, method)


def _compute_layout(graph: nx.Graph, seed: int, method: str) -> dict[Any, tuple[float, float]]:
    nodes = sorted(graph, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    if method == "auto":
        if _has_igraph():
            method = "igraph"
        elif n <= 2000 and _has_numpy():
            method = "spring"
        else:
            method = "scatter"
    if method not in ("igraph", "spring", "circle", "scatter"):
        raise RenderError(f"unknown layout '{method}'; use auto, igraph, spring or circle.")
    span = max(500.0, 90.0 * math.sqrt(n))
    if method == "circle":
        return _fit(
            {
                node: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n))
                for i, node in enumerate(nodes)
            },
            span,
        )
    degree = dict(graph.degree())
    alone = [node for node in nodes if degree[node] == 0]
    linked = [node for node in nodes if degree[node] > 0] if alone else nodes
    pos: dict[Any, tuple[float, float]] = {}
    if linked:
        # The unlinked nodes have no edges: the graph's edges are the linked nodes'.
        if method == "igraph":
            raw = _igraph_layout(graph, linked, seed)
        elif method == "spring":
            h = nx.Graph()
            h.add_nodes_from(str(x) for x in linked)
            h.add_edges_from(sorted(((str(u), str(v)) for u, v in graph.edges()), key=str))
            xy = nx.spring_layout(h, seed=seed, iterations=100)
            raw = {x: (float(xy[str(x)][0]), float(xy[str(x)][1])) for x in linked}
        else:
            rng = random.Random(seed)
            raw = {x: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for x in linked}
        pos = _fit(raw, span=max(500.0, 90.0 * math.sqrt(len(linked))))
    if alone:
        # A grid of the unlinked nodes, by id, under the drawing (or alone, centred).
        step = 60.0
        width = max((abs(x) for x, _ in pos.values()), default=0.0) * 2 or step * math.sqrt(len(alone))
        cols = max(1, int(width // step))
        left = -(min(cols, len(alone)) - 1) * step / 2
        top = max((y for _, y in pos.values()), default=-step) + 2 * step
        for i, node in enumerate(alone):
            pos[node] = (round(left + (i % cols) * step, 1), round(top + (i // cols) * step, 1))
    return pos


def _has_igraph() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def _igraph_layout(graph: nx.Graph, nodes: list[Any], seed: int) -> dict[Any, tuple[float, float]]:
    """``nodes``: every node of ``graph`` with an edge (the others are not laid out)."""
    import igraph as ig
    import numpy as np

    index = {node: i for i, node in enumerate(nodes)}
    # Each pair of linked nodes once, in index order, without loops, read from the
    # adjacency in C-level loops (networkx's edge views cost more than the layout
    # itself at 100,000 nodes).
    ends: list[int] = []
    others: list[int] = []
    look = index.__getitem__
    for u, around in graph.adj.items():
        if around:
            ends.extend(repeat(index[u], len(around)))
            others.extend(map(look, around))
    a, b = np.asarray(ends, dtype=np.int64), np.asarray(others, dtype=np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keys = np.unique((lo * len(nodes) + hi)[lo != hi])
    g = ig.Graph(n=len(nodes), edges=np.column_stack((keys // len(nodes), keys % len(nodes))).tolist())
    rng = random.Random(seed)
    # Start spread over an area that grows with the graph, as igraph's own random start
    # does: packed into a unit square, the grid variant degrades to quadratic time.
    half = max(1.0, math.sqrt(len(nodes)) / 2)
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in nodes]
    # python-igraph draws its random numbers from the `random` module: seed it for
    # a reproducible layout, and put the caller's random state back afterwards.
    state = random.getstate()
    try:
        random.seed(seed)
        # The grid variant only repels nearby nodes: near linear, and on these graphs
        # indistinguishable by eye from the exact one above a few hundred nodes.
        niter = _iterations(len(nodes))
        layout = g.layout_fruchterman_reingold(seed=start, niter=niter, grid=len(nodes) > 500)
    finally:
        random.setstate(state)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, layout.coords)}


#: Above this many nodes the layout's iterations fall as the nodes grow, so its time
#: stays near that of this many nodes (bench/render.py: 2-3 s at 100,000 nodes on
#: the benchmark machine).
LARGE_LAYOUT = 30_000


def _iterations(n: int) -> int:
    """Fruchterman-Reingold iterations for ``n`` nodes.

    >>> _iterations(1000), _iterations(20_000), _iterations(100_000), _iterations(1_000_000)
    (500, 200, 60, 40)
    """
    if n <= 5000:
        return 500
    if n <= LARGE_LAYOUT:
        return 200
    return max(40, round(200 * LARGE_LAYOUT / n))


def _fit(pos: Mapping[Any, tuple[float, float]], span: float) -> dict[Any, tuple[float, float]]:
    """Centre and scale positions to ``span`` pixels. Stray nodes (small components
    force layouts push far out) are pulled in to a margin around the 1st-99th
    percentile box, so they do not shrink the rest when the page fits the view."""
    xs = sorted(p[0] for p in pos.values())
    ys = sorted(p[1] for p in pos.values())
    cut = len(xs) // 100
    x0, x1, y0, y1 = xs[cut], xs[-1 - cut], ys[cut], ys[-1 - cut]
    pad = 0.25 * max(x1 - x0, y1 - y0)
    x0, x1, y0, y1 = max(xs[0], x0 - pad), min(xs[-1], x1 + pad), max(ys[0], y0 - pad), min(ys[-1], y1 + pad)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    k = span / (max(x1 - x0, y1 - y0) or 1.0)
    out = {}
    for n, (x, y) in pos.items():
        x, y = min(max(x, x0), x1), min(max(y, y0), y1)
        out[n] = (round((x - cx) * k, 1) + 0.0, round((y - cy) * k, 1) + 0.0)
    return out
