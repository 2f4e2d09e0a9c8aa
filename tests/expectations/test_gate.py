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
