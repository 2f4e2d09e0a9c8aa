import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


@pytest.fixture(autouse=True)
def _prefect(prefect_harness):
    return


BIN = Path(sys.executable).parent


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a process started with start_new_session=True, and everything it started."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A `prefect server start` on a free loopback port, shared by a module's tests."""
    port = free_port()
    env = os.environ | {
        "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
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
        stop(server)
