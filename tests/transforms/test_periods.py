"""Dated periods: every period form in, (kind, start, end) out; invariants as property tests.

Cases: ``tests/cases/periods/forms.jsonl`` (written for this project) and ``dev_periods.json`` (the
periods of the dev documents' gold rows with their documents' dates; schema in the README there).
"""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts import eval_periods
from tests.conftest import SHARED_EVAL
from transforms import periods
from transforms.periods import Period

CASES = Path(__file__).parents[1] / "cases" / "periods"
FORMS = [json.loads(x) for x in (CASES / "forms.jsonl").read_text("utf-8").splitlines() if x.strip()]
DEV = json.loads((CASES / "dev_periods.json").read_text("utf-8"))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _published(case: dict) -> date | None:
    return date.fromisoformat(case["published"]) if case.get("published") else None


@pytest.mark.parametrize("case", FORMS, ids=lambda c: f"{c['period']}|{c.get('year') or c.get('published') or '-'}"
                         f"{'|target' if c.get('target') else ''}")
def test_form(case):
    p = periods.resolve(case["period"], year=case.get("year"), published=_published(case),
                        target=case.get("target", False))
    assert (p.kind, _iso(p.start), _iso(p.end)) == (case["kind"], case["start"], case["end"])


def _dev_case(entry: dict):
    marks = [pytest.mark.xfail(strict=True, reason=entry["xfail"])] if entry.get("xfail") else []
    return pytest.param(entry, id=f"{entry['doc']}|{entry['period']}|{entry['is_target']}", marks=marks)


@pytest.mark.parametrize("entry", [_dev_case(e) for e in DEV["periods"]])
def test_dev_period(entry):
    doc = DEV["documents"][entry["doc"]]
    if not eval_periods.year_known(entry, doc):
        p = eval_periods.resolved(entry, doc)
        assert p.start is None and p.end is None  # no year: never guessed
        return
    p = eval_periods.resolved(entry, doc)
    assert (p.kind, _iso(p.start), _iso(p.end)) == (entry["kind"], entry["start"], entry["end"])


@pytest.mark.skipif(not (SHARED_EVAL / "dev").exists(), reason="no ../shared/eval")
def test_dev_rows_with_a_known_year_at_least_095():
    s = eval_periods.score(eval_periods.gold_rows())
    assert not s["missing"], s["missing"]
    assert s["rows"] > 400
    assert s["dates"] >= 0.95, s["errors"]


# --- invariants ------------------------------------------------------------------------------------
MONTH_WORDS = ["{m}月", "{m}月份", "1-{m}月", "1至{m}月", "前{m}个月", "{m}月末", "{m}月底", "{m}月上旬", "{m}月中旬",
               "{m}月下旬"]
YEARLESS = ["一季度", "二季度", "三季度", "四季度", "第一季度", "前三季度", "前两季度", "上半年", "下半年", "全年",
            "年末", "年底", "年初", "当年", "一季度末", "上半年末", "国庆节期间"]
RELATIVE = ["今年", "去年", "明年", "上年末", "今年前三季度", "去年全年", "“十三五”时期", "十四五", "十四五末",
            "未来五年", "过去三年"]
yearless = st.one_of(st.builds(lambda w, m: w.format(m=m), st.sampled_from(MONTH_WORDS), st.integers(1, 12)),
                     st.sampled_from(YEARLESS))
periods_written = st.one_of(
    yearless,
    st.sampled_from(RELATIVE),
    st.builds(lambda y, w: f"{y}年{w}", st.integers(1990, 2030),
              st.sampled_from(["", "末", "一季度", "上半年", "4月份", "1-8月"])),
)
dates = st.dates(date(1990, 1, 1), date(2035, 12, 31))


@settings(max_examples=400, deadline=None)
@given(periods_written, st.one_of(st.none(), st.integers(1990, 2035)), st.one_of(st.none(), dates), st.booleans())
def test_dates_are_ordered_and_match_their_kind(text, year, published, target):
    p = periods.resolve(text, year=year, published=published, target=target)
    assert p.kind in (*periods.KINDS, None)
    assert (p.start is None) == (p.end is None)
    if p.start is None:
        return
    assert p.start <= p.end
    if p.kind == "point":
        assert p.start == p.end
    if p.kind in ("month", "ytd", "quarter", "half", "year", "multi_year"):
        assert p.start.day == 1  # whole months
        assert p.end.day == calendar.monthrange(p.end.year, p.end.month)[1]
    if p.kind == "month":
        assert (p.start.year, p.start.month) == (p.end.year, p.end.month)
    if p.kind in ("ytd", "year", "half", "quarter"):
        assert p.start.year == p.end.year
    if p.kind == "ytd":
        assert p.start.month == 1 and p.end.month not in (3, 6, 12)  # those are the quarter, half and year
    if p.kind == "quarter":
        assert p.start.month in (1, 4, 7, 10) and p.end.month == p.start.month + 2
    if p.kind == "half":
        assert (p.start.month, p.end.month) in ((1, 6), (7, 12))
    if p.kind == "year":
        assert (p.start.month, p.end.month, p.end.day) == (1, 12, 31)


@settings(max_examples=300, deadline=None)
@given(yearless, dates, st.booleans())
def test_publication_date_side(text, published, target):
    """A period without a year, dated by the publication date alone: an achieved figure's period has
    ended (within the reporting grace); a target's has not."""
    p = periods.resolve(text, published=published, target=target)
    assert p.start is not None
    if target:
        assert p.end >= published
    else:
        assert p.end <= published + periods.REPORTING_GRACE
        # and it is the latest such: the next occurrence would not have ended
        later = periods.resolve(text, year=p.end.year + 1)
        assert later.end > published + periods.REPORTING_GRACE


@settings(max_examples=200, deadline=None)
@given(st.builds(lambda w, m: w.format(m=m), st.sampled_from(MONTH_WORDS), st.integers(1, 12)), st.integers(1990, 2035),
       dates)
def test_a_written_year_wins_over_both_contexts(text, year, published):
    written = f"{year}年{text}"
    alone = periods.resolve(written)
    assert periods.resolve(written, year=year + 1, published=published) == alone


@settings(max_examples=100, deadline=None)
@given(periods_written)
def test_without_year_or_date_nothing_is_dated_unless_written(text):
    p = periods.resolve(text)
    if p.start is not None:
        assert any(ch.isdigit() for ch in text) or "十" in text  # a written year or a plan


def test_leap_years():
    feb = {y: periods.resolve("2月份", year=y).end for y in (1996, 1900 + 100, 2023, 2024, 2100)}
    assert feb == {1996: date(1996, 2, 29), 2000: date(2000, 2, 29), 2023: date(2023, 2, 28),
                   2024: date(2024, 2, 29), 2100: date(2100, 2, 28)}
    assert periods.resolve("1-2月", year=2024).end == date(2024, 2, 29)
    assert periods.resolve("2月29日", year=2023) == periods.NONE


def test_canonical_kinds_follow_the_dates():
    d = date
    assert periods.canonical(d(2020, 1, 1), d(2020, 3, 31)).kind == "quarter"
    assert periods.canonical(d(2020, 1, 1), d(2020, 6, 30)).kind == "half"
    assert periods.canonical(d(2020, 1, 1), d(2020, 11, 30)).kind == "ytd"
    assert periods.canonical(d(2020, 1, 1), d(2020, 12, 31)).kind == "year"
    assert periods.canonical(d(2016, 1, 1), d(2020, 12, 31)).kind == "multi_year"
    assert periods.canonical(d(2020, 5, 5), d(2020, 5, 5)).kind == "point"
    assert periods.canonical(d(2020, 5, 1), d(2020, 5, 10)).kind is None
    assert periods.canonical(d(2020, 3, 1), d(2020, 5, 31)).kind is None


def test_dated_frame_matches_resolve_row_by_row():
    frame = pl.DataFrame({
        "indicator_id": ["a", "b", "c", "d", "e"],
        "period": ["4月份", "4月份", None, "全年", "2019年末"],
        "published_on": [date(2017, 5, 15), None, date(2017, 5, 15), date(2018, 2, 1), None],
        "is_target": [False, False, False, True, False],
    })
    out = periods.dated(frame)
    assert out.columns == [*frame.columns, "period_kind", "period_start", "period_end"]
    assert out.get_column("indicator_id").to_list() == ["a", "b", "c", "d", "e"]
    for row in out.iter_rows(named=True):
        p = periods.resolve(row["period"], published=row["published_on"], target=row["is_target"])
        assert (row["period_kind"], row["period_start"], row["period_end"]) == (p.kind, p.start, p.end)
    assert out.schema["period_start"] == pl.Date


def test_dated_frame_with_a_year_column_and_no_rows():
    frame = pl.DataFrame({"period": ["全年"], "published_on": [None], "is_target": [False], "year": [2019]},
                         schema={"period": pl.String, "published_on": pl.Date, "is_target": pl.Boolean,
                                 "year": pl.Int64})
    assert periods.dated(frame, year="year").get_column("period_start").to_list() == [date(2019, 1, 1)]
    assert periods.dated(frame.clear(), year="year").height == 0


def test_reporting_grace_is_a_month():
    assert timedelta(days=31) == periods.REPORTING_GRACE
    assert Period("month", None, None) == periods.resolve("4月份")
