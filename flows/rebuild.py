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

from flows import publish as pub
from flows import warehouse
from flows.settings import Settings


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
    found = pub.manifests(root)
    gone = {b for m in found for b in m.get("supersedes", [])}
    live = [m for m in found if m["batch_id"] not in gone]
    files: dict[str, list[Path]] = {t: [] for t in pub.PUBLISHED_TABLES}
    for m in live:
        for f in m["files"]:
            files[f["table"]].append(root / f["path"])
    return live, files


def rebuild(settings: Settings, *, cache_dir: str | None = None) -> Rebuilt:
    """Recreate ``settings.warehouse`` from the published data (see the module docstring)."""
    from transforms import frames, segment

    now = datetime.now(UTC)
    live, files = _complete_files(settings.published)
    read = {t: pl.concat([pl.read_parquet(p) for p in ps], how="diagonal_relaxed") if ps else None
            for t, ps in files.items()}
    aside = move_aside(settings.warehouse, now=now)
    tmp = settings.warehouse.with_name(f".{settings.warehouse.name}.rebuild")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = warehouse.connect(tmp, memory_mb=settings.warehouse_memory_mb)
    docs, inds, sents = read["documents"], read["indicators"], None
    try:
        arts = read["articles"]
        if arts is not None:
            split = frames.sentences(arts)
            batch_of = arts.select("doc_id", "article_index", "batch_id")
            sents = (split.with_columns(segment.token_column(split.get_column("text"), cache_dir=cache_dir))
                     .join(batch_of, on=["doc_id", "article_index"], how="left")
                     .drop("source", "kind", "article_title"))
        batches = pl.DataFrame([{
            "batch_id": m["batch_id"], "started_at": datetime.fromisoformat(m["completed_at"]),
            "finished_at": datetime.fromisoformat(m["completed_at"]), "status": "published",
            "inbox": None, "documents": next((f["rows"] for f in m["files"] if f["table"] == "documents"), 0),
            "skipped": 0, "rejected": 0,
            "indicators": next((f["rows"] for f in m["files"] if f["table"] == "indicators"), 0),
            "extractor_version": None, "ingest_date": datetime.fromisoformat(m["completed_at"]).date(),
            "reprocess": bool(m.get("reprocess")), "published_at": datetime.fromisoformat(m["completed_at"]),
        } for m in live], schema_overrides={"inbox": pl.String, "extractor_version": pl.String})
        if docs is not None:
            docs = docs.drop([c for c in docs.columns if c not in {"doc_id", "source", "format", "encoding",
                                                                   "byte_size", "ingested_at", "batch_id", "status"}])
            docs = docs.unique("doc_id", keep="last", maintain_order=True).with_columns(status=pl.lit("published"))
        content = {k: v for k, v in {"articles": read["articles"], "sentences": sents, "indicators": inds}.items()
                   if v is not None}
        for name, frame in content.items():
            content[name] = frame.drop([c for c in frame.columns if c == "ingest_date"])
        warehouse.load_batch(con, batch={"batch_id": "_rebuild", "status": "rebuild"},
                             frames={**content, **({"documents": docs} if docs is not None else {})})
        with warehouse.transaction(con):
            con.execute("DELETE FROM batches WHERE batch_id = '_rebuild'")
            if batches.height:
                warehouse.append(con, "batches", batches)
    finally:
        con.close()
    tmp.replace(settings.warehouse)  # the rebuilt file appears under its name at once
    missing = 0
    if docs is not None:
        for doc_id, fmt in docs.select("doc_id", "format").iter_rows():
            if not (settings.store / doc_id[:2] / f"{doc_id}.{fmt}").exists():
                missing += 1
    return Rebuilt(len(live), 0 if docs is None else docs.height, 0 if inds is None else inds.height,
                   0 if sents is None else sents.height, missing, aside)
