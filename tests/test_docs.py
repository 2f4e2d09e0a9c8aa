import re
import shlex

import duckdb

from akhbar.cli import _parser, main
from akhbar.cli.settings import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_every_readme_sql_query_runs_and_returns_rows(example_warehouse):
    statements = [s.strip() for block in fenced("sql") for s in block.split(";") if s.strip()]
    assert len(statements) >= 8  # the cookbook
    with duckdb.connect(str(example_warehouse), read_only=True) as con:
        for statement in statements:
            assert con.execute(statement).fetchall(), statement


def test_readme_akhbar_commands_run(example_warehouse, capsys):
    commands = [
        line.strip()
        for block in fenced("bash")
        for line in block.splitlines()
        if line.strip().startswith(".venv/bin/akhbar sql")
    ]
    assert commands
    for command in commands:
        argv = [*shlex.split(command)[1:], "--warehouse", str(example_warehouse)]
        assert main(argv) == 0
    assert "canonical" in capsys.readouterr().out


def test_every_cli_command_is_documented_in_the_readme():
    parser = _parser(Settings())
    commands = parser._subparsers._group_actions[0].choices
    for name in commands:
        assert f"akhbar {name}" in README, name


def test_the_readme_names_the_two_make_targets_and_they_exist():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("demo", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE)
