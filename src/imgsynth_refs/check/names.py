"""``malformed-authors``: name lists BibTeX misreads (``et al.`` as a person, names joined
by commas or semicolons, empty names)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..bibfile import BibEntry, Edit
from .model import Context, Finding, Severity, register, short

__all__ = [
    "malformed_authors",
    "top_level_split",
]

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"})
_ET_AL = re.compile(r"(?P<comma>,\s*)?\bet\.?\s*al\b\.?(?=\s*$)", re.IGNORECASE)
"""A closing ``et al.`` with the comma before it (``A, et al.``)."""
_AND_BEFORE = re.compile(r"\band\s*$", re.IGNORECASE)
_ET_AL_ANYWHERE = re.compile(r"\bet\.?\s*al\b", re.IGNORECASE)
_AND = re.compile(r"\s+and(?=\s|$)", re.IGNORECASE)
_COMMA = re.compile(r",")
_SEMICOLON = re.compile(";")
_EXTENDED = re.compile(r"^\s*[A-Za-z-]+\s*=")
"""biber's extended name format: ``family=Adler, given=Alfred``."""


def top_level_split(value: str, separator: re.Pattern[str]) -> list[str]:
    """``value`` split at ``separator`` outside braces."""
    if "{" not in value and "}" not in value:
        return separator.split(value)
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


@register(
    "malformed-authors",
    Severity.WARNING,
    "'et al.' in a name list, names joined by commas or semicolons instead of 'and', or an "
    "empty name (a doubled or trailing 'and')",
    "end the list with 'and others' (--fix does it) or join names with ' and '",
    safe_fix=True,
)
def malformed_authors(ctx: Context) -> Iterator[Finding]:
    """Problems of the ``author`` and ``editor`` lists."""
    for entry in ctx.bib.entries:
        for name in ("author", "editor"):
            people = entry.fields.get(name)
            if people is not None:
                yield from _authors(ctx, entry, name, people)


def _authors(ctx: Context, entry: BibEntry, name: str, value: str) -> Iterator[Finding]:
    if _ET_AL_ANYWHERE.search(value):
        literal = ctx.literal(entry, name)
        edit = None
        if literal is not None:
            tail = _ET_AL.search(literal[1])
            before = literal[1][: tail.start()] if tail is not None else ""
            if tail is not None and before.strip(" \t\r\n,"):
                # "A and et al." -> "A and others"; "A, et al." -> "A and others";
                # "A et al." -> "A and others"; the white space (a line break) stays.
                new = "others" if _AND_BEFORE.search(before) else "and others"
                new = " and others" if tail["comma"] else new
                edit = Edit(literal[0] + tail.start(), literal[0] + tail.end(), new)
        yield Finding(
            "malformed-authors",
            entry.key,
            ctx.line(entry, name),
            f"{name} has 'et al.', which BibTeX reads as a person's name",
            "end the list with 'and others' (BibTeX then prints et al.), or list every name",
            edit,
        )
        value = _AND_BEFORE.sub("", _ET_AL.sub("", value).rstrip())
        if _ET_AL_ANYWHERE.search(value):
            return  # et al. inside the list: one finding is enough
    names = top_level_split(value.strip(), _AND)
    several = len(names) > 1
    for person in names:
        problem = _name_problem(person.strip(), several=several)
        if problem:
            yield Finding(
                "malformed-authors",
                entry.key,
                ctx.line(entry, name),
                f"{name} {problem}: {short(person.strip())!r}",
                "separate every two names with ' and ' ('Family, Given and Family, Given')",
            )
            return


def _name_problem(person: str, *, several: bool) -> str | None:
    """What is wrong with one name of a list (``several``: the list has more than one)."""
    if not person:
        return "has an empty name (a doubled or trailing 'and')"
    if len(top_level_split(person, _SEMICOLON)) > 1:
        return "separates names with ';' instead of 'and'"
    parts = [p.strip() for p in top_level_split(person, _COMMA)]
    if any(_EXTENDED.match(p) for p in parts):
        return None  # biber's extended name format
    if len(parts) > 3:
        return "has names separated by commas instead of 'and'"
    if len(parts) == 3 and parts[1].lower() not in _SUFFIXES:
        return "has names separated by commas instead of 'and'"
    if len(parts) == 2 and not several:
        before, after = parts[0].split(), parts[1].split()
        if (
            len(before) == 2
            and len(after) == 2
            and all(w[:1].isupper() and len(w.strip(".")) > 1 for w in (*before, *after))
        ):
            # "Ian Goodfellow, Jean Pouget-Abadie" as the whole list; in a list joined by
            # "and", "Rahman Siddiquee, Md Mahfuzur" is a compound family name.
            return "looks like two names joined by a comma instead of 'and'"
    return None
