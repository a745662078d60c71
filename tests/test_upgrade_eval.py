"""``upgrade``'s decision on the labelled real pairs (tests/fixtures/upgrade/PROVENANCE.md):
no wrong upgrade at all, and at least 90% of the published versions found."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_upgrade.py"


def _evaluate():
    spec = importlib.util.spec_from_file_location("eval_upgrade", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.evaluate()


def test_no_wrong_upgrade_and_recall_of_at_least_90_percent():
    result = _evaluate()
    assert result.sizes["published"] >= 100
    assert result.sizes["trap"] >= 20 and result.sizes["no_version"] >= 30
    assert result.wrong == 0, result.misses
    assert result.recall >= 0.9, result.misses
