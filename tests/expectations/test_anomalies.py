"""z-scores of batch volume and yield against a synthetic history of batches."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations import anomalies
from expectations.anomalies import AnomalyConfig

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def history(values: list[float], *, start: int = 0) -> pl.DataFrame:
    """One dq_metrics row per value: indicators = value, documents 10, characters 10,000."""
    return pl.DataFrame([
        {"batch_id": f"b{start + i:03d}", "computed_at": T0 + timedelta(hours=start + i), "documents": 10,
         "characters": 10_000, "indicators": v, "indicators_per_1k_chars": v / 10}
        for i, v in enumerate(values)
    ])


def current(indicators: float, batch_id: str = "now") -> dict:
    return {"batch_id": batch_id, "documents": 10, "characters": 10_000, "indicators": indicators,
            "indicators_per_1k_chars": indicators / 10}


STEADY = [100, 104, 98, 101, 97, 103, 99, 102, 100, 96]


@pytest.mark.parametrize(("value", "flagged"), [
    (101, False),  # within the usual spread
    (110, True),  # about 3.9 standard deviations above
    (60, True),  # a collapse in yield
    (0, True),
])
def test_a_batch_far_from_its_history_is_flagged(value, flagged):
    scores = anomalies.zscores(history(STEADY), current(value))
    z = scores["indicators"]["z"]
    assert (abs(z) > 3) is flagged
    assert scores["documents"]["z"] == 0  # flat history, same value


def test_too_little_history_gives_no_verdict():
    scores = anomalies.zscores(history(STEADY[:3]), current(1000))
    assert scores["indicators"]["z"] is None and scores["indicators"]["history"] == 3
    rows = anomalies.results(scores, batch_id="now", checked_at=T0)
    assert rows.get_column("success").all()


def test_window_is_trailing():
    old_regime = [10] * 30
    new_regime = STEADY
    scores = anomalies.zscores(pl.concat([history(old_regime), history(new_regime, start=30)]), current(101),
                               config=AnomalyConfig(window=10))
    assert abs(scores["indicators"]["z"]) < 1 and scores["indicators"]["history"] == 10


def test_flagged_batches_and_the_current_batch_are_excluded():
    hist = pl.concat([history(STEADY), history([5000], start=50)])
    spoiled = anomalies.zscores(hist, current(110))
    assert abs(spoiled["indicators"]["z"]) < 3  # the outlier inflates the spread and hides the anomaly
    clean = anomalies.zscores(hist, current(110), flagged=["b050"])
    assert clean["indicators"]["z"] > 3
    with_self = pl.concat([history(STEADY), history([110], start=60).with_columns(batch_id=pl.lit("now"))])
    assert anomalies.zscores(with_self, current(110))["indicators"]["history"] == len(STEADY)


def test_results_are_warning_rows():
    rows = anomalies.results(anomalies.zscores(history(STEADY), current(0)), batch_id="now", checked_at=T0)
    assert set(rows.get_column("severity")) == {"warning"}
    assert set(rows.get_column("column")) == set(anomalies.METRICS)
    bad = rows.filter(pl.col("column") == "indicators").row(0, named=True)
    assert bad["success"] is False and json.loads(bad["observed_value"])["value"] == 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(min_value=1, max_value=1e6), min_size=5, max_size=20))  # within the default window
def test_a_batch_equal_to_the_mean_is_never_flagged(values):
    mean = sum(values) / len(values)
    z = anomalies.zscores(history(values), current(mean))["indicators"]["z"]
    assert abs(z) < 1e-6
