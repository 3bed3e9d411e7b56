"""Encoding detection and rejection reasons."""

from __future__ import annotations

import codecs

import pytest

from transforms import decode

TEXT = "重庆市上半年地区生产总值增长6.4%，新能源汽车产量11.3万辆。"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-bom"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
])
def test_encodings_are_detected(data, encoding):
    got = decode.text(data)
    assert got.text == TEXT
    assert got.encoding == encoding


def test_big5_traditional_text():
    assert decode.text("經濟增長百分之六".encode("big5")).text == "經濟增長百分之六"


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"   \n\t ", "empty file"),
    (codecs.BOM_UTF8, "empty text"),
    (bytes(range(256)) * 8, "binary content"),
    (b"\x00\x01\x02\x03" * 100, "binary content"),
])
def test_unreadable_bytes_say_why(data, reason):
    with pytest.raises(decode.Undecodable, match=reason):
        decode.text(data)
