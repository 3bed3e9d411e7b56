"""Every critical expectation, broken on purpose, is reported as failed; valid frames pass."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from expectations import CRITICAL, suites
from flows import quality
from tests.expectations import test_observations_suite as obs

DOC = "a" * 64


def documents() -> pl.DataFrame:
    return pl.DataFrame({
        "doc_id": [DOC, "b" * 64], "source": ["a.txt", "b.html"], "format": ["txt", "html"],
        "encoding": ["utf-8", "utf-8"], "byte_size": [120, 300],
        "ingested_at": [datetime(2026, 1, 1, tzinfo=UTC)] * 2, "batch_id": ["b1"] * 2, "status": ["new"] * 2,
        "published_on": [date(2025, 12, 30), None], "published_on_source": ["metadata", None],
        "published_on_precision": ["day", None],
    })


def articles() -> pl.DataFrame:
    body = "重庆新能源汽车产量达到11.3万辆。"
    return pl.DataFrame({
        "doc_id": [DOC, DOC], "source": ["a.txt"] * 2, "article_index": [0, 1], "kind": ["article", "caption"],
        "title": ["重庆数字经济", None], "author": ["吴陆牧", None], "body": [body, "图为工厂。"],
        "char_count": [len(body), 5], "batch_id": ["b1"] * 2,
    }).with_columns(pl.col("article_index", "char_count").cast(pl.Int32))


def indicators() -> pl.DataFrame:
    sentence = "重庆新能源汽车产量达到11.3万辆，同比增长63%。"
    return pl.DataFrame({
        "indicator_id": ["i1", "i2"], "batch_id": ["b1"] * 2, "doc_id": [DOC] * 2, "source": ["a.txt"] * 2,
        "article_title": ["重庆数字经济"] * 2, "sentence": [sentence] * 2,
        "span_start": [11, 21], "span_end": [17, 24], "metric": ["新能源汽车产量"] * 2, "region": ["重庆"] * 2,
        "value": [11.3, 63.0], "unit": ["万辆", "%"], "value_norm": [113000.0, 63.0], "unit_norm": ["辆", "%"],
        "qualifier": [None, None], "direction": [None, "up"], "period": [None, None],
        "is_target": [False, False], "extractor_version": ["t"] * 2,
    }).with_columns(pl.col("span_start", "span_end").cast(pl.Int32), pl.col("qualifier", "period").cast(pl.String))


VALID = {"documents": documents, "articles": articles, "indicators": indicators, "observations": obs.valid}


def _set(col, value, dtype=None):
    return lambda df: df.with_columns(pl.lit(value, dtype=dtype or df.schema[col]).alias(col))


def _first(col, value):
    """Break only the first row (so `mostly`-free checks fail but the column keeps its type)."""
    return lambda df: df.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(value, dtype=df.schema[col])).otherwise(pl.col(col)).alias(col)
    )


def _cast(col, dtype):
    return lambda df: df.with_columns(pl.col(col).cast(dtype))


# (suite, expectation, column) -> how to break it. Every critical check of every suite is listed
# (test_every_critical_check_has_a_breaker keeps this table complete).
BREAKERS = {
    ("documents", "expect_table_columns_to_match_set", None): lambda df: df.drop("format"),
    ("documents", "expect_column_values_to_be_of_type", "doc_id"): _cast("doc_id", pl.Categorical),
    ("documents", "expect_column_values_to_be_of_type", "source"): _cast("source", pl.Categorical),
    ("documents", "expect_column_values_to_be_of_type", "format"): _cast("format", pl.Categorical),
    ("documents", "expect_column_values_to_be_of_type", "encoding"): _cast("encoding", pl.Categorical),
    ("documents", "expect_column_values_to_be_of_type", "byte_size"): _cast("byte_size", pl.Float64),
    ("documents", "expect_column_values_to_be_of_type", "batch_id"): _cast("batch_id", pl.Categorical),
    ("documents", "expect_column_values_to_be_of_type", "status"): _cast("status", pl.Categorical),
    ("documents", "expect_column_values_to_not_be_null", "doc_id"): _first("doc_id", None),
    ("documents", "expect_column_values_to_be_unique", "doc_id"): _set("doc_id", DOC),
    ("documents", "expect_column_values_to_match_regex", "doc_id"): _first("doc_id", "not-a-hash"),
    ("documents", "expect_column_values_to_not_be_null", "source"): _first("source", None),
    ("documents", "expect_column_values_to_be_in_set", "format"): _first("format", "docx"),
    ("documents", "expect_column_values_to_be_between", "byte_size"): _first("byte_size", 0),
    ("documents", "expect_column_values_to_not_be_null", "ingested_at"): _first("ingested_at", None),
    ("documents", "expect_column_values_to_be_in_set", "published_on_source"): _first("published_on_source", "gossip"),
    ("documents", "expect_column_values_to_be_in_set", "published_on_precision"):
        _first("published_on_precision", "year"),
    ("articles", "expect_table_columns_to_match_set", None): lambda df: df.drop("kind"),
    ("articles", "expect_column_values_to_be_of_type", "doc_id"): _cast("doc_id", pl.Categorical),
    ("articles", "expect_column_values_to_be_of_type", "source"): _cast("source", pl.Categorical),
    ("articles", "expect_column_values_to_be_of_type", "article_index"): _cast("article_index", pl.Float64),
    ("articles", "expect_column_values_to_be_of_type", "kind"): _cast("kind", pl.Categorical),
    ("articles", "expect_column_values_to_be_of_type", "body"): _cast("body", pl.Categorical),
    ("articles", "expect_column_values_to_be_of_type", "char_count"): _cast("char_count", pl.Int64),
    ("articles", "expect_column_values_to_not_be_null", "doc_id"): _first("doc_id", None),
    ("articles", "expect_column_values_to_be_in_set", "doc_id"): _first("doc_id", "c" * 64),
    ("articles", "expect_compound_columns_to_be_unique", "doc_id,article_index"): _set("article_index", 0),
    ("articles", "expect_column_values_to_be_between", "article_index"): _first("article_index", -1),
    ("articles", "expect_column_values_to_be_in_set", "kind"): _first("kind", "advert"),
    ("articles", "expect_column_values_to_not_be_null", "body"): _first("body", None),
    ("articles", "expect_column_values_to_be_in_set", "_char_count_ok"): _first("char_count", 3),
    ("indicators", "expect_table_columns_to_match_set", None): lambda df: df.drop("unit"),
    **{("indicators", "expect_column_values_to_be_of_type", c): _cast(c, pl.Categorical)
       for c in ("indicator_id", "batch_id", "doc_id", "source", "sentence", "unit", "unit_norm", "extractor_version")},
    ("indicators", "expect_column_values_to_be_of_type", "span_start"): _cast("span_start", pl.Int64),
    ("indicators", "expect_column_values_to_be_of_type", "span_end"): _cast("span_end", pl.Int64),
    ("indicators", "expect_column_values_to_be_of_type", "value"): _cast("value", pl.Float32),
    ("indicators", "expect_column_values_to_be_of_type", "value_norm"): _cast("value_norm", pl.Float32),
    ("indicators", "expect_column_values_to_be_of_type", "is_target"): _cast("is_target", pl.Int8),
    ("indicators", "expect_column_values_to_not_be_null", "indicator_id"): _first("indicator_id", None),
    ("indicators", "expect_column_values_to_be_unique", "indicator_id"): _set("indicator_id", "same"),
    ("indicators", "expect_column_values_to_not_be_null", "doc_id"): _first("doc_id", None),
    ("indicators", "expect_column_values_to_be_in_set", "doc_id"): _first("doc_id", "c" * 64),
    ("indicators", "expect_column_values_to_not_be_null", "sentence"): _first("sentence", None),
    ("indicators", "expect_column_values_to_not_be_null", "value"): _first("value", None),
    ("indicators", "expect_column_values_to_not_be_null", "value_norm"): _first("value_norm", None),
    ("indicators", "expect_column_values_to_not_be_null", "unit"): _first("unit", None),
    ("indicators", "expect_column_values_to_be_in_set", "unit_norm"): _first("unit_norm", "furlong"),
    ("indicators", "expect_column_values_to_be_in_set", "direction"): _first("direction", "sideways"),
    ("indicators", "expect_column_values_to_be_in_set", "qualifier"): _first("qualifier", "maybe"),
    ("indicators", "expect_column_values_to_be_in_set", "_span_inside"): _first("span_end", 99),
    ("indicators", "expect_column_values_to_be_in_set", "_span_has_number"):
        lambda df: _first("span_end", 2)(_first("span_start", 0)(df)),  # "重庆": no number in the span
    ("indicators", "expect_column_values_to_be_in_set", "_count_nonnegative"): _first("value_norm", -5.0),
    ("indicators", "expect_column_values_to_not_be_null", "extractor_version"): _first("extractor_version", None),
    # the observations suite's own table of breakers (tests/expectations/test_observations_suite.py)
    **{("observations", *key): breaker for key, breaker in obs.BREAKERS.items()},
}


def _key(check) -> tuple[str, str | None]:
    import re

    name = re.sub(r"(?<!^)(?=[A-Z])", "_", check.expectation).lower()
    kw = check.kwargs
    column = kw.get("column") or (",".join(kw["column_list"]) if "column_list" in kw else None)
    return name, column


def test_every_critical_check_has_a_breaker():
    critical = {(name, *_key(c)) for name, s in suites().items() for c in s.all_checks() if c.severity == CRITICAL}
    assert critical == set(BREAKERS)


def _run(suite: str, frame: pl.DataFrame) -> pl.DataFrame:
    return quality.validate({suite: frame}, batch_id="t", doc_ids=[DOC, "b" * 64])


@pytest.mark.parametrize("suite", sorted(VALID))
def test_valid_frames_pass(suite):
    results = _run(suite, VALID[suite]())
    assert results.height >= 9
    assert quality.failed_critical(results).is_empty(), quality.failed_critical(results).to_dicts()


@pytest.mark.parametrize("key", sorted(BREAKERS, key=str), ids=lambda k: ".".join(str(p) for p in k if p))
def test_breaking_a_critical_check_fails_it(key):
    suite, expectation, column = key
    results = _run(suite, BREAKERS[key](VALID[suite]()))
    failed = {(r["expectation"], r["column"]) for r in quality.failed_critical(results).iter_rows(named=True)}
    assert (expectation, column) in failed, failed


def test_validation_leaves_no_gx_or_pandas_garbage_behind():
    """GX keeps the batch's pandas frames in reference cycles; validate collects them before it returns,
    so a run's memory does not grow batch after batch until Python's next full collection."""
    import gc

    def leftovers() -> list[str]:
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            return [type(o).__module__ for o in gc.garbage
                    if type(o).__module__.split(".")[0] in {"great_expectations", "pandas"}]
        finally:
            gc.garbage.clear()
            gc.set_debug(0)

    frame = VALID["indicators"]()
    gc.collect()
    gc.disable()  # no automatic collection may clean up in between
    try:
        quality._validate({"indicators": frame}, batch_id="t", dq_dir=None, doc_ids=[DOC])
        assert leftovers(), "GX no longer leaves cycles: the collection in validate() can go"
        _run("indicators", frame)
        assert leftovers() == []
    finally:
        gc.enable()


@pytest.mark.parametrize("key", [
    ("indicators", "expect_column_values_to_be_in_set", "_count_nonnegative"),
    ("indicators", "expect_column_values_to_be_in_set", "unit_norm"),
    ("articles", "expect_column_values_to_be_in_set", "kind"),
    ("documents", "expect_column_values_to_be_in_set", "format"),
], ids=lambda k: ".".join(k))
def test_a_failed_row_check_names_the_failing_row(key):
    """The first row is broken: GX names it by the suite's keys, and only it."""
    suite, expectation, column = key
    frame = BREAKERS[key](VALID[suite]())
    results = _run(suite, frame)
    (grain,), = quality.failed_critical(results).filter(pl.col("column") == column).select("grain").rows()
    assert grain == "row"
    failing = quality.failing_rows({suite: frame}, results, doc_ids=[DOC, "b" * 64])
    keys = suites()[suite].keys
    first = frame.row(0, named=True)
    want = ",".join(str(first[k]) for k in keys if k != "doc_id") or None
    assert failing.select("suite", "expectation", "column", "doc_id", "row_key").rows() == [
        (suite, expectation, column, first["doc_id"], want)]


def test_every_failing_row_is_named_however_many():
    """More failing rows than GX's partial list holds (20): the full list comes from the COMPLETE re-run."""
    base = VALID["indicators"]()
    frame = pl.concat([base.with_columns(indicator_id=pl.format("i{}-{}", pl.lit(n), "indicator_id"),
                                         doc_id=pl.lit(DOC if n % 2 else "b" * 64)) for n in range(30)])
    frame = frame.with_columns(value_norm=pl.when(pl.col("unit_norm") == "辆").then(-1.0).otherwise("value_norm"))
    results = _run("indicators", frame)
    failing = quality.failing_rows({"indicators": frame}, results, doc_ids=[DOC, "b" * 64])
    assert failing.height == 30
    assert set(failing.get_column("doc_id")) == {DOC, "b" * 64}
    assert set(failing.get_column("row_key")) == set(frame.filter(pl.col("value_norm") < 0).get_column("indicator_id"))


def test_a_check_that_cannot_run_is_a_batch_failure():
    results = _run("indicators", VALID["indicators"]().drop("unit"))
    failed = quality.failed_critical(results)
    assert failed.filter(pl.col("column") == "unit").get_column("grain").to_list() == ["batch", "batch"]


def test_the_data_docs_index_lists_the_latest_results_and_every_result_is_kept(tmp_path, monkeypatch):
    """GX's index reads back each result it lists, and every batch rebuilds it: bounded, a batch's validation
    does not grow with the history (the review site and dq_results hold the whole of it)."""
    dq = tmp_path / "dq"
    old = dict(quality.SITE_CONFIG, site_index_builder={"class_name": "DefaultSiteIndexBuilder"})
    monkeypatch.setattr(quality, "SITE_CONFIG", old)  # a data dir an older release configured: no limit
    quality.validate({"documents": documents()}, batch_id="20260101T000000Z-aaaaaa", dq_dir=dq, doc_ids=None)
    limited = dict(quality.SITE_CONFIG, site_index_builder={
        "class_name": "DefaultSiteIndexBuilder", "validation_results_limit": 2})
    monkeypatch.setattr(quality, "SITE_CONFIG", limited)
    for n in (1, 2):
        quality.validate({"documents": documents()}, batch_id=f"20260101T00000{n}Z-aaaaaa", dq_dir=dq, doc_ids=None)
    ctx = quality._context(dq)
    assert ctx.get_config().data_docs_sites[quality.SITE]["site_index_builder"]["validation_results_limit"] == 2
    assert len(ctx.validation_results_store.list_keys()) == 3
    index = (dq / "index.html").read_text("utf-8")
    assert "20260101T000002Z-aaaaaa" in index and "20260101T000001Z-aaaaaa" in index
    assert "20260101T000000Z-aaaaaa" not in index
    assert len(list((dq / "validations").rglob("*.html"))) == 3  # every batch's page is kept


def test_a_failed_check_keeps_its_counts_and_the_data_docs_show_its_values(tmp_path):
    """What a batch's validation asks GX for (``quality.BATCH_FORMAT``) still gives dq_results the counts of a
    failed check and the batch's Data Docs page the unexpected values."""
    frame = _first("unit_norm", "弗隆每双周")(VALID["indicators"]())
    dq = tmp_path / "dq"
    results = quality.validate({"indicators": frame}, batch_id="20260101T000000Z-aaaaaa", dq_dir=dq,
                               doc_ids=[DOC, "b" * 64])
    row = quality.failed_critical(results).filter(pl.col("column") == "unit_norm").row(0, named=True)
    assert (row["unexpected_count"], row["unexpected_percent"]) == (1, 50.0)
    (page,) = (dq / "validations" / "indicators").rglob("*.html")
    assert "弗隆每双周" in page.read_text("utf-8")
