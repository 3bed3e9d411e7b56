"""The flow: end to end on the shipped seeds under the Prefect test harness, sub-batches, the flow as a
scheduled run starts it (settings from the deployment's parameters), and real inputs.

One data dir is shared by the seed tests of this module (in order: first run, rerun, reprocess),
because each GX validation costs seconds; every test states what it relies on.
"""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import polars as pl
import pytest

from scripts import devtools
from tests.conftest import REAL_INPUTS, SEEDS, SHARED_EVAL, run, warehouse_rows

CONTRACT_INDICATOR_COLUMNS = {
    "indicator_id": pl.String, "batch_id": pl.String, "doc_id": pl.String, "source": pl.String,
    "article_title": pl.String, "sentence": pl.String, "span_start": pl.Int32, "span_end": pl.Int32,
    "metric": pl.String, "region": pl.String, "value": pl.Float64, "unit": pl.String,
    "value_norm": pl.Float64, "unit_norm": pl.String, "qualifier": pl.String, "direction": pl.String,
    "period": pl.String, "is_target": pl.Boolean, "extractor_version": pl.String,
}
CONTRACT_ARTICLE_COLUMNS = {"doc_id", "source", "article_index", "kind", "title", "author", "body", "char_count"}
CONTRACT_DOCUMENT_COLUMNS = {"doc_id", "source", "format", "encoding", "byte_size", "ingested_at", "batch_id", "status",
                             "published_on", "published_on_source", "published_on_precision"}
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
    inbox, data = workspace
    return run(inbox, data)


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
    # the hive layout readers are told to use, read as a consumer does (an in-memory DuckDB)
    with duckdb.connect() as con:
        (n, dates), = con.execute(
            "SELECT count(*), count(DISTINCT ingest_date) FROM read_parquet(?, hive_partitioning = true)",
            [str(pub / "indicators" / "**" / "*.parquet")],
        ).fetchall()
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
    inbox, data = workspace
    before = warehouse_rows(data, "SELECT count(*) FROM indicators")
    again = run(inbox, data)
    assert again["status"] == "empty" and again["new"] == 0 and again["skipped"] == 1
    assert warehouse_rows(data, "SELECT count(*) FROM indicators") == before
    assert len(list((data / "published" / "indicators").rglob("*.parquet"))) == 1


def test_reprocess_replaces_rows_with_the_same_ids(first_run, workspace):
    inbox, data = workspace
    ids_before = {r[0] for r in warehouse_rows(data, "SELECT indicator_id FROM indicators")}
    redo = run(inbox, data, reprocess=True)
    assert redo["status"] == "published"
    ids_after = {r[0] for r in warehouse_rows(data, "SELECT indicator_id FROM indicators")}
    assert ids_after == ids_before
    files = list((data / "published" / "indicators").rglob("*.parquet"))
    assert len(files) == 1 and files[0].stem == redo["batch_id"]
    assert warehouse_rows(data, "SELECT count(*) FROM documents") == [(1,)]


def _files(*sizes: int):
    from flows.plan import NewFile
    from flows.storage.inbox import Entry

    return [NewFile(Entry(f"{i}.txt", f"/in/{i}.txt", size), "txt", f"d{i}") for i, size in enumerate(sizes)]


def test_sub_batches_are_runs_of_at_most_batch_mb():
    from flows.flow import sub_batches

    parts = sub_batches(_files(400_000, 500_000, 200_000, 2_000_000, 10), batch_mb=1)
    assert [[f.entry.source for f in p] for p in parts] == [["0.txt", "1.txt"], ["2.txt"], ["3.txt"], ["4.txt"]]
    assert sub_batches([], batch_mb=1) == []


def test_sub_batches_publish_the_same_indicators_as_one_batch(tmp_path):
    """Indicator ids depend only on the document: one batch of everything and a batch per file (through the
    worker pool) load and publish the same rows; files with nothing new are recorded with an empty batch."""
    from tests import pagegen

    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    for i in range(2):
        (inbox / f"gen_{i}.txt").write_text(pagegen.page(i)[0], encoding="utf-8")
    shutil.copy(next(SEEDS.glob("*.txt")), inbox / "zz_copy_of_seed.txt")  # rejected on sight: a duplicate
    (inbox / "zz_empty.txt").write_bytes(b"")  # alone in the last sub-batch, which has nothing to load

    one = run(inbox, tmp_path / "one")
    many = run(inbox, tmp_path / "many", batch_mb=0.001, pool_min_chars=0, workers=2)  # through the process pool

    assert one["status"] == many["status"] == "published"
    assert len(one["batches"]) == 1 and len(many["batches"]) == 4  # 3 with documents, 1 with only a rejection
    for key in ("new", "skipped", "rejected", "articles", "sentences", "indicators"):
        assert one[key] == many[key], key
    assert (many["new"], many["rejected"]) == (3, 2)
    assert len(many["outputs"]["indicators"].split("\n")) == 3

    def rows(data, query):
        return warehouse_rows(tmp_path / data, query)

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


def test_a_scheduled_run_honours_the_settings_serve_was_given(tmp_path):
    """``zhibiao serve --max-bytes 1000``: each scheduled run is the flow called with the deployment's one
    parameter, the settings; a file over the limit is rejected, as ``zhibiao run --max-bytes 1000`` does.
    (Before, the flow re-read its settings from the environment and dropped the flag.)"""
    from flows import serve
    from flows.flow import zhibiao_run
    from flows.settings import Settings, resolve

    inbox, data = tmp_path / "inbox", tmp_path / "data"
    shutil.copytree(SEEDS, inbox)
    params = serve.parameters(resolve(inbox=str(inbox), data_dir=data, max_bytes=1000))
    assert Settings.model_validate(params["settings"]).max_bytes == 1000
    summary = zhibiao_run(**params)  # as the runner calls it: JSON parameters, validated by Prefect
    assert (summary["status"], summary["new"], summary["rejected"]) == ("empty", 0, 1)
    (reason,), = warehouse_rows(data, "SELECT reason FROM rejected_documents")
    assert reason.startswith("file too large") and reason.endswith("> 1000)")


REAL_FOLDERS = ("html", "pdf", "web-content-dataset/original")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The flow over real files nobody here wrote (../shared/real-inputs: web pages in GBK and mislabelled
    charsets, crawler wrappers, a research-report PDF, the 69 pages of the web-content dataset)."""
    if not (REAL_INPUTS / "html").is_dir():
        pytest.skip(f"no real inputs at {REAL_INPUTS}")
    root = tmp_path_factory.mktemp("real")
    inbox = root / "inbox"  # a scratch copy of the pages (pdf and html only): the run reads one folder
    inbox.mkdir()
    files = [p for folder in REAL_FOLDERS for p in sorted((REAL_INPUTS / folder).iterdir()) if p.is_file()]
    for path in files:
        shutil.copy(path, inbox / path.name)
    data = root / "data"
    summary = run(inbox, data, batch_mb=100)  # one sub-batch
    return files, data, summary


def test_every_real_file_is_accounted_for(real):
    """One odd page never holds back the others: every file is a document or rejected with a reason."""
    files, data, summary = real
    assert len(files) == 78
    assert len(summary["batches"]) == 1
    (docs,), = warehouse_rows(data, "SELECT count(*) FROM documents")
    (rejected,), = warehouse_rows(data, "SELECT count(*) FROM rejected_documents")
    assert docs + rejected == len(files)
    assert warehouse_rows(data, "SELECT count(*) FROM rejected_documents WHERE reason IS NULL OR reason = ''") == [(0,)]


def test_almost_every_accepted_page_is_published(real):
    _, data, summary = real
    assert summary["status"] == "published"
    statuses = dict(warehouse_rows(data, "SELECT status, count(*) FROM documents GROUP BY ALL"))
    accepted = sum(statuses.values())
    assert statuses.get("published", 0) >= 0.97 * accepted, statuses
    # every other one is held back with a reason
    assert statuses.get("published", 0) + statuses.get("held_back", 0) == accepted
    (unexplained,), = warehouse_rows(data, "SELECT count(*) FROM documents d WHERE status = 'held_back' AND NOT "
                                           "EXISTS (SELECT 1 FROM held_back h WHERE h.doc_id = d.doc_id)")
    assert unexplained == 0


def test_a_page_that_names_only_its_issue_month_is_dated_by_the_month(real):
    """A magazine page (``——《北京之春》1998年3月号`` at its foot, no day anywhere) is published with the month's
    first day and the precision ``month``; every other date is a day; a document without a date has neither."""
    _, data, _ = real
    docs = pl.read_parquet(list((data / "published" / "documents").rglob("*.parquet")))
    magazine = docs.filter(pl.col("source").str.ends_with("5dc3fa2d-6734-41e9-8520-a9c7c91ae1f8.html"))
    assert magazine.select("published_on", "published_on_source", "published_on_precision").rows() == [
        (date(1998, 3, 1), "text", "month")]
    months = docs.filter(pl.col("published_on_precision") == "month")
    assert months.height >= 3 and (months.get_column("published_on").dt.day() == 1).all()
    dated = docs.get_column("published_on").is_not_null()
    assert (dated == docs.get_column("published_on_precision").is_not_null()).all()
    assert warehouse_rows(data, "SELECT count(*) FROM documents WHERE (published_on IS NULL) "
                                "<> (published_on_precision IS NULL)") == [(0,)]


def test_no_value_comes_from_a_range_read_as_negative(real):
    _, data, _ = real
    rows = pl.read_parquet(list((data / "published" / "indicators").rglob("*.parquet")))
    negative = rows.filter(pl.col("value") < 0).select("sentence", "span_start").rows()
    # a negative number is written with a sign after a non-number (增长-1.2%), never right after a number
    after_a_number = [s for s, start in negative if start > 0 and (s[start - 1].isdigit() or s[start - 1] in "%％")]
    assert after_a_number == []
    assert rows.height > 500
