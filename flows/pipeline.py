"""The main flow: raw Arabic news files -> validated, deduplicated DuckDB warehouse.

ingest -> tokenize -> extract -> hash-content, per shard of documents, each shard
staged as it finishes; then deduplicate (against the whole warehouse), validate the
staged run, and publish it in one transaction, or record it as failed.
"""

# No `from __future__ import annotations` here: Prefect validates parameters and builds
# the UI's run form from the flow's real annotations, also when a deployment loads this
# file from its entrypoint (tests/flows/test_prefect_server.py runs one).

import datetime as dt
import os
import secrets
import time
from collections import Counter, deque
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger
from prefect.exceptions import TerminationSignal
from prefect.task_runners import ThreadPoolTaskRunner

from akhbar.expectations.gate import data_docs_index, failure_report, gate_passed
from akhbar.flows.config import (
    PipelineConfig,
    default_gx_project,
    default_report_path,
)
from akhbar.flows.shard_cache import forget_shards, frames_url, read_frames, result_storage
from akhbar.flows.stages import (
    deduplicate,
    extraction_pools,
    process_shard,
    report_run,
    shard_key,
    stage_shard,
    validate_staging,
)
from akhbar.flows.summary import Counts, DateCounts, RunSummary
from akhbar.tasks.ingest import withdraw_taken_ids
from akhbar.tasks.morphology import load_morphology
from akhbar.tasks.readers import Listing, input_bytes, iter_shards, list_inputs, source_uri
from akhbar.warehouse.store import Warehouse


def new_run_id() -> str:
    """Sortable and readable: ``20190213T101500Z-3fa9c1``."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@flow(name="akhbar-run", description=__doc__, task_runner=ThreadPoolTaskRunner(max_workers=2))
def akhbar_run(config: PipelineConfig, run_id: str | None = None) -> RunSummary:
    """Build or update the warehouse from ``config.input_path``; return a run summary."""
    logger = get_run_logger()
    run_id = run_id or new_run_id()
    listing = list_inputs(config.input_path, config.read)
    if not listing.entries:
        raise NoInputError(no_input_message(listing))
    total_bytes = input_bytes(listing)
    config = config.resolved(total_bytes, os.cpu_count() or 1, dask_workers=dask_workers())
    logger.info("run %s: %s -> %s", run_id, config.input_path, config.warehouse_path)
    if listing.skipped:
        shown = ", ".join(listing.skipped[:10]) + (" ..." if len(listing.skipped) > 10 else "")
        logger.info("skipped %d file(s) matching --exclude: %s", len(listing.skipped), shown)
    cache = config.shard_cache()
    logger.info("finished shards wait in %s until the run is published", cache)
    with Warehouse(config.warehouse_path, memory_limit=config.memory_limit) as warehouse:
        interrupted = warehouse.begin_run(
            run_id, source_uri(Path(config.input_path)), config.model_dump(mode="json")
        )
        if interrupted:
            logger.warning(
                "runs %s never finished (killed?): recorded as failed; the shards "
                "they finished come from the cache in %s",
                ", ".join(interrupted),
                cache,
            )
        shards = ShardStager(warehouse, run_id, config, cache, Progress(total_bytes), logger)
        try:
            with extraction_pools():
                shards.stage_all(listing)
            stage_formats(warehouse, run_id, shards.tally.formats)
            dedup = deduplicate(warehouse, run_id, config.dedup, config.normalize)
            project = default_gx_project(config.warehouse_path)
            results = validate_staging(warehouse, project, run_id, config.gate)
            passed = gate_passed(results)
            if passed:
                warehouse.publish(run_id, shards.tally.counts.model_dump(), results)
        except BaseException as exc:
            record_failure(warehouse, run_id, shards.tally.counts.model_dump(), exc, logger)
            raise
        return finish(warehouse, config, run_id, shards, listing, dedup, results, logger)


class Tally:
    """What the staged shards of a run held: inputs, quarantine reasons, dates, formats."""

    def __init__(self) -> None:
        self.counts = Counts()
        self.reasons: Counter[str] = Counter()
        self.dates = DateCounts()
        self.formats: list[pl.DataFrame] = []

    def add(self, frames: dict[str, pl.DataFrame]) -> None:
        """Count one shard's frames (``run_formats`` leaves them for the run's own table)."""
        articles, quarantine = frames["articles"], frames["quarantine"]
        self.formats.append(frames.pop("run_formats"))
        self.counts.inputs += articles.height + quarantine.height
        self.counts.articles += articles.height
        self.counts.quarantined += quarantine.height
        self.reasons.update(quarantine["reason"].to_list())
        undated = articles.filter(pl.col("published_date").is_null())
        unparsed = undated.filter(pl.col("published_text").is_not_null())
        self.dates.undated += undated.height
        self.dates.not_understood += unparsed.height
        if unparsed.height and not self.dates.example:
            self.dates.example = unparsed["published_text"][0]


class ShardStager:
    """Submits a run's shards, at most ``shards_in_flight`` at once, and stages each in order.

    Shards come back in input order, so the first input keeps an article id that two
    share (:func:`~akhbar.tasks.ingest.withdraw_taken_ids`), whatever ran first.
    """

    def __init__(self, warehouse, run_id, config, cache: str, progress, logger) -> None:
        self.warehouse, self.run_id, self.config = warehouse, run_id, config
        self.process = process_shard.with_options(result_storage=result_storage(cache))
        self.frames_url = frames_url(cache)
        self.progress, self.logger = progress, logger
        self.tally = Tally()
        #: persons earlier runs learned, found in this run's shards too
        self.known_names = warehouse.known_names()
        self.keys: list[str] = []
        self.in_flight: deque = deque()

    def stage_all(self, listing) -> None:
        """Read, process and stage every shard of ``listing``."""
        _, morphology = load_morphology(self.config.tokenize.morphology)
        self.logger.info(morphology)
        if self.config.extract_processes:
            self.logger.info("extraction in %d worker processes", self.config.extract_processes)
        cfg = self.config
        for units in iter_shards(listing, cfg.read, cfg.ingest, cfg.shard_size):
            key = shard_key(units, cfg, self.frames_url, self.known_names)
            self.keys.append(key)
            future = self.process.submit(units, cfg, self.frames_url, key, self.known_names)
            self.in_flight.append((units, key, units["raw"].bin.size().sum() or 0, future))
            if len(self.in_flight) > cfg.shards_in_flight:
                self.stage_next()
        while self.in_flight:
            self.stage_next()
        self.logger.info(self.progress.done(self.tally.counts.model_dump()))

    def stage_next(self) -> None:
        """Wait for the oldest shard in flight and stage it."""
        units, key, units_bytes, future = self.in_flight.popleft()
        frames = read_frames(result_when_done(future))
        if frames is None:  # cached, but its files were deleted: compute again
            rerun = self.process.with_options(refresh_cache=True)
            frames = read_frames(rerun(units, self.config, self.frames_url, key, self.known_names))
        staged = self.warehouse.batch("run/staged_article_ids", frames["articles"]["article_id"])
        frames = withdraw_taken_ids(frames, staged["article_id"])
        self.tally.add(frames)
        stage_shard(self.warehouse, self.run_id, frames)
        n_articles, n_quarantined = frames["articles"].height, frames["quarantine"].height
        line = self.progress.advance(n_articles + n_quarantined, units_bytes)
        self.logger.info("%s: %d articles, %d quarantined", line, n_articles, n_quarantined)


def result_when_done(future, poll: float = 0.5):
    """``future.result()``, waking every ``poll`` seconds so that Ctrl-C and SIGTERM are seen.

    CPython runs signal handlers in the main thread, but the kernel may deliver the
    signal to any of the process's threads; a main thread blocked in an untimed wait
    then sleeps on until the shard is done (measured: up to 30 s after Ctrl-C).
    """
    while not future.wrapped_future.done():
        future.wait(poll)
    return future.result()


def finish(warehouse, config, run_id, shards, listing, dedup, results, logger) -> RunSummary:
    """Record the verdict (the publish itself is done), write the report, sum it all up."""
    passed = gate_passed(results)
    tally = shards.tally
    if passed:
        logger.info("run %s published", run_id)
        forget_shards(config.shard_cache(), shards.keys)
    else:
        warehouse.fail(run_id, tally.counts.model_dump(), results, "critical expectations failed")
        logger.error(
            "run %s failed validation; published tables unchanged:\n%s",
            run_id,
            failure_report(results),
        )
    project = default_gx_project(config.warehouse_path)
    summary = RunSummary(
        run_id=run_id,
        status="published" if passed else "failed",
        warehouse=str(Path(config.warehouse_path).resolve()),
        counts=tally.counts,
        quarantine_reasons=dict(tally.reasons.most_common()),
        skipped=listing.skipped,
        dates=tally.dates,
        dedup=dedup,
        expectations=results.height,
        expectations_not_passed=results.filter(pl.col("status") != "passed").height,
        failures=failure_report(results),
        data_docs=str(data_docs_index(project).resolve()),
        tables=warehouse.table_counts(),
    )
    if passed:
        try:
            html = default_report_path(config.warehouse_path)
            summary.report = str(report_run(warehouse, html, summary, results))
        except Exception as exc:  # the run is published: a failed report must not undo it
            logger.error(
                "the report could not be written (%s: %s); run %s is published",
                type(exc).__name__,
                exc,
                run_id,
            )
    return summary


def record_failure(warehouse: Warehouse, run_id: str, counts: dict, exc: BaseException, logger):
    """Record the run as failed with its cause; if even that fails, say so and go on.

    The caller re-raises ``exc``. A run that could not be recorded stays ``running``
    and the next run records it as interrupted.
    """
    interrupted = isinstance(exc, KeyboardInterrupt | TerminationSignal)  # Ctrl-C, SIGTERM
    cause = "interrupted" if interrupted else f"{type(exc).__name__}: {exc}"
    try:
        warehouse.fail(run_id, counts, _no_results(), cause[:1000])
    except Exception as record_exc:  # disk full, connection lost: keep the real cause
        logger.error(
            "run %s could not be recorded as failed (%s: %s)",
            run_id,
            type(record_exc).__name__,
            record_exc,
        )


class NoInputError(FileNotFoundError):
    """The input path holds no file to read (nothing is written)."""


def no_input_message(listing: Listing) -> str:
    """What to tell a user whose input holds nothing to read."""
    skipped = f" ({len(listing.skipped)} skipped by --exclude)" if listing.skipped else ""
    return f"no input files found under {listing.root}{skipped}"


def stage_formats(warehouse: Warehouse, run_id: str, formats: list[pl.DataFrame]) -> None:
    """Stage the run's ``run_formats`` rows: the shards' counts summed per format."""
    if not formats:
        return
    counts = pl.concat(formats, how="diagonal_relaxed")
    summed = counts.group_by("input_format", "format_source", maintain_order=True).agg(
        pl.col("^n_.*$").sum(), pl.col("example_unmapped").drop_nulls().first()
    )
    warehouse.stage("run_formats", summed, run_id)


def dask_workers() -> int | None:
    """How many workers the running flow's Dask cluster has; None when it runs on threads."""
    from prefect.context import get_run_context

    runner = get_run_context().task_runner
    if type(runner).__name__ != "DaskTaskRunner":
        return None
    client = getattr(runner, "_client", None)
    try:
        return max(len(client.scheduler_info()["workers"]), 1)
    except Exception:  # a client not started yet, or a scheduler that will not say
        return (getattr(runner, "cluster_kwargs", None) or {}).get("n_workers", 1)


def dask_task_runner(address: str | None = None, workers: int = 2):
    """Prefect's Dask task runner: the cluster at ``address``, or a local one.

    A LocalCluster gets ``workers`` processes of one thread each, and Polars in each is
    held to one thread: on 2 cores, 2 workers x 2 Polars threads oversubscribe.
    """
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
            "env": {"POLARS_MAX_THREADS": "1"},
        }
    )


class Progress:
    """Shards done, share of the input read, documents per second and time left."""

    def __init__(self, total_bytes: int) -> None:
        self.total_bytes = max(total_bytes, 1)
        self.started = time.perf_counter()
        self.shards = self.docs = self.bytes = 0

    def advance(self, docs: int, units_bytes: int) -> str:
        """Count a finished shard; return the progress line to log."""
        self.shards += 1
        self.docs += docs
        self.bytes += units_bytes
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        share = min(self.bytes / self.total_bytes, 0.99)
        est_shards = max(self.shards, round(self.shards / share)) if share else self.shards
        left = elapsed * (1 - share) / share if share else 0.0
        return (
            f"shard {self.shards}/~{est_shards} · {share:.0%} of input · "
            f"{self.docs:,} docs · {self.docs / elapsed:,.0f} docs/s · ~{left:.0f} s left"
        )

    def done(self, counts: dict[str, int]) -> str:
        """The last progress line: every shard read, with the run's counts.

        >>> Progress(100).done({"inputs": 3, "articles": 2, "quarantined": 1})[:40]
        'read all 0 shards · 100% of input · 3 in'
        """
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        return (
            f"read all {self.shards} shards · 100% of input · {counts['inputs']:,} inputs -> "
            f"{counts['articles']:,} articles, {counts['quarantined']:,} quarantined · "
            f"{self.docs / elapsed:,.0f} docs/s; deduplicating and validating"
        )


def _no_results() -> pl.DataFrame:
    from akhbar.expectations.gate import RESULT_SCHEMA

    return pl.DataFrame(schema=RESULT_SCHEMA)


if __name__ == "__main__":
    import sys

    print(akhbar_run(PipelineConfig(input_path=sys.argv[1])))
