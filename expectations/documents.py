"""Suite for the published ``documents`` table."""

from __future__ import annotations

from expectations import WARNING, Check, Suite
from transforms import pubdate

SUITE = Suite(
    name="documents",
    columns={
        "doc_id": "str", "source": "str", "format": "str", "encoding": "str",
        "byte_size": "int64", "batch_id": "str", "status": "str",
    },
    checks=(
        Check("ExpectColumnValuesToNotBeNull", {"column": "doc_id"}),
        Check("ExpectColumnValuesToBeUnique", {"column": "doc_id"}),
        Check("ExpectColumnValuesToMatchRegex", {"column": "doc_id", "regex": r"^[0-9a-f]{64}$"}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "source"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "format", "value_set": ["txt", "html", "pdf"]}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "encoding"}, WARNING),
        Check("ExpectColumnValuesToBeBetween", {"column": "byte_size", "min_value": 1}),
        Check("ExpectColumnValuesToNotBeNull", {"column": "ingested_at"}),
        Check("ExpectColumnValuesToBeInSet", {"column": "published_on_source",
                                              "value_set": list(pubdate.SOURCES)}),
        Check("ExpectColumnValuesToBeInSet", {"column": "published_on_precision",
                                              "value_set": list(pubdate.PRECISIONS)}),
        Check("ExpectTableRowCountToBeBetween", {"min_value": 1}, WARNING),
    ),
)
