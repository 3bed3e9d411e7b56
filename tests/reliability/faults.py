"""Where the reliability tests stop a run dead: the stage boundaries of a run, as the functions it calls.

Production code has no hook for this: :func:`arm` wraps the function a run calls at a stage boundary so
that the run dies right after it returns (or, for ``publish``, right before the manifest is written, when
every parquet file of the batch is on disk and the batch is not yet complete). In-process, the death is an
exception that is no ``Exception`` (the run's error handling does not tidy up after it); in a subprocess
(:mod:`tests.reliability.killed_run`) it is a real SIGKILL.
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Callable

# stage → (module, function, when): the run dies after that call returns, or before it starts
BOUNDARIES = {
    "reading": ("flows.tasks", "decode_documents", "after"),  # bytes in the store, nothing in the warehouse
    "cleaning": ("transforms.stages", "sentences", "after"),  # CPU stages in the flow's process (small runs)
    "segmentation": ("transforms.stages", "tokens", "after"),
    "load": ("flows.tasks", "load", "after"),  # the batch's load transaction committed
    "validation": ("flows.tasks", "validate", "after"),  # dq_results written, nothing published
    "publish": ("flows.storage.manifests", "write", "before"),  # parquet files written, no manifest
}
STAGES = tuple(BOUNDARIES)


def arm(stage: str, die: Callable[[str], None], *, patch: Callable[[object, str, object], None] = setattr) -> None:
    """Make the next call of ``stage``'s function end the run with ``die(stage)`` (``patch``:
    ``monkeypatch.setattr`` in-process, so the test undoes it)."""
    module_name, name, when = BOUNDARIES[stage]
    module = importlib.import_module(module_name)
    real = getattr(module, name)

    def boundary(*args, **kwargs):
        if when == "before":
            die(stage)
        out = real(*args, **kwargs)
        die(stage)
        return out

    patch(module, name, boundary)


def sigkill(stage: str) -> None:
    """SIGKILL this process: no ``finally`` block, rollback or exit handler survives it."""
    os.kill(os.getpid(), signal.SIGKILL)
