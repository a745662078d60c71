"""resolve(): inputs, de-duplication, catalog first, one resolver call per source, failures.

The sources here are small fakes implementing the Resolver protocol (sources/base.py), so
that these tests pin the orchestration alone; tests/test_resolve_cli.py runs the real
resolvers against recorded responses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.errors import UsageError
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import ArxivInfo, Catalog, Person, Reference, Venue, WorkType
from imgsynth_refs.resolve import read_inputs, resolve
from imgsynth_refs.sources.base import Failed, Outcome, Resolved
from imgsynth_refs.sources.published import Evidence, Status, Upgrade

EMPTY = Catalog(eras=[], references=[])


def preprint(arxiv_id: str, title: str = "A Paper", family: str = "Chen") -> Reference:
    return Reference(
        type=WorkType.PREPRINT,
        title=title,
        authors=[Person(family=family, given="Ann")],
        year=2016,
        arxiv=ArxivInfo(id=arxiv_id, published=date(2016, 5, 1)),
    )


class FakeResolver:
    """Answers from a table; records every call."""

    def __init__(self, name: str, kinds: set[str], answers: dict[str, Reference | str]) -> None:
        self.name = name
        self.kinds = frozenset(kinds)
        self.answers = answers
        self.calls: list[list[Identifier]] = []

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        self.calls.append(list(identifiers))
        out: list[Outcome] = []
        for ident in identifiers:
            answer = self.answers.get(ident.id, "not found")
            if isinstance(answer, Reference):
                out.append(Resolved(ident, answer))
            else:
                out.append(Failed(ident, f"{self.name}: {answer}", not_found=True))
        return out


class CrashingResolver(FakeResolver):
    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        self.calls.append(list(identifiers))
        raise RuntimeError("bug in the source\nsecond line")


def no_upgrades(ref: Reference) -> Upgrade:
    return Upgrade(Status.NOT_FOUND, ref, message="no published version found")


def run(inputs, resolvers, **options):
    options.setdefault("catalog", EMPTY)
    options.setdefault("find_upgrades", no_upgrades)
    return resolve(inputs, resolvers=resolvers, **options)


@pytest.mark.parametrize(
    ("text", "kind", "ident"),
    [
        ("https://arxiv.org/abs/1605.08386", "arxiv", "1605.08386"),
        ("https://arxiv.org/pdf/1605.08386v1.pdf", "arxiv", "1605.08386"),
        ("arXiv:1605.08386", "arxiv", "1605.08386"),
        ("1605.08386", "arxiv", "1605.08386"),
        ("https://doi.org/10.1145/3422622", "doi", "10.1145/3422622"),
        ("https://aclanthology.org/P18-1238/", "acl", "P18-1238"),
        (
            "https://proceedings.neurips.cc/paper/2014/hash/"
            "5ca3e9b122f61f8f06494c97b1afccf3-Abstract.html",
            "neurips",
            "2014/5ca3e9b122f61f8f06494c97b1afccf3",
        ),
    ],
)
def test_links_and_ids_are_read(text, kind, ident):
    ((label, found),) = read_inputs([text])
    assert label == text
    assert (found.kind, found.id) == (kind, ident)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nonsense", "not a link or identifier"),
        ("arXiv:1513.00001", "month 13"),
        ("missing-notes.md", "no such file"),
        ("./nowhere/refs.bib", "no such file"),
    ],
)
def test_bad_inputs_are_failures_naming_the_input(text, reason):
    ((failure),) = read_inputs([text])
    assert failure.input == text
    assert reason in failure.reason


def test_a_directory_is_a_failure(tmp_path):
    (failure,) = read_inputs([str(tmp_path)])
    assert "directory" in failure.reason


FILES = {
    "notes.txt": "DCGAN: arXiv:1511.06434\nGAN https://arxiv.org/abs/1406.2661v1\n",
    "notes.md": "- [DCGAN](https://arxiv.org/abs/1511.06434)\n- <https://arxiv.org/abs/1406.2661>\n",
    "page.html": '<p><a href="https://arxiv.org/abs/1511.06434">DCGAN</a></p>\n'
    '<p><a href="https://arxiv.org/pdf/1406.2661.pdf">GAN</a></p>\n',
    "refs.bib": "@misc{radford,\n  eprint = {1511.06434},\n  archivePrefix = {arXiv},\n}\n"
    "@misc{gan,\n  url = {https://arxiv.org/abs/1406.2661},\n}\n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_files_of_each_kind_are_scanned(tmp_path, name):
    path = tmp_path / name
    path.write_text(FILES[name], encoding="utf-8")
    entries = read_inputs([str(path)])
    assert [ident.id for _label, ident in entries] == ["1511.06434", "1406.2661"]
    assert all(label.startswith(f"{path}:") for label, _ident in entries)


def test_an_invalid_link_in_a_file_is_a_failure_naming_its_line(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("fine: arXiv:1511.06434\nbroken: arXiv:1513.00001\n", encoding="utf-8")
    ok, failure = read_inputs([str(path)])
    assert ok[1].id == "1511.06434"
    assert failure.input.startswith(f"{path}:2: ")
    assert "month 13" in failure.reason


def test_a_file_without_links_is_a_failure(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("nothing to see\n", encoding="utf-8")
    (failure,) = read_inputs([str(path)])
    assert failure.reason == "no links or identifiers found in the file"


def test_duplicates_collapse_into_one_lookup_and_one_record():
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1605.08386": preprint("1605.08386")})
    report = run(["1605.08386", "https://arxiv.org/abs/1605.08386v1", "arXiv:1605.08386"], [arxiv])
    assert [[i.id for i in call] for call in arxiv.calls] == [["1605.08386"]]
    assert [item.input for item in report.items] == ["1605.08386"]
    assert len(report.references) == 1
    assert report.ok


def test_records_sharing_an_id_across_kinds_collapse():
    paper = preprint("1605.08386").model_copy(update={"doi": "10.1145/3422622"})
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1605.08386": paper})
    crossref = FakeResolver("crossref", {"doi"}, {"10.1145/3422622": paper})
    report = run(["1605.08386", "10.1145/3422622"], [arxiv, crossref])
    assert len(report.items) == 2
    assert len(report.references) == 1


def test_each_source_gets_one_call_with_its_whole_group():
    arxiv = FakeResolver(
        "arxiv",
        {"arxiv"},
        {i: preprint(i, title=f"Paper {i}") for i in ("1605.08386", "1511.06434", "1707.08567")},
    )
    acl = FakeResolver("acl", {"acl"}, {})
    report = run(
        ["1605.08386", "https://aclanthology.org/P18-1238/", "1511.06434", "1707.08567"],
        [arxiv, acl],
    )
    assert [[i.id for i in call] for call in arxiv.calls] == [
        ["1605.08386", "1511.06434", "1707.08567"]
    ]
    assert [[i.id for i in call] for call in acl.calls] == [["P18-1238"]]
    assert [item.identifier.id for item in report.items] == [
        "1605.08386",
        "1511.06434",
        "1707.08567",
    ]


def test_partial_failure_keeps_what_resolved_and_names_the_rest():
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1605.08386": preprint("1605.08386")})
    report = run(["arXiv:1707.08567", "1605.08386", "nonsense"], [arxiv])
    assert [item.identifier.id for item in report.items] == ["1605.08386"]
    assert [(f.input, f.reason) for f in report.failures] == [
        ("arXiv:1707.08567", "arxiv: not found"),
        ("nonsense", "not a link or identifier this tool knows"),
    ]
    assert not report.ok


def test_a_crashing_source_fails_its_group_only():
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1605.08386": preprint("1605.08386")})
    acl = CrashingResolver("acl", {"acl"}, {})
    report = run(["P18-1238", "1605.08386"], [arxiv, acl])
    assert [item.identifier.id for item in report.items] == ["1605.08386"]
    (failure,) = report.failures
    assert failure.input == "P18-1238"
    assert failure.reason == "acl: RuntimeError: bug in the source second line"


def test_a_kind_no_source_resolves_is_a_failure():
    report = run(["https://openreview.net/forum?id=B1xsqj09Fm"], [])
    (failure,) = report.failures
    assert failure.reason == "no source resolves openreview identifiers"


SHIPPED = load_catalog()
GAN = SHIPPED.get("goodfellow2014generative")


@pytest.mark.parametrize(
    "text",
    [
        "https://arxiv.org/abs/1406.2661",
        "https://proceedings.neurips.cc/paper/2014/file/5ca3e9b122f61f8f06494c97b1afccf3-Paper.pdf",
    ],
)
def test_the_shipped_catalog_comes_first(text):
    arxiv = FakeResolver("arxiv", {"arxiv"}, {})
    neurips = FakeResolver("neurips", {"neurips"}, {})
    report = resolve([text], resolvers=[arxiv, neurips], find_upgrades=no_upgrades)
    assert arxiv.calls == neurips.calls == []
    (item,) = report.items
    assert item.source == "catalog"
    assert item.reference == GAN
    assert report.requests == 0


@pytest.mark.parametrize(
    "ref", [r for r in SHIPPED.references if r.doi or r.acl_id], ids=lambda r: r.key
)
def test_catalog_matches_dois_and_acl_ids(ref):
    text = f"https://doi.org/{ref.doi}" if ref.doi else f"https://aclanthology.org/{ref.acl_id}/"
    report = resolve([text], resolvers=[], find_upgrades=no_upgrades)
    assert [item.reference.key for item in report.items] == [ref.key]


def test_catalog_records_are_not_upgraded():
    def finder(ref):
        raise AssertionError("a curated record needs no search")

    report = resolve(["1406.2661"], resolvers=[], find_upgrades=finder)
    assert report.references == [GAN]


def published_version(ref: Reference) -> Reference:
    return ref.model_copy(
        update={
            "type": WorkType.CONFERENCE_PAPER,
            "booktitle": "International Conference on Learning Representations",
            "venue": Venue(
                name="International Conference on Learning Representations", short="ICLR 2016"
            ),
        }
    )


def evidence(confidence: float) -> Evidence:
    return Evidence("dblp", "https://dblp.org/rec/x", ("title",), confidence, "title 100%")


def test_a_strong_match_replaces_the_preprint_and_is_reported():
    paper = preprint("1511.06434", title="Unsupervised Representation Learning")
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1511.06434": paper})

    def finder(ref):
        found = published_version(ref)
        return Upgrade(Status.APPLIED, found, found, evidence(0.97), message="published")

    report = run(["1511.06434"], [arxiv], find_upgrades=finder)
    (ref,) = report.references
    assert ref.type is WorkType.CONFERENCE_PAPER
    (lookup,) = report.upgrades
    assert lookup.applied
    assert lookup.describe() == "1511.06434 -> ICLR 2016 (dblp, confidence 0.97)"


@pytest.mark.parametrize("status", [Status.WEAK, Status.AMBIGUOUS, Status.FAILED])
def test_weak_ambiguous_or_failed_searches_are_reported_never_applied(status):
    paper = preprint("1511.06434")
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1511.06434": paper})

    def finder(ref):
        return Upgrade(status, ref, evidence=evidence(0.6), message=f"{status.value}, not applied")

    report = run(["1511.06434"], [arxiv], find_upgrades=finder)
    assert report.references[0].type is WorkType.PREPRINT
    (lookup,) = report.upgrades
    assert not lookup.applied
    assert lookup.describe() == f"1511.06434: {status.value}, not applied"


def test_a_search_that_finds_nothing_is_not_listed():
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1511.06434": preprint("1511.06434")})
    report = run(["1511.06434"], [arxiv])
    assert report.upgrades == []


def test_a_crashing_search_keeps_the_preprint():
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1511.06434": preprint("1511.06434")})

    def finder(ref):
        raise ValueError("boom")

    report = run(["1511.06434"], [arxiv], find_upgrades=finder)
    assert report.references[0].type is WorkType.PREPRINT
    assert report.upgrades[0].describe() == "1511.06434: ValueError: boom"


def test_prefer_arxiv_skips_the_search():
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1511.06434": preprint("1511.06434")})

    def finder(ref):
        raise AssertionError("no search with prefer='arxiv'")

    report = run(["1511.06434"], [arxiv], prefer="arxiv", find_upgrades=finder)
    assert report.references[0].type is WorkType.PREPRINT
    assert report.upgrades == []


def test_new_records_get_unique_keys_and_taken_keys_are_avoided():
    arxiv = FakeResolver(
        "arxiv",
        {"arxiv"},
        {
            "1605.08386": preprint("1605.08386", title="Learning one thing"),
            "1511.06434": preprint("1511.06434", title="Learning another"),
        },
    )
    report = run(["1605.08386", "1511.06434"], [arxiv], taken=["chen2016learning"])
    assert [ref.key for ref in report.references] == ["chen2016learninga", "chen2016learningb"]


def test_progress_reports_every_stage():
    arxiv = FakeResolver("arxiv", {"arxiv"}, {"1605.08386": preprint("1605.08386")})
    calls = []
    run(
        ["1406.2661", "1605.08386"],
        [arxiv],
        catalog=SHIPPED,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(1, 2), (2, 2), (3, 3)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"prefer": "newest"}, "unknown preference 'newest'"),
        ({"offline": True, "refresh": True}, "exclude each other"),
    ],
)
def test_bad_arguments_raise_usage_errors(options, message):
    with pytest.raises(UsageError, match=message):
        run(["1605.08386"], [], **options)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 5000, "a\x00b", "https://", "10.", "arXiv:", "~/", "file.bib\n"],
    ids=[
        "empty",
        "spaces",
        "long",
        "nul",
        "bare-scheme",
        "doi-prefix",
        "arxiv-prefix",
        "home",
        "nl",
    ],
)
def test_odd_inputs_are_failures_not_exceptions(text):
    report = run(
        [text, "1605.08386"],
        [FakeResolver("arxiv", {"arxiv"}, {"1605.08386": preprint("1605.08386")})],
    )
    assert [f.input for f in report.failures] == [text]
    assert len(report.references) == 1


def test_an_endless_device_is_refused_at_the_size_limit(monkeypatch):
    import imgsynth_refs.fileio
    import imgsynth_refs.resolve as resolve_module

    monkeypatch.setattr(imgsynth_refs.fileio, "MAX_INPUT_BYTES", 1024)
    (failure,) = resolve_module.read_inputs(["/dev/zero"])
    assert failure.input == "/dev/zero"
    assert failure.reason == "larger than 1,024 bytes; split it into smaller files"


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_input_is_named_as_such(text):
    (failure,) = read_inputs([text])
    assert failure.reason == "empty input"
