"""Start-of-run recovery on made-up leftovers: a loaded batch with a manifest is rolled forward, one without
is rolled back (files, quarantine folder, rows), temporaries are swept, older batches get manifests."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from flows import recovery
from flows.settings import Settings
from flows.storage import manifests, publish, warehouse

NOW = datetime(2026, 3, 1, 8, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path):
    s = Settings(data_dir=tmp_path / "data")
    s.data_dir.mkdir()
    return s


def _loaded(settings, batch_id: str, doc_id: str, *, status: str = "loaded", reprocess: bool = False) -> dict:
    """A batch as a run leaves it after its load: rows in the warehouse, its files published."""
    with warehouse.session(settings, transaction=True) as con:
        warehouse.add_batch(con, warehouse.batch_row(batch_id, status=status, started_at=NOW, inbox="in",
                                                     extractor_version="v", reprocess=reprocess,
                                                     published_at=NOW if status == "published" else None))
        warehouse.append(con, "documents", pl.DataFrame([{"doc_id": doc_id, "batch_id": batch_id, "status": "new"}]))
        warehouse.append(con, "rejected_documents", pl.DataFrame([{"source": "x.docx", "batch_id": batch_id}]))
    frames = {"documents": pl.DataFrame({"doc_id": [doc_id]}), "indicators": pl.DataFrame({"doc_id": [doc_id]})}
    return publish.publish(settings.published, frames, batch_id=batch_id, ingest_date=date(2026, 3, 1))


def _rows(settings, query):
    with warehouse.session(settings, read_only=True) as con:
        return con.execute(query).fetchall()


def test_a_batch_with_its_manifest_is_rolled_forward(settings):
    written = _loaded(settings, "b1", "d1")
    manifests.write(settings.published, batch_id="b1", written=written, rows=dict.fromkeys(written, 1),
                    completed_at=NOW, reprocess=False)
    done = recovery.recover(settings)
    assert (done.rolled_forward, done.rolled_back) == (["b1"], [])
    assert _rows(settings, "SELECT status, published_at FROM batches") == [("published", NOW)]
    assert _rows(settings, "SELECT doc_id, status FROM documents") == [("d1", "published")]


def test_a_batch_without_its_manifest_is_rolled_back(settings):
    _loaded(settings, "b1", "d1")
    (settings.quarantine / "b1").mkdir(parents=True)
    tmp = settings.store / "ab" / ".x.txt.tmp"
    tmp.parent.mkdir(parents=True)
    tmp.write_bytes(b"half")
    done = recovery.recover(settings)
    assert (done.rolled_back, done.temporaries, done.reprocess) == (["b1"], 1, False)
    assert publish.files_of(settings.published, "b1") == [] and not (settings.quarantine / "b1").exists()
    assert _rows(settings, "SELECT status FROM batches") == [("aborted",)]
    assert _rows(settings, "SELECT count(*) FROM documents") == [(0,)]
    assert _rows(settings, "SELECT count(*) FROM rejected_documents") == [(0,)]
    assert recovery.recover(settings).rolled_back == []  # idempotent


def test_a_rolled_back_reprocess_makes_the_run_reprocess(settings):
    _loaded(settings, "b1", "d1", reprocess=True)
    notices = []
    after = recovery.at_start(settings, log=notices.append)
    assert after.reprocess and not settings.reprocess
    assert [n.split(" ", 2)[:2] for n in notices] == [["rolled", "back"], ["a", "--reprocess"]]


def test_published_batches_without_a_manifest_get_one(settings):
    _loaded(settings, "b0", "d0", status="published")
    assert recovery.recover(settings).manifests_backfilled == 1
    m = manifests.read(settings.published, "b0")
    assert {f["table"]: f["rows"] for f in m["files"]} == {"documents": 1, "indicators": 1}
    assert recovery.recover(settings).manifests_backfilled == 0


def test_a_batch_id_that_is_no_batch_id_is_never_a_path(settings):
    with warehouse.session(settings) as con:
        warehouse.add_batch(con, warehouse.batch_row("../../etc", status="loaded", started_at=NOW, inbox=None,
                                                     extractor_version=None))
    with pytest.raises(warehouse.WarehouseError, match="unexpected batch_id"):
        recovery.recover(settings)
