"""Parametrized in/out cases for ``transforms.extract``: one sentence in, the expected rows out.

Cases live in ``tests/cases/extract/sentences.jsonl`` (schema in ``tests/cases/README.md``). Each
expected row lists only the fields it pins down; a case with ``"expect": []`` is a negative (dates,
years, plan names, ordinals, numbers inside names) and must give no row at all.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import extract
from transforms.extract import scan

CASES_FILE = Path(__file__).parents[1] / "cases" / "extract" / "sentences.jsonl"
KNOWN_FAILURES_FILE = CASES_FILE.with_name("known_failures.jsonl")
CASES = [json.loads(line) for line in CASES_FILE.read_text("utf-8").splitlines() if line.strip()]
KNOWN_FAILURES = [json.loads(line) for line in KNOWN_FAILURES_FILE.read_text("utf-8").splitlines() if line.strip()]


def sentences_frame(texts: list[str], *, title: str | None = None, paragraphs: list[int] | None = None):
    n = len(texts)
    return pl.DataFrame({
        "doc_id": ["d"] * n, "source": ["case.txt"] * n, "article_index": [0] * n,
        "article_title": [title] * n, "kind": ["article"] * n,
        "paragraph_index": paragraphs or list(range(n)), "sentence_index": list(range(n)), "text": texts,
    }, schema={"doc_id": pl.String, "source": pl.String, "article_index": pl.Int32,
               "article_title": pl.String, "kind": pl.String, "paragraph_index": pl.Int32,
               "sentence_index": pl.Int32, "text": pl.String})


def same(got, want) -> bool:
    if isinstance(want, float | int) and not isinstance(want, bool) and got is not None:
        return math.isclose(float(got), float(want), rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(want, str) and isinstance(got, str) and want in ("metric",):
        return True
    return got == want


def check(rows: list[dict], expect: list[dict]) -> list[str]:
    problems = []
    if len(rows) != len(expect):
        problems.append(f"{len(rows)} rows, expected {len(expect)}: "
                        + "; ".join(f"{r['value']}{r['unit']}" for r in rows))
        return problems
    for i, (row, want) in enumerate(zip(rows, expect, strict=True)):
        for key, val in want.items():
            if key == "period" and val is not None:
                ok = row["period"] is not None and val in row["period"]  # as precise as the text allows
            elif key == "metric" and val is not None:
                ok = row["metric"] is not None and len(set(val) & set(row["metric"])) / len(set(val)) >= 0.5
            elif key == "metric_exact":  # the phrase itself, where overlap would pass a fragment (由30%提至)
                ok = row["metric"] == val
            else:
                ok = same(row[key], val)
            if not ok:
                problems.append(f"row {i} {key}={row[key.removesuffix('_exact')]!r}, expected {val!r}")
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence_case(case):
    rows = extract.indicators(sentences_frame([case["text"]])).to_dicts()
    problems = check(rows, case["expect"])
    assert not problems, f"{case['text']}\n" + "\n".join(problems)


@pytest.mark.parametrize("case", KNOWN_FAILURES, ids=[c["id"] for c in KNOWN_FAILURES])
def test_known_failure(case, request):
    """Cases the extractor still gets wrong: strict xfail, so a fix shows up and the case moves over."""
    request.applymarker(pytest.mark.xfail(reason=case["xfail"], strict=True))
    rows = extract.indicators(sentences_frame([case["text"]])).to_dicts()
    assert not check(rows, case["expect"])


def test_cases_are_many_and_cover_negatives():
    assert len(CASES) >= 150
    # a row pinning its value pins its unit: the eval script scores such cases as gold rows by both
    assert [c["id"] for c in CASES if any("value" in e and "unit" not in e for e in c["expect"])] == []
    assert sum(1 for c in CASES if not c["expect"]) >= 20


def test_output_schema_and_spans():
    text = "上半年，全市地区生产总值增长5.8%，新增企业1200家。"
    out = extract.indicators(sentences_frame([text]))
    assert dict(out.schema) == extract.INDICATOR_SCHEMA
    for row in out.to_dicts():
        mention = text[row["span_start"]:row["span_end"]]
        assert mention.startswith(f"{row['value']:g}") and row["unit"] in mention
        assert row["extractor_version"] == extract.EXTRACTOR_VERSION


def test_ids_are_stable_and_distinct():
    frame = sentences_frame(["新增企业1200家，同比增长5%。"])
    a, b = extract.indicators(frame), extract.indicators(frame)
    assert a["indicator_id"].to_list() == b["indicator_id"].to_list()
    assert a["indicator_id"].n_unique() == a.height == 2


def test_empty_input_gives_empty_frame():
    out = extract.indicators(sentences_frame([]))
    assert out.height == 0 and dict(out.schema) == extract.INDICATOR_SCHEMA


# --- context carried through an article ---------------------------------------------------------

def test_period_and_region_carry_through_sections():
    texts = ["一、工业生产", "1-4月份，重庆市规模以上工业增加值增长6.8%。", "其中，汽车产业增长12.1%。",
             "二、消费市场", "社会消费品零售总额5200亿元。"]
    rows = extract.indicators(sentences_frame(texts)).to_dicts()
    assert [(r["value"], r["period"], r["region"]) for r in rows] == [
        (6.8, "1-4月份", "重庆市"), (12.1, "1-4月份", "重庆市"), (5200, "1-4月份", "重庆市")]


def test_title_period_holds_where_the_body_states_none():
    rows = extract.indicators(sentences_frame(
        ["全市粮食产量1200万吨。", "一季度，规模以上工业增加值增长6%。", "全市进出口总额800亿元。"],
        title="重庆市2024年前三季度经济运行情况")).to_dicts()
    # the headline's year is the year in force: the body's 一季度 is 2024's
    assert [r["period"] for r in rows] == ["2024年前三季度", "2024年一季度", "2024年一季度"]


def test_region_from_title_then_narrower_region():
    rows = extract.indicators(sentences_frame(
        ["全市新增市场主体5.2万户。", "在渝北区，软件企业超过3300家。", "这里是重庆市首批示范楼宇，集聚企业500多家。"],
        title="重庆数字经济发展观察", paragraphs=[0, 1, 1])).to_dicts()
    assert [r["region"] for r in rows] == ["重庆", "渝北区", "渝北区"]


def test_national_article():
    rows = extract.indicators(sentences_frame(
        ["据国家统计局统计，7月份社会消费品零售总额3.6万亿元。", "汽车类零售额增长6%。"],
        title="7月份消费市场保持恢复")).to_dicts()
    assert {r["region"] for r in rows} == {"全国"}
    assert [r["period"] for r in rows] == ["7月份", "7月份"]


def test_target_list_after_colon():
    texts = ["到2027年，主要目标是：", "——地区生产总值达到3万亿元；", "——研发投入强度超过3%。", "一、上半年运行情况",
             "上半年，地区生产总值增长5%。"]
    rows = extract.indicators(sentences_frame(texts, title="浙江省发展规划")).to_dicts()
    assert [(r["value"], r["is_target"], r["period"]) for r in rows] == [
        (3, True, "2027"), (3, True, "2027"), (5, False, "上半年")]


def test_target_carries_over_semicolon_only():
    texts = ["到2025年，全市新建5G基站2万个；", "推动3000家企业上云。", "目前已建成基站8000个。"]
    rows = extract.indicators(sentences_frame(texts, paragraphs=[0, 0, 0])).to_dicts()
    assert [r["is_target"] for r in rows] == [True, True, False]


def test_title_figures_are_rows():
    rows = extract.indicators(sentences_frame(["全市粗钢产量创新高。"], title="粗钢日产量首次突破200万吨")).to_dicts()
    assert [(r["value"], r["unit"], r["sentence_index"]) for r in rows] == [(200, "万吨", -1)]


def test_credit_rows_are_skipped():
    frame = sentences_frame(["记者 张三 摄 图为园区航拍 共3张"]).with_columns(pl.lit("credit").alias("kind"))
    assert extract.indicators(frame).height == 0


def test_government_body_does_not_override_narrower_region():
    rows = extract.indicators(sentences_frame(
        ["截至2023年底，雄安新区累计完成投资6500多亿元。", "河北省发改委负责人介绍，新区计划实施重点项目220个。"],
        title="雄安新区建设持续推进")).to_dicts()
    assert [r["region"] for r in rows] == ["雄安新区", "雄安新区"]
    assert [r["is_target"] for r in rows] == [False, True]


def test_government_body_speaks_for_its_zone():
    rows = extract.indicators(sentences_frame(
        ["重庆全年新增企业1.2万家。", "重庆高新区科技创新局负责人介绍，当地已集聚了28所高校。"],
        title="重庆创新观察", paragraphs=[0, 1])).to_dicts()
    assert [r["region"] for r in rows] == ["重庆", "重庆高新区"]


@pytest.mark.parametrize(("sentence", "metric"), [
    ("四川省实现地区生产总值29463.1亿元。", "地区生产总值"),
    ("全年累计完成固定资产投资1200亿元。", "固定资产投资"),
    ("成都、绵阳、宜宾地区生产总值分别增长5.9%、6.3%和7.1%。", "成都、绵阳、宜宾地区生产总值"),
    ("涪陵区规模以上工业增加值增长6.4%。", "规模以上工业增加值"),
    ("2020年和2021年净利分别为13亿元和14亿元。", "净利"),  # periods listed before the subject
    ("然而2020年上半年和2021年上半年净利分别为13.66亿元和14.55亿元。", "净利"),
])
def test_metric_starts_at_a_word_after_places_and_opening_verbs(sentence, metric):
    rows = extract.indicators(sentences_frame([sentence])).to_dicts()
    assert {r["metric"] for r in rows} == {metric}


CLAUSE_TEXT = st.text(alphabet=st.sampled_from(list("增长6.4%，,。；;：:！？!?（）()“”「」重庆\n ")), max_size=40)


@given(CLAUSE_TEXT, st.integers(0, 40))
def test_clause_start_is_just_after_the_last_clause_break_outside_an_aside(text, pos):
    pos = min(pos, len(text))
    start = scan.clause_start(text, pos)
    breaks = [i + 1 for i in range(pos) if scan.RE_CLAUSE_BREAK.match(text[i])]
    assert start == 0 or start in breaks
    # what lies between is one clause once its bracketed asides are taken out
    assert not scan.RE_CLAUSE_BREAK.search(re.sub(r"[（(][^（）()，,。；;]{0,30}[）)]", "", text[start:pos]))


@pytest.mark.parametrize(("text", "clause"), [
    ("1-8月，邮政行业业务收入（不包括邮政储蓄银行直接营业收入）累计完成6796.8亿元", "邮政行业业务收入"),
    ("比全国（3.8%）高0.5个百分点", "比全国"),
    ("收入增长（同比）（可比口径）5%", "收入增长"),
    ("增长5%（比上年），增速", "增速"),  # (a break after the aside still ends the clause)
    ("莱克电气绿能科技（苏州）有限公司由莱克电气投资15亿元", "有限公司"),  # (a bracket in a firm's name)
    ("（一）投资情况", "投资情况"),  # (a list number is no aside of the clause it opens)
])
def test_clause_start_reads_across_bracketed_asides(text, clause):
    assert text[scan.clause_start(text, len(text)):].startswith(clause)


@given(st.text(alphabet=st.sampled_from(list("百分之一二两十千万亿点五零〇3.4,000-−－%个元增长第（）")), max_size=40))
def test_numbers_are_the_number_patterns_matches(text):
    """The jump from one possible start to the next finds exactly what scanning every position finds."""
    assert [m.span() for m in scan._numbers(text)] == [m.span() for m in scan.RE_NUMBER.finditer(text)]


POSITIVE = st.one_of(st.integers(0, 99999).map(str),
                     st.tuples(st.integers(0, 9999), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}"))
RANGE_DASHES = st.sampled_from(["-", "－", "—", "–", "~", "～", "至", "到", "−", "--", "——"])
RANGE_UNITS = st.sampled_from(["岁", "%", "％", "万元", "亿元", "平方公里", "万人", "个", "公斤", "分钟", "个百分点",
                               "万吨"])


@settings(deadline=None)  # the first example loads jieba (metrics are cut at word boundaries)
@given(st.sampled_from(["", "约", "新建", "增长", "（", "为", "建设", "受访儿童（", "每年"]), POSITIVE, RANGE_DASHES,
       POSITIVE, RANGE_UNITS, st.booleans(), st.sampled_from(["", "。", "的启动区。", "）之间"]))
def test_a_range_of_positive_numbers_never_yields_a_negative_value(lead, a, dash, b, unit, both, tail):
    """13-15岁, 20－30平方公里, 10万元-20万元: whatever the dash, both ends are the positive numbers written."""
    text = f"{lead}{a}{unit if both else ''}{dash}{b}{unit}{tail}"
    rows = extract.quantities(text)
    assert all(q.value >= 0 and q.value_norm >= 0 for q in rows), [(q.value, q.unit) for q in rows]
    assert float(b) in [q.value for q in rows]
