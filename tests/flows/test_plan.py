"""The start of every run: recovery, then the inbox survey (new, known, rejected on sight, due again), and
a run with nothing to read recorded as the flow records it — without Prefect, jieba or GX."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

import polars as pl
import pytest

from flows import plan
from flows.settings import resolve
from flows.storage import warehouse


@pytest.fixture
def known(tmp_path):
    """An inbox holding one file the warehouse already has."""
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    data.mkdir()
    (inbox / "a.txt").write_text("重庆增长6.4%。", encoding="utf-8")
    settings = resolve(inbox=str(inbox), data_dir=data)
    doc_id = hashlib.sha256((inbox / "a.txt").read_bytes()).hexdigest()
    with warehouse.session(settings) as con:
        warehouse.append(con, "documents", pl.DataFrame([{"doc_id": doc_id, "batch_id": "b0", "status": "published"}]))
    return settings


def _batches(settings):
    with warehouse.session(settings, read_only=True) as con:
        return con.execute("SELECT status, documents, skipped, rejected FROM batches").fetchall()


def test_nothing_new_records_an_empty_batch(known):
    start = plan.begin(known, log=lambda line: None)
    summary = start.summary
    assert summary is not None and summary.status == "empty" and (summary.new, summary.skipped) == (0, 1)
    assert summary.batches == [summary.batch_id]
    assert _batches(known) == [("empty", 0, 1, 0)]


def test_a_nothing_new_run_recovers_like_any_other(known):
    """Before, a run with nothing new skipped start-of-run recovery: a killed writer's temporary file in
    ``published/`` survived it."""
    planted = known.published / "indicators" / "ingest_date=2026-01-01" / ".b.parquet.tmp"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"half a file")
    assert plan.begin(known, log=lambda line: None).summary is not None
    assert not planted.exists()


def test_files_rejected_on_sight_are_recorded_without_reading_them(known):
    inbox = known.data_dir.parent / "inbox"
    (inbox / "notes.docx").write_bytes(b"PK\x03\x04")
    (inbox / "big.txt").write_bytes("增长".encode() * 100)
    (inbox / "copy.txt").write_bytes((inbox / "a.txt").read_bytes())  # known bytes under another name: skipped
    (inbox.parent / "secret.txt").write_text("外面", encoding="utf-8")
    os.symlink(inbox.parent / "secret.txt", inbox / "link.txt")
    start = plan.begin(known.model_copy(update={"max_bytes": 100}), log=lambda line: None)
    assert start.summary is not None and (start.summary.skipped, start.summary.rejected) == (2, 3)
    with warehouse.session(known, read_only=True) as con:
        reasons = dict(con.execute("SELECT source, reason FROM rejected_documents").fetchall())
    assert reasons == {"notes.docx": "unsupported file type .docx", "big.txt": "file too large (600 bytes > 100)",
                       "link.txt": "symlink outside inbox"}


@pytest.mark.parametrize("name", ["b.txt", "empty.txt"])
def test_a_new_file_is_work_for_the_flow(known, name):
    inbox = known.data_dir.parent / "inbox"
    (inbox / name).write_bytes(b"" if name == "empty.txt" else "新".encode())
    start = plan.begin(known, log=lambda line: None)
    assert start.summary is None and [f.entry.source for f in start.files] == [name]
    assert start.files[0].doc_id == hashlib.sha256((inbox / name).read_bytes()).hexdigest()
    assert _batches(known) == []  # nothing recorded: the flow records the run


def test_a_duplicate_is_rejected_on_sight_and_the_first_is_new(known):
    inbox = known.data_dir.parent / "inbox"
    (inbox / "b.txt").write_text("新的一页", encoding="utf-8")
    (inbox / "c.txt").write_text("新的一页", encoding="utf-8")
    start = plan.survey(known)
    assert [f.entry.source for f in start.files] == ["b.txt"]
    assert start.rejected.select("source", "reason").rows() == [("c.txt", "duplicate of b.txt")]
    assert start.new_bytes == (inbox / "b.txt").stat().st_size


def test_an_incomplete_batch_is_recovered_before_the_survey(known):
    with warehouse.session(known) as con:
        warehouse.add_batch(con, warehouse.batch_row("20260101T000000Z-abcdef", status="loaded",
                                                     started_at=datetime.now(UTC), inbox="in", extractor_version="v",
                                                     reprocess=True))
    notices = []
    start = plan.begin(known, log=notices.append)
    assert any("rolled back" in n for n in notices)
    # a rolled-back --reprocess: this run reprocesses every stored document
    assert start.settings.reprocess and start.summary is None and start.stored.height == 1
    with warehouse.session(known, read_only=True) as con:
        assert con.execute("SELECT status FROM batches").fetchall() == [("aborted",)]


def test_nothing_new_imports_no_heavy_package(known):
    import subprocess
    import sys

    code = ("import sys; from flows import plan; from flows.settings import resolve; "
            f"s = plan.begin(resolve(inbox={str(known.inbox)!r}, data_dir={str(known.data_dir)!r})).summary; "
            "heavy = [m for m in ('great_expectations', 'prefect', 'jieba', 'pyarrow', 'transforms.extract.scan') "
            "if m in sys.modules]; "
            "print(s.status, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "empty []"
