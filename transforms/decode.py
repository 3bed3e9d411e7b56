"""Bytes to text: detect the encoding of a source document, or say why it cannot be read.

Pure: takes bytes, returns text and the encoding found, or raises :class:`Undecodable`.
"""

from __future__ import annotations

import codecs
import datetime
import re
import unicodedata
from dataclasses import dataclass

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order when there is no BOM; strict decoding, so a wrong guess fails instead of garbling.
FALLBACKS = ("utf-8", "gb18030", "big5")
CONFIDENT = 0.98  # share of plausible characters above which a strict decode is taken at once
MIN_PRINTABLE = 0.85  # share of characters that must be printable text for the document to count


class Undecodable(ValueError):
    """The bytes are not a readable text document; ``str(exc)`` is the reason recorded for the file."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A document's text and encoding; for web pages and PDFs also what the source says about it.

    ``published_on_source`` is ``"metadata"`` when ``published_on`` comes from the page's meta tags or
    a date printed with its headline (HTML), or from the PDF info dictionary.
    """

    text: str
    encoding: str
    title: str | None = None
    author: str | None = None
    published_on: datetime.date | None = None
    published_on_source: str | None = None


def text(data: bytes) -> Decoded:
    """Decode a text document.

    >>> text("重庆".encode("gb18030")).encoding
    'gb18030'
    >>> text(codecs.BOM_UTF8 + "涪陵".encode()).text
    '涪陵'
    """
    if not data.strip():
        raise Undecodable("empty file")
    for bom, enc in BOMS:
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="strict"), enc.replace("-sig", "-bom"))
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(data.decode(utf16), utf16)
    if b"\x00" in data:
        raise Undecodable("binary content (NUL bytes)")
    # GB18030 decodes nearly any byte string, so a candidate must also read as plausible text.
    candidates = []
    for enc in FALLBACKS:
        try:
            decoded = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(decoded)
        if share >= CONFIDENT:
            return _checked(decoded, enc)
        candidates.append((share, enc, decoded))
    if candidates:
        share, enc, decoded = max(candidates)
        if share >= MIN_PRINTABLE:
            return _checked(decoded, enc)
    return _detected(data)


def _plausible_share(text: str) -> float:
    sample = text[:20000]
    return (len(sample) - len(RE_IMPLAUSIBLE.findall(sample))) / max(len(sample), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes present, and one byte order decodes to plausible text."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    best, best_share = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            sample = data[:40000].decode(enc)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(sample)
        if share > best_share:
            best, best_share = enc, share
    return best if best_share >= MIN_PRINTABLE else None


def _plausible(ch: str) -> bool:
    """Text a Chinese document is made of: ASCII, CJK, CJK punctuation, full-width forms, blanks."""
    o = ord(ch)
    return (0x20 <= o < 0x7F or ch in "\n\r\t" or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or 0x3400 <= o <= 0x4DBF)


# the characters _plausible() refuses, found in one regex pass instead of a Python call per character
RE_IMPLAUSIBLE = re.compile("[^\x20-\x7e\n\r\t\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f"
                            "\u3400-\u4dbf]")
# characters that are printable for certain (no Unicode category C): only the others are looked up
RE_NOT_SURELY_PRINTABLE = re.compile("[^\x20-\x7e\n\r\t\u4e00-\u9fa5\u3000-\u303f\uff01-\uff60"
                                     "\u2010-\u2027\u2030-\u205e\u3400-\u4db5]")


def _detected(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # only for the rare file no strict codec reads

    best = from_bytes(data).best()
    if best is None:
        raise Undecodable("undecodable: no text encoding fits")
    return _checked(str(best), best.encoding)


def _checked(decoded: str, encoding: str) -> Decoded:
    body = decoded.replace("\ufeff", "")
    if not body.strip():
        raise Undecodable("empty text")
    sample = body[:20000]
    printable = len(sample) - sum(1 for ch in RE_NOT_SURELY_PRINTABLE.findall(sample)
                                  if unicodedata.category(ch)[0] in "C")
    if printable < MIN_PRINTABLE * len(sample):
        raise Undecodable(f"binary content ({encoding} decodes to control characters)")
    return Decoded(body, encoding)


def document(data: bytes, *, format: str) -> Decoded:
    """The text of a document of any format zhibiao reads (``txt``, ``html``, ``pdf``).

    ``encoding`` is the text encoding for ``txt`` and ``html`` and ``"pdf"`` for a PDF. A web page's
    text is its title on the first line and one paragraph per line, and its title, author and
    publication date come along; a PDF's text is its printed lines in reading order, and its date
    is the info dictionary's CreationDate (else ModDate).

    >>> document("<title>标题</title><p>全市地区生产总值增长6.1%。</p>".encode(), format="html").text
    '标题\\n全市地区生产总值增长6.1%。'
    """
    if format == "txt":
        return text(data)
    if not data.strip():
        raise Undecodable("empty file")
    if format == "html":
        from transforms import html

        page = html.page(data)
        return Decoded(page.text(), page.encoding, title=page.title, author=page.author,
                       published_on=page.published_on, published_on_source=_source(page.published_on))
    if format == "pdf":
        from transforms import pdf

        body, made = pdf.read(data)
        return Decoded(body, "pdf", published_on=made, published_on_source=_source(made))
    raise Undecodable(f"unsupported format {format}")


def _source(day: datetime.date | None) -> str | None:
    return "metadata" if day is not None else None
