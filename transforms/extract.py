"""Extract one indicator row per quantitative statement (first version; issue 4 generalises it)."""

from __future__ import annotations

import hashlib
import re

import polars as pl

EXTRACTOR_VERSION = "0.1.0"

INDICATOR_SCHEMA = {
    "indicator_id": pl.String,
    "doc_id": pl.String,
    "source": pl.String,
    "article_index": pl.Int32,
    "sentence_index": pl.Int32,
    "article_title": pl.String,
    "sentence": pl.String,
    "span_start": pl.Int32,
    "span_end": pl.Int32,
    "metric": pl.String,
    "region": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "value_norm": pl.Float64,
    "unit_norm": pl.String,
    "qualifier": pl.String,
    "direction": pl.String,
    "period": pl.String,
    "is_target": pl.Boolean,
    "basis": pl.String,
    "extractor_version": pl.String,
}

MAGNITUDE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
RE_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?(%|元|辆|个|家|户|台|栋|所|款|吨|人)")


def indicator_id(doc_id: str, article_index: int, sentence_index: int, span_start: int) -> str:
    """Stable id: same document, position and extractor version give the same id."""
    key = f"{doc_id}:{article_index}:{sentence_index}:{span_start}:{EXTRACTOR_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def indicators(sents: pl.DataFrame) -> pl.DataFrame:
    """One row per number-with-unit in ``sents`` (doc_id, source, article_index, article_title,
    sentence_index, text)."""
    rows = []
    for doc_id, source, a, title, s, text in sents.select(
        "doc_id", "source", "article_index", "article_title", "sentence_index", "text"
    ).iter_rows():
        for m in RE_QUANTITY.finditer(text):
            value = float(m.group(1))
            mag = m.group(2) or ""
            unit_base = m.group(3)
            rows.append({
                "indicator_id": indicator_id(doc_id, a, s, m.start()),
                "doc_id": doc_id, "source": source, "article_index": a, "sentence_index": s,
                "article_title": title, "sentence": text, "span_start": m.start(), "span_end": m.end(),
                "metric": None, "region": None, "value": value, "unit": mag + unit_base,
                "value_norm": value * MAGNITUDE.get(mag, 1.0), "unit_norm": unit_base,
                "qualifier": None, "direction": None, "period": None, "is_target": False,
                "basis": None, "extractor_version": EXTRACTOR_VERSION,
            })
    return pl.DataFrame(rows, schema=INDICATOR_SCHEMA)
