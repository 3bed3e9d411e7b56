"""What critical failures hold back: in/out tables for ``flows.holds``."""

from __future__ import annotations

import polars as pl
import pytest

from expectations import DQ_SCHEMA
from flows import holds
from flows.quality import FAILING_SCHEMA

DOCS = ["d1", "d2", "d3"]


def result(expectation: str, column: str | None, *, grain: str, success: bool = False,
           severity: str = "critical", suite: str = "indicators") -> dict:
    return {"batch_id": "b", "suite": suite, "expectation": expectation, "column": column, "kwargs": "{}",
            "severity": severity, "success": success, "observed_value": None, "unexpected_count": None,
            "unexpected_percent": None, "checked_at": None, "grain": grain}


NONNEG = ("expect_column_values_to_be_in_set", "_count_nonnegative")
UNIQUE = ("expect_column_values_to_be_unique", "indicator_id")
SCHEMA = ("expect_table_columns_to_match_set", None)


def fail_row(check, doc, key, suite="indicators"):
    return (suite, *check, doc, key)


CASES = [
    # (id, results, failing rows, whole batch?, held {doc: [reason]})
    ("all pass", [result(*NONNEG, grain="row", success=True)], [], False, {}),
    ("a warning never holds", [result(*NONNEG, grain="row", severity="warning")],
     [fail_row(NONNEG, "d1", "i1")], False, {}),
    ("one row, one document", [result(*NONNEG, grain="row")], [fail_row(NONNEG, "d2", "i7")], False,
     {"d2": ["indicators._count_nonnegative"]}),
    ("rows of two documents, two checks", [result(*NONNEG, grain="row"), result(*UNIQUE, grain="row")],
     [fail_row(NONNEG, "d1", "i1"), fail_row(UNIQUE, "d1", "i2"), fail_row(UNIQUE, "d3", "i2")], False,
     {"d1": ["indicators._count_nonnegative", "indicators.expect_column_values_to_be_unique(indicator_id)"],
      "d3": ["indicators.expect_column_values_to_be_unique(indicator_id)"]}),
    ("a batch check holds everything", [result(*SCHEMA, grain="batch"), result(*NONNEG, grain="row")],
     [fail_row(NONNEG, "d1", "i1")], True, {d: ["indicators.expect_table_columns_to_match_set()",
                                                 "indicators._count_nonnegative"] for d in DOCS}),
    ("a failing row without a document", [result(*NONNEG, grain="row")], [fail_row(NONNEG, None, "i1")], True,
     {d: ["indicators._count_nonnegative"] for d in DOCS}),
    ("a failing row of a document not in the batch", [result(*NONNEG, grain="row")],
     [fail_row(NONNEG, "elsewhere", "i1")], True, {d: ["indicators._count_nonnegative"] for d in DOCS}),
    ("a failed row check with no rows listed", [result(*NONNEG, grain="row")], [], True,
     {d: ["indicators._count_nonnegative"] for d in DOCS}),
]


@pytest.mark.parametrize(("results", "failing", "whole", "held"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_decide(results, failing, whole, held):
    verdict = holds.decide(pl.DataFrame(results, schema=DQ_SCHEMA),
                           pl.DataFrame(failing, schema=FAILING_SCHEMA, orient="row"), doc_ids=DOCS)
    assert verdict.whole_batch is whole
    got: dict[str, list[str]] = {}
    for doc, reason in verdict.held.select("doc_id", "reason").iter_rows():
        got.setdefault(doc, []).append(reason)
    assert got == held
    assert verdict.held.schema == pl.Schema(holds.HELD_SCHEMA)


def test_held_rows_are_listed_per_document_and_check():
    verdict = holds.decide(pl.DataFrame([result(*NONNEG, grain="row")], schema=DQ_SCHEMA),
                           pl.DataFrame([fail_row(NONNEG, "d1", "i1"), fail_row(NONNEG, "d1", "i2"),
                                         fail_row(NONNEG, "d2", "i9")], schema=FAILING_SCHEMA, orient="row"),
                           doc_ids=DOCS)
    assert sorted(verdict.held.select("doc_id", "rows").rows()) == [("d1", ["i1", "i2"]), ("d2", ["i9"])]
    assert holds.summary(verdict.held) == ["2 documents — indicators._count_nonnegative"]


def test_split_keeps_every_row_once():
    tables = {"indicators": pl.DataFrame({"doc_id": ["d1", "d2", "d2", "d3"], "v": [1, 2, 3, 4]}),
              "documents": pl.DataFrame({"doc_id": DOCS})}
    kept, held = holds.split(tables, ["d2"])
    assert kept["indicators"].get_column("v").to_list() == [1, 4]
    assert held["indicators"].get_column("v").to_list() == [2, 3]
    assert kept["documents"].get_column("doc_id").to_list() == ["d1", "d3"]
