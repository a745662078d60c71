"""``imgsynth-refs check`` as a CI gate: the LaTeX citations (real .aux files from JabRef's
tests, see tests/fixtures/aux/PROVENANCE.md), rule selection, severities and exit status,
GitHub annotations, look-ups that could not be made, and ``--fix`` (a file that does not
parse, a version found online, the dry run's diff)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from export_helpers import run_cli
from imgsynth_refs.check import read_aux, read_tex
from imgsynth_refs.cli import main

AUX = Path(__file__).parent / "fixtures" / "aux"


@pytest.fixture
def document(tmp_path: Path) -> Path:
    """JabRef's aux test folder, copied: origin.bib and the .aux files citing it."""
    folder = tmp_path / "doc"
    shutil.copytree(AUX, folder)
    return folder


# --------------------------------------------------------------------------- reading citations


@pytest.mark.parametrize(
    ("aux", "keys"),
    [
        ("paper.aux", ["Darwin1888", "Einstein1920"]),
        ("badpaper.aux", ["Darwin1888", "Einstein1920", "Einstein1923"]),
        ("nested.aux", ["Darwin1888", "Einstein1920"]),  # \@input{paper.aux}, twice
        ("papertwoargmacro.aux", ["Darwin1888", "Einstein1920"]),  # biblatex's \abx@aux@cite
        ("crossref.aux", ["Einstein1920a", "Einstein1920b", "Einstein1920c", "UnresolvedKey"]),
    ],
)
def test_cited_keys_of_real_aux_files(aux: str, keys: list[str]) -> None:
    cited = read_aux(AUX / aux)
    assert sorted(cited.keys) == keys and not cited.everything


def test_cited_keys_of_tex_sources(tmp_path: Path) -> None:
    (tmp_path / "chapter.tex").write_text(
        "See \\citep[p.~3]{b, c} and \\textcite{d}.\n% \\cite{commented}\n"
        "\\cites[see][]{e}{f} 100\\% sure \\parencite*{g}\n",
        encoding="utf-8",
    )
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\\begin{document}\\cite{a}\n\\input{chapter}\n"
        "\\nocite{*}\\end{document}\n",
        encoding="utf-8",
    )
    cited = read_tex(tmp_path / "main.tex")
    assert sorted(cited.keys) == ["a", "b", "c", "d", "e", "f", "g"]
    assert cited.everything
    assert cited.keys["d"] == (str(tmp_path / "chapter.tex"), 1)


def test_a_missing_aux_file_is_a_usage_error(document: Path, capsys) -> None:
    status, _, err = run_cli(capsys, "check", str(document / "origin.bib"), "--aux", "nope.aux")
    assert status == 2 and "nope.aux: no such file" in err


# --------------------------------------------------------------------------- the gate


def test_keys_cited_but_missing_are_errors_with_the_aux_line(document: Path, capsys) -> None:
    bib, aux = document / "origin.bib", document / "badpaper.aux"
    before = bib.read_bytes()
    status, out, _ = run_cli(
        capsys, "check", str(bib), "--offline", "--aux", str(aux), "--select", "missing-citation"
    )
    assert status == 1
    assert f"{aux}:4: [missing-citation] Einstein1923: cites 'Einstein1923'" in out
    assert bib.read_bytes() == before
    clean = run_cli(
        capsys,
        "check",
        str(bib),
        "--aux",
        str(document / "paper.aux"),
        "--select",
        "missing-citation",
        "--offline",
    )
    assert clean[0] == 0


def test_unused_lists_entries_never_cited(document: Path, capsys) -> None:
    bib = document / "origin.bib"
    status, out, _ = run_cli(
        capsys,
        "check",
        str(bib),
        "--offline",
        "--aux",
        str(document / "crossref.aux"),
        "--unused",
        "--select",
        "unused-entry",
    )
    # Einstein1920 is the crossref parent of a cited entry; Newton1999 and Darwin1888 are
    # cited nowhere.
    assert status == 1
    assert sorted(
        line.split("] ")[1].split(":")[0] for line in out.splitlines() if "[" in line
    ) == [
        "Darwin1888",
        "Newton1999",
    ]


def test_unused_needs_a_document(document: Path, capsys) -> None:
    status, _, err = run_cli(capsys, "check", str(document / "origin.bib"), "--unused")
    assert status == 2 and "--unused needs --aux or --tex" in err
    bib = str(document / "origin.bib")
    status, _, err = run_cli(capsys, "check", bib, "--select", "missing-citation")
    assert status == 2 and "missing-citation needs --aux or --tex" in err


def test_nocite_star_uses_every_entry(document: Path, capsys) -> None:
    (document / "all.aux").write_text("\\relax\n\\citation{*}\n\\bibdata{origin}\n")
    status, out, _ = run_cli(
        capsys,
        "check",
        str(document / "origin.bib"),
        "--offline",
        "--aux",
        str(document / "all.aux"),
        "--unused",
        "--select",
        "unused-entry,missing-citation",
    )
    assert status == 0 and "no problems found" in out


# --------------------------------------------------------------------------- selection, status

TWO = (
    "@misc{a, title={Training GANs}, author={A, B}, year=2020}\n"
    "@misc{a, title={Other}, author={C, D}, year=2021}\n"
)


def write(tmp_path: Path, text: str, name: str = "refs.bib") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_fail_on_error_ignores_warnings(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, TWO.split("\n")[0] + "\n")
    assert run_cli(capsys, "check", str(path), "--offline")[0] == 1
    assert run_cli(capsys, "check", str(path), "--offline", "--fail-on", "error")[0] == 0
    two = write(tmp_path, TWO, "two.bib")
    assert run_cli(capsys, "check", str(two), "--offline", "--fail-on", "error")[0] == 1


def test_select_and_ignore_on_the_command_line(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, TWO)
    _, out, _ = run_cli(capsys, "check", str(path), "--offline", "--select", "duplicate-key")
    assert "[duplicate-key]" in out and "[unprotected-acronym]" not in out
    _, out, _ = run_cli(
        capsys, "check", str(path), "--offline", "--ignore", "duplicate-key,unprotected-acronym"
    )
    assert "[duplicate-key]" not in out and "[unprotected-acronym]" not in out
    status, _, err = run_cli(capsys, "check", str(path), "--select", "no-such-rule")
    assert status == 2 and "no rule 'no-such-rule'" in err


def test_github_annotations(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, TWO)
    status, out, _ = run_cli(capsys, "check", str(path), "--offline", "--format", "github")
    assert status == 1
    lines = out.splitlines()
    assert "(plain, IEEEtran, ACM, ...)" in lines[0]  # commas are escaped in properties only
    assert lines[0].startswith(f"::warning file={path},line=1,title=unprotected-acronym (a)::")
    assert any(
        line.startswith(f"::error file={path},line=2,title=duplicate-key (a)::") for line in lines
    )
    assert all(line.startswith("::") for line in lines)


def test_json_has_severities_and_several_files_make_a_list(tmp_path: Path, capsys) -> None:
    one, two = write(tmp_path, TWO), write(tmp_path, TWO.split("\n")[0] + "\n", "b.bib")
    _, out, _ = run_cli(capsys, "check", str(one), str(two), "--offline", "--format", "json")
    payload = json.loads(out)
    assert [p["file"] for p in payload] == [str(one), str(two)]
    assert {f["severity"] for f in payload[0]["findings"]} == {"error", "warning"}


def test_a_key_in_another_bib_of_the_document_is_not_missing(tmp_path: Path, capsys) -> None:
    one = write(tmp_path, "@misc{a, title={T}, author={A, B}, year=2020}\n", "one.bib")
    two = write(tmp_path, "@misc{b, title={U}, author={C, D}, year=2020}\n", "two.bib")
    aux = tmp_path / "main.aux"
    aux.write_text("\\citation{a,b}\n\\citation{c}\n")
    status, out, _ = run_cli(capsys, "check", str(one), str(two), "--offline", "--aux", str(aux))
    assert status == 1
    assert out.count("[missing-citation]") == 1 and "[missing-citation] c:" in out


def test_nothing_changes_without_fix(tmp_path: Path, capsys) -> None:
    text = "@misc{g, title={Training GANs}, author={Goodfellow, Ian et al.}}\n"
    path = write(tmp_path, text)
    for args in ([], ["--format", "json"], ["--format", "github"]):
        run_cli(capsys, "check", str(path), "--offline", *args)
    assert path.read_bytes() == text.encode()
    assert not (tmp_path / "refs.bib~").exists()


# --------------------------------------------------------------------------- look-ups

PREPRINT = (
    b"@misc{hb, title={Heat-bath random walks with {Markov} bases}, author={Sturmfels, B},"
    b" eprint={1605.08386}, archivePrefix={arXiv}, year=2016}\n"
)


def test_a_lookup_that_could_not_be_made_is_reported_and_sets_the_status(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 9 of this machine: the connection is refused.
    monkeypatch.setenv("IMGSYNTH_REFS_ARXIV_API", "http://127.0.0.1:9/api/query")
    for name in ("ARXIV_DELAY", "HOST_DELAY", "RETRIES"):
        monkeypatch.setenv(f"IMGSYNTH_REFS_{name}", "0")
    path = write(tmp_path, PREPRINT.decode())
    status, out, err = run_cli(capsys, "check", str(path))
    assert status == 3
    assert "no problems found" in out
    assert "arxiv: 1 entry not checked (" in err and "): hb; " in err
    assert "unknown, not absent" in err
    status, out, _ = run_cli(capsys, "check", str(path), "--format", "json")
    assert status == 3
    assert json.loads(out)["unchecked_keys"] == {"arxiv": ["hb"]}


def test_an_id_the_source_does_not_know_is_checked_not_unchecked(
    sources_server, tmp_path: Path, capsys
) -> None:
    text = PREPRINT.replace(b"1605.08386", b"2501.99999")
    path = write(tmp_path, text.decode())
    status, _, err = run_cli(capsys, "check", str(path))
    assert status == 0, err
    assert "not checked" not in err


def test_offline_reports_what_it_did_not_ask_without_failing(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, PREPRINT.decode())
    status, _, err = run_cli(capsys, "check", str(path), "--offline")
    assert status == 0
    assert "arxiv: 1 entry not checked (offline, not in the cache): hb" in err


# --------------------------------------------------------------------------- docs

DOCS = Path(__file__).resolve().parents[1] / "docs" / "check.md"


def test_the_docs_rule_table_is_the_registry() -> None:
    from imgsynth_refs.check import RULES, rules_markdown

    text = DOCS.read_text(encoding="utf-8")
    table = text.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == rules_markdown()
    assert all(f"`{code}`" in table for code in RULES)


def test_list_rules_prints_the_registry(capsys) -> None:
    from imgsynth_refs.check import RULES
    from imgsynth_refs.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--list-rules"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == list(RULES)


def test_tex_sources_gate_the_citations(tmp_path: Path, capsys) -> None:
    bib = write(tmp_path, "@misc{a, title={T}, author={A, B}, year=2020}\n")
    tex = tmp_path / "main.tex"
    tex.write_text("Known \\cite{a}.\n% \\cite{commented}\nUnknown \\citep[p.~2]{zz}.\n")
    status, out, _ = run_cli(capsys, "check", str(bib), "--offline", "--tex", str(tex))
    assert status == 1
    assert f"{tex}:3: [missing-citation] zz: cites 'zz'" in out
    assert "commented" not in out


def test_the_progress_bar_is_for_terminals_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from imgsynth_refs.commands import check as command

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert command._progress() is None
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    progress = command._progress()
    assert progress is not None
    progress(1, 2)
    progress(2, 2)
    assert "looking up" in terminal.getvalue()


def test_check_fix_on_a_file_that_does_not_parse_says_it_fixed_nothing(tmp_path, capsys):
    """--fix must not silently do nothing while the findings say "--fix applies it"."""
    path = tmp_path / "thesis.bib"
    old = (
        b"@article{a,\n title={Markov chains},\n author={Kingma, D. et al.},\n"
        b" journal={J}, year=2020}\n\n@article{b,\n title={broken {brace},\n year=2020}\n"
    )
    path.write_bytes(old)
    assert main(["check", str(path), "--fix", "--offline"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: nothing fixed: the entry on line 6 does not parse" in err
    assert path.read_bytes() == old
    assert not (tmp_path / "thesis.bib~").exists()


STALE = (
    b"@article{x, title={Some title}, author={Doe, J},\n"
    b" journal={arXiv preprint arXiv:2204.08348v1}, year=2022}\n"
)
"""Cites v1 of a paper whose recorded arXiv entry (tests/fixtures/arxiv) is v3."""


def test_check_fix_applies_a_stale_version_found_online(sources_server, tmp_path, capsys):
    """The finding says '--fix applies it'; it must, also when arXiv (not the catalog) knows
    the latest version. The record's key is not a catalog key, so the source is arXiv."""
    path = tmp_path / "thesis.bib"
    path.write_bytes(STALE)
    assert main(["check", str(path), "--fix"]) == 1
    out = capsys.readouterr().out
    # The report is the file after the fix: the stale version is among the fixed ones.
    assert "[stale-arxiv-version] x: cite arXiv:2204.08348v3" in out
    assert "fixed: " in out
    assert path.read_bytes() == STALE.replace(b"2204.08348v1", b"2204.08348v3")


UNPROTECTED = b"@misc{g,\n  title = {Training GANs},\n  author = {A, B}\n}\n"


def test_check_fix_dry_run_prints_the_diff_on_stdout_like_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from export_helpers import run_cli

    path = tmp_path / "thesis.bib"
    path.write_bytes(UNPROTECTED)
    status, out, err = run_cli(capsys, "check", str(path), "--offline", "--fix", "--dry-run")
    assert status == 0  # the status is the fixed file's: nothing left
    assert out.startswith("---") and "+  title = {Training {GANs}}," in out, out
    assert "would fix: " in err and "+  title" not in err
    assert path.read_bytes() == UNPROTECTED


def test_check_fix_dry_run_json_holds_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from export_helpers import run_cli

    path = tmp_path / "thesis.bib"
    path.write_bytes(UNPROTECTED)
    status, out, err = run_cli(
        capsys, "check", str(path), "--offline", "--fix", "--dry-run", "--format", "json"
    )
    assert status == 0
    payload = json.loads(out)
    assert "+  title = {Training {GANs}}," in payload["diff"]
    assert "+  title" not in err
    assert path.read_bytes() == UNPROTECTED


def test_check_help_says_where_the_diff_goes(capsys: pytest.CaptureFixture[str]) -> None:
    from imgsynth_refs.cli import main

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "diff on standard output" in text and '"diff"' in text, text
