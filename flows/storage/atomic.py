"""Files that appear whole or not at all: written under a hidden temporary name, fsynced, then renamed.

A temporary file starts with a dot and ends in ``.tmp``, so the readers' globs never match it, and
``os.replace`` makes the final name appear atomically; what a killed writer leaves behind is swept by
the next run's recovery (:func:`sweep`).
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def write_parquet(frame: pl.DataFrame, path: Path) -> Path:
    """Write ``frame`` to ``path`` so that no reader ever sees a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    frame.write_parquet(tmp, compression="zstd", statistics=True)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def write_bytes(data: bytes, path: Path) -> Path:
    """Write raw bytes under a temporary name, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def sweep(*roots: Path) -> list[Path]:
    """Remove the hidden ``.*.tmp`` files a killed writer left behind (never visible to readers)."""
    removed = []
    for root in roots:
        for path in sorted(root.rglob(".*.tmp")) if root.exists() else []:
            if path.is_file():
                path.unlink()
                removed.append(path)
    return removed
