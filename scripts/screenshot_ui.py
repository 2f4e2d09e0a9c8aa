"""Screenshots of what a user sees: the Prefect UI's flow-run page and the GX Data Docs.

    .venv/bin/python scripts/screenshot_ui.py [--out DIR] [--input CORPUS]

Starts a Prefect server on 127.0.0.1 (its own PREFECT_HOME in a temporary folder),
runs akhbar on the example corpus against it, then has headless Chromium (Debian's
``chromium`` package; ``apt-get install chromium fonts-noto-core``) take
``flow-run.png`` (the run's page in the Prefect UI) and ``data-docs.png`` (the Great
Expectations Data Docs index beside the warehouse). Stops the server at the end.
"""

from __future__ import annotations

import argparse
import os
import re
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


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def screenshot(url: str, png: Path, profile: Path, size: str = "1400,1000") -> None:
    """Headless Chromium: load ``url``, let its scripts run, write ``png``."""
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--hide-scrollbars", f"--window-size={size}",
         "--virtual-time-budget=20000", f"--screenshot={png}", url],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


# GX Data Docs pages load their CSS and JavaScript from CDNs; the index's lists are
# built by JavaScript. Offline, a copy of the site gets them from the npm registry.
FILTER_CONTROL = "dist/extensions/filter-control/bootstrap-table-filter-control.min"
CDN_ASSETS = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        ("bootstrap@4.3.1", "dist/css/bootstrap.min.css"),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        ("bootstrap@4.3.1", "dist/js/bootstrap.min.js"),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        ("popper.js@1.12.9", "dist/umd/popper.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        ("bootstrap-table@1.19.1", "dist/bootstrap-table.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        ("bootstrap-table@1.19.1", "dist/bootstrap-table.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        ("bootstrap-table@1.19.1", f"{FILTER_CONTROL}.css"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        ("bootstrap-table@1.19.1", f"{FILTER_CONTROL}.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        ("@fortawesome/fontawesome-free@6.6.0", "css/all.min.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        ("bootstrap-datepicker@1.9.0", "dist/js/bootstrap-datepicker.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        ("bootstrap-datepicker@1.9.0", "dist/css/bootstrap-datepicker.min.css"),
}  # fmt: skip


def reachable(url: str) -> bool:
    """Whether ``url`` answers from here."""
    try:
        httpx.head(url, timeout=5)
    except httpx.HTTPError:
        return False
    return True


def localized_site(site: Path, work: Path) -> Path:
    """A copy of the Data Docs site whose CDN assets come from npm packs in ``work``."""
    copy = work / "site"
    shutil.copytree(site, copy)
    packages = work / "npm"
    packages.mkdir()
    local = {}
    for url, (package, member) in CDN_ASSETS.items():
        unpacked = packages / package.replace("/", "_")
        if not unpacked.exists():
            done = subprocess.run(
                ["npm", "pack", package, "--silent"],
                cwd=packages, capture_output=True, text=True, check=True, timeout=120,
            )  # fmt: skip
            unpacked.mkdir()
            subprocess.run(["tar", "-xzf", done.stdout.strip().splitlines()[-1], "-C",
                            str(unpacked)], cwd=packages, check=True)  # fmt: skip
        local[url] = (unpacked / "package" / member).as_uri()
    for page in copy.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for url, path in local.items():
            text = text.replace(url, path)
        # the CDN builds' subresource-integrity hashes do not hold for local files
        text = re.sub(r'\s(integrity|crossorigin)="[^"]*"', "", text)
        page.write_text(text, encoding="utf-8")
    return copy


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
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        port = free_port()
        api = f"http://127.0.0.1:{port}/api"
        env = os.environ | {
            "PREFECT_HOME": str(tmp_path / "prefect-home"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            # the UI asks this address for the API (by default port 4200, whatever --port)
            "PREFECT_UI_API_URL": api,
        }
        env.pop("PREFECT_API_URL", None)
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{api}/health", timeout=2).json() is True:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError("the Prefect server did not answer /api/health")
                time.sleep(1)
            warehouse = tmp_path / "akhbar.duckdb"
            subprocess.run(
                [str(BIN / "akhbar"), "run", str(args.input), "--warehouse", str(warehouse)],
                env=env | {"PREFECT_API_URL": api}, check=True, capture_output=True,
            )  # fmt: skip
            (flow_run,) = httpx.post(f"{api}/flow_runs/filter", json={}, timeout=10).json()
            profile = tmp_path / "chromium"
            page = f"http://127.0.0.1:{port}/runs/flow-run/{flow_run['id']}"
            screenshot(page, args.out / "flow-run.png", profile)
            docs = warehouse.with_name("akhbar-gx") / "gx/uncommitted/data_docs/local_site"
            if not reachable("https://code.jquery.com/jquery-3.7.1.min.js"):
                print("CDNs unreachable: screenshotting a copy of the Data Docs with the same "
                      "assets from the npm registry")  # fmt: skip
                docs = localized_site(docs, tmp_path)
            screenshot((docs / "index.html").as_uri(), args.out / "data-docs.png", profile)
            # one validation result page, as linked from the index
            pages = sorted((docs / "validations").rglob("*.html"))
            if pages:
                screenshot(pages[0].as_uri(), args.out / "data-docs-result.png", profile,
                           "1400,1600")  # fmt: skip
            print(f"flow run {flow_run['name']} ({flow_run['state_type']}): {page}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    for png in sorted(args.out.glob("*.png")):
        print(f"written: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
