"""Parse numbers as Chinese economic text writes them: Arabic, full-width, Chinese numerals.

>>> arabic("1,234.5")
1234.5
>>> chinese("三千二百")
3200.0
>>> chinese("六点四")
6.4
>>> chinese("两")
2.0
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
MAGNITUDES = frozenset("十百千万亿")
CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"
FULLWIDTH = str.maketrans("０１２３４５６７８９．，－·・", "0123456789.,-..")  # (1·8%: a decimal point)

RE_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def arabic(text: str) -> float:
    """An Arabic number with optional thousands separators and full-width digits."""
    return float(text.translate(FULLWIDTH).replace(",", ""))


def _integer(text: str) -> float:
    """Integer part of a Chinese numeral (``三千二百万`` → 32000000); two digits in a row before a magnitude name
    a rough range, read as its lower end (``五六百`` → 500, ``三四千`` → 3000).

    >>> _integer("三千二百万"), _integer("五六百"), _integer("二〇二三"), _integer("七八万")
    (32000000.0, 500.0, 2023.0, 70000.0)
    """
    total, section, digit = 0.0, 0.0, None
    for i, ch in enumerate(text):
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] == digit % 10 + 1 and text[i + 1:i + 2] in MAGNITUDES:
                continue  # (五六百斤: some five or six hundred)
            digit = DIGITS[ch] if digit is None else digit * 10 + DIGITS[ch]  # 二〇二三 read digit by digit
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            section += digit or 0
            if ch == "亿":
                total = (total + section) * BIG_UNITS[ch]
            else:
                total += section * BIG_UNITS[ch]
            section, digit = 0.0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


def chinese(text: str) -> float:
    """Value of a Chinese numeral, with ``点`` (or a point, as Taiwan's papers write it: ``六四〇．五``) for the
    decimal point (``六点四`` → 6.4)."""
    text = text.replace(".", "点")
    if "点" in text:
        whole, frac = text.split("点", 1)
        digits = "".join(str(DIGITS[c]) for c in frac)
        return _integer(whole) + (float(f"0.{digits}") if digits else 0.0)
    return _integer(text)


def value(text: str) -> float:
    """Value of a number written in Arabic digits, Chinese numerals, or both (``3千`` is not handled
    here: the magnitude belongs to the unit)."""
    text = text.translate(FULLWIDTH)
    if RE_ARABIC.fullmatch(text):
        return arabic(text)
    return chinese(text)
