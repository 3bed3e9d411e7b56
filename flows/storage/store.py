"""The bytes of every accepted document, kept under ``store/<first two hex digits>/<doc_id>.<format>``.

A document's id is the sha256 of its bytes, so a stored file never changes once written; ``--reprocess``,
retries of held-back documents and ``zhibiao rebuild`` read documents from here, not from the inbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flows.storage import atomic

# files written at once by keep_all: each write waits on its fsync, which releases the GIL
KEEP_THREADS = 8


def path(store: Path, doc_id: str, fmt: str) -> Path:
    """Where the document ``doc_id`` of format ``fmt`` is kept."""
    return store / doc_id[:2] / f"{doc_id}.{fmt}"


def keep(store: Path, doc_id: str, fmt: str, data: bytes) -> Path:
    """Keep ``data`` (atomically; a document already kept is left as it is)."""
    target = path(store, doc_id, fmt)
    if not target.exists():
        atomic.write_bytes(data, target)
    return target


def keep_all(store: Path, documents: Iterable[tuple[str, str, bytes]]) -> list[Path]:
    """:func:`keep` every ``(doc_id, fmt, data)``, several at a time: a batch of thousands of small pages
    otherwise waits on one fsync after the other (≈ 1 ms each, a second per thousand files)."""
    docs = list({(doc_id, fmt): (doc_id, fmt, data) for doc_id, fmt, data in documents}.values())  # one writer a file
    if len(docs) < 2:
        return [keep(store, *doc) for doc in docs]
    with ThreadPoolExecutor(max_workers=KEEP_THREADS, thread_name_prefix="zhibiao-keep") as pool:
        return list(pool.map(lambda doc: keep(store, *doc), docs))


def read(store: Path, doc_id: str, fmt: str) -> bytes:
    return path(store, doc_id, fmt).read_bytes()


def has(store: Path, doc_id: str, fmt: str) -> bool:
    return path(store, doc_id, fmt).exists()
