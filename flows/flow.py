"""The zhibiao flow, the whole pipeline: inbox → documents → articles → sentences → indicators → DuckDB →
Great Expectations → parquet.

``zhibiao_run(settings)`` is every run: ``zhibiao run`` and ``zhibiao quarantine release`` call it through
``flows.app``, each scheduled run of ``zhibiao serve`` is a flow run of its deployment, the soak bench
calls it through the app too. It takes the resolved :class:`~flows.settings.Settings` whole and reads
nothing from the environment. Under the data dir's lock it begins (``flows.plan``: recovery, the inbox
survey, the end of a run with nothing to read), then takes the new documents in sub-batches of at most
``batch_mb`` (each its own batch_id, loaded, validated and published on its own): the CPU stages of one
sub-batch run on the executor the settings name (``flows.executors``) while the flow loads, validates
and publishes the one before. The flow only sequences; each step is a task in ``flows.tasks``.
"""

# No ``from __future__ import annotations`` here: ``zhibiao serve`` hands Prefect's runner the flow object,
# which reaches each run's process pickled by value (cloudpickle), with only the globals its code names; the
# parameter model Prefect validates a run's parameters with needs ``Settings`` as an object, not a name.
import contextlib
import json
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
from prefect import flow, get_run_logger

from flows import executors, holds, lock, plan, quality, recovery, serve, site, tasks, workers
from flows.settings import Settings
from flows.storage import inbox, warehouse
from flows.summary import Summary, aggregate
from transforms import extract


@flow(name="zhibiao-run", log_prints=True)
def zhibiao_run(
    settings: Settings,
    release: list[str] | None = None,
    release_all: bool = False,
    progress: Callable[[int, int], None] | None = None,
    executor: executors.Pool | None = None,
) -> dict:
    """One run over the new documents of the inbox (or every stored document with ``settings.reprocess``).

    Held-back documents are processed again with the first sub-batch when the extraction rules changed
    since they were held, and when ``release`` names them (``release_all``: every held document).
    Holds the data dir's lock for the whole run: with ``settings.wait`` it waits for a run holding it,
    otherwise it raises :class:`flows.lock.Busy`. ``progress(done, total)`` is told the characters done.
    ``executor``: a worker pool the caller started already (``flows.app``); the caller closes it. Without
    one the flow chooses and starts its own from the settings.
    """
    logger = get_run_logger()
    if serve.PRELOAD in sys.modules:  # forked warm (flows.serve.warm_starts)
        logger.info("started warm: forked from zhibiao serve's process with Prefect, GX and the cutter loaded")

    def waiting(holder: lock.Holder) -> None:
        logger.warning("waiting for the run holding %s (%s)", settings.data_dir, holder)

    with lock.hold(settings.data_dir, wait=settings.wait, on_wait=waiting):
        start = plan.begin(settings, release=release, release_all=release_all, log=logger.warning)
        if start.summary is not None:
            logger.info("nothing new in %s (%d skipped, %d rejected)", settings.inbox, start.summary.skipped,
                        start.summary.rejected)
            return start.summary.as_dict()
        given = contextlib.nullcontext(executor) if executor is not None else None
        with given or executors.choose(settings, expected_bytes=start.new_bytes) as executor:
            try:
                summary = _batches(start, _Progress(progress), executor=executor)
            except Exception:
                recovery.recover_quietly(start.settings)  # undo this run's incomplete batch now; else the next does
                raise
            finished(start.settings, summary, executor=executor)
    return summary.as_dict()


def finished(settings: Settings, summary: Summary, *, executor: executors.Pool | executors.Dask | None = None) -> None:
    """What follows a run that had work, still under the lock: the review site updated with the run's batches
    (a failure there is logged, never fails the run), then the stage timings in the log (the throughput
    bench reads them). Whatever else should follow every run with work, manual or scheduled, goes here.
    ``executor``: the run's, still open: a local pool's started workers, idle now, render document pages
    beside the flow."""
    logger = get_run_logger()
    t = time.perf_counter()
    offload = executor.offload if isinstance(executor, executors.Pool) and executor.started else None
    built = site.refresh(settings, batch_ids=summary.batches, log=logger, offload=offload)
    summary.timings["site"] = round(time.perf_counter() - t, 3)
    if built is not None:
        summary.outputs["site"] = str(built.root / "index.html")
    logger.info("zhibiao timings %s", json.dumps(summary.timings))


def sub_batches(files: Sequence[plan.NewFile], *, batch_mb: float) -> list[tuple[plan.NewFile, ...]]:
    """The new files in runs of at most ``batch_mb`` MB (a larger file is a run of its own)."""
    limit = int(batch_mb * 1_000_000)
    parts: list[list[plan.NewFile]] = []
    size = 0
    for file in files:
        if not parts or (parts[-1] and size + file.entry.byte_size > limit):
            parts.append([])
            size = 0
        parts[-1].append(file)
        size += file.entry.byte_size
    return [tuple(p) for p in parts]


def first_documents(start: plan.Plan) -> pl.DataFrame | None:
    """The documents of the run's first sub-batch as the flow will read and decode them, read and decoded now
    without Prefect and without writing anything: what ``flows.app`` has the worker pool begin on while the
    Prefect API boots and the flow starts (:meth:`flows.executors.Pool.prefetch`). None when the flow's
    first sub-batch holds more (stored documents processed again, ``--reprocess``); a read that fails raises
    (the caller drops its head start, and the flow reads again, with its retries)."""
    settings = start.settings
    if settings.reprocess or not start.stored.is_empty() or not start.files:
        return None
    part = sub_batches(start.files, batch_mb=settings.batch_mb)[0]
    fetched = tasks.fetch(start.source, list(part), batch_id="", max_bytes=settings.max_bytes, last_attempt=False)
    fetched, _ = _new_only(fetched, known=start.known, seen={}, batch_id="")
    return tasks.decoded(fetched, batch_id="")[0].docs


@dataclass
class _Pending:
    """A sub-batch whose CPU stages are running."""

    batch: dict
    docs: pl.DataFrame
    intake: tasks.Intake
    work: list[executors.Result]
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


class _Clock:
    """Seconds per stage, added up over the sub-batches (CPU stages: the workers' CPU seconds)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def since(self, stage: str, t: float) -> float:
        now = time.perf_counter()
        self.add(stage, now - t)
        return now

    def report(self) -> dict[str, float]:
        return {k: round(v, 3) for k, v in self.seconds.items()} | {"total": round(time.perf_counter() - self.start, 3)}


def _new_only(fetched: tasks.Fetched, *, known: frozenset[str], seen: dict[str, str],
              batch_id: str) -> tuple[tasks.Fetched, int]:
    """Drop what was read but is not new after all: bytes the warehouse has (skipped) or that another file
    of the run brought (a duplicate); only files that changed since the survey can be either."""
    now = datetime.now(UTC)
    keep, dup, skipped = [], [], 0
    for file, doc_id, data in fetched.files:
        if doc_id in known:
            skipped += 1
        elif doc_id in seen:
            dup.append((file.entry.source, f"duplicate of {seen[doc_id]}", batch_id, len(data), now))
        else:
            seen[doc_id] = file.entry.source
            keep.append((file, doc_id, data))
    return tasks.Fetched(keep, pl.concat([fetched.rejected, inbox.rejections(dup)])), skipped


def _batches(start: plan.Plan, bar: _Progress, *, executor: executors.Pool | executors.Dask) -> Summary:
    """Every sub-batch of the run: read and decode k, hand its chunks to the executor (entered), finish k-1."""
    settings = start.settings
    clock = _Clock()
    # --reprocess replaces every stored document's rows and retires earlier files: one batch
    parts = [start.files] if settings.reprocess else sub_batches(start.files, batch_mb=settings.batch_mb)
    stored = start.stored  # processed again with the first sub-batch
    # files rejected on sight, and files skipped or rejected by sub-batches that had nothing to load, are
    # recorded with the next batch that loads (or an empty batch at the end)
    carry_rejected, carry_skipped = start.rejected, start.skipped
    seen: dict[str, str] = {}
    done: list[Summary] = []
    inflight: deque[_Pending] = deque()
    for part in parts or [()]:
        started = datetime.now(UTC)
        batch_id = warehouse.new_batch_id(started)
        t = time.perf_counter()
        fetched = tasks.read_files(start.source, list(part), batch_id=batch_id, max_bytes=settings.max_bytes)
        fetched, skipped = _new_only(fetched, known=start.known, seen=seen, batch_id=batch_id)
        t = clock.since("read", t)
        intake = tasks.decode_documents(fetched, batch_id=batch_id, settings=settings)
        intake = tasks.Intake(intake.docs, pl.concat([carry_rejected.with_columns(batch_id=pl.lit(batch_id)),
                                                      intake.rejected]), carry_skipped + skipped)
        docs, redo = intake.docs, []
        if not stored.is_empty():
            docs = pl.concat([tasks.read_stored(stored, settings=settings), docs])
            redo, stored = stored.get_column("doc_id").to_list(), stored.clear()
        clock.since("decode", t)
        if docs.is_empty():
            carry_rejected, carry_skipped = intake.rejected, intake.skipped
            continue
        carry_rejected, carry_skipped = start.rejected.clear(), 0
        batch = warehouse.batch_row(
            batch_id, status="loaded", started_at=started, inbox=str(settings.inbox),
            extractor_version=extract.EXTRACTOR_VERSION, reprocess=settings.reprocess, documents=docs.height,
            skipped=intake.skipped, rejected=intake.rejected.height)
        bar.submitted(docs)
        inflight.append(_Pending(batch, docs, intake, executor.submit(docs), redo))
        quality.import_in_background()  # GX loads while the workers do the first sub-batch
        # one sub-batch in the workers while the flow loads, validates and publishes the one before
        while len(inflight) > 1:
            done.append(_finish(settings, inflight.popleft(), bar=bar, clock=clock))
    while inflight:
        done.append(_finish(settings, inflight.popleft(), bar=bar, clock=clock))

    if not done or carry_skipped or carry_rejected.height:
        done.append(plan.record_empty(settings, rejected=carry_rejected, skipped=carry_skipped))
    summary = aggregate(done)
    summary.retried = start.retried
    summary.timings = clock.report()
    return summary


def _drop_over_budget(
    over: pl.DataFrame, docs: pl.DataFrame, intake: tasks.Intake, *, batch_id: str
) -> tuple[pl.DataFrame, tasks.Intake]:
    """Move documents the workers gave up on from the batch to its rejected files."""
    keys = ["doc_id", "source"]
    rejected = over.join(intake.docs.select(*keys, "byte_size"), on=keys, how="left").select(
        "source", "reason", batch_id=pl.lit(batch_id), byte_size="byte_size",
        rejected_at=pl.lit(datetime.now(UTC), dtype=inbox.REJECT_SCHEMA["rejected_at"]),
    )
    return docs.join(over, on=keys, how="anti"), tasks.Intake(
        intake.docs.join(over, on=keys, how="anti"), pl.concat([intake.rejected, rejected]), intake.skipped)


def batch_tables(batch_id: str, docs: pl.DataFrame, processed: workers.Processed) -> dict[str, pl.DataFrame]:
    """The tables a batch validates, loads and publishes (``flows.storage.publish.PUBLISHED_TABLES``; a new
    one also goes in ``warehouse.CONTENT_TABLES`` and gets a suite in ``expectations/``), as published: a
    document's row names the batch that publishes it."""
    return {
        "documents": docs.drop("text").with_columns(batch_id=pl.lit(batch_id), status=pl.lit(warehouse.PUBLISHED)),
        "articles": processed.articles.with_columns(batch_id=pl.lit(batch_id)),
        "indicators": processed.indicators.with_columns(batch_id=pl.lit(batch_id)),
        "observations": processed.observations.with_columns(batch_id=pl.lit(batch_id)),
    }


def _named(failed: pl.DataFrame) -> list[str]:
    return failed.select(pl.format("{}.{}({})", "suite", "expectation", pl.col("column").fill_null(""))
                         ).to_series().to_list()


def _finish(settings: Settings, pending: _Pending, *, bar: _Progress, clock: _Clock) -> Summary:
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
    t = clock.since("wait for workers", t)
    if processed.rejected.height:  # over the per-document time budget: rejected, not loaded
        docs, intake = _drop_over_budget(processed.rejected, docs, intake, batch_id=batch_id)
        batch |= {"documents": docs.height, "rejected": intake.rejected.height}
        summary.new, summary.rejected = intake.docs.height, intake.rejected.height
    for stage, seconds in processed.seconds.items():
        clock.add(f"cpu {stage}", seconds)
    tables = batch_tables(batch_id, docs, processed)
    summary.articles, summary.sentences = processed.articles.height, processed.sentences.height
    summary.indicators = batch["indicators"] = tables["indicators"].height

    # the warehouse holds the batch's tables, its sentences and its rejected files; its documents as loaded
    # (status ``new`` until the batch is judged)
    sentences = processed.sentences.with_columns(batch_id=pl.lit(batch_id)).drop("source", "kind", "article_title")
    tasks.load(settings, batch=batch, replace_docs=pending.redo, tables={
        **tables, "documents": intake.docs.drop("text"), "sentences": sentences, "rejected_documents": intake.rejected})
    t = clock.since("load", t)
    quality.imported()
    results = tasks.validate(settings, batch_id=batch_id, tables=tables)
    verdict = tasks.judge(tables=tables, results=results)
    t = clock.since("validate", t)
    summary.checks = results.height
    summary.warnings = _named(results.filter(~pl.col("success") & (pl.col("severity") != "critical")))
    summary.failed_critical = _named(quality.failed_critical(results))
    held = verdict.held.join(tables["documents"].select("doc_id", "source"), on="doc_id", how="left")
    tasks.dq_artifact(batch_id, results, held)
    kept, held_tables = holds.split(tables, verdict.doc_ids)
    if verdict.doc_ids:
        summary.outputs = {"quarantine": tasks.hold_back(settings, batch_id=batch_id, tables=held_tables,
                                                         held=held, results=results)}
        summary.held_back, summary.held = len(verdict.doc_ids), holds.summary(verdict.held)
        logger.warning("batch %s held back %s", batch_id, "; ".join(summary.held))
    if verdict.whole_batch:
        summary.status = "quarantined"
        tasks.close_batch(settings, batch_id=batch_id, status="quarantined")
        logger.error("batch %s quarantined: %s", batch_id, ", ".join(verdict.batch_reasons))
    elif verdict.doc_ids and kept["documents"].is_empty():
        summary.status = "held_back"
        tasks.close_batch(settings, batch_id=batch_id, status="held_back")
    else:
        summary.status = "published"
        summary.outputs |= tasks.publish_batch(settings, batch_id=batch_id, ingest_date=batch["ingest_date"],
                                               tables=kept, reprocess=settings.reprocess)
    clock.since("publish", t)
    summary.outputs |= {"warehouse": str(settings.warehouse), "dq_docs": str(settings.dq_dir / "index.html")}
    return summary
