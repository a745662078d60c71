"""``imgsynth-refs resolve`` end to end: the real resolvers and HTTP stack against 127.0.0.1.

Every source's base URL points at a pytest-httpserver. arXiv answers come from the recorded
responses in tests/fixtures/arxiv (replayed by arxiv_helpers.ArxivReplay; see PROVENANCE.md
there). The DBLP search answer is the real recorded one in
tests/fixtures/dblp/search_publ_api.rust-test-small.json, recorded for the query ``test*``
and replayed here for any title: its one hit is an unrelated paper, which must never be taken
for the published version. The NeurIPS 404 is SYNTHESISED (an empty 404, as for a hash the
proceedings do not know). Offline runs check ``-o -``, ``/dev/null``, the summary and
the progress bar.
"""

from __future__ import annotations

import json
import sys
import time

import pytest
from werkzeug import Response

from arxiv_helpers import API_PATH
from export_helpers import Terminal, run_cli, run_cli_process
from imgsynth_refs.cli import main
from imgsynth_refs.models import Catalog, Venue, WorkType
from imgsynth_refs.sources.published import Evidence, Status, Upgrade
from sources_helpers import FIXTURES

HEAT_BATH = "Heat-bath random walks with Markov bases"
HEAT_BATH_BIB = "Heat-bath random walks with"  # BibTeX protects "{Markov}"
HEAT_BATH_CSL = 'Heat-bath random walks with <span class="nocase">Markov</span> bases'
UNKNOWN_NEURIPS = (
    "https://proceedings.neurips.cc/paper/2014/hash/0123456789abcdef0123456789abcdef-Abstract.html"
)


@pytest.fixture
def server(sources_server):
    """conftest's ``sources_server`` (every source, a fresh cache, no delays or retries),
    also answering 404 for the BibTeX of an unknown NeurIPS paper."""
    sources_server.expect_request(
        "/paper_files/paper/2014/file/0123456789abcdef0123456789abcdef-Bibtex.bib"
    ).respond_with_data("", status=404)
    return sources_server


def paths(server) -> list[str]:
    return [request.path for request, _response in server.log]


def test_an_arxiv_link_resolves_through_the_recorded_api(server, capsys):
    status, out, err = run_cli(capsys, "resolve", "https://arxiv.org/abs/1605.08386")
    assert status == 0, err
    assert HEAT_BATH_BIB in out
    assert "eprint        = {1605.08386}" in out
    (arxiv_request,) = [r for r, _ in server.log if r.path == API_PATH]
    assert arxiv_request.args["id_list"] == "1605.08386"
    # The published-version search asked DBLP; its only hit is unrelated, so nothing changed.
    assert paths(server) == [API_PATH, "/search/publ/api"]
    assert "->" not in err
    assert (
        "resolved 1 work (0 from the shipped bibliography, 0 from the record store, "
        "1 from the sources), 0 failed, 2 requests"
    ) in err


def test_prefer_arxiv_asks_arxiv_only(server, capsys):
    status, out, _err = run_cli(capsys, "resolve", "1605.08386", "--prefer", "arxiv")
    assert status == 0
    assert HEAT_BATH_BIB in out
    assert paths(server) == [API_PATH]


def test_a_second_run_is_answered_by_the_cache(server, capsys):
    assert run_cli(capsys, "resolve", "1605.08386")[0] == 0
    asked = len(server.log)
    status, out, err = run_cli(capsys, "resolve", "1605.08386")
    assert status == 0
    assert HEAT_BATH_BIB in out
    assert len(server.log) == asked
    assert ", 0 requests" in err


def test_refresh_asks_again(server, capsys):
    run_cli(capsys, "resolve", "1605.08386", "--prefer", "arxiv")
    status, _out, _err = run_cli(capsys, "resolve", "1605.08386", "--prefer", "arxiv", "--refresh")
    assert status == 0
    assert paths(server) == [API_PATH, API_PATH]


def test_offline_with_an_empty_cache_names_what_it_could_not_resolve(server, capsys):
    status, out, err = run_cli(capsys, "resolve", "1605.08386", "1406.2661", "--offline")
    assert status == 1
    assert "Generative Adversarial Nets" in out  # from the shipped bibliography
    assert HEAT_BATH_BIB not in out
    lines = err.splitlines()
    assert any(
        line.startswith("imgsynth-refs: 1605.08386: ") and "offline" in line for line in lines
    )
    assert server.log == []


def test_offline_after_an_online_run_uses_the_cache(server, capsys):
    run_cli(capsys, "resolve", "1605.08386")
    asked = len(server.log)
    status, out, err = run_cli(capsys, "resolve", "1605.08386", "--offline")
    assert status == 0, err
    assert HEAT_BATH_BIB in out
    assert len(server.log) == asked


def test_partial_failure_writes_what_resolved_and_lists_each_failure(server, capsys, tmp_path):
    output = tmp_path / "out.bib"
    status, out, err = run_cli(
        capsys,
        "resolve",
        "1605.08386",
        "arXiv:1513.00001",
        UNKNOWN_NEURIPS,
        "--prefer",
        "arxiv",
        "-o",
        str(output),
    )
    assert status == 1
    assert out == ""
    text = output.read_text(encoding="utf-8")
    assert HEAT_BATH_BIB in text
    assert text.count("@") == 1
    failures = [line for line in err.splitlines() if "resolved 1 work" not in line]
    assert len(failures) == 2
    assert failures[0].startswith("imgsynth-refs: arXiv:1513.00001: ")
    assert "month 13" in failures[0]
    assert failures[1].startswith(f"imgsynth-refs: {UNKNOWN_NEURIPS}: ")
    assert "Traceback" not in err


def test_nothing_resolved_leaves_the_output_file_alone(server, capsys, tmp_path):
    output = tmp_path / "out.bib"
    output.write_text("% mine\n", encoding="utf-8")
    status, _out, err = run_cli(capsys, "resolve", "nonsense", "-o", str(output))
    assert status == 1
    assert output.read_text(encoding="utf-8") == "% mine\n"
    assert "imgsynth-refs: nonsense: not a link or identifier this tool knows" in err


def test_a_file_of_links_is_scanned_and_the_catalog_used_first(server, capsys, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(
        "- GAN: https://arxiv.org/abs/1406.2661\n- heat bath: arXiv:1605.08386v1\n"
        "- again: https://arxiv.org/pdf/1605.08386\n",
        encoding="utf-8",
    )
    status, out, err = run_cli(
        capsys, "resolve", str(notes), "--prefer", "arxiv", "--format", "json"
    )
    assert status == 0, err
    records = json.loads(out)
    assert [r["title"] for r in records] == ["Generative Adversarial Nets", HEAT_BATH]
    assert records[0]["key"] == "goodfellow2014generative"
    (arxiv_request,) = [r for r, _ in server.log]
    assert arxiv_request.args["id_list"] == "1605.08386v1"


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("bibtex", lambda text: text.startswith("@")),
        ("biblatex", lambda text: "eprinttype" in text),
        # CSL-JSON keeps "Markov" in case-changing styles with CSL's nocase span.
        ("csl-json", lambda text: json.loads(text)[0]["title"] == HEAT_BATH_CSL),
        ("json", lambda text: json.loads(text)[0]["arxiv"]["id"] == "1605.08386"),
        ("markdown", lambda text: HEAT_BATH in text),
    ],
)
def test_every_format_can_be_written(server, capsys, tmp_path, fmt, check):
    output = tmp_path / "out.txt"
    status, _out, _err = run_cli(
        capsys, "resolve", "1605.08386", "--prefer", "arxiv", "--format", fmt, "-o", str(output)
    )
    assert status == 0
    assert check(output.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["resolve"], "the following arguments are required: INPUT"),
        (["resolve", "1605.08386", "--format", "docx"], "unknown format 'docx'"),
        (["resolve", "1605.08386", "-o", "/nonexistent/dir/out.bib"], "does not exist"),
        (["resolve", "1605.08386", "-o", "out.docx"], "cannot tell the format"),
        (["resolve", "1605.08386", "--offline", "--refresh"], "not allowed with argument"),
        (["resolve", "1605.08386", "--prefer", "newest"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(server, capsys, argv, message):
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own errors exit from inside parse_args
        status = exc.code
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert server.log == []


def test_a_bad_environment_variable_is_a_usage_error(server, capsys, monkeypatch):
    monkeypatch.setenv("IMGSYNTH_REFS_ARXIV_API", "http://example.org/api/query")
    status, _out, err = run_cli(capsys, "resolve", "1605.08386")
    assert status == 2
    assert err.count("\n") == 1
    assert "IMGSYNTH_REFS_ARXIV_API" in err


def test_quiet_leaves_only_failures(server, capsys):
    status, _out, err = run_cli(capsys, "resolve", "1605.08386", "nonsense", "--quiet")
    assert status == 1
    assert err.splitlines() == ["imgsynth-refs: nonsense: not a link or identifier this tool knows"]


@pytest.mark.parametrize(("works", "shown"), [(3, False), (8, True)])
def test_a_progress_bar_only_on_a_terminal_for_more_than_a_few_works(monkeypatch, works, shown):
    from imgsynth_refs.commands.resolve import _Progress

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = _Progress()
    for done in range(works + 1):
        bar(done, works)
    bar.close()
    assert ("resolving" in terminal.text) is shown
    if shown:
        assert f"{works}/{works}" in terminal.text


def test_input_and_output_the_same_file_is_refused(server, capsys, tmp_path):
    bib = tmp_path / "thesis.bib"
    bib.write_text("@misc{mine, url = {https://arxiv.org/abs/1605.08386}}\n", encoding="utf-8")
    status, _out, err = run_cli(capsys, "resolve", str(bib), "-o", str(bib))
    assert status == 2
    assert "is also an input" in err
    assert bib.read_text(encoding="utf-8").startswith("@misc{mine,")
    assert server.log == []


@pytest.mark.parametrize(
    ("status", "line", "entry"),
    [
        (
            Status.APPLIED,
            "imgsynth-refs: 1605.08386 -> STAND-IN 2017 (dblp, confidence 0.97)",
            "@inproceedings",
        ),
        (
            Status.WEAK,
            "imgsynth-refs: 1605.08386: best candidate too weak, not applied: STAND-IN 2017",
            "@misc",
        ),
    ],
)
def test_upgrades_are_reported_on_stderr(server, capsys, monkeypatch, status, line, entry):
    """The arXiv record is the recorded one; the published-version search is a STAND-IN
    (its venue is made up for the test), so that the report and the choice are pinned."""
    from imgsynth_refs import resolve as resolve_module

    def find_published(ref, **_options):
        found = ref.model_copy(
            update={
                "type": WorkType.CONFERENCE_PAPER,
                "year": 2017,
                "booktitle": "Stand-in Conference",
                "venue": Venue(name="Stand-in Conference", short="STAND-IN 2017"),
            }
        )
        evidence = Evidence("dblp", "https://dblp.org/rec/x", ("title",), 0.97, "title 100%")
        if status is Status.APPLIED:
            return Upgrade(status, found, found, evidence, message="published version")
        message = "best candidate too weak, not applied: STAND-IN 2017"
        return Upgrade(status, ref, evidence=evidence, message=message)

    monkeypatch.setattr(resolve_module, "find_published", find_published)
    code, out, err = run_cli(capsys, "resolve", "1605.08386")
    assert code == 0
    assert line in err.splitlines()
    assert out.startswith(entry)
    assert paths(server) == [API_PATH]


def test_250_arxiv_ids_go_out_in_3_batched_requests_then_none(server, capsys, tmp_path):
    """Ids the recordings do not hold get an assembled feed without their entry (arXiv's way
    of saying "unknown"), so each is a not-found failure; what counts here is the requests."""
    ids = [f"2101.{n:05d}" for n in range(1, 251)]
    listing = tmp_path / "ids.txt"
    listing.write_text("\n".join(f"arXiv:{i}" for i in ids) + "\n", encoding="utf-8")
    status, _out, err = run_cli(capsys, "resolve", str(listing), "--prefer", "arxiv", "--quiet")
    assert status == 1
    assert len(err.splitlines()) == 250
    batches = [r.args["id_list"].split(",") for r, _ in server.log]
    assert [len(b) for b in batches] == [100, 100, 50]
    assert [i for batch in batches for i in batch] == ids
    run_cli(capsys, "resolve", str(listing), "--prefer", "arxiv", "--quiet")
    assert len(server.log) == 3


def test_real_sources_each_get_their_group_in_one_run(server, tmp_path):
    """Through the Python API with an empty catalog, so that the NeurIPS and ACL Anthology
    resolvers answer from the recorded BibTeX (tests/fixtures/neurips, tests/fixtures/acl)."""
    from imgsynth_refs.resolve import resolve
    from imgsynth_refs.sources.config import Config

    alexnet = "2012/c399862d3b9d6b76c8436e924a68c45b"
    server.expect_request(
        f"/paper_files/paper/2012/file/{alexnet.split('/')[1]}-Bibtex.bib"
    ).respond_with_data((FIXTURES / "neurips" / "NIPS2012_c399862d.variant-pages.bib").read_bytes())
    server.expect_request("/P18-1238.bib").respond_with_data(
        (FIXTURES / "acl" / "P18-1238.bib").read_bytes()
    )
    report = resolve(
        [
            f"https://proceedings.neurips.cc/paper/{alexnet.replace('/', '/hash/')}-Abstract.html",
            "https://aclanthology.org/P18-1238/",
            "arXiv:1605.08386",
        ],
        config=Config.from_env(),
        catalog=Catalog(eras=[], references=[]),
        prefer="arxiv",
    )
    assert report.ok, report.failures
    assert [item.source for item in report.items] == ["neurips", "acl", "arxiv"]
    alex, cc, heat = report.references
    assert alex.neurips_id == alexnet
    assert alex.pages == "1097--1105"
    assert cc.acl_id == "P18-1238"
    assert heat.title == HEAT_BATH
    assert [r.path for r, _ in server.log].count(API_PATH) == 1


def test_resolve_offline_from_the_catalog_with_short_venues(capsys):
    from imgsynth_refs.cli import main

    assert (
        main(
            [
                "resolve",
                "https://arxiv.org/pdf/1812.04948.pdf",
                "--offline",
                "--quiet",
                "--short-venues",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "@inproceedings{karras2019style," in out
    assert "booktitle     = {CVPR}," in out


def test_a_source_asking_to_wait_a_day_fails_at_once_and_keeps_the_rest(
    sources_server, monkeypatch
):
    """SYNTHESISED 429 with ``Retry-After: 100000`` (27.8 h) from arXiv: no silent wait; the
    catalog work still comes out, the arXiv input fails naming the wait."""

    monkeypatch.setenv("IMGSYNTH_REFS_RETRIES", "3")
    sources_server.expect_oneshot_request(API_PATH).respond_with_response(
        Response("Rate exceeded.", status=429, headers={"Retry-After": "100000"})
    )
    started = time.monotonic()
    done = run_cli_process("resolve", "arXiv:2401.00001", "arXiv:1511.06434", timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == 1
    assert "radford2016unsupervised" in done.stdout
    assert (
        "arXiv asks us to wait 28 h (Retry-After), longer than IMGSYNTH_REFS_MAX_RETRY_WAIT "
        "(5 min); try later"
    ) in done.stderr
    assert "Traceback" not in done.stderr
    assert len(sources_server.log) == 1


def test_resolve_dash_o_dash_writes_standard_output(capsys, tmp_path, monkeypatch):
    """``export -o -`` is standard output; ``resolve`` takes the same option the same way."""
    from imgsynth_refs.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["resolve", "1406.2661", "-o", "-", "--offline", "--quiet"]) == 0
    assert "@inproceedings{goodfellow2014generative," in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_resolve_progress_counts_works_and_published_searches_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from imgsynth_refs.commands.resolve import _Progress

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = _Progress()
    for done in range(10):
        bar(done, 9)  # nine works
    for done in range(9, 15):
        bar(done, 14)  # then five searches for published versions
    bar.close()
    final = terminal.text.split("\r")[-1]
    assert "14/14" in final
    assert "9 works + 5 published-version searches" in final, final
    assert "work/s" not in terminal.text and "14/14 work" not in terminal.text


def test_resolve_dev_null_is_an_empty_input(capsys: pytest.CaptureFixture[str]) -> None:
    from export_helpers import run_cli

    status, out, err = run_cli(capsys, "resolve", "/dev/null", "--offline")
    assert status == 1
    assert out == ""
    assert "/dev/null: no links or identifiers found in the file" in err, err
    assert "no such file" not in err


def test_resolve_summary_names_catalog_store_and_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from export_helpers import run_cli

    status, _out, err = run_cli(capsys, "resolve", "arXiv:1406.2661", "--offline")
    assert status == 0, err
    assert (
        "resolved 1 work (1 from the shipped bibliography, 0 from the record store, "
        "0 from the sources), 0 failed, 0 requests (offline)"
    ) in err
