"""Benchmark: seconds to write the HTML network page, and to draw it in a browser.

For each size, a random actor network of N nodes and 3N edges (graphtool's
attributes: kinds, names, aliases, citations, a measure, and shared events with
citations on the edges) is written

- by ``graphtool.visual.page.write_html`` (layout in Python, one JSON block), and
- by plain pyvis (``Network.add_node``/``add_edge`` then ``write_html``), which checks
  each new edge against all earlier ones. Plain pyvis is stopped after
  ``--pyvis-budget`` seconds of adding nodes, or of adding edges, and its total is
  then estimated from the quadratic growth (marked ``~``);

then graphtool's page is opened in headless Chromium (networking off) and timed
until vis-network has drawn it.

Run: ``python bench/render.py`` (about 5 minutes), or
``python bench/render.py --sizes 1000,20000 --pyvis-budget 30 --no-browser``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _machine import cpu_model, memory_gib  # noqa: E402

from graphtool.visual.layout import compute_layout  # noqa: E402
from graphtool.visual.page import write_html  # noqa: E402

KINDS = ("state", "agency", "office", "unit", "person", "group", "company", "institution")
EVENT_KINDS = ("meeting", "exercise", "training", "transfer", "agreement", "summit")


def make_graph(n: int, seed: int = 1) -> nx.Graph:
    """N actors, 3N co-participation edges, each edge with one or two shared events."""
    rng = random.Random(seed)
    g = nx.Graph(projection="actors", filters={})
    for i in range(n):
        g.add_node(
            f"a{i}",
            label="Actor",
            kind=KINDS[i % len(KINDS)],
            name=f"Actor number {i}",
            aliases=[f"A{i}"],
            sources=["fpri-2022"],
            locators=[f"appendix {i % 6 + 1}, row {i % 97 + 1}"],
            pagerank=rng.random() / n,
        )
    events = [
        {
            "id": f"ev{j}",
            "name": f"Event {j}",
            "kind": EVENT_KINDS[j % len(EVENT_KINDS)],
            "date": f"{2000 + j % 22}-{j % 12 + 1:02d}",
            "year": 2000 + j % 22,
            "places": [f"place{j % 50}"],
            "sources": ["fpri-2022"],
            "locators": [f"appendix 2, row {j % 200 + 1}"],
        }
        for j in range(max(1, n // 2))
    ]
    # Preferential attachment-ish: a few hubs, many leaves, like real actor networks.
    targets = [f"a{i}" for i in range(min(n, 10))]
    m = 0  # (Graph.number_of_edges() is linear in the nodes: not in this loop)
    while m < 3 * n:
        u = f"a{rng.randrange(n)}"
        v = rng.choice(targets) if rng.random() < 0.5 else f"a{rng.randrange(n)}"
        if u == v or g.has_edge(u, v):
            continue
        evs = rng.sample(events, k=min(len(events), rng.choice((1, 1, 2))))
        g.add_edge(u, v, weight=len(evs), events=evs)
        targets.append(u)
        m += 1
    return g


def time_graphtool(g: nx.Graph, out: Path) -> tuple[float, float, int]:
    """(seconds for layout, seconds in total, bytes) for write_html."""
    t0 = time.perf_counter()
    pos = compute_layout(g, seed=42)
    t1 = time.perf_counter()
    write_html(g, out, size_by="pagerank", positions=pos, generated="2024-01-01")
    t2 = time.perf_counter()
    # compute_layout inside write_html is skipped by passing positions; total includes both.
    return t1 - t0, t2 - t0, out.stat().st_size


def time_pyvis(g: nx.Graph, out: Path, budget: float) -> tuple[float, bool, str]:
    """(seconds, finished, what was done within the budget) for plain pyvis.

    ``add_node`` and ``add_edge`` each check the new item against every earlier one, so
    past the budget the total is estimated as quadratic in the count of each.
    """
    from pyvis.network import Network

    t0 = time.perf_counter()
    net = Network(height="800px", width="100%", cdn_resources="in_line")
    nodes = list(g.nodes(data=True))
    edges = list(g.edges(data=True))
    done_nodes = done_edges = 0
    for n, d in nodes:
        net.add_node(n, label=d["name"], title=f"{d['kind']}: {d['sources'][0]}", value=d["pagerank"])
        done_nodes += 1
        if done_nodes % 500 == 0 and time.perf_counter() - t0 > budget:
            break
    node_time = time.perf_counter() - t0
    if done_nodes < len(nodes):
        node_est = node_time * (len(nodes) / done_nodes) ** 2
        # Edges were not reached; count them as at least as slow as the nodes.
        return 2 * node_est, False, f"{done_nodes:,}/{len(nodes):,} nodes in budget"
    t1 = time.perf_counter()
    for u, v, d in edges:
        net.add_edge(u, v, value=d["weight"], title=f"{len(d['events'])} events")
        done_edges += 1
        if done_edges % 500 == 0 and time.perf_counter() - t1 > budget:
            break
    edge_time = time.perf_counter() - t1
    if done_edges < len(edges):
        est = node_time + edge_time * (len(edges) / done_edges) ** 2
        return est, False, f"{done_edges:,}/{len(edges):,} edges in budget"
    net.write_html(str(out), notebook=False)
    return time.perf_counter() - t0, True, ""


def time_browser(page: Path) -> tuple[float | None, str]:
    from graphtool.visual.browser import find_chromium, load_page

    if not find_chromium():
        return None, "no chromium"
    report = load_page(page, timeout=180, width=1400, height=900)
    note = "; ".join(report.errors[:2]) if report.errors else ""
    if report.requests:
        note += f" {len(report.requests)} network requests!"
    return report.draw_seconds, note


def machine() -> str:
    cpu = cpu_model() or platform.processor() or platform.machine()
    mem = f", {memory_gib():.0f} GB RAM" if memory_gib() else ""
    chromium = ""
    try:
        from graphtool.visual.browser import find_chromium

        exe = find_chromium()
        if exe:
            chromium = subprocess.run(
                [exe, "--version"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        import igraph

        layout = f"igraph {igraph.__version__}"
    except ImportError:
        layout = "no igraph (networkx/scatter layout)"
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, networkx {nx.__version__}, {layout}; {chromium}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,20000,50000", help="node counts (edges: 3x)")
    ap.add_argument(
        "--pyvis-budget",
        type=float,
        default=60.0,
        help="seconds of plain-pyvis add_edge before estimating the rest",
    )
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Machine: {machine()}\n")
    print(
        "| nodes | edges | layout s | graphtool write s (incl. layout) | page MB "
        "| plain pyvis s | speed-up | Chromium drawn s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            g = make_graph(n)
            page = Path(tmp) / f"g{n}.html"
            layout_s, ours, size = time_graphtool(g, page)
            theirs, done, within = time_pyvis(g, Path(tmp) / f"p{n}.html", args.pyvis_budget)
            pv = f"{theirs:.1f}" if done else f"~{theirs:,.0f} (est.; {within})"
            drawn, note = (None, "skipped") if args.no_browser else time_browser(page)
            dr = f"{drawn:.1f}" if drawn is not None else note
            if note and drawn is not None:
                dr += f" ({note})"
            print(
                f"| {n:,} | {g.number_of_edges():,} | {layout_s:.2f} | {ours:.2f} | {size / 1e6:.1f} "
                f"| {pv} | {theirs / ours:,.0f}x | {dr} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
