"""What a consumer and an analyst see of a data dir, for comparing runs (the reliability tests)."""

from __future__ import annotations

from pathlib import Path

import duckdb


def consumer_query(data: Path, table: str) -> str:
    """The documented way to read only complete batches of a published table (docs/reliability.md)."""
    root = (data / "published").as_posix()
    return f"""
        WITH m AS (SELECT * FROM read_json('{root}/_manifests/*.json')),
        gone AS (SELECT unnest(supersedes) AS batch_id FROM m),
        files AS (SELECT '{root}/' || f.path AS filename
                  FROM (SELECT batch_id, unnest(files) AS f FROM m)
                  WHERE f."table" = '{table}' AND batch_id NOT IN (SELECT batch_id FROM gone))
        SELECT t.* EXCLUDE (filename)
        FROM read_parquet('{root}/{table}/**/*.parquet', hive_partitioning = true, filename = true) t
        SEMI JOIN files USING (filename)"""


def published(data: Path) -> dict[str, list]:
    """Doc ids and indicator ids of the complete published batches (duplicates kept, so they show)."""
    if not list((data / "published" / "_manifests").glob("*.json")):
        return {"documents": [], "indicators": [], "articles": []}
    with duckdb.connect() as con:  # a consumer's own in-memory DuckDB, not the warehouse
        return {
            "documents": sorted(r[0] for r in con.execute(
                f"SELECT doc_id FROM ({consumer_query(data, 'documents')})").fetchall()),
            "indicators": sorted(r[0] for r in con.execute(
                f"SELECT indicator_id FROM ({consumer_query(data, 'indicators')})").fetchall()),
            "articles": sorted(r for r in con.execute(
                f"SELECT doc_id, article_index FROM ({consumer_query(data, 'articles')})").fetchall()),
        }


def warehouse(data: Path) -> dict[str, list]:
    """What an analyst sees in the warehouse: ids and statuses, sorted."""
    from flows.settings import Settings
    from flows.storage import warehouse as wh

    with wh.session(Settings(data_dir=data), read_only=True) as con:
        def ids(q: str) -> list:
            return sorted(con.execute(q).fetchall())

        return {
            "documents": ids("SELECT doc_id, status FROM documents"),
            "indicators": ids("SELECT indicator_id FROM indicators"),
            "articles": ids("SELECT doc_id, article_index FROM articles"),
            "sentences": ids("SELECT doc_id, article_index, sentence_index FROM sentences"),
            "rejected": ids("SELECT source, reason FROM rejected_documents"),
            "published_batches": ids("SELECT count(*) FROM batches WHERE status = 'published'"),
            "dq_batches": ids("SELECT count(DISTINCT batch_id) FROM dq_results"),
        }


def temporaries(data: Path) -> list[Path]:
    """Hidden temporary files anywhere in the data dir's published, store and quarantine trees."""
    return [p for sub in ("published", "store", "quarantine") for p in (data / sub).rglob(".*.tmp")]


def same_as(data: Path, reference: Path) -> None:
    """Assert ``data`` holds exactly what ``reference`` (an uninterrupted run) holds, with no duplicates."""
    got, want = published(data), published(reference)
    for table, ids in got.items():
        assert len(ids) == len(set(ids)), f"duplicate rows in published {table}"
    assert got == want
    assert warehouse(data) == warehouse(reference)
    assert temporaries(data) == []
