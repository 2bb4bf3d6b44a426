"""Every measure on networkx's classic networks, turned into graphtool networks, equals
networkx's own on the same graph: karate club, Florentine families and Les Misérables
as direct ties, Davis's Southern Women as actors at events (its actor projection's
weights and its two-mode measures). Pure tests build the projection's input rows; the
end-to-end tests load graphtool's CSV format into the real local server.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
from reference_networks import (
    ONE_MODE,
    assert_measures_match,
    assert_two_mode_match,
    davis,
    edge_weights,
    event_participation,
    ids,
    projection_weights,
    tie_participation,
    write_events,
    write_ties,
)

from graphtool.analysis.centrality import centrality
from graphtool.projection import (
    actor_edges,
    actor_event_network,
    actor_network,
    fetch_graph,
    fetch_network,
    measured,
)


# -- pure: the projection's input rows -------------------------------------------------
@pytest.mark.parametrize("name", sorted(ONE_MODE))
def test_ties_measure_as_networkx_measures_the_graph(name: str) -> None:
    G = ONE_MODE[name]()
    data = tie_participation(G)
    # The weights-only network measures use, and the full graph pages and exports use.
    assert_measures_match([actor_edges(data), actor_network(data)], G)
    assert edge_weights(actor_edges(data)) == {
        tuple(sorted((ids(G)[u], ids(G)[v]))): d.get("weight", 1) for u, v, d in G.edges(data=True)
    }


@pytest.mark.parametrize("name", sorted(ONE_MODE))
def test_directed_ties_both_ways_add_up(name: str) -> None:
    """Each edge stated as a directed tie from both ends: an undirected link of twice
    the weight, so unweighted measures are networkx's and weighted ones networkx's on
    the doubled graph."""
    G = ONE_MODE[name]()
    forth = tie_participation(G, directed=True)
    back = [replace(t, start=t.end, end=t.start) for t in forth.ties]
    both = replace(forth, ties=[*forth.ties, *back])
    doubled = G.copy()
    for _, _, d in doubled.edges(data=True):
        d["weight"] = 2 * d.get("weight", 1)
    assert_measures_match(actor_edges(both), doubled)


def test_medici_is_the_broker_of_the_florentine_families() -> None:
    G = nx.florentine_families_graph()
    net = actor_edges(tie_participation(G))
    assert round(centrality(net, "betweenness")["Medici"], 3) == 0.522
    # The raw graph (ties as stored: smaller id first) measures as undirected too.
    R = nx.MultiDiGraph(projection="raw")
    for t in tie_participation(G).ties:
        R.add_edge(t.start, t.end, key=t.start + "|" + t.end, type="TIED_TO", weight=t.weight)
    assert round(centrality(measured(R), "betweenness")["Medici"], 3) == 0.522
    assert_measures_match(measured(R), G)


def test_davis_actor_projection_is_networkxs_weighted_projection() -> None:
    B = davis()
    data = event_participation(B)
    expected = projection_weights(B, 0)
    assert edge_weights(actor_network(data)) == expected
    assert edge_weights(actor_edges(data)) == expected
    # And its measures are networkx's on that projection.
    women = [n for n, m in B.nodes(data="bipartite") if m == 0]
    assert_measures_match(actor_edges(data), nx.bipartite.weighted_projected_graph(B, women))


def test_davis_two_mode_measures_are_borgatti_and_everetts() -> None:
    B = davis()
    G = actor_event_network(event_participation(B))
    assert {n: d["bipartite"] for n, d in G.nodes(data=True)} == {
        ids(B)[n]: m for n, m in B.nodes(data="bipartite")
    }
    assert_two_mode_match(G, B)


# -- end to end: graphtool's CSV format, loaded into the real local server -------------------
@pytest.mark.server
@pytest.mark.parametrize("name", ["florentine", "les-miserables"])
def test_ties_loaded_from_csv_measure_as_networkx(db, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    from graphtool.store.load import load_paths

    G = ONE_MODE[name]()
    # Every edge written from its second end: an undirected tie is the same fact.
    load_paths(db, [write_ties(tmp_path / name, G, reverse=True)])
    assert db.read("MATCH ()-[r:TIED_TO]->() RETURN count(r) AS n")[0]["n"] == G.number_of_edges()
    assert_measures_match([fetch_network(db, "actors"), fetch_network(db, "raw")], G)
    assert edge_weights(fetch_graph(db, events=False)) == edge_weights(fetch_network(db))


@pytest.mark.server
def test_medici_betweenness_from_the_command_line(db, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from graphtool.store.load import load_paths

    load_paths(db, [write_ties(tmp_path / "florentine", nx.florentine_families_graph(), reverse=True)])
    for network in ("actors", "raw"):
        result = run_cli("centrality", "--network", network, "-m", "betweenness", "--top", "1", "--json")
        assert result.exit_code == 0, result.stderr
        top = json.loads(result.stdout)[0]
        assert (top["id"], round(top["betweenness"], 6)) == ("Medici", 0.521978)


@pytest.mark.server
def test_davis_loaded_from_csv(db, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from graphtool.store.load import load_paths

    B = davis()
    load_paths(db, [write_events(tmp_path / "davis", B)])
    assert edge_weights(fetch_network(db, "actors")) == projection_weights(B, 0)
    assert_two_mode_match(fetch_network(db, "actor-event"), B)
    result = run_cli("centrality", "--network", "actor-event", "-m", "degree", "-m", "betweenness",
                     "--top", "2", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    women = [n for n, m in B.nodes(data="bipartite") if m == 0]
    degree = nx.bipartite.degree_centrality(B, women)
    assert [(r["mode"], r["rank"]) for r in rows] == [("actor", 1), ("actor", 2), ("event", 1), ("event", 2)]
    for r in rows:
        assert r["degree"] == pytest.approx(degree[r["name"]], abs=1e-12)
    assert [r["id"] for r in rows] == ["Evelyn-Jefferson", "Nora-Fayette", "E8", "E9"]  # 8 events each: by id
    assert "normalised per mode by the other mode's size (Borgatti & Everett 1997)" in result.stderr
    # --kind lists the actors of those kinds only; the events are still measured.
    kind = run_cli("centrality", "--network", "actor-event", "-m", "degree", "--kind", "person", "--json")
    assert kind.exit_code == 0, kind.stderr
    assert {r["mode"] for r in json.loads(kind.stdout)} == {"actor"} and len(json.loads(kind.stdout)) == 18
    assert json.loads(kind.stdout)[0]["degree"] == pytest.approx(8 / 14)
