"""graphtool extract: from a report (text, Markdown, PDF) to cited candidate facts.

Pure: reads files, never touches the database; imports only graphtool's basics
(:mod:`graphtool.model`, :mod:`graphtool.errors`, ...). The CLI (``graphtool
extract``) hands it the graph's names as plain :class:`Name` records, and writes what
:func:`extract` returns with :func:`~graphtool.extract.writing.candidate_files`.

One module per concern: ``reading`` (files to numbered lines), ``sentences``,
``gazetteer`` (known names, and words for several), ``demonyms``, ``curation`` (extract's
curation file ``expansions.csv``: collective names, other words for topics, capitals),
``discover`` (new names, acronyms), ``dates``, ``cues``, ``grammar`` (clauses, lists,
places, references), ``collectives`` (words for several entities read as them),
``rows`` (rows and their confidence), ``comention`` and ``paragraphs`` (co-mentions in
sentences and paragraphs, names within names), ``facts`` (cued facts), ``tables`` and
``tablefacts`` (tables, and what their shape states), ``writing`` (import files and the
review page's data), ``run`` (the steps in order), ``records`` (the plain records).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .gazetteer import Gazetteer
from .records import HIGH, Candidates, Entity, Fact, Membership, Name, Row, Source, Table
from .run import extract

__all__ = [
    "HIGH",
    "Candidates",
    "Entity",
    "Fact",
    "Gazetteer",
    "Membership",
    "Name",
    "Row",
    "Source",
    "Table",
    "extract",
]


class _CallableModule(types.ModuleType):
    """``graphtool.extract`` is this package and, in the public API, the function: once
    the package is imported its module object shadows the function on ``graphtool``,
    so calling the module calls :func:`extract`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Candidates:
        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
