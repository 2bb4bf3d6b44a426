"""GraphML, GEXF and GML, as Gephi, Cytoscape and networkx write them: networkx's classic
networks written to each format here as a user would, loaded into the real local
server, and measured as networkx measures them; then the files graphtool must refuse.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx
import pytest
from reference_networks import (
    ONE_MODE,
    assert_measures_match,
    assert_two_mode_match,
    davis,
    edge_weights,
    projection_weights,
)

from graphtool.errors import InvalidImportFile
from graphtool.store.load import load_paths, node_counts, relationship_counts
from graphtool.store.readers import ReadOptions, read_paths

FORMATS = ("graphml", "gexf", "gml")
WRITERS = {"graphml": nx.write_graphml, "gexf": nx.write_gexf, "gml": nx.write_gml}


def write(G: nx.Graph, folder: Path, name: str, fmt: str) -> Path:
    """``G`` written by networkx as ``folder/name.fmt``."""
    path = folder / f"{name}.{fmt}"
    H = G.copy()
    if fmt == "graphml":
        # networkx's GraphML writer refuses list-valued graph attributes (Davis's
        # top/bottom lists): a user drops them to write the file.
        H.graph = {k: v for k, v in H.graph.items() if not isinstance(v, list)}
    WRITERS[fmt](H, path)
    return path


def options(fmt: str, **more: object) -> ReadOptions:
    """GML's ids are numbers and its labels the names (networkx writes them so):
    ``--map id=label`` takes the ids from the labels, as for the other two formats."""
    columns = {"id": "label"} if fmt == "gml" else {}
    columns.update(more.pop("columns", {}))  # type: ignore[call-overload]
    return ReadOptions(columns=columns, **more)  # type: ignore[arg-type]


# -- measured as networkx measures them --------------------------------------------------------
@pytest.mark.server
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(ONE_MODE))
def test_one_mode_networks_measure_as_networkx(db, tmp_path, fmt, name) -> None:
    from graphtool.projection import fetch_graph, fetch_network

    G = ONE_MODE[name]()
    summary = load_paths(db, [write(G, tmp_path, name, fmt)], options=options(fmt))
    assert summary.nodes == {"Actor": G.number_of_nodes(), "Source": 1}
    assert summary.relationships == {"TIED_TO": G.number_of_edges()}
    assert_measures_match([fetch_network(db, "actors"), fetch_network(db, "raw")], G)
    assert edge_weights(fetch_graph(db, events=False)) == edge_weights(fetch_network(db))


@pytest.mark.server
@pytest.mark.parametrize("fmt", FORMATS)
def test_davis_southern_women_projects_as_networkx(db, tmp_path, fmt) -> None:
    from graphtool.projection import fetch_network

    B = davis()
    path = write(B, tmp_path, "davis", fmt)
    opts = options(fmt, columns={"class": "bipartite"}, labels={"0": "Actor", "1": "Event"})
    summary = load_paths(db, [path], options=opts)
    assert summary.nodes == {"Actor": 18, "Event": 14, "Source": 1}
    assert summary.relationships == {"PARTICIPATED_IN": 89}
    assert edge_weights(fetch_network(db, "actors")) == projection_weights(B, 0)
    assert_two_mode_match(fetch_network(db, "actor-event"), B)


# -- what is kept, and how it is cited ---------------------------------------------------------
@pytest.mark.server
@pytest.mark.parametrize(("fmt", "edge_locator"),
                         [("graphml", "edge 0-1"), ("gexf", "edge 0"), ("gml", "edge 0-1")])
def test_every_element_is_cited_to_the_file(db, tmp_path, fmt, edge_locator) -> None:
    G = nx.karate_club_graph()
    path = write(G, tmp_path, "karate", fmt)
    load_paths(db, [path])
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    source = db.read("MATCH (s:Source) RETURN properties(s) AS p")[0]["p"]
    assert {k: source[k] for k in ("id", "name", "kind", "size", "sha256")} == {
        "id": f"file-karate-{sha[:10]}", "name": path.name, "kind": "file", "size": path.stat().st_size,
        "sha256": sha}
    # Node attributes are kept (Zachary's club); the id is the element's, its name too.
    assert db.read("MATCH (n:Actor {id: '0'})-[c:CITES]->(s:Source) RETURN n.name AS name, n.club AS club, "
                   "n.locators AS l, c.locators AS cl") == [
        {"name": "0", "club": "Mr. Hi", "l": ["node 0"], "cl": ["node 0"]}]
    assert db.read("MATCH (:Actor {id: '0'})-[r:TIED_TO]->(:Actor {id: '1'}) RETURN r.weight AS w, "
                   "r.directed AS d, r.sources AS s, r.locators AS l") == [
        {"w": 4, "d": False, "s": [source["id"]], "l": [edge_locator]}]
    assert db.read("MATCH (n:Actor) WHERE NOT (n)-[:CITES]->(:Source) RETURN count(n) AS n") == [{"n": 0}]


@pytest.mark.server
def test_gml_ids_are_its_numbers_and_names_its_labels(db, tmp_path) -> None:
    G = nx.les_miserables_graph()
    load_paths(db, [write(G, tmp_path, "lesmis", "gml")])
    valjean = list(G).index("Valjean")
    assert db.read(f"MATCH (n:Actor {{id: '{valjean}'}}) RETURN n.name AS name, n.locators AS l") == [
        {"name": "Valjean", "l": [f"node {valjean}"]}]


@pytest.mark.server
def test_attributes_direction_parallel_edges_and_citations(db, tmp_path) -> None:
    """A directed multigraph with graphtool's fields as attributes, in GraphML."""
    G = nx.MultiDiGraph()
    G.add_node("n0", label="Ministry A", kind="agency", aliases="MinA;A", date="2001", budget=2.5)
    G.add_node("n1", label="Ministry B", kind="agency", document="doc-1", locator="p. 4")
    G.add_node("n2", label="Summit 2019", kind="summit", date="2019-06", **{"class": "Event"})
    G.add_edge("n0", "n1", key="e0", weight=2, date="2010", note="loans")
    G.add_edge("n0", "n1", key="e1", weight=0.5, date="2010")  # the same tie again: weights add
    G.add_edge("n1", "n0", key="e2")  # the other way: a tie of its own, weight 1
    G.add_edge("n2", "n0", key="e3", role="host")  # an event to an actor: the actor takes part
    path = tmp_path / "ministries.graphml"
    nx.write_graphml(G, path)
    sources = tmp_path / "sources.csv"
    sources.write_text("id,title\ndoc-1,A document\n", encoding="utf-8")
    load_paths(db, [tmp_path / "sources.csv"], dataset="docs")
    load_paths(db, [path])
    nodes = {r["id"]: r["p"] for r in db.read("MATCH (n:Actor|Event) RETURN n.id AS id, properties(n) AS p")}
    assert {k: nodes["n0"][k] for k in ("name", "kind", "aliases", "date", "datePrecision", "budget")} == {
        "name": "Ministry A", "kind": "agency", "aliases": ["MinA", "A"], "date": "2001",
        "datePrecision": "year", "budget": 2.5}
    assert (nodes["n1"]["sources"], nodes["n1"]["locators"]) == (["doc-1"], ["p. 4"])
    assert nodes["n2"]["kind"] == "summit" and "class" not in nodes["n2"]
    ties = db.read("MATCH (a)-[r:TIED_TO]->(b) RETURN a.id AS a, b.id AS b, r.weight AS w, r.directed AS d, "
                   "r.since AS since, r.note AS note, r.locators AS l ORDER BY a")
    assert ties == [
        {"a": "n0", "b": "n1", "w": 2.5, "d": True, "since": "2010", "note": None,
         "l": ["edge e0", "edge e1"]},
        {"a": "n1", "b": "n0", "w": 1, "d": True, "since": None, "note": None, "l": ["edge e2"]},
    ]
    # graphtool's own property names are kept as attr_<name>.
    assert db.read("MATCH ()-[r:TIED_TO {attr_note: 'loans'}]->() RETURN count(r) AS n") == [{"n": 1}]
    assert db.read("MATCH (a)-[r:PARTICIPATED_IN]->(e) RETURN a.id AS a, e.id AS e, r.role AS role") == [
        {"a": "n0", "e": "n2", "role": "host"}]


@pytest.mark.server
def test_gexf_from_gephi_with_labels_viz_and_mapped_ids(db, tmp_path) -> None:
    """Gephi's GEXF 1.3: numeric ids, names in label, attributes, positions and colours."""
    path = tmp_path / "gephi.gexf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">\n'
        '  <graph mode="static" defaultedgetype="undirected">\n'
        '    <attributes class="node"><attribute id="0" title="group" type="string"/></attributes>\n'
        '    <nodes>\n'
        '      <node id="0" label="Myriel"><attvalues><attvalue for="0" value="clergy"/></attvalues>\n'
        '        <viz:size value="12.0"/><viz:position x="1.5" y="-2.0"/><viz:color r="255" g="0" b="0"/>\n'
        '      </node>\n'
        '      <node id="1" label="Napoleon"/>\n'
        '    </nodes>\n'
        '    <edges><edge id="7" source="0" target="1" weight="1.0"/></edges>\n'
        '  </graph>\n'
        '</gexf>\n',
        encoding="utf-8",
    )
    load_paths(db, [path], options=ReadOptions(columns={"id": "label"}))
    myriel = db.read("MATCH (n:Actor {id: 'Myriel'}) RETURN properties(n) AS p")[0]["p"]
    keys = ("name", "group", "viz_size", "viz_position_x", "viz_color_r", "locators")
    assert {k: myriel[k] for k in keys} == {
        "name": "Myriel", "group": "clergy", "viz_size": 12.0, "viz_position_x": 1.5, "viz_color_r": 255,
        "locators": ["node 0"]}
    assert db.read("MATCH (:Actor {id: 'Myriel'})-[r:TIED_TO]->(:Actor {id: 'Napoleon'}) "
                   "RETURN r.weight AS w, r.locators AS l") == [{"w": 1, "l": ["edge 7"]}]


@pytest.mark.server
def test_two_files_name_the_same_families(db, tmp_path) -> None:
    """Padgett's marriage and business networks: one node per family, cited to both."""
    marriage = nx.florentine_families_graph()
    business = nx.Graph([("Medici", "Barbadori"), ("Lamberteschi", "Peruzzi")])
    files = [write(marriage, tmp_path, "marriage", "graphml"), write(business, tmp_path, "business", "gexf")]
    load_paths(db, files, dataset="padgett")
    assert node_counts(db) == {"Actor": 15, "Source": 2}
    assert relationship_counts(db)["TIED_TO"] == 20 + 1  # Lamberteschi-Peruzzi is new
    medici = db.read("MATCH (n:Actor {id: 'Medici'}) RETURN n.locators AS l, size(n.sources) AS s")
    assert medici == [{"l": ["node Medici", "node Medici"], "s": 2}]
    # A tie both files state is one tie: both cite it, and the weights add up (as
    # parallel edges do, and as Gephi's append does).
    tie = db.read("MATCH (:Actor {id: 'Barbadori'})-[r:TIED_TO]->(:Actor {id: 'Medici'}) "
                  "RETURN r.weight AS w, r.locators AS l")
    assert tie == [{"w": 2, "l": ["edge Medici-Barbadori", "edge 0"]}]


# -- what graphtool refuses --------------------------------------------------------------------
def _problems(paths: list[Path], opts: ReadOptions | None = None) -> list[str]:
    with pytest.raises(InvalidImportFile) as caught:
        read_paths(paths, format="graphml") if opts is None else _read(paths, opts)
    return [str(p) for p in caught.value.problems]


def _read(paths: list[Path], opts: ReadOptions) -> None:
    from graphtool.store.readers import read_records

    records = read_records(paths, format="graphml", options=opts)
    records.problems.raise_if_any()


GRAPHML = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
           '  <key id="w" for="edge" attr.name="weight" attr.type="string"/>\n'
           '  <key id="k" for="node" attr.name="kind" attr.type="string"/>\n'
           '  <key id="c" for="node" attr.name="class" attr.type="string"/>\n'
           '  <key id="d" for="node" attr.name="date" attr.type="string"/>\n'
           '  <graph edgedefault="undirected">\n'
           '{body}'
           '  </graph>\n'
           '</graphml>\n')


def test_files_that_cannot_be_parsed_are_one_problem_each(tmp_path) -> None:
    cut = tmp_path / "cut.graphml"
    cut.write_text('<?xml version="1.0"?>\n<graphml>\n  <graph>\n    <node id="a">\n', encoding="utf-8")
    root = tmp_path / "other.graphml"
    root.write_text('<?xml version="1.0"?>\n<svg/>\n', encoding="utf-8")
    gml = tmp_path / "broken.gml"
    gml.write_text('graph [\n  node [ id 0 label "a" ]\n  node [ id 1\n', encoding="utf-8")
    dup = tmp_path / "dup.gml"
    dup.write_text('graph [\n  node [ id 0 ]\n  node [ id 0 ]\n]\n', encoding="utf-8")
    empty = tmp_path / "empty.gexf"
    empty.write_text("", encoding="utf-8")
    gexf = tmp_path / "old.gexf"
    gexf.write_text('<?xml version="1.0"?>\n<gexf xmlns="http://example.org/9.9"><graph/></gexf>\n',
                    encoding="utf-8")
    assert _problems([cut, root, gml, dup, empty, gexf]) == [
        f"{cut} line 5: not well-formed XML: no element found (column 1)",
        f"{root} line 1: neither GraphML nor GEXF: its root element is <svg>, not <graphml> or <gexf>",
        f"{gml} line 4: not a readable GML file: expected ']', found EOF",
        f"{dup}: not a readable GML file: node id 0 is duplicated",
        f"{empty} line 1: empty file (expected a GraphML, GEXF or GML graph)",
        f"{gexf}: not a readable GEXF file: No <graph> element in GEXF file.",
    ]


def test_bad_elements_say_file_line_element_and_reason(tmp_path) -> None:
    path = tmp_path / "bad.graphml"
    path.write_text(GRAPHML.format(body=(
        '    <node id="a"/>\n'                                                    # line 8
        '    <node id="A"/>\n'                                                    # 9: case
        '    <node id="p"><data key="c">Planet</data></node>\n'                   # 10: class
        '    <node id="q"><data key="k">wizard</data></node>\n'                   # 11: kind
        '    <node id="r"><data key="d">2019-13</data></node>\n'                  # 12: date
        '    <node id="b"/>\n'
        '    <node id="e"><data key="c">Event</data></node>\n'                    # 14
        '    <node id="s"><data key="c">Place</data></node>\n'                    # 15
        '    <edge source="e" target="a"><data key="w">-1</data></edge>\n'        # 16: weight
        '    <edge id="x9" source="e" target="s"/>\n'                             # 17: no type
        '    <edge source="b" target="a"><data key="w">abc</data></edge>\n'       # 18: weight
        '    <edge source="b" target="q"/>\n'                                     # q is refused already
    )), encoding="utf-8")
    assert _problems([path]) == [
        f"{path} line 9: node A: id 'A' differs only in case from 'a' ({path} line 8); ids must differ by "
        "more than case",
        f"{path} line 10: node p: unknown class 'Planet' in attribute 'class' (one of: Actor, Organisation, "
        "Event, Place, Topic, or map values with --label VALUE=LABEL)",
        f"{path} line 11: node q: unknown Actor kind 'wizard' (one of: state, agency, office, unit, person, "
        "group, company, institution)",
        f"{path} line 12: node r: 'date' is not a date: '2019-13' (there is no month 13)",
        f"{path} line 16: edge e-a: 'weight' must be positive: '-1'",
        f"{path} line 17: edge x9: no relationship type for an edge from Event 'e' to Place 's': give edges "
        "a 'type' attribute, or --type",
        f"{path} line 18: edge b-a: 'weight' is not a number: 'abc' (write it in the digits 0-9, e.g. 2 or "
        "0.5)",
    ]


def test_options_that_do_not_fit_the_file(tmp_path) -> None:
    path = tmp_path / "k.graphml"
    nx.write_graphml(nx.karate_club_graph(), path)
    assert _problems([path], ReadOptions(columns={"source": "from"})) == [
        f"{path}: --map source=from: no field 'source' in GraphML, GEXF or GML files (fields: id, name, "
        "kind, class, aliases, date, document, locator, weight, type, role)"]
    assert _problems([path], ReadOptions(columns={"kind": "faction"})) == [
        f"{path}: --map kind=faction: no node attribute 'faction' (node attributes: club)"]
    assert _problems([path], ReadOptions(directed=True)) == [
        f"{path}: --directed: this GraphML file says its edges are undirected (leave out --directed)"]
    cited = tmp_path / "cited.gml"
    cited.write_text('graph [\n  node [ id 0 document "d1;d2" locator "p. 1" ]\n]\n', encoding="utf-8")
    assert _problems([cited]) == [
        f"{cited} line 2: node 0: 'document' names 2 document(s) but 'locator' gives 1 location(s); give one "
        "locator per document"]


@pytest.mark.server
def test_a_bad_file_is_an_error_line_and_writes_nothing(db, run_cli, tmp_path) -> None:
    path = tmp_path / "bad.gexf"
    path.write_text('<?xml version="1.0"?>\n<gexf>\n  <graph>\n</gexf>\n', encoding="utf-8")
    result = run_cli("load", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path} line 4: not well-formed XML: mismatched tag (column 3)",
        "Nothing was written.",
    ]
    assert node_counts(db) == {} and relationship_counts(db) == {}
    listed = run_cli("datasets").stderr
    assert "holds no datasets" in listed


def test_validate_reads_every_format_without_a_database(run_offline, tmp_path) -> None:
    import json

    path = write(davis(), tmp_path, "davis", "gexf")
    result = run_offline("validate", str(path), "--map", "class=bipartite", "--label", "0=Actor",
                         "--label", "1=Event", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "nodes": {"Actor": 18, "Event": 14, "Source": 1},
        "kinds": {"Actor:person": 18, "Event:other": 14, "Source:file": 1},
        "relationships": {"PARTICIPATED_IN": 89}}
    bad = run_offline("validate", str(path), "--map", "class=bipartite", "--label", "0=Actor")
    assert bad.exit_code == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if '<node id="E1"' in text)
    assert bad.stderr.splitlines()[0] == (
        f"Error: {path} line {line}: node E1: unknown class '1' in attribute 'bipartite' (one of: Actor, "
        "Organisation, Event, Place, Topic, or map values with --label VALUE=LABEL)")
    assert bad.stderr.splitlines()[-1] == "Nothing was written: 14 problems in the import files."


def test_a_value_its_declared_type_cannot_hold_names_its_line_and_element(tmp_path) -> None:
    """networkx stops at such a value without saying where; the problem says."""
    graphml = tmp_path / "typed.graphml"
    graphml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        '  <key id="w" for="edge" attr.name="weight" attr.type="double"/>\n'
        '  <key id="n" for="node" attr.name="members" attr.type="int"/>\n'
        '  <graph edgedefault="undirected">\n'
        '    <node id="a"><data key="n">12</data></node>\n'
        '    <node id="b"/>\n'
        '    <edge source="a" target="b"><data key="w">heavy</data></edge>\n'
        '  </graph>\n'
        '</graphml>\n',
        encoding="utf-8",
    )
    gexf = tmp_path / "typed.gexf"
    gexf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
        '  <graph defaultedgetype="undirected">\n'
        '    <attributes class="node"><attribute id="0" title="members" type="integer"/></attributes>\n'
        '    <nodes>\n'
        '      <node id="a" label="A"><attvalues><attvalue for="0" value="1.5"/></attvalues></node>\n'
        '    </nodes>\n'
        '  </graph>\n'
        '</gexf>\n',
        encoding="utf-8",
    )
    assert _problems([graphml, gexf]) == [
        f"{graphml} line 8: edge a -> b: 'weight' is declared double but holds 'heavy'",
        f"{gexf} line 6: node 'a': 'members' is declared integer but holds '1.5'",
    ]
