"""CVF open access (openaccess.thecvf.com): a paper's record from the BibTeX its page carries.

Every paper page (``/content/CVPR2022/html/<stem>_paper.html``, ``/content_CVPR_2019/...``)
shows the paper's BibTeX (``@InProceedings{Rombach_2022_CVPR, ...}``); that entry is the
source of truth: authors, title, booktitle, month, year and the pages as CVF numbers them
(the IEEE Xplore version of the same paper is often paginated differently). The entry is
found in the page text wherever it is, so the page's layout does not matter. The venue is
normalised from the booktitle: ``CVPR 2022`` for the main conference, while a workshop
booktitle (``... (CVPR) Workshops``) keeps its own name and is never taken for the
conference (:func:`imgsynth_refs.venues.is_satellite`).

The page's file name follows CVF's naming scheme, ``<First author's family name>_<Title
with _ for spaces>_<CONF>_<YEAR>``; :func:`cvf_paper` reads it, so that a link to a work
the catalog ships can be matched without asking CVF.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..bibtex.read import entry_to_reference, parse_bib
from ..errors import ImgsynthRefsError, SourceError, UsageError
from ..identifiers import Identifier
from ..models import Reference, WorkType
from ..venues import normalize_venue
from . import _fetch

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests

    from ..identifiers import Identifier
    from .base import Outcome
    from .config import Config

__all__ = [
    "CVF_STEM",
    "MAX_ENTRY",
    "CvfPaper",
    "CvfResolver",
    "bibtex_block",
    "cvf_paper",
]

CVF_STEM = re.compile(
    r"(?P<family>[^_/]{1,60})_(?P<title>[^/]{1,300})_(?P<conference>[A-Z]{2,8}?)(?P<w>W)?"
    r"_(?P<year>(?:19|20)\d\d)",
    re.ASCII,
)
"""A page's stem in CVF's naming scheme: ``Karras_A_Style-Based_..._CVPR_2019``; a workshop
paper's conference ends in ``W`` (``..._CVPRW_2023``)."""

MAX_ENTRY = 20_000
"""Longest BibTeX entry read from a page (CVF's are a few hundred characters)."""

_ENTRY_START = re.compile(r"@\s*inproceedings\s*\{", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,2000}>")


@dataclass(frozen=True, slots=True)
class CvfPaper:
    """What a CVF page's file name says about its paper."""

    family: str
    """The first author's family name as the file name has it (``Karras``)."""
    title: str
    """The title with spaces for ``_`` (punctuation such as ``:`` is lost in file names)."""
    conference: str
    """``CVPR``, ``ICCV``, ``WACV``, ``ECCV`` (without the workshop ``W``)."""
    year: int
    workshop: bool
    """True for a workshop paper (``CVPRW``, ``ICCVW``)."""


def cvf_paper(cvf_id: str) -> CvfPaper | None:
    """The paper a ``cvf`` identifier's stem names, or ``None`` if it does not follow the scheme."""
    stem = cvf_id.rpartition("/")[2]
    match = CVF_STEM.fullmatch(stem)
    if match is None:
        return None
    return CvfPaper(
        family=match["family"],
        title=match["title"].replace("_", " "),
        conference=match["conference"],
        year=int(match["year"]),
        workshop=match["w"] is not None,
    )


def bibtex_block(page: str) -> str | None:
    """The first ``@InProceedings{...}`` entry in an HTML page's text, or ``None``.

    Tags are dropped (``<br>`` becomes a line break) and character references decoded; the
    entry ends where its braces balance, within :data:`MAX_ENTRY` characters.
    """
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", page)))
    start = _ENTRY_START.search(text)
    if start is None:
        return None
    depth = 0
    for pos in range(start.end() - 1, min(len(text), start.start() + MAX_ENTRY)):
        char = text[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start.start() : pos + 1]
    return None


class CvfResolver:
    """Resolves ``cvf`` identifiers through the CVF open-access paper pages."""

    name = "cvf"
    kinds = frozenset({"cvf"})

    def __init__(self, session: requests.Session, config: Config) -> None:
        self._session = session
        self._base = config.cvf_url

    def page_url(self, cvf_id: str) -> str:
        """The paper page of ``cvf_id`` (``content/CVPR2022/html/<stem>``)."""
        return f"{self._base}/{cvf_id}_paper.html"

    def fetch(self, cvf_id: str) -> Reference:
        """The record of the paper page ``cvf_id`` from the BibTeX it carries; its ``url``
        is the page's public address."""
        if ".." in cvf_id.split("/") or not cvf_id.startswith("content"):
            raise UsageError(f"not a CVF open-access paper id: {cvf_id!r}")
        url = self.page_url(cvf_id)
        response = _fetch.get(self._session, url, source=self.name, accept="text/html")
        block = bibtex_block(_fetch.text_of(response))
        try:
            if block is None:
                raise SourceError("the page carries no BibTeX entry", source=self.name, url=url)
            entries = parse_bib(block, source=url)
            if len(entries) != 1:
                raise SourceError("the page's BibTeX has no entry", source=self.name, url=url)
            ref = entry_to_reference(entries[0])
        except SourceError:
            _fetch.forget(self._session, response)
            raise
        except ImgsynthRefsError as exc:
            _fetch.forget(self._session, response)
            raise SourceError(f"unusable BibTeX ({exc})", source=self.name, url=url) from None
        if ref.type is not WorkType.CONFERENCE_PAPER or not ref.booktitle:
            raise SourceError("the page's BibTeX is not a conference paper", source=self.name)
        stated = sorted(name for name, value in ref if value and name not in ("key", "type"))
        return ref.model_copy(
            update={
                "key": None,
                "url": Identifier("cvf", cvf_id).url,
                "venue": normalize_venue(ref.booktitle, ref.year),
                "provenance": _fetch.provenance([*stated, "url"], url),
            }
        )

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier (see :class:`~imgsynth_refs.sources.base.Resolver`)."""
        return _fetch.resolve_each(identifiers, lambda ident: self.fetch(ident.id))
