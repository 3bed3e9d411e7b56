"""What critical failures hold back: in/out tables for ``flows.holds``; then, through runs, a failing row
holds back its document and the rest publishes, a batch-level failure quarantines the whole batch, and
held-back documents come back (new extraction rules, or ``zhibiao quarantine release``)."""

from __future__ import annotations

import shutil

import polars as pl
import pytest
from typer.testing import CliRunner

from expectations import DQ_SCHEMA
from flows import holds
from flows.quality import FAILING_SCHEMA
from tests.conftest import SEEDS, run, warehouse_rows

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


# --- through runs ---------------------------------------------------------------------------------

# a second document of the batch: the one the broken rule breaks
BULLETIN = ("某县统计局发布经济运行情况\n"
            "今年一季度，全县地区生产总值完成58.6亿元，同比增长6.2%。全县规模以上工业企业达到126家。\n")
BROKEN_SOURCE = "bulletin.txt"


def _negative_counts_in_bulletin(frame: pl.DataFrame) -> pl.DataFrame:
    """A rule bug: counts of one document come out negative (as ranges once did: 13-15岁 → -15岁)."""
    bad = (pl.col("source") == BROKEN_SOURCE) & (pl.col("unit_norm") == "家")
    return frame.with_columns(value_norm=pl.when(bad).then(-pl.col("value_norm")).otherwise(pl.col("value_norm")))


def _drop_unit_column(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.drop("unit")


@pytest.fixture
def inbox(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / BROKEN_SOURCE).write_text(BULLETIN, encoding="utf-8")
    return inbox


def _break(monkeypatch, breaker) -> None:
    from transforms import extract

    real = extract.indicators
    monkeypatch.setattr(extract, "indicators", lambda sents, published=None: breaker(real(sents, published)))


def _published_sources(data) -> set[str]:
    files = list((data / "published" / "indicators").rglob("*.parquet"))
    return set(pl.read_parquet(files).get_column("source")) if files else set()


@pytest.mark.usefixtures("prefect_harness")
def test_a_failing_row_holds_back_its_document_and_the_rest_publishes(tmp_path, monkeypatch, inbox):
    from transforms import extract

    _break(monkeypatch, _negative_counts_in_bulletin)
    data = tmp_path / "data"
    summary = run(inbox, data)

    assert summary["status"] == "published"
    assert summary["held_back"] == 1
    assert summary["held"] == ["1 document — indicators._count_nonnegative"]
    assert _published_sources(data) == {p.name for p in SEEDS.glob("*.txt")}
    statuses = dict(warehouse_rows(data, "SELECT source, status FROM documents"))
    assert statuses[BROKEN_SOURCE] == "held_back"
    assert {s for src, s in statuses.items() if src != BROKEN_SOURCE} == {"published"}
    # the warehouse's tables keep validated rows only; the held rows are in the batch's quarantine folder
    assert warehouse_rows(data, f"SELECT count(*) FROM indicators WHERE source = '{BROKEN_SOURCE}'") == [(0,)]
    qdir = data / "quarantine" / summary["batch_id"]
    held_rows = pl.read_parquet(qdir / "indicators.parquet")
    assert set(held_rows.get_column("source")) == {BROKEN_SOURCE}
    # the failing rows, as GX named them, are recorded with the reason
    (reason, rows, version), = warehouse_rows(data, "SELECT reason, \"rows\", extractor_version FROM held_back")
    assert reason == "indicators._count_nonnegative" and version == extract.EXTRACTOR_VERSION
    failing = held_rows.filter(pl.col("value_norm") < 0).get_column("indicator_id").to_list()
    assert failing and sorted(rows) == sorted(failing)
    assert warehouse_rows(data, "SELECT status, held_back FROM batches") == [("published", 1)]

    # the same rules again: the held document stays held (it is known, not new)
    again = run(inbox, data)
    assert (again["status"], again["new"], again["retried"]) == ("empty", 0, 0)

    # the rule is fixed and the extractor version moves on: the next run retries and publishes it
    monkeypatch.undo()
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", extract.EXTRACTOR_VERSION + "+fixed")
    fixed = run(inbox, data)
    assert (fixed["status"], fixed["retried"], fixed["held_back"], fixed["new"]) == ("published", 1, 0, 0)
    assert BROKEN_SOURCE in _published_sources(data)
    assert dict(warehouse_rows(data, "SELECT source, status FROM documents"))[BROKEN_SOURCE] == "published"
    (batch,), = warehouse_rows(data, f"SELECT batch_id FROM documents WHERE source = '{BROKEN_SOURCE}'")
    assert batch == fixed["batch_id"]
    assert warehouse_rows(data, f"SELECT count(*) > 0 FROM indicators WHERE source = '{BROKEN_SOURCE}'") == [(True,)]


@pytest.mark.usefixtures("prefect_harness")
def test_release_reprocesses_a_held_document_after_a_fix(tmp_path, monkeypatch, inbox):
    from flows import cli

    _break(monkeypatch, _negative_counts_in_bulletin)
    data = tmp_path / "data"
    first = run(inbox, data)
    assert first["held_back"] == 1

    listed = CliRunner().invoke(cli.app, ["quarantine", "--data-dir", str(data)], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert BROKEN_SOURCE in listed.output and "indicators._count_nonnegative" in listed.output
    assert "-126 家" not in listed.output and "126 家" in listed.output  # the failing row, as written

    unknown = CliRunner().invoke(cli.app, ["quarantine", "release", "ffffffff", "--data-dir", str(data)])
    assert unknown.exit_code == 2

    monkeypatch.undo()  # the rule is fixed, the version is not bumped: only a release brings it back
    (doc_id,), = warehouse_rows(data, f"SELECT doc_id FROM documents WHERE source = '{BROKEN_SOURCE}'")
    released = CliRunner().invoke(cli.app, ["quarantine", "release", doc_id[:12], "--data-dir", str(data)],
                                  env={"ZHIBIAO_INBOX": str(inbox), "COLUMNS": "200"})
    assert released.exit_code == 0, released.output
    assert BROKEN_SOURCE in _published_sources(data)
    assert dict(warehouse_rows(data, "SELECT source, status FROM documents"))[BROKEN_SOURCE] == "published"
    listed = CliRunner().invoke(cli.app, ["quarantine", "--data-dir", str(data)])
    assert "no document is held back" in listed.output


@pytest.mark.usefixtures("prefect_harness")
def test_a_batch_level_failure_quarantines_the_whole_batch(tmp_path, monkeypatch, inbox):
    _break(monkeypatch, _drop_unit_column)
    data = tmp_path / "data"
    summary = run(inbox, data)
    assert summary["status"] == "quarantined"
    assert "indicators.expect_table_columns_to_match_set()" in summary["failed_critical"]
    assert summary["held_back"] == 2
    assert not list((data / "published").rglob("*.parquet"))
    qdir = data / "quarantine" / summary["batch_id"]
    assert {p.name for p in qdir.iterdir()} >= {"indicators.parquet", "articles.parquet", "dq_failures.parquet",
                                                 "held_back.parquet"}
    assert warehouse_rows(data, "SELECT status FROM batches") == [("quarantined",)]
    assert warehouse_rows(data, "SELECT DISTINCT status FROM documents") == [("held_back",)]
    assert warehouse_rows(data, "SELECT DISTINCT grain FROM held_back") == [("batch",)]
