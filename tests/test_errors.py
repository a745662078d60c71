"""Errors: one tree in imgsynth_refs.errors, each pickling with its context and message; a
message names its URL once."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import imgsynth_refs
from imgsynth_refs import errors
from imgsynth_refs.errors import (
    BibParseError,
    DataError,
    EntryParseError,
    ImgsynthRefsError,
    NotFoundError,
    SourceError,
    UsageError,
)

ERRORS = [
    ImgsynthRefsError("something failed"),
    UsageError("unknown era 'nope'; valid: gan, all"),
    DataError("a preprint needs 'arxiv'", file="thesis.bib", record="k", field="arxiv"),
    DataError("not a DOI"),
    BibParseError("unbalanced braces", file="thesis.bib", line=12),
    BibParseError("cannot read", file="thesis.bib"),
    EntryParseError("duplicate key", file="thesis.bib", line=3, key="goodfellow2014"),
    SourceError("HTTP 503", source="arxiv", url="https://export.arxiv.org/api/query"),
    NotFoundError("no such paper", source="crossref", url=None),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_pickle_with_their_context(error: ImgsynthRefsError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)


def test_the_message_names_the_input() -> None:
    error = DataError("not a DOI", file="t.bib", record="k", field="doi")
    assert str(error) == "t.bib: record 'k': field 'doi': not a DOI"
    assert error.message == "not a DOI"


def test_every_error_class_of_the_package_is_in_errors() -> None:
    """Outside errors.py only the HTTP layer's requests exceptions and private control flow."""
    package = Path(imgsynth_refs.__file__).parent
    allowed = {
        "HostNotAllowedError",
        "ResponseTooLargeError",
        "OfflineError",
        "RequestDeadlineError",
        "RunDeadlineError",
        "RetryAfterTooLongError",
    }
    found = []
    for path in package.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ClassDef)
                and node.name.endswith(("Error", "Exception"))
                and node.name not in allowed
                and not node.name.startswith("_")
            ):
                found.append(f"{path.name}:{node.name}")
    assert found == []
    assert all(name in (errors.__doc__ or "") for name in errors.__all__)


def test_a_reason_that_names_its_url_does_not_repeat_it():
    """Offline misses read 'crossref: offline, and not in the cache: URL (URL)'."""
    url = "https://api.crossref.org/works/10.1177/02683962211048201"
    offline = SourceError(f"offline, and not in the cache: {url}", source="crossref", url=url)
    assert str(offline) == f"crossref: offline, and not in the cache: {url}"
    assert str(SourceError("HTTP 503", source="crossref", url=url)) == f"crossref: HTTP 503 ({url})"
