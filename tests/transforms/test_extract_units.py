"""The unit table: one row per unit the extractor knows, read from a sentence and normalised."""

from __future__ import annotations

import math

import pytest

from transforms import extract, units
from transforms.numbers import arabic, chinese

from .test_extract import sentences_frame

# units whose sentence needs its own wording (a bare count would read as something else)
SPECIAL = {"成": ("全市民营经济贡献率超过7成。", 7, 70.0), "倍": ("出口额增长2倍。", 2, 2.0)}


@pytest.mark.parametrize("unit", sorted(units.BASE_UNITS), ids=sorted(units.BASE_UNITS))
def test_base_unit_row(unit):
    base, factor = units.BASE_UNITS[unit]
    text, value, norm = SPECIAL.get(unit, (f"全年合计完成36{unit}。", 36, 36 * factor))
    rows = extract.indicators(sentences_frame([text])).to_dicts()
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["value"], row["unit"], row["unit_norm"]) == (value, unit, base)
    assert math.isclose(row["value_norm"], norm)


@pytest.mark.parametrize(("magnitude", "factor"), sorted(units.MAGNITUDE.items()))
def test_magnitude_folds_into_value_norm(magnitude, factor):
    rows = extract.indicators(sentences_frame([f"全年完成投资2.5{magnitude}元。"])).to_dicts()
    assert [(r["unit"], r["unit_norm"]) for r in rows] == [(f"{magnitude}元", "元")]
    assert math.isclose(rows[0]["value_norm"], 2.5 * factor)


@pytest.mark.parametrize(("written", "norm"), [
    ("元/人", (5.0, "元/人")), ("万元/亩", (5e4, "元/亩")), ("万元／人", (5e4, "元/人")),
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
])
def test_chinese(text, value):
    assert math.isclose(chinese(text), value)


def test_published_qualifiers_are_ones_the_indicators_suite_accepts():
    from transforms import context

    suite = pytest.importorskip("expectations.indicators")
    written = {*context.QUALIFIER_BEFORE, "以上", "以下", "左右", "以内", "多", "余"}
    assert {context.published_qualifier(q) for q in written} <= set(suite.QUALIFIERS)
