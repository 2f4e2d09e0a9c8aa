"""Starting Prefect's local server on a busy machine: a longer wait, one retry, one line."""

import prefect.server.api.server as server_module
import pytest

from akhbar.flows.prefect_api import DEFAULT_STARTUP_TIMEOUT, PrefectStartError, start_local_api


class FakeServer:
    """Stands in for Prefect's SubprocessASGIServer: fails the first ``failures`` starts."""

    failures = 0
    started: tuple = ()
    stopped = 0

    def start(self, timeout=None):
        FakeServer.started = [*FakeServer.started, timeout]
        if len(FakeServer.started) <= FakeServer.failures:
            raise RuntimeError(
                "Timed out while attempting to connect to ephemeral Prefect API server."
            )

    def stop(self):
        FakeServer.stopped += 1

    api_url = "http://127.0.0.1:9/api"


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(server_module, "SubprocessASGIServer", FakeServer)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    FakeServer.started, FakeServer.stopped = [], 0
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        yield FakeServer


def test_a_slow_start_is_retried_once_with_the_longer_wait(fake):
    fake.failures = 1
    assert start_local_api() == FakeServer.api_url
    assert fake.started == [DEFAULT_STARTUP_TIMEOUT, DEFAULT_STARTUP_TIMEOUT]
    assert fake.stopped == 1  # the server that did not come up is not left behind


def test_a_server_that_never_starts_gives_one_line_saying_what_to_do(fake):
    fake.failures = 5
    with pytest.raises(PrefectStartError, match="PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"):
        start_local_api(timeout=3)
    assert fake.started == [3, 3]
    assert fake.stopped == 2


def test_nothing_is_started_when_an_api_url_is_set(monkeypatch):
    monkeypatch.setattr(server_module, "SubprocessASGIServer", None)  # would fail if used
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        assert start_local_api() is None
