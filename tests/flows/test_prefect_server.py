"""A real Prefect server on 127.0.0.1, a real run against it, checked through its API.

Prefect's server has broken before on dependency upgrades (FastAPI 0.151 made it fail
to start at all), so this starts one the way the README tells users to.
"""

import json
import subprocess
import sys
import time

import duckdb
import httpx

from tests.conftest import EXAMPLE_CORPUS
from tests.flows.conftest import screenshots, stop

call = screenshots.api_call


def test_a_run_against_a_local_prefect_server_is_visible_through_its_api(prefect_server, tmp_path):
    api, env = prefect_server
    warehouse = tmp_path / "akhbar.duckdb"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "akhbar.cli",
            "run",
            str(EXAMPLE_CORPUS),
            "--warehouse",
            str(warehouse),
        ],
        env=env | {"PREFECT_API_URL": api},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]

    flow_runs = [  # the server is shared with the module's other tests: this run's only
        r
        for r in call(env, "POST", f"{api}/flow_runs/filter", json={})
        if r["parameters"].get("config", {}).get("warehouse_path") == str(warehouse)
    ]
    assert [(r["state_type"], r["name"] != "") for r in flow_runs] == [("COMPLETED", True)]
    flow_run_id = flow_runs[0]["id"]
    task_runs = call(
        env, "POST", f"{api}/task_runs/filter", {"flow_runs": {"id": {"any_": [flow_run_id]}}}
    )
    names = {r["name"].rsplit("-", 1)[0] for r in task_runs}
    assert {
        "process-shard",
        "ingest",
        "tokenize",
        "extract",
        "deduplicate",
        "validate",
        "report",
    } <= names
    assert {r["state_type"] for r in task_runs} == {"COMPLETED"}
    artifacts = call(
        env,
        "POST",
        f"{api}/artifacts/filter",
        {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}},
    )
    by_key = {a["key"]: a for a in artifacts}
    assert set(by_key) == {"akhbar-report", "akhbar-run-summary", "akhbar-validation"}
    summary = by_key["akhbar-run-summary"]["data"]
    assert "## Top entities" in summary
    assert "## Largest duplicate clusters" in summary
    assert "Data Docs" in summary
    assert by_key["akhbar-validation"]["type"] == "table"
    # every cell of the top-entities table is a whole canonical name, not split letters
    section = summary.split("## Top entities", 1)[1].split("\n## ", 1)[0]
    cells = [row.strip("|").split(" | ") for row in section.strip().splitlines()[2:]]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        canonicals = {
            c for (c,) in con.execute("select distinct canonical from entities").fetchall()
        }
    assert cells
    assert all(len(row) == 4 for row in cells)
    assert {row[0].strip() for row in cells} <= canonicals
    assert any(row[0].strip() == "تونس" or len(row[0].strip()) > 3 for row in cells)
    table = json.loads(by_key["akhbar-validation"]["data"])
    assert list(table[0])[:2] == ["status", "critical"]
    docs = tmp_path / "akhbar-gx" / "gx" / "uncommitted" / "data_docs" / "local_site"
    assert (docs / "index.html").is_file()
    assert httpx.get(api.removesuffix("/api") + "/", timeout=10).status_code == 200  # the UI


def test_a_run_started_through_the_served_deployment_completes(prefect_server, tmp_path):
    api, env = prefect_server
    warehouse = tmp_path / "served.duckdb"
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "akhbar.cli",
            "serve",
            "--warehouse",
            str(warehouse),
            "--input",
            str(EXAMPLE_CORPUS),
            "--name",
            "akhbar-test",
        ],
        env=env | {"PREFECT_API_URL": api},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deployment = None
        deadline = time.monotonic() + 120
        while deployment is None and time.monotonic() < deadline:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-2000:]
            found = call(env, "POST", f"{api}/deployments/filter", json={})
            deployment = next((d for d in found if d["name"] == "akhbar-test"), None)
            time.sleep(1)
        assert deployment is not None, "akhbar serve registered no deployment"
        assert deployment["parameters"]["config"]["input_path"] == str(EXAMPLE_CORPUS)
        run = call(env, "POST", f"{api}/deployments/{deployment['id']}/create_flow_run", {})
        state = None
        deadline = time.monotonic() + 300
        while state not in ("COMPLETED", "FAILED", "CRASHED") and time.monotonic() < deadline:
            time.sleep(2)
            state = call(env, "GET", f"{api}/flow_runs/{run['id']}")["state_type"]
        assert state == "COMPLETED", (tmp_path / "serve.log").read_text()[-3000:]
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute("select count(*) from articles").fetchone() == (34,)
    finally:
        stop(serve)
        log.close()
