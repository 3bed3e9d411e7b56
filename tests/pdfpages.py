"""Newspaper-like PDF pages drawn with reportlab, for the PDF extraction tests.

:func:`newspaper` lays a headline across the page and the paragraphs down two to six columns, and
returns the PDF with the text the same page gives when extracted column by column (one printed
line per line). reportlab draws Chinese with its built-in ``STSong-Light`` CID font, so no font
file is needed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

PAGE = (595.0, 842.0)  # A4 in points
MARGIN = 36.0


@dataclass(frozen=True)
class Drawn:
    pdf: bytes
    text: str  # the page as a column-aware text extraction prints it


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


CLOSING = set("，。、；：！？”’）》…%")


def wrap(paragraph: str, width: int, *, indent: bool = True) -> list[str]:
    """A paragraph as printed lines of ``width`` characters, the first indented by two.

    Closing punctuation never starts a line: the line before gives up characters to it, as in
    Chinese typesetting (a line is never wider than the column).
    """
    lines: list[str] = []
    rest, room = paragraph, width - 2 if indent else width
    while rest:
        cut = min(room, len(rest))
        while 1 < cut < len(rest) and rest[cut] in CLOSING:
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
        room = width
    return lines


def newspaper(headline: str | None, paragraphs: list[str], *, columns: int = 2, size: float = 10.0,
              leading: float = 14.0, gutter: float = 14.0, headline_size: float = 20.0) -> Drawn:
    """One page: the headline across the top, the paragraphs flowing down ``columns`` columns."""
    from reportlab.pdfgen import canvas

    font = _font()
    width, height = PAGE
    col_w = (width - 2 * MARGIN - (columns - 1) * gutter) / columns
    chars = int(col_w // size)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=PAGE)
    y_top = height - MARGIN
    printed: list[str] = []
    if headline:
        c.setFont(font, headline_size)
        c.drawString(MARGIN, y_top - headline_size, headline)
        printed += [headline, ""]
        y_top -= headline_size + 2 * leading
    c.setFont(font, size)
    col, y = 0, y_top - size
    for para in paragraphs:
        lines = wrap(para, chars)
        for i, line in enumerate(lines):
            if y < MARGIN:
                col += 1
                y = y_top - size
                if col == columns:
                    raise ValueError("the paragraphs do not fit on one page")
            x = MARGIN + col * (col_w + gutter) + (2 * size if i == 0 else 0)
            c.drawString(x, y, line)
            printed.append(line)
            y -= leading
    c.showPage()
    c.save()
    return Drawn(buf.getvalue(), "\n".join(printed))


def blank_page() -> bytes:
    """A PDF page with a drawing and no text layer, like a scan."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=PAGE)
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()
