"""Dated periods: a period as written (``4月份``, ``2024年1-4月``, ``前三季度``, ``2019年末``, ``“十三五”时期``)
to ``(period_kind, period_start, period_end)``.

The year comes, in this order, from the period itself (``2019年``, ``2024年4月份``, ``2027``); from a
relative word (``今年``, ``去年``, ``明年``: relative to the publication date only, as a review of 2014
written in 2015 calls 2014 ``去年``); from the year in force (the ``year`` argument: a communique titled
``2019年…`` makes ``全年`` 2019); and last from the publication date, by what a figure can be at that date:

- an achieved figure is about the **latest** occurrence of the period that has ended within a month after
  publication: ``4月份`` published 2017-05-15 is April 2017; ``全年`` published 2018-02-28 is 2017, and
  published 2018-12-20 (NBS states grain output in December) 2018;
- a target is about the **earliest** occurrence that has not ended at publication: ``全年`` in a plan
  published 2022-03-05 is 2022, ``三季度`` published 2011-07-08 is 2011-Q3.

Without any of these the dates are null (the kind is still given): a year is never guessed from the
day the document was ingested.

The kind is read from the dates, so that one figure written two ways lines up in one series:
``1-3月`` is the ``quarter`` ``一季度``, ``1-6月`` the ``half`` ``上半年``, ``1-12月`` the ``year``; other
spans from January are ``ytd``. Spans that are none of the kinds (``6月下旬``, ``10月1日至7日``, ``3-5月``)
keep their dates with a null kind. Comparison bases (``上年同期``, ``2016年同期``), open spans (``今年以来``)
and vague words (``目前``, ``近期``) give no period at all.

>>> resolve("4月份", published=date(2017, 5, 15))
Period(kind='month', start=datetime.date(2017, 4, 1), end=datetime.date(2017, 4, 30))
>>> resolve("1-4月份", year=2017)
Period(kind='ytd', start=datetime.date(2017, 1, 1), end=datetime.date(2017, 4, 30))
>>> resolve("“十三五”时期")
Period(kind='multi_year', start=datetime.date(2016, 1, 1), end=datetime.date(2020, 12, 31))
>>> resolve("从2019年1月1日到2021年12月31日")
Period(kind='multi_year', start=datetime.date(2019, 1, 1), end=datetime.date(2021, 12, 31))
>>> resolve("年末")
Period(kind='point', start=None, end=None)
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from transforms import numbers, script

KINDS = ("month", "ytd", "quarter", "half", "year", "multi_year", "point")
# a figure can be reported up to this long after its period ends (and still be "the latest one")
REPORTING_GRACE = timedelta(days=31)
MIN_YEAR, MAX_YEAR = 1949, 2100


@dataclass(frozen=True, slots=True)
class Period:
    kind: str | None
    start: date | None
    end: date | None


NONE = Period(None, None, None)

# --- the period grammar ----------------------------------------------------------------------------
# what joins the ends of a range (1-6月, 1——6月: a doubled dash too; NFKC has made －- already)
DASH = r"(?:——|--|[-—–~～至到])"
_N = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})"  # a month or day number
_Y4 = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
RE_DATED_FORM = re.compile(r"（([^（）]+)）$")
RE_CLEAN = re.compile(r"[\s“”\"'「」『』《》]")
RE_LEAD = re.compile(r"^(?:截至|截止到|截止|截止至|到|至|进入|自|从|在)")
RE_TAIL = re.compile(r"(?:期间|时期|时|内|前)$")
RE_OPEN = re.compile(r"(?:以来|以前|以后|之前|之后|后期|前期|中期)$|"
                     r"目前|当前|如今|现在|近期|近日|日前|同期|当月|本月|上月|下月")
RE_YEAR_ABS = re.compile(rf"^(?P<y>{_Y4})年?(?:度)?")
RE_YEAR_REL = re.compile(
    r"^(?P<w>今年|本年度|本年|去年|上年度|上年|上一年|前一年|前年|明年|下一年|次年|当年|全年度|全年|年度)")
REL_OFFSET = {"今年": 0, "本年": 0, "本年度": 0, "去年": -1, "上年": -1, "上年度": -1, "上一年": -1, "前一年": -1,
              "前年": -2, "明年": 1, "下一年": 1, "次年": 1}
RE_PLAN = re.compile(r"^十(?P<n>[一二三四五])五(?P<end>末)?$|^(?P<m>[一二三四五六七八九])五(?P<end2>末)?$")
RE_YEAR_SPAN = re.compile(rf"^(?P<a>{_Y4})年?{DASH}(?P<b>{_Y4})年?$")
RE_HORIZON = re.compile(r"^(?P<w>未来|今后|过去|近|最近)(?P<n>[一二两三四五六七八九十\d]{1,2})个?年(?:来|间)?$")
RE_MONTH_RANGE = re.compile(rf"^(?P<a>{_N})月?份?{DASH}(?P<b>{_N})月份?$")
RE_FIRST_MONTHS = re.compile(rf"^[前首](?P<n>{_N})[个個]?月$")  # (首4個月: Hong Kong's first four months)
# (11底 after a year: a month's end with its 月 left out, 截止2018年11底)
RE_MONTH = re.compile(rf"^(?P<m>{_N})(?:月份?(?P<x>上旬|中旬|下旬|末|底|初)?|(?P<end>末|底))$")
# the first day of a month's decades, and the decade a month's beginning or end is read as (月初, 月底)
DECADE_FIRST = {"上旬": 1, "中旬": 11, "下旬": 21}
PART_DECADE = {"初": "上旬", "底": "下旬", "末": "下旬"}
# parts of two months (11月底至12月初, 3月下旬至4月上旬: a season's days)
RE_MONTH_PART_RANGE = re.compile(rf"^(?P<m>{_N})月(?P<x>上旬|中旬|下旬|初|底|末){DASH}(?P<m2>{_N})月"
                                 r"(?P<x2>上旬|中旬|下旬|初|底|末)?$")
# a day's hour (11月1日零时: a census's; 7月6日6时—7日6时: a rainfall's), its last 时 gone with RE_TAIL at the end
_HOUR = r"(?:\d{1,2}|零)[时点]"
RE_DAY = re.compile(rf"^(?P<m>{_N})月(?P<d>{_N})[日号](?:{_HOUR}?)?$")
# (7月6日6时—7日6时: a rainfall's hours, read as the days they fall on)
RE_DAY_RANGE = re.compile(rf"^(?P<m>{_N})月(?P<d>{_N})[日号]?(?:{_HOUR})?{DASH}(?:(?P<m2>{_N})月)?(?P<d2>{_N})[日号]"
                          rf"(?:{_HOUR}?)?$")
# a span of days whose end writes its own year (2019年1月1日到2021年12月31日)
RE_DATE_SPAN = re.compile(rf"^(?P<y>{_Y4})年(?P<m>{_N})月(?P<d>{_N})[日号]?{DASH}"
                          rf"(?P<y2>{_Y4})年(?P<m2>{_N})月(?P<d2>{_N})[日号]$")
# a span of months whose end writes its own year (2022年12月至2023年3月)
RE_MONTH_SPAN_YEARS = re.compile(rf"^(?P<y>{_Y4})年(?P<m>{_N})月份?{DASH}(?P<y2>{_Y4})年(?P<m2>{_N})月份?$")
RE_QUARTER = re.compile(r"^(?:第(?P<q1>[一二三四1-4])季度?|(?P<q>[一二三四1-4])季度|(?P<first>首)季度?)(?P<x>末|底)?$")
RE_YTD_QUARTERS = re.compile(r"^[前首](?P<q>[两二三])季度?$|^前(?P<q2>[两二三])个季度$")  # (首三季: Macau's)
RE_QUARTER_RANGE = re.compile(rf"^(?P<a>[一二三四1-4]){DASH}(?P<b>[一二三四1-4])季度?$")  # (1-3季度, 一至三季度)
RE_HALF = re.compile(r"^(?P<h>上|下)半年度?(?P<x>末|底)?$")  # (上半年度: a report's half)
# the periods listed firms' reports cover
# (after a year, 2021年报 leaves 报 and 2021年度报告 报告)
REPORTS = {"年报": "", "报": "", "报告": "", "年度报告": "", "半年报": "上半年", "中报": "上半年",
           "半年度报告": "上半年", "一季报": "一季度", "三季报": "前三季度"}
RE_YEAR_END = re.compile(r"^(?:年)?(?:末|底)$|^年(?:末|底)$")
RE_YEAR_START = re.compile(r"^(?:年)?初$")
HOLIDAYS = {"国庆": ((10, 1), (10, 7))}  # fixed-date holidays only (春节 and the like follow the lunar calendar)
RE_HOLIDAY = re.compile(r"^(?P<h>国庆)(?:节)?(?:长假|黄金周|假期|小长假)?$")

Builder = Callable[[int], Period]


def _n(text: str) -> int:
    return int(numbers.value(text))


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _span(y: int, m1: int, m2: int) -> Period:
    """Months m1..m2 of year y, with the kind its dates make."""
    return canonical(date(y, m1, 1), _month_end(y, m2))


def canonical(start: date, end: date) -> Period:
    """The kind two dates make: one whole month, a calendar quarter or half, a whole year, whole years,
    a span from January to a month end (``ytd``), one day (``point``); None for any other span."""
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    if start == end:
        return Period("point", start, end)
    if not whole_months or end < start:
        return Period(None, start, end)
    if start.year != end.year:
        kind = "multi_year" if (start.month, end.month, end.day) == (1, 12, 31) else None
        return Period(kind, start, end)
    m1, m2 = start.month, end.month
    if m1 == m2:
        kind = "month"
    elif (m1, m2) == (1, 12):
        kind = "year"
    elif (m1, m2) in ((1, 6), (7, 12)):
        kind = "half"
    elif m2 - m1 == 2 and m1 % 3 == 1:
        kind = "quarter"
    elif m1 == 1:
        kind = "ytd"
    else:
        kind = None
    return Period(kind, start, end)


def _point(d: date) -> Period:
    return Period("point", d, d)


def _safe(build: Callable[[int], Period]) -> Builder:
    """A builder that gives no period instead of raising on an impossible date (2月30日)."""
    def run(y: int) -> Period:
        try:
            return build(y)
        except ValueError:
            return NONE
    return run


def _body(body: str) -> tuple[str, Builder] | None:
    """(kind, builder from a year) for a period body without its year: ``4月份``, ``一季度``, ``年末``."""
    if body in ("", "全年", "年度", "全年度", "年"):
        return "year", lambda y: canonical(date(y, 1, 1), date(y, 12, 31))
    if RE_YEAR_END.match(body):
        return "point", lambda y: _point(date(y, 12, 31))
    if RE_YEAR_START.match(body):
        return "point", lambda y: _point(date(y, 1, 1))
    if (report := REPORTS.get(body)) is not None:  # a listed firm's report names the period it covers (2021半年报)
        return _body(report)
    if m := RE_HALF.match(body):
        first = 1 if m["h"] == "上" else 7
        if m["x"]:
            return "point", lambda y: _point(_month_end(y, first + 5))
        return "half", lambda y: _span(y, first, first + 5)
    if m := RE_QUARTER.match(body):
        q = 1 if m["first"] else _n(m["q"] or m["q1"])
        if m["x"]:
            return "point", lambda y: _point(_month_end(y, 3 * q))
        return "quarter", lambda y: _span(y, 3 * q - 2, 3 * q)
    if m := RE_YTD_QUARTERS.match(body):
        q = _n(m["q"] or m["q2"])
        last = 3 * q
        return canonical(date(2001, 1, 1), _month_end(2001, last)).kind, lambda y: _span(y, 1, last)
    if m := RE_QUARTER_RANGE.match(body):
        a, b = _n(m["a"]), _n(m["b"])
        if a >= b:
            return None
        return canonical(date(2001, 3 * a - 2, 1), _month_end(2001, 3 * b)).kind, lambda y: _span(y, 3 * a - 2, 3 * b)
    if m := RE_FIRST_MONTHS.match(body):
        n = _n(m["n"])
        if not 1 <= n <= 12:
            return None
        return canonical(date(2001, 1, 1), _month_end(2001, n)).kind, lambda y: _span(y, 1, n)
    if m := RE_MONTH_RANGE.match(body):
        a, b = _n(m["a"]), _n(m["b"])
        if not 1 <= a <= b <= 12:
            return None
        return canonical(date(2001, a, 1), _month_end(2001, b)).kind, lambda y: _span(y, a, b)
    if m := RE_MONTH.match(body):
        mo = _n(m["m"])
        if not 1 <= mo <= 12:
            return None
        x = m["x"] or m["end"]
        if x in ("末", "底"):
            return "point", lambda y: _point(_month_end(y, mo))
        if x == "初":
            return None  # the first days of a month: no figure is stated for them
        if x:
            first = DECADE_FIRST[x]
            return None, lambda y: Period(None, date(y, mo, first),
                                          date(y, mo, first + 9) if first < 21 else _month_end(y, mo))
        return "month", lambda y: _span(y, mo, mo)
    if m := RE_DAY.match(body):
        mo, d = _n(m["m"]), _n(m["d"])
        return "point", _safe(lambda y: _point(date(y, mo, d)))
    if m := RE_MONTH_PART_RANGE.match(body):
        mo, mo2 = _n(m["m"]), _n(m["m2"])
        if not (1 <= mo <= 12 and 1 <= mo2 <= 12):
            return None
        part, part2 = (PART_DECADE.get(x, x) if x else None for x in (m["x"], m["x2"]))
        first = DECADE_FIRST[part]
        last = DECADE_FIRST[part2] + 9 if part2 in ("上旬", "中旬") else None  # (下旬, 底, a whole month: its end)
        return None, _safe(lambda y: Period(None, date(y, mo, first), date(y + (mo2 < mo), mo2, last) if last
                                            else _month_end(y + (mo2 < mo), mo2)))
    if m := RE_DAY_RANGE.match(body):
        mo, d = _n(m["m"]), _n(m["d"])
        mo2, d2 = (_n(m["m2"]) if m["m2"] else mo), _n(m["d2"])
        if (mo2, d2) <= (mo, d):
            return None
        return None, _safe(lambda y: canonical(date(y, mo, d), date(y, mo2, d2)))
    if m := RE_HOLIDAY.match(body):
        (m1, d1), (m2, d2) = HOLIDAYS[m["h"]]
        return None, lambda y: canonical(date(y, m1, d1), date(y, m2, d2))
    return None


def normalise(period: str) -> str:
    """Full-width forms folded, blanks and quotes dropped, the lead and tail words that do not change the
    dates removed (``截至``, ``期间``, ``时期``)."""
    text = RE_CLEAN.sub("", unicodedata.normalize("NFKC", period))
    text = RE_LEAD.sub("", text)
    return RE_TAIL.sub("", text)


def resolve(period: str | None, *, year: int | None = None, published: date | None = None,
            target: bool = False) -> Period:
    """The dated period of ``period`` (as written); ``year`` is the year in force in the document, if known;
    ``published`` its publication date; ``target`` whether the figure is a goal or forecast.

    >>> resolve("全年", published=date(2018, 2, 28)).start
    datetime.date(2017, 1, 1)
    >>> resolve("全年", published=date(2022, 3, 5), target=True).start
    datetime.date(2022, 1, 1)
    >>> resolve("上年同期", year=2019)
    Period(kind=None, start=None, end=None)
    """
    if not period:
        return NONE
    if (dated := RE_DATED_FORM.search(period)) is not None:
        # the extractor's form of a period it dated: 当月（4月）, 去年1-11月（2021年1-11月）, 截至6月底（2015年6月底）
        inner = resolve(dated.group(1), year=year, published=published, target=target)
        if inner != NONE:
            return inner
        period = period[:dated.start()]
    period = script.fold(period)  # (上週 is 上周)
    raw = unicodedata.normalize("NFKC", period)
    if RE_OPEN.search(RE_CLEAN.sub("", raw)):
        return NONE
    text = normalise(period)
    if not text:
        return NONE
    return _resolve(text, year, published, target)


def _resolve(text: str, year: int | None, published: date | None, target: bool) -> Period:
    # multi-year spans first: they carry their own years
    if m := RE_PLAN.match(text):
        k = _n("十" + m["n"]) if m["n"] else _n(m["m"])
        first = {1: 1953, 2: 1958}.get(k, 1966 + 5 * (k - 3))
        if m["end"] or m["end2"]:
            return _point(date(first + 4, 12, 31))
        return canonical(date(first, 1, 1), date(first + 4, 12, 31))
    if m := RE_YEAR_SPAN.match(text):
        a, b = _n(m["a"]), _n(m["b"])
        if not MIN_YEAR <= a <= b <= MAX_YEAR:
            return NONE
        return canonical(date(a, 1, 1), date(b, 12, 31))
    if m := RE_DATE_SPAN.match(text):
        try:
            start = date(_n(m["y"]), _n(m["m"]), _n(m["d"]))
            end = date(_n(m["y2"]), _n(m["m2"]), _n(m["d2"]))
        except ValueError:
            return NONE
        return canonical(start, end) if start < end else NONE
    if m := RE_MONTH_SPAN_YEARS.match(text):
        y, y2, m1, m2 = _n(m["y"]), _n(m["y2"]), _n(m["m"]), _n(m["m2"])
        if not (MIN_YEAR <= y <= y2 <= MAX_YEAR and 1 <= m1 <= 12 and 1 <= m2 <= 12) or (y, m1) >= (y2, m2):
            return NONE
        return canonical(date(y, m1, 1), _month_end(y2, m2))
    if m := RE_HORIZON.match(text):
        n = _n(m["n"])
        base = published.year if published else year
        if base is None or not 1 <= n <= 50:
            return Period("multi_year", None, None)
        first, last = (base + 1, base + n) if m["w"] in ("未来", "今后") else (base - n, base - 1)
        return canonical(date(first, 1, 1), date(last, 12, 31))
    # a year, absolute or relative, then the body
    y_abs: int | None = None
    rel: int | None = None  # 今年, 去年: relative to the publication; 当年, 全年: the year in force
    if m := RE_YEAR_ABS.match(text):
        y_abs = _n(m["y"])
        if not MIN_YEAR <= y_abs <= MAX_YEAR:
            return NONE
        text = text[m.end():]
    elif m := RE_YEAR_REL.match(text):
        rel = REL_OFFSET.get(m["w"])
        text = text[m.end():]
    parsed = _body(text)
    if parsed is None:
        return NONE
    kind, build = parsed
    if y_abs is not None:
        return build(y_abs)
    if rel is not None:
        # 今年, 去年 are relative to when the text was written: the year in force does not say that (a review
        # of 2014 written in 2015 calls 2014 去年)
        return build(published.year + rel) if published is not None else Period(kind, None, None)
    if year is not None:
        return build(year)
    if published is not None:
        return _by_publication(build, published, target)
    return Period(kind, None, None)


def _by_publication(build: Builder, published: date, target: bool) -> Period:
    """The occurrence of the period a document published on ``published`` means (see the module doc)."""
    found = [p for y in range(published.year - 2, published.year + 3) if (p := build(y)).end is not None]
    if target:
        ahead = [p for p in found if p.end >= published]
        return ahead[0] if ahead else NONE
    done = [p for p in found if p.end <= published + REPORTING_GRACE]
    return done[-1] if done else NONE


# --- frames ----------------------------------------------------------------------------------------
PERIOD_COLUMNS = {"period_kind": pl.String, "period_start": pl.Date, "period_end": pl.Date}


def dated(frame: pl.DataFrame, *, period: str = "period", published: str = "published_on",
          target: str = "is_target", year: str | None = None) -> pl.DataFrame:
    """``frame`` with ``period_kind``, ``period_start`` and ``period_end`` resolved for every row: each
    distinct (period, publication date, target, year) is resolved once, then joined back.

    >>> f = pl.DataFrame({"period": ["4月份", None], "published_on": [date(2017, 5, 15)] * 2,
    ...                   "is_target": [False, False]})
    >>> dated(f).get_column("period_start").to_list()
    [datetime.date(2017, 4, 1), None]
    """
    keys = [period, published, target] + ([year] if year else [])
    key_frame = frame.select(keys).unique()
    rows = []
    for rec in key_frame.iter_rows():
        p = resolve(rec[0], published=rec[1], target=bool(rec[2]), year=rec[3] if year else None)
        rows.append((*rec, p.kind, p.start, p.end))
    schema = {**key_frame.schema, **PERIOD_COLUMNS}
    resolved = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.drop([c for c in PERIOD_COLUMNS if c in frame.columns]).join(
        resolved, on=keys, how="left", nulls_equal=True, maintain_order="left")
