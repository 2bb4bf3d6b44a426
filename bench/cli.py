"""CLI latency benchmark: how long the commands people type take, end to end.

Measures, as new processes (what a person waits for):

``--help``
    ``graphtool --help``: must stay under 0.3 s, so the CLI imports nothing heavy
    (neo4j, networkx, pyvis, prompt_toolkit) until a command needs it.
``query (NEO4J_URI)``
    ``graphtool query "RETURN 1"`` against a running local server named by ``NEO4J_URI``:
    must stay under 1 s (start, import the driver, connect, run, print).
``query (local server)``
    The same with no ``NEO4J_URI``: graphtool finds its own running local server in
    ``$GRAPHTOOL_HOME`` (the default set-up).
``named query``
    ``graphtool query who_trains_whom --csv`` on the bundled dataset (reads and parses
    the named-query library too).

It starts a fresh local graph server in a temporary home, loads the bundled dataset,
and times each command with hyperfine when it is installed (``apt-get install
hyperfine``), else with a loop of subprocesses here (median of ``--runs``). It also
checks which heavy modules ``graphtool --help`` imports (none may be). Run it by hand,
never as a test::

    python bench/cli.py
    python bench/cli.py --runs 30 --json cli-latency.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"--help": 0.3, "query (NEO4J_URI)": 1.0, "query (local server)": 1.0, "named query": 1.0}
HEAVY = ("neo4j", "networkx", "pyvis", "prompt_toolkit", "igraph")


def _graphtool() -> list[str]:
    exe = shutil.which("graphtool")
    return [exe] if exe else [sys.executable, "-m", "graphtool"]


def _time_loop(cmd: list[str], env: dict[str, str], runs: int, warmup: int) -> dict[str, float]:
    for _ in range(warmup):
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "mean": statistics.fmean(times),
            "min": min(times), "max": max(times), "runs": runs}


def _time_hyperfine(cmd: list[str], env: dict[str, str], runs: int, warmup: int) -> dict[str, float]:
    import shlex

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.json"
        subprocess.run(
            ["hyperfine", "--style", "none", "--warmup", str(warmup), "--runs", str(runs), "-N",
             "--export-json", str(out), shlex.join(cmd)],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )
        r = json.loads(out.read_text())["results"][0]
    return {"median": r["median"], "mean": r["mean"], "min": r["min"], "max": r["max"], "runs": runs}


def heavy_imports_of_help(env: dict[str, str]) -> list[str]:
    """The heavy top-level modules that ``graphtool --help`` imports (should be none)."""
    code = ("import sys; sys.argv=['graphtool','--help']\n"
            "from graphtool.cli import cli\n"
            "try:\n    cli(prog_name='graphtool')\nexcept SystemExit:\n    pass\n"
            f"print('\\n'.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return [m for m in done.stderr.split() if m]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-hyperfine", action="store_true", help="Time with a Python loop.")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()

    from graphtool.paths import bundled_import_dir
    from graphtool.store.db import GraphDB, Settings
    from graphtool.store.load import load_paths
    from graphtool.store.server import start_server, stop_server

    use_hyperfine = shutil.which("hyperfine") is not None and not args.no_hyperfine
    timer = _time_hyperfine if use_hyperfine else _time_loop
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPHTOOL_"))}
    base["PYTHONPATH"] = str(ROOT) + os.pathsep + base.get("PYTHONPATH", "")
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        info, _ = start_server(home)
        try:
            db = GraphDB(Settings(info.uri, info.user, info.password, info.database))
            load_paths(db, [bundled_import_dir()])
            db.close()
            local = {**base, "GRAPHTOOL_HOME": str(home)}
            remote = {**local, "NEO4J_URI": info.uri, "NEO4J_USERNAME": info.user,
                      "NEO4J_PASSWORD": info.password, "NEO4J_DATABASE": info.database or ""}
            gt = _graphtool()
            cases = {
                "--help": (gt + ["--help"], local),
                "query (NEO4J_URI)": (gt + ["query", "RETURN 1"], remote),
                "query (local server)": (gt + ["query", "RETURN 1"], local),
                "named query": (gt + ["query", "who_trains_whom", "--csv"], local),
            }
            for name, (cmd, env) in cases.items():
                results[name] = timer(cmd, env, args.runs, args.warmup)
            heavy = heavy_imports_of_help(local)
        finally:
            stop_server(home)

    print(f"CLI latency ({'hyperfine' if use_hyperfine else 'subprocess loop'}, {args.runs} runs, "
          f"{' '.join(_graphtool())}, Python {platform.python_version()}, {os.cpu_count()} cores)")
    print()
    print("| command | median | min | max | target | |")
    print("|---|---:|---:|---:|---:|---|")
    ok = True
    for name, r in results.items():
        target = TARGETS[name]
        passed = r["median"] < target
        ok &= passed
        print(f"| {name} | {r['median']:.3f} s | {r['min']:.3f} s | {r['max']:.3f} s | "
              f"< {target} s | {'ok' if passed else 'SLOW'} |")
    print()
    print("Heavy modules imported by --help:", ", ".join(heavy) or "none")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "heavy_imports_of_help": heavy,
                                         "hyperfine": use_hyperfine}, indent=2))
    return 0 if ok and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
