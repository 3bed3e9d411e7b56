"""The store keeps each accepted document's bytes once, by doc_id."""

from __future__ import annotations

import hashlib

from flows.storage import store


def test_keep_and_read_by_doc_id(tmp_path):
    data = "重庆".encode()
    doc_id = hashlib.sha256(data).hexdigest()
    path = store.keep(tmp_path, doc_id, "txt", data)
    assert path == tmp_path / doc_id[:2] / f"{doc_id}.txt"
    assert store.read(tmp_path, doc_id, "txt") == data and store.has(tmp_path, doc_id, "txt")
    assert not store.has(tmp_path, doc_id, "pdf")


def test_a_kept_document_is_never_rewritten(tmp_path):
    path = store.keep(tmp_path, "ab" * 32, "txt", b"first")
    mtime = path.stat().st_mtime_ns
    store.keep(tmp_path, "ab" * 32, "txt", b"other bytes")
    assert path.read_bytes() == b"first" and path.stat().st_mtime_ns == mtime


def test_keep_all_keeps_every_document_once(tmp_path):
    docs = [(f"{i:02x}" + "0" * 62, "txt", f"第{i}篇".encode()) for i in range(40)]
    paths = store.keep_all(tmp_path, docs + docs[:5])  # a document twice: written once, no clash
    assert len(paths) == 40
    for doc_id, fmt, data in docs:
        assert store.read(tmp_path, doc_id, fmt) == data
    assert not list(tmp_path.rglob(".*.tmp"))
