"""A small migration runner: applies ``warehouse/migrations/NNN_name.sql`` in order.

Each file runs in its own transaction and is recorded in ``_migrations`` with a
checksum, so applying again is a no-op, and a migration edited after it was applied
is refused (add a new one instead).
"""

from __future__ import annotations

import hashlib
from importlib import resources

import duckdb

from akhbar.warehouse.sql import load_sql


class MigrationError(RuntimeError):
    """A recorded migration no longer matches its file."""


def migration_files() -> list[tuple[int, str, str]]:
    """``(version, name, sql)`` of the packaged migrations, in version order."""
    folder = resources.files("akhbar.warehouse").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit() and name[3] == "_":
            found.append((int(name[:3]), name.removesuffix(".sql"), entry.read_text("utf-8")))
    return sorted(found)


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the packaged migrations this warehouse has not applied."""
    exists = con.execute(load_sql("schema/migrations_table_exists")).fetchall()[0][0]
    applied = (
        {v for (v,) in con.execute("select version from _migrations").fetchall()}
        if exists
        else set()
    )
    return [name for version, name, _ in migration_files() if version not in applied]


def apply_migrations(con: duckdb.DuckDBPyConnection, until: int | None = None) -> list[str]:
    """Apply the migrations not yet recorded (up to version ``until``); return their names."""
    con.execute(load_sql("schema/create_migrations_table"))
    recorded = dict(con.execute("select version, checksum from _migrations").fetchall())
    applied = []
    for version, name, sql in migration_files():
        if until is not None and version > until:
            break
        checksum = hashlib.sha256(sql.encode()).hexdigest()
        if version in recorded:
            if recorded[version] != checksum:
                raise MigrationError(
                    f"migration {name} was changed after it was applied to this warehouse; "
                    "migrations are append-only: revert the edit and add a new migration"
                )
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute(load_sql("schema/record_migration"), [version, name, checksum])
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(name)
    return applied
