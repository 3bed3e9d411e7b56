"""Hostile inputs: whatever bytes come in, the transforms return (text or a rejection), never crash,
and take time linear in the input (no regex backtracking blow-up)."""

from __future__ import annotations

import codecs
import math
import time

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms import decode, layout, segment, stages

NASTY = "\x00\x01\x07\x1b\x7f\u200b\u200e\u200f\u202a\u202b\u202e\u2066\u2067\u2069\ufeff\ufffd\ud7ff\U0001f600"
hostile_text = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(list(NASTY)),
                       st.sampled_from(list("0123456789.,%万亿元增长同比一二三四五六七八九十百千，。；、：\n\r\t "))),
    max_size=400,
)
FAST = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


# every reason a file is refused for, as decoding words it (txt and html)
REASONS = ("empty file", "empty text", "binary content", "undecodable: ", "html page without article text")


def _pipeline(text: str) -> pl.DataFrame:
    """Every pure stage after decoding (the stage chain, without segmentation); the rows checked."""
    rows = stages.run(pl.DataFrame({"doc_id": ["d"], "source": ["s"], "text": [text]}), with_tokens=False)
    _consistent(rows)
    return rows.indicators


def _consistent(rows: stages.Rows) -> None:
    """What holds of the chain's rows whatever the text: articles count their own characters, every sentence
    is a stripped piece of its article's body of at most MAX_SENTENCE_CHARS, every indicator stands on one of
    those sentences with a span inside it and a finite value."""
    bodies = {(r["doc_id"], r["article_index"]): r["body"] for r in rows.articles.iter_rows(named=True)}
    assert all(r["char_count"] == len(r["body"]) for r in rows.articles.iter_rows(named=True))
    texts = set()
    for r in rows.sentences.iter_rows(named=True):
        assert r["text"] and r["text"] == r["text"].strip() and len(r["text"]) <= segment.MAX_SENTENCE_CHARS
        assert r["text"] in bodies[(r["doc_id"], r["article_index"])]
        texts.add(r["text"])
    for r in rows.indicators.iter_rows(named=True):
        assert r["sentence"] in texts
        assert 0 <= r["span_start"] < r["span_end"] <= len(r["sentence"])
        assert math.isfinite(r["value"]) and r["unit"]


@pytest.fixture(scope="module", autouse=True)
def _resources_loaded():
    """The gazetteer and the extraction regexes load once (seconds), outside any example's deadline."""
    _pipeline("上半年，重庆地区生产总值增长6.4%。")


def _codec(encoding: str) -> str:
    """The Python codec of an encoding as ``documents.encoding`` names it."""
    return {"utf-8-bom": "utf-8-sig"}.get(encoding, encoding)


@FAST
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_are_rejected_with_a_reason(data):
    """Refused with one of decoding's reasons, or read as exactly what the named encoding makes of every
    byte (a txt file: nothing dropped, nothing replaced); the same bytes always give the same answer."""
    for fmt in ("txt", "html"):
        try:
            decoded = decode.document(data, format=fmt)
        except decode.Undecodable as exc:
            assert str(exc).startswith(REASONS), str(exc)
            continue
        assert decoded.text.strip() and "\ufeff" not in decoded.text
        codecs.lookup(_codec(decoded.encoding))
        assert decode.document(data, format=fmt) == decoded
        if fmt == "txt":
            assert decoded.text == data.decode(_codec(decoded.encoding)).replace("\ufeff", "")


@FAST
@given(st.lists(st.tuples(hostile_text, st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le"])), max_size=4))
def test_mixed_encodings_in_one_file(parts):
    """Pieces in several encodings in one file: one encoding is taken for the whole file, and the text is
    exactly what it makes of every byte (never a lossy mix), or the file is refused with a reason; whatever
    text comes out goes through every stage with consistent rows."""
    data = b"".join(t.encode(enc, errors="ignore") for t, enc in parts)
    try:
        decoded = decode.document(data, format="txt")
    except decode.Undecodable as exc:
        assert str(exc).startswith(REASONS), str(exc)
        return
    assert decoded.text == data.decode(_codec(decoded.encoding)).replace("\ufeff", "")
    if decoded.encoding in ("utf-8", "utf-8-bom") and all(enc == "utf-8" for _, enc in parts):
        assert decoded.text == "".join(t for t, _ in parts).replace("\ufeff", "")  # read back as written
    _pipeline(decoded.text)


@FAST
@given(hostile_text)
def test_hostile_text_goes_through_every_stage(text):
    out = _pipeline(text)
    assert set(out.columns) >= {"indicator_id", "value", "unit"}
    for art in layout.articles(text):
        assert "\x00" not in art.body or "\x00" in text


BACKTRACK = {
    "digits": "1" * 2000,
    "separated digits": "1," * 1000,
    "decimal points": "1." * 1000,
    "percent runs": "1%" * 1000,
    "chinese numerals": "一二三四五六七八九十百千万亿" * 150,
    "units without numbers": "万亿元" * 700,
    "growth words": "同比增长" * 500,
    "quotes": "“" * 1000 + "两个" + "”" * 1000,
    "book titles": "《" * 1000 + "2023—2027年",
    "no punctuation han": "重庆市经济" * 400,
    "clause breaks": "，" * 2000,
    "spaces": "重 " * 1000,
    "rtl marks": "\u202e12\u200f%" * 500,
}


@pytest.mark.parametrize("name", list(BACKTRACK))
def test_pathological_patterns_stay_linear(name):
    """Quadrupling a pathological pattern costs at most ~6x the time (linear with noise), and is fast."""
    unit = BACKTRACK[name]

    def cost(text: str) -> float:
        t0 = time.process_time()
        _pipeline(text)
        segment.paragraph_sentences(text)
        return time.process_time() - t0

    small = min(cost(unit) for _ in range(2))
    big = min(cost(unit * 4) for _ in range(2))  # the best of two, as for the small input: noise only adds
    assert big < max(6 * small, 0.5), f"{name}: {small:.3f}s -> {big:.3f}s for 4x the input"
    assert big < 10


def test_a_long_single_line_is_linear():
    """A 1 MB line with no line break (a 10 MB one takes ~10x: see docs/reliability.md)."""
    line = ("重庆市2024年地区生产总值增长6.1%，" * 40_000)[:1_000_000 // 3]

    def cost(text: str) -> float:
        t0 = time.process_time()
        layout.articles(text)
        return time.process_time() - t0

    small = cost(line[: len(line) // 4])
    big = cost(line)
    assert big < max(6 * small, 1.0)
