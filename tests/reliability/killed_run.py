"""``python -m tests.reliability.killed_run STAGE run --inbox … --data-dir …``: the ``zhibiao`` command line,
SIGKILLed at ``STAGE`` (see :mod:`tests.reliability.faults`)."""

from __future__ import annotations

import sys

from tests.reliability import faults


def main() -> None:
    stage, args = sys.argv[1], sys.argv[2:]
    faults.arm(stage, faults.sigkill)
    from flows.cli import app

    app(args, prog_name="zhibiao")


if __name__ == "__main__":
    main()
