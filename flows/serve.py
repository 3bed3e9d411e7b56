"""``zhibiao serve``: the flow as a Prefect deployment on a cron schedule, with a server if none is set.

Prefect's ephemeral API cannot schedule runs, so without ``PREFECT_API_URL`` a local server is
started (``prefect server start`` on 127.0.0.1, its SQLite database under ``<data dir>/prefect/``),
waited for until ``/api/health`` answers, and stopped again when serving ends (Ctrl-C, SIGTERM).
With ``PREFECT_API_URL`` set, that server is used and nothing is started.

The deployment runs at most one flow run at a time (``limit=1`` on the runner, a deployment
concurrency limit of 1 on the server), and each run takes the data dir's lock, waiting for a manual
``zhibiao run`` that holds it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flows.settings import Settings

DEPLOYMENT = "zhibiao"
FLOW = "zhibiao-run"
HOST = "127.0.0.1"
SERVER_PID = "server.pid"


class ServerError(RuntimeError):
    """The local Prefect server did not start; ``str(exc)`` says why (with the end of its log)."""


@dataclass(frozen=True)
class LocalServer:
    """A ``prefect server start`` subprocess on the loopback interface."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://{HOST}:{self.port}"


def free_port() -> int:
    """A TCP port on the loopback interface that nobody listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def healthy(api_url: str, *, timeout: float = 2.0) -> bool:
    """Whether a Prefect API answers its health check."""
    import httpx

    try:
        return httpx.get(f"{api_url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def local_server(
    home: Path, *, port: int | None = None, ui: bool = True, startup_timeout: float = 180.0
) -> Iterator[LocalServer]:
    """Run a Prefect server whose database and log live in ``home`` for the duration of the block."""
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {
        "PREFECT_HOME": str(home),
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        "PREFECT_SERVER_API_HOST": HOST,
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_UI_ENABLED": "true" if ui else "false",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    log = home / "server.log"
    with log.open("ab") as out:
        # its own session: a Ctrl-C in the terminal reaches zhibiao, which stops the server last
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start"], env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    server = LocalServer(process, port, log)
    pid_file = home / SERVER_PID
    pid_file.write_text(str(process.pid))  # so an operator (or a test) can find a server left behind
    try:
        deadline = time.monotonic() + startup_timeout
        while not healthy(server.api_url):
            if process.poll() is not None:
                raise ServerError(f"prefect server exited with {process.returncode}: {_tail(log)}")
            if time.monotonic() > deadline:
                raise ServerError(f"prefect server did not answer within {startup_timeout:.0f}s: {_tail(log)}")
            time.sleep(0.5)
        yield server
    finally:
        stop(process)
        pid_file.unlink(missing_ok=True)


def stop(process: subprocess.Popen, *, grace: float = 20.0) -> None:
    """SIGTERM the process group, then SIGKILL what is left after ``grace`` seconds."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _tail(log: Path, lines: int = 3) -> str:
    try:
        text = log.read_text("utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return " | ".join(line.strip() for line in text[-lines:]) or "(empty log)"


# What a server that lives for one run does not need: automations (triggers and their actions) cannot fire
# after it stops, and block types are registered by a long-lived server; registering them imports every
# installed Prefect collection (prefect-dask: dask, distributed) at each start.
EMBEDDED_DEFAULTS = {
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}


class EmbeddedAPI:
    """The API a ``zhibiao run`` uses when no ``PREFECT_API_URL`` is set: Prefect's own ephemeral server
    (uvicorn on ``prefect.server.api.server:create_app``, UI and services off, database in PREFECT_HOME),
    but started by zhibiao at the very start of a run instead of by Prefect's client at the flow's first
    call.

    Prefect's client would import ``prefect.server`` in this process only to start that subprocess (about
    12 CPU seconds here, on top of the subprocess's own import), and only once the flow is called; started
    here, the server boots on the other core while this process surveys the inbox and imports the flow.
    ``url()`` waits for ``/api/health``; ``close()`` stops the server after Prefect's log and event workers
    have drained into it.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - the server's output (why a start failed), closed by close()
        env = os.environ | {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        env = EMBEDDED_DEFAULTS | env  # what the user's environment sets wins
        # the directory holding the prefect package, found without importing it (as Prefect passes it)
        site = str(Path(importlib.util.find_spec("prefect").origin).parent.parent)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", site, "--factory",
             "prefect.server.api.server:create_app", "--host", HOST, "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self.api_url = f"http://{HOST}:{self.port}/api"

    def url(self, *, timeout: float) -> str:
        """The API's URL once it answers; ServerError if it exits or does not answer within ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while not healthy(self.api_url, timeout=1.0):
            if self.process.poll() is not None:
                raise ServerError(f"{EMBEDDED_FAILED}: it exited with {self.process.returncode}: {self.last_line()}")
            if time.monotonic() > deadline:
                raise ServerError(f"{EMBEDDED_FAILED} within {timeout:.0f}s: {self.last_line()}")
            time.sleep(0.1)
        return self.api_url

    def last_line(self) -> str:
        """The last exception the server printed (why it failed to start), else its last line."""
        self.log.seek(0)
        lines = [line.strip() for line in self.log.read().decode("utf-8", "replace").splitlines() if line.strip()]
        errors = [line for line in lines if RE_EXCEPTION.match(line)]
        return (errors or lines or ["(no output)"])[-1][:300]

    def close(self) -> None:
        if "prefect" in sys.modules and self.process.poll() is None:
            from prefect.events.worker import EventsWorker
            from prefect.logging.handlers import APILogWorker

            for worker in (APILogWorker, EventsWorker):
                with contextlib.suppress(Exception):
                    worker.drain_all(timeout=5)
        stop(self.process, grace=5)
        self.log.close()


RE_EXCEPTION = re.compile(r"^[\w.]+(Error|Exception|Exit)\b.*:")

# the start of what Prefect's client raises when its ephemeral API does not come up; the CLI maps
# both to one line
EMBEDDED_FAILED = "Timed out while attempting to connect to ephemeral Prefect API server"


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when the parent dies (Linux), so a killed run leaves no server."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def parameters(settings: Settings) -> dict:
    """The deployment's parameters: this data dir and inbox (absolute); a scheduled run waits for the lock."""
    inbox = settings.inbox if "://" in settings.inbox else str(Path(settings.inbox).resolve())
    return {"inbox": inbox, "data_dir": str(settings.data_dir.resolve()), "glob": settings.glob, "wait": True}


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


def _serve_deployment(settings: Settings, *, cron: str, echo: Callable[[str], None]) -> None:
    from prefect.deployments.runner import EntrypointType

    from flows.pipeline import zhibiao_run

    echo(f"serving {FLOW}/{DEPLOYMENT} on '{cron}': inbox {settings.inbox}, data dir {settings.data_dir}")
    zhibiao_run.serve(
        name=DEPLOYMENT, cron=cron, limit=1, global_limit=1, parameters=parameters(settings),
        description="zhibiao: new documents of the inbox → validated indicators", print_starting_message=False,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
