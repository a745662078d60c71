"""Citation keys as add/merge writes them: styles, transliteration, stable suffixes."""

from __future__ import annotations

import pytest

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.errors import UsageError
from imgsynth_refs.keys import make_key
from imgsynth_refs.merge import merge_references
from imgsynth_refs.models import Person, Reference

GAN = load_catalog().get("goodfellow2014generative")


def person_ref(family: str, title: str = "Learning to Draw", year: int = 2014) -> Reference:
    return Reference(
        type="web_page", title=title, authors=[Person(family=family, given="A.")], year=year
    )


@pytest.mark.parametrize(
    ("style", "key"),
    [
        ("google", "goodfellow2014generative"),
        ("bbt", "goodfellowGenerativeAdversarialNets2014"),
        ("authoryear", "Goodfellow2014"),
        ("{auth}{year}{shorttitle}", "goodfellow2014generativeadversarialnets"),
        ("{Auth}_{veryshorttitle}", "Goodfellow_generative"),
    ],
)
def test_styles(style, key):
    added = merge_references(BibFile.parse(b""), [GAN], key_style=style).added
    assert [ref.key for ref in added] == [key]


@pytest.mark.parametrize(
    ("family", "transliteration", "key"),
    [
        ("Müller", "ascii", "muller2014learning"),
        ("Müller", "german", "mueller2014learning"),
        ("Günther", "ascii", "gunther2014learning"),
        ("Günther", "german", "guenther2014learning"),
        ('M{\\"u}ller', "german", "mueller2014learning"),
        ("Łukasiewicz", "ascii", "lukasiewicz2014learning"),
        ("Žižek", "ascii", "zizek2014learning"),
        ("van der Maaten", "ascii", "vandermaaten2014learning"),
    ],
)
def test_transliteration(family, transliteration, key):
    assert make_key(person_ref(family), "google", transliteration) == key
    result = merge_references(
        BibFile.parse(b""), [person_ref(family)], transliteration=transliteration
    )
    assert result.added[0].key == key


def test_second_chen_2014_gets_a_suffix_and_the_first_keeps_its_key():
    old = b"@misc{chen2014learning,\n  title = {Learning Deep Features},\n  author = {Chen, X}\n}\n"
    new = person_ref("Chen", "Learning to See in the Dark")
    result = merge_references(BibFile.parse(old), [new])
    assert result.data.startswith(old)
    assert [ref.key for ref in result.added] == ["chen2014learninga"]


def test_suffixes_are_stable_across_runs_and_case_insensitive():
    old = b"@misc{Chen2014Learning, title={One}, author={Chen, A}}\n"
    works = [person_ref("Chen", f"Learning {word}") for word in ("Two", "Three", "Four")]
    first = merge_references(BibFile.parse(old), works)
    second = merge_references(BibFile.parse(old), works)
    assert [r.key for r in first.added] == [
        "chen2014learninga",
        "chen2014learningb",
        "chen2014learningc",
    ]
    assert first.data == second.data
    later = merge_references(BibFile.parse(first.data), [person_ref("Chen", "Learning Five")])
    assert [r.key for r in later.added] == ["chen2014learningd"]


def test_catalog_key_is_replaced_by_the_chosen_style_not_reused_blindly():
    existing = b"@misc{goodfellow2014generative, title={Unrelated}, author={Goodfellow, Q}}\n"
    result = merge_references(BibFile.parse(existing), [GAN])
    assert [r.key for r in result.added] == ["goodfellow2014generativea"]


@pytest.mark.parametrize("style", ["fancy", "{auth}{nope}"])
def test_bad_style_is_a_usage_error(style):
    with pytest.raises(UsageError):
        merge_references(BibFile.parse(b""), [GAN], key_style=style)


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ("{auth", "is not a valid pattern: expected '}' before end of string"),
        ("{auth}}{", "is not a valid pattern"),
        ("{auth:>999999999}", "may be at most 64"),
        ("{auth:.99999}", "may be at most 64"),
        ("{auth:{year}}", "with no field inside it"),
        ("{auth:d}", "is not a valid pattern: Unknown format code 'd'"),
    ],
)
def test_a_malformed_or_huge_pattern_is_a_usage_error_at_once(tmp_path, capsys, style, message):
    from export_helpers import run_cli

    target = tmp_path / "thesis.bib"
    status, out, err = run_cli(capsys, "merge", str(target), "--era", "gan", "--key-style", style)
    assert (status, out) == (2, "")
    assert err.startswith(f"imgsynth-refs: error: key pattern {style!r}") and message in err
    assert not target.exists()


def test_a_bounded_width_and_length_are_allowed():
    ref = load_catalog().get("radford2016unsupervised")
    assert make_key(ref, "{auth:.4}{year}{shorttitle:.12}") == "radf2016unsupervised"
