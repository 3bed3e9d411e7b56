"""What the CLI prints: the data-quality history of two runs (table and HTML trend), a run's summary."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import SEEDS, SHARED_EVAL, run, warehouse_rows


@pytest.mark.usefixtures("prefect_harness")
def test_two_batches_of_dq_history(tmp_path):
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
    runs = [run(inbox, data) for inbox in (first, second)]
    assert [r["status"] for r in runs] == ["published", "published"]

    per_batch = warehouse_rows(
        data, "SELECT batch_id, count(*), count(DISTINCT suite) FROM dq_results GROUP BY batch_id ORDER BY batch_id")
    metrics = warehouse_rows(data, "SELECT documents, indicators, indicators_per_1k_chars FROM dq_metrics")
    assert [b for b, _, _ in per_batch] == sorted(r["batch_id"] for r in runs)
    assert all(n >= 15 and suites >= 3 for _, n, suites in per_batch)
    assert len(metrics) == 2 and all(ind > 0 and yld > 0 for _, ind, yld in metrics)
    assert (data / "dq" / "index.html").exists()

    out = tmp_path / "dq.html"
    result = CliRunner().invoke(app, ["dq", "--data-dir", str(data), "--last", "5", "--html", str(out)])
    assert result.exit_code == 0, result.output
    for done in runs:
        assert done["batch_id"] in result.output
    page = out.read_text("utf-8")
    assert "Plotly" in page and 'id="chart-yield"' in page and runs[1]["batch_id"] in page


def test_dq_without_a_warehouse_is_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["dq", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "no warehouse" in result.output


def test_the_summary_names_what_happened(capsys):
    from flows.report import print_summary
    from flows.summary import Summary

    s = Summary(batch_id="b1", status="published", new=2, skipped=1, rejected=1, articles=3, sentences=9,
                indicators=5, checks=70, held_back=1, held=["1 document — indicators._count_nonnegative"],
                retried=1, outputs={"indicators": "p/b1.parquet"})
    print_summary(s.as_dict())
    out = capsys.readouterr().out
    for text in ("2 new, 1 skipped, 1 rejected, 1 held back before processed again", "5 indicator rows",
                 "published (70 expectations, 0 critical failed, 0 warnings)",
                 "1 document — indicators._count_nonnegative", "p/b1.parquet"):
        assert text in out, text


def test_trend_arrows_compare_with_the_next_older_value():
    from flows.report import _trend

    assert _trend([2.0, None, 1.0, 1.01]) == ["▲", "", "=", ""]
