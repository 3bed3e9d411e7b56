"""The ``zhibiao`` command line (see CONTRACT.md): run, serve, validate, dq.

Heavy imports (Prefect, Great Expectations, jieba) happen inside the commands so ``--help`` is fast.
Exit codes: 0 success; 1 a batch was quarantined or a file failed validation; 2 bad arguments or
unusable input, with one line on stderr.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="zhibiao",
    help="指标 zhibiao: Chinese economic news and bulletins → a validated table of indicators.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Inbox = Annotated[
    Path | None, typer.Option("--inbox", help="folder of source documents [env ZHIBIAO_INBOX; default seeds/]")
]
DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="data directory [env ZHIBIAO_DATA_DIR; default data/]")
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line to stderr and return the exit to raise."""
    typer.echo(f"zhibiao: {message}", err=True)
    return typer.Exit(code)


def _quiet_telemetry() -> None:
    for key, value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                       "GX_ANALYTICS_ENABLED": "false",
                       # the embedded Prefect API migrates its database on first start: give it time
                       "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}.items():
        os.environ.setdefault(key, value)


def _check_paths(settings) -> None:
    from flows.sources import LocalFolder, SourceError

    try:
        LocalFolder(settings.inbox)
    except SourceError as exc:
        raise fail(str(exc)) from None
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        probe = settings.data_dir / ".write-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise fail(f"data dir {settings.data_dir} cannot be used: {exc.strerror or exc}") from None


@app.command()
def run(
    inbox: Inbox = None,
    data_dir: DataDir = None,
    reprocess: Annotated[
        bool, typer.Option("--reprocess", help="re-run cleaning and extraction on every stored document")
    ] = False,
) -> None:
    """One pipeline run (a Prefect flow run) over the new documents of the inbox."""
    _quiet_telemetry()
    from pydantic import ValidationError

    from flows.settings import resolve

    try:
        settings = resolve(inbox=inbox, data_dir=data_dir, reprocess=reprocess or None)
    except ValidationError as exc:
        raise fail(f"bad setting: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None
    _check_paths(settings)

    from flows.report import print_summary, progress_bar
    from flows.warehouse import WarehouseError

    try:
        from flows.pipeline import zhibiao_run

        with progress_bar() as progress:
            summary = zhibiao_run(
                inbox=str(settings.inbox), data_dir=str(settings.data_dir),
                reprocess=settings.reprocess, progress=progress,
            )
    except WarehouseError as exc:
        raise fail(str(exc)) from None
    print_summary(summary)
    if summary["status"] == "quarantined":
        raise typer.Exit(1)


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="parquet file to check")],
    suite: Annotated[str, typer.Option("--suite", help="documents | articles | indicators")],
) -> None:
    """Validate a parquet file against one of the project's expectation suites."""
    _quiet_telemetry()
    from expectations import suites

    known = suites()
    if suite not in known:
        raise fail(f"unknown suite {suite!r}; choose one of {', '.join(known)}")
    import polars as pl

    try:
        frame = pl.read_parquet(file)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise fail(f"cannot read {file} as parquet: {str(exc).splitlines()[0]}") from None
    from flows import quality
    from flows.report import print_validation

    results = quality.validate({suite: frame}, batch_id=f"validate:{file.name}")
    print_validation(results, file=str(file), suite=suite)
    if quality.failed_critical(results).height:
        raise typer.Exit(1)


@app.command()
def dq(
    data_dir: DataDir = None,
    last: Annotated[int, typer.Option("--last", min=1, help="how many recent batches")] = 10,
) -> None:
    """Data-quality history: per batch, per suite, what passed and what failed."""
    from flows import warehouse
    from flows.report import print_dq
    from flows.settings import resolve

    settings = resolve(data_dir=data_dir)
    try:
        con = warehouse.connect(settings.warehouse, read_only=True)
    except warehouse.WarehouseError as exc:
        raise fail(str(exc)) from None
    try:
        print_dq(con, last=last)
    finally:
        con.close()


@app.command()
def serve(
    inbox: Inbox = None,
    data_dir: DataDir = None,
    cron: Annotated[str, typer.Option("--cron", help="cron schedule of the deployment")] = "0 * * * *",
) -> None:
    """Serve the flow as a Prefect deployment on a cron schedule."""
    _quiet_telemetry()
    from flows.settings import resolve

    settings = resolve(inbox=inbox, data_dir=data_dir)
    _check_paths(settings)
    from flows.pipeline import zhibiao_run

    zhibiao_run.serve(
        name="zhibiao-hourly", cron=cron, limit=1,
        parameters={"inbox": str(settings.inbox), "data_dir": str(settings.data_dir)},
    )


def main() -> None:  # pragma: no cover - console entry point alias
    sys.exit(app())
