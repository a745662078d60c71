"""Rules about the file as BibTeX reads it: blocks that do not parse, unpaired braces,
keys and fields given twice."""

from __future__ import annotations

from collections.abc import Iterator

from bibtexparser.model import ImplicitComment

from .model import Context, Finding, Severity, balance, register, short

__all__ = [
    "duplicate_fields",
    "duplicate_keys",
    "parse_errors",
    "unbalanced_braces",
]


def _brace_problem(error: Exception) -> bool:
    text = str(error).lower()
    return "bracket" in text or "end of file" in text or "`}`" in text


@register(
    "parse-error",
    Severity.ERROR,
    "a block that does not parse (BibTeX skips or misreads it; the file is never rewritten)",
    "fix the entry by hand",
)
def parse_errors(ctx: Context) -> Iterator[Finding]:
    """Blocks bibtexparser could not read, other than unpaired braces."""
    for failure in ctx.bib.failures:
        if not _brace_problem(failure):
            yield Finding(
                "parse-error",
                failure.key,
                failure.line or 1,
                str(failure).split(": ", 1)[-1],
                "fix the entry by hand; no tool should guess what was meant",
            )


@register(
    "unbalanced-braces",
    Severity.ERROR,
    "a value, an entry or text between entries whose braces do not pair",
    "pair the braces by hand",
)
def unbalanced_braces(ctx: Context) -> Iterator[Finding]:
    """Unparsed blocks with brace trouble, stray braces between entries (an entry closed
    twice) and field values whose braces do not pair."""
    bib = ctx.bib
    for failure in bib.failures:
        if _brace_problem(failure):
            yield Finding(
                "unbalanced-braces",
                failure.key,
                failure.line or 1,
                str(failure).split(": ", 1)[-1],
                "fix the entry by hand; no tool should guess where a brace was meant to go",
            )
    for block, start, end in bib.blocks:
        text = bib.text[start:end]
        if isinstance(block, ImplicitComment) and not text.strip("{} \t\r\n"):
            yield Finding(
                "unbalanced-braces",
                None,
                bib.line_of(start),
                f"stray {text.strip()!r} between entries (an entry closed twice?)",
                "delete the extra brace",
            )
    for entry in bib.entries:
        for name, value in entry.fields.items():
            if ("{" in value or "}" in value) and balance(value) != 0:
                yield Finding(
                    "unbalanced-braces",
                    entry.key,
                    ctx.line(entry, name),
                    f"field {name!r} has unpaired braces: {short(value)}",
                    "pair the braces by hand (BibTeX stops or misreads the entry)",
                )


@register(
    "duplicate-key",
    Severity.ERROR,
    "a key used by an earlier entry (BibTeX compares keys case-insensitively)",
    "give one entry a new key and update its \\cite commands",
)
def duplicate_keys(ctx: Context) -> Iterator[Finding]:
    """Second and later entries with a key already used."""
    for entry in ctx.bib.entries:
        first = ctx.by_key[entry.key.lower()]
        if first is not entry:
            yield Finding(
                "duplicate-key",
                entry.key,
                entry.line,
                f"key {entry.key!r} is already used by the entry on line {first.line}; "
                "BibTeX uses one of them for every \\cite",
                "give one entry a new key (and update its \\cite commands)",
            )


@register(
    "duplicate-field",
    Severity.WARNING,
    "a field given twice in one entry (BibTeX uses the first)",
    "delete one of them",
)
def duplicate_fields(ctx: Context) -> Iterator[Finding]:
    """Fields named twice in one entry."""
    for entry in ctx.bib.entries:
        for name in sorted(entry.duplicate_fields):
            yield Finding(
                "duplicate-field",
                entry.key,
                entry.line,
                f"field {name!r} is given more than once; BibTeX uses the first",
                f"delete the extra {name!r}",
            )
