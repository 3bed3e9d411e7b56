"""The CPU stages in one process over corpus pages, to run under a profiler.

``uv run pyinstrument -r text bench/profile_stages.py /tmp/zhibiao-bench/corpus-5mb --pages 40``

Decode, clean + layout (articles), split (sentences), segment (every sentence), extract, as the pool
workers run them; the dictionary is loaded before, so its cost shows apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl

from transforms import decode, extract, frames, segment


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--pages", type=int, default=40)
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.txt"))[: args.pages]
    cache = tempfile.mkdtemp(prefix="zhibiao-jieba-")
    segment.words("重庆", cache_dir=cache)
    texts = [decode.document(f.read_bytes(), format="txt").text for f in files]
    docs = pl.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "source": [f.name for f in files],
                         "text": texts})
    arts = frames.articles(docs)
    sents = frames.sentences(arts)
    segment.words_many(sents.get_column("text").to_list(), cache_dir=cache)
    inds = extract.indicators(sents)
    print(f"{len(files)} pages, {sents.height} sentences, {inds.height} indicators")


if __name__ == "__main__":
    main()
