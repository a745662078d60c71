"""Hostile .bib inputs: each gives a clear error or a correct result, never a traceback,
never a truncated or changed file."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export_helpers import run_cli, run_cli_process
from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import fix_until_stable
from imgsynth_refs.errors import BibParseError
from imgsynth_refs.merge import merge_references

DCGAN = "https://arxiv.org/abs/1511.06434"
DCGAN_REF = load_catalog().get("radford2016unsupervised")


def add(tmp_path: Path, capsys, data: bytes, *extra: str) -> tuple[int, str, str, Path]:
    path = tmp_path / "thesis.bib"
    path.write_bytes(data)
    status, out, err = run_cli(capsys, "add", DCGAN, "--to", str(path), *extra)
    assert "Traceback" not in out + err
    return status, out, err, path


REFUSED = [
    pytest.param(
        b"@article{a,\n  title = {Open brace\n}\n",
        1,
        "end of file",
        id="unclosed-entry-at-eof",
    ),
    pytest.param(
        b"% ok\n@article{a,\n  title = {Open {brace},\n  year = 2020\n\n@misc{b, title={B}}\n",
        2,
        "looking for",
        id="unclosed-entry-before-next",
    ),
    pytest.param(b"@article{a, title = {x} year = 2020}\n", 1, "comma missing", id="missing-comma"),
    pytest.param(bytes(range(256)) * 4, 1, "binary data", id="binary-junk-with-nul"),
    pytest.param(
        b"@misc{a, title={x}}\n" + bytes([0x1B, 0x5B, 0xFF, 0xFE]) * 10,
        2,
        "binary data",
        id="control-characters-after-an-entry",
    ),
]


@pytest.mark.parametrize(("data", "line", "reason"), REFUSED)
def test_a_file_that_does_not_parse_is_refused_and_left_alone(tmp_path, capsys, data, line, reason):
    status, _out, err, path = add(tmp_path, capsys, data)
    assert status == 1
    assert err.count("\n") == 1, err
    assert f"thesis.bib:{line}:" in err
    assert reason in err
    assert path.read_bytes() == data
    assert not (tmp_path / "thesis.bib~").exists()


def test_random_binary_junk_never_crashes(tmp_path, capsys):
    generator = random.Random(20261126)
    for size in (1, 7, 100, 5000):
        data = bytes(generator.randrange(256) for _ in range(size))
        status, _, err, path = add(tmp_path, capsys, data)
        assert path.read_bytes().startswith(data)
        assert status == 0 or err.startswith("imgsynth-refs: error:")


def test_check_reports_unbalanced_braces_with_the_line_and_changes_nothing(tmp_path, capsys):
    data = b"@misc{ok, title={Fine}, author={A, B}, year=2020}\n\n@article{bad,\n  title = {Open\n"
    path = tmp_path / "thesis.bib"
    path.write_bytes(data)
    status, out, _ = run_cli(capsys, "check", str(path), "--fix", "--offline")
    assert status == 1
    assert f"{path}:3: [unbalanced-braces] bad:" in out
    assert path.read_bytes() == data


def test_duplicate_keys_still_allow_a_correct_add(tmp_path, capsys):
    data = (
        b"@misc{chen2014,\n title={A}}\n@misc{chen2014,\n title={B}}\n@misc{Chen2014, title={C}}\n"
    )
    status, out, err, path = add(tmp_path, capsys, data)
    assert status == 0
    assert "key 'chen2014' is used by more than one entry (lines 1, 3, 5)" in err
    assert path.read_bytes().startswith(data)
    assert "added radford2016unsupervised" in out


def test_fifty_megabyte_file(tmp_path, capsys):
    abstract = ("lorem ipsum dolor sit amet " * 9300).encode()  # ~250 kB per entry
    parts = [
        b"@article{e%d,\n  title = {Entry %d},\n  author = {A, B},\n  abstract = {%s}\n}\n\n"
        % (i, i, abstract)
        for i in range(200)
    ]
    data = b"".join(parts)
    assert len(data) > 50_000_000
    status, _out, _, path = add(tmp_path, capsys, data)
    assert status == 0
    new = path.read_bytes()
    assert new.startswith(data)
    assert new[len(data) :].startswith(b"@inproceedings{radford2016unsupervised,")


def test_two_thousand_authors(tmp_path, capsys):
    authors = " and ".join(f"Author{i}, Given{i}" for i in range(2000))
    data = f"@article{{many,\n  title = {{Big Science}},\n  author = {{{authors}}},\n}}\n".encode()
    status, _, _, path = add(tmp_path, capsys, data)
    assert status == 0
    assert path.read_bytes().startswith(data)
    status, out, _ = run_cli(capsys, "check", str(path), "--offline")
    assert "[malformed-authors] many" not in out
    assert "[missing-field] many: @article needs journal" in out


def test_title_with_braces_and_at_signs(tmp_path, capsys):
    data = (
        b"@misc{odd,\n  title = {LeQua @ {CLEF}: a \\} brace and user@example.org},\n"
        b'  author = {A, B},\n  year = 2022\n}\n@misc{odd2, title = "Stray } in quotes @ 1",'
        b" author={C, D}, year = 2023}\n"
    )
    status, out, _, path = add(tmp_path, capsys, data)
    assert status == 0
    assert path.read_bytes().startswith(data)
    bib = BibFile.read(path)
    assert bib.entry("odd").fields["title"].startswith("LeQua @ {CLEF}")
    status, out, _ = run_cli(capsys, "check", str(path), "--offline")
    assert "[unbalanced-braces] odd2: field 'title' has unpaired braces" in out
    assert "[unbalanced-braces] odd:" not in out


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n  \n",
        b"\xef\xbb\xbf@misc{bom, title={With a byte order mark}}",
        b"@misc{onlykey}\n",
        b"% just a comment, no newline at the end",
        b"@comment{jabref-meta: databaseType:bibtex;}\n",
        b"\r\n\r\n@misc{a, title={CRLF}}\r\n",
        b"@misc{a,\n  title = {An @ sign\n@ at a line start}\n}\n",
    ],
    ids=["empty", "blank", "bom", "key-only", "comment-no-newline", "comment-block", "crlf", "at"],
)
def test_unusual_but_valid_files_keep_every_byte(tmp_path, capsys, data):
    status, out, _, path = add(tmp_path, capsys, data)
    assert status == 0
    new = path.read_bytes()
    assert new.startswith(data)
    assert b"@inproceedings{radford2016unsupervised," in new
    assert (tmp_path / "thesis.bib~").read_bytes() == data
    status, out, _, path = add(tmp_path, capsys, new)
    assert f"present: {DCGAN} as radford2016unsupervised (line " in out
    assert path.read_bytes() == new


def test_a_folder_is_not_a_bib_file(tmp_path, capsys):
    status, _, err = run_cli(capsys, "add", DCGAN, "--to", str(tmp_path))
    assert status == 1
    assert "cannot read" in err and err.count("\n") == 1


def test_unknown_input_is_reported_and_the_rest_is_added(tmp_path, capsys):
    path = tmp_path / "thesis.bib"
    status, out, err = run_cli(capsys, "add", "not a link", DCGAN, "--to", str(path), "--offline")
    assert status == 1
    assert "failed: not a link:" in err
    assert "added radford2016unsupervised" in out


def test_a_failed_write_is_a_clear_error(tmp_path, capsys, monkeypatch):
    """The write fails (SYNTHESISED: tests run as root, so permissions cannot make it fail)."""

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("imgsynth_refs.bibfile.atomic_write_bytes", refuse)
    path = tmp_path / "thesis.bib"
    path.write_bytes(b"@misc{a, title={x}}\n")
    status, _, err = run_cli(capsys, "add", DCGAN, "--to", str(path))
    assert status == 1
    assert err == f"imgsynth-refs: error: {path}: cannot write: Permission denied\n"
    assert path.read_bytes() == b"@misc{a, title={x}}\n"


def test_a_fresh_process_prints_one_line_and_no_parser_log(tmp_path):
    path = tmp_path / "thesis.bib"
    path.write_bytes(b"@article{a,\n  title = {Open brace\n}\n")
    done = run_cli_process("add", DCGAN, "--to", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"imgsynth-refs: error: {path}:1: does not parse, so it is left unchanged: "
        "Unexpectedly reached end of file. (block starting '@article{a,')\n"
    )


bib_ish = st.text(alphabet='@{}(),="#%\\\n\r\t abcAT0123ü', max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), bib_ish.map(lambda t: t.encode("utf-8"))))
def test_any_bytes_give_a_clear_error_or_keep_every_byte(data):
    try:
        bib = BibFile.parse(data, source="fuzz.bib")
    except BibParseError as error:
        assert str(error).startswith("fuzz.bib")
        return
    result = merge_references(bib, [DCGAN_REF])
    assert result.data.startswith(data)
    fixed, _ = fix_until_stable(bib)
    assert BibFile.parse(fixed).keys == bib.keys


@pytest.mark.parametrize("name", ["passwd", "README.md", "notes.txt"])
def test_a_file_that_is_no_bibliography_is_never_added_to(tmp_path, name, capsys):
    """`merge /etc/passwd --era gan` as root must not append BibTeX to the system's users."""
    from imgsynth_refs.cli import main

    target = tmp_path / name
    original = b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    target.write_bytes(original)
    for argv in (
        ["merge", str(target), "--era", "gan"],
        ["add", "arXiv:1511.06434", "--to", str(target)],
        ["merge", str(target), "--era", "gan", "--dry-run"],
    ):
        assert main(argv) == 1
        assert "not a .bib file" in capsys.readouterr().err
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("thesis.bib", b"% only a comment\n"),
        ("refs.txt", b"@misc{a, title={A}, year={2020}}\n"),
        ("new.txt", b""),
    ],
)
def test_a_bib_named_file_with_entries_or_an_empty_file_is_added_to(tmp_path, name, content):
    from imgsynth_refs.cli import main

    target = tmp_path / name
    if content:
        target.write_bytes(content)
    assert main(["merge", str(target), "--era", "origins"]) == 0
    assert (
        target.read_bytes().startswith(content)
        and b"goodfellow2014generative" in target.read_bytes()
    )


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("volume",), '37}, @preamble{"\\immediate\\write18{touch pwned}"} @misc{x, title={'),
        (("issue",), "2}\n@string{pwn = {x}}"),
        (("DOI",), "10.1177/02683962211048201},note={injected"),
    ],
    ids=["volume", "issue", "doi"],
)
def test_a_crossref_answer_that_would_inject_bibtex_fails_that_work(
    sources_server, tmp_path, capsys, path, value
):
    """The real recorded Crossref answer with one value turned hostile: that work fails with
    the field named, the other work is added, and the file holds no new block."""
    import json

    from sources_helpers import fixture_text

    doi = "10.1177/02683962211048201"
    answer = json.loads(fixture_text("crossref", "10.1177_02683962211048201.trimmed.json"))
    answer["message"][path[0]] = value
    sources_server.expect_request(f"/works/{doi}").respond_with_json(answer)
    target = tmp_path / "thesis.bib"
    target.write_bytes(b"% thesis\n")
    status, out, err = run_cli(capsys, "add", f"doi:{doi}", DCGAN, "--to", str(target))
    assert status == 1
    assert f"failed: doi:{doi}: crossref: unusable record" in err
    assert "added radford2016unsupervised" in out
    library = __import__("bibtexparser").parse_string(target.read_text())
    assert [e.key for e in library.entries] == ["radford2016unsupervised"]
    assert len(library.blocks) == 2 and not library.failed_blocks  # the comment and DCGAN
