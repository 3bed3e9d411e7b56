"""Validation's helpers: batch metrics, the per-suite summary, the critical failures, and the import of
Great Expectations paid for in the background (the suites themselves: tests/expectations/)."""

from __future__ import annotations

import gc
import sys

import polars as pl

from expectations import DQ_SCHEMA
from flows import quality


def _result(suite: str, severity: str, success: bool) -> dict:
    return {"batch_id": "b", "suite": suite, "expectation": "e", "column": None, "kwargs": "{}",
            "severity": severity, "success": success, "observed_value": None, "unexpected_count": None,
            "unexpected_percent": None, "checked_at": None, "grain": "row"}


def test_metrics_of_a_batch():
    tables = {
        "documents": pl.DataFrame({"doc_id": ["a", "b"]}),
        "articles": pl.DataFrame({"char_count": [1500, 500]}),
        "indicators": pl.DataFrame({"region": ["重庆", None, "重庆", "涪陵区"], "period": [None] * 4,
                                    "metric": ["GDP"] * 4}),
    }
    (m,) = quality.metrics(tables, batch_id="b").to_dicts()
    assert (m["documents"], m["characters"], m["indicators"], m["indicators_per_1k_chars"]) == (2, 2000, 4, 2.0)
    assert (m["null_rate_region"], m["null_rate_period"], m["distinct_regions"]) == (0.25, 1.0, 2)


def test_summary_and_critical_failures():
    results = pl.DataFrame([_result("indicators", "critical", True), _result("indicators", "critical", False),
                            _result("indicators", "warning", False), _result("articles", "critical", True)],
                           schema=DQ_SCHEMA)
    summary = {r["suite"]: r for r in quality.summary(results).to_dicts()}
    assert (summary["indicators"]["expectations"], summary["indicators"]["passed"]) == (3, 1)
    assert (summary["indicators"]["warnings_failed"], summary["indicators"]["critical_failed"]) == (1, 1)
    assert quality.failed_critical(results).height == 1


def test_gx_is_imported_in_the_background_and_the_imports_are_frozen():
    quality.import_in_background()
    quality.import_in_background()  # idempotent: one thread
    quality.imported()
    assert "great_expectations.expectations" in sys.modules
    assert gc.get_freeze_count() > 0  # what the imports made is out of the collector's sight


def test_list_columns_are_left_out_of_what_gx_sees():
    frame = pl.DataFrame({"text": ["重庆"], "tokens": [["重庆"]]})
    assert list(quality.to_pandas(frame).columns) == ["text"]
