"""Clean text extracted from newspaper PDFs (first version; issue 3 makes it thorough).

Each step is a pure ``str -> str`` function; :func:`page` composes them.
"""

from __future__ import annotations

import re
import unicodedata

from transforms.resources import CJK

RE_CJK_SPACE = re.compile(rf"(?<=[{CJK}\d%，。、；：？！“”（）《》—…])[ \t\u3000]+(?=[{CJK}\d“”（）《》，。、；：])")


def normalize(text: str) -> str:
    """Full-width letters/digits to ASCII (NFKC on alnum only), ``⋯`` to ``…``, ``\\r\\n`` to ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u22ef", "…")
    return "".join(unicodedata.normalize("NFKC", ch) if ch.isalnum() and ord(ch) > 0xFF00 else ch for ch in text)


def despace(text: str) -> str:
    """Remove spaces between CJK characters and between CJK and digits."""
    return "\n".join(RE_CJK_SPACE.sub("", line).strip() for line in text.split("\n"))


def page(text: str) -> str:
    """Compose the cleaning steps."""
    return despace(normalize(text))
