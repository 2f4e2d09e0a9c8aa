"""The Prefect wrappers' own logic, called as plain functions (``task.fn()``)."""

import concurrent.futures
import time
from concurrent.futures.process import BrokenProcessPool

import polars as pl
import psutil
import pytest

from akhbar.flows import stages
from akhbar.flows.config import PipelineConfig
from akhbar.flows.pipeline import result_when_done
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


@pytest.fixture
def stopping_cleared():
    yield
    stages._STOPPING.clear()  # as the next run's extraction_pools() does


def test_an_interrupt_stops_the_extraction_workers_at_once(stopping_cleared):
    started = {}

    def run_interrupted_while_a_shard_extracts():
        with stages.extraction_pools():
            pool = stages.extraction_pool(1)
            started["waiting"] = pool.submit(time.sleep, 120)  # a shard's extraction
            started["workers"] = [psutil.Process(p) for p in pool._processes]
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_interrupted_while_a_shard_extracts()
    waiting, workers = started["waiting"], started["workers"]
    with pytest.raises(BrokenProcessPool):
        waiting.result(timeout=30)
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive
    with pytest.raises(stages.ShardsStopped):  # the waiting shard's next step
        stages.stop_if_stopping()
    with pytest.raises(stages.ShardsStopped):  # and no new pool for a retry
        stages.extraction_pool(1)


def test_a_stopped_shard_is_not_bisected_and_quarantined(monkeypatch, stopping_cleared):
    calls = []

    def stopped(units, config, known_names=()):
        calls.append(units.height)
        raise stages.ShardsStopped("the run was interrupted")

    monkeypatch.setattr(stages, "shard_frames", stopped)
    units = raw_frame(*[(f"{i:03d}_00000000000000ab.txt", ARTICLE) for i in range(4)])
    with pytest.raises(stages.ShardsStopped):
        stages.isolate_failures(units, PipelineConfig(input_path="x"))
    assert calls == [4]


def test_result_when_done_waits_in_short_steps_and_returns_the_result():
    class Future:  # the part of a PrefectFuture it uses
        def __init__(self):
            self.wrapped_future = concurrent.futures.Future()
            self.waits = []

        def wait(self, timeout):
            self.waits.append(timeout)
            if len(self.waits) == 3:
                self.wrapped_future.set_result("frames")

        def result(self):
            return self.wrapped_future.result()

    future = Future()
    assert result_when_done(future, poll=0.01) == "frames"
    assert future.waits == [0.01] * 3
