"""What a batch's critical failures hold back: some documents, or the whole batch.

Pure functions over the validation results (``dq_results`` rows) and the rows GX names as failing
(:func:`flows.quality.failing_rows`). A failed ``row`` check holds back the documents its failing rows
come from; the rest of the batch publishes. A failed ``batch`` check (schema, types, volume, a check that
could not run), or a failing row that names no document of the batch, holds back the whole batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from expectations import CRITICAL, ROW

# one row per (held document, failed check): why it is held and which of its rows fail
HELD_SCHEMA = {"doc_id": pl.String, "suite": pl.String, "expectation": pl.String, "column": pl.String,
               "grain": pl.String, "reason": pl.String, "rows": pl.List(pl.String)}


@dataclass(frozen=True)
class Verdict:
    """``batch_reasons``: failures that hold back the whole batch (empty when documents are held one by
    one); ``held``: the held documents with their reasons (HELD_SCHEMA)."""

    batch_reasons: list[str]
    held: pl.DataFrame

    @property
    def whole_batch(self) -> bool:
        return bool(self.batch_reasons)

    @property
    def doc_ids(self) -> list[str]:
        return self.held.get_column("doc_id").unique(maintain_order=True).to_list()


def reason() -> pl.Expr:
    """How a failed check (columns suite, expectation, column) is named to people:
    ``indicators._count_nonnegative`` for a check on a derived column, else ``suite.expectation(column)``.

    >>> pl.DataFrame({"suite": ["indicators"] * 2, "column": ["_count_nonnegative", "indicator_id"],
    ...               "expectation": ["expect_column_values_to_be_in_set", "expect_column_values_to_be_unique"]}
    ...              ).select(reason()).to_series().to_list()
    ['indicators._count_nonnegative', 'indicators.expect_column_values_to_be_unique(indicator_id)']
    """
    derived = pl.col("column").str.starts_with("_").fill_null(False)
    return (pl.when(derived).then(pl.format("{}.{}", "suite", "column"))
            .otherwise(pl.format("{}.{}({})", "suite", "expectation", pl.col("column").fill_null("")))
            .alias("reason"))


def decide(results: pl.DataFrame, failing: pl.DataFrame, *, doc_ids: list[str]) -> Verdict:
    """The verdict on a batch of ``doc_ids`` from its validation ``results`` and ``failing`` rows.

    ``failing`` (suite, expectation, column, doc_id, row_key) lists the rows behind each failed
    critical row check."""
    failed = results.filter(~pl.col("success") & (pl.col("severity") == CRITICAL))
    if failed.is_empty():
        return Verdict([], pl.DataFrame(schema=HELD_SCHEMA))
    failed = failed.with_columns(reason())
    keys = ["suite", "expectation", "column"]
    rows = failed.filter(pl.col("grain") == ROW).join(failing, on=keys, how="left", nulls_equal=True)
    # a row check that failed without rows to show for it, or whose rows name no document of the batch
    orphan = rows.filter(pl.col("doc_id").is_null() | ~pl.col("doc_id").is_in(doc_ids))
    batch_level = [*failed.filter(pl.col("grain") != ROW).get_column("reason"), *orphan.get_column("reason")]
    if batch_level:
        return Verdict(list(dict.fromkeys(batch_level)), _whole(failed, doc_ids))
    held = (
        rows.group_by("doc_id", *keys, "grain", "reason", maintain_order=True)
        .agg(rows=pl.col("row_key").drop_nulls().unique(maintain_order=True))
        .select(list(HELD_SCHEMA))
    )
    return Verdict([], held.cast(HELD_SCHEMA))


def _whole(failed: pl.DataFrame, doc_ids: list[str]) -> pl.DataFrame:
    """Every document of the batch, held for every critical failure."""
    docs = pl.DataFrame({"doc_id": doc_ids}, schema={"doc_id": pl.String})
    return docs.join(failed.select("suite", "expectation", "column", "grain", "reason"), how="cross").with_columns(
        rows=pl.lit([], pl.List(pl.String))).select(list(HELD_SCHEMA)).cast(HELD_SCHEMA)


def split(tables: Mapping[str, pl.DataFrame], doc_ids: list[str]) -> tuple[dict[str, pl.DataFrame],
                                                                           dict[str, pl.DataFrame]]:
    """(kept, held): each table's rows of the documents that publish, and of the held ones."""
    held = pl.col("doc_id").is_in(doc_ids)
    return ({t: f.filter(~held) for t, f in tables.items()}, {t: f.filter(held) for t, f in tables.items()})


def summary(held: pl.DataFrame) -> list[str]:
    """One line per reason: ``1 document — indicators._count_nonnegative``.

    >>> summary(pl.DataFrame({"doc_id": ["a", "b", "a"], "reason": ["x", "x", "y"]}))
    ['2 documents — x', '1 document — y']
    """
    counts = held.group_by("reason", maintain_order=True).agg(n=pl.col("doc_id").n_unique())
    return [f"{n} document{'s' if n != 1 else ''} — {r}" for r, n in counts.iter_rows()]
