"""Start-of-run recovery: finish or undo what a killed or failed run left behind.

A batch is complete for consumers when its manifest (``published/_manifests/<batch_id>.json``) exists;
in the warehouse, when ``batches.status`` is ``published``, ``quarantined`` or ``empty``. A batch still
``loaded`` was cut short after its load transaction committed:

* with a manifest, it was complete for readers, so it is **rolled forward** (marked published at the
  manifest's ``completed_at``, the documents its documents file lists marked published — the ones it held
  back were marked before its files were written —, and a reprocess batch's superseded files are retired);
* without one, it is **rolled back**: its published files and quarantine folder are removed, every row
  it wrote (documents, articles, sentences, indicators, rejected_documents, dq_results, dq_metrics, held_back) is
  deleted and the batch is marked ``aborted``, so its documents count as new again and the next run
  ingests them with the same doc_ids and indicator ids. A rolled-back ``--reprocess`` batch had
  already replaced the content rows of the stored documents, so the run that recovers it reprocesses.

Each step is idempotent and done files first, rows last, so recovery itself may be killed and rerun.
Hidden ``.*.tmp`` files of killed writers are removed. Runs call :func:`recover` under the lock.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import polars as pl

from flows.settings import Settings
from flows.storage import atomic, manifests, publish, warehouse

if TYPE_CHECKING:
    import duckdb


@dataclass
class Recovered:
    rolled_back: list[str] = field(default_factory=list)
    rolled_forward: list[str] = field(default_factory=list)
    temporaries: int = 0
    manifests_backfilled: int = 0
    reprocess: bool = False  # a rolled-back batch was a reprocess: this run must reprocess to restore content


def _safe(batch_id: str) -> str:
    if not warehouse.BATCH_ID.fullmatch(batch_id):
        raise warehouse.WarehouseError(f"batches holds an unexpected batch_id {batch_id!r}")
    return batch_id


def recover(settings: Settings, *, con: duckdb.DuckDBPyConnection | None = None) -> Recovered:
    """Roll incomplete batches forward or back, retire superseded files, sweep temporary files (through
    ``con`` when the caller holds a session, else one of its own)."""
    out = Recovered()
    out.temporaries = len(atomic.sweep(settings.published, settings.store, settings.quarantine))
    with warehouse.joined(settings, con) as con:
        warehouse.check(con, settings.warehouse)
        now = datetime.now(UTC)
        for batch_id, reprocess in warehouse.incomplete_batches(con):
            batch_id = _safe(batch_id)
            manifest = manifests.read(settings.published, batch_id)
            if manifest is not None:
                done = datetime.fromisoformat(manifest["completed_at"])
                published = _published_doc_ids(settings, manifest)
                with warehouse.in_transaction(con):
                    warehouse.publish_documents(con, batch_id, published)
                    warehouse.set_batch(con, batch_id, status="published", published_at=done, finished_at=now)
                out.rolled_forward.append(batch_id)
                continue
            publish.remove_batch(settings.published, batch_id)
            shutil.rmtree(settings.quarantine / batch_id, ignore_errors=True)
            with warehouse.in_transaction(con):
                warehouse.discard_batch(con, batch_id, at=now)
            out.rolled_back.append(batch_id)
            if reprocess:
                out.reprocess = True
        for manifest in manifests.every(settings.published):
            if manifest.get("supersedes"):
                publish.retire_superseded(settings.published, batch_id=_safe(manifest["batch_id"]))
        out.manifests_backfilled = _backfill(settings, con)
    return out


def _published_doc_ids(settings: Settings, manifest: dict) -> list[str]:
    """The documents a batch's manifest says it published (its documents file)."""
    files = [f["path"] for f in manifest.get("files", []) if f["table"] == "documents"]
    return pl.concat([pl.read_parquet(settings.published / f, columns=["doc_id"]) for f in files]
                     ).get_column("doc_id").to_list() if files else []


def _backfill(settings: Settings, con) -> int:
    """Write manifests for batches published before manifests existed (from their files on disk)."""
    n = 0
    for batch_id in warehouse.published_batches(con):
        if manifests.read(settings.published, _safe(batch_id)) is not None:
            continue
        files = {p.parent.parent.name: p for p in publish.files_of(settings.published, batch_id)}
        if not files:
            continue
        (row,) = con.execute("SELECT coalesce(published_at, finished_at), reprocess FROM batches WHERE batch_id = ?",
                             [batch_id]).fetchall()
        rows = {t: pl.scan_parquet(p).select(pl.len()).collect().item() for t, p in files.items()}
        manifests.write(settings.published, batch_id=batch_id, written=files, rows=rows,
                           completed_at=row[0] or datetime.now(UTC), reprocess=bool(row[1]))
        n += 1
    return n


def at_start(settings: Settings, *, log: Callable[[str], None],
             con: duckdb.DuckDBPyConnection | None = None) -> Settings:
    """:func:`recover` at the start of a run; the settings to run with (reprocess after a killed reprocess)."""
    done = recover(settings, con=con)
    if done.rolled_back:
        log(f"rolled back incomplete batch(es) {', '.join(done.rolled_back)}; their documents are read again")
    if done.rolled_forward:
        log(f"completed batch(es) {', '.join(done.rolled_forward)} whose manifest was written")
    if done.reprocess and not settings.reprocess:
        log("a --reprocess run was cut short: reprocessing every stored document")
        return settings.model_copy(update={"reprocess": True})
    return settings


def recover_quietly(settings: Settings) -> Recovered | None:
    """Best effort after a failed run (a full disk may still be full): the next run's :func:`recover` retries."""
    try:
        return recover(settings)
    except Exception:
        return None
