"""BibTeX and BibLaTeX entries <-> :class:`~imgsynth_refs.models.Reference` records.

Reading (:func:`parse_bib`, :func:`entry_to_reference`) turns the text of a .bib file into
bibtexparser v2 entries and those into validated records: LaTeX becomes Unicode
(:mod:`pylatexenc`), names are split the way BibTeX splits them (``First von Last``,
``von Last, First``, ``von Last, Jr, First``; braces group), field names are
case-insensitive. A block that does not parse is an error naming its line.

Writing (:func:`reference_to_entry`, :func:`format_entries`) is the project's style:
the entry type follows what the work is, titles brace acronyms and proper nouns
(:func:`protect_title`: case detection plus the word list ``protected_words.txt``), names
are ``Family, Given and ...``, and plain BibTeX gets non-ASCII characters as LaTeX escapes.
A work written as its arXiv preprint (:func:`is_preprint_form`) takes the title and authors
arXiv lists, where they differ from the published ones.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from .errors import BibParseError, DataError
from .identifiers import Kind, bare_doi, parse
from .models import (
    ArxivInfo,
    Person,
    Prefer,
    Reference,
    Venue,
    WorkType,
    check_prefer,
    first_error,
    is_arxiv_doi,
)

if TYPE_CHECKING:
    from bibtexparser.model import Entry

__all__ = [
    "MONTHS",
    "Dialect",
    "arxiv_abs_url",
    "encode_text",
    "entry_to_reference",
    "format_entries",
    "format_name",
    "format_names",
    "is_preprint_form",
    "latex_to_unicode",
    "parse_bib",
    "parse_names",
    "protect_title",
    "protected_words",
    "reference_to_entry",
    "with_keys",
    "year_is_access_year",
]

Dialect = Literal["bibtex", "biblatex"]

# bibtexparser logs an aborted block as a multi-line warning; parse_bib raises instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros, January first."""

_MONTH_NAMES = {
    name: number
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3], full[:4])
}

# Patterns are strings that re compiles (and caches) on first use, and the reading side's
# modules (bibfields, with the prose scanner) are imported where they are used, so that
# importing this module for writing (export) does not pay for the reading side.
# URLs and DOIs are verbatim: only undo the backslash escapes some sources add (dblp).
_URL_ESCAPE = r"\\([_%&#$~])"
_LATEX_URL = r"\\url\{([^}]*)\}"
_VERSION_NOTE = r"^Version ([^\s;]+)(?:;\s*|$)"

_TYPES: dict[str, WorkType] = {
    "inproceedings": WorkType.CONFERENCE_PAPER,
    "conference": WorkType.CONFERENCE_PAPER,
    "incollection": WorkType.CONFERENCE_PAPER,
    "article": WorkType.JOURNAL_ARTICLE,
    "dataset": WorkType.DATASET,
    "data": WorkType.DATASET,
    "software": WorkType.SOFTWARE,
    "online": WorkType.WEB_PAGE,
    "electronic": WorkType.WEB_PAGE,
    "www": WorkType.WEB_PAGE,
    "misc": WorkType.WEB_PAGE,
}
"""Entry type (lower case) to the kind of work; an arXiv eprint makes a preprint of the rest."""

_ARXIV_ONLY_TYPES = ("unpublished", "techreport", "report")

_ARXIV_ONLY_FIELDS = ("volume", "number", "pages", "eid")
"""Fields that some exports fill with the arXiv id alone (dblp, Zotero, ADS): not kept."""


# --------------------------------------------------------------------------- reading


def parse_bib(text: str, *, source: str) -> list[Entry]:
    """The entries of a .bib text, in order; ``@string`` macros are resolved.

    Field names are lower-cased. Raises :class:`~imgsynth_refs.errors.BibParseError`
    naming ``source`` and the (1-based) line of the first block that fails to parse,
    including a duplicate key or a field given twice.
    """
    import bibtexparser

    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = None if block.start_line is None else block.start_line + 1
        reason = getattr(block.error, "abort_reason", None) or str(block.error)
        raise BibParseError(
            " ".join(reason.split()) or "cannot parse block", file=source, line=line
        )
    entries = library.entries
    for entry in entries:
        for field in entry.fields:
            field.key = field.key.lower()
    return entries


def _clean(value: str) -> str:
    return " ".join(value.split())


def latex_to_unicode(value: str) -> str:
    """LaTeX markup to plain Unicode text (``Bj{\\"o}rn`` -> ``Björn``); whitespace collapsed."""
    if not any(c in value for c in "\\{}$~"):
        return _clean(value)
    # A bare % is text in a .bib value, not the start of a LaTeX comment.
    text = _latex_decoder().latex_to_text(re.sub(r"(?<!\\)%", r"\\%", value))
    return _clean(text.replace("\xa0", " "))


@cache
def _latex_decoder() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    # pylatexenc 2.10 reads \textperiodcentered as U+02D9; it is U+00B7 (as in DALL·E).
    context = get_default_latex_context_db().filter_context()
    # It also lacks \textless, \textgreater and \textbar, which the writer uses.
    symbols = {"textperiodcentered": "\u00b7", "textless": "<", "textgreater": ">", "textbar": "|"}
    context.add_context_category(
        "imgsynth_refs",
        macros=[MacroTextSpec(name, text) for name, text in symbols.items()],
        prepend=True,
    )
    return LatexNodes2Text(latex_context=context, math_mode="text")


def _verbatim(value: str) -> str:
    return re.sub(_URL_ESCAPE, r"\1", value.strip())


def parse_names(value: str) -> list[Person]:
    """A BibTeX name list (``A and B and others``) as people, split the BibTeX way.

    ``others`` stays as a person with family name ``others`` (BibTeX's *et al.*).
    """
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

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


def _month(value: str) -> int | None:
    value = value.strip().lower().rstrip(".")
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return _MONTH_NAMES.get(value)


def _year(value: str) -> int | None:
    match = re.search(r"\d{4}", value)
    return int(match.group()) if match else None


def _date_parts(value: str) -> tuple[int | None, int | None, int | None]:
    match = re.match(r"^\s*(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not match:
        return None, None, None
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def _arxiv_info(raw: dict[str, str]) -> tuple[ArxivInfo | None, list[str]]:
    """The arXiv posting an entry names (:func:`~imgsynth_refs.bibfields.arxiv_in_entry`),
    and the fields that hold nothing but its id (``number = {arXiv:ID}``, dblp's ``volume =
    {abs/ID}``, ADS's ``pages``): those are the id, not a volume, number or pages."""
    from .bibfields import BRACED_WORD, arxiv_in_entry  # reading only: see _URL_ESCAPE

    found = arxiv_in_entry(raw)
    if found is None:
        return None, []
    ident = found[1]
    primary = _clean(raw.get("primaryclass") or raw.get("eprintclass") or "") or None
    info = ArxivInfo(id=ident.id, version=ident.version, primary_class=primary)
    alone = []
    for name in _ARXIV_ONLY_FIELDS:
        value = BRACED_WORD.sub(r"\1", raw.get(name, "")).strip().replace("abs/", "arXiv:", 1)
        same = parse(value)
        if same is not None and (same.kind, same.id) == (ident.kind, ident.id):
            alone.append(name)
    return info, alone


def entry_to_reference(entry: Entry) -> Reference:
    """A validated record from one parsed entry (BibTeX or BibLaTeX field names).

    Raises :class:`~imgsynth_refs.errors.DataError` naming the entry key (and field) when
    the entry cannot make a valid record, e.g. an unknown entry type or no year.
    """
    from pydantic import ValidationError

    from .bibfields import identifiers_in_entry, is_arxiv_venue

    raw = {field.key.lower(): str(field.value) for field in entry.fields}
    verbatim = {"url", "doi", "eprint", "urldate", "date", "file"}
    text = {k: (_verbatim(v) if k in verbatim else latex_to_unicode(v)) for k, v in raw.items()}
    text = {k: v for k, v in text.items() if v}
    entry_type = entry.entry_type.lower()
    arxiv, only_id = _arxiv_info(raw)
    text = {k: v for k, v in text.items() if k not in only_id}

    kind = _TYPES.get(entry_type)
    journal = text.get("journal") or text.get("journaltitle")
    if kind is WorkType.JOURNAL_ARTICLE and is_arxiv_venue(journal):
        kind, journal = WorkType.PREPRINT, None
    elif arxiv is not None and (
        entry_type in ("misc", "online") or entry_type in _ARXIV_ONLY_TYPES
    ):
        kind = WorkType.PREPRINT
    if kind is None:
        raise DataError(
            f"entry type @{entry.entry_type} is not supported "
            f"(supported: {', '.join(sorted({*_TYPES, *_ARXIV_ONLY_TYPES}))})",
            record=entry.key,
        )

    year, month, day = _date_parts(text.get("date", ""))
    year = _year(text["year"]) if "year" in text else year
    if "month" in text:
        month = _month(text["month"])
    url = text.get("url")
    if url is None and "howpublished" in raw:
        found = re.search(_LATEX_URL, raw["howpublished"])
        url = _verbatim(found.group(1)) if found else None
    doi = bare_doi(text.get("doi", "")) or None
    if doi and is_arxiv_doi(doi):
        doi = None
    booktitle = text.get("booktitle")
    container = booktitle if kind is WorkType.CONFERENCE_PAPER else journal
    in_url = {i.kind: i.id for i in reversed(identifiers_in_entry({"url": url or ""}))}
    urldate = text.get("urldate")
    # Plain BibTeX has no version field: the writer leads the note with "Version X".
    version, note = text.get("version"), text.get("note")
    written = re.match(_VERSION_NOTE, note) if note and version is None else None
    if written and note:
        version, note = written[1], note[written.end() :] or None
    data: dict[str, Any] = {
        "key": entry.key,
        "type": kind,
        "title": text.get("title"),
        "authors": parse_names(raw["author"]) if "author" in raw else [],
        "editors": parse_names(raw["editor"]) if "editor" in raw else [],
        "year": year,
        "month": month,
        "day": day,
        "venue": Venue(name=container) if container else None,
        "booktitle": booktitle if kind is WorkType.CONFERENCE_PAPER else None,
        "journal": journal if kind is WorkType.JOURNAL_ARTICLE else None,
        "volume": text.get("volume"),
        "number": text.get("number") or text.get("issue"),
        "pages": text.get("pages"),
        "series": text.get("series"),
        "publisher": text.get("publisher"),
        "address": text.get("address") or text.get("location"),
        "organization": text.get("organization") or text.get("institution"),
        "doi": doi,
        "arxiv": arxiv,
        "neurips_id": in_url.get(Kind.NEURIPS),
        "acl_id": in_url.get(Kind.ACL),
        "openreview_id": in_url.get(Kind.OPENREVIEW),
        "url": url,
        "urldate": _date_or_none(urldate),
        "version": version,
        "note": note,
    }
    try:
        return Reference.model_validate(data)
    except ValidationError as exc:
        loc, message = first_error(exc)
        raise DataError(message, record=entry.key, field=loc) from None


def _date_or_none(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- writing

_WORD_LIST_FILE = "protected_words.txt"


@cache
def protected_words() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The maintained list of capitalised proper nouns: (single words, multi-word phrases)."""
    from importlib import resources

    text = resources.files(__package__).joinpath(_WORD_LIST_FILE).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    entries = [line for line in lines if line and not line.startswith("#")]
    words = frozenset(e for e in entries if " " not in e)
    phrases = tuple(sorted((tuple(e.split()) for e in entries if " " in e), key=len, reverse=True))
    return words, phrases


# A title token: leading punctuation, the word, trailing punctuation.
_TOKEN = "(?s)^([\"'(\\[\u201c\u2018]*)(.*?)([\"')\\].,:;!?\u201d\u2019]*)$"


def _needs_braces(word: str, words: frozenset[str]) -> bool:
    """Whether a style that lowercases titles would damage ``word``."""
    if not word:
        return False
    if word in words or word.removesuffix("'s") in words:
        return True
    for part in re.split(r"[-/\u2010\u2011]", word):
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        # Capitals after the first character: ImageNet, GANs, DALL, YFCC100M, 3D, iPhone.
        if any(c.isupper() for c in part[1:]):
            return True
        # A lone capital letter other than the article "A" (Type I, Part B).
        if len(part) == 1 and part.isupper() and part != "A":
            return True
        # A capital with digits names a model or data set: T5, R2, CIFAR10 (caught above).
        if part[0].isupper() and any(c.isdigit() for c in part):
            return True
    return False


def protect_title(title: str) -> str:
    """``title`` with braces around what must keep its capitals.

    Braces go around whole words ({ImageNet}, {GANs}, {DALL-E}) and listed phrases
    ({Conceptual Captions}), never around punctuation, never nested, and never around the
    whole title.
    """
    words, phrases = protected_words()
    tokens = title.split()
    parts = [re.match(_TOKEN, token).groups() for token in tokens]  # type: ignore[union-attr]
    cores = [core for _, core, _ in parts]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in phrases:
            n = len(phrase)
            run = tuple(cores[i : i + n])
            # Inner tokens of a phrase carry no punctuation ("Conceptual Captions:").
            if run == phrase and all(not parts[j][2] for j in range(i, i + n - 1)):
                lead, trail = parts[i][0], parts[i + n - 1][2]
                out.append(f"{lead}{{{' '.join(phrase)}}}{trail}")
                i += n
                break
        else:
            lead, core, trail = parts[i]
            out.append(f"{lead}{{{core}}}{trail}" if _needs_braces(core, words) else tokens[i])
            i += 1
    return " ".join(out)


# ASCII characters LaTeX treats specially, written so that both BibTeX and biber read
# them as text; braces are dropped, since BibTeX counts even escaped ones.
_SPECIALS = str.maketrans(
    {
        "&": r"\&",
        "%": r"\%",
        "#": r"\#",
        "_": r"\_",
        "$": r"\$",
        "~": r"{\textasciitilde}",
        "^": r"{\textasciicircum}",
        "\\": r"{\textbackslash}",
        # OT1, LaTeX's default font encoding, prints these three as ¡, ¿ and an em dash.
        "<": r"{\textless}",
        ">": r"{\textgreater}",
        "|": r"{\textbar}",
        "{": "",
        "}": "",
    }
)


# LaTeX accent commands for Unicode combining marks. A letter with a canonical
# decomposition is written as its base under these commands (Vietnamese "ắ" is "a" +
# breve + acute: {\\'{\\u{a}}}); pylatexenc handles the rest (Ł, ß, ø, ...). Decomposing
# first also avoids pylatexenc 2.10's wrong table entry for Ű/ű (\\' instead of \\H).
_COMBINING_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}


_MATH_ACCENTS = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0302": "hat",
    "\u0303": "tilde",
    "\u0304": "bar",
    "\u0306": "breve",
    "\u0307": "dot",
    "\u0308": "ddot",
    "\u030c": "check",
}
"""Math-mode accent commands for the combining marks a math letter (Greek) can carry."""


def _accented(text: str, pos: int, u2lobj: Any) -> tuple[int, str] | None:
    """pylatexenc rule: a decomposable accented letter as accent commands, else ``None``."""
    import unicodedata

    char = text[pos]
    if char.isascii():
        return None
    base, *marks = list(unicodedata.normalize("NFD", char))
    if not marks or any(m not in _COMBINING_ACCENTS for m in marks):
        return None
    latex = base if base.isascii() else u2lobj.unicode_to_latex(base)
    math = re.fullmatch(r"\\ensuremath\{(.*)\}", latex.removeprefix("{").removesuffix("}"))
    if math:
        # A math letter (Greek ά, ΐ) takes math accents: text accents fail inside math.
        body = math.group(1)
        for mark in marks:
            if mark not in _MATH_ACCENTS:
                return None
            body = f"\\{_MATH_ACCENTS[mark]}{{{body}}}"
        return 1, f"\\ensuremath{{{body}}}"
    for mark in marks:
        command = _COMBINING_ACCENTS[mark]
        if command.isalpha() or len(latex) > 1:
            latex = f"\\{command}{{{latex}}}"
        else:
            latex = f"\\{command}{latex}"
    return 1, latex


@cache
def _latex_encoder() -> Any:
    from pylatexenc.latexencode import (
        RULE_CALLABLE,
        UnicodeToLatexConversionRule,
        UnicodeToLatexEncoder,
    )

    return UnicodeToLatexEncoder(
        conversion_rules=[UnicodeToLatexConversionRule(RULE_CALLABLE, _accented), "defaults"],
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


def encode_text(text: str, dialect: Dialect = "bibtex") -> str:
    """Plain text as a BibTeX field value: specials escaped, and for ``bibtex`` every
    non-ASCII character as a LaTeX macro (``Björn`` -> ``Bj{\\"o}rn``) via pylatexenc.

    BibLaTeX output keeps UTF-8 (biber reads it; with pdflatex, load biblatex with
    ``safeinputenc`` and ``inputenc`` so biber writes macros where needed), except math
    symbols such as Greek letters, which are written as LaTeX (``{\\ensuremath{\\beta}}``).
    """
    text = re.sub(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+", " ", text)  # breaks, tabs: spaces
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", text.translate(_SPECIALS))  # no controls
    if dialect == "bibtex" and not text.isascii():
        text = _latex_encoder().unicode_to_latex(text)
    elif not text.isascii():
        text = "".join(map(_math_symbol, text))
    return text


@cache
def _math_symbol(char: str) -> str:
    """A character LaTeX sets in math mode (Greek letters, ``∞``) as its macro, else itself:
    biber's ``safeinputenc`` cannot hand such a character to pdflatex."""
    if char.isascii():
        return char
    latex: str = _latex_encoder().unicode_to_latex(char)
    return latex if "\\ensuremath" in latex else char


def _encode_title(title: str, dialect: Dialect) -> str:
    # Literal braces are dropped (as encode_text does) before protecting, never nested.
    protected = protect_title(title.replace("{", "").replace("}", ""))
    # Encode the text between the protecting braces, keeping the braces.
    pieces = re.split(r"([{}])", protected)
    return "".join(p if p in "{}" else encode_text(p, dialect) for p in pieces)


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


def arxiv_abs_url(arxiv_id: str) -> str:
    """The abstract page of an arXiv id."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def is_preprint_form(ref: Reference, prefer: Prefer = "published") -> bool:
    """Whether ``ref`` is written as its arXiv preprint: then under the title and authors
    arXiv lists (:attr:`~imgsynth_refs.models.Reference.arxiv_title`, ``arxiv_authors``)."""
    return ref.arxiv is not None and (ref.type is WorkType.PREPRINT or prefer == "arxiv")


def _check_options(dialect: str, prefer: str) -> None:
    from .errors import UsageError

    if dialect not in ("bibtex", "biblatex"):
        raise UsageError(f"unknown dialect {dialect!r}; valid: bibtex, biblatex")
    check_prefer(prefer)


_WEB_TYPES = (WorkType.DATASET, WorkType.SOFTWARE, WorkType.WEB_PAGE, WorkType.BLOG_POST)
_BIBLATEX_TYPES = {
    WorkType.CONFERENCE_PAPER: "inproceedings",
    WorkType.JOURNAL_ARTICLE: "article",
    WorkType.PREPRINT: "online",
    WorkType.DATASET: "dataset",
    WorkType.SOFTWARE: "software",
    WorkType.WEB_PAGE: "online",
    WorkType.BLOG_POST: "online",
}
_BIBTEX_TYPES = {
    WorkType.CONFERENCE_PAPER: "inproceedings",
    WorkType.JOURNAL_ARTICLE: "article",
}


_UNDATED_TYPES = (WorkType.WEB_PAGE, WorkType.BLOG_POST, WorkType.DATASET)

_URL_SAFE = re.compile(r"[^\s%#{}\\^~]+")
"""A URL that ``\\url`` sets as it is inside a field's value."""


def year_is_access_year(ref: Reference) -> bool:
    """Whether ``ref.year`` is only the year a web page, blog post or data set was read: its
    provenance names sources but none for ``year``, and the year is the ``urldate``'s (the
    web resolver fills the required year so for a page that states no date). BibLaTeX and
    CSL-JSON then write no publication date, only the access date; plain BibTeX keeps the
    year (plainnat warns "empty year" without one). A record without provenance (read from a
    .bib) keeps its year."""
    return (
        ref.type in _UNDATED_TYPES
        and ref.urldate is not None
        and ref.year == ref.urldate.year
        and bool(ref.provenance)
        and "year" not in ref.provenance
    )


def _date(year: int, month: int | None, day: int | None) -> str:
    text = f"{year:04d}"
    if month:
        text += f"-{month:02d}"
        if day:
            text += f"-{day:02d}"
    return text


def _fields(ref: Reference, dialect: Dialect, prefer: Prefer) -> tuple[str, list[tuple[str, str]]]:
    """Entry type and ordered (name, raw LaTeX value) pairs; the month as a macro name."""

    def enc(value: str | None) -> str | None:
        return encode_text(value, dialect) if value else None

    preprint = is_preprint_form(ref, prefer)
    published = not preprint
    arxiv = ref.arxiv
    kind = WorkType.PREPRINT if preprint else ref.type
    # The preprint form is the arXiv posting, under the title and authors arXiv lists.
    title = ref.arxiv_title if preprint else ref.title
    authors = ref.arxiv_authors if preprint else ref.authors
    year, month, day = ref.year, ref.month, ref.day
    if preprint and ref.type is not WorkType.PREPRINT and arxiv and arxiv.published:
        year, month, day = arxiv.published.year, arxiv.published.month, arxiv.published.day
    web = kind in _WEB_TYPES
    # Where a web resource appeared: the blog, the site, the organisation behind it.
    where = (ref.venue.name if ref.venue else None) or ref.organization or ref.publisher
    url = ref.url
    if preprint and (url is None or ref.type is not WorkType.PREPRINT):
        url = arxiv_abs_url(arxiv.id) if arxiv else url
    # A note on the published version does not carry over to its preprint form.
    note = ref.note if published or ref.type is WorkType.PREPRINT else None
    if web:
        publisher = where if kind in (WorkType.DATASET, WorkType.SOFTWARE) else None
        organization = where if publisher is None else None
    else:
        publisher, organization = ref.publisher, ref.organization
    eprint: list[tuple[str, str | None]] = []
    if arxiv:
        eprint = [
            ("eprint", arxiv.id),
            # arXiv's own spelling for BibTeX; biblatex's format name is lower case.
            ("archivePrefix", "arXiv") if dialect == "bibtex" else ("eprinttype", "arxiv"),
            ("primaryClass" if dialect == "bibtex" else "eprintclass", arxiv.primary_class),
        ]
    if published and ref.doi and url:
        from .house_style import url_repeats_doi

        url = None if url_repeats_doi(url, ref.doi) else url  # the doi field links it
    if dialect == "bibtex":
        entry_type = _BIBTEX_TYPES.get(kind, "misc")
        # Styles that ignore eprint and url (plain, alpha, ieeetr...) print howpublished: it
        # names the arXiv id of a preprint, and where a web resource is with its \url (not
        # repeated in url, which plainnat would print a second time).
        howpublished = [enc(where) if web else None]
        if web and url and _URL_SAFE.fullmatch(url):
            howpublished.append(f"\\url{{{url}}}")
            url = None
        elif kind is WorkType.PREPRINT and arxiv:
            howpublished.append(f"arXiv:{arxiv.id}")
        notes = [
            f"Version {ref.version}" if ref.version and published else None,
            note,
            f"Accessed {ref.urldate.isoformat()}" if web and ref.urldate else None,
        ]
        pairs = [
            # plainnat and friends sort by author, else by this field.
            ("key", None if authors else enc(where or title)),
            ("author", format_names(authors, dialect)),
            ("editor", format_names(ref.editors, dialect) if published else None),
            ("title", _encode_title(title, dialect)),
            ("booktitle", enc(ref.booktitle) if published else None),
            ("journal", enc(ref.journal) if published else None),
            ("howpublished", ", ".join(p for p in howpublished if p)),
            ("series", enc(ref.series) if published else None),
            ("volume", enc(ref.volume) if published else None),
            ("number", enc(ref.number) if published else None),
            ("pages", enc(ref.pages) if published else None),
            # No publisher in @article: biber's data model has none (--validate-datamodel).
            ("publisher", enc(publisher) if published and entry_type == "inproceedings" else None),
            ("address", enc(ref.address) if published else None),
            ("organization", enc(organization) if published and not web else None),
            ("year", str(year)),
            ("month", MONTHS[month - 1] if month else None),
            ("doi", ref.doi if published else None),
            ("url", url),
            *eprint,
            ("note", enc("; ".join(n for n in notes if n))),
        ]
    else:
        entry_type = _BIBLATEX_TYPES[kind]
        if arxiv and url == arxiv_abs_url(arxiv.id):
            url = None  # the eprint fields link it (also for a paper published on arXiv only)
        pairs = [
            ("author", format_names(authors, dialect)),
            ("editor", format_names(ref.editors, dialect) if published else None),
            ("title", _encode_title(title, dialect)),
            ("booktitle", enc(ref.booktitle) if published else None),
            ("journaltitle", enc(ref.journal) if published else None),
            ("series", enc(ref.series) if published else None),
            ("volume", enc(ref.volume) if published else None),
            ("number", enc(ref.number) if published else None),
            ("pages", enc(ref.pages) if published else None),
            # biber's datamodel has no publisher for @article.
            ("publisher", enc(publisher) if published and entry_type != "article" else None),
            ("location", enc(ref.address) if published else None),
            ("organization", enc(organization) if published else None),
            ("date", None if year_is_access_year(ref) else _date(year, month, day)),
            ("doi", ref.doi if published else None),
            ("url", url),
            ("urldate", ref.urldate.isoformat() if ref.urldate else None),
            *eprint,
            ("version", enc(ref.version) if ref.version and published else None),
            ("note", enc(note)),
        ]
    return entry_type, [(name, value) for name, value in pairs if value]


def reference_to_entry(
    ref: Reference, *, dialect: Dialect = "bibtex", prefer: Prefer = "published"
) -> Entry:
    """The entry for one record in the project's style.

    ``bibtex``: @inproceedings / @article (without ``publisher``, which biber's data
    model lacks) for published papers, @misc with ``eprint``, ``archivePrefix`` and
    ``primaryClass`` for an arXiv preprint (as arXiv recommends) and ``howpublished =
    {arXiv:ID}``, @misc with ``howpublished = {Site, \\url{URL}}`` and an "Accessed" note
    (where an access was recorded) for data sets, software and web pages, so that styles
    ignoring ``eprint`` and ``url`` print where to find them. No ``url`` that only repeats
    the DOI. ``biblatex``: its own types (@online, @dataset, @software) and fields
    (``journaltitle``, ``location``, ``date``, ``urldate``, ``eprinttype``, ``eprintclass``),
    UTF-8 kept. A published paper keeps its arXiv eprint; ``prefer="arxiv"`` writes the
    preprint form of every work that has one. A record without a key gets
    :func:`~imgsynth_refs.keys.make_key`'s.
    """
    from bibtexparser.model import Entry, Field

    _check_options(dialect, prefer)
    entry_type, pairs = _fields(ref, dialect, prefer)
    if ref.key is None:
        from .keys import make_key

        key = make_key(ref)
    else:
        key = ref.key
    fields = []
    for name, value in pairs:
        _check_value(value, record=key, field=name)
        field = Field(name, value)
        if name == "month":
            field.enclosing = "no-enclosing"
        fields.append(field)
    return Entry(entry_type, key, fields)


_ESCAPED_BRACE = re.compile(r"\\[{}]")
_LINE_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _check_value(value: str, *, record: str | None = None, field: str | None = None) -> None:
    """Refuse (:class:`DataError`) a raw field value that could end its field, entry or file
    in some reader: unbalanced braces (BibTeX counts every brace), a backslash before a brace
    (bibtexparser does not count ``\\}``, BibTeX does), a line break or control character;
    and U+FFFD, a character lost when a source's bytes were decoded.

    The writer escapes every text value (:func:`encode_text`) and the models validate the
    rest (DOI, URL, arXiv id and class, key), so this refuses only what slipped past both.
    """
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            break
    problem = (
        "unbalanced braces"
        if depth
        else "a backslash before a brace"
        if _ESCAPED_BRACE.search(value)
        else "a line break or control character"
        if _LINE_OR_CONTROL.search(value)
        else "U+FFFD, a character lost in decoding"
        if "\ufffd" in value
        else None
    )
    if problem is not None:
        raise DataError(
            f"value {value[:60]!r} cannot be written as BibTeX safely ({problem})",
            record=record,
            field=field,
        )


def with_keys(refs: Iterable[Reference]) -> list[Reference]:
    """``refs`` with :func:`~imgsynth_refs.keys.assign_keys` run for those lacking a key.

    Two records with the same key (compared as BibTeX does, ignoring case) are an error.
    """
    refs = list(refs)
    if any(ref.key is None for ref in refs):
        from .keys import assign_keys

        refs = assign_keys(refs)
    seen: set[str] = set()
    for ref in refs:
        key = (ref.key or "").lower()
        if key in seen:
            raise DataError("two records share this key", record=ref.key)
        seen.add(key)
    return refs


def format_entries(
    refs: Iterable[Reference], *, dialect: Dialect = "bibtex", prefer: Prefer = "published"
) -> str:
    """The records as one .bib text, in the given order.

    Existing keys are kept; records without one get unique keys (:func:`with_keys`).
    """
    import bibtexparser
    from bibtexparser import BibtexFormat
    from bibtexparser.middlewares import AddEnclosingMiddleware

    _check_options(dialect, prefer)
    library = bibtexparser.Library(
        [reference_to_entry(ref, dialect=dialect, prefer=prefer) for ref in with_keys(refs)]
    )
    style = BibtexFormat()
    style.indent = "  "
    style.value_column = "auto"
    style.trailing_comma = True
    style.block_separator = "\n"
    # The library is ours, so the enclosing can be added in place (no deep copy).
    enclose = AddEnclosingMiddleware(
        allow_inplace_modification=True,
        default_enclosing="{",
        reuse_previous_enclosing=False,
        enclose_integers=True,
    )
    text = bibtexparser.write_string(library, unparse_stack=[enclose], bibtex_format=style)
    return text if text.endswith("\n") else text + "\n"
