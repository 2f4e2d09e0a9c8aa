"""Runs that go wrong: what is recorded, what the CLI says, and what one bad input costs."""

import duckdb
import polars as pl
import pytest

from akhbar.cli import main
from akhbar.flows.config import PipelineConfig
from akhbar.tasks.config import IngestConfig
from akhbar.warehouse.store import Warehouse
from tests.conftest import EXAMPLE_CORPUS, raw_frame

DISK_FULL = duckdb.IOException("IO Error: could not write: No space left on device")


def runs(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select status, message from runs order by started_at").fetchall()


def test_a_disk_full_publish_shows_the_real_cause_and_leaves_the_run_failed(
    tmp_path, monkeypatch, capsys
):
    def full(*args, **kwargs):
        raise DISK_FULL

    monkeypatch.setattr(Warehouse, "publish", full)
    warehouse = tmp_path / "w.duckdb"
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(warehouse)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err
    assert "recorded as failed in the warehouse's runs table" in err
    assert "cannot rollback" not in err
    assert runs(warehouse) == [("failed", f"IOException: {DISK_FULL}")]


def test_when_even_the_failure_cannot_be_recorded_the_cli_says_so(tmp_path, monkeypatch, capsys):
    def full(*args, **kwargs):
        raise DISK_FULL

    monkeypatch.setattr(Warehouse, "publish", full)
    monkeypatch.setattr(Warehouse, "fail", full)
    warehouse = tmp_path / "w.duckdb"
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(warehouse)]) == 1
    err = capsys.readouterr().err
    assert "could not be recorded as failed (it is still 'running')" in err
    assert "recorded as failed in the" not in err
    monkeypatch.undo()
    assert main(["info", "--reconcile", "--warehouse", str(warehouse)]) == 0


class _CommitFails:
    """A connection whose commit fails once, as DuckDB's does when the disk is full."""

    def __init__(self, con):
        self._con = con

    def execute(self, sql, *args):
        if sql == "commit":
            self._con.execute("rollback")  # DuckDB rolls back a commit that failed
            raise DISK_FULL
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_failed_commit_is_not_masked_by_the_rollback(tmp_path):
    from akhbar.expectations.gate import RESULT_SCHEMA

    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        warehouse.begin_run("r1", "file:///x", {})
        real = warehouse.con
        warehouse.con = _CommitFails(real)
        counts = {"inputs": 0, "articles": 0, "quarantined": 0}
        with pytest.raises(duckdb.IOException, match="No space left"):
            warehouse.publish("r1", counts, pl.DataFrame(schema=RESULT_SCHEMA))
        warehouse.con = real
        assert warehouse.run_status("r1") == "running"


def test_one_input_a_stage_fails_on_is_quarantined_and_the_rest_publish(tmp_path, monkeypatch):
    import akhbar.flows.stages

    real = akhbar.flows.stages.extract

    def picky(articles, cfg, known_names=()):
        if articles["body"].str.contains("الدولي للكتاب").any():
            raise ValueError("a bug that only this article triggers")
        return real(articles, cfg, known_names)

    monkeypatch.setattr(akhbar.flows.stages, "extract", picky)
    warehouse = tmp_path / "w.duckdb"
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        failed = con.execute(
            "select reason, detail from quarantine where reason = 'processing_error'"
        ).fetchall()
        n_articles = con.execute("select count(*) from articles").fetchone()[0]
    assert failed == [("processing_error", "ValueError: a bug that only this article triggers")]
    assert n_articles == 33


def test_a_body_with_no_word_is_quarantined_as_no_text():
    from akhbar.flows.stages import shard_frames

    body = "ـَـُـِ ـً".encode()
    units = raw_frame(("001_00000000000000ab.txt", "عنوان\n\n".encode() + body))
    config = PipelineConfig(input_path="x", ingest=IngestConfig(require_arabic=False))
    frames = shard_frames(units, config)
    assert frames["articles"].is_empty()
    assert frames["quarantine"]["reason"].to_list() == ["no_text"]
