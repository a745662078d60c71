"""The shipped records of the precursors, origins and gan eras, and of the article itself.

The facts pinned here were verified against public material (see each file's provenance
tables); a wrong edit of refs/works/ fails one of these tests. Where recorded BibTeX of the
proceedings, DBLP or the ACL Anthology exists (tests/fixtures/<source>/), the records
are also compared with it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.model import Entry

from imgsynth_refs.catalog import data_dir, load_catalog
from imgsynth_refs.keys import make_key
from imgsynth_refs.models import Catalog, Reference, WorkType

ERAS = ("precursors", "origins", "gan")
ARTICLE = "offert2022ten"
FIXTURES = Path(__file__).parent / "fixtures"

# key: (era, label, article date, link) exactly as shared/article-links.md prints them.
MILESTONES = {
    "hinton2006fast": ("precursors", "Deep belief nets", "2006", None),
    "kingma2014auto": ("precursors", "VAE", "(slightly before GANs)", None),
    "mordvintsev2015inceptionism": ("precursors", "DeepDream", "2015", None),
    "krizhevsky2012imagenet": (
        "origins",
        "AlexNet",
        "2012-12",
        "https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf",
    ),
    "goodfellow2014generative": (
        "origins",
        "GAN",
        "2014-12",
        "https://proceedings.neurips.cc/paper/2014/file/5ca3e9b122f61f8f06494c97b1afccf3-Paper.pdf",
    ),
    "radford2016unsupervised": (
        "origins",
        "DCGAN",
        "2015-11",
        "https://arxiv.org/pdf/1511.06434.pdf",
    ),
    "vaswani2017attention": (
        "gan",
        "Transformer",
        "2017-06",
        "https://arxiv.org/pdf/1706.03762.pdf",
    ),
    "sharma2018conceptual": (
        "gan",
        "Conceptual Captions",
        "2018-07",
        "https://aclanthology.org/P18-1238.pdf",
    ),
    "karras2019style": ("gan", "StyleGAN", "2018-2020", "https://arxiv.org/pdf/1812.04948.pdf"),
    "esser2021taming": ("gan", "VQGAN", "2020-12", "https://arxiv.org/pdf/2012.09841.pdf"),
    ARTICLE: (
        None,
        "article",
        "2022",
        "https://zentralwerkstatt.org/blog/ten-years-of-image-synthesis",
    ),
}
OURS = tuple(MILESTONES)

# key: (type, year, month, n authors, first family, last family, venue short, volume, number,
#       pages, doi)
# fmt: off
FACTS = {
    "hinton2006fast": (
        "journal_article", 2006, 7, 3, "Hinton", "Teh", None, "18", "7", "1527--1554",
        "10.1162/neco.2006.18.7.1527",
    ),
    "kingma2014auto": (
        "conference_paper", 2014, 4, 2, "Kingma", "Welling", "ICLR 2014", None, None, None, None,
    ),
    "mordvintsev2015inceptionism": (
        "blog_post", 2015, 6, 3, "Mordvintsev", "Tyka", None, None, None, None, None,
    ),
    "krizhevsky2012imagenet": (
        "conference_paper", 2012, 12, 3, "Krizhevsky", "Hinton", "NIPS 2012", "25", None,
        "1097--1105", None,
    ),
    "goodfellow2014generative": (
        "conference_paper", 2014, 12, 8, "Goodfellow", "Bengio", "NIPS 2014", "27", None,
        "2672--2680", None,
    ),
    "radford2016unsupervised": (
        "conference_paper", 2016, 5, 3, "Radford", "Chintala", "ICLR 2016", None, None, None,
        None,
    ),
    "vaswani2017attention": (
        "conference_paper", 2017, 12, 8, "Vaswani", "Polosukhin", "NIPS 2017", "30", None,
        "5998--6008", None,
    ),
    "sharma2018conceptual": (
        "conference_paper", 2018, 7, 4, "Sharma", "Soricut", "ACL 2018", None, None,
        "2556--2565", "10.18653/v1/P18-1238",
    ),
    "karras2019style": (
        "conference_paper", 2019, 6, 3, "Karras", "Aila", "CVPR 2019", None, None, "4396--4405",
        "10.1109/CVPR.2019.00453",
    ),
    "esser2021taming": (
        "conference_paper", 2021, 6, 3, "Esser", "Ommer", "CVPR 2021", None, None,
        "12868--12878", "10.1109/CVPR46437.2021.01268",
    ),
    ARTICLE: ("blog_post", 2022, None, 1, "Offert", "Offert", None, None, None, None, None),
}
# fmt: on

# key: (arXiv id, latest version, primary class, first version), None where not on arXiv.
ARXIV = {
    "hinton2006fast": None,
    "kingma2014auto": ("1312.6114", 11, "stat.ML", date(2013, 12, 20)),
    "mordvintsev2015inceptionism": None,
    "krizhevsky2012imagenet": None,
    "goodfellow2014generative": ("1406.2661", 1, "stat.ML", date(2014, 6, 10)),
    "radford2016unsupervised": ("1511.06434", 2, "cs.LG", date(2015, 11, 19)),
    "vaswani2017attention": ("1706.03762", 7, "cs.CL", date(2017, 6, 12)),
    "sharma2018conceptual": None,
    "karras2019style": ("1812.04948", 3, "cs.NE", date(2018, 12, 12)),
    "esser2021taming": ("2012.09841", 3, "cs.CV", date(2020, 12, 17)),
    ARTICLE: None,
}

# key: (title, authors) as arXiv lists them where they differ from the published record
# (ArxivInfo.title / .authors, used for the preprint form); None where arXiv lists the
# published ones. Every work on arXiv was checked (provenance.arxiv names the source).
ARXIV_LISTING = {
    "kingma2014auto": (None, None),
    "goodfellow2014generative": (
        "Generative Adversarial Networks",
        (
            "Ian J. Goodfellow", "Jean Pouget-Abadie", "Mehdi Mirza", "Bing Xu",
            "David Warde-Farley", "Sherjil Ozair", "Aaron Courville", "Yoshua Bengio",
        ),
    ),
    "radford2016unsupervised": (None, None),
    "vaswani2017attention": ("Attention Is All You Need", None),
    "karras2019style": (None, None),
    "esser2021taming": (None, None),
}  # fmt: skip

# key: (NeurIPS id, ACL id)
PROCEEDINGS_IDS = {
    "krizhevsky2012imagenet": ("2012/c399862d3b9d6b76c8436e924a68c45b", None),
    "goodfellow2014generative": ("2014/5ca3e9b122f61f8f06494c97b1afccf3", None),
    "vaswani2017attention": ("2017/3f5ee243547dee91fbd053c1c4a845aa", None),
    "sharma2018conceptual": (None, "P18-1238"),
}

# Fields that state a fact about the work; each one set must name its source.
FACT_FIELDS = (
    "title", "authors", "editors", "year", "month", "day", "venue", "booktitle", "journal",
    "volume", "number", "pages", "series", "publisher", "address", "organization", "doi",
    "arxiv", "neurips_id", "acl_id", "openreview_id", "url", "urldate", "era", "milestone",
)  # fmt: skip


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _ref(catalog: Catalog, key: str) -> Reference:
    return catalog.get(key)


def test_shipped_catalog_holds_every_work_of_these_eras_and_the_article(catalog: Catalog):
    ours = {r.key for r in catalog.references if r.era in ERAS or r.key == ARTICLE}
    assert ours == set(OURS)


@pytest.mark.parametrize("key", OURS)
def test_milestone_is_the_articles_own(catalog: Catalog, key: str):
    era, label, article_date, link = MILESTONES[key]
    ref = _ref(catalog, key)
    assert ref.era == era
    assert ref.milestone is not None
    assert (ref.milestone.label, ref.milestone.article_date, ref.milestone.link) == (
        label,
        article_date,
        link,
    )


def test_article_has_no_era_and_comes_last_in_all(catalog: Catalog):
    selected = catalog.select(["all"])
    assert selected[-1].key == ARTICLE
    assert all(r.key != ARTICLE for r in catalog.select(list(ERAS)))


@pytest.mark.parametrize("key", OURS)
def test_pinned_facts(catalog: Catalog, key: str):
    kind, year, month, n_authors, first, last, short, volume, number, pages, doi = FACTS[key]
    ref = _ref(catalog, key)
    assert ref.type == WorkType(kind)
    assert (ref.year, ref.month) == (year, month)
    assert len(ref.authors) == n_authors
    assert (ref.authors[0].family, ref.authors[-1].family) == (first, last)
    assert (ref.venue.short if ref.venue else None) == short
    assert (ref.volume, ref.number, ref.pages, ref.doi) == (volume, number, pages, doi)


@pytest.mark.parametrize("key", OURS)
def test_pinned_arxiv_data(catalog: Catalog, key: str):
    ref = _ref(catalog, key)
    expected = ARXIV[key]
    if expected is None:
        assert ref.arxiv is None
        return
    assert ref.arxiv is not None
    assert (ref.arxiv.id, ref.arxiv.version, ref.arxiv.primary_class, ref.arxiv.published) == (
        expected
    )
    assert ref.arxiv.published.year <= ref.year


def test_every_arxiv_posting_has_its_listing_checked():
    assert set(ARXIV_LISTING) == {key for key, posting in ARXIV.items() if posting}


@pytest.mark.parametrize("key", sorted(ARXIV_LISTING))
def test_pinned_arxiv_listing(catalog: Catalog, key: str):
    title, authors = ARXIV_LISTING[key]
    posting = _ref(catalog, key).arxiv
    assert posting is not None
    assert posting.title == title
    assert (tuple(p.display() for p in posting.authors) if posting.authors else None) == authors
    assert "arxiv" in _ref(catalog, key).provenance


@pytest.mark.parametrize("key", OURS)
def test_proceedings_ids(catalog: Catalog, key: str):
    ref = _ref(catalog, key)
    assert (ref.neurips_id, ref.acl_id) == PROCEEDINGS_IDS.get(key, (None, None))


def test_the_articles_slip_is_not_copied(catalog: Catalog):
    """The article credits AlexNet to "Hinton et al."; the first author is Krizhevsky."""
    alexnet = _ref(catalog, "krizhevsky2012imagenet")
    assert [p.display() for p in alexnet.authors] == [
        "Alex Krizhevsky",
        "Ilya Sutskever",
        "Geoffrey E. Hinton",
    ]


@pytest.mark.parametrize("key", OURS)
def test_venue_spelling_matches_the_year(catalog: Catalog, key: str):
    ref = _ref(catalog, key)
    short = ref.venue.short if ref.venue and ref.venue.short else ""
    if "NIPS" in short or "NeurIPS" in short:
        assert short.startswith("NIPS" if ref.year < 2018 else "NeurIPS")
    if short:
        assert short.endswith(str(ref.year))


@pytest.mark.parametrize("key", OURS)
def test_published_version_fields_by_type(catalog: Catalog, key: str):
    ref = _ref(catalog, key)
    if ref.type is WorkType.CONFERENCE_PAPER:
        assert ref.booktitle and ref.journal is None
    elif ref.type is WorkType.JOURNAL_ARTICLE:
        assert ref.journal and ref.booktitle is None
    else:
        assert ref.url and ref.urldate
    assert ref.url and ref.url.startswith("https://")


@pytest.mark.parametrize("key", OURS)
def test_every_fact_set_names_its_source(catalog: Catalog, key: str):
    ref = _ref(catalog, key)
    set_fields = [f for f in FACT_FIELDS if getattr(ref, f) not in (None, [], "")]
    assert [f for f in set_fields if f not in ref.provenance] == []
    assert all(p.retrieved == date(2026, 11, 26) for p in ref.provenance.values())


def test_every_reference_names_sources_for_title_authors_year(catalog: Catalog):
    missing = {
        r.key: [f for f in ("title", "authors", "year") if f not in r.provenance]
        for r in catalog.references
    }
    assert {k: v for k, v in missing.items() if v} == {}


def test_keys_are_file_names_and_google_scholar_keys(catalog: Catalog):
    files = sorted(p.stem for p in (data_dir() / "works").glob("*.toml"))
    assert sorted(r.key for r in catalog.references) == files
    assert {r.key: make_key(r) for r in catalog.references} == {
        r.key: r.key for r in catalog.references
    }
    lowered = [r.key.lower() for r in catalog.references if r.key]
    assert len(set(lowered)) == len(lowered)


def test_cited_shared_fixtures_travel_with_the_tests(catalog: Catalog):
    cited = {
        match
        for key in OURS
        for p in _ref(catalog, key).provenance.values()
        for text in (p.source, p.note or "")
        for match in re.findall(r"shared/fixtures/(\S+?\.bib)", text)
    }
    assert cited
    assert sorted(c for c in cited if not (FIXTURES / c).is_file()) == []


def _entry(path: str) -> Entry:
    library = bibtexparser.parse_file(
        str(FIXTURES / path),
        append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()],
    )
    assert len(library.failed_blocks) == 0
    (entry,) = [e for e in library.entries if not e.key.endswith("RombachBLEO22")]
    return entry


def _families(entry: Entry, field: str) -> list[str]:
    return [" ".join([*n.von, *n.last]) for n in entry[field]]


def _squash(text: str) -> str:
    """Whitespace collapsed; the en dash LaTeX decoding makes of ``--`` written back."""
    return " ".join(text.replace("\u2013", "--").split())


# key, recorded BibTeX, fields to compare ("pages" only where the record shares its source)
RECORDED = [
    ("kingma2014auto", "dblp/journals_corr_KingmaW13.bib", ("title", "authors", "editors")),
    (
        "krizhevsky2012imagenet",
        "neurips/NIPS2012_c399862d.variant-pages.bib",
        ("title", "authors", "editors", "pages", "volume", "publisher"),
    ),
    (
        "krizhevsky2012imagenet",
        "neurips/NIPS2012_4824.papers-nips-cc.bib",
        ("title", "authors", "editors", "pages", "publisher"),
    ),
    (
        "goodfellow2014generative",
        "neurips/NIPS2014_5ca3e9b1.chen-yuxuan-gans.bib",
        ("title", "authors", "volume", "publisher"),
    ),
    (
        "goodfellow2014generative",
        "neurips/NIPS2014_5423.papers-nips-cc.bib",
        ("title", "authors", "editors", "pages"),
    ),
    (
        "radford2016unsupervised",
        "dblp/journals_corr_RadfordMC15.chen-yuxuan-gans.bib",
        ("title", "authors", "editors"),
    ),
    (
        "vaswani2017attention",
        "neurips/NIPS2017_3f5ee243.excerpt.bib",
        ("title", "authors", "volume", "publisher"),
    ),
    (
        "vaswani2017attention",
        "dblp/conf_nips_VaswaniSPUJGKP17.bib",
        ("title", "authors", "editors", "pages"),
    ),
    (
        "sharma2018conceptual",
        "acl/P18-1238.bib",
        ("title", "authors", "editors", "pages", "doi", "publisher", "address", "booktitle"),
    ),
    ("karras2019style", "dblp/conf_cvpr_KarrasLA19_and_RombachBLEO22.bib", ("title", "doi")),
]


@pytest.mark.parametrize(("key", "path", "fields"), RECORDED)
def test_record_agrees_with_recorded_bibtex(catalog: Catalog, key: str, path: str, fields):
    ref = _ref(catalog, key)
    entry = _entry(path)
    for field in fields:
        if field == "authors":
            assert [p.family for p in ref.authors] == _families(entry, "author")
        elif field == "editors":
            assert [" ".join(filter(None, (p.prefix, p.family))) for p in ref.editors] == [
                f.replace("Von ", "von ") for f in _families(entry, "editor")
            ]
        elif field == "doi":
            assert ref.doi == entry["doi"]
        else:
            assert _squash(str(getattr(ref, field))) == _squash(entry[field]), field
    assert ref.year == int(entry["year"])


def test_recorded_pages_differ_where_the_record_explains_it(catalog: Catalog):
    """CVF/DBLP page numbers are not the IEEE ones cited with the DOI; the file says so."""
    stylegan = _ref(catalog, "karras2019style")
    assert _squash(_entry("dblp/conf_cvpr_KarrasLA19_and_RombachBLEO22.bib")["pages"]) == (
        "4401--4410"
    )
    assert stylegan.pages == "4396--4405"
    assert "4401--4410" in (stylegan.provenance["pages"].note or "")
    text = (data_dir() / "works" / "karras2019style.toml").read_text(encoding="utf-8")
    assert "4401--4410" in text.split("type =")[0]
