"""What runs in a worker: the stage chain over a chunk of documents, within the per-document time budget.

A chunk travels to a worker (a pool process, a Dask worker, or the flow's own process for a small batch)
as a small frame (doc_id, source, text, published_on) and comes back as its articles, sentences (with jieba
tokens), indicators and observations (:class:`Processed`). The chain itself is ``transforms.stages.run``;
this module adds the budget: a document whose stages take longer than ``budget_s`` is left out and listed
with the reason, so a pathological page cannot stall a batch. Indicator ids depend only on the document, so the chunking
never changes a row.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

REJECTED_SCHEMA = {"doc_id": pl.String, "source": pl.String, "reason": pl.String}
# what a document brings to the chain (published_on when known: observations are dated with it)
CHAIN_COLUMNS = ("doc_id", "source", "text", "published_on")


def for_chain(docs: pl.DataFrame) -> pl.DataFrame:
    """The columns of ``docs`` the chain reads (the small frame a worker is sent)."""
    return docs.select([c for c in CHAIN_COLUMNS if c in docs.columns])


@dataclass(frozen=True)
class Processed:
    """What the CPU stages made of a chunk of documents, and the CPU seconds each stage took;
    ``rejected``: documents dropped because they exceeded the per-document time budget."""

    articles: pl.DataFrame
    sentences: pl.DataFrame  # with ``tokens``
    indicators: pl.DataFrame
    observations: pl.DataFrame
    chars: int
    seconds: dict[str, float] = field(default_factory=dict)
    rejected: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=REJECTED_SCHEMA))


class OverBudget(Exception):
    """A document's CPU stages took longer than the per-document time budget."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block once ``seconds`` of wall time have passed.

    In a process's main thread (every pool worker) an interval timer interrupts the work; elsewhere
    (in-process runs inside a Prefect task thread, where signals cannot be used) the time is checked
    when the block ends, so a slow document is still rejected, only later.
    """
    start = time.monotonic()
    if threading.current_thread() is not threading.main_thread():
        yield
        if time.monotonic() - start > seconds:
            raise OverBudget
        return

    def expire(signum, frame):
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process(docs: pl.DataFrame, *, cache_dir: str, budget_s: float | None = None) -> Processed:
    """Articles, segmented sentences and indicators of ``docs`` (doc_id, source, text).

    With ``budget_s``, each document gets at most that many seconds; one that takes longer is left
    out and listed in ``rejected`` with the reason (a pathological page must not stall the batch).
    """
    if not budget_s:
        return _chain(docs, cache_dir)
    try:  # the usual case: the whole chunk takes less than one document may, so no document is over
        with deadline(budget_s):
            return _chain(docs, cache_dir)
    except OverBudget:
        pass  # find the document(s) that are over: each on its own, with its own budget
    parts, rejected = [], []
    for one in docs.iter_slices(1):
        try:
            with deadline(budget_s):
                done = _chain(one, cache_dir)
        except OverBudget:
            rejected.append((one.item(0, "doc_id"), one.item(0, "source"),
                             f"processing took longer than the per-document time budget ({budget_s:g} s)"))
        else:
            parts.append(done)
    done = combine(parts) if parts else _chain(docs.clear(), cache_dir)
    return Processed(done.articles, done.sentences, done.indicators, done.observations, done.chars, done.seconds,
                     pl.DataFrame(rejected, schema=REJECTED_SCHEMA, orient="row"))


def compiled_code_cache(cache_dir: str) -> None:
    """numba's cache of the compiled cutter beside jieba's in the cache dir (before numba is imported)."""
    os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(cache_dir).parent / "numba"))


def _chain(docs: pl.DataFrame, cache_dir: str) -> Processed:
    compiled_code_cache(cache_dir)
    from transforms import stages

    rows = stages.run(docs, cache_dir=cache_dir)
    chars = int(docs.get_column("text").str.len_chars().sum() or 0)
    return Processed(rows.articles, rows.sentences, rows.indicators, rows.observations, chars, rows.seconds)


def combine(parts: list[Processed]) -> Processed:
    """One :class:`Processed` from the chunks of a batch, in chunk order."""
    seconds: dict[str, float] = {}
    for p in parts:
        for k, v in p.seconds.items():
            seconds[k] = seconds.get(k, 0.0) + v
    return Processed(
        pl.concat([p.articles for p in parts], how="vertical_relaxed"),
        pl.concat([p.sentences for p in parts], how="vertical_relaxed"),
        pl.concat([p.indicators for p in parts], how="vertical_relaxed"),
        pl.concat([p.observations for p in parts], how="vertical_relaxed"),
        sum(p.chars for p in parts), seconds,
        pl.concat([p.rejected for p in parts]),
    )


# the flow's process (and Prefect's API) run the run's serial part: reading, loading, validating,
# publishing, starting up. Pool workers yield the CPU to them and take every cycle they leave.
WORKER_NICENESS = 5


def initialize(cache_dir: str) -> None:
    """A pool worker's start: lower priority, then :func:`preload`."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    preload(cache_dir)


def preload(cache_dir: str) -> None:
    """The jieba dictionary, the cutter (and its compiled code) and the extraction resources, loaded once
    per process: a pool worker's, and the warm process scheduled runs are forked from (``flows.warm``)."""
    from transforms import extract, segment

    compiled_code_cache(cache_dir)
    segment.words("重庆", cache_dir=cache_dir)  # the dictionary and the cutter's log probabilities
    extract.quantities("重庆增长6.4%")  # compiles the regexes and loads the gazetteer
