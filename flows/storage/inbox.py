"""Where documents come from: a small interface, a local folder and any fsspec filesystem behind it;
and the two frames reading the inbox makes, its documents and its rejected files.

A source lists entries and reads their bytes; it never interprets them. :func:`open_source` picks
the implementation from the inbox string: a plain path or ``file://`` URL is a :class:`LocalFolder`,
any other URL (``memory://`` in tests, ``s3://`` with the ``s3`` extra) a :class:`FsspecFolder`.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import urlsplit

import polars as pl

FORMATS = {".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf"}
# fsspec protocols and the optional package that provides each, for a useful error message
EXTRAS = {"s3": ("s3fs", "s3"), "s3a": ("s3fs", "s3")}


# the documents of a batch as read and decoded (the warehouse's ``documents`` columns, and their ``text``)
DOC_SCHEMA = {
    "doc_id": pl.String, "source": pl.String, "format": pl.String, "encoding": pl.String,
    "byte_size": pl.Int64, "ingested_at": pl.Datetime("us", "UTC"), "batch_id": pl.String,
    "status": pl.String, "published_on": pl.Date, "published_on_source": pl.String,
    "published_on_precision": pl.String, "text": pl.String,
}
# files that are not documents, with the reason (the warehouse's ``rejected_documents``)
REJECT_SCHEMA = {
    "source": pl.String, "reason": pl.String, "batch_id": pl.String, "byte_size": pl.Int64,
    "rejected_at": pl.Datetime("us", "UTC"),
}


def rejections(rows: list[tuple] | None = None) -> pl.DataFrame:
    """A REJECT_SCHEMA frame of (source, reason, batch_id, byte_size, rejected_at) rows."""
    return pl.DataFrame(rows or [], schema=REJECT_SCHEMA, orient="row")


def documents(rows: list[tuple] | None = None) -> pl.DataFrame:
    """A DOC_SCHEMA frame of rows in its column order."""
    return pl.DataFrame(rows or [], schema=DOC_SCHEMA, orient="row")


class SourceError(RuntimeError):
    """The inbox itself cannot be used (missing, not a folder, unreadable, unknown protocol)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of the inbox: ``source`` is what users see (path relative to a local inbox, else the URL)."""

    source: str
    location: str
    byte_size: int
    is_symlink_outside: bool = False


class Source(Protocol):
    def entries(self) -> Iterator[Entry]: ...

    def read(self, entry: Entry) -> bytes: ...


def matches(relative: str, pattern: str) -> bool:
    """Whether a file, by its path relative to the inbox, passes the ``--glob`` filter.

    A pattern without ``/`` is matched against the file name, one with ``/`` against the whole
    relative path (where ``*`` also crosses folders).

    >>> matches("2024/07/page.pdf", "*.pdf"), matches("2024/07/page.pdf", "2024/*"), matches("a.txt", "b*")
    (True, True, False)
    """
    if "/" in pattern:
        return fnmatch.fnmatchcase(relative, pattern)
    return fnmatch.fnmatchcase(PurePosixPath(relative).name, pattern)


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(relative).parts)


@dataclass(frozen=True)
class LocalFolder:
    """Files under a local folder, recursively, filtered by a glob pattern; hidden files are skipped."""

    root: Path
    pattern: str = "*"

    def __post_init__(self) -> None:
        if not self.root.exists():
            raise SourceError(f"inbox {self.root} does not exist")
        if not self.root.is_dir():
            raise SourceError(f"inbox {self.root} is not a folder")

    def entries(self) -> Iterator[Entry]:
        root = self.root.resolve()
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            if _hidden(rel) or not matches(rel, self.pattern):
                continue
            outside = path.is_symlink() and not path.resolve().is_relative_to(root)
            if outside:
                yield Entry(rel, str(path), 0, is_symlink_outside=True)
            elif path.is_file():
                yield Entry(rel, str(path), path.stat().st_size)

    def read(self, entry: Entry) -> bytes:
        return Path(entry.location).read_bytes()


@dataclass(frozen=True)
class FsspecFolder:
    """Files under an fsspec URL (``memory://inbox``, ``s3://bucket/prefix``), recursively, glob-filtered."""

    url: str
    pattern: str = "*"
    storage_options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        fs, root = self._fs()
        try:
            is_dir = fs.isdir(root)
            what = "" if is_dir else "is not a folder" if fs.exists(root) else "does not exist"
        except Exception as exc:  # backends raise their own errors (botocore's NoCredentialsError, ...)
            raise SourceError(f"inbox {self.url} cannot be listed: {type(exc).__name__}: {exc}") from None
        if not is_dir:
            raise SourceError(f"inbox {self.url} {what}")

    def _fs(self):
        import fsspec

        protocol = urlsplit(self.url).scheme
        try:
            fs, root = fsspec.core.url_to_fs(self.url, **self.storage_options)
        except ImportError:
            package, extra = EXTRAS.get(protocol, (f"the fsspec backend for {protocol}://", None))
            hint = f" (install the extra: uv sync --extra {extra})" if extra else ""
            raise SourceError(f"inbox {self.url} needs {package}{hint}") from None
        except ValueError as exc:  # unknown protocol
            raise SourceError(f"inbox {self.url}: {exc}") from None
        return fs, root.rstrip("/")

    def entries(self) -> Iterator[Entry]:
        fs, root = self._fs()
        protocol = urlsplit(self.url).scheme
        found = fs.find(root, detail=True)
        for path in sorted(found):
            info = found[path]
            if info.get("type", "file") != "file":
                continue
            rel = path[len(root):].lstrip("/") if path.startswith(root) else path
            if _hidden(rel) or not matches(rel, self.pattern):
                continue
            uri = f"{protocol}://{path.lstrip('/')}" if protocol == "memory" else fs.unstrip_protocol(path)
            yield Entry(uri, path, int(info.get("size") or 0))

    def read(self, entry: Entry) -> bytes:
        fs, _ = self._fs()
        return fs.cat_file(entry.location)


def open_source(inbox: str | Path, *, pattern: str = "*", storage_options: dict[str, Any] | None = None) -> Source:
    """The source for an inbox given as a path or URL; raises :class:`SourceError` when it is unusable."""
    text = str(inbox)
    scheme = urlsplit(text).scheme if "://" in text else ""
    if scheme in ("", "file", "local"):
        path = Path(urlsplit(text).path) if scheme else Path(text)
        return LocalFolder(path, pattern)
    return FsspecFolder(text, pattern, storage_options or {})


def format_of(source: str) -> str | None:
    """The document format from a file name, or None when zhibiao does not read it."""
    return FORMATS.get(PurePosixPath(source).suffix.lower())
