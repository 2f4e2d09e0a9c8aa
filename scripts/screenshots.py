"""Screenshots of what a person sees, and checks of it: Prefect UI, Data Docs, the report.

    .venv/bin/python scripts/screenshots.py [--out DIR] [--input CORPUS]

Starts a Prefect server on 127.0.0.1 (its own PREFECT_HOME in a temporary folder), runs
akhbar on the example corpus against it, and has headless Chromium (Debian's
``chromium``; ``apt-get install chromium fonts-noto-core``) render, with every host
name unresolvable so that nothing can come from the network:

- ``flow-run.png``: the run's page in the Prefect UI;
- ``run-summary.png``: the run-summary artifact (Arabic entity names must be whole);
- ``validation.png``: the validation-table artifact at 1280 px (status first);
- ``data-docs.png`` and ``data-docs-result.png``: the Data Docs index and a result page;
- ``report.png``: the HTML report.

``tests/flows/test_screenshots.py`` runs the same and checks each page's DOM.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def chromium(url: str, profile: Path, png: Path | None = None, size: str = "1280,1000") -> str:
    """Load ``url`` in headless Chromium with no network but loopback; return the DOM.

    With ``png``, also write a screenshot of ``size`` pixels.
    """
    base = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        OFFLINE,
        "--hide-scrollbars",
        f"--window-size={size}",
        "--virtual-time-budget=15000",
    ]
    if png is not None:
        subprocess.run(
            [*base, f"--screenshot={png}", url], check=True, capture_output=True, timeout=180
        )
    return subprocess.run(
        [*base, "--dump-dom", url], check=True, capture_output=True, text=True, timeout=180
    ).stdout


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TRANSIENT = {429, 500, 502, 503, 504}  # what a loaded SQLite-backed server may answer


def api_call(env: dict[str, str], method: str, url: str, json: dict | None = None):
    """The decoded body of a 2xx answer; a transient answer is asked again for up to 60 s.

    The Prefect client retries these too. Anything else raises with the status, the body
    and the end of the log of the server `start_server` gave ``env``, not with a KeyError
    on the body later.
    """
    deadline = time.monotonic() + 60
    while True:
        try:
            response = httpx.request(method, url, json=json, timeout=30)
        except httpx.TransportError as error:
            answer = repr(error)
        else:
            if response.is_success:
                return response.json()
            answer = f"{response.status_code}: {response.text[:1000]}"
            if response.status_code not in TRANSIENT:
                break
        if time.monotonic() > deadline:
            break
        time.sleep(2)
    server_log = Path(env["PREFECT_HOME"]) / "server.log"
    tail = server_log.read_text(errors="replace")[-3000:] if server_log.exists() else ""
    raise RuntimeError(f"{method} {url} answered {answer}\nend of the server's log:\n{tail}")


def capture(api: str, env: dict[str, str], corpus: Path, work: Path, out: Path) -> dict[str, str]:
    """Run akhbar against the server at ``api``; render every page; return their DOMs."""
    warehouse = work / "akhbar.duckdb"
    subprocess.run(
        [str(BIN / "akhbar"), "run", str(corpus), "--warehouse", str(warehouse)],
        env=env | {"PREFECT_API_URL": api},
        check=True,
        capture_output=True,
    )
    ui = api.removesuffix("/api")
    (flow_run,) = [  # this run's, on a server that may have others
        r
        for r in api_call(env, "POST", f"{api}/flow_runs/filter", {})
        if r["parameters"].get("config", {}).get("warehouse_path") == str(warehouse)
    ]
    query = {"artifacts": {"flow_run_id": {"any_": [flow_run["id"]]}}}
    artifacts = api_call(env, "POST", f"{api}/artifacts/filter", query)
    by_key = {a["key"]: a["id"] for a in artifacts}
    profile = work / "chromium"
    docs = warehouse.with_name("akhbar-gx") / "gx" / "uncommitted" / "data_docs" / "local_site"
    result = sorted((docs / "validations").rglob("*.html"))[0]
    pages = {
        "flow-run": f"{ui}/runs/flow-run/{flow_run['id']}",
        "run-summary": f"{ui}/artifacts/artifact/{by_key['akhbar-run-summary']}",
        "validation": f"{ui}/artifacts/artifact/{by_key['akhbar-validation']}",
        "data-docs": (docs / "index.html").as_uri(),
        "data-docs-result": result.as_uri(),
        "report": warehouse.with_name("akhbar-report.html").as_uri(),
    }
    out.mkdir(parents=True, exist_ok=True)
    sizes = {"run-summary": "1280,2400", "report": "1100,2600"}
    return {
        name: chromium(url, profile, out / f"{name}.png", sizes.get(name, "1280,1400"))
        for name, url in pages.items()
    }


def start_server(home: Path) -> tuple[subprocess.Popen, str, dict[str, str]]:
    """A Prefect server on a free loopback port: its process, API URL and environment.

    What the server prints goes to `<home>/server.log`, to read when it answers wrongly.
    """
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = os.environ | {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # the UI asks this address for the API (by default port 4200, whatever --port)
        "PREFECT_UI_API_URL": api,
    }
    env.pop("PREFECT_API_URL", None)
    home.mkdir(parents=True, exist_ok=True)
    with (home / "server.log").open("w") as log:
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{api}/health", timeout=2).json() is True:
                return server, api, env
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            os.killpg(server.pid, signal.SIGTERM)
            raise TimeoutError("the Prefect server did not answer /api/health")
        time.sleep(1)


def main() -> int:
    """Start a server, run akhbar against it, take the screenshots, stop the server."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--input", type=Path, default=ROOT / "examples" / "corpus")
    args = parser.parse_args()
    if shutil.which("chromium") is None:
        print("needs chromium: apt-get install chromium fonts-noto-core", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        server, api, env = start_server(Path(tmp) / "prefect-home")
        try:
            capture(api, env, args.input, Path(tmp), args.out)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    for png in sorted(args.out.glob("*.png")):
        print(f"written: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
