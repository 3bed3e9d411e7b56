"""Publish validated batches as parquet: written under a hidden temporary name, then renamed.

Readers glob ``published/<table>/**/*.parquet``; a temporary file starts with a dot and ends in
``.tmp``, so it is never matched, and ``os.replace`` makes the final name appear atomically.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import date, datetime
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


def quarantine(root: Path, frames: Mapping[str, pl.DataFrame], *, report: pl.DataFrame,
               extra: Mapping[str, pl.DataFrame] | None = None) -> Path:
    """Write the held-back rows of a batch (every table), its failure report (``dq_failures``) and any
    ``extra`` frames (``held_back``: which document, why, which rows) under ``root``, the batch's folder."""
    root.mkdir(parents=True, exist_ok=True)
    for table, frame in {**frames, **(extra or {})}.items():
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


# --- batch manifests: the commit point of a published batch for consumers -------------------------

MANIFESTS = "_manifests"
MANIFEST_VERSION = 1


def manifest_path(root: Path, batch_id: str) -> Path:
    return root / MANIFESTS / f"{batch_id}.json"


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(
    root: Path, *, batch_id: str, written: Mapping[str, Path], rows: Mapping[str, int],
    completed_at: datetime, reprocess: bool, supersedes: list[str] | None = None,
) -> Path:
    """Write ``_manifests/<batch_id>.json`` (atomically, last): the batch's files, rows and sha256.

    Its appearance is the moment the batch is complete: a consumer reads only files that a manifest
    lists, leaving out the batches another manifest ``supersedes`` (a ``--reprocess`` batch replaces
    every earlier batch's rows).
    """
    files = [
        {"table": table, "path": path.relative_to(root).as_posix(), "rows": rows[table], "sha256": _sha256(path)}
        for table, path in written.items()
    ]
    body = {"manifest_version": MANIFEST_VERSION, "batch_id": batch_id,
            "completed_at": completed_at.isoformat(), "reprocess": reprocess,
            "supersedes": sorted(supersedes or []), "files": files}
    return write_bytes_atomic(json.dumps(body, ensure_ascii=False, indent=1).encode(), manifest_path(root, batch_id))


def read_manifest(root: Path, batch_id: str) -> dict | None:
    """The batch's manifest, or None when the batch never completed."""
    try:
        return json.loads(manifest_path(root, batch_id).read_text("utf-8"))
    except FileNotFoundError:
        return None


def manifests(root: Path) -> list[dict]:
    """Every manifest under ``root``, oldest completion first."""
    found = [json.loads(p.read_text("utf-8")) for p in sorted((root / MANIFESTS).glob("*.json"))]
    return sorted(found, key=lambda m: (m["completed_at"], m["batch_id"]))


def remove_batch(root: Path, batch_id: str) -> list[Path]:
    """Remove every published file of an incomplete batch (its manifest first, should it exist)."""
    removed = []
    for path in [manifest_path(root, batch_id), *sorted(root.glob(f"*/ingest_date=*/{batch_id}.parquet"))]:
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def retire_superseded(root: Path, *, batch_id: str) -> list[Path]:
    """Remove the files of the batches that the manifest of ``batch_id`` supersedes (idempotent).

    Consumers already leave them out from the moment that manifest appears; removing them is tidying.
    """
    done = read_manifest(root, batch_id)
    removed = []
    for old in (done or {}).get("supersedes", []):
        for path in sorted(root.glob(f"*/ingest_date=*/{old}.parquet")):
            path.unlink()
            removed.append(path)
    return removed


def sweep_temporaries(*roots: Path) -> list[Path]:
    """Remove the hidden ``.*.tmp`` files a killed writer left behind (never visible to readers)."""
    removed = []
    for root in roots:
        for path in sorted(root.rglob(".*.tmp")) if root.exists() else []:
            if path.is_file():
                path.unlink()
                removed.append(path)
    return removed
