"""Scheduled runs forked warm (``flows.serve.warm_starts``, ``flows.warm``): the runner's way of starting a
served flow's run, with the forkserver standing in for a new interpreter. The whole of ``zhibiao serve``
(server, schedule, a run through the API, its log saying it started warm) is ``test_serve.py``'s."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from prefect import flow

from flows import serve
from flows.settings import Settings

pytestmark = pytest.mark.usefixtures("prefect_harness")


@flow(name="zhibiao-warm-probe")
def probe(out: str, cache_dir: str) -> None:
    """What the run's process holds before the run loads anything: written to ``out``."""
    from transforms import segment

    Path(out).write_text(json.dumps({
        "warm": "flows.warm" in sys.modules,
        "gx": "great_expectations.expectations" in sys.modules,
        "cutter": cache_dir in segment._cutters,
    }))


def test_a_served_run_starts_in_a_process_forked_with_everything_loaded(tmp_path, monkeypatch, jieba_cache):
    from prefect.runner import _starter_direct as direct

    monkeypatch.setattr(direct, "run_flow_in_subprocess", direct.run_flow_in_subprocess)  # undone after
    monkeypatch.delenv(serve.WARM_CACHE_ENV, raising=False)
    settings = Settings(data_dir=tmp_path / "data", cache_dir=Path(jieba_cache).parent)
    assert str(settings.jieba_cache) == jieba_cache
    assert serve.warm_starts(settings)
    out = tmp_path / "probe.json"
    # as the runner starts a run of the flow it serves (prefect.runner._starter_direct.DirectSubprocessStarter)
    process = direct.run_flow_in_subprocess(probe, parameters={"out": str(out), "cache_dir": jieba_cache})
    process.join(300)
    assert process.exitcode == 0
    assert type(process).__name__ == "ForkServerProcess"
    assert json.loads(out.read_text()) == {"warm": True, "gx": True, "cutter": True}
    assert "flows.warm" not in sys.modules  # the serving process itself stays light


def test_without_the_start_this_relies_on_runs_start_as_prefect_starts_them(tmp_path, monkeypatch):
    from prefect.runner import _starter_direct as direct

    monkeypatch.setattr(direct, "run_flow_in_subprocess", lambda *a, **kw: None)  # a Prefect that changed
    monkeypatch.delenv(serve.WARM_CACHE_ENV, raising=False)
    assert not serve.warm_starts(Settings(data_dir=tmp_path / "data"))
    assert serve.WARM_CACHE_ENV not in os.environ


@pytest.mark.parametrize(("settings", "warm", "said"), [
    ({}, True, None),
    ({"warm_starts": False}, False, "--no-warm"),
])
def test_serve_forks_runs_warm_unless_told_not_to(tmp_path, monkeypatch, settings, warm, said):
    from flows.flow import zhibiao_run

    asked, served, lines = [], [], []
    monkeypatch.setattr(serve, "warm_starts", lambda s: asked.append(s) or True)
    monkeypatch.setattr(type(zhibiao_run), "serve", lambda self, **kw: served.append(kw))
    serve._serve_deployment(Settings(data_dir=tmp_path / "data", **settings), cron="0 * * * *", echo=lines.append)
    assert bool(asked) == warm
    assert served and served[0]["limit"] == 1 and served[0]["global_limit"] == 1 and served[0]["cron"] == "0 * * * *"
    assert (said in lines[0]) if said else "new interpreter" not in lines[0]


def test_no_warm_reaches_the_settings_serve_runs_with(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from flows.cli import app

    got = []
    monkeypatch.setattr(serve, "serve", lambda settings, **kw: got.append(settings))
    base = ["serve", "--inbox", str(tmp_path), "--data-dir", str(tmp_path / "data")]
    assert CliRunner().invoke(app, [*base, "--no-warm"]).exit_code == 0
    assert CliRunner().invoke(app, base, env={"ZHIBIAO_WARM_STARTS": "false"}).exit_code == 0
    assert CliRunner().invoke(app, base).exit_code == 0
    assert [s.warm_starts for s in got] == [False, False, True]
