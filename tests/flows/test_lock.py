"""One run at a time per data dir: the lock, its holder record, waiting, and a killed holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flows import lock

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from flows import lock
    with lock.hold(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def _holder_process(data_dir: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(data_dir), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_lock_is_reentrant_within_a_process_and_records_its_holder(tmp_path):
    with lock.hold(tmp_path), lock.hold(tmp_path):
        assert lock.holder(tmp_path).pid == os.getpid()
    assert lock.holder(tmp_path).pid is None  # the record goes with the lock


def test_a_second_process_is_told_who_holds_the_data_dir(tmp_path):
    proc = _holder_process(tmp_path, 30)
    try:
        with pytest.raises(lock.Busy, match=rf"pid {proc.pid}.*--wait"), lock.hold(tmp_path):
            pass
    finally:
        proc.kill()
        proc.wait()


def test_waiting_takes_the_lock_when_the_holder_finishes(tmp_path):
    proc = _holder_process(tmp_path, 1.5)
    waited = []
    try:
        with lock.hold(tmp_path, wait=True, poll=0.2, on_wait=waited.append):
            assert lock.holder(tmp_path).pid == os.getpid()
            assert proc.wait(timeout=30) == 0  # the holder got to its end: we had the lock only after it
        assert [h.pid for h in waited] == [proc.pid]  # told once who held it
    finally:
        proc.wait()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    proc = _holder_process(tmp_path, 60)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert lock.holder(tmp_path).pid == proc.pid  # its record is still there ...
    assert lock.current_holder(tmp_path).pid is None  # ... but is stale, and cleared
    with lock.hold(tmp_path):  # and the lock itself was released by the kernel
        assert lock.holder(tmp_path).pid == os.getpid()


def test_cli_run_meeting_a_running_one_exits_2_with_one_line(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = tmp_path / "data"
    proc = _holder_process(data, 60)
    try:
        cli = subprocess.run([sys.executable, "-m", "flows", "run", "--inbox", str(inbox), "--data-dir", str(data)],
                             capture_output=True, text=True, timeout=120)
    finally:
        proc.kill()
        proc.wait()
    assert cli.returncode == 2
    assert cli.stderr.strip().count("\n") == 0 and "another zhibiao run" in cli.stderr
    assert f"pid {proc.pid}" in cli.stderr and "Traceback" not in cli.stderr
