"""The inbox: a local folder and fsspec URLs behind one interface, recursive, glob-filtered; the frames of
its documents and rejected files."""

from __future__ import annotations

import uuid

import fsspec
import pytest

from flows.storage import inbox
from flows.storage.inbox import FsspecFolder, LocalFolder, SourceError, format_of, matches, open_source

FILES = {"a.txt": b"one", "2024/07/b.pdf": b"two", "2024/c.html": b"three", ".hidden/d.txt": b"x", "e.docx": b"y"}


@pytest.fixture
def folder(tmp_path):
    for name, data in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.fixture
def memory_inbox():
    root = f"/inbox-{uuid.uuid4().hex[:8]}"
    fs = fsspec.filesystem("memory")
    for name, data in FILES.items():
        fs.pipe(f"{root}/{name}", data)
    yield f"memory://{root.lstrip('/')}"
    fs.rm(root, recursive=True)


@pytest.mark.parametrize(("pattern", "expected"), [
    ("*", {"a.txt", "2024/07/b.pdf", "2024/c.html", "e.docx"}),
    ("*.pdf", {"2024/07/b.pdf"}),
    ("2024/*", {"2024/07/b.pdf", "2024/c.html"}),
    ("*.xls", set()),
])
def test_local_folder_is_recursive_and_glob_filtered(folder, pattern, expected):
    source = open_source(folder, pattern=pattern)
    assert isinstance(source, LocalFolder)
    entries = list(source.entries())
    assert {e.source for e in entries} == expected
    for e in entries:
        assert source.read(e) == FILES[e.source]
        assert e.byte_size == len(FILES[e.source])


def test_file_url_is_the_local_folder(folder):
    source = open_source(f"file://{folder}")
    assert isinstance(source, LocalFolder)
    assert {e.source for e in source.entries()} == {"a.txt", "2024/07/b.pdf", "2024/c.html", "e.docx"}


def test_memory_url_lists_and_reads_with_full_uris(memory_inbox):
    source = open_source(memory_inbox, pattern="*.pdf")
    assert isinstance(source, FsspecFolder)
    (entry,) = source.entries()
    assert entry.source == f"{memory_inbox}/2024/07/b.pdf"
    assert source.read(entry) == b"two" and entry.byte_size == 3
    everything = {e.source.removeprefix(memory_inbox + "/") for e in open_source(memory_inbox).entries()}
    assert everything == {"a.txt", "2024/07/b.pdf", "2024/c.html", "e.docx"}


def test_both_sources_list_the_same_files(folder, memory_inbox):
    local = {e.source for e in open_source(folder).entries()}
    remote = {e.source.removeprefix(memory_inbox + "/") for e in open_source(memory_inbox).entries()}
    assert local == remote


@pytest.mark.parametrize(("inbox", "reason"), [
    ("memory://no-such-inbox", "does not exist"),
    ("nosuchprotocol://bucket/x", "Protocol not known"),
])
def test_unusable_inbox_urls_say_why(inbox, reason):
    with pytest.raises(SourceError, match=reason):
        open_source(inbox)


def test_missing_and_non_folder_local_inbox(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        open_source(tmp_path / "nope")
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(SourceError, match="is not a folder"):
        open_source(tmp_path / "f.txt")


def test_symlink_outside_the_inbox_is_flagged(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (tmp_path / "secret.txt").write_text("x")
    (inbox / "link.txt").symlink_to(tmp_path / "secret.txt")
    (entry,) = open_source(inbox).entries()
    assert entry.is_symlink_outside


def test_glob_semantics():
    assert matches("x/y/z.txt", "*.txt") and not matches("x/y/z.txt", "y/*")
    assert matches("x/y/z.txt", "x/*") and matches("x/y/z.txt", "x/*/z.txt")


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.TXT", "txt"), ("b.htm", "html"), ("c.html", "html"), ("d.Pdf", "pdf"), ("e.docx", None), ("f", None),
    ("memory://inbox/x/g.pdf", "pdf"),
])
def test_format_of(name, fmt):
    assert format_of(name) == fmt


def test_local_folder_lists_recursively_and_skips_hidden(tmp_path):
    import os

    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub" / "b.txt").write_text("y")
    (tmp_path / ".hidden.txt").write_text("z")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret")
    os.symlink(outside, tmp_path / "link.txt")
    entries = {e.source: e for e in LocalFolder(tmp_path).entries()}
    assert set(entries) == {"a.txt", "sub/b.txt", "link.txt"}
    assert entries["link.txt"].is_symlink_outside
    assert LocalFolder(tmp_path).read(entries["sub/b.txt"]) == b"y"


def test_the_frames_of_documents_and_rejections_follow_their_schemas():
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    rejected = inbox.rejections([("a.txt", "empty file", None, 0, now)])
    assert rejected.schema == inbox.REJECT_SCHEMA and rejected.row(0)[:2] == ("a.txt", "empty file")
    assert inbox.documents().schema == inbox.DOC_SCHEMA and inbox.documents().is_empty()
