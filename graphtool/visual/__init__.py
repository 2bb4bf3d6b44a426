"""Visual: showing networks, as offline HTML pages and as files for other tools.

Owns:

- :mod:`~graphtool.visual.page`: one self-contained interactive HTML page per graph,
  drawn by vis-network or (large networks) WebGL;
- :mod:`~graphtool.visual.pagedata`: the page's compact data block;
- :mod:`~graphtool.visual.style`: colours, shapes, line styles and the legend;
- :mod:`~graphtool.visual.layout`: node positions for the page;
- :mod:`~graphtool.visual.notebook`: the page in a notebook (``graphtool.show``);
- :mod:`~graphtool.visual.export`: GraphML, GEXF, node-link JSON and CSV;
- :mod:`~graphtool.visual.browser`: headless Chromium, to open a page and report what
  it shows;
- :mod:`~graphtool.visual.view`: the one module that combines a projection, measures
  and the scoping of a page (focus, most central nodes); it may import anything.
- ``assets/``: the page's template, script and style, the two drawings, and the
  sigma.js and graphology builds with their licences.

Pages and exports take a graph and options and decide nothing about which nodes are
in it. May import: :mod:`graphtool.model`, :mod:`graphtool.errors`,
:mod:`graphtool.output`, the network type (:mod:`graphtool.analysis.network`) and its
own modules (never ``view``); no other analysis module, no store. A new output format
goes in ``export`` (and its ``FORMATS``).
"""
