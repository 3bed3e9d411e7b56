"""Indicator spans laid over a text as properly nested marks: the highlighting of the review site.

The extractor gives each indicator row a span (``span_start``, ``span_end``: character offsets of the
number-with-unit inside its sentence). To show them where they stand, the sentences are found again in
their article's body (:func:`locate`: in order, so two identical sentences land on their own places),
the spans are moved into the body and cut so that no two of them cross (:func:`nest`), and the text is
written out with one element per span (:func:`markup`). Pure: strings and offsets in, a string out.

Every span comes out **exactly once**, whatever it looks like: two rows on the same figure give two nested
elements, a span that crosses an earlier one keeps its part after that one's end, and an empty or
impossible span (null, reversed, past the end) becomes an empty element at its clamped start, so that
no row goes missing from the page.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class Span:
    """A keyed half-open range ``[start, end)`` of a text."""

    key: str
    start: int
    end: int


def clamp(span: Span, length: int) -> Span:
    """The span inside ``[0, length]``; a reversed one becomes empty at its clamped start.

    >>> clamp(Span("a", -2, 3), 2), clamp(Span("b", 5, 1), 9)
    (Span(key='a', start=0, end=2), Span(key='b', start=5, end=5))
    """
    if 0 <= span.start <= span.end <= length:
        return span
    start = min(max(span.start, 0), length)
    end = min(max(span.end, start), length)
    return Span(span.key, start, end)


def nest(spans: Iterable[Span], length: int) -> list[Span]:
    """The spans clamped to a text of ``length`` characters and cut where they cross, in document order
    (by start, the longer first): any two are disjoint or one holds the other, and each key is there once.

    A span that crosses one before it keeps only its part after that one's end:

    >>> nest([Span("a", 0, 5), Span("b", 3, 8), Span("c", 1, 2)], 10)
    [Span(key='a', start=0, end=5), Span(key='c', start=1, end=2), Span(key='b', start=5, end=8)]
    """
    clamped = [clamp(s, length) for s in spans]
    if all(a.start < a.end <= b.start for a, b in pairwise(clamped)) \
            and (not clamped or clamped[-1].start < clamped[-1].end):
        return clamped  # the usual case: non-empty, in order, apart (what the heap below would give)
    heap = [(s.start, -s.end, i, s) for i, s in enumerate(clamped)]
    heapq.heapify(heap)
    out: list[Span] = []
    open_: list[Span] = []  # the spans that hold the current position, outermost first
    while heap:
        start, _, order, span = heapq.heappop(heap)
        while open_ and open_[-1].end <= start:
            open_.pop()
        if open_ and span.end > open_[-1].end:  # crosses the innermost open span: keep the part after it
            cut = Span(span.key, open_[-1].end, span.end)
            heapq.heappush(heap, (cut.start, -cut.end, order, cut))
            continue
        out.append(span)
        open_.append(span)
    return out


def markup(
    text: str,
    spans: Iterable[Span],
    *,
    open_tag: Callable[[Span], str],
    close_tag: str = "</mark>",
    quote: Callable[[str], str] | None = None,
) -> str:
    """``text`` (escaped with ``quote``) with ``open_tag(span)`` … ``close_tag`` around each span (after
    :func:`nest`, so the tags are well nested).

    >>> markup("GDP增长6.4%<", [Span("x", 5, 9)], open_tag=lambda s: f"<b id={s.key}>", close_tag="</b>")
    'GDP增长<b id=x>6.4%</b>&lt;'
    """
    quote = quote or text_escape
    parts: list[str] = []
    pos = 0
    stack: list[Span] = []
    for span in nest(spans, len(text)):
        while stack and stack[-1].end <= span.start:
            pos = _close(parts, text, pos, stack.pop(), close_tag, quote)
        if span.start > pos:
            parts.append(quote(text[pos:span.start]))
            pos = span.start
        parts.append(open_tag(span))
        stack.append(span)
    while stack:
        pos = _close(parts, text, pos, stack.pop(), close_tag, quote)
    parts.append(quote(text[pos:]))
    return "".join(parts)


def text_escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped: all a text node needs (quotes matter in attributes only).

    >>> text_escape('a<b & "c"')
    'a&lt;b &amp; "c"'
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _close(parts: list[str], text: str, pos: int, span: Span, close_tag: str, quote: Callable[[str], str]) -> int:
    if span.end > pos:
        parts.append(quote(text[pos:span.end]))
        pos = span.end
    parts.append(close_tag)
    return pos


def locate(body: str, sentences: Sequence[str]) -> list[int | None]:
    """Where each sentence starts in ``body``, searching forward from the end of the one before; None for a
    sentence not found (the search goes on from where it was).

    Two identical sentences get their own places:

    >>> locate("好。好。不", ["好。", "好。", "缺", "不"])
    [0, 2, None, 4]
    """
    found: list[int | None] = []
    cursor = 0
    for sentence in sentences:
        at = body.find(sentence, cursor) if sentence else -1
        if at < 0:
            found.append(None)
            continue
        found.append(at)
        cursor = at + len(sentence)
    return found


def place(
    body: str, sentences: Sequence[tuple[int, str]], spans: Mapping[int, Sequence[Span]]
) -> tuple[list[Span], list[int]]:
    """Spans given per sentence (``spans``: sentence index → spans with offsets into that sentence) as
    spans of ``body``, the sentences (index, text; in order) found with :func:`locate`. Returns the body
    spans and the indexes of the sentences with spans that could not be placed (not found, or unknown).

    >>> place("甲增5%。乙增5%。", [(0, "甲增5%。"), (1, "乙增5%。")], {1: [Span("x", 2, 4)]})
    ([Span(key='x', start=7, end=9)], [])
    >>> place("甲。", [(0, "甲。")], {3: [Span("y", 0, 1)]})
    ([], [3])
    """
    where = dict(zip((i for i, _ in sentences), locate(body, [t for _, t in sentences]), strict=True))
    length = {i: len(t) for i, t in sentences}
    out: list[Span] = []
    unplaced: list[int] = []
    for index, group in spans.items():
        at = where.get(index)
        if at is None:
            unplaced.append(index)
            continue
        for s in group:
            s = clamp(s, length[index])
            out.append(Span(s.key, at + s.start, at + s.end))
    return out, sorted(unplaced)
