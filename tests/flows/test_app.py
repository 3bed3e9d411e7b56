"""The one run path: what ``zhibiao run``, ``zhibiao quarantine release`` and the soak bench call. A run
with nothing to read ends before Prefect starts; every failure a user can act on is one line."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from flows import app
from flows.settings import resolve
from flows.storage import warehouse
from tests.conftest import SEEDS, run, warehouse_rows


@pytest.fixture
def seen(tmp_path):
    """A data dir that already holds the seed page, and an inbox of just that page."""
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    seed = next(SEEDS.glob("*.txt"))
    (inbox / seed.name).write_bytes(seed.read_bytes())
    with warehouse.session(resolve(data_dir=data)) as con:
        warehouse.append(con, "documents", pl.DataFrame([{
            "doc_id": hashlib.sha256(seed.read_bytes()).hexdigest(), "batch_id": "b0", "status": "published"}]))
    return inbox, data


def test_a_run_with_nothing_new_starts_no_prefect(seen):
    """Nor Arrow (its import is a quarter of such a run) nor the extraction rules."""
    inbox, data = seen
    code = ("import sys; from flows import app; from flows.settings import resolve; "
            f"s = app.run(resolve(inbox={str(inbox)!r}, data_dir={str(data)!r})); "
            "heavy = [m for m in ('great_expectations', 'prefect', 'jieba', 'pyarrow', 'transforms.extract.scan') "
            "if m in sys.modules]; "
            "print(s['status'], s['skipped'], heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "empty 1 []"


def test_a_nothing_new_run_sweeps_a_killed_writers_temporary(seen):
    inbox, data = seen
    planted = data / "published" / "indicators" / ".x.parquet.tmp"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"half")
    assert run(inbox, data)["status"] == "empty"
    assert not planted.exists()


def test_max_bytes_is_honoured_by_a_run(seen, tmp_path):
    """``zhibiao run --max-bytes 1000`` used to be dropped on the way to the flow (only the variable worked)."""
    inbox, _ = seen
    data = tmp_path / "fresh"
    summary = run(inbox, data, max_bytes=1000)
    assert (summary["status"], summary["rejected"]) == ("empty", 1)
    (reason,), = warehouse_rows(data, "SELECT reason FROM rejected_documents")
    assert reason.endswith("> 1000)")


def test_a_busy_data_dir_fails_in_one_line(seen):
    inbox, data = seen
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(data)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(app.Failed, match=rf"another zhibiao run \(pid {holder.pid}"):
            run(inbox, data)
    finally:
        holder.kill()
        holder.wait()


HOLD = ("import sys, time; from pathlib import Path; from flows import lock\n"
        "with lock.hold(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)")


def test_a_missing_inbox_fails_in_one_line(tmp_path):
    with pytest.raises(app.Failed, match="does not exist"):
        app.run(resolve(inbox=str(tmp_path / "missing"), data_dir=tmp_path / "data"))


def test_a_data_dir_that_cannot_be_written_fails_in_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(app.Failed, match="cannot be used"):
        app.run(resolve(inbox=str(SEEDS), data_dir=tmp_path / "file" / "data"))


def test_a_damaged_warehouse_fails_in_one_line_pointing_to_rebuild(seen):
    inbox, data = seen
    (data / "warehouse.duckdb").write_bytes(b"\x00garbage" * 5000)
    with pytest.raises(app.Failed, match="zhibiao rebuild"):
        run(inbox, data)


def test_the_embedded_api_failing_to_start_fails_in_one_line(tmp_path, monkeypatch):
    from flows import prefect_api

    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_text("重庆上半年地区生产总值增长6.4%。", "utf-8")

    @contextlib.contextmanager
    def no_server(**kwargs):
        raise prefect_api.ServerError(f"{prefect_api.EMBEDDED_FAILED}: it exited with 1: unable to open database")
        yield

    monkeypatch.setattr(prefect_api, "connected", no_server)
    with pytest.raises(app.Failed, match=r"embedded Prefect API did not start \(it exited with 1"):
        run(tmp_path / "inbox", tmp_path / "data")
    assert warehouse_rows(tmp_path / "data", "SELECT count(*) FROM documents") == [(0,)]


@pytest.mark.parametrize(("exc", "where"), [
    (OSError(errno.ENOSPC, "No space left on device", "/d/published/x.parquet"), "/d/published/x.parquet"),
    (RuntimeError("wrapped"), None),
    (duckdb.IOException("Could not write file: No space left on device"), "the warehouse"),
])
def test_disk_full_is_recognised_through_causes(exc, where):
    outer = RuntimeError("task failed")
    outer.__cause__ = exc
    assert app.disk_full(outer) == where


def test_a_run_with_enough_new_bytes_hands_the_flow_the_pool_it_started_first(tmp_path, monkeypatch):
    """The pool starts before Prefect (its workers load while the API boots, then begin on the first
    sub-batch) and the flow uses that one pool, without choosing another and without doing the begun work
    again; the rows are those of a run on the flow's own pool."""
    from flows import executors

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = next(SEEDS.glob("*.txt"))
    (inbox / seed.name).write_bytes(seed.read_bytes())
    made, used = [], []
    early_pool, submit = executors.early_pool, executors.Pool.submit

    def recording_early(settings, *, expected_bytes):
        pool = early_pool(settings, expected_bytes=expected_bytes)
        made.append(pool)
        return pool

    taken = []

    def recording_submit(self, docs):
        used.append(self)
        begun = self._ahead
        got = submit(self, docs)
        taken.append(begun is not None and got is begun[1])
        return got

    offload, offloaded = executors.Pool.offload, []

    def recording_offload(self, fn, *args):
        future = offload(self, fn, *args)
        offloaded.append(future is not None)
        return future

    monkeypatch.setattr(executors, "early_pool", recording_early)
    monkeypatch.setattr(executors.Pool, "submit", recording_submit)
    monkeypatch.setattr(executors.Pool, "offload", recording_offload)
    early = run(inbox, tmp_path / "early", pool_min_chars=1000, workers=2)
    assert len(made) == 1 and made[0] is not None and made[0].started is False  # closed after the run
    assert used and all(p is made[0] for p in used)
    assert taken == [True]  # the flow's one submission took the work begun before the flow started
    assert offloaded == [True]  # the document's page: rendered by a worker, idle at the run's end
    assert len(list((tmp_path / "early" / "site" / "doc").rglob("*.html"))) == 1

    made.clear(), used.clear()
    own = run(inbox, tmp_path / "own", pool_min_chars=10**9, workers=2)  # too little for the pool: in-process
    assert made == [None] and used and used[0] is not None

    def rows(data):
        return warehouse_rows(data, "SELECT indicator_id, value_norm FROM indicators ORDER BY 1")
    assert early["indicators"] == own["indicators"] > 0
    assert rows(tmp_path / "early") == rows(tmp_path / "own")


def test_a_failing_head_start_is_no_failed_run(tmp_path, monkeypatch):
    """What the pool is handed before the flow starts is a head start only: when reading it ahead fails, the
    flow reads the files itself and the run is the usual one."""
    from flows import flow

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = next(SEEDS.glob("*.txt"))
    (inbox / seed.name).write_bytes(seed.read_bytes())

    def broken(start):
        raise RuntimeError("read ahead failed")

    monkeypatch.setattr(flow, "first_documents", broken)
    summary = run(inbox, tmp_path / "data", pool_min_chars=1000, workers=2)
    assert summary["status"] == "published" and summary["new"] == 1 and summary["indicators"] > 0
