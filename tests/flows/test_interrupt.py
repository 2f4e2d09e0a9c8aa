"""Ctrl-C, SIGTERM and kill -9 in the middle of a run: quick, said, recorded, nothing left."""

import os
import signal
import subprocess
import sys
import time

import duckdb
import psutil
import pytest

from akhbar.warehouse.store import run_info_path
from tests.conftest import SHARED, requires_shared

pytestmark = [requires_shared, pytest.mark.slow]


def start(tmp_path, env):
    warehouse = tmp_path / "w.duckdb"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "akhbar.cli",
            "run",
            str(SHARED / "corpora" / "saudinewsnet"),
            "--warehouse",
            str(warehouse),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while not run_info_path(warehouse).exists():  # the run is recorded and reading shards
        assert process.poll() is None, process.stdout.read()[-2000:]
        assert time.monotonic() < deadline, "the run did not start"
        time.sleep(0.5)
    time.sleep(3)
    children = psutil.Process(process.pid).children(recursive=True)
    return process, warehouse, children


def gone(processes, within: float) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=within)
    return not alive


def local_env(tmp_path) -> dict[str, str]:
    """The environment without PREFECT_API_URL: akhbar starts its own server.

    Its database in a PREFECT_HOME of its own: the other test process may be starting
    one too, and two servers on one SQLite file wait on each other's locks.
    """
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return env | {"PREFECT_HOME": str(tmp_path / "prefect-home")}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_stops_says_so_and_is_recorded_failed(tmp_path, sig):
    process, warehouse, children = start(tmp_path, local_env(tmp_path))
    assert any("uvicorn" in " ".join(c.cmdline()) for c in children)  # its own Prefect server
    sent = time.monotonic()
    process.send_signal(sig)
    out, _ = process.communicate(timeout=60)
    assert time.monotonic() - sent < 30  # measured 4 s (was 14-31 s); generous for CI
    assert process.returncode == 130, out[-3000:]
    assert "interrupted" in out
    assert "Traceback" not in out
    assert "recorded as failed" in out
    assert gone(children, within=15), "a Prefect server or worker outlived the run"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select status, message from runs").fetchall() == [
            ("failed", "interrupted")
        ]


def test_a_killed_run_leaves_no_server_or_worker_behind(tmp_path):
    process, _, children = start(tmp_path, local_env(tmp_path))
    process.kill()
    process.wait()
    assert children
    assert gone(children, within=20), [c.cmdline()[:3] for c in children if c.is_running()]
