"""The DuckDB warehouse: connect, stage a run, publish it or record its failure.

A run is written with write-audit-publish: its rows go to ``staging.*`` tables shaped
like the published ones, in a side file attached for the run (:func:`staging_path`),
the validation suites audit them, and only then one transaction copies them into the
warehouse, replacing what earlier runs loaded from the same inputs. The side file is
deleted after the publish, so the warehouse file holds each row once: staged rows
written into it and freed at publish would stay in it as free blocks.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from akhbar.tasks.sql_files import with_warehouse
from akhbar.warehouse.migrate import apply_migrations, pending_migrations
from akhbar.warehouse.models import apply_models
from akhbar.warehouse.sql import load_sql

#: Tables a run stages and publishes. Table names are identifiers, which SQL cannot
#: bind as parameters; only these constants are ever put into a statement.
STAGED_TABLES = (
    "article_paragraphs",
    "boilerplate_paragraphs",
    "dedup_bands",
    "near_duplicate_pairs",
    "articles",
    "tokens",
    "entities",
    "dates",
    "numbers",
    "sources",
    "duplicates",
    "quarantine",
    "article_discards",
    "run_formats",
    "learned_names",
)


class OutdatedWarehouseError(RuntimeError):
    """A read-only open found migrations that this warehouse has not applied."""


class WarehouseError(RuntimeError):
    """The warehouse file cannot be used: locked by a run, not a DuckDB file, ..."""


#: DuckDB settings of a sandboxed connection (``akhbar sql``): no files, no extensions,
#: no settings changed; with ``read_only``, nothing written.
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}
#: Statement kinds a sandboxed query may hold.
READ_STATEMENTS = ("SELECT", "EXPLAIN", "PRAGMA")
_LOCK_PID = re.compile(r"Conflicting lock is held in .*?\(PID (\d+)\)")


def run_info_path(path: str | Path) -> Path:
    """The file beside a warehouse that names the run writing it (while one does)."""
    return Path(f"{path}.run")


def staging_path(path: str | Path) -> Path:
    """The side file a run stages into, beside the warehouse.

    Attached as the catalog ``staging`` from :meth:`Warehouse.begin_run`, deleted once
    the run is published; a failed run's stays, so what failed validation can be
    inspected (``attach '<warehouse>.staging' as failed_run (read_only)``), until the
    next run starts.
    """
    return Path(f"{path}.staging")


def _connect(path: str, read_only: bool, config: dict) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, with DuckDB's errors about the file said in one line."""
    try:
        return duckdb.connect(path, read_only=read_only, config=config)
    except duckdb.IOException as exc:
        message = str(exc)
        if "Could not set lock" in message:
            pid = m.group(1) if (m := _LOCK_PID.search(message)) else "?"
            run = "a run"
            try:
                info = json.loads(run_info_path(path).read_text("utf-8"))
                if str(info.get("pid")) == pid:
                    run = f"run {info['run_id']}"
            except (OSError, ValueError, KeyError):
                pass
            raise WarehouseError(
                f"warehouse {path} is being written by {run} (pid {pid}); "
                "try again when it finishes"
            ) from None
        raise WarehouseError(f"cannot open warehouse {path}: {message}") from None
    except duckdb.Error as exc:
        raise WarehouseError(f"{path} is not a usable DuckDB warehouse: {exc}") from None


class Warehouse:
    """A DuckDB warehouse file, migrated to the current schema on open.

    Parameters
    ----------
    path
        The ``.duckdb`` file (created if missing) or ``":memory:"``.
    read_only
        Open without writing (no migrations); for ``akhbar validate`` and ``info``.
    memory_limit
        DuckDB's ``memory_limit`` (e.g. ``"2GB"``); past it, sorts, joins and
        aggregations spill to ``<name>.duckdb.tmp`` beside the file. None: DuckDB's
        default, 80% of the machine's memory.
    sandbox
        No file access, extensions or settings changes (``SANDBOX``): for queries a
        user types (:meth:`query`).
    migrate
        Bring the schema and views up to date on open (:meth:`migrate`); ``akhbar
        migrate`` opens without it to report what it applies.

    Raises
    ------
    WarehouseError
        The file is locked by a run, or is not a DuckDB warehouse; the message is one
        line a person can act on.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
        sandbox: bool = False,
        migrate: bool = True,
    ) -> None:
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise FileNotFoundError(f"no warehouse at {self.path}: run `akhbar run` first")
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        settings = {"memory_limit": memory_limit} if memory_limit else {}
        self.con = _connect(self.path, read_only, settings | (SANDBOX if sandbox else {}))
        #: the warehouse's catalog (DuckDB names it after the file), which SQL run while
        #: the staging catalog is attached names explicitly
        self.catalog = self.con.execute("select current_database()").fetchone()[0]
        try:
            if not read_only and migrate:
                self.migrate()
            pending = pending_migrations(self.con) if migrate else []
        except duckdb.Error as exc:
            self.con.close()
            raise WarehouseError(f"{self.path} is not a usable akhbar warehouse: {exc}") from None
        if pending:
            self.con.close()
            raise OutdatedWarehouseError(
                f"{self.path} predates this version of akhbar (missing {', '.join(pending)}): "
                f"run `akhbar migrate --warehouse {self.path}`"
            )

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, then (re)create the views; return the former."""
        applied = apply_migrations(self.con)
        apply_models(self.con)
        return applied

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (DuckDB checkpoints the file)."""
        self.con.close()

    def query(self, sql: str) -> duckdb.DuckDBPyRelation | None:
        """Run a user's query: only ``READ_STATEMENTS``; ValueError names what was refused.

        Meant for a ``sandbox`` connection opened ``read_only``, so that even an
        allowed statement can write nothing and read no file.
        """
        statements = self.con.extract_statements(sql)
        refused = [s.type.name for s in statements if s.type.name not in READ_STATEMENTS]
        if refused:
            raise ValueError(
                f"only read-only queries ({', '.join(READ_STATEMENTS)}) run here; "
                f"refused: {', '.join(sorted(set(refused)))}"
            )
        return self.con.sql(sql)

    def frame(self, sql: str, params: list | None = None) -> pl.DataFrame:
        """Run a query and return a Polars frame."""
        return pl.from_arrow(self.con.sql(sql, params=params).to_arrow_table())

    # --- a run's life ---------------------------------------------------------------
    def begin_run(self, run_id: str, input_uri: str, config: dict) -> list[str]:
        """Record a run as ``running`` and attach empty staging tables (:func:`staging_path`).

        Returns the ids of runs left ``running`` by a process that died; they are
        recorded as failed (interrupted).
        """
        if self.catalog == "staging":
            raise WarehouseError(
                f"a warehouse file named {Path(self.path).name} cannot stage a run: DuckDB "
                "names it `staging`, the catalog a run stages into; rename the file"
            )
        interrupted = [
            r[0] for r in self.con.execute(load_sql("run/mark_interrupted_runs")).fetchall()
        ]
        self.con.execute(
            load_sql("run/begin_run"), [run_id, input_uri, json.dumps(config, ensure_ascii=False)]
        )
        self._attach_fresh_staging()
        self.con.execute(self._sql("run/reset_staging"))
        if self.path != ":memory:":
            info = {"run_id": run_id, "pid": os.getpid()}
            run_info_path(self.path).write_text(json.dumps(info), "utf-8")
        return interrupted

    def _sql(self, name: str) -> str:
        """``load_sql(name)`` with ``{warehouse}`` naming this warehouse's main schema."""
        return with_warehouse(load_sql(name), self.catalog)

    def _staging_attached(self) -> bool:
        found = self.con.execute(
            "select count(*) from duckdb_databases() where database_name = 'staging'"
        ).fetchone()
        return bool(found[0])

    def _detach_staging(self) -> None:
        """Detach the staging catalog, if attached, and delete its file."""
        if self._staging_attached():
            self.con.execute("detach staging")
        if self.path != ":memory:":
            side = staging_path(self.path)
            for leftover in (side, Path(f"{side}.wal")):
                leftover.unlink(missing_ok=True)

    def _attach_fresh_staging(self) -> None:
        """Attach an empty side file (in memory for an in-memory warehouse) as ``staging``."""
        self._detach_staging()
        side = ":memory:" if self.path == ":memory:" else str(staging_path(self.path))
        # ATTACH takes no bound parameters: the path goes in as a quoted literal
        self.con.execute("attach '" + side.replace("'", "''") + "' as staging")

    def stage(self, table: str, frame: pl.DataFrame, run_id: str | None = None) -> None:
        """Append ``frame`` to ``staging.<table>`` (columns matched by name).

        ``run_id``: stamped on every row in SQL, as a bound value (a shard's tokens are
        ~1M rows: a column of copies built in Polars made staging them ~20% dearer).
        """
        if table not in STAGED_TABLES:
            raise ValueError(f"not a staged table: {table!r}")
        if run_id is None:
            select, params = "select * from staged_frame", None
        else:
            if "run_id" in frame.columns:
                frame = frame.drop("run_id")
            select, params = "select *, ?::varchar as run_id from staged_frame", [run_id]
        self.con.register("staged_frame", frame)
        try:
            self.con.execute(f"insert into staging.{table} by name {select}", params)
        finally:
            self.con.unregister("staged_frame")

    def dedup_members(self) -> pl.DataFrame:
        """Staged and published articles sharing a content hash with this run."""
        return self.frame(load_sql("dedup/dedup_members"))

    def stream(
        self, sql: str, article_ids: pl.Series | None = None, rows: int = 2000
    ) -> Iterator[pl.DataFrame]:
        """Run a query on a connection of its own and yield its result ``rows`` at a time.

        Memory holds one batch, whatever the result's size; ``self.con`` stays free for
        other statements (writes included) meanwhile. ``article_ids``, if given, is
        registered as ``dedup_batch`` for the query, as in :meth:`batch`.
        """
        cursor = self.con.cursor()
        try:
            if article_ids is not None:
                cursor.register("dedup_batch", article_ids.alias("article_id").to_frame())
            reader = cursor.sql(sql).to_arrow_reader(rows)
            for batch in reader:
                if batch.num_rows:
                    yield pl.from_arrow(batch)
        finally:
            cursor.close()

    def batch(
        self, sql_name: str, article_ids: pl.Series, params: list | None = None
    ) -> pl.DataFrame:
        """Run ``warehouse/sql/<sql_name>.sql`` with ``dedup_batch`` bound to ``article_ids``."""
        self.con.register("dedup_batch", article_ids.alias("article_id").to_frame())
        try:
            return self.frame(load_sql(sql_name), params)
        finally:
            self.con.unregister("dedup_batch")

    def publish(self, run_id: str, counts: dict[str, int], results: pl.DataFrame) -> None:
        """Publish the staged run, its validation results and status in one transaction."""
        self._finish(run_id, "published", counts, results, None, load_sql("run/publish"))
        self._detach_staging()

    def fail(
        self, run_id: str, counts: dict[str, int], results: pl.DataFrame, message: str
    ) -> None:
        """Record a failed run and its validation results; published tables stay as they are.

        The staged rows stay in :func:`staging_path` until the next run.
        """
        self._finish(run_id, "failed", counts, results, message, None)

    def _finish(
        self,
        run_id: str,
        status: str,
        counts: dict[str, int],
        results: pl.DataFrame,
        message: str | None,
        publish_sql: str | None,
    ) -> None:
        self.con.execute("begin transaction")
        try:
            if publish_sql:
                self.con.execute(publish_sql)
            insert = load_sql("run/insert_validation_result")
            for row in results.iter_rows(named=True):
                self.con.execute(
                    insert,
                    [
                        run_id,
                        row["suite"],
                        row["expectation"],
                        row["success"],
                        row["details"],
                        row["critical"],
                        row["status"],
                        row.get("hint"),
                    ],
                )
            self.con.execute(
                load_sql("run/finish_run"),
                [
                    status,
                    counts["inputs"],
                    counts["articles"],
                    counts["quarantined"],
                    message,
                    run_id,
                ],
            )
            self.con.execute("commit")
        except Exception:
            # a failed commit rolls back by itself; keep the commit's error
            with contextlib.suppress(duckdb.Error):
                self.con.execute("rollback")
            raise
        if self.path != ":memory:":
            run_info_path(self.path).unlink(missing_ok=True)

    # --- reading ----------------------------------------------------------------------
    def latest_config(self) -> dict | None:
        """The configuration of the latest published run (``runs.config``), if any."""
        row = self.con.execute(load_sql("run/latest_config")).fetchone()
        return json.loads(row[0]) if row else None

    def recent_runs(self) -> list[tuple]:
        """``(run_id, status, n_inputs, n_articles, n_quarantined)`` of the latest runs."""
        return self.con.execute(load_sql("run/recent_runs")).fetchall()

    def reconciliation(self) -> list[tuple]:
        """Per run: its counts, whether they balance, and what the warehouse holds of it."""
        return self.con.execute(load_sql("run/reconcile")).fetchall()

    def run_status(self, run_id: str) -> str | None:
        """A run's status (``running``, ``published``, ``failed``), None if unrecorded."""
        row = self.con.execute(load_sql("run/run_status"), [run_id]).fetchone()
        return row[0] if row else None

    def known_names(self) -> tuple[str, ...]:
        """The persons earlier runs learned (``learned_names.name``), sorted."""
        return tuple(r[0] for r in self.con.execute(load_sql("run/known_names")).fetchall())

    def table_counts(self) -> dict[str, int]:
        """Row count of every published table."""
        return dict(self.con.execute(load_sql("run/table_counts")).fetchall())
