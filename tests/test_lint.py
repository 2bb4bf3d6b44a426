"""Style and types are checked with the tests: ruff on the code, mypy on the library."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed (pip install '.[test]')")
def test_ruff() -> None:
    done = _run(["ruff", "check", "graphtool", "tests", "bench", "tools"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install '.[test]')")
    done = _run(["mypy", "graphtool"])
    assert done.returncode == 0, done.stdout + done.stderr
