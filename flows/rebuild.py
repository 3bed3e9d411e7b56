"""``zhibiao rebuild``: recreate the warehouse from the published parquet when the DuckDB file is lost or damaged.

The published batches are the source of truth for consumers, so they are what the new warehouse
holds: ``documents``, ``articles`` and ``indicators`` from the files that the manifests list (leaving
out superseded batches), ``sentences`` split and segmented again from the articles' cleaned bodies
(the same pure transforms the pipeline used), ``batches`` from the manifests. The stored bytes of each
document (``store/``) are checked, so a later ``--reprocess`` can run. Not recoverable: ``dq_results``,
``dq_metrics`` and ``rejected_documents`` (history only), and quarantined batches (their documents are
read again from the inbox by the next run).

A damaged file is moved aside first (``warehouse.duckdb.corrupt-<UTC time>``), never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from flows import series
from flows.settings import Settings
from flows.storage import manifests, publish, store, warehouse


@dataclass(frozen=True)
class Rebuilt:
    batches: int
    documents: int
    indicators: int
    sentences: int
    missing_bytes: int  # documents whose stored bytes are gone (reprocess cannot redo them)
    moved_aside: Path | None


def move_aside(path: Path, *, now: datetime) -> Path | None:
    """Rename a warehouse file (and its WAL) out of the way; the new name, or None when there was none."""
    if not path.exists():
        return None
    target = path.with_name(f"{path.name}.corrupt-{now:%Y%m%dT%H%M%SZ}")
    path.replace(target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.replace(target.with_name(target.name + ".wal"))
    return target


def _complete_files(root: Path) -> tuple[list[dict], dict[str, list[Path]]]:
    live = manifests.live(root)
    files: dict[str, list[Path]] = {t: [] for t in publish.PUBLISHED_TABLES}
    for m in live:
        for f in m["files"]:
            files[f["table"]].append(root / f["path"])
    return live, files


def rebuild(settings: Settings) -> Rebuilt:
    """Recreate ``settings.warehouse`` from the published data (see the module docstring)."""
    from transforms import stages

    now = datetime.now(UTC)
    live, files = _complete_files(settings.published)
    read = {t: pl.concat([pl.read_parquet(p) for p in ps], how="diagonal_relaxed") if ps else None
            for t, ps in files.items()}
    aside = move_aside(settings.warehouse, now=now)
    tmp = settings.warehouse.with_name(f".{settings.warehouse.name}.rebuild")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    docs, arts, inds, sents = read["documents"], read["articles"], read["indicators"], None
    if arts is not None:
        batch_of = arts.select("doc_id", "article_index", "batch_id")
        sents = (stages.segmented(arts, cache_dir=str(settings.jieba_cache))
                 .join(batch_of, on=["doc_id", "article_index"], how="left")
                 .drop("source", "kind", "article_title"))
    if docs is not None:
        kept = [c for c, _ in warehouse.columns("documents")]
        docs = docs.select([c for c in docs.columns if c in kept])
        docs = docs.unique("doc_id", keep="last", maintain_order=True).with_columns(status=pl.lit(warehouse.PUBLISHED))
    # every published table but documents, and the sentences made again from the articles
    published = {t: read[t] for t in publish.PUBLISHED_TABLES if t != "documents"}
    content = {name: frame.drop([c for c in frame.columns if c == "ingest_date"])
               for name, frame in {**published, "sentences": sents}.items() if frame is not None}
    with warehouse.session(settings, path=tmp) as con:
        warehouse.load_batch(con, batch={"batch_id": "_rebuild", "status": "rebuild"},
                             frames={**content, **({"documents": docs} if docs is not None else {})})
        with warehouse.in_transaction(con):
            con.execute("DELETE FROM batches WHERE batch_id = '_rebuild'")
            for m in live:
                warehouse.add_batch(con, _batch_of(m))
        series.ensure_view(con)
    tmp.replace(settings.warehouse)  # the rebuilt file appears under its name at once
    missing = 0 if docs is None else sum(
        not store.has(settings.store, doc_id, fmt) for doc_id, fmt in docs.select("doc_id", "format").iter_rows())
    return Rebuilt(len(live), 0 if docs is None else docs.height, 0 if inds is None else inds.height,
                   0 if sents is None else sents.height, missing, aside)


def _batch_of(manifest: dict) -> dict:
    """The ``batches`` row of a published batch, from its manifest (where it came from is not kept)."""
    completed = datetime.fromisoformat(manifest["completed_at"])
    rows = {f["table"]: f["rows"] for f in manifest["files"]}
    return warehouse.batch_row(manifest["batch_id"], status="published", started_at=completed, finished_at=completed,
                               published_at=completed, inbox=None, extractor_version=None,
                               reprocess=bool(manifest.get("reprocess")), documents=rows.get("documents", 0),
                               indicators=rows.get("indicators", 0))
