"""Settings, sources, warehouse and publication helpers, without Prefect."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows import publish, warehouse
from flows.settings import resolve
from flows.sources import LocalFolder, SourceError, format_of


def test_settings_precedence(monkeypatch):
    monkeypatch.delenv("ZHIBIAO_INBOX", raising=False)
    assert resolve().inbox == "seeds"  # a path or an fsspec URL
    monkeypatch.setenv("ZHIBIAO_INBOX", "/env/inbox")
    monkeypatch.setenv("ZHIBIAO_DATA_DIR", "/env/data")
    s = resolve(inbox=Path("/flag/inbox"), data_dir=None)
    assert s.inbox == "/flag/inbox" and s.data_dir == Path("/env/data")
    assert s.warehouse == Path("/env/data/warehouse.duckdb")


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.txt", "txt"), ("b/C.TXT", "txt"), ("page.html", "html"), ("x.htm", "html"), ("p.pdf", "pdf"),
    ("notes.docx", None), ("README", None),
])
def test_format_of(name, fmt):
    assert format_of(name) == fmt


def test_local_folder_lists_recursively_and_skips_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub" / "b.txt").write_text("y")
    (tmp_path / ".hidden.txt").write_text("z")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret")
    os.symlink(outside, tmp_path / "link.txt")
    entries = {e.source: e for e in LocalFolder(tmp_path).entries()}
    assert set(entries) == {"a.txt", "sub/b.txt", "link.txt"}
    assert entries["link.txt"].is_symlink_outside
    assert LocalFolder(tmp_path).read(entries["sub/b.txt"]) == b"y"


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: (p / "f").write_text("") and p / "f"])
def test_local_folder_refuses_unusable_inbox(tmp_path, make):
    target = make(tmp_path) or tmp_path / "f"
    with pytest.raises(SourceError):
        LocalFolder(target)


def test_write_atomic_leaves_no_temporary(tmp_path):
    frame = pl.DataFrame({"a": [1, 2]})
    path = publish.write_atomic(frame, tmp_path / "t" / "x.parquet")
    assert pl.read_parquet(path).equals(frame)
    assert [p.name for p in path.parent.iterdir()] == ["x.parquet"]


def test_publish_layout_and_retire(tmp_path):
    frames = {t: pl.DataFrame({"doc_id": ["d"]}) for t in publish.PUBLISHED_TABLES}
    publish.publish(tmp_path, frames, batch_id="b1", ingest_date=date(2026, 1, 2))
    publish.publish(tmp_path, frames, batch_id="b2", ingest_date=date(2026, 1, 3))
    assert (tmp_path / "indicators" / "ingest_date=2026-01-02" / "b1.parquet").exists()
    removed = publish.retire(tmp_path, ("indicators",), keep_batch="b2")
    assert [p.stem for p in removed] == ["b1"]
    assert len(list((tmp_path / "documents").rglob("*.parquet"))) == 2


def test_load_batch_is_all_or_nothing(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    batch = {"batch_id": "b1", "status": "loaded"}
    good = {"articles": pl.DataFrame({"doc_id": ["d1"], "article_index": [0]})}
    warehouse.load_batch(con, batch=batch, frames=good)
    bad = {"articles": pl.DataFrame({"doc_id": ["d2"], "article_index": [0]}),
           "documents": pl.DataFrame({"doc_id": ["d2"], "no_such_column": [1]})}
    with pytest.raises(duckdb.Error):
        warehouse.load_batch(con, batch={"batch_id": "b2", "status": "loaded"}, frames=bad)
    assert con.execute("SELECT doc_id FROM articles").fetchall() == [("d1",)]
    assert con.execute("SELECT batch_id FROM batches").fetchall() == [("b1",)]


def test_new_transform_columns_are_added(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    warehouse.load_batch(con, batch={"batch_id": "b1"}, frames={"indicators": pl.DataFrame({"doc_id": ["a"]})})
    warehouse.load_batch(con, batch={"batch_id": "b2"},
                         frames={"indicators": pl.DataFrame({"doc_id": ["b"], "basis": ["同比"]})})
    rows = con.execute("SELECT doc_id, basis FROM indicators ORDER BY doc_id").fetchall()
    assert rows == [("a", None), ("b", "同比")]


def test_corrupt_warehouse_is_reported(tmp_path):
    path = tmp_path / "w.duckdb"
    path.write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(warehouse.WarehouseError, match="cannot open warehouse"):
        warehouse.connect(path)


def test_warehouse_memory_cap_is_set_and_a_bigger_load_spills(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb", memory_mb=16)
    assert con.execute("SELECT current_setting('memory_limit')").fetchall() == [("15.2 MiB",)]  # 16 * 10**6 bytes
    # ≈ 60 MB of distinct strings in one transaction: past the cap, DuckDB writes to disk instead of failing
    n = 400_000
    frame = pl.DataFrame({"doc_id": [f"{i:032d}{i * 7919:032d}" for i in range(n)], "article_index": range(n)})
    warehouse.load_batch(con, batch={"batch_id": "b1", "status": "loaded"}, frames={"articles": frame})
    assert con.execute("SELECT count(*), max(article_index) FROM articles").fetchall() == [(n, n - 1)]


def test_the_run_caps_the_warehouse_memory(monkeypatch):
    monkeypatch.setenv("ZHIBIAO_WAREHOUSE_MEMORY_MB", "64")
    assert resolve().warehouse_memory_mb == 64
    assert resolve(warehouse_memory_mb=32).warehouse_memory_mb == 32
    with pytest.raises(ValueError):
        resolve(warehouse_memory_mb=1)
