"""The lint model: a :class:`Rule` (code, severity, description, fix) per problem, the
:data:`RULES` registry that ``check --select/--ignore`` and ``docs/check.md`` read, the
:class:`Finding` a rule reports, and the :class:`Context` rules read a file through."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..bibfile import BibEntry, BibFile, Edit, FieldSpan
from ..errors import BibParseError, UsageError

if TYPE_CHECKING:
    from ..models import Reference
    from ._identity import CatalogIndex

__all__ = [
    "RULES",
    "ArxivLookup",
    "Check",
    "Cited",
    "Context",
    "Finding",
    "LookupResult",
    "Rule",
    "Severity",
    "balance",
    "register",
    "select_rules",
    "short",
]


class Severity(StrEnum):
    """How bad a finding is: ``error`` breaks the bibliography (LaTeX or BibTeX fails or
    cites the wrong thing), ``warning`` prints something wrong or weaker than it could be."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a .bib file (or in the LaTeX files citing it)."""

    code: str
    key: str | None
    """Key of the entry concerned (``None`` for text outside entries)."""
    line: int
    message: str
    fix: str
    """The suggested fix, in words (and the text to write where there is one)."""
    edit: Edit | None = None
    """The safe fix: new bytes for one field value; ``None`` when a person must decide."""
    file: str | None = None
    """The file the line is in when it is not the .bib (an .aux or .tex file)."""

    @property
    def safe(self) -> bool:
        """Whether ``--fix`` applies this finding's fix."""
        return self.edit is not None

    @property
    def severity(self) -> Severity:
        """The severity of the finding's rule."""
        return RULES[self.code].severity

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "key": self.key,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
            "safe": self.safe,
        }
        if self.file is not None:
            data["file"] = self.file
        return data


@dataclass(frozen=True, slots=True)
class LookupResult:
    """What a :data:`ArxivLookup` learnt about some arXiv ids."""

    records: dict[str, Reference] = field(default_factory=dict)
    """A record of each work it knows, by arXiv id: the published version when there is
    one, else the preprint with its latest version."""
    unchecked: dict[str, str] = field(default_factory=dict)
    """Ids that could not be asked about (offline, refused, rate-limited, timed out), each
    with the source and reason; unlike ids the sources answered they do not know, which
    are in neither map."""


ArxivLookup = Callable[[Sequence[str]], "LookupResult | dict[str, Reference]"]
"""Given arXiv ids, what is known about their works (a plain dict means: these records,
nothing left unchecked)."""


@dataclass(frozen=True, slots=True)
class Cited:
    """The keys a LaTeX document cites, from its ``.aux`` or ``.tex`` files."""

    keys: dict[str, tuple[str, int]]
    """Each cited key (as written) with the file and line of its first citation."""
    everything: bool = False
    """``\\nocite{*}``: every entry counts as cited."""


Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One lint rule: what it finds, how bad it is, how it is fixed, and the code that
    finds it."""

    code: str
    severity: Severity
    description: str
    """What the rule finds, one line."""
    fix: str
    """How a finding is fixed, one line; says whether ``--fix`` does it."""
    safe_fix: bool
    """Whether ``--fix`` applies (some of) its findings' fixes."""
    family: str
    """The module the rule lives in (``syntax``, ``names``, ...)."""
    check: Check = field(repr=False, compare=False)
    needs: str = ""
    """What it needs beyond the file: ``latex`` (``--aux``/``--tex``) or ``""``."""
    default: bool = True
    """Whether it runs when no rule is selected (``unused-entry`` runs on request only)."""


RULES: dict[str, Rule] = {}
"""Every rule by code, in the order the families register them."""


def register(
    code: str,
    severity: Severity,
    description: str,
    fix: str,
    *,
    safe_fix: bool = False,
    needs: str = "",
    default: bool = True,
) -> Callable[[Check], Check]:
    """Decorator: register the decorated function as the check of rule ``code``."""

    def decorate(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"rule {code!r} registered twice")
        family = check.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(
            code, severity, description, fix, safe_fix, family, check, needs, default
        )
        return check

    return decorate


def select_rules(
    select: Iterable[str] = (), ignore: Iterable[str] = (), *, extend: Iterable[str] = ()
) -> list[Rule]:
    """The rules named by ``select`` (else the default rules and those of ``extend``) minus
    ``ignore``; a code that names no rule is a :class:`~imgsynth_refs.errors.UsageError`."""
    chosen, dropped, extra = list(select), list(ignore), list(extend)
    unknown = sorted({c for c in (*chosen, *dropped, *extra) if c not in RULES})
    if unknown:
        raise UsageError(
            f"no rule {', '.join(map(repr, unknown))}; the rules are: {', '.join(RULES)}"
        )
    return [
        rule
        for code, rule in RULES.items()
        if (code in chosen if chosen else rule.default or code in extra) and code not in dropped
    ]


@dataclass
class Context:
    """A file as the rules read it, with what they share (spans, catalog, look-ups)."""

    bib: BibFile
    known: CatalogIndex
    lookup: ArxivLookup | None = None
    cited: Cited | None = None
    unchecked: dict[str, str] = field(default_factory=dict)
    """arXiv ids the look-up could not ask about, with source and reason."""
    _spans: dict[int, dict[str, FieldSpan]] = field(default_factory=dict, repr=False)
    _by_key: dict[str, BibEntry] | None = field(default=None, repr=False)
    _shared: dict[str, Any] = field(default_factory=dict, repr=False)

    def spans(self, entry: BibEntry) -> dict[str, FieldSpan]:
        """Where ``entry``'s field values are (empty when they cannot be located safely)."""
        found = self._spans.get(entry.start)
        if found is None:
            try:
                found = self.bib.field_spans(entry)
            except BibParseError:
                found = {}
            self._spans[entry.start] = found
        return found

    def line(self, entry: BibEntry, name: str) -> int:
        """The line of field ``name`` of ``entry`` (the entry's line when not located)."""
        found = self.spans(entry).get(name)
        return found.line if found else entry.line

    def literal(self, entry: BibEntry, name: str) -> tuple[int, str] | None:
        """Offset and text inside a plain ``{...}`` or ``"..."`` value (no macros, no
        ``#``): what a safe fix may rewrite."""
        where = self.spans(entry).get(name)
        if where is None:
            return None
        raw = self.bib.text[where.start : where.end]
        if len(raw) >= 2 and (raw[0], raw[-1]) in (("{", "}"), ('"', '"')):
            inner = raw[1:-1]
            if raw[0] == "{" and balance(inner) != 0:
                return None
            if raw[0] == '"' and '"' in inner:
                return None
            return where.start + 1, inner
        return None

    @property
    def by_key(self) -> dict[str, BibEntry]:
        """Entries by lower-cased key; the first of a duplicated key wins, as in BibTeX."""
        if self._by_key is None:
            self._by_key = {entry.key.lower(): entry for entry in reversed(self.bib.entries)}
        return self._by_key

    def shared(self, name: str, make: Callable[[], Any]) -> Any:
        """A value computed once per run and shared by rules (``make`` builds it)."""
        if name not in self._shared:
            self._shared[name] = make()
        return self._shared[name]


_BRACE = re.compile(r"\\.|[{}]", re.DOTALL)
"""A brace, or an escaped character (``\\{`` does not count, nor the brace after ``\\\\``)."""


def balance(text: str) -> int | None:
    """Final brace depth of ``text`` (escaped braces ignored), ``None`` if it goes below 0."""
    depth = 0
    for match in _BRACE.finditer(text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return None
    return depth


def short(value: str, limit: int = 60) -> str:
    """``value`` on one line, cut to ``limit`` characters."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 3] + "..."
