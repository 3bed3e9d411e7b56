"""``zhibiao serve``: a real local Prefect server, the deployment on a cron schedule, a run through the API.

Slow by nature (the server migrates its database on first start), so one test does it all: start
``zhibiao serve`` without ``PREFECT_API_URL``, check the deployment and its schedule, drop a file into
the inbox, trigger a run through the API, see the file ingested by a run forked warm, and stop everything
with SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from flows import prefect_api
from flows import serve as serving
from tests.conftest import warehouse_rows

DEPLOYMENT = f"{serving.FLOW}/{serving.DEPLOYMENT}"
STARTUP = 300.0  # first start migrates the server database; slow on a busy 2-core machine
DROPPED = "今年以来，涪陵区新能源汽车产量达到3.2万辆，同比增长18.5%。\n全区规模以上工业增加值增长9.1%。\n"


def _wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc.poll() is not None:
            pytest.fail(f"zhibiao serve exited ({proc.returncode}) before {what}: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}: {log.read_text()[-2000:]}")
        time.sleep(1)


async def _deployment_and_run(api_url: str) -> tuple:
    from prefect import get_client
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        async with get_client() as client:
            deadline = time.monotonic() + 120  # the runner registers it just after printing "serving"
            while True:
                try:
                    deployment = await client.read_deployment_by_name(DEPLOYMENT)
                    break
                except ObjectNotFound:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(1)
            run = await run_deployment(DEPLOYMENT, client=client, timeout=STARTUP, poll_interval=2, as_subflow=False)
    return deployment, run


def test_serve_schedules_and_runs_the_flow_on_a_local_server(tmp_path):
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    port = prefect_api.free_port()
    api_url = f"http://{prefect_api.HOST}:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_RUNNER_POLL_FREQUENCY": "2",
            "PREFECT_LOGGING_LEVEL": "INFO", "ZHIBIAO_WORKERS": "1"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows", "serve", "--cron", "* * * * *", "--inbox", str(inbox),
             "--data-dir", str(data), "--port", str(port), "--max-bytes", "100000"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_for(lambda: "serving zhibiao-run/zhibiao" in log.read_text(), STARTUP, "the deployment", proc, log)
        assert f"Prefect UI: http://127.0.0.1:{port}" in log.read_text()
        assert (data / "prefect" / "prefect.db").exists()  # the server's database is under the data dir

        (inbox / "dropped.txt").write_bytes(DROPPED.encode("gb18030"))
        (inbox / "too-big.txt").write_bytes(b"x" * 100_001)
        deployment, run = asyncio.run(_deployment_and_run(api_url))
        assert deployment.schedules and deployment.schedules[0].schedule.cron == "* * * * *"
        assert deployment.parameters["settings"]["wait"] is True
        assert deployment.parameters["settings"]["inbox"] == str(inbox)
        assert deployment.parameters["settings"]["max_bytes"] == 100_000  # the flag serve was given
        assert deployment.global_concurrency_limit is not None
        assert deployment.global_concurrency_limit.limit == 1
        assert run.state is not None and run.state.is_completed(), run.state
        assert "started warm" in log.read_text()  # forked from the warm process (flows.serve.warm_starts)

        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=90)
        assert not prefect_api.healthy(api_url, timeout=1)  # the server it started is gone too
        assert not (data / "prefect" / prefect_api.SERVER_PID).exists()
    finally:
        _cleanup(proc, data / "prefect" / prefect_api.SERVER_PID)

    docs = warehouse_rows(data, "SELECT source, encoding FROM documents")
    units = {u for (u,) in warehouse_rows(data, "SELECT unit FROM indicators WHERE source = 'dropped.txt'")}
    assert ("dropped.txt", "gb18030") in docs
    assert "万辆" in units
    rejected = dict(warehouse_rows(data, "SELECT source, reason FROM rejected_documents"))
    assert rejected == {"too-big.txt": "file too large (100001 bytes > 100000)"}  # --max-bytes, in a scheduled run


def _cleanup(proc: subprocess.Popen, server_pid) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with contextlib.suppress(OSError, ValueError):
        pid = int(server_pid.read_text())
        os.killpg(pid, signal.SIGKILL)
