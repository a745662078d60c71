"""lazyre: patterns compiled on first use, behaving as re.compile's."""

from __future__ import annotations

import copy
import re
import types

import pytest

from imgsynth_refs import identifiers, lazyre, models


def test_a_pattern_compiles_on_first_use_only(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile

    def counted(source: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(source)
        return real(source, flags)

    monkeypatch.setattr(re, "compile", counted)
    pattern = lazyre.compile(r"(?P<year>\d{4})", re.ASCII)
    assert compiled == []
    assert pattern.findall("NeurIPS 2019") == ["2019"]
    assert pattern.fullmatch("2020") is not None
    assert pattern.sub("Y", "1999") == "Y"
    assert compiled == [r"(?P<year>\d{4})"]  # once, for every later use


def test_it_answers_as_the_compiled_pattern() -> None:
    source, flags = r"arxiv:(?P<id>\d{4}\.\d{4,5})", re.IGNORECASE | re.ASCII
    lazy, eager = lazyre.compile(source, flags), re.compile(source, flags)
    text = "see ArXiv:1511.06434 and arXiv:1312.6114"
    assert [m.group("id") for m in lazy.finditer(text)] == ["1511.06434", "1312.6114"]
    assert lazy.sub("X", text) == eager.sub("X", text)
    assert lazy.findall(text) == eager.findall(text)
    assert (lazy.pattern, lazy.flags, lazy.groupindex) == (
        eager.pattern,
        eager.flags,
        eager.groupindex,
    )
    assert repr(lazy) == f"lazyre.compile({source!r}, {flags!r})"


def test_a_copy_answers_too() -> None:
    pattern = lazyre.compile(r"\d+")
    assert copy.copy(pattern).findall("a1b22") == ["1", "22"]
    assert copy.deepcopy(lazyre.compile(r"\w")).match("x")


def test_a_bad_pattern_fails_when_used() -> None:
    pattern = lazyre.compile("(unclosed")
    with pytest.raises(re.error):
        pattern.match("x")
    with pytest.raises(AttributeError):
        getattr(lazyre.compile("x"), "no_such_method")  # noqa: B009 - a name re lacks


@pytest.mark.parametrize("module", [identifiers, models], ids=lambda m: m.__name__)
def test_every_deferred_pattern_of_a_module_compiles(module: types.ModuleType) -> None:
    """A typo in a deferred pattern fails here, not in a user's run."""
    found = []
    for value in vars(module).values():
        values = value.values() if isinstance(value, dict) else [value]
        found += [v for v in values if type(v).__module__ == lazyre.__name__]
    assert found
    for pattern in found:
        assert isinstance(pattern.match(""), re.Match | None)
