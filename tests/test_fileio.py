"""Atomic writes: the old file survives any failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from imgsynth_refs import fileio


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
