"""Validated records: people, references, eras and the catalog.

These pydantic models are the one shape every part of the package shares: resolvers
produce :class:`Reference` records, the catalog stores them, exporters read them.
Validation errors name the field; :mod:`imgsynth_refs.catalog` adds file and record.
"""

# No ``from __future__ import annotations`` here: pydantic reads each model's annotations
# when the class is made, and objects spare it evaluating strings (3 ms of every start).

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from anyascii import anyascii
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from . import lazyre
from .errors import UsageError
from .identifiers import ARXIV_DOI, DOI, Identifier, Kind, bare_doi, read_as

__all__ = [
    "PREFER",
    "ArxivInfo",
    "Catalog",
    "Era",
    "Milestone",
    "NonEmpty",
    "Person",
    "Prefer",
    "Provenance",
    "Reference",
    "Venue",
    "WorkType",
    "check_prefer",
    "doi_key",
    "first_error",
    "is_arxiv_doi",
    "is_doi",
    "same_authors",
    "same_title",
]

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_PAGES = lazyre.compile(r"^[\w.]+(?:--[\w.]+)?$")
_KEY = lazyre.compile(r"^[A-Za-z0-9_:.\-+/]+$")
# Values written into BibTeX as they are: what a source says must be of the field's form.
_ARXIV_CLASS = lazyre.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[a-z]+)*)?$")
_VOLUME = lazyre.compile(r"^[^\W_](?:[^\W_]|[ .,:;/+()'\-\u2013]){0,63}$")
_URL = lazyre.compile(r"(?i)^https?://[^/?#\s]")
_NOT_IN_ID = lazyre.compile(r"[\s{}\\\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters no DOI or URL field may hold: spaces, braces, backslashes, controls."""
_MAX_ID = 256


def _decoded(value: str) -> str:
    """``value``, unless it holds U+FFFD (a character lost when a source was decoded)."""
    if "\ufffd" in value:
        raise ValueError(
            f"holds U+FFFD, a character lost when the source's bytes were decoded: {value[:80]!r}"
        )
    return value


_MAX_URL = 2048

Prefer = Literal["published", "arxiv"]
"""Which form of a work to cite: its published version or its arXiv preprint."""

PREFER: tuple[Prefer, ...] = ("published", "arxiv")
"""Values of :data:`Prefer`, the default first."""


def check_prefer(prefer: str) -> None:
    """Raise :class:`~imgsynth_refs.errors.UsageError` unless ``prefer`` is in :data:`PREFER`."""
    if prefer not in PREFER:
        raise UsageError(f"unknown preference {prefer!r}; valid: {', '.join(PREFER)}")


def first_error(exc: ValidationError) -> tuple[str | None, str]:
    """The first problem of ``exc``: its field path (``None`` for the whole model) and its
    message without pydantic's ``Value error,`` prefix."""
    first = exc.errors()[0]
    loc = ".".join(str(part) for part in first["loc"]) or None
    return loc, first["msg"].removeprefix("Value error, ")


def is_doi(text: str) -> bool:
    """Whether ``text`` has the form of a DOI (:data:`imgsynth_refs.identifiers.DOI`): ``10.``
    + a registrant code of 4-9 digits + ``/`` + a suffix without spaces."""
    return DOI.fullmatch(text) is not None


def is_arxiv_doi(doi: str) -> bool:
    """Whether ``doi`` (bare, ``doi:`` or a doi.org link) is arXiv's own DataCite DOI
    (``10.48550/arXiv.<id>``): it names the preprint, never a published version."""
    return ARXIV_DOI.fullmatch(bare_doi(doi)) is not None


def doi_key(doi: str) -> str:
    """A DOI in the form used to compare DOIs (they are case-insensitive)."""
    return doi.lower()


_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _title_form(title: str) -> str:
    text = unicodedata.normalize("NFC", title).translate(_DASHES).translate(_QUOTES)
    return " ".join(text.replace("{", "").replace("}", "").split()).rstrip(".")


def same_title(a: str, b: str) -> bool:
    """Whether two titles are one text up to BibTeX braces, spacing, Unicode form, a final
    period and dash or quote variants. Case counts: arXiv's "Attention Is All You Need" is
    not the proceedings' "Attention is All you Need"."""
    return _title_form(a) == _title_form(b)


def _name_form(person: "Person") -> str:
    return " ".join(re.findall(r"[a-z0-9]+", anyascii(person.display()).lower()))


def same_authors(a: Sequence["Person"], b: Sequence["Person"]) -> bool:
    """Whether two author lists name the same people in the same order, spelled alike up to
    accents, case and punctuation (``Łukasz``/``Lukasz``, ``Diederik P.``/``Diederik P``);
    ``Ian J.``/``Ian`` or ``Alex``/``Alexander`` differ."""
    return len(a) == len(b) and all(
        _name_form(x) == _name_form(y) for x, y in zip(a, b, strict=True)
    )


class _Model(BaseModel):
    # Validators are built on first use: a run that reads the cached shipped catalog
    # (imgsynth_refs.catalog) and validates nothing builds none.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class WorkType(StrEnum):
    """What kind of work a reference is; decides the BibTeX/BibLaTeX entry type."""

    CONFERENCE_PAPER = "conference_paper"
    JOURNAL_ARTICLE = "journal_article"
    PREPRINT = "preprint"
    DATASET = "dataset"
    SOFTWARE = "software"
    WEB_PAGE = "web_page"
    BLOG_POST = "blog_post"


class Person(_Model):
    """A name split the way BibTeX splits it: ``von Last, Jr, First``."""

    family: NonEmpty
    """Family name (``Krizhevsky``); for a name BibTeX must not split, the whole name."""
    given: str = ""
    """Given names as written (``Alex``, ``Diederik P.``)."""
    prefix: str = ""
    """Particle BibTeX calls *von* (``van der``, ``de``)."""
    suffix: str = ""
    """Suffix BibTeX calls *Jr* (``Jr.``, ``III``)."""

    @field_validator("family", "given", "prefix", "suffix")
    @classmethod
    def _check_decoded(cls, value: str) -> str:
        return _decoded(value)

    @field_validator("family")
    @classmethod
    def _check_family(cls, value: str) -> str:
        # A family name of punctuation only (a source's stray "}") writes as no name at all.
        if not any(c.isalnum() for c in value):
            raise ValueError(f"not a family name: {value!r}")
        return value

    def display(self) -> str:
        """The name in reading order: ``Diederik P. Kingma``."""
        return " ".join(p for p in (self.given, self.prefix, self.family, self.suffix) if p)


class Venue(_Model):
    """Where a work appeared: full name and the short name people use."""

    name: NonEmpty
    """Full name (``Advances in Neural Information Processing Systems``)."""
    short: str | None = None
    """Short name with year-correct spelling (``NIPS 2014``, ``CVPR 2019``)."""

    @field_validator("name", "short")
    @classmethod
    def _check_decoded(cls, value: str | None) -> str | None:
        return None if value is None else _decoded(value)


class ArxivInfo(_Model):
    """A work's arXiv posting."""

    id: str
    """Identifier without version: ``1511.06434`` or ``hep-th/9901001``."""
    version: int | None = Field(default=None, ge=1)
    """Latest version known when the record was made."""
    primary_class: str | None = None
    """Primary category (``cs.LG``)."""
    published: date | None = None
    """Date of the first version."""
    journal_ref: str | None = None
    """The authors' journal reference on arXiv (``arxiv:journal_ref``), as written."""
    comment: str | None = None
    """The authors' comment on arXiv (``arxiv:comment``: pages, venue, code link)."""
    title: NonEmpty | None = None
    """The title arXiv lists, set only where it differs from the record's (published) title
    (:func:`same_title`): GAN was posted as "Generative Adversarial Networks" and published
    as "Generative Adversarial Nets". The preprint form of the record uses it."""
    authors: list[Person] | None = Field(default=None, min_length=1)
    """The authors as arXiv lists them, set only where they differ from the record's
    (:func:`same_authors`): Imagen's posting has a fourteenth author. The preprint form of
    the record uses them."""

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        found = read_as(Kind.ARXIV, value)
        if not isinstance(found, Identifier) or found.version is not None:
            raise ValueError(f"not an arXiv id without version: {value!r}")
        return value

    @field_validator("title")
    @classmethod
    def _check_decoded(cls, value: str | None) -> str | None:
        return None if value is None else _decoded(value)

    @field_validator("primary_class")
    @classmethod
    def _check_class(cls, value: str | None) -> str | None:
        if value is not None and not _ARXIV_CLASS.match(value):
            raise ValueError(f"not an arXiv category such as 'cs.LG' or 'hep-th': {value!r}")
        return value

    def with_listing(self, title: str, authors: Sequence[Person], *, against: "Reference") -> Self:
        """This posting with arXiv's ``title`` and ``authors`` kept where they differ from
        those of ``against`` (the published record) and left out where they agree."""
        update = {
            "title": None if same_title(title, against.title) else title,
            "authors": None if same_authors(authors, against.authors) else list(authors),
        }
        return self.model_copy(update=update)


class Provenance(_Model):
    """Where one fact of a record came from, and when it was read."""

    source: NonEmpty
    """URL (or citation) of the material the fact was checked against."""
    retrieved: date
    """Day the source was read."""
    note: str | None = None


class Milestone(_Model):
    """A work as the article presents it."""

    label: NonEmpty
    """Short name the article uses (``DCGAN``, ``StyleGAN``)."""
    article_date: NonEmpty
    """Date as the article gives it (``2015-11``, ``2018-2020``)."""
    link: str | None = None
    """Link exactly as the article prints it; ``None`` where it gives none."""


class Reference(_Model):
    """One citable work with its bibliographic facts and their provenance."""

    key: str | None = None
    """Citation key; fixed once written to a file."""
    type: WorkType
    title: NonEmpty
    """Title as published, with no BibTeX braces."""
    # Empty defaults as values, not default_factory=list: pydantic copies a mutable default for
    # each instance, and a builtin factory costs an inspect.signature (tokenize's big regex,
    # 1.4 ms of every start-up).
    authors: list[Person] = []
    editors: list[Person] = []
    year: int = Field(ge=1000, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    venue: Venue | None = None
    booktitle: str | None = None
    journal: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    series: str | None = None
    publisher: str | None = None
    address: str | None = None
    organization: str | None = None
    doi: str | None = None
    """DOI of the published version as registered (``10.1109/CVPR.2019.00453``); DOIs are
    case-insensitive, so compare them with :func:`doi_key`. Never the 10.48550 arXiv DOI."""
    arxiv: ArxivInfo | None = None
    neurips_id: str | None = None
    """``YEAR/HASH`` of a NeurIPS proceedings paper."""
    acl_id: str | None = None
    openreview_id: str | None = None
    url: str | None = None
    urldate: date | None = None
    """Day a web resource was accessed."""
    version: str | None = None
    """A software or data set release as its authors name it (``v0.1-alpha``): biblatex's
    and CSL's ``version``; plain BibTeX prints it in the note (``Version v0.1-alpha``)."""
    note: str | None = None
    era: str | None = None
    milestone: Milestone | None = None
    provenance: dict[str, Provenance] = {}
    """Per field name: where its value came from."""

    @field_validator("key")
    @classmethod
    def _check_key(cls, value: str | None) -> str | None:
        if value is not None and not _KEY.match(value):
            raise ValueError(f"citation key has characters BibTeX cannot use: {value!r}")
        return value

    @field_validator("doi")
    @classmethod
    def _check_doi(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not is_doi(value) or len(value) > _MAX_ID or _NOT_IN_ID.search(value):
            raise ValueError(f"not a DOI: {value[:_MAX_ID]!r}")
        if is_arxiv_doi(value):
            raise ValueError("the arXiv DataCite DOI belongs in 'arxiv', not 'doi'")
        return value

    @field_validator(
        "title",
        "booktitle",
        "journal",
        "series",
        "publisher",
        "address",
        "organization",
        "note",
        "version",
    )
    @classmethod
    def _check_decoded(cls, value: str | None) -> str | None:
        return None if value is None else _decoded(value)

    @field_validator("volume", "number")
    @classmethod
    def _check_volume(cls, value: str | None) -> str | None:
        if value is not None and not _VOLUME.match(value):
            raise ValueError(
                f"not a volume or issue number (letters, digits, spaces, .,:;/+()'-, at most "
                f"64): {value[:_MAX_ID]!r}"
            )
        return value

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is not None and (
            not _URL.match(value) or len(value) > _MAX_URL or _NOT_IN_ID.search(value)
        ):
            raise ValueError(f"not an http(s) URL without spaces or braces: {value[:_MAX_ID]!r}")
        return value

    @field_validator("neurips_id")
    @classmethod
    def _check_neurips(cls, value: str | None) -> str | None:
        if value is not None and read_as(Kind.NEURIPS, value) != Identifier(Kind.NEURIPS, value):
            raise ValueError(f"not a NeurIPS id YEAR/HASH: {value!r}")
        return value

    @field_validator("pages")
    @classmethod
    def _check_pages(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = re.sub(r"\s*[-\u2013]+\s*", "--", value)
        if not _PAGES.match(value):
            raise ValueError(f"pages must look like '64--73' or '1527': {value!r}")
        return value

    @model_validator(mode="after")
    def _check_type_fields(self) -> Self:
        needs = {
            WorkType.CONFERENCE_PAPER: ("booktitle",),
            WorkType.JOURNAL_ARTICLE: ("journal",),
            WorkType.PREPRINT: ("arxiv",),
        }.get(self.type, ())
        for name in needs:
            if getattr(self, name) is None:
                raise ValueError(f"a {self.type.value} needs {name!r}")
        if (
            self.type in (WorkType.CONFERENCE_PAPER, WorkType.JOURNAL_ARTICLE, WorkType.PREPRINT)
            and not self.authors
        ):
            raise ValueError(f"a {self.type.value} needs at least one author")
        posted = self.arxiv
        if posted is not None and (posted.title is not None or posted.authors is not None):
            if self.type is WorkType.PREPRINT:
                raise ValueError(
                    "a preprint's title and authors are arXiv's own; arxiv.title and "
                    "arxiv.authors are for a published work that arXiv lists differently"
                )
            if posted.title is not None and same_title(posted.title, self.title):
                raise ValueError(
                    "arxiv.title is the record's title; set it only where arXiv lists another"
                )
            if posted.authors is not None and same_authors(posted.authors, self.authors):
                raise ValueError(
                    "arxiv.authors are the record's authors; set them only where arXiv lists others"
                )
        unknown = set(self.provenance) - set(type(self).model_fields)
        if unknown:
            raise ValueError(f"provenance names unknown fields: {sorted(unknown)}")
        return self

    @property
    def sort_date(self) -> tuple[int, int, int]:
        """(year, month, day) for date order; a missing month is taken from the arXiv
        posting of the same year, else the work sorts at the end of its year."""
        if self.month is None and self.arxiv and self.arxiv.published:
            posted = self.arxiv.published
            if posted.year == self.year:
                return (posted.year, posted.month, posted.day)
        return (self.year, self.month or 13, self.day or 0)

    @property
    def arxiv_title(self) -> str:
        """The title of the arXiv posting: ``arxiv.title`` where arXiv lists another, else
        :attr:`title`."""
        return self.arxiv.title if self.arxiv and self.arxiv.title else self.title

    @property
    def arxiv_authors(self) -> list[Person]:
        """The authors of the arXiv posting: ``arxiv.authors`` where arXiv lists others,
        else :attr:`authors`."""
        return self.arxiv.authors if self.arxiv and self.arxiv.authors else self.authors

    @property
    def first_author_family(self) -> str | None:
        """Family name of the first author, if any."""
        return self.authors[0].family if self.authors else None


class Era(_Model):
    """A period of the article, in the article's order."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
    name: NonEmpty
    """The article's heading."""
    years: NonEmpty
    """Years as the article gives them (``2015-2020``, ``2022-``)."""
    description: str = ""


class Catalog(_Model):
    """Eras and references, checked for consistency."""

    eras: list[Era]
    references: list[Reference]

    @model_validator(mode="after")
    def _check_consistency(self) -> Self:
        era_ids = [era.id for era in self.eras]
        if len(set(era_ids)) != len(era_ids):
            raise ValueError("era ids must be unique")
        keys: set[str] = set()
        for ref in self.references:
            if ref.era is not None and ref.era not in era_ids:
                raise ValueError(f"{ref.key}: unknown era {ref.era!r}; known: {era_ids}")
            if ref.key is None:
                raise ValueError(f"reference {ref.title!r} has no key")
            if ref.key in keys:
                raise ValueError(f"duplicate key {ref.key!r}")
            keys.add(ref.key)
        return self

    @property
    def era_ids(self) -> list[str]:
        """Era ids in the article's order."""
        return [era.id for era in self.eras]

    def era(self, era_id: str) -> Era:
        """The era with this id; :class:`~imgsynth_refs.errors.UsageError` if unknown."""
        for era in self.eras:
            if era.id == era_id:
                return era
        raise UsageError(f"unknown era {era_id!r}; valid: {', '.join([*self.era_ids, 'all'])}")

    def select(self, era_ids: list[str] | tuple[str, ...] | None = None) -> list[Reference]:
        """References of the given eras in era order, then by date.

        ``None`` or ``'all'`` selects every era, followed by the works that belong to none
        (the article itself); an empty list selects nothing.
        """
        everything = era_ids is None or "all" in era_ids
        wanted = self.era_ids if everything else [self.era(e).id for e in era_ids or ()]
        order = {era_id: i for i, era_id in enumerate(wanted)}
        if everything:
            order[""] = len(order)
        chosen = [r for r in self.references if (r.era or "") in order]
        return sorted(chosen, key=lambda r: (order[r.era or ""], *r.sort_date, r.key or ""))

    def get(self, key: str) -> Reference:
        """The reference with this citation key."""
        for ref in self.references:
            if ref.key == key:
                return ref
        raise KeyError(key)
