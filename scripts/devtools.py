"""Shared by the development scripts and the tests: loose text files → indicator rows, and the scorer.

No Prefect, no DuckDB: the same transforms the flow runs, on files named on the command line.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import polars as pl

from transforms import decode, pubdate, stages

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def documents(paths: list[str | Path]) -> pl.DataFrame:
    """A documents frame (doc_id, source, text, published_on) of text files and web pages (by suffix), read
    and dated as a run reads and dates them (``decode.document``, then ``pubdate.choose`` on the page's
    metadata, the text and the file name)."""
    rows = []
    for p in paths:
        data = Path(p).read_bytes()
        got = decode.document(data, format="html" if Path(p).suffix in (".html", ".htm") else "txt")
        day = pubdate.choose(metadata=got.published_on, text=got.text, file_name=Path(p).name).day
        rows.append((hashlib.sha256(data).hexdigest(), Path(p).name, got.text, day))
    schema = {"doc_id": pl.String, "source": pl.String, "text": pl.String, "published_on": pl.Date}
    return pl.DataFrame(rows, schema=schema, orient="row")


def indicators(paths: list[str | Path]) -> pl.DataFrame:
    """Indicator rows of text files, as the flow would extract them (the stage chain, without segmentation,
    which extraction does not need)."""
    return stages.run(documents(paths), with_tokens=False).indicators


def load_score() -> ModuleType:
    """``../shared/eval/score.py`` as a module (FileNotFoundError when it is not beside the checkout)."""
    path = SHARED_EVAL / "score.py"
    if not path.exists():
        raise FileNotFoundError(path)
    spec = importlib.util.spec_from_file_location("zhibiao_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold(paths: list[str | Path]) -> list[dict]:
    """Gold rows of JSON-lines files."""
    return [json.loads(x) for p in paths for x in Path(p).read_text("utf-8").splitlines() if x.strip()]


def news_set(path: str | Path) -> str:
    """The blind set a news document of tests/cases/extract/news belongs to: its stem's letters (``a01`` → ``a``,
    ``aa03`` → ``aa``).

    >>> news_set("news/a01.txt"), news_set("aa03.jsonl")
    ('a', 'aa')
    """
    stem = Path(path).stem
    return stem.rstrip("0123456789")
