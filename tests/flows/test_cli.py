"""The command line: fast help, one-line errors with exit 2, validate's exit codes; `run` and `serve`
turn the same flags into the same settings, handed whole to the one run path and to the deployment."""

from __future__ import annotations

import os
import subprocess
import sys

import polars as pl
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import SEEDS

runner = CliRunner()


def _zhibiao(*args: str, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("timeout", 120)
    return subprocess.run([sys.executable, "-m", "flows", *args], capture_output=True, text=True, **kw)


def test_help_does_not_import_heavy_packages():
    code = ("import sys; from flows.cli import app; "
            "heavy = [m for m in ('great_expectations', 'prefect', 'jieba') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_missing_inbox_is_one_line_exit_2(tmp_path):
    proc = _zhibiao("run", "--inbox", str(tmp_path / "nope"), "--data-dir", str(tmp_path / "d"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "does not exist" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_data_dir_that_cannot_be_created_is_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = _zhibiao("run", "--inbox", str(tmp_path), "--data-dir", str(blocker / "data"))
    assert proc.returncode == 2
    assert "data dir" in proc.stderr and proc.stderr.strip().count("\n") == 0


def test_deployment_loads(tmp_path):
    """The deployment `zhibiao serve` serves: the flow by module path, the cron schedule, a run limit of one,
    and one parameter, the settings, which Prefect turns back into the very settings serve was given."""
    from prefect.deployments.runner import EntrypointType

    from flows import serve
    from flows.settings import Settings, resolve

    given = resolve(inbox=str(SEEDS), data_dir=tmp_path / "data", max_bytes=1000, task_runner="dask")
    deployment = serve.deployment(given, cron="0 * * * *")
    assert deployment.name == serve.DEPLOYMENT and deployment.entrypoint == "flows.flow.zhibiao_run"
    assert deployment.entrypoint_type == EntrypointType.MODULE_PATH
    assert deployment.schedules and deployment.schedules[0].schedule.cron == "0 * * * *"
    assert deployment.concurrency_limit == 1
    assert set(deployment.parameters) == {"settings"}
    scheduled = Settings.model_validate(deployment.parameters["settings"])
    assert scheduled == serve.scheduled(given)
    assert (scheduled.max_bytes, scheduled.task_runner, scheduled.wait) == (1000, "dask", True)
    assert scheduled.data_dir.is_absolute() and scheduled.inbox == str(SEEDS.resolve())


# every option that shapes a run, as given on the command line, and the setting it must become
RUN_FLAGS = {
    "--inbox": ("inbox", None),  # a path (filled in per test)
    "--data-dir": ("data_dir", None),
    "--glob": ("glob", "*.pdf"),
    "--max-bytes": ("max_bytes", "1000"),
    "--batch-mb": ("batch_mb", "0.5"),
    "--task-runner": ("task_runner", "dask"),
    "--dask-address": ("dask_address", "tcp://127.0.0.1:8786"),
}


def _handed(monkeypatch, tmp_path, command: str, *args: str, env: dict | None = None):
    """The settings `zhibiao <command> args` hands on: to the one run path (run), or to serve (serve)."""
    from flows import app as application
    from flows import serve

    got = {}
    monkeypatch.setattr(application, "run", lambda settings, **kw: got.setdefault("settings", settings) and {
        "status": "empty", "batch_id": "b", "new": 0, "skipped": 0, "rejected": 0, "articles": 0, "sentences": 0,
        "indicators": 0, "checks": 0, "failed_critical": [], "warnings": [], "outputs": {}})
    monkeypatch.setattr(serve, "serve", lambda settings, **kw: got.setdefault("settings", settings))
    base = ["--inbox", str(SEEDS), "--data-dir", str(tmp_path / "data")]
    result = runner.invoke(app, [command, *base, *args], env=env)
    assert result.exit_code == 0, result.output
    return got["settings"]


@pytest.mark.parametrize("flag", list(RUN_FLAGS))
def test_run_and_serve_turn_a_flag_into_the_same_setting(monkeypatch, tmp_path, flag):
    """A test per flag and entry point: the setting the flag names reaches the one run path (`run`) and the
    deployment (`serve`) alike. (``zhibiao run --max-bytes`` used to be dropped on its way to the flow.)"""
    from flows import serve

    name, value = RUN_FLAGS[flag]
    args = [flag, value] if value is not None else []
    by_run = _handed(monkeypatch, tmp_path, "run", *args)
    by_serve = _handed(monkeypatch, tmp_path, "serve", *args)
    if value is not None:
        assert str(getattr(by_run, name)) == value
    assert serve.scheduled(by_run) == serve.scheduled(by_serve)


@pytest.mark.parametrize("variable", ["ZHIBIAO_TASK_RUNNER", "ZHIBIAO_MAX_BYTES", "ZHIBIAO_WORKERS",
                                      "ZHIBIAO_DOC_BUDGET_S", "ZHIBIAO_WAREHOUSE_MEMORY_MB", "ZHIBIAO_BATCH_MB"])
def test_run_and_serve_read_a_variable_into_the_same_setting(monkeypatch, tmp_path, variable):
    """``ZHIBIAO_TASK_RUNNER=dask zhibiao serve`` used to run the CPU stages in threads: the variable is now
    read once, by the command, into the settings the deployment carries."""
    from flows import serve

    value = {"ZHIBIAO_TASK_RUNNER": "dask"}.get(variable, "64")
    by_run = _handed(monkeypatch, tmp_path, "run", env={variable: value})
    by_serve = _handed(monkeypatch, tmp_path, "serve", env={variable: value})
    name = variable.removeprefix("ZHIBIAO_").lower()
    assert str(getattr(by_run, name)).removesuffix(".0") == value
    assert serve.scheduled(by_run) == serve.scheduled(by_serve)
    scheduled = serve.parameters(by_serve)["settings"]
    assert str(scheduled[name]).removesuffix(".0") == value


def test_run_only_options(monkeypatch, tmp_path):
    settings = _handed(monkeypatch, tmp_path, "run", "--reprocess", "--wait")
    assert settings.reprocess and settings.wait


def _indicator_frame(**overrides) -> pl.DataFrame:
    row = {
        "indicator_id": "i1", "batch_id": "b", "doc_id": "d" * 64, "source": "s.txt", "article_title": "t",
        "sentence": "产量达到11.3万辆。", "span_start": 4, "span_end": 10, "metric": "产量", "region": "重庆",
        "value": 11.3, "unit": "万辆", "value_norm": 113000.0, "unit_norm": "辆", "qualifier": None,
        "direction": None, "period": None, "is_target": False, "extractor_version": "x",
    }
    row |= overrides
    return pl.DataFrame([row]).with_columns(pl.col("span_start", "span_end").cast(pl.Int32))


@pytest.mark.parametrize(("overrides", "code", "named"), [
    ({}, 0, None),
    ({"unit_norm": "furlong"}, 1, "expect_column_values_to_be_in_set(unit_norm)"),
    ({"value": None}, 1, "expect_column_values_to_not_be_null(value)"),
])
def test_validate_exit_codes(tmp_path, overrides, code, named):
    path = tmp_path / "ind.parquet"
    _indicator_frame(**overrides).write_parquet(path)
    result = runner.invoke(app, ["validate", str(path), "--suite", "indicators"])
    assert result.exit_code == code, result.output
    if named:
        assert named in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--suite", "indicators"], "cannot read"),
    (["--suite", "nosuch"], "unknown suite"),
])
def test_validate_unusable_input_is_exit_2(tmp_path, args, message):
    bad = tmp_path / "x.parquet"
    bad.write_text("not parquet")
    result = runner.invoke(app, ["validate", str(bad), *args])
    assert result.exit_code == 2 and message in result.output


def test_a_failed_run_is_one_line_exit_2(tmp_path, monkeypatch):
    from flows import app as application

    def failing(settings, **kwargs):
        raise application.Failed("the embedded Prefect API did not start (why); nothing was changed")

    monkeypatch.setattr(application, "run", failing)
    result = runner.invoke(app, ["run", "--inbox", str(SEEDS), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert result.stderr.strip() == "zhibiao: the embedded Prefect API did not start (why); nothing was changed"


def test_bad_settings_are_exit_2(tmp_path):
    result = runner.invoke(app, ["run", "--task-runner", "threads", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "bad setting: task_runner" in result.stderr
    result = runner.invoke(app, ["serve", "--inbox", str(SEEDS), "--data-dir", str(tmp_path), "--cron", "nope"])
    assert result.exit_code == 2 and "bad cron expression" in result.stderr


def test_release_needs_documents_or_all(tmp_path):
    result = runner.invoke(app, ["quarantine", "release", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "name the documents to release, or --all" in result.stderr


def test_series_command_lines_up_two_documents_end_to_end(tmp_path):
    """`zhibiao series` after a real run: two papers dated by their file names state Guangdong's April
    industrial growth, one with another figure: one period, two documents, a conflict."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2024-05-16_a.txt").write_text("广东工业平稳增长\n\n　　4月份，广东规模以上工业增加值同比增长6.5%。\n",
                                            encoding="utf-8")
    (inbox / "2024-05-20_b.txt").write_text("广东经济运行简报\n\n　　4月份，广东规模以上工业增加值同比增长6.8%。\n",
                                            encoding="utf-8")
    data = tmp_path / "data"
    assert _zhibiao("run", "--inbox", str(inbox), "--data-dir", str(data), timeout=300).returncode == 0
    proc = _zhibiao("series", "--metric", "规上工业增加值", "--region", "广东", "--measure", "yoy",
                    "--data-dir", str(data), env=os.environ | {"COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    assert "规模以上工业增加值 · 广东省 (industrial_value_added, 440000)" in proc.stdout
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in proc.stdout.splitlines()
            if "2024-04-01–2024-04-30" in line]
    # period, kind, measure, value, unit, target, documents, conflict
    assert rows == [["2024-04-01–2024-04-30", "month", "yoy", "6.5", "%", "", "2", "yes"]]

    unknown = _zhibiao("series", "--metric", "不存在的指标", "--region", "广东", "--data-dir", str(data))
    assert unknown.returncode == 2 and unknown.stderr.strip().count("\n") == 0
