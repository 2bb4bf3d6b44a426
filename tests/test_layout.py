"""The house rules of the package layout (docs/internals.md), checked on the source.

Every module's imports are read with ``ast`` (at the top, inside functions, under
``TYPE_CHECKING``; relative imports resolved) and checked against the import rule:
lower floors never import higher ones. No module runs past 600 lines unless the first
paragraph of its docstring says why it is one file. No server needed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graphtool"
MAX_LINES = 600

#: The top-level basics: they import no other part of graphtool but each other.
BASICS = {
    "graphtool.model",
    "graphtool.errors",
    "graphtool.paths",
    "graphtool.output",
    "graphtool.files",
    "graphtool.bulk",
}
#: Basics every floor may use.
EVERYWHERE = {"graphtool.model", "graphtool.errors", "graphtool.bulk"}
#: Database rows to networks: the projection and its array side.
PROJECTION = {"graphtool.projection", "graphtool.columns"}


def module_files() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = module_files()


def imports_in(module: str, source: str, *, package: bool) -> list[tuple[int, str]]:
    """``(line, target)`` for every import in ``source``, the code of ``module``.

    Targets are dotted module names (``from x import y`` is ``x.y`` when that is a
    graphtool module, else ``x``); a name taken from the ``graphtool`` package itself
    (not a module) is ``graphtool:name``.
    """
    base = module if package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = base.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                origin = f"{anchor}.{node.module}" if node.module else anchor
            else:
                origin = node.module or ""
            for alias in node.names:
                sub = f"{origin}.{alias.name}"
                if sub in MODULES:
                    found.append((node.lineno, sub))
                elif origin == "graphtool":
                    found.append((node.lineno, f"graphtool:{alias.name}"))
                else:
                    found.append((node.lineno, origin))
    return sorted(found)


def _in(target: str, package: str) -> bool:
    return target == package or target.startswith(package + ".")


def floor(module: str) -> str:
    """Which part of the house a module is in."""
    if module in BASICS:
        return "basics"
    if module == "graphtool.visual.view":
        return "top"  # the view combines projection, analysis and page
    for part in ("store", "analysis", "visual", "extract"):
        if _in(module, f"graphtool.{part}"):
            return part
    if module in PROJECTION:
        return "projection"
    return "top"  # graphtool itself, explore, shell, cli


def allowed(module: str, target: str) -> bool:
    """Whether ``module`` may import the graphtool module ``target`` (docs/internals.md)."""
    if target == "graphtool:__version__":
        return True
    where, what = floor(module), floor(target)
    if where == "top":
        return True
    if where == "basics":
        return what == "basics"
    if where == "store":
        return target in EVERYWHERE | {"graphtool.paths"} or what == "store"
    if where == "analysis":
        if target in EVERYWHERE:
            return True
        if module == "graphtool.analysis.engines":
            return False  # the lowest analysis module imports no other
        if module == "graphtool.analysis.network":
            return target == "graphtool.analysis.engines"  # the type needs only the engine
        return what == "analysis"
    if where == "visual":
        visual_may = EVERYWHERE | {"graphtool.output", "graphtool.files", "graphtool.analysis.network"}
        return target in visual_may or what == "visual"
    if where == "extract":
        return what in ("basics", "extract")  # pure: reads files, never the database
    if where == "projection":
        return what in ("basics", "store", "projection") or target == "graphtool.analysis.network"
    raise AssertionError(where)  # pragma: no cover


def problems(module: str, imports: list[tuple[int, str]]) -> list[str]:
    """Each import of ``module`` that breaks a rule, as ``module line N: imports X (why)``."""
    out = []
    for line, target in imports:
        where = f"{module} line {line}: imports {target}"
        if _in(target, "neo4j") and module != "graphtool.store.db":
            out.append(f"{where} (only graphtool.store.db imports the driver)")
        if not (target.startswith("graphtool.") or target.startswith("graphtool:")) and target != "graphtool":
            continue
        if ":" not in target and target not in MODULES:
            out.append(f"{where} (no such module: a deprecated alias or a typo)")
        elif not allowed(module, target):
            out.append(f"{where} ({floor(module)} may not import {floor(target)})")
    return out


def test_every_import_follows_the_rule() -> None:
    found = []
    for module, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        found += problems(module, imports_in(module, source, package=path.name == "__init__.py"))
    assert not found, "imports against the layout rule (docs/internals.md):\n" + "\n".join(found)


def test_the_check_sees_imports_anywhere_and_resolves_relative_ones() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import neo4j\n"
        "from ..store import db\n"
        "from . import network\n"
        "if TYPE_CHECKING:\n"
        "    from ..projection import Filters\n"
        "def f():\n"
        "    from ..visual.page import render_html\n"
        "    import graphtool.analyze\n"
        "    from graphtool import __version__, connect\n"
    )
    imports = imports_in("graphtool.analysis.paths", source, package=False)
    assert imports == [
        (1, "typing"),
        (2, "neo4j"),
        (3, "graphtool.store.db"),
        (4, "graphtool.analysis.network"),
        (6, "graphtool.projection"),
        (8, "graphtool.visual.page"),
        (9, "graphtool.analyze"),
        (10, "graphtool:__version__"),
        (10, "graphtool:connect"),
    ]
    assert problems("graphtool.analysis.paths", imports) == [
        "graphtool.analysis.paths line 2: imports neo4j (only graphtool.store.db imports the driver)",
        "graphtool.analysis.paths line 3: imports graphtool.store.db (analysis may not import store)",
        "graphtool.analysis.paths line 6: imports graphtool.projection (analysis may not import projection)",
        "graphtool.analysis.paths line 8: imports graphtool.visual.page (analysis may not import visual)",
        "graphtool.analysis.paths line 9: imports graphtool.analyze"
        " (no such module: a deprecated alias or a typo)",
        "graphtool.analysis.paths line 10: imports graphtool:connect (analysis may not import top)",
    ]
    # From an __init__, "." is the package itself.
    assert imports_in("graphtool.store.readers", "from . import csvfiles\nfrom ...model import KINDS\n",
                      package=True) == [(1, "graphtool.store.readers.csvfiles"), (2, "graphtool.model")]


@pytest.mark.parametrize(
    ("module", "target", "ok"),
    [
        ("graphtool.visual.page", "graphtool.analysis.network", True),
        ("graphtool.visual.page", "graphtool.analysis.paths", False),
        ("graphtool.visual.page", "graphtool.visual.view", False),
        ("graphtool.visual.view", "graphtool.analysis.paths", True),
        ("graphtool.analysis.network", "graphtool.analysis.engines", True),
        ("graphtool.analysis.network", "graphtool.analysis.centrality", False),
        ("graphtool.analysis.engines", "graphtool.analysis.network", False),
        ("graphtool.projection", "graphtool.analysis.network", True),
        ("graphtool.projection", "graphtool.analysis.centrality", False),
        ("graphtool.projection", "graphtool.columns", True),
        ("graphtool.columns", "graphtool.visual.page", False),
        ("graphtool.store.load", "graphtool.output", False),
        ("graphtool.model", "graphtool.store.db", False),
        ("graphtool.cli.analysis", "graphtool.projection", True),
        ("graphtool.extract.run", "graphtool.model", True),
        ("graphtool.extract.writing", "graphtool.output", True),
        ("graphtool.extract.run", "graphtool.store.db", False),
        ("graphtool.extract.run", "graphtool.analysis.network", False),
        ("graphtool.extract.writing", "graphtool.visual.review", False),
        ("graphtool.visual.review", "graphtool.extract.records", False),
        ("graphtool.store.load", "graphtool.extract", False),
        ("graphtool.cli.extract", "graphtool.extract.writing", True),
    ],
)
def test_the_rule(module: str, target: str, ok: bool) -> None:
    assert allowed(module, target) is ok


def long_modules(files: dict[str, Path]) -> list[str]:
    """Modules past :data:`MAX_LINES` whose docstring's first paragraph has no line
    starting "One file because"."""
    out = []
    for module, path in files.items():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines <= MAX_LINES:
            continue
        first = (ast.get_docstring(ast.parse(source)) or "").split("\n\n")[0]
        if not any(line.startswith("One file because") for line in first.splitlines()):
            out.append(f"{module}: {lines} lines")
    return out


def test_no_module_is_long_without_saying_why(tmp_path: Path) -> None:
    assert not long_modules(MODULES), "split these or say at the top why each is one file"
    # The check itself: a long module is caught unless its first paragraph says why.
    body = "x = 1\n" * MAX_LINES
    (tmp_path / "plain.py").write_text('"""A module."""\n' + body)
    (tmp_path / "reasoned.py").write_text('"""A module.\nOne file because it is.\n"""\n' + body)
    (tmp_path / "late.py").write_text('"""A module.\n\nOne file because it is.\n"""\n' + body)
    files = {p.stem: p for p in sorted(tmp_path.glob("*.py"))}
    assert long_modules(files) == [f"late: {MAX_LINES + 4} lines", f"plain: {MAX_LINES + 1} lines"]
