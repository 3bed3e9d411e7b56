"""The ``zhibiao`` command line (see CONTRACT.md): run, serve, validate, dq, site, quarantine, rebuild.

Heavy imports (Prefect, Great Expectations, jieba) happen inside the commands so ``--help`` is fast.
Exit codes: 0 success; 1 a batch was quarantined or a file failed validation; 2 bad arguments or
unusable input, with one line on stderr.
"""

from __future__ import annotations

import contextlib
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

# options that shape a run: `run` and `serve` take the same ones (a scheduled run is the same run)
Inbox = Annotated[
    str | None, typer.Option(
        "--inbox", help="folder or URL (memory://, s3://) of source documents [env ZHIBIAO_INBOX; default seeds/]")
]
Glob = Annotated[
    str | None, typer.Option(
        "--glob", help="only files whose name (or, with a /, relative path) matches, e.g. '*.pdf' [env ZHIBIAO_GLOB]")
]
MaxBytes = Annotated[
    int | None, typer.Option("--max-bytes", min=1, help="reject larger files [env ZHIBIAO_MAX_BYTES; default 50 MB]")
]
DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="data directory [env ZHIBIAO_DATA_DIR; default data/]")
]
BatchMb = Annotated[
    float | None, typer.Option("--batch-mb", min=0.001,
                               help="sub-batch size in MB of input [env ZHIBIAO_BATCH_MB; default 8]")
]
TaskRunner = Annotated[
    str | None, typer.Option("--task-runner", help="local (process pool) or dask [env ZHIBIAO_TASK_RUNNER]")
]
DaskAddress = Annotated[
    str | None, typer.Option("--dask-address", help="scheduler of an existing Dask cluster, e.g. "
                             "tcp://host:8786 (implies --task-runner dask) [env ZHIBIAO_DASK_ADDRESS]")
]
Wait = Annotated[
    bool, typer.Option("--wait", help="wait for a run that holds the data dir instead of exiting 2")
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


def _settings(**flags):
    from pydantic import ValidationError

    from flows.settings import resolve

    try:
        return resolve(**flags)
    except ValidationError as exc:
        raise fail(f"bad setting: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None


@app.command()
def run(
    inbox: Inbox = None,
    data_dir: DataDir = None,
    reprocess: Annotated[
        bool, typer.Option("--reprocess", help="re-run cleaning and extraction on every stored document")
    ] = False,
    glob: Glob = None,
    max_bytes: MaxBytes = None,
    wait: Wait = False,
    batch_mb: BatchMb = None,
    task_runner: TaskRunner = None,
    dask_address: DaskAddress = None,
) -> None:
    """One pipeline run (a Prefect flow run) over the new documents of the inbox."""
    _quiet_telemetry()
    settings = _settings(inbox=inbox, data_dir=data_dir, reprocess=reprocess or None, glob=glob,
                         max_bytes=max_bytes, wait=wait or None, batch_mb=batch_mb, task_runner=task_runner,
                         dask_address=dask_address)
    _run(settings)


def _run(settings, *, release: list[str] | None = None, release_all: bool = False) -> None:
    """The one run path (``flows.app.run``), its summary printed; exit 1 when a batch was quarantined."""
    from flows import app as application
    from flows.report import print_summary, progress_bar

    try:
        with progress_bar() as progress:
            summary = application.run(settings, release=release, release_all=release_all, progress=progress,
                                      notify=lambda line: typer.echo(line, err=True))
    except application.Failed as exc:
        raise fail(str(exc)) from None
    print_summary(summary)
    if summary["status"] == "quarantined":
        raise typer.Exit(1)


@app.command()
def rebuild(
    data_dir: DataDir = None,
) -> None:
    """Recreate the warehouse from the published parquet (when warehouse.duckdb is lost or damaged)."""
    _quiet_telemetry()
    settings = _settings(data_dir=data_dir)
    from flows import lock
    from flows.rebuild import rebuild as do_rebuild
    from flows.storage import manifests

    if not manifests.every(settings.published):
        raise fail(f"no batch manifests under {settings.published} to rebuild from; nothing was changed")
    try:
        with lock.hold(settings.data_dir, wait=False):
            done = do_rebuild(settings)
    except lock.Busy as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"rebuild failed: {exc.strerror or exc}: {exc.filename or ''}; nothing was deleted") from None
    if done.moved_aside:
        typer.echo(f"moved the old warehouse to {done.moved_aside}")
    typer.echo(f"rebuilt {settings.warehouse}: {done.batches} batches, {done.documents} documents, "
               f"{done.sentences} sentences, {done.indicators} indicators"
               + (f"; {done.missing_bytes} documents lack stored bytes" if done.missing_bytes else ""))


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
    html: Annotated[Path | None, typer.Option(
        "--html", help="also write the history with its trend charts here (one file that opens offline)")] = None,
) -> None:
    """Data-quality history: per batch, per suite, what passed and what failed."""
    from flows import series
    from flows.report import print_catalogue_todo, print_dq
    from flows.site import dq_page
    from flows.storage import warehouse

    with _reading(_settings(data_dir=data_dir)) as con:
        print_dq(con, last=last)
        if {"observations", "indicators", "series"} <= warehouse.tables(con):
            print_catalogue_todo(series.unmapped(con, top=15), series.conflicts(con))
        page = dq_page(con, last=last) if html is not None else None  # the review site's trends, one file
    if page is not None:
        try:
            html.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {html}: {exc.strerror or exc}") from None
        typer.echo(f"wrote {html}")


@app.command("series")
def series_(
    metric: Annotated[str, typer.Option("--metric", help="catalogue id, name or alias (gdp, 规上工业增加值, 社零)")],
    region: Annotated[str, typer.Option("--region", help="6-digit code, full or short name (440000, 广东省, 广东)")],
    measure: Annotated[str | None, typer.Option("--measure", help="level | yoy | mom | pp | share | other")] = None,
    data_dir: DataDir = None,
) -> None:
    """A time series from the warehouse's ``series`` view: one metric, one region, by period."""
    from flows import series
    from flows.report import print_series
    from flows.storage import warehouse

    with _reading(_settings(data_dir=data_dir)) as con:
        if "series" not in warehouse.tables(con):
            raise fail("the warehouse has no series yet: run `zhibiao run` first")
        try:
            frame = series.query(con, metric=metric, region=region, measure=measure)
        except series.UnknownKey as exc:
            raise fail(str(exc)) from None
    print_series(frame, metric=metric, region=region)


@app.command()
def site(
    data_dir: DataDir = None,
) -> None:
    """Rebuild the review site (data/site/: index, a page per document, batch and metric) from the warehouse."""
    from flows import lock
    from flows import site as review
    from flows.storage import warehouse

    settings = _settings(data_dir=data_dir)
    if not settings.warehouse.exists():
        raise fail(f"no warehouse at {settings.warehouse}: run `zhibiao run` first")
    try:
        with lock.hold(settings.data_dir, wait=False):
            built = review.build(settings)
    except lock.Busy as exc:
        raise fail(str(exc)) from None
    except warehouse.WarehouseError as exc:
        raise fail(str(exc)) from None
    typer.echo(str(built))


quarantine_app = typer.Typer(
    help="Documents held back by a failed critical check: list them (with the reason and the failing rows), "
         "or release them to be processed again.", invoke_without_command=True)
app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.callback()
def quarantine(
    ctx: typer.Context,
    data_dir: DataDir = None,
    rows: Annotated[int, typer.Option("--rows", min=0, help="failing rows shown per document and check")] = 5,
) -> None:
    """List the documents held back now, why, and their failing rows."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = data_dir
        return
    from flows.report import print_held

    settings = _settings(data_dir=data_dir)
    with _reading(settings) as con:
        held = _held(con)
    if held is None:
        raise fail(f"the warehouse {settings.warehouse} predates held-back documents: run `zhibiao run` once")
    print_held(held, quarantine=settings.quarantine, max_rows=rows)


@quarantine_app.command("release")
def release(
    ctx: typer.Context,
    doc_ids: Annotated[list[str] | None, typer.Argument(help="held-back documents (doc_id or a prefix of it)")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every held-back document")] = False,
    data_dir: DataDir = None,
    wait: Wait = False,
) -> None:
    """Process held-back documents again (after a fix): a run that publishes those that now pass."""
    _quiet_telemetry()
    if bool(doc_ids) == all_:
        raise fail("name the documents to release, or --all")
    settings = _settings(data_dir=data_dir or ctx.obj, wait=wait or None)
    wanted: list[str] = []
    if doc_ids:
        with _reading(settings) as con:
            found_held = _held(con)
        held = set() if found_held is None else set(found_held.get_column("doc_id").to_list())
        for given in doc_ids:
            found = [d for d in held if d.startswith(given.lower())]
            if len(found) != 1:
                raise fail(f"{'no' if not found else 'more than one'} held-back document matches {given!r}; "
                           "`zhibiao quarantine` lists them")
            wanted += found
    _run(settings, release=wanted, release_all=all_)


@contextlib.contextmanager
def _reading(settings):
    """A read-only session on the warehouse; a missing or unreadable one is exit 2 with one line."""
    from flows.storage import warehouse

    try:
        with warehouse.session(settings, read_only=True) as con:
            yield con
    except warehouse.WarehouseError as exc:
        raise fail(str(exc)) from None


def _held(con):
    """The documents held back now, or None for a warehouse older than held-back documents."""
    from flows.storage import warehouse

    return warehouse.held_documents(con) if "held_back" in warehouse.tables(con) else None


@app.command()
def serve(
    inbox: Inbox = None,
    data_dir: DataDir = None,
    cron: Annotated[
        str | None, typer.Option("--cron", help="cron schedule of the deployment [env ZHIBIAO_CRON; default hourly]")
    ] = None,
    glob: Glob = None,
    max_bytes: MaxBytes = None,
    batch_mb: BatchMb = None,
    task_runner: TaskRunner = None,
    dask_address: DaskAddress = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="port of the local Prefect server it starts")
    ] = None,
    warm: Annotated[
        bool | None, typer.Option("--warm/--no-warm", help="fork each scheduled run from a process that loaded "
                                  "Prefect, GX and the cutter once (≈ 0.6 GB held between runs) [env "
                                  "ZHIBIAO_WARM_STARTS; default on]")
    ] = None,
) -> None:
    """Serve the flow as a Prefect deployment on a cron schedule (starts a local Prefect server if needed).

    Each scheduled run is the run `zhibiao run` makes, with these options (and ZHIBIAO_* variables)."""
    _quiet_telemetry()
    settings = _settings(inbox=inbox, data_dir=data_dir, glob=glob, cron=cron, max_bytes=max_bytes,
                         batch_mb=batch_mb, task_runner=task_runner, dask_address=dask_address, warm_starts=warm)
    from flows import app as application

    try:
        application.usable(settings)
    except application.Failed as exc:
        raise fail(str(exc)) from None
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=settings.cron)
    except ValidationError:
        raise fail(f"bad cron expression {settings.cron!r}") from None
    from flows import prefect_api
    from flows import serve as serving

    try:
        serving.serve(settings, cron=settings.cron, port=port, echo=typer.echo)
    except prefect_api.ServerError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        typer.echo("stopped")


def main() -> None:  # pragma: no cover - console entry point alias
    sys.exit(app())
