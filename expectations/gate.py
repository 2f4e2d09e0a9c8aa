"""Run the suites against a warehouse schema and decide whether the gate passes.

An expectation ends in one of three states, kept apart because they mean different
things to whoever reads a failed run: ``passed``; ``failed`` (the data broke it);
``errored`` (GX could not evaluate it: a missing column, a type it cannot compare).
A critical expectation that failed or errored closes the gate.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Any

import polars as pl

from expectations.suites import suites
from warehouse.store import Warehouse

RESULT_SCHEMA = pl.Schema(
    {
        "suite": pl.String,
        "expectation": pl.String,
        "success": pl.Boolean,
        "details": pl.String,
        "critical": pl.Boolean,
        "status": pl.String,
    }
)


def _query(name: str) -> str:
    return resources.files("expectations").joinpath("queries", f"{name}.sql").read_text("utf-8")


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


def _error_message(exception_info: dict[str, Any] | None) -> str | None:
    """GX reports errors either flat or keyed by metric; return the first message."""
    if not exception_info:
        return None
    if "raised_exception" in exception_info:
        return (
            exception_info.get("exception_message") if exception_info["raised_exception"] else None
        )
    for info in exception_info.values():
        if isinstance(info, dict) and (
            info.get("raised_exception") or info.get("exception_message")
        ):
            return info.get("exception_message") or "error"
    return None


def _describe(config: Any) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
    args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    return f"{config.type}({args})"


def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def validate(warehouse: Warehouse, schema: str) -> pl.DataFrame:
    """Evaluate every suite on ``schema`` (``staging`` or ``main``) of ``warehouse``.

    Returns
    -------
    pl.DataFrame
        ``RESULT_SCHEMA``, one row per suite and expectation.
    """
    import great_expectations as gx

    context = _context()
    source = context.data_sources.add_pandas("akhbar")
    warehouse.use_schema(schema)
    rows = []
    try:
        for suite in suites():
            frame = warehouse.con.execute(_query(suite.name)).df()
            batch = (
                source.add_dataframe_asset(name=suite.name)
                .add_batch_definition_whole_dataframe("whole")
                .get_batch(batch_parameters={"dataframe": frame})
            )
            result = batch.validate(
                gx.ExpectationSuite(name=suite.name, expectations=list(suite.expectations)),
                result_format="SUMMARY",
            )
            for r in result.results:
                error = _error_message(r.exception_info)
                summary = {k: v for k, v in dict(r.result).items() if not _is_empty(v)}
                if error:
                    summary["error"] = error
                rows.append(
                    (
                        suite.name,
                        _describe(r.expectation_config),
                        bool(r.success),
                        json.dumps(summary, ensure_ascii=False, default=str),
                        bool((r.expectation_config.meta or {}).get("critical", False)),
                        "errored" if error else ("passed" if r.success else "failed"),
                    )
                )
    finally:
        warehouse.use_schema("main")
    return pl.DataFrame(rows, schema=RESULT_SCHEMA, orient="row")


def gate_passed(results: pl.DataFrame) -> bool:
    """True when every critical expectation passed."""
    return results.filter(pl.col("critical") & (pl.col("status") != "passed")).is_empty()


def failure_report(results: pl.DataFrame) -> str:
    """One line per expectation that did not pass, critical ones first."""
    bad = results.filter(pl.col("status") != "passed").sort("critical", descending=True)
    return "\n".join(
        f"  [{'CRITICAL' if row['critical'] else 'warning'} {row['status']}] "
        f"{row['suite']}: {row['expectation']}  {row['details']}"
        for row in bad.iter_rows(named=True)
    )
