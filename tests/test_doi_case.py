"""DOIs from the sources keep the case they are registered in (as the shipped records do,
``models.Reference.doi``) and are compared case-insensitively (``models.doi_key``).

The Crossref message and the abstract page below are synthesised, minimal inputs to the
mapping functions (no recorded answer has a DOI with capital letters); the recorded ones
are replayed in tests/test_sources_crossref.py and tests/test_sources_neurips.py.
"""

from __future__ import annotations

import pytest

from imgsynth_refs.identity import reference_ids as identity_keys
from imgsynth_refs.maintenance import changed_fields
from imgsynth_refs.models import Person, Reference, WorkType, is_arxiv_doi
from imgsynth_refs.sources.crossref import work_to_reference
from imgsynth_refs.sources.neurips import page_fields
from imgsynth_refs.sources.web import parse_page

DOI = "10.1109/CVPR.2019.00453"


def _karras(doi: str) -> Reference:
    return Reference(
        key="karras2019style",
        type=WorkType.CONFERENCE_PAPER,
        title="A Style-Based Generator Architecture for Generative Adversarial Networks",
        authors=[Person(family="Karras", given="Tero")],
        year=2019,
        booktitle="CVPR",
        doi=doi,
    )


def test_crossref_record_keeps_the_registered_doi():
    message = {
        "type": "proceedings-article",
        "title": ["A Style-Based Generator Architecture for Generative Adversarial Networks"],
        "author": [{"given": "Tero", "family": "Karras"}],
        "container-title": ["2019 IEEE/CVF Conference on Computer Vision and Pattern Recognition"],
        "issued": {"date-parts": [[2019, 6]]},
        "DOI": DOI,
    }
    ref = work_to_reference(message, url=f"https://api.crossref.org/works/{DOI}")
    assert (ref.doi, ref.url) == (DOI, f"https://doi.org/{DOI}")
    # so that rebuild does not offer to lower-case a shipped record's DOI
    assert "doi" not in changed_fields(_karras(DOI), ref)


def test_neurips_page_doi_keeps_its_case():
    page = parse_page(f'<html><head><meta name="citation_doi" content="{DOI}"></head></html>')
    assert page_fields(page)["doi"] == DOI


def test_a_doi_in_another_case_names_the_same_work():
    assert identity_keys(_karras(DOI)) == identity_keys(_karras(DOI.lower()))


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("10.48550/arXiv.1511.06434", True),
        ("10.48550/arxiv.1511.06434", True),
        ("10.1109/CVPR.2019.00453", False),
        ("10.485501/x", False),
    ],
)
def test_arxiv_doi_is_told_by_its_prefix(doi, expected):
    assert is_arxiv_doi(doi) is expected
