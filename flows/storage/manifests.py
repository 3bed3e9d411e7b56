"""Batch manifests, the commit point of a published batch for consumers.

``published/_manifests/<batch_id>.json`` is written (atomically) after the batch's parquet files: from the
moment it appears the batch is complete. It lists the files with their rows and sha256; a ``--reprocess``
batch's manifest names the batches it ``supersedes``. See docs/reliability.md for the reader's query.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from flows.storage import atomic

MANIFESTS = "_manifests"
MANIFEST_VERSION = 1


def path(root: Path, batch_id: str) -> Path:
    return root / MANIFESTS / f"{batch_id}.json"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write(
    root: Path, *, batch_id: str, written: Mapping[str, Path], rows: Mapping[str, int],
    completed_at: datetime, reprocess: bool, supersedes: list[str] | None = None,
) -> Path:
    """Write ``_manifests/<batch_id>.json`` (atomically, last): the batch's files, rows and sha256.

    Its appearance is the moment the batch is complete: a consumer reads only files that a manifest
    lists, leaving out the batches another manifest ``supersedes`` (a ``--reprocess`` batch replaces
    every earlier batch's rows).
    """
    files = [
        {"table": table, "path": p.relative_to(root).as_posix(), "rows": rows[table], "sha256": sha256(p)}
        for table, p in written.items()
    ]
    body = {"manifest_version": MANIFEST_VERSION, "batch_id": batch_id,
            "completed_at": completed_at.isoformat(), "reprocess": reprocess,
            "supersedes": sorted(supersedes or []), "files": files}
    return atomic.write_bytes(json.dumps(body, ensure_ascii=False, indent=1).encode(), path(root, batch_id))


def read(root: Path, batch_id: str) -> dict | None:
    """The batch's manifest, or None when the batch never completed."""
    try:
        return json.loads(path(root, batch_id).read_text("utf-8"))
    except FileNotFoundError:
        return None


def every(root: Path) -> list[dict]:
    """Every manifest under ``root``, oldest completion first."""
    found = [json.loads(p.read_text("utf-8")) for p in sorted((root / MANIFESTS).glob("*.json"))]
    return sorted(found, key=lambda m: (m["completed_at"], m["batch_id"]))


def live(root: Path) -> list[dict]:
    """The manifests of the complete batches readers see: every one that no other supersedes."""
    found = every(root)
    gone = {b for m in found for b in m.get("supersedes", [])}
    return [m for m in found if m["batch_id"] not in gone]
