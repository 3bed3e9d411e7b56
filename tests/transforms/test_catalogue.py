"""The metric catalogue: its file, and the matcher from metric phrases to ids.

Cases live in ``tests/cases/catalogue/`` (schema in its README): ``phrases.jsonl`` written for this
project, ``dev_phrases.jsonl`` the expected ids of the gold metric phrases of the dev documents and the
seed (read from ``../shared/eval``; those tests skip when it is absent).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts import eval_catalogue
from tests.conftest import SHARED_EVAL
from transforms import catalogue

CASES = Path(__file__).parents[1] / "cases" / "catalogue"
OWN = [json.loads(x) for x in (CASES / "phrases.jsonl").read_text("utf-8").splitlines() if x.strip()]
DEV = [json.loads(x) for x in (CASES / "dev_phrases.jsonl").read_text("utf-8").splitlines() if x.strip()]
needs_gold = pytest.mark.skipif(not (SHARED_EVAL / "dev").exists(), reason="no ../shared/eval")

# CONTRACT.md: ids that must exist, with the names and aliases it gives them
CONTRACT = {
    "gdp": ["国内生产总值", "地区生产总值", "生产总值", "GDP"],
    "industrial_value_added": ["规模以上工业增加值", "规上工业增加值"],
    "industrial_profits": ["规模以上工业企业利润总额"],
    "retail_sales": ["社会消费品零售总额"],
    "fixed_asset_investment": ["固定资产投资"],
    "trade_total": ["进出口总额", "进出口总值", "货物贸易进出口总值"],
    "exports": ["出口"],
    "imports": ["进口"],
    "cpi": ["居民消费价格", "CPI"],
    "ppi": ["工业生产者出厂价格", "PPI"],
    "budget_revenue": ["一般公共预算收入", "公共财政预算收入"],
    "urban_disposable_income": ["城镇居民人均可支配收入"],
    "rural_disposable_income": ["农村居民人均可支配收入"],
    "value_added_primary": ["第一产业增加值"],
    "value_added_secondary": ["第二产业增加值"],
    "value_added_tertiary": ["第三产业增加值"],
}


def _got(phrase: str) -> tuple[str | None, bool]:
    m = catalogue.match(phrase)
    return (m.id, m.share) if m else (None, False)


def _case(case: dict):
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(case, id=case["phrase"] or "empty", marks=marks)


@pytest.mark.parametrize("case", [_case(c) for c in OWN])
def test_own_phrase(case):
    assert _got(case["phrase"]) == (case["id"], bool(case.get("share")))


@pytest.mark.parametrize("case", [_case(c) for c in DEV])
def test_dev_phrase(case):
    assert _got(case["phrase"]) == (case["id"], bool(case.get("share")))


@needs_gold
def test_dev_table_covers_every_gold_phrase_in_scope():
    """A gold phrase that contains an alias (or that the matcher maps) has its expected id in the table."""
    cat = catalogue.load()
    listed = {c["phrase"] for c in DEV}
    missing = [p for p in eval_catalogue.gold_phrases()
               if p not in listed and (catalogue.match(p) or any(a in catalogue.normalise(p) for a in cat.by_alias))]
    assert not missing, missing


@needs_gold
def test_dev_accuracy_by_row_at_least_095():
    rows = eval_catalogue.gold_phrases()
    s = eval_catalogue.score([c for c in DEV if rows[c["phrase"]]], rows)
    assert s["n"] > 200
    assert s["accuracy"] >= 0.95, s["errors"]
    assert s["wrong_ids"] == 0, s["errors"]


@pytest.mark.parametrize("metric_id", sorted(CONTRACT))
def test_contract_ids_and_aliases(metric_id):
    cat = catalogue.load()
    assert metric_id in cat
    for alias in CONTRACT[metric_id]:
        assert catalogue.resolve(alias) == metric_id
        assert _got(alias) == (metric_id, False)


def test_file_has_the_documented_columns_and_at_least_100_metrics():
    cat = catalogue.load()
    assert len(cat) >= 100 + len(CONTRACT)
    for m in cat.metrics.values():
        assert m.kind in catalogue.KINDS and m.unit and m.name and m.category


@pytest.mark.parametrize(("text", "error"), [
    ("id\tname\n", "header"),
    ("id\tname\taliases\tunit\tkind\tcategory\nGDP\t生产总值\t\t元\tflow\tx\n", "bad or duplicate id"),
    ("id\tname\taliases\tunit\tkind\tcategory\na\t甲\t\t元\tflow\tx\na\t乙\t\t元\tflow\tx\n", "duplicate"),
    ("id\tname\taliases\tunit\tkind\tcategory\na\t甲\t\t元\tspeed\tx\n", "kind"),
    ("id\tname\taliases\tunit\tkind\tcategory\na\t甲\t丙\t元\tflow\tx\nb\t乙\t丙\t元\tflow\tx\n", "alias"),
    ("id\tname\taliases\tunit\tkind\tcategory\na\t甲\t\t元\tflow\n", "fields"),
])
def test_parse_rejects_a_broken_file(text, error):
    with pytest.raises(catalogue.CatalogueError, match=error):
        catalogue.parse(text)


def test_parse_reads_comments_blank_lines_and_normalised_aliases():
    cat = catalogue.parse("id\tname\taliases\tunit\tkind\tcategory\n# a section\n\n"
                          "cpi\t居民消费价格\tＣＰＩ|消费价格（指数）\t%\tindex\tprices\n")
    assert cat.by_alias == {"居民消费价格": "cpi", "CPI": "cpi", "消费价格": "cpi"}


@pytest.mark.parametrize(("text", "want"), [
    ("gdp", "gdp"), ("社零", "retail_sales"), ("规模以上工业增加值", "industrial_value_added"),
    ("全省规上工业增加值", "industrial_value_added"), ("第一产业增加值占比", None), ("天气", None),
    ("广东省政府性基金收入", "gov_fund_revenue"),  # jieba cuts 广东省政府|性: the place still ends a word
])
def test_resolve(text, want):
    assert catalogue.resolve(text) == want


ALIASES = sorted(catalogue.load().by_alias.items())
PREFIXES = ["", "全省", "全国", "全市", "广东省", "苏州市", "2023年", "1-6月", "今年一季度", "全年", "累计", "我国"]
SUFFIXES = ["", "增速", "同比增长", "比上年增长", "两年平均增长", "总量", "累计", "环比", "预期目标", "比2019年同期"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALIASES), st.sampled_from(PREFIXES), st.sampled_from(SUFFIXES))
def test_alias_in_neutral_context_keeps_its_id(alias_id, prefix, suffix):
    """Places and periods before an alias, measure words and bases after it, do not change the id."""
    alias, metric_id = alias_id
    assert _got(prefix + alias + suffix) == (metric_id, False)


PHRASE_CHARS = "全省市工业增加值进出口总额占比重的城镇居民人均GDP（）%1-6月拉动"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(PHRASE_CHARS), max_size=20))
def test_match_never_fails_and_gives_catalogue_ids(text):
    m = catalogue.match(text)
    assert m is None or m.id in catalogue.load()


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ALIASES), st.sampled_from(["民营企业", "重点企业", "机电产品", "地方", "外资企业"]))
def test_a_narrowing_word_before_an_alias_unmaps_it(alias_id, narrow):
    """A sub-population before the alias is a part of the metric, never the metric itself."""
    alias, metric_id = alias_id
    m = catalogue.match(narrow + alias)
    assert m is None or m.id != metric_id or m.alias != alias
