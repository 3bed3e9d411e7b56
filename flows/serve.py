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


DESCRIPTION = "zhibiao: new documents of the inbox → validated indicators"


def _deployed(settings: Settings, *, cron: str) -> dict:
    """What the deployment is: the flow by module path on ``cron``, one parameter (the scheduled runs'
    settings)."""
    from prefect.deployments.runner import EntrypointType

    return {"name": DEPLOYMENT, "cron": cron, "parameters": parameters(settings), "description": DESCRIPTION,
            "entrypoint_type": EntrypointType.MODULE_PATH}


def deployment(settings: Settings, *, cron: str):
    """The deployment :func:`serve` registers, for a look at it: :func:`_deployed`, at most one run at a time
    across every runner serving it."""
    from flows.flow import zhibiao_run

    return zhibiao_run.to_deployment(**_deployed(settings, cron=cron), concurrency_limit=1)


def _serve_deployment(settings: Settings, *, cron: str, echo: Callable[[str], None]) -> None:
    """The deployment, served with the flow object itself (``Flow.serve``: the runner starts each run from
    the flow it holds, which :func:`warm_starts` can fork, rather than from its entrypoint in a new
    interpreter); at most one run at a time, in this runner and across runners."""
    from flows.flow import zhibiao_run

    warm = settings.warm_starts and warm_starts(settings)
    cold = "--no-warm" if not settings.warm_starts else "this Prefect cannot fork them warm"
    echo(f"serving {FLOW}/{DEPLOYMENT} on '{cron}': inbox {settings.inbox}, data dir {settings.data_dir}"
         + ("" if warm else f" (runs start in a new interpreter: {cold})"))
    zhibiao_run.serve(**_deployed(settings, cron=cron), global_limit=1, limit=1, print_starting_message=False)


PRELOAD = "flows.warm"  # a run's process holds it when forked warm
WARM_CACHE_ENV = "ZHIBIAO_WARM_CACHE_DIR"  # the cache dir whose cutter the warm process loads


def warm_starts(settings: Settings) -> bool:
    """Have the runner fork each flow run from a warm process (a ``multiprocessing`` forkserver that
    loaded :data:`PRELOAD`, with the cutter of ``settings``' cache dir) instead of spawning a new
    interpreter. False (runs start as Prefect starts them) when this Prefect does not start a served
    flow's runs the way this relies on: ``prefect.runner._starter_direct.run_flow_in_subprocess``, which
    asks ``multiprocessing`` for the ``spawn`` context; the forkserver context stands in for it."""
    import multiprocessing
    import multiprocessing.forkserver

    import prefect.flow_engine as engine
    from prefect.runner import _starter_direct as direct

    spawn = getattr(direct, "run_flow_in_subprocess", None)
    if spawn is not engine.run_flow_in_subprocess or getattr(engine, "multiprocessing", None) is not multiprocessing:
        return False
    try:
        forkserver = multiprocessing.get_context("forkserver")
    except ValueError:  # a platform without fork (Windows)
        return False
    os.environ[WARM_CACHE_ENV] = str(settings.jieba_cache)  # read by the forkserver when it starts
    forkserver.set_forkserver_preload([PRELOAD])
    # started now, so that it loads while serve waits for the first run: started by that run instead, the
    # run (and the runner's event loop, which starts it) would wait the ≈ 10 s of loading first
    multiprocessing.forkserver.ensure_running()

    class _Forked:
        """``multiprocessing`` as Prefect's ``run_flow_in_subprocess`` sees it: every context the forkserver."""

        def __getattr__(self, name):
            return getattr(multiprocessing, name)

        @staticmethod
        def get_context(method=None):
            return forkserver

    def run_flow_forked(*args, **kwargs):
        engine.multiprocessing = _Forked()
        try:
            return spawn(*args, **kwargs)
        finally:
            engine.multiprocessing = multiprocessing

    direct.run_flow_in_subprocess = run_flow_forked
    return True
