"""``upgrade``: preprint-only entries replaced in place by their published versions.

Every source runs on a local server with recorded answers (tests/upgrade_helpers.py): the
Nature Machine Intelligence paper of arXiv:2304.05376 comes from Semantic Scholar's
candidate (its DOI) and Crossref's recorded work; the NeurIPS 2017 paper of arXiv:1706.03762
from the DBLP search fallback (Semantic Scholar names NeurIPS but only the CoRR listing's
DBLP key) and DBLP's recorded BibTeX; arXiv:2312.07559 is listed as arXiv only.
"""

from __future__ import annotations

import json

import pytest

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.errors import UsageError
from imgsynth_refs.models import Catalog
from imgsynth_refs.sources.http import make_session
from imgsynth_refs.upgrade import Status, cited_preprint, upgrade_bib, upgrade_file
from s2_helpers import S2Replay, recorded_papers
from upgrade_helpers import (
    ATTENTION_ENTRY,
    NATMI_ENTRY,
    PAPERQA_ENTRY,
    UpgradeServer,
)

HEAD = "% my thesis\n@string{nmi = {Nature Machine Intelligence}}\n\n"
OTHER = "@inproceedings{kept, title={Other}, author={X, Y}, booktitle={CVPR}, year={2019}}\n"


@pytest.fixture
def server(httpserver):
    return UpgradeServer(httpserver)


@pytest.fixture
def no_catalog():
    """The shipped eras without works, so that the sources are asked for every preprint."""
    return Catalog(eras=load_catalog().eras, references=[])


def _bib(*entries: str) -> BibFile:
    return BibFile.parse((HEAD + "\n\n".join(entries) + "\n").encode(), source="thesis.bib")


def _run(server, tmp_path, bib, catalog, **options):
    config = server.config(tmp_path / "cache")
    with make_session(config, offline=options.get("offline", False)) as session:
        return upgrade_bib(bib, session=session, config=config, catalog=catalog, **options)


# --------------------------------------------------------------------------- which entries


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("article", "journal={arXiv preprint arXiv:1511.06434}, year={2015}"),
        ("article", "journal={Ar{X}iv:1511.06434}, year={2015}"),
        ("article", "journal={{arXiv}:1511.06434}, year={2015}"),
        ("article", "journal={CoRR}, volume={abs/1511.06434}, year={2015}"),
        ("article", "journal={ArXiv}, volume={abs/1511.06434}, year={2015}"),
        ("article", "journal={arXiv}, number={1511.06434}, year={2015}"),
        ("misc", "howpublished={\\url{https://arxiv.org/abs/1511.06434v2}}, year={2015}"),
        ("misc", "doi={10.48550/arXiv.1511.06434}, year={2015}"),
        ("misc", "eprint={1511.06434}, archivePrefix={arXiv}, year={2015}"),
        ("misc", "url={https://arxiv.org/pdf/1511.06434.pdf}, year={2015}"),
        ("online", "eprint={1511.06434}, eprinttype={arxiv}, date={2015}"),
        ("unpublished", "note={arXiv:1511.06434}, year={2015}"),
    ],
)
def test_every_preprint_form_is_found(kind, fields):
    entry = f"@{kind}{{a, title={{T}}, author={{A, B}}, {fields}}}"
    (found,) = BibFile.parse(entry.encode()).entries
    ident = cited_preprint(found)
    assert ident is not None and ident.id == "1511.06434"


@pytest.mark.parametrize(
    "entry",
    [
        "@inproceedings{a, title={T}, booktitle={ICLR}, eprint={1511.06434}, year={2016}}",
        "@article{a, title={T}, journal={Nature}, eprint={1511.06434}, year={2016}}",
        "@misc{a, title={T}, doi={10.1109/CVPR.2019.00453}, eprint={1812.04948}, year={2019}}",
        "@article{a, title={T}, journal={Nature}, year={2016}}",
        "@book{a, title={T}, publisher={P}, eprint={1511.06434}, year={2016}}",
    ],
)
def test_published_or_unrelated_entries_are_not_preprints(entry):
    (found,) = BibFile.parse(entry.encode()).entries
    assert cited_preprint(found) is None


# --------------------------------------------------------------------------- upgrading


def test_a_strong_candidate_is_applied_keeping_key_position_and_user_fields(
    server, tmp_path, no_catalog
):
    bib = _bib(NATMI_ENTRY, OTHER.strip())
    report = _run(server, tmp_path, bib, no_catalog)
    (entry,) = report.entries
    assert entry.status is Status.UPGRADED and entry.source == "crossref"
    assert entry.confidence == 1.0 and entry.published is not None
    assert entry.published.journal == "Nature Machine Intelligence"
    assert [e.source for e in entry.evidence] == ["crossref", "semanticscholar"]
    text = report.data.decode()
    new = BibFile.parse(report.data)
    assert new.keys == ["bran2023augmenting", "kept"]
    upgraded = new.entry("bran2023augmenting")
    assert upgraded.entry_type == "article"
    assert upgraded.fields["journal"] == "Nature Machine Intelligence"
    assert (upgraded.fields["volume"], upgraded.fields["pages"]) == ("6", "525--535")
    assert upgraded.fields["year"] == "2024"
    assert upgraded.fields["doi"] == "10.1038/s42256-024-00832-8"
    assert (upgraded.fields["eprint"], upgraded.fields["archiveprefix"]) == ("2304.05376", "arXiv")
    # the user's own fields, byte for byte, and everything outside the entry
    assert "  keywords = {llm, chemistry},\n  note = {read twice},\n}" in text
    assert text.startswith(HEAD) and text.endswith("\n\n" + OTHER)
    # one arXiv batch, one Semantic Scholar batch, one record
    assert server.paths() == [
        "/api/query",
        "/graph/v1/paper/batch",
        "/works/10.1038/s42256-024-00832-8",
    ]
    assert report.requests == 3


def test_a_venue_without_a_record_goes_to_the_dblp_search(server, tmp_path, no_catalog):
    report = _run(server, tmp_path, _bib(ATTENTION_ENTRY), no_catalog)
    (entry,) = report.entries
    assert entry.status is Status.UPGRADED and entry.source == "dblp-search"
    assert "Semantic Scholar names" in entry.message
    new = BibFile.parse(report.data).entry("vaswani2017attention")
    assert new.entry_type == "inproceedings"
    assert new.fields["pages"] == "5998--6008" and new.fields["year"] == "2017"
    assert "Neural Information Processing Systems" in new.fields["booktitle"]
    assert new.fields["file"] == ":papers/attention.pdf:PDF"
    assert "arxiv.org" not in new.fields.get("url", "")  # the eprint links the preprint
    assert new.fields["eprint"] == "1706.03762"
    assert server.search.queries and server.paths()[-1] == "/rec/conf/nips/VaswaniSPUJGKP17.bib"


def test_arxiv_only_per_semantic_scholar_costs_no_further_request(server, tmp_path, no_catalog):
    bib = _bib(PAPERQA_ENTRY)
    report = _run(server, tmp_path, bib, no_catalog)
    (entry,) = report.entries
    assert entry.status is Status.NOT_FOUND and entry.confidence is None
    assert "arXiv preprint only" in entry.message
    assert report.data == bib.data
    assert server.paths() == ["/api/query", "/graph/v1/paper/batch"]


def test_an_id_neither_arxiv_nor_semantic_scholar_knows_is_not_searched(
    server, tmp_path, no_catalog
):
    typo = NATMI_ENTRY.replace("2304.05376", "2304.99999")
    report = _run(server, tmp_path, _bib(typo), no_catalog)
    assert report.entries[0].status is Status.NOT_FOUND
    assert "neither arXiv nor Semantic Scholar knows arXiv:2304.99999" in report.entries[0].message
    assert server.paths() == ["/api/query", "/graph/v1/paper/batch"]
    recorded = _run(
        server, tmp_path, _bib(ATTENTION_ENTRY.replace("1706.03762", "1605.08386")), no_catalog
    )
    assert server.search.queries  # arXiv knows 1605.08386 (recorded), Semantic Scholar does not
    assert recorded.entries[0].status is Status.NOT_FOUND


def test_semantic_scholar_linking_the_wrong_paper_is_weak_and_changes_nothing(
    httpserver, tmp_path, no_catalog
):
    # Semantic Scholar is known to mix records: here (a test-made mapping of two recorded
    # paper objects) it answers PaperQA's id with the Nature Machine Intelligence paper.
    papers = recorded_papers()
    papers["2312.07559"] = papers["2304.05376"]
    server = UpgradeServer(httpserver, S2Replay(papers))
    bib = _bib(PAPERQA_ENTRY)
    report = _run(server, tmp_path, bib, no_catalog)
    (entry,) = report.entries
    assert entry.status is Status.WEAK
    assert "first_author" not in entry.evidence[0].matched
    assert entry.candidates and not entry.candidates[0].strong
    assert report.data == bib.data


def test_the_shipped_bibliography_comes_first_without_any_request(server, tmp_path):
    bib = _bib(ATTENTION_ENTRY)
    report = _run(server, tmp_path, bib, load_catalog())
    (entry,) = report.entries
    assert entry.status is Status.UPGRADED and entry.source == "catalog"
    assert server.paths() == [] and report.requests == 0
    assert BibFile.parse(report.data).entry("vaswani2017attention").entry_type == "inproceedings"


def test_a_second_run_is_answered_by_the_record_store(server, tmp_path, no_catalog):
    bib = _bib(NATMI_ENTRY)
    first = _run(server, tmp_path, bib, no_catalog)
    (tmp_path / "cache" / "http-cache.sqlite").unlink()  # only the record store is left
    asked = len(server.paths())
    again = _run(server, tmp_path, bib, no_catalog, offline=True)
    assert again.entries[0].source == "store" and again.data == first.data
    assert len(server.paths()) == asked


def test_upgrading_twice_changes_nothing(server, tmp_path, no_catalog):
    first = _run(server, tmp_path, _bib(NATMI_ENTRY, ATTENTION_ENTRY, PAPERQA_ENTRY), no_catalog)
    again = _run(server, tmp_path, BibFile.parse(first.data), no_catalog)
    assert again.data == first.data
    assert [e.key for e in again.entries] == ["lala2023paperqa"]


def test_offline_without_cache_fails_each_entry_and_keeps_the_file(server, tmp_path, no_catalog):
    bib = _bib(NATMI_ENTRY, PAPERQA_ENTRY)
    report = _run(server, tmp_path, bib, no_catalog, offline=True)
    assert [e.status for e in report.entries] == [Status.FAILED, Status.FAILED]
    assert all("offline" in e.message for e in report.entries)
    assert report.data == bib.data and server.paths() == []


def test_semantic_scholar_down_falls_back_to_the_search(server, tmp_path, no_catalog):
    server.s2.faults.append(lambda _: __import__("werkzeug").Response("busy", status=503))
    report = _run(server, tmp_path, _bib(ATTENTION_ENTRY), no_catalog)
    (entry,) = report.entries
    assert entry.status is Status.UPGRADED and entry.source == "dblp-search"
    assert "Semantic Scholar not asked: semanticscholar: HTTP 503" in entry.message


def test_only_the_keys_asked(server, tmp_path, no_catalog):
    bib = _bib(NATMI_ENTRY, PAPERQA_ENTRY)
    report = _run(server, tmp_path, bib, no_catalog, only=["LALA2023paperqa"])
    assert [e.key for e in report.entries] == ["lala2023paperqa"]
    with pytest.raises(UsageError, match="no entry with key 'nope'"):
        _run(server, tmp_path, bib, no_catalog, only=["nope"])


@pytest.mark.parametrize("value", [0, -1, 1.5])
def test_min_confidence_outside_0_1_is_a_usage_error(value, tmp_path):
    with pytest.raises(UsageError, match="min-confidence"):
        upgrade_bib(_bib(NATMI_ENTRY), min_confidence=value)


def test_min_confidence_decides_a_match_with_fewer_authors(server, tmp_path, no_catalog):
    # Google Scholar's truncated author list: 4 of the 8 authors, then "and others".
    rest = "Jones, Llion and Gomez, Aidan N. and Kaiser, Lukasz and Polosukhin, Illia"
    truncated = ATTENTION_ENTRY.replace(" and\n            " + rest, " and others")
    assert truncated != ATTENTION_ENTRY
    bib = _bib(truncated)
    strong = _run(server, tmp_path, bib, no_catalog)
    assert strong.entries[0].status is Status.UPGRADED
    assert 0.85 <= strong.entries[0].confidence < 0.95
    weak = _run(server, tmp_path, bib, no_catalog, min_confidence=0.95)
    assert weak.entries[0].status is Status.WEAK and weak.data == bib.data


def test_upgrade_file_writes_atomically_with_a_backup(server, tmp_path, monkeypatch, no_catalog):
    path = tmp_path / "thesis.bib"
    path.write_bytes(_bib(NATMI_ENTRY).data)
    original = path.read_bytes()
    config = server.config(tmp_path / "cache")
    report, written = upgrade_file(path, dry_run=True, config=config, catalog=no_catalog)
    assert written.diff.startswith(f"--- {path}") and path.read_bytes() == original
    report, written = upgrade_file(path, config=config, catalog=no_catalog)
    assert written.backup is not None and written.backup.read_bytes() == original
    assert path.read_bytes() == report.data != original


def test_the_json_report_follows_the_documented_contract(server, tmp_path, no_catalog):
    report = _run(server, tmp_path, _bib(NATMI_ENTRY, PAPERQA_ENTRY), no_catalog)
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data) == {"file", "entries", "summary", "requests", "notes"}
    first = data["entries"][0]
    assert set(first) == {
        "key", "line", "arxiv", "status", "message", "source", "confidence",
        "published", "evidence", "candidates",
    }  # fmt: skip
    assert first["published"]["venue"] == "Nature Machine Intelligence"
    assert first["published"]["year"] == 2024
    assert set(first["evidence"][0]) == {"source", "url", "matched", "confidence", "detail"}
    assert data["summary"]["upgraded"] == 1 and data["summary"]["not_found"] == 1


def test_a_record_semantic_scholar_names_but_crossref_lacks_goes_to_the_search(
    httpserver, server, tmp_path, no_catalog
):
    httpserver.expect_oneshot_request("/works/10.1038/s42256-024-00832-8").respond_with_data(
        "", status=404
    )  # SYNTHESISED 404: Crossref does not know the DOI
    report = _run(server, tmp_path, _bib(NATMI_ENTRY), no_catalog)
    (entry,) = report.entries
    assert entry.status is Status.NOT_FOUND
    assert "the record Semantic Scholar names could not be read" in entry.message
    assert server.search.queries == ["Augmenting large language models with chemistry tools"]


def test_biblatex_entries_stay_biblatex_and_crlf_files_stay_crlf(server, tmp_path):
    entry = (
        "@online{vaswani2017attention,\r\n  title = {Attention Is All You Need},\r\n"
        "  author = {Vaswani, Ashish and Shazeer, Noam},\r\n  eprint = {1706.03762},\r\n"
        "  eprinttype = {arxiv},\r\n  date = {2017},\r\n  keywords = {transformer},\r\n}\r\n"
    )
    bib = BibFile.parse(("% thesis\r\n\r\n" + entry).encode())
    report = _run(server, tmp_path, bib, load_catalog())
    text = report.data.decode()
    assert "\n" not in text.replace("\r\n", "")
    new = BibFile.parse(report.data).entry("vaswani2017attention")
    assert new.entry_type == "inproceedings" and new.fields["eprinttype"] == "arxiv"
    assert new.fields["date"].startswith("2017") and new.fields["keywords"] == "transformer"
    assert text.startswith("% thesis\r\n\r\n@inproceedings{vaswani2017attention,\r\n")
