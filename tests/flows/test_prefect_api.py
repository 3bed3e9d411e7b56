"""The Prefect API a run talks to: the configured one, or the embedded one ``zhibiao run`` starts itself
(``flows.prefect_api.EmbeddedAPI``) and stops after the run.

Every other flow test runs under the session's Prefect test harness; the two end-to-end tests here run the
CLI as a user does, in a subprocess with its own fresh ``PREFECT_HOME`` and no API configured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest

from flows import prefect_api
from tests.conftest import ROOT, SEEDS, warehouse_rows

SERVER_APP = "prefect.server.api.server:create_app"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    return env | {"PREFECT_HOME": str(home), "PYTHONPATH": str(ROOT)}


def _servers(home: Path) -> list[psutil.Process]:
    """Embedded API processes using ``home`` (still running)."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        try:
            if SERVER_APP in " ".join(p.info["cmdline"] or []) and p.environ().get("PREFECT_HOME") == str(home):
                found.append(p)
        except psutil.Error:
            continue
    return found


def test_run_starts_its_own_api_and_stops_it(tmp_path):
    home, data = tmp_path / "prefect-home", tmp_path / "data"
    proc = subprocess.run(
        [sys.executable, "-m", "flows", "run", "--inbox", str(SEEDS), "--data-dir", str(data)],
        env=_env(home), capture_output=True, text=True, timeout=400,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (home / "prefect.db").exists()  # the flow run was recorded by the API in PREFECT_HOME
    assert warehouse_rows(data, "SELECT status FROM batches") == [("published",)]
    assert "View at" not in proc.stdout + proc.stderr  # no UI is served, so no link to one
    assert _servers(home) == []


def test_api_that_cannot_start_is_one_line_and_changes_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    home, data = blocker / "home", tmp_path / "data"
    proc = subprocess.run(
        [sys.executable, "-m", "flows", "run", "--inbox", str(SEEDS), "--data-dir", str(data)],
        env=_env(home), capture_output=True, text=True, timeout=400,
    )
    last = proc.stderr.strip().splitlines()[-1]
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert last.startswith("zhibiao: the embedded Prefect API did not start ("), last
    assert "unable to open database file" in last  # the server's own reason, not a generic one
    assert not (data / "published").exists() or not list((data / "published").rglob("*.parquet"))
    assert json.dumps(warehouse_rows(data, "SELECT count(*) FROM documents")) == "[[0]]"


def test_a_configured_api_is_used_and_nothing_is_started(monkeypatch):
    def no_start():
        raise AssertionError("an API is configured: nothing may be started")

    monkeypatch.setattr(prefect_api, "EmbeddedAPI", no_start)
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:1/api")
    ran = []
    with prefect_api.connected(meanwhile=lambda: ran.append("imports")):
        assert os.environ["PREFECT_API_URL"] == "http://127.0.0.1:1/api"
    assert ran == ["imports"]


def test_nothing_listens_on_a_free_port():
    port = prefect_api.free_port()
    assert 0 < port < 65536
    assert not prefect_api.healthy(f"http://{prefect_api.HOST}:{port}/api", timeout=0.5)


@pytest.mark.parametrize(("lines", "last"), [
    (["INFO started", "sqlite3.OperationalError: unable to open database file", "ERROR shutdown"],
     "sqlite3.OperationalError: unable to open database file"),
    (["INFO one", "INFO two"], "INFO two"),
    ([], "(no output)"),
])
def test_the_reason_a_server_did_not_start_is_its_last_exception(lines, last):
    class Log:  # the server's captured output
        def seek(self, offset):
            pass

        def read(self):
            return "\n".join(lines).encode()

    api = prefect_api.EmbeddedAPI.__new__(prefect_api.EmbeddedAPI)
    api.log = Log()
    assert api.last_line() == last


def test_waiting_for_the_api_polls_with_one_client(monkeypatch):
    """A bare httpx.get builds a client and its TLS context per call (≈ 55 ms of CPU): polling every 0.1 s
    with it took a third of a core from the imports running beside the API's boot."""
    import httpx

    made = []
    init = httpx.Client.__init__

    def counting(self, *a, **kw):
        made.append(1)
        init(self, *a, **kw)

    monkeypatch.setattr(httpx.Client, "__init__", counting)  # every client, httpx.get's own included
    api = object.__new__(prefect_api.EmbeddedAPI)  # no server: a port nobody listens on, a process that waits
    api.api_url = f"http://{prefect_api.HOST}:{prefect_api.free_port()}/api"
    api.process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    api.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, as EmbeddedAPI.close does
    try:
        with pytest.raises(prefect_api.ServerError, match="within 1s"):
            api.url(timeout=1.0)
    finally:
        api.process.kill()
        api.process.wait()
        api.log.close()
    assert len(made) == 1
