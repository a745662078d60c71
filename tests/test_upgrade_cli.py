"""``imgsynth-refs upgrade``: exit statuses, dry run, JSON, messages (recorded answers on a
local server, tests/upgrade_helpers.py)."""

from __future__ import annotations

import json

import pytest

from imgsynth_refs.cli import main
from s2_helpers import ROOT
from upgrade_helpers import NATMI_ENTRY, PAPERQA_ENTRY, UpgradeServer

TEXT = f"% thesis\n\n{NATMI_ENTRY}\n\n{PAPERQA_ENTRY}\n"


@pytest.fixture
def server(httpserver, monkeypatch, tmp_path):
    server = UpgradeServer(httpserver)
    base = httpserver.url_for("").rstrip("/")
    for name, value in {
        "ARXIV_API": base + "/api/query",
        "S2_API": base + ROOT,
        "DBLP_URL": base,
        "CROSSREF_URL": base,
        "CACHE_DIR": str(tmp_path / "cache"),
        "ARXIV_DELAY": "0",
        "HOST_DELAY": "0",
        "RETRIES": "0",
    }.items():
        monkeypatch.setenv(f"IMGSYNTH_REFS_{name}", value)
    return server


@pytest.fixture
def thesis(tmp_path):
    path = tmp_path / "thesis.bib"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_upgrade_writes_and_reports(server, thesis, capsys):
    assert main(["upgrade", str(thesis)]) == 0
    out = capsys.readouterr().out
    assert (
        "bran2023augmenting (line 3, arXiv:2304.05376): became Nature Machine Intelligence 2024"
        in out
    )
    assert "evidence: crossref: title 100%, first author Bran matches, authors 6/6, year +1" in out
    assert "lala2023paperqa (line 13, arXiv:2312.07559): not found:" in out
    assert f"previous file kept as {thesis}~" in out
    assert (thesis.parent / "thesis.bib~").read_text(encoding="utf-8") == TEXT
    assert "journal = {Nature Machine Intelligence}" in thesis.read_text(encoding="utf-8")


def test_dry_run_prints_the_diff_and_writes_nothing(server, thesis, capsys):
    assert main(["upgrade", str(thesis), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"--- {thesis}\n+++ {thesis} (new)\n")
    assert "-  journal={arXiv preprint arXiv:2304.05376}," in captured.out
    assert "+  journal = {Nature Machine Intelligence}," in captured.out
    assert "would become Nature Machine Intelligence 2024" in captured.err
    assert thesis.read_text(encoding="utf-8") == TEXT


def test_json_report(server, thesis, capsys):
    assert main(["upgrade", str(thesis), "--format", "json", "--dry-run"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["status"] for e in data["entries"]] == ["upgraded", "not_found"]
    assert data["written"] is False and data["diff"].startswith("---")


def test_a_lookup_that_could_not_be_made_exits_1_and_names_the_entry(server, thesis, capsys):
    assert main(["upgrade", str(thesis), "--offline"]) == 1
    lines = capsys.readouterr().err.splitlines()
    named = [line for line in lines if line.startswith("imgsynth-refs: not checked: ")]
    assert [line.split(": ")[2] for line in named] == ["bran2023augmenting", "lala2023paperqa"]
    assert all("offline, and not in the cache" in line for line in named)
    assert thesis.read_text(encoding="utf-8") == TEXT


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--min-confidence", "0"], "--min-confidence must be in (0, 1]"),
        (["--only", "nope"], "no entry with key 'nope'"),
    ],
)
def test_usage_errors_exit_2(server, thesis, capsys, argv, message):
    assert main(["upgrade", str(thesis), *argv]) == 2
    assert message in capsys.readouterr().err
    assert thesis.read_text(encoding="utf-8") == TEXT


def test_an_unknown_format_is_refused_by_the_parser(thesis, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["upgrade", str(thesis), "--format", "xml"])
    assert exit_info.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_a_missing_file_or_one_that_does_not_parse_is_one_line(tmp_path, capsys):
    assert main(["upgrade", str(tmp_path / "none.bib")]) == 1
    broken = tmp_path / "broken.bib"
    broken.write_text("@article{a, title={unclosed\n", encoding="utf-8")
    assert main(["upgrade", str(broken)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"imgsynth-refs: error: {tmp_path / 'none.bib'}: no such file"
    assert err[1].startswith(f"imgsynth-refs: error: {broken}")
    assert len(err) == 2
