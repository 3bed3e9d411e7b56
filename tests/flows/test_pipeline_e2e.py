"""End-to-end: the flow on the shipped seeds under the Prefect test harness.

One data dir is shared by the tests of this module (in order: first run, rerun, reprocess),
because each GX validation costs seconds; every test states what it relies on.
"""

from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest

from scripts import devtools
from tests.conftest import SEEDS, SHARED_EVAL, warehouse_rows

CONTRACT_INDICATOR_COLUMNS = {
    "indicator_id": pl.String, "batch_id": pl.String, "doc_id": pl.String, "source": pl.String,
    "article_title": pl.String, "sentence": pl.String, "span_start": pl.Int32, "span_end": pl.Int32,
    "metric": pl.String, "region": pl.String, "value": pl.Float64, "unit": pl.String,
    "value_norm": pl.Float64, "unit_norm": pl.String, "qualifier": pl.String, "direction": pl.String,
    "period": pl.String, "is_target": pl.Boolean, "extractor_version": pl.String,
}
CONTRACT_ARTICLE_COLUMNS = {"doc_id", "source", "article_index", "kind", "title", "author", "body", "char_count"}
CONTRACT_DOCUMENT_COLUMNS = {"doc_id", "source", "format", "encoding", "byte_size", "ingested_at", "batch_id", "status"}
WAREHOUSE_TABLES = {"documents", "articles", "sentences", "indicators", "batches", "dq_results", "dq_metrics",
                    "rejected_documents"}

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """An inbox holding the seed page and a few bad files, and an empty data dir."""
    root = tmp_path_factory.mktemp("e2e")
    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (inbox / "notes.docx").write_bytes(b"PK\x03\x04")
    return inbox, root / "data"


@pytest.fixture(scope="module")
def first_run(workspace):
    from flows.pipeline import zhibiao_run

    inbox, data = workspace
    return zhibiao_run(inbox=str(inbox), data_dir=str(data))


def test_first_run_publishes_the_seed_batch(first_run, workspace):
    _, data = workspace
    assert first_run["status"] == "published"
    assert first_run["new"] == 1 and first_run["rejected"] == 3
    assert first_run["indicators"] > 30
    assert {r[0] for r in warehouse_rows(data, "SELECT table_name FROM information_schema.tables")} >= WAREHOUSE_TABLES
    assert warehouse_rows(data, "SELECT status, documents FROM batches") == [("published", 1)]


def test_every_input_file_is_accounted_for(first_run, workspace):
    inbox, data = workspace
    documents = {r[0] for r in warehouse_rows(data, "SELECT source FROM documents")}
    rejected = dict(warehouse_rows(data, "SELECT source, reason FROM rejected_documents"))
    assert documents | set(rejected) == {p.name for p in inbox.iterdir()}
    assert rejected["empty.txt"] == "empty file"
    assert "binary" in rejected["junk.txt"]
    assert "unsupported" in rejected["notes.docx"]


def test_published_parquet_follows_the_contract(first_run, workspace):
    _, data = workspace
    pub = data / "published"
    files = {t: sorted((pub / t).glob("ingest_date=*/*.parquet")) for t in ("documents", "articles", "indicators")}
    assert all(len(f) == 1 for f in files.values()), files
    assert not list(pub.rglob(".*.tmp"))
    inds = pl.read_parquet(files["indicators"][0])
    for col, dtype in CONTRACT_INDICATOR_COLUMNS.items():
        assert inds.schema[col] == dtype, col
    assert set(pl.read_parquet(files["articles"][0]).columns) >= CONTRACT_ARTICLE_COLUMNS
    assert set(pl.read_parquet(files["documents"][0]).columns) >= CONTRACT_DOCUMENT_COLUMNS
    # the hive layout readers are told to use
    con = duckdb.connect()
    n, dates = con.execute(
        "SELECT count(*), count(DISTINCT ingest_date) FROM read_parquet(?, hive_partitioning = true)",
        [str(pub / "indicators" / "**" / "*.parquet")],
    ).fetchone()
    assert n == inds.height and dates == 1


def test_spans_point_at_the_number(first_run, workspace):
    _, data = workspace
    inds = pl.read_parquet(data / "published" / "indicators" / "**" / "*.parquet")
    numerals = set("一二两三四五六七八九十百千万亿半")
    for row in inds.iter_rows(named=True):
        mention = row["sentence"][row["span_start"]:row["span_end"]]
        assert any(ch.isdigit() or ch in numerals for ch in mention), row


def test_sentences_are_all_segmented(first_run, workspace):
    _, data = workspace
    rows = warehouse_rows(data, "SELECT text, tokens FROM sentences")
    assert rows and all("".join(tokens) == text for text, tokens in rows)


def test_dq_results_are_kept(first_run, workspace):
    _, data = workspace
    (suites, checks), = warehouse_rows(data, "SELECT count(DISTINCT suite), count(*) FROM dq_results")
    assert suites >= 3 and checks >= 15
    assert (data / "dq" / "index.html").exists()


@pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="../shared/eval is not beside this checkout")
def test_seed_scores(first_run, workspace):
    _, data = workspace
    score = devtools.load_score()
    gold = devtools.gold([SHARED_EVAL / "seed_gold.jsonl"])
    result = score.score(score.load_predictions(str(data / "published/indicators/**/*.parquet")), gold)
    assert result["f1"] >= 0.90, result
    assert result["strict_f1"] >= 0.50, result


def test_second_run_adds_nothing(first_run, workspace):
    from flows.pipeline import zhibiao_run

    inbox, data = workspace
    before = warehouse_rows(data, "SELECT count(*) FROM indicators")
    again = zhibiao_run(inbox=str(inbox), data_dir=str(data))
    assert again["status"] == "empty" and again["new"] == 0 and again["skipped"] == 1
    assert warehouse_rows(data, "SELECT count(*) FROM indicators") == before
    assert len(list((data / "published" / "indicators").rglob("*.parquet"))) == 1


def test_reprocess_replaces_rows_with_the_same_ids(first_run, workspace):
    from flows.pipeline import zhibiao_run

    inbox, data = workspace
    ids_before = {r[0] for r in warehouse_rows(data, "SELECT indicator_id FROM indicators")}
    redo = zhibiao_run(inbox=str(inbox), data_dir=str(data), reprocess=True)
    assert redo["status"] == "published"
    ids_after = {r[0] for r in warehouse_rows(data, "SELECT indicator_id FROM indicators")}
    assert ids_after == ids_before
    files = list((data / "published" / "indicators").rglob("*.parquet"))
    assert len(files) == 1 and files[0].stem == redo["batch_id"]
    assert warehouse_rows(data, "SELECT count(*) FROM documents") == [(1,)]
