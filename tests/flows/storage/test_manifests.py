"""Manifests: written last, listing files with rows and sha256; the live ones leave out superseded batches."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import polars as pl

from flows.storage import manifests, publish


def _batch(root, batch_id, *, at, supersedes=()):
    written = publish.publish(root, {"indicators": pl.DataFrame({"doc_id": ["d"]})}, batch_id=batch_id,
                              ingest_date=date(2026, 1, 2))
    return manifests.write(root, batch_id=batch_id, written=written, rows={"indicators": 1}, completed_at=at,
                           reprocess=bool(supersedes), supersedes=list(supersedes))


def test_a_manifest_lists_its_files_with_rows_and_hash(tmp_path):
    at = datetime(2026, 1, 2, 8, tzinfo=UTC)
    _batch(tmp_path, "b1", at=at)
    m = manifests.read(tmp_path, "b1")
    (f,) = m["files"]
    assert (m["batch_id"], m["completed_at"], m["reprocess"], m["supersedes"]) == ("b1", at.isoformat(), False, [])
    assert (f["table"], f["rows"], f["path"]) == ("indicators", 1, "indicators/ingest_date=2026-01-02/b1.parquet")
    assert f["sha256"] == hashlib.sha256((tmp_path / f["path"]).read_bytes()).hexdigest()
    assert manifests.read(tmp_path, "never") is None


def test_every_is_in_completion_order_and_live_leaves_out_the_superseded(tmp_path):
    t0 = datetime(2026, 1, 2, tzinfo=UTC)
    _batch(tmp_path, "b2", at=t0 + timedelta(hours=1))
    _batch(tmp_path, "b1", at=t0)
    _batch(tmp_path, "b3", at=t0 + timedelta(hours=2), supersedes=["b1", "b2"])
    assert [m["batch_id"] for m in manifests.every(tmp_path)] == ["b1", "b2", "b3"]
    assert [m["batch_id"] for m in manifests.live(tmp_path)] == ["b3"]
