"""Session setup: quiet telemetry, an isolated PREFECT_HOME, and one Prefect test harness for flow tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Set before Prefect or GX is imported anywhere in the session.
_PREFECT_HOME = tempfile.mkdtemp(prefix="zhibiao-prefect-home-")
# the machine-level cache (jieba's tables, the compiled cutter) of every run the session starts: built once
# per test process, never in the user's own ~/.cache
_CACHE_DIR = tempfile.mkdtemp(prefix="zhibiao-cache-")
# both go when the test process ends (each xdist worker owns its pair): ~25 MB a session otherwise left in /tmp
for _scratch in (_PREFECT_HOME, _CACHE_DIR):
    atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
os.environ.update({
    "ZHIBIAO_CACHE_DIR": _CACHE_DIR,
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_HOME": _PREFECT_HOME,
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_LOGGING_LEVEL": "WARNING",
})

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"  # reference data beside the checkout (CI has it); never copied into the project
SHARED_EVAL = SHARED / "eval"
REAL_INPUTS = SHARED / "real-inputs"


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def jieba_cache() -> str:
    """The session's jieba cache dir (the dictionary's table, numba's compiled cutter), the one its runs use
    too: every new cache dir costs a build of several seconds."""
    return str(Path(_CACHE_DIR) / "jieba")


def warehouse_rows(data_dir: Path, query: str) -> list[tuple]:
    """Rows of a read-only query on the warehouse of ``data_dir`` (through the warehouse's one session)."""
    from flows.settings import Settings
    from flows.storage import warehouse

    with warehouse.session(Settings(data_dir=data_dir), read_only=True) as con:
        return con.execute(query).fetchall()


def run(inbox: Path | str, data_dir: Path, **flags: object) -> dict:
    """One run through the one run path (``flows.app.run``), with the settings the CLI would resolve from
    these flags (and the ``ZHIBIAO_*`` variables set now)."""
    from flows import app
    from flows.settings import resolve

    return app.run(resolve(inbox=str(inbox), data_dir=data_dir, **flags), notify=lambda line: None)
