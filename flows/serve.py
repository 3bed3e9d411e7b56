"""``zhibiao serve``: the flow as a Prefect deployment on a cron schedule, with a server if none is set.

Prefect's ephemeral API cannot schedule runs, so without ``PREFECT_API_URL`` a local server is
started (``flows.prefect_api.local_server``: ``prefect server start`` on 127.0.0.1, its SQLite database
under ``<data dir>/prefect/``) and stopped again when serving ends (Ctrl-C, SIGTERM). With
``PREFECT_API_URL`` set, that server is used and nothing is started.

The deployment's one parameter is the resolved :class:`~flows.settings.Settings` (made absolute, waiting
for the lock), so each scheduled run is ``zhibiao_run(settings)`` with the settings ``zhibiao serve`` was
given, flags and ``ZHIBIAO_*`` variables alike — the same call ``zhibiao run`` makes. It runs at most
one flow run at a time (``limit=1`` on the runner, a deployment concurrency limit of 1 on the server),
and each run takes the data dir's lock, waiting for a manual ``zhibiao run`` that holds it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from flows.prefect_api import HOST, local_server
from flows.settings import Settings

DEPLOYMENT = "zhibiao"
FLOW = "zhibiao-run"


def scheduled(settings: Settings) -> Settings:
    """The settings of every scheduled run: paths absolute (the runner's flow runs may start elsewhere),
    waiting for a run that holds the data dir, never a reprocess."""
    inbox = settings.inbox if "://" in settings.inbox else str(Path(settings.inbox).resolve())
    return settings.model_copy(update={"inbox": inbox, "data_dir": settings.data_dir.resolve(), "wait": True,
                                       "reprocess": False})


def parameters(settings: Settings) -> dict:
    """The deployment's parameters: the scheduled runs' settings, as JSON."""
    return {"settings": scheduled(settings).model_dump(mode="json")}


def serve(
    settings: Settings, *, cron: str, port: int | None = None, ui: bool = True,
    startup_timeout: float = 180.0, echo: Callable[[str], None] = print,
) -> None:
    """Serve the flow on ``cron`` until interrupted; start (and stop) a local server when none is set.

    SIGTERM is a Ctrl-C until Prefect's runner takes it over, so the server is stopped either way.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    api_url = os.environ.get("PREFECT_API_URL")
    with contextlib.ExitStack() as stack:
        if not api_url:
            home = settings.data_dir / "prefect"
            echo(f"starting a Prefect server on {HOST} (database under {home}) ...")
            server = stack.enter_context(local_server(home, port=port, ui=ui, startup_timeout=startup_timeout))
            api_url = server.api_url
            echo(f"Prefect UI: {server.ui_url}" if ui else f"Prefect API: {server.api_url}")
        os.environ["PREFECT_API_URL"] = api_url  # flow runs are subprocesses: they read it from here
        from prefect.settings import PREFECT_API_URL, temporary_settings

        stack.enter_context(temporary_settings(updates={PREFECT_API_URL: api_url}))
        _serve_deployment(settings, cron=cron, echo=echo)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def deployment(settings: Settings, *, cron: str):
    """The flow as a deployment on ``cron``: one parameter, the scheduled runs' settings; at most one run at
    a time across every runner serving it."""
    from prefect.deployments.runner import EntrypointType

    from flows.flow import zhibiao_run

    return zhibiao_run.to_deployment(
        name=DEPLOYMENT, cron=cron, concurrency_limit=1, parameters=parameters(settings),
        description="zhibiao: new documents of the inbox → validated indicators",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def _serve_deployment(settings: Settings, *, cron: str, echo: Callable[[str], None]) -> None:
    from prefect import serve

    echo(f"serving {FLOW}/{DEPLOYMENT} on '{cron}': inbox {settings.inbox}, data dir {settings.data_dir}")
    serve(deployment(settings, cron=cron), limit=1, print_starting_message=False)
