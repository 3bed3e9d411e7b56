"""Where the CPU stages of a run's chunks run: the flow's own process, a local worker pool, or Dask.

:func:`choose` picks the executor from the settings (``task_runner``) for the whole run; the flow only
calls ``submit(docs)`` (a batch's documents, cut into chunks of whole documents) and ``.result()`` on
what it returns. The flow is the single writer either way: executors only compute.

* ``local``: :class:`Pool`, spawned worker processes kept for the run (each loads the dictionary once,
  in :func:`flows.workers.initialize`). A batch under ``pool_min_chars`` runs in the flow's process, so a
  small run never starts the pool; a run whose survey already shows enough new bytes starts it at once,
  so the workers load the dictionary while the flow reads and decodes the first sub-batch.
* ``dask``: :class:`Dask`, prefect-dask's ``DaskTaskRunner`` entered by the flow itself (a cluster at
  ``dask_address``, else a local one of ``workers`` processes); each chunk is a Prefect task
  (``process documents``) on it. The flow chooses it from its settings, so a deployment served by
  ``zhibiao serve`` runs on Dask exactly as ``zhibiao run --task-runner dask`` does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Protocol

import polars as pl

from flows import workers
from flows.settings import Settings

# Characters of document text per work item: big enough that pickling and scheduling are noise,
# small enough that both workers stay busy until the end of a batch (≈ 3 s of work each).
CHUNK_CHARS = 250_000
# UTF-8 bytes per character of a Chinese page, to judge from the survey's byte count whether a run will
# need the pool
BYTES_PER_CHAR = 3


class Result(Protocol):
    def result(self) -> workers.Processed: ...


class Executor(Protocol):
    def submit(self, docs: pl.DataFrame) -> list[Result]: ...


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


class Done:
    """A finished result of work done in the flow's process."""

    def __init__(self, value: workers.Processed) -> None:
        self._value = value

    def result(self) -> workers.Processed:
        return self._value


def _process(docs: pl.DataFrame, cache_dir: str, budget_s: float | None) -> workers.Processed:
    return workers.process(docs, cache_dir=cache_dir, budget_s=budget_s)


class Pool:
    """Worker processes kept for a whole run, started on first need (or at once with :meth:`start`)."""

    def __init__(self, *, cache_dir: str, workers: int = 0, min_chars: int = 300_000,
                 budget_s: float | None = None, eager: bool = False) -> None:
        self.cache_dir = cache_dir
        self.eager = eager
        self.budget_s = budget_s
        self.workers = workers or os.cpu_count() or 1
        self.min_chars = min_chars
        self._executor: ProcessPoolExecutor | None = None
        self._ahead: tuple[tuple, list[Result]] | None = None  # work begun by prefetch()

    def start(self) -> Pool:
        """Start the workers now (they load the dictionary while the caller does something else)."""
        if self._executor is None and self.workers > 1:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=get_context("spawn"),
                initializer=workers.initialize, initargs=(self.cache_dir,),
            )
            for _ in range(self.workers):  # spawn every worker now, not on first use
                self._executor.submit(int)
        return self

    @property
    def started(self) -> bool:
        return self._executor is not None

    def submit(self, docs: pl.DataFrame) -> list[Result]:
        frame = workers.for_chain(docs)
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            if ahead[0] == _key(frame):
                return ahead[1]  # begun by prefetch(): the same documents
            for future in ahead[1]:
                future.cancel()  # not what the flow reads after all: what has not started is dropped
        parts = chunks(frame)
        total = int(docs.get_column("text").str.len_chars().sum() or 0)
        if self._executor is None and (self.workers == 1 or total < self.min_chars):
            return [Done(_process(p, self.cache_dir, self.budget_s)) for p in parts]
        self.start()
        return self._in_workers(parts)

    def _in_workers(self, parts: list[pl.DataFrame]) -> list[Result]:
        return [self._executor.submit(_process, p, self.cache_dir, self.budget_s) for p in parts]

    def offload(self, fn: Callable[..., Any], /, *args: Any) -> Future | None:
        """``fn(*args)`` in a worker (``fn`` importable, arguments pickled) when the workers are started; None
        when they are not (the caller does the work itself: no pool is started for it). The review site
        renders document pages this way at the run's end, when the workers would otherwise sit idle."""
        if self._executor is None:
            return None
        return self._executor.submit(fn, *args)

    def prefetch(self, docs: pl.DataFrame) -> bool:
        """Begin the CPU stages of ``docs`` on the started pool now (``flows.app``: the first sub-batch, while
        the Prefect API boots and the flow starts). The next :meth:`submit` of the same documents (ids and
        sources, in order) takes this work instead of doing it again; a submit of anything else drops it.
        False (nothing begun) when the pool is not started."""
        if self._executor is None or docs.is_empty():
            return False
        frame = workers.for_chain(docs)
        self._ahead = (_key(frame), self._in_workers(chunks(frame)))
        return True

    def close(self) -> None:
        self._ahead = None
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> Pool:
        return self.start() if self.eager else self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _key(frame: pl.DataFrame) -> tuple:
    """What identifies a submission: its documents' ids and sources, in order (the text is the decoded bytes
    the id is the hash of)."""
    return tuple(frame.get_column("doc_id").to_list()), tuple(frame.get_column("source").to_list())


class Dask:
    """Chunks as Prefect tasks on a Dask cluster, through a ``DaskTaskRunner`` the flow enters itself."""

    def __init__(self, settings: Settings) -> None:
        from prefect_dask import DaskTaskRunner

        self.settings = settings
        if settings.dask_address:
            self.runner = DaskTaskRunner(address=settings.dask_address)
        else:
            self.runner = DaskTaskRunner(cluster_kwargs={"n_workers": settings.workers or os.cpu_count() or 1,
                                                         "threads_per_worker": 1, "processes": True})

    def submit(self, docs: pl.DataFrame) -> list[Result]:
        from flows.tasks import process_chunk

        return [self.runner.submit(process_chunk, parameters={
            "docs": chunk, "cache_dir": str(self.settings.jieba_cache), "budget_s": self.settings.doc_budget_s})
            for chunk in chunks(workers.for_chain(docs))]

    def __enter__(self) -> Dask:
        self.runner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.runner.__exit__(*exc)


def choose(settings: Settings, *, expected_bytes: int = 0) -> Pool | Dask:
    """The executor the settings name, not yet entered (nothing started). ``expected_bytes``: the new bytes
    the run's survey found; with enough for the pool (``pool_min_chars``) the local pool starts as soon as
    it is entered rather than at the first submission."""
    if settings.task_runner == "dask":
        return Dask(settings)
    return Pool(cache_dir=str(settings.jieba_cache), workers=settings.workers, min_chars=settings.pool_min_chars,
                budget_s=settings.doc_budget_s,
                eager=expected_bytes >= BYTES_PER_CHAR * settings.pool_min_chars)


def early_pool(settings: Settings, *, expected_bytes: int) -> Pool | None:
    """A local pool to start before the flow begins (``flows.app``), when the settings run the stages locally
    and the survey found enough new bytes to need it; else None (the flow chooses its executor itself)."""
    if settings.task_runner == "dask":
        return None
    pool = choose(settings, expected_bytes=expected_bytes)
    return pool if isinstance(pool, Pool) and pool.eager and pool.workers > 1 else None
