"""The Prefect API a run talks to: the one configured, or one zhibiao starts and stops itself.

* :func:`connected`: for ``zhibiao run`` (and every caller of ``flows.app.run``): the API configured
  (``PREFECT_API_URL``, a Prefect profile, a test harness), else Prefect's own ephemeral server started by
  zhibiao (:class:`EmbeddedAPI`) and stopped after the run's logs and events have drained into it.
* :func:`local_server`: for ``zhibiao serve``, a ``prefect server start`` subprocess (Prefect's ephemeral
  API cannot schedule runs), its database under ``<data dir>/prefect/``.
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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

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


def healthy(api_url: str, *, timeout: float = 2.0, client=None) -> bool:
    """Whether a Prefect API answers its health check. Pollers pass one ``httpx.Client`` for all their
    checks: a bare ``httpx.get`` builds a client, and its TLS context, per call (≈ 55 ms of CPU here, which
    polling every 0.1 s took from the imports running beside it while the embedded API boots)."""
    import httpx

    try:
        return (client or httpx).get(f"{api_url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def _wait_healthy(api_url: str, process: subprocess.Popen, *, timeout: float, every: float,
                  check_timeout: float = 2.0) -> str | None:
    """Poll ``api_url``'s health every ``every`` s with one HTTP client (plain HTTP on the loopback interface:
    no proxy from the environment) until it answers (None), ``process`` exits ("exited") or ``timeout`` s
    pass ("timeout")."""
    import httpx

    deadline = time.monotonic() + timeout
    with httpx.Client(trust_env=False) as client:
        while not healthy(api_url, timeout=check_timeout, client=client):
            if process.poll() is not None:
                return "exited"
            if time.monotonic() > deadline:
                return "timeout"
            time.sleep(every)
    return None


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
        failed = _wait_healthy(server.api_url, process, timeout=startup_timeout, every=0.5)
        if failed == "exited":
            raise ServerError(f"prefect server exited with {process.returncode}: {_tail(log)}")
        if failed == "timeout":
            raise ServerError(f"prefect server did not answer within {startup_timeout:.0f}s: {_tail(log)}")
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
        failed = _wait_healthy(self.api_url, self.process, timeout=timeout, every=0.1, check_timeout=1.0)
        if failed == "exited":
            raise ServerError(f"{EMBEDDED_FAILED}: it exited with {self.process.returncode}: {self.last_line()}")
        if failed == "timeout":
            raise ServerError(f"{EMBEDDED_FAILED} within {timeout:.0f}s: {self.last_line()}")
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




@contextlib.contextmanager
def connected(*, meanwhile: Callable[[], object] | None = None, startup_timeout: float | None = None) -> Iterator[None]:
    """Point Prefect in this process (and the processes it starts: a local Dask cluster's workers) at an API
    for the block: the one configured, else an :class:`EmbeddedAPI` started now and stopped last, after the
    flow's logs and events have drained into it. ``meanwhile()`` runs while the embedded API boots (on the
    other core): the caller imports Prefect and the flow there, which is why Prefect is not imported before
    the server is started."""
    configured = os.environ.get("PREFECT_API_URL")
    if not configured and "prefect" in sys.modules:  # e.g. under a test harness: the settings in force
        from prefect.settings import PREFECT_API_URL

        configured = PREFECT_API_URL.value()
    ephemeral_off = os.environ.get("PREFECT_SERVER_EPHEMERAL_ENABLED", "").lower() in ("0", "false", "no")
    api = None if configured or ephemeral_off else EmbeddedAPI()
    try:
        if meanwhile is not None:
            meanwhile()
        from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, temporary_settings

        if api is None or PREFECT_API_URL.value():  # configured (a Prefect profile counts): that one is used
            yield
            return
        timeout = startup_timeout or float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180"))
        url = api.url(timeout=timeout)
        os.environ["PREFECT_API_URL"] = url  # for processes the flow starts (a local Dask cluster's workers)
        try:
            # no UI is served: no "View at" link to it
            with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_UI_URL: ""}):
                yield
        finally:
            os.environ.pop("PREFECT_API_URL", None)
    finally:
        if api is not None:
            api.close()
