"""What each scheduled run of ``zhibiao serve`` starts with already loaded: the module the runs' process
server imports once (a ``multiprocessing`` forkserver's preload, see :func:`flows.serve.warm_starts`)
before it forks one process per flow run.

A scheduled run started the way Prefect's runner starts one by default (a new interpreter) spends most of
a one-document run loading: Prefect and the flow (≈ 3.6 CPU s), Great Expectations (≈ 6.4), the cutter and
its compiled code (≈ 0.6). Forked from a process that loaded them once, a run begins with them in memory.
Only loading happens here, in a process with no thread and no connection open: a forked child inherits
nothing it cannot use. The cutter's tables come from the cache dir of the scheduled
runs' settings (``flows.serve.WARM_CACHE_ENV``, set before the forkserver starts); without it only the
imports are done.
"""

from __future__ import annotations

import contextlib
import os

from flows.serve import WARM_CACHE_ENV

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations
import great_expectations.expectations  # noqa: F401

import flows.flow  # noqa: F401
from flows import quality, workers

if os.environ.get(WARM_CACHE_ENV):
    # a failure here must not take the forkserver down (every run would fail to start): the run loads the
    # cutter itself, and reports whatever is wrong with the cache dir
    with contextlib.suppress(Exception):
        workers.preload(os.environ[WARM_CACHE_ENV])

# what was loaded lives as long as each run: out of the cyclic collector's sight, and its pages stay shared
# with the warm process rather than copied by the collector (a run forked from here then skips it)
quality.imported()
