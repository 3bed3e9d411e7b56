"""The CPU stages in one process over corpus pages, to run under a profiler.

``uv run pyinstrument -r text bench/profile_stages.py /tmp/zhibiao-bench/corpus-5mb --pages 40``

Decode, then the stage chain the pool workers run (``transforms.stages.run``: clean + layout, split,
segment, extract, each timed by the chain itself); the dictionary and the gazetteer are loaded before, so
their cost shows apart. Prints each stage's CPU seconds per MB of input (without a profiler:
``uv run python bench/profile_stages.py …``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl

from transforms import decode, segment, stages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--pages", type=int, default=40)
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.txt"))[: args.pages]
    with tempfile.TemporaryDirectory(prefix="zhibiao-jieba-") as cache:
        profile(files, cache)


def profile(files: list[Path], cache: str) -> None:
    segment.words("重庆", cache_dir=cache)  # the dictionary, loaded apart
    stages.run(pl.DataFrame({"doc_id": ["0"], "source": ["warm"], "text": ["重庆市地区生产总值增长6%。"]}),
               cache_dir=cache)  # gazetteer loaded apart

    raw = [f.read_bytes() for f in files]
    t = time.process_time()
    texts = [decode.document(b, format="txt").text for b in raw]
    spent = {"decode": time.process_time() - t}
    docs = pl.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "source": [f.name for f in files],
                         "text": texts})
    rows = stages.run(docs, cache_dir=cache)
    spent |= rows.seconds
    sents, inds = rows.sentences, rows.indicators
    mb = sum(map(len, raw)) / 1e6
    print(f"{len(files)} pages ({mb:.2f} MB), {sents.height} sentences, {inds.height} indicators; CPU s/MB: "
          + ", ".join(f"{k} {v / mb:.2f}" for k, v in spent.items()) + f" (all {sum(spent.values()) / mb:.2f})")


if __name__ == "__main__":
    main()
