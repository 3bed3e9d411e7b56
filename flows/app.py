"""The one run path: ``zhibiao run``, ``zhibiao quarantine release`` and the soak bench call :func:`run`;
each scheduled run of ``zhibiao serve`` is the same flow, started by Prefect with the same settings.

::

    run(settings) ── inbox and data dir usable? ── lock ── warehouse readable?
        └─ plan.begin: recover, survey ── nothing to read → its empty batch recorded, done (no Prefect)
        └─ Prefect API (configured, or started now) ── flow.zhibiao_run(settings)
                                                       (lock, plan.begin again, sub-batches, summary)

:func:`run` begins the run (``flows.plan.begin``: recovery and the inbox survey) before it starts
Prefect, so a run with nothing new costs seconds; when there is work the flow begins again under the same
lock (recovery finds nothing left, the survey lists and hashes the inbox again) because the flow is also
what a scheduled run starts with. Every failure a user can act on comes out as :class:`Failed`, one line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from flows import lock, plan
from flows.settings import Settings
from flows.storage import inbox, warehouse


class Failed(Exception):
    """The run could not be done or was stopped; ``str(exc)`` is the one line to show (exit code 2)."""


def run(
    settings: Settings, *, release: list[str] | None = None, release_all: bool = False,
    progress: Callable[[int, int], None] | None = None, notify: Callable[[str], None] = print,
) -> dict:
    """One run over the new documents of the inbox (the flow's summary as a dict).

    ``release``/``release_all``: held-back documents to process again; ``progress(done, total)``: characters
    processed; ``notify``: one-line notices (waiting for the lock, recovery done). Raises :class:`Failed`.
    """
    usable(settings)

    def waiting(holder: lock.Holder) -> None:
        notify(f"zhibiao: waiting for the run holding {settings.data_dir} ({holder})")

    try:
        with lock.hold(settings.data_dir, wait=settings.wait, on_wait=waiting):
            readable(settings)
            start = plan.begin(settings, release=release, release_all=release_all, log=notify)
            if start.summary is not None:
                return start.summary.as_dict()
            return _flow(start, release=release, release_all=release_all, progress=progress)
    except lock.Busy as exc:
        raise Failed(str(exc)) from None
    except warehouse.WarehouseError as exc:
        raise Failed(f"{exc}; `zhibiao rebuild` recreates the warehouse from the published data") from None
    except Exception as exc:
        where = disk_full(exc)
        if where is not None:
            raise Failed(f"disk full while writing {where}: run stopped, its incomplete batch rolled back, "
                         "previous state intact; free space and run again") from None
        if EMBEDDED_API_FAILED in str(exc):  # nothing was read or written yet: the flow never started
            why = str(exc).partition(": ")[2] or "is the disk full, or PREFECT_HOME unwritable?"
            raise Failed(f"the embedded Prefect API did not start ({why}); nothing was changed; run again, "
                         "or set PREFECT_API_URL to a running server") from None
        raise


def _flow(start: plan.Plan, **kwargs: object) -> dict:
    """The flow run, against the configured Prefect API or one started for it.

    When the survey found enough new bytes for the worker pool, the pool is started first and handed to the
    flow: its workers import and load the dictionary while the embedded API boots and Prefect and the flow
    import, instead of after the flow has begun (one 30 MB run: its first load 7 s earlier, 16 s shorter);
    then they begin on the first sub-batch (read and decoded here, :func:`flows.flow.first_documents`),
    which the flow's own first submission takes over: without it the workers waited ≈ 8 s for the API,
    the flow's start and its first read, with a core idle. A scheduled run of ``zhibiao serve`` starts its
    pool in the flow, as a run with little to do does.
    """
    from flows import executors, prefect_api, quality

    settings = start.settings
    flow = {}
    early = executors.early_pool(settings, expected_bytes=start.new_bytes)

    def meanwhile() -> None:  # while the embedded API boots on the other core
        from flows.flow import first_documents, zhibiao_run

        flow["run"] = zhibiao_run
        if early is not None:
            try:
                docs = first_documents(start)
            except Exception:  # a head start only: the flow reads again, and reports what fails
                docs = None
            if docs is not None:
                early.prefetch(docs)
        quality.import_in_background()  # GX (≈ 6 CPU s) loads while the flow waits for the API and the workers

    with early if early is not None else contextlib.nullcontext(), \
            prefect_api.connected(meanwhile=meanwhile):
        return flow["run"](settings, executor=early, **kwargs)


def usable(settings: Settings) -> None:
    """The inbox can be listed and the data dir written; else :class:`Failed`."""
    try:
        inbox.open_source(settings.inbox, pattern=settings.glob)
    except inbox.SourceError as exc:
        raise Failed(str(exc)) from None
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        probe = settings.data_dir / ".write-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise Failed(f"data dir {settings.data_dir} cannot be used: {exc.strerror or exc}") from None


def readable(settings: Settings) -> None:
    """A damaged warehouse is reported (``WarehouseError``) before any work starts."""
    if settings.warehouse.exists():
        with warehouse.session(settings, read_only=True) as con:
            warehouse.check(con, settings.warehouse)


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
