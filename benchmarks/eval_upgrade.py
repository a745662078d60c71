"""Precision and recall of ``upgrade``'s decision on labelled real pairs (offline).

Data: ``tests/fixtures/upgrade/eval_pairs.json`` (see PROVENANCE.md there): each pair is a
preprint entry quoted in a public README (mostly arXiv's own BibTeX export) and a DBLP
record of a conference volume, labelled ``published`` (the preprint's published version),
``trap`` (another work with a look-alike title or the same first author) or ``no_version``
(a preprint with no version in the venue data, paired with its most alike title).

What is evaluated: the decision :func:`imgsynth_refs.upgrade.judge` makes when a candidate
names a record (the Semantic Scholar path), on the preprint as the engine sees it (the
entry's fields, the first version's month from the arXiv id) and the record as
:class:`~imgsynth_refs.sources.dblp.DblpClient` reads it. Not evaluated here: whether
Semantic Scholar or the DBLP search would name that record (no recorded answers exist for
these papers).

Run: ``python benchmarks/eval_upgrade.py`` (prints the figures and every miss).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from imgsynth_refs.bibtex.read import entry_to_reference, parse_bib
from imgsynth_refs.errors import ImgsynthRefsError
from imgsynth_refs.models import ArxivInfo, Reference, WorkType
from imgsynth_refs.sources.dblp import normalize_record
from imgsynth_refs.upgrade import judge
from imgsynth_refs.venues import is_satellite

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "upgrade" / "eval_pairs.json"


def preprint_of(bibtex: str, arxiv_id: str) -> Reference:
    """The preprint as the engine sees it: the entry's fields, arXiv's first-version month."""
    ref = entry_to_reference(parse_bib(bibtex, source="eval")[0])
    first = re.match(r"(\d\d)(\d\d)\.", arxiv_id)
    published = date(2000 + int(first[1]), int(first[2]), 1) if first else None
    arxiv = ArxivInfo(id=arxiv_id, published=published)
    return ref.model_copy(update={"type": WorkType.PREPRINT, "arxiv": arxiv})


def record_of(bibtex: str) -> Reference:
    """A DBLP record as DblpClient.record reads it."""
    return normalize_record(entry_to_reference(parse_bib(bibtex, source="eval")[0]))


@dataclass
class Result:
    """What the decision did on the labelled pairs."""

    sizes: Counter[str]
    """Pairs per set."""
    outcome: Counter[tuple[str, bool]] = field(default_factory=Counter)
    """``(set, upgraded)`` counts."""
    misses: list[str] = field(default_factory=list)
    """Every pair decided against its label, in words."""
    unreadable: int = 0

    @property
    def wrong(self) -> int:
        """Upgrades to a record that is not the preprint's published version."""
        return self.outcome[("trap", True)] + self.outcome[("no_version", True)]

    @property
    def precision(self) -> float:
        upgraded = self.outcome[("published", True)] + self.wrong
        return self.outcome[("published", True)] / upgraded if upgraded else 1.0

    @property
    def recall(self) -> float:
        return self.outcome[("published", True)] / max(self.sizes["published"], 1)


def evaluate(path: Path = PAIRS) -> Result:
    """Run the decision on every labelled pair."""
    pairs = json.loads(path.read_text(encoding="utf-8"))
    result = Result(Counter(pair["set"] for pair in pairs))
    for pair in pairs:
        pre, cand = pair["preprint"], pair["candidate"]
        try:
            preprint = preprint_of(pre["bibtex"], pre["arxiv"])
            record = record_of(cand["bibtex"])
        except ImgsynthRefsError as exc:
            # The engine cannot use such a record either: nothing is applied.
            result.unreadable += 1
            result.outcome[(pair["set"], False)] += 1
            if pair["same_work"]:
                result.misses.append(f"missed [{pair['set']}] arXiv:{pre['arxiv']}: {exc}")
            continue
        evidence, strong = judge(preprint, record, source="dblp", url=cand["source"])
        applied = strong and not (record.venue and is_satellite(record.venue.name))
        result.outcome[(pair["set"], applied)] += 1
        if applied != pair["same_work"]:
            kind = "WRONG UPGRADE" if applied else "missed"
            where = record.venue.short if record.venue else record.year
            result.misses.append(
                f"{kind} [{pair['set']}] arXiv:{pre['arxiv']} -> {record.title!r} "
                f"({where}): {evidence.detail}"
            )
    return result


def main() -> None:
    result = evaluate()
    out = result.outcome
    print(f"pairs: {dict(result.sizes)} (unreadable, counted as not upgraded: {result.unreadable})")
    print(f"published: {out[('published', True)]} upgraded, {out[('published', False)]} not; "
          f"traps upgraded: {out[('trap', True)]}; "
          f"no-version upgraded: {out[('no_version', True)]}")  # fmt: skip
    print(f"precision {result.precision:.3f} ({result.wrong} wrong upgrades), "
          f"recall {result.recall:.3f}")  # fmt: skip
    for miss in result.misses:
        print("  " + miss)


if __name__ == "__main__":
    main()
