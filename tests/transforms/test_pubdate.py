"""Publication dates from a document's text and file name.

Cases: ``tests/cases/pubdate/texts.jsonl`` and ``file_names.jsonl`` (written for this project; schema in
the README there). The web-content dataset in ``../shared/real-inputs`` measures ``from_text`` on real
pages (skipped when absent).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts import eval_pubdate
from transforms import pubdate

CASES = Path(__file__).parents[1] / "cases" / "pubdate"
TEXTS = [json.loads(x) for x in (CASES / "texts.jsonl").read_text("utf-8").splitlines() if x.strip()]
NAMES = [json.loads(x) for x in (CASES / "file_names.jsonl").read_text("utf-8").splitlines() if x.strip()]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@pytest.mark.parametrize("case", TEXTS, ids=lambda c: (c.get("note") or c["text"])[:40])
def test_from_text(case):
    assert _iso(pubdate.from_text(case["text"])) == case["date"]


@pytest.mark.parametrize("case", NAMES, ids=lambda c: c["name"] or "empty")
def test_from_file_name(case):
    assert _iso(pubdate.from_file_name(case["name"])) == case["date"]


days = st.dates(date(1990, 1, 1), date(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}_{m:02d}_{d:02d}", "{y}{m:02d}{d:02d}",
                              "{y}.{m:02d}.{d:02d}", "{y}-{m}-{d}", "{y}年{m}月{d}日"]),
       st.sampled_from(["", "report_", "gdp-"]), st.sampled_from([".txt", "_final.pdf", " 公报.html"]))
def test_any_real_day_in_a_file_name_is_read(day, fmt, before, after):
    name = before + fmt.format(y=day.year, m=day.month, d=day.day) + after
    assert pubdate.from_file_name(name) == day


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789_-.abc", max_size=24))
def test_file_name_dates_are_real_and_in_bounds(name):
    found = pubdate.from_file_name(name)
    assert found is None or (pubdate.FILE_MIN_YEAR <= found.year <= pubdate.MAX_YEAR)


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(["发布时间：{iso} 09:30", "{iso} 20:04:17", "{y}年{m}月{d}日", "（{y}年{m}月{d}日）",
                              "日期：{y}年{m:02d}月{d:02d}日"]),
       st.sampled_from(["", "某市统计公报\n", "标题\n"]),
       st.sampled_from(["", "\n全年地区生产总值增长5.2%。", "\n2019年1月1日起，新规施行。"]))
def test_a_date_line_is_read(day, fmt, head, body):
    line = fmt.format(iso=day.isoformat(), y=day.year, m=day.month, d=day.day)
    assert pubdate.from_text(head + line + body) == day


# pieces of date lines, sentences and page furniture, in ASCII and full-width forms
PIECES = st.sampled_from([
    "2024", "２０２４", "二〇一三", "年", "5", "１２", "月", "10", "日", "号", "-", "/", ".", "－", "／", "\n", "\n\n",
    " ", "\u3000", "发布时间：", "来源：", "出生日期：", "至", "截止", "09:30", "１０：３０", "，", "。", "（", "）",
    "|", "全市", "新华社北京", "5月9日电", "2021年3月", "以来", "三月二十日", "建立于", "x" * 35, "月号", "《读书》"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_a_text_reads_as_its_nfkc_form(text):
    """Full-width digits and separators read as their ASCII forms (the reader folds the lines that can hold
    a date, not the whole text)."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text)
    assert pubdate.from_text(text) == pubdate.from_text(folded)
    assert pubdate.issue_month(text) == pubdate.issue_month(folded)


@pytest.mark.parametrize(("text", "day"), [
    ("标题\n2024年\n5月10日\n正文。", date(2024, 5, 10)),  # wrapped onto the next line
    ("标题\n发布时间：２０２４\n\n－０５－１０\n正文。", date(2024, 5, 10)),  # over a blank line, full-width
    ("标题\n" + "正文。" * 5000 + "\n（2013年3月20日）", date(2013, 3, 20)),  # at the foot of a long text
])
def test_a_date_line_anywhere_and_wrapped_is_read(text, day):
    assert pubdate.from_text(text) == day


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(["{y}年{m}月{d}日，全市召开会议。", "会议于{y}年{m}月{d}日上午开幕，",
                              "他出生于{y}年{m}月{d}日。", "报名时间为{y}年{m}月{d}日至{y}年12月31日。"]))
def test_a_date_inside_a_sentence_is_not_the_publication(day, fmt):
    assert pubdate.from_text("标题\n" + fmt.format(y=day.year, m=day.month, d=day.day)) is None


def test_choose_follows_the_order_of_trust():
    meta = date(2024, 5, 11)
    issue = "——《北京之春》1998年3月号"
    day = "（2024年5月10日）"
    assert pubdate.choose(metadata=meta, text=day, file_name="20240509.txt") == (meta, "metadata", "day")
    assert pubdate.choose(text="（2024年5月10日）", file_name="20240509.txt") == (date(2024, 5, 10), "text", "day")
    # a day the text states beats the month of the issue it names; the issue's month beats the file name
    assert pubdate.choose(text=f"（2024年5月10日）\n{issue}") == (date(2024, 5, 10), "text", "day")
    assert pubdate.choose(text=issue, file_name="20240509.txt") == (date(1998, 3, 1), "text", "month")
    assert pubdate.choose(metadata=meta, text=issue) == (meta, "metadata", "day")
    assert pubdate.choose(text="全年增长5%。", file_name="20240509.txt") == (date(2024, 5, 9), "file_name", "day")
    assert pubdate.choose(text="全年增长5%。", file_name="report.txt") == (None, None, None)
    assert pubdate.SOURCES == ("metadata", "text", "file_name")
    assert pubdate.PRECISIONS == ("day", "month")


@pytest.mark.parametrize(("text", "month"), [
    ("就走到了它的极点。(未完待续)□\n——《北京之春》1998年3月号", "1998-03"),  # a magazine article's foot
    ("比赛革命的革命\n《北京之春》1996年6月号\n正文第一段。", "1996-06"),  # under the title
    ("（原载《读书》2003年5月号）\n正文。", "2003-05"),
    ("——《读书》２００３年１２月号", "2003-12"),  # full-width digits
    ("《收获》一九九八年三月号", "1998-03"),  # Chinese numerals
    ("|《北京之春》1996年6月号|", "1996-06"),  # a layout table's one filled cell
    ("《北京之春》\n1996年6月号", "1996-06"),
    ("本刊1998年3月号刊登的文章，引起了广泛讨论。", None),  # another issue, named in a sentence
    ("会议定于2024年5月10号召开", None),  # a day (10号), not an issue
    ("2024年5月\n全市经济运行平稳。", None),  # a month alone is not an issue
    ("| 1998年3月号 | 犬儒病 | 1996年6月号 | 比赛革命的革命 |", None),  # a table of contents' rows
    ("《北京之春》1998年13月号", None),  # no such month
    ("很长的一行文字没有任何标点但是超过了一个日期行能带的字数上限所以不算作刊期的署名行而是正文内容1998年3月号", None),
])
def test_the_month_of_the_issue_a_text_names(text, month):
    found = pubdate.issue_month(text)
    assert (found.strftime("%Y-%m") if found else None) == month
    assert found is None or found.day == 1


@pytest.mark.skipif(not eval_pubdate.DATASET.exists(), reason="no ../shared/real-inputs/web-content-dataset")
def test_web_pages_that_show_their_date():
    """On the real pages: every page whose visible text shows its date gets it (a fit: the rules were
    written looking at these pages), and the hand-cleaned bodies give no wrong date."""
    ids = sorted(p.stem for p in (eval_pubdate.DATASET / "date").glob("*.txt"))
    right = wrong = shown = 0
    cleaned_wrong = 0
    for i in ids:
        want = eval_pubdate.gold(i)
        if want is None:
            continue
        page = eval_pubdate.page_text((eval_pubdate.DATASET / "original" / f"{i}.html").read_bytes())
        if not any(eval_pubdate.same(d, want) for _, d in pubdate.dates(page)):
            continue
        shown += 1
        found = pubdate.from_text(page)
        right += eval_pubdate.same(found, want)
        wrong += found is not None and not eval_pubdate.same(found, want)
        body = (eval_pubdate.DATASET / "cleaned" / f"{i}.txt").read_text("utf-8", errors="replace")
        got = pubdate.from_text(body)
        cleaned_wrong += got is not None and not eval_pubdate.same(got, want)
    assert shown >= 40
    assert right / shown >= 0.95 and wrong <= 1
    assert cleaned_wrong <= 1
