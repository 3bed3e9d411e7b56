"""Suite for the published ``articles`` table."""

from __future__ import annotations

import polars as pl

from expectations import WARNING, Check, Suite


def prepare(df: pl.DataFrame) -> pl.DataFrame:
    """Derived columns: does ``char_count`` equal the body's length; has an article (not a caption) a title?"""
    return df.with_columns(
        _char_count_ok=(pl.col("body").str.len_chars() == pl.col("char_count")).fill_null(False),
        _article_has_title=((pl.col("kind") != "article") | pl.col("title").is_not_null()).fill_null(False),
    )


SUITE = Suite(
    name="articles",
    keys=("doc_id", "article_index"),
    columns={
        "doc_id": "str", "source": "str", "article_index": "int32", "kind": "str",
        "body": "str", "char_count": "int32",
    },
    prepare=prepare,
    checks=(
        Check("ExpectColumnValuesToNotBeNull", {"column": "doc_id"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "doc_id", "value_set": []}, needs="documents"),
        Check("ExpectCompoundColumnsToBeUnique", {"column_list": ["doc_id", "article_index"]}),
        Check("ExpectColumnValuesToBeBetween", {"column": "article_index", "min_value": 0}),
        Check("ExpectColumnValuesToBeInSet", {"column": "kind", "value_set": ["article", "caption", "credit"]}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "body"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_char_count_ok", "value_set": [True]}),
        Check("ExpectColumnValuesToBeInSet", {"column": "_article_has_title", "value_set": [True], "mostly": 0.9},
              WARNING),
        Check("ExpectTableRowCountToBeBetween", {"min_value": 1}, WARNING),
    ),
)
