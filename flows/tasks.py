"""The flow's tasks: each one step of a batch, all the I/O (inbox, store, warehouse, parquet) and no text logic.

Reads retry (a transient error fails the attempt; the last attempt rejects the file instead); steps that
write the warehouse or the published data do not, because the run's recovery owns what a failure leaves.
Every warehouse step goes through one ``warehouse.session``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl
from prefect import task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from expectations import anomalies
from flows import holds, quality, series, workers
from flows.plan import NewFile, too_large
from flows.settings import Settings
from flows.storage import inbox, manifests, publish, store, warehouse
from transforms import decode, extract, pubdate


@dataclass(frozen=True)
class Fetched:
    """The bytes of a sub-batch's new files (``files``: file, doc_id, bytes), before decoding."""

    files: list[tuple[NewFile, str, bytes]]
    rejected: pl.DataFrame  # REJECT_SCHEMA


@dataclass(frozen=True)
class Intake:
    docs: pl.DataFrame  # DOC_SCHEMA
    rejected: pl.DataFrame  # REJECT_SCHEMA
    skipped: int


READ_RETRIES = 3
# the file is gone or forbidden: retrying will not help, so it is rejected at once
PERMANENT = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


@task(name="read files", retries=READ_RETRIES, retry_delay_seconds=exponential_backoff(backoff_factor=1),
      retry_jitter_factor=0.5, cache_policy=NO_CACHE)
def read_files(source: inbox.Source, files: list[NewFile], *, batch_id: str, max_bytes: int) -> Fetched:
    """The bytes of a sub-batch's new files, hashed again (the doc_id is the hash of what is read).

    I/O only, so the task retries with backoff: a transient read error (a timeout, a dropped
    connection) fails the attempt, and only on the last attempt is the file rejected instead.
    """
    from prefect.runtime import task_run

    return fetch(source, files, batch_id=batch_id, max_bytes=max_bytes, last_attempt=task_run.run_count > READ_RETRIES)


def fetch(source: inbox.Source, files: list[NewFile], *, batch_id: str, max_bytes: int,
          last_attempt: bool = True) -> Fetched:
    """:func:`read_files` without Prefect: a read error that may pass raises unless ``last_attempt``."""
    now = datetime.now(UTC)
    out, rejected = [], []
    for file in files:
        try:
            data = source.read(file.entry)
        except OSError as exc:
            if not (last_attempt or isinstance(exc, PERMANENT)):
                raise
            rejected.append((file.entry.source, f"unreadable: {exc.strerror or exc}", batch_id,
                             file.entry.byte_size, now))
            continue
        if len(data) > max_bytes:  # a file that grew after the survey
            rejected.append((file.entry.source, too_large(len(data), max_bytes), batch_id, len(data), now))
            continue
        out.append((file, hashlib.sha256(data).hexdigest(), data))
    return Fetched(out, inbox.rejections(rejected))


@task(name="decode documents", cache_policy=NO_CACHE)
def decode_documents(fetched: Fetched, *, batch_id: str, settings: Settings) -> Intake:
    """Text of every fetched file (txt, html, pdf); accepted bytes are kept in the store, the rest rejected."""
    intake, accepted = decoded(fetched, batch_id=batch_id)
    store.keep_all(settings.store, accepted)
    return intake


def decoded(fetched: Fetched, *, batch_id: str) -> tuple[Intake, list[tuple[str, str, bytes]]]:
    """The documents of ``fetched`` and the files no decoder reads (rejected); with the accepted files'
    (doc_id, format, bytes), for the store. Writes nothing."""
    now = datetime.now(UTC)
    docs, rejected, accepted = [], [], []
    for file, doc_id, data in fetched.files:
        try:
            got = decode.document(data, format=file.format)
        except decode.Undecodable as exc:
            rejected.append((file.entry.source, str(exc), batch_id, len(data), now))
            continue
        accepted.append((doc_id, file.format, data))
        published = pubdate.choose(metadata=got.published_on, text=got.text, file_name=file.entry.source)
        docs.append((doc_id, file.entry.source, file.format, got.encoding, len(data), now, batch_id,
                     warehouse.NEW, *published, got.text))
    return Intake(inbox.documents(docs), pl.concat([fetched.rejected, inbox.rejections(rejected)]), 0), accepted


@task(name="read stored documents", retries=2, retry_delay_seconds=[1, 4], cache_policy=NO_CACHE)
def read_stored(stored: pl.DataFrame, *, settings: Settings) -> pl.DataFrame:
    """Stored documents again (every one for ``--reprocess``, held-back ones due a retry): decoded from the
    bytes kept in the data dir."""
    rows = []
    for row in stored.iter_rows(named=True):
        data = store.read(settings.store, row["doc_id"], row["format"])
        rows.append({**row, "text": decode.document(data, format=row["format"]).text})
    return pl.DataFrame(rows, schema=inbox.DOC_SCHEMA) if rows else inbox.documents()


@task(name="process documents", cache_policy=NO_CACHE)
def process_chunk(docs: pl.DataFrame, *, cache_dir: str, budget_s: float | None) -> workers.Processed:
    """Clean, split, segment and extract a chunk of documents (a Dask task with ``--task-runner dask``)."""
    return workers.process(docs, cache_dir=cache_dir, budget_s=budget_s)


@task(name="load warehouse", cache_policy=NO_CACHE)
def load(settings: Settings, *, batch: dict, tables: dict[str, pl.DataFrame], replace_docs: list[str]) -> None:
    """The batch's rows and its ``batches`` row, in one transaction."""
    with warehouse.session(settings) as con:
        warehouse.load_batch(con, batch=batch, frames=tables, replace_docs=replace_docs)
        series.ensure_view(con)


@task(name="validate", cache_policy=NO_CACHE)
def validate(settings: Settings, *, batch_id: str, tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """GX suites on the batch, batch metrics, anomalies against earlier batches; all kept in the warehouse."""
    doc_ids = tables["documents"].get_column("doc_id").to_list()
    results = quality.validate(tables, batch_id=batch_id, dq_dir=settings.dq_dir, doc_ids=doc_ids)
    metrics = quality.metrics(tables, batch_id=batch_id)
    with warehouse.session(settings, transaction=True) as con:
        history, flagged = warehouse.metric_history(con)
        scores = anomalies.zscores(history, metrics.row(0, named=True), flagged=flagged)
        results = pl.concat([results, anomalies.results(scores, batch_id=batch_id, checked_at=datetime.now(UTC))])
        warehouse.append(con, "dq_results", results)
        warehouse.append(con, "dq_metrics", metrics)
    return results


@task(name="judge", cache_policy=NO_CACHE)
def judge(*, tables: dict[str, pl.DataFrame], results: pl.DataFrame) -> holds.Verdict:
    """What the batch's critical failures hold back: the documents of the failing rows, or the whole batch."""
    doc_ids = tables["documents"].get_column("doc_id").to_list()
    failing = quality.failing_rows(tables, results, doc_ids=doc_ids) if quality.failed_critical(results).height \
        else pl.DataFrame(schema=quality.FAILING_SCHEMA)
    return holds.decide(results, failing, doc_ids=doc_ids)


def dq_artifact(batch_id: str, results: pl.DataFrame, held: pl.DataFrame) -> None:
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
    written = publish.publish(settings.published, tables, batch_id=batch_id, ingest_date=ingest_date)
    completed = datetime.now(UTC)
    earlier = [m["batch_id"] for m in manifests.every(settings.published)] if reprocess else []
    manifests.write(settings.published, batch_id=batch_id, written=written,
                    rows={t: tables[t].height for t in written}, completed_at=completed,
                    reprocess=reprocess, supersedes=earlier)
    with warehouse.session(settings, transaction=True) as con:
        warehouse.publish_documents(con, batch_id, tables["documents"].get_column("doc_id").to_list())
        warehouse.set_batch(con, batch_id, status="published", published_at=completed, finished_at=datetime.now(UTC))
    if reprocess:
        publish.retire_superseded(settings.published, batch_id=batch_id)
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
    where = publish.quarantine(settings.quarantine / batch_id, tables, report=quality.failed_critical(results),
                               extra={"held_back": held})
    with warehouse.session(settings, transaction=True) as con:
        warehouse.hold(con, batch_id=batch_id, held=held, version=extract.EXTRACTOR_VERSION, at=datetime.now(UTC))
        warehouse.set_batch(con, batch_id, held_back=held.get_column("doc_id").n_unique())
    return str(where)


@task(name="close batch", cache_policy=NO_CACHE)
def close_batch(settings: Settings, *, batch_id: str, status: str) -> None:
    """Mark a batch that publishes nothing: ``quarantined`` (a batch-level failure) or ``held_back``."""
    with warehouse.session(settings) as con:
        warehouse.set_batch(con, batch_id, status=status, finished_at=datetime.now(UTC))
