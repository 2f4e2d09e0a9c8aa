"""The gate's three states: passed, failed (the data broke it), errored (GX could not tell)."""

import polars as pl
import pytest

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
