"""Scale-out: the same flow on a Dask cluster builds the same warehouse.

A LocalCluster the flow starts, and a cluster of separately started processes (a
``dask scheduler`` and two ``dask worker`` processes, each in its own working folder
and ``TMPDIR``) that shares nothing with the flow but the cache URL it is given.
"""

import os
import subprocess

import duckdb
import pytest

from tests.conftest import EXAMPLE_CORPUS
from tests.flows.conftest import BIN, free_port, stop

# every published table that holds data (runs and validation_results are logs)
TABLES = (
    "articles",
    "tokens",
    "entities",
    "dates",
    "numbers",
    "sources",
    "duplicates",
    "quarantine",
    "near_duplicate_pairs",
    "boilerplate_paragraphs",
    "article_paragraphs",
    "dedup_bands",
)


def contents(path):
    with duckdb.connect(str(path), read_only=True) as con:
        out = {}
        for table in TABLES:
            columns = [
                c
                for (c,) in con.sql(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'main' and table_name = ? and column_name <> 'run_id' "
                    "order by ordinal_position",
                    params=[table],
                ).fetchall()
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            out[table] = con.sql(f"select {select} from {table} order by all").fetchall()
        return out


@pytest.mark.slow
def test_dask_local_cluster_builds_the_same_warehouse(tmp_path, example_warehouse, harness_env):
    warehouse = tmp_path / "dask.duckdb"
    done = subprocess.run(
        [
            str(BIN / "akhbar"),
            "run",
            str(EXAMPLE_CORPUS),
            "--warehouse",
            str(warehouse),
            "--shard-size",
            "10",
            "--task-runner",
            "dask",
            "--dask-workers",
            "2",
        ],
        capture_output=True,
        text=True,
        env=harness_env,
        timeout=600,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert "Creating a new Dask cluster with `distributed.deploy.local.LocalCluster`" in (
        done.stdout + done.stderr
    )
    ours, reference = contents(warehouse), contents(example_warehouse)
    for table in TABLES:
        assert ours[table] == reference[table], table
    assert sum(len(rows) for rows in ours.values()) > 2000


def start(command: list[str], folder, log) -> subprocess.Popen:
    folder.mkdir(parents=True, exist_ok=True)
    env = os.environ | {"TMPDIR": str(folder), "POLARS_MAX_THREADS": "1"}
    return subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.mark.slow
def test_a_separately_started_cluster_builds_the_same_warehouse(
    tmp_path, example_warehouse, harness_env
):
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    scheduler_cmd = [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", port]
    processes = [
        start([*scheduler_cmd, "--no-dashboard"], tmp_path / "scheduler", tmp_path / "s.log")
    ]
    logs = [tmp_path / f"worker{i}.log" for i in (1, 2)]
    try:
        for i, log in enumerate(logs, 1):
            folder = tmp_path / f"worker{i}"
            worker = [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard"]
            processes.append(start([*worker, "--local-directory", str(folder)], folder, log))
        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=120)
        flow_folder = tmp_path / "flow"
        flow_folder.mkdir()
        cache_url = f"file://{tmp_path}/shared-storage/cache"
        done = subprocess.run(
            [
                str(BIN / "akhbar"),
                "run",
                str(EXAMPLE_CORPUS),
                "--warehouse",
                "cluster.duckdb",
                "--shard-size",
                "10",
                "--task-runner",
                "dask",
                "--dask-address",
                address,
                "--cache-url",
                cache_url,
            ],
            cwd=flow_folder,
            env=harness_env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        for process in reversed(processes):
            stop(process)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert f"Connecting to an existing Dask cluster at {address}" in output
    assert f"finished shards wait in {cache_url}" in output
    # the shards ran on the workers, not in the flow's process
    assert "process-shard" not in output
    assert sum(log.read_text().count("process-shard") for log in logs) >= 4
    ours, reference = contents(flow_folder / "cluster.duckdb"), contents(example_warehouse)
    for table in TABLES:
        assert ours[table] == reference[table], table
    assert not (flow_folder / "cluster-cache").exists()
