"""A run with nothing to do, answered without starting Prefect, jieba or Great Expectations.

Before the CLI starts the flow (and with it the embedded Prefect API, which alone takes 5–15 s) it lists
the inbox and hashes its files. When every file is one the warehouse already holds, no batch is
incomplete and no reprocess is asked for, the run is recorded as the flow would record it (an
``empty`` batch row) and its summary returned. Anything else — a new, unreadable, rejected or
unsupported file, a batch to recover — goes to the flow; when the new files are big enough for the
worker pool, the CLI starts it right away, so that the workers load the jieba dictionary while Prefect
starts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl

from flows import warehouse
from flows.settings import Settings
from flows.sources import format_of, open_source


@dataclass(frozen=True)
class Survey:
    """What the inbox holds for a run: its summary when there is nothing to do, else the bytes of new files."""

    summary: dict | None
    new_bytes: int
    new_files: list[tuple[str, str, str, bytes]] = field(default_factory=list)  # source, format, doc_id, bytes


def nothing_new(settings: Settings) -> dict | None:
    """The run's summary when the inbox holds nothing new (the batch recorded); None when the flow must run."""
    return survey(settings).summary


def survey(settings: Settings, *, keep_bytes: int = 0) -> Survey:
    """:class:`Survey` of the inbox; when nothing is new, the ``empty`` batch is recorded. The bytes of the
    first new files, up to ``keep_bytes``, are kept in ``new_files``."""
    source = open_source(settings.inbox, pattern=settings.glob)
    if settings.reprocess:
        return Survey(None, sum(e.byte_size for e in source.entries()))
    if not settings.warehouse.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    con = warehouse.connect_for(settings)
    try:
        from transforms.extract import EXTRACTOR_VERSION

        # an interrupted batch goes to the flow, which recovers it; so do held-back documents due a retry
        flow = bool(con.execute("SELECT count(*) FROM batches WHERE status = 'loaded'").fetchall()[0][0]) \
            or not warehouse.to_retry(con, version=EXTRACTOR_VERSION).is_empty()
        known = warehouse.known_doc_ids(con)
        skipped = new_bytes = 0
        new_files: list[tuple[str, str, str, bytes]] = []
        for entry in source.entries():
            if (entry.is_symlink_outside or format_of(entry.source) is None
                    or not 0 < entry.byte_size <= settings.max_bytes):
                flow = True
                continue
            try:
                data = source.read(entry)
            except OSError:
                flow = True
                continue
            doc_id = hashlib.sha256(data).hexdigest()
            if doc_id in known:
                skipped += 1
                continue
            flow = True
            if new_bytes + len(data) <= keep_bytes:
                new_files.append((entry.source, format_of(entry.source), doc_id, data))
            new_bytes += len(data)
        if flow or not known:
            return Survey(None, new_bytes, new_files)
        now = datetime.now(UTC)
        batch_id = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        batch = {
            "batch_id": batch_id, "started_at": now, "finished_at": now, "status": "empty",
            "inbox": str(settings.inbox), "documents": 0, "skipped": skipped, "rejected": 0, "indicators": 0,
            "extractor_version": EXTRACTOR_VERSION, "ingest_date": now.date(), "reprocess": False,
            "published_at": None, "held_back": 0,
        }
        with warehouse.transaction(con):
            warehouse.append(con, "batches", pl.DataFrame([batch]))
    finally:
        con.close()
    return Survey({"batch_id": batch_id, "status": "empty", "new": 0, "skipped": skipped, "rejected": 0,
                   "articles": 0, "sentences": 0, "indicators": 0, "checks": 0, "failed_critical": [],
                   "warnings": [], "outputs": {}, "batches": [batch_id], "timings": {}, "held_back": 0, "held": [],
                   "retried": 0}, 0)


def decoded(files: list[tuple[str, str, str, bytes]]) -> pl.DataFrame:
    """doc_id, source, text of the files that decode (the others are the flow's to reject)."""
    from transforms import decode

    rows = []
    for source, fmt, doc_id, data in files:
        try:
            rows.append((doc_id, source, decode.document(data, format=fmt).text))
        except decode.Undecodable:
            continue
    return pl.DataFrame(rows, schema={"doc_id": pl.String, "source": pl.String, "text": pl.String}, orient="row")
