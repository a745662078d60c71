"""Merging works into a user's .bib: byte preservation, presence detection, keys, writes."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.errors import BibParseError
from imgsynth_refs.identity import (
    TITLE_THRESHOLD,
    WorkIndex,
    normalise_title,
    work_of_entry,
    work_of_reference,
)
from imgsynth_refs.merge import merge_references
from imgsynth_refs.models import Person, Reference
from thesis_helpers import bib_files, is_subsequence

CATALOG = load_catalog()
REFS = CATALOG.references


def merge(data: bytes, refs=REFS, **options):
    return merge_references(BibFile.parse(data, source="t.bib"), refs, **options)


# --------------------------------------------------------------------------- generated files


def assert_added_works_were_missing(data: bytes, added) -> None:
    old = WorkIndex(work_of_entry(entry) for entry in BibFile.parse(data).entries)
    for ref in added:
        assert old.find(work_of_reference(ref)) is None, ref.key


work_sets = st.lists(st.sampled_from(REFS), max_size=6)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(bib_files(), work_sets)
def test_appending_keeps_every_byte_adds_once_and_is_idempotent(data, works):
    first = merge(data, works)
    assert first.data.startswith(data)
    assert len(first.added) + len(first.present) == len(works)
    assert len({ref.key for ref in first.added}) == len(first.added)
    assert_added_works_were_missing(data, first.added)
    added_ids = [work_of_reference(ref).ids for ref in first.added]
    assert all(not (a & b) for i, a in enumerate(added_ids) for b in added_ids[i + 1 :])
    again = merge(first.data, works)
    assert again.data == first.data
    assert not again.added


@PROPERTY
@given(bib_files(), work_sets)
def test_sorted_insertion_keeps_every_byte_in_order(data, works):
    first = merge(data, works, sort=True)
    assert is_subsequence(data, first.data)
    assert (first.data == data) is (not first.added)
    assert_added_works_were_missing(data, first.added)
    again = merge(first.data, works, sort=True)
    assert again.data == first.data


@PROPERTY
@given(bib_files())
def test_new_entries_use_the_files_line_endings(data):
    result = merge(data, REFS[:3])
    new = result.data[len(data) :]
    if b"\r\n" in data and data.count(b"\r\n") * 2 >= data.count(b"\n"):
        assert new.count(b"\n") == new.count(b"\r\n")
    else:
        assert b"\r\n" not in new


# --------------------------------------------------------------------------- recognising works

DCGAN = CATALOG.get("radford2016unsupervised")
GAN = CATALOG.get("goodfellow2014generative")

PRESENT_FORMS = [
    pytest.param(
        "@article{x, title={Something}, author={Radford, A.}, journal={arXiv preprint "
        "arXiv:1511.06434}, eprint={1511.06434v1}, year=2015}",
        "arXiv id",
        id="arxiv-eprint-with-version",
    ),
    pytest.param(
        "@misc{x, title={T}, author={R, A}, url={https://arxiv.org/pdf/1511.06434v2.pdf}}",
        "arXiv id",
        id="arxiv-pdf-url",
    ),
    pytest.param(
        "@article{x, title={T}, author={R, A}, journal={CoRR}, volume={abs/1511.06434}}",
        "arXiv id",
        id="dblp-corr-volume",
    ),
    pytest.param(
        "@misc{x, title={T}, author={R, A}, doi={10.48550/arXiv.1511.06434}}",
        "arXiv id",
        id="arxiv-doi",
    ),
    pytest.param(
        "@inproceedings{x, title = {{Unsupervised} representation learning with deep "
        "convolutional generative adversarial networks}, author = {Alec Radford and "
        "Luke Metz}, year = 2016}",
        "same title and first author",
        id="title-case-braces",
    ),
    pytest.param(
        "@inproceedings{x, title = {Unsupervised Representation Learning with Deep "
        "Convolutional Generative Adversarial Network}, author = {Radford, Alec}}",
        "near-identical title",
        id="title-typo",
    ),
]


@pytest.mark.parametrize(("entry", "reason"), PRESENT_FORMS)
def test_a_work_in_another_form_is_present(entry, reason):
    result = merge(entry.encode(), [DCGAN])
    assert not result.added
    assert result.present[0].key == "x"
    assert result.present[0].line == 1
    assert reason in result.present[0].reason


def test_neurips_hash_and_accented_latex_title_are_recognised():
    by_hash = (
        "@inproceedings{g, title={Other}, author={Goodfellow, Ian}, url = {https://papers.nips.cc/"
        "paper/2014/file/5ca3e9b122f61f8f06494c97b1afccf3-Paper.pdf}}"
    )
    assert merge(by_hash.encode(), [GAN]).present
    accented = Reference(
        type="web_page", title="Über Gänsefüßchen", authors=[Person(family="Müller")], year=2020
    )
    latex = '@misc{m, title = {{\\"U}ber G{\\"a}nsef{\\"u}{\\ss}chen}, author = {M\\"{u}ller, K.}}'
    assert merge(latex.encode(), [accented]).present


def ref(title: str, family: str, year: int = 2020) -> Reference:
    return Reference(type="web_page", title=title, authors=[Person(family=family)], year=year)


@pytest.mark.parametrize(
    ("existing", "new", "same"),
    [
        ("Generative Adversarial Nets", "Generative Adversarial Nets.", True),
        ("Pre-training of Deep Networks", "Pretraining of Deep Networks", True),
        ("A Style-Based Generator Architecture", "A Style Based Generator Architecture", True),
        ("Denoising Diffusion Probabilistic Models", "Denoising Diffusion Implicit Models", False),
        ("Generative Adversarial Nets", "Generative Adversarial Networks", False),
        ("Deep Learning", "Deep Learning II", False),
        ("Deep Learning", "Deep Lerning", True),
        ("Deep Learning", "Deep Learning", True),
    ],
)
def test_title_threshold_pinned(existing, new, same):
    bib = f"@misc{{a, title={{{existing}}}, author={{Chen, Li}}}}".encode()
    assert bool(merge(bib, [ref(new, "Chen")]).present) is same
    assert TITLE_THRESHOLD == 95.0


@pytest.mark.parametrize(
    ("bib", "year"),
    [
        pytest.param(
            b"@misc{a, title={Deep Learning}, author={LeCun, Yann}, year=2015}",
            2016,
            id="same-title-by-another-first-author",
        ),
        pytest.param(
            b"@misc{a, title={Deep Learning}, year=2015}",
            2015,
            id="title-only-match-needs-authors-on-both-sides",
        ),
    ],
)
def test_same_title_without_agreeing_authors_is_a_different_work(bib, year):
    assert merge(bib, [ref("Deep Learning", "Goodfellow", year)]).added


@pytest.mark.parametrize(
    ("latex", "unicode"),
    [
        (
            'Stra{\\ss}e \\o{}ster {\\L}ukasz \\AA ngstr\\"om {\\ae}on',
            "Straße Øster Łukasz Ångström æon",
        ),
        ("Garc{\\'\\i}a Erd\\H{o}s {\\v{S}}koda", "García Erdős Škoda"),
        ("$\\alpha$-{GAN} \\emph{via} \\url{x}", "\u03b1-GAN via x"),
    ],
)
def test_latex_letters_normalise_like_their_unicode(latex, unicode):
    assert normalise_title(latex) == normalise_title(unicode)


def test_normalised_title_ignores_latex_accents_case_and_braces():
    assert normalise_title("{\\em {GAN}s}: M{\\\"u}ller's {\\ss} \\textbf{Nets}") == (
        normalise_title("GANs: Müller's ß Nets")
    )


def test_duplicate_in_one_batch_is_added_once():
    result = merge(b"", [DCGAN, DCGAN.model_copy(update={"key": "other"})])
    assert len(result.added) == 1
    assert result.present[0].line is None


def test_work_index_prefers_ids_over_titles():
    bib = BibFile.parse(
        b"@misc{a, title={Unrelated}, author={Z, Z}, eprint={1511.06434}, archivePrefix={arXiv}}"
    )
    index = WorkIndex(work_of_entry(e) for e in bib.entries)
    match = index.find(work_of_reference(DCGAN))
    assert match is not None and match.work.label == "a"


# --------------------------------------------------------------------------- keys


def test_existing_key_never_changes_and_a_colliding_key_gets_a_suffix():
    old = b"@article{radford2016unsupervised,\n  title = {Other},\n  author={Chen, A}\n}\n"
    result = merge(old, [DCGAN])
    assert result.data.startswith(old)
    assert [r.key for r in result.added] == ["radford2016unsuperviseda"]


def test_key_style_and_transliteration_are_applied():
    muller = Reference(
        type="web_page",
        title="Bildsynthese mit Gänsen",
        authors=[Person(family="Müller", given="K.")],
        year=2021,
    )
    assert merge(b"", [muller]).added[0].key == "muller2021bildsynthese"
    german = merge(b"", [muller], transliteration="german", key_style="bbt")
    assert german.added[0].key == "muellerBildsyntheseMitGaensen2021"


def test_unknown_key_style_is_a_usage_error():
    from imgsynth_refs.errors import UsageError

    with pytest.raises(UsageError, match="unknown key style"):
        merge(b"", [DCGAN], key_style="fancy")


# --------------------------------------------------------------------------- file handling


def test_encoding_and_line_endings_are_detected():
    bib = BibFile.parse("% Gr\xfc\xdfe\r\n@misc{a, title={x}}\r\n".encode("latin-1"))
    assert (bib.encoding, bib.newline) == ("latin-1", "\r\n")
    assert "latin-1" in bib.notes[0]
    result = merge_references(bib, [GAN])
    assert result.data.startswith(bib.data)
    new = result.data[len(bib.data) :]
    assert b"\r\n@inproceedings{goodfellow2014generative,\r\n" in new
    assert new.count(b"\n") == new.count(b"\r\n")


def test_non_latin1_characters_become_latex_in_a_latin1_file():
    bib = BibFile.parse("% \xe9\n".encode("latin-1"))
    person = Reference(
        type="web_page", title="Zürich", authors=[Person(family="Łukasz")], year=2020
    )
    data = merge_references(bib, [person], dialect="biblatex").data
    data.decode("latin-1")
    assert b"\\L" in data


def test_sorted_inserts_before_the_first_later_key_and_its_comment():
    old = b"@misc{aaa, title={A}}\n\n% about zzz\n@misc{zzz, title={Z}}\n"
    data = merge(old, [GAN], sort=True).data
    text = data.decode()
    assert text.index("goodfellow2014generative") < text.index("% about zzz")
    assert text.index("{aaa,") < text.index("goodfellow2014generative")
    assert is_subsequence(old, data)


def test_write_is_atomic_with_backup_and_dry_run_writes_nothing(tmp_path: Path):
    path = tmp_path / "thesis.bib"
    old = b"@misc{a, title={x}}\n"
    path.write_bytes(old)
    result = merge_references(BibFile.read(path), [GAN])
    dry = result.write(path, dry_run=True)
    assert path.read_bytes() == old
    assert dry.diff.startswith(f"--- {path}")
    assert "+@inproceedings{goodfellow2014generative," in dry.diff
    done = result.write(path)
    assert path.read_bytes() == result.data
    assert done.backup == tmp_path / "thesis.bib~"
    assert done.backup.read_bytes() == old


def test_write_refuses_when_the_file_changed_meanwhile(tmp_path: Path):
    path = tmp_path / "thesis.bib"
    path.write_bytes(b"@misc{a, title={x}}\n")
    result = merge_references(BibFile.read(path), [GAN])
    path.write_bytes(b"@misc{a, title={edited}}\n")
    with pytest.raises(BibParseError, match="changed on disk"):
        result.write(path)
    assert path.read_bytes() == b"@misc{a, title={edited}}\n"


def test_missing_file_is_created():
    bib = BibFile.read("/nonexistent-folder-xyz/none.bib")
    assert bib.data == b"" and bib.entries == []


@pytest.mark.parametrize("key", ["a" + c for c in string.ascii_letters[:3]])
def test_entry_lookup_is_case_insensitive(key):
    bib = BibFile.parse(f"@misc{{{key.upper()}, title={{x}}}}".encode())
    assert bib.entry(key).key == key.upper()


def test_a_second_merge_does_not_touch_the_file_or_its_backup(tmp_path: Path):
    path = tmp_path / "thesis.bib"
    old = b"@misc{a, title={x}}\n"
    path.write_bytes(old)
    merge_references(BibFile.read(path), [GAN]).write(path)
    stamp = path.stat().st_mtime_ns
    again = merge_references(BibFile.read(path), [GAN]).write(path)
    assert (again.changed, again.backup) == (False, None)
    assert path.stat().st_mtime_ns == stamp
    assert (tmp_path / "thesis.bib~").read_bytes() == old


@pytest.mark.parametrize(
    "title",
    [
        "Generative Adversarial Networks",
        "Generative adversarial networks.",
        "Generative Adversarial Network",
    ],
)
def test_a_work_cited_under_its_arxiv_title_is_present(title):
    """GAN was posted to arXiv as "Generative Adversarial Networks" and published as "...Nets";
    an entry with the arXiv title and no eprint is the same work, exactly or nearly."""
    data = (
        f"@article{{gan,\n  title = {{{title}}},\n  author = {{Goodfellow, Ian J. and others}},"
        "\n  year = {2014}\n}\n"
    ).encode()
    result = merge(data, [CATALOG.get("goodfellow2014generative")])
    assert not result.added
    assert [p.reference.key for p in result.present] == ["goodfellow2014generative"]


def test_the_arxiv_title_does_not_match_a_different_first_author():
    data = (
        b"@article{other,\n  title = {Generative Adversarial Networks},\n"
        b"  author = {Creswell, Antonia},\n  year = {2018}\n}\n"
    )
    result = merge(data, [CATALOG.get("goodfellow2014generative")])
    assert [ref.key for ref in result.added] == ["goodfellow2014generative"]
