"""The ``observations`` suite: a valid frame passes, every critical check fails on a frame broken for it,
and conflicts between documents are reported as a warning.

The suite is registered in ``expectations.suites()``: the flow validates every batch's observations
with it (``tests/expectations/test_suites.py`` also lists its breakers with the other suites').
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest

from expectations import CRITICAL, WARNING, suites
from expectations import observations as suite_module
from flows import quality
from transforms import observations

SUITE = suite_module.SUITE
DOC_A, DOC_B = "a" * 64, "b" * 64


def valid() -> pl.DataFrame:
    """Two documents stating the same figure, a share, a pp change, an unkeyed row and an undated one."""
    rows = [
        ("i1", DOC_A, "gdp", "地区生产总值", "440000", "广东省", "half", date(2024, 1, 1), date(2024, 6, 30),
         "yoy", 5.0, "%", False),
        ("i2", DOC_B, "gdp", "地区生产总值", "440000", "广东省", "half", date(2024, 1, 1), date(2024, 6, 30),
         "yoy", 5.0, "%", False),
        ("i3", DOC_A, "value_added_primary", "第一产业增加值", "000000", "全国", "year", date(2023, 1, 1),
         date(2023, 12, 31), "share", 7.1, "%", False),
        ("i4", DOC_A, "cpi", "居民消费价格", "000000", "全国", "month", date(2024, 2, 1), date(2024, 2, 29),
         "pp", -0.2, "个百分点", False),
        ("i5", DOC_B, None, None, None, None, None, None, None, "level", 12.0, "个", False),
        ("i6", DOC_B, "resident_population", "常住人口", "320500", "苏州市", "point", date(2023, 12, 31),
         date(2023, 12, 31), "level", 1.29e7, "人", False),
        ("i7", DOC_A, "gdp", "地区生产总值", "330000", "浙江省", "year", date(2027, 1, 1), date(2027, 12, 31),
         "level", 1.2e13, "元", True),
    ]
    return pl.DataFrame(rows, schema=observations.OBSERVATION_SCHEMA, orient="row")


def _row(i: int, **values):
    def apply(df: pl.DataFrame) -> pl.DataFrame:
        hit = pl.int_range(pl.len()) == i
        return df.with_columns(
            pl.when(hit).then(pl.lit(v, dtype=df.schema[c])).otherwise(pl.col(c)).alias(c) for c, v in values.items())
    return apply


def _first(col: str, value):
    return _row(0, **{col: value})


def _cast(col: str, dtype):
    return lambda df: df.with_columns(pl.col(col).cast(dtype))


# (expectation, column) -> how to break it; one entry per critical check of the suite
BREAKERS = {
    ("expect_table_columns_to_match_set", None): lambda df: df.drop("measure"),
    **{("expect_column_values_to_be_of_type", c): _cast(c, pl.Categorical)
       for c in ("indicator_id", "doc_id", "metric_id", "metric_name", "region_code", "region_name", "period_kind",
                 "measure", "unit")},
    ("expect_column_values_to_be_of_type", "period_start"): _cast("period_start", pl.String),
    ("expect_column_values_to_be_of_type", "period_end"): _cast("period_end", pl.String),
    ("expect_column_values_to_be_of_type", "value"): _cast("value", pl.Float32),
    ("expect_column_values_to_be_of_type", "is_target"): _cast("is_target", pl.Int8),
    ("expect_column_values_to_not_be_null", "indicator_id"): _first("indicator_id", None),
    ("expect_column_values_to_be_unique", "indicator_id"): _row(1, indicator_id="i1"),
    ("expect_column_values_to_not_be_null", "doc_id"): _first("doc_id", None),
    ("expect_column_values_to_be_in_set", "doc_id"): _first("doc_id", "c" * 64),
    ("expect_column_values_to_be_in_set", "metric_id"): _row(0, metric_id="gross_happiness"),
    ("expect_column_values_to_be_in_set", "_metric_name_ok"): _row(0, metric_name="国民幸福总值"),
    ("expect_column_values_to_match_regex", "region_code"): _row(0, region_code="44"),
    ("expect_column_values_to_be_in_set", "_region_known"): _row(0, region_code="999999"),
    ("expect_column_values_to_be_in_set", "_region_name_ok"): _row(0, region_name="广州市"),
    ("expect_column_values_to_be_in_set", "period_kind"): _row(0, period_kind="decade"),
    ("expect_column_values_to_be_in_set", "_period_ordered"): _row(0, period_end=date(2023, 12, 31)),
    ("expect_column_values_to_be_in_set", "_period_shape"): _row(5, period_end=date(2024, 1, 1)),
    ("expect_column_values_to_not_be_null", "measure"): _first("measure", None),
    ("expect_column_values_to_be_in_set", "measure"): _first("measure", "qoq"),
    ("expect_column_values_to_be_in_set", "_measure_fits_unit"): _row(3, unit="%"),
    ("expect_column_values_to_not_be_null", "value"): _first("value", None),
    ("expect_column_values_to_not_be_null", "unit"): _first("unit", None),
    ("expect_column_values_to_not_be_null", "is_target"): _first("is_target", None),
}


def _key(check) -> tuple[str, str | None]:
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", check.expectation).lower()
    return name, check.kwargs.get("column")


def test_every_critical_check_has_a_breaker():
    assert {_key(c) for c in SUITE.all_checks() if c.severity == CRITICAL} == set(BREAKERS)


def test_registered():
    """The flow validates every batch's observations with this suite."""
    assert suites()["observations"] is SUITE


def _run(frame: pl.DataFrame) -> pl.DataFrame:
    return quality.validate({"observations": frame}, batch_id="t", doc_ids=[DOC_A, DOC_B])


def test_valid_frame_passes_every_check():
    results = _run(valid())
    assert results.height == len(SUITE.all_checks())
    assert results.filter(~pl.col("success")).is_empty(), results.filter(~pl.col("success")).to_dicts()


VALUE_LEVEL = {k: f for k, f in BREAKERS.items()
               if k[0] not in ("expect_table_columns_to_match_set", "expect_column_values_to_be_of_type")}
# breakers that write the same cells as another one (a null doc_id hides an unknown one) run in a second frame
SECOND = {k for k in VALUE_LEVEL if k[0] == "expect_column_values_to_not_be_null"}


@pytest.mark.parametrize("keys", [sorted(set(VALUE_LEVEL) - SECOND, key=str), sorted(SECOND, key=str)],
                         ids=["values", "nulls"])
def test_each_broken_value_fails_its_check(keys):
    """Value-level breakers applied together (each to its own row or column): every one of their checks fails."""
    frame = valid()
    for key in keys:
        frame = VALUE_LEVEL[key](frame)
    results = _run(frame)
    failed = {(r["expectation"], r["column"]) for r in quality.failed_critical(results).to_dicts()}
    assert set(keys) <= failed


@pytest.mark.parametrize("key", [("expect_table_columns_to_match_set", None),
                                 ("expect_column_values_to_be_of_type", "measure"),
                                 ("expect_column_values_to_be_of_type", "period_start"),
                                 ("expect_column_values_to_be_of_type", "is_target")], ids=str)
def test_schema_breakers(key):
    results = _run(BREAKERS[key](valid()))
    failed = {(r["expectation"], r["column"]) for r in quality.failed_critical(results).to_dicts()}
    assert key in failed


@pytest.mark.parametrize("key", sorted((k for k in BREAKERS if str(k[1]).startswith("_")), key=str), ids=str)
def test_derived_columns_catch_their_breaker(key):
    """The prepare step alone (no GX): the derived column is True everywhere on the valid frame and False
    on the broken row."""
    column = key[1]
    assert SUITE.prepare(valid()).get_column(column).all()
    assert not SUITE.prepare(BREAKERS[key](valid())).get_column(column).all()


def test_conflict_is_a_warning():
    frame = _row(1, value=5.2)(valid())  # the second paper states another figure for the same series
    assert SUITE.prepare(frame).get_column("_no_conflict").to_list()[:3] == [False, False, True]
    results = _run(frame)
    conflict = results.filter(pl.col("column") == "_no_conflict").row(0, named=True)
    assert not conflict["success"] and conflict["severity"] == WARNING
    assert quality.failed_critical(results).is_empty()


def test_unkeyed_rows_never_conflict():
    frame = _row(1, region_code=None, region_name=None, value=5.2)(valid())
    assert SUITE.prepare(frame).get_column("_no_conflict").all()


def test_share_above_100_is_a_warning():
    assert not SUITE.prepare(_row(2, value=130.0)(valid())).get_column("_share_plausible").all()


def test_prepare_on_broken_types_falls_back():
    """A frame prepare cannot read gets False derived columns (the checks fail, nothing crashes)."""
    frame = valid().with_columns(pl.col("period_start").cast(pl.String))
    out = SUITE.prepared(frame)
    assert not out.get_column("_period_ordered").any()
