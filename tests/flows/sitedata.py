"""Small warehouses for the review site's tests, written with plain DuckDB: the fixed tables from the
warehouse's DDL, the content tables from the frames (as the warehouse creates them), rows inserted by name.

A document is given as articles of paragraphs of sentences, and its indicators as the figures to mark
(the text of the number-with-unit inside a sentence), so a test says what it means in a line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import polars as pl

from flows import series
from flows.storage import warehouse
from transforms import observations

T0 = datetime(2024, 5, 20, 8, 0, tzinfo=UTC)


@dataclass
class Ind:
    """An indicator on ``figure`` (its n-th occurrence) in sentence ``sentence`` of article ``article``."""

    article: int
    sentence: int
    figure: str
    metric: str = "地区生产总值"
    region: str | None = "广东"
    period: str | None = "4月份"
    value: float = 6.5
    unit: str = "%"
    direction: str | None = "up"
    is_target: bool = False
    basis: str | None = "同比"
    occurrence: int = 0


@dataclass
class Doc:
    source: str
    articles: list[list[list[str]]]  # articles → paragraphs → sentences
    indicators: list[Ind] = field(default_factory=list)
    published_on: date | None = None

    @property
    def doc_id(self) -> str:
        return hashlib.sha256(self.source.encode()).hexdigest()


def indicator_id(doc: Doc, k: int) -> str:
    return hashlib.md5(f"{doc.doc_id}:{k}".encode()).hexdigest()


def frames(docs: list[Doc], *, batch_id: str) -> dict[str, pl.DataFrame]:
    arts, sents, inds = [], [], []
    for doc in docs:
        texts: dict[tuple[int, int], str] = {}
        for a, paras in enumerate(doc.articles):
            body = "\n".join("".join(p) for p in paras)
            arts.append({"doc_id": doc.doc_id, "source": doc.source, "article_index": a, "kind": "article",
                         "title": f"标题{a}", "author": None, "body": body, "char_count": len(body),
                         "batch_id": batch_id})
            n = 0
            for p, para in enumerate(paras):
                for s in para:
                    sents.append({"doc_id": doc.doc_id, "article_index": a, "paragraph_index": p,
                                  "sentence_index": n, "text": s, "tokens": list(s), "batch_id": batch_id})
                    texts[a, n] = s
                    n += 1
        for k, ind in enumerate(doc.indicators):
            sentence = texts[ind.article, ind.sentence]
            start = -1
            for _ in range(ind.occurrence + 1):
                start = sentence.index(ind.figure, start + 1)
            inds.append({
                "indicator_id": indicator_id(doc, k), "doc_id": doc.doc_id, "source": doc.source,
                "article_index": ind.article, "sentence_index": ind.sentence, "article_title": f"标题{ind.article}",
                "sentence": sentence, "span_start": start, "span_end": start + len(ind.figure),
                "metric": ind.metric, "region": ind.region, "value": ind.value, "unit": ind.unit,
                "value_norm": ind.value, "unit_norm": ind.unit, "qualifier": None, "direction": ind.direction,
                "period": ind.period, "is_target": ind.is_target, "basis": ind.basis, "extractor_version": "test",
                "batch_id": batch_id})
    cast = {"article_index": pl.Int32, "sentence_index": pl.Int32}
    return {
        "articles": pl.DataFrame(arts).cast({"article_index": pl.Int32, "char_count": pl.Int32}),
        "sentences": pl.DataFrame(sents, schema_overrides={"tokens": pl.List(pl.String)}).cast(
            cast | {"paragraph_index": pl.Int32}),
        "indicators": pl.DataFrame(inds).cast(cast | {"span_start": pl.Int32, "span_end": pl.Int32}),
    }


def connect(data: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse file of ``data`` with the warehouse's fixed tables."""
    con = duckdb.connect(str(data / "warehouse.duckdb"))
    for name, cols in warehouse.DDL.items():
        con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})')
    return con


def insert(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    """Rows into a table by column name; a content table is created from the frame's columns."""
    con.register("_frame", frame)
    try:
        con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" AS SELECT * FROM _frame LIMIT 0')
        con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM _frame')
    finally:
        con.unregister("_frame")


def load(data: Path, docs: list[Doc], *, batch_id: str, at: datetime = T0, held: dict[str, str] | None = None,
         rejected: list[tuple[str, str]] = (), failed_checks: int = 0) -> None:
    """One published batch of ``docs`` (``held``: source → reason of documents it held back instead;
    their rows go to the batch's quarantine folder as the pipeline leaves them)."""
    held = held or {}
    con = connect(data)
    try:
        tables = frames(docs, batch_id=batch_id)
        held_ids = [d.doc_id for d in docs if d.source in held]
        kept = {t: f.filter(~pl.col("doc_id").is_in(held_ids)) for t, f in tables.items()}
        insert(con, "documents", pl.DataFrame([{
            "doc_id": d.doc_id, "source": d.source, "format": "txt", "encoding": "utf-8", "byte_size": 1000,
            "ingested_at": at, "batch_id": batch_id,
            "status": "held_back" if d.source in held else "published"} for d in docs]))
        insert(con, "batches", pl.DataFrame([{
            "batch_id": batch_id, "started_at": at, "finished_at": at + timedelta(seconds=5), "status": "published",
            "inbox": "inbox", "documents": len(docs), "skipped": 0, "rejected": len(rejected),
            "indicators": kept["indicators"].height, "extractor_version": "test", "ingest_date": at.date(),
            "reprocess": False, "published_at": at, "held_back": len(held_ids)}]))
        for name, frame in kept.items():
            insert(con, name, frame)
        rows = kept["indicators"].height
        chars = int(kept["articles"].get_column("char_count").sum() or 0)
        insert(con, "dq_metrics", pl.DataFrame([{
            "batch_id": batch_id, "documents": len(docs), "characters": chars, "indicators": rows,
            "indicators_per_1k_chars": 1000 * rows / chars if chars else None, "null_rate_region": 0.1,
            "null_rate_period": 0.2, "null_rate_metric": 0.0, "distinct_regions": 1, "computed_at": at}]))
        insert(con, "dq_results", pl.DataFrame([{
            "batch_id": batch_id, "suite": "indicators", "expectation": "expect_column_values_to_not_be_null",
            "column": f"c{i}", "kwargs": "{}", "severity": "critical" if i < failed_checks else "warning",
            "success": i >= failed_checks, "observed_value": None, "unexpected_count": 1 if i < failed_checks else 0,
            "unexpected_percent": None, "checked_at": at, "grain": "row"} for i in range(3)]))
        if rejected:
            insert(con, "rejected_documents", pl.DataFrame(
                [{"source": s, "reason": r, "batch_id": batch_id, "byte_size": 0, "rejected_at": at}
                 for s, r in rejected]))
        if held_ids:
            folder = data / "quarantine" / batch_id
            folder.mkdir(parents=True, exist_ok=True)
            for t in ("articles", "indicators"):
                tables[t].filter(pl.col("doc_id").is_in(held_ids)).write_parquet(folder / f"{t}.parquet")
            failing = tables["indicators"].filter(pl.col("doc_id").is_in(held_ids))
            insert(con, "held_back", pl.DataFrame([{
                "doc_id": d.doc_id, "source": d.source, "batch_id": batch_id, "suite": "indicators",
                "expectation": "expect_column_values_to_be_in_set", "column": "_count_nonnegative", "grain": "row",
                "reason": held[d.source],
                "rows": failing.filter(pl.col("doc_id") == d.doc_id).get_column("indicator_id").head(1).to_list(),
                "extractor_version": "test", "held_at": at} for d in docs if d.source in held],
                schema_overrides={"rows": pl.List(pl.String)}))
    finally:
        con.close()


def add_observations(data: Path, published: dict[str, date]) -> pl.DataFrame:
    """The ``observations`` table and ``series`` view of the warehouse, from its indicators (as a run
    writes them), and ``documents.published_on``."""
    con = connect(data)
    try:
        inds = con.sql("SELECT * FROM indicators").pl()
        docs = pl.DataFrame({"doc_id": list(published), "published_on": list(published.values())},
                            schema={"doc_id": pl.String, "published_on": pl.Date})
        obs = observations.observations(inds, docs)
        con.execute(f"CREATE OR REPLACE TABLE observations ({series.OBSERVATIONS_COLUMNS})")
        con.register("_obs", obs)
        con.execute("INSERT INTO observations SELECT * FROM _obs")
        con.unregister("_obs")
        series.create_view(con)
        con.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS published_on DATE")
        con.register("_dates", docs)
        con.execute("UPDATE documents SET published_on = _dates.published_on FROM _dates "
                    "WHERE documents.doc_id = _dates.doc_id")
        con.unregister("_dates")
        return obs
    finally:
        con.close()


class _Marks(HTMLParser):
    """The elements with a ``data-indicator-id`` of a page, with the text inside each (nested ones included)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list] = []  # [id, text]
        self.open: list[list | None] = []

    def handle_starttag(self, tag, attrs):
        key = dict(attrs).get("data-indicator-id")
        if key is not None:
            self.found.append([key, ""])
            self.open.append(self.found[-1])
        elif tag == "mark":
            self.open.append(None)

    def handle_endtag(self, tag):
        if tag == "mark" and self.open:
            self.open.pop()

    def handle_data(self, data):
        for item in self.open:
            if item is not None:
                item[1] += data


def marks(page: str) -> list[tuple[str, str]]:
    """(indicator id, marked text) of every highlighted indicator of a page, in document order."""
    parser = _Marks()
    parser.feed(page)
    return [(k, t) for k, t in parser.found]
