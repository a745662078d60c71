"""Atomic file writes (a reader sees the old file or the new one, never half of either), the
one size limit on every input file, and the lenient decoding of the text files users hand in."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

from .errors import InputTooLargeError

__all__ = [
    "LEGACY_TEMPORARY_AGE",
    "MAX_INPUT_BYTES",
    "STALE_TEMPORARY_AGE",
    "atomic_write_bytes",
    "atomic_write_text",
    "decode_text",
    "read_limited",
    "remove_stale_temporaries",
]

MAX_INPUT_BYTES = 64 * 2**20
"""Largest input read by any command (.bib files, lists of links, standard input): a device
such as ``/dev/zero`` would otherwise never end."""

STALE_TEMPORARY_AGE = 60.0
"""Seconds after which a temporary file of a dead writer is removed."""

_TEMPORARY = r"^\.{name}\.(?:(?P<pid>\d+)\.[a-z0-9_]+|[a-z0-9_]{{8}})\.tmp$"
"""``.NAME.PID.RANDOM.tmp``, or ``.NAME.RANDOM.tmp`` as earlier versions named them."""

LEGACY_TEMPORARY_AGE = 3600.0
"""Seconds after which a temporary file without a process id in its name is removed."""


def read_limited(source: str | Path | BinaryIO, *, name: str | None = None) -> bytes:
    """The bytes of a file (path) or open binary stream, at most :data:`MAX_INPUT_BYTES`.

    A larger input raises :class:`InputTooLargeError` after reading one byte past the limit;
    ``name`` labels the input in the message (default: the path). Read errors are
    :class:`OSError` as usual.
    """
    if isinstance(source, str | Path):
        label = name or str(source)
        with open(source, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    else:
        label = name or "<stdin>"
        data = source.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(
            f"larger than the input limit of {MAX_INPUT_BYTES:,} bytes; nothing read from it",
            file=label,
        )
    return data


def atomic_write_bytes(path: str | Path, data: bytes, *, backup: bool = False) -> Path | None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    Keeps the file's permissions (a new file gets the usual ones, 0666 less the umask); a
    symlink is kept and the file it points to is written; a pipe or device is written into;
    a file the caller may not write raises :class:`PermissionError`. With ``backup``, the
    previous file is kept as ``path~`` (returned): a regular file put in place by a rename
    (a symlink planted there is replaced, never followed). On any failure the existing file
    and its previous backup are left untouched.
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
    tmp_name = _temporary_copy(target, data)
    try:
        backup_path = None
        if target.exists():
            shutil.copymode(target, tmp_name)
            if backup:
                backup_path = _keep_backup(target)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
        return backup_path
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _temporary_copy(target: Path, data: bytes) -> str:
    """A new temporary file beside ``target`` holding ``data`` (flushed to disk); its name
    ``.NAME.PID.RANDOM.tmp`` lets :func:`remove_stale_temporaries` find it after a crash."""
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return tmp_name


def _keep_backup(target: Path) -> Path:
    """Make ``target~`` the current ``target``: a hard link (no bytes copied, so a full disk
    cannot cut it short) or, where links are not supported, a flushed copy, put in place by a
    rename. The old backup stays until the rename; errors say so."""
    backup = target.with_name(target.name + "~")
    folder = target.parent if str(target.parent) else Path(".")
    link = folder / f".{backup.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        try:
            os.link(target, link, follow_symlinks=False)
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
                raise
            link = Path(_temporary_copy(backup, target.read_bytes()))
            shutil.copymode(target, link)
        os.replace(link, backup)
    except OSError as exc:
        link.unlink(missing_ok=True)
        raise OSError(
            exc.errno,
            f"cannot keep the backup {backup.name}: {exc.strerror or exc}; nothing was "
            "changed (the file and its previous backup are as they were)",
        ) from None
    return backup


def remove_stale_temporaries(path: str | Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files a killed writer of ``path`` (or of its backup) left behind.

    Only files named as :func:`atomic_write_bytes` names them (``.NAME.PID.RANDOM.tmp``),
    regular files of this user whose process is gone and that are older than
    :data:`STALE_TEMPORARY_AGE` (without a process id in the name, as older versions wrote
    them: older than :data:`LEGACY_TEMPORARY_AGE`); returns those removed.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    patterns = [
        re.compile(_TEMPORARY.format(name=re.escape(name)))
        for name in (target.name, target.name + "~")
    ]
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return []
    for candidate in candidates:
        match = next(filter(None, (p.match(candidate.name) for p in patterns)), None)
        if match is None:
            continue
        if match["pid"] is not None and _alive(int(match["pid"])):
            continue
        age = STALE_TEMPORARY_AGE if match["pid"] is not None else LEGACY_TEMPORARY_AGE
        try:
            info = candidate.lstat()
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_uid == os.geteuid()
                and now - info.st_mtime > age
            ):
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


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
