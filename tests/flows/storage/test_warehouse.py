"""The warehouse session (connect, schema, memory cap, transaction, close) and what it loads."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import polars as pl
import pytest

from flows.settings import Settings
from flows.storage import warehouse


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path)


def test_a_session_creates_the_schema_and_closes_its_connection(settings):
    with warehouse.session(settings) as con:
        assert set(warehouse.DDL) <= warehouse.tables(con)
    with pytest.raises(duckdb.ConnectionException):
        con.execute("SELECT 1")  # closed when the block ended


def test_a_session_closes_its_connection_when_the_block_raises(settings):
    with pytest.raises(ZeroDivisionError), warehouse.session(settings) as con:
        1 / 0  # noqa: B018
    with pytest.raises(duckdb.ConnectionException):
        con.execute("SELECT 1")
    with warehouse.session(settings) as again:  # the file is free again
        assert again.execute("SELECT count(*) FROM batches").fetchall() == [(0,)]


def test_a_transaction_session_is_all_or_nothing(settings):
    batch = warehouse.batch_row("b1", status="loaded", started_at=datetime.now(UTC), inbox="in",
                                extractor_version="v")
    with pytest.raises(RuntimeError), warehouse.session(settings, transaction=True) as con:
        warehouse.add_batch(con, batch)
        raise RuntimeError("stopped half way")
    with warehouse.session(settings, transaction=True) as con:
        assert con.execute("SELECT count(*) FROM batches").fetchall() == [(0,)]
        warehouse.add_batch(con, batch)
    with warehouse.session(settings, read_only=True) as con:
        assert con.execute("SELECT batch_id, status, ingest_date FROM batches").fetchall() == [
            ("b1", "loaded", batch["started_at"].date())]


def test_a_read_only_session_needs_a_warehouse(settings):
    with pytest.raises(warehouse.WarehouseError, match="run `zhibiao run` first"), \
            warehouse.session(settings, read_only=True):
        pass


def test_batch_rows_have_every_column_and_ids_are_safe():
    row = warehouse.batch_row("b", status="empty", started_at=datetime(2026, 1, 2, tzinfo=UTC), inbox=None,
                              extractor_version=None)
    assert set(row) == {name for name, _ in warehouse.columns("batches")}
    assert warehouse.BATCH_ID.fullmatch(warehouse.new_batch_id(datetime.now(UTC)))
    assert not warehouse.BATCH_ID.fullmatch("../etc")


def test_load_batch_is_all_or_nothing(settings):
    with warehouse.session(settings) as con:
        batch = {"batch_id": "b1", "status": "loaded"}
        good = {"articles": pl.DataFrame({"doc_id": ["d1"], "article_index": [0]})}
        warehouse.load_batch(con, batch=batch, frames=good)
        bad = {"articles": pl.DataFrame({"doc_id": ["d2"], "article_index": [0]}),
               "documents": pl.DataFrame({"doc_id": ["d2"], "no_such_column": [1]})}
        with pytest.raises(duckdb.Error):
            warehouse.load_batch(con, batch={"batch_id": "b2", "status": "loaded"}, frames=bad)
        assert con.execute("SELECT doc_id FROM articles").fetchall() == [("d1",)]
        assert con.execute("SELECT batch_id FROM batches").fetchall() == [("b1",)]


def test_new_transform_columns_are_added(settings):
    with warehouse.session(settings) as con:
        warehouse.load_batch(con, batch={"batch_id": "b1"}, frames={"indicators": pl.DataFrame({"doc_id": ["a"]})})
        warehouse.load_batch(con, batch={"batch_id": "b2"},
                             frames={"indicators": pl.DataFrame({"doc_id": ["b"], "basis": ["同比"]})})
        rows = con.execute("SELECT doc_id, basis FROM indicators ORDER BY doc_id").fetchall()
    assert rows == [("a", None), ("b", "同比")]


def test_columns_a_newer_release_adds_to_a_fixed_table_are_added(settings):
    settings.data_dir.mkdir(exist_ok=True)
    with duckdb.connect(str(settings.warehouse)) as old:  # a warehouse written before batches.held_back existed
        old.execute("CREATE TABLE batches (batch_id VARCHAR PRIMARY KEY, status VARCHAR)")
    with warehouse.session(settings) as con:
        have = {c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'batches'").fetchall()}
    assert have == {name for name, _ in warehouse.columns("batches")}


def test_dates_an_older_release_read_are_days_once_precision_is_added(settings):
    settings.data_dir.mkdir(exist_ok=True)
    with duckdb.connect(str(settings.warehouse)) as old:  # written before documents.published_on_precision
        old.execute("CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, published_on DATE)")
        old.execute("INSERT INTO documents VALUES ('a', DATE '2024-05-10'), ('b', NULL)")
    with warehouse.session(settings) as con:
        rows = con.execute("SELECT doc_id, published_on_precision FROM documents ORDER BY doc_id").fetchall()
    assert rows == [("a", "day"), ("b", None)]
    with warehouse.session(settings) as con:  # added once: a later session leaves what a run wrote since
        con.execute("UPDATE documents SET published_on_precision = 'month' WHERE doc_id = 'a'")
    with warehouse.session(settings) as con:
        assert con.execute("SELECT published_on_precision FROM documents WHERE doc_id = 'a'").fetchall() == [("month",)]


def test_corrupt_warehouse_is_reported(settings):
    settings.warehouse.write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(warehouse.WarehouseError, match="cannot open warehouse"), warehouse.session(settings):
        pass


def test_warehouse_memory_cap_is_set_and_a_bigger_load_spills(tmp_path):
    with warehouse.session(Settings(data_dir=tmp_path, warehouse_memory_mb=16)) as con:
        assert con.execute("SELECT current_setting('memory_limit')").fetchall() == [("15.2 MiB",)]  # 16 * 10**6 B
        # ≈ 60 MB of distinct strings in one transaction: past the cap, DuckDB writes to disk instead of failing
        n = 400_000
        frame = pl.DataFrame({"doc_id": [f"{i:032d}{i * 7919:032d}" for i in range(n)], "article_index": range(n)})
        warehouse.load_batch(con, batch={"batch_id": "b1", "status": "loaded"}, frames={"articles": frame})
        assert con.execute("SELECT count(*), max(article_index) FROM articles").fetchall() == [(n, n - 1)]


def test_held_documents_and_retries(settings):
    now = datetime.now(UTC)
    with warehouse.session(settings) as con:
        warehouse.append(con, "documents", pl.DataFrame([
            {"doc_id": "a", "source": "a.txt", "batch_id": "b1", "status": warehouse.HELD_BACK, "ingested_at": now},
            {"doc_id": "b", "source": "b.txt", "batch_id": "b1", "status": warehouse.PUBLISHED, "ingested_at": now}]))
        warehouse.add_batch(con, warehouse.batch_row("b1", status="published", started_at=now, inbox="in",
                                                     extractor_version="v1"))
        warehouse.hold(con, batch_id="b1", version="v1", at=now, held=pl.DataFrame(
            {"doc_id": ["a"], "source": ["a.txt"], "suite": ["indicators"], "expectation": ["e"], "column": ["c"],
             "grain": ["row"], "reason": ["indicators.c"], "rows": [["i1"]]}))
        assert warehouse.held_documents(con).select("doc_id", "reason", "rows").rows() == [
            ("a", "indicators.c", ["i1"])]
        assert warehouse.to_retry(con, version="v1").is_empty()  # same rules: stays held
        assert warehouse.to_retry(con, version="v2").get_column("doc_id").to_list() == ["a"]  # rules changed
        assert warehouse.to_retry(con, version="v1", release=["a"]).height == 1
        assert warehouse.to_retry(con, version="v1", release_all=True).height == 1
