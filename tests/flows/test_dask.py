"""Scale-out: the CPU stages on a Dask cluster through prefect-dask; DuckDB stays the single writer."""

from __future__ import annotations

import hashlib
import shutil
import sys

import duckdb
import polars as pl
import pytest

from flows import workers
from flows.settings import resolve
from tests import pagegen
from tests.conftest import SEEDS

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _tokenizers_loaded() -> int:
    segment = sys.modules.get("transforms.segment")
    return segment.tokenizer.cache_info().currsize if segment else 0


def test_run_on_a_local_two_process_dask_cluster(tmp_path):
    from distributed import Client, LocalCluster

    from flows.pipeline import flow_for

    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for i in range(3):
        texts[f"gen_{i}.txt"] = pagegen.page(i)[0]
        (inbox / f"gen_{i}.txt").write_text(texts[f"gen_{i}.txt"], encoding="utf-8")
    data = tmp_path / "data"

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        settings = resolve(inbox=str(inbox), data_dir=data, task_runner="dask", dask_address=cluster.scheduler_address)
        summary = flow_for(settings)(inbox=str(inbox), data_dir=str(data), task_runner="dask",
                                     dask_address=cluster.scheduler_address)
        # the CPU stages ran on the cluster: a worker process loaded the jieba dictionary
        loaded = client.run(_tokenizers_loaded)
        assert len(loaded) == 2 and sum(loaded.values()) >= 1

    assert summary["status"] == "published" and summary["new"] == 4
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        got = sorted(r[0] for r in con.execute("SELECT indicator_id FROM indicators").fetchall())
        n_sents = con.execute("SELECT count(*) FROM sentences WHERE len(tokens) > 0").fetchone()[0]
    finally:
        con.close()
    docs = pl.DataFrame({"doc_id": [hashlib.sha256((inbox / n).read_bytes()).hexdigest() for n in sorted(texts)],
                         "source": sorted(texts), "text": [texts[n] for n in sorted(texts)]})
    local = workers.process(docs, cache_dir=str(tmp_path / "jieba"))
    assert got == sorted(local.indicators.get_column("indicator_id").to_list())
    assert n_sents == local.sentences.height == summary["sentences"]
