"""``zhibiao rebuild`` from made-up published batches: the complete ones only, sentences segmented again
from the articles, a damaged file moved aside, missing stored bytes counted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from flows import rebuild
from flows.settings import Settings
from flows.storage import manifests, publish, store, warehouse
from transforms import stages

TEXT = "重庆经济运行\n上半年，重庆地区生产总值增长6.4%。全市新能源汽车产量达到11.3万辆。"


def _publish(settings, batch_id: str, doc_id: str, *, at: datetime, supersedes=(), manifest=True) -> None:
    rows = stages.run(pl.DataFrame({"doc_id": [doc_id], "source": [f"{doc_id}.txt"], "text": [TEXT]}),
                      with_tokens=False)
    frames = {
        "documents": pl.DataFrame({"doc_id": [doc_id], "source": [f"{doc_id}.txt"], "format": ["txt"],
                                   "batch_id": [batch_id], "status": ["published"], "text": ["not a column"]}),
        "articles": rows.articles.with_columns(batch_id=pl.lit(batch_id)),
        "indicators": rows.indicators.with_columns(batch_id=pl.lit(batch_id)),
    }
    written = publish.publish(settings.published, frames, batch_id=batch_id, ingest_date=date(2026, 3, 1))
    if manifest:
        manifests.write(settings.published, batch_id=batch_id, written=written,
                        rows={t: frames[t].height for t in written}, completed_at=at, reprocess=bool(supersedes),
                        supersedes=list(supersedes))


def test_rebuild_from_the_complete_batches(tmp_path):
    settings = Settings(data_dir=tmp_path)
    _publish(settings, "b1", "d1", at=datetime(2026, 3, 1, 8, tzinfo=UTC))
    _publish(settings, "b2", "d2", at=datetime(2026, 3, 1, 9, tzinfo=UTC))
    _publish(settings, "b3", "d3", at=datetime(2026, 3, 1, 10, tzinfo=UTC), manifest=False)  # never completed
    store.keep(settings.store, "d1", "txt", TEXT.encode())
    settings.warehouse.write_bytes(b"\x00garbage" * 100)

    done = rebuild.rebuild(settings)
    assert (done.batches, done.documents, done.missing_bytes) == (2, 2, 1)  # d2's bytes are not in the store
    assert done.moved_aside is not None and done.moved_aside.read_bytes().startswith(b"\x00garbage")
    with warehouse.session(settings, read_only=True) as con:
        assert con.execute("SELECT batch_id, status FROM batches ORDER BY 1").fetchall() == [
            ("b1", "published"), ("b2", "published")]
        assert con.execute("SELECT doc_id, status FROM documents ORDER BY 1").fetchall() == [
            ("d1", "published"), ("d2", "published")]
        (n, segmented), = con.execute(
            "SELECT count(*), bool_and(array_to_string(tokens, '') = text) FROM sentences").fetchall()
        (inds,), = con.execute("SELECT count(*) FROM indicators").fetchall()
    assert n == done.sentences > 0 and segmented and inds == done.indicators > 0
