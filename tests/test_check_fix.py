"""check --fix, property-tested: nothing changes without it; with it only the bytes of the
fixed values change; and a fixed file has no finding that was not there before."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export_helpers import run_cli
from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import check_bib, fix_until_stable
from thesis_helpers import bib_files

CATALOG = load_catalog()

AUTHORS = [
    "Goodfellow, Ian and Bengio, Yoshua and et al.",
    "Goodfellow, Ian et al.",
    "Goodfellow, Ian and\n    et al.",
    "Ian Goodfellow, Jean Pouget-Abadie, Mehdi Mirza",
    "Zhou, Zongwei and Rahman Siddiquee, Md Mahfuzur",
    "family=Adler, given=Alfred",
    "Ramesh, Aditya and others",
]
TITLES = [
    "Hierarchical text-conditional image generation with clip latents",
    "Dreambooth: Fine tuning text-to-image diffusion models",
    "Auto-encoding variational bayes",
    "Training GANs with {ImageNet} and StyleGAN",
    "Bayesian Deep Learning: Monte Carlo Methods",
    "The \\TeX\\\n  book",
]
URLS = [
    "https://arxiv.org/pdf/1511.06434v1.pdf",
    "https://aclanthology.org/P18-1238.pdf",
    "https://example.org/paper.pdf",
]


@st.composite
def scholar_entries(draw, index: int) -> str:
    """Entries with the damage the rules fix (and some they must leave alone)."""
    kind = draw(st.sampled_from(["article", "inproceedings", "misc", "book"]))
    fields = [
        f"title = {{{draw(st.sampled_from(TITLES))}}}",
        f"author = {{{draw(st.sampled_from(AUTHORS))}}}",
    ]
    if draw(st.booleans()):
        fields.append(f"url = {{{draw(st.sampled_from(URLS))}}}")
    if draw(st.booleans()):
        fields.append("journal = {arXiv preprint arXiv:2204.06125}")
    if draw(st.booleans()):
        fields.append("year = {2022}")
    separator = draw(st.sampled_from([",\n  ", ", ", ",\r\n\t"]))
    return f"@{kind}{{s{index},\n  " + separator.join(fields) + "\n}"


@st.composite
def files(draw) -> bytes:
    """A generated .bib (thesis_helpers.bib_files) with such entries appended."""
    base = draw(bib_files())
    extra = [draw(scholar_entries(i)) for i in range(draw(st.integers(0, 4)))]
    if not extra:
        return base
    newline = b"\r\n" if b"\r\n" in base else b"\n"
    tail = "\n\n".join(extra).replace("\r\n", "\n").encode().replace(b"\n", newline)
    return base + newline + newline + tail + newline


def gaps(bib: BibFile) -> list[str]:
    """The text between entries (comments, @string, blank lines), in order."""
    ends = [0, *(entry.end for entry in bib.entries)]
    starts = [*(entry.start for entry in bib.entries), len(bib.text)]
    return [bib.text[end:start] for end, start in zip(ends, starts, strict=True)]


def signature(findings) -> Counter[tuple[str, str | None, str]]:
    return Counter((f.code, f.key, f.message) for f in findings)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_a_fix_changes_only_fixed_values_and_creates_no_finding(data: bytes) -> None:
    before = BibFile.parse(data, strict=False)
    if before.failures:
        return  # such a file is never rewritten (tests/test_hostile.py)
    found = check_bib(before, catalog=CATALOG)
    new, fixed = fix_until_stable(before, catalog=CATALOG)
    after = BibFile.parse(new)
    assert (after.keys, after.encoding, after.newline) == (
        before.keys,
        before.encoding,
        before.newline,
    )
    assert gaps(after) == gaps(before)
    assert after.text.count("\n") == before.text.count("\n")  # no line joined or split
    fixed_keys = {f.key for f in fixed}
    for old, now in zip(before.entries, after.entries, strict=True):
        assert list(now.fields) == list(old.fields)
        changed = {name for name in old.fields if now.fields[name] != old.fields[name]}
        assert changed <= {"title", "author", "editor", "url", "eprint", "journal"}
        assert not changed or old.key in fixed_keys
    left = check_bib(after, catalog=CATALOG)
    assert not signature(left) - signature(found), "a fix created a finding"
    assert not [f for f in left if f.safe]


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_without_fix_no_byte_changes(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "refs.bib"
        path.write_bytes(data)
        from imgsynth_refs.cli import main

        for fmt in ("text", "json", "github"):
            main(
                ["check", str(path), "--offline", "--format", fmt, "--select", "malformed-authors"]
            )
        assert path.read_bytes() == data
        assert sorted(p.name for p in Path(folder).iterdir()) == ["refs.bib"]


def test_fix_writes_a_backup_and_reports_the_file_after(tmp_path: Path, capsys) -> None:
    text = "@misc{g,\n  title = {Training GANs},\n  author = {Goodfellow, Ian et al.}\n}\n"
    path = tmp_path / "refs.bib"
    path.write_text(text)
    status, out, _ = run_cli(capsys, "check", str(path), "--offline", "--fix")
    assert status == 0
    assert out.count("fixed: ") == 2 and "no problems found" in out
    assert (tmp_path / "refs.bib~").read_text() == text
