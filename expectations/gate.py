"""Run the suites against a warehouse schema and decide whether the gate passes.

An expectation ends in one of three states, kept apart because they mean different
things to whoever reads a failed run: ``passed``; ``failed`` (the data broke it);
``errored`` (GX could not evaluate it: a missing column, a type it cannot compare).
A critical expectation that failed or errored closes the gate.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from akhbar.expectations.config import GateConfig
from akhbar.expectations.data_docs import make_offline
from akhbar.expectations.suites import hint, suites
from akhbar.tasks.sql_files import quote_identifier, read_sql, with_warehouse

RESULT_SCHEMA = pl.Schema(
    {
        "suite": pl.String,
        "expectation": pl.String,
        "success": pl.Boolean,
        "details": pl.String,
        "critical": pl.Boolean,
        "status": pl.String,
        "hint": pl.String,  # a failed corpus check: the likely cause and fix
    }
)


def _query(name: str, catalog: str) -> str:
    """A suite's query, ``{warehouse}`` naming the published tables of ``catalog``."""
    return with_warehouse(read_sql("akhbar.expectations", f"queries/{name}"), catalog)


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


def _context(project: Path | None):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    if project is None:
        context = gx.get_context(mode="ephemeral")
    else:
        project.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(project))
        _drop_comments(project / "gx" / "uncommitted" / "config_variables.yml")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _drop_comments(variables: Path) -> None:
    """Leave a GX config-variables file its data lines only.

    GX parses the file again at each of its ~400 lookups of a setting per validation;
    the 30 comment lines it writes there made that parsing half a second of every
    suite's run.
    """
    if not variables.is_file():
        return
    text = variables.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if line.strip()]
    data = "".join(line for line in lines if not line.lstrip().startswith("#"))
    if data != text:
        variables.write_text(data or "{}\n", encoding="utf-8")


def data_docs_index(project: Path) -> Path:
    """The Data Docs index page of the GX project at ``project``."""
    return project / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


#: Where the suites' unqualified table names resolve: the run being audited (the
#: staging catalog a run attaches), or what is published (the warehouse's own catalog).
#: Catalog names are identifiers and cannot be bound as parameters.
SCHEMAS = ("main", "staging")


def _use(con: duckdb.DuckDBPyConnection, schema: str, catalog: str) -> None:
    target = "staging" if schema == "staging" else quote_identifier(catalog)
    con.execute(f"use {target}.main")


def validate(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    project: Path | None = None,
    run_name: str | None = None,
    gate: GateConfig | None = None,
) -> pl.DataFrame:
    """Evaluate every suite on ``schema`` (``staging`` or ``main``) of the warehouse ``con``.

    Each suite runs through a GX Checkpoint (``akhbar-<schema>-<suite>``) named after
    ``run_name``. With ``project`` (a folder), GX keeps its suites, checkpoints and every
    validation result there as a file project and rebuilds the Data Docs site
    (:func:`data_docs_index`); without it, nothing is written.

    Returns
    -------
    pl.DataFrame
        ``RESULT_SCHEMA``, one row per suite and expectation.
    """
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    context = _context(project)
    source_name = f"akhbar-{schema}"
    try:
        source = context.data_sources.get(source_name)
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas(source_name)
    now = dt.datetime.now(dt.UTC)
    # run_time given: without it GX parses run_name as a date, and a run id such as
    # 20261202T154109Z-5963ad reads as the offset -59:63 (ValueError when results are stored)
    run_id = RunIdentifier(run_name=run_name or f"{schema}-{now:%Y%m%dT%H%M%SZ}", run_time=now)
    if schema not in SCHEMAS:
        raise ValueError(f"schema must be one of {SCHEMAS}, not {schema!r}")
    catalog = con.execute("select current_database()").fetchone()[0]
    _use(con, schema, catalog)
    rows = []
    rendered: list = []
    try:
        for suite in suites(gate):
            frame = con.execute(_query(suite.name, catalog), suite.params).df()
            first_row = frame.iloc[0].to_dict() if len(frame) else {}
            try:
                asset = source.get_asset(suite.name)
                batches = asset.get_batch_definition("whole")
            except (LookupError, ValueError):
                asset = source.add_dataframe_asset(name=suite.name)
                batches = asset.add_batch_definition_whole_dataframe("whole")
            expectations = context.suites.add_or_update(
                gx.ExpectationSuite(name=suite.name, expectations=list(suite.expectations))
            )
            definition = context.validation_definitions.add_or_update(
                gx.ValidationDefinition(
                    name=f"{schema}-{suite.name}", data=batches, suite=expectations
                )
            )
            checkpoint = context.checkpoints.add_or_update(
                gx.Checkpoint(
                    name=f"akhbar-{schema}-{suite.name}",
                    validation_definitions=[definition],
                    result_format="SUMMARY",
                )
            )
            outcome = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id)
            ((result_id, result),) = outcome.run_results.items()
            rendered += [result_id, ExpectationSuiteIdentifier(name=suite.name)]
            rows += [_row(suite.name, r, first_row) for r in result.results]
        if project is not None:
            # this run's pages and the index: the earlier runs' pages are there already
            # (rebuilding them all made every run slower than the one before)
            context.build_data_docs(resource_identifiers=rendered)
            make_offline(data_docs_index(project).parent)
    finally:
        _use(con, "main", catalog)
    return pl.DataFrame(rows, schema=RESULT_SCHEMA, orient="row")


def _row(suite: str, r, first_row: dict) -> tuple:
    """One ``RESULT_SCHEMA`` row from a GX expectation result."""
    error = _error_message(r.exception_info)
    summary = {k: v for k, v in dict(r.result).items() if not _is_empty(v)}
    if error:
        summary["error"] = error
    meta = r.expectation_config.meta or {}
    status = "errored" if error else ("passed" if r.success else "failed")
    return (
        suite,
        _describe(r.expectation_config),
        bool(r.success),
        json.dumps(summary, ensure_ascii=False, default=str),
        bool(meta.get("critical", False)),
        status,
        hint(meta["hint"], first_row) if status != "passed" and "hint" in meta else None,
    )


def gate_passed(results: pl.DataFrame) -> bool:
    """True when every critical expectation passed."""
    return results.filter(pl.col("critical") & (pl.col("status") != "passed")).is_empty()


def failure_report(results: pl.DataFrame) -> str:
    """One line per expectation that did not pass, critical ones first."""
    bad = results.filter(pl.col("status") != "passed").sort("critical", descending=True)
    return "\n".join(
        f"  [{'CRITICAL' if row['critical'] else 'warning'} {row['status']}] "
        f"{row['suite']}: {row['expectation']}  {row['details']}"
        + (f"\n    hint: {row['hint']}" if row.get("hint") else "")
        for row in bad.iter_rows(named=True)
    )
