"""Edge-list loading benchmark: graphtool's streaming loader against the server's ceiling.

Writes a seeded edge list (``source,target,weight``: distinct undirected ties among
a tenth as many nodes, with hubs, as real data has) and measures, each in a child
process of its own with a fresh local graph server in a temporary home:

``graphtool``
    :func:`graphtool.store.load.load_paths` of the file, end to end: both passes over
    the file (checking, then writing), nodes, ties and ``CITES`` links; with the peak
    RSS of that Python process (the JVM is another process), which must not grow with
    the file.
``ceiling``
    The very rows graphtool writes (``bench/ceiling.py``) by raw ``UNWIND $rows ...
    CREATE`` batches, with the same driver, ``GraphDB.write_batches`` and batch size,
    into an empty graph with the same constraints, read from the file in one pass and
    sent as they come: the least any loader must do, timed from the file to the last
    commit like graphtool's run (which reads the file twice and checks it first).

Run by hand, never as a test::

    python bench/load_edges.py                  # 1,000,000 edges
    python bench/load_edges.py --edges 100000   # smaller
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import cpu_model, memory_gib, versions  # noqa: E402


def generate(path: Path, edges: int, seed: int) -> int:
    """``edges`` distinct undirected ties among ``edges // 10`` nodes; returns nodes."""
    rng = random.Random(seed)
    nodes = max(10, edges // 10)
    seen: set[int] = set()
    with open(path, "w", encoding="utf-8") as f:
        f.write("source,target,weight\n")
        while len(seen) < edges:
            a, b = int(nodes * rng.random() ** 2), rng.randrange(nodes)  # skew: hubs at low ids
            if a == b:
                continue
            lo, hi = min(a, b), max(a, b)
            code = lo * nodes + hi
            if code in seen:
                continue
            seen.add(code)
            f.write(f"n{a},n{b},{rng.randint(1, 5)}\n")
    return nodes


def _server(home: str) -> tuple[Any, int]:
    """A fresh local graph server in ``home``: the database and the JVM's pid."""
    from graphtool.store.db import GraphDB, Settings
    from graphtool.store.server import start_server

    info, _ = start_server(Path(home))
    settings = Settings(info.uri, info.writer.user, info.writer.password, info.database,
                        read_user=info.reader.user, read_password=info.reader.password, local_home=info.home)
    return GraphDB(settings), info.pid


def _cpu(pid: int) -> tuple[float, float, float]:
    """Wall clock, this process's CPU seconds and the JVM's, now."""
    from load import jvm_cpu_s

    return time.perf_counter(), time.process_time(), jvm_cpu_s(pid)


def _timed(start: tuple[float, float, float], pid: int) -> dict[str, Any]:
    end = _cpu(pid)
    return {"seconds": end[0] - start[0], "cpu_s": {"python": end[1] - start[1], "jvm": end[2] - start[2]},
            "load_average": os.getloadavg()[0]}


def run_graphtool(path: str, batch: int, out: Any) -> None:
    from graphtool.store.load import load_paths
    from graphtool.store.server import stop_server

    with tempfile.TemporaryDirectory(prefix="graphtool-bench-home-") as home:
        db, pid = _server(home)
        try:
            start = _cpu(pid)
            summary = load_paths(db, [path], batch_size=batch)
            timed = _timed(start, pid)
            rows = summary.created.get("nodes_created", 0) + summary.created.get("relationships_created", 0)
            out.put({**timed, "rows": rows, "created": dict(summary.created),
                     "python_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
        finally:
            db.close()
            stop_server(Path(home))


def run_ceiling(path: str, batch: int, out: Any) -> None:
    """The ceiling, end to end like graphtool's run: read the file once and send each
    batch of the very rows graphtool writes as soon as it is full (no checks, no second
    pass), so both are timed from the file to the last commit."""
    from ceiling import ceiling_batches

    from graphtool.store.load import apply_schema
    from graphtool.store.readers import ReadOptions, read_records
    from graphtool.store.server import stop_server

    with tempfile.TemporaryDirectory(prefix="graphtool-bench-home-") as home:
        db, pid = _server(home)
        try:
            start = _cpu(pid)
            apply_schema(db)
            records = read_records([path], options=ReadOptions("bench"))
            rows = 0
            for _, text, batch_rows in ceiling_batches(records, "bench", batch):
                db.write_batches(text, batch_rows, batch)
                rows += len(batch_rows)
            out.put({**_timed(start, pid), "rows": rows})
        finally:
            db.close()
            stop_server(Path(home))


def in_child(target: Any, *args: Any) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    result = q.get()
    p.join()
    return dict(result)


def _cpu_text(run: dict[str, Any]) -> str:
    cpu = run["cpu_s"]
    return f"CPU s python {cpu['python']:.1f} + JVM {cpu['jvm']:.1f}, load average {run['load_average']:.1f}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--edges", type=int, default=1_000_000)
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--repeat", type=int, default=1, help="runs of each, alternating; the fastest counts")
    p.add_argument("--json", type=Path)
    a = p.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="graphtool-bench-edges-") as tmp:
        path = Path(tmp) / "edges.csv"
        t = time.perf_counter()
        nodes = generate(path, a.edges, a.seed)
        log(f"generated {a.edges:,} edges among {nodes:,} nodes in {time.perf_counter() - t:.1f} s "
            f"({path.stat().st_size / 1e6:.0f} MB)")
        runs: dict[str, list[dict[str, Any]]] = {"graphtool": [], "ceiling": []}
        for i in range(a.repeat):
            g = in_child(run_graphtool, str(path), a.batch_size)
            log(f"graphtool run {i + 1}: {g['rows']:,} rows in {g['seconds']:.1f} s "
                f"({g['rows'] / g['seconds']:,.0f} rows/s), python peak {g['python_peak_mb']:.0f} MiB, "
                f"{_cpu_text(g)}")
            runs["graphtool"].append(g)
            c = in_child(run_ceiling, str(path), a.batch_size)
            log(f"ceiling run {i + 1}: {c['rows']:,} rows in {c['seconds']:.1f} s "
                f"({c['rows'] / c['seconds']:,.0f} rows/s), {_cpu_text(c)}")
            runs["ceiling"].append(c)
    g = min(runs["graphtool"], key=lambda r: r["seconds"])
    c = min(runs["ceiling"], key=lambda r: r["seconds"])
    results = {
        "machine": {"cpu": cpu_model(), "memory_gib": round(memory_gib(), 1),
                    **versions("arcadedb-embedded", "neo4j", "neo4j-rust-ext")},
        "args": vars(a) | {"json": str(a.json) if a.json else None},
        "runs": runs,
        "ratio_vs_ceiling": (g["rows"] / g["seconds"]) / (c["rows"] / c["seconds"]),
        "rows_match": g["rows"] == c["rows"],
    }
    print(f"edges {a.edges:,}: graphtool end to end {g['rows'] / g['seconds']:,.0f} rows/s "
          f"({g['seconds']:.1f} s), ceiling {c['rows'] / c['seconds']:,.0f} rows/s "
          f"({c['seconds']:.1f} s): "
          f"{results['ratio_vs_ceiling']:.2f}x; python peak {g['python_peak_mb']:.0f} MiB; same rows: "
          f"{results['rows_match']}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
