"""The gate's three states: passed, failed (the data broke it), errored (GX could not tell)."""

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from akhbar.expectations.gate import RESULT_SCHEMA, failure_report, gate_passed


def results(*rows):
    return pl.DataFrame(
        [(s, e, st == "passed", "{}", c, st, h) for s, e, c, st, h in rows],
        schema=RESULT_SCHEMA,
        orient="row",
    )


@pytest.mark.parametrize(
    ("critical", "status", "passes"),
    [
        (True, "passed", True),
        (True, "failed", False),
        (True, "errored", False),
        (False, "failed", True),
        (False, "errored", True),
    ],
)
def test_only_a_critical_expectation_that_did_not_pass_closes_the_gate(critical, status, passes):
    assert gate_passed(results(("s", "e", critical, status, None))) is passes


def test_the_report_lists_critical_first_and_carries_the_hint():
    report = failure_report(
        results(
            ("w", "warned", False, "failed", None),
            ("c", "broken", True, "errored", None),
            ("corpus", "titles", True, "failed", "is this TREC?"),
        )
    )
    lines = report.splitlines()
    assert lines[0].startswith("  [CRITICAL errored] c: broken") or lines[0].startswith(
        "  [CRITICAL failed] corpus: titles"
    )
    assert "    hint: is this TREC?" in lines
    assert lines[-1].startswith("  [warning failed] w: warned")


@pytest.mark.parametrize("run_name", ["20261202T154109Z-5963ad", "20261202T154054Z-b6f9e8"])
def test_a_run_id_that_reads_like_a_utc_offset_is_only_a_name(
    example_warehouse, tmp_path, run_name
):
    # GX parsed run names as dates: "-5963ad" became the offset -59:63 and storing the
    # results raised ValueError, failing a run at random (by its random suffix)
    import duckdb

    from akhbar.expectations.gate import validate

    with duckdb.connect(str(example_warehouse), read_only=True) as con:
        found = validate(con, "main", tmp_path / "gx", run_name)
    assert found.height > 0
    assert set(found["status"]) <= {"passed", "failed"}


def test_a_large_tokens_table_has_a_sample_of_its_articles_compared_and_still_fails(
    example_warehouse, tmp_path
):
    """Beyond span_check_tokens a fixed sample of articles is compared (NULL for the rest).

    An off span in every article is still caught, and every article gets the other checks.
    """
    import shutil

    import duckdb

    from akhbar.expectations.config import GateConfig
    from akhbar.expectations.gate import _query, suites

    warehouse = tmp_path / "w.duckdb"
    shutil.copy(example_warehouse, warehouse)
    (suite,) = [s for s in suites(GateConfig(span_check_tokens=500)) if s.name == "token_spans"]
    with duckdb.connect(str(warehouse)) as con:
        frame = pl.from_pandas(con.execute(_query(suite.name, "w"), suite.params).df())
        compared = frame.filter(pl.col("text_matches").is_not_null())
        assert 0 < compared.height < frame.height
        assert compared["text_matches"].all()
        assert frame["has_article"].all()
        con.execute("update tokens set start = start + 1 where token_index = 3")
        broken = pl.from_pandas(con.execute(_query(suite.name, "w"), suite.params).df())
    assert broken.filter(pl.col("text_matches").is_not_null())["text_matches"].not_().any()


def _suite_frame(con, name: str, gate) -> pl.DataFrame:
    from akhbar.expectations.gate import _query, suites

    (suite,) = [s for s in suites(gate) if s.name == name]
    return pl.from_pandas(con.execute(_query(suite.name, "w"), suite.params).df())


def test_beyond_span_check_spans_a_sample_of_articles_has_its_spans_compared(
    example_warehouse, tmp_path
):
    """Entity, date, number and source spans: compared in a sample, checked all."""
    import shutil

    import duckdb

    from akhbar.expectations.config import GateConfig

    warehouse = tmp_path / "w.duckdb"
    shutil.copy(example_warehouse, warehouse)
    every = GateConfig()
    sampled = GateConfig(span_check_spans=50)
    with duckdb.connect(str(warehouse)) as con:
        whole = _suite_frame(con, "spans", every)
        frame = _suite_frame(con, "spans", sampled)
        assert whole["text_matches"].is_not_null().all()
        compared = frame.filter(pl.col("text_matches").is_not_null())
        assert 0 < compared.height < frame.height
        assert compared["text_matches"].all()
        columns = ["span_table", "has_article", "start", "span_length"]
        assert_frame_equal(frame.select(columns), whole.select(columns), check_row_order=False)
        con.execute('update entities set start = start + 1, "end" = "end" + 1')
        broken = _suite_frame(con, "spans", sampled)
    entities = broken.filter(
        pl.col("span_table") == "entities", pl.col("text_matches").is_not_null()
    )
    assert entities.height > 0
    assert not entities["text_matches"].any()


def test_repeated_token_indexes_are_counted_exactly_in_the_sample_and_bounded_elsewhere(
    example_warehouse, tmp_path
):
    """An article whose tokens were written twice fails whether it is sampled or not."""
    import shutil

    import duckdb

    from akhbar.expectations.config import GateConfig

    warehouse = tmp_path / "w.duckdb"
    shutil.copy(example_warehouse, warehouse)
    sampled = GateConfig(span_check_tokens=500)
    with duckdb.connect(str(warehouse)) as con:
        assert (_suite_frame(con, "tokens", sampled)["repeated_token_indexes"] == 0).all()
        every = con.execute(
            "select greatest(ceil(count(*) / 500), 1)::ubigint from tokens"
        ).fetchone()[0]
        assert every > 1
        ids = [a for (a,) in con.execute("select distinct article_id from tokens").fetchall()]
        buckets = {a: con.execute("select hash(?) % ?", [a, every]).fetchone()[0] for a in ids}
        inside = next(a for a in ids if buckets[a] == 0)
        outside = next(a for a in ids if buckets[a] != 0)
        n_inside, n_outside = (
            con.execute("select count(*) from tokens where article_id = ?", [a]).fetchone()[0]
            for a in (inside, outside)
        )
        for article in (inside, outside):  # written twice
            con.execute("insert into tokens select * from tokens where article_id = ?", [article])
        # and, in the sampled one, an index repeated beside a gap: no range count sees it
        con.execute(
            "update tokens set token_index = 0 where article_id = ? and token_index = 1",
            [inside],
        )
        repeats = _suite_frame(con, "tokens", sampled)["repeated_token_indexes"]
    assert sorted(repeats.filter(repeats > 0).to_list()) == sorted([n_inside + 1, n_outside])
