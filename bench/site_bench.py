"""What the review site costs a run: the site's update for a run of N MB, on a warehouse of M documents.

``uv run python bench/site_bench.py --mb 30 --before 2000``

The seed page is processed once (clean, split, segment, extract: the pipeline's own workers) and its
documents, articles, sentences and indicators are cloned under new ids into a fresh warehouse: ``--before``
documents in earlier batches (the site already built over them), then the documents of one run of ``--mb``
MB in sub-batches of ``--batch-mb`` (as ``zhibiao run`` makes them; every one of a seed's size). Then it
times what the run's end does, ``flows.site.update`` over the run's batches (their document pages, batch
pages, the index), and, for scale, a full ``flows.site.build`` (``zhibiao site``). The share is the
update against ``--run-seconds``: the wall time of ``zhibiao run`` on that many MB (default: 30 MB at
0.71 MB/s, the README's throughput table). In a real run the same figure is the ``site`` stage of the
``zhibiao timings`` log line, which ``bench/throughput.py`` prints per size. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from flows import site, warehouse, workers  # noqa: E402
from flows.settings import resolve  # noqa: E402

SEEDS = ROOT / "seeds"


def seed_frames(cache: Path) -> tuple[dict[str, pl.DataFrame], int]:
    """The seed page's processed frames (one document) and its size in bytes."""
    path = next(SEEDS.glob("*.txt"))
    data = path.read_bytes()
    docs = pl.DataFrame({"doc_id": [hashlib.sha256(data).hexdigest()], "source": [path.name],
                         "text": [data.decode("utf-8")]})
    done = workers.process(docs, cache_dir=str(cache))
    return {"articles": done.articles, "sentences": done.sentences.drop("source", "kind", "article_title"),
            "indicators": done.indicators}, len(data)


def clone(frames: dict[str, pl.DataFrame], *, start: int, n: int, batch_id: str) -> dict[str, pl.DataFrame]:
    """``n`` copies of the seed's frames, documents ``start`` … ``start + n - 1``, new doc and row ids."""
    ids = pl.DataFrame({"copy": range(start, start + n)}).with_columns(
        doc=pl.format("{}", pl.col("copy")).map_elements(lambda s: hashlib.sha256(s.encode()).hexdigest(),
                                                        return_dtype=pl.String))
    out = {}
    for name, frame in frames.items():
        f = frame.drop("doc_id").join(ids, how="cross").rename({"doc": "doc_id"})
        f = f.with_columns(source=pl.format("page{}.txt", "copy")) if "source" in f.columns else f
        if name == "indicators":
            f = f.with_columns(indicator_id=pl.concat_str("indicator_id", "copy").map_batches(
                lambda s: s.map_elements(lambda v: hashlib.md5(v.encode()).hexdigest(), return_dtype=pl.String)))
        out[name] = f.drop("copy").with_columns(batch_id=pl.lit(batch_id))
    return out


def load(con, frames: dict[str, pl.DataFrame], *, start: int, n: int, batch_id: str, at: datetime,
         size: int) -> None:
    tables = clone(frames, start=start, n=n, batch_id=batch_id)
    docs = tables["articles"].select("doc_id", "source").unique().with_columns(
        format=pl.lit("txt"), encoding=pl.lit("utf-8"), byte_size=pl.lit(size, pl.Int64), ingested_at=pl.lit(at),
        batch_id=pl.lit(batch_id), status=pl.lit("published"))
    batch = {"batch_id": batch_id, "started_at": at, "finished_at": at, "status": "published", "inbox": "bench",
             "documents": n, "skipped": 0, "rejected": 0, "indicators": tables["indicators"].height,
             "extractor_version": "bench", "ingest_date": at.date(), "reprocess": False, "published_at": at,
             "held_back": 0}
    warehouse.load_batch(con, batch=batch, frames={"documents": docs, **tables})
    chars = int(tables["articles"].get_column("char_count").sum())
    rows = tables["indicators"].height
    warehouse.append(con, "dq_metrics", pl.DataFrame([{
        "batch_id": batch_id, "documents": n, "characters": chars, "indicators": rows,
        "indicators_per_1k_chars": 1000 * rows / chars, "null_rate_region": 0.0, "null_rate_period": 0.1,
        "null_rate_metric": 0.0, "distinct_regions": 10, "computed_at": at}]))


def _cpu() -> float:
    """CPU seconds of this process and of its finished child processes (the rendering processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=30.0, help="MB of input of the run (default 30)")
    ap.add_argument("--before", type=int, default=2000, help="documents already in the warehouse and the site")
    ap.add_argument("--batch-mb", type=float, default=8.0, help="sub-batch size of the run (default 8, as zhibiao)")
    ap.add_argument("--run-seconds", type=float, default=30 / 0.71,
                    help="wall time of `zhibiao run` on --mb MB (default: 30 MB at 0.71 MB/s)")
    ap.add_argument("--full", action="store_true", help="also time a full build (zhibiao site)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="zhibiao-site-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        settings = resolve(data_dir=data)
        frames, size = seed_frames(settings.jieba_cache)
        run_docs = max(1, round(args.mb * 1e6 / size))
        per_batch = max(1, round(args.batch_mb * 1e6 / size))
        at = datetime(2026, 1, 1, tzinfo=UTC)
        con = warehouse.connect(settings.warehouse)
        try:
            done = 0
            for k, start in enumerate(range(0, args.before, per_batch)):
                n = min(per_batch, args.before - start)
                load(con, frames, start=start, n=n, batch_id=f"before-{k:05d}", at=at + timedelta(minutes=k),
                     size=size)
                done += n
        finally:
            con.close()
        t = time.perf_counter()
        site.build(settings)
        before_s = time.perf_counter() - t

        run_ids = []
        con = warehouse.connect(settings.warehouse)
        try:
            for k, start in enumerate(range(done, done + run_docs, per_batch)):
                n = min(per_batch, done + run_docs - start)
                run_ids.append(f"run-{k:03d}")
                load(con, frames, start=start, n=n, batch_id=run_ids[-1], at=at + timedelta(days=1, minutes=k),
                     size=size)
        finally:
            con.close()
        t, cpu = time.perf_counter(), _cpu()
        built = site.update(settings, batch_ids=run_ids)
        update_s, update_cpu = time.perf_counter() - t, _cpu() - cpu
        rows = frames["indicators"].height
        print(f"seed page: {size} bytes, {rows} indicator rows; the run: {args.mb:g} MB = {run_docs} documents "
              f"in {len(run_ids)} batches, {run_docs * rows} rows; warehouse before: {args.before} documents")
        print(f"site build over the {args.before} earlier documents: {before_s:.2f} s")
        print(f"site update after the run: {update_s:.2f} s ({built.pages} pages, "
              f"{1000 * update_s / run_docs:.2f} ms per document) = {100 * update_s / args.run_seconds:.1f} % "
              f"of a {args.run_seconds:.1f} s run; CPU {update_cpu:.2f} s")
        if args.full:
            t = time.perf_counter()
            full = site.build(settings)
            print(f"full build (zhibiao site): {time.perf_counter() - t:.2f} s, {full.pages} pages, "
                  f"{full.documents} documents")
        html = sum(p.stat().st_size for p in (data / "site").rglob("*.html"))
        print(f"site size: {html / 1e6:.1f} MB of HTML, {html / max(1, args.before + run_docs) / 1e3:.1f} kB "
              "per document page on average")


if __name__ == "__main__":
    main()
