"""The start of every run, under the data dir's lock: recover, survey the inbox, and end a run that has
nothing to read.

:func:`begin` is the first step of the flow, and so of every run, manual or scheduled: recovery
(``flows.recovery``: temporary files swept, incomplete batches rolled back or forward), then the survey
of the inbox — every file listed and hashed once, sorted into known (skipped), rejected on sight
(a symlink out of the inbox, an unsupported type, too large, a duplicate of another file of the run)
and new — and the stored documents due again (``--reprocess``, held-back documents under new rules or
released). A run with nothing to read ends here: its ``empty`` batch is recorded with the files it
rejected, and nothing else starts (no Prefect task, no worker, no Great Expectations).

Nothing here imports Prefect: ``flows.app`` runs :func:`begin` ahead of the flow, so that a manual run
with nothing new never starts Prefect either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from flows import recovery
from flows.settings import Settings
from flows.storage import inbox, warehouse
from flows.summary import Summary

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class NewFile:
    """A file of the inbox whose bytes the run reads: ``doc_id`` is the hash the survey found, or None when
    the survey could not read it (the read task tries again, with retries)."""

    entry: inbox.Entry
    format: str
    doc_id: str | None


@dataclass(frozen=True)
class Plan:
    """What a run reads: the inbox's new files (in inbox order), the files rejected on sight, how many
    were known, and the stored documents processed again; ``summary`` is set when there was nothing to
    read (the run is over)."""

    settings: Settings  # as recovery left them: a rolled-back --reprocess makes this run reprocess
    source: inbox.Source
    files: tuple[NewFile, ...]
    rejected: pl.DataFrame  # REJECT_SCHEMA, batch_id not yet set
    skipped: int
    known: frozenset[str]
    stored: pl.DataFrame  # document rows read again from the store
    retried: int  # of which held-back documents (not --reprocess)
    summary: Summary | None = None

    @property
    def new_bytes(self) -> int:
        return sum(f.entry.byte_size for f in self.files)


def begin(settings: Settings, *, release: list[str] | None = None, release_all: bool = False,
          log: Callable[[str], None] = print) -> Plan:
    """Recover, survey, and record the run when it has nothing to read (the caller holds the lock); one
    warehouse session for the three (each open and close is ≈ 45 ms of a run that has nothing new)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with warehouse.session(settings) as con:
        settings = recovery.at_start(settings, log=log, con=con)
        plan = survey(settings, release=release, release_all=release_all, con=con)
        if plan.files or not plan.stored.is_empty():
            return plan
        return replace(plan, summary=record_empty(settings, rejected=plan.rejected, skipped=plan.skipped, con=con))


def survey(settings: Settings, *, release: list[str] | None = None, release_all: bool = False,
           con: duckdb.DuckDBPyConnection | None = None) -> Plan:
    """The inbox's files sorted into new, known and rejected on sight; the stored documents due again."""
    from transforms.extract import EXTRACTOR_VERSION

    source = inbox.open_source(settings.inbox, pattern=settings.glob)
    with warehouse.joined(settings, con) as con:
        known = frozenset(warehouse.known_doc_ids(con))
        # documents read again from the store: every one (--reprocess), else the held-back ones due a retry
        stored = warehouse.stored_documents(con) if settings.reprocess else warehouse.to_retry(
            con, version=EXTRACTOR_VERSION, release=release, release_all=release_all)
    now = datetime.now(UTC)
    files: list[NewFile] = []
    rejected: list[tuple] = []
    first: dict[str, str] = {}  # doc_id → the first file of the run with those bytes
    skipped = 0

    def reject(entry: inbox.Entry, reason: str) -> None:
        rejected.append((entry.source, reason, None, entry.byte_size, now))

    for entry in source.entries():
        fmt = inbox.format_of(entry.source)
        if entry.is_symlink_outside:
            reject(entry, "symlink outside inbox")
        elif fmt is None:
            reject(entry, f"unsupported file type {Path(entry.source).suffix or '(none)'}")
        elif entry.byte_size > settings.max_bytes:
            reject(entry, too_large(entry.byte_size, settings.max_bytes))
        else:
            try:
                doc_id = hashlib.sha256(source.read(entry)).hexdigest()
            except OSError:  # read again, with retries, by the run
                files.append(NewFile(entry, fmt, None))
                continue
            if doc_id in known:
                skipped += 1
            elif doc_id in first:
                reject(entry, f"duplicate of {first[doc_id]}")
            else:
                first[doc_id] = entry.source
                files.append(NewFile(entry, fmt, doc_id))
    return Plan(settings, source, tuple(files), inbox.rejections(rejected), skipped, known, stored,
                retried=0 if settings.reprocess else stored.height)


def too_large(size: int, limit: int) -> str:
    return f"file too large ({size} bytes > {limit})"


def record_empty(settings: Settings, *, rejected: pl.DataFrame, skipped: int,
                 con: duckdb.DuckDBPyConnection | None = None) -> Summary:
    """Record a batch that loads no document (status ``empty``), with the files rejected (in one transaction,
    through ``con`` when the caller holds a session)."""
    from transforms.extract import EXTRACTOR_VERSION

    now = datetime.now(UTC)
    batch_id = warehouse.new_batch_id(now)
    rejected = rejected.with_columns(batch_id=pl.lit(batch_id))
    batch = warehouse.batch_row(batch_id, status="empty", started_at=now, finished_at=now,
                                inbox=str(settings.inbox), extractor_version=EXTRACTOR_VERSION,
                                reprocess=settings.reprocess, skipped=skipped, rejected=rejected.height)
    with (warehouse.session(settings, transaction=True) if con is None
          else warehouse.in_transaction(con)) as con:
        warehouse.add_batch(con, batch)
        warehouse.append(con, "rejected_documents", rejected)
    return Summary(batch_id=batch_id, skipped=skipped, rejected=rejected.height, batches=[batch_id])
