"""Expectation suites as code: one module per published table, named after the table.

A suite is plain data (GX expectation class names, their kwargs and a severity), so importing it is
cheap; ``flows.quality`` turns it into a Great Expectations suite only when a batch is validated.
``critical`` failures hold data back; ``warning`` failures are recorded and the data publishes.

A check's **grain** says what a critical failure holds back. A check of values row by row (a value, a unit,
a span, a count: GX's column map expectations) is a ``row`` check: the rows that fail it name their
documents, and only those documents are held back. Every other check (schema, types, volume) is a
``batch`` check: its failure says nothing about one document, so the whole batch is held back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

CRITICAL = "critical"
WARNING = "warning"

# One row per expectation result, as kept in the warehouse table ``dq_results``.
DQ_SCHEMA = {
    "batch_id": pl.String, "suite": pl.String, "expectation": pl.String, "column": pl.String,
    "kwargs": pl.String, "severity": pl.String, "success": pl.Boolean, "observed_value": pl.String,
    "unexpected_count": pl.Int64, "unexpected_percent": pl.Float64, "checked_at": pl.Datetime("us", "UTC"),
    "grain": pl.String,
}
ROW = "row"
BATCH = "batch"
# GX expectations that judge values row by row, other than the column-map family (ExpectColumnValues…)
ROW_EXPECTATIONS = frozenset({"ExpectCompoundColumnsToBeUnique", "ExpectMulticolumnSumToEqual",
                              "ExpectSelectColumnValuesToBeUniqueWithinRecord"})
# column-map by name, but a statement about the column's type: a schema check
BATCH_EXPECTATIONS = frozenset({"ExpectColumnValuesToBeOfType", "ExpectColumnValuesToBeInTypeList"})


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation: a GX Core 1.x class name (``ExpectColumnValuesToNotBeNull``) and its kwargs."""

    expectation: str
    kwargs: Mapping[str, object]
    severity: str = CRITICAL
    needs: str | None = None  # context the check needs ("documents": the batch's doc_ids)

    @property
    def grain(self) -> str:
        """``row`` when the check judges each row (its failures name their rows), else ``batch``.

        >>> Check("ExpectColumnValuesToNotBeNull", {"column": "unit"}).grain
        'row'
        >>> Check("ExpectTableRowCountToBeBetween", {"min_value": 1}).grain
        'batch'
        """
        e = self.expectation
        if e in BATCH_EXPECTATIONS:
            return BATCH
        return ROW if e.startswith(("ExpectColumnValues", "ExpectColumnPairValues")) or e in ROW_EXPECTATIONS \
            else BATCH


@dataclass(frozen=True, slots=True)
class Suite:
    name: str
    columns: Mapping[str, str]  # column -> pandas type name checked with ExpectColumnValuesToBeOfType
    checks: tuple[Check, ...]
    # the columns that name a row in failure reports (doc_id first: the document a failing row holds back)
    keys: tuple[str, ...] = ("doc_id",)
    # adds derived columns (prefixed "_") that some checks read; pure frame -> frame
    prepare: Callable[[pl.DataFrame], pl.DataFrame] = field(default=lambda df: df)

    def prepared(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with the derived columns; when they cannot be computed (a column is missing or of
        the wrong type) they are set to False, so the checks that read them fail instead of crashing."""
        try:
            return self.prepare(frame)
        except (pl.exceptions.PolarsError, TypeError):
            derived = {c.kwargs["column"] for c in self.checks if str(c.kwargs.get("column", "")).startswith("_")}
            return frame.with_columns(pl.lit(False).alias(c) for c in sorted(derived))

    def all_checks(self) -> tuple[Check, ...]:
        """Schema checks derived from ``columns`` followed by the suite's own checks."""
        schema = [Check("ExpectTableColumnsToMatchSet",
                        {"column_set": sorted(self.columns), "exact_match": False})]
        schema += [
            Check("ExpectColumnValuesToBeOfType", {"column": col, "type_": typ})
            for col, typ in self.columns.items()
        ]
        return (*schema, *self.checks)


def suites() -> dict[str, Suite]:
    """Every suite by name (the table it guards)."""
    from expectations import articles, documents, indicators, observations

    return {s.name: s for s in (documents.SUITE, articles.SUITE, indicators.SUITE, observations.SUITE)}
