"""The ``series`` view and its query, on an in-memory DuckDB fed by ``transforms.observations``."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from flows import series
from transforms import observations

INDICATOR_COLUMNS = {
    "indicator_id": pl.String, "doc_id": pl.String, "metric": pl.String, "region": pl.String,
    "value_norm": pl.Float64, "unit_norm": pl.String, "direction": pl.String, "basis": pl.String,
    "period": pl.String, "is_target": pl.Boolean,
}


def _indicators(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=INDICATOR_COLUMNS, orient="row")


def _documents(dates: dict[str, date | None]) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": list(dates), "published_on": list(dates.values())},
                        schema={"doc_id": pl.String, "published_on": pl.Date})


def _warehouse(obs: pl.DataFrame) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE observations ({series.OBSERVATIONS_COLUMNS})")
    con.execute("INSERT INTO observations SELECT * FROM obs")
    series.create_view(con)
    return con


def test_two_documents_one_series_row_with_a_conflict():
    """Two papers report Guangdong's industrial growth for April, one with another figure (and one of them
    states it twice): one series row, two documents, a conflict."""
    inds = _indicators([
        ("a1", "A", "规模以上工业增加值增速", "广东", 6.5, "%", "up", "同比", "4月份", False),
        ("a2", "A", "规上工业增加值", "广东省", 6.5, "%", "up", "同比", "2024年4月份", False),
        ("b1", "B", "全省规模以上工业增加值", "广东", 6.8, "%", "up", "同比", "4月份", False),
        ("b2", "B", "规模以上工业增加值", "广东", 1.2e11, "元", None, None, "4月份", False),
        ("c1", "C", "新景区接待游客", "广东", 3.0e6, "人次", None, None, "4月份", False),  # not in the catalogue
    ])
    obs = observations.observations(inds, _documents({"A": date(2024, 5, 16), "B": date(2024, 5, 20), "C": None}))
    con = _warehouse(obs)
    growth = con.sql("SELECT * FROM series WHERE measure = 'yoy'").pl()
    assert growth.height == 1
    row = growth.row(0, named=True)
    assert (row["metric_id"], row["region_code"], row["period_kind"]) == ("industrial_value_added", "440000", "month")
    assert (row["period_start"], row["period_end"]) == (date(2024, 4, 1), date(2024, 4, 30))
    assert row["n_documents"] == 2 and row["conflict"] is True
    assert row["value"] == 6.5  # one document each: the rows decide (A states it twice)
    assert row["indicator_ids"] == ["a1", "a2", "b1"]
    assert (row["metric_name"], row["region_name"]) == ("规模以上工业增加值", "广东省")
    levels = con.sql("SELECT * FROM series WHERE measure = 'level'").pl()
    assert levels.get_column("conflict").to_list() == [False]
    assert con.sql("SELECT count(*) FROM series").fetchall() == [(2,)]  # the unmapped row is not a series


def test_value_most_documents_state_and_no_conflict_when_they_agree():
    rows = [(f"{d}1", d, "地区生产总值", "全国", v, "%", "up", "比上年", "2023年", False)
            for d, v in (("A", 5.2), ("B", 5.2), ("C", 5.3))]
    rows.append(("D1", "D", "国内生产总值", "全国", 1.26e14, "元", None, None, "2023年", False))
    rows.append(("E1", "E", "GDP", "中国", 1.26e14, "元", None, None, "全年", False))
    obs = observations.observations(_indicators(rows), _documents({d: date(2024, 3, 1) for d in "ABCDE"}))
    con = _warehouse(obs)
    out = con.sql("SELECT measure, value, n_documents, conflict FROM series ORDER BY measure").fetchall()
    assert out == [("level", 1.26e14, 2, False), ("yoy", 5.2, 3, True)]


def test_rows_without_metric_region_or_date_are_not_series():
    rows = [
        ("x1", "A", "地区生产总值", None, 5.0, "%", "up", None, "2023年", False),
        ("x2", "A", "地区生产总值", "全国", 5.0, "%", "up", None, "4月份", False),  # no date for A: undated
        ("x3", "A", "天气", "全国", 5.0, "%", "up", None, "2023年", False),
    ]
    con = _warehouse(observations.observations(_indicators(rows), _documents({"A": None})))
    assert con.sql("SELECT count(*) FROM observations").fetchall() == [(3,)]
    assert con.sql("SELECT count(*) FROM series").fetchall() == [(0,)]


@pytest.fixture
def warehouse():
    rows = [
        ("g1", "A", "规上工业增加值", "广东", 6.5, "%", "up", "同比", "4月份", False),
        ("g2", "A", "规上工业增加值", "广东", 7.1, "%", "up", "同比", "3月份", False),
        ("g3", "A", "规上工业增加值", "广东", 0.4, "个百分点", "down", "比上月", "4月份", False),
        ("s1", "A", "规上工业增加值", "苏州", 8.0, "%", "up", "同比", "4月份", False),
        ("t1", "A", "规上工业增加值", "广东", 6.0, "%", None, None, "全年", True),
    ]
    return _warehouse(observations.observations(_indicators(rows), _documents({"A": date(2024, 5, 16)})))


@pytest.mark.parametrize(("metric", "region"), [
    ("industrial_value_added", "440000"), ("规模以上工业增加值", "广东"), ("规上工业增加值", "广东省"),
])
def test_query_by_id_name_or_alias(warehouse, metric, region):
    out = series.query(warehouse, metric=metric, region=region, measure="yoy")
    assert out.get_column("value").to_list() == [6.0, 7.1, 6.5]  # the year's target (from January), March, April
    assert out.get_column("is_target").to_list() == [True, False, False]
    assert set(out.get_column("region_code").to_list()) == {"440000"}


def test_query_all_measures_in_date_order(warehouse):
    out = series.query(warehouse, metric="规上工业增加值", region="广东")
    assert out.select("period_start", "measure", "value").rows() == [
        (date(2024, 1, 1), "yoy", 6.0), (date(2024, 3, 1), "yoy", 7.1), (date(2024, 4, 1), "pp", -0.4),
        (date(2024, 4, 1), "yoy", 6.5)]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"metric": "天气", "region": "广东"}, "unknown metric"),
    ({"metric": "gdp", "region": "火星"}, "unknown region"),
    ({"metric": "gdp", "region": "朝阳区"}, "unknown region"),
    ({"metric": "gdp", "region": "广东", "measure": "qoq"}, "unknown measure"),
])
def test_query_rejects_unknown_keys(warehouse, kwargs, message):
    with pytest.raises(series.UnknownKey, match=message):
        series.query(warehouse, **kwargs)


def test_conflicts_lists_the_disagreeing_series():
    rows = [("a", "A", "出口", "全国", 5.0, "%", "up", "同比", "2023年", False),
            ("b", "B", "出口总额", "全国", 5.5, "%", "up", "同比", "2023年", False),
            ("c", "A", "进口", "全国", 1.0, "%", "up", "同比", "2023年", False)]
    con = _warehouse(observations.observations(_indicators(rows), _documents({"A": None, "B": None})))
    out = series.conflicts(con)
    assert out.get_column("metric_id").to_list() == ["exports"]
    assert out.get_column("indicator_ids").to_list() == [["a", "b"]]


def test_the_view_reads_the_contract_columns():
    con = duckdb.connect()
    con.execute(f"CREATE TABLE observations ({series.OBSERVATIONS_COLUMNS})")
    series.create_view(con)
    cols = [r[0] for r in con.execute("DESCRIBE series").fetchall()]
    assert cols == ["metric_id", "metric_name", "region_code", "region_name", "period_kind", "period_start",
                    "period_end", "measure", "is_target", "value", "unit", "n_documents", "conflict", "indicator_ids"]
    table = [r[0] for r in con.execute("DESCRIBE observations").fetchall()]
    assert table == list(observations.OBSERVATION_SCHEMA)


def test_unmapped_phrases_most_frequent_first():
    rows = [("u1", "A", "门票收入", "全国", 5.0, "%", "up", None, "2023年", False),
            ("u2", "B", "门票收入", "全国", 6.0, "%", "up", None, "2023年", False),
            ("u3", "A", "酒店入住率", "全国", 70.0, "%", None, None, "2023年", False),
            ("u4", "A", "出口", "全国", 1.0, "%", "up", None, "2023年", False),
            ("u5", "A", None, "全国", 1.0, "%", "up", None, "2023年", False)]
    inds = _indicators(rows)
    con = _warehouse(observations.observations(inds, _documents({"A": None, "B": None})))
    con.execute("CREATE TABLE indicators AS SELECT * FROM inds")
    assert series.unmapped(con).rows() == [("门票收入", 2, 2), ("酒店入住率", 1, 1)]
    assert series.unmapped(con, top=1).height == 1
