"""Observations: indicator rows resolved to metric ids, region codes, dated periods, measures.

Cases: ``tests/cases/observations/rows.jsonl`` (schema in the README there); invariants as property
tests over generated indicator frames.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import catalogue, observations

CASES = Path(__file__).parents[1] / "cases" / "observations"
ROWS = [json.loads(x) for x in (CASES / "rows.jsonl").read_text("utf-8").splitlines() if x.strip()]

INDICATOR_COLUMNS = {
    "indicator_id": pl.String, "doc_id": pl.String, "metric": pl.String, "region": pl.String,
    "value": pl.Float64, "unit": pl.String, "value_norm": pl.Float64, "unit_norm": pl.String,
    "direction": pl.String, "period": pl.String, "is_target": pl.Boolean, "basis": pl.String,
}
DOC_COLUMNS = {"doc_id": pl.String, "published_on": pl.Date}


def indicators(rows: list[dict]) -> pl.DataFrame:
    full = [{"indicator_id": f"i{n}", "doc_id": r.get("doc_id", "d"), "value": r["value_norm"],
             "unit": r["unit_norm"], **r} for n, r in enumerate(rows)]
    return pl.DataFrame(full, schema=INDICATOR_COLUMNS)


def documents(published: dict[str, date | None]) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": list(published), "published_on": list(published.values())}, schema=DOC_COLUMNS)


def _same(got, want) -> bool:
    if isinstance(want, float) and got is not None:
        return math.isclose(got, want, rel_tol=1e-9)
    if isinstance(got, date):
        return got.isoformat() == want
    return got == want


@pytest.mark.parametrize("case", ROWS, ids=lambda c: c["label"])
def test_row(case):
    pub = date.fromisoformat(case["published"]) if case.get("published") else None
    out = observations.observations(indicators([case["row"]]), documents({"d": pub}))
    assert out.height == 1
    got = out.row(0, named=True)
    wrong = {k: (got[k], v) for k, v in case["expect"].items() if not _same(got[k], v)}
    assert not wrong


def test_schema_and_order_are_the_contract():
    out = observations.observations(indicators([ROWS[0]["row"], ROWS[1]["row"]]), documents({"d": None}))
    assert out.schema == pl.Schema(observations.OBSERVATION_SCHEMA)
    assert out.get_column("indicator_id").to_list() == ["i0", "i1"]


def test_region_code_column_of_the_extractor_wins():
    rows = [{**ROWS[0]["row"], "region": "广东"}, {**ROWS[0]["row"], "region": "广东"}, {**ROWS[0]["row"]}]
    frame = indicators(rows).with_columns(region_code=pl.Series(["320500", "44", None], dtype=pl.String))
    out = observations.observations(frame, documents({"d": None}))
    assert out.get_column("region_code").to_list() == ["320500", "440000", None]
    assert out.get_column("region_name").to_list() == ["苏州市", "广东省", None]


def test_without_basis_column_and_with_unknown_documents():
    frame = indicators([ROWS[1]["row"]]).drop("basis").with_columns(doc_id=pl.lit("elsewhere"))
    out = observations.observations(frame, documents({"d": date(2024, 5, 15)}))
    assert out.get_column("measure").to_list() == ["yoy"]
    assert out.get_column("period_start").to_list() == [None]  # no publication date for that document


def test_rows_without_a_value_are_left_out_and_inputs_untouched():
    frame = indicators([ROWS[0]["row"], {**ROWS[1]["row"], "value_norm": None}])
    before = frame.clone()
    out = observations.observations(frame, documents({"d": None}))
    assert out.get_column("indicator_id").to_list() == ["i0"]
    assert frame.equals(before)


def test_empty_frames():
    out = observations.observations(indicators([]), documents({}))
    assert out.height == 0 and out.schema == pl.Schema(observations.OBSERVATION_SCHEMA)


def test_region_codes_are_six_digits_with_the_country():
    codes = observations.region_codes()
    assert observations.NATIONAL_CODE in codes and "440000" in codes and "500102" in codes
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert observations.code6("50:两江新区") is None and observations.code6("4401") == "440100"


METRICS = ["规模以上工业增加值", "GDP增速", "城镇调查失业率", "CPI环比", "第一产业增加值占比", "新能源汽车产量", None,
           "贸易顺差"]
UNITS = ["%", "个百分点", "元", "辆", "倍", "‰"]
indicator_rows = st.fixed_dictionaries({
    "metric": st.sampled_from(METRICS),
    "value_norm": st.floats(-1e13, 1e13, allow_nan=False, allow_infinity=False),
    "unit_norm": st.sampled_from(UNITS),
    "direction": st.sampled_from([None, "up", "down"]),
    "basis": st.sampled_from([None, "同比", "环比", "比上年", "两年平均", "比2019年同期"]),
    "period": st.sampled_from([None, "4月份", "1-4月", "一季度", "全年", "2023年末", "上年同期", "十四五"]),
    "region": st.sampled_from([None, "全国", "广东", "苏州", "朝阳区", "两江新区"]),
    "is_target": st.booleans(),
    "doc_id": st.sampled_from(["a", "b"]),
})


@settings(max_examples=60, deadline=None)
@given(st.lists(indicator_rows, max_size=12), st.one_of(st.none(), st.dates(date(2010, 1, 1), date(2030, 12, 31))))
def test_invariants(rows, published):
    out = observations.observations(indicators(rows), documents({"a": published, "b": None}))
    assert out.height == len(rows)  # every row has a value: none dropped
    cat = catalogue.load()
    for row, obs in zip(rows, out.iter_rows(named=True), strict=True):
        assert obs["measure"] in observations.MEASURES
        assert obs["metric_id"] is None or obs["metric_id"] in cat
        assert (obs["metric_id"] is None) == (obs["metric_name"] is None)
        assert obs["region_code"] is None or obs["region_code"] in observations.region_codes()
        assert (obs["period_start"] is None) == (obs["period_end"] is None)
        if obs["period_start"] is not None:
            assert obs["period_start"] <= obs["period_end"]
        sign = -1 if row["direction"] == "down" else 1
        assert math.isclose(obs["value"], sign * row["value_norm"], rel_tol=1e-11, abs_tol=1e-300)
        assert obs["unit"] == row["unit_norm"]
        if obs["measure"] == "pp":
            assert obs["unit"] == "个百分点"
        if obs["measure"] in ("yoy", "mom", "share"):
            assert obs["unit"] in observations.PERCENT_UNITS
        assert obs["is_target"] == row["is_target"]
