"""Bare new-style arXiv ids in prose: found where a word marks them, never in look-alikes.

``MARKED`` holds sentences as theses and reading lists write them, each naming bare ids next
to a marker (``arXiv``, ``preprint``, ``see``, ``cf.``, a ``[cs.CV]`` category, a version, a
numbered reference list); ``LOOK_ALIKES`` holds numbers shaped like ids (constants, dates,
versions, prices, ids without a marker). Precision over both tables must be 1 (a look-alike
read as a paper is worse than a paper missed); recall over ``MARKED`` is measured, and the few
forms knowingly missed are in ``MISSED``.
"""

from __future__ import annotations

import pytest

from imgsynth_refs.scan import find

MARKED: list[tuple[str, list[str]]] = [
    ("see 2503.08641 for details", ["2503.08641"]),
    ("See 1706.03762.", ["1706.03762"]),
    ("(see also 2112.10752)", ["2112.10752"]),
    ("cf. 1406.2661 and cf. 1511.06434", ["1406.2661", "1511.06434"]),
    ("arXiv preprint 1706.03762, 2017.", ["1706.03762"]),
    ("ArXiv 2204.06125", ["2204.06125"]),
    ("arxiv.org 2010.11929", ["2010.11929"]),
    ("the preprint 2208.12242 shows", ["2208.12242"]),
    ("Preprint: 2303.05499", ["2303.05499"]),
    ("e-print 0704.0001 of 2007", ["0704.0001"]),
    ("1407.3561v1 was posted first", ["1407.3561"]),
    ("0706.0001v1 [q-bio.CB]", ["0706.0001"]),
    ("Attention Is All You Need. 1706.03762 [cs.CL]", ["1706.03762"]),
    ("[12] A. Vaswani et al. Attention is all you need. 1706.03762, 2017.", ["1706.03762"]),
    ("3. Rombach, R. et al. Latent diffusion. 2112.10752 (2022).", ["2112.10752"]),
    ("见 2503.08641。", ["2503.08641"]),
    ("see 1812.04948 and arXiv:1511.06434", ["1812.04948", "1511.06434"]),
]

MISSED: list[tuple[str, list[str]]] = [
    ("Vaswani et al. (1706.03762) introduced the Transformer", ["1706.03762"]),
    ("see Vaswani et al., 1706.03762", ["1706.03762"]),
]
"""Marked too loosely to tell from a number: counted against recall, not asserted."""

LOOK_ALIKES: list[str] = [
    "pi is 3.14159 and e is 2.71828",
    "released in version 2.10.1 and 10.2.3",
    "on 2023.10.01 the service moved",
    "the 2021.0312 snapshot",
    "see 1999.12345 in the ledger",
    "see 1234.5678 for the total",
    "arXiv preprint 2013.12345",
    "costs 1706.03762 dollars",
    "IP 192.168.1.1 and 10.0.0.1",
    "see table 3.2 and figure 10.12",
    "preprint 0800.12345 withdrawn",
    "ISBN 978.3.16.148410",
    "see page 1706.0376",
    "file 1706.03762.tar.gz and /data/2112.10752/x",
    "version 2112.10752-beta",
    "see 2112.107521",
]


def _ids(text: str) -> list[str]:
    return [h.identifier.id for h in find(text) if h.identifier and h.identifier.kind == "arxiv"]


@pytest.mark.parametrize(("text", "expected"), MARKED)
def test_marked_bare_ids_are_found(text: str, expected: list[str]) -> None:
    assert _ids(text) == expected


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_not(text: str) -> None:
    assert _ids(text) == []


def test_found_text_and_line() -> None:
    (hit,) = find("intro\n\nsee 2503.08641 for details")
    assert (hit.found, hit.line, hit.offset) == ("2503.08641", 3, 11)


def measure() -> tuple[float, float, int, int]:
    """(precision, recall, ids expected, texts) over MARKED + MISSED and LOOK_ALIKES."""
    positives = MARKED + MISSED
    expected = sum(len(ids) for _, ids in positives)
    true = sum(len(set(_ids(text)) & set(ids)) for text, ids in positives)
    found = sum(len(_ids(text)) for text, _ in positives) + sum(len(_ids(t)) for t in LOOK_ALIKES)
    return true / found, true / expected, expected, len(positives) + len(LOOK_ALIKES)


def test_precision_is_one_and_recall_is_measured() -> None:
    precision, recall, _, _ = measure()
    assert precision == 1.0
    assert recall >= 0.9, f"recall {recall:.2f}"
