"""Atomic file writes (a reader sees the old file or the new one, never half of either), and
the lenient decoding of the text files users hand in."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "decode_text",
]


def atomic_write_bytes(path: str | Path, data: bytes, *, backup: bool = False) -> Path | None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    Keeps the file's permissions (a new file gets the usual ones, 0666 less the umask); a
    symlink is kept and the file it points to is written; a pipe or device is written into;
    a file the caller may not write raises :class:`PermissionError`. With ``backup``, the
    previous file is kept as ``path~`` (returned). On any failure the existing file is left
    untouched.
    """
    target = Path(path)
    if target.exists() and not target.is_file():
        # A pipe or device (/dev/stdout, >(gzip > x.gz), /dev/null): no rename may replace
        # it, so write into it. A directory fails here with a clear OSError.
        with open(target, "wb") as handle:
            handle.write(data)
        return None
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not os.access(target, os.W_OK):
        # A rename would replace a file its owner made read-only; fail as writing would.
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        backup_path = None
        if target.exists():
            shutil.copymode(target, tmp_name)
            if backup:
                backup_path = target.with_name(target.name + "~")
                shutil.copy2(target, backup_path)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
        return backup_path
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def atomic_write_text(
    path: str | Path, text: str, *, encoding: str = "utf-8", backup: bool = False
) -> Path | None:
    """:func:`atomic_write_bytes` for text (no newline translation)."""
    return atomic_write_bytes(path, text.encode(encoding), backup=backup)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM); other bytes are kept as Latin-1 rather than refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
