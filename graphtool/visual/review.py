"""The review page of ``graphtool extract``: one offline HTML file listing every
candidate fact with the sentence that proposed it, to accept or reject.

Pure: plain data goes in (:func:`graphtool.extract.writing.review_data` makes it; this
module never imports :mod:`graphtool.extract`), HTML comes out. The page uses
graphtool's own stylesheet (``assets/graphtool.css``, as ``render`` does) and its own
small script (``assets/review.js``), both inlined, so it opens with no network.

In the page: filters by type, by entity (id or name) and by lowest confidence; accept
or reject each candidate, or all those shown; the decisions are kept in the browser
(``localStorage``) for the same candidates. "Download accepted" saves
``accepted.zip``: an ``accepted/`` folder in the import format holding the reports'
source rows, the accepted facts' rows, and the new entities they need (an entity the
analyst rejected takes the facts that need it along). ``graphtool load accepted``
then loads it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from graphtool import __version__
from graphtool.errors import RenderError
from graphtool.files import write_file

__all__ = ["render_review", "write_review"]


def _asset(name: str) -> str:
    text = resources.files("graphtool.visual").joinpath("assets").joinpath(name).read_text("utf-8")
    closing = {".js": "</script", ".css": "</style"}.get(Path(name).suffix)
    if closing and closing in text.lower():
        raise RenderError(f"asset {name} contains a closing tag and cannot be inlined")
    return text


def _json_for_script(payload: Any) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # Only "</" can end the script element; "<" is escaped inside JSON strings.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_review(data: Mapping[str, Any], *, title: str = "") -> str:
    """The review page for ``data``: ``facts`` (each with ``id``, ``type``, ``cue``,
    ``confidence``, ``sentence``, ``source``, ``locator``, ``entities``, ``rows``,
    ``needs``), ``entities``, ``newRows``, ``sources`` and ``columns``, as
    :func:`graphtool.extract.writing.review_data` returns them."""
    facts = data.get("facts", [])
    sources = ", ".join(s.get("file", s.get("id", "")) for s in data.get("sources", []))
    title = title or f"Review: {len(facts)} candidate facts"
    new = sum(1 for e in data.get("entities", []) if e.get("new"))
    subtitle = (
        f"From {sources or 'no report'}: {len(facts)} facts, {new} new entities. Accept or reject each, "
        "then download the accepted rows (accepted.zip) and load them with 'graphtool load accepted'."
    )
    values = {
        "TITLE": html.escape(title),
        "SUBTITLE": html.escape(subtitle),
        "VERSION": html.escape(__version__),
        "PAGE_CSS": _asset("graphtool.css"),
        "REVIEW_CSS": _asset("review.css"),
        "DATA": _json_for_script(dict(data)),
        "REVIEW_JS": _asset("review.js"),
    }
    # One pass: text put in is never searched for tokens again.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], _asset("review.html"))


def write_review(data: Mapping[str, Any], path: str | Path, *, title: str = "") -> Path:
    """Write the review page to ``path`` (atomically)."""
    return write_file(path, render_review(data, title=title))
