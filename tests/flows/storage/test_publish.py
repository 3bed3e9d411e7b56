"""Published parquet by table and ingest date, the quarantine folder, and the removal of a batch's files."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from flows.storage import manifests, publish

FRAMES = {t: pl.DataFrame({"doc_id": ["d"]}) for t in publish.PUBLISHED_TABLES}


def test_publish_layout(tmp_path):
    written = publish.publish(tmp_path, FRAMES, batch_id="b1", ingest_date=date(2026, 1, 2))
    assert set(written) == set(publish.PUBLISHED_TABLES)
    assert (tmp_path / "indicators" / "ingest_date=2026-01-02" / "b1.parquet").exists()
    assert publish.files_of(tmp_path, "b1") == sorted(written.values())
    assert publish.files_of(tmp_path, "b2") == []


def test_remove_batch_takes_its_files_and_manifest(tmp_path):
    written = publish.publish(tmp_path, FRAMES, batch_id="b1", ingest_date=date(2026, 1, 2))
    publish.publish(tmp_path, FRAMES, batch_id="b2", ingest_date=date(2026, 1, 2))
    manifests.write(tmp_path, batch_id="b1", written=written, rows=dict.fromkeys(written, 1),
                    completed_at=datetime.now(UTC), reprocess=False)
    removed = publish.remove_batch(tmp_path, "b1")
    tables = len(publish.PUBLISHED_TABLES)
    assert manifests.path(tmp_path, "b1") in removed and len(removed) == tables + 1
    assert publish.files_of(tmp_path, "b1") == [] and len(publish.files_of(tmp_path, "b2")) == tables


def test_a_reprocess_retires_the_batches_it_supersedes(tmp_path):
    for b in ("b1", "b2"):
        written = publish.publish(tmp_path, FRAMES, batch_id=b, ingest_date=date(2026, 1, 3))
        manifests.write(tmp_path, batch_id=b, written=written, rows=dict.fromkeys(written, 1),
                        completed_at=datetime.now(UTC), reprocess=b == "b2", supersedes=["b1"] if b == "b2" else [])
    retired = publish.retire_superseded(tmp_path, batch_id="b2")
    assert [p.stem for p in retired] == ["b1"] * len(publish.PUBLISHED_TABLES)
    assert publish.retire_superseded(tmp_path, batch_id="b2") == []  # idempotent


def test_quarantine_keeps_rows_report_and_extras(tmp_path):
    where = publish.quarantine(tmp_path / "q" / "b1", FRAMES, report=pl.DataFrame({"suite": ["indicators"]}),
                               extra={"held_back": pl.DataFrame({"doc_id": ["d"]})})
    assert {p.name for p in where.iterdir()} == {f"{t}.parquet" for t in publish.PUBLISHED_TABLES} | {
        "dq_failures.parquet", "held_back.parquet"}
