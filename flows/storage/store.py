"""The bytes of every accepted document, kept under ``store/<first two hex digits>/<doc_id>.<format>``.

A document's id is the sha256 of its bytes, so a stored file never changes once written; ``--reprocess``,
retries of held-back documents and ``zhibiao rebuild`` read documents from here, not from the inbox.
"""

from __future__ import annotations

from pathlib import Path

from flows.storage import atomic


def path(store: Path, doc_id: str, fmt: str) -> Path:
    """Where the document ``doc_id`` of format ``fmt`` is kept."""
    return store / doc_id[:2] / f"{doc_id}.{fmt}"


def keep(store: Path, doc_id: str, fmt: str, data: bytes) -> Path:
    """Keep ``data`` (atomically; a document already kept is left as it is)."""
    target = path(store, doc_id, fmt)
    if not target.exists():
        atomic.write_bytes(data, target)
    return target


def read(store: Path, doc_id: str, fmt: str) -> bytes:
    return path(store, doc_id, fmt).read_bytes()


def has(store: Path, doc_id: str, fmt: str) -> bool:
    return path(store, doc_id, fmt).exists()
