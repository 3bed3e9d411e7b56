"""Run clean → articles → sentences → indicators on text files and write indicator parquet.

Development aid (no Prefect, no DuckDB): ``uv run python -m scripts.extract_files OUT_DIR FILE...``
then score with ``../shared/eval/score.py --pred 'OUT_DIR/*.parquet'``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts import devtools


def main(out_dir: str, files: list[str]) -> None:
    rows = devtools.indicators(files)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    rows.write_parquet(Path(out_dir) / "indicators.parquet")
    print(f"{rows.height} indicator rows from {len(files)} files -> {out_dir}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
