"""Analysis benchmark: projection from the database, then each measure with networkx and
with the fast engine (igraph), checked equal.

Generates a seeded actor network (default: 50,000 actors and 450,000 events with two to
four participants each, about 1M ``PARTICIPATED_IN`` relationships, which project to
an actor network of about 500k weighted links), loads it into a fresh local graph
server in a temporary home with ``UNWIND $rows ... CREATE`` batches, and measures:

``projection``
    :func:`graphtool.projection.fetch_network` of the actor network (weights only, what
    ``centrality`` and ``trend`` read), its networkx graph, and
    :func:`graphtool.projection.fetch_graph` in full (every link listing its events with
    citations, what ``path`` and ``render`` read).
``measures``
    each measure of :data:`graphtool.analysis.centrality.MEASURES` on the same network with
    ``engine="networkx"`` (on the networkx graph) and ``engine="igraph"`` (on the graph
    the projection built; building it is timed once, and counted in a second speed-up),
    also igraph from the networkx graph (converting it first) and igraph's computation
    alone. Results are compared: exact measures must agree within 1e-9. Betweenness is
    sampled (the same K sources for both engines, drawn with the seed). Closeness:
    sampled as the CLI samples it at this size (igraph in full, networkx on a few of
    the same sources, extrapolated), and exact on 20 target nodes, extrapolated.
``communities``
    Louvain with networkx and igraph, and Leiden (igraph), with modularity.

Peak memory is the process's maximum resident set (``ru_maxrss``) after each phase,
and the server JVM's resident set. Run by hand, never as a test::

    python bench/analyze.py                 # the full size (about 25 minutes)
    python bench/analyze.py --quick         # 5k actors, 45k events
    python bench/analyze.py --json results.json
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx  # noqa: E402
from _machine import cpu_model, memory_gib, versions  # noqa: E402

from graphtool.analysis import centrality as measures  # noqa: E402
from graphtool.analysis import communities, engines, network  # noqa: E402
from graphtool.projection import fetch_graph, fetch_network  # noqa: E402
from graphtool.store.db import GraphDB, Settings  # noqa: E402
from graphtool.store.load import apply_schema  # noqa: E402
from graphtool.store.server import start_server, stop_server  # noqa: E402

ACTOR_KINDS = ("state", "agency", "office", "unit", "person", "group", "company", "institution")
EVENT_KINDS = ("meeting", "exercise", "training", "transfer", "agreement", "summit")
#: Participants per event and how often.
SIZES = ((2, 0.80), (3, 0.15), (4, 0.05))

CREATE_ACTORS = """
UNWIND $rows AS row
CREATE (a:Actor {id: row.id, name: row.name, kind: row.kind,
                 sources: row.sources, locators: row.locators})
"""
CREATE_EVENTS = """
UNWIND $rows AS row
CREATE (e:Event {id: row.id, name: row.name, kind: row.kind, date: row.date,
                 year: row.year, datePrecision: 'year', sources: row.sources,
                 locators: row.locators})
"""
CREATE_PARTICIPATIONS = """
UNWIND $rows AS row
MATCH (a:Actor {id: row.actor})
MATCH (e:Event {id: row.event})
CREATE (a)-[:PARTICIPATED_IN {key: row.key, role: row.role, sources: row.sources,
                              locators: row.locators}]->(e)
"""


# -- the network -----------------------------------------------------------------------------
def generate(actors: int, events: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """Actors in communities of 100 with skewed activity; most events stay inside a
    community, some cross. Deterministic for a seed."""
    rng = random.Random(seed)
    group = 100
    n_groups = max(1, actors // group)
    # Zipf-like activity within each community: a few hubs, many occasional actors.
    activity = [1.0 / (1 + (i % group)) ** 0.8 for i in range(actors)]
    members = [list(range(g * group, min((g + 1) * group, actors))) for g in range(n_groups)]
    member_weights = [[activity[i] for i in m] for m in members]
    actor_rows = [
        {
            "id": f"a{i}",
            "name": f"Actor {i}",
            "kind": ACTOR_KINDS[i % len(ACTOR_KINDS)],
            "sources": ["bench"],
            "locators": [f"row {i + 1}"],
        }
        for i in range(actors)
    ]
    event_rows = []
    part_rows = []
    sizes, size_p = zip(*SIZES)
    for j in range(events):
        year = 2000 + j % 22
        eid = f"e{j}"
        event_rows.append(
            {
                "id": eid,
                "name": f"Event {j}",
                "kind": EVENT_KINDS[j % len(EVENT_KINDS)],
                "date": str(year),
                "year": year,
                "sources": ["bench"],
                "locators": [f"event row {j + 1}"],
            }
        )
        k = rng.choices(sizes, size_p)[0]
        chosen: set[int] = set()
        g = rng.randrange(n_groups)
        while len(chosen) < k:
            if rng.random() < 0.85:
                chosen.add(rng.choices(members[g], member_weights[g])[0])
            else:
                chosen.add(rng.randrange(actors))
        for i, a in enumerate(sorted(chosen)):
            role = "host" if i == 0 else "participant"
            part_rows.append(
                {
                    "actor": f"a{a}",
                    "event": eid,
                    "role": role,
                    "key": f"a{a}|PARTICIPATED_IN|{eid}|{role}|",
                    "sources": ["bench"],
                    "locators": [f"event row {j + 1}"],
                }
            )
    return {"actors": actor_rows, "events": event_rows, "participations": part_rows}


def generate_and_load(
    settings: Settings, actors: int, events: int, seed: int, batch_size: int
) -> tuple[dict[str, int], dict[str, float]]:
    """Generate the network and load it with UNWIND ... CREATE (run in a child process)."""

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    log(f"generating {actors:,} actors and {events:,} events (seed {seed}) ...")
    data = generate(actors, events, seed)
    sizes = {k: len(v) for k, v in data.items()}
    log(f"  {sizes}")
    timings: dict[str, float] = {}
    with GraphDB(settings) as db:
        log("loading (UNWIND ... CREATE) ...")
        with timed(timings, "schema", log):
            apply_schema(db)
        with timed(timings, "actors", log):
            db.write_batches(CREATE_ACTORS, data["actors"], batch_size)
        with timed(timings, "events", log):
            db.write_batches(CREATE_EVENTS, data["events"], batch_size)
        with timed(timings, "participations", log):
            db.write_batches(CREATE_PARTICIPATIONS, data["participations"], batch_size)
    return sizes, timings


def current_rss_mb() -> float:
    return rss_mb(os.getpid()) or 0.0


# -- measuring --------------------------------------------------------------------------------
def peak_mb() -> float:
    """Peak resident set of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@contextmanager
def timed(results: dict[str, Any], name: str, log: Callable[[str], None]) -> Iterator[None]:
    gc.collect()
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    results[name] = seconds
    log(f"  {name}: {seconds:.3f} s (peak RSS {peak_mb():.0f} MB)")


def max_diff(a: dict[Any, float], b: dict[Any, float]) -> float:
    return max((abs(a[n] - b[n]) for n in a), default=0.0)


def top_k_same(a: dict[Any, float], b: dict[Any, float], k: int = 100) -> bool:
    return [n for n, _ in network.rank(a, k)] == [n for n, _ in network.rank(b, k)]


def _compute_only(name: str, view: engines.IGraph, sources: list[int]) -> Any:
    """The igraph (or scipy) computation alone, on a graph already in igraph."""
    if name == "degree":
        return engines.degree(view)
    if name == "strength":
        return engines.strength(view)
    if name == "kcore":
        return engines.core_number(view)
    if name == "pagerank":
        return engines.pagerank(view, True, measures.PAGERANK_ALPHA)
    if name == "eigenvector":
        return engines.eigenvector(view, True, measures.MAX_ITER, measures.EIGENVECTOR_TOL)
    if name == "betweenness":
        return engines.betweenness(view, True, sources)
    raise ValueError(name)


#: A measurement is repeated until its runs add up to at least this many seconds
#: (as timeit's autorange does), so that fast measures are not timed at the clock's
#: noise: degree takes about 10 ms in igraph on a million-link network.
MIN_TOTAL = 0.2


def seconds(f: Callable[..., Any], *args: Any, once: bool = False, **kwargs: Any) -> tuple[float, Any]:
    """``f(*args, **kwargs)`` timed with ``perf_counter`` after a garbage collection:
    (seconds per run, at full precision; the first run's result). Runs shorter than
    :data:`MIN_TOTAL` are repeated until the runs together reach it, and the mean
    per run is returned, so every time reported stands on at least 0.2 s of work.
    ``once``: ``f`` caches what it builds (a second run would time the cache): one run."""
    gc.collect()
    start = time.perf_counter()
    result = f(*args, **kwargs)
    total = time.perf_counter() - start
    runs = 1
    while total < MIN_TOTAL and not once:
        # Enough runs to reach MIN_TOTAL at the pace so far (at least as many again).
        more = max(runs, int(runs * (MIN_TOTAL / max(total, 1e-9) - 1)) + 1)
        gc.collect()
        start = time.perf_counter()
        for _ in range(more):
            f(*args, **kwargs)
        total += time.perf_counter() - start
        runs += more
    return total / runs, result


def bench_measures(
    net: network.Network,
    t_nx_graph: float,
    sample: int,
    closeness_sample: int,
    closeness_nx_sources: int,
    seed: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Each measure with networkx (on the networkx graph) and igraph (on the graph the
    projection built, and from the networkx graph). ``t_nx_graph`` is the time the
    networkx graph took to build from the projection's lists."""
    import igraph  # noqa: F401 - imported before timing, as the CLI has by then

    out: dict[str, Any] = {}
    G = net.to_networkx()
    # Both are built once and kept by the network: timed once (the first, real, build).
    t_view, view = seconds(lambda: net.view("weight"), once=True)
    t_conv, _ = seconds(lambda: engines.to_igraph(G, "weight", network.edge_lengths))
    t_len, _ = seconds(view.distance, once=True)
    out["igraph graph from the projection's lists"] = t_view
    out["igraph graph converted from networkx"] = t_conv
    out["edge lengths (1/weight)"] = t_len
    log(f"  igraph graph: from the lists {t_view:.4g} s, from networkx {t_conv:.4g} s, lengths {t_len:.4g} s")
    index = {v: i for i, v in enumerate(view.nodes)}
    sources = random.Random(seed).sample(list(G), sample)

    for name in ("degree", "strength", "kcore", "pagerank", "eigenvector", "betweenness"):
        row: dict[str, Any] = {}
        kwargs: dict[str, Any] = {"weighted": True}
        if name == "betweenness":
            kwargs.update(sample=sample, seed=seed)
            row["note"] = f"{sample} sampled sources, the same for both engines"
        row["networkx"], a = seconds(measures.centrality, G, name, engine="networkx", **kwargs)
        row["igraph"], b = seconds(measures.centrality, net, name, engine="igraph", **kwargs)
        row["igraph from networkx"], _ = seconds(measures.centrality, G, name, engine="igraph", **kwargs)
        row["igraph compute only"], _ = seconds(_compute_only, name, view, [index[s] for s in sources])
        row["speedup"] = row["networkx"] / row["igraph"]
        # From the projection's lists: each engine builds its own graph, then measures.
        row["speedup from the projection"] = (t_nx_graph + row["networkx"]) / (t_view + row["igraph"])
        row["max |diff|"] = max_diff(a, b)
        row["top-100 equal"] = top_k_same(a, b)
        log(
            f"  {name}: networkx {row['networkx']:.4g} s, igraph {row['igraph']:.4g} s "
            f"({row['speedup']:.3g}x; "
            f"{row['speedup from the projection']:.3g}x counting each engine's graph; "
            f"igraph from networkx {row['igraph from networkx']:.4g} s), max diff {row['max |diff|']:.1e}, "
            f"top-100 equal {row['top-100 equal']}; peak RSS {peak_mb():.0f} MB"
        )
        out[name] = row

    # Sampled closeness: igraph with the CLI's sample in full; networkx on the first
    # few of the same sources (extrapolated), checked equal to igraph on those.
    t_ig, est = seconds(lambda: measures.closeness(net, sample=closeness_sample, seed=seed, engine="igraph"))
    few = random.Random(seed).sample(list(G), closeness_sample)[:closeness_nx_sources]
    t_nx, nx_few = seconds(lambda: measures._sampled_closeness(G, "weight", few))
    ig_few = dict(zip(view.nodes, engines.sampled_closeness(view, True, [index[s] for s in few])))
    row = {
        "igraph": t_ig,
        "networkx": t_nx * closeness_sample / len(few),
        "note": f"{closeness_sample} sampled sources; networkx timed on {len(few)} and extrapolated",
        "max |diff|": max_diff(nx_few, ig_few),
        "nodes scored": len(est),
    }
    row["speedup"] = row["networkx"] / row["igraph"]
    log(
        f"  closeness, {closeness_sample} sampled sources: igraph {t_ig:.4g} s, networkx "
        f"{row['networkx']:.4g} s extrapolated ({row['speedup']:.3g}x), max diff {row['max |diff|']:.1e}"
    )
    out["closeness (sampled)"] = row

    # Exact closeness: time both engines on a sample of target nodes and extrapolate.
    rng = random.Random(seed)
    targets = rng.sample(sorted(G), min(20, len(G)))
    dist, scale = network.path_lengths(G, "weight")
    n = len(G)
    t_nx, nx_vals = seconds(
        lambda: {v: nx.closeness_centrality(G, u=v, distance=dist) * scale for v in targets}
    )
    idx = [index[v] for v in targets]
    t_ig, (per, inv) = seconds(
        lambda: (
            view.graph.closeness(vertices=idx, weights=view.distance(), normalized=True),
            view.graph.closeness(vertices=idx, weights=view.distance(), normalized=False),
        )
    )
    ig_vals = {
        v: (0.0 if not b or b != b else a * round(a / b) / (n - 1) * view.scale())
        for v, a, b in zip(targets, per, inv)
    }
    row = {
        "networkx": t_nx * n / len(targets),
        "igraph": t_ig * n / len(targets),
        "note": f"timed on {len(targets)} nodes, extrapolated to all {n:,}",
        "max |diff|": max_diff(nx_vals, ig_vals),
    }
    row["speedup"] = row["networkx"] / row["igraph"]
    log(
        f"  closeness, exact (extrapolated): networkx {row['networkx']:.4g} s, igraph "
        f"{row['igraph']:.4g} s ({row['speedup']:.3g}x), max diff {row['max |diff|']:.1e}"
    )
    out["closeness (exact)"] = row

    t, scores = seconds(
        lambda: measures.centralities(
            network.Network(G), ["degree", "strength", "pagerank", "kcore"], engine="igraph"
        )
    )
    out["four measures from a networkx graph, converted once (seconds)"] = t
    log(f"  degree, strength, pagerank and kcore from a networkx graph with igraph: {t:.4g} s")

    for method, eng in (("louvain", "networkx"), ("louvain", "igraph"), ("leiden", "igraph")):
        secs, part = seconds(communities.communities, G, method, engine=eng, seed=seed)
        out[f"{method} ({eng})"] = {
            "seconds": secs,
            "communities": len(part.communities),
            "modularity": round(part.modularity or 0.0, 4),
        }
        log(
            f"  {method} ({eng}): {secs:.4g} s, {len(part.communities)} communities, "
            f"modularity {part.modularity:.4f}"
        )
    return out


def machine() -> dict[str, Any]:
    mem = memory_gib()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory": f"{mem:.0f} GB" if mem else "",
        "python": platform.python_version(),
        "platform": platform.platform(),
        **versions("networkx", "igraph", "scipy", "neo4j", "arcadedb-embedded"),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--actors", type=int, default=50_000)
    p.add_argument("--events", type=int, default=450_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sample", type=int, default=100, help="betweenness sources")
    p.add_argument(
        "--closeness-sample", type=int, default=measures.DEFAULT_SAMPLE, help="closeness sources (igraph)"
    )
    p.add_argument("--closeness-nx-sources", type=int, default=20, help="of those, timed with networkx")
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--quick", action="store_true", help="5k actors, 45k events")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args(argv)
    if args.quick:
        args.actors, args.events = 5_000, 45_000

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    results: dict[str, Any] = {"machine": machine(), "params": vars(args).copy()}
    results["params"]["json"] = str(args.json) if args.json else None

    with tempfile.TemporaryDirectory(prefix="graphtool-bench-") as tmp:
        home = Path(tmp) / "home"
        info, _ = start_server(home)
        settings = Settings(info.uri, info.user, info.password, info.database)
        db = GraphDB(settings)
        try:
            # Generate and load in a child process, so that this process's peak memory
            # is the projection's and the measures', not the generator's.
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(1) as pool:
                sizes, timings = pool.apply(
                    generate_and_load, (settings, args.actors, args.events, args.seed, args.batch_size)
                )
            results["sizes"] = sizes
            results["load"] = timings
            results["server RSS after load (MB)"] = rss_mb(info.pid)
            results["RSS before projection (MB)"] = round(current_rss_mb())

            log("projection ...")
            proj: dict[str, Any] = {}
            base = peak_mb()
            with timed(proj, "actor network for measuring, weights only (seconds)", log):
                net = fetch_network(db)
            proj["nodes"] = net.number_of_nodes()
            proj["links"] = net.number_of_edges()
            proj["peak RSS after (MB)"] = round(peak_mb())
            log(
                f"  {proj['nodes']:,} nodes, {proj['links']:,} links "
                f"(peak RSS {base:.0f} -> {peak_mb():.0f} MB)"
            )
            with timed(proj, "its networkx graph (seconds)", log):
                G = net.to_networkx()
            proj["total weight"] = int(G.size(weight="weight"))
            proj["peak RSS after networkx (MB)"] = round(peak_mb())
            proj["RSS after (MB)"] = round(current_rss_mb())
            with timed(proj, "actor network with events and citations (seconds)", log):
                full = fetch_graph(db, events=True)
            proj["peak RSS after full (MB)"] = round(peak_mb())
            assert full.number_of_edges() == G.number_of_edges()
            del full
            gc.collect()
            results["projection"] = proj
            results["server RSS after projection (MB)"] = rss_mb(info.pid)
        finally:
            db.close()
            stop_server(home)

        log("measures ...")
        results["measures"] = bench_measures(
            net,
            proj["its networkx graph (seconds)"],
            args.sample,
            args.closeness_sample,
            args.closeness_nx_sources,
            args.seed,
            log,
        )
        results["peak RSS (MB)"] = round(peak_mb())

    text = json.dumps(results, indent=2, default=str)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
