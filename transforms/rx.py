"""Faster scans for long alternations: a leading class of the characters a match can start with.

Python's ``re`` skips ahead by a pattern's first character only when every alternative opens on a plain
literal. An alternation whose alternatives open on lookbehinds (``(?<!不)可能|…``), anchors or classes is
tried branch by branch at every position of the text. :func:`guarded` puts ``(?=[…])`` before such a pattern,
the class holding every character a match can start with (found by walking the parsed pattern), so at most
positions one class test fails and the branches are never entered. The matches are the same, by construction:
a match of the pattern starts with one of those characters.

>>> rx = guarded(re.compile(r"(?<!不)可能|力争|[\\d一二三]年内|(?:^|[，,])到\\d{4}年"))
>>> rx.pattern.startswith("(?=[")
True
>>> [m.group() for m in rx.finditer("不可能，力争3年内完成，到2025年")]
['力争', '3年内', '，到2025年']
>>> first_chars(re.compile(r"a?b")), first_chars(re.compile(r"a*")), first_chars(re.compile(r".x"))
('ab', None, None)
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's opcodes (CPython ≥ 3.11)
from re import _parser

_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}


class _Unknown(Exception):
    """The parsed pattern holds something whose first characters cannot be listed (``.``, a negated class)."""


def _class_item(op, av) -> str:
    if op is sre.LITERAL:
        return re.escape(chr(av))
    if op is sre.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    if op is sre.CATEGORY and av in _CATEGORIES:
        return _CATEGORIES[av]
    raise _Unknown(op)


def _first(items) -> tuple[list[str], bool]:
    """Class items a match of the item sequence can start with, and whether the sequence can match empty."""
    out: list[str] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return [*out, _class_item(op, av)], False
        if op is sre.IN:
            if any(o is sre.NEGATE for o, _ in av):
                raise _Unknown(op)
            return [*out, *(_class_item(o, a) for o, a in av)], False
        if op is sre.SUBPATTERN:
            first, empty = _first(av[-1])
        elif op is sre.BRANCH:
            parts = [_first(alt) for alt in av[1]]
            first, empty = [c for p, _ in parts for c in p], any(e for _, e in parts)
        elif op in _REPEATS:
            first, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:
            raise _Unknown(op)
        out += first
        if not empty:
            return out, False
    return out, True


def first_chars(pattern: re.Pattern[str]) -> str | None:
    """The body of a character class every match of ``pattern`` starts with, or None when no such class can be
    written (a match may be empty, or may start with any character)."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    try:
        items, empty = _first(_parser.parse(pattern.pattern, pattern.flags))
    except (_Unknown, re.error):
        return None
    return None if empty or not items else "".join(dict.fromkeys(items))


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead of its first characters (itself when they cannot be listed)."""
    chars = first_chars(pattern)
    if chars is None:
        return pattern
    return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)
