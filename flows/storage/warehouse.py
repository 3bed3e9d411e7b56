"""The DuckDB warehouse: one session context that owns the connection, its schema, queries, transactions.

:func:`session` is the only place a DuckDB connection to the warehouse is opened, capped and closed (a
resource in the Dagster sense): ``with warehouse.session(settings) as con:`` connects (creating the schema
when writable), caps DuckDB's memory at ``settings.warehouse_memory_mb``, optionally wraps the block in one
transaction, and closes the connection when the block ends, whatever happens. The functions below take the
session's connection. Table and column names come from code, values always travel as parameters.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl

if TYPE_CHECKING:
    from flows.settings import Settings

DDL = {
    "batches": """
        batch_id VARCHAR PRIMARY KEY, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, status VARCHAR,
        inbox VARCHAR, documents INTEGER, skipped INTEGER, rejected INTEGER, indicators INTEGER,
        extractor_version VARCHAR, ingest_date DATE, reprocess BOOLEAN, published_at TIMESTAMPTZ,
        held_back INTEGER""",
    "documents": """
        doc_id VARCHAR PRIMARY KEY, source VARCHAR, format VARCHAR, encoding VARCHAR, byte_size BIGINT,
        ingested_at TIMESTAMPTZ, batch_id VARCHAR, status VARCHAR, published_on DATE, published_on_source VARCHAR,
        published_on_precision VARCHAR""",
    # why a document is held back: one row per (document, failed check) each time a batch holds it
    "held_back": """
        doc_id VARCHAR, source VARCHAR, batch_id VARCHAR, suite VARCHAR, expectation VARCHAR, "column" VARCHAR,
        grain VARCHAR, reason VARCHAR, "rows" VARCHAR[], extractor_version VARCHAR, held_at TIMESTAMPTZ""",
    "rejected_documents": """
        source VARCHAR, reason VARCHAR, batch_id VARCHAR, byte_size BIGINT, rejected_at TIMESTAMPTZ""",
    "dq_results": """
        batch_id VARCHAR, suite VARCHAR, expectation VARCHAR, "column" VARCHAR, kwargs VARCHAR,
        severity VARCHAR, success BOOLEAN, observed_value VARCHAR, unexpected_count BIGINT,
        unexpected_percent DOUBLE, checked_at TIMESTAMPTZ, grain VARCHAR""",
    "dq_metrics": """
        batch_id VARCHAR PRIMARY KEY, documents INTEGER, characters BIGINT, indicators INTEGER,
        indicators_per_1k_chars DOUBLE, null_rate_region DOUBLE, null_rate_period DOUBLE,
        null_rate_metric DOUBLE, distinct_regions INTEGER, computed_at TIMESTAMPTZ""",
}
# Tables whose columns follow the frames the transforms produce (created from the first frame loaded); a
# held-back or reprocessed document's rows leave them, a rolled-back batch's rows too.
CONTENT_TABLES = ("articles", "sentences", "indicators", "observations")


# batch ids are made here (20260720T080001Z-a1b2c3); anything else never becomes a path
BATCH_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")


def new_batch_id(now: datetime) -> str:
    """A batch id: the UTC start time and 6 random hex digits, so ids sort by start."""
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def batch_row(
    batch_id: str, *, status: str, started_at: datetime, inbox: str | None, extractor_version: str | None,
    reprocess: bool = False, finished_at: datetime | None = None, documents: int = 0, skipped: int = 0,
    rejected: int = 0, indicators: int = 0, published_at: datetime | None = None, held_back: int = 0,
    ingest_date: date | None = None,
) -> dict:
    """One ``batches`` row with every column (``ingest_date`` defaults to the start's date)."""
    return {
        "batch_id": batch_id, "started_at": started_at, "finished_at": finished_at, "status": status,
        "inbox": inbox, "documents": documents, "skipped": skipped, "rejected": rejected,
        "indicators": indicators, "extractor_version": extractor_version,
        "ingest_date": ingest_date or started_at.date(), "reprocess": reprocess, "published_at": published_at,
        "held_back": held_back,
    }


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened or is not a zhibiao warehouse."""


@contextlib.contextmanager
def session(
    settings: Settings, *, read_only: bool = False, transaction: bool = False, path: Path | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse of ``settings`` (or the file at ``path``) for the block, then closed.

    Writable sessions create the file (and its folder) and the schema, and add the columns a newer release
    introduced; every session is capped at ``settings.warehouse_memory_mb`` (without a cap DuckDB may use
    80 % of RAM, and the checkpoint after each load holds more the larger the warehouse is). With
    ``transaction`` the block is one transaction: committed when it ends, rolled back when it raises. A
    missing (read-only) or corrupt file raises :class:`WarehouseError`.
    """
    path = path or settings.warehouse
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `zhibiao run` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open warehouse {path}: {str(exc).splitlines()[0]}") from exc
    try:
        con.execute(f"SET memory_limit = '{int(settings.warehouse_memory_mb)}MB'")
        if not read_only:
            _create_schema(con)
        if transaction:
            with in_transaction(con):
                yield con
        else:
            yield con
    finally:
        con.close()


def joined(settings: Settings, con: duckdb.DuckDBPyConnection | None) -> contextlib.AbstractContextManager:
    """``con`` when a caller already holds a session (left open for it), else a session of its own."""
    return session(settings) if con is None else contextlib.nullcontext(con)


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The fixed tables created, and the columns a newer release added to one (batches.held_back) added to an
    older warehouse. One look at the catalogue first: a warehouse already up to date costs that query alone
    (``duckdb_columns()``: ≈ 5 ms on a fresh connection, where ``information_schema.columns`` takes ≈ 40)."""
    have = set(con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main'").fetchall())
    tables_have = {t for t, _ in have}
    for name, cols in DDL.items():
        if name not in tables_have:
            con.execute(f"CREATE TABLE IF NOT EXISTS {_q(name)} ({cols})")
            continue
        for column, dtype in columns(name):
            if (name, column) not in have:
                con.execute(f"ALTER TABLE {_q(name)} ADD COLUMN IF NOT EXISTS {_q(column)} {dtype}")
                if (name, column) in BACKFILL:
                    con.execute(BACKFILL[name, column])


# what an added column holds for the rows an older release wrote: every date read before month-only dates
# existed is a day
BACKFILL = {
    ("documents", "published_on_precision"):
        "UPDATE documents SET published_on_precision = 'day' WHERE published_on IS NOT NULL",
}


def columns(table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of a fixed table's columns, as its DDL declares them.

    >>> columns("rejected_documents")[:2]
    [('source', 'VARCHAR'), ('reason', 'VARCHAR')]
    """
    out = []
    for col in DDL[table].split(","):
        ident, dtype = col.split(None, 1)
        out.append((ident.strip('"'), dtype.replace("PRIMARY KEY", "").strip()))
    return out


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def known_doc_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """doc_ids the warehouse already holds (any status): a rerun skips them."""
    return {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}


def stored_documents(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every document row, for ``--reprocess``."""
    return _documents(con, f"SELECT {_document_columns()} FROM documents d ORDER BY ingested_at, doc_id")


# DuckDB types of the fixed tables' DDL → polars
POLARS_TYPES = {"VARCHAR": pl.String, "BIGINT": pl.Int64, "INTEGER": pl.Int32, "DOUBLE": pl.Float64,
                "BOOLEAN": pl.Boolean, "DATE": pl.Date, "TIMESTAMPTZ": pl.Datetime("us", "UTC")}


def _document_columns() -> str:
    return ", ".join(f"d.{_q(name)}" for name, _ in columns("documents"))


def _documents(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> pl.DataFrame:
    """``documents`` rows of a query selecting :func:`_document_columns`, as a frame built from Python rows:
    DuckDB's ``.pl()`` goes through Arrow, whose import alone is ≈ 0.25 s of a run that has nothing new."""
    schema = {name: POLARS_TYPES[dtype] for name, dtype in columns("documents")}
    return pl.DataFrame(con.execute(query, params or []).fetchall(), schema=schema, orient="row")


def metric_history(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, list[str]]:
    """Earlier batches' ``dq_metrics`` and the batch_ids already flagged as anomalous."""
    history = con.sql("SELECT * FROM dq_metrics").pl()
    flagged = [r[0] for r in con.execute(
        "SELECT DISTINCT batch_id FROM dq_results WHERE suite = 'anomalies' AND NOT success"
    ).fetchall()]
    return history, flagged


def _ensure_content_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    """Create ``name`` from the frame's columns, or add the columns a newer transform introduced."""
    con.register("_frame", frame.head(0))
    try:
        if name not in tables(con):
            con.execute(f"CREATE TABLE {_q(name)} AS SELECT * FROM _frame")
            return
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]
        ).fetchall()}
        for col, dtype, *_ in con.execute("DESCRIBE SELECT * FROM _frame").fetchall():
            if col not in have:
                con.execute(f"ALTER TABLE {_q(name)} ADD COLUMN {_q(col)} {dtype}")
    finally:
        con.unregister("_frame")


def _insert(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    con.register("_frame", frame)
    try:
        con.execute(f"INSERT INTO {_q(name)} BY NAME SELECT * FROM _frame")
    finally:
        con.unregister("_frame")


@contextlib.contextmanager
def in_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends, roll back when it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def load_batch(
    con: duckdb.DuckDBPyConnection,
    *,
    batch: Mapping[str, object],
    frames: Mapping[str, pl.DataFrame],
    replace_docs: list[str] | None = None,
) -> None:
    """Load one batch's frames in one transaction. ``replace_docs``: doc_ids whose content rows are
    deleted first (``--reprocess``)."""
    for name in CONTENT_TABLES:
        if name in frames:
            _ensure_content_table(con, name, frames[name])
    with in_transaction(con):
        if replace_docs:
            con.register("_replace", pl.DataFrame({"doc_id": replace_docs}))
            for name in CONTENT_TABLES:
                if name in tables(con):
                    con.execute(f"DELETE FROM {_q(name)} WHERE doc_id IN (SELECT doc_id FROM _replace)")
            con.unregister("_replace")
        add_batch(con, batch)
        for name, frame in frames.items():
            _insert(con, name, frame)


def add_batch(con: duckdb.DuckDBPyConnection, batch: Mapping[str, object]) -> None:
    """Insert one ``batches`` row (:func:`batch_row`), bound as parameters (no frame, so no Arrow import)."""
    names = list(batch)
    con.execute(f"INSERT INTO batches ({', '.join(map(_q, names))}) VALUES ({', '.join('?' * len(names))})",
                [batch[n] for n in names])


def set_batch(con: duckdb.DuckDBPyConnection, batch_id: str, **fields: object) -> None:
    """Update columns of one ``batches`` row (status, finished_at, published_at...)."""
    cols = ", ".join(f"{_q(k)} = ?" for k in fields)
    con.execute(f"UPDATE batches SET {cols} WHERE batch_id = ?", [*fields.values(), batch_id])


# document statuses: loaded and not yet judged; published; held back by a failed critical check
# (``quarantined``: the same, written by releases before documents were held one by one)
NEW, PUBLISHED, HELD_BACK = "new", "published", "held_back"
HELD_STATUSES = (HELD_BACK, "quarantined")


def publish_documents(con: duckdb.DuckDBPyConnection, batch_id: str, doc_ids: list[str]) -> None:
    """Mark documents published by ``batch_id`` (new ones, and held-back ones it published again)."""
    con.register("_published", pl.DataFrame({"doc_id": doc_ids}, schema={"doc_id": pl.String}))
    try:
        con.execute("UPDATE documents SET status = ?, batch_id = ? WHERE doc_id IN (SELECT doc_id FROM _published)",
                    [PUBLISHED, batch_id])
    finally:
        con.unregister("_published")


def hold(con: duckdb.DuckDBPyConnection, *, batch_id: str, held: pl.DataFrame, version: str, at: object) -> None:
    """Hold back documents (``held``: HELD_SCHEMA rows, with ``source``): their reasons recorded, their
    status ``held_back``, and the content rows this batch loaded for them removed, so the warehouse's
    tables hold validated rows only (the held rows are kept in the batch's quarantine folder)."""
    rows = held.with_columns(batch_id=pl.lit(batch_id), extractor_version=pl.lit(version),
                             held_at=pl.lit(at, dtype=pl.Datetime("us", "UTC")))
    _insert(con, "held_back", rows)
    con.register("_held", held.select("doc_id").unique())
    try:
        con.execute("UPDATE documents SET status = ? WHERE doc_id IN (SELECT doc_id FROM _held)", [HELD_BACK])
        for name in CONTENT_TABLES:
            if name in tables(con):
                con.execute(f"DELETE FROM {_q(name)} WHERE batch_id = ? AND doc_id IN (SELECT doc_id FROM _held)",
                            [batch_id])
    finally:
        con.unregister("_held")


def to_retry(con: duckdb.DuckDBPyConnection, *, version: str, release: list[str] | None = None,
             release_all: bool = False) -> pl.DataFrame:
    """The document rows of held-back documents a run processes again: every one held under other
    extraction rules than ``version`` (the rules changed, so the verdict may too), and those released."""
    return _documents(
        con,
        f"""
        WITH last AS (SELECT doc_id, arg_max(extractor_version, held_at) AS version FROM held_back GROUP BY doc_id)
        SELECT {_document_columns()} FROM documents d
        LEFT JOIN last USING (doc_id) LEFT JOIN batches b ON b.batch_id = d.batch_id
        WHERE d.status IN ({", ".join("?" * len(HELD_STATUSES))})
          AND (coalesce(last.version, b.extractor_version) IS DISTINCT FROM ? OR ? OR list_contains(?, d.doc_id))
        ORDER BY d.ingested_at, d.doc_id
        """,
        [*HELD_STATUSES, version, release_all, release or []],
    )


def held_documents(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Documents held back now, one row per reason of their latest hold: doc_id, source, batch_id, held_at,
    reason, grain, rows (the failing rows' keys), extractor_version."""
    return con.sql(
        f"""
        WITH last AS (SELECT doc_id, max(held_at) AS held_at FROM held_back GROUP BY doc_id)
        SELECT d.doc_id, d.source, coalesce(h.batch_id, d.batch_id) AS batch_id, h.held_at,
               coalesce(h.reason, 'whole batch quarantined') AS reason, h.grain, h."rows", h.extractor_version
        FROM documents d LEFT JOIN last USING (doc_id)
        LEFT JOIN held_back h ON h.doc_id = d.doc_id AND h.held_at = last.held_at
        WHERE d.status IN ({", ".join("?" * len(HELD_STATUSES))})
        ORDER BY h.held_at, d.doc_id, h.reason
        """,
        params=list(HELD_STATUSES),
    ).pl()


def append(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    """Append rows to a fixed-schema table (dq_results, dq_metrics, rejected_documents)."""
    _insert(con, name, frame)


# --- recovery: batches a killed or failed run left incomplete ------------------------------------

# every table whose rows carry the batch_id of the batch that wrote them
BATCH_TABLES = ("documents", *CONTENT_TABLES, "rejected_documents", "dq_results", "dq_metrics", "held_back")


def incomplete_batches(con: duckdb.DuckDBPyConnection) -> list[tuple[str, bool]]:
    """(batch_id, reprocess) of batches loaded but never marked published or quarantined."""
    return [(r[0], bool(r[1])) for r in con.execute(
        "SELECT batch_id, reprocess FROM batches WHERE status = 'loaded' ORDER BY started_at, batch_id"
    ).fetchall()]


def discard_batch(con: duckdb.DuckDBPyConnection, batch_id: str, *, at: object) -> None:
    """Delete every row the batch wrote and mark it ``aborted`` (call inside a transaction)."""
    have = tables(con)
    for name in BATCH_TABLES:
        if name in have:
            con.execute(f"DELETE FROM {_q(name)} WHERE batch_id = ?", [batch_id])
    set_batch(con, batch_id, status="aborted", finished_at=at)


def published_batches(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT batch_id FROM batches WHERE status = 'published' ORDER BY published_at, batch_id").fetchall()]


def check(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read every table once: a file that opens but whose blocks are damaged raises WarehouseError."""
    try:
        for name in sorted(tables(con)):
            con.execute(f"SELECT count(*) FROM {_q(name)}").fetchall()
    except duckdb.Error as exc:
        raise WarehouseError(f"warehouse {path} is damaged: {str(exc).splitlines()[0]}") from exc
