"""The command line when things are wrong: one line, the right exit code, no traceback."""

import json
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from akhbar.cli import main
from akhbar.expectations.gate import RESULT_SCHEMA
from akhbar.warehouse.store import Warehouse, run_info_path

NO_RESULTS = pl.DataFrame(schema=RESULT_SCHEMA)


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with Warehouse(path) as w:
        w.con.execute(
            "insert into runs (run_id, started_at, status, input_uri) "
            "values ('r1', now(), 'published', 'file:///x')"
        )
    return path


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    return err


@pytest.mark.parametrize(
    "query",
    [
        "copy (select 1) to 'out.csv'",
        "export database 'dump'",
        "select * from read_text('/etc/hostname')",
        "install httpfs",
        "set memory_limit = '1GB'",
        "create table x as select 1",
        "delete from runs",
    ],
)
def test_sql_is_read_only_in_fact(warehouse, capsys, query):
    assert main(["sql", query, "--warehouse", str(warehouse)]) == 2
    assert one_line_error(capsys).startswith("akhbar: ")
    assert main(["sql", "select count(*) as n from runs", "--warehouse", str(warehouse)]) == 0
    assert "1" in capsys.readouterr().out


def test_sql_reads_what_analysts_need(warehouse, capsys):
    assert main(["sql", "pragma database_size", "--warehouse", str(warehouse)]) == 0
    assert main(["sql", "explain select * from articles", "--warehouse", str(warehouse)]) == 0


def test_a_garbage_warehouse_file_is_one_line_and_exit_2(tmp_path, capsys):
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"this is not a database" * 100)
    for command in (["info"], ["sql", "select 1"], ["validate"], ["report"]):
        assert main([*command, "--warehouse", str(garbage)]) == 2
        assert "garbage.duckdb" in one_line_error(capsys)


def test_a_warehouse_a_run_is_writing_names_the_run_and_its_pid(warehouse, capsys):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
            "time.sleep(60)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        run_info_path(warehouse).write_text(json.dumps({"run_id": "r9", "pid": holder.pid}))
        for command in (["info"], ["sql", "select 1"]):
            assert main([*command, "--warehouse", str(warehouse)]) == 2
            err = one_line_error(capsys)
            assert f"is being written by run r9 (pid {holder.pid}); try again" in err
    finally:
        holder.kill()
        holder.wait()


def test_reconcile_handles_a_run_that_was_killed(warehouse, capsys):
    with Warehouse(warehouse) as w:
        w.begin_run("r2", "file:///y", {})  # never finished: the process "died"
    assert main(["info", "--reconcile", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "r2" in out
    assert "running or killed" in out


def test_bad_field_and_gate_options_are_one_line(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    assert main(["run", str(tmp_path / "in"), "--field", "body"]) == 2
    assert "--field takes NAME=VALUE" in one_line_error(capsys)
    assert main(["run", str(tmp_path / "in"), "--gate", "max_titles=1"]) == 2
    assert "max_titles" in capsys.readouterr().err


def test_the_run_info_file_is_gone_after_a_run_finishes(warehouse):
    with Warehouse(warehouse) as w:
        w.begin_run("r3", "file:///z", {})
        assert run_info_path(warehouse).is_file()
        w.fail("r3", {"inputs": 0, "articles": 0, "quarantined": 0}, NO_RESULTS, "test")
    assert not run_info_path(warehouse).exists()


def test_attach_cannot_reach_another_warehouse(warehouse, tmp_path, capsys):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("create table t as select 1 as a")
    attack = f"attach '{other}' as other (read_write); drop table other.t"
    assert main(["sql", attack, "--warehouse", str(warehouse)]) == 2
    one_line_error(capsys)
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.execute("select a from t").fetchall() == [(1,)]


def test_a_bad_environment_setting_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("AKHBAR_SHARD_SIZE", "many")
    assert main(["info"]) == 2
    assert "AKHBAR_SHARD_SIZE='many'" in one_line_error(capsys)


def test_serve_without_a_prefect_server_says_what_to_start(monkeypatch, capsys):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        assert main(["serve"]) == 2
    assert "prefect server start" in one_line_error(capsys)


def test_a_sql_error_is_one_line(warehouse, capsys):
    assert main(["sql", "select 'x'::int", "--warehouse", str(warehouse)]) == 2
    assert "Conversion Error" in one_line_error(capsys)


def test_a_closed_pipe_is_not_a_traceback(warehouse):
    query = "'select * from range(100000)'"
    command = f"{sys.executable} -m akhbar.cli sql {query} --warehouse {warehouse} | head -1"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr


@pytest.mark.parametrize("files", [{}, {"README.md": "about this corpus"}])
def test_an_input_with_nothing_to_read_fails_and_writes_nothing(tmp_path, capsys, files):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    warehouse = tmp_path / "w.duckdb"
    assert main(["run", str(folder), "--warehouse", str(warehouse)]) == 2
    err = one_line_error(capsys)
    assert f"no input files found under {folder}" in err
    assert ("1 skipped by --exclude" in err) == bool(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_an_empty_warehouse_file_is_one_line_and_exit_2(tmp_path, capsys):
    empty = tmp_path / "empty.duckdb"
    empty.write_bytes(b"")
    assert main(["info", "--warehouse", str(empty)]) == 2
    assert "empty.duckdb" in one_line_error(capsys)
