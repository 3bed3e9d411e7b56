"""The zhibiao flow: inbox → documents → articles → sentences → indicators → DuckDB → GX → parquet.

The flow only sequences stages. New documents go through in sub-batches of at most ``batch_mb``
(each its own batch_id, loaded, validated and published on its own); the CPU stages of one sub-batch
run in worker processes (or on Dask) while the flow loads, validates and publishes the one before.
Text logic lives in ``transforms/``; this module does the I/O around it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from expectations import anomalies
from flows import faults, holds, lock, quality, recovery, warehouse, workers
from flows import publish as pub
from flows.settings import Settings, resolve
from flows.sources import Entry, Source, format_of, open_source
from transforms import decode, extract

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
    status: str = "empty"  # empty | published | held_back (every document held back) | quarantined
    new: int = 0
    skipped: int = 0
    rejected: int = 0
    articles: int = 0
    sentences: int = 0
    indicators: int = 0
    checks: int = 0
    failed_critical: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    held_back: int = 0  # documents held back by a failed critical check (row checks: one by one)
    held: list[str] = field(default_factory=list)  # "1 document — indicators._count_nonnegative"
    retried: int = 0  # held-back documents processed again (rules changed, or released)
    outputs: dict[str, str] = field(default_factory=dict)
    batches: list[str] = field(default_factory=list)  # every batch_id of the run (sub-batches)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (CPU stages: summed CPU time)

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
    faults.checkpoint("reading")
    return Intake(
        pl.DataFrame(docs, schema=DOC_SCHEMA, orient="row"),
        pl.concat([fetched.rejected, pl.DataFrame(rejected, schema=REJECT_SCHEMA, orient="row")]),
        fetched.skipped,
    )


@task(name="read stored documents", retries=2, retry_delay_seconds=[1, 4], cache_policy=NO_CACHE)
def read_stored(stored: pl.DataFrame, *, batch_id: str, settings: Settings) -> Intake:
    """Stored documents again (every one for ``--reprocess``, held-back ones due a retry): decoded from the
    bytes kept in the data dir."""
    rows = []
    for row in stored.iter_rows(named=True):
        data = _stored_path(settings.store, row["doc_id"], row["format"]).read_bytes()
        rows.append({**row, "text": decode.document(data, format=row["format"]).text})
    docs = pl.DataFrame(rows, schema=DOC_SCHEMA) if rows else pl.DataFrame(schema=DOC_SCHEMA)
    return Intake(docs, pl.DataFrame(schema=REJECT_SCHEMA), 0)


@task(name="process documents", cache_policy=NO_CACHE)
def process_chunk(docs: pl.DataFrame, *, cache_dir: str, budget_s: float | None) -> workers.Processed:
    """Clean, split, segment and extract a chunk of documents (a Dask task with ``--task-runner dask``)."""
    return workers.process(docs, cache_dir=cache_dir, budget_s=budget_s)


@task(name="load warehouse", cache_policy=NO_CACHE)
def load(settings: Settings, *, batch: dict, tables: dict[str, pl.DataFrame], replace_docs: list[str]) -> None:
    con = warehouse.connect_for(settings)
    try:
        warehouse.load_batch(con, batch=batch, frames=tables, replace_docs=replace_docs)
    finally:
        con.close()
    faults.checkpoint("load")


@task(name="validate", cache_policy=NO_CACHE)
def validate(settings: Settings, *, batch_id: str, tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """GX suites on the batch, batch metrics, anomalies against earlier batches; all kept in the warehouse."""
    doc_ids = tables["documents"].get_column("doc_id").to_list()
    results = quality.validate(tables, batch_id=batch_id, dq_dir=settings.dq_dir, doc_ids=doc_ids)
    metrics = quality.metrics(tables, batch_id=batch_id)
    con = warehouse.connect_for(settings)
    try:
        history, flagged = warehouse.metric_history(con)
        scores = anomalies.zscores(history, metrics.row(0, named=True), flagged=flagged)
        results = pl.concat([results, anomalies.results(scores, batch_id=batch_id, checked_at=datetime.now(UTC))])
        with warehouse.transaction(con):
            warehouse.append(con, "dq_results", results)
            warehouse.append(con, "dq_metrics", metrics)
    finally:
        con.close()
    faults.checkpoint("validation")
    return results


@task(name="judge", cache_policy=NO_CACHE)
def judge(*, tables: dict[str, pl.DataFrame], results: pl.DataFrame) -> holds.Verdict:
    """What the batch's critical failures hold back: the documents of the failing rows, or the whole batch."""
    doc_ids = tables["documents"].get_column("doc_id").to_list()
    failing = quality.failing_rows(tables, results, doc_ids=doc_ids) if quality.failed_critical(results).height \
        else pl.DataFrame(schema=quality.FAILING_SCHEMA)
    return holds.decide(results, failing, doc_ids=doc_ids)


def _dq_artifact(batch_id: str, results: pl.DataFrame, held: pl.DataFrame) -> None:
    """Table artifacts in the Prefect UI: the batch's DQ summary per suite, and its held-back documents."""
    summary = quality.summary(results)
    n = held.get_column("doc_id").n_unique()
    create_table_artifact(
        key="zhibiao-dq", table=summary.to_dicts(),
        description=f"Data quality of batch {batch_id}: expectations per suite, failures by severity; "
                    f"{n} document{'s' if n != 1 else ''} held back.",
    )
    if n:
        create_table_artifact(
            key="zhibiao-held-back", description=f"Documents batch {batch_id} held back, with the failed check.",
            table=held.select("source", "doc_id", "reason", failing_rows=pl.col("rows").list.len()).to_dicts(),
        )


@task(name="publish", cache_policy=NO_CACHE)
def publish_batch(
    settings: Settings, *, batch_id: str, ingest_date: date, tables: dict[str, pl.DataFrame], reprocess: bool
) -> dict[str, str]:
    """Parquet files, then the manifest (the batch is complete for readers), then the warehouse mark.

    A reprocess batch supersedes every batch published before it; their files are removed last.
    """
    written = pub.publish(settings.published, tables, batch_id=batch_id, ingest_date=ingest_date)
    faults.checkpoint("publish")
    completed = datetime.now(UTC)
    earlier = [m["batch_id"] for m in pub.manifests(settings.published)] if reprocess else []
    pub.write_manifest(settings.published, batch_id=batch_id, written=written,
                       rows={t: tables[t].height for t in written}, completed_at=completed,
                       reprocess=reprocess, supersedes=earlier)
    con = warehouse.connect_for(settings)
    try:
        with warehouse.transaction(con):
            warehouse.publish_documents(con, batch_id, tables["documents"].get_column("doc_id").to_list())
            warehouse.set_batch(con, batch_id, status="published", published_at=completed,
                                finished_at=datetime.now(UTC))
    finally:
        con.close()
    if reprocess:
        pub.retire_superseded(settings.published, batch_id=batch_id)
    return {t: str(p) for t, p in written.items()}


@task(name="hold back", cache_policy=NO_CACHE)
def hold_back(
    settings: Settings, *, batch_id: str, tables: dict[str, pl.DataFrame], held: pl.DataFrame,
    results: pl.DataFrame,
) -> str:
    """Keep the held documents' rows (``tables``) and the failure report under ``quarantine/<batch_id>/``,
    then record the holds (``held``: HELD_SCHEMA and source) in the warehouse (the held rows leave its
    content tables). Done before anything of the batch is published, so that a killed run leaves either no
    trace of the batch or every hold recorded."""
    where = pub.quarantine(settings.quarantine / batch_id, tables, report=quality.failed_critical(results),
                           extra={"held_back": held})
    con = warehouse.connect_for(settings)
    try:
        with warehouse.transaction(con):
            warehouse.hold(con, batch_id=batch_id, held=held, version=extract.EXTRACTOR_VERSION,
                           at=datetime.now(UTC))
            warehouse.set_batch(con, batch_id, held_back=held.get_column("doc_id").n_unique())
    finally:
        con.close()
    return str(where)


@task(name="close batch", cache_policy=NO_CACHE)
def close_batch(settings: Settings, *, batch_id: str, status: str) -> None:
    """Mark a batch that publishes nothing: ``quarantined`` (a batch-level failure) or ``held_back``."""
    con = warehouse.connect_for(settings)
    try:
        warehouse.set_batch(con, batch_id, status=status, finished_at=datetime.now(UTC))
    finally:
        con.close()


@task(name="record run", cache_policy=NO_CACHE)
def record(settings: Settings, *, batch: dict, rejected: pl.DataFrame) -> None:
    """Record a batch row and rejected files for a run that had nothing to publish."""
    con = warehouse.connect_for(settings)
    try:
        with warehouse.transaction(con):
            warehouse.append(con, "batches", pl.DataFrame([batch]))
            warehouse.append(con, "rejected_documents", rejected)
    finally:
        con.close()


@flow(name="zhibiao-run", log_prints=True)
def zhibiao_run(
    inbox: str | None = None,
    data_dir: str | None = None,
    reprocess: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    glob: str | None = None,
    wait: bool | None = None,
    batch_mb: float | None = None,
    task_runner: str | None = None,
    dask_address: str | None = None,
    release: list[str] | None = None,
    release_all: bool = False,
) -> dict:
    """One run over the new documents of the inbox (or every stored document with ``reprocess``).

    Held-back documents are processed again with the first sub-batch when the extraction rules changed
    since they were held, and when ``release`` names them (``release_all``: every held document).
    Holds the data dir's lock for the whole run: with ``wait`` it waits for a run holding it,
    otherwise it raises :class:`flows.lock.Busy`. Call it through :func:`flow_for` to get the task
    runner that ``task_runner`` names.
    """
    settings = resolve(inbox=inbox, data_dir=data_dir, reprocess=reprocess, glob=glob, wait=wait,
                       batch_mb=batch_mb, task_runner=task_runner, dask_address=dask_address)
    source = open_source(settings.inbox, pattern=settings.glob)
    logger = get_run_logger()

    def waiting(holder: lock.Holder) -> None:
        logger.warning("waiting for the run holding %s (%s)", settings.data_dir, holder)

    with lock.hold(settings.data_dir, wait=settings.wait, on_wait=waiting):
        settings = recovery.at_start(settings, log=logger.warning)
        try:
            return _run(settings, source, progress, release=release or [], release_all=release_all)
        except Exception:
            recovery.recover_quietly(settings)  # undo this run's incomplete batch now; else the next run does
            raise


def flow_for(settings: Settings):
    """``zhibiao_run`` with the task runner of the settings: threads (CPU stages in a local process
    pool), or a Dask cluster through prefect-dask, at ``dask_address`` or a local one of ``workers``
    processes."""
    if settings.task_runner != "dask":
        return zhibiao_run
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        runner = DaskTaskRunner(address=settings.dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": settings.workers or os.cpu_count() or 1,
                                                "threads_per_worker": 1, "processes": True})
    return zhibiao_run.with_options(task_runner=runner)


@dataclass(frozen=True)
class _Part:
    """A slice of the inbox's entries, read through the inbox's source (one sub-batch)."""

    source: Source
    items: tuple[Entry, ...]

    def entries(self) -> Iterator[Entry]:
        return iter(self.items)

    def read(self, entry: Entry) -> bytes:
        return self.source.read(entry)


def _parts(source: Source, *, batch_mb: float) -> list[Source]:
    """The inbox's entries in runs of at most ``batch_mb`` MB (a larger file is a run of its own)."""
    limit = int(batch_mb * 1_000_000)
    parts: list[list[Entry]] = [[]]
    size = 0
    for entry in source.entries():
        if parts[-1] and size + entry.byte_size > limit:
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += entry.byte_size
    return [_Part(source, tuple(p)) for p in parts]


def _cross_duplicates(fetched: Fetched, seen: dict[str, str], *, batch_id: str) -> Fetched:
    """Reject the files of this sub-batch that an earlier sub-batch of the run already had."""
    now = datetime.now(UTC)
    keep, dup = [], []
    for f in fetched.files:
        entry, _, doc_id, data = f
        if doc_id in seen:
            dup.append((entry.source, f"duplicate of {seen[doc_id]}", batch_id, len(data), now))
        else:
            keep.append(f)
    seen.update({doc_id: entry.source for entry, _, doc_id, _ in keep})
    if not dup:
        return fetched
    return Fetched(keep, pl.concat([fetched.rejected, pl.DataFrame(dup, schema=REJECT_SCHEMA, orient="row")]),
                   fetched.skipped)


@dataclass
class _Pending:
    """A sub-batch whose CPU stages are running."""

    batch: dict
    docs: pl.DataFrame
    intake: Intake
    work: list  # futures of workers.Processed
    redo: list[str]  # stored documents processed again: their content rows are replaced


class _Progress:
    """Characters done out of characters submitted, for the CLI's progress bar."""

    def __init__(self, callback: Callable[[int, int], None] | None) -> None:
        self.callback, self.done, self.total = callback, 0, 0

    def submitted(self, docs: pl.DataFrame) -> None:
        self.total += int(docs.get_column("text").str.len_chars().sum() or 0)

    def finished(self, chars: int) -> None:
        self.done += chars
        if self.callback:
            self.callback(self.done, self.total)


def _run(settings: Settings, source: Source, progress: Callable[[int, int], None] | None, *,
         release: list[str], release_all: bool) -> dict:
    logger = get_run_logger()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()
    timings: dict[str, float] = {}

    def timed(stage: str, since: float) -> float:
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - since
        return now

    con = warehouse.connect_for(settings)
    try:
        known = warehouse.known_doc_ids(con)
        # documents read again from the store: every one (--reprocess), else the held-back ones due a retry
        stored = warehouse.stored_documents(con) if settings.reprocess else warehouse.to_retry(
            con, version=extract.EXTRACTOR_VERSION, release=release, release_all=release_all)
    finally:
        con.close()
    retried = 0 if settings.reprocess else stored.height
    if retried:
        logger.info("processing %d held-back document(s) again", retried)

    # --reprocess replaces every stored document's rows and retires earlier files: one batch
    parts = [source] if settings.reprocess else _parts(source, batch_mb=settings.batch_mb)
    pool = workers.pool(cache_dir=str(settings.jieba_cache), workers=settings.workers,
                        min_chars=settings.pool_min_chars, budget_s=settings.doc_budget_s)
    bar = _Progress(progress)
    done: list[Summary] = []
    inflight: deque[_Pending] = deque()
    seen: dict[str, str] = {}
    carry = Intake(pl.DataFrame(schema=DOC_SCHEMA), pl.DataFrame(schema=REJECT_SCHEMA), 0)
    with pool:
        for part in parts:
            started = datetime.now(UTC)
            batch_id = new_batch_id(started)
            t = time.perf_counter()
            fetched = _cross_duplicates(read_inbox(part, known=known, batch_id=batch_id, settings=settings),
                                        seen, batch_id=batch_id)
            t = timed("read", t)
            intake = decode_documents(fetched, batch_id=batch_id, settings=settings)
            # files rejected or skipped in earlier sub-batches that had nothing new are recorded with this one
            intake = Intake(intake.docs, pl.concat([carry.rejected.with_columns(batch_id=pl.lit(batch_id)),
                                                    intake.rejected]), carry.skipped + intake.skipped)
            docs, redo = intake.docs, []
            if stored.height:  # with the first sub-batch
                again = read_stored(stored, batch_id=batch_id, settings=settings)
                docs, redo = pl.concat([again.docs, intake.docs]), stored.get_column("doc_id").to_list()
                stored = stored.clear()
            timed("decode", t)
            if docs.is_empty():
                carry = intake
                continue
            carry = Intake(carry.docs, carry.rejected.clear(), 0)
            batch = {
                "batch_id": batch_id, "started_at": started, "finished_at": None, "status": "loaded",
                "inbox": str(settings.inbox), "documents": docs.height, "skipped": intake.skipped,
                "rejected": intake.rejected.height, "indicators": 0,
                "extractor_version": extract.EXTRACTOR_VERSION, "ingest_date": started.date(),
                "reprocess": settings.reprocess, "published_at": None, "held_back": 0,
            }
            bar.submitted(docs)
            inflight.append(_Pending(batch, docs, intake, _submit(settings, pool, docs), redo))
            workers.warm_imports()  # GX loads while the workers do the first batch
            # one sub-batch in the workers while the flow loads, validates and publishes the one before
            while len(inflight) > 1:
                done.append(_finish(settings, inflight.popleft(), bar=bar, timed=timed))
        while inflight:
            done.append(_finish(settings, inflight.popleft(), bar=bar, timed=timed))

    if not done or carry.skipped or carry.rejected.height:
        started = datetime.now(UTC)
        batch_id = new_batch_id(started)
        rejected = carry.rejected.with_columns(batch_id=pl.lit(batch_id))
        batch = {
            "batch_id": batch_id, "started_at": started, "finished_at": datetime.now(UTC), "status": "empty",
            "inbox": str(settings.inbox), "documents": 0, "skipped": carry.skipped, "rejected": rejected.height,
            "indicators": 0, "extractor_version": extract.EXTRACTOR_VERSION, "ingest_date": started.date(),
            "reprocess": settings.reprocess, "published_at": None, "held_back": 0,
        }
        record(settings, batch=batch, rejected=rejected)
        done.append(Summary(batch_id=batch_id, skipped=carry.skipped, rejected=rejected.height))
        if len(done) == 1:
            logger.info("nothing new in %s (%d skipped, %d rejected)", settings.inbox, carry.skipped, rejected.height)
    summary = _aggregate(done)
    summary.retried = retried
    summary.timings = {k: round(v, 3) for k, v in timings.items()} | {"total": round(time.perf_counter() - clock, 3)}
    logger.info("zhibiao timings %s", json.dumps(summary.timings))
    return summary.as_dict()


def _submit(settings: Settings, pool: workers.Pool, docs: pl.DataFrame) -> list:
    if settings.task_runner == "dask":
        return [process_chunk.submit(chunk, cache_dir=str(settings.jieba_cache), budget_s=settings.doc_budget_s)
                for chunk in workers.chunks(docs.select("doc_id", "source", "text"))]
    return pool.submit(docs)


def _drop_over_budget(
    over: pl.DataFrame, docs: pl.DataFrame, intake: Intake, *, batch_id: str
) -> tuple[pl.DataFrame, Intake]:
    """Move documents the workers gave up on from the batch to its rejected files."""
    keys = ["doc_id", "source"]
    rejected = over.join(intake.docs.select(*keys, "byte_size"), on=keys, how="left").select(
        "source", "reason", batch_id=pl.lit(batch_id), byte_size="byte_size",
        rejected_at=pl.lit(datetime.now(UTC), dtype=REJECT_SCHEMA["rejected_at"]),
    )
    return docs.join(over, on=keys, how="anti"), Intake(
        intake.docs.join(over, on=keys, how="anti"), pl.concat([intake.rejected, rejected]), intake.skipped)


def _finish(settings: Settings, pending: _Pending, *, bar: _Progress,
            timed: Callable[[str, float], float]) -> Summary:
    """Wait for a sub-batch's CPU stages, then load, validate and publish it, less what it holds back."""
    logger = get_run_logger()
    batch, docs, intake = pending.batch, pending.docs, pending.intake
    batch_id = batch["batch_id"]
    summary = Summary(batch_id=batch_id, new=intake.docs.height, skipped=intake.skipped,
                      rejected=intake.rejected.height)
    t = time.perf_counter()
    parts = []
    for future in pending.work:
        parts.append(future.result())
        bar.finished(parts[-1].chars)
    processed = workers.combine(parts)
    t = timed("wait for workers", t)
    if processed.rejected.height:  # over the per-document time budget: rejected, not loaded
        docs, intake = _drop_over_budget(processed.rejected, docs, intake, batch_id=batch_id)
        batch |= {"documents": docs.height, "rejected": intake.rejected.height}
        summary.new, summary.rejected = intake.docs.height, intake.rejected.height
    for stage, seconds in processed.seconds.items():
        timed(f"cpu {stage}", time.perf_counter() - seconds)
    arts, sents = processed.articles, processed.sentences
    inds = processed.indicators.with_columns(batch_id=pl.lit(batch_id))
    summary.articles, summary.sentences, summary.indicators = arts.height, sents.height, inds.height
    batch["indicators"] = inds.height

    tables = {
        # as published: a document's row names the batch that publishes it
        "documents": docs.drop("text").with_columns(batch_id=pl.lit(batch_id), status=pl.lit(warehouse.PUBLISHED)),
        "articles": arts.with_columns(batch_id=pl.lit(batch_id)),
        "indicators": inds,
    }
    load(
        settings, batch=batch,
        tables={"documents": intake.docs.drop("text"), "articles": tables["articles"],
                "rejected_documents": intake.rejected,
                "sentences": sents.with_columns(batch_id=pl.lit(batch_id)).drop("source", "kind", "article_title"),
                "indicators": inds},
        replace_docs=pending.redo,
    )
    t = timed("load", t)
    workers.imports_ready()
    results = validate(settings, batch_id=batch_id, tables=tables)
    verdict = judge(tables=tables, results=results)
    t = timed("validate", t)
    summary.checks = results.height
    summary.warnings = results.filter(~pl.col("success")).filter(pl.col("severity") != "critical").select(
        pl.format("{}.{}({})", "suite", "expectation", pl.col("column").fill_null(""))).to_series().to_list()
    summary.failed_critical = quality.failed_critical(results).select(
        pl.format("{}.{}({})", "suite", "expectation", pl.col("column").fill_null(""))).to_series().to_list()
    held = verdict.held.join(tables["documents"].select("doc_id", "source"), on="doc_id", how="left")
    _dq_artifact(batch_id, results, held)
    kept, held_tables = holds.split(tables, verdict.doc_ids)
    if verdict.doc_ids:
        summary.outputs = {"quarantine": hold_back(settings, batch_id=batch_id, tables=held_tables, held=held,
                                                   results=results)}
        summary.held_back, summary.held = len(verdict.doc_ids), holds.summary(verdict.held)
        logger.warning("batch %s held back %s", batch_id, "; ".join(summary.held))
    if verdict.whole_batch:
        summary.status = "quarantined"
        close_batch(settings, batch_id=batch_id, status="quarantined")
        logger.error("batch %s quarantined: %s", batch_id, ", ".join(verdict.batch_reasons))
    elif verdict.doc_ids and kept["documents"].is_empty():
        summary.status = "held_back"
        close_batch(settings, batch_id=batch_id, status="held_back")
    else:
        summary.status = "published"
        summary.outputs |= publish_batch(
            settings, batch_id=batch_id, ingest_date=batch["started_at"].date(), tables=kept,
            reprocess=settings.reprocess,
        )
    timed("publish", t)
    summary.outputs |= {"warehouse": str(settings.warehouse), "dq_docs": str(settings.dq_dir / "index.html")}
    return summary


def _aggregate(parts: list[Summary]) -> Summary:
    """One summary for the sub-batches of a run: counts added up, quarantined if any batch was,
    every output file listed (one per line)."""
    if len(parts) == 1:
        only = parts[0]
        only.batches = [only.batch_id]
        return only
    statuses = {p.status for p in parts}
    status = next((s for s in ("quarantined", "published", "held_back") if s in statuses), "empty")
    out = Summary(batch_id=parts[0].batch_id, status=status, batches=[p.batch_id for p in parts])
    for p in parts:
        for name in ("new", "skipped", "rejected", "articles", "sentences", "indicators", "checks", "held_back"):
            setattr(out, name, getattr(out, name) + getattr(p, name))
        out.failed_critical += [f for f in p.failed_critical if f not in out.failed_critical]
        out.warnings += [w for w in p.warnings if w not in out.warnings]
        out.held += p.held
        for name, path in p.outputs.items():
            have = out.outputs.get(name, "").split("\n") if name in out.outputs else []
            if path not in have:
                out.outputs[name] = "\n".join([*have, path])
    return out
