"""Lint a .bib file for the problems hand-kept thesis bibliographies accumulate.

Each :class:`Finding` has a code, the entry key, the line, a message and a suggested fix.
Codes:

=====================  ===========================================================  =====
code                   what                                                         --fix
=====================  ===========================================================  =====
parse-error            a block that does not parse (the file is left alone)         no
unbalanced-braces      a value (or text between entries) whose braces do not pair   no
duplicate-key          a key used by an earlier entry (BibTeX compares keys         no
                       case-insensitively)
duplicate-field        a field given twice in one entry (BibTeX keeps the first)    no
duplicate-work         the same work as an earlier entry under another key          no
published-version      an arXiv-only entry whose work has a published version       no
missing-field          a field the entry type requires is absent                    no
unprotected-acronym    a title word a style would lowercase (``GAN`` -> ``gan``)    yes
malformed-authors      ``et al.`` in the field, names not joined by ``and``, or     yes/no
                       an empty name (a doubled or trailing ``and``)
stale-arxiv-version    an arXiv version older than the latest known                 yes
pdf-url                a URL to a PDF where an abstract page exists                 yes
=====================  ===========================================================  =====

Safe fixes change only the bytes of the one field value concerned, through the same
byte-preserving writer as ``add`` (:mod:`imgsynth_refs.bibfile`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from .bibfields import WORK_FIELDS, is_arxiv_venue
from .bibfile import BibEntry, BibFile, Edit
from .errors import BibParseError
from .identity import WorkIndex, entry_identifiers, work_of_entry, work_of_reference
from .models import is_arxiv_doi

if TYPE_CHECKING:
    from .identifiers import Identifier
    from .models import Catalog, Reference

__all__ = [
    "REQUIRED_FIELDS",
    "Finding",
    "PublishedLookup",
    "check_bib",
    "fix_bib",
    "fix_until_stable",
    "resolver_lookup",
]

PublishedLookup = Callable[[Sequence[str]], dict[str, "Reference"]]
"""Given arXiv ids, a record of each work it knows (by arXiv id): the published version
when there is one, else the preprint with its latest version."""

REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
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
    "thesis": (("author",), ("title",), ("type",), ("institution", "school"), ("year", "date")),
    "techreport": (("author",), ("title",), ("institution",), ("year", "date")),
    "unpublished": (("author",), ("title",), ("note",)),
    "manual": (("title",),),
    "proceedings": (("title",), ("year", "date")),
    "online": (("author", "editor", "organization"), ("title",), ("url", "doi", "eprint")),
}
"""Required fields per entry type (BibTeX's standard styles; ``online`` from BibLaTeX).
Each inner tuple lists alternatives, any one of which will do."""

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"})
_ET_AL = re.compile(r"\s*,?\s*\bet\.?\s*al\b\.?\s*$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")
_PDF = re.compile(r"(?:\.pdf$|/pdf/|/pdf\?)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a .bib file."""

    code: str
    key: str | None
    """Key of the entry concerned (``None`` for text outside entries)."""
    line: int
    message: str
    fix: str
    """The suggested fix, in words (and the text to write where there is one)."""
    edit: Edit | None = None
    """The safe fix: new bytes for one field value; ``None`` when a person must decide."""

    @property
    def safe(self) -> bool:
        """Whether ``--fix`` applies this finding's fix."""
        return self.edit is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data.pop("edit")
        data["safe"] = self.safe
        return data


def check_bib(
    bib: BibFile,
    *,
    catalog: Catalog | None = None,
    lookup: PublishedLookup | None = None,
) -> list[Finding]:
    """Every finding in ``bib``, in line order.

    ``catalog`` (default: the shipped one) gives published versions, latest arXiv versions
    and missing fields of known works; ``lookup`` asks further (the resolver cache or the
    network) for the published version of arXiv-only entries the catalog does not know.
    """
    if catalog is None:
        from .catalog import load_catalog

        catalog = load_catalog()
    findings = [
        Finding(
            "unbalanced-braces" if _brace_problem(failure) else "parse-error",
            failure.key,
            failure.line or 1,
            str(failure).split(": ", 1)[-1],
            "fix the entry by hand; no tool should guess where a brace was meant to go",
        )
        for failure in bib.failures
    ]
    findings += _stray_braces(bib)
    findings += _duplicates(bib)
    known = _CatalogLookup(catalog)
    by_key = {entry.key.lower(): entry for entry in reversed(bib.entries)}  # the first wins
    for entry in bib.entries:
        findings += _entry_findings(bib, entry, known, by_key)
    findings += _arxiv_findings(bib, known, lookup)
    return sorted(findings, key=lambda f: (f.line, f.code))


def fix_bib(bib: BibFile, findings: Iterable[Finding]) -> tuple[bytes, list[Finding]]:
    """The file's bytes with every safe fix applied, and the findings that were fixed.

    Two fixes of the same field value: the first (in line order) wins, the other stays
    reported for the next run.
    """
    applied: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for finding in findings:
        edit = finding.edit
        if edit is None or any(edit.start < end and start < edit.end for start, end in taken):
            continue
        taken.append((edit.start, edit.end))
        applied.append(finding)
    return bib.apply(f.edit for f in applied if f.edit is not None), applied


def resolver_lookup(*, offline: bool) -> PublishedLookup:
    """A :data:`PublishedLookup` through :func:`imgsynth_refs.resolve.resolve`: the resolver
    cache, and with ``offline=False`` the network (arXiv, then the published-version search)."""

    def lookup(arxiv_ids: Sequence[str]) -> dict[str, Reference]:
        from .resolve import resolve

        report = resolve([f"arXiv:{i}" for i in arxiv_ids], offline=offline, prefer="published")
        return {item.identifier.id: item.reference for item in report.items}

    return lookup


def fix_until_stable(
    bib: BibFile,
    *,
    catalog: Catalog | None = None,
    lookup: PublishedLookup | None = None,
    rounds: int = 3,
) -> tuple[bytes, list[Finding]]:
    """Apply the safe fixes, check again and repeat while something is fixed (a PDF URL
    with a stale version needs two rounds); the new bytes and every fix applied.

    ``lookup`` (as for :func:`check_bib`) finds latest arXiv versions the catalog does not
    know; with the resolver cache, asking again in a later round sends nothing.
    """
    current = bib
    fixed: list[Finding] = []
    for _ in range(rounds):
        data, applied = fix_bib(current, check_bib(current, catalog=catalog, lookup=lookup))
        if not applied:
            break
        fixed.extend(applied)
        current = BibFile.parse(data, source=bib.source)
    return current.data, fixed


# --------------------------------------------------------------------------- helpers


class _CatalogLookup:
    """Catalog works by id and title, to recognise an entry's work."""

    def __init__(self, catalog: Catalog) -> None:
        self.references = {ref.key: ref for ref in catalog.references}
        self.index = WorkIndex(work_of_reference(ref) for ref in catalog.references)

    def reference(
        self, entry: BibEntry, ids: set[tuple[str, str]] | None = None
    ) -> Reference | None:
        work = work_of_entry(entry)
        if ids is not None:
            work.ids = ids
        match = self.index.find(work)
        return self.references.get(match.work.label) if match else None


def _brace_problem(error: Exception) -> bool:
    text = str(error).lower()
    return "bracket" in text or "end of file" in text or "`}`" in text


def _balance(text: str) -> int | None:
    """Final brace depth of ``text`` (escaped braces ignored), ``None`` if it goes below 0."""
    depth = 0
    previous = ""
    for char in text:
        if previous != "\\":
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    return None
        previous = char if previous != "\\" else ""
    return depth


def _stray_braces(bib: BibFile) -> list[Finding]:
    """Braces alone between entries: an entry closed twice (text with braces in a comment
    is the user's business; BibTeX ignores it)."""
    from bibtexparser.model import ImplicitComment

    findings = []
    for block, start, end in bib.blocks:
        text = bib.text[start:end]
        if isinstance(block, ImplicitComment) and not text.strip("{} \t\r\n"):
            findings.append(
                Finding(
                    "unbalanced-braces",
                    None,
                    bib.line_of(start),
                    f"stray {text.strip()!r} between entries (an entry closed twice?)",
                    "delete the extra brace",
                )
            )
    return findings


def _duplicates(bib: BibFile) -> list[Finding]:
    findings = []
    seen: dict[str, BibEntry] = {}
    index = WorkIndex()
    for entry in bib.entries:
        first = seen.setdefault(entry.key.lower(), entry)
        if first is not entry:
            findings.append(
                Finding(
                    "duplicate-key",
                    entry.key,
                    entry.line,
                    f"key {entry.key!r} is already used by the entry on line {first.line}; "
                    "BibTeX uses one of them for every \\cite",
                    "give one entry a new key (and update its \\cite commands)",
                )
            )
        for name in sorted(entry.duplicate_fields):
            findings.append(
                Finding(
                    "duplicate-field",
                    entry.key,
                    entry.line,
                    f"field {name!r} is given more than once; BibTeX uses the first",
                    f"delete the extra {name!r}",
                )
            )
        work = work_of_entry(entry)
        match = index.find(work)
        if match is not None and match.work.label.lower() != entry.key.lower():
            findings.append(
                Finding(
                    "duplicate-work",
                    entry.key,
                    entry.line,
                    f"same work as {match.work.label!r} (line {match.work.line}): {match.reason}",
                    f"keep one entry: remove {entry.key!r} and cite {match.work.label!r}",
                )
            )
        index.add(work)
    return findings


def _entry_findings(
    bib: BibFile, entry: BibEntry, known: _CatalogLookup, by_key: dict[str, BibEntry]
) -> list[Finding]:
    findings: list[Finding] = []
    try:
        spans = bib.field_spans(entry)
    except BibParseError:
        spans = {}  # fields not located: report on the entry's line, fix nothing

    def span(name: str) -> tuple[int, int] | None:
        found = spans.get(name)
        return (found.start, found.end) if found else None

    def line(name: str) -> int:
        found = spans.get(name)
        return found.line if found else entry.line

    for name, value in entry.fields.items():
        if _balance(value) != 0:
            findings.append(
                Finding(
                    "unbalanced-braces",
                    entry.key,
                    line(name),
                    f"field {name!r} has unpaired braces: {_short(value)}",
                    "pair the braces by hand (BibTeX stops or misreads the entry)",
                )
            )
    parent = by_key.get(entry.fields.get("crossref", "").strip().lower())
    findings += _missing_fields(entry, known, parent)
    title = entry.fields.get("title")
    if title is not None and _balance(title) == 0:
        findings += _acronyms(bib, entry, title, span("title"), line("title"))
    for name in ("author", "editor"):
        people = entry.fields.get(name)
        if people is not None:
            findings += _authors(bib, entry, name, people, span(name), line(name))
    url = entry.fields.get("url")
    if url is not None:
        findings += _pdf_url(bib, entry, url, span("url"), line("url"))
    return findings


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 3] + "..."


def _literal(bib: BibFile, where: tuple[int, int] | None) -> tuple[int, str] | None:
    """Offset and text inside a plain ``{...}`` or ``"..."`` value (no macros, no ``#``)."""
    if where is None:
        return None
    raw = bib.text[where[0] : where[1]]
    if len(raw) >= 2 and (raw[0], raw[-1]) in (("{", "}"), ('"', '"')):
        inner = raw[1:-1]
        if raw[0] == "{" and _balance(inner) != 0:
            return None
        if raw[0] == '"' and '"' in inner:
            return None
        return where[0] + 1, inner
    return None


def _missing_fields(
    entry: BibEntry, known: _CatalogLookup, parent: BibEntry | None = None
) -> list[Finding]:
    """Required fields absent from ``entry`` and from the entry its ``crossref`` names (BibTeX
    inherits same-named fields; BibLaTeX also the parent's title as booktitle)."""
    required = REQUIRED_FIELDS.get(entry.entry_type)
    if required is None:
        return []
    inherited = dict(parent.fields) if parent is not None else {}
    if "title" in inherited:
        inherited.setdefault("booktitle", inherited["title"])
    fields = inherited | entry.fields
    missing = [alts for alts in required if not any(fields.get(a) for a in alts)]
    if not missing:
        return []
    findings = []
    ref = known.reference(entry)
    # An @misc/@online arXiv entry cites the preprint: its title and authors as arXiv lists them.
    preprint = entry.entry_type.lower() in ("misc", "online") and bool(fields.get("eprint"))
    for alternatives in missing:
        name = alternatives[0]
        value = _reference_value(ref, name, preprint=preprint) if ref is not None else None
        fix = (
            f"add {name} = {{{value}}} (from the catalog's {ref.key!r})"
            if value and ref is not None
            else f"add {' or '.join(alternatives)}"
        )
        findings.append(
            Finding(
                "missing-field",
                entry.key,
                entry.line,
                f"@{entry.entry_type} needs {' or '.join(alternatives)}",
                fix,
            )
        )
    return findings


def _reference_value(ref: Reference, name: str, *, preprint: bool = False) -> str | None:
    if name in ("author", "editor"):
        authors = ref.arxiv_authors if preprint else ref.authors
        people = authors if name == "author" else ref.editors
        return " and ".join(f"{p.family}, {p.given}".strip(", ") for p in people) or None
    if name == "title" and preprint:
        return ref.arxiv_title
    value = getattr(ref, name, None)
    return str(value) if value is not None else None


def _plain_words(text: str) -> list[tuple[int, int, str]]:
    """Words at brace depth 0, outside math and LaTeX command names: what a style's case
    change reaches."""
    words = []
    depth = 0
    index = 0
    math = False
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 1
            while index < length and text[index].isalpha():
                index += 1
            index += 0 if text[index - 1].isalpha() else 1
            continue
        if char == "$":
            math = not math
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and not math and char.isalnum():
            match = _WORD.match(text, index)
            if match is not None:
                words.append((match.start(), match.end(), match.group()))
                index = match.end()
                continue
        index += 1
    return words


def _unprotected(text: str) -> list[tuple[int, int, str]]:
    """Spans a style would lowercase wrongly: acronyms and camel case (``GANs``,
    ``StyleGAN``, ``3D``), and the proper nouns and phrases of
    :func:`imgsynth_refs.bibtex.protected_words` (``Markov``, ``Monte Carlo``)."""
    from .bibtex import protected_words

    names, phrases = protected_words()
    words = _plain_words(text)
    found = []
    index = 0
    while index < len(words):
        for phrase in phrases:
            run = words[index : index + len(phrase)]
            if tuple(w for _, _, w in run) == phrase and all(
                not text[a_end:b_start].strip() for (_, a_end, _), (b_start, _, _) in pairwise(run)
            ):
                found.append((run[0][0], run[-1][1], text[run[0][0] : run[-1][1]]))
                index += len(phrase)
                break
        else:
            start, end, word = words[index]
            pieces = re.split(r"['-]", word)
            # A style keeps a title's first character: "T" or "T5" opening it is not damaged.
            kept = start == len(text) - len(text.lstrip()) and word[1:].lower() == word[1:]
            if word.removesuffix("'s") in names or (
                not kept and any(_acronym_like(p) for p in pieces)
            ):
                found.append((start, end, word))
            index += 1
    return found


def _acronym_like(piece: str) -> bool:
    """``GAN``, ``GANs``, ``StyleGAN``, ``iGPT``, ``3D``, the ``U`` of ``U-Net``, ``T5``;
    not ``Image``, ``the`` or the article ``A`` (as :func:`imgsynth_refs.bibtex.protect_title`
    decides)."""
    uppers = sum(c.isupper() for c in piece)
    return (
        uppers >= 2
        or (uppers == 1 and not piece[0].isupper() and piece[0].isalpha())
        or (uppers == 1 and piece[0].isdigit())
        or (len(piece) == 1 and piece.isupper() and piece != "A")
        or (piece[:1].isupper() and any(c.isdigit() for c in piece))
    )


def _acronyms(
    bib: BibFile, entry: BibEntry, title: str, where: tuple[int, int] | None, line: int
) -> list[Finding]:
    literal = _literal(bib, where)
    text = literal[1] if literal is not None else title
    findings = []
    for start, end, word in _unprotected(text):
        edit = Edit(literal[0] + start, literal[0] + end, "{" + word + "}") if literal else None
        findings.append(
            Finding(
                "unprotected-acronym",
                entry.key,
                line,
                f"title word {word!r} would be lowercased by styles that change case "
                f"(plain, IEEEtran, ACM, ...)",
                f"write {{{word}}} in the title",
                edit,
            )
        )
    return findings


def _top_level_split(value: str, separator: re.Pattern[str]) -> list[str]:
    parts: list[str] = []
    depth = 0
    last = 0
    for match in re.finditer(r"[{}]|" + separator.pattern, value, separator.flags):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            parts.append(value[last : match.start()])
            last = match.end()
    parts.append(value[last:])
    return parts


_AND = re.compile(r"\s+and(?=\s|$)", re.IGNORECASE)
_COMMA = re.compile(r",")


def _authors(
    bib: BibFile,
    entry: BibEntry,
    name: str,
    value: str,
    where: tuple[int, int] | None,
    line: int,
) -> list[Finding]:
    findings = []
    et_al = _ET_AL.search(value)
    if et_al is not None or re.search(r"\bet\.?\s*al\b", value, re.IGNORECASE):
        literal = _literal(bib, where)
        edit = None
        if literal is not None:
            tail = _ET_AL.search(literal[1])
            if tail is not None and literal[1][: tail.start()].strip():
                edit = Edit(literal[0] + tail.start(), literal[0] + tail.end(), " and others")
        findings.append(
            Finding(
                "malformed-authors",
                entry.key,
                line,
                f"{name} has 'et al.', which BibTeX reads as a person's name",
                "end the list with 'and others' (BibTeX then prints et al.), or list every name",
                edit,
            )
        )
        value = _ET_AL.sub("", value)
    names = _top_level_split(value.strip(), _AND)
    for person in names:
        problem = _name_problem(person.strip())
        if problem:
            findings.append(
                Finding(
                    "malformed-authors",
                    entry.key,
                    line,
                    f"{name} {problem}: {_short(person.strip())!r}",
                    "separate every two names with ' and ' ('Family, Given and Family, Given')",
                )
            )
            break
    return findings


def _name_problem(person: str) -> str | None:
    if not person:
        return "has an empty name (a doubled or trailing 'and')"
    if len(_top_level_split(person, re.compile(";"))) > 1:
        return "separates names with ';' instead of 'and'"
    parts = [p.strip() for p in _top_level_split(person, _COMMA)]
    if len(parts) > 3:
        return "has names separated by commas instead of 'and'"
    if len(parts) == 3 and parts[1].lower() not in _SUFFIXES:
        return "has names separated by commas instead of 'and'"
    if len(parts) == 2:
        before, after = parts[0].split(), parts[1].split()
        if (
            len(before) == 2
            and len(after) == 2
            and all(w[:1].isupper() and len(w.strip(".")) > 1 for w in (*before, *after))
        ):
            # "Ian Goodfellow, Jean Pouget-Abadie"; not "Le Cun, Yann" nor "Maaten, L. J. P."
            return "looks like two names joined by a comma instead of 'and'"
    return None


def _arxiv_findings(
    bib: BibFile, known: _CatalogLookup, lookup: PublishedLookup | None
) -> list[Finding]:
    """Published versions of arXiv-only entries and stale arXiv versions: the catalog's
    record of the work first, then ``lookup`` for ids the catalog does not know."""
    cited: list[tuple[BibEntry, str | None, list[Identifier]]] = []
    records: dict[str, Reference] = {}
    unknown: set[str] = set()
    for entry in bib.entries:
        arxiv = [i for i in entry_identifiers(entry) if i.kind == "arxiv"]
        only = _arxiv_only_id(entry, arxiv)
        versioned = [i for i in arxiv if i.version]
        if only is None and not versioned:
            continue
        cited.append((entry, only, versioned))
        for ident in ([i for i in arxiv if i.id == only] if only else []) + versioned:
            ref = known.reference(entry, {("arxiv", ident.id.lower())})
            if ref is not None and ref.arxiv is not None and ref.arxiv.id == ident.id:
                records[ident.id] = ref
            else:
                unknown.add(ident.id)
    if unknown and lookup is not None:
        for arxiv_id, ref in lookup(sorted(unknown)).items():
            records.setdefault(arxiv_id, ref)
    findings: list[Finding] = []
    for entry, only, versioned in cited:
        ref = records.get(only) if only else None
        if ref is not None and ref.type.value != "preprint":
            findings.append(
                Finding(
                    "published-version",
                    entry.key,
                    entry.line,
                    f"cites the arXiv preprint {only}; the work was published: {_venue(ref)}",
                    "replace the entry by the published version, keeping its key:\n"
                    + _published_entry(ref, entry.key),
                )
            )
        for ident in versioned:
            ref = records.get(ident.id)
            if ref is not None and ref.arxiv is not None and ref.arxiv.version:
                curated = known.references.get(ref.key or "") is ref
                source = ref.key if curated else None  # else the lookup's (arXiv) record
                findings += _stale_version(bib, entry, ident, ref.arxiv.version, source)
    return findings


def _stale_version(
    bib: BibFile, entry: BibEntry, ident: Identifier, latest: int, source: str | None
) -> list[Finding]:
    """A finding (with its fix) for each field citing ``ident`` older than ``latest``."""
    if ident.version is None or ident.version >= latest:
        return []
    try:
        spans = bib.field_spans(entry)
    except BibParseError:
        spans = {}
    pattern = re.compile(re.escape(ident.id) + r"v(" + str(ident.version) + r")(?!\d)", re.I)
    findings = []
    for name in WORK_FIELDS:
        where = spans.get(name)
        found = pattern.search(bib.text, where.start, where.end) if where else None
        if where is None or found is None:
            continue
        findings.append(
            Finding(
                "stale-arxiv-version",
                entry.key,
                where.line,
                f"{name} cites arXiv:{ident.id}v{ident.version}; the latest known version is "
                f"v{latest} ({f'catalog {source!r}' if source else 'arXiv'})",
                f"cite arXiv:{ident.id}v{latest}, or drop the version",
                Edit(found.start(1), found.end(1), str(latest)),
            )
        )
    return findings


def _pdf_url(
    bib: BibFile, entry: BibEntry, url: str, where: tuple[int, int] | None, line: int
) -> list[Finding]:
    from .identifiers import parse

    plain = url.replace("\\_", "_").strip()
    if not _PDF.search(plain):
        return []
    ident = parse(plain)
    if ident is None or ident.kind == "url":
        return []
    page = ident.url
    if page == plain:
        return []
    literal = _literal(bib, where)
    edit = None
    if literal is not None and literal[1].strip() == url.strip() and "\\" not in literal[1]:
        edit = Edit(literal[0], literal[0] + len(literal[1]), page)
    return [
        Finding(
            "pdf-url",
            entry.key,
            line,
            f"url is a PDF; the abstract page is {page}",
            f"url = {{{page}}}",
            edit,
        )
    ]


def _arxiv_only_id(entry: BibEntry, arxiv: list[Identifier]) -> str | None:
    """The arXiv id of an entry that cites only the preprint, else ``None``."""
    if entry.fields.get("booktitle") or (
        entry.fields.get("doi") and not is_arxiv_doi(entry.fields["doi"])
    ):
        return None
    journal = entry.fields.get("journal") or entry.fields.get("journaltitle")
    if journal and not is_arxiv_venue(journal):
        return None
    if entry.entry_type not in ("article", "misc", "unpublished", "techreport", "online", "report"):
        return None
    return arxiv[0].id if arxiv else None


def _venue(ref: Reference) -> str:
    where = ref.venue.short if ref.venue and ref.venue.short else (ref.booktitle or ref.journal)
    extra = f", doi:{ref.doi}" if ref.doi else ""
    return f"{where or ref.type.value} ({ref.year}){extra}"


def _published_entry(ref: Reference, key: str) -> str:
    from .bibtex import format_entries

    return format_entries([ref.model_copy(update={"key": key})]).strip()
