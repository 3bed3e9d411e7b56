"""Highlighting indicator spans: in/out cases and the invariants (every span once, text reproduced)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.highlight import Span, locate, markup, nest, place

OPEN, CLOSE = "\x00", "\x02"


def tag(span: Span) -> str:
    return f"{OPEN}{span.key}\x01"


def plain(text: str, spans: list[Span]) -> str:
    return markup(text, spans, open_tag=tag, close_tag=CLOSE, quote=lambda s: s)


def brackets(text: str, spans: list[Span]) -> str:
    return markup(text, spans, open_tag=lambda s: f"[{s.key}:", close_tag="]", quote=lambda s: s)


CASES = [
    ("no spans", "GDP增长6.4%", [], "GDP增长6.4%"),
    ("one span", "GDP增长6.4%", [Span("a", 5, 9)], "GDP增长[a:6.4%]"),
    ("two apart", "增长5%，下降3%", [Span("a", 2, 4), Span("b", 7, 9)], "增长[a:5%]，下降[b:3%]"),
    ("adjacent", "5%3%", [Span("a", 0, 2), Span("b", 2, 4)], "[a:5%][b:3%]"),
    ("two rows on one figure nest", "三地各增长5%", [Span("a", 5, 7), Span("b", 5, 7)], "三地各增长[a:[b:5%]]"),
    ("inner span", "11.3万辆", [Span("a", 0, 6), Span("b", 0, 4)], "[a:[b:11.3]万辆]"),
    ("crossing: the later keeps its rest", "abcdefgh", [Span("a", 0, 5), Span("b", 3, 8)], "[a:abcde][b:fgh]"),
    ("crossing two levels", "abcdefgh", [Span("a", 0, 6), Span("b", 1, 3), Span("c", 2, 7)],
     "[a:a[b:bc]def][c:g]h"),
    ("empty span", "abc", [Span("a", 1, 1)], "a[a:]bc"),
    ("reversed span becomes empty", "abc", [Span("a", 2, 1)], "ab[a:]c"),
    ("past the end is clamped", "abc", [Span("a", 2, 10), Span("b", 7, 9)], "ab[a:c][b:]"),
    ("negative start is clamped", "abc", [Span("a", -3, 1)], "[a:a]bc"),
    ("empty span at a span's end", "abcd", [Span("a", 0, 2), Span("b", 2, 2)], "[a:ab][b:]cd"),
    ("empty span at a span's start", "abcd", [Span("a", 1, 3), Span("b", 1, 1)], "a[a:[b:]bc]d"),
]


@pytest.mark.parametrize(("text", "spans", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_markup(text, spans, expected):
    assert brackets(text, spans) == expected


def test_crossing_two_levels_keeps_the_key_once():
    # c crosses b (cut to start at 3) and then a (cut to start at 6): one element, after a
    assert nest([Span("a", 0, 6), Span("b", 1, 3), Span("c", 2, 7)], 8) == [
        Span("a", 0, 6), Span("b", 1, 3), Span("c", 6, 7)]


def test_html_is_escaped_but_tags_are_not():
    out = markup("<b>&5%", [Span("x", 4, 6)], open_tag=lambda s: f'<mark data-indicator-id="{s.key}">')
    assert out == '&lt;b&gt;&amp;<mark data-indicator-id="x">5%</mark>'


LOCATE_CASES = [
    ("in order", "甲。乙。丙。", ["甲。", "乙。", "丙。"], [0, 2, 4]),
    ("identical sentences", "好。好。好。", ["好。", "好。", "好。"], [0, 2, 4]),
    ("across paragraphs", "甲。\n乙。", ["甲。", "乙。"], [0, 3]),
    ("a missing one does not move the search", "甲。乙。", ["甲。", "无。", "乙。"], [0, None, 2]),
    ("out of order is not found", "甲。乙。", ["乙。", "甲。"], [2, None]),
    ("empty sentence", "甲。", ["", "甲。"], [None, 0]),
]


@pytest.mark.parametrize(("body", "sentences", "expected"), [c[1:] for c in LOCATE_CASES],
                         ids=[c[0] for c in LOCATE_CASES])
def test_locate(body, sentences, expected):
    assert locate(body, sentences) == expected


# --- invariants --------------------------------------------------------------------------------------

TEXT = st.text(alphabet="ab增长%。\n<&", max_size=40)
RAW_SPANS = st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50)), max_size=12)
ELEMENT = re.compile("\x00([^\x01]*)\x01")


def _elements(out: str) -> dict[str, tuple[int, int]]:
    """Key → (start, end) in the plain text, from the marked-up output; asserts each key opens once."""
    found: dict[str, tuple[int, int]] = {}
    stack: list[tuple[str, int]] = []
    pos = i = 0
    while i < len(out):
        if out[i] == OPEN:
            key = ELEMENT.match(out, i).group(1)
            assert key not in found and all(k != key for k, _ in stack), f"{key} twice"
            stack.append((key, pos))
            i = out.index("\x01", i) + 1
        elif out[i] == CLOSE:
            key, start = stack.pop()
            found[key] = (start, pos)
            i += 1
        else:
            pos += 1
            i += 1
    assert not stack
    return found


@given(TEXT, RAW_SPANS)
def test_every_span_once_text_reproduced_inside_its_own_range(text, raw):
    spans = [Span(f"k{i}", a, b) for i, (a, b) in enumerate(raw)]
    out = plain(text, spans)
    assert re.sub("\x00[^\x01]*\x01|\x02", "", out) == text
    found = _elements(out)
    assert set(found) == {s.key for s in spans}
    for s in spans:
        start = min(max(s.start, 0), len(text))
        end = min(max(s.end, start), len(text))
        got = found[s.key]
        assert start <= got[0] <= got[1] <= end
        if end > start:
            assert got[1] > got[0], "a non-empty span keeps some text"


@given(TEXT, RAW_SPANS)
def test_nest_is_laminar_and_spans_that_cross_nothing_are_kept_whole(text, raw):
    spans = [Span(f"k{i}", a, b) for i, (a, b) in enumerate(raw)]
    nested = nest(spans, len(text))
    assert sorted(s.key for s in nested) == sorted(s.key for s in spans)
    for x in nested:
        for y in nested:
            if x is not y:
                disjoint = x.end <= y.start or y.end <= x.start
                inside = (x.start <= y.start and y.end <= x.end) or (y.start <= x.start and x.end <= y.end)
                assert disjoint or inside
    clamped = {s.key: (min(max(s.start, 0), len(text)), min(max(s.end, max(s.start, 0)), len(text)))
               for s in spans}

    def crosses(a, b):
        return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]

    for s in nested:
        if not any(crosses(clamped[s.key], clamped[o]) for o in clamped if o != s.key):
            assert (s.start, s.end) == clamped[s.key]


@given(st.lists(st.text(alphabet="好。甲", min_size=1, max_size=4), max_size=8), st.data())
def test_locate_finds_the_sentences_a_body_is_made_of(sentences, data):
    seps = [data.draw(st.sampled_from(["", "\n", "乙"])) for _ in sentences]
    body = "".join(s + sep for s, sep in zip(sentences, seps, strict=True))
    found = locate(body, sentences)
    assert all(at is not None for at in found)
    assert all(body[at:at + len(s)] == s for at, s in zip(found, sentences, strict=True))
    assert all(a + len(s) <= b for a, s, b in zip(found, sentences, found[1:], strict=False))


PLACE_CASES = [
    ("a row in the second of two identical sentences", "增5%。增5%。", [(0, "增5%。"), (1, "增5%。")],
     {1: [Span("x", 1, 3)]}, [Span("x", 5, 7)], []),
    ("a span past its sentence is cut at the sentence's end", "甲5%。乙", [(0, "甲5%。")],
     {0: [Span("x", 1, 9)]}, [Span("x", 1, 4)], []),
    ("a sentence not in the body, and one not in the list", "甲。", [(0, "乙。")],
     {0: [Span("x", 0, 1)], 4: [Span("y", 0, 1)]}, [], [0, 4]),
]


@pytest.mark.parametrize(("body", "sentences", "spans", "placed", "unplaced"), [c[1:] for c in PLACE_CASES],
                         ids=[c[0] for c in PLACE_CASES])
def test_place(body, sentences, spans, placed, unplaced):
    assert place(body, sentences, spans) == (placed, unplaced)
