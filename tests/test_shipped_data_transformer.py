"""The shipped records of the article's transformer and photoshop eras.

Pins the verified facts (see each file's provenance tables) so that a wrong edit fails.
"""

from __future__ import annotations

import pytest

from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.keys import make_key
from imgsynth_refs.models import Reference

ERAS = ("transformer", "photoshop")

# (era, label, article date, link) exactly as /work/shared/article-links.md prints them.
MILESTONES = {
    "radford2021learning": (
        "transformer",
        "CLIP",
        "2021",
        "https://arxiv.org/pdf/2103.00020.pdf",
    ),
    "ramesh2021zero": (
        "transformer",
        "DALL-E",
        "2021-01",
        "https://arxiv.org/pdf/2102.12092.pdf",
    ),
    "thomee2016yfcc100m": (
        "transformer",
        "YFCC100M",
        "2021-01",
        "http://projects.dfki.uni-kl.de/yfcc100m/",
    ),
    "dhariwal2021diffusion": (
        "transformer",
        "Diffusion Models Beat GANs",
        "2021-06",
        "https://arxiv.org/abs/2105.05233",
    ),
    "dayma2021dall": (
        "transformer",
        "DALL-E mini",
        "2021-07",
        "https://huggingface.co/spaces/dalle-mini/dalle-mini",
    ),
    "ramesh2022hierarchical": (
        "transformer",
        "DALL-E 2",
        "2022-04",
        "https://arxiv.org/pdf/2204.06125.pdf",
    ),
    "saharia2022photorealistic": (
        "transformer",
        "Imagen",
        "2022-05",
        "https://arxiv.org/pdf/2205.11487.pdf",
    ),
    "yu2022scaling": (
        "transformer",
        "Parti",
        "2022-05",
        "https://arxiv.org/pdf/2206.10789.pdf",
    ),
    "rombach2022high": ("photoshop", "Stable Diffusion", "2022-08", None),
    "ruiz2023dreambooth": (
        "photoshop",
        "DreamBooth",
        "2022-08",
        "https://arxiv.org/pdf/2208.12242.pdf",
    ),
}

# key: (type, year, n authors, first family, last family, venue short, volume, pages, doi)
FACTS = {
    "radford2021learning": (
        "conference_paper", 2021, 12, "Radford", "Sutskever", "ICML 2021", "139",
        "8748--8763", None,
    ),
    "ramesh2021zero": (
        "conference_paper", 2021, 8, "Ramesh", "Sutskever", "ICML 2021", "139",
        "8821--8831", None,
    ),
    "thomee2016yfcc100m": (
        "journal_article", 2016, 8, "Thomee", "Li", "CACM", "59", "64--73",
        "10.1145/2812802",
    ),
    "dhariwal2021diffusion": (
        "conference_paper", 2021, 2, "Dhariwal", "Nichol", "NeurIPS 2021", "34",
        "8780--8794", None,
    ),
    "dayma2021dall": (
        "software", 2021, 8, "Dayma", "Ghosh", None, None, None, "10.5281/zenodo.5146400",
    ),
    "ramesh2022hierarchical": (
        "preprint", 2022, 5, "Ramesh", "Chen", "arXiv", None, None, None,
    ),
    "saharia2022photorealistic": (
        "conference_paper", 2022, 13, "Saharia", "Norouzi", "NeurIPS 2022", "35",
        "36479--36494", None,
    ),
    "yu2022scaling": (
        "journal_article", 2022, 17, "Yu", "Wu", "TMLR", None, None, None,
    ),
    "rombach2022high": (
        "conference_paper", 2022, 5, "Rombach", "Ommer", "CVPR 2022", None, "10674--10685",
        "10.1109/CVPR52688.2022.01042",
    ),
    "ruiz2023dreambooth": (
        "conference_paper", 2023, 6, "Ruiz", "Aberman", "CVPR 2023", None, "22500--22510",
        "10.1109/CVPR52729.2023.02155",
    ),
}  # fmt: skip

# key: (arXiv id, latest version seen, primary class or None, first version "YYYY-MM-DD" or None)
ARXIV = {
    "radford2021learning": ("2103.00020", 1, "cs.CV", "2021-02-26"),
    "ramesh2021zero": ("2102.12092", 2, "cs.CV", "2021-02-24"),
    "thomee2016yfcc100m": ("1503.01817", 2, None, None),
    "dhariwal2021diffusion": ("2105.05233", 4, "cs.LG", "2021-05-11"),
    "ramesh2022hierarchical": ("2204.06125", 1, "cs.CV", "2022-04-13"),
    "saharia2022photorealistic": ("2205.11487", 1, "cs.CV", "2022-05-23"),
    "yu2022scaling": ("2206.10789", 1, "cs.CV", "2022-06-22"),
    "rombach2022high": ("2112.10752", 2, "cs.CV", "2021-12-20"),
    "ruiz2023dreambooth": ("2208.12242", 2, "cs.CV", "2022-08-25"),
}

# key: (title, authors) as arXiv lists them where they differ from the published record
# (ArxivInfo.title / .authors, used for the preprint form); None where arXiv lists the
# published ones. Every work on arXiv was checked (provenance.arxiv names the source); the
# DALL-E 2 record is itself the arXiv preprint.
ARXIV_LISTING = {
    "radford2021learning": (None, None),
    "ramesh2021zero": (None, None),
    "thomee2016yfcc100m": (None, None),
    "dhariwal2021diffusion": (None, ("Prafulla Dhariwal", "Alex Nichol")),
    "ramesh2022hierarchical": (None, None),
    "saharia2022photorealistic": (
        None,
        (
            "Chitwan Saharia", "William Chan", "Saurabh Saxena", "Lala Li", "Jay Whang",
            "Emily Denton", "Seyed Kamyar Seyed Ghasemipour", "Burcu Karagol Ayan",
            "S. Sara Mahdavi", "Rapha Gontijo Lopes", "Tim Salimans", "Jonathan Ho",
            "David J Fleet", "Mohammad Norouzi",
        ),
    ),
    "yu2022scaling": (None, None),
    "rombach2022high": (None, None),
    "ruiz2023dreambooth": (None, None),
}  # fmt: skip

# The long author lists, in published order (family names).
FULL_AUTHORS = {
    "radford2021learning": (
        "Radford", "Kim", "Hallacy", "Ramesh", "Goh", "Agarwal", "Sastry", "Askell",
        "Mishkin", "Clark", "Krueger", "Sutskever",
    ),
    "ramesh2021zero": (
        "Ramesh", "Pavlov", "Goh", "Gray", "Voss", "Radford", "Chen", "Sutskever",
    ),
    "saharia2022photorealistic": (
        "Saharia", "Chan", "Saxena", "Li", "Whang", "Denton", "Ghasemipour", "Gontijo Lopes",
        "Karagol Ayan", "Salimans", "Ho", "Fleet", "Norouzi",
    ),
    "yu2022scaling": (
        "Yu", "Xu", "Koh", "Luong", "Baid", "Wang", "Vasudevan", "Ku", "Yang", "Karagol Ayan",
        "Hutchinson", "Han", "Parekh", "Li", "Zhang", "Baldridge", "Wu",
    ),
}  # fmt: skip

ICML_2021 = "Proceedings of the 38th International Conference on Machine Learning"
NEURIPS_2021_EDITORS = ("Ranzato", "Beygelzimer", "Dauphin", "Liang", "Wortman Vaughan")

# Fields that are not facts about the work and need no provenance.
_NOT_FACTS = {"key", "type", "provenance"}


@pytest.fixture(scope="module")
def refs() -> dict[str, Reference]:
    catalog = load_catalog()
    return {ref.key: ref for ref in catalog.references if ref.era in ERAS and ref.key}


def test_the_eras_hold_exactly_these_works(refs: dict[str, Reference]):
    assert set(refs) == set(MILESTONES)


@pytest.mark.parametrize(("key", "expected"), sorted(MILESTONES.items()))
def test_milestone_as_the_article_prints_it(refs: dict[str, Reference], key, expected):
    ref = refs[key]
    era, label, article_date, link = expected
    assert ref.era == era
    assert ref.milestone is not None
    assert (ref.milestone.label, ref.milestone.article_date, ref.milestone.link) == (
        label,
        article_date,
        link,
    )


@pytest.mark.parametrize(("key", "expected"), sorted(FACTS.items()))
def test_key_facts(refs: dict[str, Reference], key, expected):
    ref = refs[key]
    kind, year, n_authors, first, last, short, volume, pages, doi = expected
    assert ref.type.value == kind
    assert ref.year == year
    assert len(ref.authors) == n_authors
    assert (ref.authors[0].family, ref.authors[-1].family) == (first, last)
    assert (ref.venue.short if ref.venue else None) == short
    assert (ref.volume, ref.pages, ref.doi) == (volume, pages, doi)


@pytest.mark.parametrize(("key", "expected"), sorted(ARXIV.items()))
def test_arxiv_posting(refs: dict[str, Reference], key, expected):
    info = refs[key].arxiv
    assert info is not None
    published = info.published.isoformat() if info.published else None
    assert (info.id, info.version, info.primary_class, published) == expected


def test_every_arxiv_posting_has_its_listing_checked():
    assert set(ARXIV_LISTING) == set(ARXIV)


@pytest.mark.parametrize(("key", "expected"), sorted(ARXIV_LISTING.items()))
def test_arxiv_listing(refs: dict[str, Reference], key, expected):
    title, authors = expected
    posting = refs[key].arxiv
    assert posting is not None
    assert posting.title == title
    assert (tuple(p.display() for p in posting.authors) if posting.authors else None) == authors
    assert "arxiv" in refs[key].provenance


@pytest.mark.parametrize(("key", "families"), sorted(FULL_AUTHORS.items()))
def test_full_author_lists_in_order(refs: dict[str, Reference], key, families):
    assert tuple(person.family for person in refs[key].authors) == families


@pytest.mark.parametrize(
    ("key", "given", "family"),
    [
        ("rombach2022high", "Björn", "Ommer"),
        ("dayma2021dall", "Phúc", "Lê Khắc"),
        ("dhariwal2021diffusion", "Alexander", "Nichol"),
        ("saharia2022photorealistic", "Emily L.", "Denton"),
        ("saharia2022photorealistic", "Kamyar", "Ghasemipour"),
        ("yu2022scaling", "Thang", "Luong"),
    ],
)
def test_names_as_published(refs: dict[str, Reference], key, given, family):
    assert any(p.given == given and p.family == family for p in refs[key].authors)


CVPR_FORM = "{year} IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"


@pytest.mark.parametrize(
    ("key", "field", "value"),
    [
        ("radford2021learning", "booktitle", ICML_2021),
        ("ramesh2021zero", "series", "Proceedings of Machine Learning Research"),
        ("ramesh2021zero", "publisher", "PMLR"),
        ("thomee2016yfcc100m", "journal", "Communications of the ACM"),
        ("thomee2016yfcc100m", "number", "2"),
        ("dhariwal2021diffusion", "neurips_id", "2021/49ad23d1ec9fa4bd8d77d02681df5cfa"),
        ("saharia2022photorealistic", "neurips_id", "2022/ec795aeadae0b7d230fa35cbaf04c041"),
        ("saharia2022photorealistic", "publisher", "Curran Associates, Inc."),
        ("yu2022scaling", "journal", "Transactions on Machine Learning Research"),
        ("yu2022scaling", "openreview_id", "AFDcYJKhND"),
        ("dayma2021dall", "url", "https://github.com/borisdayma/dalle-mini"),
        ("dayma2021dall", "version", "v0.1-alpha"),  # CITATION.cff version, not a note
        ("dayma2021dall", "note", None),
        ("rombach2022high", "publisher", "IEEE"),
        # The IEEE proceedings the DOIs name (house style; sources in provenance.booktitle).
        ("rombach2022high", "booktitle", CVPR_FORM.format(year=2022)),
        ("ruiz2023dreambooth", "booktitle", CVPR_FORM.format(year=2023)),
        # One version per record: no CVF page beside the IEEE DOI, no url repeating a DOI.
        ("rombach2022high", "url", None),
        ("ruiz2023dreambooth", "url", None),
        ("thomee2016yfcc100m", "url", None),
        # No access was recorded: the repository was read from a stored copy.
        ("dayma2021dall", "urldate", None),
    ],
)  # fmt: skip
def test_venue_fields(refs: dict[str, Reference], key, field, value):
    assert getattr(refs[key], field) == value


@pytest.mark.parametrize(
    ("key", "editors"),
    [
        ("radford2021learning", ("Meila", "Zhang")),
        ("ramesh2021zero", ("Meila", "Zhang")),
        ("dhariwal2021diffusion", NEURIPS_2021_EDITORS),
        ("saharia2022photorealistic", ("Koyejo", "Mohamed", "Agarwal", "Belgrave", "Cho", "Oh")),
    ],
)  # fmt: skip
def test_proceedings_editors(refs: dict[str, Reference], key, editors):
    assert tuple(person.family for person in refs[key].editors) == editors


@pytest.mark.parametrize("key", sorted(MILESTONES))
def test_key_is_the_google_scholar_key(refs: dict[str, Reference], key):
    assert make_key(refs[key]) == key


@pytest.mark.parametrize("key", sorted(MILESTONES))
def test_every_fact_has_provenance(refs: dict[str, Reference], key):
    ref = refs[key]
    assert {"title", "authors", "year"} <= set(ref.provenance)
    set_fields = {
        name
        for name in type(ref).model_fields
        if name not in _NOT_FACTS and getattr(ref, name) not in (None, [], "")
    }
    assert set_fields - set(ref.provenance) == set()


@pytest.mark.parametrize("key", sorted(MILESTONES))
def test_published_version_is_preferred_over_arxiv(refs: dict[str, Reference], key):
    ref = refs[key]
    if ref.type.value != "preprint":
        # Found by its DOI where a url would name another version or repeat the DOI.
        assert ref.url is not None or ref.doi is not None
        assert "arxiv.org" not in (ref.url or "")
    assert ref.doi is None or not ref.doi.startswith("10.48550/")
