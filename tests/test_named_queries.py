"""The named-query library against the bundled dataset, each with an expected answer.

The answers were worked out from the import CSVs (not from the queries): the FPRI
report's appendix tables (import/*-fpri-appendix.csv, fpri-2022 = the FPRI report,
"China's Security Management towards Central Asia", 2022) and the narrative facts
(import/*-narrative.csv). Comments say which rows give each answer. When the bundled
data changes, these numbers change with it: re-derive them from the CSVs.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest

from graphtool.explore import Statement, bind_params, run_statement
from graphtool.store.db import GraphDB
from graphtool.store.queries import get_named_query, named_queries

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def bundled(_session_db: GraphDB) -> Iterator[GraphDB]:
    """The bundled dataset, loaded once for this module (its tests only read)."""
    from graphtool.paths import bundled_import_dir
    from graphtool.store.load import clear_graph, load_paths

    clear_graph(_session_db)
    load_paths(_session_db, [bundled_import_dir()])
    yield _session_db


def run(db: GraphDB, name: str, *items: str) -> list[dict[str, Any]]:
    """Run a named query as 'graphtool query NAME -p ...' does (read-only, typed params)."""
    q = get_named_query(name)
    return run_statement(db, Statement(q.text, q), bind_params(q, items)).rows


def test_every_named_query_runs_read_only_on_the_bundled_data(bundled) -> None:
    samples = {
        "partners_by_year": ["actor=kg"], "exercises_of": ["state=kg"], "discussed_between": ["a=kg", "b=cn"],
        "topics_between": ["a=kg", "b=cn"], "events_citing": ["source=fpri-2022"], "find": ["text=mia"],
        "parts_of": ["id=cn"], "neighbours": ["id=sco"], "timeline": ["actor=kz"],
        "path_between": ["a=kg", "b=cn"],
    }
    for name in named_queries():
        rows = run(bundled, name, *samples.get(name, []))
        assert isinstance(rows, list), name


def test_uncited_finds_nothing(bundled) -> None:
    # Every row of every import file cites a document (docs/import-format.md), and the
    # loader links each node to its documents with CITES.
    assert run(bundled, "uncited") == []


def test_exercises_of_kyrgyzstan(bundled) -> None:
    rows = run(bundled, "exercises_of", "state=kg")
    # Appendix 3, Kyrgyzstan rows 1-5 (fpri-a3-kg-01..05: bilateral, through kg agencies);
    # appendix 2 rows 1, 4-7, 9-15 list Kyrgyzstan; the narrative file adds kg to
    # fpri-a2-08 and fpri-a2-16 and the 2014 SCO exercise with Uzbekistan (relations-narrative.csv).
    assert sorted(r["event"] for r in rows) == sorted(
        ["fpri-a3-kg-01", "fpri-a3-kg-02", "fpri-a3-kg-03", "fpri-a3-kg-04", "fpri-a3-kg-05"]
        + [f"fpri-a2-{n:02d}" for n in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)]
        + ["exercise-2014-03-sco-uz-kg"]
    )
    by_id = {r["event"]: r for r in rows}
    # Appendix 3, Kyrgyzstan row 1: Urumqi, Aug 2019, 150 personnel, the Kyrgyz National Guard
    # with China's PAP.
    urumqi = by_id["fpri-a3-kg-01"]
    assert (urumqi["date"], urumqi["size"], urumqi["via"], urumqi["withStates"]) == (
        "2019-08", 150, ["kg-national-guard"], ["cn"])
    # Appendix 2 row 1: Xiamen 2019 with China, Russia, Kazakhstan, Uzbekistan, Tajikistan, Pakistan, India.
    assert sorted(by_id["fpri-a2-01"]["withStates"]) == ["cn", "in", "kz", "pk", "ru", "tj", "uz"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    # The 2003 Ili valley row: China took part; Russia, Kazakhstan and Tajikistan only
    # observed (sco-agenda-2011 line 17), so they are not among the states taking part.
    ili = by_id["fpri-a2-16"]
    assert (ili["withStates"], ili["observers"]) == (["cn"], ["kz", "ru", "tj"])
    # Appendix 2 rows 2 and 3 (Chebarkul 2018, Xiamen 2017): participants cell blank;
    # Kyrgyzstan only inferred from the row above, so listed with inferred=true only.
    inferred = {r["event"] for r in run(bundled, "exercises_of", "state=kg", "inferred=true")}
    assert inferred - set(by_id) == {"fpri-a2-02", "fpri-a2-03"}


def test_observers_do_not_take_part_and_hosts_do(bundled) -> None:
    russia = {r["event"]: r for r in run(bundled, "exercises_of", "state=ru")}
    # Russia observed the 2003 Ili valley exercise (not listed) and hosted Chebarkul 2018
    # (appendix 2, row 2: the location cell names Russia; the participants cell is blank).
    assert "fpri-a2-16" not in russia
    assert russia["fpri-a2-02"]["via"] == ["ru"]
    assert sorted(russia["fpri-a2-02"]["withStates"]) == ["cn", "in", "pk"]


def test_who_trains_whom_chinese_agencies_train_central_asian_ones(bundled) -> None:
    rows = run(bundled, "who_trains_whom")
    # Appendix 4: the MPS courses (role trainer cn-mps, trainee the interior ministry):
    # Tajikistan 14 rows, Kyrgyzstan 12, Uzbekistan 11, Kazakhstan 9.
    top = [(r["trainer"], r["state"], r["trainee"], r["trainings"]) for r in rows[:4]]
    assert top == [("cn-mps", "tj", "tj-mia", 14), ("cn-mps", "kg", "kg-mia", 12),
                   ("cn-mps", "uz", "uz-mia", 11), ("cn-mps", "kz", "kz-mia", 9)]
    # 19 pairs: appendix 4, Uzbekistan, row 6 (the safe-tourism course in Shanghai) now
    # has China itself as its trainer, as the rows that name no Chinese body do.
    assert len(rows) == 19
    assert all(r["state"] in {"kz", "kg", "tj", "uz", "tm"} for r in rows)
    assert (rows[0]["first"], rows[0]["last"]) == (2015, 2019)
    only_kg = run(bundled, "who_trains_whom", "trainee_states=kg")
    assert {r["state"] for r in only_kg} == {"kg"}
    assert sum(r["trainings"] for r in only_kg) == sum(r["trainings"] for r in rows if r["state"] == "kg")


def test_transfers_by_donor_from_china(bundled) -> None:
    rows = run(bundled, "transfers_by_donor", "donor=cn")
    # Appendix 5 donors and suppliers rolled up to China (PART_OF; the companies through
    # LOCATED_IN), and China itself: the narrative's 7 transfers (1991, 1993, 2000, 2002,
    # 2007, 2008-08, one undated) and the 14 rows of appendix 5 whose China cell is blank
    # or Unknown, where the column says the party is Chinese.
    assert [(r["donor"], r["transfers"]) for r in rows] == [
        ("cn", 21), ("cn-mod", 10), ("cn-mps", 8), ("cn-cmc", 2), ("cn-embassy-kg", 2),
        ("cn-embassy-kz", 2), ("cn-avic", 1), ("cn-border-guards", 1), ("cn-consulate-osh", 1),
        ("cn-huawei", 1), ("cn-mic", 1), ("cn-office-ambassador-kyrgyzstan", 1), ("cn-pla", 1),
    ]
    mps = next(r for r in rows if r["donor"] == "cn-mps")
    assert sorted(mps["recipients"]) == ["kg-border-service", "kg-mia", "kz-mia", "tj-mia"]
    # Appendix 5, Kyrgyzstan row 1: the PLA's vehicles, May 2021.
    assert run(bundled, "transfers_by_donor", "donor=cn-pla") == [
        {"donor": "cn-pla", "name": "People's Liberation Army", "transfers": 1,
         "recipients": ["kg-mod"], "first": 2021, "last": 2021}]
    everyone = run(bundled, "transfers_by_donor")
    assert {"cn-avic", "cn-huawei", "cn-mic"} <= {r["donor"] for r in everyone}
    assert run(bundled, "transfers_by_donor", "donor=cn", "start=2021") == [
        {"donor": "cn-pla", "name": "People's Liberation Army", "transfers": 1,
         "recipients": ["kg-mod"], "first": 2021, "last": 2021}]


def test_what_turkmenistan_and_china_discussed(bundled) -> None:
    rows = run(bundled, "discussed_between", "a=tm", "b=cn")
    # Appendix 1, Turkmenistan: 24 rows (fpri-a1-tm-01..24), the first in Aug 1999; the
    # narrative's Li Peng visit of 1994 (icg-2013; Li Peng holds the premier's office) and
    # the security subcommittee of June 2021 (fpri-2022 footnote 70).
    assert sorted(r["event"] for r in rows) == [f"fpri-a1-tm-{n:02d}" for n in range(1, 25)] + [
        "meeting-1994-li-peng-turkmenistan", "meeting-2021-06-cn-tm-security-subcommittee"]
    assert rows[0]["date"] == "1994" and rows[1]["date"] == "1999-08" and rows[1]["topics"] == []
    # Row 23 (Nov 2000): separatism, extremism, terrorism.
    nov_2000 = next(r for r in rows if r["event"] == "fpri-a1-tm-23")
    assert sorted(nov_2000["topics"]) == ["extremism", "separatism", "terrorism"]
    assert run(bundled, "discussed_between", "a=cn", "b=tm") == rows
    assert len(run(bundled, "discussed_between", "a=tm", "b=cn", "start=2010", "end=2010")) == 2


def test_topics_kyrgyzstan_and_china_discussed(bundled) -> None:
    rows = run(bundled, "topics_between", "a=kg", "b=cn")
    # Counting CONCERNS rows of the kg-cn talks (appendix 1, Kyrgyzstan, and the narrative
    # meetings): 'three evils' 27, regional security 11, law enforcement cooperation 10.
    # (The East Turkestan movement is a group the meetings TARGET, not a topic.)
    assert [(r["topic"], r["events"]) for r in rows[:3]] == [
        ("topic-three-evils", 27), ("topic-regional-security", 11), ("topic-law-enforcement-cooperation", 10)]
    assert len(rows) == 25
    assert (rows[0]["first"], rows[0]["last"]) == (2002, 2020)


def test_topics_between_takes_the_window_of_its_twin(bundled) -> None:
    rows = run(bundled, "topics_between", "a=kg", "b=cn", "start=2010", "end=2012")
    # Appendix 1, Kyrgyzstan rows for 2010-2012 (fpri-a1-kg-25..34, ten meetings): 'three
    # evils' in rows 25, 26, 29, 31, 32 and 33; 'internal conflict in Kyrgyzstan' in 32 and 34.
    assert rows[0] == {"topic": "topic-three-evils", "name": "three evils", "events": 6,
                       "first": 2010, "last": 2012}
    assert {(r["topic"], r["events"]) for r in rows} >= {("topic-internal-conflict-in-kyrgyzstan", 2)}
    # The same counts as its twin's rows for the same window.
    talks = run(bundled, "discussed_between", "a=kg", "b=cn", "start=2010", "end=2012")
    # ... and two narrative meetings of 2012 between office-holders (HOLDS): Atambayev with
    # Ma Xiaotian, Satybaldiev with Wen Jiabao in Bishkek.
    assert sorted(t["event"] for t in talks) == [f"fpri-a1-kg-{n}" for n in range(25, 35)] + [
        "meeting-2012-12-bishkek-sco", "meeting-2012-atambayev-ma-xiaotian"]
    counted: dict[str, int] = {}
    for t in talks:
        for name in t["topics"]:
            counted[name] = counted.get(name, 0) + 1
    assert {r["name"]: r["events"] for r in rows} == counted
    assert run(bundled, "topics_between", "a=kg", "b=cn", "start=2030") == []


def test_path_between_bounds_the_search_in_the_pattern(bundled, run_cli) -> None:
    q = get_named_query("path_between")
    assert "*..__max_hops__]" in q.text and "length(p) <=" not in q.text
    assert "*..2]" in q.render(bind_params(q, ["a=kg-mia", "b=cn-mps", "max_hops=2"]))
    # kg-mia and cn-mps are two hops apart (see test_timeline_parts_neighbours_find_and_path).
    assert run(bundled, "path_between", "a=kg-mia", "b=cn-mps", "max_hops=1") == []
    assert [r["hops"] for r in run(bundled, "path_between", "a=kg-mia", "b=cn-mps", "max_hops=2")] == [2]
    assert [r["hops"] for r in run(bundled, "path_between", "a=kg-mia", "b=cn-mps", "max_hops=8")] == [2]
    assert run(bundled, "path_between", "a=kg-mia", "b=kg-mia") == []
    for bad in ("0", "9"):
        result = run_cli("query", "path_between", "-p", "a=kg", "-p", "b=cn", "-p", f"max_hops={bad}")
        assert (result.exit_code, result.stderr) == (
            2, f"Error: parameter 'max_hops' of query 'path_between' must be an integer from 1 to 8, "
            f"got {bad}\n")
    listed = run_cli("queries", "path_between")
    assert "  max_hops int[1..8] = 6  longest chain looked for" in listed.stdout.splitlines()


def _plan(settings: Any, text: str, **params: Any) -> str:
    """The EXPLAIN plan of ``text``, as text (graphtool itself never asks for plans)."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        with driver.session(database=settings.database) as session:
            plan = session.run("EXPLAIN " + text, params).consume().plan
    return json.dumps(plan)


def test_id_lookups_name_labels_so_the_server_seeks_its_id_indexes(bundled, server_settings) -> None:
    """The portable form of a lookup by id among some labels is the label disjunction in
    the pattern, ``(n:Actor|Organisation {id: $id})``: both servers seek each label's
    uniqueness index. Without labels, or with ``WHERE n:Actor OR n:Organisation``, the
    local server scans every node (docs/local-server.md)."""
    disjunction = "MATCH (n:Actor|Organisation {id: $id}) RETURN n.id AS id, labels(n) AS labels"
    for node_id, label in (("kg", "Actor"), ("sco", "Organisation")):
        assert bundled.read(disjunction, {"id": node_id}) == [{"id": node_id, "labels": [label]}]
        assert bundled.read(disjunction, {"id": node_id}) == bundled.read(
            "MATCH (n {id: $id}) RETURN n.id AS id, labels(n) AS labels", {"id": node_id})
    assert bundled.read(disjunction, {"id": "fpri-2022"}) == []  # a Source
    assert "IndexSeek" in _plan(server_settings, disjunction, id="kg")
    if not os.environ.get("GRAPHTOOL_TEST_URI"):
        for scan in ("MATCH (n {id: $id}) RETURN n.id",
                     "MATCH (n) WHERE (n:Actor OR n:Organisation) AND n.id = $id RETURN n.id"):
            assert "IndexSeek" not in _plan(server_settings, scan, id="kg"), scan
    # Every bundled named query that looks a node up by id names its labels.
    for name, q in named_queries().items():
        assert not re.search(r"\((\w*)\s*\{id: \$", q.text), name


def test_events_citing_appendix_3(bundled) -> None:
    rows = run(bundled, "events_citing", "source=fpri-2022", "locator=appendix 3,")
    # Appendix 3 has 12 rows: Kyrgyzstan 5, Kazakhstan 2, Tajikistan 4, Uzbekistan 1.
    assert [r["event"] for r in rows] == (
        [f"fpri-a3-kg-{n:02d}" for n in range(1, 6)] + ["fpri-a3-kz-01", "fpri-a3-kz-02"]
        + [f"fpri-a3-tj-{n:02d}" for n in range(1, 5)] + ["fpri-a3-uz-01"])
    assert rows[0]["locators"] == ["appendix 3, Kyrgyzstan, row 1 (line 1053)"]
    # 21 events cite the IRB response (irb-2015): 20 in events-narrative.csv and appendix
    # 2, row 8, named "Peaceful Mission-2014" there.
    assert len(run(bundled, "events_citing", "source=irb-2015")) == 21


def test_partners_of_turkmenistan_by_year(bundled) -> None:
    rows = run(bundled, "partners_by_year", "actor=tm", "states=true", "end=2009")
    # Appendix 1, Turkmenistan rows by year up to 2009 (all with China), plus the
    # narrative's 2007 transfer from China and Li Peng's 1994 visit: 1994 1, 1999 1,
    # 2000 1, 2004 1, 2005 2, 2006 1, 2007 4, 2008 1, 2009 3. (Figures for the region
    # as a whole, such as PRC-Central Asia trade, make no partners: the states are only
    # RELATED_TO them.)
    assert [(r["year"], r["partner"], r["events"]) for r in rows] == [
        (1994, "cn", 1), (1999, "cn", 1), (2000, "cn", 1), (2004, "cn", 1), (2005, "cn", 2),
        (2006, "cn", 1), (2007, "cn", 4), (2008, "cn", 1), (2009, "cn", 3)]
    by_office = run(bundled, "partners_by_year", "actor=tm", "start=1999", "end=1999")
    # Appendix 1, Turkmenistan row 24 (Aug 1999): Minister of Defense with China's Minister of Defense.
    assert [r["partner"] for r in by_office] == ["cn-office-minister-defense"]


def test_members_of_sco(bundled) -> None:
    rows = run(bundled, "members_of", "org=sco")
    # relations-narrative.csv: the six founding members in 2001 (irb-2015 and others).
    founding = sorted(r["member"] for r in rows if r["role"] == "founding member")
    assert founding == ["cn", "kg", "kz", "ru", "tj", "uz"]
    assert {r["since"] for r in rows if r["role"] == "founding member"} == {"2001"}
    # 21: the six founders once each (the documents that list them later cite the same
    # membership), India and Pakistan three statuses each, Iran two, Afghanistan two,
    # Mongolia, Belarus, Sri Lanka, the CIS and ASEAN one each.
    assert len(rows) == 21


def test_timeline_parts_neighbours_find_and_path(bundled) -> None:
    # Turkmenistan: 24 appendix-1 meetings and two narrative ones (Li Peng 1994, the 2021
    # subcommittee), 4 transfers (2 in appendix 5, China's 2007 aid, US financing for
    # 2013), 1 project, its 2012 trade with China.
    timeline = run(bundled, "timeline", "actor=tm")
    assert len(timeline) == 32
    assert sorted({r["kind"] for r in timeline}) == ["meeting", "project", "trade", "transfer"]
    assert len(run(bundled, "timeline", "actor=tm", "kinds=transfer")) == 4
    # Kyrgyzstan's agencies, offices and units (PART_OF chains in both relations files): 31.
    parts = run(bundled, "parts_of", "id=kg")
    assert len(parts) == 31
    assert {"kg-mia", "kg-mfa", "kg-gknb"} <= {r["id"] for r in parts if r["depth"] == 1}
    # cn-mps: 82 relationships in the two relations files.
    assert len(run(bundled, "neighbours", "id=cn-mps")) == 82
    assert [r["id"] for r in run(bundled, "find", "text=interior", "label=Actor")] == [
        "kg-mia", "kg-mia-jalal-abad"]
    # kg-mia and cn-mps meet in an appendix-4 training or appendix-5 transfer: two hops.
    path = run(bundled, "path_between", "a=kg-mia", "b=cn-mps")
    assert len(path) == 1 and path[0]["hops"] == 2
    assert path[0]["nodes"][0] == "kg-mia" and path[0]["nodes"][-1] == "cn-mps"


def test_named_query_through_the_cli(bundled, run_cli) -> None:
    result = run_cli("query", "who_trains_whom", "-p", "trainee_states=tj", "--limit", "1", "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("cn-mps,Ministry of Public Security (China),tj,tj-mia,")
    bad = run_cli("query", "partners_by_year", "-p", "actor=kg", "-p", "states=perhaps")
    assert bad.exit_code == 2
    assert bad.stderr == "Error: parameter 'states' must be true or false, got 'perhaps' (e.g. states=true)\n"
