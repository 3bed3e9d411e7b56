"""The ``series`` view over the warehouse's ``observations`` table, and the query behind ``zhibiao series``.

``series`` (CONTRACT.md) groups the observations whose metric, region and start date are known by
(``metric_id``, ``region_code``, ``period_kind``, ``period_start``, ``period_end``, ``measure``,
``is_target``): ``value`` and ``unit`` are the ones most documents state (ties: the most rows, then the
smaller value, so the view is deterministic), ``n_documents`` the distinct documents that state any
value for the key, ``conflict`` true when they state different values (or units), ``indicator_ids`` every
``indicators`` row behind it, sorted. ``metric_name`` and ``region_name`` come along for reading.

Connections are the caller's; values travel as parameters.
"""

from __future__ import annotations

import duckdb
import polars as pl

from transforms import catalogue, observations

# the table's columns as DuckDB types, in the contract's order (for CREATE TABLE; the frame is
# transforms.observations.OBSERVATION_SCHEMA)
OBSERVATIONS_COLUMNS = """
    indicator_id VARCHAR, doc_id VARCHAR, metric_id VARCHAR, metric_name VARCHAR, region_code VARCHAR,
    region_name VARCHAR, period_kind VARCHAR, period_start DATE, period_end DATE, measure VARCHAR,
    value DOUBLE, unit VARCHAR, is_target BOOLEAN"""

SERIES_KEY = ("metric_id", "region_code", "period_kind", "period_start", "period_end", "measure", "is_target")
_KEY = ", ".join(SERIES_KEY)

SERIES_VIEW = f"""
CREATE OR REPLACE VIEW series AS
WITH stated AS (
    -- each distinct value (and unit) stated for a key, with the documents and rows that state it
    SELECT {_KEY}, value, unit,
           any_value(metric_name) AS metric_name, any_value(region_name) AS region_name,
           list(DISTINCT doc_id) AS doc_ids, list(indicator_id) AS ids
    FROM observations
    WHERE metric_id IS NOT NULL AND region_code IS NOT NULL AND period_start IS NOT NULL
    GROUP BY {_KEY}, value, unit
)
SELECT metric_id, any_value(metric_name) AS metric_name, region_code, any_value(region_name) AS region_name,
       period_kind, period_start, period_end, measure, is_target,
       first(value ORDER BY len(doc_ids) DESC, len(ids) DESC, value) AS value,
       first(unit ORDER BY len(doc_ids) DESC, len(ids) DESC, value) AS unit,
       len(list_distinct(flatten(list(doc_ids)))) AS n_documents,
       count(*) > 1 AS conflict,
       list_sort(flatten(list(ids))) AS indicator_ids
FROM stated
GROUP BY {_KEY}
"""

QUERY = """
SELECT * FROM series
WHERE metric_id = $metric AND region_code = $region AND ($measure IS NULL OR measure = $measure)
ORDER BY period_start, period_end, period_kind, measure, is_target
"""


class UnknownKey(ValueError):
    """A metric or region the catalogue or the gazetteer cannot resolve; ``str(exc)`` says which."""


def create_view(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the ``series`` view; the ``observations`` table must exist."""
    con.execute(SERIES_VIEW)


def ensure_view(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``series`` view once the warehouse has an ``observations`` table and no view yet."""
    names = {r[0]: r[1] for r in con.execute(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_name IN ('observations', 'series')"
    ).fetchall()}
    if "observations" in names and "series" not in names:
        create_view(con)


def metric_id(text: str) -> str:
    """The catalogue id of a metric given as id, name or alias (``gdp``, ``规模以上工业增加值``, ``社零``)."""
    found = catalogue.resolve(text.strip())
    if found is None:
        raise UnknownKey(f"unknown metric {text!r}: not an id, name or alias of the catalogue")
    return found


def region_code(text: str) -> str:
    """The 6-digit code of a region given as code, full or short name (``440000``, ``广东省``, ``广东``,
    ``全国``); a name of several places raises."""
    text = text.strip()
    names = observations.region_names()
    if text in names:
        return text
    code, _name = observations.region(text)
    if code is None:
        raise UnknownKey(f"unknown region {text!r}: not a code or a name of exactly one division")
    return code


def query(con: duckdb.DuckDBPyConnection, *, metric: str, region: str, measure: str | None = None) -> pl.DataFrame:
    """The series of one metric in one region (all measures, or one), in date order.

    ``metric`` and ``region`` may be ids/codes, names or aliases; an unknown one raises :class:`UnknownKey`.
    """
    if measure is not None and measure not in observations.MEASURES:
        raise UnknownKey(f"unknown measure {measure!r}: one of {', '.join(observations.MEASURES)}")
    params = {"metric": metric_id(metric), "region": region_code(region), "measure": measure}
    return con.sql(QUERY, params=params).pl()


UNMAPPED = """
SELECT i.metric AS phrase, count(*) AS rows, count(DISTINCT i.doc_id) AS documents
FROM observations o JOIN indicators i USING (indicator_id)
WHERE o.metric_id IS NULL AND i.metric IS NOT NULL
GROUP BY i.metric
ORDER BY rows DESC, documents DESC, phrase
LIMIT $top
"""


def unmapped(con: duckdb.DuckDBPyConnection, *, top: int = 20) -> pl.DataFrame:
    """The metric phrases the catalogue does not map, most frequent first (phrase, rows, documents): the
    catalogue's to-do list, for ``zhibiao dq``. Needs the ``indicators`` and ``observations`` tables."""
    return con.sql(UNMAPPED, params={"top": top}).pl()


def conflicts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The series whose documents disagree (for ``zhibiao dq``): the whole warehouse, not one batch."""
    return con.sql(f"SELECT * FROM series WHERE conflict ORDER BY {_KEY}").pl()
