"""Sub-batches and the worker pool: the same rows whatever the batch size, each batch published on its own."""

from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest

from flows import workers
from flows.pipeline import Summary, _aggregate
from tests import pagegen
from tests.conftest import SEEDS


def _docs(texts: list[str]) -> pl.DataFrame:
    n = range(len(texts))
    return pl.DataFrame({"doc_id": [f"d{i}" for i in n], "source": [f"{i}.txt" for i in n], "text": texts})


def test_chunks_keep_whole_documents_in_order():
    docs = _docs(["甲" * 50, "乙" * 50, "丙" * 120, "丁" * 10])
    parts = workers.chunks(docs, size=100)
    assert [p.get_column("doc_id").to_list() for p in parts] == [["d0", "d1"], ["d2"], ["d3"]]
    assert workers.chunks(docs.head(0), size=100)[0].height == 0


def test_chunked_processing_gives_the_same_rows(tmp_path):
    texts = [(SEEDS / p.name).read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [pagegen.page(i)[0] for i in range(3)]
    docs = _docs(texts)
    whole = workers.process(docs, cache_dir=str(tmp_path))
    parts = workers.combine([workers.process(p, cache_dir=str(tmp_path)) for p in workers.chunks(docs, size=1)])
    assert parts.indicators.equals(whole.indicators)
    assert parts.sentences.equals(whole.sentences)
    assert parts.sentences.select((pl.col("tokens").list.join("") == pl.col("text")).all()).item()
    assert set(whole.seconds) == {"clean", "split", "segment", "extract"}


def test_aggregate_adds_counts_and_lists_every_output():
    a = Summary(batch_id="b1", status="published", new=2, indicators=5, checks=3,
                outputs={"indicators": "p/b1.parquet", "warehouse": "w.duckdb"})
    b = Summary(batch_id="b2", status="quarantined", new=1, indicators=1, checks=3, failed_critical=["x"],
                outputs={"quarantine": "q/b2", "warehouse": "w.duckdb"})
    c = Summary(batch_id="b3", skipped=4, rejected=1)
    s = _aggregate([a, b, c])
    assert (s.status, s.new, s.skipped, s.rejected, s.indicators, s.checks) == ("quarantined", 3, 4, 1, 6, 6)
    assert s.batches == ["b1", "b2", "b3"] and s.failed_critical == ["x"]
    assert s.outputs == {"indicators": "p/b1.parquet", "warehouse": "w.duckdb", "quarantine": "q/b2"}


@pytest.mark.usefixtures("prefect_harness")
def test_sub_batches_publish_the_same_indicators_as_one_batch(tmp_path, monkeypatch):
    from flows.pipeline import zhibiao_run

    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    for i in range(2):
        (inbox / f"gen_{i}.txt").write_text(pagegen.page(i)[0], encoding="utf-8")
    shutil.copy(next(SEEDS.glob("*.txt")), inbox / "zz_copy_of_seed.txt")  # in a later sub-batch
    (inbox / "zz_empty.txt").write_bytes(b"")  # alone in the last sub-batch, which has nothing new

    one = zhibiao_run(inbox=str(inbox), data_dir=str(tmp_path / "one"))
    monkeypatch.setenv("ZHIBIAO_POOL_MIN_CHARS", "0")  # through the process pool
    monkeypatch.setenv("ZHIBIAO_WORKERS", "2")
    many = zhibiao_run(inbox=str(inbox), data_dir=str(tmp_path / "many"), batch_mb=0.001)

    assert one["status"] == many["status"] == "published"
    assert len(one["batches"]) == 1 and len(many["batches"]) == 4  # 3 with documents, 1 with only a rejection
    for key in ("new", "skipped", "rejected", "articles", "sentences", "indicators"):
        assert one[key] == many[key], key
    assert (many["new"], many["rejected"]) == (3, 2)
    assert len(many["outputs"]["indicators"].split("\n")) == 3

    def rows(data, query):
        con = duckdb.connect(str(tmp_path / data / "warehouse.duckdb"), read_only=True)
        try:
            return con.execute(query).fetchall()
        finally:
            con.close()

    ids = "SELECT indicator_id FROM indicators ORDER BY 1"
    assert rows("one", ids) == rows("many", ids)
    tokens = "SELECT doc_id, article_index, sentence_index, tokens FROM sentences ORDER BY ALL"
    assert rows("one", tokens) == rows("many", tokens)
    assert sorted(r[0] for r in rows("many", "SELECT status FROM batches")) == ["empty"] + ["published"] * 3
    assert dict(rows("many", "SELECT source, reason FROM rejected_documents")) == {
        "zz_copy_of_seed.txt": f"duplicate of {next(SEEDS.glob('*.txt')).name}", "zz_empty.txt": "empty file"}
    published = pl.read_parquet(tmp_path / "many/published/indicators/**/*.parquet", hive_partitioning=True)
    assert published.get_column("batch_id").n_unique() == 3
    assert sorted(published.get_column("indicator_id").to_list()) == [r[0] for r in rows("one", ids)]


def test_prefetched_documents_are_taken_not_computed_again(tmp_path):
    texts = [(SEEDS / p.name).read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [pagegen.page(i)[0] for i in range(4)]
    docs = _docs(texts)
    whole = workers.process(docs, cache_dir=str(tmp_path))
    with workers.Pool(cache_dir=str(tmp_path), workers=2, min_chars=0) as pool:
        pool.prefetch(docs.slice(1, 3))  # one chunk spanning both batches below
        first = workers.combine([f.result() for f in pool.submit(docs.head(2))])
        second = workers.combine([f.result() for f in pool.submit(docs.slice(2))])
    got = pl.concat([first.indicators, second.indicators])
    key = ["doc_id", "article_index", "sentence_index", "span_start"]
    assert got.sort(key).equals(whole.indicators.sort(key))
    assert pl.concat([first.sentences, second.sentences]).sort("doc_id", "article_index", "sentence_index").equals(
        whole.sentences.sort("doc_id", "article_index", "sentence_index"))
    assert first.articles.get_column("doc_id").unique(maintain_order=True).to_list() == ["d1", "d0"]
