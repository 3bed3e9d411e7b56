"""Where a run's CPU stages run: chunks of whole documents, in-process or in the worker pool (the same
rows), and Dask through prefect-dask when the settings say so — whoever calls the flow."""

from __future__ import annotations

import hashlib
import shutil
import sys

import polars as pl
import pytest

from flows import executors, workers
from flows.settings import resolve
from tests import pagegen
from tests.conftest import SEEDS, run, warehouse_rows


def _docs(texts: list[str]) -> pl.DataFrame:
    n = range(len(texts))
    return pl.DataFrame({"doc_id": [f"d{i}" for i in n], "source": [f"{i}.txt" for i in n], "text": texts})


def test_chunks_keep_whole_documents_in_order():
    docs = _docs(["甲" * 50, "乙" * 50, "丙" * 120, "丁" * 10])
    parts = executors.chunks(docs, size=100)
    assert [p.get_column("doc_id").to_list() for p in parts] == [["d0", "d1"], ["d2"], ["d3"]]
    assert executors.chunks(docs.head(0), size=100)[0].height == 0


def test_the_pool_gives_the_rows_the_flows_process_gives(jieba_cache):
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs = _docs(seeds + [pagegen.page(i)[0] for i in range(3)])
    small = executors.Pool(cache_dir=jieba_cache, workers=2, min_chars=10**9)
    with small:
        here = workers.combine([r.result() for r in small.submit(docs)])
        assert not small.started  # under pool_min_chars: in the flow's process, no worker started
    with executors.Pool(cache_dir=jieba_cache, workers=2, min_chars=0) as pool:
        pooled = workers.combine([r.result() for r in pool.submit(docs)])
        assert pool.started
    assert pooled.indicators.equals(here.indicators)
    assert pooled.sentences.equals(here.sentences)


def test_work_begun_by_prefetch_is_taken_by_the_same_submission_only(jieba_cache):
    """The first sub-batch begun while the flow starts (``flows.app``) is not done twice: the flow's own
    submission of the same documents gets that work; a submission of other documents drops it."""
    docs = _docs([pagegen.page(i)[0] for i in range(2)])
    with executors.Pool(cache_dir=jieba_cache, workers=2, min_chars=0, eager=True) as pool:
        assert pool.prefetch(docs)
        begun = pool._ahead[1]
        taken = pool.submit(docs.with_columns(batch_id=pl.lit("b1")))  # the flow's frame has more columns
        assert taken is begun
        again = pool.submit(docs)  # nothing begun any more: new work
        assert all(a is not b for a, b in zip(again, begun, strict=False))
        assert workers.combine([r.result() for r in taken]).indicators.equals(
            workers.combine([r.result() for r in again]).indicators)
        assert pool.prefetch(docs.head(1))
        other = pool.submit(docs.tail(1))
        assert pool._ahead is None and workers.combine([r.result() for r in other]).articles.get_column(
            "doc_id").unique().to_list() == ["d1"]
    assert not executors.Pool(cache_dir=jieba_cache, workers=2, min_chars=0).prefetch(docs)  # not started


def test_the_settings_pick_the_executor():
    """The flow picks its executor from the settings it is handed, so `zhibiao serve` with
    ``ZHIBIAO_TASK_RUNNER=dask`` runs the CPU stages on Dask as `zhibiao run --task-runner dask` does
    (before, a served flow ran them in threads)."""
    assert isinstance(executors.choose(resolve(task_runner="local")), executors.Pool)
    local_cluster = executors.choose(resolve(task_runner="dask", workers=3))
    assert isinstance(local_cluster, executors.Dask) and local_cluster.runner.cluster_kwargs["n_workers"] == 3
    remote = executors.choose(resolve(dask_address="tcp://127.0.0.1:8786"))  # an address means Dask
    assert isinstance(remote, executors.Dask) and remote.runner.address == "tcp://127.0.0.1:8786"


def test_a_run_with_enough_new_bytes_starts_the_pool_at_once(tmp_path):
    """Enough new bytes for the pool (≈ 3 UTF-8 bytes a character): it starts when the run enters it, so the
    workers load the dictionary while the flow reads; less, and it starts on first need, if ever."""
    settings = resolve(data_dir=tmp_path, pool_min_chars=100, workers=2)
    assert not executors.choose(settings, expected_bytes=299).eager
    assert executors.choose(settings, expected_bytes=300).eager
    with executors.choose(settings, expected_bytes=299) as lazy:
        assert not lazy.started


def _tokenizers_loaded() -> int:
    """Cutters this process loaded (from the cache dir's table, or built from jieba's dictionary)."""
    segment = sys.modules.get("transforms.segment")
    return len(segment._cutters) if segment else 0


@pytest.mark.usefixtures("prefect_harness")
def test_run_on_a_local_two_process_dask_cluster(tmp_path, jieba_cache):
    from distributed import Client, LocalCluster

    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for i in range(3):
        texts[f"gen_{i}.txt"] = pagegen.page(i)[0]
        (inbox / f"gen_{i}.txt").write_text(texts[f"gen_{i}.txt"], encoding="utf-8")
    data = tmp_path / "data"

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        summary = run(inbox, data, dask_address=cluster.scheduler_address)
        # the CPU stages ran on the cluster: a worker process loaded the dictionary's cutter
        loaded = client.run(_tokenizers_loaded)
        assert len(loaded) == 2 and sum(loaded.values()) >= 1

    assert summary["status"] == "published" and summary["new"] == 4
    got = sorted(r[0] for r in warehouse_rows(data, "SELECT indicator_id FROM indicators"))
    (n_sents,), = warehouse_rows(data, "SELECT count(*) FROM sentences WHERE len(tokens) > 0")
    docs = pl.DataFrame({"doc_id": [hashlib.sha256((inbox / n).read_bytes()).hexdigest() for n in sorted(texts)],
                         "source": sorted(texts), "text": [texts[n] for n in sorted(texts)]})
    local = workers.process(docs, cache_dir=jieba_cache)
    assert got == sorted(local.indicators.get_column("indicator_id").to_list())
    assert n_sents == local.sentences.height == summary["sentences"]
