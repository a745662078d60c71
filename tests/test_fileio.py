"""Atomic writes: the old file survives any failure; a new file gets the usual mode, a
read-only one is not replaced."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from imgsynth_refs import errors, fileio
from imgsynth_refs.fileio import atomic_write_text


def test_write_replaces_and_keeps_mode_and_backup(tmp_path: Path):
    target = tmp_path / "thesis.bib"
    target.write_bytes(b"old\r\n")
    target.chmod(0o640)
    backup = fileio.atomic_write_bytes(target, b"new\r\n", backup=True)
    assert target.read_bytes() == b"new\r\n"
    assert backup is not None and backup.read_bytes() == b"old\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.bib", "thesis.bib~"]


def test_failure_leaves_existing_file_and_no_temporary(tmp_path: Path, monkeypatch):
    target = tmp_path / "out.bib"
    target.write_text("precious")

    def explode(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", explode)
    with pytest.raises(OSError, match="disk full"):
        fileio.atomic_write_text(target, "half")
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]


def test_text_is_written_without_newline_translation(tmp_path: Path):
    target = tmp_path / "crlf.txt"
    fileio.atomic_write_text(target, "a\r\nb\n")
    assert target.read_bytes() == b"a\r\nb\n"


def test_a_symlink_planted_as_the_backup_is_replaced_not_followed(tmp_path: Path):
    target = tmp_path / "thesis.bib"
    target.write_bytes(b"old\n")
    victim = tmp_path / "other-file"
    victim.write_bytes(b"precious\n")
    (tmp_path / "thesis.bib~").symlink_to(victim)
    backup = fileio.atomic_write_bytes(target, b"new\n", backup=True)
    assert victim.read_bytes() == b"precious\n"
    assert backup is not None and not backup.is_symlink()
    assert backup.read_bytes() == b"old\n"
    assert target.read_bytes() == b"new\n"


def test_a_backup_that_cannot_be_written_leaves_file_and_old_backup(tmp_path: Path, monkeypatch):
    """A full disk while copying (where no hard link can be made): nothing changes, and the
    error names the backup."""
    target = tmp_path / "thesis.bib"
    target.write_bytes(b"current\n")
    (tmp_path / "thesis.bib~").write_bytes(b"previous backup\n")
    real_copy = fileio._temporary_copy

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "links not supported")

    def full_disk(path: Path, data: bytes) -> str:
        if path.name.endswith("~"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_copy(path, data)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(fileio, "_temporary_copy", full_disk)
    with pytest.raises(OSError, match=r"cannot keep the backup thesis.bib~: No space left") as e:
        fileio.atomic_write_bytes(target, b"new\n", backup=True)
    assert "nothing was changed" in str(e.value)
    assert target.read_bytes() == b"current\n"
    assert (tmp_path / "thesis.bib~").read_bytes() == b"previous backup\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.bib", "thesis.bib~"]


def test_the_backup_falls_back_to_a_copy_where_links_are_not_supported(tmp_path, monkeypatch):
    target = tmp_path / "thesis.bib"
    target.write_bytes(b"old\n")

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "links not supported")

    monkeypatch.setattr(os, "link", no_links)
    backup = fileio.atomic_write_bytes(target, b"new\n", backup=True)
    assert backup is not None and backup.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.bib", "thesis.bib~"]


def _killed_writer(folder: Path) -> Path:
    """A process killed (SIGKILL) in the middle of an atomic write to folder/thesis.bib."""
    import sys

    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from imgsynth_refs import fileio\n"
        "fileio._temporary_copy(Path(sys.argv[1]), b'half written')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder / "thesis.bib")], check=False, timeout=30
    )
    assert done.returncode == -9
    (left,) = folder.glob(".thesis.bib.*.tmp")
    return left


def test_temporaries_of_a_killed_writer_are_removed_once_old(tmp_path: Path):
    left = _killed_writer(tmp_path)
    legacy = tmp_path / ".thesis.bib.k2j4_x9a.tmp"  # named by an earlier version: no pid
    legacy.write_bytes(b"x")
    os.utime(legacy, (time.time() - 2 * fileio.LEGACY_TEMPORARY_AGE,) * 2)
    mine = tmp_path / f".thesis.bib.{os.getpid()}.live.tmp"  # a writer still running
    other = tmp_path / ".notes.bib.999999.dead.tmp"  # another file's
    unrelated = tmp_path / ".thesis.bib.swp"
    for path in (mine, other, unrelated):
        path.write_bytes(b"x")
    assert fileio.remove_stale_temporaries(tmp_path / "thesis.bib") == [legacy]  # others young
    old = time.time() - 2 * fileio.STALE_TEMPORARY_AGE
    for path in (left, mine, other, unrelated):
        os.utime(path, (old, old))
    assert fileio.remove_stale_temporaries(tmp_path / "thesis.bib") == [left]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, other.name, unrelated.name]
    )


def test_read_limited_stops_an_endless_device(monkeypatch):
    monkeypatch.setattr(fileio, "MAX_INPUT_BYTES", 4096)
    with pytest.raises(errors.InputTooLargeError, match="/dev/zero: larger than the input limit"):
        fileio.read_limited("/dev/zero")
    with (
        open("/dev/zero", "rb") as stream,
        pytest.raises(errors.InputTooLargeError, match="<stdin>: larger than"),
    ):
        fileio.read_limited(stream)


def test_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    """New files were readable by their owner only."""
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "refs.bib", "x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "refs.bib").stat().st_mode & 0o777 == 0o644


def test_a_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename replaces a file its owner made read-only (chmod 444) without asking; for a
    user other than root the write must fail as a direct write would. (Tests run as root here,
    so the permission check is simulated.)"""
    target = tmp_path / "thesis.bib"
    target.write_text("% protected\n")
    target.chmod(0o444)
    monkeypatch.setattr("imgsynth_refs.fileio.os.access", lambda path, mode: False)
    with pytest.raises(PermissionError):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "% protected\n"
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.bib"]
