"""The ``akhbar`` command line: the entrypoint that resolves configuration once."""

from __future__ import annotations

import argparse
import os
import sys

from akhbar import __version__
from akhbar.cli import evaluate, inspect, run, serve
from akhbar.cli.common import warehouse_option
from akhbar.cli.settings import Settings

DESCRIPTION = """\
akhbar turns raw Arabic news articles into a validated, deduplicated DuckDB warehouse.

Each run reads a folder of scraped articles (one .txt per article: title, blank line,
an Arabic date line such as "13 فبراير 2019", an optional caption, then paragraphs;
UTF-8 or Windows-1256), or records in JSON, JSONL, CSV, Parquet or TREC XML, also
inside zip/tar/gz archives; then, as a Prefect flow:
  ingest -> tokenize (camel-tools) -> extract -> deduplicate -> load -> validate (GX)
and publishes the run into the warehouse only if its critical expectations pass.
Inputs that cannot be read are kept in the `quarantine` table with a reason.
"""

EPILOG = """\
examples:
  akhbar run examples/corpus                     build ./akhbar.duckdb from the example corpus
  akhbar run ~/scrapes --warehouse news.duckdb   add a corpus to another warehouse
  akhbar validate --warehouse news.duckdb        re-check a warehouse (exit 1 = critical failure)
  akhbar run corpus.zip --preset saudinewsnet    JSON records inside zip archives
  akhbar run dump.jsonl --field body=text        map record keys to akhbar fields
  akhbar info                                    list tables and row counts
  akhbar info --reconcile                        inputs = articles + quarantined, per run
  akhbar eval dedup                              near-duplicate precision and recall
  akhbar report --out report.html                charts of the warehouse, one HTML file
  akhbar serve --input ~/scrapes                 start runs from the Prefect UI
  akhbar sql "select canonical, count(*) from entities group by 1 order by 2 desc"

environment: AKHBAR_WAREHOUSE and AKHBAR_SHARD_SIZE set the defaults of --warehouse and
--shard-size. Runs appear in the Prefect UI when PREFECT_API_URL points at a server
(`prefect server start`); without one, Prefect runs in ephemeral mode.
"""


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="akhbar",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"akhbar {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    warehouse = warehouse_option(settings.warehouse)
    for module in (run, inspect, evaluate, serve):
        module.register(commands, warehouse, settings)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``akhbar`` console script."""
    from akhbar.warehouse.migrate import MigrationError
    from akhbar.warehouse.store import OutdatedWarehouseError, WarehouseError

    # The embedded Prefect server would try to send usage telemetry, which fails (and
    # logs an error) on the offline machines akhbar is built for. A user's own
    # setting wins.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        settings = Settings()
    except ValueError as exc:  # pydantic's ValidationError: a bad AKHBAR_* variable
        bad = ", ".join(
            f"AKHBAR_{'_'.join(map(str, e['loc'])).upper()}={e['input']!r}" for e in exc.errors()
        )
        print(f"akhbar: bad environment setting {bad}: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    args = _parser(settings).parse_args(argv)
    try:
        return args.handler(args)
    except (FileNotFoundError, OutdatedWarehouseError, MigrationError, WarehouseError) as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `akhbar sql ... | head` closed the pipe: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
