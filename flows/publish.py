"""Publish validated batches as parquet: written under a hidden temporary name, then renamed.

Readers glob ``published/<table>/**/*.parquet``; a temporary file starts with a dot and ends in
``.tmp``, so it is never matched, and ``os.replace`` makes the final name appear atomically.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import polars as pl

PUBLISHED_TABLES = ("documents", "articles", "indicators")


def partition(root: Path, table: str, ingest_date: date) -> Path:
    return root / table / f"ingest_date={ingest_date.isoformat()}"


def write_atomic(frame: pl.DataFrame, path: Path) -> Path:
    """Write ``frame`` to ``path`` so that no reader ever sees a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.write_parquet(tmp, compression="zstd", statistics=True)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def publish(
    root: Path, frames: Mapping[str, pl.DataFrame], *, batch_id: str, ingest_date: date
) -> dict[str, Path]:
    """Write each published table of a batch to ``<root>/<table>/ingest_date=…/<batch_id>.parquet``."""
    written = {}
    for table in PUBLISHED_TABLES:
        if table in frames:
            target = partition(root, table, ingest_date) / f"{batch_id}.parquet"
            written[table] = write_atomic(frames[table], target)
    return written


def retire(root: Path, tables: tuple[str, ...], *, keep_batch: str) -> list[Path]:
    """Remove the published files of ``tables`` that a reprocess batch ``keep_batch`` supersedes."""
    removed = []
    for table in tables:
        for path in sorted((root / table).glob("ingest_date=*/*.parquet")):
            if path.stem != keep_batch:
                path.unlink()
                removed.append(path)
    return removed


def quarantine(root: Path, frames: Mapping[str, pl.DataFrame], *, report: pl.DataFrame) -> Path:
    """Write every table of a failed batch, and its failure report, under ``root`` (the batch's folder)."""
    root.mkdir(parents=True, exist_ok=True)
    for table, frame in frames.items():
        write_atomic(frame, root / f"{table}.parquet")
    write_atomic(report, root / "dq_failures.parquet")
    return root


def write_bytes_atomic(data: bytes, path: Path) -> Path:
    """Write raw bytes under a temporary name, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path
