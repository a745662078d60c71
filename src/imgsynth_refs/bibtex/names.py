"""Names the way BibTeX splits them (``First von Last``, ``von Last, First``, ``von Last, Jr,
First``; braces group), read into :class:`~imgsynth_refs.models.Person` and written back."""

from __future__ import annotations

from collections.abc import Iterable

from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from ..models import Person
from .latex import Dialect, _clean, encode_text, latex_to_unicode

__all__ = ["format_name", "format_names", "parse_names"]


def parse_names(value: str) -> list[Person]:
    """A BibTeX name list (``A and B and others``) as people, split the BibTeX way.

    ``others`` stays as a person with family name ``others`` (BibTeX's *et al.*).
    """
    people = []
    for name in split_multiple_persons_names(_clean(value)):
        parts = parse_single_name_into_parts(name, strict=False)
        family = latex_to_unicode(" ".join(parts.last))
        given = latex_to_unicode(" ".join(parts.first))
        if not family:
            # BibTeX keeps a lone given name as the last name.
            family, given = given, ""
        if not family:
            continue
        people.append(
            Person(
                family=family,
                given=given,
                prefix=latex_to_unicode(" ".join(parts.von)),
                suffix=latex_to_unicode(" ".join(parts.jr)),
            )
        )
    return people


def format_name(person: Person, dialect: Dialect = "bibtex") -> str:
    """One person as BibTeX reads it back: ``von Last, Jr, First``.

    A family name that BibTeX would split differently from the record is braced: one with
    a comma or the word ``and``, one with a lower-case word (``de Souza`` recorded without
    a particle), or several words with no given name (an organisation).
    """
    family = encode_text(person.family, dialect)
    words = person.family.split()
    if (
        "," in family
        or "and" in words
        or any(word[0].islower() for word in words)
        or (len(words) > 1 and not person.given)
    ) and person.family != "others":
        family = f"{{{family}}}"
    last = " ".join(p for p in (encode_text(person.prefix, dialect), family) if p)
    # Emptiness is judged on the written text: a given name of only braces writes as none.
    given, suffix = (
        _braced_if_split(encode_text(p, dialect)) for p in (person.given, person.suffix)
    )
    if not given.strip() and not suffix.strip():
        return last
    return ", ".join([last, *([suffix] if suffix.strip() else []), given])


def _braced_if_split(part: str) -> str:
    """A given name or suffix braced when BibTeX would split it (a comma, the word ``and``)."""
    if "," in part or "and" in part.lower().split():
        return f"{{{part}}}"
    return part


def format_names(people: Iterable[Person], dialect: Dialect = "bibtex") -> str:
    """``Family, Given and Family, Given ...``."""
    return " and ".join(format_name(p, dialect) for p in people)
