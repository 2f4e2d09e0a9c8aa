"""Scale-out: the same flow on a 2-worker Dask LocalCluster builds the same warehouse."""

import subprocess

import duckdb
import pytest

from tests.conftest import EXAMPLE_CORPUS
from tests.flows.conftest import BIN

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
def test_dask_local_cluster_builds_the_same_warehouse(tmp_path, example_warehouse):
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
