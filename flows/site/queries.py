"""What the review site reads from the warehouse: tables present, the documents and metrics a run
touches, batch overview and totals, and rows grouped by document (read-only queries, in chunks of ids)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from flows.site import pages
from flows.storage import warehouse


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return warehouse.tables(con)


def has_series_view(tables: set[str]) -> bool:
    return {"observations", "series"} <= tables


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}


def doc_ids_of_batches(con: duckdb.DuckDBPyConnection, batch_ids: list[str]) -> list[str]:
    """Documents a set of batches published or held back."""
    held = "UNION SELECT doc_id FROM held_back WHERE list_contains($b, batch_id)" \
        if "held_back" in table_names(con) else ""
    return [r[0] for r in con.execute(
        f"SELECT doc_id FROM (SELECT doc_id FROM documents WHERE list_contains($b, batch_id) {held}) "
        "ORDER BY doc_id", {"b": batch_ids}).fetchall()]


def metrics_of(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[str]:
    if not doc_ids or not has_series_view(table_names(con)):
        return []
    return [r[0] for r in con.execute(
        "SELECT DISTINCT metric_id FROM observations WHERE metric_id IS NOT NULL AND list_contains($d, doc_id) "
        "ORDER BY 1", {"d": doc_ids}).fetchall()]


def all_metrics(con: duckdb.DuckDBPyConnection) -> list[str]:
    if not has_series_view(table_names(con)):
        return []
    return [r[0] for r in con.execute("SELECT DISTINCT metric_id FROM series ORDER BY 1").fetchall()]


def frame_for_ids(con: duckdb.DuckDBPyConnection, sql: str, ids: list[str]) -> pl.DataFrame:
    """``sql`` whose ``_ids`` is the table of ``ids`` (one column ``doc_id``)."""
    con.register("_ids", pl.DataFrame({"doc_id": ids}, schema={"doc_id": pl.String}))
    try:
        return con.sql(sql).pl()
    finally:
        con.unregister("_ids")


def batch_overview(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per batch, oldest first: status, volume, yield, null rates, checks failed, anomalies."""
    held = "coalesce(b.held_back, 0)" if "held_back" in _columns(con, "batches") else "0"
    return con.sql(
        f"""
        WITH checks AS (
            SELECT batch_id, count(*) AS checks,
                   count(*) FILTER (WHERE NOT success AND severity = 'critical' AND suite <> 'anomalies')
                       AS critical_failed,
                   count(*) FILTER (WHERE NOT success AND severity <> 'critical' AND suite <> 'anomalies')
                       AS warnings_failed,
                   count(*) FILTER (WHERE NOT success AND suite = 'anomalies') AS anomalies
            FROM dq_results GROUP BY batch_id)
        SELECT b.batch_id, b.started_at, b.finished_at, b.status, b.documents, b.skipped, b.rejected,
               {held} AS held_back, b.indicators, b.extractor_version, b.reprocess,
               m.characters, m.indicators_per_1k_chars, m.null_rate_region, m.null_rate_period,
               m.null_rate_metric, m.distinct_regions,
               coalesce(c.checks, 0) AS checks, coalesce(c.critical_failed, 0) AS critical_failed,
               coalesce(c.warnings_failed, 0) AS warnings_failed, coalesce(c.anomalies, 0) AS anomalies
        FROM batches b LEFT JOIN dq_metrics m USING (batch_id) LEFT JOIN checks c USING (batch_id)
        ORDER BY b.started_at, b.batch_id
        """
    ).pl()


ARTICLE_COLS = ("article_index", "kind", "title", "author", "body")

SENTENCE_COLS = ("article_index", "sentence_index", "text")

SPAN_COLS = ("indicator_id", "article_index", "sentence_index", "span_start", "span_end", "sentence", "direction",
             "is_target")


def by_doc(frame: pl.DataFrame | None, cols: tuple[str, ...] | None = None) -> dict[str, list]:
    """A chunk's rows per document, as Python values once (per-document frame operations cost more than the
    page): tuples of ``cols`` when given, else dicts. The frame is sorted; row order is kept."""
    out: dict[str, list] = {}
    if frame is None or frame.is_empty():
        return out
    keys = frame.get_column("doc_id").to_list()
    values = frame.select(cols).to_dicts() if cols == SPAN_COLS else frame.select(cols).rows() if cols \
        else frame.to_dicts()
    for key, value in zip(keys, values, strict=True):
        out.setdefault(key, []).append(value)
    return out


def by_batch(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[tuple[str, list[str]]]:
    """The documents grouped by the batch that published (or held) them, oldest batch first: the content rows
    of a document carry that batch's id, and a filter on it reads only the batch's row groups (rows are
    loaded batch by batch), so a page costs the same however large the warehouse."""
    con.register("_ids", pl.DataFrame({"doc_id": doc_ids}, schema={"doc_id": pl.String}))
    try:
        return [(b, ids) for b, ids in con.execute(
            "SELECT batch_id, list(doc_id ORDER BY doc_id) FROM documents WHERE doc_id IN (SELECT doc_id FROM _ids) "
            "GROUP BY batch_id ORDER BY min(ingested_at), batch_id").fetchall()]
    finally:
        con.unregister("_ids")


class QuarantineRows:
    """The held rows of documents, read once per quarantine folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[str, tuple[dict, dict, dict]] = {}

    def rows(self, batch_id: str, doc_id: str) -> tuple[list | None, list | None, list[str]]:
        """A held document's articles, indicator rows and their JSON (:func:`pages.rows_json`)."""
        if batch_id not in self._cache:
            arts = self._read(batch_id, "articles")
            inds = self._read(batch_id, "indicators")
            jsons: dict[str, list[str]] = {}
            if inds is not None and inds.height:
                for key, text in zip(inds.get_column("doc_id").to_list(), pages.rows_json(inds), strict=True):
                    jsons.setdefault(key, []).append(text)
            self._cache[batch_id] = (by_doc(arts, ARTICLE_COLS), by_doc(inds, SPAN_COLS), jsons)
        arts, inds, jsons = self._cache[batch_id]
        return arts.get(doc_id), inds.get(doc_id), jsons.get(doc_id, [])

    def _read(self, batch_id: str, table: str) -> pl.DataFrame | None:
        try:
            frame = pl.read_parquet(self.folder / batch_id / f"{table}.parquet")
        except (OSError, pl.exceptions.PolarsError):
            return None
        order = ["doc_id", "article_index"] + (["sentence_index", "span_start"] if table == "indicators" else [])
        return frame.sort(order)


def with_work(overview: pl.DataFrame) -> pl.DataFrame:
    """Batches that did something: runs that found nothing (scheduled runs, mostly) are only counted."""
    return overview.filter((pl.col("status") != "empty") | (pl.col("rejected").fill_null(0) > 0))


def totals_of(con: duckdb.DuckDBPyConnection, tables: set[str]) -> dict:
    row = con.execute(
        """
        SELECT (SELECT count(*) FROM documents WHERE status = 'published'),
               (SELECT count(*) FROM documents WHERE status <> 'published'),
               (SELECT count(*) FROM rejected_documents),
               (SELECT count(*) FROM batches)
        """).fetchall()[0]
    inds = con.execute("SELECT count(*) FROM indicators").fetchall()[0][0] if "indicators" in tables else 0
    return {"published": row[0], "held_back": row[1], "rejected": row[2], "batches": row[3], "indicators": inds}
