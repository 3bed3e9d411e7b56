"""The ``zhibiao`` command line (see CONTRACT.md): run, serve, validate, dq, quarantine, rebuild.

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


def _check_paths(settings) -> None:
    from flows.sources import SourceError, open_source

    try:
        open_source(settings.inbox, pattern=settings.glob)
    except SourceError as exc:
        raise fail(str(exc)) from None
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        probe = settings.data_dir / ".write-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise fail(f"data dir {settings.data_dir} cannot be used: {exc.strerror or exc}") from None


def _check_warehouse(settings) -> None:
    """A damaged warehouse is reported in one line before any work starts, with the way out."""
    if not settings.warehouse.exists():
        return
    from flows import warehouse

    try:
        con = warehouse.connect(settings.warehouse, read_only=True)
        try:
            warehouse.check(con, settings.warehouse)
        finally:
            con.close()
    except warehouse.WarehouseError as exc:
        raise fail(f"{exc}; `zhibiao rebuild` recreates it from the published data") from None


@app.command()
def run(
    inbox: Inbox = None,
    data_dir: DataDir = None,
    reprocess: Annotated[
        bool, typer.Option("--reprocess", help="re-run cleaning and extraction on every stored document")
    ] = False,
    glob: Glob = None,
    max_bytes: MaxBytes = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="wait for a run that holds the data dir instead of exiting 2")
    ] = False,
    batch_mb: Annotated[
        float | None, typer.Option("--batch-mb", min=0.001,
                                   help="sub-batch size in MB of input [env ZHIBIAO_BATCH_MB; default 8]")
    ] = None,
    task_runner: Annotated[
        str | None, typer.Option("--task-runner", help="local (process pool) or dask [env ZHIBIAO_TASK_RUNNER]")
    ] = None,
    dask_address: Annotated[
        str | None, typer.Option("--dask-address", help="scheduler of an existing Dask cluster, e.g. "
                                 "tcp://host:8786 (implies --task-runner dask) [env ZHIBIAO_DASK_ADDRESS]")
    ] = None,
) -> None:
    """One pipeline run (a Prefect flow run) over the new documents of the inbox."""
    _quiet_telemetry()
    if dask_address and task_runner is None:
        task_runner = "dask"
    settings = _settings(inbox=inbox, data_dir=data_dir, reprocess=reprocess or None, glob=glob,
                         max_bytes=max_bytes, wait=wait or None, batch_mb=batch_mb, task_runner=task_runner,
                         dask_address=dask_address)
    _run_and_report(settings)


def _run_and_report(settings, *, release: list[str] | None = None, release_all: bool = False) -> None:
    """Run the flow under the data dir's lock, print its summary, exit 1 when a batch was quarantined."""
    _check_paths(settings)

    from flows import lock

    def waiting(holder: lock.Holder) -> None:
        typer.echo(f"zhibiao: waiting for the run holding {settings.data_dir} ({holder})", err=True)

    try:
        # taken here (and again, reentrantly, by the flow) so a busy data dir is reported at once
        with lock.hold(settings.data_dir, wait=settings.wait, on_wait=waiting):
            _check_warehouse(settings)
            summary = _run_flow(settings, release=release, release_all=release_all)
    except lock.Busy as exc:
        raise fail(str(exc)) from None

    from flows.report import print_summary

    print_summary(summary)
    if summary["status"] == "quarantined":
        raise typer.Exit(1)


def _run_flow(settings, *, release: list[str] | None = None, release_all: bool = False) -> dict:
    from flows.report import progress_bar
    from flows.warehouse import WarehouseError

    # the stack stops the embedded API last, after the flow's logs and events have drained into it
    with contextlib.ExitStack() as stack:
        try:
            from flows import fastpath

            local = settings.task_runner == "local"
            # without starting Prefect when every file is known; else the first new files' bytes, to prefetch
            survey = fastpath.survey(settings, keep_bytes=int(2 * settings.batch_mb * 1e6) if local else 0)
            if survey.summary is not None and not (release or release_all):
                return survey.summary
            api = stack.enter_context(_embedded_api())  # boots on the other core from here on
            if local and survey.new_bytes >= 3 * settings.pool_min_chars:
                from flows import workers

                # the workers load jieba and start on the first documents while Prefect starts
                pool = workers.prestart(cache_dir=str(settings.jieba_cache), workers=settings.workers,
                                        min_chars=settings.pool_min_chars, budget_s=settings.doc_budget_s)
                pool.prefetch(fastpath.decoded(survey.new_files))
            from flows import workers
            from flows.pipeline import flow_for

            workers.warm_imports()  # GX loads in a thread while Prefect's API starts

            with progress_bar() as progress, _api(api):
                return flow_for(settings)(
                    inbox=settings.inbox, data_dir=str(settings.data_dir), reprocess=settings.reprocess,
                    progress=progress, glob=settings.glob, wait=settings.wait, batch_mb=settings.batch_mb,
                    task_runner=settings.task_runner, dask_address=settings.dask_address,
                    release=release, release_all=release_all,
                )
        except WarehouseError as exc:
            raise fail(f"{exc}; `zhibiao rebuild` recreates the warehouse from the published data") from None
        except Exception as exc:
            where = disk_full(exc)
            if where is not None:
                raise fail(f"disk full while writing {where}: run stopped, its incomplete batch rolled back, "
                           "previous state intact; free space and run again") from None
            if EMBEDDED_API_FAILED in str(exc):  # nothing was read or written yet: the flow never started
                why = str(exc).partition(": ")[2] or "is the disk full, or PREFECT_HOME unwritable?"
                raise fail(f"the embedded Prefect API did not start ({why}); nothing was changed; run again, "
                           "or set PREFECT_API_URL to a running server") from None
            raise


@contextlib.contextmanager
def _embedded_api():
    """Start Prefect's embedded API now, unless an API is configured; yields it (or None), stops it last."""
    from flows.serve import EmbeddedAPI

    configured = os.environ.get("PREFECT_API_URL")
    if not configured and "prefect" in sys.modules:  # e.g. under a test harness: the settings in force
        from prefect.settings import PREFECT_API_URL

        configured = PREFECT_API_URL.value()
    ephemeral_off = os.environ.get("PREFECT_SERVER_EPHEMERAL_ENABLED", "").lower() in ("0", "false", "no")
    if configured or ephemeral_off:
        yield None
        return
    api = EmbeddedAPI()
    try:
        yield api
    finally:
        api.close()


@contextlib.contextmanager
def _api(api):
    """Point Prefect at ``api`` (waiting until it answers) unless its settings already name an API."""
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, temporary_settings

    if api is None or PREFECT_API_URL.value():  # set in the Prefect profile: that one is used
        yield
        return
    timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180"))
    url = api.url(timeout=timeout)
    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url  # for processes the flow starts (a local Dask cluster's workers)
    try:
        # no UI is served: no "View at" link to it
        with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_UI_URL: ""}):
            yield
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before


# what Prefect raises when its embedded (ephemeral) API server does not come up
EMBEDDED_API_FAILED = "attempting to connect to ephemeral Prefect API server"


DISK_FULL_ERRNOS = {28, 27, 122}  # ENOSPC, EFBIG, EDQUOT
DISK_FULL_WORDS = ("no space left", "file too large", "disk quota")


def disk_full(exc: BaseException) -> str | None:
    """What was being written when ``exc`` (or an exception it came from) says the disk is full; else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
            return exc.filename or "the data dir"
        text = str(exc).lower()
        if any(w in text for w in DISK_FULL_WORDS):
            return "the warehouse" if "duckdb" in type(exc).__module__ else "the data dir"
        exc = exc.__cause__ or exc.__context__
    return None


@app.command()
def rebuild(
    data_dir: DataDir = None,
) -> None:
    """Recreate the warehouse from the published parquet (when warehouse.duckdb is lost or damaged)."""
    _quiet_telemetry()
    settings = _settings(data_dir=data_dir)
    from flows import lock
    from flows.rebuild import rebuild as do_rebuild

    if not list((settings.published / "_manifests").glob("*.json")):
        raise fail(f"no batch manifests under {settings.published} to rebuild from; nothing was changed")
    try:
        with lock.hold(settings.data_dir, wait=False):
            done = do_rebuild(settings, cache_dir=str(settings.jieba_cache))
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
    html: Annotated[Path | None, typer.Option("--html", help="also write the history with a trend chart here")] = None,
) -> None:
    """Data-quality history: per batch, per suite, what passed and what failed."""
    from flows import warehouse
    from flows.report import dq_html, print_dq
    from flows.settings import resolve

    settings = resolve(data_dir=data_dir)
    try:
        con = warehouse.connect(settings.warehouse, read_only=True)
    except warehouse.WarehouseError as exc:
        raise fail(str(exc)) from None
    try:
        history = print_dq(con, last=last)
    finally:
        con.close()
    if html is not None:
        try:
            html.write_text(dq_html(history), encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {html}: {exc.strerror or exc}") from None
        typer.echo(f"wrote {html}")


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
    from flows import warehouse
    from flows.report import print_held

    settings = _settings(data_dir=data_dir)
    try:
        con = warehouse.connect(settings.warehouse, read_only=True)
    except warehouse.WarehouseError as exc:
        raise fail(str(exc)) from None
    try:
        held = warehouse.held_documents(con) if "held_back" in warehouse.tables(con) else None
    finally:
        con.close()
    if held is None:
        raise fail(f"the warehouse {settings.warehouse} predates held-back documents: run `zhibiao run` once")
    print_held(held, quarantine=settings.quarantine, max_rows=rows)


@quarantine_app.command("release")
def release(
    ctx: typer.Context,
    doc_ids: Annotated[list[str] | None, typer.Argument(help="held-back documents (doc_id or a prefix of it)")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every held-back document")] = False,
    data_dir: DataDir = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="wait for a run that holds the data dir instead of exiting 2")
    ] = False,
) -> None:
    """Process held-back documents again (after a fix): a run that publishes those that now pass."""
    _quiet_telemetry()
    if bool(doc_ids) == all_:
        raise fail("name the documents to release, or --all")
    settings = _settings(data_dir=data_dir or ctx.obj, wait=wait or None)
    wanted: list[str] = []
    if doc_ids:
        from flows import warehouse

        try:
            con = warehouse.connect(settings.warehouse, read_only=True)
        except warehouse.WarehouseError as exc:
            raise fail(str(exc)) from None
        try:
            held = set(warehouse.held_documents(con).get_column("doc_id").to_list()) \
                if "held_back" in warehouse.tables(con) else set()
        finally:
            con.close()
        for given in doc_ids:
            found = [d for d in held if d.startswith(given.lower())]
            if len(found) != 1:
                raise fail(f"{'no' if not found else 'more than one'} held-back document matches {given!r}; "
                           "`zhibiao quarantine` lists them")
            wanted += found
    _run_and_report(settings, release=wanted, release_all=all_)


@app.command()
def serve(
    inbox: Inbox = None,
    data_dir: DataDir = None,
    cron: Annotated[
        str | None, typer.Option("--cron", help="cron schedule of the deployment [env ZHIBIAO_CRON; default hourly]")
    ] = None,
    glob: Glob = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="port of the local Prefect server it starts")
    ] = None,
) -> None:
    """Serve the flow as a Prefect deployment on a cron schedule (starts a local Prefect server if needed)."""
    _quiet_telemetry()
    settings = _settings(inbox=inbox, data_dir=data_dir, glob=glob, cron=cron)
    _check_paths(settings)
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=settings.cron)
    except ValidationError:
        raise fail(f"bad cron expression {settings.cron!r}") from None
    from flows import serve as serving

    try:
        serving.serve(settings, cron=settings.cron, port=port, echo=typer.echo)
    except serving.ServerError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        typer.echo("stopped")


def main() -> None:  # pragma: no cover - console entry point alias
    sys.exit(app())
