"""``pdf-url``: a link to a PDF where the work has an abstract page."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..bibfile import Edit
from ._identity import identifiers_of, parse_identifier
from .model import Context, Finding, Severity, register

__all__ = [
    "pdf_urls",
]

_PDF = re.compile(r"(?:\.pdf$|/pdf/|/pdf\?)", re.IGNORECASE)


@register(
    "pdf-url",
    Severity.WARNING,
    "a url to a PDF where an abstract page exists (arXiv, NeurIPS, ACL Anthology, ...)",
    "link the abstract page (--fix does it)",
    safe_fix=True,
)
def pdf_urls(ctx: Context) -> Iterator[Finding]:
    """``url`` fields that link a PDF whose work has an abstract page."""
    for entry in ctx.bib.entries:
        url = entry.fields.get("url")
        if url is None:
            continue
        plain = url.replace("\\_", "_").strip()
        if not _PDF.search(plain) or all(i.kind == "url" for i in identifiers_of(ctx, entry)):
            continue  # a url naming a paper gives the entry that paper's id
        ident = parse_identifier(plain)
        if ident is None or ident.kind == "url" or ident.url == plain:
            continue
        page = ident.url
        literal = ctx.literal(entry, "url")
        edit = None
        if literal is not None and literal[1].strip() == url.strip() and "\\" not in literal[1]:
            edit = Edit(literal[0], literal[0] + len(literal[1]), page)
        yield Finding(
            "pdf-url",
            entry.key,
            ctx.line(entry, "url"),
            f"url is a PDF; the abstract page is {page}",
            f"url = {{{page}}}",
            edit,
        )
