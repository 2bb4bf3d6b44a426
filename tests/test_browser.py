"""The page in a real browser: headless Chromium with networking cut off.

Checks that the page draws with no console errors and requests nothing from the
network, that the picture is not blank, and that tooltips, search, filters and
neighbourhood highlighting work. Needs Chromium (Debian: ``apt-get install
chromium``; or set ``GRAPHTOOL_CHROMIUM``); every test here skips, saying so, where
it is absent.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import test_render
from test_render import actor_graph, raw_graph

from graphtool.errors import RenderError
from graphtool.visual.browser import PageReport, load_page
from graphtool.visual.page import write_html

# The render command fixtures, shared.
run_visual = test_render.run_visual
network_db = test_render.network_db

DATE = "2024-05-01"


def _open(tmp_path: Path, g: nx.Graph, evaluate: str | None = None, **kw: Any) -> PageReport:
    page = write_html(g, tmp_path / "page.html", generated=DATE, **kw)
    return load_page(page, evaluate=evaluate, timeout=60, width=1000, height=700, screenshot=evaluate is None)


# The WebGL page needs WebGL: in headless Chromium without a GPU, software WebGL
# (SwiftShader), which graphtool.visual.browser enables.


# -- a tiny PNG decoder (8-bit RGB/RGBA, not interlaced: what Chromium writes) -------------------
def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """``(width, height, channels, raw pixel bytes)``."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    out = bytearray(height * stride)
    prev = bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        out[y * stride : (y + 1) * stride] = line
        prev = line
    return width, height, channels, bytes(out)


def test_png_decoder_on_a_known_image() -> None:
    # 2x1 RGB: one red pixel, one white, filter type 1 (Sub) on the row.
    row = bytes([1, 255, 0, 0, 0, 255, 255])
    ihdr = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(row)) + chunk(b"IEND", b"")
    )
    assert decode_png(png) == (2, 1, 3, bytes([255, 0, 0, 255, 255, 255]))


def test_a_browser_that_cannot_start_leaves_no_pipe_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from graphtool.visual.browser import _Chromium

    opened: list[int] = []
    real_pipe = os.pipe

    def pipe() -> tuple[int, int]:
        ends = real_pipe()
        opened.extend(ends)
        return ends

    monkeypatch.setattr(os, "pipe", pipe)
    browser = _Chromium(str(tmp_path / "no-such-chromium"), 100, 100)
    with pytest.raises(RenderError, match="cannot start Chromium"):
        with browser:
            pass
    assert len(opened) == 6  # to the browser, from it, its stderr
    still_open = []
    for fd in opened:
        try:
            os.fstat(fd)
        except OSError:
            continue
        still_open.append(fd)
    assert still_open == []
    assert not Path(browser._profile.name).exists()


# -- the harness itself catches what it must ---------------------------------------------------
@pytest.mark.browser
def test_harness_reports_network_requests_and_errors(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><head><script src="https://cdn.example.com/lib.js"></script>'
        '<link rel="stylesheet" href="http://cdn.example.com/x.css"></head><body>'
        "<script>console.error('seen'); window.graphtool = {drawn: true};"
        "setTimeout(function () { throw new Error('boom'); }, 0);</script></body></html>"
    )
    report = load_page(page, timeout=20, settle=0.5)
    assert "https://cdn.example.com/lib.js" in report.requests
    assert "http://cdn.example.com/x.css" in report.requests
    assert any("seen" in e for e in report.errors)
    assert any("boom" in e for e in report.errors)


# -- the page, in both renderers ------------------------------------------------------------
RENDERERS = pytest.mark.parametrize("renderer", ["vis", "webgl"])


@pytest.mark.browser
@RENDERERS
def test_page_draws_offline_with_no_errors_and_no_requests(
    chromium: str, tmp_path: Path, renderer: str
) -> None:
    for g in (actor_graph(), raw_graph()):
        size_by = "pagerank" if g.graph["projection"] == "actors" else None
        report = _open(tmp_path, g, size_by=size_by, renderer=renderer)
        assert report.drawn, report.errors
        assert report.errors == []
        assert report.requests == []


@pytest.mark.browser
@RENDERERS
def test_screenshot_shows_the_network(chromium: str, tmp_path: Path, renderer: str) -> None:
    report = _open(tmp_path, actor_graph(), size_by="pagerank", renderer=renderer)
    assert report.png is not None
    width, height, channels, pixels = decode_png(report.png)
    assert (width, height) == (1000, 700)
    drawing = orange = label = 0
    for y in range(80, height):  # below the header
        row = y * width * channels
        for x in range(300, width):  # right of the side panel: the network itself
            r, g, b = pixels[row + x * channels : row + x * channels + 3]
            if r < 240 or g < 240 or b < 240:
                drawing += 1
            if abs(r - 0xFF) < 8 and abs(g - 0x7F) < 8 and abs(b - 0x0E) < 8:
                orange += 1  # the fill of the two agencies (Actor · agency)
            if r < 60 and g < 60 and b < 60:
                label += 1  # label text (#222)
    area = (height - 80) * (width - 300)
    assert drawing > area * 0.01, f"only {drawing} drawn pixels: the canvas looks blank"
    assert orange > 500, "the agencies' colour is missing"
    assert label > 200, "no label text drawn"


@pytest.mark.browser
def test_webgl_draws_every_shape_a_network_uses(chromium: str, tmp_path: Path) -> None:
    # The WebGL node shader is built with only the shapes the groups use. With five
    # labels, five shapes, each in its fill: nodes of one size, so the fills' areas
    # go as the shapes' (square 4r², dot 3.1r², diamond 2r², triangle, star).
    from graphtool.visual.style import node_colour

    kinds = [("Actor", "state"), ("Event", "meeting"), ("Organisation", "intergovernmental"),
             ("Place", "city"), ("Topic", None)]
    g = nx.Graph()
    for i in range(20):
        label, kind = kinds[i % 5]
        g.add_node(f"n{i}", label=label, kind=kind, name=f"Node {i}")
    for i in range(20):
        g.add_edge(f"n{i}", f"n{(i + 1) % 20}")
    report = _open(tmp_path, g, renderer="webgl")
    assert report.errors == [] and report.png is not None
    width, height, channels, pixels = decode_png(report.png)
    fills = {label: node_colour(label, kind) for label, kind in kinds}
    rgb = {label: tuple(int(c[k : k + 2], 16) for k in (1, 3, 5)) for label, c in fills.items()}
    area = dict.fromkeys(fills, 0)
    for y in range(80, height):
        row = y * width * channels
        for x in range(300, width):
            px = pixels[row + x * channels : row + x * channels + 3]
            for label, (r, gr, b) in rgb.items():
                if abs(px[0] - r) < 6 and abs(px[1] - gr) < 6 and abs(px[2] - b) < 6:
                    area[label] += 1
    assert area["Topic"] > 200, area
    assert area["Event"] > area["Actor"] > area["Organisation"] > area["Place"] > area["Topic"], area


HOVER = """
(async () => {
  const g = window.graphtool;
  const target = document.querySelector('#network');
  const move = (x, y) =>
    target.dispatchEvent(new MouseEvent('mousemove', {clientX: x, clientY: y, bubbles: true}));
  const canvas = document.querySelector('#network canvas:last-of-type') || target;
  const moveOn = (x, y) =>
    canvas.dispatchEvent(new MouseEvent('mousemove', {clientX: x, clientY: y, bubbles: true}));
  const wait = () => new Promise(r => setTimeout(r, 400));
  const tip = document.getElementById('tooltip');
  const box = target.getBoundingClientRect();
  const a = g.nodeScreen('cn-mps'), b = g.nodeScreen('kg-mia');
  moveOn(a.x, a.y); move(a.x, a.y); await wait();
  const node = tip.hidden ? null : tip.textContent;
  moveOn(box.left + 2, box.top + 2); move(box.left + 2, box.top + 2); await wait();
  const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
  moveOn(mx, my); move(mx, my); await wait();
  const edge = tip.hidden ? null : tip.textContent;
  return {node, edge};
})()
"""


@pytest.mark.browser
@RENDERERS
def test_hover_shows_kind_aliases_measures_citations_and_events(
    chromium: str, tmp_path: Path, renderer: str
) -> None:
    g = actor_graph()
    g.add_node("bishkek", label="Place", kind="city", name="Bishkek", sources=["d"], locators=["l"])
    report = _open(tmp_path, g, evaluate=HOVER, size_by="pagerank", labels=0, renderer=renderer)
    assert report.errors == []
    node = report.value["node"]
    assert node is not None, "no tooltip over the node"
    for text in (
        "Ministry of Public Security (China)",
        "Actor · agency",
        "MPS",
        "pagerank",
        "0.4",
        "fpri-2022 — appendix 1, row 3",
        "icg-2013 — lines 410-412",
    ):
        assert text in node
    edge = report.value["edge"]
    assert edge is not None, "no tooltip over the edge"
    for text in (
        "co participation",
        "2 events",
        "Training of MIA officers (training, 2003-11, Bishkek)",
        "Ministry of Public Security (China): trainer",
        "trainee",
        "fpri-2022 — appendix 5, Kyrgyzstan, row 17",
        "Peace Mission 2018 (exercise, 2018, chebarkul)",
    ):
        assert text in edge


EXPLORE = """
(async () => {
  const g = window.graphtool, out = {};
  const visible = () => ({nodes: g.visibleIds(), edges: g.visibleEdges()});
  const set = (kind, value, on) => {
    const box = document.querySelector(`input[data-filter="${kind}"][value="${value}"]`);
    box.checked = on; box.dispatchEvent(new Event('change'));
  };
  out.searchAlias = g.search('mia');
  out.searchName = g.search('kyrgyz');
  out.focused = g.focus('kg-mia');
  out.highlighted = g.highlighted();
  out.dimmed = ['odd', 'sco', 'kg', 'cn-mps', 'kg-mia'].filter(id => g.isDimmed(id));
  out.details = document.getElementById('details').textContent;
  await g.nextFrame();
  out.labelsFocused = g.labelBoxes().map(b => b.id);
  document.getElementById('reset').click();
  out.undimmed = !g.isDimmed('odd') && g.highlighted() === null;
  set('eventKind', 'training', false);
  out.noTraining = visible();
  set('eventKind', 'exercise', false);
  out.noEvents = visible();
  set('eventKind', 'training', true); set('eventKind', 'exercise', true);
  const from = document.getElementById('year-from'), to = document.getElementById('year-to');
  from.value = '2003'; from.dispatchEvent(new Event('change'));
  to.value = '2010'; to.dispatchEvent(new Event('change'));
  out.yearsVisible = visible();
  out.counts = document.getElementById('counts').textContent;
  out.fading = g.draw.fading();
  out.width = document.getElementById('time-width').value;
  const slider = document.getElementById('time-slider');
  slider.value = String(Number(slider.value) + 8); slider.dispatchEvent(new Event('input'));
  out.slid = g.time();
  out.slidVisible = visible();
  document.getElementById('reset').click();
  set('group', 'Actor/state', false);
  out.noStates = visible();
  out.hiddenFocus = g.focus('kg');
  out.status = document.getElementById('status').textContent;
  document.getElementById('reset').click();
  out.reset = visible();
  const input = document.getElementById('search');
  input.value = 'Kyrgyz Rep'; input.dispatchEvent(new Event('input'));
  out.results = Array.from(document.querySelectorAll('#search-results li')).map(li => li.dataset.id);
  input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
  out.enterSelected = g.highlighted();
  await new Promise(r => setTimeout(r, 500));
  out.fadingAfter = g.draw.fading();
  return out;
})()
"""


@pytest.mark.browser
@RENDERERS
def test_search_filters_time_window_and_highlight(chromium: str, tmp_path: Path, renderer: str) -> None:
    report = _open(tmp_path, actor_graph(), evaluate=EXPLORE, renderer=renderer)
    assert report.errors == []
    v = report.value
    assert v["searchAlias"][0] == "kg-mia"  # by alias
    assert set(v["searchName"]) == {"kg", "kg-mia"}  # by name (and alias "Kyrgyz MIA")
    assert v["focused"] is True and v["highlighted"] == "kg-mia"
    assert v["dimmed"] == ["odd", "sco"]  # not neighbours of kg-mia
    assert "appendix 5, Kyrgyzstan, row 5" in v["details"]
    assert v["labelsFocused"][0] == "kg-mia" and set(v["labelsFocused"]) <= {"kg-mia", "kg", "cn-mps"}
    assert v["undimmed"] is True
    # Without training the cn-mps—kg-mia link stays (Peace Mission is an exercise).
    assert v["noTraining"]["edges"] == 4
    # Without any event kind no link is left; nodes that had links go, the isolated one stays.
    assert v["noEvents"] == {"nodes": ["odd"], "edges": 0}
    # 2003-2010: only the 2003 training; the window is 8 years wide, and the change fades.
    assert v["yearsVisible"] == {"nodes": ["cn-mps", "kg-mia", "odd"], "edges": 1}
    assert v["counts"] == "3 nodes · 1 link in view (of 5 and 4)"
    assert v["fading"] > 0 and v["width"] == "8"
    # The slider moves the whole window: 2011-2018 holds the 2018 exercise only.
    assert v["slid"]["from"] == 2011 and v["slid"]["to"] == 2018
    assert v["slidVisible"] == {"nodes": ["cn-mps", "kg", "kg-mia", "odd", "sco"], "edges": 4}
    # Without states kg goes, and sco with it (its one link was to kg).
    assert v["noStates"] == {"nodes": ["cn-mps", "kg-mia", "odd"], "edges": 1}
    assert v["hiddenFocus"] is False and "hidden by the filters" in v["status"]
    assert v["reset"] == {"nodes": sorted(actor_graph()), "edges": 4}
    assert v["results"] == ["kg"] and v["enterSelected"] == "kg"
    assert v["fadingAfter"] == 0  # fades are over within half a second


PLAY = """
(async () => {
  const g = window.graphtool, out = {};
  const unit = document.getElementById('time-unit');
  unit.value = 'month'; unit.dispatchEvent(new Event('change'));
  out.months = g.time();
  out.fromText = document.getElementById('year-from').value;
  unit.value = 'year'; unit.dispatchEvent(new Event('change'));
  const width = document.getElementById('time-width');
  width.value = '2'; width.dispatchEvent(new Event('change'));
  out.narrow = g.time();
  out.narrowVisible = g.visibleEdges();
  document.getElementById('time-play').click();
  out.playing = g.time().playing;
  out.button = document.getElementById('time-play').textContent;
  await new Promise(r => setTimeout(r, 2300));
  out.played = g.time();
  document.getElementById('time-play').click();
  out.paused = g.time();
  return out;
})()
"""


@pytest.mark.browser
@RENDERERS
def test_time_window_plays_by_year_and_steps_by_month(chromium: str, tmp_path: Path, renderer: str) -> None:
    report = _open(tmp_path, actor_graph(), evaluate=PLAY, renderer=renderer)
    assert report.errors == []
    v = report.value
    assert v["months"]["unit"] == "month"
    assert (v["months"]["lo"], v["months"]["hi"]) == (2003 * 12, 2018 * 12 + 11)
    assert v["fromText"] == "2003-01"
    assert (v["narrow"]["from"], v["narrow"]["to"]) == (2003, 2004)
    assert v["narrowVisible"] == 1  # 2003-2004: the training
    assert v["playing"] is True and "Pause" in v["button"]
    # One step a second: two steps in 2.3 s, the width kept.
    assert (v["played"]["from"], v["played"]["to"]) == (2005, 2006)
    assert v["paused"]["playing"] is False


# -- render --png -----------------------------------------------------------------------------------
@pytest.mark.server
@pytest.mark.browser
def test_render_png(chromium: str, network_db: Any, run_visual: Any, tmp_path: Path) -> None:
    result = run_visual("render", "-o", str(tmp_path / "n.html"), "--png", str(tmp_path / "n.png"))
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {tmp_path / 'n.png'} (drawn in" in result.stderr
    width, height, _, _ = decode_png((tmp_path / "n.png").read_bytes())
    assert (width, height) == (1400, 900)


@pytest.mark.server
def test_render_png_without_chromium_says_so_and_keeps_the_page(
    network_db: Any,
    run_visual: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRAPHTOOL_CHROMIUM", str(tmp_path / "no-such-browser"))
    result = run_visual("render", "-o", str(tmp_path / "n.html"), "--png", str(tmp_path / "n.png"))
    assert result.exit_code == 0, result.stderr
    assert "Skipped --png: no headless Chromium found" in result.stderr
    assert (tmp_path / "n.html").exists() and not (tmp_path / "n.png").exists()
