"""Killed runs: a run stopped dead at any stage leaves the published data and the warehouse as they
were, and the next run ends where an uninterrupted run ends (same doc ids, same indicator ids, no
duplicates, no temporary files).

Every subprocess run costs half a minute (imports, Great Expectations), so:

* the **stage matrix** runs in-process: the function a run calls at each stage boundary is wrapped
  (``tests/reliability/faults.py``) to raise instead of SIGKILL, one run is killed at each stage in turn
  on the same data dir (each kill meets the leftovers of the previous one), and a last run completes; at
  a stage boundary the files and committed transactions are all that a SIGKILL would leave too (the
  stale lock record is the one difference, covered below);
* one **real SIGKILL** (``python -m tests.reliability.killed_run publish run …``: the command line with
  the publish boundary armed — parquet files written, batch not marked) and the **full disk** run
  (``RLIMIT_FSIZE``) run as subprocesses, in parallel, against the session's Prefect API.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS, run
from tests.reliability import faults, state

pytestmark = pytest.mark.usefixtures("prefect_harness")


class Killed(BaseException):
    """Stands for SIGKILL in-process: a BaseException, so the flow's error handling does not tidy up."""


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("inbox")
    shutil.copytree(SEEDS, root, dirs_exist_ok=True)
    (root / "junk.txt").write_bytes(bytes(range(256)) * 4)
    return root


@pytest.fixture(scope="module")
def reference(inbox, tmp_path_factory):
    """The data dir of one uninterrupted run over the inbox."""
    data = tmp_path_factory.mktemp("reference") / "data"
    assert run(inbox, data)["status"] == "published"
    return data


def test_a_run_killed_at_each_stage_is_recovered_by_the_next(inbox, reference, tmp_path):
    def die(stage):
        raise Killed(stage)

    data = tmp_path / "data"
    for stage in faults.STAGES:
        with pytest.MonkeyPatch.context() as mp:
            faults.arm(stage, die, patch=mp.setattr)
            with pytest.raises(Killed, match=stage):
                run(inbox, data)
        # readers see no batch yet: the only one was cut short every time
        assert state.published(data)["indicators"] == [], stage
    assert run(inbox, data)["status"] == "published"
    state.same_as(data, reference)


def _child_env():
    from prefect.settings import PREFECT_API_URL

    return {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(ROOT)}


def _fsize_limit(limit):
    def limit_writes():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_writes


def _cli(inbox, data, *, killed_at=None):
    entry = ["tests.reliability.killed_run", killed_at] if killed_at else ["flows"]
    return [sys.executable, "-m", *entry, "run", "--inbox", str(inbox), "--data-dir", str(data)]


def test_sigkill_and_full_disk_in_subprocesses(inbox, reference, tmp_path):
    killed = tmp_path / "killed"
    # full disk: the previous state is the reference run; a new document comes in and cannot be written
    full = tmp_path / "full"
    shutil.copytree(reference, full)
    inbox2 = tmp_path / "inbox2"
    shutil.copytree(inbox, inbox2)
    seed = next(SEEDS.glob("*.txt")).read_text("utf-8")
    (inbox2 / "more.txt").write_text(seed.replace("重庆", "成都").replace("。", "。\n") * 8, "utf-8")
    before = state.published(full), state.warehouse(full)

    runs = {
        "kill": subprocess.Popen(_cli(inbox, killed, killed_at="publish"), env=_child_env(),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        "full": subprocess.Popen(_cli(inbox2, full), env=_child_env(), preexec_fn=_fsize_limit(200_000),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    }
    out = {name: (p.communicate(timeout=400), p.returncode) for name, p in runs.items()}

    (_, err), code = out["kill"]
    assert code == -signal.SIGKILL, err[-2000:]
    # it died between writing the parquet files and marking the batch: files there, no manifest
    assert list((killed / "published" / "indicators").rglob("*.parquet"))
    assert state.published(killed)["indicators"] == []
    assert (killed / ".zhibiao.lock.json").exists()  # the stale holder record of the dead run
    assert run(inbox, killed)["status"] == "published"  # no --wait needed
    state.same_as(killed, reference)

    (_, err), code = out["full"]
    last = err.strip().splitlines()[-1]
    assert code == 2, err[-3000:]
    assert last.startswith("zhibiao: disk full while writing"), last
    assert (state.published(full), state.warehouse(full)) == before
    assert state.temporaries(full) == []
    done = run(inbox2, full)
    assert done["status"] == "published" and done["new"] == 1
    assert len(state.published(full)["documents"]) == 2
