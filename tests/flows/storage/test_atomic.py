"""Files appear whole: a temporary name, fsync, rename; what a killed writer leaves is swept."""

from __future__ import annotations

import polars as pl

from flows.storage import atomic


def test_write_parquet_leaves_no_temporary(tmp_path):
    frame = pl.DataFrame({"a": [1, 2]})
    path = atomic.write_parquet(frame, tmp_path / "t" / "x.parquet")
    assert pl.read_parquet(path).equals(frame)
    assert [p.name for p in path.parent.iterdir()] == ["x.parquet"]


def test_write_bytes_replaces_whole(tmp_path):
    path = atomic.write_bytes(b"one", tmp_path / "a" / "b.txt")
    atomic.write_bytes(b"two", path)
    assert path.read_bytes() == b"two" and [p.name for p in path.parent.iterdir()] == ["b.txt"]


def test_sweep_removes_only_hidden_temporaries(tmp_path):
    (tmp_path / "p" / "q").mkdir(parents=True)
    left = [tmp_path / "p" / ".x.parquet.tmp", tmp_path / "p" / "q" / ".y.json.tmp"]
    for path in left:
        path.write_bytes(b"half")
    kept = tmp_path / "p" / "x.parquet"
    kept.write_bytes(b"whole")
    assert sorted(atomic.sweep(tmp_path / "p", tmp_path / "missing")) == sorted(left)
    assert [p for p in (tmp_path / "p").rglob("*") if p.is_file()] == [kept]
