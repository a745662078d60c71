"""``merge`` and ``add`` on the command line: eras, --sorted, --dry-run, styles, errors, a
symlinked .bib, a file with an invalid entry type."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from export_helpers import run_cli
from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.cli import main
from thesis_helpers import S2_ENTRY, is_subsequence

OLD = (
    b"% thesis\n@misc{aaa, title={First}, author={A, B}}\n\n@misc{zzz, title={L}, author={Z, Y}}\n"
)
GAN_ERA = [ref.key for ref in load_catalog().select(["gan"])]


@pytest.fixture
def thesis(tmp_path: Path) -> Path:
    path = tmp_path / "thesis.bib"
    path.write_bytes(OLD)
    return path


def test_merge_an_era_appends_its_works(thesis, capsys):
    status, out, _ = run_cli(capsys, "merge", str(thesis), "--era", "gan")
    assert status == 0
    assert [
        line.split()[1].rstrip(":") for line in out.splitlines() if line.startswith("added")
    ] == GAN_ERA
    new = thesis.read_bytes()
    assert new.startswith(OLD)
    assert BibFile.read(thesis).keys == ["aaa", "zzz", *GAN_ERA]
    status, out, _ = run_cli(capsys, "merge", str(thesis), "--era", "gan", "--era", "origins")
    assert "present: " in out and thesis.read_bytes().startswith(new)


def test_merge_sorted_inserts_between_existing_entries(thesis, capsys):
    assert run_cli(capsys, "merge", str(thesis), "--era", "gan", "--sorted")[0] == 0
    keys = BibFile.read(thesis).keys
    assert keys[0] == "aaa" and keys[-1] == "zzz"
    assert keys[1:-1] == sorted(GAN_ERA)
    assert is_subsequence(OLD, thesis.read_bytes())


def test_dry_run_prints_a_diff_and_writes_nothing(thesis, capsys):
    status, out, err = run_cli(capsys, "merge", str(thesis), "--era", "gan", "--dry-run")
    assert status == 0
    assert out.startswith(f"--- {thesis}\n+++ {thesis} (new)\n")
    assert "would add" in err
    assert thesis.read_bytes() == OLD
    assert not thesis.with_name("thesis.bib~").exists()


def test_key_style_and_transliteration_options(thesis, capsys):
    status, out, _ = run_cli(
        capsys, "add", "arXiv:1406.2661", "--to", str(thesis), "--key-style", "{Auth}{year}"
    )
    assert status == 0
    assert "added Goodfellow2014:" in out


def test_biblatex_dialect_and_recognition_of_its_fields(thesis, capsys):
    assert (
        run_cli(capsys, "add", "arXiv:1406.2661", "--to", str(thesis), "--dialect", "biblatex")[0]
        == 0
    )
    text = thesis.read_text()
    assert "  date        = {2014-12}," in text and "eprinttype  = {arxiv}" in text
    status, out, _ = run_cli(capsys, "merge", str(thesis), "--era", "origins")
    assert status == 0
    assert "present: Generative Adversarial Nets (2014) as goodfellow2014generative" in out
    assert thesis.read_text().count("goodfellow2014generative") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["merge", "{path}", "--era", "nope"], "unknown era 'nope'"),
        (["merge", "{path}", "--era", "gan", "--key-style", "fancy"], "unknown key style"),
    ],
)
def test_bad_values_exit_2_with_one_line(thesis, capsys, argv, message):
    status, _, err = run_cli(capsys, *[a.replace("{path}", str(thesis)) for a in argv])
    assert status == 2
    assert message in err and err.count("\n") == 1
    assert thesis.read_bytes() == OLD


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["merge", "{path}", "--era", "gan", "--transliteration", "klingon"], "invalid choice"),
        (["add", "--to", "{path}"], "the following arguments are required"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(thesis, capsys, argv, message):
    with pytest.raises(SystemExit) as exited:
        main([a.replace("{path}", str(thesis)) for a in argv])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert thesis.read_bytes() == OLD


def test_a_symlinked_bib_is_updated_through_the_link(tmp_path, capsys):
    """Thesis folders often link the .bib from a synced folder: the write must go to the
    file the link points at, and the link must stay a link."""
    real = tmp_path / "synced" / "thesis.bib"
    real.parent.mkdir()
    old = b"% my thesis\n@misc{mine, title={Mine}, author={Me, A}, year=2020}\n"
    real.write_bytes(old)
    link = tmp_path / "thesis.bib"
    link.symlink_to(real)
    assert main(["add", "1406.2661", "--to", str(link), "--offline"]) == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    data = real.read_bytes()
    assert data.startswith(old)
    assert b"@inproceedings{goodfellow2014generative," in data
    assert (real.parent / "thesis.bib~").read_bytes() == old
    capsys.readouterr()


def test_add_refuses_a_file_with_an_invalid_entry_type(tmp_path, capsys):
    """Its work (DCGAN, CoRR abs/1511.06434) would otherwise be added a second time."""
    path = tmp_path / "s2.bib"
    path.write_bytes(S2_ENTRY)
    assert main(["add", "1511.06434", "--to", str(path), "--offline"]) == 1
    assert f"{path}:2: " in capsys.readouterr().err
    assert path.read_bytes() == S2_ENTRY
