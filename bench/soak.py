"""Soak benchmark (not a test): N consecutive scheduled-style runs into one data dir, new files each time.

Each run goes through the one run path, ``flows.app.run`` (the flow, with the settings resolved once), in
this one long-lived process, fed two new documents (the seed page with its place names and figures varied, so every file
has new bytes). Prints per run: seconds, the process's resident memory after the run, warehouse size;
then the drift: the slope of duration and memory over the second half of the runs (the first runs warm
caches: jieba, GX, Prefect).

    uv run python bench/soak.py --runs 50
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACES = ["重庆", "成都", "西安", "武汉", "长沙", "贵阳", "昆明", "南宁", "兰州", "银川"]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def slope(ys: list[float]) -> float:
    n = len(ys)
    mx, my = (n - 1) / 2, sum(ys) / n
    return sum((i - mx) * (y - my) for i, y in enumerate(ys)) / max(sum((i - mx) ** 2 for i in range(n)), 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    for key, value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                       "GX_ANALYTICS_ENABLED": "false"}.items():
        os.environ.setdefault(key, value)
    from prefect.testing.utilities import prefect_test_harness

    from flows import app
    from flows.settings import resolve

    seed = next((ROOT / "seeds").glob("*.txt")).read_text("utf-8")
    work = Path(tempfile.mkdtemp(prefix="zhibiao-soak-"))
    inbox, data = work / "inbox", work / "data"
    inbox.mkdir()
    rows = []
    settings = resolve(inbox=str(inbox), data_dir=data)
    with prefect_test_harness(server_startup_timeout=180):
        for run in range(args.runs):
            for k in range(2):
                place = PLACES[(run + k) % len(PLACES)]
                text = seed.replace("重庆", place).replace("6.", f"{run % 9 + 1}.") + f"\n（第{run}期第{k}号）\n"
                (inbox / f"{run:03d}_{k}.txt").write_text(text, "utf-8")
            t0 = time.perf_counter()
            out = app.run(settings)
            secs = time.perf_counter() - t0
            rows.append((secs, rss_mb(), (data / "warehouse.duckdb").stat().st_size / 1e6))
            print(f"run {run + 1:3d} {out['status']:11s} new={out['new']} {secs:6.2f} s  rss {rows[-1][1]:7.1f} MB  "
                  f"warehouse {rows[-1][2]:6.1f} MB", flush=True)
    first, half = rows[: len(rows) // 2], rows[len(rows) // 2:]
    mean = sum(r[0] for r in first) / max(len(first), 1)
    print(f"runs={len(rows)} duration first-half mean {mean:.2f} s, "
          f"second-half mean {sum(r[0] for r in half) / len(half):.2f} s, "
          f"drift {slope([r[0] for r in half]):+.3f} s/run")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"rss after run 1 {rows[0][1]:.0f} MB, after run {len(rows)} {rows[-1][1]:.0f} MB, "
          f"drift (2nd half) {slope([r[1] for r in half]):+.2f} MB/run; peak {peak:.0f} MB")

if __name__ == "__main__":
    main()
