"""Test-only fault injection: stop the run dead at a named stage boundary.

``checkpoint(stage)`` does nothing unless the env var ``ZHIBIAO_TEST_KILL_AT`` names that stage;
then the process sends itself SIGKILL, which no ``finally`` block, transaction rollback or exit
handler survives: what is on disk at that moment is what the next run has to recover from.
The reliability tests use it to prove that a run killed at any stage leaves the published data and
the warehouse as they were, and that the next run finishes the work.
"""

from __future__ import annotations

import os
import signal

ENV = "ZHIBIAO_TEST_KILL_AT"
# the stage boundaries the pipeline marks, in the order a run passes them
STAGES = ("reading", "cleaning", "segmentation", "load", "validation", "publish")


def checkpoint(stage: str) -> None:
    """Kill this process with SIGKILL when ``ZHIBIAO_TEST_KILL_AT`` equals ``stage``; otherwise nothing."""
    if os.environ.get(ENV) == stage:
        die(stage)


def die(stage: str) -> None:  # replaced by in-process tests with a function that raises
    """SIGKILL the run: in a worker process of the run, its parent (the run) first."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid:
        os.kill(parent.pid, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)
