"""A corpus of TREC <DOC> files named .txt, in category folders, as public corpora ship."""

import datetime as dt
import json

import duckdb

from akhbar.cli import main
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "fixtures" / "trec_txt"
EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "trec_txt.expected.json").read_text("utf-8"))
FIELDS = [
    "record_id",
    "title",
    "published_date",
    "outlet",
    "url",
    "section",
    "author",
    "summary",
    "body",
]


def articles(warehouse):
    prefix = CORPUS.resolve().as_uri() + "/"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            f"select source_uri, input_format, {', '.join(FIELDS)} from articles order by 1"
        ).fetchall()
    return {
        uri.removeprefix(prefix).split("#")[0]: dict(
            zip(["input_format", *FIELDS], rest, strict=True)
        )
        for uri, *rest in rows
    }


def test_trec_files_named_txt_are_read_as_trec_with_every_field_and_no_flags(tmp_path):
    warehouse = tmp_path / "trec.duckdb"
    assert main(["run", str(CORPUS), "--warehouse", str(warehouse)]) == 0
    got = articles(warehouse)
    assert len(got) == len(EXPECTED) == 24
    for want in EXPECTED:
        row = got[want["file"]]
        assert row["input_format"] == "trec"
        assert {f: row[f] for f in FIELDS} == {
            f: dt.date.fromisoformat(want[f]) if f == "published_date" else want[f] for f in FIELDS
        }


def test_reading_it_as_plain_text_fails_the_run_with_the_fix_in_the_message(tmp_path, capsys):
    warehouse = tmp_path / "wrong.duckdb"
    assert main(["run", str(CORPUS), "--warehouse", str(warehouse), "--format", "text"]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out
    assert "[CRITICAL failed] corpus:" in out
    assert "look like an id" in out
    assert "--format trec" in out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 0


def test_rereading_with_better_flags_replaces_the_first_reading(tmp_path):
    warehouse = tmp_path / "twice.duckdb"
    wrong = ["--format", "text", "--gate", "max_bad_title_share=1", "--gate", "max_undated_share=1"]
    assert main(["run", str(CORPUS), "--warehouse", str(warehouse), *wrong]) == 0
    assert main(["run", str(CORPUS), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        formats = con.execute("select input_format, count(*) from articles group by 1").fetchall()
        assert formats == [("trec", 24)]
        assert con.execute("select count(*) from quarantine").fetchone()[0] == 0


def test_a_mapping_that_leaves_the_outlet_behind_fails_the_run(tmp_path, capsys):
    warehouse = tmp_path / "unmapped.duckdb"
    args = ["run", str(CORPUS), "--warehouse", str(warehouse), "--field", "outlet=PUBLISHER"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "unmapped_share" in out
    assert "outlet=src" in out
