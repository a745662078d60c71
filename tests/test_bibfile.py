"""Editing a user's .bib safely: one editor at a time, no endless or special targets, no
leftovers of a killed writer; an ``@`` in a comment is no entry."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from export_helpers import run_cli, run_cli_process
from imgsynth_refs import fileio
from imgsynth_refs.bibfile import BibFile, editing
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.errors import DataError

WORKS = [ref for ref in load_catalog().references if ref.arxiv is not None][:8]
"""Eight shipped works, added offline by their arXiv ids."""

ADD = (sys.executable, "-m", "imgsynth_refs", "add")

ROUNDS = int(os.environ.get("IMGSYNTH_REFS_STRESS_ROUNDS", "2"))
"""Rounds of the concurrent-add stress test: 2 in the suite (about 6 s on 2 busy cores);
``IMGSYNTH_REFS_STRESS_ROUNDS=20`` for the full stress run."""


@pytest.mark.parametrize(
    "argv",
    [
        ["merge", "{target}", "--era", "gan"],
        ["add", "arXiv:1511.06434", "--offline", "--to", "{target}"],
        ["check", "{target}", "--fix", "--offline"],
    ],
    ids=["merge", "add", "check-fix"],
)
def test_a_fifo_as_the_bib_to_write_is_refused_at_once(tmp_path, argv):
    target = tmp_path / "thesis.bib"
    os.mkfifo(target)
    done = run_cli_process(*(a.format(target=target) for a in argv), timeout=30)
    assert done.returncode == 1
    assert done.stderr == (
        f"imgsynth-refs: error: {target}: is a named pipe (FIFO), not a regular file; "
        "refusing to write to it\n"
    )


@pytest.mark.parametrize(
    "argv",
    [["merge", "/dev/zero", "--era", "gan"], ["add", "arXiv:1511.06434", "--to", "/dev/zero"]],
    ids=["merge", "add"],
)
def test_a_device_as_the_bib_to_write_is_refused(capsys, argv):
    status, out, err = run_cli(capsys, *argv)
    assert (status, out) == (1, "")
    assert err == (
        "imgsynth-refs: error: /dev/zero: is a character device, not a regular file; "
        "refusing to write to it\n"
    )


def test_check_of_an_endless_device_stops_at_the_input_limit(capsys, monkeypatch):
    monkeypatch.setattr(fileio, "MAX_INPUT_BYTES", 2**20)
    status, out, err = run_cli(capsys, "check", "/dev/zero")
    assert (status, out) == (1, "")
    assert err == (
        "imgsynth-refs: error: /dev/zero: larger than the input limit of 1,048,576 bytes; "
        "nothing read from it\n"
    )


def test_extract_of_endless_standard_input_stops_at_the_input_limit(tmp_path):
    """In a real process with the real limit: /dev/zero on standard input."""
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "imgsynth_refs", "extract", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == (
        "imgsynth-refs: error: <stdin>: larger than the input limit of 67,108,864 bytes; "
        "nothing read from it\n"
    )


def test_a_second_editor_waits_for_the_first(tmp_path):
    target = tmp_path / "thesis.bib"
    held = threading.Event()
    release = threading.Event()

    def first() -> None:
        with editing(target):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert held.wait(10)
        started = time.monotonic()
        busy = r"another program is editing a \.bib in .*try again"
        with pytest.raises(DataError, match=busy), editing(target, timeout=0.2):
            pass
        assert time.monotonic() - started < 5
    finally:
        release.set()
        thread.join()
    with editing(target, timeout=0.2):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no lock file is left


def test_a_killed_writers_temporary_file_is_removed_by_the_next_add(tmp_path, capsys):
    target = tmp_path / "thesis.bib"
    target.write_bytes(b"@misc{a, title={A}, year=2020}\n")
    stale = tmp_path / ".thesis.bib.999999.k1ll3d.tmp"
    stale.write_bytes(b"@misc{a, ti")
    old = time.time() - 2 * fileio.STALE_TEMPORARY_AGE
    os.utime(stale, (old, old))
    status, _, _ = run_cli(capsys, "add", "arXiv:1511.06434", "--offline", "--to", str(target))
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.bib", "thesis.bib~"]


def test_concurrent_adds_keep_every_work_exactly_once(tmp_path):
    """Eight ``add`` processes of different works into one file at once, ROUNDS times."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for round_ in range(ROUNDS):
        target = tmp_path / f"round{round_}.bib"
        target.write_bytes(b"% a thesis\n")
        processes = [
            subprocess.Popen(
                [*ADD, f"arXiv:{ref.arxiv.id}", "--offline", "--to", str(target)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for ref in WORKS
            if ref.arxiv is not None
        ]
        results = [process.communicate(timeout=120) for process in processes]
        for process, (out, err) in zip(processes, results, strict=True):
            assert process.returncode == 0, err
            assert out.startswith("added "), out
        bib = BibFile.read(target)
        assert sorted(bib.keys) == sorted(ref.key for ref in WORKS), f"round {round_}"


def test_merge_never_writes_through_a_symlink_planted_as_the_backup(tmp_path, capsys):
    target = tmp_path / "thesis.bib"
    target.write_bytes(b"% my thesis\n")
    victim = tmp_path / "other-file"
    victim.write_bytes(b"precious\n")
    (tmp_path / "thesis.bib~").symlink_to(victim)
    status, out, _ = run_cli(capsys, "merge", str(target), "--era", "gan")
    assert status == 0 and "previous file kept as" in out
    assert victim.read_bytes() == b"precious\n"
    backup = tmp_path / "thesis.bib~"
    assert not backup.is_symlink() and backup.read_bytes() == b"% my thesis\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-file", "thesis.bib", "thesis.bib~"]


@pytest.mark.parametrize(
    "text",
    [
        b"% write to me@example.org\n@misc{a, title={T}}\n",
        b"Free text with an @ sign {in braces}\n@misc{a, title={T}}\n",
        b"@comment{x}\n@misc{a, title={T}}\n",
    ],
)
def test_at_signs_in_comments_are_no_entries(text):
    assert BibFile.parse(text, source="t.bib").failures == []


@pytest.mark.parametrize("at", [0, 1, 500, 998, 1000])
def test_the_diff_of_a_small_change_to_a_long_file_is_difflibs(at):
    # The shared head and tail are set aside before comparing; where the alignment is
    # unambiguous (distinct lines), the diff, hunk line numbers included, is the one
    # difflib gives on the whole files.
    import difflib

    from imgsynth_refs.bibfile import unified_diff

    old = [f"% line {n}\n" for n in range(1000)]
    new = [*old[:at], "@misc{added, title = {Added}}\n", *old[at:]]
    del new[min(at + 40, len(new) - 1)]  # and one line removed further on
    bib = BibFile.parse("".join(old).encode(), source="refs.bib")
    expected = "".join(difflib.unified_diff(old, new, fromfile="refs.bib", tofile="refs.bib (new)"))
    assert unified_diff(bib, "".join(new).encode()) == expected


def test_the_diff_of_a_merge_patches_the_file_into_the_new_one(tmp_path):
    # GNU patch applies the dry run's diff of a merge into a 3,650-entry file and gives
    # exactly the bytes the merge writes.
    from imgsynth_refs.merge import merge_references

    source = Path(__file__).parent / "fixtures" / "corpus" / "biber-tugboat.bib"
    target = tmp_path / "refs.bib"
    target.write_bytes(source.read_bytes())
    bib = BibFile.read(target)
    result = merge_references(bib, load_catalog().select("all"))
    diff = result.write(target, dry_run=True).diff
    assert diff.count("\n@@ ") + diff.startswith("@@ ") >= 1
    patched = subprocess.run(
        ["patch", "--quiet", "--output=-", str(target)],
        input=diff.encode(),
        capture_output=True,
        check=True,
    ).stdout
    assert patched == result.data
