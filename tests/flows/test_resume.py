"""Resume: a run killed with SIGKILL halfway, run again, ends as if never interrupted."""

import os
import shutil
import signal
import subprocess

import duckdb
import pytest

from tests.conftest import EXAMPLE_CORPUS
from tests.flows.conftest import BIN

DATA_TABLES = (
    "articles",
    "tokens",
    "entities",
    "dates",
    "numbers",
    "sources",
    "duplicates",
    "near_duplicate_pairs",
    "quarantine",
)


def counts(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.sql(f"select count(*) from {t}").fetchall()[0][0] for t in DATA_TABLES}


@pytest.mark.slow
def test_a_killed_run_resumes_from_its_finished_shards(tmp_path, example_warehouse, harness_env):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE_CORPUS, corpus)
    command = [
        str(BIN / "akhbar"),
        "run",
        str(corpus),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        "--shard-size",
        "4",
    ]
    env = harness_env | {"PYTHONUNBUFFERED": "1"}
    first = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    staged = 0
    for line in first.stdout:
        if "shard 4/" in line:  # four shards staged, more in flight: kill everything now
            os.killpg(first.pid, signal.SIGKILL)
            staged = 4
            break
    first.wait(timeout=120)
    assert staged == 4
    assert first.returncode == -signal.SIGKILL

    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    log = second.stdout + second.stderr
    assert second.returncode == 0, log[-3000:]
    # finished shards come back from Prefect's cache instead of being recomputed
    cache_hits = [
        line
        for line in log.splitlines()
        if "process-shard" in line and "Cached(type=COMPLETED)" in line
    ]
    assert len(cache_hits) >= staged
    assert "never finished (killed?)" in log
    # the same warehouse as an uninterrupted run: no row lost, none twice
    assert counts(tmp_path / "w.duckdb") == counts(example_warehouse)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        statuses = con.sql("select status, message from runs order by started_at").fetchall()
    assert [s for s, _ in statuses] == ["failed", "published"]
    assert statuses[0][1].startswith("interrupted")
    # a published run's shards leave the cache
    assert [p for p in (tmp_path / "w-cache").rglob("*") if p.is_file()] == []
