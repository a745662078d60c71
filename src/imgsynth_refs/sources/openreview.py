"""OpenReview: a paper's record from its note, through the API v2 (``/notes?id=ID``).

A note's ``content`` holds the title, the authors, ``venue`` (what the site shows: ``ICLR
2024 poster``, ``ICLR 2024 Conference Withdrawn Submission``, ``Submitted to ICLR 2024``)
and ``venueid`` (the group it belongs to: ``ICLR.cc/2024/Conference``,
``ICLR.cc/2024/Conference/Withdrawn_Submission``, ``TMLR``); API v2 wraps each value as
``{"value": ...}``, API v1 (``api.openreview.net``, where ICLR 2018-2023 live) gives it bare,
and both are read. What the note is decides the record:

- accepted at a conference or one of its workshops (``<Venue>.cc/<year>/Conference``,
  ``.../Workshop/<name>``): a conference paper; the booktitle is a known venue's canonical
  name (``ICLR 2024``) or, for others, the booktitle of the note's own BibTeX (``_bibtex``);
- accepted by TMLR (``venueid`` ``TMLR``): a journal article;
- a rejected, withdrawn or desk-rejected submission, or one still under review: no record,
  but a failure saying so. Such a note is never presented as a publication.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..bibtex import parse_names
from ..bibtex.read import parse_bib
from ..errors import ImgsynthRefsError, NotFoundError, SourceError, UsageError
from ..identifiers import Identifier
from ..models import Reference, WorkType
from ..venues import identify, normalize_venue
from . import _fetch

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import requests

    from ..identifiers import Identifier
    from .base import Outcome
    from .config import Config

__all__ = [
    "OpenReviewResolver",
    "not_published",
    "note_to_reference",
]

_OPENREVIEW_ID = re.compile(r"^[A-Za-z0-9_-]{5,40}$")
_GROUP = re.compile(r"^(?P<group>[^/]+)/(?P<year>(?:19|20)\d\d)/(?P<rest>.+)$")
_UNPUBLISHED = re.compile(
    r"withdrawn|rejected|desk[_ ]reject|submitted to|under review|/submission$", re.IGNORECASE
)
_JOURNALS = {"TMLR": "Transactions on Machine Learning Research"}
"""Journals whose ``venueid`` is the journal itself."""


def _value(content: Mapping[str, Any], name: str) -> Any:
    """A content field, API v2 (``{"value": x}``) or v1 (bare ``x``)."""
    item = content.get(name)
    return item.get("value") if isinstance(item, dict) else item


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def not_published(venue: str | None, venueid: str | None) -> str | None:
    """Why a note with this ``venue``/``venueid`` is no publication, or ``None`` if it is."""
    for text in (venueid, venue):
        if text and _UNPUBLISHED.search(text):
            return f"not a published paper: {text}"
    if not venueid:
        return "the note names no venue (no venueid): not known to be published"
    return None


def _year(venueid: str, note: Mapping[str, Any]) -> int | None:
    group = _GROUP.match(venueid)
    if group:
        return int(group["year"])
    for stamp in ("pdate", "odate", "cdate"):
        value = note.get(stamp)
        if isinstance(value, int) and value > 0:
            return datetime.fromtimestamp(value / 1000, UTC).year
    return None


def _bibtex_container(note_bibtex: str | None) -> str | None:
    """The booktitle or journal of the note's own BibTeX, if it parses."""
    if not note_bibtex:
        return None
    try:
        entries = parse_bib(note_bibtex, source="_bibtex")
    except ImgsynthRefsError:
        return None
    fields = {f.key: str(f.value) for f in entries[0].fields} if entries else {}
    return _text(fields.get("booktitle") or fields.get("journal"))


def note_to_reference(note: Mapping[str, Any], *, url: str) -> Reference:
    """The record of an accepted note (see the module docs); ``url`` is where it was read.

    Raises :class:`~imgsynth_refs.errors.SourceError` for a note that is no publication.
    """
    content = note.get("content")
    if not isinstance(content, dict):
        raise SourceError("the note has no content", source="openreview", url=url)
    venue, venueid = _text(_value(content, "venue")), _text(_value(content, "venueid"))
    why = not_published(venue, venueid)
    if why is not None or venueid is None:
        raise SourceError(why or "no venue", source="openreview", url=url)
    title = _text(_value(content, "title"))
    names = _value(content, "authors")
    authors = (
        [p for n in names if isinstance(n, str) for p in parse_names(n)]
        if isinstance(names, list)
        else []
    )
    year = _year(venueid, note)
    if not title or not authors or year is None:
        raise SourceError("the note has no title, authors or year", source="openreview", url=url)
    journal = _JOURNALS.get(venueid)
    group = _GROUP.match(venueid)
    known = identify(group["group"].split(".")[0]) if group else None
    if journal is None and group is None:
        raise SourceError(
            f"not a published paper: unknown venue {venueid}", source="openreview", url=url
        )
    container = journal or (
        known.full_name(year)
        if known is not None and group is not None and group["rest"] == "Conference"
        else _bibtex_container(_text(_value(content, "_bibtex"))) or venue
    )
    if container is None:
        raise SourceError("the note names no venue", source="openreview", url=url)
    note_id = str(note.get("forum") or note.get("id") or "")
    values: dict[str, Any] = {
        "type": WorkType.JOURNAL_ARTICLE if journal else WorkType.CONFERENCE_PAPER,
        "title": title,
        "authors": authors,
        "year": year,
        "journal": journal,
        "booktitle": None if journal else container,
        "venue": normalize_venue(container, year),
        "openreview_id": note_id if _OPENREVIEW_ID.match(note_id) else None,
        "url": Identifier("openreview", note_id).url if _OPENREVIEW_ID.match(note_id) else None,
    }
    stated = [name for name, value in values.items() if value and name != "type"]
    values["provenance"] = _fetch.provenance(stated, url, note=f"venueid {venueid}")
    return _fetch.record(values, source="openreview", url=url)


class OpenReviewResolver:
    """Resolves ``openreview`` identifiers (forum or note ids) through the API."""

    name = "openreview"
    kinds = frozenset({"openreview"})

    def __init__(self, session: requests.Session, config: Config) -> None:
        self._session = session
        self._base = config.openreview_api

    def fetch(self, note_id: str) -> Reference:
        """The record of the note (or forum) ``note_id``."""
        if not _OPENREVIEW_ID.match(note_id):
            raise UsageError(f"not an OpenReview id: {note_id!r}")
        url = f"{self._base}/notes"
        data = _fetch.get_json(self._session, url, source=self.name, params={"id": note_id})
        where = f"{url}?id={note_id}"
        notes = data.get("notes") if isinstance(data, dict) else None
        if not isinstance(notes, list):
            raise SourceError("the answer has no notes", source=self.name, url=where)
        note = next((n for n in notes if isinstance(n, dict) and n.get("id") == note_id), None)
        if note is None:
            raise NotFoundError(
                f"no note {note_id} (ICLR 2018-2023 notes are served by API v1)",
                source=self.name,
                url=where,
            )
        return note_to_reference(note, url=where)

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier (see :class:`~imgsynth_refs.sources.base.Resolver`)."""
        return _fetch.resolve_each(identifiers, lambda ident: self.fetch(ident.id))
