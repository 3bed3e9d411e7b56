"""The unit table: one row per unit the extractor knows, read from a sentence and normalised."""

from __future__ import annotations

import math

import pytest

from transforms import extract, units
from transforms.numbers import arabic, chinese

from .test_extract import sentences_frame

# units whose sentence needs its own wording (a bare count would read as something else)
SPECIAL = {"成": ("全市民营经济贡献率超过7成。", 7, 70.0), "倍": ("出口额增长2倍。", 2, 2.0),
           # 度 is electricity only with a magnitude (36度 alone is a temperature or an angle)
           "度": ("全年发电量36亿度。", 36, 36e8, "亿度"),
           "平": ("全年销售面积36万平。", 36, 36e4, "万平"),  # (平 alone is a draw, 打平)
           "手": ("全年期货成交量36亿手。", 36, 36e8, "亿手"),  # (手 alone is a hand, 二手)
           "方": ("全年天然气产量36亿方。", 36, 36e8, "亿方"),  # (方 alone is a party, 双方)
           "担": ("全年烟叶产量36万担。", 36, 36e4, "万担"),  # (担 alone opens a verb: 3人担任)
           "G": ("全省出口带宽36万G。", 36, 36e4, "万G"),  # (5G alone is a network)
           "GB": ("全年移动互联网流量36亿GB。", 36, 36e8, "亿GB"),  # (128GB alone is a phone's storage)
           "t": ("全年水产品产量36万t。", 36, 36e4, "万t"),  # (t after a magnitude only)
           "两": ("全年产黄金36万两。", 36, 36e4, "万两"),  # (两 alone is two: 两个)
           "分": ("全省综合评分均值为36分。", 36, 36.0),
           "期": ("全年举办培训班36期。", 36, 36.0),  # (期 counts sessions only where a course is named)
           "mm": ("全年合计降水36mm。", 36, 36.0)}  # (分 is a score's points only where a score is named)


@pytest.mark.parametrize("unit", sorted(units.BASE_UNITS), ids=sorted(units.BASE_UNITS))
def test_base_unit_row(unit):
    base, factor = units.BASE_UNITS[unit]
    text, value, norm, *written = SPECIAL.get(unit, (f"全年合计完成36{unit}。", 36, 36 * factor))
    rows = extract.indicators(sentences_frame([text])).to_dicts()
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["value"], row["unit"], row["unit_norm"]) == (value, written[0] if written else unit, base)
    assert math.isclose(row["value_norm"], norm)


@pytest.mark.parametrize(("magnitude", "factor"), sorted(units.MAGNITUDE.items()))
def test_magnitude_folds_into_value_norm(magnitude, factor):
    rows = extract.indicators(sentences_frame([f"全年完成投资2.5{magnitude}元。"])).to_dicts()
    assert [(r["unit"], r["unit_norm"]) for r in rows] == [(f"{magnitude}元", "元")]
    assert math.isclose(rows[0]["value_norm"], 2.5 * factor)


@pytest.mark.parametrize(("written", "norm"), [
    ("元/人", (5.0, "元/人")), ("元/人次", (5.0, "元/人次")), ("元/公顷", (5.0, "元/公顷")),
    ("万元/亩", (5e4, "元/亩")), ("万元／人", (5e4, "元/人")),
    ("吨/亩", (5.0, "吨/亩")), ("千瓦时/人", (5.0, "千瓦时/人")),
])
def test_rates(written, norm):
    assert units.normalise(5, written) == norm


@pytest.mark.parametrize(("text", "value"), [
    ("1,234.5", 1234.5), ("１２３", 123.0), ("0.59", 0.59), ("100,241", 100241.0),
])
def test_arabic(text, value):
    assert arabic(text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("三千二百", 3200), ("两", 2), ("七", 7), ("十", 10), ("十五", 15), ("一百零五", 105), ("三十", 30),
    ("一万", 10000), ("一亿二千万", 120000000), ("六点四", 6.4), ("二〇二三", 2023),
    # (a rough range, two digits in a row before a magnitude: its lower end)
    ("五六百", 500), ("三四千", 3000), ("一两百", 100), ("二三十", 20), ("七八万", 70000),
])
def test_chinese(text, value):
    assert math.isclose(chinese(text), value)


@pytest.mark.parametrize("sentence_and_word", [
    *[(f"全市粮食产量{w}100万吨。", w) for w in ("不超过", "超过", "超出", "超", "逾", "接近", "将近", "近", "大约",
                                               "约", "不足", "不到", "高于", "低于", "多于", "少于")],
    *[(f"全市粮食产量100万吨{w}。", w) for w in ("以上", "以下", "左右", "以内")],
    ("全市粮食产量100多万吨。", "多"), ("全市粮食产量100余万吨。", "余"),
], ids=lambda p: p[1])
def test_qualifiers_are_published_as_written_and_accepted_by_the_suite(sentence_and_word):
    import polars as pl

    from transforms import extract

    sentence, word = sentence_and_word
    suite = pytest.importorskip("expectations.indicators")
    sents = pl.DataFrame({"doc_id": ["d"], "source": ["s"], "article_index": [0], "article_title": [None],
                          "kind": ["article"], "paragraph_index": [0], "sentence_index": [0], "text": [sentence]},
                         schema_overrides={"article_index": pl.Int32, "paragraph_index": pl.Int32,
                                           "sentence_index": pl.Int32, "article_title": pl.String})
    rows = extract.indicators(sents)
    assert rows.get_column("qualifier").to_list() == [word]
    assert word in suite.QUALIFIERS
