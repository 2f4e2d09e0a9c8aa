"""Prefect task wrappers around the pure stages in ``tasks/``.

Each wrapper adds what Prefect is for (a name in the UI, retries where a retry can
help, logging) and nothing else. Inputs are Polars frames of a whole shard, so
result caching is off: hashing a shard to build a cache key would cost as much as
redoing the work.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import polars as pl
from prefect import get_run_logger, task
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)
from prefect.cache_policies import NO_CACHE

from akhbar import __version__
from akhbar.config import (
    DedupConfig,
    ExtractConfig,
    IngestConfig,
    NormalizeConfig,
    PipelineConfig,
    TokenizeConfig,
)
from expectations.gate import validate
from tasks.dedup import content_hashes, exact_duplicates, paragraph_hashes
from tasks.extract import extract
from tasks.ingest import ingest
from tasks.morphology import load_morphology, without_morphology
from tasks.tokenize import article_stats, stored_tokens, tokenize
from warehouse.neardup import find_near_duplicates
from warehouse.report import write_report
from warehouse.sql import load_sql
from warehouse.store import Warehouse

SHARD_TASK = {"cache_policy": NO_CACHE, "persist_result": False}


def shard_key(units: pl.DataFrame, config: PipelineConfig, frames_dir: str) -> str:
    """A shard's identity: its input units' content, the stage config, the code version.

    Two runs over the same inputs with the same settings share keys, so a run that was
    killed resumes from the shards it finished.
    """
    digest = hashlib.blake2b(digest_size=20)
    stages = config.model_dump(mode="json", include={"ingest", "normalize", "tokenize", "extract"})
    digest.update(repr((__version__, pl.__version__, sorted(stages.items()))).encode())
    digest.update(str(frames_dir).encode())
    buffer = io.BytesIO()
    units.rechunk().write_ipc(buffer, compression="uncompressed")
    digest.update(buffer.getvalue())
    return f"akhbar-shard-{digest.hexdigest()}"


def _given_key(context, parameters: dict) -> str:
    return parameters["key"]


@task(name="process-shard", cache_key_fn=_given_key, persist_result=True)
def process_shard(
    units: pl.DataFrame, config: PipelineConfig, frames_dir: str, key: str
) -> dict[str, str]:
    """Run ingest, tokenize, extract and hash-content on one shard; persist what they made.

    The frames are written as Arrow IPC files under ``frames_dir/<key>/`` and the task
    returns their paths by staged table name. Prefect caches that small result under
    ``key`` (:func:`shard_key`, computed once by the flow), so a shard a killed run
    finished is a cache hit the next time. (Letting Prefect pickle the frames themselves
    cost 27% of the throughput.) The stage tasks show up nested under this one in the
    Prefect UI.
    """
    articles, quarantine = ingest_shard(units, config.ingest)
    articles, tokens = tokenize_shard(articles, config.normalize, config.tokenize)
    entities, dates, numbers, sources = extract_shard(
        articles, config.extract, config.extract_processes or 0
    )
    articles, paragraphs = hash_shard(articles, tokens)
    tokens = stored_tokens(tokens, config.tokenize)
    frames = {
        "articles": articles, "tokens": tokens, "entities": entities, "dates": dates,
        "numbers": numbers, "sources": sources, "quarantine": quarantine,
        "article_paragraphs": paragraphs,
    }  # fmt: skip
    folder = Path(frames_dir) / key
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for table, frame in frames.items():
        paths[table] = str(folder / f"{table}.arrow")
        frame.write_ipc(paths[table])
    return paths


def read_shard(paths: dict[str, str]) -> dict[str, pl.DataFrame] | None:
    """The frames :func:`process_shard` persisted, or None if any file has gone."""
    if not all(Path(p).is_file() for p in paths.values()):
        return None
    return {table: pl.read_ipc(path) for table, path in paths.items()}


@task(name="ingest", **SHARD_TASK)
def ingest_shard(units: pl.DataFrame, cfg: IngestConfig) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Decode, clean and parse one shard of input units into articles and quarantine rows."""
    articles, quarantine = ingest(units, cfg)
    if quarantine.height:
        reasons = quarantine["reason"].value_counts(sort=True).rows()
        get_run_logger().warning("quarantined %d of %d inputs: %s", quarantine.height, units.height,
                                 ", ".join(f"{r} ×{n}" for r, n in reasons))  # fmt: skip
    return articles, quarantine


@task(name="tokenize", **SHARD_TASK)
def tokenize_shard(
    articles: pl.DataFrame, normalize: NormalizeConfig, cfg: TokenizeConfig
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """camel-tools tokens with spans, lemma and pos; articles with their token statistics."""
    tokens = tokenize(articles, normalize, cfg.tokenizer)
    morphology, _ = load_morphology(cfg.morphology)
    tokens = morphology.annotate(tokens) if morphology else without_morphology(tokens)
    stats = article_stats(articles, tokens)
    return articles.join(stats, on="article_id", how="left", maintain_order="left"), tokens


@task(name="extract", **SHARD_TASK)
def extract_shard(
    articles: pl.DataFrame, cfg: ExtractConfig, processes: int = 0
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Entities, dates, numbers and sources; in a worker process when ``processes`` > 0."""
    pool = extraction_pool(processes)
    if pool is None:
        return extract(articles, cfg)
    return pool.submit(extract, articles, cfg).result()


_POOLS: dict[int, ProcessPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def extraction_pool(processes: int) -> ProcessPoolExecutor | None:
    """The flow's pool of ``processes`` extraction workers (None for 0), made on first use.

    Extraction is pure-Python rule matching, ~75% of a shard's CPU time (py-spy on a
    1M-article run): on the thread runner two shards' extractions would share one
    interpreter lock. Workers are spawned, not forked (the flow process has threads).
    """
    if processes < 1:
        return None
    with _POOLS_LOCK:
        if processes not in _POOLS:
            _POOLS[processes] = ProcessPoolExecutor(
                processes, mp_context=multiprocessing.get_context("spawn")
            )
        return _POOLS[processes]


def shutdown_extraction_pools() -> None:
    """Stop the extraction workers (at the end of a flow run)."""
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.shutdown(cancel_futures=True)
        _POOLS.clear()


@task(name="hash-content", **SHARD_TASK)
def hash_shard(articles: pl.DataFrame, tokens: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Articles with their exact-dedup ``content_hash``, and their paragraph hashes."""
    hashed = articles.join(content_hashes(articles, tokens), on="article_id", maintain_order="left")
    return hashed, paragraph_hashes(articles)


@task(name="stage", **SHARD_TASK)
def stage_shard(warehouse: Warehouse, run_id: str, frames: dict[str, pl.DataFrame]) -> None:
    """Append a shard's frames to the staging tables, stamped with the run id."""
    for table, frame in frames.items():
        warehouse.stage(table, frame.with_columns(run_id=pl.lit(run_id)))


@task(name="deduplicate", **SHARD_TASK)
def deduplicate(
    warehouse: Warehouse, run_id: str, cfg: DedupConfig, normalize: NormalizeConfig
) -> dict[str, int]:
    """Exact and near-duplicate clusters over this run and everything already published."""
    duplicates = exact_duplicates(warehouse.dedup_members())
    warehouse.stage("duplicates", duplicates.with_columns(run_id=pl.lit(run_id)))
    exact = {"exact_clusters": duplicates["cluster_id"].n_unique(),
             "exact_articles": duplicates.height}  # fmt: skip
    logger = get_run_logger()
    logger.info("exact duplicates: %d articles in %d clusters", exact["exact_articles"],
                exact["exact_clusters"])  # fmt: skip
    near = find_near_duplicates(warehouse, cfg, run_id, normalize, progress=logger.info)
    logger.info("near duplicates: %s", ", ".join(f"{k} {v}" for k, v in near.items()))
    return exact | near


@task(name="report", **SHARD_TASK)
def report_run(
    warehouse: Warehouse, out: Path, summary_markdown: str, results: pl.DataFrame
) -> Path:
    """Write the HTML report; attach it, the run summary and the validation table."""
    path = write_report(warehouse, out)
    create_link_artifact(
        key="akhbar-report",
        link=path.as_uri(),
        link_text=path.name,
        description="Charts of the warehouse after this run (self-contained HTML).",
    )
    entities = warehouse.frame(load_sql("summary_top_entities"))
    clusters = warehouse.frame(load_sql("summary_largest_clusters"))
    create_markdown_artifact(
        key="akhbar-run-summary",
        markdown=summary_markdown
        + "\n## Top entities\n\n"
        + markdown_table(entities)
        + "\n## Largest duplicate clusters\n\n"
        + markdown_table(clusters),
    )
    create_table_artifact(
        key="akhbar-validation",
        table=results.select("suite", "expectation", "status", "critical").to_dicts(),
        description="Every Great Expectations expectation of this run and its status.",
    )
    return path


def markdown_table(frame: pl.DataFrame) -> str:
    """A small frame as a markdown table (pipes in values escaped)."""
    if frame.is_empty():
        return "_none_\n"
    cells = frame.select(pl.all().cast(pl.String).fill_null("").str.replace_all("|", "\\|"))
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    lines += ["| " + " | ".join(row) + " |" for row in cells.iter_rows()]
    return "\n".join(lines) + "\n"


@task(name="validate", **SHARD_TASK)
def validate_staging(warehouse: Warehouse, project: Path, run_id: str) -> pl.DataFrame:
    """Audit the staged run with the Great Expectations suites; rebuild the Data Docs."""
    return validate(warehouse, "staging", project, run_id)
