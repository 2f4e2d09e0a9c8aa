"""Named SQL files under ``warehouse/sql/{run,dedup,report,schema}/``: all the load code's SQL.

Grouped by use: ``run/`` a run's life (begin, stage, publish, record), ``dedup/`` near-
duplicate state, ``report/`` the report and run summary, ``schema/`` the migration log.
"""

from __future__ import annotations

from akhbar.tasks.sql_files import read_sql


def load_sql(name: str) -> str:
    """Text of ``warehouse/sql/<name>.sql`` (``name`` such as ``run/publish``)."""
    return read_sql("akhbar.warehouse", f"sql/{name}")
