"""Datasets side by side, against the real local server: loading again, conflicts,
replacing, dropping, rolling back a failed load, and one writer at a time.

"The graph as it was" is checked by exporting it (every node and relationship with all
its properties) before and after, and comparing the text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graphtool.errors import DatasetExists, InvalidImportFile, WriteInProgress
from graphtool.store.datasets import WriteLock, list_datasets
from graphtool.store.db import GraphDB
from graphtool.store.load import load_paths

pytestmark = pytest.mark.server

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def snapshot(db: GraphDB, dataset: str | None = None) -> str:
    """Every fact (of one dataset, or all) with all its properties, as stable text."""
    where = "" if dataset is None else "WHERE $d IN n.datasets"
    nodes = db.read(f"MATCH (n) {where} RETURN labels(n) AS l, properties(n) AS p", {"d": dataset})
    rwhere = "" if dataset is None else "WHERE $d IN r.datasets"
    rels = db.read(f"MATCH (a)-[r]->(b) {rwhere} RETURN a.id AS a, type(r) AS t, b.id AS b, "
                   "properties(r) AS p", {"d": dataset})
    facts = [json.dumps(x, sort_keys=True) for x in nodes] + [json.dumps(x, sort_keys=True) for x in rels]
    return "\n".join(sorted(facts))


def copy_mini(tmp_path: Path, name: str = "mini") -> Path:
    folder = tmp_path / name
    shutil.copytree(DATA / "mini", folder)
    return folder


def test_loading_the_same_files_again_changes_nothing_and_says_so(db, run_cli) -> None:
    first = run_cli("load", str(DATA / "mini"))
    assert first.exit_code == 0, first.stderr
    before = snapshot(db)
    again = run_cli("load", str(DATA / "mini"))
    assert again.exit_code == 0
    loaded = list_datasets(db)[0].loaded_at
    assert again.stderr == (f"Dataset 'mini' is already loaded from these files (since {loaded}); "
                            "nothing changed.\n")
    assert snapshot(db) == before


def test_other_files_under_a_loaded_name_are_refused(db, tmp_path) -> None:
    load_paths(db, [DATA / "mini"])
    before = snapshot(db)
    changed = copy_mini(tmp_path)
    (changed / "actors.csv").write_text((changed / "actors.csv").read_text().replace("Alpha", "Alpha Land"))
    with pytest.raises(DatasetExists) as caught:
        load_paths(db, [changed])
    info = list_datasets(db)[0]
    assert str(caught.value) == (
        f"dataset 'mini' is already loaded (since {info.loaded_at}, from {', '.join(info.files[:3])} and "
        f"{len(info.files) - 3} more) and these files differ from it; nothing was written. Pass --replace "
        "to reload it in place, or --dataset NAME to load these files as another dataset.")
    assert snapshot(db) == before


def test_the_bundled_dataset_twice(db, run_cli) -> None:
    assert run_cli("load").exit_code == 0
    again = run_cli("load")
    assert again.exit_code == 0
    assert again.stderr.startswith("Dataset 'bundled' is already loaded from these files (since ")
    listed = json.loads(run_cli("datasets", "--json").stdout)
    from graphtool.paths import bundled_import_dir
    from graphtool.store.readers import read_paths

    counts = read_paths([bundled_import_dir()]).counts()
    assert [(d["dataset"], d["status"], d["nodes"], d["relationships"]) for d in listed] == [
        ("bundled", "loaded", sum(counts["nodes"].values()), sum(counts["relationships"].values()))]
    assert listed[0]["sources"] == ["eprs-2015", "fpri-2022", "icg-2013", "irb-2015", "sco-agenda-2011"]


def test_a_second_dataset_keeps_the_first_as_it_was(db, run_cli, tmp_path) -> None:
    """B reuses A's ids: a conflicting name is reported and kept per dataset; dropping B
    gives back exactly what A stated."""
    load_paths(db, [DATA / "mini"], dataset="a")
    only_a = snapshot(db)
    b = copy_mini(tmp_path, "b")
    (b / "actors.csv").write_text(
        "id,name,kind,aliases,source,locator\n"
        "a,Alpha Republic,state,Alphia,doc1,line 10\n"  # same actor, another name and alias
        "z,Zeta,state,,doc1,line 11\n")
    (b / "events.csv").unlink()
    (b / "places.csv").unlink()
    (b / "relations.csv").write_text(
        "from,type,to,role,since,source,locator\n"
        "a,PARTICIPATED_IN,e1,participant,,doc1,line 12\n"  # a fact A states too
        "z,PARTICIPATED_IN,e1,participant,,doc1,line 13\n")
    result = run_cli("load", str(b), "--dataset", "b")
    assert result.exit_code == 0, result.stderr
    warning = result.stderr.splitlines()[0]
    assert warning == (
        f"Warning: {b / 'actors.csv'} line 2: Actor 'a': name is 'Alpha Republic' here but 'Alpha' in "
        f"dataset 'a' ({DATA / 'mini' / 'sources.csv'}, {DATA / 'mini' / 'actors.csv'} ...); both are "
        "kept, 'a' first")
    node = db.read("MATCH (n:Actor {id: 'a'}) RETURN n.name AS name, n.aliases AS aliases, "
                   "n.datasets AS datasets, n.sources AS sources, n.locators AS locators")[0]
    assert node == {"name": "Alpha", "aliases": ["Alfa", "A-land", "Alphia"], "datasets": ["a", "b"],
                    "sources": ["doc1", "doc1"], "locators": ["line 1", "line 10"]}
    rel = db.read("MATCH (:Actor {id: 'a'})-[r:PARTICIPATED_IN {role: 'participant'}]->(:Event {id: 'e1'}) "
                  "RETURN r.datasets AS d, r.locators AS l")
    assert rel == [{"d": ["a", "b"], "l": ["table 1, row 1", "line 9", "line 12"]}]
    cites = db.read("MATCH (:Actor {id: 'a'})-[c:CITES]->(s:Source) RETURN s.id AS s, c.datasets AS d, "
                    "c.locators AS l ORDER BY d[0]")
    assert cites == [{"s": "doc1", "d": ["a"], "l": ["line 1"]}, {"s": "doc1", "d": ["b"], "l": ["line 10"]}]
    assert snapshot(db, "a") != only_a  # b's claims sit on a's facts ...

    dropped = run_cli("drop", "b")
    assert dropped.exit_code == 0, dropped.stderr
    assert dropped.stderr == ("Dropped dataset 'b': 1 nodes and 3 relationships removed; 2 nodes and 1 "
                              "relationships stay, stated by other datasets.\n")
    assert snapshot(db) == only_a  # ... and dropping b gives a's back exactly


def test_same_id_with_another_label_names_both(db, tmp_path) -> None:
    load_paths(db, [DATA / "mini"], dataset="a")
    before = snapshot(db)
    b = tmp_path / "b"
    b.mkdir()
    (b / "places.csv").write_text("id,name,kind,source,locator\na,Alpha town,city,doc1,line 2\n")
    with pytest.raises(InvalidImportFile) as caught:
        load_paths(db, [b])
    assert [str(p) for p in caught.value.problems] == [
        f"{b / 'places.csv'} line 2: id 'a' is a Place here but the graph holds it as an Actor "
        "(dataset 'a'); one id names one node"]
    assert snapshot(db) == before


def test_replace_reloads_in_place_and_leaves_the_others_as_they_were(db, run_cli, tmp_path) -> None:
    load_paths(db, [DATA / "mini"], dataset="a")
    other = tmp_path / "other"
    other.mkdir()
    (other / "actors.csv").write_text("id,name,kind,source,locator\no,Omega,state,doc1,line 20\n")
    (other / "relations.csv").write_text("from,type,to,source,locator\no,PARTICIPATED_IN,e1,doc1,line 21\n")
    load_paths(db, [other], dataset="other")
    others_before = snapshot(db, "other")
    new = copy_mini(tmp_path)
    (new / "actors.csv").write_text((new / "actors.csv").read_text().replace("Gamma", "Gamma Two"))
    rels = (new / "relations.csv").read_text().splitlines()
    (new / "relations.csv").write_text("\n".join(r for r in rels if "PART_OF" not in r) + "\n")
    refused = run_cli("load", str(new), "--dataset", "a")
    assert refused.exit_code == 1 and "Pass --replace" in refused.stderr
    done = run_cli("load", str(new), "--dataset", "a", "--replace")
    assert done.exit_code == 0, done.stderr
    assert done.stderr.startswith("Reloaded dataset 'a': 9 nodes and 9 relationships from 5 file(s)")
    assert db.read("MATCH (n:Actor {id: 'c'}) RETURN n.name AS n, n.datasets AS d") == [
        {"n": "Gamma Two", "d": ["a"]}]
    assert db.read("MATCH ()-[r:PART_OF]->() RETURN count(r) AS n") == [{"n": 0}]
    assert [d.name for d in list_datasets(db)] == ["a", "other"]
    assert snapshot(db, "other") == others_before


def test_a_load_that_fails_midway_leaves_the_graph_as_it_was(db, tmp_path) -> None:
    load_paths(db, [DATA / "mini"], dataset="a")
    before = snapshot(db)
    b = copy_mini(tmp_path, "b")

    def fail_midway(done: int, total: int) -> None:
        if done >= 4:  # after some nodes were committed
            raise RuntimeError("the disk filled up")

    with pytest.raises(RuntimeError, match="the disk filled up"):
        load_paths(db, [b], dataset="b", progress=fail_midway)
    assert snapshot(db) == before
    assert [d.name for d in list_datasets(db)] == ["a"]
    assert db.read("MATCH (l:WriteLock) RETURN count(l) AS n") == [{"n": 0}]


def test_a_load_killed_midway_is_rolled_back_by_the_next(db, server_settings, tmp_path) -> None:
    """A process killed outright (no clean-up at all) leaves its dataset 'loading' and
    the lock held by a dead pid; the next load takes the lock and removes the rest."""
    load_paths(db, [DATA / "mini"], dataset="a")
    before = snapshot(db)
    b = copy_mini(tmp_path, "b")
    home = server_settings.local_home
    script = (
        "import os, sys\n"
        "from graphtool.store.db import connect\n"
        "from graphtool.store.load import load_paths\n"
        "def die(done, total):\n"
        "    if done >= 4:\n"
        "        os._exit(9)\n"
        f"load_paths(connect(), [{str(b)!r}], dataset='b', progress=die)\n"
    )
    env = {**os.environ, "GRAPHTOOL_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("NEO4J_URI", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 9, done.stderr
    assert [(d.name, d.status) for d in list_datasets(db)] == [("a", "loaded"), ("b", "loading")]
    assert db.read("MATCH (l:WriteLock) RETURN count(l) AS n") == [{"n": 1}]

    notices: list[str] = []
    other = tmp_path / "c"
    other.mkdir()
    (other / "actors.csv").write_text("id,name,kind,source,locator\nq,Qoppa,state,doc1,line 30\n")
    load_paths(db, [other], dataset="c", notify=notices.append)
    assert notices == ["Removed what an interrupted load of dataset 'b' had written."]
    assert [d.name for d in list_datasets(db)] == ["a", "c"]
    from graphtool.store.datasets import drop_dataset

    lock = WriteLock(db, "test")
    lock.acquire()
    try:
        drop_dataset(db, "c", lock=lock)
    finally:
        lock.release()
    assert snapshot(db) == before


def test_one_writer_at_a_time(db, run_cli) -> None:
    holder = WriteLock(db, "loading dataset 'slow'")
    holder.acquire()
    try:
        before = snapshot(db)
        result = run_cli("load", str(DATA / "mini"))
        assert result.exit_code == 1
        assert re.fullmatch(
            r"Error: another graphtool process is writing to this graph \(loading dataset 'slow', pid "
            rf"{os.getpid()} on \S+, for \d+ s\); nothing was written\. Try again when it has finished\.\n",
            result.stderr), result.stderr
        assert snapshot(db) == before
        with pytest.raises(WriteInProgress):
            WriteLock(db, "another").acquire()
    finally:
        holder.release()
    assert run_cli("load", str(DATA / "mini")).exit_code == 0


def test_drop_is_refused_when_another_dataset_needs_it(db, run_cli, tmp_path) -> None:
    load_paths(db, [DATA / "mini"], dataset="a")
    b = tmp_path / "b"
    b.mkdir()
    (b / "relations.csv").write_text("from,type,to,source,locator\nd,PARTICIPATED_IN,e1,doc1,line 40\n")
    load_paths(db, [b], dataset="b")
    before = snapshot(db)
    result = run_cli("drop", "a")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: dataset 'a' cannot be dropped: other datasets' relationships need nodes only it states: ")
    assert result.stderr.endswith(
        "Drop those datasets first, or load the nodes they need in them. Nothing was changed.\n")
    assert snapshot(db) == before
    unknown = run_cli("drop", "zz")
    assert (unknown.exit_code, unknown.stderr) == (1, "Error: no dataset 'zz' in the graph (loaded: a, b).\n")


def test_datasets_lists_them(db, run_cli) -> None:
    empty = run_cli("datasets").stderr
    assert empty == "The graph holds no datasets; 'graphtool load' loads the bundled one.\n"
    load_paths(db, [DATA / "mini"], dataset="a")
    rows: list[dict[str, Any]] = json.loads(run_cli("datasets", "--json").stdout)
    assert [(r["dataset"], r["status"], r["nodes"], r["relationships"], r["sources"]) for r in rows] == [
        ("a", "loaded", 9, 10, ["doc1"])]
    assert len(rows[0]["files"]) == 5


def test_a_graph_of_graphtool_0_1_becomes_dataset_unnamed(db) -> None:
    db.write("CREATE (:Actor {id: 'old', name: 'Old', kind: 'state', sources: ['doc1'], locators: ['x']})")
    notices: list[str] = []
    load_paths(db, [DATA / "mini"], dataset="a", notify=notices.append)
    assert notices == ["This graph was loaded by graphtool 0.1: its facts are now dataset 'unnamed' "
                       "('graphtool datasets' lists it; 'graphtool drop unnamed' removes it)."]
    assert db.read("MATCH (n:Actor {id: 'old'}) RETURN n.datasets AS d") == [{"d": ["unnamed"]}]
    assert [d.name for d in list_datasets(db)] == ["a", "unnamed"]


def _export(run_cli, *args: str) -> str:
    result = run_cli("export", "--format", "graphml", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_analyses_select_datasets_and_see_only_their_claims(db, run_cli, tmp_path) -> None:
    """--dataset keeps what a dataset states, as it states it: exports of one dataset
    are byte-identical before and after another is loaded beside it, replaced, dropped."""
    load_paths(db, [DATA / "mini"], dataset="a")
    alone = {net: _export(run_cli, "--network", net, "--dataset", "a") for net in ("raw", "actors")}
    everything = {net: _export(run_cli, "--network", net) for net in ("raw", "actors")}
    measures = run_cli("centrality", "--dataset", "a", "--json").stdout
    b = copy_mini(tmp_path, "b")
    (b / "actors.csv").write_text("id,name,kind,source,locator\na,Alpha Republic,state,doc1,line 10\n"
                                  "z,Zeta,state,doc1,line 11\n")
    (b / "events.csv").unlink()
    (b / "places.csv").unlink()
    (b / "relations.csv").write_text("from,type,to,source,locator\nz,PARTICIPATED_IN,e1,doc1,line 12\n"
                                     "a,PARTICIPATED_IN,e1,doc1,line 13\n")
    load_paths(db, [b], dataset="b")
    for net, text in alone.items():
        assert _export(run_cli, "--network", net, "--dataset", "a") == text, net
    assert run_cli("centrality", "--dataset", "a", "--json").stdout == measures
    both = json.loads(run_cli("centrality", "--json").stdout)
    assert {r["id"] for r in both} == {"a", "b", "c", "d", "z"}
    only_b = json.loads(run_cli("centrality", "--dataset", "b", "--json").stdout)
    assert [(r["id"], r["name"]) for r in only_b] == [("a", "Alpha Republic"), ("z", "Zeta")]
    # Reloading b, then dropping it, leaves a's exports as they were.
    (b / "relations.csv").write_text("from,type,to,source,locator\nz,PARTICIPATED_IN,e2,doc1,line 14\n")
    load_paths(db, [b], dataset="b", replace=True)
    for net, text in alone.items():
        assert _export(run_cli, "--network", net, "--dataset", "a") == text, net
    assert run_cli("drop", "b").exit_code == 0
    for net, text in everything.items():
        assert _export(run_cli, "--network", net) == text, net
