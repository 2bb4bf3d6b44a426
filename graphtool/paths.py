"""Where graphtool finds its bundled files (Cypher and the dataset) and keeps its data.

The ``.cypher`` files are package files, in ``graphtool/store/cypher/``. The bundled
dataset is the top-level ``import/`` folder of a source checkout (docker-compose
mounts it); an installed wheel carries a copy under ``graphtool/_data/import``.
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
    """The folder of the project's .cypher files (``graphtool/store/cypher``)."""
    return _PKG / "store" / "cypher"


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
