"""Scanning real prose and .bib files: every work once, in order, with line numbers.

Real reference-list forms included: ACM's ``DOI: https://doi.org/…``, ``arXiv: <link>``,
dblp's ``CoRR, abs/ID`` and Google Scholar's ``journal = {arXiv preprint arXiv:ID}``; every
line ending counts a line; a SICI DOI is one DOI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from imgsynth_refs.extract import JSON_KEYS, extract, extract_bib, extract_text, reads_as_bib
from imgsynth_refs.identifiers import Identifier, find, identifiers_in_entry, parse

FIXTURES = Path(__file__).parent / "fixtures" / "article"
ARTICLE = FIXTURES / "article.md"

# The milestones table of ../shared/article-links.md: each link exactly as the article prints it.
MILESTONE_LINKS = [
    "https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf",
    "https://proceedings.neurips.cc/paper/2014/file/5ca3e9b122f61f8f06494c97b1afccf3-Paper.pdf",
    "https://arxiv.org/pdf/1511.06434.pdf",
    "https://arxiv.org/pdf/1706.03762.pdf",
    "https://aclanthology.org/P18-1238.pdf",
    "https://arxiv.org/pdf/1812.04948.pdf",
    "https://arxiv.org/pdf/2012.09841.pdf",
    "https://arxiv.org/pdf/2103.00020.pdf",
    "https://arxiv.org/pdf/2102.12092.pdf",
    "http://projects.dfki.uni-kl.de/yfcc100m/",
    "https://arxiv.org/abs/2105.05233",
    "https://huggingface.co/spaces/dalle-mini/dalle-mini",
    "https://arxiv.org/pdf/2204.06125.pdf",
    "https://arxiv.org/pdf/2205.11487.pdf",
    "https://arxiv.org/pdf/2206.10789.pdf",
    "https://arxiv.org/pdf/2208.12242.pdf",
]
SOURCE_LINK = "https://zentralwerkstatt.org/blog/ten-years-of-image-synthesis"


def works_of(text: str) -> list[tuple[str, str, int | None, str, int]]:
    return [(w.kind, w.id, w.version, w.found, w.line) for w in extract_text(text)]


# ---------------------------------------------------------------------------------------------
# The article
# ---------------------------------------------------------------------------------------------


def test_article_fixture_holds_16_milestone_links():
    assert len(MILESTONE_LINKS) == 16
    text = ARTICLE.read_text(encoding="utf-8")
    assert all(link in text for link in [*MILESTONE_LINKS, SOURCE_LINK])


@pytest.mark.parametrize("link", [*MILESTONE_LINKS, SOURCE_LINK])
def test_extract_finds_each_article_link(link):
    works = extract_text(ARTICLE.read_text(encoding="utf-8"), source=str(ARTICLE))
    expected = parse(link)
    assert expected is not None
    matching = [w for w in works if w.identifier == expected]
    assert len(matching) == 1
    assert matching[0].found == link  # exactly as printed, CJK punctuation left outside


def test_article_works_in_order_with_lines():
    text = ARTICLE.read_text(encoding="utf-8")
    works = extract_text(text)
    assert [w.found for w in works] == [SOURCE_LINK, *MILESTONE_LINKS]
    lines = text.splitlines()
    for work in works:
        assert work.found in lines[work.line - 1]
    assert {w.kind for w in works} == {"neurips", "arxiv", "acl", "url"}


# ---------------------------------------------------------------------------------------------
# Prose: (text, expected [(kind, id, version, found, line)])
# ---------------------------------------------------------------------------------------------

PROSE = [
    pytest.param(
        "论文链接:https://arxiv.org/pdf/1511.06434.pdf",
        [("arxiv", "1511.06434", None, "https://arxiv.org/pdf/1511.06434.pdf", 1)],
        id="cjk-colon",
    ),
    pytest.param(
        "Imagen《 Photorealistic ( https://arxiv.org/pdf/2205.11487.pdf ) 》",
        [("arxiv", "2205.11487", None, "https://arxiv.org/pdf/2205.11487.pdf", 1)],
        id="fullwidth-brackets",
    ),
    pytest.param(
        "见https://arxiv.org/abs/2105.05233，以及https://arxiv.org/abs/2105.05233v2。",  # noqa: RUF001 (full-width punctuation on purpose)
        [("arxiv", "2105.05233", None, "https://arxiv.org/abs/2105.05233", 1)],
        id="cjk-comma-dedup",
    ),
    pytest.param(
        "【https://arxiv.org/pdf/1706.03762.pdf】（https://aclanthology.org/P18-1238.pdf）",  # noqa: RUF001 (full-width punctuation on purpose)
        [
            ("arxiv", "1706.03762", None, "https://arxiv.org/pdf/1706.03762.pdf", 1),
            ("acl", "P18-1238", None, "https://aclanthology.org/P18-1238.pdf", 1),
        ],
        id="cjk-brackets",
    ),
    pytest.param(
        "See [DCGAN](https://arxiv.org/abs/1511.06434v2), and [https://x.org/a](https://x.org/a).",
        [
            ("arxiv", "1511.06434", 2, "https://arxiv.org/abs/1511.06434v2", 1),
            ("url", "https://x.org/a", None, "https://x.org/a", 1),
        ],
        id="markdown",
    ),
    pytest.param(
        '<a href="https://aclanthology.org/2020.acl-main.463.pdf">paper</a> '
        "<https://openreview.net/forum?id=B1xsqj09Fm&amp;noteId=x>",
        [
            ("acl", "2020.acl-main.463", None, "https://aclanthology.org/2020.acl-main.463.pdf", 1),
            (
                "openreview",
                "B1xsqj09Fm",
                None,
                "https://openreview.net/forum?id=B1xsqj09Fm&amp;noteId=x",
                1,
            ),
        ],
        id="html",
    ),
    pytest.param(
        "arXiv preprint arXiv:1706.03762, 2017. doi:10.1145/3065386.\nhttps://doi.org/10.1038/nature14539)",
        [
            ("arxiv", "1706.03762", None, "arXiv:1706.03762", 1),
            ("doi", "10.1145/3065386", None, "doi:10.1145/3065386", 1),
            ("doi", "10.1038/nature14539", None, "https://doi.org/10.1038/nature14539", 2),
        ],
        id="reference-list",
    ),
    pytest.param(
        "(Wikipedia: https://en.wikipedia.org/wiki/Foo_(bar)), **https://github.com/CompVis/latent-diffusion**",
        [
            (
                "url",
                "https://en.wikipedia.org/wiki/Foo_(bar)",
                None,
                "https://en.wikipedia.org/wiki/Foo_(bar)",
                1,
            ),
            (
                "url",
                "https://github.com/CompVis/latent-diffusion",
                None,
                "https://github.com/CompVis/latent-diffusion",
                1,
            ),
        ],
        id="brackets-emphasis",
    ),
    pytest.param(
        "Curran Associates, Inc., 2020. URL https://proceeding\n"
        "s.neurips.cc/paper/2020/file/4c5bcfec8584af0d967f1ab10179ca4b-Paper.pdf.\n",
        [
            (
                "neurips",
                "2020/4c5bcfec8584af0d967f1ab10179ca4b",
                None,
                "https://proceeding\ns.neurips.cc/paper/2020/file/4c5bcfec8584af0d967f1ab10179ca4b-Paper.pdf",
                1,
            )
        ],
        id="wrapped-in-host",
    ),
    pytest.param(
        "Benchmarks, volume 1, 2021. URL https:\n"
        "//datasets-benchmarks-proceedings.neurips.cc/paper_files/paper/2021/\n"
        "file/f0935e4cd5920aa6c7c996a5ee53a70f-Paper-round1.pdf.\n",
        [
            (
                "neurips",
                "2021/f0935e4cd5920aa6c7c996a5ee53a70f",
                None,
                "https:\n//datasets-benchmarks-proceedings.neurips.cc/paper_files/paper/2021/\n"
                "file/f0935e4cd5920aa6c7c996a5ee53a70f-Paper-round1.pdf",
                1,
            )
        ],
        id="wrapped-twice",
    ),
    pytest.param(
        "volume 1, 2021. URL https://datasets-benchmarks-proceedings.neurips.cc/paper/2021/hash/ "
        "c0c7c76d30bd3dcaefc96f40275bdc0a-Abstract-round1.html.",
        [
            (
                "neurips",
                "2021/c0c7c76d30bd3dcaefc96f40275bdc0a",
                None,
                "https://datasets-benchmarks-proceedings.neurips.cc/paper/2021/hash/ "
                "c0c7c76d30bd3dcaefc96f40275bdc0a-Abstract-round1.html",
                1,
            )
        ],
        id="pdf-copy-space",
    ),
    pytest.param(
        "2023. URLhttp://papers.nips.cc/paper_files/paper/2023/hash/c6e\n"
        "c1844bec96d6d32ae95ae694e23d8-Abstract-Datasets_and_Benchmarks.html.",
        [
            (
                "neurips",
                "2023/c6ec1844bec96d6d32ae95ae694e23d8",
                None,
                "http://papers.nips.cc/paper_files/paper/2023/hash/c6e\n"
                "c1844bec96d6d32ae95ae694e23d8-Abstract-Datasets_and_Benchmarks.html",
                1,
            )
        ],
        id="glued-url-wrapped-hash",
    ),
    pytest.param(
        "intro\n\nsee https://arxiv.org/abs/2105.\n  05233 for details",
        [("arxiv", "2105.05233", None, "https://arxiv.org/abs/2105.\n  05233", 3)],
        id="wrapped-indented",
    ),
    pytest.param(
        "demo at https://huggingface.co/spaces/dalle-\nmini/dalle-mini today",
        [
            (
                "url",
                "https://huggingface.co/spaces/dalle-mini/dalle-mini",
                None,
                "https://huggingface.co/spaces/dalle-\nmini/dalle-mini",
                1,
            )
        ],
        id="wrapped-generic-at-hyphen",
    ),
    pytest.param(
        "DOI 10.1016/j.epsl-\n2011.11.037 and doi:10.1145/\n3065386.",
        [
            ("doi", "10.1016/j.epsl-2011.11.037", None, "10.1016/j.epsl-\n2011.11.037", 1),
            ("doi", "10.1145/3065386", None, "doi:10.1145/\n3065386", 2),
        ],
        id="wrapped-doi",
    ),
    pytest.param(
        "see https://example.com/\nNext paragraph.",
        [("url", "https://example.com/", None, "https://example.com/", 1)],
        id="not-wrapped-after-slash",
    ),
    pytest.param(
        "arXiv:\n1511.06434v2 and doi:\n10.1145/3065386",
        [
            ("arxiv", "1511.06434", 2, "arXiv:\n1511.06434v2", 1),
            ("doi", "10.1145/3065386", None, "doi:\n10.1145/3065386", 2),
        ],
        id="prefix-wrapped",
    ),
    pytest.param(
        "URL https://proceedings.neurips.cc/paper\\_files/paper/2022/file/"
        "ec795aeadae0b7d230fa35cbaf04c041-Paper-Conference.pdf. 1",
        [
            (
                "neurips",
                "2022/ec795aeadae0b7d230fa35cbaf04c041",
                None,
                "https://proceedings.neurips.cc/paper\\_files/paper/2022/file/"
                "ec795aeadae0b7d230fa35cbaf04c041-Paper-Conference.pdf",
                1,
            )
        ],
        id="markdown-escaped-underscore",
    ),
    pytest.param(
        "Old ids: math.GT/0309136, hep-th/9901001v2; also arxiv.org/abs/1511.06434 bare host.",
        [
            ("arxiv", "math/0309136", None, "math.GT/0309136", 1),
            ("arxiv", "hep-th/9901001", 2, "hep-th/9901001v2", 1),
            ("arxiv", "1511.06434", None, "arxiv.org/abs/1511.06434", 1),
        ],
        id="old-style-and-bare-host",
    ),
    pytest.param(
        "bare DOI 10.1109/CVPR52688.2022.01042）and 10.1002/(SICI)1097-4636(199709)36:3<1::AID>.",  # noqa: RUF001 (full-width punctuation on purpose)
        [
            ("doi", "10.1109/cvpr52688.2022.01042", None, "10.1109/CVPR52688.2022.01042", 1),
            (
                "doi",
                "10.1002/(sici)1097-4636(199709)36:3",
                None,
                "10.1002/(SICI)1097-4636(199709)36:3",
                1,
            ),
        ],
        id="bare-doi",
    ),
    pytest.param(
        "Not ids: 10.5 mg, 1.2345, v1.2.3, 2022/2023, P18, a/b/c, x10.1234/y, www, https://",
        [],
        id="no-false-positives",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PROSE)
def test_prose(text, expected):
    assert works_of(text) == expected


def test_same_work_five_ways_is_one_work():
    text = (
        "https://arxiv.org/pdf/1511.06434.pdf\n"
        "arXiv:1511.06434v2\n"
        "https://doi.org/10.48550/arXiv.1511.06434\n"
        "http://export.arxiv.org/abs/1511.06434\n"
        "(Radford et al., arxiv.org/abs/1511.06434v1)\n"
    )
    assert works_of(text) == [
        ("arxiv", "1511.06434", None, "https://arxiv.org/pdf/1511.06434.pdf", 1)
    ]
    assert len(find(text)) == 5


INVALID_PROSE = [
    ("typo: arXiv:1513.00001.", "arXiv:1513.00001", "month 13"),
    ("see https://arxiv.org/abs/0808.05394", "https://arxiv.org/abs/0808.05394", "4 digits"),
    ("doi:10.12/abc, sic", "doi:10.12/abc", "registrant"),
    (
        "https://proceedings.neurips.cc/paper/2014/file/5ca3e9b1-Paper.pdf",
        "https://proceedings.neurips.cc/paper/2014/file/5ca3e9b1-Paper.pdf",
        "32-hex",
    ),
    ("https://openreview.net/forum?noteId=x", "https://openreview.net/forum?noteId=x", "id="),
]


@pytest.mark.parametrize(("text", "found", "reason"), INVALID_PROSE)
def test_invalid_look_alikes_are_reported_with_a_reason(text, found, reason):
    (work,) = extract_text(f"{text}\n{text}")  # reported once
    assert (work.kind, work.found, work.line, work.version, work.url) == (
        "invalid",
        found,
        1,
        None,
        None,
    )
    assert reason in work.reason
    assert work.identifier is None


def test_found_offsets_and_lines():
    text = "a\nb https://arxiv.org/abs/1511.06434\n\nc arXiv:1706.03762"
    hits = find(text)
    assert [(h.line, text[h.offset : h.offset + len(h.found)]) for h in hits] == [
        (2, "https://arxiv.org/abs/1511.06434"),
        (4, "arXiv:1706.03762"),
    ]


def test_json_keys_are_the_contract():
    (work,) = extract_text("arXiv:1511.06434v2")
    assert (
        tuple(work.as_json())
        == JSON_KEYS
        == ("kind", "id", "version", "url", "found", "line", "reason")
    )
    assert work.as_json() == {
        "kind": "arxiv",
        "id": "1511.06434",
        "version": 2,
        "url": "https://arxiv.org/abs/1511.06434v2",
        "found": "arXiv:1511.06434v2",
        "line": 1,
        "reason": None,
    }


# ---------------------------------------------------------------------------------------------
# .bib files
# ---------------------------------------------------------------------------------------------


def test_recorded_bib_files():
    text = (FIXTURES / "recorded.bib").read_text(encoding="utf-8")
    assert reads_as_bib(text)
    works = [(w.kind, w.id, w.line) for w in extract_bib(text, source="recorded.bib")]
    assert works == [
        ("doi", "10.1109/cvpr52688.2022.01042", 13),  # url = doi.org link, then the same doi
        (
            "cvf",
            "content_CVPR_2019/html/Karras_A_Style-Based_Generator_Architecture_for_"
            "Generative_Adversarial_Networks_CVPR_2019",
            30,
        ),  # LaTeX \_ undone
        ("doi", "10.1109/cvpr.2019.00453", 31),
        ("arxiv", "1511.06434", 48),
        ("acl", "P18-1238", 67),  # its doi 10.18653/v1/P18-1238 (line 68) is the same work
        ("neurips", "2017/3f5ee243547dee91fbd053c1c4a845aa", 80),
    ]


# Written for this test (not recorded): eprint fields, a broken entry, an invalid value.
SYNTHETIC_BIB = """% my thesis
@article{radford2015,
  title = {Unsupervised Representation Learning},
  eprint = {1511.06434v2},
  archivePrefix = {arXiv},
  primaryClass = {cs.LG},
}
@misc{other-archive, eprint = {2105.05233}, eprinttype = {hal}}
@misc{typo, doi = {10.12/abc}}
@misc{broken, title = {unclosed, url = {https://arxiv.org/abs/1706.03762}
@misc{vaswani, url = {https://arxiv.org/abs/1706.03762}}
"""


def test_bib_eprint_broken_entry_and_invalid_value():
    works = [(w.kind, w.id, w.version, w.line, w.reason) for w in extract_bib(SYNTHETIC_BIB)]
    assert works == [
        ("arxiv", "1511.06434", 2, 4, None),
        ("invalid", "10.12/abc", None, 9, works[1][4]),
        ("arxiv", "1706.03762", None, 10, None),  # found in the unparsable block's text
    ]
    assert "registrant" in works[1][4]


def test_extract_several_inputs_reads_bib_by_name_or_content():
    works = extract(
        [
            ("refs.bib", "@misc{a, url = {https://arxiv.org/abs/1511.06434}}"),
            ("notes.md", "DCGAN arXiv:1511.06434v1 and BERT https://aclanthology.org/N19-1423/"),
            ("-", "@misc{b, eprint = {1706.03762}}"),
        ]
    )
    assert [(w.source, w.kind, w.id, w.line) for w in works] == [
        ("refs.bib", "arxiv", "1511.06434", 1),
        ("notes.md", "acl", "N19-1423", 1),
        ("-", "arxiv", "1706.03762", 1),
    ]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("@article{x, title={t}}", "", True),
        ("% comment\n\n  @Misc(x, title={t})", "", True),
        ("anything", "Thesis.BIB", True),
        ("# Markdown with @mentions{", "notes.md", False),
        ("email me@example.org", "", False),
    ],
)
def test_looks_like_bib(text, name, expected):
    assert reads_as_bib(text, name) is expected


IN_ENTRY = [
    pytest.param(
        {
            "eprint": "1511.06434",
            "archiveprefix": "arXiv",
            "url": "https://arxiv.org/abs/1511.06434v2",
        },
        [Identifier("arxiv", "1511.06434")],
        id="eprint-and-url-same-work",
    ),
    pytest.param(
        {"EPRINT": "arXiv:2105.05233", "EPRINTTYPE": "arxiv"},
        [Identifier("arxiv", "2105.05233")],
        id="biblatex-eprinttype-upper-case-keys",
    ),
    pytest.param({"eprint": "2105.05233", "eprinttype": "hal"}, [], id="other-archive-ignored"),
    pytest.param(
        {
            "doi": "10.1109/CVPR.2019.00453",
            "url": "http://openaccess.thecvf.com/content\\_CVPR\\_2019/html/"
            "Karras\\_A\\_CVPR\\_2019\\_paper.html",
        },
        [
            Identifier("doi", "10.1109/cvpr.2019.00453"),
            Identifier("cvf", "content_CVPR_2019/html/Karras_A_CVPR_2019"),
        ],
        id="dblp-escapes",
    ),
    pytest.param(
        {"doi": "{10.18653/v1/P18-1238}", "url": "https://aclanthology.org/P18-1238"},
        [Identifier("doi", "10.18653/v1/p18-1238"), Identifier("acl", "P18-1238")],
        id="acl",
    ),
    pytest.param(
        {"doi": "https://doi.org/10.1145/3065386"},
        [Identifier("doi", "10.1145/3065386")],
        id="doi-field-holding-url",
    ),
    pytest.param(
        {"arxivid": "math.GT/0309136"}, [Identifier("arxiv", "math/0309136")], id="arxivid-field"
    ),
    pytest.param(
        {"openreview": "B1xsqj09Fm"},
        [Identifier("openreview", "B1xsqj09Fm")],
        id="openreview-field",
    ),
    pytest.param(
        {"doi": "10.12/abc", "title": "https://arxiv.org/abs/1511.06434"},
        [],
        id="invalid-doi-skipped-title-not-read",
    ),
    pytest.param(
        {"url": "https://arxiv.org/abs/1511.06434 https://github.com/x/y"},
        [Identifier("arxiv", "1511.06434"), Identifier("url", "https://github.com/x/y")],
        id="several-urls",
    ),
]


@pytest.mark.parametrize(("fields", "expected"), IN_ENTRY)
def test_identifiers_in_entry(fields, expected):
    assert identifiers_in_entry(fields) == expected


def test_two_dois_without_suffix_are_not_joined_across_a_space():
    works = extract_text("see (10.1234/ 10.1234/).")
    assert [(w.kind, w.id) for w in works] == [("invalid", "10.1234/")]


def test_memory_stays_near_the_input_size_on_a_text_of_endless_look_alikes():
    """10,000 invalid DOIs (90 kB): one entry, and no list of every occurrence on the way
    (it peaked at 17x the input before)."""
    import tracemalloc

    text = "10.1234/ " * 10_000
    tracemalloc.start()
    try:
        works = extract([("adversarial.txt", text)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(works) == 1
    assert peak < 3 * len(text)


# ---------------------------------------------------------------------------------------------
# Several identifiers of one work (issue 9): one entry, when the catalog or the DOI says so
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "StyleGAN arXiv:1812.04948 and doi:10.1109/CVPR.2019.00453",
            [("arxiv", "1812.04948")],
            id="arxiv-then-doi-by-the-catalog",
        ),
        pytest.param(
            "https://doi.org/10.1109/CVPR.2019.00453 (arXiv:1812.04948v3)",
            [("doi", "10.1109/cvpr.2019.00453")],
            id="doi-then-arxiv-by-the-catalog",
        ),
        pytest.param(
            "https://aclanthology.org/P18-1238/ https://doi.org/10.18653/v1/P18-1238",
            [("acl", "P18-1238")],
            id="acl-and-its-doi-by-the-doi-form",
        ),
        pytest.param(
            "doi:10.18653/v1/2020.acl-main.1 and https://aclanthology.org/2020.acl-main.1.pdf",
            [("doi", "10.18653/v1/2020.acl-main.1")],
            id="unshipped-acl-doi-then-id",
        ),
        pytest.param(
            # CLIP's record carries its PMLR page (the shipped CVF pages were dropped for their
            # other pagination, so a CVF link is tied to its record by resolve, not here).
            "http://proceedings.mlr.press/v139/radford21a/radford21a.pdf and arXiv:2103.00020",
            [("pmlr", "v139/radford21a")],
            id="pmlr-pdf-and-arxiv-by-the-catalog",
        ),
        pytest.param(
            "arXiv:1511.06434 and arXiv:1406.2661",
            [("arxiv", "1511.06434"), ("arxiv", "1406.2661")],
            id="two-works-stay-two",
        ),
        pytest.param(
            "see 2503.08641 for details, and pi = 3.14159 in release 2.10.1",
            [("arxiv", "2503.08641")],
            id="bare-id-by-a-marker-not-look-alikes",
        ),
        pytest.param(
            "YFCC100M: https://dl.acm.org/doi/10.1145/2812802 = doi:10.1145/2812802",
            [("doi", "10.1145/2812802")],
            id="acm-page-is-its-doi",
        ),
    ],
)
def test_one_entry_per_work(text, expected):
    assert [(w.kind, w.id) for w in extract_text(text)] == expected


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


SICI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"


SICI_URL = "https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-0"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_extract_counts_every_line_ending(newline: str) -> None:
    from imgsynth_refs.extract import extract, extract_text

    text = newline.join(["intro", "", "see arXiv:1511.06434", "and 10.1145/3065386"])
    assert [w.line for w in extract_text(text)] == [3, 4]
    assert [w.line for w in extract([("notes.txt", text)])] == [3, 4]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_extract_bib_counts_every_line_ending(newline: str) -> None:
    from imgsynth_refs.extract import extract_bib

    text = newline.join(
        ["% refs", "@article{a,", "  title = {T},", "  doi = {10.1145/3065386}", "}"]
    )
    assert [w.line for w in extract_bib(text)] == [4]


def test_extract_sici_doi_in_bib_doi_field() -> None:
    from imgsynth_refs.extract import extract_bib

    works = extract_bib("@article{a,\n  title = {T},\n  doi = {" + SICI + "},\n}\n")
    assert [(w.id, w.url) for w in works] == [(SICI.lower(), SICI_URL)]
