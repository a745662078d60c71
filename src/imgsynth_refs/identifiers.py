"""Paper identifiers: detection rules kept as documented data, and small pure functions.

Modelled on idutils: every rule is a compiled pattern (a module constant naming the
specification it follows), detection walks an ordered table, landing-URL templates are data,
and the functions are split by verb (``parse``/``classify`` detect and normalise,
``canonical_url`` builds the landing URL, ``find`` scans prose). Nothing here does I/O.

Kinds (:data:`KINDS`) and their normalised ``id``:

==============  =================================  =================================================
kind            id                                 canonical URL
==============  =================================  =================================================
``arxiv``       ``1511.06434``, ``math/0309136``   ``https://arxiv.org/abs/<id>[v<version>]``
``neurips``     ``2014/<32 lower-case hex>``       the proceedings.neurips.cc abstract page
``acl``         ``P18-1238``, ``2020.acl-main.1``  ``https://aclanthology.org/<id>/``
``doi``         ``10.1145/3065386`` (lower-cased)  ``https://doi.org/<id>``
``openreview``  ``B1xsqj09Fm``                     ``https://openreview.net/forum?id=<id>``
``pmlr``        ``v139/radford21a``                ``https://proceedings.mlr.press/<id>.html``
``cvf``         ``content/CVPR2022/html/<stem>``   ``https://openaccess.thecvf.com/<id>_paper.html``
``url``         the normalised URL itself          the same
==============  =================================  =================================================

Only arXiv identifiers carry a ``version``; it is kept apart from the id, so
``arXiv:1511.06434v2`` is ``Identifier("arxiv", "1511.06434", 2)``. The arXiv DataCite DOI
``10.48550/arXiv.<id>`` is the ``arxiv`` kind, never a ``doi``: it names the preprint, not a
published version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = [
    "KINDS",
    "Found",
    "Identifier",
    "Invalid",
    "canonical_url",
    "classify",
    "classify_entry",
    "detect",
    "find",
    "identifiers_in_entry",
    "is_valid",
    "iter_find",
    "parse",
    "strip_trailing",
]

KINDS: tuple[str, ...] = ("arxiv", "neurips", "acl", "doi", "openreview", "pmlr", "cvf", "url")
"""Every identifier kind, most specific first; ``url`` is the catch-all for other links."""


@dataclass(frozen=True, slots=True)
class Identifier:
    """One work's identifier, normalised: equal identifiers name the same work."""

    kind: str
    """One of :data:`KINDS`."""
    id: str
    """The normalised id (see the module docstring for each kind's form)."""
    version: int | None = None
    """arXiv version number, kept apart from :attr:`id`; ``None`` for every other kind."""

    @property
    def url(self) -> str:
        """The canonical landing URL (see :func:`canonical_url`)."""
        return canonical_url(self)


@dataclass(frozen=True, slots=True)
class Invalid:
    """Text that looks like an identifier of ``kind`` but breaks its rules."""

    kind: str
    """The kind the text imitates."""
    text: str
    """The text as given."""
    reason: str
    """Why it is not valid, as a short phrase (``"arXiv month 13 does not exist"``)."""


@dataclass(frozen=True, slots=True)
class Found:
    """One occurrence of an identifier (or of an invalid look-alike) in scanned text."""

    identifier: Identifier | None
    """The normalised identifier; ``None`` when the text is an invalid look-alike."""
    found: str
    """The text exactly as it appeared (a line-wrapped link keeps its line break)."""
    line: int
    """1-based line number of the first character of :attr:`found`."""
    reason: str | None = None
    """Why the look-alike is invalid; ``None`` for a valid identifier."""
    offset: int = 0
    """0-based character offset of :attr:`found` in the scanned text."""


# --------------------------------------------------------------------------------------------
# arXiv.  Spec: https://info.arxiv.org/help/arxiv_identifier.html
# --------------------------------------------------------------------------------------------

ARXIV_NEW_ID = re.compile(
    r"(?P<yymm>\d{4})\.(?P<number>\d{4,5})(?:v(?P<version>\d{1,4}))?", re.ASCII
)
"""New-style arXiv id ``YYMM.NNNN`` (0704-1412) or ``YYMM.NNNNN`` (1501 on), plus ``vN``.

arXiv identifier spec, "identifiers since 1 April 2007"; :func:`_arxiv_new_problem` checks the
month and the number width for the month.
"""

ARXIV_OLD_ID = re.compile(
    r"(?P<archive>[a-z]{1,9}(?:-[a-z]{2,5})?)(?:\.(?P<subject>[a-z]{2,9}(?:-[a-z]{2,5})?))?"
    r"/(?P<yymm>\d{4})(?P<number>\d{3})(?:v(?P<version>\d{1,4}))?",
    re.IGNORECASE | re.ASCII,
)
"""Old-style arXiv id ``archive(.SC)/YYMMNNN`` plus ``vN`` (spec: "identifiers up to March 2007").

The subject class (``math.GT``) is not part of the id: ``math.GT/0309136`` is ``math/0309136``.
"""

ARXIV_ARCHIVES: frozenset[str] = frozenset(
    {
        *("acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an"),
        *("chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an"),
        *("gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin"),
        *("nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph"),
        *("solv-int", "supr-con"),
    }
)
"""Archives that issued old-style ids (arXiv's archive list; q-fin and stat began after 2007)."""

ARXIV_CATEGORY_NEW_ID = re.compile(
    r"(?P<archive>[a-z]{1,9}(?:-[a-z]{2,5})?)(?:\.[a-z-]{2,16})?/(?P<rest>\d{4}\.\d{4,5}(?:v\d{1,4})?)",
    re.IGNORECASE | re.ASCII,
)
"""A new-style id written after its category, as some references do (``hep-th/1601.07616``,
``cs.CV/2105.05233``): the category is not part of the id."""

ARXIV_NEW_ARCHIVES: frozenset[str] = frozenset({"stat", "q-fin", "eess", "econ"})
"""Archives opened after March 2007, so only with new-style ids."""

ARXIV_PREFIX = re.compile(
    r"arxiv(?:\.org)?(?:\s{0,2}[:\uff1a]\s{0,3}|\s{1,3})", re.IGNORECASE | re.ASCII
)
"""The ``arXiv:`` prefix as written in references (``arXiv:``, ``arxiv.org:``, full-width colon)."""

ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(?P<rest>.+)", re.IGNORECASE | re.ASCII)
"""arXiv's DataCite DOI ``10.48550/arXiv.<id>`` (arXiv, 2022: DOIs for every article)."""

ARXIV_HOSTS: frozenset[str] = frozenset(
    {
        "arxiv.org",
        "www.arxiv.org",
        "export.arxiv.org",
        "browse.arxiv.org",
        "ar5iv.org",
        "ar5iv.labs.arxiv.org",
        "xxx.lanl.gov",
    }
)
"""Hosts serving arXiv pages: the site, its mirrors for robots and its HTML renderings."""

ARXIV_PATH = re.compile(
    r"/(?:abs|pdf|html|format|ps|src|e-print)/(?P<rest>.*?)(?:\.pdf)?/?", re.IGNORECASE | re.ASCII
)
"""arXiv page paths: ``/abs/ID``, ``/pdf/ID``, ``/pdf/ID.pdf``, ``/html/IDvN``, ``/format/ID``."""


def _arxiv_new_problem(yymm: str, number: str) -> str | None:
    """Why a new-style id is impossible, or ``None`` when it can exist."""
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        return f"arXiv month {yymm[2:]} does not exist"
    if yymm < "0704":
        return f"new-style arXiv ids start in April 2007, not {yymm}"
    if len(number) == 4 and yymm >= "1501":
        return f"arXiv ids from 2015 on have 5 digits after the dot, not {number}"
    if len(number) == 5 and yymm < "1501":
        return f"arXiv ids before 2015 have 4 digits after the dot, not {number}"
    if int(number) == 0:
        return "arXiv paper number 0 does not exist"
    return None


def _arxiv_old_problem(archive: str, yymm: str, number: str) -> str | None:
    """Why an old-style id is impossible, or ``None`` when it can exist."""
    if archive not in ARXIV_ARCHIVES:
        return f"{archive!r} is not an arXiv archive"
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        return f"arXiv month {yymm[2:]} does not exist"
    # Old-style ids ran from August 1991 (hep-th/9108001) to March 2007.
    if "0703" < yymm < "9108":
        return f"old-style arXiv ids run from 9108 to 0703, not {yymm}"
    if int(number) == 0:
        return "arXiv paper number 000 does not exist"
    return None


def _arxiv(text: str) -> Identifier | Invalid | None:
    """An arXiv id with optional version, new or old style (no prefix, no URL)."""
    match = ARXIV_NEW_ID.fullmatch(text)
    if match:
        problem = _arxiv_new_problem(match["yymm"], match["number"])
        ident = f"{match['yymm']}.{match['number']}"
    else:
        category = ARXIV_CATEGORY_NEW_ID.fullmatch(text)
        if category and category["archive"].lower() in ARXIV_ARCHIVES | ARXIV_NEW_ARCHIVES:
            return _arxiv(category["rest"])
        match = ARXIV_OLD_ID.fullmatch(text)
        if not match:
            return None
        archive = match["archive"].lower()
        problem = _arxiv_old_problem(archive, match["yymm"], match["number"])
        ident = f"{archive}/{match['yymm']}{match['number']}"
    if problem:
        return Invalid("arxiv", text, problem)
    version = match["version"]
    if version is not None and int(version) == 0:
        return Invalid("arxiv", text, "arXiv versions start at v1")
    return Identifier("arxiv", ident, int(version) if version else None)


# --------------------------------------------------------------------------------------------
# DOI.  Spec: DOI Handbook 2.2 (syntax) and Crossref's advice on matching DOIs in text.
# --------------------------------------------------------------------------------------------

DOI = re.compile(r"(?P<prefix>10\.\d{4,9}(?:\.\d{1,9}){0,3})/(?P<suffix>\S{1,1000})", re.ASCII)
"""A DOI: directory indicator ``10.``, registrant code of 4-9 digits (optionally subdivided),
``/``, any printable suffix (DOI Handbook 2.2; Crossref: ``10.\\d{4,9}/[-._;()/:A-Z0-9]+``)."""

DOI_LOOKALIKE = re.compile(r"10\.[\w.]{0,20}/\S{0,1000}", re.ASCII)
"""Text shaped like a DOI whose prefix breaks the rule (``10.12/abc``): reported as invalid."""

DOI_PREFIX = re.compile(
    r"(?:doi[ \t]{0,2}[:\uff1a]\s{0,3}|info:doi/|urn:doi:|doi\s(?=10\.))", re.IGNORECASE | re.ASCII
)
"""How references prefix a bare DOI: ``doi:``, ``DOI: ``, ``info:doi/``, ``urn:doi:``."""

DOI_HOSTS: frozenset[str] = frozenset({"doi.org", "dx.doi.org", "www.doi.org", "hdl.handle.net"})
"""DOI resolvers (doi.org, its legacy dx. name, and the Handle System proxy)."""

DOI_URL_SAFE = "/:;()[]-._~!$'*+,=@&"
"""Characters left as-is in a DOI URL; the rest (``#``, ``?``, ``%``, ``<``, space, non-ASCII)
are percent-encoded, following the DOI Handbook's encoding rules for DOIs in URLs."""


def _doi(text: str) -> Identifier | Invalid | None:
    """A bare DOI (no prefix, no URL), case-folded; the arXiv DOI becomes ``arxiv``."""
    arxiv = ARXIV_DOI.fullmatch(text)
    if arxiv:
        found = _arxiv(arxiv["rest"])
        if isinstance(found, Identifier):
            return found
        return Invalid("arxiv", text, f"arXiv DOI names no valid arXiv id: {arxiv['rest']}")
    if DOI.fullmatch(text):
        return Identifier("doi", text.lower())
    if text.startswith("10.") and DOI_LOOKALIKE.fullmatch(text):
        if text.endswith("/") or "/" not in text:
            return Invalid("doi", text, "DOI has no suffix after '/'")
        return Invalid("doi", text, "DOI prefix must be '10.' and a 4-9 digit registrant code")
    return None


# --------------------------------------------------------------------------------------------
# NeurIPS proceedings.  Spec: the URL scheme of proceedings.neurips.cc (and papers.nips.cc,
# its former name); the paper's 32-hex hash is the site's own key.
# --------------------------------------------------------------------------------------------

NEURIPS_HOSTS: frozenset[str] = frozenset(
    {
        "proceedings.neurips.cc",
        "papers.nips.cc",
        "papers.neurips.cc",
        "datasets-benchmarks-proceedings.neurips.cc",
    }
)
"""Hosts of the NeurIPS proceedings (the site moved from papers.nips.cc in 2020)."""

NEURIPS_PATH_SHAPE = re.compile(
    r"/(?:paper_files/)?paper/(?P<year>\d{4})/(?:file|hash)/(?P<rest>.*)", re.ASCII
)
"""A proceedings paper path; what follows ``file/`` or ``hash/`` is checked by NEURIPS_FILE."""

NEURIPS_FILE = re.compile(
    r"(?P<hash>[0-9a-f]{32})-(?:Paper|Abstract|Bibtex|Metadata|Supplemental|Reviews?|MetaReview"
    r"|AuthorFeedback|Supplementary)(?:-[A-Za-z0-9_]{1,40}){0,3}\.(?:pdf|html|bib|json|zip)",
    re.IGNORECASE | re.ASCII,
)
"""A proceedings file name: hash, page kind and optional track suffix, e.g.
``…-Paper.pdf``, ``…-Abstract-Conference.html``, ``…-Abstract-Datasets_and_Benchmarks.html``,
``…-Supplemental-Conference.zip``, ``…-Bibtex.bib``, ``…-Metadata.json``."""

NEURIPS_ID = re.compile(r"(?P<year>\d{4})/(?P<hash>[0-9a-f]{32})", re.IGNORECASE | re.ASCII)
"""The normalised NeurIPS id ``YEAR/HASH``."""

NEURIPS_FIRST_YEAR = 1987
"""NIPS 1987 is volume 0 of the proceedings."""

NEURIPS_CONFERENCE_TRACK_FROM = 2022
"""From 2022 the main-track abstract page is ``…-Abstract-Conference.html``.

The id (``YEAR/HASH``) does not carry the track, so the canonical URL names the main-track page
even for a Datasets and Benchmarks paper (``…-Abstract-Datasets_and_Benchmarks.html``, or the
2021 ``datasets-benchmarks-proceedings.neurips.cc`` rounds): same paper, same id, but that
URL may not be the page the site serves. Old ``papers.nips.cc/paper/5423-…`` links carry no
hash and stay plain ``url`` identifiers."""


NEURIPS_OLD_PATH = re.compile(
    r"/paper/(?P<number>\d{1,5})-(?P<slug>[a-z0-9]{1,40}(?:-[a-z0-9]{1,40}){0,40})(?:\.pdf|\.html|/)?",
    re.IGNORECASE | re.ASCII,
)
"""The site's pre-2020 paper path ``/paper/5423-generative-adversarial-nets[.pdf]``: its
paper number and the proceedings title as a slug (no year, no hash)."""


def neurips_old_paper(ident: Identifier) -> tuple[int, str] | None:
    """``(number, slug)`` of an old NeurIPS paper link (a ``url`` identifier such as
    ``https://papers.nips.cc/paper/5423-generative-adversarial-nets``), else ``None``."""
    if ident.kind != "url":
        return None
    parts = urlsplit(ident.id)
    match = NEURIPS_OLD_PATH.fullmatch(parts.path) if parts.hostname in NEURIPS_HOSTS else None
    return (int(match["number"]), match["slug"].lower()) if match else None


def _neurips_id(year: str, digest: str, text: str) -> Identifier | Invalid:
    if not NEURIPS_FIRST_YEAR <= int(year) <= 2099:
        return Invalid("neurips", text, f"NeurIPS has no proceedings for {year}")
    return Identifier("neurips", f"{year}/{digest.lower()}")


# --------------------------------------------------------------------------------------------
# ACL Anthology.  Spec: https://aclanthology.org/info/ids/ (old and new id formats).
# --------------------------------------------------------------------------------------------

ACL_OLD_ID = re.compile(r"[A-Z]\d{2}-\d{4}", re.IGNORECASE | re.ASCII)
"""Old Anthology id: venue letter, two-digit year, ``-``, four-digit paper number (P18-1238)."""

ACL_NEW_ID = re.compile(
    r"\d{4}\.[a-z][a-z0-9]{0,19}(?:-[a-z0-9]{1,20}){0,3}\.\d{1,4}", re.IGNORECASE | re.ASCII
)
"""New Anthology id (2020 on): ``YEAR.VENUE[-VOLUME].NUMBER`` (2020.acl-main.1)."""

ACL_HOSTS: frozenset[str] = frozenset(
    {
        "aclanthology.org",
        "www.aclanthology.org",
        "aclweb.org",
        "www.aclweb.org",
        "anthology.aclweb.org",
    }
)
"""The Anthology and its legacy homes under aclweb.org."""

ACL_PATH = re.compile(
    r"/(?:anthology(?:-new)?/)?(?:[A-Z]/[A-Z]\d{2}/)?(?P<id>[^/]+?)(?:v\d{1,2})?"
    r"(?:\.pdf|\.bib|\.xml)?/?",
    re.IGNORECASE | re.ASCII,
)
"""Anthology paper paths: ``/P18-1238``, ``/P18-1238.pdf``, ``/2020.acl-main.1/``, legacy
``/anthology/P18-1238``, ``/anthology/P/P18/P18-1238.pdf`` and revisions ``…v2.pdf``."""


def _acl(text: str) -> Identifier | None:
    if ACL_OLD_ID.fullmatch(text):
        return Identifier("acl", text.upper())
    if ACL_NEW_ID.fullmatch(text):
        return Identifier("acl", text.lower())
    return None


# --------------------------------------------------------------------------------------------
# OpenReview, PMLR, CVF open access.
# --------------------------------------------------------------------------------------------

OPENREVIEW_HOSTS: frozenset[str] = frozenset({"openreview.net", "www.openreview.net"})
OPENREVIEW_ID = re.compile(r"[A-Za-z0-9_-]{5,40}")
"""An OpenReview note id as in ``/forum?id=`` and ``/pdf?id=`` (case-sensitive)."""
OPENREVIEW_PAGES: frozenset[str] = frozenset({"/forum", "/pdf", "/attachment", "/revisions"})

PMLR_HOSTS: frozenset[str] = frozenset(
    {
        "proceedings.mlr.press",
        "www.proceedings.mlr.press",
        "jmlr.org",
        "www.jmlr.org",
        "jmlr.csail.mit.edu",
    }
)
"""PMLR and its predecessor, JMLR W&CP (``jmlr.org/proceedings/papers/vNN/``)."""
PMLR_PATH = re.compile(
    r"/(?:proceedings/papers/)?(?P<volume>[vr]\d{1,4})/(?P<paper>[A-Za-z][\w-]{0,79}?)"
    r"(?:(?:-supp)?\.(?:html|pdf)|/(?P=paper)(?:-supp)?\.pdf|/)?",
    re.ASCII,
)
"""PMLR paper paths: ``/v139/radford21a.html``, ``/v139/radford21a/radford21a.pdf``,
``/v37/ioffe15.pdf`` and ``-supp.pdf`` files (volume ``vNN`` or reissue ``rNN``)."""
PMLR_ID = re.compile(r"[vr]\d{1,4}/[A-Za-z][\w-]{0,79}", re.ASCII)

CVF_HOSTS: frozenset[str] = frozenset({"openaccess.thecvf.com", "www.openaccess.thecvf.com"})
CVF_PATH = re.compile(
    r"/(?P<dir>content(?:_[A-Za-z]{2,8}_\d{4}(?:_workshops)?|/[A-Za-z]{2,8}\d{4}W?)"
    r"(?:/[\w-]{1,40}){0,2})/(?:html|papers|supplemental)/(?P<sub>[\w-]{1,40}/)?"
    r"(?P<stem>[^/]{1,300}?)_(?:paper|supplemental)\.(?:html|pdf|zip)",
    re.ASCII,
)
"""CVF open-access papers: ``/content/CVPR2022/html/<stem>_paper.html``, ``papers/…pdf``,
``supplemental/…_supplemental.pdf``, ``/content_cvpr_2018/…``, and workshop folders before
(``/content/CVPR2023W/GCV/html/…``) or after (``/content_ICCVW_2019/papers/VISDrone/…``) the
page kind. The id is the HTML page's path without ``_paper.html``."""


# --------------------------------------------------------------------------------------------
# Generic URLs.  Spec: RFC 3986 section 6 (normalisation) and common tracking parameters.
# --------------------------------------------------------------------------------------------

TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_hsenc",
        "_hsmi",
        "ref_src",
        "ref_url",
        "spm",
        "trk",
        "src_trk",
        "__twitter_impression",
    }
)
"""Query parameters that only track the click; every ``utm_*`` parameter is dropped as well."""

DEFAULT_PORTS: Mapping[str, int] = {"http": 80, "https": 443}

TRAILING_PUNCTUATION = ".,;:!?'\"*"
"""Characters that end a sentence or quote rather than a link (stripped from link ends)."""

BRACKETS: Mapping[str, str] = {")": "(", "]": "[", "}": "{"}


def strip_trailing(text: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end of a link.

    ``https://en.wikipedia.org/wiki/Foo_(bar)).`` keeps its balanced ``(bar)``.
    """
    balance = {close: text.count(close) - text.count(open_) for close, open_ in BRACKETS.items()}
    end = len(text)
    while end:
        last = text[end - 1]
        if last in BRACKETS and balance[last] > 0:
            balance[last] -= 1
        elif last not in TRAILING_PUNCTUATION:
            break
        end -= 1
    return text[:end]


def _normalize_url(parts: _Url) -> str:
    """RFC 3986 normalisation: lower-case scheme and host, no default port, path ``/`` if
    empty, tracking parameters and text fragments dropped."""
    netloc = parts.host
    if parts.port is not None and DEFAULT_PORTS.get(parts.scheme) != parts.port:
        netloc = f"{netloc}:{parts.port}"
    if parts.userinfo:
        netloc = f"{parts.userinfo}@{netloc}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept, safe="/:@!$'()*+,;")
    fragment = parts.fragment
    if fragment.startswith(":~:"):
        fragment = ""
    return urlunsplit((parts.scheme, netloc, parts.path or "/", query, fragment))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


@dataclass(frozen=True, slots=True)
class _Url:
    scheme: str
    userinfo: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str


URL_START = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]{0,15})://", re.IGNORECASE | re.ASCII)
"""An absolute URL (RFC 3986 ``scheme "://" authority``)."""

HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.){1,10}[a-z]{2,24}\.?|localhost"
    r"|\d{1,3}(?:\.\d{1,3}){3}",
    re.IGNORECASE | re.ASCII,
)
"""A DNS name with a letter TLD, ``localhost`` or an IPv4 address."""


def _split_url(text: str) -> _Url | None:
    """Split an absolute http(s)/ftp URL (or ``www.`` / a known host without scheme)."""
    if not URL_START.match(text):
        text = "https://" + text
    try:
        split = urlsplit(text)
        port = split.port
    except ValueError:
        return None
    scheme = split.scheme.lower()
    host = (split.hostname or "").rstrip(".")
    if scheme not in ("http", "https", "ftp") or not HOST.fullmatch(host):
        return None
    userinfo = split.netloc.rpartition("@")[0] if "@" in split.netloc else ""
    return _Url(scheme, userinfo, host.lower(), port, split.path, split.query, split.fragment)


# --------------------------------------------------------------------------------------------
# Host rules: URL -> identifier.  Each returns None when the page is not a paper page (the
# link is then a plain ``url``), or Invalid when it is a paper page with an impossible id.
# --------------------------------------------------------------------------------------------

HostRule = Callable[[_Url, str], "Identifier | Invalid | None"]


def _arxiv_url(url: _Url, text: str) -> Identifier | Invalid | None:
    match = ARXIV_PATH.fullmatch(url.path)
    if not match:
        return None
    found = _arxiv(unquote(match["rest"]))
    if found is None:
        return Invalid("arxiv", text, f"not an arXiv id: {match['rest']!r}")
    return found if isinstance(found, Identifier) else Invalid("arxiv", text, found.reason)


def _doi_url(url: _Url, text: str) -> Identifier | Invalid | None:
    path = unquote(url.path.lstrip("/"))
    if not path:
        return None
    if url.host == "hdl.handle.net" and not path.startswith("10."):
        return None
    found = _doi(path)
    if found is None:
        return Invalid("doi", text, f"not a DOI: {path!r}")
    return found if isinstance(found, Identifier) else Invalid(found.kind, text, found.reason)


def _neurips_url(url: _Url, text: str) -> Identifier | Invalid | None:
    shape = NEURIPS_PATH_SHAPE.fullmatch(url.path)
    if not shape:
        return None
    name = NEURIPS_FILE.fullmatch(shape["rest"])
    if not name:
        return Invalid(
            "neurips", text, "NeurIPS file name must be a 32-hex hash and a page such as -Paper.pdf"
        )
    return _neurips_id(shape["year"], name["hash"], text)


def _acl_url(url: _Url, text: str) -> Identifier | Invalid | None:
    if url.host.endswith("aclweb.org") and not (
        url.path.startswith(("/anthology/", "/anthology-new/")) or url.host.startswith("anthology")
    ):
        return None
    match = ACL_PATH.fullmatch(url.path)
    return _acl(match["id"]) if match else None


def _openreview_url(url: _Url, text: str) -> Identifier | Invalid | None:
    if url.path.rstrip("/") not in OPENREVIEW_PAGES:
        return None
    ids = [v for k, v in parse_qsl(url.query) if k == "id"]
    if not ids:
        return Invalid("openreview", text, "OpenReview link without ?id=")
    if not OPENREVIEW_ID.fullmatch(ids[0]):
        return Invalid("openreview", text, f"not an OpenReview id: {ids[0]!r}")
    return Identifier("openreview", ids[0])


def _pmlr_url(url: _Url, text: str) -> Identifier | Invalid | None:
    legacy = url.host.endswith("jmlr.org") or url.host == "jmlr.csail.mit.edu"
    if legacy and not url.path.startswith("/proceedings/papers/"):
        return None
    match = PMLR_PATH.fullmatch(url.path)
    if not match:
        return None
    return Identifier("pmlr", f"{match['volume']}/{match['paper']}")


def _cvf_url(url: _Url, text: str) -> Identifier | Invalid | None:
    match = CVF_PATH.fullmatch(url.path)
    if not match:
        return None
    return Identifier("cvf", f"{match['dir']}/html/{match['sub'] or ''}{match['stem']}")


HOST_RULES: tuple[tuple[frozenset[str], HostRule], ...] = (
    (ARXIV_HOSTS, _arxiv_url),
    (DOI_HOSTS, _doi_url),
    (NEURIPS_HOSTS, _neurips_url),
    (ACL_HOSTS, _acl_url),
    (OPENREVIEW_HOSTS, _openreview_url),
    (PMLR_HOSTS, _pmlr_url),
    (CVF_HOSTS, _cvf_url),
)
"""Host sets and the rule that reads a paper id from their URLs; other hosts give ``url``."""


REPEATED_SLASHES = re.compile(r"/{2,}")


def _url(text: str) -> Identifier | Invalid | None:
    url = _split_url(text)
    if url is None:
        return None
    for hosts, rule in HOST_RULES:
        if url.host in hosts:
            # "proceedings.neurips.cc//paper/…" is served as the single-slash path; a DOI's
            # slashes are its own.
            single = (
                url
                if hosts is DOI_HOSTS
                else replace(url, path=REPEATED_SLASHES.sub("/", url.path))
            )
            found = rule(single, text)
            if found is not None:
                return found
            break
    return Identifier("url", _normalize_url(url))


# --------------------------------------------------------------------------------------------
# Bare and prefixed ids.  ORDER MATTERS: the arXiv DOI must be tried before arXiv ids, DOIs
# before anything containing "/", and full URLs are handled before this table is consulted.
# --------------------------------------------------------------------------------------------


def _prefixed_arxiv(text: str) -> Identifier | Invalid | None:
    prefix = ARXIV_PREFIX.match(text)
    if not prefix or prefix.end() == len(text):
        return None
    rest = text[prefix.end() :]
    if not rest[:1].isdigit() and "/" not in rest:
        return None  # "arXiv preprint", "arXiv is ...": prose, not an attempt at an id
    return _arxiv(rest) or Invalid("arxiv", text, f"not an arXiv id after the prefix: {rest!r}")


def _prefixed_doi(text: str) -> Identifier | Invalid | None:
    prefix = DOI_PREFIX.match(text)
    if not prefix:
        return None
    rest = text[prefix.end() :]
    found = _doi(rest)
    if found is None:
        return Invalid("doi", text, f"not a DOI after the prefix: {rest!r}")
    return found


def _bare_neurips(text: str) -> Identifier | Invalid | None:
    match = NEURIPS_ID.fullmatch(text)
    return _neurips_id(match["year"], match["hash"], text) if match else None


def _bare_pmlr(text: str) -> Identifier | None:
    return Identifier("pmlr", text) if PMLR_ID.fullmatch(text) else None


DETECTORS: tuple[tuple[str, Callable[[str], Identifier | Invalid | None]], ...] = (
    ("doi", _prefixed_doi),
    ("doi", _doi),
    ("arxiv", _prefixed_arxiv),
    ("neurips", _bare_neurips),
    ("arxiv", _arxiv),
    ("acl", _acl),
    ("pmlr", _bare_pmlr),
)
"""Ordered (kind, detector) table for text that is not a URL."""

KNOWN_HOSTS: frozenset[str] = frozenset().union(*(hosts for hosts, _rule in HOST_RULES))
"""Every host a rule reads ids from; links to them are recognised without a scheme."""

URL_LIKE = re.compile(
    r"(?:[a-z][a-z0-9+.-]{0,15}://|www\.|(?P<host>[a-z0-9.-]{1,60})/)", re.IGNORECASE | re.ASCII
)
"""Text to treat as a URL: a scheme, ``www.``, or a known host and ``/`` (``arxiv.org/abs/…``)."""


def _is_url_like(text: str) -> bool:
    match = URL_LIKE.match(text)
    if match is None:
        return False
    host = match["host"]
    return host is None or host.lower() in KNOWN_HOSTS


def classify(text: str) -> Identifier | Invalid | None:
    """Read one link or id (the whole string) and normalise it.

    Returns an :class:`Identifier`, an :class:`Invalid` when the text imitates an identifier but
    breaks its rules (``arXiv:1513.00001``), or ``None`` when it is no identifier at all.
    Surrounding spaces, ``<…>`` and trailing sentence punctuation are ignored.
    """
    text = strip_trailing(text.strip())
    if text.startswith("<") and text.endswith(">"):
        text = strip_trailing(text[1:-1].strip())
    if not text or len(text) > 4096:
        return None
    found: Identifier | Invalid | None = None
    if _is_url_like(text):
        found = _url(text)
    else:
        for _kind, detector in DETECTORS:
            found = detector(text)
            if found is not None:
                break
    if isinstance(found, Invalid) and found.text != text:
        return Invalid(found.kind, text, found.reason)
    return found


def parse(text: str) -> Identifier | None:
    """The identifier that ``text`` (one whole link or id) denotes, or ``None``.

    >>> parse("https://arxiv.org/pdf/1511.06434v2.pdf")
    Identifier(kind='arxiv', id='1511.06434', version=2)
    """
    found = classify(text)
    return found if isinstance(found, Identifier) else None


def detect(text: str) -> str | None:
    """The kind of identifier ``text`` is (see :data:`KINDS`), or ``None``."""
    found = parse(text)
    return found.kind if found else None


def is_valid(text: str, kind: str | None = None) -> bool:
    """Whether ``text`` is a valid identifier (of ``kind``, when given)."""
    found = parse(text)
    return found is not None and (kind is None or found.kind == kind)


# --------------------------------------------------------------------------------------------
# Canonical URLs.
# --------------------------------------------------------------------------------------------

URL_TEMPLATES: Mapping[str, str] = {
    "arxiv": "https://arxiv.org/abs/{id}{version}",
    "neurips": "https://proceedings.neurips.cc/paper_files/paper/{head}/hash/{tail}-{page}.html",
    "acl": "https://aclanthology.org/{id}/",
    "doi": "https://doi.org/{quoted}",
    "openreview": "https://openreview.net/forum?id={id}",
    "pmlr": "https://proceedings.mlr.press/{id}.html",
    "cvf": "https://openaccess.thecvf.com/{id}_paper.html",
    "url": "{id}",
}
"""Landing-page URL of each kind. Fields: ``id``; ``head``/``tail`` (the id split at its last
``/``); ``version`` (``vN`` or empty); ``quoted`` (the id escaped for a URL); ``page`` (the
NeurIPS abstract page name of the year)."""


def canonical_url(ident: Identifier) -> str:
    """The landing page of ``ident``; parsing it gives ``ident`` back."""
    head, _, tail = ident.id.rpartition("/")
    page = "Abstract"
    if ident.kind == "neurips" and int(head) >= NEURIPS_CONFERENCE_TRACK_FROM:
        page = "Abstract-Conference"
    return URL_TEMPLATES[ident.kind].format(
        id=ident.id,
        head=head,
        tail=tail,
        version=f"v{ident.version}" if ident.version else "",
        quoted=quote(ident.id, safe=DOI_URL_SAFE),
        page=page,
    )


# --------------------------------------------------------------------------------------------
# .bib entries.
# --------------------------------------------------------------------------------------------

BIB_ESCAPE = re.compile(r"\\([_%&#$~{}])")
"""LaTeX escapes found in .bib URLs and DOIs (``content\\_CVPR\\_2019``, ``50\\%``)."""

BIB_ID_FIELDS: tuple[str, ...] = ("eprint", "arxivid", "arxiv", "doi", "openreview", "url")
"""Fields of a BibTeX entry that carry identifiers, in the order they are read."""


def _unbrace(value: str) -> str:
    return BIB_ESCAPE.sub(r"\1", value).replace("{", "").replace("}", "").strip()


def classify_entry(fields: Mapping[str, str]) -> list[tuple[str, str, Identifier | Invalid]]:
    """Each identifier (or invalid look-alike) in a BibTeX entry, as (field, text, result).

    ``fields`` maps field names (any case) to raw values. Read, in :data:`BIB_ID_FIELDS` order:
    ``eprint`` (when ``archiveprefix``/``eprinttype`` is ``arXiv`` or absent), ``arxivid``,
    ``arxiv``, ``doi``, ``openreview`` and ``url`` (several URLs may be separated by spaces);
    ``text`` is the value (or the one URL) read, with LaTeX escapes (``\\_``) and braces
    undone. A value that is neither an identifier nor a look-alike of one (an ``eprint`` of
    another archive, a ``url`` that is no link) gives nothing. Field names come back lower-cased.
    """
    lowered = {key.lower(): _unbrace(str(value)) for key, value in fields.items()}
    prefix = (lowered.get("archiveprefix") or lowered.get("eprinttype") or "").lower()
    found: list[tuple[str, str, Identifier | Invalid]] = []
    for key in BIB_ID_FIELDS:
        value = lowered.get(key, "")
        if not value or (key == "eprint" and prefix not in ("", "arxiv")):
            continue
        result: Identifier | Invalid | None
        if key in ("eprint", "arxivid", "arxiv"):
            result = _prefixed_arxiv(value) or _arxiv(value)
            if result is None and prefix == "arxiv":
                result = Invalid("arxiv", value, f"not an arXiv id: {value!r}")
        elif key == "openreview":
            valid = OPENREVIEW_ID.fullmatch(value)
            result = Identifier("openreview", value) if valid else None
        elif key == "doi":
            result = classify(value) or Invalid("doi", value, f"not a DOI: {value!r}")
        else:
            for part in value.split():
                if (url := classify(part)) is not None:
                    found.append((key, part, url))
            continue
        if result is not None:
            found.append((key, value, result))
    return found


def identifiers_in_entry(fields: Mapping[str, str]) -> list[Identifier]:
    """The valid identifiers of a BibTeX entry (see :func:`classify_entry`), without duplicates.

    Used to tell which works a .bib already holds: an entry with ``eprint = {1511.06434}``,
    ``archiveprefix = {arXiv}`` and ``url = {https://arxiv.org/abs/1511.06434v2}`` gives one
    identifier, ``Identifier("arxiv", "1511.06434")``. Invalid values are skipped.
    """
    seen: dict[tuple[str, str], Identifier] = {}
    for _field, _text, result in classify_entry(fields):
        if isinstance(result, Identifier):
            seen.setdefault((result.kind, result.id), result)
    return list(seen.values())


# --------------------------------------------------------------------------------------------
# Scanning prose.  Linear by design: one left-to-right search for candidate starts, every
# quantifier bounded, no nested repetition, and the scan never moves backwards.
# --------------------------------------------------------------------------------------------

URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%\\"
"""Characters a link is made of in prose (RFC 3986 unreserved, reserved and ``%``, plus the
backslash of Markdown/LaTeX escapes). Anything else ends a link: spaces, quotes, ``<>{}|``,
and every non-ASCII character, so CJK text and full-width punctuation right after a link are
not taken into it (percent-encoded IRIs are unaffected)."""

MAX_LINK = 2048
"""Longest link read in one piece (browsers' practical limit); longer runs are cut."""

_HOSTS = "|".join(map(re.escape, sorted(KNOWN_HOSTS)))
_ARCHIVES = "|".join(map(re.escape, sorted(ARXIV_ARCHIVES, key=len, reverse=True)))

SCAN = re.compile(
    "|".join(
        (
            rf"(?P<url>(?:https?|ftp):(?:\r?\n[ \t]{{0,40}})?//[{URL_CHARS}]{{0,{MAX_LINK}}})",
            rf"(?P<host>(?<![A-Za-z0-9_.@/-])(?:www\.|(?:{_HOSTS})/)[{URL_CHARS}]{{0,{MAX_LINK}}})",
            r"(?P<arxiv>(?<![A-Za-z0-9_])arxiv(?:\.org)?"
            r"(?:[ \t]{0,2}[:\uff1a]\s{0,3}|[ \t]{1,3}(?=\d))[A-Za-z0-9./-]{0,64})",
            rf"(?P<doi>(?<![A-Za-z0-9_])doi(?:[ \t]{{0,2}}[:\uff1a]\s{{0,3}}|[ \t](?=10\.))"
            rf"[{URL_CHARS}]{{0,1000}})",
            rf"(?P<bare>(?<![A-Za-z0-9_./-])10\.\d{{4,9}}(?:\.\d{{1,9}}){{0,3}}/[{URL_CHARS}]{{0,1000}})",
            rf"(?P<old>(?<![A-Za-z0-9_./-])(?:{_ARCHIVES})"
            r"(?:\.[A-Za-z-]{2,16})?/(?:\d{7}|\d{4}\.\d{4,5})(?:v\d{1,4})?(?![\w/]))",
            r"(?P<corr>(?:(?<=(?<![A-Za-z0-9_])corr, )|(?<=(?<![A-Za-z0-9_])corr )"
            r"|(?<=(?<![A-Za-z0-9_])corr, vol\. ))abs/\d{4}\.\d{4,5}(?:v\d{1,4})?(?![\w/]))",
        )
    ),
    re.IGNORECASE | re.ASCII,
)
"""Where a candidate starts: a URL, ``www.`` or a known host, ``arXiv:``, ``doi:``, a bare DOI
``10.NNNN/``, an old-style arXiv id, or dblp's ``CoRR, abs/ID`` (the ``abs/ID`` part). Each
alternative is bounded, so a failed attempt costs a constant and a match never extends past
its bound: scanning is linear in the text length.
The one-character look-behinds keep ``foo.arxiv.org/`` from being an arXiv link and
``x10.1234/y`` or ``a/10.1234/b`` from being DOIs (a URL needs no such check); they test ASCII
only, so CJK text may touch a candidate (``见arXiv:1511.06434``)."""

ANCHOR = re.compile(r"[:/\uff1a](?![:/])|[wW]{3}\.|[aA][rR][xX][iI][vV][ \t]{1,3}\d", re.ASCII)
"""What every candidate holds within :data:`LOOKBACK` of its start: the ``:`` of a scheme or
prefix, the ``/`` of a host, DOI or old arXiv id, ``www.``, or ``arXiv 1511.06434`` written
without a colon (a run of ``:`` and ``/`` anchors once, at its end). The scanner jumps from
anchor to anchor and tries :data:`SCAN` only on the run of link characters ending at each, so
ordinary prose costs one character test per character."""

LOOKBACK = 64
"""How far before an anchor a candidate may start (``cond-mat.mes-hall/``, ``10.1000.10/``)."""

CONTINUATION = re.compile(
    rf"(?P<gap>\r?\n[ \t]{{0,40}}|[ \t])(?P<part>[{URL_CHARS}]{{1,{MAX_LINK}}})"
)
"""What may continue a link cut by a line break (or by one space, as text copied from PDFs
has it: ``…/2021/hash/ c0c7c76d…-Abstract-round1.html``)."""

LINE_BREAK = re.compile(r"\r?\n[ \t]*")

WRAP_ENDINGS = "-_=&?%"
"""A valid link or DOI that ends in one of these at a line end, where a sentence cannot end, is
taken to continue on the next line when the join stays of the same kind and the next line does
not start a new link (``…/spaces/dalle-`` + ``mini/dalle-mini``). Not ``/``: after
``https://example.com/`` a new sentence is likelier than the rest of a path."""

MARKDOWN_SPLIT = re.compile(r"\]\(|\)\[|\\(?![_%&#$~])")
"""Where a link token stops although the characters are URL-legal: ``](`` between a Markdown
link's text and target, and a backslash that escapes nothing."""

MARKDOWN_UNESCAPE = re.compile(r"\\([_%&#$~])")

_LABEL = re.compile(r"(?:arxiv(?:\.org)?|doi)[ \t]{0,2}[:\uff1a]?\s{0,3}", re.IGNORECASE)
"""The ``arXiv:`` / ``DOI:`` label that starts an ``arxiv`` or ``doi`` candidate."""

_AFTER_LABEL = re.compile(
    r"(?:https?|ftp)://|www\.|doi[ \t]{0,2}[:\uff1a]\s{0,3}10\."
    r"|arxiv[ \t]{0,2}[:\uff1a]\s{0,3}(?:\d|[a-z.-]{2,20}/)",
    re.IGNORECASE,
)
"""What may follow such a label when its own rest is no id: a link or a prefixed id."""


def _candidate(group: str, raw: str) -> Identifier | Invalid | None:
    """Read one candidate token (trailing punctuation already stripped)."""
    if group in ("url", "host"):
        link = LINE_BREAK.sub("", raw.replace("&amp;", "&"))
        return classify(MARKDOWN_UNESCAPE.sub(r"\1", link))
    if group == "arxiv":
        return _prefixed_arxiv(raw)
    if group == "doi":
        prefix = DOI_PREFIX.match(raw)
        rest = MARKDOWN_UNESCAPE.sub(r"\1", raw[prefix.end() :] if prefix else "")
        return _doi(rest) if rest.startswith("10.") else None
    if group == "bare":
        return _doi(MARKDOWN_UNESCAPE.sub(r"\1", raw))
    if group == "corr":
        return _arxiv(raw.removeprefix("abs/"))
    return _arxiv(raw)


def _specific(result: Identifier | Invalid | None) -> bool:
    return isinstance(result, Identifier) and result.kind != "url"


_FIRST = (
    {"h", "f", "w", "a", "d", "1"} | {h[0] for h in KNOWN_HOSTS} | {a[0] for a in ARXIV_ARCHIVES}
)
FIRST_CHAR = re.compile(f"[{''.join(sorted(_FIRST | {c.upper() for c in _FIRST}))}]")
"""The characters a :data:`SCAN` match can start with; other positions are not tried."""

_LINK_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&()*+,;=%\\"
)


def _next_candidate(text: str, pos: int) -> re.Match[str] | None:
    """The first :data:`SCAN` match starting at or after ``pos``; each position is tried once."""
    while (anchor := ANCHOR.search(text, pos)) is not None:
        at = anchor.start()
        first = at
        lowest = max(pos, at - LOOKBACK)
        while first > lowest and text[first - 1] in _LINK_CHARS:
            first -= 1
        for start in FIRST_CHAR.finditer(text, first, at + 1):
            match = SCAN.match(text, start.start())
            if match is not None:
                return match
        pos = at + 1
    return None


def _scan(text: str) -> Iterator[Found]:
    pos = 0
    line = 1
    counted = 0
    while (match := _next_candidate(text, pos)) is not None:
        start = match.start()
        group = next(name for name, value in match.groupdict().items() if value is not None)
        raw = match.group()
        if group != "old":
            split = MARKDOWN_SPLIT.search(raw)
            if split and (group in ("url", "host", "bare") or split.start() > 0):
                raw = raw[: split.start()]
        token = strip_trailing(raw)
        result = _candidate(group, token)
        end = start + len(token)
        # A link wrapped across lines: join while the join reads better than the part alone.
        raw_end = start + len(raw)
        for _ in range(3):
            cont = CONTINUATION.match(text, raw_end)
            if cont is None:
                break
            part = cont["part"]
            if SCAN.match(part):  # the next token is an identifier of its own: never join
                break
            split = MARKDOWN_SPLIT.search(part)
            joined_raw = raw + (part[: split.start()] if split else part)
            joined = strip_trailing(joined_raw)
            better = _candidate(group, joined)
            wrapped_at_hyphen = (
                "\n" in cont["gap"]
                and raw[-1:] in WRAP_ENDINGS
                and isinstance(result, Identifier)
                and isinstance(better, Identifier)
                and better.kind == result.kind
                and not URL_START.match(part)
                and not part.lower().startswith("www.")
            )
            if not (_specific(better) and not _specific(result)) and not wrapped_at_hyphen:
                break
            result = better
            raw_end = cont.start("part") + len(joined_raw) - len(raw)
            raw = joined_raw
            end = raw_end - (len(joined_raw) - len(joined))
            if split:
                break
        if result is None:
            # "DOI: https://doi.org/…", "arXiv: arXiv:…": a label whose rest is no id may
            # precede a link, so only the label is skipped (a bounded step: still linear).
            label = _LABEL.match(token) if group in ("arxiv", "doi") else None
            inner = label is not None and _AFTER_LABEL.match(text, start + label.end())
            pos = start + (label.end() if label and inner else max(1, len(token)))
            continue
        line += text.count("\n", counted, start)
        counted = start
        found = text[start:end]
        if isinstance(result, Identifier):
            yield Found(result, found, line, None, start)
        else:
            yield Found(None, found, line, result.reason, start)
        pos = max(end, start + 1)


def iter_find(text: str) -> Iterator[Found]:
    """:func:`find` one occurrence at a time (memory stays flat on a text of many)."""
    return _scan(text)


def find(text: str) -> list[Found]:
    """Every identifier and invalid look-alike in prose, in order of appearance.

    Recognises links (also inside Markdown ``[text](url)``, HTML ``href="…"`` and ``<…>``, and
    followed by CJK or full-width punctuation), ``arXiv:`` and ``doi:`` references, bare DOIs
    and old-style arXiv ids, and links wrapped over several lines. Each occurrence is reported;
    see :mod:`imgsynth_refs.extract` for one entry per work.
    """
    return list(_scan(text))
