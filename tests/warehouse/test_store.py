import datetime as dt

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.expectations.gate import RESULT_SCHEMA
from akhbar.warehouse.migrate import MigrationError, apply_migrations, migration_files
from akhbar.warehouse.store import Warehouse, WarehouseError, staging_path

COUNTS = {"inputs": 1, "articles": 1, "quarantined": 0}
NO_RESULTS = pl.DataFrame(schema=RESULT_SCHEMA)


@pytest.fixture
def fresh_warehouse():
    with Warehouse(":memory:") as warehouse:
        yield warehouse


def article(
    article_id="a1", body="نص", title="عنوان", run_id="r1", source_uri=None, content_hash="h"
):
    return pl.DataFrame(
        {
            "article_id": [article_id],
            "source_uri": [source_uri or f"file:///{article_id}.txt"],
            "title": [title],
            "published_date": [dt.date(2019, 2, 13)],
            "caption": [None],
            "body": [body],
            "n_paragraphs": [1],
            "encoding": ["utf-8"],
            "content_hash": [content_hash],
            "run_id": [run_id],
        },
        schema_overrides={"caption": pl.String, "n_paragraphs": pl.Int32},
    )


def test_migrations_are_recorded_and_reapplying_is_a_no_op():
    con = duckdb.connect()
    applied = apply_migrations(con)
    assert applied == [name for _, name, _ in migration_files()]
    assert apply_migrations(con) == []
    assert con.execute("select count(*) from _migrations").fetchone()[0] == len(applied)


def test_an_edited_migration_is_refused():
    con = duckdb.connect()
    apply_migrations(con)
    con.execute("update _migrations set checksum = 'edited' where version = 1")
    with pytest.raises(MigrationError, match="append-only"):
        apply_migrations(con)


def test_every_table_states_its_grain():
    for _, name, sql in migration_files():
        for statement in sql.split(";"):
            if "create table" in statement:
                assert "-- One row per" in statement, f"{name}: {statement.strip()[:60]}"


def publish(warehouse, run_id, *frames):
    warehouse.begin_run(run_id, "file:///corpus", {})
    for table, frame in frames:
        warehouse.stage(table, frame)
    warehouse.publish(run_id, COUNTS, NO_RESULTS)


def test_a_run_replaces_what_an_earlier_run_loaded_from_the_same_input(fresh_warehouse):
    publish(fresh_warehouse, "r1", ("articles", article(body="قديم", run_id="r1")))
    publish(fresh_warehouse, "r2", ("articles", article(body="جديد", run_id="r2")))
    assert fresh_warehouse.con.execute("select body, run_id from articles").fetchall() == [
        ("جديد", "r2")
    ]
    statuses = fresh_warehouse.con.execute("select status from runs order by run_id").fetchall()
    assert statuses == [("published",), ("published",)]


def test_a_failed_run_leaves_published_tables_untouched(fresh_warehouse):
    publish(fresh_warehouse, "r1", ("articles", article(run_id="r1")))
    fresh_warehouse.begin_run("r2", "file:///corpus", {})
    fresh_warehouse.stage("articles", article(article_id="a2", run_id="r2"))
    fresh_warehouse.fail("r2", COUNTS, NO_RESULTS, "critical expectations failed")
    assert fresh_warehouse.con.execute("select article_id from articles").fetchall() == [("a1",)]
    assert fresh_warehouse.con.execute(
        "select status, message from runs where run_id = 'r2'"
    ).fetchone() == (
        "failed",
        "critical expectations failed",
    )


def test_stage_refuses_unknown_tables(fresh_warehouse):
    with pytest.raises(ValueError, match="not a staged table"):
        fresh_warehouse.stage("runs", pl.DataFrame())


def test_read_only_open_of_a_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="akhbar run"):
        Warehouse(tmp_path / "none.duckdb", read_only=True)


@settings(max_examples=60, deadline=None)
@given(st.text(), st.text(min_size=1))
def test_any_text_survives_a_round_trip_through_the_warehouse(body, title):
    with Warehouse(":memory:") as warehouse:
        publish(warehouse, "r1", ("articles", article(body=body, title=title)))
        assert warehouse.con.execute("select title, body from articles").fetchall() == [
            (title, body)
        ]


def test_stream_yields_a_query_in_batches_while_the_connection_keeps_writing():
    with Warehouse(":memory:", memory_limit="500MB") as warehouse:
        assert warehouse.con.execute("select current_setting('memory_limit')").fetchone()[0] in {
            "476.8 MiB",
            "500.0 MB",
            "500MB",
        }
        warehouse.con.execute("create table counted as select range as n from range(10000)")
        wanted = pl.Series([f"{i}" for i in range(0, 10000, 7)])
        seen = 0
        for batch in warehouse.stream(
            "select n from counted where n::varchar in (select article_id from dedup_batch)",
            wanted,
            rows=500,
        ):
            assert batch.height <= 500
            seen += batch.height
            warehouse.con.execute("insert into counted values (-1)")  # not in the stream
        assert seen == len(wanted)


def test_near_duplicate_search_reports_its_progress(example_warehouse, tmp_path):
    """Each step of the search logs a line (a million articles take minutes)."""
    import shutil

    from akhbar.tasks.config import DedupConfig, NormalizeConfig
    from akhbar.warehouse.neardup import find_near_duplicates

    path = tmp_path / "copy.duckdb"
    shutil.copy(example_warehouse, path)
    lines: list[str] = []
    with Warehouse(path) as warehouse:
        warehouse.begin_run("progress", "file:///nowhere", {})
        counts = find_near_duplicates(
            warehouse, DedupConfig(), "progress", NormalizeConfig(), progress=lines.append
        )
    assert counts["articles_signed"] == 0  # everything published is signed already
    assert [line.split(":")[1].split()[-1] for line in lines] == ["articles", "pairs", "clustering"]
    assert lines[0].endswith("signing 0 articles")


def many_articles(run_id, n=3000):
    body = "نص الخبر الطويل " * 40
    return pl.concat(
        [article(article_id=f"a{i}", body=f"{body}{i}", run_id=run_id) for i in range(n)]
    )


def test_a_run_stages_in_a_side_file_that_its_publish_deletes(tmp_path):
    path = tmp_path / 'my "w" 1.duckdb'  # a catalog name that needs quoting
    with Warehouse(path) as warehouse:
        warehouse.begin_run("r1", "file:///corpus", {})
        warehouse.stage("articles", many_articles("r1"))
        assert staging_path(path).exists()
        warehouse.publish("r1", COUNTS, NO_RESULTS)
        assert not staging_path(path).exists()
        schemas = warehouse.con.execute(
            "select schema_name from duckdb_schemas() where database_name = ?",
            [warehouse.catalog],
        ).fetchall()
        assert ("staging",) not in schemas
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone() == (3000,)
        total, free = con.execute(
            "select total_blocks, free_blocks from pragma_database_size()"
        ).fetchone()
    # the staged copy was never in the warehouse file, so none of it is left there free
    assert free <= 0.2 * total


def test_a_failed_runs_staged_rows_stay_in_the_side_file_until_the_next_run(tmp_path):
    path = tmp_path / "w.duckdb"
    with Warehouse(path) as warehouse:
        publish(warehouse, "r1", ("articles", article(run_id="r1")))
        warehouse.begin_run("r2", "file:///corpus", {})
        warehouse.stage("articles", article(article_id="a2", run_id="r2"))
        warehouse.fail("r2", COUNTS, NO_RESULTS, "critical expectations failed")
    with duckdb.connect(str(staging_path(path)), read_only=True) as con:
        assert con.execute("select article_id from articles").fetchall() == [("a2",)]
    with Warehouse(path) as warehouse:
        warehouse.begin_run("r3", "file:///corpus", {})
        assert warehouse.con.execute("select count(*) from staging.articles").fetchone() == (0,)
        assert warehouse.con.execute("select article_id from articles").fetchall() == [("a1",)]


def test_a_warehouse_named_like_the_staging_catalog_says_to_rename_it(tmp_path):
    with Warehouse(tmp_path / "staging.duckdb") as warehouse:
        with pytest.raises(WarehouseError, match="rename the file"):
            warehouse.begin_run("r1", "file:///corpus", {})
        assert warehouse.con.execute("select count(*) from runs").fetchone() == (0,)


def test_the_old_staging_schema_is_dropped_by_the_migration(tmp_path):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    apply_migrations(con, until=10)
    con.execute("create table staging.articles as select * from main.articles limit 0")
    con.close()
    with Warehouse(tmp_path / "old.duckdb") as warehouse:
        schemas = warehouse.con.execute("select schema_name from duckdb_schemas()").fetchall()
        assert ("staging",) not in schemas
        publish(warehouse, "r1", ("articles", article(run_id="r1")))
        assert warehouse.con.execute("select count(*) from articles").fetchone() == (1,)


def test_staging_with_a_run_id_stamps_every_row_with_it(fresh_warehouse):
    fresh_warehouse.begin_run("r9", "file:///corpus", {})
    fresh_warehouse.stage("articles", article(run_id="stale"), "r9")
    fresh_warehouse.stage("articles", article(article_id="a2").drop("run_id"), "r9")
    rows = fresh_warehouse.con.execute(
        "select article_id, run_id from staging.articles order by 1"
    ).fetchall()
    assert rows == [("a1", "r9"), ("a2", "r9")]
