"""Tests of transforms.clean: in/out tables per step, golden cases, properties, generated pages, the seed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import clean_bench
from tests import pagegen
from transforms import clean

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases" / "clean"
SEED = ROOT / "seeds" / "000_1e7ae3f02ce5cf70.txt"
RE_DIGITS = re.compile(r"\d")


def _cases(name: str) -> list:
    return [pytest.param(c["input"], c["output"], id=c["label"]) for c in json.loads((CASES / name).read_text())]


# ----------------------------------------------------------------------------- step tables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("⋯⋯", "……"),
        ("２０２３年ＧＤＰ", "2023年GDP"),
        ("６．４％", "6．4％"),  # symbols keep their width: sources quote them as written
        ("甲\u3000乙\u00a0丙", "甲 乙 丙"),
        ("\ufeff标题", "标题"),
        ("1\u00ad\u00ad—4月平均", "1—4月平均"),  # a web page's soft hyphens
        ("居民\u200b消费价格", "居民消费价格"),  # a zero-width space
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert clean.normalize(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("装 备 制 造 等 领 域", "装备制造等领域"),
        ("涪陵区上半年 6.4%", "涪陵区上半年6.4%"),
        ("巴南腾龙 5G 公园", "巴南腾龙5G公园"),
        ("共 80 个 ，总 数", "共80个，总数"),
        ("Smart  Car 问界", "Smart Car问界"),
        ("2023 2024", "2023 2024"),
        # thousands set apart by a blank, as standard print does: one number (not a table's columns)
        ("粮食总产量4 225万吨", "粮食总产量4225万吨"),
        ("家禽 16 693.3 万只", "家禽16693.3万只"),
        ("面积1 098.8万公顷，增长1.5%", "面积1098.8万公顷，增长1.5%"),
        ("5 100 200", "5 100 200"),
        ("12.5 300亩", "12.5 300亩"),
        ("“ 科 学 重 器 ”结 硕 果", "“科学重器”结硕果"),
        ("  ", ""),
    ],
)
def test_despace(line: str, expected: str) -> None:
    assert clean.despace(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("图为重庆联合微图为重庆联合微", "图为重庆联合微"),
        ("试线试线，，研发人员正在研发人员正在", "试线，研发人员正在"),
        ("操作设备操作设备。。", "操作设备。"),
        ("郭贝贝郭贝贝", "郭贝贝"),
        ("一台台机器人", "一台台机器人"),
        ("研究研究", "研究研究"),
        ("谢谢谢谢", "谢谢谢谢"),  # too short to tell from real speech
        ("50.50", "50.50"),
        ("万万没想到万万没想到了", "万万没想到万万没想到了"),
        ("哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈"),
        ("经济。经济。0。0。", "经济。经济。0。0。"),  # sentences said twice, not bold runs
        ("0。万0。万0。0。", "0。万0。万0。0。"),  # (a run across a sentence's end: said twice too)
    ],
)
def test_undouble(line: str, expected: str) -> None:
    assert clean.undouble(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("□ 本报记者 吴陆牧 产业协同发展是基础", ["□ 本报记者 吴陆牧", "产业协同发展是基础"]),
        ("本报记者 吴陆牧 郭贝贝 数字经济引领", ["本报记者 吴陆牧 郭贝贝", "数字经济引领"]),
        ("本报记者 杨阳腾", ["本报记者 杨阳腾"]),
        ("记者从自治区林业厅了解到", ["记者从自治区林业厅了解到"]),
        ("本 报 记 者 杨 阳 腾", ["本 报 记 者 杨 阳 腾"]),
    ],
)
def test_split_byline(line: str, expected: list[str]) -> None:
    assert clean.split_byline(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("重庆", 2.0),
        ("GDP", 1.5),
        ("增长5.2%", 4.0),  # ASCII digits, point and percent sign half width
        ("６．４％", 4.0),  # full-width forms are wide
        ("“数字重庆”", 6.0),  # Chinese quotes are set full width
        ("造·智慧", 4.0),
        ("iPhone 15", 4.5),
        ("", 0.0),
    ],
)
def test_width(line: str, expected: float) -> None:
    assert clean.width(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("高质量发展注入新动能。", True),
        ("比重达到74.2%。”", True),
        ("深圳光明科学城汇聚24个重大科技创新载体——", True),
        ("图为行驶在京杭大运河江苏淮安段的货船。 赵启瑞摄（中经视觉）", True),
        ("图为深圳光明科学城启动区。（资料图片）", True),
        ("赋能传统制造", False),
        ("潼南区发展动力电池（材料）、", False),
        ("重庆的目标是：", False),
        ("即:1.70元/立方米。(覆盖80%居民家庭用户的月均用气量)", True),  # (a note in brackets after the full stop)
    ],
)
def test_is_terminal(line: str, expected: bool) -> None:
    assert clean.is_terminal(line) is expected


# ----------------------------------------------------------------------------- golden cases


@pytest.mark.parametrize(("text", "expected"), _cases("doubled.json") + _cases("normalize.json"))
def test_golden(text: str, expected: str) -> None:
    assert clean.page(text) == expected


@pytest.mark.parametrize(("text", "expected"), _cases("layout.json"))
def test_golden_layout(text: str, expected: str) -> None:
    assert clean.page(text) == expected


@pytest.mark.parametrize(("text", "expected"), _cases("negative.json"))
def test_negative_cases_come_through(text: str, expected: str) -> None:
    assert clean.page(text) == expected


@pytest.mark.xfail(strict=True, reason="known failure, see tests/cases/README.md")
@pytest.mark.parametrize(("text", "expected"), _cases("known_failures.json"))
def test_known_failures(text: str, expected: str) -> None:
    assert clean.page(text) == expected


# ----------------------------------------------------------------------------- properties

HAN = st.sampled_from(list("经济发展产业数字制造企业创新平台重庆增长台研究看谢万哈"))
PUNCT = st.sampled_from(list("，。、；：“”（）《》…—%"))
ASCII = st.sampled_from(list("0123456789.AGI"))
RAW = st.lists(
    st.one_of(HAN, HAN, HAN, PUNCT, ASCII, st.sampled_from([" ", "\n", "\n\n", "\r\n", "⋯", "□"])),
    max_size=300,
).map("".join)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(RAW)
def test_idempotent(text: str) -> None:
    once = clean.page(text)
    assert clean.page(once) == once


@SETTINGS
@given(st.integers(0, 10_000))
def test_idempotent_on_generated_pages(seed: int) -> None:
    once = clean.page(pagegen.page(seed)[0])
    assert clean.page(once) == once


@SETTINGS
@given(RAW)
def test_no_digit_created_or_lost(text: str) -> None:
    """Digits change only when a doubled line gives one copy back."""
    lines = clean.normalize(text).split("\n")
    expected = "".join(
        "".join(RE_DIGITS.findall(clean.undouble(part))) for ln in lines for part in clean.split_byline(ln)
    )
    assert "".join(RE_DIGITS.findall(clean.page(text))) == expected


@SETTINGS
@given(st.text(alphabet=st.one_of(HAN, ASCII, PUNCT), min_size=3, max_size=60).map(lambda s: s + s))
def test_undouble_halves_digits(run: str) -> None:
    doubled = pagegen.double(run)
    if clean.undouble(doubled) != doubled:
        assert len(RE_DIGITS.findall(clean.undouble(doubled))) * 2 == len(RE_DIGITS.findall(doubled))


SENTENCE = st.builds(
    lambda body, end: body + end,
    st.text(alphabet=st.one_of(HAN, HAN, st.sampled_from(list("，、0123456789%“”"))), min_size=1, max_size=40)
    .map(lambda s: s.strip("，、") or "经济"),
    st.sampled_from(["。", "！", "？", "；"]),
)
CLEAN_TEXT = st.lists(st.lists(SENTENCE, min_size=1, max_size=4).map("".join), min_size=1, max_size=8).map(
    "\n".join
)


@SETTINGS
@given(CLEAN_TEXT)
def test_text_without_artefacts_is_unchanged(text: str) -> None:
    assert clean.page(text) == text


# ----------------------------------------------------------------------------- generated pages


# Pages whose layout the cleaner still misreads (full last lines, credits wrapped after `（`).
ROUND_TRIP_FAILURES: set[int] = set()


@pytest.mark.parametrize(
    "seed",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason="known layout misread"))
        if s in ROUND_TRIP_FAILURES
        else s
        for s in range(60)
    ],
)
def test_generated_page_round_trip(seed: int) -> None:
    """The cleaner gives the laid-out paragraphs back: under 1 % character errors, 3/4 of the breaks."""
    raw, expected = pagegen.page(seed)
    got = clean.page(raw).split("\n")
    assert clean_bench.char_errors("\n".join(expected), "\n".join(got)) <= 0.01 * len("\n".join(expected))
    tp, _, gold = clean_bench.boundary_f1(expected, got)
    assert tp >= 0.75 * gold


def test_benchmark_targets() -> None:
    m = clean_bench.run(60, 1000)
    assert m["cer"] <= 0.005
    assert m["f1"] >= 0.90


# ----------------------------------------------------------------------------- layout families

NEW_FAMILIES = [f for f in pagegen.FAMILIES if f != "classic"]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_family_page_round_trip(family: str, seed: int) -> None:
    """Every layout family gives its paragraphs back: under 1 % character errors, 3/4 of the starts."""
    page = pagegen.laid(seed, family)
    got = clean.page(page.raw).split("\n")
    assert clean_bench.char_errors("\n".join(page.paragraphs), "\n".join(got)) <= 0.01 * len("\n".join(page.paragraphs))
    tp, _, gold = clean_bench.start_f1(page.paragraphs, got)
    assert tp >= 0.75 * gold


@pytest.mark.parametrize("family", pagegen.FAMILIES)
def test_family_benchmark(family: str) -> None:
    """A regression guard on 60 pages a family (seeds the rules were not looked at on); the targets
    (CER <= 0.2 %, paragraph-start F1 >= 0.95, titles >= 0.95) hold on 500 pages a family, see
    docs/cleaning.md, but 60 pages vary by about 0.02 either way."""
    m = clean_bench.run_family(family, 60, 20000)
    assert m["cer"] <= 0.0025
    assert m["start_f1"] >= 0.93
    assert m["titles"] >= 0.92


@SETTINGS
@given(st.integers(0, 100_000), st.sampled_from(pagegen.FAMILIES))
def test_idempotent_on_family_pages(seed: int, family: str) -> None:
    once = clean.page(pagegen.laid(seed, family).raw)
    assert clean.page(once) == once


@SETTINGS
@given(st.integers(0, 100_000), st.sampled_from(NEW_FAMILIES))
def test_no_text_lost_on_family_pages(seed: int, family: str) -> None:
    """Reading a page only joins lines and drops the spaces layout put in: every other character stays."""
    page = pagegen.laid(seed, family)
    kept = "".join(clean.page(page.raw).split())
    assert sorted(kept) == sorted("".join(clean.normalize(page.raw).split()))


# ----------------------------------------------------------------------------- the seed page


@pytest.fixture(scope="module")
def seed_paragraphs() -> list[str]:
    return clean.page(SEED.read_text("utf-8")).split("\n")


def test_seed_subheads_stand_alone(seed_paragraphs: list[str]) -> None:
    for sub in ("赋能传统制造", "壮大产业集群", "做优数字生态"):
        assert sub in seed_paragraphs
    assert not any("赋能传统制造1000多台" in p for p in seed_paragraphs)


def test_seed_no_doubled_or_spaced_text(seed_paragraphs: list[str]) -> None:
    text = "\n".join(seed_paragraphs)
    for bad in ("资料图片资料图片", "。。", "电子电子", " 6.4%", "装 备", "⋯"):
        assert bad not in text
    assert "图为重庆联合微电子8寸特色工艺中试线，研发人员正在操作设备。（资料图片）" in seed_paragraphs
    assert "一台台机器人" in text


def test_seed_byline_split_from_headline(seed_paragraphs: list[str]) -> None:
    assert "□本报记者吴陆牧" in seed_paragraphs
    assert "产业协同发展是基础" in seed_paragraphs
    assert "郭贝贝" in seed_paragraphs


def test_seed_digits_kept() -> None:
    raw = SEED.read_text("utf-8")
    cleaned = clean.page(raw)
    # only the doubled caption line `电子电子 88 寸…` loses a copy of a digit
    assert len(RE_DIGITS.findall(raw)) - len(RE_DIGITS.findall(cleaned)) == 1


def test_one_paragraph_per_line_documents_keep_their_lines() -> None:
    text = "标题一句话\n" + "\n".join("这是很长的一段正文，" * 8 + "结束。" for _ in range(6))
    assert clean.page(text) == text


def test_linear_time_on_a_large_page() -> None:
    raw = "".join(pagegen.page(s)[0] for s in range(40)) * 5  # about 1 MB of page text
    clean.page(raw)


@pytest.mark.parametrize("blank_lines", [False, True])
def test_indentation_the_extraction_kept_marks_the_paragraph_starts(blank_lines: bool) -> None:
    """Paragraphs indented with spaces the extraction kept: a first line that ends a sentence goes on
    with the unindented line under it (by widths alone it reads as a short line after a sentence's end),
    and a dateline's credit wrapped onto a line of its own (``通讯员 赵波磊）…``) is no byline."""
    raw = [
        "上半年全市经济稳中有进", "",
        "    上半年全市经济运行稳中有进总体平稳。", "工业增加值同比增长百分之六点五，新能源汽",
        "车产量大幅提高。", "    消费市场持续回暖，社会消费品零售总额",
        "增长较快，网上零售额增长百分之十二，服务", "消费需求持续释放。",
        "    固定资产投资增长百分之四，其中工业投", "资增长百分之九，基础设施投资增长百分之七，",
        "民间投资有所回升。", "    本报北京3月5日电（记者 王明 李华",
        "通讯员 赵波磊）全市将继续落实各项稳增长", "政策措施，确保完成全年目标任务。",
    ]
    if blank_lines:  # a blank line before each paragraph too
        raw = [x for line in raw for x in (["", line] if line.startswith("    ") else [line])]
    assert clean.page("\n".join(raw)).split("\n") == [
        "上半年全市经济稳中有进",
        "上半年全市经济运行稳中有进总体平稳。工业增加值同比增长百分之六点五，新能源汽车产量大幅提高。",
        "消费市场持续回暖，社会消费品零售总额增长较快，网上零售额增长百分之十二，服务消费需求持续释放。",
        "固定资产投资增长百分之四，其中工业投资增长百分之九，基础设施投资增长百分之七，民间投资有所回升。",
        "本报北京3月5日电（记者王明李华通讯员赵波磊）全市将继续落实各项稳增长政策措施，确保完成全年目标任务。",
    ]
