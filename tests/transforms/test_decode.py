"""Encoding detection and rejection reasons."""

from __future__ import annotations

import codecs
import datetime

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


# ----------------------------------------------------------------------------- what the source says


def test_web_page_brings_title_author_and_date():
    page = ("<html><head><title>上半年经济运行情况_某市统计局</title></head><body><h1>上半年经济运行情况</h1>"
            "<div>发布时间：2024-07-20 10:30 来源：市统计局 作者：王明</div>"
            "<p>上半年全市地区生产总值增长6.1%，工业增加值增长8.5%，新能源汽车产量23.5万辆。</p></body></html>")
    got = decode.document(page.encode(), format="html")
    assert (got.title, got.author, got.published_on, got.published_on_source) == (
        "上半年经济运行情况", "王明", datetime.date(2024, 7, 20), "metadata")
    assert got.text.split("\n")[0] == "上半年经济运行情况"


def test_web_page_without_a_date_has_no_source():
    got = decode.document("<p>上半年全市地区生产总值增长6.1%，工业增加值增长8.5%。</p>".encode(), format="html")
    assert got.published_on is None and got.published_on_source is None


def test_text_documents_say_nothing_about_themselves():
    got = decode.document(TEXT.encode(), format="txt")
    assert (got.title, got.author, got.published_on, got.published_on_source) == (None, None, None, None)


def test_pdf_date_comes_from_its_info_dictionary():
    from tests import pdfpages

    drawn = pdfpages.newspaper("重庆数字经济引领创新发展", ["上半年全市地区生产总值增长6.1%。" * 20], columns=2)
    got = decode.document(drawn.pdf, format="pdf")
    assert isinstance(got.published_on, datetime.date)  # reportlab writes a CreationDate
    assert got.published_on_source == "metadata"
