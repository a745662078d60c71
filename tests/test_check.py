"""check: every finding code, safe fixes that change only one field's bytes, formats, exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import check_bib, fix_bib, fix_until_stable
from imgsynth_refs.cli import main
from imgsynth_refs.merge import merge_references
from thesis_helpers import bib_files

CATALOG = load_catalog()


def findings(text: str, **options):
    return check_bib(BibFile.parse(text.encode(), source="t.bib", strict=False), **options)


def codes(text: str, **options) -> list[tuple[str, str | None, int]]:
    return [(f.code, f.key, f.line) for f in findings(text, **options)]


CASES = [
    pytest.param(
        "@misc{a, title={X}, author={A, B}}\n@misc{A, title={Y}, author={C, D}}\n",
        ("duplicate-key", "A", 2),
        id="duplicate-key-case-insensitive",
    ),
    pytest.param(
        "@misc{a, title={X}, author={A, B}, title={Z}}\n",
        ("duplicate-field", "a", 1),
        id="duplicate-field",
    ),
    pytest.param(
        "@misc{one, title={Deep Nets}, author={Chen, Li}, eprint={2101.00001}}\n"
        "@misc{two, title={Other}, author={Wu, Q}, url={https://arxiv.org/abs/2101.00001v2}}\n",
        ("duplicate-work", "two", 2),
        id="duplicate-work-by-arxiv-id",
    ),
    pytest.param(
        "@misc{one, title={Deep Nets}, author={Chen, Li}}\n\n"
        "@article{two, title={{Deep} nets}, author={Li Chen}, journal={J}, year=2020}\n",
        ("duplicate-work", "two", 3),
        id="duplicate-work-by-title",
    ),
    pytest.param(
        "@article{dcgan,\n  title={Unsupervised Representation Learning with Deep Convolutional"
        " Generative Adversarial Networks},\n  author={Radford, Alec},\n"
        "  journal={arXiv preprint arXiv:1511.06434},\n  year={2015}\n}\n",
        ("published-version", "dcgan", 1),
        id="published-version-from-catalog",
    ),
    pytest.param(
        "@inproceedings{p, title={T}, author={A, B}, year=2020}\n",
        ("missing-field", "p", 1),
        id="missing-booktitle",
    ),
    pytest.param(
        '@misc{u,\n  title = "Broken } title",\n  author={A, B}\n}\n',
        ("unbalanced-braces", "u", 2),
        id="unbalanced-value",
    ),
    pytest.param(
        "@misc{u, title={Fine}, author={A, B}}}\n",
        ("unbalanced-braces", None, 1),
        id="entry-closed-twice",
    ),
    pytest.param(
        "@misc{g,\n  title = {Training {GAN}s and StyleGAN},\n  author={A, B}\n}\n",
        ("unprotected-acronym", "g", 2),
        id="acronym",
    ),
    pytest.param(
        "@misc{m,\n  title = {Hidden Markov Chains},\n  author={A, B}\n}\n",
        ("unprotected-acronym", "m", 2),
        id="proper-noun-from-the-word-list",
    ),
    pytest.param(
        "@misc{e,\n  author = {Goodfellow, Ian et al.},\n  title={T}\n}\n",
        ("malformed-authors", "e", 2),
        id="et-al",
    ),
    pytest.param(
        "@misc{c, author = {Ian Goodfellow, Jean Pouget-Abadie, Mehdi Mirza}, title={T}}\n",
        ("malformed-authors", "c", 1),
        id="commas-instead-of-and",
    ),
    pytest.param(
        "@misc{t, author = {Ian Goodfellow, Jean Pouget-Abadie}, title={T}}\n",
        ("malformed-authors", "t", 1),
        id="two-names-one-comma",
    ),
    pytest.param(
        "@misc{s, author = {Goodfellow, Ian; Bengio, Yoshua}, title={T}}\n",
        ("malformed-authors", "s", 1),
        id="semicolons",
    ),
    pytest.param(
        "@misc{v,\n  title = {T},\n  author = {Radford, A.},\n  eprint = {1511.06434v1},\n"
        "  archivePrefix = {arXiv}\n}\n",
        ("stale-arxiv-version", "v", 4),
        id="stale-version",
    ),
    pytest.param(
        "@misc{p,\n  title = {T},\n  author = {A, B},\n"
        "  url = {https://aclanthology.org/P18-1238.pdf}\n}\n",
        ("pdf-url", "p", 4),
        id="pdf-url-acl",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_problem_is_found_with_key_and_line(text, expected):
    assert expected in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "@misc{ok, title={A {GAN} for {ImageNet}}, author={Le Cun, Yann and others}}\n",
        "@misc{ok, title={{All Protected GAN Words}}, author={von Neumann, Jr, John}}\n",
        "@misc{ok, title={T}, author={De La Torre, Fernando and van der Maaten, L. J. P.}}\n",
        "@misc{ok, title={Text-to-Image Synthesis with $\\mathcal{O}(N)$ cost}, author={A, B}}\n",
        "@misc{ok, title={T}, author={A, B}, url={https://arxiv.org/abs/2401.00001v2}}\n",
        "@misc{ok, title={T}, author={A, B}, eprint={2401.00001v3}, archivePrefix={arXiv}}\n",
        "% a comment with an open { brace, which BibTeX ignores\n@misc{ok, title={T}}\n",
    ],
)
def test_clean_entries_give_no_findings(text):
    assert codes(text) == []


def test_the_projects_own_output_checks_clean():
    data = merge_references(BibFile.parse(b""), CATALOG.references).data
    assert codes(data.decode()) == []


def test_published_version_from_a_lookup_for_works_the_catalog_lacks():
    text = "@misc{x, title={New}, author={Li, Q}, eprint={2401.00001}, archivePrefix={arXiv}}\n"
    dcgan = CATALOG.get("radford2016unsupervised")
    asked = []

    def lookup(ids):
        asked.append(list(ids))
        return {"2401.00001": dcgan}

    found = findings(text, lookup=lookup)
    assert asked == [["2401.00001"]]
    assert [f.code for f in found] == ["published-version"]
    assert "@inproceedings{x," in found[0].fix  # the suggestion keeps the user's key


def test_stale_version_from_a_lookup_for_works_the_catalog_lacks():
    from imgsynth_refs.models import ArxivInfo, Person, Reference

    text = (
        "@misc{x,\n  title = {New},\n  author = {Li, Q},\n"
        "  url = {https://arxiv.org/abs/2401.00001v1}\n}\n"
    )
    preprint = Reference(
        type="preprint",
        title="New",
        authors=[Person(family="Li")],
        year=2024,
        arxiv=ArxivInfo(id="2401.00001", version=3),
    )
    found = findings(text, lookup=lambda ids: {"2401.00001": preprint})
    assert [(f.code, f.line) for f in found] == [("stale-arxiv-version", 4)]
    assert "latest known version is v3 (arXiv)" in found[0].message
    fixed, _ = fix_bib(BibFile.parse(text.encode()), found)
    assert b"{https://arxiv.org/abs/2401.00001v3}" in fixed


def test_safe_fixes_change_only_the_field_bytes_and_are_reported():
    text = (
        "% keep me\r\n@misc{g,\r\n  title = {Training GANs by Monte Carlo},\r\n"
        "  author = {Goodfellow, Ian et al.},\r\n"
        "  url = {https://arxiv.org/pdf/1511.06434v1.pdf},\r\n  note = {untouched}\r\n}\r\n"
    )
    bib = BibFile.parse(text.encode(), source="t.bib")
    data, fixed = fix_until_stable(bib)
    assert data.decode() == text.replace("GANs by Monte Carlo", "{GANs} by {Monte Carlo}").replace(
        "Ian et al.", "Ian and others"
    ).replace("https://arxiv.org/pdf/1511.06434v1.pdf", "https://arxiv.org/abs/1511.06434v2")
    assert sorted(f.code for f in fixed) == [
        "malformed-authors",
        "pdf-url",
        "stale-arxiv-version",
        "unprotected-acronym",
        "unprotected-acronym",
    ]
    again = BibFile.parse(data)
    assert fix_bib(again, check_bib(again))[1] == []


def test_unsafe_findings_have_no_edit():
    found = findings("@misc{a, title={X}, author={A, B}}\n@misc{a, title={Y}, author={C, D}}\n")
    assert found and all(not f.safe for f in found)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thesis.bib"
    path.write_bytes(text.encode())
    return path


def test_cli_text_json_exit_status_and_fix(tmp_path, capsys):
    path = write(tmp_path, "@misc{g,\n  title = {Training GANs},\n  author = {A, B}\n}\n")
    assert main(["check", str(path), "--offline"]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2: [unprotected-acronym] g: title word 'GANs'" in out
    assert main(["check", str(path), "--offline", "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["findings"][0] | {"message": ""} == {
        "code": "unprotected-acronym",
        "key": "g",
        "line": 2,
        "message": "",
        "fix": "write {GANs} in the title",
        "safe": True,
        "severity": "warning",
    }
    assert main(["check", str(path), "--offline", "--fix", "--dry-run"]) == 0
    assert "+  title = {Training {GANs}}," in capsys.readouterr().out
    assert b"{GANs}" not in path.read_bytes()
    assert main(["check", str(path), "--offline", "--fix"]) == 0
    out = capsys.readouterr().out
    assert "fixed: " in out
    assert "no problems found" in out  # the report is the file after the fix
    backup = tmp_path / "thesis.bib~"
    assert backup.read_bytes() == b"@misc{g,\n  title = {Training GANs},\n  author = {A, B}\n}\n"
    assert main(["check", str(path), "--offline"]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_cli_check_on_a_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none.bib")]) == 2
    assert "none.bib: no such file" in capsys.readouterr().err


def gaps(bib: BibFile) -> list[str]:
    """The text between entries (comments, @string, blank lines), in order."""
    ends = [0, *(entry.end for entry in bib.entries)]
    starts = [*(entry.start for entry in bib.entries), len(bib.text)]
    return [bib.text[end:start] for end, start in zip(ends, starts, strict=True)]


FIXABLE = ("title", "author", "editor", "url", "eprint")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bib_files())
def test_fixes_change_only_the_fixed_field_values(data):
    before = BibFile.parse(data)
    new, fixed = fix_until_stable(before)
    after = BibFile.parse(new)
    assert (after.keys, after.encoding, after.newline) == (
        before.keys,
        before.encoding,
        before.newline,
    )
    assert gaps(after) == gaps(before)
    fixed_keys = {f.key for f in fixed}
    for old, now in zip(before.entries, after.entries, strict=True):
        assert list(now.fields) == list(old.fields)
        changed = {name for name in old.fields if now.fields[name] != old.fields[name]}
        assert changed <= set(FIXABLE)
        assert not changed or old.key in fixed_keys
    assert not [f for f in check_bib(after) if f.safe]
