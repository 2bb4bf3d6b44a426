"""Pages in notebooks: the same page, isolated in an iframe.

``graphtool.show(G)`` returns a :class:`Page`; Jupyter, VS Code and Colab call its
``_repr_html_`` and display an ``<iframe srcdoc=...>`` holding the whole page, so
the page's styles and scripts cannot touch the notebook and the notebook's cannot
touch the page (the frame is sandboxed to scripts only). Nothing is loaded from the
network: the page carries its libraries, as when written to a file.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graphtool.analysis.network import Network
from graphtool.errors import RenderError

__all__ = ["Page", "show"]


@dataclass(frozen=True)
class Page:
    """One rendered page: its HTML, and how tall it is shown in a notebook."""

    html: str
    height: int = 640

    def _repr_html_(self) -> str:
        """The page in a sandboxed iframe (``srcdoc``), for notebook front ends."""
        return (
            f'<iframe class="graphtool-page" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd; '
            'box-sizing: border-box;" sandbox="allow-scripts" loading="eager" '
            'title="graphtool network"></iframe>'
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path``, whole or not at all (:func:`graphtool.files.write_file`)."""
        from graphtool.files import write_file

        return write_file(path, self.html)


def show(graph: Any, *, height: int = 640, **options: Any) -> Page:
    """A page for a notebook: ``graph`` drawn as :func:`graphtool.visual.page.render_html`
    draws it (``options`` are its keyword arguments), shown isolated in an iframe.

    Parameters:
        graph: a networkx graph (as :func:`graphtool.fetch_graph` returns), a
            :class:`~graphtool.analysis.network.Network`, a :class:`Page`, or the
            HTML of a page (``render_html``'s result, a file's text).
        height: the iframe's height in pixels.

    Raises:
        RenderError: ``graph`` is none of these.

    >>> page = show(nx.path_graph(3), generated="2024-05-01")
    >>> page._repr_html_().startswith('<iframe class="graphtool-page" srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """
    if isinstance(graph, Page):
        return Page(graph.html, height)
    if isinstance(graph, str):
        if "<html" not in graph[:2000].lower():
            raise RenderError("show() takes a graph, a Page or a page's HTML; this text is not a page.")
        return Page(graph, height)
    if isinstance(graph, Network):
        graph = graph.to_networkx()
    if not isinstance(graph, nx.Graph):
        raise RenderError(
            f"show() takes a networkx graph, a Network, a Page or a page's HTML, not {type(graph).__name__}."
        )
    from graphtool.visual.page import render_html

    return Page(render_html(graph, **options), height)
