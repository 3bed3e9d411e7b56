"""The flow over real files nobody here wrote (../shared/real-inputs: web pages in GBK and mislabelled
charsets, crawler wrappers, a research-report PDF, the 69 pages of the web-content dataset): one odd page
never holds back the others, and no number of a range comes out negative."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from tests.conftest import REAL_INPUTS, warehouse_rows

FOLDERS = ("html", "pdf", "web-content-dataset/original")

pytestmark = [
    pytest.mark.usefixtures("prefect_harness"),
    pytest.mark.skipif(not (REAL_INPUTS / "html").is_dir(), reason=f"no real inputs at {REAL_INPUTS}"),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from flows import pipeline

    root = tmp_path_factory.mktemp("real")
    inbox = root / "inbox"  # a scratch copy of the pages (pdf and html only): the run reads one folder
    inbox.mkdir()
    files = [p for folder in FOLDERS for p in sorted((REAL_INPUTS / folder).iterdir()) if p.is_file()]
    for path in files:
        shutil.copy(path, inbox / path.name)
    data = root / "data"
    summary = pipeline.zhibiao_run(inbox=str(inbox), data_dir=str(data), batch_mb=100)  # one sub-batch
    return files, data, summary


def test_every_real_file_is_accounted_for(run):
    files, data, summary = run
    assert len(files) == 78
    assert len(summary["batches"]) == 1
    (docs,), = warehouse_rows(data, "SELECT count(*) FROM documents")
    (rejected,), = warehouse_rows(data, "SELECT count(*) FROM rejected_documents")
    assert docs + rejected == len(files)
    assert warehouse_rows(data, "SELECT count(*) FROM rejected_documents WHERE reason IS NULL OR reason = ''") == [(0,)]


def test_almost_every_accepted_page_is_published(run):
    _, data, summary = run
    assert summary["status"] == "published"
    statuses = dict(warehouse_rows(data, "SELECT status, count(*) FROM documents GROUP BY ALL"))
    accepted = sum(statuses.values())
    assert statuses.get("published", 0) >= 0.97 * accepted, statuses
    # every other one is held back with a reason
    assert statuses.get("published", 0) + statuses.get("held_back", 0) == accepted
    (unexplained,), = warehouse_rows(data, "SELECT count(*) FROM documents d WHERE status = 'held_back' AND NOT "
                                           "EXISTS (SELECT 1 FROM held_back h WHERE h.doc_id = d.doc_id)")
    assert unexplained == 0


def test_no_value_comes_from_a_range_read_as_negative(run):
    _, data, _ = run
    rows = pl.read_parquet(list((data / "published" / "indicators").rglob("*.parquet")))
    negative = rows.filter(pl.col("value") < 0).select("sentence", "span_start").rows()
    # a negative number is written with a sign after a non-number (增长-1.2%), never right after a number
    after_a_number = [s for s, start in negative if start > 0 and (s[start - 1].isdigit() or s[start - 1] in "%％")]
    assert after_a_number == []
    assert rows.height > 500
