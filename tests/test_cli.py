"""The command line: fast help, one-line errors with exit 2, validate's exit codes, dq history."""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


def _zhibiao(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows", *args], capture_output=True, text=True, timeout=120, **kw)


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


def test_deployment_loads():
    from flows.pipeline import zhibiao_run

    deployment = zhibiao_run.to_deployment(name="zhibiao-hourly", cron="0 * * * *")
    assert deployment.name == "zhibiao-hourly"
    assert deployment.schedules and deployment.schedules[0].schedule.cron == "0 * * * *"


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


def test_embedded_prefect_api_that_does_not_start_is_one_line_exit_2(tmp_path, monkeypatch):
    from flows import pipeline

    def no_server(settings):
        raise RuntimeError("Timed out while attempting to connect to ephemeral Prefect API server.")

    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_text("重庆上半年地区生产总值增长6.4%。", "utf-8")
    monkeypatch.setattr(pipeline, "flow_for", no_server)
    result = runner.invoke(app, ["run", "--inbox", str(tmp_path / "inbox"), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "embedded Prefect API did not start" in result.output and "Traceback" not in result.output
