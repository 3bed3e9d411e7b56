"""Traditional characters read as simplified, each character kept in its place.

Pages from Hong Kong, Taiwan and overseas sites write ``固定資產投資達到51.89萬億元，按年增長2.9%``. The rules of
the extractor, the gazetteer and the metric catalogue are written in simplified characters; rather than doubling
every word, the extractor reads a *folded* copy of a sentence: each traditional character replaced by its
simplified form (OpenCC's ``TSCharacters`` table, shipped with ``opencc-purepy``; the first, most common, reading
of each). One character for one, so every offset in the folded copy is an offset in the sentence as written, and
what the published row quotes from the sentence (the metric, the unit, the period) is cut from the sentence as
written (:func:`verbatim`). A sentence with no character of the table's domain is returned as it is, at the cost of
one regex search; the few simplified texts that hold one (著, 乾 are written in both scripts) are read folded too,
harmlessly, since what a row quotes is cut from the sentence as written.

>>> fold("全國固定資產投資達到51.89萬億元")
'全国固定资产投资达到51.89万亿元'
>>> fold("全国固定资产投资") == "全国固定资产投资"
True
>>> verbatim("固定资产投资", fold("中國固定資產投資達到"), "中國固定資產投資達到", 9)
'固定資產投資'
>>> verbatim("投资跌幅", "跌幅应为", "跌幅應為", 2, back_table(["中国投资"], ["中國投資"]))
'投資跌幅'
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path


@cache
def _table() -> tuple[dict[int, str], re.Pattern[str]]:
    """OpenCC's character table (one traditional character → its first simplified reading), as a translation
    table, and a pattern of its keys."""
    # (the package's data file, found without running the package: its converter is not needed, and loads its
    # dictionaries on import)
    spec = importlib.util.find_spec("opencc_purepy")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("opencc-purepy is not installed")
    path = Path(spec.submodule_search_locations[0], "dicts", "TSCharacters.txt")
    text = path.read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        key, _, readings = line.partition("\t")
        first = readings.split(" ", 1)[0]
        # one character for one (the table also holds a commented line and characters mapped to themselves)
        if len(key) == 1 and len(first) == 1 and first != key:
            table[ord(key)] = first
    # (the characters of the basic plane as one class, which re tests with a bitmap; any character past it, as
    # one range: a class holding those is tested entry by entry, fifty times slower over every sentence)
    bmp = "".join(chr(k) for k in table if k <= 0xFFFF)
    return table, re.compile(f"[{re.escape(bmp)}]|[\U00020000-\U0003FFFF]")


@cache
def _readings() -> dict[str, tuple[str, ...]]:
    """Each simplified character the table reaches, with the traditional characters that fold to it."""
    out: dict[str, list[str]] = {}
    for key, first in _table()[0].items():
        out.setdefault(first, []).append(chr(key))
    return {s: tuple(ts) for s, ts in out.items()}


def spellings(word: str) -> set[str]:
    """Every way of writing ``word`` that folds to it, itself included (``约`` → ``{约, 約}``): what a closed
    vocabulary of words quoted as written must allow.

    >>> sorted(spellings("约")), len(spellings("超过"))
    (['約', '约'], 2)
    """
    forms = {""}
    for c in word:
        forms = {f + r for f in forms for r in (c, *_readings().get(c, ()))}
    return forms


# how a Hong Kong, Macau or Taiwan page names its own place (本港 is Hong Kong, 本澳 Macau, 全台 all Taiwan), as the
# gazetteer's name of the same length; read so only in an article in traditional characters (本港 of a mainland
# port's news is the port)
LOCAL_SELF = {"本港": "香港", "本澳": "澳门", "全台": "台湾"}
RE_LOCAL_SELF = re.compile("|".join(LOCAL_SELF))


def local_names(folded: str) -> str:
    """A folded sentence of a traditional article with its place's own names as the gazetteer's (same offsets).

    >>> local_names("本港上周公布第三季GDP")
    '香港上周公布第三季GDP'
    """
    return RE_LOCAL_SELF.sub(lambda m: LOCAL_SELF[m.group()], folded)


# marks written for others of the same use (a horizontal bar, ―, for a dash: 2.4―2.8元/公斤), read as those
MARKS = {ord("\u2015"): "\u2014"}
RE_MARK = re.compile("[" + "".join(map(chr, MARKS)) + "]")


def fold_marks(text: str) -> str:
    """``text`` with look-alike marks read as the ones the rules know (same offsets; the same object when it has
    none).

    >>> fold_marks("面积可以达到800\u20151000亩")
    '面积可以达到800—1000亩'
    """
    return text.translate(MARKS) if RE_MARK.search(text) else text


def is_traditional(text: str) -> bool:
    """True when ``text`` holds a character simplified Chinese writes otherwise."""
    return fold(text) != text


def fold(text: str) -> str:
    """``text`` with each traditional character replaced by its simplified form; the same length, the same
    offsets. A text with no character the table holds (a search; astral characters always translate) is returned
    as it is (the same object)."""
    table, pattern = _table()
    return text.translate(table) if pattern.search(text) else text


def back_table(folded: list[str], written: list[str]) -> dict[int, str]:
    """The characters the texts ``written`` write otherwise than their folded forms, by folded character: how a
    document writes what its rules read (``资`` → ``資``)."""
    return {ord(f): w for fs, ws in zip(folded, written, strict=True) if fs is not ws
            for f, w in zip(fs, ws, strict=True) if f != w}


def verbatim(part: str | None, folded: str, written: str, near: int, back: dict[int, str] | None = None) -> str | None:
    """``part``, a piece of the folded text, as ``written``: the occurrence that ends closest to ``near`` (the
    extractor's phrases sit before their figure). A piece the folded text does not hold (a phrase the extractor
    put together of words from several places, ``固定资产投资跌幅``) is written back character by character with
    ``back`` (:func:`back_table` of its document)."""
    if not part or (folded is written and not back):
        return part
    best = None
    start = folded.find(part)
    while start != -1:
        if best is None or abs(start + len(part) - near) < abs(best + len(part) - near):
            best = start
        start = folded.find(part, start + 1)
    if best is not None:
        return written[best:best + len(part)]
    return part.translate(back) if back else part
