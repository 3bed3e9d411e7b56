"""Where documents come from: a small interface, with a local-folder implementation.

A source lists entries and reads their bytes; it never interprets them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

FORMATS = {".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf"}


class SourceError(RuntimeError):
    """The inbox itself cannot be used (missing, not a folder, unreadable)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of the inbox: ``source`` is its name relative to the inbox (what users see)."""

    source: str
    location: str
    byte_size: int
    is_symlink_outside: bool = False


class Source(Protocol):
    def entries(self) -> Iterator[Entry]: ...

    def read(self, entry: Entry) -> bytes: ...


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
        for path in sorted(self.root.rglob(self.pattern)):
            rel = path.relative_to(self.root)
            if any(part.startswith(".") for part in rel.parts):
                continue
            outside = path.is_symlink() and not path.resolve().is_relative_to(root)
            if outside:
                yield Entry(str(rel), str(path), 0, is_symlink_outside=True)
            elif path.is_file():
                yield Entry(str(rel), str(path), path.stat().st_size)

    def read(self, entry: Entry) -> bytes:
        return Path(entry.location).read_bytes()


def format_of(source: str) -> str | None:
    """The document format from a file name, or None when zhibiao does not read it."""
    return FORMATS.get(Path(source).suffix.lower())
