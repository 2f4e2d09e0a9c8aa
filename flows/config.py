"""A run's configuration and where a run keeps its things: the flow's ground floor.

``PipelineConfig`` is what the Prefect flow takes as its parameter (so the UI renders it
as a form) and what ``runs.config`` records; :meth:`PipelineConfig.resolved` makes its
automatic choices once, where the run starts, whatever started it (CLI, UI, deployment).
No Prefect here: ``akhbar validate`` reads these paths without importing it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from akhbar.expectations.config import GateConfig
from akhbar.tasks.config import (
    DedupConfig,
    ExtractConfig,
    FrozenConfig,
    IngestConfig,
    NormalizeConfig,
    ReadConfig,
    TokenizeConfig,
)


class PipelineConfig(FrozenConfig):
    """Everything one run needs."""

    input_path: str = Field(description="Directory (searched recursively) or a single file.")
    warehouse_path: str = Field(default="akhbar.duckdb", description="DuckDB file to build.")
    shard_size: int = Field(default=2000, ge=1, description="Documents per task run.")
    shards_in_flight: int | None = Field(
        default=None,
        ge=1,
        description="Shards processed at once; memory grows with it. None: 2, or 2 per "
        "Dask worker on a Dask cluster.",
    )
    extract_processes: int | None = Field(
        default=None,
        ge=0,
        description="Worker processes for extraction, the stage that holds Python's GIL "
        "longest: with threads, two shards' extractions would take turns on one core. "
        "0: extract in the shard's own thread (Dask workers do); None: one process per "
        "core for inputs of 50 MB and more, else 0.",
    )
    memory_limit: str = Field(
        default="1GB",
        description="DuckDB's memory limit; past it DuckDB spills to a temporary folder "
        "beside the warehouse. A whole run's peak memory is about 2-3 GB more (the flow's "
        "own, extraction workers, Prefect's server).",
    )
    cache_url: str | None = Field(
        default=None,
        description="Where finished shards wait until the run is published (a killed run "
        "resumes from them): a folder, or an fsspec URL such as s3://bucket/akhbar-cache "
        "that the flow and every Dask worker can reach. None: <warehouse>-cache/ beside "
        "the warehouse.",
    )
    read: ReadConfig = ReadConfig()
    ingest: IngestConfig = IngestConfig()
    normalize: NormalizeConfig = NormalizeConfig()
    tokenize: TokenizeConfig = TokenizeConfig()
    extract: ExtractConfig = ExtractConfig()
    dedup: DedupConfig = DedupConfig()
    gate: GateConfig = GateConfig()

    def resolved(
        self, input_bytes: int, cpus: int, dask_workers: int | None = None
    ) -> PipelineConfig:
        """The config with its automatic choices made, for whatever started the run.

        ``extract_processes=None`` becomes one process per CPU for inputs of
        ``AUTO_PROCESSES_FROM_BYTES`` and more (spawning workers and shipping shards to
        them pays off), else 0; on a Dask cluster (``dask_workers``, the flow's task
        runner's worker count) always 0, since Dask workers are processes already.
        ``shards_in_flight=None`` becomes 2, or 2 per Dask worker. Called once, by the
        flow as it starts (the CLI, the Prefect UI and deployments get the same), and the
        run's record keeps the resolved values.

        >>> PipelineConfig(input_path="x").resolved(10_000, cpus=2).extract_processes
        0
        >>> PipelineConfig(input_path="x").resolved(10**9, cpus=2).extract_processes
        2
        >>> on_dask = PipelineConfig(input_path="x").resolved(10**9, cpus=2, dask_workers=3)
        >>> on_dask.extract_processes, on_dask.shards_in_flight
        (0, 6)
        """
        update = {}
        if self.extract_processes is None:
            big = input_bytes >= AUTO_PROCESSES_FROM_BYTES
            update["extract_processes"] = 0 if dask_workers or not big else cpus
        if self.shards_in_flight is None:
            update["shards_in_flight"] = 2 * (dask_workers or 1)
        return self.model_copy(update=update)

    def shard_cache(self) -> str:
        """The shard cache's URL: ``cache_url``, or the folder beside the warehouse.

        >>> PipelineConfig(input_path="x", cache_url="s3://b/c").shard_cache()
        's3://b/c'
        >>> PipelineConfig(input_path="x", warehouse_path="/w/a.duckdb").shard_cache()
        '/w/a-cache'
        """
        if self.cache_url and "://" in self.cache_url:
            return self.cache_url
        return str(Path(self.cache_url or default_cache_path(self.warehouse_path)).resolve())


#: Inputs from this size on get extraction worker processes by default.
AUTO_PROCESSES_FROM_BYTES = 50_000_000


def default_gx_project(warehouse_path: str | Path) -> Path:
    """The Great Expectations project (suites, checkpoints, results, Data Docs) of a warehouse."""
    path = Path(warehouse_path)
    return path.with_name(f"{path.stem}-gx")


def default_cache_path(warehouse_path: str | Path) -> Path:
    """Where finished shards are kept until their run is published: beside the warehouse."""
    path = Path(warehouse_path)
    return path.with_name(f"{path.stem}-cache")


def default_report_path(warehouse_path: str | Path) -> Path:
    """Where a warehouse's report goes by default: ``x-report.html`` beside ``x.duckdb``."""
    path = Path(warehouse_path)
    return path.with_name(f"{path.stem}-report.html")
