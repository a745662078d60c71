"""QA: forms of real reference lists that ``extract`` must not miss.

ACM's reference format prints ``DOI: https://doi.org/…``, many lists print ``arXiv: <link>``,
and Google Scholar's BibTeX cites a preprint as ``journal = {arXiv preprint arXiv:ID}``.
"""

from __future__ import annotations

import pytest

from imgsynth_refs.extract import extract_bib, extract_text


@pytest.mark.parametrize(
    ("text", "kind", "ident", "found"),
    [
        pytest.param(
            "Commun. ACM 59, 2 (2016), 64-73. DOI: https://doi.org/10.1145/2812802",
            "doi",
            "10.1145/2812802",
            "https://doi.org/10.1145/2812802",
            id="acm-doi-label-then-url",
        ),
        pytest.param(
            "DOI: http://dx.doi.org/10.1145/2812802.",
            "doi",
            "10.1145/2812802",
            "http://dx.doi.org/10.1145/2812802",
            id="acm-legacy-dx-url",
        ),
        pytest.param(
            "In CVPR 2019. DOI: doi:10.1109/CVPR.2019.00453. Next",
            "doi",
            "10.1109/cvpr.2019.00453",
            "doi:10.1109/CVPR.2019.00453",
            id="doi-label-then-doi-prefix",
        ),
        pytest.param(
            "Preprint, arXiv: https://arxiv.org/abs/1511.06434",
            "arxiv",
            "1511.06434",
            "https://arxiv.org/abs/1511.06434",
            id="arxiv-label-then-url",
        ),
        pytest.param(
            "arXiv: arXiv:1511.06434v2",
            "arxiv",
            "1511.06434",
            "arXiv:1511.06434v2",
            id="arxiv-label-then-arxiv-prefix",
        ),
    ],
)
def test_a_label_before_a_link_does_not_hide_it(text, kind, ident, found):
    works = extract_text(text)
    assert [(w.kind, w.id, w.found) for w in works] == [(kind, ident, found)]


GOOGLE_SCHOLAR_AND_FRIENDS = """\
@article{radford2015unsupervised,
  title={Unsupervised representation learning with deep convolutional generative networks},
  author={Radford, Alec and Metz, Luke and Chintala, Soumith},
  journal={arXiv preprint arXiv:1511.06434},
  year={2015}
}
@misc{yfcc,
  title = {YFCC100M},
  howpublished = {\\url{http://projects.dfki.uni-kl.de/yfcc100m/}},
  note = {Paper: https://arxiv.org/abs/1503.01817}
}
@article{DBLP:journals/corr/VaswaniSPUJGKP17,
  title = {Attention Is All You Need},
  journal = {CoRR},
  volume = {abs/1706.03762},
  year = {2017},
  biburl = {https://dblp.org/rec/journals/corr/VaswaniSPUJGKP17.bib}
}
"""


def test_bib_identifiers_outside_url_doi_eprint_fields():
    works = [(w.kind, w.id, w.line) for w in extract_bib(GOOGLE_SCHOLAR_AND_FRIENDS)]
    assert works == [
        ("arxiv", "1511.06434", 4),  # Google Scholar's journal = {arXiv preprint arXiv:ID}
        ("url", "http://projects.dfki.uni-kl.de/yfcc100m/", 9),  # howpublished = {\url{...}}
        ("arxiv", "1503.01817", 10),  # a link in a note
        ("arxiv", "1706.03762", 15),  # dblp's CoRR form; its biburl is no reference
    ]


@pytest.mark.parametrize(
    ("text", "ident", "found"),
    [
        pytest.param(
            "Attention is all you need. CoRR, abs/1706.03762, 2017.",
            "1706.03762",
            "abs/1706.03762",
            id="plainnat-from-dblp",
        ),
        pytest.param("In CoRR abs/1511.06434v2.", "1511.06434", "abs/1511.06434v2", id="no-comma"),
        pytest.param(
            "CoRR, vol. abs/2102.12092, 2021", "2102.12092", "abs/2102.12092", id="ieee-style"
        ),
    ],
)
def test_dblp_corr_citation_in_prose_is_the_arxiv_preprint(text, ident, found):
    """Bibliographies built from dblp print arXiv preprints as "CoRR, abs/ID"."""
    works = extract_text(text)
    assert [(w.kind, w.id, w.found) for w in works] == [("arxiv", ident, found)]


@pytest.mark.parametrize(
    "text", ["see abs/1706.03762", "ACORR, abs/1706.03762", "CoRR, abs/1713.03762"]
)
def test_abs_path_without_corr_is_no_arxiv_id(text):
    assert [w.kind for w in extract_text(text)] in ([], ["invalid"])
