"""Render benchmark, like with like: every peer's page written, then drawn in headless
Chromium to a stable frame, then used (search, one filter, focus, one time step).

For each size, a seeded actor network of N nodes and 3N links with graphtool's
attributes (kinds, names, aliases, citations, a PageRank score; one or two shared,
dated events with citations on each link; a few hubs) is drawn by

- ``graphtool-vis`` and ``graphtool-webgl``: :func:`graphtool.visual.page.write_html`
  with ``renderer="vis"`` and ``"webgl"``. The layout (igraph, seeded) is computed in
  Python once per size and counted in both pages' write times (and shown apart);
- ``pyvis``: plain pyvis as its documentation shows it (``Network.add_node`` /
  ``add_edge``, ``write_html``; its default options: physics with 1,000 stabilisation
  iterations, then simulated until vis-network says it is stable). Measured, never
  extrapolated: past ``--pyvis-cap`` seconds (10 minutes) of building, the size is
  reported as not finished and larger sizes are not tried;
- ``neo4j-viz``: ``VisualizationGraph(...).render()``, its canvas renderer up to
  10,000 nodes and its WebGL renderer above (it refuses more than 10,000 nodes unless
  ``max_allowed_nodes`` is raised, and advises WebGL for large graphs); its own
  force-directed layout runs in the page.

Each page is opened in headless Chromium with networking cut off (software WebGL:
SwiftShader, as there is no GPU here) and timed from navigation:

- **first frame**: the first drawing call the page makes on a canvas (every
  ``drawArrays``/``drawElements`` of WebGL and ``fill``/``stroke``/``drawImage``/
  ``fillText`` of 2D canvases is counted by a script injected before the page's own).
  A page with no frame after ``--frame-cap`` seconds (10 minutes) is reported as not
  drawn, and for plain pyvis larger sizes are not tried;
- **stable frame**: the last drawing call before two seconds without any, i.e. the
  layout or physics has settled and the page stopped drawing. A page still drawing
  after ``--settle-cap`` seconds is stopped there (pyvis: ``network.stopSimulation()``;
  neo4j-viz has no handle for it) and marked as such.

Then, in the page, each interaction is timed from the action to the end of the next
frame it causes (drawing calls quiet for one animation frame, GPU work finished):
``redraw`` (the same picture drawn again, nothing changed: what one frame costs, the
floor under every interaction that redraws; graphtool's and vis-network's redraw);
``search`` (type a name; graphtool's search box, neo4j-viz's search box, pyvis: find
the node by label in its DataSet and select it, as pyvis has no search box offline);
``filter`` (hide one node kind: graphtool's legend box; pyvis: ``nodes.update(hidden)``
for that kind); ``focus`` (select a node and centre it: graphtool's focus, pyvis's
``selectNodes`` + ``focus``); ``time step`` (move a two-year window on by one year:
graphtool's slider; pyvis: hide the links whose year left the window). A peer without
the control is ``n/a``. Each is the median of three.

Run: ``python bench/render.py`` (about 40 minutes: plain pyvis alone takes 25, as it
draws nothing in ten minutes from 5,000 nodes), or ``--sizes 1000,20000 --peers graphtool-vis,graphtool-webgl``.
``--json FILE`` keeps every number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _machine import cpu_model, memory_gib, versions  # noqa: E402

from graphtool.visual.browser import find_chromium, load_page  # noqa: E402
from graphtool.visual.layout import compute_layout  # noqa: E402
from graphtool.visual.page import write_html  # noqa: E402

KINDS = ("state", "agency", "office", "unit", "person", "group", "company", "institution")
EVENT_KINDS = ("meeting", "exercise", "training", "transfer", "agreement", "summit")
PEERS = ("graphtool-vis", "graphtool-webgl", "pyvis", "neo4j-viz")


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


# -------------------------------------------------------------------------- writing


def write_graphtool(g: nx.Graph, out: Path, renderer: str, pos: dict[Any, tuple[float, float]]) -> float:
    t0 = time.perf_counter()
    write_html(g, out, size_by="pagerank", positions=pos, generated="2024-01-01", renderer=renderer)
    return time.perf_counter() - t0


def write_pyvis(g: nx.Graph, out: Path, cap: float) -> float | None:
    """Seconds for plain pyvis, or None when building took longer than ``cap``."""
    from pyvis.network import Network

    t0 = time.perf_counter()
    net = Network(height="900px", width="100%", cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        net.add_node(n, label=d["name"], title=f"{d['kind']}: {d['sources'][0]}", value=d["pagerank"],
                     group=d["kind"])  # fmt: skip
        if time.perf_counter() - t0 > cap:
            return None
    for k, (u, v, d) in enumerate(g.edges(data=True)):
        years = sorted(e["year"] for e in d["events"])
        net.add_edge(u, v, value=d["weight"], title=f"{len(d['events'])} events", year=years[0])
        if k % 1000 == 0 and time.perf_counter() - t0 > cap:
            return None
    net.write_html(str(out), notebook=False)
    return time.perf_counter() - t0


def write_neo4j_viz(g: nx.Graph, out: Path) -> float:
    from neo4j_viz import Node, Relationship, VisualizationGraph

    t0 = time.perf_counter()
    colours = dict(
        zip(KINDS, ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"))
    )
    nodes = [Node(id=n, caption=d["name"], color=colours[d["kind"]], size=10) for n, d in g.nodes(data=True)]
    rels = [
        Relationship(id=f"r{k}", source=u, target=v, caption="CO_PARTICIPATION")
        for k, (u, v) in enumerate(g.edges())
    ]
    vg = VisualizationGraph(nodes=nodes, relationships=rels)
    n = g.number_of_nodes()
    html = vg.render(
        renderer="canvas" if n <= 10_000 else "webgl", max_allowed_nodes=max(10_000, n), height="900px"
    )
    out.write_text(html.data, encoding="utf-8")
    return time.perf_counter() - t0


# ------------------------------------------------------------------------- drawing

#: Injected before every page's own scripts: counts drawing calls on canvases.
PROBE = r"""
(function () {
  var probe = window.__probe = { first: null, last: null, calls: 0 };
  function mark() { var t = performance.now(); if (probe.first === null) probe.first = t; probe.last = t; probe.calls++; }
  function hook(proto, names) {
    names.forEach(function (name) {
      var f = proto && proto[name];
      if (!f) return;
      proto[name] = function () { mark(); return f.apply(this, arguments); };
    });
  }
  hook(window.WebGLRenderingContext && WebGLRenderingContext.prototype, ["drawArrays", "drawElements"]);
  hook(window.WebGL2RenderingContext && WebGL2RenderingContext.prototype,
       ["drawArrays", "drawElements", "drawArraysInstanced", "drawElementsInstanced"]);
  hook(CanvasRenderingContext2D.prototype, ["fill", "stroke", "drawImage", "fillText", "strokeText"]);
  function sync() {
    document.querySelectorAll("canvas").forEach(function (c) {
      try {
        var gl = c.getContext("webgl2") || c.getContext("webgl");
        if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
        else { var x = c.getContext("2d"); if (x) x.getImageData(0, 0, 1, 1); }
      } catch (err) { /* a canvas of another kind */ }
    });
  }
  // Milliseconds from t0 to the end of the first frame that drew after it (drawing
  // calls seen at an animation frame, then a pixel read back from every canvas so
  // the GPU's work is done); null when nothing drew within the timeout.
  probe.nextFrame = function (t0, from, timeout) {
    return new Promise(function (resolve) {
      (function check() {
        requestAnimationFrame(function () {
          if (probe.calls > from) { sync(); resolve(performance.now() - t0); }
          else if (performance.now() - t0 > timeout) resolve(null);
          else check();
        });
      })();
    });
  };
  // Milliseconds from t0 until drawing has been quiet for 100 ms (fades, camera
  // moves and physics over), GPU work done.
  probe.settled = function (t0, from, timeout) {
    return new Promise(function (resolve) {
      (function check() {
        setTimeout(function () {
          var now = performance.now();
          if ((probe.calls > from && now - probe.last > 100) || now - t0 > timeout) {
            sync();
            resolve(probe.calls > from ? probe.last - t0 : null);
          } else check();
        }, 20);
      })();
    });
  };
})();
"""

#: Waits for the stable frame (quiet 2 s, or the cap), then times the interactions.
#: ``%(actions)s`` is the peer's object of interaction functions; each returns true
#: when it did something (false: the page has no such control).
SESSION = r"""
(async () => {
  const probe = window.__probe, out = {};
  out.first = probe.first;
  if (probe.first === null) return out;  // no frame within the frame cap: nothing to time
  const cap = %(cap)f * 1000, t0 = performance.now();
  while (!(probe.last !== null && performance.now() - probe.last > 2000) && performance.now() - t0 < cap) {
    await new Promise(r => setTimeout(r, 250));
  }
  out.stable = probe.last;
  out.capped = performance.now() - t0 >= cap;
  if (out.capped) { %(stop)s; await new Promise(r => setTimeout(r, 2500)); }
  %(freeze)s;
  const TARGET = %(target)d;  // the node searched for and focused: a4242 on, or the middle one
  const actions = %(actions)s;
  out.latency = {}; out.settled = {};
  for (const name of ["redraw", "search", "filter", "focus", "step"]) {
    // The time step starts from a two-year window (graphtool's reset, the focus's
    // undo, sets the whole range again): set just before, not timed.
    if (name === "step" && actions.prepare) {
      const c = probe.calls, t = performance.now(); actions.prepare(); await probe.settled(t, c, 60000);
    }
    const runs = [], settled = [];
    for (let k = 0; k < 3; k++) {
      await new Promise(r => setTimeout(r, 800));
      const from = probe.calls, start = performance.now();
      const done = await actions[name](k, start);
      if (done === false) { runs.length = 0; break; }
      runs.push(typeof done === "number" ? done : await probe.nextFrame(start, from, 60000));
      settled.push(typeof done === "number" ? done : await probe.settled(start, from, 60000));
      if (actions.undo && actions.undo[name]) {
        const c = probe.calls, t = performance.now();
        actions.undo[name](k);
        await probe.settled(t, c, 60000);
      }
    }
    out.latency[name] = runs.length ? runs : null;
    out.settled[name] = settled.length ? settled : null;
  }
  return out;
})()
"""

GRAPHTOOL_ACTIONS = r"""{
  redraw: (k) => { window.graphtool.draw.redraw(); },
  // The answer is the list under the box: timed to the next paint.
  search: (k, start) => {
    const i = document.getElementById('search');
    i.value = 'Actor number ' + (TARGET + k);
    i.dispatchEvent(new Event('input'));
    return new Promise(r => requestAnimationFrame(() => setTimeout(() => r(performance.now() - start), 0)));
  },
  filter: (k) => { const b = document.querySelector('input[data-filter="group"][value="Actor/person"]'); b.checked = false; b.dispatchEvent(new Event('change')); },
  focus: (k) => { window.graphtool.focus('a' + (TARGET + k)); },
  step: (k) => { window.graphtool.step(1); },
  undo: {
    filter: () => { const b = document.querySelector('input[data-filter="group"][value="Actor/person"]'); b.checked = true; b.dispatchEvent(new Event('change')); },
    focus: () => { document.getElementById('reset').click(); },
  },
  prepare: () => { window.graphtool.setWindow('2005', '2006'); }
}"""

PYVIS_ACTIONS = r"""{
  redraw: (k) => { network.redraw(); },
  search: (k) => {
    const q = ('actor number ' + (TARGET + k)).toLowerCase();
    const found = nodes.get({ filter: n => String(n.label).toLowerCase() === q });
    network.selectNodes(found.map(n => n.id));
  },
  filter: (k) => {
    nodes.update(nodes.get({ filter: n => n.group === 'person' }).map(n => ({ id: n.id, hidden: true })));
  },
  focus: (k) => { const id = 'a' + (TARGET + k); network.selectNodes([id]); network.focus(id, { scale: 1 }); },
  step: (k) => {
    const from = 2006 + k, to = from + 1;
    edges.update(edges.get().map(e => ({ id: e.id, hidden: !(e.year >= from && e.year <= to) })));
  },
  undo: {
    filter: () => { nodes.update(nodes.get({ filter: n => n.group === 'person' }).map(n => ({ id: n.id, hidden: false }))); },
    focus: () => { network.unselectAll(); network.fit(); },
  },
  prepare: () => { edges.update(edges.get().map(e => ({ id: e.id, hidden: !(e.year >= 2005 && e.year <= 2006) }))); }
}"""

NEO4J_VIZ_ACTIONS = r"""{
  search: (k) => {
    const input = document.querySelector('input[placeholder="Search..."]');
    if (!input) {
      const button = Array.from(document.querySelectorAll('button')).find(b => /search/i.test(b.getAttribute('aria-label') || b.title || ''));
      if (button) button.click();
    }
    const box = document.querySelector('input[placeholder="Search..."]');
    if (!box) return false;
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    set.call(box, 'Actor number ' + (TARGET + k));
    box.dispatchEvent(new Event('input', { bubbles: true }));
  },
  redraw: () => false, filter: () => false, focus: () => false, step: () => false
}"""


def session(peer: str, cap: float, target: int) -> str:
    freeze = "0"
    if peer.startswith("graphtool"):
        actions, stop = GRAPHTOOL_ACTIONS, "0"
    elif peer == "pyvis":
        actions, stop = PYVIS_ACTIONS, "network.stopSimulation()"
        # Interactions on the settled picture: vis-network would restart its physics
        # on every change of the data otherwise.
        freeze = "network.setOptions({ physics: { enabled: false } })"
    else:
        actions, stop = NEO4J_VIZ_ACTIONS, "0"
    # (The step interaction starts from a two-year window, set by ``prepare`` just before it.)
    return SESSION % {
        "cap": cap,
        "stop": stop,
        "freeze": freeze,
        "actions": actions.strip(),
        "target": target,
    }


def draw(page: Path, peer: str, cap: float, n: int, frame_cap: float) -> dict[str, Any]:
    """First and stable frame (seconds from navigation) and interaction latencies (ms).
    A page that draws nothing within ``frame_cap`` seconds is reported as such."""
    from graphtool.errors import RenderError

    t0 = time.perf_counter()
    try:
        report = load_page(
            page,
            width=1400,
            height=900,
            # The frame cap, the settle cap, then the interactions (each waits at most 60 s).
            timeout=frame_cap + cap + 900,
            ready=f"window.__probe && (window.__probe.first !== null || performance.now() > {frame_cap * 1000})",
            settle=0.0,
            evaluate=session(peer, cap, min(4242, n // 2)),
            init=PROBE,
        )
    except RenderError as exc:
        return {
            "wall": time.perf_counter() - t0,
            "errors": [str(exc)[:300]],
            "note": "the page did not answer",
        }
    out: dict[str, Any] = {
        "wall": time.perf_counter() - t0,
        "errors": [e for e in report.errors if "ERR_PROXY_CONNECTION_FAILED" not in e][:3],
        "requests": report.requests,
    }
    v = report.value or {}
    if v and v.get("first") is None:
        out["note"] = f"no frame in {frame_cap:.0f} s"
    elif v:
        out["first"] = v["first"] / 1000
        out["stable"] = v["stable"] / 1000 if v["stable"] is not None else None
        out["capped"] = v["capped"]
        out["latency"] = {
            k: (statistics.median(x) if x and None not in x else None) for k, x in v["latency"].items()
        }
        out["settled"] = {
            k: (statistics.median(x) if x and None not in x else None) for k, x in v["settled"].items()
        }
        out["runs"] = v["latency"]
    return out


# ---------------------------------------------------------------------------- main


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def machine() -> str:
    cpu = cpu_model() or platform.processor() or platform.machine()
    mem = f", {memory_gib():.0f} GB RAM" if memory_gib() else ""
    chromium = ""
    exe = find_chromium()
    if exe:
        try:
            chromium = subprocess.run(
                [exe, "--version"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    v = versions("networkx", "igraph", "pyvis", "neo4j-viz")
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, "
        + ", ".join(f"{k} {x}" for k, x in v.items() if x)
        + f"; {chromium}"
    )


def fmt(x: float | None, unit: str = "", digits: int = 1) -> str:
    return "—" if x is None else f"{x:,.{digits}f}{unit}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000,20000,50000,100000", help="node counts (links: 3x)")
    ap.add_argument("--peers", default=",".join(PEERS), help=f"any of {', '.join(PEERS)}")
    ap.add_argument(
        "--pyvis-cap", type=float, default=600.0, help="seconds of building plain pyvis before giving up"
    )
    ap.add_argument(
        "--settle-cap", type=float, default=300.0, help="seconds to wait for a page to stop drawing"
    )
    ap.add_argument("--frame-cap", type=float, default=600.0, help="seconds to wait for a page's first frame")
    ap.add_argument("--json", type=Path, help="write every number here")
    ap.add_argument("--keep", type=Path, help="keep the pages in this folder")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    peers = [p for p in args.peers.split(",") if p]
    print(f"Machine: {machine()}\n", flush=True)
    results: list[dict[str, Any]] = []
    pyvis_gave_up = False
    folder = args.keep or Path(tempfile.mkdtemp(prefix="graphtool-bench-render-"))
    folder.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        g = make_graph(n)
        load = load_average()
        t0 = time.perf_counter()
        pos = compute_layout(g, seed=42)
        layout_s = time.perf_counter() - t0
        print(
            f"## {n:,} nodes, {g.number_of_edges():,} links (layout {layout_s:.2f} s, load {load:.1f})",
            flush=True,
        )
        for peer in peers:
            page = folder / f"{peer}-{n}.html"
            row: dict[str, Any] = {
                "nodes": n,
                "links": g.number_of_edges(),
                "peer": peer,
                "load before": load,
            }
            write: float | None
            if peer.startswith("graphtool"):
                write = write_graphtool(g, page, peer.split("-")[1], pos)
                row["layout"] = layout_s
                row["write"] = write + layout_s
                row["write without layout"] = write
            elif peer == "pyvis":
                if pyvis_gave_up:
                    print("  pyvis: not tried (a smaller size did not finish)", flush=True)
                    continue
                write = write_pyvis(g, page, args.pyvis_cap)
                if write is None:
                    pyvis_gave_up = True
                    row["write"] = None
                    row["note"] = f"did not finish building in {args.pyvis_cap:.0f} s"
                    results.append(row)
                    print(f"  pyvis: {row['note']}", flush=True)
                    continue
                row["write"] = write
            else:
                row["write"] = write_neo4j_viz(g, page)
            row["MB"] = page.stat().st_size / 1e6
            row.update(draw(page, peer, args.settle_cap, n, args.frame_cap))
            if peer == "pyvis" and row.get("first") is None:
                pyvis_gave_up = True  # a larger page would not draw sooner
            row["load after"] = load_average()
            results.append(row)
            lat = row.get("latency") or {}
            print(
                f"  {peer}: written {fmt(row['write'], ' s', 2)}, {row['MB']:.1f} MB; first frame "
                f"{fmt(row.get('first'), ' s', 2)}, stable {fmt(row.get('stable'), ' s', 2)}"
                f"{' (capped)' if row.get('capped') else ''}; redraw {fmt(lat.get('redraw'), ' ms', 0)}, "
                f"search {fmt(lat.get('search'), ' ms', 0)}, "
                f"filter {fmt(lat.get('filter'), ' ms', 0)}, focus {fmt(lat.get('focus'), ' ms', 0)}, "
                f"time step {fmt(lat.get('step'), ' ms', 0)}"
                + (f"; errors: {[e[:200] for e in row['errors']]}" if row.get("errors") else "")
                + (f"; {row.get('note')}" if row.get("note") else "")
                + (f"; asked the network for {len(row['requests'])} files" if row.get("requests") else ""),
                flush=True,
            )
            if args.json:
                args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=1))
            if not args.keep:
                page.unlink()
    print(
        "\n| nodes | links | peer | written s | page MB | first frame s | stable frame s | redraw ms | search ms | filter ms | focus ms | time step ms |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        lat = r.get("latency") or {}
        stable = fmt(r.get("stable"), "", 2) + (" (capped)" if r.get("capped") else "")
        print(
            f"| {r['nodes']:,} | {r['links']:,} | {r['peer']} | {fmt(r['write'], '', 2) if r.get('write') is not None else r.get('note', '—')} "
            f"| {fmt(r.get('MB'))} | {fmt(r.get('first'), '', 2)} | {stable} | {fmt(lat.get('redraw'), '', 0)} "
            f"| {fmt(lat.get('search'), '', 0)} "
            f"| {fmt(lat.get('filter'), '', 0)} | {fmt(lat.get('focus'), '', 0)} | {fmt(lat.get('step'), '', 0)} |"
        )


if __name__ == "__main__":
    main()
