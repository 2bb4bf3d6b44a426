"""Where graphtool finds its bundled files (Cypher and the dataset) and keeps its data.

In a source checkout the files are the top-level ``cypher/`` and ``import/`` folders;
an installed wheel carries copies under ``graphtool/_data/``.
"""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PKG / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PKG.parent / name


def cypher_dir() -> Path:
    """The folder of the project's .cypher files."""
    return _data_dir("cypher")


def bundled_import_dir() -> Path:
    """The folder of the bundled dataset."""
    return _data_dir("import")


def graphtool_home() -> Path:
    """The per-user data folder: ``$GRAPHTOOL_HOME``, else ``$XDG_DATA_HOME/graphtool``,
    else ``~/.local/share/graphtool``."""
    env = os.environ.get("GRAPHTOOL_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "graphtool"
