"""What the CLI prints: run summary, progress bar, validation results, DQ history (rich)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

import duckdb
import polars as pl
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

console = Console()


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
    table.add_row("documents", f"{s['new']} new, {s['skipped']} skipped, {s['rejected']} rejected")
    table.add_row(
        "extracted", f"{s['articles']} articles, {s['sentences']} sentences, {s['indicators']} indicator rows"
    )
    outcome = {"published": "[green]published[/]", "quarantined": "[red]quarantined[/]",
               "empty": "nothing new"}[s["status"]]
    if s["checks"]:
        failed, warned = len(s["failed_critical"]), len(s["warnings"])
        outcome += f" ({s['checks']} expectations, {failed} critical failed, {warned} warnings)"
    table.add_row("validation", outcome)
    for name in s["failed_critical"]:
        table.add_row("  failed", f"[red]{name}[/]")
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


def print_dq(con: duckdb.DuckDBPyConnection, *, last: int) -> None:
    rows = con.execute(
        """
        SELECT b.batch_id, b.status, b.documents, b.indicators,
               count(r.success) FILTER (WHERE r.success) AS passed,
               count(r.success) FILTER (WHERE NOT r.success AND r.severity = 'warning') AS warned,
               count(r.success) FILTER (WHERE NOT r.success AND r.severity = 'critical') AS failed,
               m.indicators_per_1k_chars
        FROM batches b
        LEFT JOIN dq_results r USING (batch_id)
        LEFT JOIN dq_metrics m USING (batch_id)
        GROUP BY ALL ORDER BY b.batch_id DESC LIMIT ?
        """,
        [last],
    ).fetchall()
    table = Table(title="data-quality history (newest first)")
    for col in ("batch", "status", "docs", "indicators", "pass", "warn", "fail", "ind/1k chars"):
        table.add_column(col)
    for r in rows:
        table.add_row(r[0], r[1], str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]),
                      "" if r[7] is None else f"{r[7]:.2f}")
    console.print(table)
