"""Validate frames with Great Expectations suites from ``expectations/``; results as a polars frame.

Great Expectations is imported inside the functions: ``zhibiao --help`` and runs with nothing new
never pay for it. GX has no polars or DuckDB datasource, so frames are validated as pandas.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import json
import logging
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from expectations import BATCH, CRITICAL, DQ_SCHEMA, ROW, Suite, suites

SITE = "zhibiao"
# GX's Data Docs index reads back every validation result it lists (≈ 8 ms each here), and each batch rebuilds
# it: unbounded, an hourly schedule's validation would grow by ≈ 0.1 s a day (measured: 3.5 s → 5.1 s per
# one-document batch over 60 batches). The index lists the latest results; every result and every batch's
# pages stay on disk, the review site links each batch to its pages, and dq_results holds the whole history.
INDEX_RESULTS = 40  # 10 batches of the four suites
SITE_CONFIG = {
    "class_name": "SiteBuilder",
    # relative to the gx/ root: the site lands in dq_dir itself
    "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": "../"},
    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "validation_results_limit": INDEX_RESULTS},
}


def _context(dq_dir: Path | None):
    """A file-backed GX context under ``dq_dir`` (results kept, Data Docs at ``dq_dir/index.html``),
    or an ephemeral one when ``dq_dir`` is None."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    if dq_dir is None:
        ctx = gx.get_context(mode="ephemeral")
    else:
        dq_dir.mkdir(parents=True, exist_ok=True)
        ctx = gx.get_context(mode="file", project_root_dir=str(dq_dir))
        sites = ctx.get_config().data_docs_sites or {}
        if SITE not in sites:
            ctx.add_data_docs_site(site_name=SITE, site_config=SITE_CONFIG)
            for other in list(ctx.get_config().data_docs_sites or {}):
                if other != SITE:
                    ctx.delete_data_docs_site(other)
        elif dict(sites[SITE].get("site_index_builder") or {}) != SITE_CONFIG["site_index_builder"]:
            ctx.update_data_docs_site(site_name=SITE, site_config=SITE_CONFIG)  # a data dir of an older release
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def _gx_suite(suite: Suite, *, with_documents: bool):
    """The GX suite of ``suite``; the batch's doc_ids are a suite parameter (``$PARAMETER``), so the suite
    is the same for every batch and is stored once, not once per batch."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    expectations, spec = [], []
    for check in suite.all_checks():
        kwargs = dict(check.kwargs)
        if check.needs == "documents":
            if not with_documents:
                continue  # standalone validation of one file: no documents to check against
            kwargs["value_set"] = {"$PARAMETER": DOC_IDS}
        expectations.append(getattr(gxe, check.expectation)(
            **kwargs, meta={"severity": check.severity, "grain": check.grain}))
        spec.append([check.expectation, kwargs, check.severity, check.grain])
    fingerprint = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:16]
    # built in one call: `add_expectation` on a suite the store already knows writes the whole suite
    # to disk once per expectation
    return gx.ExpectationSuite(name=suite.name, expectations=expectations, meta={FINGERPRINT: fingerprint})


DOC_IDS = "doc_ids"  # the suite parameter holding the batch's document ids
FINGERPRINT = "zhibiao_fingerprint"


def _stored_suite(ctx, gsuite):
    """The stored suite when it has ``gsuite``'s checks, else ``gsuite`` stored (first run, changed checks)."""
    from great_expectations.exceptions import DataContextError

    try:
        stored = ctx.suites.get(gsuite.name)
    except DataContextError:  # not stored yet
        stored = None
    if stored is not None and (stored.meta or {}).get(FINGERPRINT) == gsuite.meta[FINGERPRINT]:
        return stored
    return ctx.suites.add_or_update(gsuite)


def _stored_definition(ctx, name: str, batch_def, gsuite):
    import great_expectations as gx
    from great_expectations.exceptions import DataContextError

    try:
        vd = ctx.validation_definitions.get(name)
    except DataContextError:  # not stored yet
        vd = None
    if vd is not None and vd.suite.id == gsuite.id and vd.data.id == batch_def.id:
        return vd
    return ctx.validation_definitions.add_or_update(gx.ValidationDefinition(name=name, data=batch_def, suite=gsuite))


def to_pandas(frame: pl.DataFrame):
    """pandas view of a frame for GX; list columns (tokens) are left out."""
    keep = [c for c, t in frame.schema.items() if not isinstance(t, pl.List)]
    return frame.select(keep).to_pandas()


def validate(
    frames: Mapping[str, pl.DataFrame],
    *,
    batch_id: str,
    dq_dir: Path | None = None,
    doc_ids: list[str] | None = None,
) -> pl.DataFrame:
    """Run the suite named after each frame's table; one result row per expectation (DQ_SCHEMA)."""
    results = _validate(frames, batch_id=batch_id, dq_dir=dq_dir, doc_ids=doc_ids)
    # GX's validators leave the pandas copies of the batch in reference cycles that only a full
    # collection frees: without this a run's memory grows by about a batch's frames per batch until
    # Python happens to run one (measured: the flow's process 0.71 → 0.93 GB over 13 batches)
    gc.collect()
    return results


# What each batch's validation asks GX for: success, observed value, unexpected count and percent (what
# dq_results keeps) and the first unexpected values (what Data Docs shows). SUMMARY would add a value count
# of the unexpected values per check, more metrics for every map check: ≈ 0.7 of the ≈ 3 CPU s a batch's
# validation costs whatever its size (105 checks; measured on 1 and on 143 documents), which a one-document
# scheduled run pays once and a 30 MB run once per sub-batch.
BATCH_FORMAT = "BASIC"


def _validate(
    frames: Mapping[str, pl.DataFrame], *, batch_id: str, dq_dir: Path | None, doc_ids: list[str] | None
) -> pl.DataFrame:
    ctx = _context(dq_dir)
    checked_at = datetime.now(UTC)
    rows: list[dict] = []
    for table, result in _run(ctx, frames, batch_id=batch_id, checked_at=checked_at, doc_ids=doc_ids,
                              result_format=BATCH_FORMAT):
        rows.extend(_rows(result, batch_id=batch_id, suite=table, checked_at=checked_at))
    if dq_dir is not None:
        # render only this batch's pages (and the index): re-rendering every stored result would make
        # each run slower than the last as the history grows
        ctx.build_data_docs(site_names=[SITE], resource_identifiers=_stored_results(ctx, frames, batch_id=batch_id))
    return pl.DataFrame(rows, schema=DQ_SCHEMA)


def _stored_results(ctx, tables: Mapping[str, pl.DataFrame], *, batch_id: str) -> list:
    """The identifiers of the results the batch's validation stored, read from the batch's own folder of
    each suite in the results store (``<suite>/<batch_id>/…``): listing every stored result to pick the
    batch's costs ≈ 0.16 ms a result (1.3 s a batch on 8,056 results), ≈ 5.7 s after a year hourly."""
    store = ctx.validation_results_store
    names = [suites()[table].name for table in tables]
    return [store.tuple_to_key(key) for name in names for key in store.store_backend.list_keys(prefix=(name, batch_id))]


# one row per failing row of a failed critical row check: which check, and the row's keys
FAILING_SCHEMA = {"suite": pl.String, "expectation": pl.String, "column": pl.String, "doc_id": pl.String,
                  "row_key": pl.String}


def failing_rows(
    frames: Mapping[str, pl.DataFrame], results: pl.DataFrame, *, doc_ids: list[str] | None = None
) -> pl.DataFrame:
    """The rows behind each failed critical row check of ``results`` (FAILING_SCHEMA), as GX lists them.

    The suites with such a failure are validated again in an ephemeral context with the ``COMPLETE``
    result format, whose unexpected index list names every failing row by the suite's key columns
    (``doc_id`` and the row's own key). Failures are rare, so the usual run never pays for the full lists.
    """
    failed = failed_critical(results).filter(pl.col("grain") == ROW)
    tables = [t for t in frames if t in set(failed.get_column("suite").to_list())]
    if not tables:
        return pl.DataFrame(schema=FAILING_SCHEMA)
    wanted = set(failed.select("suite", "expectation", "column").iter_rows())
    out: list[tuple] = []
    for table, result in _run(_context(None), {t: frames[t] for t in tables}, batch_id="failing-rows",
                              checked_at=datetime.now(UTC), doc_ids=doc_ids, result_format="COMPLETE"):
        keys = suites()[table].keys
        for er in result.results:
            cfg = er.expectation_config
            column = cfg.kwargs.get("column") or ",".join(cfg.kwargs.get("column_list") or [])
            if er.success or (table, cfg.type, column or None) not in wanted:
                continue
            for hit in (er.result or {}).get("unexpected_index_list") or []:
                if not isinstance(hit, dict):  # no key columns in the frame: GX lists positions only
                    continue
                doc = _text(hit.get("doc_id"))
                own = [_text(hit.get(k)) for k in keys if k != "doc_id"]
                out.append((table, cfg.type, column or None, doc, ",".join(k for k in own if k is not None) or None))
    gc.collect()
    return pl.DataFrame(out, schema=FAILING_SCHEMA, orient="row").unique(maintain_order=True)


def _text(value: object) -> str | None:
    """A key value as GX hands it back (NaN for a missing value in pandas) as text, or None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _run(ctx, frames: Mapping[str, pl.DataFrame], *, batch_id: str, checked_at: datetime,
         doc_ids: list[str] | None, result_format: str) -> Iterator[tuple[str, object]]:
    """(table, GX validation result) for each frame, validated by the suite named after its table.

    With ``COMPLETE`` (:func:`failing_rows`), failing rows are reported by the suite's key columns
    (``unexpected_index_column_names``), so a failure names the documents its rows come from. The usual
    run (:data:`BATCH_FORMAT`) asks for no index columns: GX would build the key list of every unexpected
    row even of a warning that tolerates them (``mostly``: half the rows of a batch), which cost 10 of the
    15 s the validation of an 8 MB batch took."""
    from great_expectations.core.run_identifier import RunIdentifier

    source = ctx.data_sources.add_or_update_pandas("zhibiao")
    all_suites = suites()
    for table, frame in frames.items():
        suite = all_suites[table]
        asset = next((a for a in source.assets if a.name == table), None) or source.add_dataframe_asset(table)
        batch_def = next(iter(asset.batch_definitions), None) or asset.add_batch_definition_whole_dataframe("batch")
        gsuite = _stored_suite(ctx, _gx_suite(suite, with_documents=doc_ids is not None))
        vd = _stored_definition(ctx, table, batch_def, gsuite)
        keys = [k for k in suite.keys if k in frame.columns] if result_format == "COMPLETE" else []
        fmt = {"result_format": result_format, "unexpected_index_column_names": keys} if keys else result_format
        result = vd.run(
            batch_parameters={"dataframe": to_pandas(suite.prepared(frame))},
            expectation_parameters={DOC_IDS: doc_ids or []},
            result_format=fmt,
            run_id=RunIdentifier(run_name=batch_id, run_time=checked_at),
        )
        yield table, result


def _rows(result, *, batch_id: str, suite: str, checked_at: datetime) -> list[dict]:
    rows = []
    for er in result.results:
        cfg = er.expectation_config
        kwargs = {k: v for k, v in cfg.kwargs.items() if k != "batch_id"}
        if "value_set" in kwargs and len(kwargs["value_set"]) > 50:
            kwargs["value_set"] = f"<{len(kwargs['value_set'])} values>"
        res = er.result or {}
        observed = res.get("observed_value")
        raised = _exception(er.exception_info)
        if raised is not None:
            observed = "error: " + raised[:200]
        rows.append({
            "batch_id": batch_id, "suite": suite, "expectation": cfg.type,
            "column": kwargs.get("column") or (",".join(kwargs["column_list"]) if "column_list" in kwargs else None),
            "kwargs": json.dumps(kwargs, ensure_ascii=False, default=str),
            "severity": (cfg.meta or {}).get("severity", CRITICAL),
            "success": bool(er.success),
            "observed_value": None if observed is None else json.dumps(observed, ensure_ascii=False, default=str),
            "unexpected_count": res.get("unexpected_count"),
            "unexpected_percent": res.get("unexpected_percent"),
            "checked_at": checked_at,
            # a check that could not run (a missing column) says nothing about single rows
            "grain": BATCH if raised is not None else (cfg.meta or {}).get("grain", BATCH),
        })
    return rows


def _exception(info: dict | None) -> str | None:
    """The message of an exception GX caught while checking, or None. GX reports it either flat
    (``{"raised_exception": True, "exception_message": …}``) or per metric it could not compute
    (``{"<metric id>": {"raised_exception": True, …}}``, e.g. a column the frame does not have)."""
    for part in [info or {}, *(v for v in (info or {}).values() if isinstance(v, dict))]:
        if part.get("raised_exception"):
            return str(part.get("exception_message", ""))
    return None


def failed_critical(results: pl.DataFrame) -> pl.DataFrame:
    """The critical expectations that failed."""
    return results.filter(~pl.col("success") & (pl.col("severity") == CRITICAL))


def metrics(tables: Mapping[str, pl.DataFrame], *, batch_id: str) -> pl.DataFrame:
    """One row of batch metrics: volume, yield and null rates (``dq_metrics``)."""
    arts, inds = tables["articles"], tables["indicators"]
    chars = int(arts.get_column("char_count").sum() or 0)
    n = inds.height

    def null_rate(col: str) -> float | None:
        return inds.get_column(col).null_count() / n if n else None

    return pl.DataFrame([{
        "batch_id": batch_id,
        "documents": tables["documents"].height,
        "characters": chars,
        "indicators": n,
        "indicators_per_1k_chars": 1000 * n / chars if chars else None,
        "null_rate_region": null_rate("region"),
        "null_rate_period": null_rate("period"),
        "null_rate_metric": null_rate("metric"),
        "distinct_regions": inds.get_column("region").n_unique() - (1 if inds.get_column("region").null_count() else 0)
        if n else 0,
        "computed_at": datetime.now(UTC),
    }])


def summary(results: pl.DataFrame) -> pl.DataFrame:
    """Per suite: expectations evaluated, passed, warnings failed, critical failed."""
    failed = ~pl.col("success")
    return (
        results.group_by("suite", maintain_order=True)
        .agg(
            expectations=pl.len(),
            passed=pl.col("success").sum(),
            warnings_failed=(failed & (pl.col("severity") != CRITICAL)).sum(),
            critical_failed=(failed & (pl.col("severity") == CRITICAL)).sum(),
        )
    )


# --- Great Expectations' import cost, paid while the run waits anyway ----------------------------------

_importing: threading.Thread | None = None


def import_in_background() -> None:
    """Import Great Expectations in a background thread (≈ 6 CPU s), while the run's process mostly waits:
    on Prefect's API starting, or on the workers' first chunks. :func:`imported` joins it. Idempotent."""
    global _importing
    if _importing is None and "great_expectations.expectations" not in sys.modules:
        _importing = threading.Thread(target=_import_gx, name="zhibiao-import-gx", daemon=True)
        _importing.start()


def _import_gx() -> None:
    with contextlib.suppress(Exception):  # validate imports it again and reports any error
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        importlib.import_module("great_expectations")
        importlib.import_module("great_expectations.expectations")


def imported() -> None:
    """Wait for :func:`import_in_background` (so that no module is imported from two threads at once).

    Then, once per process, what the imports made (≈ 400k objects of Prefect, GX, polars, pandas, which
    live as long as the process) is moved out of the cyclic collector's sight (``gc.freeze``): the full
    collection after each validation (:func:`validate`) then walks only what the run made since: under
    0.01 s instead of ≈ 0.4 s per sub-batch (measured on the 30 MB bench corpus).
    """
    if _importing is not None:
        _importing.join()
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
