"""The main flow: raw Arabic news files -> validated, deduplicated DuckDB warehouse.

ingest -> tokenize -> extract -> hash-content, per shard of documents, each shard
staged as it finishes; then deduplicate (against the whole warehouse), validate the
staged run, and publish it in one transaction, or record it as failed.
"""

# No `from __future__ import annotations` here: Prefect validates parameters and builds
# the UI's run form from the flow's real annotations, also when a deployment loads this
# file from its entrypoint (tests/flows/test_prefect_server.py runs one).

import datetime as dt
import secrets
import time
from collections import Counter
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger

from akhbar.config import PipelineConfig
from expectations.gate import failure_report, gate_passed
from flows.stages import (
    deduplicate,
    extract_shard,
    hash_shard,
    ingest_shard,
    report_run,
    stage_shard,
    tokenize_shard,
    validate_staging,
)
from tasks.ingest import source_uri
from tasks.morphology import load_morphology
from tasks.readers import iter_shards
from warehouse.report import default_report_path
from warehouse.store import Warehouse


def new_run_id() -> str:
    """Sortable and readable: ``20190213T101500Z-3fa9c1``."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@flow(name="akhbar-run", description=__doc__)
def akhbar_run(config: PipelineConfig, run_id: str | None = None) -> dict:
    """Build or update the warehouse from ``config.input_path``; return a run summary."""
    logger = get_run_logger()
    run_id = run_id or new_run_id()
    input_path = Path(config.input_path)
    if not input_path.exists():
        raise FileNotFoundError(f"input path does not exist: {input_path}")
    logger.info("run %s: %s -> %s", run_id, input_path, config.warehouse_path)
    counts = {"inputs": 0, "articles": 0, "quarantined": 0}
    reasons: Counter[str] = Counter()
    with Warehouse(config.warehouse_path) as warehouse:
        warehouse.begin_run(run_id, source_uri(input_path), config.model_dump(mode="json"))
        try:
            seen_ids = pl.Series("article_id", [], dtype=pl.String)
            started = time.perf_counter()
            _, morphology = load_morphology(config.tokenize.morphology)
            logger.info(morphology)
            shards = iter_shards(input_path, config.read, config.ingest, config.shard_size)
            for number, units in enumerate(shards, start=1):
                articles, quarantine = ingest_shard(units, config.ingest, seen_ids)
                articles, tokens = tokenize_shard(articles, config.normalize, config.tokenize)
                entities, dates, numbers, sources = extract_shard(articles, config.extract)
                articles, paragraphs = hash_shard(articles, tokens)
                stage_shard(warehouse, run_id, {
                    "articles": articles, "tokens": tokens, "entities": entities,
                    "dates": dates, "numbers": numbers, "sources": sources,
                    "quarantine": quarantine, "article_paragraphs": paragraphs,
                })  # fmt: skip
                seen_ids = pl.concat([seen_ids, articles["article_id"]])
                counts["inputs"] += units.height
                counts["articles"] += articles.height
                counts["quarantined"] += quarantine.height
                reasons.update(quarantine["reason"].to_list())
                done = counts["articles"] + counts["quarantined"]
                logger.info("shard %d: %d articles, %d quarantined; %d inputs so far (%.0f/s)",
                            number, articles.height, quarantine.height, done,
                            done / max(time.perf_counter() - started, 1e-9))  # fmt: skip
            dedup = deduplicate(warehouse, run_id, config.dedup)
            results = validate_staging(warehouse)
        except BaseException as exc:
            warehouse.fail(run_id, counts, _no_results(), f"{type(exc).__name__}: {exc}")
            raise
        passed = gate_passed(results)
        if passed:
            warehouse.publish(run_id, counts, results)
            logger.info("run %s published", run_id)
        else:
            warehouse.fail(run_id, counts, results, "critical expectations failed")
            logger.error("run %s failed validation; published tables unchanged:\n%s", run_id,
                         failure_report(results))  # fmt: skip
        summary = {
            "run_id": run_id,
            "status": "published" if passed else "failed",
            "warehouse": str(Path(config.warehouse_path).resolve()),
            "counts": counts,
            "quarantine_reasons": dict(reasons.most_common()),
            "dedup": dedup,
            "expectations": results.height,
            "expectations_not_passed": results.filter(pl.col("status") != "passed").height,
            "failures": failure_report(results),
            "tables": warehouse.table_counts(),
        }
        if passed:
            html = default_report_path(config.warehouse_path)
            summary["report"] = str(report_run(warehouse, html, summary_markdown(summary)))
        return summary


def summary_markdown(summary: dict) -> str:
    """The run summary as the markdown artifact the Prefect UI shows."""
    counts, dedup = summary["counts"], summary["dedup"]
    rows = "\n".join(f"| {table} | {n:,} |" for table, n in summary["tables"].items())
    reasons = ", ".join(f"{r} ×{n}" for r, n in summary["quarantine_reasons"].items()) or "none"
    return (
        f"# akhbar run {summary['run_id']}: {summary['status']}\n\n"
        f"- inputs {counts['inputs']:,} → articles {counts['articles']:,}, "
        f"quarantined {counts['quarantined']:,} ({reasons})\n"
        f"- exact duplicates: {dedup['exact_articles']} articles in {dedup['exact_clusters']} "
        f"clusters; near duplicates: {dedup['near_duplicate_articles']} articles\n"
        f"- validation: {summary['expectations']} expectations, "
        f"{summary['expectations_not_passed']} not passed\n"
        f"- warehouse: `{summary['warehouse']}`\n\n"
        f"| table | rows |\n|---|---|\n{rows}\n"
    )


def _no_results() -> pl.DataFrame:
    from expectations.gate import RESULT_SCHEMA

    return pl.DataFrame(schema=RESULT_SCHEMA)


if __name__ == "__main__":
    import sys

    print(akhbar_run(PipelineConfig(input_path=sys.argv[1])))
