"""The import paths of graphtool 0.1 that moved in 0.2: deprecated aliases, removed in 0.3.

``graphtool.db``, ``graphtool.analyze``, ``graphtool.render`` ... were modules of a
flat package; they now live in ``graphtool.store``, ``graphtool.analysis`` and
``graphtool.visual`` (see ``docs/internals.md``). For one release the old names still
import: each is a thin module, made here when first imported, whose docstring says it
is a deprecated alias and which holds the public names of the modules that replaced
it (the same objects). Importing one warns with a :class:`DeprecationWarning`.

They are made by an import hook rather than kept as files so that the moved files
keep their history and merges follow them by rename.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

#: Old module -> the modules that replaced it, each with the names taken from it
#: (None: all its public names). Earlier modules win when two define a name.
MOVED: dict[str, tuple[tuple[str, tuple[str, ...] | None], ...]] = {
    "graphtool.db": (("graphtool.store.db", None),),
    "graphtool.server": (
        ("graphtool.store.server", None),
        ("graphtool.store.accounts", ("DATABASE",)),
        ("graphtool.store.process", ("DEFAULT_HEAP", "HEAP_ENV")),
    ),
    "graphtool.queries": (("graphtool.store.queries", None),),
    "graphtool.load": (("graphtool.store.load", None),),
    "graphtool.readers": (("graphtool.store.readers.csvfiles", None), ("graphtool.store.readers", None)),
    "graphtool.engines": (("graphtool.analysis.engines", None),),
    "graphtool.analyze": (
        ("graphtool.analysis.network", None),
        ("graphtool.analysis.centrality", None),
        ("graphtool.analysis.communities", None),
        ("graphtool.analysis.paths", None),
        ("graphtool.analysis.trends", None),
        ("graphtool.analysis.engines", ("ENGINES", "AUTO_EDGES", "choose_engine")),
        ("graphtool.analysis", ("engines",)),  # the old module imported it: analyze.engines
    ),
    "graphtool.graph": (("graphtool.projection", None),),
    "graphtool.render": (
        ("graphtool.visual.page", None),
        ("graphtool.visual.layout", None),
        ("graphtool.visual.view", ("scope_graph",)),
    ),
    "graphtool.views": (("graphtool.visual.view", None),),
    "graphtool.export": (("graphtool.visual.export", None),),
    "graphtool.browser": (("graphtool.visual.browser", None),),
}

#: The release that removes the aliases.
REMOVED_IN = "0.3"


def public_names(module: ModuleType) -> list[str]:
    """The names ``module`` defines at its top level (functions, classes, constants)
    and those it lists in ``__all__``, leaving out ``_private`` ones."""
    import ast
    from pathlib import Path

    names = list(getattr(module, "__all__", ()))
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        targets: Sequence[ast.expr] = ()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found = [node.name]
        else:
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign):
                targets = [node.target]
            found = [t.id for t in targets if isinstance(t, ast.Name)]
        names += [n for n in found if not n.startswith("_") and n not in names]
    return names


def alias_names(old: str) -> dict[str, Any]:
    """The names the deprecated module ``old`` holds, and their objects."""
    values: dict[str, Any] = {}
    for target, only in MOVED[old]:
        module = importlib.import_module(target)
        for name in only if only is not None else public_names(module):
            values.setdefault(name, getattr(module, name))
    return values


class _AliasFinder:
    """Finds the old module names of :data:`MOVED` and makes their alias modules."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> Any:
        if fullname not in MOVED:
            return None
        from importlib.machinery import ModuleSpec

        # A loader by duck typing (create_module, exec_module): importlib.abc is not
        # imported, so that `import graphtool` stays as light as it was.
        return ModuleSpec(fullname, cast("Loader", self), origin="deprecated alias")

    def create_module(self, spec: Any) -> None:
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        old = module.__name__
        new = ", ".join(target for target, _ in MOVED[old])
        module.__doc__ = (
            f"Deprecated alias of {new}, removed in {REMOVED_IN}: import from {new} instead."
        )
        module.__dict__.update(alias_names(old))
        import warnings

        warnings.warn(
            f"{old} is deprecated and will be removed in graphtool {REMOVED_IN}; import from {new}",
            DeprecationWarning,
            stacklevel=2,
        )


def install() -> None:
    """Let the old module names import (once per interpreter)."""
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.append(_AliasFinder())
