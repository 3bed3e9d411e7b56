"""Traditional characters folded to simplified for the rules, quoted as written in the rows."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.transforms.test_extract import sentences_frame
from transforms import catalogue, extract, script


@pytest.mark.parametrize(("written", "folded"), [
    ("固定資產投資達到51.89萬億元", "固定资产投资达到51.89万亿元"),
    ("全國社會消費品零售總額按年下跌3.9%", "全国社会消费品零售总额按年下跌3.9%"),
    ("進出口升幅為1.9%", "进出口升幅为1.9%"),
    ("臺灣地區生產總值", "台湾地区生产总值"),
    ("全国固定资产投资增长2.9%", "全国固定资产投资增长2.9%"),  # simplified: as it is
    ("著名的乾隆年间", "着名的干隆年间"),  # characters of both scripts: the table's first reading, one for one
    ("GDP 5.2% ABC", "GDP 5.2% ABC"),
    ("", ""),
])
def test_fold(written, folded):
    assert script.fold(written) == folded


@pytest.mark.parametrize(("text", "expected"), [
    ("中國投資呈正增長", True),
    ("中国投资呈正增长", False),
    ("2020年GDP", False),
])
def test_is_traditional(text, expected):
    assert script.is_traditional(text) is expected


@pytest.mark.parametrize(("part", "written", "near", "expected"), [
    ("固定资产投资", "中國固定資產投資達到", 9, "固定資產投資"),
    # the occurrence ending nearest the figure (a phrase repeated in a sentence)
    ("投资", "投資增長，投資達到5億元", 11, "投資"),
    ("万亿元", "達到51.89萬億元", 11, "萬億元"),
    ("固定资产投资（不含农户）", "中國固定資產投資達到", 9, "固定资产投资（不含农户）"),  # put together: as it is
    (None, "中國", 0, None),
    ("全国", "全国", 2, "全国"),  # a simplified sentence: nothing to map
])
def test_verbatim(part, written, near, expected):
    assert script.verbatim(part, script.fold(written), written, near) == expected


CHARS = "國投資產萬億元增長跌幅全国投资产万亿元增长率，。%1234567890.ab "


@given(st.text(alphabet=st.sampled_from(CHARS), max_size=60))
@settings(max_examples=300, deadline=None)
def test_fold_keeps_every_offset_and_is_idempotent(text):
    folded = script.fold(text)
    assert len(folded) == len(text)
    assert script.fold(folded) == folded
    assert not script.is_traditional(folded)
    # every character is kept or replaced in its place: non-CJK characters never change
    assert all(a == b for a, b in zip(text, folded, strict=True) if not "\u4e00" <= a <= "\u9fff")


def test_traditional_sentence_rows_quote_the_sentence_as_written():
    text = "國統局公布，中國2020年的固定資產投資達到51.89萬億元，按年增長2.9%，跌幅應為4.8%。"
    rows = extract.indicators(sentences_frame([text], title="投資數據")).to_dicts()
    assert [(r["value"], r["unit"], r["direction"], r["basis"]) for r in rows] == [
        (51.89, "萬億元", None, None), (2.9, "%", "up", "同比"), (4.8, "%", "down", None)]
    first = rows[0]
    assert first["sentence"] == text and first["region"] == "全国" and first["period"] == "2020年"
    assert first["metric"] == "固定資產投資" and first["value_norm"] == pytest.approx(5.189e13)
    # a metric the rules put together (the indicator before, the rate after) is written as the document writes
    assert [r["metric"] for r in rows] == ["固定資產投資", "固定資產投資", "固定資產投資跌幅"]
    for r in rows:
        assert text[r["span_start"]:r["span_end"]].endswith(r["unit"])


def test_traditional_bound_word_is_quoted_as_written_and_allowed():
    """The qualifier is quoted as written (約); the indicators suite's closed set holds every spelling of its words
    (a real traditional page had been held back whole when it did not)."""
    from expectations.indicators import QUALIFIERS

    rows = extract.indicators(sentences_frame(["目前，巴拉臘特的人口約8萬，是第三大城市。"], title="觀光")).to_dicts()
    assert [(r["value"], r["unit"], r["qualifier"]) for r in rows] == [(8.0, "萬", "約")]
    assert {"約", "约", "超過", "超过", "以上", "不低於"} <= set(QUALIFIERS)


@pytest.mark.parametrize(("word", "expected"), [
    ("约", {"约", "約"}),
    ("以上", {"以上"}),
    ("不超过", {"不超过", "不超過"}),
    ("余", {"余", "餘"}),
])
def test_spellings(word, expected):
    assert expected <= script.spellings(word)
    assert all(script.fold(f) == word for f in script.spellings(word))


def test_traditional_numerals_are_numbers_to_the_suite():
    """A span in traditional numerals (一百一十五億元, 兩倍) holds a number for the indicators suite: a Macau page
    had been held back whole by _span_has_number."""
    from expectations.indicators import prepare

    frame = pl.DataFrame({"sentence": ["賭收為一百一十五億元", "增兩倍"], "span_start": [3, 1], "span_end": [10, 3],
                          "unit_norm": ["元", "倍"], "value_norm": [1.15e10, 2.0]})
    assert prepare(frame).get_column("_span_has_number").to_list() == [True, True]


def test_catalogue_matches_a_traditional_phrase_as_its_simplified_one():
    assert catalogue.match("社會消費品零售總額") == catalogue.match("社会消费品零售总额") is not None


def test_simplified_frame_is_untouched_by_folding():
    texts = ["全市地区生产总值增长6.4%。", "社会消费品零售总额1.2万亿元。"]
    rows = extract.indicators(sentences_frame(texts, title="经济运行"))
    assert rows.get_column("sentence").to_list() == texts
    assert rows.select(pl.col("metric")).to_series().to_list() == ["地区生产总值", "社会消费品零售总额"]
