import os
from pathlib import Path

import polars as pl
import pytest
from hypothesis import settings

from akhbar.tasks.ingest import UNIT_SCHEMA

# No per-example deadline: with two test processes on two cores an example's time says
# more about the machine's load than about the code (speed is measured in bench/).
settings.register_profile("akhbar", deadline=None)
settings.load_profile("akhbar")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CORPUS = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"

requires_shared = pytest.mark.skipif(
    not (SHARED / "corpora").is_dir(), reason="../shared (real corpora) is not beside the repo"
)


def raw_frame(*files: tuple[str, bytes]) -> pl.DataFrame:
    """UNIT_SCHEMA rows of text files from (file name, bytes) pairs."""
    return pl.DataFrame(
        [
            {
                "source_uri": f"file:///corpus/{name}",
                "file_name": name,
                "input_format": "text",
                "raw": data,
            }
            for name, data in files
        ],
        schema=UNIT_SCHEMA,
    )


def seed_layout(title, date, paragraphs, caption=None, blank="") -> str:
    lines = [title, ""]
    if date:
        lines.append(date)
    if caption:
        lines.append(caption)
    lines += ["+ الخط -", ""]
    for i, paragraph in enumerate(paragraphs):
        if i:
            lines.append(blank)
        lines.append(paragraph)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def harness_env(prefect_harness) -> dict[str, str]:
    """The environment for a child `akhbar run` that should use the session's Prefect
    server instead of starting its own ephemeral one (17 to 50 s here, per child).

    Tests of the ephemeral path itself (Ctrl-C, a killed run's server) do not use it.
    """
    from prefect.settings import PREFECT_API_URL

    return os.environ | {"PREFECT_API_URL": PREFECT_API_URL.value()}


@pytest.fixture(scope="session")
def example_warehouse(prefect_harness, tmp_path_factory):
    """The warehouse `make demo` builds, built once per test session."""
    from akhbar.cli import main

    path = tmp_path_factory.mktemp("example") / "akhbar.duckdb"
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(path), "--shard-size", "10"]) == 0
    return path
