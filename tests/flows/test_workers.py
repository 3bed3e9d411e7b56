"""What runs in a worker: the stage chain over a chunk, the same rows however the documents are chunked,
and the per-document time budget (a document whose stages run too long is rejected, the rest goes on).

The slow document is made slow on purpose (a first stage that sleeps when it meets a marker), so the
tests do not depend on how fast this machine is: they check that the sleep was interrupted, not how long
anything took.
"""

from __future__ import annotations

import shutil
import threading
import time
import types

import polars as pl
import pytest

from flows import executors, workers
from tests import pagegen
from tests.conftest import SEEDS, run, warehouse_rows

SEED_TEXT = next(SEEDS.glob("*.txt")).read_text("utf-8")
SLOW_MARK = "慢文档标记"
BUDGET = 3.0  # far above what the small test documents need, once the dictionary is loaded


@pytest.fixture
def slow_stages(monkeypatch, jieba_cache):
    """Documents holding SLOW_MARK take BUDGET + 2 s in the first stage (interruptible, like real work);
    the list it returns records each interrupted sleep. The dictionary is loaded (and the cutter compiled)
    first, in the cache dirs the tests use, as pool workers do in their initializer:
    the budget measures the work, not the set-up."""
    from transforms import segment, stages

    segment.tokenizer(jieba_cache)  # the cache dir of the runs too (ZHIBIAO_CACHE_DIR)
    real = stages.articles
    interrupted: list[str] = []

    def articles(docs: pl.DataFrame) -> pl.DataFrame:
        if docs.get_column("text").str.contains(SLOW_MARK).any():
            try:
                time.sleep(BUDGET + 2)
            except workers.OverBudget:
                interrupted.append(threading.current_thread().name)
                raise
            raise AssertionError("the slow document's stages ran to their end: the budget did not interrupt them")
        return real(docs)

    monkeypatch.setattr(stages, "articles", articles)
    return interrupted


def _docs(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "source": [f"s{i}.txt" for i in range(len(texts))], "text": list(texts)})


def test_chunked_processing_gives_the_same_rows(jieba_cache):
    texts = [(SEEDS / p.name).read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [pagegen.page(i)[0] for i in range(3)]
    docs = _docs(*texts)
    whole = workers.process(docs, cache_dir=jieba_cache)
    parts = workers.combine([workers.process(p, cache_dir=jieba_cache) for p in executors.chunks(docs, size=1)])
    assert parts.indicators.equals(whole.indicators)
    assert parts.observations.equals(whole.observations)
    assert parts.sentences.equals(whole.sentences)
    assert parts.sentences.select((pl.col("tokens").list.join("") == pl.col("text")).all()).item()
    assert set(whole.seconds) == {"clean", "split", "segment", "extract", "observe"}
    assert whole.chars == sum(len(t) for t in texts) == parts.chars


def test_within_budget_nothing_changes(jieba_cache):
    plain = workers.process(_docs(SEED_TEXT, SEED_TEXT[:3000]), cache_dir=jieba_cache)
    budgeted = workers.process(_docs(SEED_TEXT, SEED_TEXT[:3000]), cache_dir=jieba_cache, budget_s=60)
    assert budgeted.rejected.is_empty()
    assert budgeted.indicators.equals(plain.indicators)
    assert budgeted.sentences.equals(plain.sentences)


def test_the_slow_document_is_interrupted_in_the_main_thread(jieba_cache, slow_stages):
    out = workers.process(_docs(SEED_TEXT[:2000], SLOW_MARK + SEED_TEXT[:2000]), cache_dir=jieba_cache,
                          budget_s=BUDGET)
    assert out.rejected.get_column("doc_id").to_list() == ["d1"]
    assert f"per-document time budget ({BUDGET:g} s)" in out.rejected.item(0, "reason")
    assert set(out.indicators.get_column("doc_id")) == {"d0"}
    # interrupted twice (the chunk, then the document alone), never waited out
    assert slow_stages == ["MainThread", "MainThread"]


def test_the_slow_document_is_rejected_in_a_thread_too(jieba_cache, monkeypatch):
    """Outside a main thread no signal can interrupt: the time is checked when the stages end."""
    # the budget's clock sees the chunk, then the first document alone, take longer than the budget
    clock = iter([0.0, BUDGET + 1, 10.0, 10.0 + BUDGET + 1, 20.0, 20.5])
    monkeypatch.setattr(workers, "time", types.SimpleNamespace(monotonic=lambda: next(clock)))
    box = {}
    worker = threading.Thread(target=lambda: box.setdefault("out", workers.process(
        _docs(SLOW_MARK + SEED_TEXT[:2000], SEED_TEXT[:2000]), cache_dir=jieba_cache, budget_s=BUDGET)))
    worker.start()
    worker.join()
    assert box["out"].rejected.get_column("doc_id").to_list() == ["d0"]
    assert set(box["out"].indicators.get_column("doc_id")) == {"d1"}


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_rejects_the_slow_document_and_publishes_the_rest(tmp_path, slow_stages):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "slow.txt").write_text(SLOW_MARK + "。重庆上半年地区生产总值增长6.4%。", "utf-8")
    data = tmp_path / "data"
    # in the flow's process (no pool), so the patched stage is the one that runs
    summary = run(inbox, data, doc_budget_s=BUDGET, pool_min_chars=100_000_000)
    assert summary["status"] == "published" and summary["new"] == 1 and summary["rejected"] == 1, str(summary)
    rejected = dict(warehouse_rows(data, "SELECT source, reason FROM rejected_documents"))
    assert "time budget" in rejected["slow.txt"]
    assert warehouse_rows(data, "SELECT DISTINCT source FROM indicators") == [(p.name,) for p in SEEDS.glob("*.txt")]
    assert warehouse_rows(data, "SELECT count(*) FROM documents") == [(1,)]
    assert slow_stages  # the run's stages met the slow document and were cut short
