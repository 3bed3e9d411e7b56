"""One settings object for a run, resolved in one place: CLI flags > ``ZHIBIAO_*`` env vars > defaults.

:class:`Settings` is a plain frozen model: it never reads the environment itself. :func:`resolve` is the
only place that does (the CLI calls it once per command), and the flow, the deployment of ``zhibiao serve``
and the soak bench are handed the resolved object whole, so a flag given to ``zhibiao run`` or ``zhibiao
serve`` is the setting every stage sees.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import EnvSettingsSource

ENV_PREFIX = "ZHIBIAO_"


class Settings(BaseModel):
    """Where zhibiao reads, where it writes, and how it runs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    inbox: str = Field(default="seeds", description="folder or fsspec URL (memory://, s3://) of documents")
    glob: str = Field(default="*", description="only files whose name (or relative path, with a /) matches")
    data_dir: Path = Field(default=Path("data"), description="warehouse, published parquet, quarantine, DQ docs")
    reprocess: bool = Field(default=False, description="re-run cleaning and extraction on stored documents")
    max_bytes: int = Field(default=50 * 1024 * 1024, ge=1, description="larger input files are rejected")
    workers: int = Field(default=0, ge=0, description="worker processes (or local Dask workers); 0 = one per core")
    wait: bool = Field(default=False, description="wait for a run holding the data dir's lock instead of exiting 2")
    cron: str = Field(default="0 * * * *", description="schedule of `zhibiao serve`")
    doc_budget_s: float = Field(default=120.0, ge=0,
                                description="per-document time budget of the CPU stages in seconds; 0 = none")
    pool_min_chars: int = Field(default=300_000, ge=0, description="below this many characters a batch's CPU "
                                "stages run in the flow's process, without starting the worker pool")
    batch_mb: float = Field(default=8.0, gt=0, description="new documents are loaded, validated and published "
                            "in sub-batches of at most this many MB of input (one batch_id each)")
    warehouse_memory_mb: int = Field(
        default=128, ge=16, description="DuckDB memory limit of the warehouse connections, in MB; beyond it DuckDB "
        "spills to disk, so a load or checkpoint costs the same memory however large the warehouse grows")
    task_runner: Literal["local", "dask"] = Field(
        default="local", description="where the CPU stages run: a local process pool, or Dask (prefect-dask)")
    dask_address: str | None = Field(default=None, description="scheduler of an existing Dask cluster "
                                     "(tcp://host:8786); without it a local cluster is started")
    warm_starts: bool = Field(
        default=True, description="`zhibiao serve`: fork each scheduled run from a process that loaded Prefect, "
        "GX and the cutter once (≈ 0.6 GB held between runs); off: each run starts a new interpreter")
    cache_dir: Path | None = Field(
        default=None, description="what is built once per machine and shared by every data dir: jieba's "
        "dictionary table, the cutter's trie, its compiled code (the command line's default: "
        "$XDG_CACHE_HOME/zhibiao, else ~/.cache/zhibiao; unset here: <data dir>/.cache)")

    @property
    def warehouse(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        return self.data_dir / "published"

    @property
    def quarantine(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def dq_dir(self) -> Path:
        return self.data_dir / "dq"

    @property
    def store(self) -> Path:
        """Raw bytes of every accepted document, by doc_id (for ``--reprocess`` and rebuilds)."""
        return self.data_dir / "store"

    @property
    def jieba_cache(self) -> Path:
        """jieba's and the cutter's tables; numba's compiled code goes beside it (``numba/``)."""
        return (self.cache_dir or self.data_dir / ".cache") / "jieba"


def user_cache_dir(env: dict[str, str] | None = None) -> Path | None:
    """zhibiao's folder in the user's cache (XDG): ``$XDG_CACHE_HOME/zhibiao``, else ``~/.cache/zhibiao``;
    None without a home.

    >>> user_cache_dir({"XDG_CACHE_HOME": "/var/cache/u"}), user_cache_dir({"HOME": "/home/u"})
    (PosixPath('/var/cache/u/zhibiao'), PosixPath('/home/u/.cache/zhibiao'))
    """
    env = os.environ if env is None else env
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "zhibiao"
    return Path(env["HOME"]) / ".cache" / "zhibiao" if env.get("HOME") else None


def from_env() -> dict[str, str]:
    """The ``ZHIBIAO_*`` variables set now, by setting name (``ZHIBIAO_MAX_BYTES`` → ``max_bytes``)."""
    return EnvSettingsSource(Settings, env_prefix=ENV_PREFIX, case_sensitive=False)()


def resolve(**flags: object) -> Settings:
    """Settings from the non-None ``flags`` (CLI options), then ``ZHIBIAO_*`` env vars, then defaults.

    A ``--dask-address`` without ``--task-runner`` means Dask. The cache dir defaults to the user's
    (:func:`user_cache_dir`), so a new data dir does not build the dictionary's tables and compile the
    cutter again.

    >>> resolve(inbox="in", max_bytes=1000, data_dir=None).max_bytes
    1000
    """
    given = {k: str(v) if k == "inbox" and isinstance(v, Path) else v for k, v in flags.items() if v is not None}
    values = from_env() | given
    if values.get("dask_address") and "task_runner" not in values:
        values["task_runner"] = "dask"
    if not values.get("cache_dir"):
        values["cache_dir"] = user_cache_dir()
    return Settings(**values)
