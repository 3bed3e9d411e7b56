"""Throughput bench: `zhibiao run` end to end against bare single-process jieba on the same files.

``uv run python bench/throughput.py --mb 5 30 100``

For each size it builds a corpus of distinct laid-out pages (``bench/corpus.py``), then, in the same
run and on the same machine state:

(a) bare jieba: ``list(jieba.cut(text))`` — jieba's default, HMM on, as a user would call it — over the
    UTF-8 text of every file, in this one process, the dictionary loaded beforehand (not timed);
(b) ``zhibiao run`` as a subprocess (``python -m flows run``: Prefect's embedded API, reading, decoding,
    clean, split, segment, extract, DuckDB, Great Expectations, parquet), wall time from start to exit,
    and the peak resident memory of its whole process tree (flow, pool workers, Prefect server),
    as the sum of RSS (sampled every 0.1 s) and the sum of PSS (shared library pages shared out;
    sampled every second);
(c) a second `zhibiao run` over the same inbox, which has nothing new to do.

Throughput is MB (10**6 bytes) of input files per second. The flow's per-stage seconds come from its
``zhibiao timings`` log line; ``cpu *`` stages are CPU seconds summed over the workers, so they show the
work, not the wall time (the stages overlap). This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from bench import corpus  # noqa: E402

RE_TIMINGS = re.compile(r"zhibiao timings (\{.*\})")


def bare_jieba(files: list[Path]) -> float:
    """Seconds for ``jieba.cut`` (HMM on) over the text of ``files`` in this process."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [f.read_bytes().decode("utf-8") for f in files]
    t = time.perf_counter()
    for text in texts:
        for _ in jieba.cut(text):
            pass
    return time.perf_counter() - t


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    return [proc, *proc.children(recursive=True)]


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in _tree(proc):
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def _tree_pss(proc: psutil.Process) -> int:
    """PSS summed over the tree. The RSS sum counts the pages of shared libraries once per process that
    maps them (≈ 0.15 GB per worker); PSS shares them out, so its sum is what the tree holds (what a
    container's memory limit sees, before the page cache). Reading it walks every mapping of every
    process (milliseconds of kernel time each), so it is sampled once a second."""
    total = 0
    for p in _tree(proc):
        with contextlib.suppress(psutil.Error):
            total += p.memory_full_info().pss
    return total


# One Prefect home for the whole bench, migrated by a first run (as a user's ~/.prefect is): the
# embedded API's first start creates its database, which is no part of a run's cost.
ENV = os.environ | {
    "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_HOME": tempfile.mkdtemp(prefix="zhibiao-bench-prefect-"), "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}


def warm_up(work: Path) -> None:
    """A run on an empty inbox: migrates the bench's Prefect database, fills the OS file cache."""
    empty = work / "empty-inbox"
    empty.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        subprocess.run([sys.executable, "-m", "flows", "run", "--inbox", str(empty), "--data-dir", data],
                       cwd=ROOT, env=ENV, capture_output=True, check=False)


def zhibiao_run(inbox: Path, data_dir: Path, *, extra: list[str]) -> dict:
    """One `zhibiao run` subprocess: wall seconds, peak tree RSS, exit code, the flow's stage timings."""
    env = ENV
    log = data_dir.parent / f"{data_dir.name}-{int(time.time())}.log"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log.open("w") as out:
        t = time.perf_counter()
        proc = psutil.Popen(
            [sys.executable, "-m", "flows", "run", "--inbox", str(inbox), "--data-dir", str(data_dir), *extra],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
        peak = peak_pss = ticks = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc))
            if ticks % 10 == 0:
                peak_pss = max(peak_pss, _tree_pss(proc))
            ticks += 1
            time.sleep(0.1)
        wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of the whole tree: the run's process and the descendants it waited for (workers, API server)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    text = log.read_text(errors="replace")
    m = RE_TIMINGS.search(text)
    return {"seconds": wall, "cpu_seconds": cpu, "peak_rss": peak, "peak_pss": peak_pss, "exit": proc.returncode,
            "timings": json.loads(m.group(1)) if m else {}, "log": str(log)}


def bench(mb: float, work: Path, *, extra: list[str]) -> dict:
    inbox = work / f"corpus-{mb:g}mb"
    if not inbox.exists():
        corpus.build(inbox, mb=mb)
    files = sorted(inbox.glob("*.txt"))
    size = sum(f.stat().st_size for f in files) / 1e6
    data = work / f"data-{mb:g}mb"
    if data.exists():
        import shutil

        shutil.rmtree(data)
    jieba_s = bare_jieba(files)
    run = zhibiao_run(inbox, data, extra=extra)
    again = zhibiao_run(inbox, data, extra=extra)
    return {
        "mb": size, "files": len(files), "bare_s": jieba_s, "bare_mbps": size / jieba_s,
        "run_s": run["seconds"],
        "run_cpu_s": run["cpu_seconds"], "run_mbps": size / run["seconds"], "ratio": jieba_s / run["seconds"],
        "peak_rss_mb": run["peak_rss"] / 1e6, "peak_pss_mb": run["peak_pss"] / 1e6,
        "s_per_mb": run["seconds"] / size, "exit": run["exit"],
        "timings": run["timings"], "nothing_new_s": again["seconds"], "nothing_new_exit": again["exit"],
        "log": run["log"],
    }


def table(rows: list[dict]) -> str:
    base = rows[0]["s_per_mb"]
    lines = [
        "| corpus | files | bare jieba MB/s | zhibiao run MB/s | ratio | peak RSS | peak PSS | s per MB | vs first "
        "| CPU s per MB | nothing new |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['mb']:.1f} MB | {r['files']} | {r['bare_mbps']:.2f} | {r['run_mbps']:.2f} | {r['ratio']:.2f}× "
            f"| {r['peak_rss_mb']:.0f} MB | {r['peak_pss_mb']:.0f} MB "
            f"| {r['s_per_mb']:.2f} | {r['s_per_mb'] / base - 1:+.0%} "
            f"| {r['run_cpu_s'] / r['mb']:.2f} | {r['nothing_new_s']:.1f} s |"
        )
    stages = sorted({k for r in rows for k in r["timings"]}, key=lambda k: (k == "total", k))
    lines += ["", "| stage (s) | " + " | ".join(f"{r['mb']:.0f} MB" for r in rows) + " |",
              "| --- | " + " | ".join("---:" for _ in rows) + " |"]
    for k in stages:
        lines.append(f"| {k} | " + " | ".join(f"{r['timings'].get(k, 0):.1f}" for r in rows) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description="zhibiao end-to-end throughput against bare jieba")
    ap.add_argument("--mb", type=float, nargs="+", default=[5, 30, 100])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "zhibiao-bench",
                    help="corpora (kept for reruns) and data dirs")
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    ap.add_argument("run_args", nargs="*", help="extra `zhibiao run` options, after --")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    warm_up(args.work)
    rows = []
    for mb in args.mb:
        rows.append(bench(mb, args.work, extra=args.run_args))
        r = rows[-1]
        print(f"{r['mb']:.1f} MB: bare jieba {r['bare_mbps']:.2f} MB/s, zhibiao run {r['run_mbps']:.2f} MB/s "
              f"({r['ratio']:.2f}×), peak RSS {r['peak_rss_mb']:.0f} MB (PSS {r['peak_pss_mb']:.0f} MB), "
              f"nothing new {r['nothing_new_s']:.1f} s, "
              f"exit {r['exit']}/{r['nothing_new_exit']}", flush=True)
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
