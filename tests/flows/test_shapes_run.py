"""The shapes zoo as a whole run: it completes, reconciles, and reads nothing from outside."""

import duckdb

from akhbar.cli import main
from tests.zoo.shapes import SECRET, SKIPPED, build


def text_columns(con):
    return con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'main' and (data_type = 'VARCHAR' or data_type = 'BLOB') "
        "and table_name in (select table_name from duckdb_tables() where schema_name = 'main')"
    ).fetchall()


def holds(path, marker: str) -> list[str]:
    """Every table.column of the warehouse whose text or bytes contain ``marker``."""
    found = []
    with duckdb.connect(str(path), read_only=True) as con:
        for table, column in text_columns(con):
            n = con.execute(
                f'select count(*) from "{table}" where contains(hex("{column}"), ?)',
                [marker.encode().hex().upper()],
            ).fetchone()[0]
            if n:
                found.append(f"{table}.{column}")
    return found


def test_the_shapes_zoo_run_publishes_reconciles_and_keeps_outside_bytes_out(tmp_path, capsys):
    expected = build(tmp_path / "zoo", tmp_path / "outside")
    warehouse = tmp_path / "shapes.duckdb"
    for follow in ([], ["--follow-symlinks"]):
        args = ["run", str(tmp_path / "zoo"), "--warehouse", str(warehouse), *follow]
        assert main(args) == 0
        out = capsys.readouterr().out
        assert "PUBLISHED" in out
        assert "skipped (--exclude): " + ", ".join(sorted(SKIPPED)) in out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute("select n_inputs, n_articles + n_quarantined from runs").fetchall()
        held = con.execute("select count(*) from articles").fetchone()[0]
        held += con.execute("select count(*) from quarantine").fetchone()[0]
    # the second run follows the link into the zoo; the others still end in quarantine
    assert runs == [(len(expected), len(expected)), (len(expected), len(expected))]
    assert held == len(expected)
    assert main(["info", "--reconcile", "--warehouse", str(warehouse)]) == 0
    assert "every run balances" in capsys.readouterr().out
    assert holds(warehouse, "حملة لمكافحة الجراد")  # the scan finds what is there
    assert holds(warehouse, SECRET) == []
