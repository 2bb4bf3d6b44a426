"""Projection benchmark: reading a million participations into the network measures read.

Loads the network of ``bench/analyze.py`` (50,000 actors, 450,000 events, about 1M
``PARTICIPATED_IN`` relationships, by ``UNWIND ... CREATE``) into a fresh local graph
server and times :func:`graphtool.projection.fetch_network` of the actor network
(``centrality`` and ``trend`` read it), from the first statement to the finished
network, several times, with ``perf_counter``. The driver decodes with its Rust codec
(``neo4j-rust-ext``, a dependency) when it is installed; the run says which.

Run by hand, never as a test::

    python bench/projection.py              # full size
    python bench/projection.py --quick      # 5k actors, 45k events
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import cpu_model, memory_gib, versions  # noqa: E402
from analyze import generate_and_load  # noqa: E402

from graphtool.projection import fetch_network  # noqa: E402
from graphtool.store.db import GraphDB, Settings  # noqa: E402
from graphtool.store.server import start_server, stop_server  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--actors", type=int, default=50_000)
    p.add_argument("--events", type=int, default=450_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", type=Path)
    a = p.parse_args(argv)
    if a.quick:
        a.actors, a.events = 5_000, 45_000
    rust = importlib.util.find_spec("neo4j._rust") is not None
    with tempfile.TemporaryDirectory(prefix="graphtool-bench-home-") as home:
        info, _ = start_server(Path(home))
        settings = Settings(info.uri, info.writer.user, info.writer.password, info.database,
                            read_user=info.reader.user, read_password=info.reader.password)
        try:
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(1) as pool:
                sizes, _ = pool.apply(generate_and_load, (settings, a.actors, a.events, 1, 5000))
            times = []
            for i in range(a.repeat):
                with GraphDB(settings) as db:
                    t = time.perf_counter()
                    net = fetch_network(db)
                    times.append(time.perf_counter() - t)
                print(f"fetch_network run {i + 1}: {times[-1]:.3f} s ({net.number_of_nodes():,} nodes, "
                      f"{net.number_of_edges():,} links)", file=sys.stderr, flush=True)
        finally:
            stop_server(Path(home))
    result = {
        "machine": {"cpu": cpu_model(), "memory_gib": round(memory_gib(), 1),
                    **versions("arcadedb-embedded", "neo4j", "neo4j-rust-ext")},
        "rust_codec": rust,
        "sizes": sizes,
        "fetch_network_s": times,
        "best_s": min(times),
    }
    print(f"{sizes['participations']:,} participations: fetch_network best {min(times):.3f} s "
          f"of {len(times)} (rust codec: {rust})")
    if a.json:
        a.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
