"""The bundled dataset in the database: everything cited, counts as validated, reload-stable."""

from __future__ import annotations

import pytest

from graphtool.paths import bundled_import_dir
from graphtool.store.load import load_paths, node_counts, relationship_counts
from graphtool.store.readers import read_paths

pytestmark = pytest.mark.server


def test_loaded_counts_match_the_files_and_survive_a_reload(bundled_db) -> None:
    expected = read_paths([bundled_import_dir()]).counts()
    assert node_counts(bundled_db) == expected["nodes"]
    rels = relationship_counts(bundled_db)
    cites = rels.pop("CITES")
    assert rels == expected["relationships"]
    assert cites >= sum(n for label, n in expected["nodes"].items() if label != "Source")
    load_paths(bundled_db, [bundled_import_dir()])
    assert node_counts(bundled_db) == expected["nodes"]
    assert relationship_counts(bundled_db) == {**expected["relationships"], "CITES": cites}


def test_no_node_or_relationship_lacks_a_citation(bundled_db) -> None:
    uncited_nodes = bundled_db.read(
        "MATCH (n) WHERE NOT n:Dataset AND (n.sources IS NULL OR size(n.sources) = 0 "
        "OR size(n.sources) <> size(n.locators)) RETURN n.id AS id"
    )
    assert uncited_nodes == []
    uncited_rels = bundled_db.read(
        "MATCH ()-[r]->() WHERE type(r) <> 'CITES' AND "
        "(r.sources IS NULL OR size(r.sources) = 0 OR size(r.sources) <> size(r.locators)) "
        "RETURN type(r) AS type, r.key AS key"
    )
    assert uncited_rels == []
    unlinked = bundled_db.read(
        "MATCH (n) WHERE NOT n:Source AND NOT n:Dataset AND NOT (n)-[:CITES]->(:Source) RETURN n.id AS id"
    )
    assert unlinked == []


def test_every_cited_document_is_a_source_node(bundled_db) -> None:
    rows = bundled_db.read(
        "MATCH (n) WHERE NOT n:Source UNWIND n.sources AS s WITH DISTINCT s "
        "OPTIONAL MATCH (d:Source {id: s}) RETURN s, d.id AS found ORDER BY s"
    )
    assert rows and all(r["found"] == r["s"] for r in rows)


def test_no_actor_is_called_unknown(bundled_db) -> None:
    rows = bundled_db.read(
        "MATCH (n) WHERE toLower(n.name) CONTAINS 'unknown' RETURN n.id AS id, n.name AS name"
    )
    assert rows == []


@pytest.mark.parametrize(
    ("alias", "node"),
    [("MPS", "cn-mps"), ("PRC MPS", "cn-mps"), ("MIA", "kg-mia"), ("Ministry of Interior", "kg-mia"),
     ("SCO", "sco"), ("PRC", "cn")],
)
def test_alias_finds_one_node(bundled_db, alias: str, node: str) -> None:
    rows = bundled_db.read(
        "MATCH (n) WHERE n.name = $alias OR $alias IN coalesce(n.aliases, []) RETURN n.id AS id",
        {"alias": alias},
    )
    assert [r["id"] for r in rows] == [node]


def test_sco_exercises_of_2016_took_place_in_korla_and_issyk_kul(bundled_db) -> None:
    """FPRI appendix 2, rows 4 and 5."""
    rows = bundled_db.read(
        "MATCH (e:Event {kind: 'exercise', year: 2016})-[:HELD_IN]->(p:Place) "
        "WHERE e.id STARTS WITH 'fpri-a2-' RETURN p.name AS place ORDER BY place"
    )
    assert [r["place"] for r in rows] == ["Issyk-Kul", "Korla"]


def test_kyrgyzstan_had_the_most_meetings_with_china(bundled_db) -> None:
    """FPRI appendix 1: Kyrgyzstan 76, Uzbekistan 59, Kazakhstan 51, Tajikistan 51, Turkmenistan 24."""
    rows = bundled_db.read(
        "MATCH (e:Event {kind: 'meeting'}) WHERE e.id STARTS WITH 'fpri-a1-' "
        "RETURN split(e.id, '-')[2] AS state, count(*) AS n ORDER BY n DESC, state"
    )
    assert [(r["state"], r["n"]) for r in rows] == [
        ("kg", 76), ("uz", 59), ("kz", 51), ("tj", 51), ("tm", 24)
    ]
