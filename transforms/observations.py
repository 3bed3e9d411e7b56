"""Indicator rows resolved to canonical keys: the ``observations`` table of CONTRACT.md.

:func:`observations` takes the ``indicators`` frame (its contract columns, plus ``basis`` and, when the
extractor provides it, ``region_code``) and the ``documents`` frame (``doc_id``, ``published_on``) and
returns one row per indicator row with a value: its metric as a catalogue id
(:mod:`transforms.catalogue`), its region as a GB/T 2260 code, its period as dates
(:mod:`transforms.periods`), what the value measures and the value signed. Rows whose metric, region or
period cannot be resolved keep nulls there (the ``series`` view leaves them out; the unmapped metric
phrases are the catalogue's to-do list). Pure: frames in, a frame out; each distinct metric phrase,
region name and period is resolved once, then joined back.

Measure (``measure``), from the unit, the comparison base (``basis``, and the metric phrase where the
extractor left it there), the direction and the catalogue:

- ``share``: a share (``占…比重``, ``占比``, ``比重``) stated in % or ‰;
- ``pp``: a change in percentage points (``个百分点``);
- ``mom``: a % change on the previous month, quarter, ten days or week (``环比``, ``比上月``);
- ``other``: a % change on another base (``两年平均``, ``年均``, ``比2019年`` two or more years back,
  ``比年初``), a multiple (``倍``), or a change stated as an amount (``增加300亿元``, ``净增13万亿元``);
- ``yoy``: a % change on the same period a year earlier: ``同比``, ``比上年``, ``比2018年`` for a 2019
  figure, and any other % with a direction or a growth word (``增速``, ``涨幅``) or of a metric that
  is an amount or an index (a % of GDP or of the CPI is its growth unless it is a share);
- ``level``: everything else: an amount or a rate as stated (``城镇调查失业率5.2%``).

``value`` is ``value_norm``, negative for a decrease (``下降3.2%`` → -3.2), rounded to 12 significant
digits so that ``1.14万亿`` and ``11400亿`` give the same number.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from transforms import catalogue, periods, regions
from transforms.regions import code6

OBSERVATION_SCHEMA = {
    "indicator_id": pl.String,
    "doc_id": pl.String,
    "metric_id": pl.String,
    "metric_name": pl.String,
    "region_code": pl.String,
    "region_name": pl.String,
    "period_kind": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "measure": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "is_target": pl.Boolean,
}
MEASURES = ("level", "yoy", "mom", "pp", "share", "other")
NATIONAL_CODE = "000000"
NATIONAL_NAME = "全国"
NATIONAL_NAMES = frozenset({"全国", "中国", "我国", "我们国家", "国内", "全国平均", "全国范围"})
PERCENT_UNITS = ("%", "‰")
SIGNIFICANT_DIGITS = 12

RE_MOM = r"环比|(?:比|较)上一?(?:个)?(?:月|季度|季|旬|周)|(?:比|较)\d{1,2}月份?(?:末)?"
RE_OTHER = r"两年平均|三年平均|年均|(?:比|较)年初|(?:比|较)前年|十年"
RE_YOY = r"同比|(?:比|较)(?:上年|去年|上一年|前一年)"
RE_BASE_YEAR = r"(?:比|较)(\d{4})年"
RE_GROWTH = r"增速|增长|增幅|涨幅|降幅|跌幅|上涨|下降|下跌|回落|提高|提升|增加|减少|回升|增长率"
RE_SHARE_PHRASE = r"占|比重|占比|份额"


# --- regions ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """6-digit code → full name of every division in the gazetteer, and ``000000`` → ``全国``."""
    out = {NATIONAL_CODE: NATIONAL_NAME}
    for alias, code, _level, full in regions.rows():
        c = code6(code)
        if c is not None and (c not in out or alias == full):
            out[c] = full
    return out


def region_codes() -> frozenset[str]:
    """Every code an observation may carry: the gazetteer's divisions and ``000000``."""
    return frozenset(region_names())


@lru_cache(maxsize=65536)
def region(name: str | None) -> tuple[str | None, str | None]:
    """(code, full name) of a region as the extractor names it, when the gazetteer gives one reading:
    ``广东`` → (``440000``, ``广东省``), ``全国`` → (``000000``, ``全国``); a zone keeps its name without a code
    (``两江新区``); a name of several places (``朝阳区``) or none gives (None, None).

    >>> region("广东"), region("苏州市"), region("全国")
    (('440000', '广东省'), ('320500', '苏州市'), ('000000', '全国'))
    >>> region("河南"), region("朝阳区")
    (('410000', '河南省'), (None, None))
    """
    if not name:
        return None, None
    if name in NATIONAL_NAMES:
        return NATIONAL_CODE, NATIONAL_NAME
    entries = regions.gazetteer().entries.get(name)
    if not entries:
        return None, None
    # as the gazetteer ranks readings: the name written in full first, then the larger division (河南 is the
    # province before 河南县, 河北 before 天津's 河北区); two readings of the same rank are two places
    def rank(e: regions.Entry) -> tuple[bool, int]:
        return e.full_name != name, e.level

    best = min(rank(e) for e in entries)
    top = {(e.code, e.full_name) for e in entries if rank(e) == best}
    if len(top) != 1:
        return None, None
    (code, full_name), = top
    return code6(code), full_name


# --- metrics ---------------------------------------------------------------------------------------
METRIC_COLUMNS = {"metric": pl.String, "metric_id": pl.String, "metric_name": pl.String, "_share": pl.Boolean,
                  "_metric_kind": pl.String}


def _metrics(phrases: pl.Series) -> pl.DataFrame:
    cat = catalogue.load()
    rows = []
    for phrase in phrases.unique().to_list():
        m = catalogue.match(phrase)
        rows.append((phrase, m.id, m.name, m.share, cat.metrics[m.id].kind) if m else (phrase, None, None, False, None))
    return pl.DataFrame(rows, schema=METRIC_COLUMNS, orient="row")


def _regions(frame: pl.DataFrame) -> pl.DataFrame:
    """``region_code`` and ``region_name``: from the extractor's code when it gives one, else from the name."""
    if "region_code" in frame.columns:
        names = region_names()
        code = pl.col("region_code").cast(pl.String)
        code = pl.when(code.str.contains(r"^(?:\d{2}){1,3}$")).then(code.str.pad_end(6, "0"))
        return frame.with_columns(
            region_code=pl.when(code.is_in(list(names))).then(code),
            region_name=code.replace_strict(names, default=None, return_dtype=pl.String),
        )
    table = pl.DataFrame(
        [(name, *region(name)) for name in frame.get_column("region").unique().to_list()],
        schema={"region": pl.String, "region_code": pl.String, "region_name": pl.String}, orient="row",
    )
    return frame.join(table, on="region", how="left", nulls_equal=True, maintain_order="left")


# --- the table -------------------------------------------------------------------------------------
def observations(indicators: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """One observation per indicator row with a value (``OBSERVATION_SCHEMA``), in the rows' order.

    ``indicators``: ``indicator_id``, ``doc_id``, ``metric``, ``region``, ``value_norm``, ``unit_norm``,
    ``direction``, ``period``, ``is_target`` and, when present, ``basis`` and ``region_code``;
    ``documents``: ``doc_id`` and ``published_on`` (a document without a row, or without a date, resolves
    its periods from their own years only).
    """
    frame = indicators.filter(pl.col("value_norm").is_not_null() & pl.col("unit_norm").is_not_null())
    if "basis" not in frame.columns:
        frame = frame.with_columns(basis=pl.lit(None, pl.String))
    published = documents.select("doc_id", pl.col("published_on").cast(pl.Date)).unique("doc_id", keep="first")
    frame = frame.join(published, on="doc_id", how="left", maintain_order="left")
    frame = frame.with_columns(pl.col("metric").cast(pl.String), pl.col("period").cast(pl.String),
                               pl.col("is_target").fill_null(False))
    frame = frame.join(_metrics(frame.get_column("metric")), on="metric", how="left", nulls_equal=True,
                       maintain_order="left")
    frame = _regions(frame)
    frame = periods.dated(frame, period="period", published="published_on", target="is_target")
    frame = frame.with_columns(measure=measure_expr(), value=value_expr(), unit=pl.col("unit_norm"))
    return frame.select(pl.col(name).cast(dtype) for name, dtype in OBSERVATION_SCHEMA.items())


def measure_expr() -> pl.Expr:
    """The ``measure`` of each row (see the module doc); reads unit_norm, direction, basis, metric,
    _share, _metric_kind and period_start."""
    unit = pl.col("unit_norm")
    words = pl.concat_str(pl.col("basis").fill_null(""), pl.lit(" "), pl.col("metric").fill_null(""))
    pct = unit.is_in(PERCENT_UNITS)
    base_year = words.str.extract(RE_BASE_YEAR, 1).cast(pl.Int32, strict=False)
    year_before = base_year == pl.col("period_start").dt.year() - 1
    mom = words.str.contains(RE_MOM)
    other = words.str.contains(RE_OTHER) | (base_year.is_not_null() & ~year_before.fill_null(False))
    yoy = words.str.contains(RE_YOY) | year_before.fill_null(False)
    changed = pl.col("direction").is_not_null()
    share = pl.col("_share").fill_null(False) | (
        pl.col("metric_id").is_null() & pl.col("metric").fill_null("").str.contains(RE_SHARE_PHRASE) & ~changed)
    growth = pl.col("metric").fill_null("").str.contains(RE_GROWTH)
    amount_or_index = pl.col("_metric_kind").is_in(["flow", "stock", "index"]).fill_null(False)
    return (
        pl.when(unit == "个百分点").then(pl.lit("pp"))
        .when(pct & share).then(pl.lit("share"))
        .when(pct & mom).then(pl.lit("mom"))
        .when(pct & other & ~yoy).then(pl.lit("other"))
        .when(pct & (yoy | changed | growth | amount_or_index)).then(pl.lit("yoy"))
        .when(pct).then(pl.lit("level"))
        .when(unit == "倍").then(pl.lit("other"))
        .when(changed).then(pl.lit("other"))
        .otherwise(pl.lit("level"))
    )


def value_expr() -> pl.Expr:
    """``value_norm`` signed (a decrease is negative), to 12 significant digits."""
    v = pl.col("value_norm").cast(pl.Float64)
    signed = pl.when(pl.col("direction") == "down").then(-v).otherwise(v)
    return signed.round_sig_figs(SIGNIFICANT_DIGITS)
