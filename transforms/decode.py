"""Bytes to text: detect the encoding of a source document, or say why it cannot be read.

Pure: takes bytes, returns text and the encoding found, or raises :class:`Undecodable`.
"""

from __future__ import annotations

import codecs
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
MIN_PRINTABLE = 0.85  # share of characters that must be printable text for the document to count


class Undecodable(ValueError):
    """The bytes are not a readable text document; ``str(exc)`` is the reason recorded for the file."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


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
    for enc in FALLBACKS:
        try:
            return _checked(data.decode(enc), enc)
        except (UnicodeDecodeError, Undecodable):
            continue
    return _detected(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL in every other byte for ASCII; CJK text in UTF-16 decodes cleanly."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


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
    printable = sum(1 for ch in sample if ch in "\n\r\t" or unicodedata.category(ch)[0] not in "C")
    if printable < MIN_PRINTABLE * len(sample):
        raise Undecodable(f"binary content ({encoding} decodes to control characters)")
    return Decoded(body, encoding)
