"""What the CLI prints: run summary, progress bar, validation results, DQ history (rich).

The HTML page of ``zhibiao dq --html`` is the review site's (:func:`flows.site.dq_page`)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import polars as pl
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

# Wide enough for batch ids and the per-suite columns when the output is a pipe or a file.
console = Console() if Console().is_terminal else Console(width=160)


@contextlib.contextmanager
def progress_bar(min_chars: int = 2_000_000) -> Iterator[Callable[[int, int], None]]:
    """A callback ``(done, total)`` that shows a bar once the work is long enough to need one."""
    progress = Progress(TextColumn("segmenting"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                        TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    task_id = None

    def update(done: int, total: int) -> None:
        nonlocal task_id
        if total < min_chars or not sys.stderr.isatty():
            return
        if task_id is None:
            progress.start()
            task_id = progress.add_task("segment", total=total)
        progress.update(task_id, completed=done)

    try:
        yield update
    finally:
        progress.stop()


def print_summary(s: dict) -> None:
    table = Table(title=f"zhibiao run {s['batch_id']}", show_header=False, title_justify="left")
    docs = f"{s['new']} new, {s['skipped']} skipped, {s['rejected']} rejected"
    if s.get("retried"):
        docs += f", {s['retried']} held back before processed again"
    table.add_row("documents", docs)
    table.add_row(
        "extracted", f"{s['articles']} articles, {s['sentences']} sentences, {s['indicators']} indicator rows"
    )
    outcome = {"published": "[green]published[/]", "quarantined": "[red]quarantined[/]",
               "held_back": "[yellow]every document held back[/]", "empty": "nothing new"}[s["status"]]
    if s["checks"]:
        failed, warned = len(s["failed_critical"]), len(s["warnings"])
        outcome += f" ({s['checks']} expectations, {failed} critical failed, {warned} warnings)"
    table.add_row("validation", outcome)
    for name in s["failed_critical"]:
        table.add_row("  failed", f"[red]{name}[/]")
    for line in s.get("held", []):
        table.add_row("held back", f"[yellow]{line}[/]")
    for name in s["warnings"]:
        table.add_row("  warning", f"[yellow]{name}[/]")
    for name, path in s["outputs"].items():
        table.add_row(name, path)
    console.print(table)


def print_validation(results: pl.DataFrame, *, file: str, suite: str) -> None:
    failed = results.filter(~pl.col("success"))
    console.print(f"{file}: suite {suite}: {results.height} expectations, {failed.height} failed")
    for row in failed.iter_rows(named=True):
        col = f"({row['column']})" if row["column"] else ""
        console.print(f"  FAILED [{row['severity']}] {row['expectation']}{col} "
                      f"unexpected={row['unexpected_count']} observed={row['observed_value']}")


SUITES = ("documents", "articles", "indicators", "observations", "anomalies")


def dq_history(con: duckdb.DuckDBPyConnection, *, last: int) -> pl.DataFrame:
    """One row per batch (newest first): status, volume, yield, and pass/warn/fail per suite."""
    # a warehouse written before documents were held one by one has no held_back column until a run adds it
    held = "coalesce(b.held_back, 0)" if con.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'batches' AND column_name = 'held_back'"
    ).fetchall()[0][0] else "0"
    batches = con.sql(
        f"""
        SELECT b.batch_id, b.status, b.documents, {held} AS held_back, b.indicators,
               m.characters, m.indicators_per_1k_chars,
               m.null_rate_region, m.null_rate_period
        FROM batches b LEFT JOIN dq_metrics m USING (batch_id)
        ORDER BY b.started_at DESC, b.batch_id DESC LIMIT $last
        """,
        params={"last": last},
    ).pl()
    counts = con.sql(
        """
        SELECT batch_id, suite,
               count(*) FILTER (WHERE success) AS pass,
               count(*) FILTER (WHERE NOT success AND severity = 'warning') AS warn,
               count(*) FILTER (WHERE NOT success AND severity = 'critical') AS fail
        FROM dq_results GROUP BY ALL
        """
    ).pl()
    for suite in SUITES:
        per = counts.filter(pl.col("suite") == suite).select(
            "batch_id", pl.format("{}/{}/{}", "pass", "warn", "fail").alias(f"dq_{suite}")
        )
        batches = batches.join(per, on="batch_id", how="left")
    return batches


def _trend(values: list[float | None]) -> list[str]:
    """Arrow against the next older batch with a value (rows are newest first)."""
    arrows = []
    for i, v in enumerate(values):
        older = next((o for o in values[i + 1:] if o is not None), None)
        if v is None or older is None:
            arrows.append("")
        else:
            arrows.append("▲" if v > older * 1.02 else "▼" if v < older * 0.98 else "=")
    return arrows


def print_dq(con: duckdb.DuckDBPyConnection, *, last: int) -> pl.DataFrame:
    history = dq_history(con, last=last)
    table = Table(title="data-quality history, newest first (pass/warn/fail per suite)")
    for col in ("batch", "status", "docs", "held back", "indicators", "ind/1k chars", *SUITES):
        table.add_column(col)
    trend = _trend(history.get_column("indicators_per_1k_chars").to_list())
    for row, arrow in zip(history.iter_rows(named=True), trend, strict=True):
        yld = row["indicators_per_1k_chars"]
        table.add_row(
            row["batch_id"], row["status"], str(row["documents"]), str(row["held_back"]), str(row["indicators"]),
            "" if yld is None else f"{yld:.2f} {arrow}", *(row[f"dq_{s}"] or "-" for s in SUITES),
        )
    console.print(table)
    return history


def print_catalogue_todo(unmapped: pl.DataFrame, conflicts: pl.DataFrame) -> None:
    """The metric phrases the catalogue does not map, most rows first (its to-do list), and the series whose
    documents disagree."""
    if unmapped.height:
        table = Table(title="metric phrases the catalogue does not map (most rows first)", title_justify="left")
        for col in ("phrase", "rows", "documents"):
            table.add_column(col)
        for phrase, rows, documents in unmapped.iter_rows():
            table.add_row(phrase, str(rows), str(documents))
        console.print(table)
    console.print(f"series with conflicting values across documents: {conflicts.height}")
    for row in conflicts.head(10).iter_rows(named=True):
        console.print(f"  {row['metric_name']} · {row['region_name']} · {row['period_kind']} {row['period_start']}"
                      f"–{row['period_end']} · {row['measure']}: {row['n_documents']} documents")


def print_series(frame: pl.DataFrame, *, metric: str, region: str) -> None:
    """A series as a table: one row per period and measure, with how many documents state it."""
    if frame.is_empty():
        console.print(f"no series for {metric} in {region}")
        return
    first = frame.row(0, named=True)
    table = Table(title=f"{first['metric_name']} · {first['region_name']} ({first['metric_id']}, "
                        f"{first['region_code']})", title_justify="left")
    for col in ("period", "kind", "measure", "value", "unit", "target", "documents", "conflict"):
        table.add_column(col)
    for r in frame.iter_rows(named=True):
        start, end = r["period_start"], r["period_end"]
        span = str(start) if start == end else f"{start}–{end}"
        table.add_row(span, r["period_kind"], r["measure"], f"{r['value']:g}", r["unit"] or "",
                      "yes" if r["is_target"] else "", str(r["n_documents"]), "[red]yes[/]" if r["conflict"] else "")
    console.print(table)


def print_held(held: pl.DataFrame, *, quarantine: Path, max_rows: int) -> None:
    """The documents held back now (``warehouse.held_documents``): why, and up to ``max_rows`` failing
    rows each, read from the batch's quarantine folder."""
    if held.is_empty():
        console.print("no document is held back")
        return
    n = held.get_column("doc_id").n_unique()
    table = Table(title=f"{n} document{'s' if n != 1 else ''} held back", title_justify="left")
    for col in ("doc_id", "source", "batch", "held at", "reason", "failing rows"):
        table.add_column(col, overflow="fold")
    for row in held.iter_rows(named=True):
        keys = row["rows"] or []
        shown = _failing(quarantine / row["batch_id"], row["reason"], keys[:max_rows]) if keys else []
        more = [f"… {len(keys) - max_rows} more"] if len(keys) > max_rows else []
        table.add_row(row["doc_id"][:12], row["source"], row["batch_id"],
                      f"{row['held_at']:%Y-%m-%d %H:%M}" if row["held_at"] else "", row["reason"],
                      "\n".join([*shown, *more]) or ("whole batch" if row["grain"] != "row" else ""))
    console.print(table)


def _failing(folder: Path, reason: str, keys: list[str]) -> list[str]:
    """The failing rows of a held document as one line each (value, unit and sentence of an indicator)."""
    suite = reason.split(".", 1)[0]
    path = folder / f"{suite}.parquet"
    if suite != "indicators" or not path.exists():
        return keys
    rows = pl.read_parquet(path).filter(pl.col("indicator_id").is_in(keys))
    return [f"{r['value']:g} {r['unit']} in “{r['sentence'][:50]}”" for r in rows.iter_rows(named=True)]
