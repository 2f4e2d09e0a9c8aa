import json
import shutil

import duckdb
import polars as pl
import pytest

from akhbar.cli import main
from tests.conftest import EXAMPLE_CORPUS

DATA_TABLES = [
    "articles",
    "tokens",
    "entities",
    "dates",
    "numbers",
    "sources",
    "duplicates",
    "quarantine",
]


def counts(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in DATA_TABLES}


def query(path, sql, params=None):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def built(example_warehouse):
    return example_warehouse


@pytest.fixture
def copy_of_built(built, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(built, path)
    return path


def test_example_corpus_builds_a_published_warehouse(built):
    assert query(built, "select status, n_inputs, n_articles, n_quarantined from runs") == [
        ("published", 36, 34, 2)
    ]
    got = counts(built)
    assert got["articles"] == 34
    assert got["tokens"] > 1500
    assert min(got[t] for t in ("entities", "dates", "numbers", "sources")) > 0


def test_broken_files_are_quarantined_with_reasons_and_bytes(built):
    rows = query(
        built,
        "select regexp_extract(source_uri, '[^/]+$'), reason, octet_length(raw) "
        "from quarantine order by 1",
    )
    assert [(name[:3], reason) for name, reason, _ in rows] == [
        ("031", "empty_file"),
        ("032", "binary_content"),
    ]
    assert rows[1][2] > 0


def test_exact_duplicates_are_clustered_with_a_canonical_article(built):
    clusters = query(
        built,
        "select list(article_id order by article_id), any_value(canonical_article_id) "
        "from duplicates where method = 'exact' group by cluster_id order by 2",
    )
    assert clusters == [
        (["153e60fd063e6d6f", "64fa54247300755e"], "153e60fd063e6d6f"),
        (["7a8a2cdab4ffd37f", "e538f2f2702149dd"], "7a8a2cdab4ffd37f"),
    ]
    near = query(
        built, "select count(*), count(distinct cluster_id) from duplicates where method = 'near'"
    )
    assert near == [(13, 6)]  # 2 exact copies, 3 edited stories, 1 wire story carried by 3 outlets
    assert query(built, "select count(*) from canonical_articles") == [(34 - (13 - 6),)]


def test_rerunning_the_same_input_changes_no_row_count(copy_of_built):
    before = counts(copy_of_built)
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(copy_of_built)]) == 0
    assert counts(copy_of_built) == before
    assert query(copy_of_built, "select count(*), count(distinct run_id) from runs") == [(2, 2)]
    # the second run is compared with the first: same rates, every run_counts check passed
    latest = query(copy_of_built, "select max(run_id) from runs")[0][0]
    checks = query(
        copy_of_built,
        "select expectation, status, details from validation_results "
        "where suite = 'run_counts' and run_id = ?",
        [latest],
    )
    assert len(checks) == 5
    assert {status for _, status, _ in checks} == {"passed"}
    # compared, not skipped: the ratios had values (GX passes nulls)
    assert all('"missing_count": 0' in details for _, _, details in checks), checks


def test_validate_passes_on_the_built_warehouse_and_fails_after_a_bad_row(copy_of_built, capsys):
    assert main(["validate", "--warehouse", str(copy_of_built)]) == 0
    with duckdb.connect(str(copy_of_built)) as con:
        con.execute(
            "insert into entities "
            "select article_id, 0, 5, 'ليس هنا', 'LOC', 'x', run_id from articles limit 1"
        )
    capsys.readouterr()
    assert main(["validate", "--warehouse", str(copy_of_built)]) == 1
    out = capsys.readouterr().out
    assert "CRITICAL failed" in out
    assert "spans: expect_column_values_to_be_in_set(column=text_matches" in out


def test_validate_catches_a_token_whose_span_is_off(copy_of_built, capsys):
    with duckdb.connect(str(copy_of_built)) as con:
        con.execute("update tokens set start = start + 1 where token_index = 3")
    assert main(["validate", "--warehouse", str(copy_of_built)]) == 1
    assert (
        "token_spans: expect_column_values_to_be_in_set(column=text_matches"
        in capsys.readouterr().out
    )


def shift_spans(real_extract):
    def broken(articles, cfg, known_names=()):
        found = real_extract(articles, cfg, known_names)
        return found._replace(entities=found.entities.with_columns(pl.col("start") + 1))

    return broken


def test_a_run_breaking_a_critical_expectation_is_recorded_failed_and_publishes_nothing(
    copy_of_built, monkeypatch
):
    import akhbar.flows.stages

    before = counts(copy_of_built)
    monkeypatch.setattr(akhbar.flows.stages, "extract", shift_spans(akhbar.flows.stages.extract))
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(copy_of_built)]) == 1
    assert counts(copy_of_built) == before
    ((run_id, status, message),) = query(
        copy_of_built, "select run_id, status, message from runs where status <> 'published'"
    )
    assert status == "failed"
    assert message == "critical expectations failed"
    failed = query(
        copy_of_built,
        f"select suite, expectation from validation_results where run_id = '{run_id}' "
        "and critical and status = 'failed'",
    )
    assert (
        "spans",
        "expect_column_values_to_be_in_set(column=text_matches, value_set=[True])",
    ) in failed


def test_a_run_that_crashes_is_recorded_failed_with_the_error(copy_of_built, monkeypatch, capsys):
    import akhbar.flows.stages

    def explode(*args):
        raise RuntimeError("tokenizer exploded")

    before = counts(copy_of_built)
    monkeypatch.setattr(akhbar.flows.stages, "tokenize", explode)
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(copy_of_built)]) == 1
    err = capsys.readouterr().err
    assert "failed: RuntimeError: tokenizer exploded" in err
    assert "recorded as failed in the warehouse's runs table" in err
    assert counts(copy_of_built) == before
    assert query(copy_of_built, "select status, message from runs where status <> 'published'") == [
        ("failed", "RuntimeError: tokenizer exploded")
    ]


def test_the_bad_input_zoo_run_completes_and_reconciles(tmp_path, capsys):
    from tests.zoo.build import build

    expected = build(tmp_path / "zoo")
    warehouse = tmp_path / "zoo.duckdb"
    assert main(["run", str(tmp_path / "zoo"), "--warehouse", str(warehouse)]) == 0
    n_articles = sum(outcome == "article" for outcome in expected.values())
    assert query(warehouse, "select status, n_inputs, n_articles, n_quarantined from runs") == [
        ("published", len(expected), n_articles, len(expected) - n_articles)
    ]
    capsys.readouterr()
    assert main(["info", "--reconcile", "--warehouse", str(warehouse)]) == 0
    assert "every run balances" in capsys.readouterr().out


def test_an_id_a_shard_before_took_is_quarantined_with_its_reason(tmp_path):
    """Shards are processed apart; the run withdraws a later shard's article whose id an
    earlier shard staged (here one URL in two files, one document per shard)."""
    from tests.zoo.build import RECORD

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, title in [("a.jsonl", "الأول"), ("b.jsonl", "الثاني")]:
        record = RECORD | {"title": title}
        (corpus / name).write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    warehouse = tmp_path / "ids.duckdb"
    args = ["run", str(corpus), "--warehouse", str(warehouse), "--shard-size", "1"]
    assert main(args) == 0
    assert query(warehouse, "select title from articles") == [("الأول",)]
    assert query(warehouse, "select source_uri, reason, detail from quarantine") == [
        (
            (corpus / "b.jsonl").resolve().as_uri() + "#L1",
            "duplicate_article_id",
            f"article id {query(warehouse, 'select article_id from articles')[0][0]} is taken "
            "by another input of this run",
        )
    ]


def table(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return pl.from_arrow(con.sql(sql).to_arrow_table())


def test_token_storage_and_extraction_processes_change_nothing_but_the_tokens_table(
    built, tmp_path
):
    """`--tokens none` keeps no token rows yet the same articles, statistics, duplicates
    and validation; extraction in worker processes gives the same facts as in-thread."""
    lean = tmp_path / "lean.duckdb"
    args = ["run", str(EXAMPLE_CORPUS), "--warehouse", str(lean), "--shard-size", "10"]
    assert main([*args, "--tokens", "none", "--extract-processes", "1"]) == 0
    assert counts(lean)["tokens"] == 0
    same = {
        "articles": "select * exclude (run_id) from articles order by article_id",
        "entities": "select * exclude (run_id) from entities order by all",
        "numbers": "select * exclude (run_id) from numbers order by all",
        "duplicates": "select * exclude (run_id) from duplicates order by all",
        "near_duplicate_pairs": "select * exclude (run_id) from near_duplicate_pairs order by all",
    }
    for name, sql in same.items():
        assert table(lean, sql).equals(table(built, sql)), name
    statuses = "select suite, expectation, status from validation_results order by all"
    assert table(lean, statuses).equals(table(built, statuses))
    config = query(lean, "select config from runs")[0][0]
    assert '"store": "none"' in config
    assert '"extract_processes": 1' in config


def test_the_summary_counts_near_duplicates_beyond_exact_copies(tmp_path, capsys):
    assert main(["run", str(EXAMPLE_CORPUS), "--warehouse", str(tmp_path / "w.duckdb")]) == 0
    out = capsys.readouterr().out
    near = query(
        tmp_path / "w.duckdb",
        "select count(*) from duplicates as d join articles as a using (article_id) "
        "where d.method = 'near' and a.content_hash in "
        "(select content_hash from articles group by 1 having count(*) = 1)",
    )[0][0]
    assert f"near duplicates: {near} articles beyond exact copies" in out
    assert "(13 in near clusters;" in out
    assert near < 13


def test_the_last_progress_line_says_everything_was_read():
    from akhbar.flows.pipeline import Progress

    progress = Progress(total_bytes=1000)
    assert "99% of input" in progress.advance(36, 1000)  # the estimate never claims the end
    done = progress.done({"inputs": 36, "articles": 34, "quarantined": 2})
    assert done.startswith("read all 1 shards · 100% of input · 36 inputs -> 34 articles")
