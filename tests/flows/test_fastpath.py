"""A run with nothing new is answered without Prefect: recorded like the flow records it, or left to the flow."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import polars as pl
import pytest

from flows import fastpath, warehouse
from flows.settings import resolve


@pytest.fixture
def known(tmp_path):
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    data.mkdir()
    (inbox / "a.txt").write_text("重庆增长6.4%。", encoding="utf-8")
    settings = resolve(inbox=str(inbox), data_dir=data)
    con = warehouse.connect(settings.warehouse)
    doc_id = hashlib.sha256((inbox / "a.txt").read_bytes()).hexdigest()
    warehouse.append(con, "documents", pl.DataFrame([{"doc_id": doc_id, "batch_id": "b0", "status": "published"}]))
    con.close()
    return settings


def _batches(settings):
    con = warehouse.connect(settings.warehouse)
    try:
        return con.execute("SELECT status, documents, skipped FROM batches").fetchall()
    finally:
        con.close()


def test_nothing_new_records_an_empty_batch(known):
    summary = fastpath.nothing_new(known)
    assert summary["status"] == "empty" and (summary["new"], summary["skipped"]) == (0, 1)
    assert _batches(known) == [("empty", 0, 1)]


@pytest.mark.parametrize("name", ["b.txt", "c.docx", "empty.txt"])
def test_anything_else_goes_to_the_flow(known, name):
    (known.data_dir.parent / "inbox" / name).write_bytes(b"" if name == "empty.txt" else "新".encode())
    assert fastpath.nothing_new(known) is None
    assert _batches(known) == []


def test_an_incomplete_batch_goes_to_the_flow(known):
    con = warehouse.connect(known.warehouse)
    warehouse.append(con, "batches", pl.DataFrame([{"batch_id": "b1", "status": "loaded",
                                                    "started_at": datetime.now(UTC)}]))
    con.close()
    assert fastpath.nothing_new(known) is None
    assert fastpath.nothing_new(known.model_copy(update={"reprocess": True})) is None


def test_nothing_new_imports_no_heavy_package(known):
    import subprocess
    import sys

    code = ("import sys; from flows import fastpath; from flows.settings import resolve; "
            f"s = fastpath.nothing_new(resolve(inbox={str(known.inbox)!r}, data_dir={str(known.data_dir)!r})); "
            "heavy = [m for m in ('great_expectations', 'prefect', 'jieba') if m in sys.modules]; "
            "print(s['status'], heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "empty []"
