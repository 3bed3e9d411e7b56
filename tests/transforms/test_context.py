"""The sentence-level context readers: period expressions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import context

UNGUARDED = re.compile(context.PERIOD_PATTERN)

# every character a period expression is built of, and some that are not
PERIOD_ALPHABET = sorted(set(context.PERIOD_PATTERN) - set("()[]{}?:*+|\\^$!<=>-,.") | set("增长亿元，。的了在于"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(PERIOD_ALPHABET), max_size=30))
def test_the_first_character_guard_changes_no_match(text):
    """RE_PERIOD passes over positions no period can start at: it finds what the bare pattern finds."""
    assert [m.span() for m in context.RE_PERIOD.finditer(text)] == [m.span() for m in UNGUARDED.finditer(text)]


@pytest.mark.parametrize("text", [
    "今年1月至7月累计完成，上半年增长，“十三五”时期", "2022上半年净利", "比去年清明假期增长", "6月第一周同比增长18%",
    "川恒股份2021半年报显示", "截至9日14：00时", "近年来，多年来，这些年来", "１２月份增长", "二〇二三年全年",
])
def test_the_guard_keeps_every_form(text):
    found = [m.group() for m in context.RE_PERIOD.finditer(text)]
    assert found and found == [m.group() for m in UNGUARDED.finditer(text)]
