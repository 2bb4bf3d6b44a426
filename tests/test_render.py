"""render: the HTML page, pure (no server, no browser); and the render CLI on a server.

The fixture graphs follow the contract of ``graphtool.projection``: actor-network edges
carry ``weight`` and ``events`` (dicts with places, roles and participants), no
``type``; the raw graph is a MultiDiGraph with typed relationships.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphtool.errors import EntityNotFound, OutputFailed, RenderError
from graphtool.visual.layout import compute_layout
from graphtool.visual.page import (
    EDGE_STYLES,
    WEBGL_FROM,
    choose_renderer,
    describe_graph,
    render_html,
    write_html,
)
from graphtool.visual.pagedata import OPEN_END
from graphtool.visual.view import scope_graph

DATE = "2024-05-01"


def _event(
    eid: str,
    name: str,
    kind: str,
    date: str,
    places: list[str],
    roles: dict[str, list[str]],
    sources: list[str],
    locators: list[str],
) -> dict[str, Any]:
    return {
        "id": eid,
        "name": name,
        "kind": kind,
        "date": date,
        "year": int(date[:4]),
        "places": places,
        "sources": sources,
        "locators": locators,
        "roles": roles,
        "participants": [
            {"id": n, "role": r[0] if r else None, "sources": sources, "locators": locators}
            for n, r in sorted(roles.items())
        ],
    }


def actor_graph() -> nx.Graph:
    """A small actor network: four actors, one isolated, shared events with citations."""
    g = nx.Graph(projection="actors", filters={"start": 2003, "end": 2018})
    g.add_node(
        "cn-mps",
        label="Actor",
        kind="agency",
        name="Ministry of Public Security (China)",
        aliases=["MPS"],
        sources=["fpri-2022", "icg-2013"],
        locators=["appendix 1, row 3", "lines 410-412"],
        pagerank=0.4,
    )
    g.add_node(
        "kg",
        label="Actor",
        kind="state",
        name="Kyrgyzstan",
        aliases=["Kyrgyz Republic"],
        sources=["irb-2015"],
        locators=["lines 12-14"],
        pagerank=0.3,
    )
    g.add_node(
        "kg-mia",
        label="Actor",
        kind="agency",
        name="Ministry of Internal Affairs (Kyrgyzstan)",
        aliases=["MIA", "Kyrgyz MIA"],
        sources=["fpri-2022"],
        locators=["appendix 5, Kyrgyzstan, row 5"],
        pagerank=0.2,
    )
    g.add_node(
        "sco",
        label="Organisation",
        kind="intergovernmental",
        name="Shanghai Cooperation Organisation",
        aliases=["SCO"],
        sources=["irb-2015"],
        locators=["line 3"],
        pagerank=0.1,
    )
    g.add_node(
        "odd",
        label="Actor",
        kind="person",
        name='</script><b>Odd</b> & "quoted"',
        aliases=[],
        sources=["x-doc"],
        locators=["line 1"],
        pagerank=0.0,
    )
    training = _event(
        "a5-kg-2003",
        "Training of MIA officers",
        "training",
        "2003-11",
        ["bishkek"],
        {"cn-mps": ["trainer"], "kg-mia": ["trainee"]},
        ["fpri-2022"],
        ["appendix 5, Kyrgyzstan, row 17"],
    )
    exercise = _event(
        "a2-2018",
        "Peace Mission 2018",
        "exercise",
        "2018",
        ["chebarkul"],
        {"cn-mps": ["participant"], "kg": ["participant"], "kg-mia": ["participant"], "sco": ["organiser"]},
        ["fpri-2022"],
        ["appendix 2, row 2"],
    )
    g.add_edge("cn-mps", "kg-mia", weight=2, events=[training, exercise])
    g.add_edge("cn-mps", "kg", weight=1, events=[exercise])
    g.add_edge("kg", "kg-mia", weight=1, events=[exercise])
    g.add_edge("kg", "sco", weight=1, events=[exercise])
    return g


def raw_graph() -> nx.MultiDiGraph:
    """Every label and several relationship types, as ``graph.raw_graph`` builds them."""
    g = nx.MultiDiGraph(projection="raw", filters={})
    g.add_node(
        "kg", label="Actor", kind="state", name="Kyrgyzstan", aliases=[], sources=["d1"], locators=["l1"]
    )
    g.add_node(
        "sco",
        label="Organisation",
        kind="intergovernmental",
        name="SCO",
        aliases=[],
        sources=["d1"],
        locators=["l2"],
    )
    g.add_node(
        "ev1",
        label="Event",
        kind="exercise",
        name="Exercise 2005",
        date="2005",
        year=2005,
        size=3000,
        summary="joint drill",
        aliases=[],
        sources=["d1"],
        locators=["table 1, row 1"],
    )
    g.add_node(
        "bishkek", label="Place", kind="city", name="Bishkek", aliases=[], sources=["d1"], locators=["l3"]
    )
    g.add_node("terror", label="Topic", name="three evils", aliases=[], sources=["d2"], locators=["l4"])
    g.add_edge(
        "kg",
        "sco",
        key="k1",
        type="MEMBER_OF",
        role="founding member",
        since="2001",
        sources=["d1"],
        locators=["l5"],
    )
    g.add_edge("kg", "ev1", key="k2", type="PARTICIPATED_IN", role="host", sources=["d1"], locators=["l6"])
    g.add_edge("ev1", "bishkek", key="k3", type="HELD_IN", sources=["d1"], locators=["l7"])
    g.add_edge("sco", "terror", key="k4", type="CONCERNS", sources=["d2"], locators=["l8"])
    g.add_edge(
        "kg", "sco", key="k5", type="MEMBER_OF", role="member", since="2002", sources=["d2"], locators=["l9"]
    )
    return g


def page_block(page: str) -> dict[str, Any]:
    """The JSON block the page script reads, as written (columns)."""
    m = re.search(r'<script id="graphtool-data" type="application/json">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def _cites(flat: list[Any], docs: list[str]) -> list[list[str]]:
    return [[docs[flat[i]], flat[i + 1]] for i in range(0, len(flat), 2)]


def page_data(page: str) -> dict[str, Any]:
    """The data block decoded into one dict per node, edge and event (the shape the
    page script builds its cards from), with ``meta`` and ``options`` as written."""
    block = page_block(page)
    meta, nd, ed, vd = block["meta"], block["nodes"], block["edges"], block["events"]
    docs = meta["docs"]
    nodes = []
    times = {i: [t0, t1] for i, t0, t1 in nd["time"]}
    info = dict((i, v) for i, v in nd["info"])
    for i, node_id in enumerate(nd["id"]):
        group = meta["groups"][nd["group"][i]]
        row: dict[str, Any] = {
            "id": node_id,
            "name": nd["name"][i],
            "group": group["key"],
            "nodeLabel": group["label"],
            "x": nd["x"][i],
            "y": nd["y"][i],
            "size": nd["size"][i],
            "citations": _cites(nd["cite"][i], docs),
            "measures": {m: v[i] for m, v in nd["measures"].items() if v[i] is not None},
        }
        if group["kind"]:
            row["kind"] = group["kind"]
        if nd["aliases"][i]:
            row["aliases"] = nd["aliases"][i]
        if i in times:
            row["time"] = times[i]
            row["year"] = times[i][0] // 12
        if i in info:
            row["info"] = info[i]
        nodes.append(row)
    events = {}
    for k, eid in enumerate(vd["id"]):
        ev: dict[str, Any] = {"name": vd["name"][k], "citations": _cites(vd["cite"][k], docs)}
        if vd["kind"][k] >= 0:
            ev["kind"] = meta["eventKinds"][vd["kind"][k]]
        for key in ("date", "place"):
            if vd[key][k]:
                ev[key] = vd[key][k]
        if vd["t0"][k] is not None:
            ev["time"] = [vd["t0"][k], vd["t1"][k]]
            ev["year"] = vd["t0"][k] // 12
        events[eid] = ev
    for k, roles in vd["roles"]:
        events[vd["id"][k]]["roles"] = roles
    edges = []
    sparse = {key: dict((e, v) for e, v in ed[key]) for key in ("role", "since", "cite")}
    etimes = {e: [t0, t1] for e, t0, t1 in ed["time"]}
    for e, (a, b) in enumerate(zip(ed["src"], ed["dst"])):
        erow: dict[str, Any] = {
            "id": f"e{e}",
            "from": nd["id"][a],
            "to": nd["id"][b],
            "type": meta["types"][ed["type"][e]]["name"],
            "weight": ed["weight"][e],
        }
        ev_ref = ed["ev"][e]
        if ev_ref is not None:
            refs = [ev_ref] if isinstance(ev_ref, int) else ev_ref
            erow["events"] = [vd["id"][k] for k in refs]
        if e in sparse["role"]:
            erow["role"] = sparse["role"][e]
        if e in sparse["since"]:
            erow["since"] = sparse["since"][e]
        if e in sparse["cite"]:
            erow["citations"] = _cites(sparse["cite"][e], docs)
        if e in etimes:
            erow["time"] = etimes[e]
        edges.append(erow)
    return {"meta": meta, "options": block.get("options"), "nodes": nodes, "edges": edges, "events": events}


def page_elements(page: str) -> dict[str, int]:
    """How many script and style elements an HTML parser sees."""
    from html.parser import HTMLParser

    counts = {"script": 0, "style": 0}

    class Counter(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in counts:
                counts[tag] += 1

    Counter().feed(page)
    return counts


def legend_values(page: str, kind: str) -> list[str]:
    return [html_lib.unescape(v) for v in re.findall(rf'data-filter="{kind}" value="([^"]*)"', page)]


# -- self-contained --------------------------------------------------------------------------------
def test_page_fetches_nothing() -> None:
    page = render_html(actor_graph(), generated=DATE)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I), "a script is loaded from elsewhere"
    assert not re.search(r"<link[^>]*\bhref\s*=", page, re.I), "a stylesheet is loaded from elsewhere"
    assert not re.search(r"<(img|iframe|embed|object|source)\b", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    assert not re.search(r"\b(src|href)\s*=\s*['\"]?(https?:)?//", page, re.I)
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "bootstrap"):
        assert cdn not in page


def test_page_inlines_vis_network_and_its_licence_is_shipped() -> None:
    page = render_html(actor_graph(), generated=DATE)
    assert "vis-network" in page and "@version 9.1.2" in page
    assets = Path(__file__).resolve().parent.parent / "graphtool" / "visual" / "assets"
    notice = (assets / "LICENSE-vis-network.txt").read_text()
    assert "MIT License" in notice and "Almende" in notice


def test_vis_network_is_found_without_importing_pyvis() -> None:
    # pyvis/__init__ imports IPython, jinja2 and jsonpickle: a few tenths of a second
    # on every render, only to locate a folder.
    code = (
        "import sys\n"
        "from graphtool.visual import page as render\n"
        "assert render._asset('vis-network.min.js') and render._asset('vis-network.css')\n"
        "print(sorted(m for m in ('pyvis', 'IPython', 'jinja2', 'jsonpickle') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_missing_pyvis_is_a_render_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from graphtool.visual import page as render

    monkeypatch.setattr(render, "_ASSETS", {})
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, package=None: None)
    with pytest.raises(RenderError, match="pyvis package.*not installed.*reinstall graphtool"):
        render_html(actor_graph(), generated=DATE)


@pytest.mark.parametrize(("renderer", "scripts"), [("vis", 4), ("webgl", 5)])
def test_names_cannot_close_the_script_or_inject_markup(renderer: str, scripts: int) -> None:
    page = render_html(actor_graph(), generated=DATE, title="<i>T</i>", renderer=renderer)
    # data, the libraries (vis-network; graphology and sigma), the drawing, the page
    assert page_elements(page) == {"script": scripts, "style": 2}  # nothing closed early
    assert "<i>T</i>" not in page and "&lt;i&gt;T&lt;/i&gt;" in page
    names = {n["name"] for n in page_data(page)["nodes"]}
    assert '</script><b>Odd</b> & "quoted"' in names  # the value survives the escaping


# -- deterministic ---------------------------------------------------------------------------------
def reversed_copy(g: nx.Graph) -> nx.Graph:
    """The same graph built the other way round: nodes and edges added in reverse
    order, an undirected edge's ends swapped, a multigraph's keys kept."""
    h = g.__class__()
    h.graph.update(g.graph)
    h.add_nodes_from(reversed(list(g.nodes(data=True))))
    if g.is_multigraph():
        keyed = reversed(list(g.edges(keys=True, data=True)))
        if g.is_directed():
            h.add_edges_from(keyed)
        else:
            h.add_edges_from((v, u, k, d) for u, v, k, d in keyed)
    elif g.is_directed():
        h.add_edges_from(reversed(list(g.edges(data=True))))
    else:
        h.add_edges_from((v, u, d) for u, v, d in reversed(list(g.edges(data=True))))
    return h


def parallel_raw_graph() -> nx.MultiDiGraph:
    """:func:`raw_graph` plus two relationships with the same ends and type (and no
    role) that differ only in their key and citations."""
    g = raw_graph()
    g.add_edge("kg", "ev1", key="k6", type="PARTICIPATED_IN", sources=["d3"], locators=["l10"])
    g.add_edge("kg", "ev1", key="k7", type="PARTICIPATED_IN", sources=["d4"], locators=["l11"])
    return g


@pytest.mark.parametrize("renderer", ["vis", "webgl"])
def test_same_graph_same_bytes_whatever_the_insertion_order(renderer: str) -> None:
    g = actor_graph()
    h = reversed_copy(g)
    assert list(h.nodes) != list(g.nodes)
    first = render_html(g, generated=DATE, size_by="pagerank", renderer=renderer)
    assert render_html(g, generated=DATE, size_by="pagerank", renderer=renderer) == first
    assert render_html(h, generated=DATE, size_by="pagerank", renderer=renderer) == first


def test_parallel_relationships_of_one_type_same_bytes_whatever_the_insertion_order() -> None:
    g = parallel_raw_graph()
    h = reversed_copy(g)
    assert list(h.edges(keys=True)) != list(g.edges(keys=True))
    page = render_html(g, generated=DATE)
    assert render_html(h, generated=DATE) == page
    parallel = [e for e in page_data(page)["edges"] if (e["from"], e["to"]) == ("kg", "ev1")]
    assert [e["type"] for e in parallel] == ["PARTICIPATED_IN"] * 3
    # In key order (k2, k6, k7): the host's relationship, then d3's, then d4's.
    assert [e.get("role") for e in parallel] == ["host", None, None]
    assert [e["citations"][0][0] for e in parallel] == ["d1", "d3", "d4"]


def test_generation_date_is_injectable(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    assert "generated 2024-05-01" in render_html(actor_graph(), generated=DATE)
    assert "generated 2023-02-03" in render_html(actor_graph(), generated=dt.date(2023, 2, 3))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert "generated 1970-01-02" in render_html(actor_graph())


def test_layout_is_seeded_and_fits_the_page() -> None:
    g = nx.karate_club_graph()
    for method in ("auto", "spring", "circle"):
        a = compute_layout(g, seed=3, method=method)
        assert a == compute_layout(g, seed=3, method=method)
        assert set(a) == set(g)
    pos = compute_layout(g, seed=3)
    assert max(abs(c) for xy in pos.values() for c in xy) <= 500
    with pytest.raises(RenderError, match="unknown layout"):
        compute_layout(g, method="nope")


def test_layout_reads_each_pair_of_linked_nodes_once() -> None:
    # Directions, parallel edges and loops do not change which nodes pull on each
    # other: the layout of a directed multigraph is that of its simple undirected
    # shape (the loop's node is still linked; the unlinked one is set out apart).
    simple = nx.karate_club_graph()
    simple.add_edge(0, 0)
    simple.add_node("alone")
    multi = nx.MultiDiGraph()
    multi.add_nodes_from(simple)
    for u, v in simple.edges():
        multi.add_edge(u, v)
        multi.add_edge(v, u)
        multi.add_edge(u, v, key="again")
    laid = compute_layout(multi, seed=5, method="igraph")
    assert laid == compute_layout(simple, seed=5, method="igraph")
    assert laid["alone"][1] > max(y for n, (_, y) in laid.items() if n != "alone")
    assert len(set(laid.values())) == len(laid)


def test_layout_does_not_disturb_the_callers_random_state() -> None:
    import random

    random.seed(7)
    expected = random.random()
    random.seed(7)
    compute_layout(nx.karate_club_graph(), seed=1)
    assert random.random() == expected


# -- everything is there, with its tooltip data -------------------------------------------------
def test_every_node_with_kind_aliases_measures_and_citations() -> None:
    g = actor_graph()
    data = page_data(render_html(g, generated=DATE, size_by="pagerank"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == set(g)
    for n, attrs in g.nodes(data=True):
        row = nodes[n]
        assert row["name"] == attrs["name"]
        assert row["nodeLabel"] == attrs["label"] and row["kind"] == attrs["kind"]
        assert row.get("aliases", []) == attrs["aliases"]
        assert row["citations"] == [list(c) for c in zip(attrs["sources"], attrs["locators"])]
        assert row["measures"]["pagerank"] == attrs["pagerank"]
        assert row["group"] == f"{attrs['label']}/{attrs['kind']}"


def test_every_edge_with_its_events_places_roles_and_citations() -> None:
    g = actor_graph()
    g.add_node("bishkek", label="Place", kind="city", name="Bishkek")  # a place name to resolve
    data = page_data(render_html(g, generated=DATE))
    edges = {frozenset((e["from"], e["to"])): e for e in data["edges"]}
    assert set(edges) == {frozenset(e) for e in g.edges()}
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    for u, v, attrs in g.edges(data=True):
        row = edges[frozenset((u, v))]
        assert row["type"] == "CO_PARTICIPATION"  # the actor projection's edges have no type
        assert row["weight"] == attrs["weight"]
        assert row["events"] == [ev["id"] for ev in attrs["events"]]
        for ev in attrs["events"]:
            shown = data["events"][ev["id"]]
            assert shown["kind"] == ev["kind"] and shown["date"] == ev["date"]
            assert shown["year"] == ev["year"]
            assert ["fpri-2022", ev["locators"][0]] in shown["citations"]
            assert shown["roles"] == ev["roles"]
    assert data["events"]["a5-kg-2003"]["place"] == "Bishkek"  # a node in the graph: its name
    assert data["events"]["a2-2018"]["place"] == "chebarkul"  # not in the graph: its id
    # Each event is written once, however many edges it makes.
    page = render_html(g, generated=DATE)
    assert page.count('"Peace Mission 2018"') == 1


def test_raw_graph_relationship_types_roles_and_citations() -> None:
    g = raw_graph()
    page = render_html(g, generated=DATE)
    data = page_data(page)
    assert len(data["edges"]) == g.number_of_edges() == 5  # both MEMBER_OF facts kept
    types = sorted(e["type"] for e in data["edges"])
    assert types == ["CONCERNS", "HELD_IN", "MEMBER_OF", "MEMBER_OF", "PARTICIPATED_IN"]
    member = [e for e in data["edges"] if e["type"] == "MEMBER_OF"]
    assert {e["role"] for e in member} == {"founding member", "member"}
    assert {e["since"] for e in member} == {"2001", "2002"}
    # A membership holds from its year on; a participation, when its event happens.
    assert sorted(e["time"][0] // 12 for e in member) == [2001, 2002]
    assert {e["time"][1] for e in member} == {OPEN_END}
    (took_part,) = [e for e in data["edges"] if e["type"] == "PARTICIPATED_IN"]
    assert took_part["time"] == [2005 * 12, 2005 * 12 + 11]
    assert [["d1", "l5"]] in [e["citations"] for e in member]
    ev = next(n for n in data["nodes"] if n["id"] == "ev1")
    assert ev["year"] == 2005 and ev["info"]["summary"] == "joint drill"
    assert ev["time"] == [2005 * 12, 2005 * 12 + 11]  # a year covers its twelve months
    assert "measures" in ev and "size" not in ev["measures"]  # size is data, not a measure
    styles = {t["name"]: {"color": t["color"], "dashes": t["dashes"]} for t in data["meta"]["types"]}
    assert styles["MEMBER_OF"] == EDGE_STYLES["MEMBER_OF"]


def test_membership_edges_take_citations_from_their_facts() -> None:
    g = nx.Graph(projection="membership")
    g.add_node("kg", label="Actor", kind="state", name="Kyrgyzstan")
    g.add_node("sco", label="Organisation", kind="intergovernmental", name="SCO")
    g.add_edge(
        "kg",
        "sco",
        weight=1,
        role="member",
        since="2001",
        memberships=[
            {"role": "member", "since": "2001", "sources": ["d1"], "locators": ["l1"]},
            {"role": "member", "since": "2002", "sources": ["d2"], "locators": ["l2"]},
        ],
    )
    (edge,) = page_data(render_html(g, generated=DATE))["edges"]
    assert edge["type"] == "MEMBER_OF"
    assert edge["citations"] == [["d1", "l1"], ["d2", "l2"]]


# -- reads at a glance -----------------------------------------------------------------------------
def test_legend_lists_every_kind_and_relationship_type_present() -> None:
    for g in (actor_graph(), raw_graph()):
        page = render_html(g, generated=DATE)
        groups = {f"{d['label']}/{d['kind']}" if d.get("kind") else d["label"] for _, d in g.nodes(data=True)}
        assert set(legend_values(page, "group")) == groups
        types = {d.get("type", "CO_PARTICIPATION") for *_, d in g.edges(data=True)}
        assert set(legend_values(page, "type")) == types
    page = render_html(actor_graph(), generated=DATE)
    assert set(legend_values(page, "eventKind")) == {"training", "exercise"}
    assert 'id="year-from"' in page and 'value="2003"' in page and 'value="2018"' in page
    assert 'id="time-slider"' in page and 'id="time-play"' in page and 'id="time-width"' in page
    assert 'id="time-unit"' in page  # one date names a month (2003-11): a month step is offered
    assert 'id="time-unit"' not in render_html(raw_graph(), generated=DATE)  # years only


def test_title_and_the_line_saying_what_is_shown() -> None:
    page = render_html(actor_graph(), title="Who trains whom", generated=DATE)
    assert "<title>Who trains whom</title>" in page and "<h1>Who trains whom</h1>" in page
    line = re.search(r'<p id="subtitle">(.*?)</p>', page).group(1)
    assert html_lib.unescape(line) == (
        "Actors linked by the events they took part in together · 2003–2018 · "
        "5 nodes, 4 edges · generated 2024-05-01"
    )
    custom = render_html(actor_graph(), description="my view", generated=DATE)
    assert "my view · 5 nodes, 4 edges" in custom


def test_describe_graph_says_projection_filters_and_scope() -> None:
    g = nx.Graph(
        projection="actors",
        filters={
            "start": 2015,
            "kinds": ["state"],
            "event_kinds": ["exercise"],
            "countries": ["kg"],
            "level": "state",
        },
    )
    assert describe_graph(g, focus="Kyrgyzstan", depth=2, max_nodes=50) == (
        "Actors linked by the events they took part in together · from 2015 · actor kinds: state · "
        "event kinds: exercise · countries: kg · states (agencies rolled up) · "
        "within 2 links of Kyrgyzstan · the 50 most central nodes"
    )
    assert describe_graph(nx.Graph()) == ""


def test_size_by_a_measure_and_labels_for_the_largest() -> None:
    page = render_html(actor_graph(), size_by="pagerank", labels=2, generated=DATE)
    data = page_data(page)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["cn-mps"]["size"] == 40.0 and by_id["odd"]["size"] == 8.0
    assert by_id["cn-mps"]["size"] > by_id["kg"]["size"] > by_id["kg-mia"]["size"] > by_id["sco"]["size"]
    # At most two labels at a time, tried in order of the measure (most central first).
    ids = page_block(page)["nodes"]["id"]
    assert [ids[i] for i in page_block(page)["nodes"]["order"]] == ["cn-mps", "kg", "kg-mia", "sco", "odd"]
    assert data["meta"]["labels"] == 2 and data["meta"]["sizeBy"] == "pagerank"


def test_size_by_degree_by_default() -> None:
    data = page_data(render_html(actor_graph(), generated=DATE))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert data["meta"]["sizeBy"] == "degree"
    assert by_id["kg"]["measures"]["degree"] == 3 and by_id["odd"]["measures"]["degree"] == 0
    assert by_id["kg"]["size"] == 40.0


def test_size_by_an_absent_measure_says_what_to_do() -> None:
    with pytest.raises(RenderError, match="no node has a numeric 'betweenness'"):
        render_html(actor_graph(), size_by="betweenness", generated=DATE)


def test_large_graphs_hide_edges_while_moving_and_keep_physics_off() -> None:
    g = nx.gnm_random_graph(1500, 3000, seed=1)
    data = page_data(render_html(g, generated=DATE, labels=0))
    assert data["meta"]["renderer"] == "vis"
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["interaction"]["hideEdgesOnDrag"] is True
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_the_renderer_is_chosen_by_size_or_by_the_caller() -> None:
    assert choose_renderer(WEBGL_FROM - 1, 3 * WEBGL_FROM - 1) == "vis"
    assert choose_renderer(WEBGL_FROM, 0) == "webgl"
    assert choose_renderer(10, 3 * WEBGL_FROM) == "webgl"  # links count too
    assert choose_renderer(10**6, 10**6, "vis") == "vis"
    with pytest.raises(RenderError, match="unknown renderer 'canvas'; use auto, vis, webgl"):
        choose_renderer(1, 1, "canvas")
    big = nx.gnm_random_graph(WEBGL_FROM, 2 * WEBGL_FROM, seed=1)
    page = render_html(big, generated=DATE, layout="circle")
    assert page_block(page)["meta"]["renderer"] == "webgl" and '<body data-renderer="webgl">' in page
    assert "options" not in page_block(page)  # vis-network's options: the vis page only
    assert page_block(render_html(actor_graph(), generated=DATE))["meta"]["renderer"] == "vis"


def test_the_webgl_page_inlines_sigma_and_graphology_and_their_licences_are_shipped() -> None:
    page = render_html(actor_graph(), generated=DATE, renderer="webgl")
    assert "@version 9.1.2" not in page  # no vis-network in the WebGL page
    assets = Path(__file__).resolve().parent.parent / "graphtool" / "visual" / "assets"
    for lib in ("sigma.min.js", "graphology.umd.min.js"):
        text = (assets / lib).read_text(encoding="utf-8")
        assert text.split("//# sourceMappingURL")[0].strip()[:2000] in page  # inlined as shipped
    assert "sourceMappingURL" not in page  # the maps are not shipped: nothing to fetch
    for name, holder in (("sigma", "Alexis Jacomy"), ("graphology", "Guillaume Plique")):
        notice = (assets / f"LICENSE-{name}.txt").read_text(encoding="utf-8")
        assert "Permission is hereby granted" in notice and holder in notice
    readme = (assets / "README.md").read_text(encoding="utf-8")
    assert "sigma 3.0.3" in readme and "graphology 0.26.0" in readme and "npm" in readme


def test_page_size_grows_linearly_and_slowly() -> None:
    """Columns and shared strings: bytes per node stay flat as the graph grows."""
    sizes = {}
    empty = len(render_html(nx.Graph(), generated=DATE, renderer="webgl").encode())
    for n in (1000, 4000):
        g = nx.gnm_random_graph(n, 3 * n, seed=1)
        for node in g:
            name = f"Actor number {node}"
            g.nodes[node].update(label="Actor", kind="state", name=name, sources=["d"], locators=[f"r{node}"])
        page = render_html(g, generated=DATE, layout="circle", renderer="webgl")
        sizes[n] = len(page.encode()) - empty
    per_node = {n: size / n for n, size in sizes.items()}
    assert per_node[4000] < 1.1 * per_node[1000], per_node
    assert per_node[4000] < 200, per_node  # one node, three links and a citation each


@pytest.mark.parametrize("renderer", ["vis", "webgl"])
def test_empty_graph_renders(renderer: str) -> None:
    page = render_html(nx.Graph(), generated=DATE, renderer=renderer)
    data = page_data(page)
    assert data["nodes"] == [] and data["edges"] == []
    assert "0 nodes, 0 edges" in page
    assert data["meta"]["time"] is None and 'id="time-slider"' not in page


def test_write_html(tmp_path: Path) -> None:
    out = write_html(actor_graph(), tmp_path / "a.html", generated=DATE)
    assert out.read_text(encoding="utf-8") == render_html(actor_graph(), generated=DATE)
    with pytest.raises(OutputFailed, match="cannot write"):
        write_html(actor_graph(), tmp_path / "missing" / "a.html", generated=DATE)


# -- scope -------------------------------------------------------------------------------------------
def test_scope_focus_by_alias_and_depth() -> None:
    g = nx.path_graph(["a", "b", "c", "d"])
    nx.set_node_attributes(g, {"a": {"name": "Alpha", "aliases": ["A1"]}})
    assert sorted(scope_graph(g, focus="A1", depth=1)) == ["a", "b"]
    assert sorted(scope_graph(g, focus="alpha", depth=2)) == ["a", "b", "c"]
    with pytest.raises(EntityNotFound):
        scope_graph(g, focus="nobody")


def test_scope_max_nodes_keeps_the_most_central_and_the_focus() -> None:
    g = nx.star_graph(5)  # 0 is the hub
    g = nx.relabel_nodes(g, str)
    scores = {"0": 5.0, "1": 1.0, "2": 3.0, "3": 2.0, "4": 0.5, "5": 0.1}
    assert sorted(scope_graph(g, max_nodes=3, scores=scores)) == ["0", "2", "3"]
    assert sorted(scope_graph(g, focus="5", depth=1, max_nodes=2, scores=scores)) == ["0", "5"]
    assert sorted(scope_graph(g, max_nodes=1)) == ["0"]  # degree by default


# -- the command, against the test server -----------------------------------------------------------
@pytest.fixture
def run_visual(cli_env: dict[str, str]) -> Any:
    """Run graphtool in-process against the test server, with a fixed generation date."""
    from click.testing import CliRunner

    from graphtool.cli import cli

    def run(*args: str) -> Any:
        return CliRunner().invoke(
            cli, list(args), env={**cli_env, "SOURCE_DATE_EPOCH": "0"}, catch_exceptions=False
        )

    return run


@pytest.fixture
def network_db(db: Any) -> Any:
    from graphtool.store.load import load_paths

    load_paths(db, [Path(__file__).resolve().parent / "data" / "network"])
    return db


@pytest.mark.server
def test_render_command_writes_the_actor_network(network_db: Any, run_visual: Any, tmp_path: Path) -> None:
    out = tmp_path / "net.html"
    result = run_visual("render", "-o", str(out), "--size-by", "pagerank", "--labels", "3")
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {out}:" in result.stderr and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    data = page_data(page)
    assert data["meta"]["sizeBy"] == "pagerank"
    assert all("pagerank" in n["measures"] for n in data["nodes"])
    assert data["edges"] and all(e["type"] == "CO_PARTICIPATION" and e["events"] for e in data["edges"])
    assert "generated 1970-01-01" in page and "<h1>Actor network</h1>" in page


@pytest.mark.server
def test_render_command_filters_focus_and_cut(network_db: Any, run_visual: Any, tmp_path: Path) -> None:
    out = tmp_path / "kg.html"
    result = run_visual(
        "render",
        "-o",
        str(out),
        "--level",
        "state",
        "--focus",
        "Kyrgyz Republic",
        "--depth",
        "1",
        "--max-nodes",
        "2",
        "--title",
        "Kyrgyzstan",
    )
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    ids = {n["id"] for n in page_data(page)["nodes"]}
    assert "kg" in ids and len(ids) <= 2
    assert "states (agencies rolled up)" in page and "within 1 link of Kyrgyz Republic" in page


@pytest.mark.server
def test_render_command_renderer_and_fixed_time_window(
    network_db: Any, run_visual: Any, tmp_path: Path
) -> None:
    out = tmp_path / "w.html"
    result = run_visual("render", "-o", str(out), "--renderer", "webgl", "--from", "2005", "--to", "2012")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.rstrip().endswith(" MB, WebGL).")
    block = page_block(out.read_text(encoding="utf-8"))
    # --from/--to fix the range the time slider moves in, whatever the data spans.
    assert block["meta"]["renderer"] == "webgl" and block["meta"]["time"]["years"] == [2005, 2012]
    years = {t // 12 for t in block["events"]["t0"] + block["events"]["t1"] if t is not None}
    assert years and min(years) >= 2005 and max(years) <= 2012
    result = run_visual("render", "-o", str(out), "--renderer", "canvas")
    assert result.exit_code == 2 and "Invalid value for '--renderer'" in result.stderr


@pytest.mark.server
def test_render_command_errors(network_db: Any, run_visual: Any, tmp_path: Path) -> None:
    result = run_visual("render", "-o", str(tmp_path / "x.html"), "--focus", "Atlantis")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no actor or node called 'Atlantis'")
    result = run_visual("render", "-o", str(tmp_path / "x.html"), "--size-by", "fame")
    assert result.exit_code == 2 and "Invalid value for '--size-by'" in result.stderr
    result = run_visual("render", "-o", str(tmp_path / "x.html"), "--kind", "wizard")
    assert result.exit_code == 2 and "Invalid value for '--kind'" in result.stderr
    result = run_visual("render", "-o", str(tmp_path / "x.html"), "--from", "2020", "--to", "2010")
    assert result.exit_code == 2 and "Error: the window starts (2020) after it ends (2010)" in result.stderr


def test_docstring_examples() -> None:
    import doctest

    import graphtool.visual.page

    assert doctest.testmod(graphtool.visual.page, optionflags=doctest.ELLIPSIS).failed == 0
