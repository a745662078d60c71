"""``imgsynth-refs rebuild``: re-resolve refs/ records online and show, not apply, what changed.

A scratch refs/ folder holds the shipped GAN record (NeurIPS 2014) and two TEST records made
here for arXiv 1605.08386, whose recorded arXiv answer is replayed (tests/fixtures/arxiv): one
with a deliberately wrong title, one that claims the paper is a conference paper (to pin the
rule that a preprint answer never downgrades a published record). The NeurIPS BibTeX is the
real one in tests/fixtures/neurips/NIPS2014_5ca3e9b1.chen-yuxuan-gans.bib; the DBLP search
answer is the real recorded one for ``test*`` (tests/fixtures/dblp), whose only hit is an
unrelated paper. The abstract page the NeurIPS resolver also asks for is not served (the
local server answers 500, a SYNTHESISED fault), so the BibTeX alone describes the paper.
"""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from export_helpers import run_cli
from imgsynth_refs.catalog import data_dir, load_catalog
from imgsynth_refs.maintenance import primary_identifier, rebuild, toml_value
from imgsynth_refs.models import ArxivInfo, Milestone, Person, Reference, Venue, WorkType
from imgsynth_refs.sources.config import Config
from sources_helpers import FIXTURES

GAN_BIB = "/paper_files/paper/2014/file/5ca3e9b122f61f8f06494c97b1afccf3-Bibtex.bib"

HEAT = """\
# TEST record: arXiv 1605.08386 with a wrong title.
type = "preprint"
title = "Heat bath random walks with Markov bases"
year = 2016
arxiv = { id = "1605.08386", version = 1 }
authors = [
  { given = "Caprice", family = "Stanley" },
  { given = "Tobias", family = "Windisch" },
]
"""

CLAIMED = """\
# TEST record: arXiv 1605.08386 curated as if it had been published at a conference.
type = "conference_paper"
title = "Heat-bath random walks with Markov bases"
booktitle = "Some Conference"
year = 2017
arxiv = { id = "1605.08386" }
authors = [
  { given = "Caprice", family = "Stanley" },
  { given = "Tobias", family = "Windisch" },
]
"""

NOTHING = """\
# TEST record with no identifier or link.
type = "web_page"
title = "A page without a link"
year = 2020
"""


@pytest.fixture
def refs(tmp_path):
    root = tmp_path / "refs"
    (root / "works").mkdir(parents=True)
    shutil.copy(data_dir() / "eras.toml", root / "eras.toml")
    shutil.copy(data_dir() / "works" / "goodfellow2014generative.toml", root / "works")
    (root / "works" / "stanley2016heat.toml").write_text(HEAT, encoding="utf-8")
    return root


@pytest.fixture
def server(sources_server):
    """conftest's ``sources_server`` (arXiv, DBLP search), also serving the GAN's BibTeX."""
    sources_server.expect_request(GAN_BIB).respond_with_data(
        (FIXTURES / "neurips" / "NIPS2014_5ca3e9b1.chen-yuxuan-gans.bib").read_bytes()
    )
    return sources_server


def snapshot(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "works").iterdir())}


def test_rebuild_shows_a_diff_per_record_and_writes_nothing(server, refs, capsys):
    before = snapshot(refs)
    status, out, err = run_cli(capsys, "rebuild", "--refs", str(refs))
    assert status == 0, err
    assert snapshot(refs) == before
    assert "--- a/refs/works/stanley2016heat.toml\n+++ b/refs/works/stanley2016heat.toml\n" in out
    assert '-title = "Heat bath random walks with Markov bases"\n' in out
    assert '+title = "Heat-bath random walks with Markov bases"\n' in out
    # The NeurIPS BibTeX of today says "N. Lawrence" where the curated record has "N. D.":
    # shown for a person to decide, never applied on its own.
    assert '-  { given = "N. D.", family = "Lawrence" },\n' in out
    assert '+  { given = "N.", family = "Lawrence" },\n' in out
    assert "2 changed, 0 unchanged, 0 failed" in err


def test_write_applies_the_named_record_only_keeping_its_comments(server, refs, capsys):
    gan_before = (refs / "works" / "goodfellow2014generative.toml").read_text(encoding="utf-8")
    status, _out, err = run_cli(
        capsys, "rebuild", "stanley2016heat", "--refs", str(refs), "--write"
    )
    assert status == 0, err
    assert (refs / "works" / "goodfellow2014generative.toml").read_text(
        encoding="utf-8"
    ) == gan_before
    text = (refs / "works" / "stanley2016heat.toml").read_text(encoding="utf-8")
    assert text.startswith("# TEST record: arXiv 1605.08386 with a wrong title.\n")
    ref = load_catalog(refs).get("stanley2016heat")
    assert ref.title == "Heat-bath random walks with Markov bases"
    assert ref.arxiv.primary_class == "math.CO"
    assert ref.provenance["title"].source.endswith("/api/query?id_list=1605.08386")
    assert ref.provenance["title"].retrieved == date.today()
    # Rebuilt again, the record agrees with its source, from the cache.
    asked = len(server.log)
    status, out, err = run_cli(capsys, "rebuild", "stanley2016heat", "--refs", str(refs))
    assert (status, out) == (0, "")
    assert "0 changed, 1 unchanged, 0 failed, 0 requests" in err
    assert len(server.log) == asked


def test_field_limits_what_is_compared(server, refs, capsys):
    status, out, _err = run_cli(
        capsys, "rebuild", "stanley2016heat", "--refs", str(refs), "--field", "title"
    )
    assert status == 0
    changed = [line for line in out.splitlines() if line.startswith(("-", "+"))]
    assert [line for line in changed if not line.startswith(("---", "+++"))] == [
        '-title = "Heat bath random walks with Markov bases"',
        '+title = "Heat-bath random walks with Markov bases"',
        "+",
        "+[provenance.title]",
        f"+source = {changed[-2].split(' = ', 1)[1]}",
        f"+retrieved = {date.today().isoformat()}",
    ]


def test_a_preprint_answer_never_downgrades_a_published_record(server, refs, capsys):
    (refs / "works" / "stanley2017heat.toml").write_text(CLAIMED, encoding="utf-8")
    report = rebuild(refs, ["stanley2017heat"], config=Config.from_env())
    (change,) = report.changes
    assert change.fields == ("arxiv",)
    assert 'type = "conference_paper"' in change.new_text


def test_records_without_identifiers_are_skipped(server, refs, capsys):
    (refs / "works" / "nothing2020page.toml").write_text(NOTHING, encoding="utf-8")
    status, _out, err = run_cli(capsys, "rebuild", "nothing2020page", "--refs", str(refs))
    assert status == 0
    assert "imgsynth-refs: nothing2020page: skipped: no identifier or link to resolve" in err
    assert server.log == []


def test_a_record_that_cannot_be_resolved_is_named_and_exits_1(server, refs, capsys):
    radford = data_dir() / "works" / "radford2016unsupervised.toml"
    shutil.copy(radford, refs / "works")
    status, _out, err = run_cli(capsys, "rebuild", "radford2016unsupervised", "--refs", str(refs))
    assert status == 1
    assert "imgsynth-refs: radford2016unsupervised: " in err
    assert "1 failed" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rebuild", "--write"], "--write needs the KEYs of the records to update"),
        (["rebuild", "nosuchkey2000x"], "no record with key 'nosuchkey2000x'"),
        (["rebuild", "--field", "era"], "cannot rebuild field 'era'"),
    ],
)
def test_rebuild_usage_errors(server, refs, capsys, argv, message):
    status, out, err = run_cli(capsys, *argv, "--refs", str(refs))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert server.log == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Nets", '"Nets"'),
        ('a "quoted" \\ title', '"a \\"quoted\\" \\\\ title"'),
        (27, "27"),
        (date(2014, 6, 10), "2014-06-10"),
        (WorkType.PREPRINT, '"preprint"'),
        (
            Venue(name="NeurIPS", short="NeurIPS 2020"),
            '{ name = "NeurIPS", short = "NeurIPS 2020" }',
        ),
        (ArxivInfo(id="1406.2661", version=1), '{ id = "1406.2661", version = 1 }'),
        (
            [Person(family="Goodfellow", given="Ian"), Person(family="Mirza")],
            '[\n  { given = "Ian", family = "Goodfellow" },\n  { family = "Mirza" },\n]',
        ),
        ([], "[]"),
    ],
)
def test_values_are_written_in_the_files_layout(value, text):
    assert toml_value(value) == text
    assert tomllib.loads(f"x = {text}")["x"] is not None


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        (
            {"neurips_id": "2014/5ca3e9b122f61f8f06494c97b1afccf3"},
            ("neurips", "2014/5ca3e9b122f61f8f06494c97b1afccf3"),
        ),
        ({"acl_id": "P18-1238"}, ("acl", "P18-1238")),
        ({"doi": "10.1145/3422622"}, ("doi", "10.1145/3422622")),
        ({}, ("arxiv", "1605.08386")),
    ],
)
def test_the_source_of_truth_is_the_most_specific_identifier(update, expected):
    ref = Reference(
        type=WorkType.PREPRINT,
        title="T",
        year=2016,
        authors=[Person(family="Stanley")],
        arxiv=ArxivInfo(id="1605.08386"),
        milestone=Milestone(label="X", article_date="2016", link="https://example.org/x"),
    ).model_copy(update=update)
    ident = primary_identifier(ref)
    assert (ident.kind, ident.id) == expected


def test_a_milestone_link_is_used_when_nothing_else_identifies_a_record():
    ref = Reference(
        type=WorkType.WEB_PAGE,
        title="Inceptionism",
        year=2015,
        milestone=Milestone(label="DeepDream", article_date="2015", link="https://example.org/x"),
    )
    assert primary_identifier(ref).url == "https://example.org/x"
