"""Settings: flags over ``ZHIBIAO_*`` variables over defaults, resolved once; the object never reads the
environment itself, so a run handed it sees what the command line was given."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from flows.settings import Settings, resolve


def test_settings_precedence(monkeypatch):
    monkeypatch.delenv("ZHIBIAO_INBOX", raising=False)
    assert resolve().inbox == "seeds"  # a path or an fsspec URL
    monkeypatch.setenv("ZHIBIAO_INBOX", "/env/inbox")
    monkeypatch.setenv("ZHIBIAO_DATA_DIR", "/env/data")
    s = resolve(inbox=Path("/flag/inbox"), data_dir=None)
    assert s.inbox == "/flag/inbox" and s.data_dir == Path("/env/data")
    assert s.warehouse == Path("/env/data/warehouse.duckdb")


def test_every_setting_has_its_variable(monkeypatch):
    values = {"max_bytes": "1000", "batch_mb": "0.5", "workers": "3", "doc_budget_s": "7", "reprocess": "true",
              "wait": "1", "pool_min_chars": "10", "warehouse_memory_mb": "64", "task_runner": "dask",
              "dask_address": "tcp://h:1", "glob": "*.pdf", "cron": "5 * * * *", "cache_dir": "/c/zhibiao",
              "warm_starts": "false"}
    for name, value in values.items():
        monkeypatch.setenv(f"ZHIBIAO_{name.upper()}", value)
    s = resolve()
    assert (s.max_bytes, s.batch_mb, s.workers, s.doc_budget_s, s.reprocess, s.wait) == (1000, 0.5, 3, 7.0, True, True)
    assert (s.pool_min_chars, s.warehouse_memory_mb, s.task_runner, s.dask_address) == (10, 64, "dask", "tcp://h:1")
    assert s.jieba_cache == Path("/c/zhibiao/jieba")
    assert s.warm_starts is False
    assert set(values) | {"inbox", "data_dir"} == set(Settings.model_fields)


def test_settings_never_read_the_environment(monkeypatch):
    """What the flow is handed is what it uses: a Settings made from values (as Prefect makes it from a
    deployment's parameters) ignores ``ZHIBIAO_*``."""
    monkeypatch.setenv("ZHIBIAO_MAX_BYTES", "1000")
    assert Settings().max_bytes == 50 * 1024 * 1024
    assert Settings.model_validate(resolve(max_bytes=5).model_dump(mode="json")).max_bytes == 5


def test_the_cache_is_the_users_and_shared_by_data_dirs(monkeypatch):
    """The command line's runs share one machine-level cache (the user's, XDG); a Settings made from values
    alone keeps it in its data dir."""
    monkeypatch.delenv("ZHIBIAO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert resolve(data_dir="/a").jieba_cache == resolve(data_dir="/b").jieba_cache == Path("/xdg/zhibiao/jieba")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "/home/u")
    assert resolve().cache_dir == Path("/home/u/.cache/zhibiao")
    monkeypatch.setenv("ZHIBIAO_CACHE_DIR", "/env/cache")
    assert resolve(cache_dir="/flag/cache").cache_dir == Path("/flag/cache")
    assert resolve().cache_dir == Path("/env/cache")
    assert Settings(data_dir=Path("/d")).jieba_cache == Path("/d/.cache/jieba")


def test_a_dask_address_means_dask(monkeypatch):
    monkeypatch.delenv("ZHIBIAO_TASK_RUNNER", raising=False)
    assert resolve(dask_address="tcp://h:8786").task_runner == "dask"
    assert resolve(dask_address="tcp://h:8786", task_runner="local").task_runner == "local"
    monkeypatch.setenv("ZHIBIAO_DASK_ADDRESS", "tcp://h:8786")
    assert resolve().task_runner == "dask"


@pytest.mark.parametrize("bad", [{"warehouse_memory_mb": 1}, {"batch_mb": 0}, {"task_runner": "threads"},
                                 {"max_bytes": 0}, {"no_such_setting": 1}])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValidationError):
        resolve(**bad)


def test_settings_are_frozen():
    with pytest.raises(ValidationError):
        resolve().max_bytes = 1
