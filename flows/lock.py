"""One run at a time per data dir: a file lock in the data dir, with a record of who holds it.

The lock is an OS file lock (``flock`` through filelock), which the kernel releases when its process
dies, so a run that was killed (``kill -9``, out of memory) never blocks the next one; where the file
system has no ``flock``, filelock falls back to a marker file with its own stale-marker recovery.
Beside the lock, a small JSON record names the holder (pid, host, start time) for the "busy"
message; a record naming a process of this host that is no longer alive is stale and is removed.

Within one process the lock is reentrant (the CLI takes it before it starts the flow, the flow takes
it again), so a manual run never waits for itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".zhibiao.lock"
HOLDER_NAME = ".zhibiao.lock.json"


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds the lock, as its record says (every field may be unknown)."""

    pid: int | None = None
    host: str | None = None
    started: str | None = None

    def __str__(self) -> str:
        who = f"pid {self.pid}" if self.pid else "another process"
        if self.host and self.host != socket.gethostname():
            who += f" on {self.host}"
        return f"{who}, started {self.started}" if self.started else who


class Busy(RuntimeError):
    """Another run holds the data dir's lock; ``str(exc)`` is the line the CLI prints."""

    def __init__(self, data_dir: Path, holder: Holder) -> None:
        super().__init__(f"another zhibiao run ({holder}) is using {data_dir}; "
                         "wait for it with --wait, or try again later")
        self.holder = holder


def holder(data_dir: Path) -> Holder:
    """The record of the current (or last) holder of the data dir's lock."""
    try:
        raw = json.loads((data_dir / HOLDER_NAME).read_text("utf-8"))
        return Holder(int(raw["pid"]), raw.get("host"), raw.get("started"))
    except (OSError, ValueError, KeyError, TypeError):
        return Holder()


def alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def current_holder(data_dir: Path) -> Holder:
    """The holder's record, or an empty one when the record is stale (its process is gone)."""
    h = holder(data_dir)
    if h.pid is not None and h.host == socket.gethostname() and not alive(h.pid):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / HOLDER_NAME).unlink()
        return Holder()
    return h


@contextlib.contextmanager
def hold(
    data_dir: Path, *, wait: bool = False, poll: float = 1.0, on_wait: Callable[[Holder], None] | None = None
) -> Iterator[None]:
    """Hold the data dir's lock for the block; raise :class:`Busy` when taken and not ``wait``.

    With ``wait``, ``on_wait(holder)`` is called once and the lock is polled every ``poll`` seconds.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(data_dir / LOCK_NAME, is_singleton=True, thread_local=False)
    told = False
    while True:
        try:
            lock.acquire(timeout=poll if wait else 0)
            break
        except Timeout:
            if not wait:
                raise Busy(data_dir, current_holder(data_dir)) from None
            if not told and on_wait is not None:
                on_wait(current_holder(data_dir))
            told = True
    outermost = lock.lock_counter == 1  # the outermost holder of this process keeps the record
    try:
        if outermost:
            record = {"pid": os.getpid(), "host": socket.gethostname(),
                      "started": datetime.now(UTC).isoformat(timespec="seconds")}
            (data_dir / HOLDER_NAME).write_text(json.dumps(record), "utf-8")
        yield
    finally:
        if outermost:
            with contextlib.suppress(FileNotFoundError):
                (data_dir / HOLDER_NAME).unlink()
        lock.release()
