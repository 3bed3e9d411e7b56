"""Throughput bench: `zhibiao run` end to end against bare single-process jieba on the same files.

``uv run python bench/throughput.py --mb 30 100 --shape pages small --repeat 3 [--latency 5] [--force]``
(``--latency 5 --latency-only``: the latency runs alone; ``--served warm cold [--served-only]``: each corpus
also as one scheduled run of a live ``zhibiao serve``, forked warm and with ``--no-warm``)

For each shape (``pages``: laid-out newspaper pages of ≈ 60 kB; ``small``: ≈ 7 kB articles, thousands of
files) and size it builds a corpus of distinct documents (``bench/corpus.py``), then, ``--repeat`` times,
in the same run and on the same machine state:

(a) bare jieba: ``list(jieba.cut(text))`` — jieba's default, HMM on, as a user would call it — over the
    UTF-8 text of every file, in this one process, the dictionary loaded beforehand (not timed);
(b) ``zhibiao run`` as a subprocess (``python -m flows run``: Prefect's embedded API, reading, decoding,
    clean, split, segment, extract, DuckDB, Great Expectations, parquet), wall time from start to exit,
    and the peak resident memory of its whole process tree (flow, pool workers, Prefect server),
    as the sum of RSS (sampled every 0.1 s) and the sum of PSS (shared library pages shared out;
    sampled every second);
(c) a second `zhibiao run` over the same inbox, which has nothing new to do.

Each figure is the median of the repeats, with their range. Throughput is MB (10**6 bytes) of input
files per second; the ratio is zhibiao's MB/s over bare jieba's (medians). With ``--latency N``, a warm
data dir then takes N runs with one new document each and N runs with nothing new (median and range),
twice: as ``zhibiao run`` (a new process each time, Prefect's embedded API started by it) and as the
scheduled runs of a live ``zhibiao serve`` (what an hourly schedule costs: each run triggered through the
API as the schedule would, timed from the runner starting the run's process to the run's end, Pending →
Completed in Prefect's states, and as Prefect's run time, Running → Completed; with the serving tree's
resident memory when idle); ``--latency-only`` runs only those.

The machine must be quiet: the load average and the CPU count are recorded before and after, and
with a 1-minute load above 0.5 at the start the bench measures but prints no ratio (``--force``
prints it anyway, marked). The flow's per-stage seconds come from its ``zhibiao timings`` log line;
``cpu *`` stages are CPU seconds summed over the workers. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
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


# One Prefect home and one zhibiao cache for the whole bench, made by a first run (as a user's ~/.prefect and
# ~/.cache/zhibiao are): the embedded API's first start creates its database, and a machine's first run builds
# jieba's tables and compiles the cutter; neither is part of a run's cost (bare jieba's dictionary is loaded
# before it is timed, from jieba's own cache).
ENV = os.environ | {
    "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_HOME": tempfile.mkdtemp(prefix="zhibiao-bench-prefect-"), "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "ZHIBIAO_CACHE_DIR": tempfile.mkdtemp(prefix="zhibiao-bench-cache-"),
}
for _scratch in (ENV["PREFECT_HOME"], ENV["ZHIBIAO_CACHE_DIR"]):
    atexit.register(shutil.rmtree, _scratch, ignore_errors=True)


def warm_up(work: Path) -> None:
    """A run on a one-document inbox: migrates the bench's Prefect database, builds the zhibiao cache, fills
    the OS file cache."""
    one = work / "warm-up-inbox"
    if not any(one.glob("*.txt")):
        corpus.build(one, mb=0.007, seed=2, shape="small")
    with tempfile.TemporaryDirectory() as data:
        subprocess.run([sys.executable, "-m", "flows", "run", "--inbox", str(one), "--data-dir", data],
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


def _spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "all": values}


def corpus_dir(work: Path, shape: str, mb: float) -> Path:
    inbox = work / f"corpus-{shape}-{mb:g}mb"
    if not inbox.exists():
        corpus.build(inbox, mb=mb, shape=shape)
    return inbox


def bench(mb: float, work: Path, *, shape: str, repeat: int, extra: list[str]) -> dict:
    """``repeat`` rounds of bare jieba then a `zhibiao run` on a fresh data dir, over one corpus."""
    inbox = corpus_dir(work, shape, mb)
    files = sorted(inbox.glob("*.txt"))
    size = sum(f.stat().st_size for f in files) / 1e6
    bare, runs = [], []
    for i in range(repeat):
        bare.append(bare_jieba(files))
        data = work / f"data-{shape}-{mb:g}mb-{i}"
        shutil.rmtree(data, ignore_errors=True)
        runs.append(zhibiao_run(inbox, data, extra=extra))
        shutil.rmtree(data, ignore_errors=True)
    bare_mbps = _spread([size / s for s in bare])
    run_mbps = _spread([size / r["seconds"] for r in runs])
    mid = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {
        "shape": shape, "mb": size, "files": len(files), "bare_mbps": bare_mbps, "run_mbps": run_mbps,
        "ratio": run_mbps["median"] / bare_mbps["median"],
        "ratios": [size / r["seconds"] / (size / b) for r, b in zip(runs, bare, strict=True)],
        "peak_rss_mb": _spread([r["peak_rss"] / 1e6 for r in runs]),
        "peak_pss_mb": _spread([r["peak_pss"] / 1e6 for r in runs]),
        "cpu_s_per_mb": _spread([r["cpu_seconds"] / size for r in runs]),
        "s_per_mb": _spread([r["seconds"] / size for r in runs]),
        "exits": [r["exit"] for r in runs], "timings": mid["timings"], "log": mid["log"],
    }


def latency(work: Path, *, n: int, extra: list[str]) -> dict:
    """Wall seconds of ``n`` runs with one new small document each, then ``n`` runs with nothing new, on a
    data dir that already holds a small corpus (the hourly schedule's usual runs)."""
    base = corpus_dir(work, "small", 1)
    inbox, data = work / "latency-inbox", work / "latency-data"
    shutil.rmtree(inbox, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(base, inbox)
    zhibiao_run(inbox, data, extra=extra)  # the data dir's first batch: not timed
    extra_docs = work / "latency-new"
    shutil.rmtree(extra_docs, ignore_errors=True)
    corpus.build(extra_docs, mb=0.007 * n, seed=1, shape="small")
    one_new, nothing_new = [], []
    for doc in sorted(extra_docs.glob("*.txt"))[:n]:
        shutil.copy(doc, inbox / f"new-{doc.name}")
        one_new.append(zhibiao_run(inbox, data, extra=extra)["seconds"])
    for _ in range(n):
        nothing_new.append(zhibiao_run(inbox, data, extra=extra)["seconds"])
    return {"one_new_s": _spread(one_new), "nothing_new_s": _spread(nothing_new)}


@contextlib.contextmanager
def _serving(work: Path, inbox: Path, data: Path, *, warm: bool = True):
    """A live `zhibiao serve` on ``inbox`` and ``data`` (its schedule never fires during the bench), and a
    function that triggers one run through the API, as the schedule would, and returns its seconds from the
    runner starting its process to its end (Pending → Completed) and its Prefect run time (Running →
    Completed). The first call waits for the deployment. Yields (serve's process, trigger, log)."""
    from prefect import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows import prefect_api
    from flows import serve as serving

    port = prefect_api.free_port()
    url = f"http://{prefect_api.HOST}:{port}/api"
    env = {k: v for k, v in ENV.items() if k != "PREFECT_API_URL"} | {"PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    log = work / f"served-{int(time.time())}.log"
    with log.open("w") as out:
        proc = psutil.Popen([sys.executable, "-m", "flows", "serve", "--inbox", str(inbox), "--data-dir", str(data),
                             "--cron", "0 0 1 1 *", "--port", str(port), *([] if warm else ["--no-warm"])],
                            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    name = f"{serving.FLOW}/{serving.DEPLOYMENT}"
    ready = False

    def trigger() -> tuple[float, float]:
        nonlocal ready
        deadline = time.monotonic() + 300
        while True:
            try:
                run = run_deployment(name, timeout=1800, poll_interval=0.2)
                break
            except Exception:  # until serve has started its server and registered the deployment
                if ready or proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(1)
        ready = True
        if not run.state or not run.state.is_completed():
            raise RuntimeError(f"scheduled run ended {run.state}: see {log}")
        with get_client(sync_client=True) as client:
            at = {st.type.value: st.timestamp for st in client.read_flow_run_states(run.id)}
        return ((at["COMPLETED"] - at["PENDING"]).total_seconds(), (at["COMPLETED"] - at["RUNNING"]).total_seconds())

    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield proc, trigger, log
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(90)
        except psutil.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def served_latency(work: Path, *, n: int) -> dict:
    """``n`` scheduled runs of a live `zhibiao serve` with one new small document each, then ``n`` with
    nothing new, on a data dir that already holds a small corpus; and the serving tree's RSS when idle."""
    inbox, data = work / "served-inbox", work / "served-data"
    for d in (inbox, data):
        shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(corpus_dir(work, "small", 1), inbox)
    extra_docs = work / "latency-new"
    shutil.rmtree(extra_docs, ignore_errors=True)
    corpus.build(extra_docs, mb=0.007 * n, seed=1, shape="small")
    with _serving(work, inbox, data) as (proc, trigger, log):
        first = trigger()  # the data dir's first batch: not timed
        one_new, nothing_new = [], []
        for doc in sorted(extra_docs.glob("*.txt"))[:n]:
            shutil.copy(doc, inbox / f"new-{doc.name}")
            one_new.append(trigger())
        for _ in range(n):
            nothing_new.append(trigger())
        time.sleep(2)
        idle = _tree_rss(proc) / 1e6
    return {"first_s": first[0], "one_new_s": _spread([a for a, _ in one_new]),
            "one_new_run_s": _spread([b for _, b in one_new]), "nothing_new_s": _spread([a for a, _ in nothing_new]),
            "idle_rss_mb": idle, "log": str(log)}


def served_corpus(work: Path, *, shape: str, mb: float, warm: bool) -> dict:
    """A corpus dropped into the inbox of a live `zhibiao serve` (an empty data dir) and run as one scheduled
    run: its seconds and the serving tree's peak RSS and PSS (sampled every 0.5 s) while it runs."""
    source = corpus_dir(work, shape, mb)
    inbox, data = work / "served-inbox", work / "served-data"
    for d in (inbox, data):
        shutil.rmtree(d, ignore_errors=True)
    inbox.mkdir()
    with _serving(work, inbox, data, warm=warm) as (proc, trigger, log):
        trigger()  # nothing to read: waits for the deployment, starts the forkserver
        time.sleep(2)
        idle_rss, idle_pss = _tree_rss(proc) / 1e6, _tree_pss(proc) / 1e6
        for f in source.glob("*.txt"):
            os.link(f, inbox / f.name)
        peak = {"rss": 0, "pss": 0}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak["rss"], peak["pss"] = max(peak["rss"], _tree_rss(proc)), max(peak["pss"], _tree_pss(proc))
                done.wait(0.5)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            t = time.perf_counter()
            process_s, run_s = trigger()
            wall = time.perf_counter() - t
        finally:
            done.set()
            sampler.join()
    return {"shape": shape, "mb": mb, "warm": warm, "trigger_to_done_s": wall, "process_s": process_s, "run_s": run_s,
            "peak_rss_mb": peak["rss"] / 1e6, "peak_pss_mb": peak["pss"] / 1e6, "idle_rss_mb": idle_rss,
            "idle_pss_mb": idle_pss, "log": str(log)}


def machine() -> dict:
    load = os.getloadavg()
    return {"load1": load[0], "load5": load[1], "cpus": os.cpu_count(), "at": time.strftime("%Y-%m-%dT%H:%M:%S")}


def _r(d: dict, fmt: str = "{:.2f}") -> str:
    return f"{fmt.format(d['median'])} ({fmt.format(d['min'])}–{fmt.format(d['max'])})"


def table(rows: list[dict], *, quiet: bool, forced: bool) -> str:
    lines = [
        "| shape | corpus | files | bare jieba MB/s | zhibiao run MB/s | ratio | peak RSS (tree) | peak PSS "
        "| s per MB | CPU s per MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if quiet or forced:
            ratio = f"{r['ratio']:.2f}× ({min(r['ratios']):.2f}–{max(r['ratios']):.2f})" + ("" if quiet else " ⚠")
        else:
            ratio = "– (machine busy)"
        lines.append(
            f"| {r['shape']} | {r['mb']:.1f} MB | {r['files']} | {_r(r['bare_mbps'])} | {_r(r['run_mbps'])} "
            f"| {ratio} | {_r(r['peak_rss_mb'], '{:.0f}')} MB | {_r(r['peak_pss_mb'], '{:.0f}')} MB "
            f"| {_r(r['s_per_mb'])} | {_r(r['cpu_s_per_mb'])} |"
        )
    stages = sorted({k for r in rows for k in r["timings"]}, key=lambda k: (k == "total", k))
    lines += ["", "| stage (s, median run) | " + " | ".join(f"{r['shape']} {r['mb']:.0f} MB" for r in rows) + " |",
              "| --- | " + " | ".join("---:" for _ in rows) + " |"]
    for k in stages:
        lines.append(f"| {k} | " + " | ".join(f"{r['timings'].get(k, 0):.1f}" for r in rows) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description="zhibiao end-to-end throughput against bare jieba")
    ap.add_argument("--mb", type=float, nargs="+", default=[30])
    ap.add_argument("--shape", nargs="+", choices=sorted(corpus.SHAPES), default=["pages"])
    ap.add_argument("--repeat", type=int, default=3, help="rounds per corpus (median and range)")
    ap.add_argument("--latency", type=int, default=0, metavar="N",
                    help="also time N runs with one new document and N with nothing new")
    ap.add_argument("--latency-only", action="store_true",
                    help="only the --latency runs (no corpus run, no bare jieba)")
    ap.add_argument("--served", nargs="+", choices=["warm", "cold"], default=[],
                    help="also run each corpus as one scheduled run of a live zhibiao serve (warm: forked runs; "
                    "cold: --no-warm): seconds and the serving tree's peak RSS and PSS")
    ap.add_argument("--served-only", action="store_true", help="only the --served runs (and --latency ones)")
    ap.add_argument("--force", action="store_true", help="print ratios even when the machine was busy at start")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "zhibiao-bench",
                    help="corpora (kept for reruns) and data dirs")
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    ap.add_argument("run_args", nargs="*", help="extra `zhibiao run` options, after --")
    args = ap.parse_args()
    if args.latency_only and not args.latency:
        ap.error("--latency-only needs --latency N")
    if args.served_only and not args.served:
        ap.error("--served-only needs --served warm|cold")
    args.work.mkdir(parents=True, exist_ok=True)
    before = machine()
    quiet = before["load1"] <= 0.5
    print(f"machine before: load {before['load1']:.2f} / {before['load5']:.2f} (1/5 min), {before['cpus']} CPUs"
          + ("" if quiet else " — busy: ratios withheld" + (" (printed anyway: --force)" if args.force else "")),
          flush=True)
    warm_up(args.work)
    rows = []
    for shape in [] if args.latency_only or args.served_only else args.shape:
        for mb in args.mb:
            rows.append(bench(mb, args.work, shape=shape, repeat=args.repeat, extra=args.run_args))
            r = rows[-1]
            print(f"{shape} {r['mb']:.1f} MB ({r['files']} files): bare jieba {_r(r['bare_mbps'])} MB/s, "
                  f"zhibiao run {_r(r['run_mbps'])} MB/s, peak RSS {_r(r['peak_rss_mb'], '{:.0f}')} MB, "
                  f"exits {r['exits']}", flush=True)
    served_rows = [served_corpus(args.work, shape=shape, mb=mb, warm=mode == "warm")
                   for shape in ([] if args.latency_only else args.shape) for mb in args.mb for mode in args.served]
    for r in served_rows:
        mode = "warm" if r["warm"] else "cold"
        print(f"scheduled run ({mode}) of {r['shape']} {r['mb']:g} MB: {r['process_s']:.1f} s (its process), "
              f"peak tree RSS {r['peak_rss_mb']:.0f} MB, PSS {r['peak_pss_mb']:.0f} MB; idle "
              f"{r['idle_rss_mb']:.0f} MB RSS, {r['idle_pss_mb']:.0f} MB PSS", flush=True)
    lat = latency(args.work, n=args.latency, extra=args.run_args) if args.latency else None
    served = served_latency(args.work, n=args.latency) if args.latency else None
    after = machine()
    print()
    if rows:
        print(table(rows, quiet=quiet, forced=args.force))
    if lat:
        print(f"\nzhibiao run: one new document {_r(lat['one_new_s'])} s; nothing new: {_r(lat['nothing_new_s'])} s "
              f"(median (range) of {args.latency} runs)")
    if served:
        print(f"scheduled runs of zhibiao serve: one new document {_r(served['one_new_s'])} s from the runner "
              f"starting its process to its end ({_r(served['one_new_run_s'])} s Running → Completed); nothing "
              f"new {_r(served['nothing_new_s'])} s; serving tree idle {served['idle_rss_mb']:.0f} MB RSS")
    print(f"\nmachine: before load {before['load1']:.2f}, after {after['load1']:.2f}, {before['cpus']} CPUs; "
          f"repeats {args.repeat}")
    if args.json:
        args.json.write_text(json.dumps({"machine_before": before, "machine_after": after, "quiet": quiet,
                                         "rows": rows, "latency": lat,
                                         "served": served, "served_corpus": served_rows}, indent=2))


if __name__ == "__main__":
    main()
