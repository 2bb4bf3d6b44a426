"""The analysis commands end to end: exit codes, exact errors, formats, determinism.

The network in tests/data/network and its answers are described in test_graph.py.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from graphtool.cli import analysis

DATA = Path(__file__).parent / "data"
Run = Callable[..., Result]


@pytest.fixture(autouse=True, scope="module")
def _commands_added() -> None:
    """The analysis commands on the main group (graphtool.cli adds them; this keeps the
    tests independent of that wiring)."""
    from graphtool.cli import cli

    for command in analysis.commands:
        if command.name not in cli.commands:
            cli.add_command(command)


def test_names_kept_in_the_cli_match_the_library() -> None:
    from graphtool import projection as graph
    from graphtool.analysis import centrality, communities, engines

    assert analysis.MEASURE_NAMES == tuple(centrality.MEASURES)
    assert (analysis.EXACT_MAX, analysis.DEFAULT_SAMPLE, analysis.SAMPLED_MEASURES) == (
        centrality.EXACT_MAX, centrality.DEFAULT_SAMPLE, centrality.SAMPLED_MEASURES,
    )
    assert analysis.COMMUNITY_METHODS == tuple(communities.COMMUNITY_METHODS)
    assert analysis.PROJECTIONS == graph.PROJECTIONS
    assert analysis.LEVELS == graph.LEVELS
    assert analysis.ENGINES == engines.ENGINES


@pytest.mark.parametrize("command", analysis.commands, ids=lambda c: c.name)
def test_every_command_has_help_with_an_example(command, run_offline: Run) -> None:
    result = run_offline(command.name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert (command.help or "").strip()


def test_unknown_measure_is_exit_2(run_offline: Run) -> None:
    result = run_offline("centrality", "--measure", "fame")
    assert result.exit_code == 2
    assert "Invalid value for '-m' / '--measure': 'fame' is not one of 'degree'" in result.stderr


def test_unknown_kind_is_exit_2(run_offline: Run) -> None:
    result = run_offline("centrality", "--kind", "agencies")
    assert result.exit_code == 2
    assert "Invalid value for '--kind'" in result.stderr


# -- against the server ------------------------------------------------------------------


@pytest.fixture
def network(db, run_cli: Run) -> Run:
    from graphtool.store.load import load_paths

    load_paths(db, [DATA / "network"])
    return run_cli


@pytest.mark.server
def test_centrality_degree_csv(network: Run) -> None:
    result = network("centrality", "--top", "3", "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "rank,id,name,kind,degree\n"
        "1,cn,China,state,2.0\n"
        "2,cn-mps,Ministry of Public Security (China),agency,2.0\n"
        "3,kg,Kyrgyzstan,state,2.0\n"
    )
    assert "actors network: 10 nodes, 7 links." in result.stderr


@pytest.mark.server
def test_centrality_at_state_level_json(network: Run) -> None:
    result = network("centrality", "-m", "strength", "-m", "betweenness", "--level", "state", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    # cn-kg and cn-tj share 4 events each, kg-tj 2, imu-kg 1; lone none.
    assert [(r["id"], r["strength"]) for r in rows] == [
        ("cn", 8.0),
        ("kg", 7.0),
        ("tj", 6.0),
        ("imu", 1.0),
        ("lone", 0.0),
    ]
    # Kyrgyzstan alone links the militant group to China and Tajikistan: 2 of the 6
    # pairs of other nodes.
    assert rows[1]["betweenness"] == pytest.approx(2 / 6)
    assert "weights: lengths are 1/weight (shared events plus tie weights)" in result.stderr


@pytest.mark.server
def test_centrality_is_deterministic_and_engine_independent(network: Run) -> None:
    args = ("centrality", "-m", "pagerank", "-m", "closeness", "--json")
    first = network(*args)
    assert first.stdout == network(*args).stdout
    pytest.importorskip("igraph")
    a = json.loads(network(*args, "--engine", "networkx").stdout)
    b = json.loads(network(*args, "--engine", "igraph").stdout)
    assert [r["id"] for r in a] == [r["id"] for r in b]
    for x, y in zip(a, b):
        assert y["pagerank"] == pytest.approx(x["pagerank"], abs=1e-9)
        assert y["closeness"] == pytest.approx(x["closeness"], abs=1e-9)


@pytest.mark.server
def test_sampled_measures_say_they_are_estimates(network: Run) -> None:
    exact = network("centrality", "-m", "closeness", "-m", "betweenness", "--json")
    assert "estimated" not in exact.stderr
    est = network("centrality", "-m", "closeness", "-m", "betweenness", "--sample", "3", "--json")
    assert est.exit_code == 0, est.stderr
    assert "closeness and betweenness estimated from 3 of 10 sources drawn with seed 0" in est.stderr
    assert json.loads(est.stdout) != json.loads(exact.stdout)
    assert network("centrality", "-m", "degree", "--sample", "3").stderr.count("estimated") == 0


@pytest.mark.server
def test_large_networks_say_which_measure_is_being_computed(network: Run, monkeypatch) -> None:
    from graphtool.analysis import engines

    assert "computing" not in network("centrality", "-m", "pagerank").stderr
    monkeypatch.setattr(engines, "AUTO_EDGES", 5)  # the 7-link test network counts as large
    result = network("centrality", "-m", "pagerank", "-m", "degree", "--engine", "networkx")
    assert "computing pagerank with networkx ...\ncomputing degree with networkx ...\n" in result.stderr


@pytest.mark.server
def test_centrality_window_and_event_kind(network: Run) -> None:
    result = network(
        "centrality",
        "--event-kind",
        "exercise",
        "--from",
        "2005",
        "--to",
        "2009",
        "--kind",
        "agency",
        "--csv",
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["degree"]) for r in rows] == [
        ("cn-mps", "1.0"),
        ("kg-mia", "1.0"),
        ("tj-mia", "0.0"),
    ]


@pytest.mark.server
def test_communities(network: Run) -> None:
    result = network("communities", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    # The three groups are separate triangles or pairs: each is a community.
    assert [r["members"] for r in rows] == [
        ["cn", "kg", "tj"],
        ["cn-mps", "kg-mia", "tj-mia"],
        ["imu", "kg-minister"],
        ["kg-mia-office"],
        ["lone"],
    ]
    # Weighted: 11 shared events in all; a triangle holds 5 and has strength 10.
    triangle = 5 / 11 - (10 / 22) ** 2
    pair = 1 / 11 - (2 / 22) ** 2
    assert [r["modularity"] for r in rows] == pytest.approx([triangle, triangle, pair, 0, 0])
    assert f"5 communities, modularity {2 * triangle + pair:.4f}" in result.stderr
    by_node = network("communities", "--by-node", "--csv")
    assert by_node.stdout.splitlines()[0] == "community,id,name,kind,size"


@pytest.mark.server
def test_path_shows_each_hop_with_its_events_and_citations(network: Run) -> None:
    result = network("path", "Kyrgyz MIA", "MPS")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "hop  from    to      weight  event  date  event_name     citation",
        "---  ------  ------  ------  -----  ----  -------------  --------------------",
        "  1  kg-mia  cn-mps       2  ev1    2005  Exercise 2005  doc1: table 1, row 1",
        "  1  kg-mia  cn-mps       2  ev4    2014  Exercise 2014  doc1: table 1, row 2",
    ]
    rows = json.loads(network("path", "kyrgyzstan", "tajikistan", "--json").stdout)
    assert [(r["hop"], r["event"]) for r in rows] == [(1, "ev3")]
    assert rows[0]["roles"] == "kg: host; tj: participant"
    assert rows[0]["sources"] == ["doc1"] and rows[0]["locators"] == ["lines 20-21"]


@pytest.mark.server
def test_path_through_states(network: Run) -> None:
    rows = json.loads(network("path", "imu", "tj", "--level", "state", "--json").stdout)
    assert [(r["hop"], r["from"], r["to"]) for r in rows][0] == (1, "imu", "kg")
    assert {r["to"] for r in rows if r["hop"] == 2} == {"tj"}


@pytest.mark.server
def test_path_errors(network: Run) -> None:
    result = network("path", "Chnia", "kg")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: no actor or node called 'Chnia'. Did you mean: China (cn)?"
    )
    result = network("path", "MIA", "cn")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: 'MIA' matches more than one node: "
        "Ministry of Internal Affairs (Kyrgyzstan) (kg-mia), "
        "Ministry of Internal Affairs (Tajikistan) (tj-mia)"
    )
    result = network("path", "imu", "cn")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        "Error: no path joins Islamic Movement of Uzbekistan (imu) and China (cn)"
    )


@pytest.mark.server
def test_neighbours(network: Run) -> None:
    result = network("neighbours", "tj-mia", "--depth", "2", "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "depth,id,name,kind,weight,via",
        "1,cn-mps,Ministry of Public Security (China),agency,2,tj-mia",
        "1,kg-mia,Ministry of Internal Affairs (Kyrgyzstan),agency,1,tj-mia",
    ]


@pytest.mark.server
def test_trend_by_period_and_compare(network: Run) -> None:
    result = network(
        "trend",
        "--level",
        "state",
        "--by",
        "period",
        "--every",
        "6",
        "--from",
        "2005",
        "--to",
        "2016",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    # 2005-2010: cn-kg (ev1), cn-tj (ev2), imu-kg (ev6); 2011-2016: ev3, ev4, ev5.
    assert (rows["kg"]["2005-2010"], rows["kg"]["2011-2016"]) == (2.0, 2.0)
    assert (rows["imu"]["2005-2010"], rows["imu"]["2011-2016"]) == (1.0, 0.0)
    diff = network(
        "trend", "-m", "strength", "--level", "state", "--compare", "2005-2010", "2011-2016", "--csv"
    )
    assert diff.stdout.splitlines() == [
        "id,name,kind,before,after,change",
        "cn,China,state,2.0,5.0,3.0",
        "kg,Kyrgyzstan,state,2.0,5.0,3.0",
        "tj,Tajikistan,state,1.0,4.0,3.0",
        "imu,Islamic Movement of Uzbekistan,group,1.0,0.0,-1.0",
    ]
    bad = network("trend", "--compare", "2010-2005", "2011")
    assert bad.exit_code == 2
    assert "Error: '2010-2005' is not a year or a window of years" in bad.stderr


# -- questions on the bundled dataset ----------------------------------------------------------
@pytest.mark.server
def test_include_inferred_keeps_the_inferred_participations(db, run_cli: Run) -> None:
    """tests/data/inferred: Kyrgyzstan's part in exercise e1 is only inferred."""
    from graphtool.store.load import load_paths

    load_paths(db, [DATA / "inferred"])
    args = ("neighbours", "China", "--level", "state", "--event-kind", "exercise", "--json")
    assert json.loads(run_cli(*args).stdout) == []
    result = run_cli(*args, "--include-inferred")
    assert result.exit_code == 0, result.stderr
    assert [(r["id"], r["weight"]) for r in json.loads(result.stdout)] == [("kg", 1)]


@pytest.mark.server
def test_bundled_china_is_the_hub_and_meets_kyrgyzstan_most(loaded_db, run_cli: Run) -> None:
    """FPRI 2022, appendix 1 counts China's meetings with each Central Asian state:
    Kyrgyzstan 76, Uzbekistan 59, Kazakhstan 51, Tajikistan 51, Turkmenistan 24."""
    result = run_cli(
        "neighbours", "China", "--level", "state", "--event-kind", "meeting", "--top", "5", "--json"
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    # Every row of appendix 1 counts for China (row 48 of Kyrgyzstan, with the SCO
    # Secretary-General in the China column, and of Tajikistan, with Li Peng, through
    # China itself), plus the narrative's meetings: Kyrgyzstan 76 + 5 (Atambayev-Ma
    # Xiaotian and Bishkek, 2012; Li Peng 1994, Jiang Zemin 1996, the 2019
    # cross-departmental meeting), Uzbekistan 59 + 3, Kazakhstan 51 + 2 (the 2014
    # subcommittee, the 2021 video conference), Tajikistan 51, Turkmenistan 24 + 2.
    assert [(r["id"], r["weight"]) for r in rows] == [
        ("kg", 81),
        ("uz", 62),
        ("kz", 53),
        ("tj", 51),
        ("tm", 26),
    ]
    ranked = json.loads(
        run_cli("centrality", "--level", "state", "-m", "strength", "-m", "betweenness", "--json").stdout
    )
    assert ranked[0]["id"] == "cn"
    assert max(ranked, key=lambda r: r["betweenness"])["id"] == "cn"


@pytest.mark.server
def test_bundled_path_from_kyrgyz_police_to_chinese_police(loaded_db, run_cli: Run) -> None:
    """FPRI 2022, appendix 5, Kyrgyzstan, row 15: China's MPS gave the Kyrgyz MIA 40
    cars in November 2003, the earliest of their shared events."""
    rows = json.loads(run_cli("path", "Kyrgyz MIA", "MPS", "--json").stdout)
    assert {(r["hop"], r["from"], r["to"]) for r in rows} == {(1, "kg-mia", "cn-mps")}
    first = rows[0]
    assert (first["event"], first["date"]) == ("fpri-a5-kg-15", "2003-11")
    assert first["sources"] == ["fpri-2022"]
    assert first["locators"][0].startswith("appendix 5, Kyrgyzstan, row 15")
    assert len(rows) == rows[0]["weight"]
