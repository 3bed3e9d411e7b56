"""A batch that breaks a critical expectation is quarantined: nothing is published, the run says so."""

from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest

from tests.conftest import SEEDS

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _break_units(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(unit_norm=pl.lit("furlong"))


def _duplicate_ids(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(indicator_id=pl.lit("same"))


def _span_outside(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(span_end=pl.col("sentence").str.len_chars() + 5)


@pytest.mark.parametrize(("breaker", "failed"), [
    (_break_units, "indicators.expect_column_values_to_be_in_set(unit_norm)"),
    (_duplicate_ids, "indicators.expect_column_values_to_be_unique(indicator_id)"),
    (_span_outside, "indicators.expect_column_values_to_be_in_set(_span_inside)"),
])
def test_broken_batch_is_quarantined(tmp_path, monkeypatch, breaker, failed):
    from flows import pipeline
    from transforms import extract

    real = extract.indicators
    monkeypatch.setattr(extract, "indicators", lambda sents: breaker(real(sents)))
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    data = tmp_path / "data"
    summary = pipeline.zhibiao_run(inbox=str(inbox), data_dir=str(data))
    assert summary["status"] == "quarantined"
    assert failed in summary["failed_critical"]
    assert not (data / "published").exists() or not list((data / "published").rglob("*.parquet"))
    qdir = data / "quarantine" / summary["batch_id"]
    assert {p.name for p in qdir.iterdir()} >= {"indicators.parquet", "articles.parquet", "dq_failures.parquet"}
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT status FROM batches").fetchall() == [("quarantined",)]
    assert con.execute("SELECT DISTINCT status FROM documents").fetchall() == [("quarantined",)]
    con.close()
