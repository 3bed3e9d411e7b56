"""Anomalies across batches: z-scores of a batch's volume and yield against earlier batches.

GX validates one batch at a time and keeps no history; this compares the current batch's
``dq_metrics`` row with a trailing window of earlier batches. The window excludes the current batch
and every earlier batch that was itself flagged, so one bad batch does not hide the next.
Results are ``warning`` rows in ``dq_results`` (suite ``anomalies``): they never quarantine.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from expectations import BATCH, DQ_SCHEMA

SUITE = "anomalies"
EXPECTATION = "expect_batch_metric_zscore_to_be_below"
METRICS = ("documents", "characters", "indicators", "indicators_per_1k_chars")


@dataclass(frozen=True, slots=True)
class AnomalyConfig:
    """window: earlier batches compared against; threshold: |z| above which a batch is flagged;
    min_history: fewer earlier batches than this give no verdict; rel_floor: the standard deviation
    is at least this share of the mean, so a perfectly flat history does not flag a tiny change."""

    window: int = 20
    threshold: float = 3.0
    min_history: int = 5
    rel_floor: float = 0.01


def zscores(
    history: pl.DataFrame,
    current: Mapping[str, float | None],
    *,
    flagged: Sequence[str] = (),
    config: AnomalyConfig = AnomalyConfig(),
) -> dict[str, dict]:
    """For each metric: value, mean, std, z and the number of earlier batches used.

    ``history``: earlier ``dq_metrics`` rows (batch_id, computed_at, metrics), any order.
    """
    usable = (
        history.filter(~pl.col("batch_id").is_in(list(flagged)) & (pl.col("batch_id") != current["batch_id"]))
        .sort("computed_at")
        .tail(config.window)
    )
    out = {}
    for metric in METRICS:
        values = [v for v in usable.get_column(metric).to_list() if v is not None and not math.isnan(v)]
        x = current.get(metric)
        if x is None or len(values) < config.min_history:
            out[metric] = {"value": x, "history": len(values), "z": None}
            continue
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
        std = max(std, config.rel_floor * abs(mean), 1e-12)
        out[metric] = {"value": x, "mean": mean, "std": std, "z": (x - mean) / std, "history": len(values)}
    return out


def results(
    scores: Mapping[str, dict], *, batch_id: str, checked_at: datetime, config: AnomalyConfig = AnomalyConfig()
) -> pl.DataFrame:
    """``dq_results`` rows (warning severity) for the z-scores of one batch."""
    rows = []
    for metric, s in scores.items():
        z = s.get("z")
        rows.append({
            "batch_id": batch_id, "suite": SUITE, "expectation": EXPECTATION, "column": metric,
            "kwargs": json.dumps({"window": config.window, "threshold": config.threshold,
                                  "min_history": config.min_history}),
            "severity": "warning",
            "success": z is None or abs(z) <= config.threshold,
            "observed_value": json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in s.items()}),
            "unexpected_count": None, "unexpected_percent": None, "checked_at": checked_at, "grain": BATCH,
        })
    return pl.DataFrame(rows, schema=DQ_SCHEMA)
