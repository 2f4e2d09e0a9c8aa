import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def _prefect(prefect_harness):
    return


BIN = Path(sys.executable).parent
_spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
screenshots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshots)


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a process started with start_new_session=True, and everything it started."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


free_port = screenshots.free_port


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A `prefect server start` on a free loopback port: its API URL and environment.

    One for the session's tests of a real server (runs through its API, the served
    deployment, the UI's pages): each start takes 20 to 50 s here.
    """
    server, api, env = screenshots.start_server(tmp_path_factory.mktemp("prefect-home"))
    try:
        yield api, env
    finally:
        stop(server)
