"""Prefect's API for a run: the server at ``PREFECT_API_URL``, or a local one started here.

Without ``PREFECT_API_URL`` Prefect starts a temporary server in a subprocess the first
time a flow needs it, and gives up after 20 s. On a busy two-core machine it needs up to
a minute, so akhbar starts it itself, before the flow, with a longer wait and one more
try, and stops a server that did not come up instead of leaving it behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import sys

#: Seconds to wait for the local server when the user has not chosen (Prefect: 20).
DEFAULT_STARTUP_TIMEOUT = 120
PREFECT_DEFAULT_TIMEOUT = 20


class PrefectStartError(RuntimeError):
    """Prefect's local server did not start; the message says what to do."""


def _die_with_parent() -> None:  # runs in the child between fork and exec
    """Ask Linux to SIGTERM this process when its parent dies (``kill -9`` included)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _server_class():
    """Prefect's server subprocess, started so that it cannot outlive akhbar."""
    import prefect.server.api.server as prefect_server

    class ChildServer(prefect_server.SubprocessASGIServer):
        def _run_uvicorn_command(self):
            if not sys.platform.startswith("linux"):
                return super()._run_uvicorn_command()
            popen = subprocess.Popen

            def with_parent_death(*args, **kwargs):
                kwargs.setdefault("preexec_fn", _die_with_parent)
                return popen(*args, **kwargs)

            prefect_server.subprocess.Popen = with_parent_death
            try:
                return super()._run_uvicorn_command()
            finally:
                prefect_server.subprocess.Popen = popen

    return ChildServer


def start_local_api(timeout: int | None = None, attempts: int = 2) -> str | None:
    """Start Prefect's temporary local server unless an API URL is set; return its URL.

    ``timeout`` defaults to the user's ``PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS``
    if they set one, else ``DEFAULT_STARTUP_TIMEOUT``. Returns None when
    ``PREFECT_API_URL`` names a server (nothing is started). On Linux the server is
    told to stop when this process dies, even by ``kill -9``. Call it from the main
    thread (the parent-death signal follows the thread that started the server).
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    )

    if PREFECT_API_URL.value():
        return None
    if timeout is None:
        chosen = PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
        timeout = DEFAULT_STARTUP_TIMEOUT if chosen == PREFECT_DEFAULT_TIMEOUT else chosen
    last: Exception | None = None
    server_class = _server_class()
    for _ in range(attempts):
        server = server_class()
        try:
            server.start(timeout=timeout)
            return server.api_url
        except RuntimeError as exc:
            last = exc
            server.stop()  # a server that came up too late would be left running
    raise PrefectStartError(
        f"Prefect's local server did not start within {timeout} s ({attempts} tries; is "
        "the machine very busy?). Wait and try again, set "
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=600, or start one with "
        "`prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api"
    ) from last
