"""End to end: clean → articles → sentences → indicators on the seed page and the dev set, scored by
the shared scorer (``../shared/eval/score.py``) against the issue's thresholds."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from scripts import devtools
from scripts.devtools import ROOT, SHARED_EVAL

pytestmark = pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(),
                                reason=f"shared scorer not found at {SHARED_EVAL / 'score.py'}")


@pytest.fixture(scope="module")
def score():
    return devtools.load_score()


def predict(files: list[Path]) -> list[dict]:
    return devtools.indicators(files).to_dicts()


gold = devtools.gold


def test_seed_page(score):
    result = score.score(predict(sorted((ROOT / "seeds").glob("*.txt"))), gold([SHARED_EVAL / "seed_gold.jsonl"]))
    assert result["f1"] >= 0.97, result
    assert result["strict_f1"] >= 0.90, {k: v for k, v in result.items() if not k.startswith("_")}


def test_dev_set(score):
    texts = sorted(Path(p) for p in glob.glob(str(SHARED_EVAL / "dev" / "dev0*.txt")))
    if not texts:
        pytest.skip("no dev documents beside the scorer")
    result = score.score(predict(texts), gold(sorted(SHARED_EVAL.glob("dev/dev0*.jsonl"))))
    assert result["f1"] >= 0.95, result
    assert result["strict_f1"] >= 0.85, {k: v for k, v in result.items() if not k.startswith("_")}
