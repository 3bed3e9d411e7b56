"""Published parquet: ``published/<table>/ingest_date=YYYY-MM-DD/<batch_id>.parquet``, and the quarantine
folder of held-back rows, ``quarantine/<batch_id>/``.

Every file is written atomically (``flows.storage.atomic``); the batch becomes complete for readers only
when its manifest is written after its files (``flows.storage.manifests``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import polars as pl

from flows.storage import atomic, manifests

# the tables a batch publishes, in the order their files are written (their suites are in expectations/)
PUBLISHED_TABLES = ("documents", "articles", "indicators", "observations")


def partition(root: Path, table: str, ingest_date: date) -> Path:
    return root / table / f"ingest_date={ingest_date.isoformat()}"


def publish(
    root: Path, frames: Mapping[str, pl.DataFrame], *, batch_id: str, ingest_date: date
) -> dict[str, Path]:
    """Write each published table of a batch to ``<root>/<table>/ingest_date=…/<batch_id>.parquet``."""
    written = {}
    for table in PUBLISHED_TABLES:
        if table in frames:
            target = partition(root, table, ingest_date) / f"{batch_id}.parquet"
            written[table] = atomic.write_parquet(frames[table], target)
    return written


def files_of(root: Path, batch_id: str) -> list[Path]:
    """The published parquet files of one batch."""
    return sorted(root.glob(f"*/ingest_date=*/{batch_id}.parquet"))


def quarantine(root: Path, frames: Mapping[str, pl.DataFrame], *, report: pl.DataFrame,
               extra: Mapping[str, pl.DataFrame] | None = None) -> Path:
    """Write the held-back rows of a batch (every table), its failure report (``dq_failures``) and any
    ``extra`` frames (``held_back``: which document, why, which rows) under ``root``, the batch's folder."""
    root.mkdir(parents=True, exist_ok=True)
    for table, frame in {**frames, **(extra or {})}.items():
        atomic.write_parquet(frame, root / f"{table}.parquet")
    atomic.write_parquet(report, root / "dq_failures.parquet")
    return root


def remove_batch(root: Path, batch_id: str) -> list[Path]:
    """Remove every published file of an incomplete batch (its manifest first, should it exist)."""
    removed = []
    for path in [manifests.path(root, batch_id), *files_of(root, batch_id)]:
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def retire_superseded(root: Path, *, batch_id: str) -> list[Path]:
    """Remove the files of the batches that the manifest of ``batch_id`` supersedes (idempotent).

    Consumers already leave them out from the moment that manifest appears; removing them is tidying.
    """
    done = manifests.read(root, batch_id)
    removed = []
    for old in (done or {}).get("supersedes", []):
        for path in files_of(root, old):
            path.unlink()
            removed.append(path)
    return removed
