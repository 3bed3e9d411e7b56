"""Publication dates from a document's text and from its file name.

:func:`from_text` reads the date a document states about itself, not the dates it reports on: the first
date of the text that is labelled (``发布时间：2024-05-10``, ``发表于 2004年12月27日``), stamped with a clock
time (``2022-02-13 20:04:17``, a page's publication stamp) or stands on a line of its own
(``2024年5月10日``, ``（2013年3月20日）``, ``二〇一三年三月二十日`` under a communique, a paper's
``（2022年02月13日 02版）``, ``2005年08月16日　来源：新华网``). The first, because a page's stamp stands
under its title, before the comments and the links to other pages with stamps of their own. Without
one, a dateline in the first lines (``新华社北京5月9日电``, ``中新网8月10日电``, ``…5月9日消息``) with
the year of the text's other full dates. A date inside a sentence (``2020年11月18日上午，…``) is an
event, not the publication, and is never taken; neither is either end of a range
(``2003年11月1日至2003年11月30日``), a deadline (``截止2006年8月10日``) or the date of something else
(``建立于 2004年10月6日``, ``出生日期：…``, a cell of a table row).

:func:`issue_month` reads the issue of a periodical a text appeared in, when it names only a month
(``——《北京之春》1998年3月号`` at a magazine article's foot): the document's date is that month, and is kept
as the month's first day with the precision ``month``, never as an invented day.

:func:`from_file_name` reads ``2024-05-10_…``, ``2024_05_10``, ``20240510…`` (a real calendar date
between 1990 and 2099, not part of a longer number).

:func:`choose` applies the order of trust between sources: document metadata (HTML meta tags, PDF
info) over the text (a day, then an issue's month) over the file name.

>>> from_text("统计公报\\n（2013年3月20日）\\n全年国内生产总值增长7.7%。")
datetime.date(2013, 3, 20)
>>> from_text("新华社北京5月9日电 国家统计局2024年5月9日发布的数据显示……")
datetime.date(2024, 5, 9)
>>> from_file_name("2024-05-10_gdp.html"), from_file_name("20240510.txt"), from_file_name("123456789.txt")
(datetime.date(2024, 5, 10), datetime.date(2024, 5, 10), None)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from transforms import numbers

MIN_YEAR, MAX_YEAR = 1949, 2099  # dates in text
FILE_MIN_YEAR = 1990  # a file name's digits are more often ids: a narrower window
EDGE_LINES = 6  # a date line counts near the top or the foot of the text
MAX_LINE_EXTRA = 30  # a date "line of its own" may carry this many other characters (source, edition)

SOURCES = ("metadata", "text", "file_name")  # documents.published_on_source, most trusted first
PRECISIONS = ("day", "month")  # documents.published_on_precision: a month is kept as its first day

_CN = "〇零一二三四五六七八九十"
# a full date: 2024年5月10日, 2024-05-10, 2024/5/10, 2024.05.10, 二〇一三年三月二十日
RE_DATE = re.compile(
    rf"(?<![\d{_CN}])(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*(?:(?P<sep>[-/.])\s*(?P<m1>\d{{1,2}})\s*(?P=sep)\s*"
    rf"(?P<d1>\d{{1,2}})(?!\d)|年\s*(?P<m2>\d{{1,2}}|[{_CN}]{{1,2}})\s*月\s*(?P<d2>\d{{1,2}}|[{_CN}]{{1,3}})\s*[日号])"
)
RE_TIME_AFTER = re.compile(r"^\s*(?:[（(]?[^)）\n]{0,6}[)）]?\s*)?\d{1,2}[:：]\d{2}")
PUBLISHING = "发布|发表|更新|成文|印发|上传|公布|出版|刊发|编辑|录入|撰写|发稿|来源"
RE_LABEL_BEFORE = re.compile(
    rf"(?:(?:{PUBLISHING})(?:日期|时间)?|^\W*(?:日期|时间))[^\n]{{0,4}}[:：]?\s*$|(?:发表|发布|更新|写|成文|刊登)于\s*$"
)
# a date labelled as the date of something else: 出生日期, 报名时间, 出道日期
RE_OTHER_LABEL = re.compile(r"\w(?:日期|时间)\W{0,3}$")
RE_RANGE_AFTER = re.compile(r"^\s*(?:[-－—–~～至到]|起至)")
RE_RANGE_BEFORE = re.compile(r"(?:[-－—–~～至到]|起至|截止|截至)\s*$")
# a date of something else than the document: a blog's creation, a birth, a deadline
RE_OTHER_BEFORE = re.compile(r"(?:建立|注册|加入|出生|成立|开通|创建|生于|到期|有效期|开幕|举办|召开)[^\n]{0,3}$")
RE_DATELINE = re.compile(
    r"(?:电|讯|社|网|报|台|闻|客户端)[^\n，。,]{0,12}?(?<!\d)(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯|消息|报道)"
)
RE_MONTH_DATE = re.compile(
    rf"(?<![\d{_CN}])(?P<y>\d{{4}})\s*年\s*(?P<m>\d{{1,2}})\s*月(?:\s*(?P<d>\d{{1,2}})\s*[日号])?"
)
# the issue of a periodical: 1998年3月号, 一九九八年三月号 (not 3月10号, a day)
RE_ISSUE = re.compile(
    rf"(?<![\d{_CN}])(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,2}})\s*月号"
)
RE_FILE_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[-_.]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
RE_FILE_DATE_LOOSE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-_.年](?P<m>\d{1,2})[-_.月](?P<d>\d{1,2})日?(?!\d)")

def _int(text: str) -> int:
    return int(numbers.value(text))


def _make(y: int, m: int, d: int, *, low: int = MIN_YEAR) -> date | None:
    if not low <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def dates(text: str) -> Iterator[tuple[re.Match[str], date]]:
    """Every full date written in ``text`` (a real calendar day between 1949 and 2099), with its match."""
    for m in RE_DATE.finditer(text):
        mo, d = (m["m1"], m["d1"]) if m["sep"] else (m["m2"], m["d2"])
        try:
            day = _make(_int(m["y"]), _int(mo), _int(d))
        except (ValueError, KeyError):
            continue
        if day is not None:
            yield m, day


def from_text(text: str | None) -> date | None:
    """The date ``text`` was published, as the text itself states it; None when it states none.

    >>> from_text("发布时间：2024-05-10 09:30 来源：国家统计局")
    datetime.date(2024, 5, 10)
    >>> from_text("2020年11月18日上午，他走出了监狱。") is None
    True
    """
    if not text:
        return None
    for line, nxt in _year_lines(text):
        # with what follows: a date may wrap (``2024年\n5月10日``); only dates that start on the line count
        window = line + "\n" + nxt if nxt is not None else line
        for m, day in dates(window):
            if m.start() >= len(line):
                break
            before, after = line[:m.start()], line[m.end():]
            if RE_RANGE_AFTER.match(after) or RE_RANGE_BEFORE.search(before) or RE_OTHER_BEFORE.search(before):
                continue
            labelled = RE_LABEL_BEFORE.search(before)
            if not labelled and RE_OTHER_LABEL.search(before):
                continue
            # the first one wins: a page's stamp stands under its title, before the comments and the links to
            # other pages with their own stamps
            if labelled or RE_TIME_AFTER.match(after) or _stands_alone(line, m):
                return day
    return _dateline(text)


WRAP = 32  # characters of the next line a date wrapped onto it can take (``5月10日`` and spaces)
# four digits in a row (any script's, full-width too) or four Chinese numerals: where a full date's year can be
RE_YEARISH = re.compile(r"[\d〇零一二三四五六七八九]{4}")


def _year_lines(text: str, *, following: bool = True) -> Iterator[tuple[str, str | None]]:
    """The lines of ``text`` that can hold a full date, NFKC-normalised (full-width digits and separators
    folded), each with what follows it (blank lines, then :data:`WRAP` characters of the next line; None
    after the last line, and always None when not ``following``: a reader of one line at a time), in order.

    Only these lines are normalised: normalising a whole page cost more than the rest of :func:`from_text`
    (≈ 1 ms a 60 kB page), and a page's year-bearing lines are a few per cent of it (a long paragraph's
    more)."""
    done = -1  # where the last line given ends
    for m in RE_YEARISH.finditer(text):
        if m.start() <= done:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        # what follows: blank lines and the next line's first WRAP characters
        nxt = None if end == len(text) or not following else unicodedata.normalize(
            "NFKC", text[end + 1:RE_SPACE.match(text, end + 1).end() + WRAP])
        done = end
        yield unicodedata.normalize("NFKC", text[start:end]), nxt


RE_SPACE = re.compile(r"\s*")


RE_SENTENCE_WORDS = re.compile(r"[，,。；;！？]")


def _table_row(line: str) -> bool:
    """A row of a table with two cells or more (``| 2016年1月20日 | 金唱片奖 |``): a list of events, not a
    date line (a layout table's one filled cell, ``| 2004-12-10 阅读10544次 | |``, is one)."""
    return sum(1 for cell in line.split("|") if cell.strip()) >= 2 and line.count("|") >= 2


def _stands_alone(line: str, m: re.Match[str]) -> bool:
    """``m`` is a line of its own (perhaps with a source, an edition or a periodical's name): not inside a
    sentence, not a cell of a table's row, not more than :data:`MAX_LINE_EXTRA` other characters."""
    return (len(line.strip()) - len(m.group()) <= MAX_LINE_EXTRA and _own_line(line[:m.start()], line[m.end():])
            and not _table_row(line))


def _own_line(before: str, after: str) -> bool:
    """The date stands alone on its line, perhaps with a source or an edition, not inside a sentence."""
    rest = before + after
    return not RE_SENTENCE_WORDS.search(rest)


RE_LOOKBACK = re.compile(r"份?(?:以来|之前|以前|前|起|至今)")


def _dateline(text: str) -> date | None:
    """``新华社北京5月9日电``: month and day in the first lines, the year from the text's other full dates
    (the latest year whose dates fall on or before that day of the year; a month looked back to, 2020年8月以来,
    is none)."""
    head = unicodedata.normalize("NFKC", "\n".join(text.split("\n", EDGE_LINES)[:EDGE_LINES]))
    m = RE_DATELINE.search(head)
    if m is None:
        return None
    text = unicodedata.normalize("NFKC", text)  # the whole text only here: a dateline and no date line
    mo, d = int(m["m"]), int(m["d"])
    years = []
    for mm in RE_MONTH_DATE.finditer(text):
        if not mm["d"] and RE_LOOKBACK.match(text, mm.end()):
            continue  # 亦创2020年8月以来新高: a month the text looks back to says nothing of its own year
        y, m2 = int(mm["y"]), int(mm["m"])
        d2 = int(mm["d"]) if mm["d"] else 1
        if MIN_YEAR <= y <= MAX_YEAR and (m2, d2) <= (mo, d):
            years.append(y)
    if not years:
        return None
    return _make(max(years), mo, d)


def from_file_name(name: str | None) -> date | None:
    """A date in a file name (``2024-05-10_…``, ``2024_05_10``, ``20240510…``, ``2024年5月10日…``); None when
    there is none or it is not a calendar date between 1990 and 2099.

    >>> from_file_name("report_2019_02_30.pdf") is None
    True
    """
    if not name:
        return None
    base = unicodedata.normalize("NFKC", name.replace("\\", "/").rsplit("/", 1)[-1])
    for rx in (RE_FILE_DATE, RE_FILE_DATE_LOOSE):
        for m in rx.finditer(base):
            day = _make(int(m["y"]), int(m["m"]), int(m["d"]), low=FILE_MIN_YEAR)
            if day is not None:
                return day
    return None


def issue_month(text: str | None) -> date | None:
    """The first day of the month of the periodical issue ``text`` names as its own (``1998年3月号`` on a
    line of its own, as a magazine article's foot or head cites it: ``——《北京之春》1998年3月号``,
    ``（原载《读书》2003年5月号）``); None when it names none. An issue named inside a sentence
    (``本刊2003年5月号刊登的文章…``) is another text's.

    >>> issue_month("……就走到了它的极点。\\n——《北京之春》1998年3月号")
    datetime.date(1998, 3, 1)
    >>> issue_month("本刊1998年3月号刊登的文章，引起了讨论。") is None
    True
    """
    if not text or "号" not in text:  # no character's NFKC form holds 号 but its own: nothing to normalise
        return None
    for line, _ in _year_lines(text, following=False):
        for m in RE_ISSUE.finditer(line):
            if not _stands_alone(line, m):
                continue
            try:
                first = _make(_int(m["y"]), _int(m["m"]), 1)
            except (ValueError, KeyError):
                continue
            if first is not None:
                return first
    return None


class Published(NamedTuple):
    """A document's publication date, where it was read (:data:`SOURCES`) and how precise it is
    (:data:`PRECISIONS`); all None when no source gives one."""

    day: date | None
    source: str | None
    precision: str | None


def choose(*, metadata: date | None = None, text: str | None = None,
           file_name: str | None = None) -> Published:
    """The publication date by the order of trust: metadata, then the text (a day it states, then the month
    of the issue it names), then the file name.

    >>> choose(metadata=None, text="（2013年3月20日）", file_name="20240510.txt")
    Published(day=datetime.date(2013, 3, 20), source='text', precision='day')
    >>> choose(text="——《北京之春》1996年6月号", file_name="20240510.txt")
    Published(day=datetime.date(1996, 6, 1), source='text', precision='month')
    """
    if metadata is not None:
        return Published(metadata, "metadata", "day")
    found = from_text(text)
    if found is not None:
        return Published(found, "text", "day")
    found = issue_month(text)
    if found is not None:
        return Published(found, "text", "month")
    found = from_file_name(file_name)
    if found is not None:
        return Published(found, "file_name", "day")
    return Published(None, None, None)
