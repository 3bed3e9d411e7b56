"""Suite for the published ``indicators`` table."""

from __future__ import annotations

import polars as pl

from expectations import WARNING, Check, Suite
from transforms import context, script, units

# Bound words as written: every word the extractor recognises, before or after the number.
# (bound words as written: in traditional characters too, 約, 超過)
QUALIFIERS = sorted({f for w in (*context.QUALIFIER_BEFORE, *context.QUALIFIER_AFTER) for f in script.spellings(w)})
DIRECTIONS = ["up", "down"]
# Every base unit the extractor can normalise to, from its one normalisation table.
UNIT_NORMS = sorted(
    {norm for norm, _ in units.BASE_UNITS.values()}
    | {f"{units.BASE_UNITS.get(n, (n, 1.0))[0]}/{units.DENOMINATOR_NORM.get(d, d)}"
       for n in units.RATE_NUMERATORS for d in units.RATE_DENOMINATORS}
)
# Units whose values may be negative (changes, shares, money: a loss, temperatures); every other unit counts things.
SIGNED_UNITS = ["%", "‰", "个百分点", "个千分点", "倍", "℃"]
# (in traditional characters too: 一百一十五億, 兩)
NUMBER_CHARS = "[0-9０-９" + "".join(sorted({f for c in "一二两三四五六七八九十百千万亿零〇半几数"
                                             for f in script.spellings(c)})) + "]"


def prepare(df: pl.DataFrame) -> pl.DataFrame:
    """Derived columns: spans inside the sentence, the span holds a number, plausible values."""
    start, end = pl.col("span_start"), pl.col("span_end")
    span = pl.col("sentence").str.slice(start, (end - start).clip(lower_bound=0))
    percent = pl.col("unit_norm") == "%"
    return df.with_columns(
        _span_inside=((start >= 0) & (end > start) & (end <= pl.col("sentence").str.len_chars())).fill_null(False),
        _span_has_number=span.str.contains(NUMBER_CHARS).fill_null(False),
        _count_nonnegative=(
            pl.col("unit_norm").is_in(SIGNED_UNITS) | pl.col("unit_norm").str.contains("元")
            | (pl.col("value_norm") >= 0)
        ).fill_null(False),
        _percent_plausible=(~percent | pl.col("value_norm").is_between(-100, 1000)).fill_null(False),
    )


SUITE = Suite(
    name="indicators",
    keys=("doc_id", "indicator_id"),
    columns={
        "indicator_id": "str", "batch_id": "str", "doc_id": "str", "source": "str", "sentence": "str",
        "span_start": "int32", "span_end": "int32", "value": "float64", "unit": "str",
        "value_norm": "float64", "unit_norm": "str", "is_target": "bool", "extractor_version": "str",
    },
    prepare=prepare,
    checks=(
        Check("ExpectColumnValuesToNotBeNull", {"column": "indicator_id"}),
        Check("ExpectColumnValuesToBeUnique", {"column": "indicator_id"}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "doc_id"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "doc_id", "value_set": []}, needs="documents"),
        Check("ExpectColumnValuesToNotBeNull", {"column": "sentence"}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "value"}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "value_norm"}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "unit"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "unit_norm", "value_set": UNIT_NORMS}),
        Check("ExpectColumnValuesToBeInSet", {"column": "direction", "value_set": DIRECTIONS}),
        Check("ExpectColumnValuesToBeInSet", {"column": "qualifier", "value_set": QUALIFIERS}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_span_inside", "value_set": [True]}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_span_has_number", "value_set": [True]}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_count_nonnegative", "value_set": [True]}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_percent_plausible", "value_set": [True]}, WARNING),
        Check("ExpectColumnValuesToNotBeNull", {"column": "metric", "mostly": 0.8}, WARNING),
        Check("ExpectColumnValuesToNotBeNull", {"column": "region", "mostly": 0.6}, WARNING),
        Check("ExpectColumnValuesToNotBeNull", {"column": "extractor_version"}),
        Check("ExpectTableRowCountToBeBetween", {"min_value": 1}, WARNING),
    ),
)
