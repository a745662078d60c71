"""Rules about an entry's fields and type: required fields (by BibTeX's standard styles,
or by biblatex's data model for a biblatex file), placeholder values on preprints, and
conference papers or preprints typed ``@article`` (Google Scholar's habit)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from ..bibfields import is_arxiv_venue, journal_of
from ..bibfile import BibEntry
from ..models import Reference
from ..venues import identify
from ._identity import arxiv_only_id, catalog_matches, entry_arxiv_ids
from .model import Context, Finding, Severity, register

__all__ = [
    "BIBLATEX_ONLY_FIELDS",
    "BIBLATEX_ONLY_TYPES",
    "BIBLATEX_REQUIRED",
    "REQUIRED_FIELDS",
    "Dialect",
    "Requirements",
    "dialect",
    "missing_fields",
    "placeholder_values",
    "preprint_as_article",
    "proceedings_as_article",
]

Requirements = tuple[tuple[str, ...], ...]

REQUIRED_FIELDS: dict[str, Requirements] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "conference": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year", "date")),
    "inbook": (
        ("author", "editor"),
        ("title",),
        ("chapter", "pages"),
        ("publisher",),
        ("year", "date"),
    ),
    "phdthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "techreport": (("author",), ("title",), ("institution",), ("year", "date")),
    "unpublished": (("author",), ("title",), ("note",)),
    "manual": (("title",),),
    "proceedings": (("title",), ("year", "date")),
}
"""Required fields per entry type of BibTeX's standard styles (``plain.bst``). Each inner
tuple lists alternatives, any one of which will do."""

_DATE = ("date", "year")
BIBLATEX_REQUIRED: dict[str, Requirements] = {
    "article": (("author",), ("journaltitle", "journal"), ("title",), _DATE),
    "book": (("author", "editor"), ("title",), _DATE),
    "mvbook": (("author", "editor"), ("title",), _DATE),
    "inbook": (("author",), ("title",), ("booktitle",), _DATE),
    "bookinbook": (("author",), ("title",), ("booktitle",), _DATE),
    "suppbook": (("author",), ("title",), ("booktitle",), _DATE),
    "booklet": (("author", "editor"), ("title",), _DATE),
    "collection": (("editor",), ("title",), _DATE),
    "mvcollection": (("editor",), ("title",), _DATE),
    "reference": (("editor",), ("title",), _DATE),
    "mvreference": (("editor",), ("title",)),
    "incollection": (("author",), ("title",), ("booktitle",), _DATE),
    "suppcollection": (("author",), ("title",), ("booktitle",), _DATE),
    "inreference": (("author",), ("title",), ("booktitle",), _DATE),
    "dataset": (("title",),),
    "manual": (("title",), _DATE),
    "misc": (("title",), _DATE),
    "software": (("title",),),
    "online": (("title",), ("url", "doi", "eprint"), _DATE),
    "patent": (("author",), ("title",), ("number",), _DATE),
    "periodical": (("editor",), ("title",), _DATE),
    "suppperiodical": (_DATE,),
    "proceedings": (("title",), _DATE),
    "mvproceedings": (("title",),),
    "inproceedings": (("author",), ("title",), ("booktitle",), _DATE),
    "report": (("author",), ("title",), ("type",), ("institution",), _DATE),
    "thesis": (("author",), ("title",), ("type",), ("institution",), _DATE),
    "unpublished": (("author",), ("title",), _DATE),
}
"""Mandatory fields per entry type of biblatex's data model (``blx-dm.def`` of biblatex
3.18: ``\\DeclareDatamodelConstraints``, with its "date or year" constraint), relaxed where
the standard styles print the entry well: an edited ``@book`` (editor for author), an
``@incollection`` without editor."""

_BIBLATEX_ALIASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "conference": ("inproceedings", ()),
    "electronic": ("online", ()),
    "www": ("online", ()),
    "mastersthesis": ("thesis", ("type",)),
    "phdthesis": ("thesis", ("type",)),
    "techreport": ("report", ("type",)),
}
"""biber's entry-type aliases: the type it reads, and the fields the alias implies."""

_FIELD_ALIASES = {"school": "institution", "journal": "journaltitle", "address": "location"}

BIBLATEX_ONLY_TYPES = frozenset(
    {
        "mvbook",
        "bookinbook",
        "suppbook",
        "collection",
        "mvcollection",
        "suppcollection",
        "reference",
        "mvreference",
        "inreference",
        "dataset",
        "software",
        "online",
        "patent",
        "periodical",
        "suppperiodical",
        "mvproceedings",
        "report",
        "thesis",
        "set",
        "xdata",
    }
)
BIBLATEX_ONLY_FIELDS = frozenset(
    {
        "date",
        "journaltitle",
        "location",
        "maintitle",
        "origdate",
        "eventdate",
        "entryset",
        "xdata",
        "related",
        "shortjournal",
    }
)

Dialect = Literal["bibtex", "biblatex"]


_EXTENDED_NAME = re.compile(r"(?:^|\band\s+|,\s*)(?:family|given)\s*=", re.IGNORECASE)
"""biber's extended name format (``family=Adler, given=Alfred``)."""


def dialect(ctx: Context) -> Dialect:
    """``biblatex`` when any entry uses a type, field or name format only biblatex and biber
    know, else ``bibtex`` (``langid``, which Better BibTeX writes for BibTeX too, does not
    count)."""

    def make() -> Dialect:
        for entry in ctx.bib.entries:
            fields = entry.fields
            if entry.entry_type in BIBLATEX_ONLY_TYPES or not BIBLATEX_ONLY_FIELDS.isdisjoint(
                fields
            ):
                return "biblatex"
            if any(_EXTENDED_NAME.search(fields.get(n, "")) for n in ("author", "editor")):
                return "biblatex"
        return "bibtex"

    found: Dialect = ctx.shared("dialect", make)
    return found


@register(
    "missing-field",
    Severity.WARNING,
    "a field the entry type requires is absent (BibTeX's standard styles; biblatex's data "
    "model for a file that uses biblatex types or fields)",
    "add the field (the verified record's value is suggested when the work is known)",
)
def missing_fields(ctx: Context) -> Iterator[Finding]:
    """Required fields absent from an entry and from the entry its ``crossref`` names."""
    biblatex = dialect(ctx) == "biblatex"
    matches = catalog_matches(ctx)
    for entry in ctx.bib.entries:
        if "xdata" in entry.fields:
            continue  # fields come from an @xdata entry
        kind, implied = entry.entry_type, tuple[str, ...]()
        if biblatex:
            kind, implied = _BIBLATEX_ALIASES.get(kind, (kind, ()))
        required = (BIBLATEX_REQUIRED if biblatex else REQUIRED_FIELDS).get(kind)
        if required is None:
            continue
        crossref = entry.fields.get("crossref", "").strip().lower()
        parent = ctx.by_key.get(crossref) if crossref else None
        fields = _inherited(parent) | dict.fromkeys(implied, "x") | entry.fields
        if biblatex:
            for old, new in _FIELD_ALIASES.items():
                if fields.get(old):
                    fields.setdefault(new, fields[old])
        missing = [alts for alts in required if not any(fields.get(a) for a in alts)]
        if not missing:
            continue
        known = matches.get(entry.start)
        preprint = arxiv_only_id(entry) is not None
        for alternatives in missing:
            yield _missing(entry, alternatives, known.reference if known else None, preprint)


def _inherited(parent: BibEntry | None) -> dict[str, str]:
    """What a ``crossref`` child inherits: same-named fields, and the parent's title as
    its booktitle (biblatex; BibTeX styles print it from the parent as well)."""
    if parent is None:
        return {}
    fields = dict(parent.fields)
    if "title" in fields:
        fields.setdefault("booktitle", fields["title"])
    return fields


def _missing(
    entry: BibEntry, alternatives: tuple[str, ...], ref: Reference | None, preprint: bool
) -> Finding:
    name = alternatives[0]
    value = _reference_value(ref, name, preprint=preprint) if ref is not None else None
    fix = (
        f"add {name} = {{{value}}} (from the catalog's {ref.key!r})"
        if value and ref is not None
        else f"add {' or '.join(alternatives)}"
    )
    return Finding(
        "missing-field",
        entry.key,
        entry.line,
        f"@{entry.entry_type} needs {' or '.join(alternatives)}",
        fix,
    )


def _reference_value(ref: Reference, name: str, *, preprint: bool = False) -> str | None:
    if name in ("author", "editor"):
        authors = ref.arxiv_authors if preprint else ref.authors
        people = authors if name == "author" else ref.editors
        return " and ".join(f"{p.family}, {p.given}".strip(", ") for p in people) or None
    if name == "title" and preprint:
        return ref.arxiv_title
    if name in ("journaltitle", "date"):
        name = {"journaltitle": "journal", "date": "year"}[name]
    value = getattr(ref, name, None)
    return str(value) if value is not None else None


_PLACEHOLDER_FIELDS = ("volume", "number", "pages")


def _is_preprint_entry(entry: BibEntry) -> bool:
    journal = journal_of(entry.fields) or ""
    return arxiv_only_id(entry) is not None or is_arxiv_venue(journal, corr=False)


@register(
    "placeholder-value",
    Severity.WARNING,
    "volume, number or pages on an arXiv preprint, which has none (Google Scholar "
    "fills in values such as volume = {1}, number = {2})",
    "delete the field, or cite the published version",
)
def placeholder_values(ctx: Context) -> Iterator[Finding]:
    """Volume, number and pages of entries that cite an arXiv preprint."""
    for entry in ctx.bib.entries:
        if not any(name in entry.fields for name in _PLACEHOLDER_FIELDS):
            continue
        if not _is_preprint_entry(entry):
            continue
        for name in _PLACEHOLDER_FIELDS:
            value = entry.fields.get(name, "").strip()
            if not value or value.startswith("abs/") or "arxiv" in value.lower():
                continue  # DBLP's CoRR volume (abs/1511.06434) names the posting
            yield Finding(
                "placeholder-value",
                entry.key,
                ctx.line(entry, name),
                f"{name} = {{{value}}} on an arXiv preprint, which has no {name}",
                f"delete {name} (or cite the published version, with its own {name})",
            )


_CONFERENCES = frozenset({"NeurIPS", "ICLR", "ICML", "CVPR", "ICCV", "ECCV", "AAAI"})
_CONFERENCES |= {"NAACL", "EMNLP", "ACL"}


@register(
    "proceedings-as-article",
    Severity.WARNING,
    "a conference paper typed @article with the proceedings as journal (Google Scholar's "
    "'journal = {Advances in neural information processing systems}')",
    "make it @inproceedings with the proceedings as booktitle",
)
def proceedings_as_article(ctx: Context) -> Iterator[Finding]:
    """``@article`` entries whose journal is a conference's proceedings."""
    for entry in ctx.bib.entries:
        journal = journal_of(entry.fields)
        if entry.entry_type != "article" or not journal:
            continue
        venue = identify(journal)
        if venue is not None and venue.acronym in _CONFERENCES:
            yield Finding(
                "proceedings-as-article",
                entry.key,
                entry.line,
                f"@article with journal = {{{journal}}}: a {venue.acronym} conference paper "
                "(styles print it as a journal article, without 'In')",
                f"write @inproceedings{{{entry.key}, ... booktitle = {{{journal}}}, ...}} "
                "instead of @article with journal",
            )


@register(
    "preprint-as-article",
    Severity.WARNING,
    "an arXiv preprint typed @article with journal = {arXiv preprint ...} (Google Scholar's "
    "form; arXiv is not a journal)",
    "make it @misc with eprint and archivePrefix, or cite the published version",
)
def preprint_as_article(ctx: Context) -> Iterator[Finding]:
    """``@article`` entries whose journal is arXiv."""
    for entry in ctx.bib.entries:
        journal = journal_of(entry.fields)
        if entry.entry_type != "article" or not is_arxiv_venue(journal, corr=False):
            continue
        ids = entry_arxiv_ids(ctx, entry)
        eprint = f"eprint = {{{ids[0].id}}}, archivePrefix = {{arXiv}}" if ids else "eprint"
        yield Finding(
            "preprint-as-article",
            entry.key,
            entry.line,
            f"@article with journal = {{{journal}}}: arXiv is not a journal",
            f"write @misc{{{entry.key}, ... {eprint}, ...}} (or cite the published version)",
        )
