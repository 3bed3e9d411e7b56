"""Suite for the published ``indicators`` table."""

from __future__ import annotations

import polars as pl

from expectations import WARNING, Check, Suite

QUALIFIERS = ["以上", "超过", "超", "逾", "多于", "高于", "近", "接近", "将近", "多", "余", "约", "大约",
              "左右", "不足", "不到", "以下", "低于"]
DIRECTIONS = ["up", "down"]
# Base units a row may be normalised to. Counts (measure words) must never be negative.
COUNT_UNITS = ["个", "家", "所", "台", "款", "栋", "批", "项", "户", "辆", "人", "人次", "座", "只", "艘",
               "架", "件", "套", "条", "名", "位", "种", "场", "次", "处", "间", "张", "株", "头", "例", "支"]
MEASURE_UNITS = ["元", "美元", "港元", "欧元", "日元", "吨", "千瓦时", "千瓦", "瓦", "平方公里", "平方米", "亩",
                 "公顷", "公里", "米", "千米", "标准箱", "立方米", "升", "千克", "克", "斤", "%", "‰", "个百分点",
                 "倍", "元/人", "元/亩", "元/吨", "元/平方米", "吨/亩", "千克/亩", "斤/亩", "分钟", "秒", "小时",
                 "天", "年", "岁", "个月", "周", "公斤", "兆瓦", "吉瓦", "万千瓦", "度", "辆/日", "吨/日",
                 "人/日", "人次/日", "桶", "标准煤", "吨标准煤", "床", "张床"]
UNIT_NORMS = sorted(set(COUNT_UNITS + MEASURE_UNITS))
NUMBER_CHARS = r"[0-9０-９一二两三四五六七八九十百千万亿零〇半几数]"


def prepare(df: pl.DataFrame) -> pl.DataFrame:
    """Derived columns: spans inside the sentence, the span holds a number, plausible values."""
    start, end = pl.col("span_start"), pl.col("span_end")
    span = pl.col("sentence").str.slice(start, (end - start).clip(lower_bound=0))
    percent = pl.col("unit_norm") == "%"
    return df.with_columns(
        _span_inside=((start >= 0) & (end > start) & (end <= pl.col("sentence").str.len_chars())).fill_null(False),
        _span_has_number=span.str.contains(NUMBER_CHARS).fill_null(False),
        _count_nonnegative=(~pl.col("unit_norm").is_in(COUNT_UNITS) | (pl.col("value_norm") >= 0)).fill_null(False),
        _percent_plausible=(~percent | pl.col("value_norm").is_between(-100, 1000)).fill_null(False),
    )


SUITE = Suite(
    name="indicators",
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
