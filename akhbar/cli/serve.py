"""``akhbar serve``: runs started from the Prefect UI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands, warehouse: argparse.ArgumentParser, settings) -> None:
    """Add ``serve``."""
    serve = commands.add_parser(
        "serve",
        parents=[warehouse],
        help="serve the flow so that runs can be started from the Prefect UI",
        description="Register the akhbar-run flow as a deployment on the Prefect server named "
        "by PREFECT_API_URL and run what the UI starts (Deployments > akhbar > Run), until "
        "interrupted. The run form is prefilled with --input and --warehouse.",
    )
    serve.add_argument("--input", type=Path, metavar="INPUT", help="default input of the run form")
    serve.add_argument("--name", default="akhbar", help="deployment name (default: akhbar)")
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        print(
            "akhbar: serve registers the flow with a Prefect server, and PREFECT_API_URL "
            "names none: start one (`prefect server start`) and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api",
            file=sys.stderr,
        )
        return 2
    from akhbar.flows.pipeline import akhbar_run

    config = {"warehouse_path": str(args.warehouse.resolve())}
    if args.input:
        config["input_path"] = str(args.input.resolve())
    print(
        f"serving deployment akhbar-run/{args.name} on {PREFECT_API_URL.value()}; "
        "start runs from the UI (Deployments); Ctrl-C stops"
    )
    try:
        akhbar_run.serve(
            name=args.name,
            parameters={"config": config},
            tags=["akhbar"],
            description="Raw Arabic news -> validated, deduplicated DuckDB warehouse.",
        )
    except KeyboardInterrupt:
        print("akhbar: serve stopped")
    return 0
