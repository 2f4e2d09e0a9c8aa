"""The commands that read a warehouse: validate, info, report, migrate, sql."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from akhbar.flows.config import PipelineConfig


def register(commands, warehouse: argparse.ArgumentParser, settings) -> None:
    """Add ``validate``, ``info``, ``migrate``, ``report`` and ``sql``."""
    validate = commands.add_parser(
        "validate",
        parents=[warehouse],
        help="run the Great Expectations suites on a warehouse (for CI)",
        description="Validate the published tables through GX checkpoints. Prints every "
        "expectation that did not pass; exits 1 if a critical one failed or errored, 0 "
        "otherwise. Results and Data Docs go to the GX project beside the warehouse "
        "(<name>-gx/; open gx/uncommitted/data_docs/local_site/index.html).",
    )
    validate.add_argument(
        "--no-data-docs", action="store_true", help="write nothing, only print and exit"
    )
    info = commands.add_parser(
        "info", parents=[warehouse], help="list tables, row counts and recent runs"
    )
    info.add_argument(
        "--reconcile",
        action="store_true",
        help="check every run: inputs read = articles + quarantined (exit 1 if not)",
    )
    migrate = commands.add_parser(
        "migrate",
        parents=[warehouse],
        help="bring a warehouse's schema up to this version",
        description="Apply the schema migrations this warehouse has not applied yet "
        "(`akhbar run` does this too). Safe to run again.",
    )
    report = commands.add_parser(
        "report",
        parents=[warehouse],
        help="write a self-contained HTML report with charts",
        description="Write an HTML page (charts included, opens offline) with articles per "
        "day by outlet, top entities over time, duplicate-cluster sizes, quarantine reasons "
        "and validation history.",
    )
    report.add_argument(
        "--out", type=Path, metavar="HTML", help="default: <warehouse>-report.html beside it"
    )
    sql = commands.add_parser(
        "sql",
        parents=[warehouse],
        help="run a read-only SQL query on the warehouse",
        description="Run QUERY (DuckDB SQL: SELECT, EXPLAIN or PRAGMA) on the warehouse and "
        "print the result as a table. The warehouse is opened read-only with no access to "
        "other files, extensions or settings: COPY, EXPORT, ATTACH, INSTALL, SET and "
        "read_csv('/any/file') are refused.",
    )
    sql.add_argument("query", metavar="QUERY")
    sql.add_argument("--max-rows", type=int, default=40, metavar="N", help="rows to print")
    for parser, handler in (
        (validate, _validate),
        (info, _info),
        (migrate, _migrate),
        (report, _report),
        (sql, _sql),
    ):
        parser.set_defaults(handler=handler)


def _validate(args: argparse.Namespace) -> int:
    from akhbar.expectations.gate import data_docs_index, failure_report, gate_passed, validate
    from akhbar.flows.config import default_gx_project
    from akhbar.warehouse.store import Warehouse

    project = None if args.no_data_docs else default_gx_project(args.warehouse)
    with Warehouse(args.warehouse, read_only=True) as warehouse:
        latest = warehouse.latest_config()
        gate = PipelineConfig.model_validate(latest).gate if latest else None
        results = validate(warehouse.con, "main", project, gate=gate)
    passed = gate_passed(results)
    n_bad = results.filter(results["status"] != "passed").height
    print(f"{results.height} expectations on {args.warehouse}: {results.height - n_bad} passed")
    if n_bad:
        print(failure_report(results))
    if project is not None:
        print(f"data docs: {data_docs_index(project).resolve()}")
    print("PASSED" if passed else "FAILED: a critical expectation did not pass")
    return 0 if passed else 1


def _info(args: argparse.Namespace) -> int:
    from akhbar.warehouse.store import Warehouse

    with Warehouse(args.warehouse, read_only=True) as warehouse:
        print(f"warehouse: {Path(args.warehouse).resolve()}")
        for table, n in warehouse.table_counts().items():
            print(f"  {table:<20} {n:>12,}")
        runs = warehouse.recent_runs()
        reconciled = warehouse.reconciliation()
    if args.reconcile:
        return _print_reconciliation(reconciled)
    if runs:
        print("recent runs:")
        for run_id, status, n_in, n_art, n_q in runs:
            print(f"  {run_id}  {status:<9} inputs {n_in}  articles {n_art}  quarantined {n_q}")
    return 0


def _print_reconciliation(rows: list[tuple]) -> int:
    print("reconciliation: inputs = articles + quarantined, per run")
    print(f"  {'run':<25} {'status':<9} {'inputs':>8} {'articles':>9} {'quarant.':>9}  held now")
    unbalanced = uncounted = 0
    for run_id, status, n_in, n_art, n_q, balanced, art_now, q_now in rows:
        if n_in is None:  # killed or failed before it counted anything
            uncounted += 1
            mark = "not counted (interrupted)" if status != "running" else "running or killed"
            n_in = n_art = n_q = "-"
        else:
            unbalanced += not balanced
            mark = "ok" if balanced else "UNBALANCED"
        print(
            f"  {run_id:<25} {status:<9} {n_in:>8} {n_art:>9} {n_q:>9}  {art_now} + {q_now}  {mark}"
        )
    note = f" ({uncounted} interrupted run(s) have no counts)" if uncounted else ""
    print(
        ("every run balances" if not unbalanced else f"{unbalanced} run(s) do not balance") + note
    )
    return 1 if unbalanced else 0


def _migrate(args: argparse.Namespace) -> int:
    from akhbar.warehouse.store import Warehouse

    if not args.warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {args.warehouse}: run `akhbar run` first")
    with Warehouse(args.warehouse, migrate=False) as warehouse:
        applied = warehouse.migrate()
    print(f"{args.warehouse}: " + (f"applied {', '.join(applied)}" if applied else "up to date"))
    return 0


def _report(args: argparse.Namespace) -> int:
    from akhbar.flows.config import default_report_path
    from akhbar.warehouse.report import write_report
    from akhbar.warehouse.store import Warehouse

    with Warehouse(args.warehouse, read_only=True) as warehouse:
        out = write_report(warehouse, args.out or default_report_path(args.warehouse))
    print(f"report written to {out}")
    return 0


def _sql(args: argparse.Namespace) -> int:
    import duckdb

    from akhbar.warehouse.store import Warehouse

    with Warehouse(args.warehouse, read_only=True, sandbox=True) as warehouse:
        try:
            relation = warehouse.query(args.query)
            if relation is not None:
                relation.show(max_rows=args.max_rows, max_width=10_000)
        except (duckdb.Error, ValueError) as exc:
            print(f"akhbar: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 2
    return 0
