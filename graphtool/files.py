"""Writing output files so that a failure leaves nothing behind.

Pages and exports are written to a temporary file in the target's folder, flushed to
disk, then renamed over the target in one step. A full disk, a file-size limit or a
crash leaves the old file (or none) and never a 0-byte or cut-off one; the temporary
file is removed when writing fails. Targets that are not regular files (``/dev/null``,
``/dev/stdout``, a named pipe) are written in place, since renaming over them would
replace the device or pipe itself.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path

from .errors import OutputFailed

__all__ = ["write_file", "write_files"]

Content = str | bytes


def write_file(path: str | os.PathLike[str], data: Content) -> Path:
    """Write ``data`` (text is UTF-8, newlines as given) to ``path`` atomically.

    Raises:
        OutputFailed: ``cannot write <path>: <reason>``; ``path`` is unchanged.
    """
    return write_files([(path, data)])[0]


def write_files(items: Sequence[tuple[str | os.PathLike[str], Content]]) -> list[Path]:
    """Write several files, all or none: every temporary file is written before the first
    is renamed into place, so a failure while writing leaves every target as it was.

    Returns:
        The paths written, in order.

    Raises:
        OutputFailed: naming the file that could not be written.
    """
    staged: list[tuple[Path, Path]] = []  # (temporary file, where it goes)
    current = Path()
    try:
        for path, data in items:
            current = Path(path)
            payload = data.encode("utf-8") if isinstance(data, str) else data
            target = _real_target(current)
            if target is None:  # a device or pipe: written as it is, nothing to rename
                with open(current, "wb") as f:
                    f.write(payload)
                continue
            staged.append((_write_temporary(target, payload), target))
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise OutputFailed(str(current), exc.strerror or str(exc)) from exc
    return [Path(p) for p, _ in items]


def _real_target(path: Path) -> Path | None:
    """Where the bytes go: ``path``, or the file a symbolic link points to (the link is
    kept); None for a target that exists and is not a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    if not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        return None
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _write_temporary(target: Path, payload: bytes) -> Path:
    """A new file next to ``target`` holding ``payload``, on disk; removed on failure."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask applies, as for any new file
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as f:
            try:  # an existing target keeps its permissions
                os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
            except FileNotFoundError:
                pass
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())  # the rename must not reach the disk before the data
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
