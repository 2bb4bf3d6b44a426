"""The review page in a real browser (headless Chromium, no network): it lists the
candidates with their sentences, filters them, and the accepted ones download as a zip
that ``graphtool load`` takes. Skips, saying so, where Chromium is missing."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pytest
from test_extract import NAMES, _known

from graphtool.extract import extract
from graphtool.extract.writing import review_data
from graphtool.store.readers import read_paths
from graphtool.visual.browser import load_page
from graphtool.visual.review import render_review, write_review

pytestmark = pytest.mark.browser

TEXT = (
    "Kyrgyzstan joined the SCO in 2001. China and Kyrgyzstan signed a border agreement in June 2002.\n"
    "The Ministry of Emergency Situations trained Kyrgyzstan. Russia and Bishkek are both named here.\n"
)
READY = "window.graphtoolReview && window.graphtoolReview.ready === true"




@pytest.fixture
def page(tmp_path: Path) -> tuple[Path, dict]:
    (tmp_path / "report.txt").write_text(TEXT)
    data = review_data([extract(tmp_path / "report.txt", NAMES)])
    return write_review(data, tmp_path / "review.html"), data


def test_the_page_is_offline_and_safe(page: tuple[Path, dict]) -> None:
    path, data = page
    html = path.read_text()
    assert "<script src" not in html and "http://" not in html and "https://" not in html
    # Text from the report is data for the script, never markup.
    hostile = dict(data, facts=[dict(data["facts"][0], sentence="</script><script>alert(1)</script>")])
    assert "</script><script>alert(1)" not in render_review(hostile)


def test_review_filters_and_downloads_what_was_accepted(
    chromium: str, page: tuple[Path, dict], tmp_path: Path
) -> None:
    path, data = page
    member = next(f["id"] for f in data["facts"] if f["type"] == "MEMBER_OF")
    training = next(f["id"] for f in data["facts"] if f["type"] == "training")
    script = f"""(function () {{
      var r = window.graphtoolReview, out = {{}};
      out.all = r.shownIds().length;
      out.cards = document.querySelectorAll('#list .card').length;
      out.sentence = document.querySelector('#list .card .sentence').textContent;
      r.setFilter({{entity: 'russia'}}); out.russia = r.shownIds();
      r.setFilter({{entity: '', confidence: 0.7}}); out.high = r.shownIds();
      r.setFilter({{confidence: 0}});
      r.decide({member!r}, 'accepted'); r.decide({training!r}, 'accepted');
      out.status = document.getElementById('status').textContent;
      out.files = Object.keys(r.files()).sort();
      out.zip = r.zipBase64();
      r.decide('entity:report-ministry-of-emergency-situations', 'rejected');
      out.after = Object.keys(r.files()).sort();
      out.status2 = document.getElementById('status').textContent;
      return out;
    }})()"""
    report = load_page(path, ready=READY, evaluate=script, chromium=chromium, timeout=60)
    assert report.errors == [] and report.requests == []
    v = report.value
    assert v["all"] == len(data["facts"]) + 1 == v["cards"]  # the facts and one new entity
    assert v["sentence"] == "Kyrgyzstan joined the SCO in 2001."
    assert all(
        any(e == "ru" for e in next(f for f in data["facts"] if f["id"] == i)["entities"])
        for i in v["russia"]
    )
    assert v["russia"] and set(v["high"]) == {f["id"] for f in data["facts"] if f["confidence"] >= 0.7}
    assert v["status"].endswith("2 accepted, 0 rejected.")
    assert v["files"] == [
        "accepted/actors.csv",
        "accepted/events.csv",
        "accepted/relations.csv",
        "accepted/sources.csv",
    ]
    # Rejecting the new ministry takes the training that needs it along.
    assert v["after"] == ["accepted/relations.csv", "accepted/sources.csv"]
    assert "1 accepted fact(s) need a rejected entity and are left out." in v["status2"]
    # The zip holds an accepted/ folder that loads with the graph's nodes.
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(v["zip"]))) as z:
        assert z.testzip() is None
        z.extractall(tmp_path / "unzipped")
    data_loaded = read_paths([_known(tmp_path), tmp_path / "unzipped" / "accepted"])
    ours = sorted(
        (r.start, r.type, r.end, r.props.get("role"))
        for r in data_loaded.relations
        if "report" in r.props["sources"]
    )
    assert ours[0] == ("kg", "MEMBER_OF", "sco", "member")
    assert ("report-ministry-of-emergency-situations", "PARTICIPATED_IN") in {(a, t) for a, t, _, _ in ours}
