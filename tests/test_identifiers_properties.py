"""Property-based tests: every valid id, in every supported form, normalises to itself; no text
makes parsing or scanning raise."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import example, given
from hypothesis import strategies as st

from imgsynth_refs.extract import extract, extract_text
from imgsynth_refs.identifiers import (
    ARXIV_ARCHIVES,
    Identifier,
    canonical_url,
    classify,
    find,
    identifiers_in_entry,
    parse,
)


@st.composite
def new_arxiv(draw: st.DrawFn) -> Identifier:
    year = draw(st.integers(7, 99))
    month = draw(st.integers(4 if year == 7 else 1, 12))
    yymm = f"{year:02d}{month:02d}"
    width = 5 if yymm >= "1501" else 4
    number = draw(st.integers(1, 10**width - 1))
    version = draw(st.none() | st.integers(1, 99))
    return Identifier("arxiv", f"{yymm}.{number:0{width}d}", version)


@st.composite
def old_arxiv(draw: st.DrawFn) -> tuple[Identifier, str]:
    """An old-style id and how it is written (maybe with a subject class)."""
    archive = draw(st.sampled_from(sorted(ARXIV_ARCHIVES)))
    yymm = draw(
        st.sampled_from(
            [f"{y:02d}{m:02d}" for y in [*range(92, 100), *range(0, 7)] for m in range(1, 13)]
            + ["9108", "0703"]
        )
    )
    number = draw(st.integers(1, 999))
    version = draw(st.none() | st.integers(1, 30))
    ident = Identifier("arxiv", f"{archive}/{yymm}{number:03d}", version)
    subject = draw(st.none() | st.sampled_from(["GT", "AI", "CV", "mes-hall", "optics"]))
    written = f"{archive}.{subject}/" if subject else f"{archive}/"
    return ident, written + f"{yymm}{number:03d}" + (f"v{version}" if version else "")


def arxiv_forms(ident: Identifier, written: str) -> list[str]:
    version = f"v{ident.version}" if ident.version else ""
    forms = [
        written,
        f"arXiv:{written}",
        f"arxiv: {written}",
        f"https://arxiv.org/abs/{written}",
        f"http://arxiv.org/pdf/{written}",
        f"https://arxiv.org/pdf/{written}.pdf",
        f"https://export.arxiv.org/abs/{written}",
        f"https://www.arxiv.org/abs/{written}/",
        f"arxiv.org/abs/{written}",
        canonical_url(ident),
    ]
    if not version:
        forms += [f"https://doi.org/10.48550/arXiv.{ident.id}", f"10.48550/arXiv.{ident.id}"]
    return forms


@given(new_arxiv())
@example(Identifier("arxiv", "0704.0001"))
@example(Identifier("arxiv", "1412.9999", 3))
@example(Identifier("arxiv", "1501.00001"))
def test_new_arxiv_every_form(ident):
    written = ident.id + (f"v{ident.version}" if ident.version else "")
    for form in arxiv_forms(ident, written):
        assert parse(form) == ident, form
        if form != written:  # prose scanning needs a prefix or a URL: bare ids are too ambiguous
            hits = find(f"\u89c1{form}\uff0c")  # CJK text and a full-width comma around it
            assert [hit.identifier for hit in hits] == [ident], form


@given(old_arxiv())
@example((Identifier("arxiv", "math/0309136"), "math.GT/0309136"))
def test_old_arxiv_every_form(case):
    ident, written = case
    for form in arxiv_forms(ident, written):
        assert parse(form) == ident, form


HEX = "0123456789abcdef"


@given(
    st.integers(1987, 2030),
    st.text(HEX + HEX.upper(), min_size=32, max_size=32),
    st.sampled_from(["proceedings.neurips.cc", "papers.nips.cc", "papers.neurips.cc"]),
    st.sampled_from(["paper/", "paper_files/paper/"]),
    st.sampled_from(
        [
            "file/{h}-Paper.pdf",
            "hash/{h}-Abstract.html",
            "file/{h}-Bibtex.bib",
            "file/{h}-Metadata.json",
            "file/{h}-Supplemental.zip",
            "file/{h}-Paper-Conference.pdf",
            "hash/{h}-Abstract-Conference.html",
            "hash/{h}-Abstract-Datasets_and_Benchmarks.html",
            "file/{h}-Supplemental-Conference.pdf",
        ]
    ),
)
def test_neurips_every_form(year, digest, host, prefix, page):
    ident = Identifier("neurips", f"{year}/{digest.lower()}")
    form = f"https://{host}/{prefix}{year}/" + page.format(h=digest)
    assert parse(form) == ident
    assert parse(f"http://{host}/{prefix}{year}/" + page.format(h=digest)) == ident
    assert parse(ident.url) == ident
    assert parse(ident.id) == ident


@given(
    st.sampled_from("ACDEHIJLMNOPQSTUWXY"),
    st.integers(0, 99),
    st.integers(0, 9999),
    st.sampled_from(
        [
            "https://aclanthology.org/{i}",
            "https://aclanthology.org/{i}/",
            "https://aclanthology.org/{i}.pdf",
            "https://aclanthology.org/{i}.bib",
            "http://www.aclweb.org/anthology/{i}",
            "https://www.aclweb.org/anthology/{i}.pdf",
            "http://aclweb.org/anthology/{l}/{l}{y}/{i}.pdf",
            "{i}",
        ]
    ),
)
def test_acl_old_every_form(letter, year, number, template):
    ident = Identifier("acl", f"{letter}{year:02d}-{number:04d}")
    assert parse(template.format(i=ident.id, l=letter, y=f"{year:02d}")) == ident
    assert parse(template.format(i=ident.id.lower(), l=letter, y=f"{year:02d}")) == ident
    assert parse(ident.url) == ident


@given(
    st.integers(2000, 2030),
    st.from_regex(r"[a-z][a-z0-9]{1,10}", fullmatch=True),
    st.none() | st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True),
    st.integers(1, 9999),
)
def test_acl_new_every_form(year, venue, volume, number):
    ident = Identifier("acl", f"{year}.{venue}{f'-{volume}' if volume else ''}.{number}")
    for form in (
        ident.id,
        ident.url,
        f"https://aclanthology.org/{ident.id}.pdf",
        f"https://www.aclweb.org/anthology/{ident.id}",
    ):
        assert parse(form) == ident, form


DOI_SUFFIX = st.from_regex(r"[A-Za-z0-9][-._;()/:A-Za-z0-9]{0,40}[A-Za-z0-9]", fullmatch=True)


@given(st.from_regex(r"10\.[1-9][0-9]{3,8}", fullmatch=True), DOI_SUFFIX)
def test_doi_every_form(prefix, suffix):
    if prefix == "10.48550":
        return  # the arXiv DOI, tested with the arXiv forms
    written = f"{prefix}/{suffix}"
    ident = Identifier("doi", written.lower())
    forms = [
        written,
        f"doi:{written}",
        f"DOI: {written}",
        f"https://doi.org/{written}",
        f"http://dx.doi.org/{written}",
        f"https://doi.org/{prefix}/{quote(suffix, safe='')}",
        ident.url,
        ident.id,
    ]
    if suffix.count("(") == suffix.count(")"):
        forms.append(f"doi:{written}.")
    for form in forms:
        assert parse(form) == ident, form


@given(st.from_regex(r"[A-Za-z0-9_-]{8,12}", fullmatch=True))
def test_openreview_every_form(note):
    ident = Identifier("openreview", note)
    for form in (
        f"https://openreview.net/forum?id={note}",
        f"https://openreview.net/pdf?id={note}",
        f"https://openreview.net/forum?id={note}&noteId=abc",
        ident.url,
    ):
        assert parse(form) == ident


@given(st.integers(1, 300), st.from_regex(r"[a-z]{2,12}[0-9]{2}[a-z]?", fullmatch=True))
def test_pmlr_every_form(volume, paper):
    ident = Identifier("pmlr", f"v{volume}/{paper}")
    for form in (
        f"https://proceedings.mlr.press/v{volume}/{paper}.html",
        f"http://proceedings.mlr.press/v{volume}/{paper}/{paper}.pdf",
        f"https://proceedings.mlr.press/v{volume}/{paper}-supp.pdf",
        f"http://jmlr.org/proceedings/papers/v{volume}/{paper}.pdf",
        ident.url,
        ident.id,
    ):
        assert parse(form) == ident, form


@given(st.text())
@example("https://" + "a" * 5000)
@example("10." * 1000 + "/")
@example("arXiv:" * 100)
@example("\\" * 50 + "https://x.org/\\")
@example("[https://x](https://y)](")
@example("https:\n//\n")
def test_random_text_never_raises(text):
    for found in find(text):
        assert found.line >= 1
        assert text[found.offset : found.offset + len(found.found)] == found.found
        assert (found.identifier is None) == (found.reason is not None)
    extract_text(text)
    extract([("x.bib", text), ("-", text)])
    classify(text)
    result = parse(text)
    if result is not None:
        assert parse(result.url) == result


LINKISH = st.sampled_from(
    [
        "https://",
        "http://",
        "arxiv.org/abs/",
        "arXiv:",
        "doi:",
        "10.",
        "1234",
        "5678",
        ".",
        "/",
        "v2",
        "pdf",
        "-",
        "_",
        "\n",
        " ",
        "\uff08",
        "\uff09",
        "]",
        "(",
        ")",
        "[",
        "<",
        ">",
        '"',
        "%",
        "&amp;",
        "hep-th",
        "math.GT",
        "0309136",
        "proceedings.neurips.cc/paper/2014/file/",
        "a" * 32,
        "-Paper.pdf",
        "aclanthology.org/",
        "P18-1238",
        "openreview.net/forum?id=",
        "www.",
        "\\_",
    ]
)


@given(st.lists(LINKISH, max_size=40).map("".join))
def test_link_fragments_never_raise(text):
    for found in find(text):
        assert text[found.offset : found.offset + len(found.found)] == found.found
    extract_text(text)
    identifiers_in_entry({"url": text, "doi": text, "eprint": text})


@given(
    st.sampled_from(
        [
            "content/CVPR2022",
            "content/ICCV2021",
            "content/WACV2023",
            "content_cvpr_2018",
            "content_ICCV_2017",
            "content_ECCV_2018",
            "content/CVPR2023W/GCV",
            "content_cvpr_2018_workshops/w21",
        ]
    ),
    st.none() | st.sampled_from(["VISDrone", "CEFRL"]),
    st.from_regex(
        r"[A-Z][a-z]{1,10}(?:_[A-Za-z0-9-]{1,12}){1,8}_[A-Z]{3,5}_20[12][0-9]", fullmatch=True
    ),
)
def test_cvf_every_form(folder, sub, stem):
    inner = f"{sub}/" if sub else ""
    ident = Identifier("cvf", f"{folder}/html/{inner}{stem}")
    base = "https://openaccess.thecvf.com"
    for form in (
        f"{base}/{folder}/html/{inner}{stem}_paper.html",
        f"http://openaccess.thecvf.com/{folder}/papers/{inner}{stem}_paper.pdf",
        f"{base}/{folder}/supplemental/{inner}{stem}_supplemental.pdf",
        ident.url,
    ):
        assert parse(form) == ident, form


@given(
    st.sampled_from(["http", "https", "ftp", "HTTPS"]),
    st.from_regex(r"(?:[A-Za-z0-9-]{1,12}\.){1,3}[A-Za-z]{2,6}\.?", fullmatch=True),
    st.from_regex(r"(?:/[A-Za-z0-9._~%!$&'()*+,;=:@é-]{0,12}){0,4}", fullmatch=True),
)
@example("https", "www.tug.org", "/TUGboat/tb01-1/tb01edit.pdf")
@example("http", "Arxiv.org.", "/abs/1511.06434")
def test_a_simple_url_splits_as_urlsplit_splits_it(scheme, host, path):
    # Links of scheme, host and path only skip urllib's parser; the parts are urllib's.
    from urllib.parse import urlsplit

    from imgsynth_refs.identifiers import _split_url

    text = f"{scheme}://{host}{path}"
    split = urlsplit(text)
    url = _split_url(text)
    if url is None:  # the host is no DNS name (a label starting with "-")
        assert _split_url(text + "?") is None
        return
    assert (url.scheme, url.host, url.port, url.path, url.query, url.fragment) == (
        split.scheme.lower(),
        (split.hostname or "").rstrip(".").lower(),
        split.port,
        split.path,
        split.query,
        split.fragment,
    )
    assert _split_url(text + "?") == url  # the general path, by urllib, agrees
