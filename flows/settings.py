"""One settings object resolves every path and option: CLI flags > ``ZHIBIAO_*`` env vars > defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where zhibiao reads, where it writes, and how it runs."""

    model_config = SettingsConfigDict(env_prefix="ZHIBIAO_", frozen=True, extra="ignore")

    inbox: str = Field(default="seeds", description="folder or fsspec URL (memory://, s3://) of documents")
    glob: str = Field(default="*", description="only files whose name (or relative path, with a /) matches")
    data_dir: Path = Field(default=Path("data"), description="warehouse, published parquet, quarantine, DQ docs")
    reprocess: bool = Field(default=False, description="re-run cleaning and extraction on stored documents")
    max_bytes: int = Field(default=50 * 1024 * 1024, description="larger input files are rejected")
    workers: int = Field(default=0, description="segmentation processes; 0 = one per core")
    wait: bool = Field(default=False, description="wait for a run holding the data dir's lock instead of exiting 2")
    cron: str = Field(default="0 * * * *", description="schedule of `zhibiao serve`")
    doc_budget_s: float = Field(default=120.0, ge=0,
                                description="per-document time budget of the CPU stages in seconds; 0 = none")
    pool_min_chars: int = Field(default=300_000, description="below this many characters segment in-process")
    batch_mb: float = Field(default=8.0, gt=0, description="new documents are loaded, validated and published "
                            "in sub-batches of at most this many MB of input (one batch_id each)")
    warehouse_memory_mb: int = Field(
        default=128, ge=16, description="DuckDB memory limit of the run's warehouse connections, in MB; beyond "
        "it DuckDB spills to disk, so a load or checkpoint costs the same memory however large the warehouse grows")
    task_runner: Literal["local", "dask"] = Field(
        default="local", description="where the CPU stages run: a local process pool, or Dask (prefect-dask)")
    dask_address: str | None = Field(default=None, description="scheduler of an existing Dask cluster "
                                     "(tcp://host:8786); without it a local cluster is started")

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
        return self.data_dir / ".cache" / "jieba"


def resolve(**overrides: object) -> Settings:
    """Settings from env vars and defaults, with the non-None ``overrides`` (CLI flags) on top."""
    values = {k: v for k, v in overrides.items() if v is not None}
    if isinstance(values.get("inbox"), Path):
        values["inbox"] = str(values["inbox"])
    return Settings(**values)
