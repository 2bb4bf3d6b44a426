"""Pages at scale and in notebooks, in a real browser: the bundled network's labels,
a generated 30,000-node network drawn with WebGL, and graphtool.show() run inside a
notebook.

Headless Chromium with networking cut off (graphtool.visual.browser), like
tests/test_browser.py; every test here skips, saying so, where Chromium (or, for the
notebook, nbclient and ipykernel) is absent.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphtool.visual.browser import load_page
from graphtool.visual.page import WEBGL_FROM, write_html

ROOT = Path(__file__).resolve().parent.parent
DATE = "2024-05-01"




def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes overlap (touching edges do not count)."""
    return [
        (a["id"], b["id"])
        for a, b in itertools.combinations(boxes, 2)
        if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    ]


def test_overlap_check_catches_overlaps() -> None:
    a = {"id": "a", "x": 0, "y": 0, "w": 10, "h": 10}
    assert overlapping([a, {"id": "b", "x": 9, "y": 9, "w": 5, "h": 5}]) == [("a", "b")]
    assert overlapping([a, {"id": "c", "x": 10, "y": 0, "w": 5, "h": 5}]) == []


# -- the bundled network's labels ----------------------------------------------------------
LABELS = """
(async () => {
  const g = window.graphtool, out = {};
  out.first = g.labelBoxes();
  out.top = g.model.ids[g.model.rank.indexOf(0)];
  g.focus(out.top);
  await new Promise(r => setTimeout(r, 700));
  await g.nextFrame();
  out.focused = g.labelBoxes();
  document.getElementById('reset').click();
  await g.nextFrame();
  const stage = document.getElementById('network');
  out.size = [stage.clientWidth, stage.clientHeight];
  return out;
})()
"""


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("renderer", ["vis", "webgl"])
def test_the_bundled_networks_labels_never_overlap(
    chromium: str, bundled_db: Any, run_cli: Any, tmp_path: Path, renderer: str
) -> None:
    out = tmp_path / "network.html"
    result = run_cli("render", "-o", str(out), "--renderer", renderer)
    assert result.exit_code == 0, result.stderr
    report = load_page(out, width=1400, height=900, evaluate=LABELS, timeout=60)
    assert report.errors == [] and report.requests == []
    v = report.value
    w, h = v["size"]
    for view in ("first", "focused"):
        boxes = v[view]
        assert overlapping(boxes) == [], view
        assert all(0 <= b["x"] <= b["x"] + b["w"] <= w and 0 <= b["y"] <= b["y"] + b["h"] <= h for b in boxes)
    # The whole network: as many labels as asked for (25), the most central among them.
    assert len(v["first"]) == 25 and v["top"] in {b["id"] for b in v["first"]}
    assert v["focused"][0]["id"] == v["top"] and len(v["focused"]) > 3  # the focus and its neighbours


# -- a large network, drawn with WebGL -----------------------------------------------------------
KINDS = ("state", "agency", "office", "unit", "person", "group")
EVENT_KINDS = ("meeting", "exercise", "training", "transfer")


def large_graph(n: int, seed: int = 3) -> tuple[nx.Graph, dict[str, tuple[float, float]]]:
    """``n`` actors in communities of 50 on a grid, three links each (mostly inside the
    community), every link one or two dated events; positions by community, so the
    test needs no layout."""
    rng = random.Random(seed)
    g = nx.Graph(projection="actors", filters={})
    side = int((n / 50) ** 0.5) + 1
    pos = {}
    for i in range(n):
        c = i // 50
        g.add_node(
            f"a{i:05d}",
            label="Actor",
            kind=KINDS[i % len(KINDS)],
            name=f"Actor number {i}",
            aliases=[f"A-{i}"],
            sources=["doc"],
            locators=[f"row {i}"],
        )
        pos[f"a{i:05d}"] = ((c % side) * 400 + rng.uniform(0, 300), (c // side) * 400 + rng.uniform(0, 300))
    events = [
        {"id": f"ev{j}", "name": f"Event {j}", "kind": EVENT_KINDS[j % 4],
         "date": f"{2000 + j % 20}-{j % 12 + 1:02d}", "year": 2000 + j % 20,
         "sources": ["doc"], "locators": [f"e{j}"]}
        for j in range(n // 2)
    ]  # fmt: skip
    m = 0  # (Graph.number_of_edges() counts: linear in the nodes)
    while m < 3 * n:
        u = rng.randrange(n)
        v = (u // 50) * 50 + rng.randrange(50) if rng.random() < 0.9 else rng.randrange(n)
        if u != v and v < n and not g.has_edge(f"a{u:05d}", f"a{v:05d}"):
            evs = rng.sample(events, rng.choice((1, 1, 2)))
            g.add_edge(f"a{u:05d}", f"a{v:05d}", weight=len(evs), events=evs)
            m += 1
    return g, pos


LARGE = """
(async () => {
  const g = window.graphtool, out = {}, t = () => performance.now();
  const set = (kind, value, on) => {
    const box = document.querySelector(`input[data-filter="${kind}"][value="${value}"]`);
    box.checked = on; box.dispatchEvent(new Event('change'));
  };
  out.renderer = g.renderer;
  out.counts = document.getElementById('counts').textContent;
  out.legend = Array.from(document.querySelectorAll('input[data-filter="group"]')).map(b => b.value);
  out.stats = g.draw.stats();
  out.labels = g.labelBoxes();
  let t0 = t();
  set('group', 'Actor/person', false);
  out.noPersons = {nodes: g.visibleIds().length, edges: g.visibleEdges(), ms: t() - t0};
  set('group', 'Actor/person', true);
  set('eventKind', 'meeting', false);
  out.noMeetings = g.visibleEdges();
  set('eventKind', 'meeting', true);
  const input = document.getElementById('search');
  t0 = t();
  input.value = 'Actor number 12345'; input.dispatchEvent(new Event('input'));
  out.results = Array.from(document.querySelectorAll('#search-results li')).map(li => li.dataset.id);
  input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
  out.searchMs = t() - t0;
  out.highlighted = g.highlighted();
  out.byAlias = g.search('a-777')[0];
  document.getElementById('reset').click();
  const from = document.getElementById('year-from'), to = document.getElementById('year-to');
  from.value = '2005'; from.dispatchEvent(new Event('change'));
  to.value = '2006'; to.dispatchEvent(new Event('change'));
  out.window = {edges: g.visibleEdges(), time: g.time()};
  const slider = document.getElementById('time-slider');
  t0 = t();
  slider.value = '2010'; slider.dispatchEvent(new Event('input'));
  out.slid = {edges: g.visibleEdges(), time: g.time(), ms: t() - t0};
  out.fading = g.draw.fading();
  out.stepMs = await g.latency(() => g.step(1));
  await new Promise(r => setTimeout(r, 500));
  out.fadingAfter = g.draw.fading();
  out.counts2 = document.getElementById('counts').textContent;
  return out;
})()
"""


@pytest.mark.browser
def test_a_30000_node_network_draws_with_webgl_and_its_page_works(chromium: str, tmp_path: Path) -> None:
    n = 30_000
    g, pos = large_graph(n)
    page = write_html(g, tmp_path / "large.html", positions=pos, generated=DATE)
    assert n >= WEBGL_FROM  # drawn with WebGL without asking
    report = load_page(page, width=1400, height=900, evaluate=LARGE, timeout=120)
    assert report.drawn, report.errors
    assert report.errors == [] and report.requests == []
    v = report.value
    m = g.number_of_edges()
    assert v["renderer"] == "webgl"
    stats = v["stats"]
    assert 0 < stats["linksDrawn"] <= stats["budget"]
    # Where not every link on screen is drawn (software WebGL here), the counts say so.
    drawn = "" if stats["linksDrawn"] == stats["linksInView"] else (
        f" · showing the {stats['linksDrawn']:,} strongest links of {stats['linksInView']:,} on screen; "
        "zoom in for more"
    )
    assert v["counts"] == f"{n:,} nodes · {m:,} links in view{drawn}"
    assert v["legend"] == [f"Actor/{k}" for k in KINDS]
    assert overlapping(v["labels"]) == [] and len(v["labels"]) == 25
    # Unticking persons hides them, their links, and whoever had links to persons only
    # (actors with no links at all stay).
    persons = {x for x, d in g.nodes(data=True) if d["kind"] == "person"}
    kept_edges = [(a, b) for a, b in g.edges() if a not in persons and b not in persons]
    kept_nodes = {x for e in kept_edges for x in e} | {x for x in g if g.degree(x) == 0 and x not in persons}
    assert v["noPersons"]["nodes"] == len(kept_nodes) and v["noPersons"]["edges"] == len(kept_edges)
    no_meetings = sum(1 for *_, d in g.edges(data=True) if any(e["kind"] != "meeting" for e in d["events"]))
    assert v["noMeetings"] == no_meetings
    assert v["results"][0] == "a12345" and v["highlighted"] == "a12345" and v["byAlias"] == "a00777"

    def in_window(lo: int, hi: int) -> int:
        return sum(1 for *_, d in g.edges(data=True) if any(lo <= e["year"] <= hi for e in d["events"]))

    assert v["window"]["edges"] == in_window(2005, 2006)
    assert (v["slid"]["time"]["from"], v["slid"]["time"]["to"]) == (2010, 2011)
    assert v["slid"]["edges"] == in_window(2010, 2011)
    assert v["fading"] > 0 and v["fadingAfter"] == 0
    assert re.search(
        rf"in view \(of {n:,} and {m:,}\)"
        r"( · showing the [0-9,]+ strongest links of [0-9,]+ on screen; zoom in for more)?$",
        v["counts2"],
    ), v["counts2"]
    # Not targets (bench/render.py measures those), but a frozen page would fail here.
    assert v["noPersons"]["ms"] < 5000 and v["slid"]["ms"] < 5000 and v["stepMs"] < 10000


# -- in a notebook ------------------------------------------------------------------------------
HOST = """<!DOCTYPE html>
<html><head><style>
/* A notebook's own styles, which must not reach the page, nor the page's reach it. */
canvas {{ display: none !important; }}
h1 {{ color: rgb(255, 0, 0); font-size: 40px; }}
</style></head><body>
<h1 id="host">Notebook</h1>
<div class="output">{output}</div>
<script>
window.addEventListener('message', function (ev) {{
  if (ev.data && ev.data.graphtool === 'drawn') window.graphtool = {{drawn: true, frames: ev.data.frames}};
}});
</script></body></html>
"""


@pytest.mark.browser
def test_show_in_a_notebook_displays_the_page_isolated_in_an_iframe(chromium: str, tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install '.[test]')")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install '.[test]')")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install '.[test]')")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"import sys\nsys.path.insert(0, {str(ROOT)!r})"),
        nbformat.v4.new_code_cell(
            "import networkx as nx\nimport graphtool\n"
            "G = nx.karate_club_graph()\n"
            "nx.set_node_attributes(G, {n: f'Member {n}' for n in G}, 'name')\n"
            "graphtool.show(G, title='Karate club', generated='2024-05-01')"
        ),
        nbformat.v4.new_code_cell(
            "page = graphtool.show(graphtool.show(G).html, height=300)\n"
            "print(page.height, page._repr_html_()[:7])"
        ),
    ]
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    (out,) = nb.cells[1].outputs
    assert out["output_type"] == "execute_result"
    frame = out["data"]["text/html"]
    assert frame.startswith('<iframe class="graphtool-page" srcdoc="&lt;!DOCTYPE html&gt;')
    assert 'sandbox="allow-scripts"' in frame and "height: 640px" in frame
    assert "&lt;h1&gt;Karate club&lt;/h1&gt;" in frame and "graphtool-data" in frame
    assert "<style>" not in frame and "<script" not in frame  # all of the page is inside srcdoc
    assert nb.cells[2].outputs[0]["text"] == "300 <iframe\n"  # a page's HTML shows too
    # Shown in a host page with hostile styles, the page draws inside its frame.
    host = tmp_path / "notebook.html"
    host.write_text(HOST.format(output=frame), encoding="utf-8")
    report = load_page(host, width=1200, height=800, timeout=60, screenshot=True)
    assert report.drawn, report.errors
    assert report.errors == [] and report.requests == []
    from test_browser import decode_png

    assert report.png is not None
    width, height, channels, pixels = decode_png(report.png)
    coloured = 0
    for y in range(150, height, 3):
        for x in range(300, width, 3):
            r, g, b = pixels[(y * width + x) * channels : (y * width + x) * channels + 3]
            if abs(r - g) > 40 or abs(g - b) > 40:
                coloured += 1
    assert coloured > 100, "the page inside the frame drew nothing (or the host's styles hid its canvas)"


def test_show_takes_graphs_networks_pages_and_html_and_says_what_else_it_cannot() -> None:
    from graphtool.analysis.network import Network
    from graphtool.errors import RenderError
    from graphtool.visual.notebook import Page, show

    g = nx.path_graph(["a", "b", "c"])
    page = show(g, generated=DATE)
    assert isinstance(page, Page) and "graphtool-data" in page.html
    assert show(page, height=200).height == 200 and show(page.html).html == page.html
    net = Network.from_edges(["a", "b", "c"], [(0, 1), (1, 2)])
    assert '"a","b","c"' in show(net, generated=DATE).html
    with pytest.raises(RenderError, match=r"show\(\) takes a networkx graph, a Network, a Page .* not int"):
        show(3)
    with pytest.raises(RenderError, match="this text is not a page"):
        show("hello")
