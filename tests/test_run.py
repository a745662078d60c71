"""One run's shared pieces (imgsynth_refs.run): resolvers asked through the record store,
their failures kept as data, the session and store made when first needed."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.record_store import RecordStore
from imgsynth_refs.run import Run, ask, from_store, one_line
from imgsynth_refs.sources.base import Failed, Outcome, Resolved

GAN = load_catalog().get("goodfellow2014generative")
KNOWN = Identifier("arxiv", "1406.2661")
UNKNOWN = Identifier("arxiv", "0808.0001")
DOWN = Identifier("arxiv", "2101.00001")


class Stub:
    """A resolver with set answers: a record, "not found", and a transient fault."""

    name = "stub"
    kinds = frozenset({"arxiv"})

    def __init__(self) -> None:
        self.asked: list[list[Identifier]] = []

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        self.asked.append(list(identifiers))
        answers: dict[str, Outcome] = {
            KNOWN.id: Resolved(KNOWN, GAN),
            UNKNOWN.id: Failed(UNKNOWN, "no such paper", not_found=True),
            DOWN.id: Failed(DOWN, "503 Service Unavailable"),
        }
        return [answers[ident.id] for ident in identifiers]


class Broken:
    name = "broken"
    kinds = frozenset({"arxiv"})

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        raise RuntimeError("a bug\n in the source")


def test_ask_keeps_records_and_reasons_and_stores_only_lasting_answers():
    records, reasons = {}, {}
    answers = ask(Stub(), [KNOWN, UNKNOWN, DOWN], records, reasons)
    assert records == {("arxiv", "1406.2661"): (GAN, "stub")}
    assert reasons == {
        ("arxiv", "0808.0001"): "no such paper",
        ("arxiv", "2101.00001"): "503 Service Unavailable",
    }
    # A transient fault is never stored: the next run asks again.
    assert [(ident, answer) for ident, answer, _ in answers] == [
        (KNOWN, GAN),
        (UNKNOWN, "no such paper"),
    ]


def test_a_resolver_that_raises_fails_its_identifiers_in_one_line():
    records, reasons = {}, {}
    assert ask(Broken(), [KNOWN, DOWN], records, reasons) == []
    assert records == {}
    assert set(reasons.values()) == {"broken: RuntimeError: a bug in the source"}


def test_the_store_answers_what_it_knows_and_returns_the_rest(tmp_path):
    store = RecordStore(tmp_path)
    try:
        store.put(ask(Stub(), [KNOWN, UNKNOWN], {}, {}))
        records, reasons = {}, {}
        missing = from_store(store, [KNOWN, UNKNOWN, DOWN], records, reasons, offline=True)
    finally:
        store.close()
    assert missing == [DOWN]
    assert records[("arxiv", "1406.2661")][0] == GAN
    assert reasons[("arxiv", "0808.0001")].startswith("no such paper (stored answer of ")


@pytest.mark.parametrize(
    ("exc", "line"),
    [(ValueError("two\nlines"), "ValueError: two lines"), (TimeoutError(), "TimeoutError")],
)
def test_one_line(exc, line):
    assert one_line(exc) == line


def test_a_run_makes_its_session_and_store_when_first_needed_and_closes_them(config):
    run = Run(None, config, offline=True)
    assert run._session is None and run._store is None
    session = run.session
    assert run.session is session and run.requests == 0
    assert run.store.path.parent == config.cache_dir
    run.close()
