"""Run jieba over every sentence of a batch: in-process for small batches, in a process pool otherwise.

Each pool worker loads the dictionary once (its initializer) and keeps the cache in the data dir.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import polars as pl

from transforms import segment

CHUNK_CHARS = 200_000


def _init_worker(cache_dir: str) -> None:
    segment.tokenizer(cache_dir)


def _segment_chunk(args: tuple[list[str], str]) -> list[list[str]]:
    texts, cache_dir = args
    return segment.words_many(texts, cache_dir=cache_dir)


def _chunks(texts: list[str], size: int) -> list[list[str]]:
    chunks, current, chars = [], [], 0
    for t in texts:
        current.append(t)
        chars += len(t)
        if chars >= size:
            chunks.append(current)
            current, chars = [], 0
    if current:
        chunks.append(current)
    return chunks


def tokens(
    sents: pl.DataFrame,
    *,
    cache_dir: str,
    workers: int = 0,
    pool_min_chars: int = 300_000,
    progress: Callable[[int, int], None] | None = None,
) -> pl.DataFrame:
    """``sents`` with a ``tokens`` column (List[String]); ``"".join(tokens) == text`` for every row."""
    texts = sents.get_column("text").to_list()
    total = sum(map(len, texts))
    chunks = _chunks(texts, CHUNK_CHARS)
    n_workers = workers or os.cpu_count() or 1
    out: list[list[str]] = []
    done = 0
    if total < pool_min_chars or n_workers == 1 or len(chunks) == 1:
        for chunk in chunks:
            out.extend(segment.words_many(chunk, cache_dir=cache_dir))
            done += sum(map(len, chunk))
            if progress:
                progress(done, total)
    else:
        with ProcessPoolExecutor(
            max_workers=min(n_workers, len(chunks)), mp_context=get_context("spawn"),
            initializer=_init_worker, initargs=(cache_dir,),
        ) as pool:
            for chunk, words in zip(chunks, pool.map(_segment_chunk, [(c, cache_dir) for c in chunks]), strict=True):
                out.extend(words)
                done += sum(map(len, chunk))
                if progress:
                    progress(done, total)
    return sents.with_columns(tokens=pl.Series("tokens", out, dtype=pl.List(pl.String)))
