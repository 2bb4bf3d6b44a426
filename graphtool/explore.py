"""Ad hoc Cypher: parameters typed from the command line, read-only by default."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .errors import ParameterError

if TYPE_CHECKING:
    from .db import GraphDB, Result

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_param(text: str) -> tuple[str, Any]:
    """Parse ``name=value``; the value is read as JSON when it is JSON, else as text.

    >>> parse_param("year=2019"), parse_param("ids=[\\"cn\\",\\"kg\\"]"), parse_param("who=China")
    (('year', 2019), ('ids', ['cn', 'kg']), ('who', 'China'))
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not _NAME.match(name):
        raise ParameterError(f"parameter '{text}' is not of the form name=value")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return name, value


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """Parameters from several ``name=value`` strings (later ones win)."""
    return dict(parse_param(i) for i in items)


def run_cypher(
    db: GraphDB, text: str, params: Mapping[str, Any] | None = None, *, write: bool = False
) -> Result:
    """Run a user's statement. Without ``write``, a statement that would write is refused.

    Raises:
        WriteRefused: the statement writes and ``write`` is false.
        QueryFailed: the database rejected it.
    """
    if write:
        return db.run(text, params, write=True)
    return db.run_read_only(text, params)
