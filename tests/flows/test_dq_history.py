"""Two runs on different inboxes leave two batches of DQ results, metrics, Data Docs and a history."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import SEEDS, SHARED_EVAL

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_two_batches_of_dq_history(tmp_path):
    from flows.pipeline import zhibiao_run

    first, second = tmp_path / "in1", tmp_path / "in2"
    shutil.copytree(SEEDS, first)
    second.mkdir()
    dev = sorted((SHARED_EVAL / "dev").glob("dev0*.txt")) if (SHARED_EVAL / "dev").exists() else []
    for path in dev[:2]:
        shutil.copy(path, second)
    if not dev:  # without ../shared, a second distinct document built from the seed
        (second / "other.txt").write_text(
            "涪陵区上半年地区生产总值增长6.4%。\n" + (SEEDS.glob("*.txt").__next__()).read_text("utf-8")[:2000],
            "utf-8")
    data = tmp_path / "data"
    runs = [zhibiao_run(inbox=str(inbox), data_dir=str(data)) for inbox in (first, second)]
    assert [r["status"] for r in runs] == ["published", "published"]

    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    per_batch = con.execute(
        "SELECT batch_id, count(*), count(DISTINCT suite) FROM dq_results GROUP BY batch_id ORDER BY batch_id"
    ).fetchall()
    metrics = con.execute("SELECT documents, indicators, indicators_per_1k_chars FROM dq_metrics").fetchall()
    con.close()
    assert [b for b, _, _ in per_batch] == sorted(r["batch_id"] for r in runs)
    assert all(n >= 15 and suites >= 3 for _, n, suites in per_batch)
    assert len(metrics) == 2 and all(ind > 0 and yld > 0 for _, ind, yld in metrics)
    assert (data / "dq" / "index.html").exists()

    out = tmp_path / "dq.html"
    result = CliRunner().invoke(app, ["dq", "--data-dir", str(data), "--last", "5", "--html", str(out)])
    assert result.exit_code == 0, result.output
    for run in runs:
        assert run["batch_id"] in result.output
    page = out.read_text("utf-8")
    assert "<svg" in page and runs[1]["batch_id"] in page


def test_dq_without_a_warehouse_is_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["dq", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "no warehouse" in result.output
