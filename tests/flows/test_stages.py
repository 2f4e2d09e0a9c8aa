"""The Prefect wrappers' own logic, called as plain functions (``task.fn()``)."""

import polars as pl

from akhbar.flows.config import PipelineConfig
from akhbar.flows.stages import format_counts, ingest_shard, validation_rows
from akhbar.tasks.config import IngestConfig
from tests.conftest import raw_frame

ARTICLE = "عنوان\n\n13 فبراير 2019\n+ الخط -\n\nفقرة أولى من الخبر.\n".encode()


def test_ingest_task_runs_as_a_plain_function():
    units = raw_frame(("001_00000000000000ab.txt", ARTICLE), ("002_00000000000000ac.txt", b""))
    ingested = ingest_shard.fn(units, IngestConfig())
    assert ingested.articles["article_id"].to_list() == ["00000000000000ab"]
    assert ingested.quarantine["reason"].to_list() == ["empty_file"]


def test_format_counts_per_format_and_how_it_was_chosen():
    units = raw_frame(("a.txt", ARTICLE), ("b.txt", b"")).with_columns(
        format_source=pl.lit("extension"), unmapped_fields=pl.Series(["outlet=src", None])
    )
    articles = pl.DataFrame({"source_uri": ["file:///corpus/a.txt"]})
    rows = format_counts(units, articles).to_dicts()
    assert rows == [
        {
            "input_format": "text",
            "format_source": "extension",
            "n_inputs": 2,
            "n_articles": 1,
            "n_unmapped_title": 0,
            "n_unmapped_published": 0,
            "n_unmapped_outlet": 1,
            "n_unmapped_url": 0,
            "example_unmapped": "outlet=src",
        }
    ]


def test_validation_rows_put_what_did_not_pass_first_with_status_and_critical_leading():
    results = pl.DataFrame(
        {
            "suite": ["a", "b", "c"],
            "expectation": ["ok", "x" * 200, "warn"],
            "success": [True, False, False],
            "details": ["{}"] * 3,
            "critical": [True, True, False],
            "status": ["passed", "failed", "failed"],
            "hint": [None] * 3,
        }
    )
    rows = validation_rows(results)
    assert [list(r)[:2] for r in rows] == [["status", "critical"]] * 3
    assert [r["suite"] for r in rows] == ["b", "c", "a"]
    assert len(rows[0]["expectation"]) == 90


def test_the_resolved_config_records_the_automatic_choices():
    config = PipelineConfig(input_path="x").resolved(10**9, cpus=2)
    assert (config.extract_processes, config.shards_in_flight) == (2, 2)
