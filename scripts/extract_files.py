"""Run clean → articles → sentences → indicators on text files and write indicator parquet.

Development aid (no Prefect, no DuckDB): ``uv run python scripts/extract_files.py OUT_DIR FILE...``
then score with ``../shared/eval/score.py --pred 'OUT_DIR/*.parquet'``.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import polars as pl

from transforms import extract, frames


def main(out_dir: str, files: list[str]) -> None:
    docs = pl.DataFrame(
        [
            (hashlib.sha256(Path(f).read_bytes()).hexdigest(), Path(f).name, Path(f).read_text("utf-8"))
            for f in files
        ],
        schema={"doc_id": pl.String, "source": pl.String, "text": pl.String},
        orient="row",
    )
    rows = extract.indicators(frames.sentences(frames.articles(docs)))
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    rows.write_parquet(Path(out_dir) / "indicators.parquet")
    print(f"{rows.height} indicator rows from {len(files)} files -> {out_dir}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
