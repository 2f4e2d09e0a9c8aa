"""A real Prefect server on 127.0.0.1, a real run against it, checked through its API.

Prefect's server has broken before on dependency upgrades (FastAPI 0.151 made it fail
to start at all), so this starts one the way the README tells users to.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLE_CORPUS

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def prefect_server(tmp_path):
    port = free_port()
    env = os.environ | {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{api}/health", timeout=2).json() is True:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "prefect server exited while starting"
            time.sleep(1)
        else:
            pytest.fail("prefect server did not answer /api/health within 120 s")
        yield api, env
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


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

    flow_runs = httpx.post(f"{api}/flow_runs/filter", json={}, timeout=10).json()
    assert [(r["state_type"], r["name"] != "") for r in flow_runs] == [("COMPLETED", True)]
    flow_run_id = flow_runs[0]["id"]
    task_runs = httpx.post(
        f"{api}/task_runs/filter",
        json={"flow_runs": {"id": {"any_": [flow_run_id]}}},
        timeout=10,
    ).json()
    names = {r["name"].rsplit("-", 1)[0] for r in task_runs}
    assert {"ingest", "tokenize", "extract", "deduplicate", "validate", "report"} <= names
    assert {r["state_type"] for r in task_runs} == {"COMPLETED"}
    artifacts = httpx.post(
        f"{api}/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}},
        timeout=10,
    ).json()
    assert {a["key"] for a in artifacts} == {"akhbar-report", "akhbar-run-summary"}
    assert httpx.get(api.removesuffix("/api") + "/", timeout=10).status_code == 200  # the UI
