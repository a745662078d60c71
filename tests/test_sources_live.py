"""The resolvers against the real services (``pytest -m network``; skipped by default).

These check that the recorded formats the other tests replay are still what the services
send. They make about ten requests, politely spaced by the session.
"""

from __future__ import annotations

from datetime import date

import pytest

from imgsynth_refs.models import ArxivInfo, Person, Reference, WorkType
from imgsynth_refs.sources.acl import AclResolver
from imgsynth_refs.sources.config import Config
from imgsynth_refs.sources.crossref import CrossrefResolver
from imgsynth_refs.sources.http import make_session
from imgsynth_refs.sources.neurips import NeuripsResolver
from imgsynth_refs.sources.published import Status, find_published

pytestmark = pytest.mark.network


@pytest.fixture(scope="module")
def live():
    config = Config.from_env()
    with make_session(config) as session:
        yield session, config


def test_neurips_gan(live):
    ref = NeuripsResolver(*live).fetch(2014, "5ca3e9b122f61f8f06494c97b1afccf3")
    assert ref.title == "Generative Adversarial Nets"
    assert (ref.volume, ref.venue.short) == ("27", "NIPS 2014")


def test_acl_conceptual_captions(live):
    ref = AclResolver(*live).fetch("P18-1238")
    assert (ref.venue.short, ref.pages) == ("ACL 2018", "2556--2565")


def test_crossref_journal_article(live):
    ref = CrossrefResolver(*live).fetch("10.1177/02683962211048201")
    assert (ref.type, ref.volume, ref.pages) == (WorkType.JOURNAL_ARTICLE, "37", "209--226")


@pytest.mark.parametrize(
    ("title", "authors", "arxiv_id", "first", "short"),
    [
        (
            "Unsupervised Representation Learning with Deep Convolutional Generative "
            "Adversarial Networks",
            [("Alec", "Radford"), ("Luke", "Metz"), ("Soumith", "Chintala")],
            "1511.06434",
            date(2015, 11, 19),
            "ICLR 2016",
        ),
        (
            "A Style-Based Generator Architecture for Generative Adversarial Networks",
            [("Tero", "Karras"), ("Samuli", "Laine"), ("Timo", "Aila")],
            "1812.04948",
            date(2018, 12, 12),
            "CVPR 2019",
        ),
    ],
)
def test_published_versions(live, title, authors, arxiv_id, first, short):
    preprint = Reference(
        type=WorkType.PREPRINT,
        title=title,
        authors=[Person(family=f, given=g) for g, f in authors],
        year=first.year,
        arxiv=ArxivInfo(id=arxiv_id, published=first),
    )
    session, config = live
    upgrade = find_published(preprint, session=session, config=config)
    assert upgrade.status is Status.APPLIED, upgrade.message
    assert upgrade.reference.venue.short == short
    assert upgrade.reference.arxiv.id == arxiv_id
