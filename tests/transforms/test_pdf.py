"""PDF pages: column-aware extraction that reads like the page's text extraction, and no-text rejection.

Pages are drawn by ``tests/pdfpages.py`` (reportlab, built-in STSong-Light CID font); the expected text
is the page laid out column by column, one printed line per line.
"""

from __future__ import annotations

import datetime
import io
import random

import pytest

from tests import pagegen, pdfpages
from transforms import clean, decode, layout, pdf


def _paragraphs(seed: int, n: int = 12) -> list[str]:
    rng = random.Random(seed)
    return [pagegen.paragraph(rng) for _ in range(n)]


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


@pytest.mark.parametrize("columns", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_columns_are_read_down_then_across(columns, seed):
    drawn = pdfpages.newspaper("重庆数字经济引领创新发展", _paragraphs(seed), columns=columns,
                               size=9 if columns > 3 else 10)
    got = pdf.text(drawn.pdf)
    assert _lines(got) == _lines(drawn.text)
    # the cleaned result reads like the same page extracted as text
    assert clean.page(got) == clean.page(drawn.text)


def test_a_line_never_joins_text_of_the_next_column():
    left = "左栏第一段文字说明重庆上半年地区生产总值增长百分之六。" * 6
    drawn = pdfpages.newspaper(None, [left, "右栏开始新能源汽车产量达到十一万辆，同比增长百分之二十。" * 30], columns=2)
    for line in _lines(pdf.text(drawn.pdf)):
        assert not ("左" in line and "右" in line), line


def test_headline_comes_first_and_becomes_the_title():
    drawn = pdfpages.newspaper("重庆数字经济引领创新发展", _paragraphs(7, 8), columns=3)
    got = pdf.text(drawn.pdf)
    assert got.splitlines()[0] == "重庆数字经济引领创新发展"
    assert layout.articles(got)[0].title == "重庆数字经济引领创新发展"


def test_no_text_layer_is_rejected():
    with pytest.raises(decode.Undecodable, match="no text layer; OCR is not supported"):
        pdf.text(pdfpages.blank_page())


@pytest.mark.parametrize("data", [b"%PDF-1.4 broken", b"not a pdf at all", bytes(range(256))])
def test_unreadable_pdf_is_rejected(data):
    with pytest.raises(decode.Undecodable, match="unreadable pdf"):
        pdf.text(data)


def test_document_dispatches_pdf():
    drawn = pdfpages.newspaper(None, _paragraphs(3, 4), columns=2)
    got = decode.document(drawn.pdf, format="pdf")
    assert got.encoding == "pdf" and _lines(got.text) == _lines(drawn.text)


def test_two_pages_are_read_in_order():
    from reportlab.pdfgen import canvas

    font = pdfpages._font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pdfpages.PAGE)
    for text in ("第一页的文字", "第二页的文字"):
        c.setFont(font, 10)
        c.drawString(72, 700, text)
        c.showPage()
    c.save()
    assert _lines(pdf.text(buf.getvalue())) == ["第一页的文字", "第二页的文字"]


@pytest.mark.parametrize(("value", "day"), [
    ("D:20220719212540+08'00'", datetime.date(2022, 7, 19)),
    ("D:20050114", datetime.date(2005, 1, 14)),
    ("20240510120000Z", datetime.date(2024, 5, 10)),
    ("D:20221345", None),  # month 13
    ("D:1890", None),
    ("", None),
    ("yesterday", None),
])
def test_info_date(value, day):
    assert pdf.info_date(value) == day
