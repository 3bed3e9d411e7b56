"""Suite for the published ``observations`` table (CONTRACT.md): keys that exist, dates in order, measures
that agree with their units.

Critical checks guard what the transform guarantees (an id outside the catalogue, a code outside the
gazetteer, a period that ends before it starts, a measure that contradicts its unit: each is a bug, and
the batch is quarantined). Warnings watch the data: how much of it is keyed, shares above 100 %, and
**conflicts**: two documents of the batch stating different values for one series key, so that a wrong
extraction that disagrees with other papers surfaces.
"""

from __future__ import annotations

import polars as pl

from expectations import WARNING, Check, Suite
from transforms import catalogue, observations, periods

SERIES_KEY = ("metric_id", "region_code", "period_kind", "period_start", "period_end", "measure", "is_target")


def prepare(df: pl.DataFrame) -> pl.DataFrame:
    """Derived columns: names that belong to their ids and codes, dates in order and of their kind's
    shape, measures that fit their units, plausible shares, no conflicting values in a series."""
    cat = catalogue.load()
    metric_names = {m.id: m.name for m in cat.metrics.values()}
    region_names = observations.region_names()
    start, end, kind = pl.col("period_start"), pl.col("period_end"), pl.col("period_kind")
    unit, measure = pl.col("unit"), pl.col("measure")
    month_end = end.dt.month_end() == end
    same_month = start.dt.month_start() == end.dt.month_start()
    keyed = pl.col("metric_id").is_not_null() & pl.col("region_code").is_not_null() & start.is_not_null()
    shape = (
        pl.when(kind == "point").then(start == end)
        .when(kind == "month").then((start.dt.day() == 1) & month_end & same_month)
        .when(kind.is_in(["ytd", "quarter", "half", "year"])).then(
            (start.dt.day() == 1) & month_end & (start.dt.year() == end.dt.year()))
        .when(kind == "multi_year").then((start.dt.ordinal_day() == 1) & (end.dt.month() == 12) & (end.dt.day() == 31))
        .otherwise(True)
    )
    return df.with_columns(
        _metric_name_ok=(pl.col("metric_name").eq_missing(
            pl.col("metric_id").replace_strict(metric_names, default=None, return_dtype=pl.String))),
        _region_known=(pl.col("region_code").is_null() | pl.col("region_code").is_in(list(region_names))),
        _region_name_ok=(pl.col("region_code").is_null() | pl.col("region_name").eq_missing(
            pl.col("region_code").replace_strict(region_names, default=None, return_dtype=pl.String))),
        _period_ordered=((start.is_null() & end.is_null()) | (start <= end)).fill_null(False),
        _period_shape=shape.fill_null(True),
        _measure_fits_unit=(
            pl.when(measure == "pp").then(unit == "个百分点")
            .when(measure.is_in(["yoy", "mom", "share"])).then(unit.is_in(observations.PERCENT_UNITS))
            .otherwise(unit != "个百分点")
        ).fill_null(False),
        _share_plausible=((measure != "share") | pl.col("value").is_between(0, 100)).fill_null(False),
        _no_conflict=(~keyed | (pl.struct("value", "unit").n_unique().over(list(SERIES_KEY)) == 1)).fill_null(True),
    )


SUITE = Suite(
    name="observations",
    keys=("doc_id", "indicator_id"),
    columns={
        "indicator_id": "str", "doc_id": "str", "metric_id": "str", "metric_name": "str", "region_code": "str",
        "region_name": "str", "period_kind": "str", "period_start": "datetime64[ms]", "period_end": "datetime64[ms]",
        "measure": "str", "value": "float64", "unit": "str", "is_target": "bool",
    },
    prepare=prepare,
    checks=(
        Check("ExpectColumnValuesToNotBeNull", {"column": "indicator_id"}),
        Check("ExpectColumnValuesToBeUnique", {"column": "indicator_id"}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "doc_id"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "doc_id", "value_set": []}, needs="documents"),
        Check("ExpectColumnValuesToBeInSet", {"column": "metric_id", "value_set": sorted(catalogue.load().metrics)}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_metric_name_ok", "value_set": [True]}),
        Check("ExpectColumnValuesToMatchRegex", {"column": "region_code", "regex": r"^\d{6}$"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_region_known", "value_set": [True]}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_region_name_ok", "value_set": [True]}),
        Check("ExpectColumnValuesToBeInSet", {"column": "period_kind", "value_set": list(periods.KINDS)}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_period_ordered", "value_set": [True]}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_period_shape", "value_set": [True]}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "measure"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "measure", "value_set": list(observations.MEASURES)}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_measure_fits_unit", "value_set": [True]}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "value"}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "unit"}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "is_target"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_share_plausible", "value_set": [True]}, WARNING),
        Check("ExpectColumnValuesToBeInSet", {"column": "_no_conflict", "value_set": [True]}, WARNING),
        Check("ExpectColumnValuesToNotBeNull", {"column": "metric_id", "mostly": 0.2}, WARNING),
        Check("ExpectColumnValuesToNotBeNull", {"column": "region_code", "mostly": 0.5}, WARNING),
        Check("ExpectColumnValuesToNotBeNull", {"column": "period_start", "mostly": 0.5}, WARNING),
        Check("ExpectTableRowCountToBeBetween", {"min_value": 1}, WARNING),
    ),
)
