"""The per-document time budget: a document whose CPU stages run too long is rejected, the rest goes on."""

from __future__ import annotations

import shutil
import threading

import polars as pl
import pytest

from flows import workers
from tests.conftest import SEEDS, warehouse_rows

SEED_TEXT = next(SEEDS.glob("*.txt")).read_text("utf-8")
# dense numbers on one line: linear, but slow enough to blow a small budget
PATHOLOGICAL = "重庆增长6.4%，涪陵区产量11.3万辆；" * 60_000


def _docs(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "source": [f"s{i}.txt" for i in range(len(texts))], "text": list(texts)})


def test_within_budget_nothing_changes(tmp_path):
    plain = workers.process(_docs(SEED_TEXT, SEED_TEXT[:3000]), cache_dir=str(tmp_path))
    budgeted = workers.process(_docs(SEED_TEXT, SEED_TEXT[:3000]), cache_dir=str(tmp_path), budget_s=60)
    assert budgeted.rejected.is_empty()
    assert budgeted.indicators.equals(plain.indicators)
    assert budgeted.sentences.equals(plain.sentences)


def test_the_slow_document_is_rejected_in_the_main_thread(tmp_path):
    out = workers.process(_docs(SEED_TEXT, PATHOLOGICAL), cache_dir=str(tmp_path), budget_s=2.5)
    assert out.rejected.get_column("doc_id").to_list() == ["d1"]
    assert "per-document time budget (2.5 s)" in out.rejected.item(0, "reason")
    assert set(out.indicators.get_column("doc_id")) == {"d0"}


def test_the_slow_document_is_rejected_in_a_thread_too(tmp_path):
    box = {}
    worker = threading.Thread(target=lambda: box.setdefault(
        "out", workers.process(_docs(PATHOLOGICAL[:500_000], SEED_TEXT), cache_dir=str(tmp_path), budget_s=2.5)))
    worker.start()
    worker.join()
    assert box["out"].rejected.get_column("doc_id").to_list() == ["d0"]
    assert set(box["out"].indicators.get_column("doc_id")) == {"d1"}


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_rejects_the_slow_document_and_publishes_the_rest(tmp_path, monkeypatch):
    from flows.pipeline import zhibiao_run

    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "slow.txt").write_text(PATHOLOGICAL[:500_000], "utf-8")
    monkeypatch.setenv("ZHIBIAO_DOC_BUDGET_S", "2.5")
    monkeypatch.setenv("ZHIBIAO_POOL_MIN_CHARS", "100000000")  # in-process: the thread path of the budget
    data = tmp_path / "data"
    summary = zhibiao_run(inbox=str(inbox), data_dir=str(data))
    assert summary["status"] == "published" and summary["new"] == 1 and summary["rejected"] == 1
    rejected = dict(warehouse_rows(data, "SELECT source, reason FROM rejected_documents"))
    assert "time budget" in rejected["slow.txt"]
    assert warehouse_rows(data, "SELECT DISTINCT source FROM indicators") == [(p.name,) for p in SEEDS.glob("*.txt")]
    assert warehouse_rows(data, "SELECT count(*) FROM documents") == [(1,)]
