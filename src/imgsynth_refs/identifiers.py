"""Paper identifiers: detection rules kept as documented data, and small pure functions.

Modelled on idutils: every rule is a compiled pattern (a module constant naming the
specification it follows), detection walks an ordered table, landing-URL templates are data,
and the functions are split by verb (``parse``/``classify`` detect and normalise,
``canonical_url`` builds the landing URL). Nothing here does I/O. Two modules apply these
rules and nothing else: :mod:`imgsynth_refs.scan` finds identifiers in prose (``find``) and
:mod:`imgsynth_refs.bibfields` reads them from .bib entries (the only place that knows which
fields can name a work); their names are importable from here too.

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
``arXiv:1511.06434v2`` is ``Identifier(Kind.ARXIV, "1511.06434", 2)``. The arXiv DataCite DOI
``10.48550/arXiv.<id>`` is the ``arxiv`` kind, never a ``doi``: it names the preprint, not a
published version. A publisher's landing page whose path holds its DOI (ACM, Springer,
Wiley, Nature: :data:`PUBLISHER_DOI_PATHS`) is that ``doi``; an id as arXiv's listings print
it, ``0706.0001v1 [q-bio.CB]``, is the ``arxiv`` id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from . import lazyre

__all__ = [
    "KINDS",
    "Found",
    "Identifier",
    "Invalid",
    "Kind",
    "bare_doi",
    "canonical_url",
    "classify",
    "classify_entry",
    "detect",
    "find",
    "identifiers_in_entry",
    "implied",
    "is_valid",
    "parse",
    "read_as",
    "strip_trailing",
]

if TYPE_CHECKING:
    from .bibfields import classify_entry, identifiers_in_entry
    from .scan import Found, find

_MOVED = {
    "Found": "scan",
    "find": "scan",
    "classify_entry": "bibfields",
    "identifiers_in_entry": "bibfields",
}
"""Names that moved to :mod:`.scan` (prose) and :mod:`.bibfields` (.bib entries); importing
them from here still works."""


def __getattr__(name: str) -> object:
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    return getattr(import_module(f".{module}", __package__), name)


class Kind(StrEnum):
    """An identifier kind; a :class:`str`, so ``Kind.ARXIV == "arxiv"``."""

    ARXIV = "arxiv"
    NEURIPS = "neurips"
    ACL = "acl"
    DOI = "doi"
    OPENREVIEW = "openreview"
    PMLR = "pmlr"
    CVF = "cvf"
    URL = "url"
    """The catch-all for other links: the id is the normalised URL."""

    def __repr__(self) -> str:
        return repr(self.value)


KINDS: tuple[Kind, ...] = tuple(Kind)
"""Every identifier kind, most specific first; ``url`` is the catch-all for other links."""


@dataclass(frozen=True, slots=True, init=False)
class Identifier:
    """One work's identifier, normalised: equal identifiers name the same work."""

    kind: Kind
    """One of :data:`KINDS` (a plain string is turned into its :class:`Kind`)."""
    id: str
    """The normalised id (see the module docstring for each kind's form)."""
    version: int | None = None
    """arXiv version number, kept apart from :attr:`id`; ``None`` for every other kind."""

    def __init__(self, kind: Kind | str, id: str, version: int | None = None) -> None:
        object.__setattr__(self, "kind", Kind(kind))
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "version", version)

    @property
    def url(self) -> str:
        """The canonical landing URL (see :func:`canonical_url`)."""
        return canonical_url(self)


@dataclass(frozen=True, slots=True, init=False)
class Invalid:
    """Text that looks like an identifier of ``kind`` but breaks its rules."""

    kind: Kind
    """The kind the text imitates."""
    text: str
    """The text as given."""
    reason: str
    """Why it is not valid, as a short phrase (``"arXiv month 13 does not exist"``)."""

    def __init__(self, kind: Kind | str, text: str, reason: str) -> None:
        object.__setattr__(self, "kind", Kind(kind))
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "reason", reason)


# --------------------------------------------------------------------------------------------
# arXiv.  Spec: https://info.arxiv.org/help/arxiv_identifier.html
# --------------------------------------------------------------------------------------------

ARXIV_NEW_ID = lazyre.compile(
    r"(?P<yymm>\d{4})\.(?P<number>\d{4,5})(?:v(?P<version>\d{1,4}))?", re.ASCII
)
"""New-style arXiv id ``YYMM.NNNN`` (0704-1412) or ``YYMM.NNNNN`` (1501 on), plus ``vN``.

arXiv identifier spec, "identifiers since 1 April 2007"; :func:`_arxiv_new_problem` checks the
month and the number width for the month.
"""

ARXIV_OLD_ID = lazyre.compile(
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

ARXIV_CATEGORY_NEW_ID = lazyre.compile(
    r"(?P<archive>[a-z]{1,9}(?:-[a-z]{2,5})?)(?:\.[a-z-]{2,16})?/(?P<rest>\d{4}\.\d{4,5}(?:v\d{1,4})?)",
    re.IGNORECASE | re.ASCII,
)
"""A new-style id written after its category, as some references do (``hep-th/1601.07616``,
``cs.CV/2105.05233``): the category is not part of the id."""

ARXIV_NEW_ARCHIVES: frozenset[str] = frozenset({"stat", "q-fin", "eess", "econ"})
"""Archives opened after March 2007, so only with new-style ids."""

ARXIV_PREFIX = lazyre.compile(
    r"arxiv(?:\.org)?(?:\s{0,2}[:\uff1a]\s{0,3}|\s{1,3})", re.IGNORECASE | re.ASCII
)
"""The ``arXiv:`` prefix as written in references (``arXiv:``, ``arxiv.org:``, full-width colon)."""

DBLP_CORR_VOLUME = lazyre.compile(r"abs/(?P<rest>\S{1,80})", re.ASCII)
"""dblp's ``volume`` of an arXiv preprint in its ``CoRR`` journal: ``abs/ID`` (an arXiv id)."""

ARXIV_LISTING = lazyre.compile(
    r"(?P<id>\S{6,40})[ \t]{1,3}\[(?P<category>[a-z-]{2,16}(?:\.[A-Za-z-]{2,16})?)\]", re.ASCII
)
"""An id as arXiv's listings print it, with its primary category: ``0706.0001v1 [q-bio.CB]``,
``arXiv:1706.03762 [cs.CL]``; the category is not part of the id."""

ARXIV_DOI = lazyre.compile(r"10\.48550/arxiv\.(?P<rest>.+)", re.IGNORECASE | re.ASCII)
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

ARXIV_PATH = lazyre.compile(
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
        return Invalid(Kind.ARXIV, text, problem)
    version = match["version"]
    if version is not None and int(version) == 0:
        return Invalid(Kind.ARXIV, text, "arXiv versions start at v1")
    return Identifier(Kind.ARXIV, ident, int(version) if version else None)


# --------------------------------------------------------------------------------------------
# DOI.  Spec: DOI Handbook 2.2 (syntax) and Crossref's advice on matching DOIs in text.
# --------------------------------------------------------------------------------------------

DOI = lazyre.compile(r"(?P<prefix>10\.\d{4,9}(?:\.\d{1,9}){0,3})/(?P<suffix>\S{1,1000})", re.ASCII)
"""A DOI: directory indicator ``10.``, registrant code of 4-9 digits (optionally subdivided),
``/``, any printable suffix (DOI Handbook 2.2; Crossref: ``10.\\d{4,9}/[-._;()/:A-Z0-9]+``)."""

DOI_LOOKALIKE = lazyre.compile(r"10\.[\w.]{0,20}/\S{0,1000}", re.ASCII)
"""Text shaped like a DOI whose prefix breaks the rule (``10.12/abc``): reported as invalid."""

DOI_PREFIX = lazyre.compile(
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
        return Invalid(Kind.ARXIV, text, f"arXiv DOI names no valid arXiv id: {arxiv['rest']}")
    if DOI.fullmatch(text):
        return Identifier(Kind.DOI, text.lower())
    if text.startswith("10.") and DOI_LOOKALIKE.fullmatch(text):
        if text.endswith("/") or "/" not in text:
            return Invalid(Kind.DOI, text, "DOI has no suffix after '/'")
        return Invalid(Kind.DOI, text, "DOI prefix must be '10.' and a 4-9 digit registrant code")
    return None


def bare_doi(text: str) -> str:
    """The DOI a ``doi`` field or a DOI link holds, as written (case kept): ``doi:10.1/X``,
    ``https://doi.org/10.1/X`` -> ``10.1/X``; other text is returned stripped."""
    text = text.strip()
    prefix = DOI_PREFIX.match(text)
    if prefix:
        return text[prefix.end() :]
    url = _split_url(text) if URL_START.match(text) else None
    if url is not None and url.host in DOI_HOSTS:
        return unquote(url.path.lstrip("/"))
    return text


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

NEURIPS_PATH_SHAPE = lazyre.compile(
    r"/(?:paper_files/)?paper/(?P<year>\d{4})/(?:file|hash)/(?P<rest>.*)", re.ASCII
)
"""A proceedings paper path; what follows ``file/`` or ``hash/`` is checked by NEURIPS_FILE."""

NEURIPS_FILE = lazyre.compile(
    r"(?P<hash>[0-9a-f]{32})-(?:Paper|Abstract|Bibtex|Metadata|Supplemental|Reviews?|MetaReview"
    r"|AuthorFeedback|Supplementary)(?:-[A-Za-z0-9_]{1,40}){0,3}\.(?:pdf|html|bib|json|zip)",
    re.IGNORECASE | re.ASCII,
)
"""A proceedings file name: hash, page kind and optional track suffix, e.g.
``…-Paper.pdf``, ``…-Abstract-Conference.html``, ``…-Abstract-Datasets_and_Benchmarks.html``,
``…-Supplemental-Conference.zip``, ``…-Bibtex.bib``, ``…-Metadata.json``."""

NEURIPS_PDF_LINK = lazyre.compile(
    r"/file/(?P<hash>[0-9a-f]{32})-Paper(?P<track>-[A-Za-z_]+)?\.pdf$", re.ASCII
)
"""A proceedings PDF path end, ``/file/HASH-Paper[-Track].pdf``, whose abstract page is
``/hash/HASH-Abstract[-Track].html`` (:func:`imgsynth_refs.sources.neurips.abstract_page`)."""

NEURIPS_ID = lazyre.compile(r"(?P<year>\d{4})/(?P<hash>[0-9a-f]{32})", re.IGNORECASE | re.ASCII)
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


NEURIPS_OLD_PATH = lazyre.compile(
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
        return Invalid(Kind.NEURIPS, text, f"NeurIPS has no proceedings for {year}")
    return Identifier(Kind.NEURIPS, f"{year}/{digest.lower()}")


# --------------------------------------------------------------------------------------------
# ACL Anthology.  Spec: https://aclanthology.org/info/ids/ (old and new id formats).
# --------------------------------------------------------------------------------------------

ACL_OLD_ID = lazyre.compile(r"[A-Z]\d{2}-\d{4}", re.IGNORECASE | re.ASCII)
"""Old Anthology id: venue letter, two-digit year, ``-``, four-digit paper number (P18-1238)."""

ACL_NEW_ID = lazyre.compile(
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

ACL_PATH = lazyre.compile(
    r"/(?:anthology(?:-new)?/)?(?:[A-Z]/[A-Z]\d{2}/)?(?P<id>[^/]+?)(?:v\d{1,2})?"
    r"(?:\.pdf|\.bib|\.xml)?/?",
    re.IGNORECASE | re.ASCII,
)
"""Anthology paper paths: ``/P18-1238``, ``/P18-1238.pdf``, ``/2020.acl-main.1/``, legacy
``/anthology/P18-1238``, ``/anthology/P/P18/P18-1238.pdf`` and revisions ``…v2.pdf``."""


def _acl(text: str) -> Identifier | None:
    if ACL_OLD_ID.fullmatch(text):
        return Identifier(Kind.ACL, text.upper())
    if ACL_NEW_ID.fullmatch(text):
        return Identifier(Kind.ACL, text.lower())
    return None


ACL_DOI = lazyre.compile(r"10\.18653/v1/(?P<id>[^/]{1,60})", re.IGNORECASE | re.ASCII)
"""The Anthology's DOIs (2017 on): ``10.18653/v1/<Anthology id>``, the same work as the id."""


def implied(ident: Identifier) -> tuple[Identifier, ...]:
    """Other identifiers that ``ident``'s own form says name the same work: the ACL DOI
    ``10.18653/v1/P18-1238`` is the ACL id ``P18-1238``. (arXiv's DOI is read as the arXiv id
    to begin with.)"""
    if ident.kind is Kind.DOI and (match := ACL_DOI.fullmatch(ident.id)):
        acl = _acl(match["id"])
        return (acl,) if acl is not None else ()
    return ()


# --------------------------------------------------------------------------------------------
# OpenReview, PMLR, CVF open access.
# --------------------------------------------------------------------------------------------

OPENREVIEW_HOSTS: frozenset[str] = frozenset({"openreview.net", "www.openreview.net"})
OPENREVIEW_ID = lazyre.compile(r"[A-Za-z0-9_-]{5,40}")
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
PMLR_PATH = lazyre.compile(
    r"/(?:proceedings/papers/)?(?P<volume>[vr]\d{1,4})/(?P<paper>[A-Za-z][\w-]{0,79}?)"
    r"(?:(?:-supp)?\.(?:html|pdf)|/(?P=paper)(?:-supp)?\.pdf|/)?",
    re.ASCII,
)
"""PMLR paper paths: ``/v139/radford21a.html``, ``/v139/radford21a/radford21a.pdf``,
``/v37/ioffe15.pdf`` and ``-supp.pdf`` files (volume ``vNN`` or reissue ``rNN``)."""
PMLR_ID = lazyre.compile(r"[vr]\d{1,4}/[A-Za-z][\w-]{0,79}", re.ASCII)

CVF_HOSTS: frozenset[str] = frozenset({"openaccess.thecvf.com", "www.openaccess.thecvf.com"})
CVF_PATH = lazyre.compile(
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


class _Url(NamedTuple):
    scheme: str
    userinfo: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str


URL_START = lazyre.compile(r"(?P<scheme>[a-z][a-z0-9+.-]{0,15})://", re.IGNORECASE | re.ASCII)
"""An absolute URL (RFC 3986 ``scheme "://" authority``)."""

HOST = lazyre.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.){1,10}[a-z]{2,24}\.?|localhost"
    r"|\d{1,3}(?:\.\d{1,3}){3}",
    re.IGNORECASE | re.ASCII,
)
"""A DNS name with a letter TLD, ``localhost`` or an IPv4 address."""


_SIMPLE_URL = lazyre.compile(
    r"(?P<scheme>https?|ftp)://(?P<host>[a-z0-9.-]{1,253})(?P<path>/[^?#\s\\]*)?",
    re.IGNORECASE | re.ASCII,
)
"""A URL of scheme, host and path only (most links in .bib files), split without
:func:`urllib.parse.urlsplit`, which gives the same parts for it."""


def _split_url(text: str) -> _Url | None:
    """Split an absolute http(s)/ftp URL (or ``www.`` / a known host without scheme)."""
    simple = _SIMPLE_URL.fullmatch(text)
    if simple is not None:
        host = simple["host"].rstrip(".")
        if not HOST.fullmatch(host):
            return None
        return _Url(simple["scheme"].lower(), "", host.lower(), None, simple["path"] or "", "", "")
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
"""A host's rule: the URL split and as written; an :class:`Invalid` it returns may name part
of the text (:func:`classify` names the whole)."""


def _arxiv_url(url: _Url, text: str) -> Identifier | Invalid | None:
    match = ARXIV_PATH.fullmatch(url.path)
    if not match:
        return None
    found = _arxiv(unquote(match["rest"]))
    return found or Invalid(Kind.ARXIV, text, f"not an arXiv id: {match['rest']!r}")


def _doi_url(url: _Url, text: str) -> Identifier | Invalid | None:
    path = unquote(url.path.lstrip("/"))
    if not path:
        return None
    if url.host == "hdl.handle.net" and not path.startswith("10."):
        return None
    return _doi(path) or Invalid(Kind.DOI, text, f"not a DOI: {path!r}")


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
        return Invalid(Kind.OPENREVIEW, text, "OpenReview link without ?id=")
    if not OPENREVIEW_ID.fullmatch(ids[0]):
        return Invalid(Kind.OPENREVIEW, text, f"not an OpenReview id: {ids[0]!r}")
    return Identifier(Kind.OPENREVIEW, ids[0])


def _pmlr_url(url: _Url, text: str) -> Identifier | Invalid | None:
    legacy = url.host.endswith("jmlr.org") or url.host == "jmlr.csail.mit.edu"
    if legacy and not url.path.startswith("/proceedings/papers/"):
        return None
    match = PMLR_PATH.fullmatch(url.path)
    if not match:
        return None
    return Identifier(Kind.PMLR, f"{match['volume']}/{match['paper']}")


def _cvf_url(url: _Url, text: str) -> Identifier | Invalid | None:
    match = CVF_PATH.fullmatch(url.path)
    if not match:
        return None
    return Identifier(Kind.CVF, f"{match['dir']}/html/{match['sub'] or ''}{match['stem']}")


# --------------------------------------------------------------------------------------------
# Publisher landing pages whose path holds the DOI (the URL schemes of each site, as Zotero's
# translators read them). IEEE Xplore (/document/NNN) and ScienceDirect (/pii/...) pages do
# not: their DOI is only on the page (citation_doi), so their links stay ``url``.
# --------------------------------------------------------------------------------------------

PUBLISHER_DOI_PATHS: Mapping[str, re.Pattern[str]] = {
    "dl.acm.org": lazyre.compile(
        r"/doi/(?:(?:abs|pdf|full|fullHtml|epdf|book|proceedings)/)?(?P<doi>10\.\d{4,9}/.+)",
        re.ASCII,
    ),
    "link.springer.com": lazyre.compile(
        r"/(?:article|chapter|referenceworkentry|protocol|book|content/pdf)"
        r"/(?P<doi>10\.\d{4,9}/.+?)(?:\.pdf)?",
        re.ASCII,
    ),
    "onlinelibrary.wiley.com": lazyre.compile(
        r"/doi/(?:(?:abs|full|pdf|epdf|pdfdirect|book)/)?(?P<doi>10\.\d{4,9}/.+)", re.ASCII
    ),
    "www.nature.com": lazyre.compile(r"/articles/(?P<nature>[A-Za-z0-9][\w.-]{0,80}?)(?:\.pdf)?/?"),
}
"""Per publisher host, the paper-page path holding its DOI: ACM's ``/doi/[abs|pdf|...]/DOI``,
Springer's ``/article|chapter|.../DOI``, Wiley's ``/doi/[abs|full|pdf]/DOI``, and Nature's
``/articles/SUFFIX`` (the DOI ``10.1038/SUFFIX``)."""

NATURE_PREFIX = "10.1038"
"""Nature's DOI prefix, which its article URLs leave out."""

ACM_OWN_PREFIX = "10.5555/"
"""ACM's own ids for works without a DOI (``dl.acm.org/doi/10.5555/1717186``): shaped like
DOIs but not registered, so such pages stay ``url``."""


def _publisher_url(url: _Url, text: str) -> Identifier | Invalid | None:
    match = PUBLISHER_DOI_PATHS[url.host].fullmatch(unquote(url.path))
    if match is None:
        return None
    doi = match["doi"] if "doi" in match.groupdict() else f"{NATURE_PREFIX}/{match['nature']}"
    found = _doi(doi)
    if not isinstance(found, Identifier) or found.id.startswith(ACM_OWN_PREFIX):
        return None
    return found


HOST_RULES: tuple[tuple[frozenset[str], HostRule], ...] = (
    (ARXIV_HOSTS, _arxiv_url),
    (DOI_HOSTS, _doi_url),
    (NEURIPS_HOSTS, _neurips_url),
    (ACL_HOSTS, _acl_url),
    (OPENREVIEW_HOSTS, _openreview_url),
    (PMLR_HOSTS, _pmlr_url),
    (CVF_HOSTS, _cvf_url),
    (frozenset(PUBLISHER_DOI_PATHS), _publisher_url),
)
"""Host sets and the rule that reads a paper id from their URLs; other hosts give ``url``."""


REPEATED_SLASHES = lazyre.compile(r"/{2,}")


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
                else url._replace(path=REPEATED_SLASHES.sub("/", url.path))
            )
            found = rule(single, text)
            if found is not None:
                return found
            break
    return Identifier(Kind.URL, _normalize_url(url))


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
    return _arxiv(rest) or Invalid(Kind.ARXIV, text, f"not an arXiv id after the prefix: {rest!r}")


def _prefixed_doi(text: str) -> Identifier | Invalid | None:
    prefix = DOI_PREFIX.match(text)
    if not prefix:
        return None
    rest = text[prefix.end() :]
    found = _doi(rest)
    if found is None:
        return Invalid(Kind.DOI, text, f"not a DOI after the prefix: {rest!r}")
    return found


def _bare_neurips(text: str) -> Identifier | Invalid | None:
    match = NEURIPS_ID.fullmatch(text)
    return _neurips_id(match["year"], match["hash"], text) if match else None


def _bare_pmlr(text: str) -> Identifier | None:
    return Identifier(Kind.PMLR, text) if PMLR_ID.fullmatch(text) else None


def _bare_openreview(text: str) -> Identifier | None:
    return Identifier(Kind.OPENREVIEW, text) if OPENREVIEW_ID.fullmatch(text) else None


BARE_READERS: Mapping[Kind, Callable[[str], Identifier | Invalid | None]] = {
    Kind.ARXIV: _arxiv,
    Kind.DOI: _doi,
    Kind.NEURIPS: _bare_neurips,
    Kind.ACL: _acl,
    Kind.OPENREVIEW: _bare_openreview,
    Kind.PMLR: _bare_pmlr,
}
"""How each kind's bare id is read (no prefix, no URL); see :func:`read_as`."""


def read_as(kind: Kind | str, text: str) -> Identifier | Invalid | None:
    """Read ``text`` as a bare id of ``kind`` (``1511.06434v2`` as arXiv, ``P18-1238`` as
    ACL), without prefixes or URLs: what a field known to hold that kind holds. Kinds without
    a bare form (``cvf``, ``url``) give ``None``."""
    reader = BARE_READERS.get(Kind(kind))
    return reader(text) if reader is not None else None


DETECTORS: tuple[tuple[Kind, Callable[[str], Identifier | Invalid | None]], ...] = (
    (Kind.DOI, _prefixed_doi),
    (Kind.DOI, _doi),
    (Kind.ARXIV, _prefixed_arxiv),
    (Kind.NEURIPS, _bare_neurips),
    (Kind.ARXIV, _arxiv),
    (Kind.ACL, _acl),
    (Kind.PMLR, _bare_pmlr),
)
"""Ordered (kind, detector) table for text that is not a URL."""

KNOWN_HOSTS: frozenset[str] = frozenset().union(*(hosts for hosts, _rule in HOST_RULES))
"""Every host a rule reads ids from; links to them are recognised without a scheme."""

URL_LIKE = lazyre.compile(
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
    listed = ARXIV_LISTING.fullmatch(text)
    if listed is not None:
        found = classify(listed["id"])
        found = found if found is not None and found.kind is Kind.ARXIV else None
    elif _is_url_like(text):
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

URL_TEMPLATES: Mapping[Kind, str] = {
    Kind.ARXIV: "https://arxiv.org/abs/{id}{version}",
    Kind.NEURIPS: "https://proceedings.neurips.cc/paper_files/paper/{head}/hash/{tail}-{page}.html",
    Kind.ACL: "https://aclanthology.org/{id}/",
    Kind.DOI: "https://doi.org/{quoted}",
    Kind.OPENREVIEW: "https://openreview.net/forum?id={id}",
    Kind.PMLR: "https://proceedings.mlr.press/{id}.html",
    Kind.CVF: "https://openaccess.thecvf.com/{id}_paper.html",
    Kind.URL: "{id}",
}
"""Landing-page URL of each kind. Fields: ``id``; ``head``/``tail`` (the id split at its last
``/``); ``version`` (``vN`` or empty); ``quoted`` (the id escaped for a URL); ``page`` (the
NeurIPS abstract page name of the year)."""


def canonical_url(ident: Identifier) -> str:
    """The landing page of ``ident``; parsing it gives ``ident`` back."""
    head, _, tail = ident.id.rpartition("/")
    page = "Abstract"
    if ident.kind is Kind.NEURIPS and int(head) >= NEURIPS_CONFERENCE_TRACK_FROM:
        page = "Abstract-Conference"
    return URL_TEMPLATES[ident.kind].format(
        id=ident.id,
        head=head,
        tail=tail,
        version=f"v{ident.version}" if ident.version else "",
        quoted=quote(ident.id, safe=DOI_URL_SAFE),
        page=page,
    )
