"""The per-document time budget: a document whose CPU stages run too long is rejected, the rest goes on.

The slow document is made slow on purpose (a stage that sleeps when it meets a marker), so the tests
do not depend on how fast this machine is.
"""

from __future__ import annotations

import shutil
import threading
import time

import polars as pl
import pytest

from flows import workers
from tests.conftest import SEEDS, warehouse_rows

SEED_TEXT = next(SEEDS.glob("*.txt")).read_text("utf-8")
SLOW_MARK = "慢文档标记"
BUDGET = 3.0  # far above what the small test documents need, once the dictionary is loaded


@pytest.fixture
def slow_stages(monkeypatch, tmp_path):
    """Documents holding SLOW_MARK take BUDGET + 2 s in the CPU stages (interruptible, like real work).
    The dictionary is loaded (and the cutter compiled) first, in the cache dir a run on ``tmp_path / "data"``
    uses, as pool workers do in their initializer: the budget measures the work, not the set-up."""
    from transforms import segment

    for cache_dir in (tmp_path, tmp_path / "data" / ".cache" / "jieba"):
        segment.tokenizer(str(cache_dir))
    real = workers._stages

    def stages(docs: pl.DataFrame, cache_dir: str) -> workers.Processed:
        if docs.get_column("text").str.contains(SLOW_MARK).any():
            time.sleep(BUDGET + 2)
        return real(docs, cache_dir)

    monkeypatch.setattr(workers, "_stages", stages)


def _docs(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "source": [f"s{i}.txt" for i in range(len(texts))], "text": list(texts)})


def test_within_budget_nothing_changes(tmp_path):
    plain = workers.process(_docs(SEED_TEXT, SEED_TEXT[:3000]), cache_dir=str(tmp_path))
    budgeted = workers.process(_docs(SEED_TEXT, SEED_TEXT[:3000]), cache_dir=str(tmp_path), budget_s=60)
    assert budgeted.rejected.is_empty()
    assert budgeted.indicators.equals(plain.indicators)
    assert budgeted.sentences.equals(plain.sentences)


@pytest.mark.usefixtures("slow_stages")
def test_the_slow_document_is_interrupted_in_the_main_thread(tmp_path):
    started = time.monotonic()
    out = workers.process(_docs(SEED_TEXT[:2000], SLOW_MARK + SEED_TEXT[:2000]), cache_dir=str(tmp_path),
                          budget_s=BUDGET)
    assert out.rejected.get_column("doc_id").to_list() == ["d1"]
    assert f"per-document time budget ({BUDGET:g} s)" in out.rejected.item(0, "reason")
    assert set(out.indicators.get_column("doc_id")) == {"d0"}
    assert time.monotonic() - started < 2 * (BUDGET + 2)  # interrupted, not waited out twice


@pytest.mark.usefixtures("slow_stages")
def test_the_slow_document_is_rejected_in_a_thread_too(tmp_path):
    box = {}
    worker = threading.Thread(target=lambda: box.setdefault("out", workers.process(
        _docs(SLOW_MARK + SEED_TEXT[:2000], SEED_TEXT[:2000]), cache_dir=str(tmp_path), budget_s=BUDGET)))
    worker.start()
    worker.join()
    assert box["out"].rejected.get_column("doc_id").to_list() == ["d0"]
    assert set(box["out"].indicators.get_column("doc_id")) == {"d1"}


@pytest.mark.usefixtures("prefect_harness", "slow_stages")
def test_a_run_rejects_the_slow_document_and_publishes_the_rest(tmp_path, monkeypatch):
    from flows.pipeline import zhibiao_run

    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "slow.txt").write_text(SLOW_MARK + "。重庆上半年地区生产总值增长6.4%。", "utf-8")
    monkeypatch.setenv("ZHIBIAO_DOC_BUDGET_S", str(BUDGET))
    monkeypatch.setenv("ZHIBIAO_POOL_MIN_CHARS", "100000000")  # in-process, so the patched stage is used
    data = tmp_path / "data"
    summary = zhibiao_run(inbox=str(inbox), data_dir=str(data))
    assert summary["status"] == "published" and summary["new"] == 1 and summary["rejected"] == 1, str(summary)
    rejected = dict(warehouse_rows(data, "SELECT source, reason FROM rejected_documents"))
    assert "time budget" in rejected["slow.txt"]
    assert warehouse_rows(data, "SELECT DISTINCT source FROM indicators") == [(p.name,) for p in SEEDS.glob("*.txt")]
    assert warehouse_rows(data, "SELECT count(*) FROM documents") == [(1,)]
