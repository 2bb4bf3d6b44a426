"""Output files are written whole or not at all (pure: graphtool.files)."""

from __future__ import annotations

import errno
import os
import resource
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from graphtool.errors import OutputFailed
from graphtool.files import write_file, write_files


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


LIMIT = 4096


@contextmanager
def file_size_limit() -> Iterator[None]:
    """Inside the block, files this process writes may not grow past LIMIT bytes (as on a
    nearly full disk): a real write failure, EFBIG, from the kernel.

    The limit covers every file the process writes, pytest's own report among them, so it
    is held only around the one call under test, never across a whole test."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_write_file_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")
    assert write_file(target, "new é") == target
    assert target.read_bytes() == "new é".encode()
    assert _leftovers(tmp_path) == []


def test_a_failed_write_leaves_no_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    with pytest.raises(OutputFailed) as info, file_size_limit():
        write_file(target, "x" * (LIMIT * 4))
    assert str(info.value) == f"cannot write {target}: File too large"
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("the old page")
    with pytest.raises(OutputFailed), file_size_limit():
        write_file(target, "x" * (LIMIT * 4))
    assert target.read_text() == "the old page"
    assert _leftovers(tmp_path) == []


def test_several_files_all_or_none(tmp_path: Path) -> None:
    nodes, edges = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    nodes.write_text("old nodes")
    with pytest.raises(OutputFailed) as info, file_size_limit():
        write_files([(nodes, "id\na\n"), (edges, "x" * (LIMIT * 4))])
    assert str(info.value) == f"cannot write {edges}: File too large"
    assert nodes.read_text() == "old nodes" and not edges.exists()
    assert _leftovers(tmp_path) == []


def test_disk_full_is_one_error_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # ENOSPC cannot be had without a full file system; simulate it where the data
    # reaches the disk.
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "net.graphml"
    with pytest.raises(OutputFailed) as info:
        write_file(target, "<graphml/>")
    assert str(info.value) == f"cannot write {target}: No space left on device"
    assert not target.exists() and _leftovers(tmp_path) == []


def test_a_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("")
    with pytest.raises(OutputFailed) as info:
        write_file(tmp_path / "plain" / "page.html", "x")
    assert str(info.value) == f"cannot write {tmp_path / 'plain' / 'page.html'}: Not a directory"
    with pytest.raises(OutputFailed) as info:
        write_file(tmp_path, "x")
    assert str(info.value) == f"cannot write {tmp_path}: Is a directory"


def test_permissions_of_an_existing_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "private.html"
    target.write_text("old")
    target.chmod(0o600)
    write_file(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_file(tmp_path / "new.html", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.html").stat().st_mode) == 0o644


def test_a_symbolic_link_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    write_file(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_devices_are_written_in_place() -> None:
    # Renaming over /dev/null would replace the device: it is written as it is.
    assert write_file("/dev/null", "x") == Path("/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
