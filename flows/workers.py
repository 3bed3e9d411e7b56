"""The CPU stages of a batch — clean → split → segment → extract — on chunks of documents, in parallel.

They are pure functions over text, so a chunk of documents travels to a worker as a small frame
(doc_id, source, text) and comes back as its articles, sentences (with jieba tokens) and indicators.
Indicator ids depend only on the document, so the chunking never changes a row.

:class:`Pool` keeps one set of worker processes for a whole run: each loads the jieba dictionary (cache
in the data dir) and the extraction resources once, in its initializer. Small batches run in-process,
and the pool starts only when a batch is big enough to need it, so a run with little or nothing to do
never pays for it. On Dask the same :func:`process` runs as a Prefect task (see ``flows/pipeline.py``).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import polars as pl

from flows import faults

# Characters of document text per work item: big enough that pickling and scheduling are noise,
# small enough that both workers stay busy until the end of a batch (≈ 3 s of work each).
CHUNK_CHARS = 250_000


REJECTED_SCHEMA = {"doc_id": pl.String, "source": pl.String, "reason": pl.String}


@dataclass(frozen=True)
class Processed:
    """What the CPU stages made of a chunk of documents, and the CPU seconds each stage took;
    ``rejected``: documents dropped because they exceeded the per-document time budget."""

    articles: pl.DataFrame
    sentences: pl.DataFrame  # with ``tokens``
    indicators: pl.DataFrame
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
        return _stages(docs, cache_dir)
    try:  # the usual case: the whole chunk takes less than one document may, so no document is over
        with deadline(budget_s):
            return _stages(docs, cache_dir)
    except OverBudget:
        pass  # find the document(s) that are over: each on its own, with its own budget
    parts, rejected = [], []
    for one in docs.iter_slices(1):
        try:
            with deadline(budget_s):
                done = _stages(one, cache_dir)
        except OverBudget:
            rejected.append((one.item(0, "doc_id"), one.item(0, "source"),
                             f"processing took longer than the per-document time budget ({budget_s:g} s)"))
        else:
            parts.append(done)
    done = combine(parts) if parts else _stages(docs.clear(), cache_dir)
    return Processed(done.articles, done.sentences, done.indicators, done.chars, done.seconds,
                     pl.DataFrame(rejected, schema=REJECTED_SCHEMA, orient="row"))


def compiled_code_cache(cache_dir: str) -> None:
    """numba's cache of the compiled cutter beside jieba's in the data dir (before numba is imported)."""
    os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(cache_dir).parent / "numba"))


def _stages(docs: pl.DataFrame, cache_dir: str) -> Processed:
    compiled_code_cache(cache_dir)
    from transforms import extract, frames, segment

    t0 = time.process_time()
    arts = frames.articles(docs)
    t1 = time.process_time()
    sents = frames.sentences(arts)
    faults.checkpoint("cleaning")
    t2 = time.process_time()
    sents = sents.with_columns(segment.token_column(sents.get_column("text"), cache_dir=cache_dir))
    faults.checkpoint("segmentation")
    t3 = time.process_time()
    inds = extract.indicators(sents)
    t4 = time.process_time()
    chars = int(docs.get_column("text").str.len_chars().sum() or 0)
    return Processed(arts, sents, inds, chars,
                     {"clean": t1 - t0, "split": t2 - t1, "segment": t3 - t2, "extract": t4 - t3})


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
        sum(p.chars for p in parts), seconds,
        pl.concat([p.rejected for p in parts]),
    )


def chunks(docs: pl.DataFrame, size: int = CHUNK_CHARS) -> list[pl.DataFrame]:
    """``docs`` cut into runs of whole documents of about ``size`` characters each."""
    lengths = docs.get_column("text").str.len_chars().to_list()
    out, start, chars = [], 0, 0
    for i, n in enumerate(lengths):
        chars += n
        if chars >= size:
            out.append(docs.slice(start, i + 1 - start))
            start, chars = i + 1, 0
    if start < docs.height or not out:
        out.append(docs.slice(start))
    return out


WORKER_NICENESS = 5


def _init_worker(cache_dir: str) -> None:
    from transforms import extract, segment

    # the flow's process (and Prefect's API) run the run's serial part: reading, loading, validating,
    # publishing, starting up. Workers yield the CPU to them and take every cycle they leave.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    compiled_code_cache(cache_dir)

    segment.words("重庆", cache_dir=cache_dir)  # the dictionary and the cutter's log probabilities
    extract.quantities("重庆增长6.4%")  # compiles the regexes and loads the gazetteer


def _process(docs: pl.DataFrame, cache_dir: str, budget_s: float | None) -> Processed:
    return process(docs, cache_dir=cache_dir, budget_s=budget_s)


class _Done:
    """A finished future for work done in-process."""

    def __init__(self, value: Processed) -> None:
        self._value = value

    def result(self) -> Processed:
        return self._value


class _Part:
    """The rows of some documents in a chunk computed ahead (see :meth:`Pool.prefetch`)."""

    def __init__(self, future: Future[Processed], keys: list[tuple[str, str]], claimed: set[int]) -> None:
        self.future, self.keys, self.claimed = future, keys, claimed

    def result(self) -> Processed:
        done = self.future.result()
        ids = pl.DataFrame(self.keys, schema={"doc_id": pl.String, "source": pl.String}, orient="row")

        def pick(frame: pl.DataFrame) -> pl.DataFrame:
            return frame.join(ids, on=["doc_id", "source"], how="semi", maintain_order="left")

        # a chunk's CPU seconds and characters count once, with the first batch that takes rows from it
        first = id(self.future) not in self.claimed
        self.claimed.add(id(self.future))
        return Processed(pick(done.articles), pick(done.sentences), pick(done.indicators),
                         done.chars if first else 0, done.seconds if first else {}, pick(done.rejected))


class Pool:
    """Worker processes kept for a whole run; ``submit`` sends a batch's chunks and returns their futures."""

    def __init__(self, *, cache_dir: str, workers: int = 0, min_chars: int = 300_000,
                 budget_s: float | None = None) -> None:
        self.cache_dir = cache_dir
        self.budget_s = budget_s
        self.workers = workers or os.cpu_count() or 1
        self.min_chars = min_chars
        self._executor: ProcessPoolExecutor | None = None
        self._ahead: dict[tuple[str, str], Future[Processed]] = {}
        self._claimed: set[int] = set()

    def prefetch(self, docs: pl.DataFrame) -> None:
        """Start the CPU stages of documents a batch will bring (the CLI does, while Prefect starts).

        The stages are pure functions of (doc_id, source, text), and doc_id is the hash of the bytes the
        text is decoded from: :meth:`submit` takes the results for the same documents instead of
        computing them again.
        """
        self.start()
        if self._executor is None:
            return
        for chunk in chunks(docs.select("doc_id", "source", "text")):
            future = self._executor.submit(_process, chunk, self.cache_dir, self.budget_s)
            for key in chunk.select("doc_id", "source").iter_rows():
                self._ahead[key] = future

    def start(self) -> Pool:
        """Start the workers now (they load the dictionary while the caller does something else)."""
        if self._executor is None and self.workers > 1:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=get_context("spawn"),
                initializer=_init_worker, initargs=(self.cache_dir,),
            )
            for _ in range(self.workers):  # spawn every worker now, not on first use
                self._executor.submit(int)
        return self

    def submit(self, docs: pl.DataFrame) -> list[Future[Processed] | _Done | _Part]:
        ahead: dict[int, _Part] = {}
        if self._ahead:
            keys = list(docs.select("doc_id", "source").iter_rows())
            for key in keys:
                if key in self._ahead:
                    future = self._ahead.pop(key)
                    ahead.setdefault(id(future), _Part(future, [], self._claimed)).keys.append(key)
            if ahead:
                taken = pl.DataFrame([k for p in ahead.values() for k in p.keys], orient="row",
                                     schema={"doc_id": pl.String, "source": pl.String})
                docs = docs.join(taken, on=["doc_id", "source"], how="anti", maintain_order="left")
                if docs.is_empty():
                    return list(ahead.values())
        return [*ahead.values(), *self._submit(docs)]

    def _submit(self, docs: pl.DataFrame) -> list[Future[Processed] | _Done]:
        parts = chunks(docs.select("doc_id", "source", "text"))
        total = int(docs.get_column("text").str.len_chars().sum() or 0)
        if self._executor is None and (self.workers == 1 or total < self.min_chars):
            return [_Done(process(p, cache_dir=self.cache_dir, budget_s=self.budget_s)) for p in parts]
        self.start()
        return [self._executor.submit(_process, p, self.cache_dir, self.budget_s) for p in parts]

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_started: Pool | None = None


def prestart(*, cache_dir: str, workers: int = 0, min_chars: int = 300_000, budget_s: float | None = None) -> Pool:
    """Start the run's pool ahead of the flow (the CLI does, while Prefect's API starts); :func:`pool` hands
    it to the flow."""
    global _started
    _started = Pool(cache_dir=cache_dir, workers=workers, min_chars=min_chars, budget_s=budget_s).start()
    return _started


def pool(*, cache_dir: str, workers: int = 0, min_chars: int = 300_000, budget_s: float | None = None) -> Pool:
    """The pool :func:`prestart` started for these settings, or a new (lazily started) one."""
    global _started
    ready, _started = _started, None
    want = workers or os.cpu_count() or 1
    if ready is not None and (ready.cache_dir, ready.workers, ready.budget_s) == (cache_dir, want, budget_s):
        return ready
    if ready is not None:
        ready.close()
    return Pool(cache_dir=cache_dir, workers=workers, min_chars=min_chars, budget_s=budget_s)


_warming: threading.Thread | None = None


def warm_imports() -> None:
    """Import Great Expectations in a background thread (≈ 10 s), while the flow's process mostly waits:
    on Prefect's API starting, or on the workers' first chunks. :func:`imports_ready` joins it."""
    global _warming
    if _warming is None and "great_expectations.expectations" not in sys.modules:
        _warming = threading.Thread(target=_import_gx, name="zhibiao-warm-imports", daemon=True)
        _warming.start()


def _import_gx() -> None:
    with contextlib.suppress(Exception):  # the validate task imports it again and reports any error
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        importlib.import_module("great_expectations")
        importlib.import_module("great_expectations.expectations")


def imports_ready() -> None:
    """Wait for :func:`warm_imports` (so that no module is imported from two threads at once).

    Then, once per process, what the imports made (≈ 400k objects of Prefect, GX, polars, pandas, which
    live as long as the process) is moved out of the cyclic collector's sight (``gc.freeze``): the full
    collection after each validation (:func:`flows.quality.validate`) then walks only what the run made
    since: under 0.01 s instead of ≈ 0.4 s per sub-batch (measured on the 30 MB bench corpus).
    """
    if _warming is not None:
        _warming.join()
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
