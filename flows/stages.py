"""Prefect task wrappers around the pure stages in ``tasks/``.

Each wrapper adds what Prefect is for (a name in the UI, retries where a retry can
help, logging) and nothing else. Inputs are Polars frames of a whole shard, so
result caching is off: hashing a shard to build a cache key would cost as much as
redoing the work.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import polars as pl
from prefect import get_run_logger, task
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError

from akhbar import __version__
from akhbar.expectations.config import GateConfig
from akhbar.expectations.gate import validate
from akhbar.flows.config import PipelineConfig
from akhbar.flows.shard_cache import write_frames
from akhbar.flows.summary import RunSummary
from akhbar.tasks.config import (
    QUARANTINE_REASONS,
    DedupConfig,
    ExtractConfig,
    IngestConfig,
    NormalizeConfig,
    TokenizeConfig,
)
from akhbar.tasks.dedup import content_hashes, exact_duplicates, paragraph_hashes
from akhbar.tasks.extract import Extracted, extract
from akhbar.tasks.ingest import QUARANTINE_SCHEMA, Ingested, ingest, withdraw
from akhbar.tasks.morphology import load_morphology, without_morphology
from akhbar.tasks.tokenize import article_stats, stored_tokens, tokenize
from akhbar.warehouse.neardup import find_near_duplicates
from akhbar.warehouse.report import write_report
from akhbar.warehouse.sql import load_sql
from akhbar.warehouse.store import Warehouse


def run_logger():
    """Prefect's run logger inside a flow or task run; a plain logger outside one.

    So that a wrapper's ``.fn()`` runs in a test without a Prefect run around it.
    """
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("akhbar")


SHARD_TASK = {"cache_policy": NO_CACHE, "persist_result": False}


def shard_key(
    units: pl.DataFrame, config: PipelineConfig, frames_url: str, known_names: tuple[str, ...] = ()
) -> str:
    """A shard's identity: its inputs' content, stage config, known names, code version.

    Two runs over the same inputs with the same settings and names share keys, so a run
    that was killed resumes from the shards it finished.
    """
    digest = hashlib.blake2b(digest_size=20)
    stages = config.model_dump(mode="json", include={"ingest", "normalize", "tokenize", "extract"})
    digest.update(repr((__version__, pl.__version__, sorted(stages.items()))).encode())
    digest.update(frames_url.encode())
    digest.update("\n".join(known_names).encode())
    buffer = io.BytesIO()
    units.rechunk().write_ipc(buffer, compression="uncompressed")
    digest.update(buffer.getvalue())
    return f"akhbar-shard-{digest.hexdigest()}"


def _given_key(context, parameters: dict) -> str:
    return parameters["key"]


@task(name="process-shard", cache_key_fn=_given_key, persist_result=True)
def process_shard(
    units: pl.DataFrame,
    config: PipelineConfig,
    frames_url: str,
    key: str,
    known_names: tuple[str, ...] = (),
) -> dict[str, str]:
    """Run ingest, tokenize, extract and hash-content on one shard; persist what they made.

    The frames are written as Arrow IPC files under ``frames_url/<key>/`` (a folder or
    any fsspec URL the flow can read too: :mod:`akhbar.flows.shard_cache`) and the task
    returns their URLs by staged table name. Prefect caches that small result under
    ``key`` (:func:`shard_key`, computed once by the flow), so a shard a killed run
    finished is a cache hit the next time. (Letting Prefect pickle the frames themselves
    cost 27% of the throughput.) The stage tasks show up nested under this one in the
    Prefect UI.
    """
    frames = isolate_failures(units, config, known_names=known_names)
    return write_frames(frames_url, key, frames)


def shard_frames(
    units: pl.DataFrame, config: PipelineConfig, known_names: tuple[str, ...] = ()
) -> dict[str, pl.DataFrame]:
    """Every stage up to hashing, on one shard: its frames by staged table name.

    ``known_names`` are the persons earlier runs learned (``learned_names``).
    """
    stop_if_stopping()
    ingested = ingest_shard(units, config.ingest)
    stop_if_stopping()
    articles, tokens = tokenize_shard(ingested.articles, config.normalize, config.tokenize)
    frames = {
        "articles": articles,
        "tokens": tokens,
        "quarantine": ingested.quarantine,
        "article_discards": ingested.discards,
    }
    frames = withdraw(
        frames,
        articles.filter(pl.col("n_tokens") == 0)["article_id"],
        "no_text",
        pl.lit(QUARANTINE_REASONS["no_text"]),
    )
    articles, tokens = frames["articles"], frames["tokens"]
    stop_if_stopping()
    found = extract_shard(articles, config.extract, config.extract_processes or 0, known_names)
    articles, paragraphs = hash_shard(articles, tokens)
    frames |= {
        "articles": articles,
        "tokens": stored_tokens(tokens, config.tokenize),
        "entities": found.entities,
        "dates": found.dates,
        "numbers": found.numbers,
        "sources": found.sources,
        "learned_names": found.learned,
        "article_paragraphs": paragraphs,
        "run_formats": format_counts(units, articles),
    }
    return frames


#: Units of one shard that may fail alone before the failure counts as the code's,
#: not the data's, and stops the run.
MAX_FAILED_UNITS = 8


def isolate_failures(
    units: pl.DataFrame,
    config: PipelineConfig,
    budget: list[int] | None = None,
    known_names: tuple[str, ...] = (),
) -> dict[str, pl.DataFrame]:
    """:func:`shard_frames`, and if a stage fails, the same on each half, down to one unit.

    A unit that fails alone becomes a quarantine row (``processing_error``, with the
    stage's error), so one input the code cannot handle does not stop the run. Past
    ``MAX_FAILED_UNITS`` such units in a shard the error is raised: a stage that fails
    on everything is a bug to see, not a corpus to quarantine.
    """
    budget = [MAX_FAILED_UNITS] if budget is None else budget
    try:
        return shard_frames(units, config, known_names)
    except Exception as exc:
        if units.height > 1 and budget[0] > 0:
            half = units.height // 2
            parts = [
                isolate_failures(units[:half], config, budget, known_names),
                isolate_failures(units[half:], config, budget, known_names),
            ]
            return {
                table: pl.concat([p[table] for p in parts], how="diagonal_relaxed")
                for table in parts[0]
            }
        budget[0] -= 1
        if budget[0] < 0:
            raise
        run_logger().error(
            "%s could not be processed and is quarantined (processing_error): %s: %s",
            units["source_uri"][0],
            type(exc).__name__,
            exc,
        )
        frames = shard_frames(units.clear(), config)  # every table, empty
        frames["quarantine"] = processing_error(units, exc)
        frames["run_formats"] = format_counts(units, frames["articles"])
        return frames


def processing_error(units: pl.DataFrame, exc: Exception) -> pl.DataFrame:
    """Quarantine rows for units a stage failed on."""
    return units.select(
        "source_uri",
        "input_format",
        reason=pl.lit("processing_error"),
        detail=pl.lit(f"{type(exc).__name__}: {exc}"[:500]),
        raw="raw",
    ).cast(QUARANTINE_SCHEMA)


def format_counts(units: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """``run_formats`` rows of one shard: inputs and articles per format, unmapped fields."""
    unmapped = pl.col("unmapped_fields").fill_null("")
    return (
        units.with_columns(is_article=pl.col("source_uri").is_in(articles["source_uri"].implode()))
        .group_by("input_format", "format_source", maintain_order=True)
        .agg(
            n_inputs=pl.len().cast(pl.Int64),
            n_articles=pl.col("is_article").sum().cast(pl.Int64),
            **{
                f"n_unmapped_{f}": unmapped.str.contains(f"(?:^|,){f}=").sum().cast(pl.Int64)
                for f in ("title", "published", "outlet", "url")
            },
            example_unmapped=pl.col("unmapped_fields").drop_nulls().first(),
        )
        .with_columns(pl.col("format_source").fill_null("extension"))
    )


@task(name="ingest", **SHARD_TASK)
def ingest_shard(units: pl.DataFrame, cfg: IngestConfig) -> Ingested:
    """Decode, clean and parse one shard of input units into articles and quarantine rows."""
    ingested = ingest(units, cfg)
    formats = units.group_by("input_format", "format_source").len().sort("len", descending=True)
    run_logger().info(
        "formats: %s",
        ", ".join(f"{fmt} ×{n} (by {how or 'extension'})" for fmt, how, n in formats.iter_rows()),
    )
    quarantine = ingested.quarantine
    if quarantine.height:
        reasons = quarantine["reason"].value_counts(sort=True).rows()
        run_logger().warning(
            "quarantined %d of %d inputs: %s",
            quarantine.height,
            units.height,
            ", ".join(f"{r} ×{n}" for r, n in reasons),
        )
    return ingested


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
    articles: pl.DataFrame, cfg: ExtractConfig, processes: int = 0, known_names=()
) -> Extracted:
    """Entities, dates, numbers, sources, learned names; in a worker when ``processes`` > 0."""
    pool = extraction_pool(processes)
    if pool is None:
        return extract(articles, cfg, known_names)
    try:
        return pool.submit(extract, articles, cfg, known_names).result()
    except BrokenProcessPool:
        stop_if_stopping()  # the run is stopping and stopped the workers itself
        # a worker died (out of memory, killed): the pool is unusable; one new try
        run_logger().warning("an extraction worker died; retrying the shard in a new pool")
        discard_extraction_pool(processes)
        return extraction_pool(processes).submit(extract, articles, cfg, known_names).result()


_POOLS: dict[int, ProcessPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()
_STOPPING = threading.Event()


class ShardsStopped(BaseException):
    """Raised in a shard's thread when the run is interrupted: end now, quarantine nothing.

    A ``BaseException``, so that :func:`isolate_failures` does not take it for a bad
    input and bisect the shard, and Prefect does not retry it.
    """


def stop_if_stopping() -> None:
    """Between a shard's stages: raise :class:`ShardsStopped` if the run is stopping."""
    if _STOPPING.is_set():
        raise ShardsStopped("the run was interrupted")


def extraction_pool(processes: int) -> ProcessPoolExecutor | None:
    """The flow's pool of ``processes`` extraction workers (None for 0), made on first use.

    Extraction is pure-Python rule matching, ~75% of a shard's CPU time (py-spy on a
    1M-article run): on the thread runner two shards' extractions would share one
    interpreter lock. Workers are spawned, not forked (the flow process has threads).
    """
    if processes < 1:
        return None
    with _POOLS_LOCK:
        stop_if_stopping()  # no new pool for a run that is stopping
        if processes not in _POOLS:
            _POOLS[processes] = ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=exit_with_parent,
                initargs=(os.getpid(),),
            )
        return _POOLS[processes]


def exit_with_parent(parent: int) -> None:
    """In a worker: exit as soon as the flow process is gone (``kill -9`` included).

    A worker waiting for its next shard would otherwise wait forever, orphaned.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


def discard_extraction_pool(processes: int) -> None:
    """Forget a broken pool, so that the next shard gets a new one."""
    with _POOLS_LOCK:
        pool = _POOLS.pop(processes, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def extraction_pools():
    """The run's extraction worker pools: made on first use, stopped when the block ends.

    On Ctrl-C or SIGTERM the shards in flight stop too, at once: without this, the
    runner's threads finished every shard they had started (up to three, 30 s on a
    slow machine) before the run could say it was interrupted.
    """
    _STOPPING.clear()
    try:
        yield
    except BaseException:
        stop_shards()
        raise
    finally:
        shutdown_extraction_pools()


def stop_shards() -> None:
    """Make the shards in flight end at their next stage, and stop extraction workers now.

    A shard waiting for its extraction gets ``BrokenProcessPool`` from the stopped
    workers and ends with :class:`ShardsStopped`.
    """
    _STOPPING.set()
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            # the pool's own process table: terminate_workers() comes in Python 3.14
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                worker.terminate()
        _POOLS.clear()


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
        warehouse.stage(table, frame, run_id)


@task(name="deduplicate", **SHARD_TASK)
def deduplicate(
    warehouse: Warehouse, run_id: str, cfg: DedupConfig, normalize: NormalizeConfig
) -> dict[str, int]:
    """Exact and near-duplicate clusters over this run and everything already published."""
    duplicates = exact_duplicates(warehouse.dedup_members())
    warehouse.stage("duplicates", duplicates, run_id)
    exact = {
        "exact_clusters": duplicates["cluster_id"].n_unique(),
        "exact_articles": duplicates.height,
    }
    logger = run_logger()
    logger.info(
        "exact duplicates: %d articles in %d clusters",
        exact["exact_articles"],
        exact["exact_clusters"],
    )
    near = find_near_duplicates(warehouse, cfg, run_id, normalize, progress=logger.info)
    near |= warehouse.frame(load_sql("dedup/near_beyond_exact")).row(0, named=True)
    logger.info("near duplicates: %s", ", ".join(f"{k} {v}" for k, v in near.items()))
    return exact | near


@task(name="report", **SHARD_TASK)
def report_run(warehouse: Warehouse, out: Path, summary: RunSummary, results: pl.DataFrame) -> Path:
    """Write the HTML report; attach it, the run summary and the validation table."""
    path = write_report(warehouse, out)
    create_link_artifact(
        key="akhbar-report",
        link=path.as_uri(),
        link_text=path.name,
        description="Charts of the warehouse after this run (self-contained HTML).",
    )
    extra = {
        "Top entities": warehouse.frame(load_sql("report/summary_top_entities")),
        "Largest duplicate clusters": warehouse.frame(load_sql("report/summary_largest_clusters")),
    }
    with_report = summary.model_copy(update={"report": str(path)})
    create_markdown_artifact(key="akhbar-run-summary", markdown=with_report.markdown(extra))
    create_table_artifact(
        key="akhbar-validation",
        table=validation_rows(results),
        description="Every Great Expectations expectation of this run: what did not pass first.",
    )
    return path


def validation_rows(results: pl.DataFrame, max_chars: int = 90) -> list[dict]:
    """The validation table artifact: status and critical first, failures first, short text."""
    short = (
        pl.when(pl.col("expectation").str.len_chars() > max_chars)
        .then(pl.col("expectation").str.slice(0, max_chars - 1) + "…")
        .otherwise(pl.col("expectation"))
    )
    return (
        results.sort(
            pl.col("status") == "passed", ~pl.col("critical"), "suite", maintain_order=True
        )
        .select("status", "critical", "suite", short.alias("expectation"))
        .to_dicts()
    )


@task(name="validate", **SHARD_TASK)
def validate_staging(
    warehouse: Warehouse, project: Path, run_id: str, gate: GateConfig
) -> pl.DataFrame:
    """Audit the staged run with the Great Expectations suites; rebuild the Data Docs."""
    return validate(warehouse.con, "staging", project, run_id, gate)
