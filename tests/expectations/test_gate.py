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
