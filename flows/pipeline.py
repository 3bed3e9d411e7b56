"""The zhibiao flow: inbox → documents → articles → sentences → indicators → DuckDB → GX → parquet.

The flow only sequences stages; each stage works on the whole batch. Text logic lives in
``transforms/``; this module does the I/O around it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from expectations import anomalies
from flows import lock, quality, segmentation, warehouse
from flows import publish as pub
from flows.settings import Settings, resolve
from flows.sources import Entry, Source, format_of, open_source
from transforms import decode, extract, frames

DOC_SCHEMA = {
    "doc_id": pl.String, "source": pl.String, "format": pl.String, "encoding": pl.String,
    "byte_size": pl.Int64, "ingested_at": pl.Datetime("us", "UTC"), "batch_id": pl.String,
    "status": pl.String, "text": pl.String,
}
REJECT_SCHEMA = {
    "source": pl.String, "reason": pl.String, "batch_id": pl.String, "byte_size": pl.Int64,
    "rejected_at": pl.Datetime("us", "UTC"),
}


@dataclass
class Summary:
    """What a run did; printed by the CLI and returned by the flow."""

    batch_id: str
    status: str = "empty"  # empty | published | quarantined
    new: int = 0
    skipped: int = 0
    rejected: int = 0
    articles: int = 0
    sentences: int = 0
    indicators: int = 0
    checks: int = 0
    failed_critical: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def new_batch_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class Intake:
    docs: pl.DataFrame  # DOC_SCHEMA
    rejected: pl.DataFrame  # REJECT_SCHEMA
    skipped: int


def _stored_path(store: Path, doc_id: str, fmt: str) -> Path:
    return store / doc_id[:2] / f"{doc_id}.{fmt}"


@dataclass(frozen=True)
class Fetched:
    """The bytes of the inbox's new files (``files``: entry, format, doc_id, bytes), before decoding."""

    files: list[tuple[Entry, str, str, bytes]]
    rejected: pl.DataFrame  # REJECT_SCHEMA
    skipped: int


READ_RETRIES = 3
# the file is gone or forbidden: retrying will not help, so it is rejected at once
PERMANENT = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


@task(name="read inbox", retries=READ_RETRIES, retry_delay_seconds=exponential_backoff(backoff_factor=1),
      retry_jitter_factor=0.5, cache_policy=NO_CACHE)
def read_inbox(source: Source, *, known: set[str], batch_id: str, settings: Settings) -> Fetched:
    """List the inbox and read the bytes of its new files; the rest is skipped or rejected.

    I/O only, so the task retries with backoff: a transient read error (a timeout, a dropped
    connection) fails the attempt, and only on the last attempt is the file rejected instead.
    """
    from prefect.runtime import task_run

    last_attempt = task_run.run_count > READ_RETRIES
    now = datetime.now(UTC)
    files, rejected, seen, skipped = [], [], {}, 0

    def reject(entry: Entry, reason: str) -> None:
        rejected.append((entry.source, reason, batch_id, entry.byte_size, now))

    for entry in source.entries():
        if entry.is_symlink_outside:
            reject(entry, "symlink outside inbox")
            continue
        fmt = format_of(entry.source)
        if fmt is None:
            reject(entry, f"unsupported file type {Path(entry.source).suffix or '(none)'}")
            continue
        if entry.byte_size > settings.max_bytes:
            reject(entry, f"file too large ({entry.byte_size} bytes > {settings.max_bytes})")
            continue
        try:
            data = source.read(entry)
        except OSError as exc:
            if not (last_attempt or isinstance(exc, PERMANENT)):
                raise
            reject(entry, f"unreadable: {exc.strerror or exc}")
            continue
        if len(data) > settings.max_bytes:  # a file that grew after listing
            reject(entry, f"file too large ({len(data)} bytes > {settings.max_bytes})")
            continue
        doc_id = hashlib.sha256(data).hexdigest()
        if doc_id in known:
            skipped += 1
            continue
        if doc_id in seen:
            reject(entry, f"duplicate of {seen[doc_id]}")
            continue
        seen[doc_id] = entry.source
        files.append((entry, fmt, doc_id, data))
    return Fetched(files, pl.DataFrame(rejected, schema=REJECT_SCHEMA, orient="row"), skipped)


@task(name="decode documents", cache_policy=NO_CACHE)
def decode_documents(fetched: Fetched, *, batch_id: str, settings: Settings) -> Intake:
    """Text of every fetched file (txt, html, pdf); accepted bytes are kept in the store, the rest rejected."""
    now = datetime.now(UTC)
    docs, rejected = [], []
    for entry, fmt, doc_id, data in fetched.files:
        try:
            decoded = decode.document(data, format=fmt)
        except decode.Undecodable as exc:
            rejected.append((entry.source, str(exc), batch_id, len(data), now))
            continue
        stored = _stored_path(settings.store, doc_id, fmt)
        if not stored.exists():
            stored.parent.mkdir(parents=True, exist_ok=True)
            pub.write_bytes_atomic(data, stored)
        docs.append((doc_id, entry.source, fmt, decoded.encoding, len(data), now, batch_id, "new", decoded.text))
    return Intake(
        pl.DataFrame(docs, schema=DOC_SCHEMA, orient="row"),
        pl.concat([fetched.rejected, pl.DataFrame(rejected, schema=REJECT_SCHEMA, orient="row")]),
        fetched.skipped,
    )


@task(name="read stored documents", retries=2, retry_delay_seconds=[1, 4], cache_policy=NO_CACHE)
def read_stored(stored: pl.DataFrame, *, batch_id: str, settings: Settings) -> Intake:
    """Every stored document again, for ``--reprocess``: decoded from the bytes kept in the data dir."""
    rows = []
    for row in stored.iter_rows(named=True):
        data = _stored_path(settings.store, row["doc_id"], row["format"]).read_bytes()
        rows.append({**row, "text": decode.document(data, format=row["format"]).text})
    docs = pl.DataFrame(rows, schema=DOC_SCHEMA) if rows else pl.DataFrame(schema=DOC_SCHEMA)
    return Intake(docs, pl.DataFrame(schema=REJECT_SCHEMA), 0)


@task(name="clean and split", cache_policy=NO_CACHE)
def clean_and_split(docs: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Articles and sentences of every document of the batch."""
    arts = frames.articles(docs)
    return arts, frames.sentences(arts)


@task(name="segment", cache_policy=NO_CACHE)
def segment_sentences(
    sents: pl.DataFrame, *, settings: Settings, progress: Callable[[int, int], None] | None
) -> pl.DataFrame:
    return segmentation.tokens(
        sents, cache_dir=str(settings.jieba_cache), workers=settings.workers,
        pool_min_chars=settings.pool_min_chars, progress=progress,
    )


@task(name="extract indicators", cache_policy=NO_CACHE)
def extract_indicators(sents: pl.DataFrame, *, batch_id: str) -> pl.DataFrame:
    return extract.indicators(sents).with_columns(batch_id=pl.lit(batch_id))


@task(name="load warehouse", cache_policy=NO_CACHE)
def load(settings: Settings, *, batch: dict, tables: dict[str, pl.DataFrame], replace_docs: list[str]) -> None:
    con = warehouse.connect(settings.warehouse)
    try:
        warehouse.load_batch(con, batch=batch, frames=tables, replace_docs=replace_docs)
    finally:
        con.close()


@task(name="validate", cache_policy=NO_CACHE)
def validate(settings: Settings, *, batch_id: str, tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """GX suites on the batch, batch metrics, anomalies against earlier batches; all kept in the warehouse."""
    doc_ids = tables["documents"].get_column("doc_id").to_list()
    results = quality.validate(tables, batch_id=batch_id, dq_dir=settings.dq_dir, doc_ids=doc_ids)
    metrics = quality.metrics(tables, batch_id=batch_id)
    con = warehouse.connect(settings.warehouse)
    try:
        history, flagged = warehouse.metric_history(con)
        scores = anomalies.zscores(history, metrics.row(0, named=True), flagged=flagged)
        results = pl.concat([results, anomalies.results(scores, batch_id=batch_id, checked_at=datetime.now(UTC))])
        with warehouse.transaction(con):
            warehouse.append(con, "dq_results", results)
            warehouse.append(con, "dq_metrics", metrics)
    finally:
        con.close()
    _dq_artifact(batch_id, results)
    return results


def _dq_artifact(batch_id: str, results: pl.DataFrame) -> None:
    """A table artifact with the batch's DQ summary per suite, shown in the Prefect UI."""
    summary = quality.summary(results)
    create_table_artifact(
        key="zhibiao-dq", table=summary.to_dicts(),
        description=f"Data quality of batch {batch_id}: expectations per suite, failures by severity.",
    )


@task(name="publish", cache_policy=NO_CACHE)
def publish_batch(
    settings: Settings, *, batch_id: str, ingest_date: date, tables: dict[str, pl.DataFrame], reprocess: bool
) -> dict[str, str]:
    written = pub.publish(settings.published, tables, batch_id=batch_id, ingest_date=ingest_date)
    if reprocess:
        pub.retire(settings.published, ("articles", "indicators"), keep_batch=batch_id)
    con = warehouse.connect(settings.warehouse)
    try:
        with warehouse.transaction(con):
            warehouse.set_document_status(con, batch_id, "published")
            warehouse.set_batch(con, batch_id, status="published", published_at=datetime.now(UTC),
                                finished_at=datetime.now(UTC))
    finally:
        con.close()
    return {t: str(p) for t, p in written.items()}


@task(name="quarantine", cache_policy=NO_CACHE)
def quarantine_batch(
    settings: Settings, *, batch_id: str, tables: dict[str, pl.DataFrame], failures: pl.DataFrame
) -> str:
    where = pub.quarantine(settings.quarantine / batch_id, tables, report=failures)
    con = warehouse.connect(settings.warehouse)
    try:
        with warehouse.transaction(con):
            warehouse.set_document_status(con, batch_id, "quarantined")
            warehouse.set_batch(con, batch_id, status="quarantined", finished_at=datetime.now(UTC))
    finally:
        con.close()
    return str(where)


@task(name="record run", cache_policy=NO_CACHE)
def record(settings: Settings, *, batch: dict, rejected: pl.DataFrame) -> None:
    """Record a batch row and rejected files for a run that had nothing to publish."""
    con = warehouse.connect(settings.warehouse)
    try:
        with warehouse.transaction(con):
            warehouse.append(con, "batches", pl.DataFrame([batch]))
            warehouse.append(con, "rejected_documents", rejected)
    finally:
        con.close()


def published_columns(frame: pl.DataFrame, drop: tuple[str, ...] = ()) -> pl.DataFrame:
    return frame.drop([c for c in drop if c in frame.columns])


@flow(name="zhibiao-run", log_prints=True)
def zhibiao_run(
    inbox: str | None = None,
    data_dir: str | None = None,
    reprocess: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    glob: str | None = None,
    wait: bool | None = None,
) -> dict:
    """One run over the new documents of the inbox (or every stored document with ``reprocess``).

    Holds the data dir's lock for the whole run: with ``wait`` it waits for a run holding it,
    otherwise it raises :class:`flows.lock.Busy`.
    """
    settings = resolve(inbox=inbox, data_dir=data_dir, reprocess=reprocess, glob=glob, wait=wait)
    source = open_source(settings.inbox, pattern=settings.glob)
    logger = get_run_logger()

    def waiting(holder: lock.Holder) -> None:
        logger.warning("waiting for the run holding %s (%s)", settings.data_dir, holder)

    with lock.hold(settings.data_dir, wait=settings.wait, on_wait=waiting):
        return _run(settings, source, progress)


def _run(settings: Settings, source: Source, progress: Callable[[int, int], None] | None) -> dict:
    logger = get_run_logger()
    started = datetime.now(UTC)
    batch_id = new_batch_id(started)
    summary = Summary(batch_id=batch_id)
    settings.data_dir.mkdir(parents=True, exist_ok=True)

    con = warehouse.connect(settings.warehouse)
    try:
        known = warehouse.known_doc_ids(con)
        stored = warehouse.stored_documents(con) if settings.reprocess else None
    finally:
        con.close()

    fetched = read_inbox(source, known=known, batch_id=batch_id, settings=settings)
    intake = decode_documents(fetched, batch_id=batch_id, settings=settings)
    if settings.reprocess:
        again = read_stored(stored, batch_id=batch_id, settings=settings)
        docs = pl.concat([again.docs, intake.docs])
    else:
        docs = intake.docs
    summary.new, summary.skipped, summary.rejected = intake.docs.height, intake.skipped, intake.rejected.height
    batch = {
        "batch_id": batch_id, "started_at": started, "finished_at": None, "status": "loaded",
        "inbox": str(settings.inbox), "documents": docs.height, "skipped": intake.skipped,
        "rejected": intake.rejected.height, "indicators": 0, "extractor_version": extract.EXTRACTOR_VERSION,
        "ingest_date": started.date(), "reprocess": settings.reprocess, "published_at": None,
    }
    if docs.is_empty():
        batch |= {"status": "empty", "finished_at": datetime.now(UTC)}
        record(settings, batch=batch, rejected=intake.rejected)
        logger.info("nothing new in %s (%d skipped, %d rejected)", settings.inbox, summary.skipped, summary.rejected)
        return summary.as_dict()

    arts, sents = clean_and_split(docs)
    sents = segment_sentences(sents, settings=settings, progress=progress)
    inds = extract_indicators(sents, batch_id=batch_id)
    summary.articles, summary.sentences, summary.indicators = arts.height, sents.height, inds.height
    batch["indicators"] = inds.height

    new_docs = intake.docs.drop("text")
    tables = {
        "documents": docs.drop("text"),
        "articles": arts.with_columns(batch_id=pl.lit(batch_id)),
        "indicators": inds,
    }
    load(
        settings, batch=batch,
        tables={"documents": new_docs, "articles": tables["articles"], "rejected_documents": intake.rejected,
                "sentences": sents.with_columns(batch_id=pl.lit(batch_id)).drop("source", "kind", "article_title"),
                "indicators": inds},
        replace_docs=stored.get_column("doc_id").to_list() if stored is not None else [],
    )
    results = validate(settings, batch_id=batch_id, tables=tables)
    failures = quality.failed_critical(results)
    summary.checks = results.height
    summary.warnings = results.filter(~pl.col("success")).filter(pl.col("severity") != "critical").select(
        pl.format("{}.{}({})", "suite", "expectation", pl.col("column").fill_null(""))).to_series().to_list()
    if failures.height:
        summary.status = "quarantined"
        summary.failed_critical = failures.select(
            pl.format("{}.{}({})", "suite", "expectation", pl.col("column").fill_null(""))).to_series().to_list()
        where = quarantine_batch(settings, batch_id=batch_id, tables=tables, failures=failures)
        summary.outputs = {"quarantine": where}
        logger.error("batch %s quarantined: %s", batch_id, ", ".join(summary.failed_critical))
    else:
        summary.status = "published"
        published = tables if settings.reprocess else {**tables, "documents": new_docs}
        summary.outputs = publish_batch(
            settings, batch_id=batch_id, ingest_date=started.date(), tables=published, reprocess=settings.reprocess
        )
    summary.outputs |= {"warehouse": str(settings.warehouse), "dq_docs": str(settings.dq_dir / "index.html")}
    return summary.as_dict()
