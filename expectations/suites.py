"""Great Expectations suites over the warehouse tables.

Each suite is a SQL query (``expectations/queries/<name>.sql``, written with
unqualified table names so it audits either ``staging`` or the published ``main``
schema) and a list of GX expectations. An expectation whose ``meta`` says
``critical`` blocks publishing when it fails *or errors*; the others are reported.

GX runs on pandas frames of the query results: GX has no Polars engine, and GX over
duckdb-engine fails quietly (every expectation errors with ``IndexError``). So the
queries reduce in DuckDB what would be large in pandas: text becomes booleans computed
row by row, tokens and spans are checked per article, categorical fields arrive as
their distinct combinations. Each query states its grain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from akhbar.expectations.config import GateConfig
from akhbar.tasks.config import (
    DATE_FLAGS,
    DATE_PRECISIONS,
    DATE_ROLES,
    ENTITY_TYPES,
    NUMBER_QUALIFIERS,
    QUARANTINE_REASONS,
    SOURCE_KINDS,
)

#: What to tell the user when a corpus check fails; filled from the check's query row.
HINTS = {
    "bad_title_share": (
        "{bad_title_share:.0%} of titles have no Arabic letter or look like an id "
        "(e.g. {example_bad_title!r}): is this TREC/SGML or JSON saved as .txt? "
        "Try --format trec (or json), or map the title with --field title=KEY."
    ),
    "unparsed_date_share": (
        "{unparsed_date_share:.0%} of the dates given were not understood "
        "(e.g. {example_unparsed_date!r}): see the README's date formats, or map another "
        "field with --field published=KEY."
    ),
    "undated_share": (
        "{undated_share:.0%} of the text files have no date line after the title: if they "
        "are not in the seed layout, give their format (--format); if they carry no date, "
        "relax the check with --gate max_undated_share=1."
    ),
    "unmapped_share": (
        "{unmapped_share:.0%} of the records hold a field under a key the mapping does not "
        "use (e.g. {example_unmapped}): add --field NAME=KEY, or drop --preset/--field."
    ),
    "quarantine_share": (
        "{quarantine_share:.0%} of the inputs were quarantined, most as "
        "{top_quarantine_reason} ({top_quarantine_detail}): see "
        '`akhbar sql "select reason, count(*) from quarantine group by 1"`.'
    ),
}


def hint(column: str, row: dict[str, Any]) -> str | None:
    """The hint for a failed corpus check on ``column``, filled from its query row."""
    template = HINTS.get(column)
    if template is None:
        return None
    try:
        return template.format(**{k: ("" if v is None else v) for k, v in row.items()})
    except (KeyError, ValueError, TypeError):
        return template


@dataclass(frozen=True)
class Suite:
    """A named query and the expectations its rows must meet."""

    name: str
    expectations: tuple[Any, ...]
    params: dict[str, Any] | None = None  # named parameters of the query ($name)


def suites(gate: GateConfig | None = None) -> list[Suite]:
    """The suites every run is audited with (built on call: importing GX is slow)."""
    import great_expectations.expectations as gxe

    gate = gate or GateConfig()
    critical = {"critical": True}

    def corpus_check(column: str, limit: float):
        return gxe.ExpectColumnValuesToBeBetween(
            column=column, max_value=limit, meta=critical | {"hint": column}
        )

    return [
        Suite(
            "articles",
            (
                gxe.ExpectColumnValuesToNotBeNull(column="article_id", meta=critical),
                gxe.ExpectColumnValuesToBeUnique(column="article_id", meta=critical),
                # records may lack a title; text files always have one
                gxe.ExpectColumnValuesToBeInSet(column="has_title", value_set=[True], mostly=0.99),
                gxe.ExpectColumnValuesToBeInSet(column="has_body", value_set=[True], meta=critical),
                gxe.ExpectColumnValuesToBeInSet(
                    column="has_content_hash", value_set=[True], meta=critical
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="n_paragraphs", min_value=1, meta=critical
                ),
                gxe.ExpectColumnValuesToBeBetween(column="n_tokens", min_value=1, meta=critical),
                gxe.ExpectColumnValuesToBeBetween(
                    column="arabic_letter_share", min_value=0, max_value=1, meta=critical
                ),
                gxe.ExpectColumnMeanToBeBetween(column="arabic_letter_share", min_value=0.5),
                gxe.ExpectColumnValuesToBeBetween(
                    column="type_token_ratio", min_value=0, max_value=1, meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="title_has_arabic_letter", value_set=[True], mostly=0.95
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="body_has_arabic_letter", value_set=[True], mostly=0.95
                ),
                # publication dates in the future are parse errors
                gxe.ExpectColumnValuesToBeBetween(column="published_days_ago", min_value=0),
            ),
        ),
        Suite(
            "spans",
            (
                gxe.ExpectColumnValuesToBeInSet(
                    column="has_article", value_set=[True], meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="text_matches", value_set=[True], meta=critical
                ),
                gxe.ExpectColumnValuesToBeBetween(column="start", min_value=0, meta=critical),
                gxe.ExpectColumnValuesToBeBetween(column="span_length", min_value=1, meta=critical),
            ),
            params={"max_compared_spans": gate.span_check_spans},
        ),
        Suite(
            "token_spans",
            (
                gxe.ExpectColumnValuesToBeInSet(
                    column="has_article", value_set=[True], meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="text_matches", value_set=[True], meta=critical
                ),
                gxe.ExpectColumnValuesToBeBetween(column="start", min_value=0, meta=critical),
                gxe.ExpectColumnValuesToBeBetween(column="span_length", min_value=1, meta=critical),
            ),
            params={"max_compared_tokens": gate.span_check_tokens},
        ),
        Suite(
            "tokens",
            (
                gxe.ExpectColumnValuesToBeBetween(
                    column="repeated_token_indexes", max_value=0, meta=critical
                ),
            ),
            params={"max_compared_tokens": gate.span_check_tokens},
        ),
        Suite(
            "extractions",
            (
                gxe.ExpectColumnValuesToBeInSet(
                    column="entity_type", value_set=list(ENTITY_TYPES), meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="date_precision", value_set=list(DATE_PRECISIONS), meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="date_role", value_set=list(DATE_ROLES), meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="number_qualifier", value_set=list(NUMBER_QUALIFIERS), meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(column="date_flag", value_set=list(DATE_FLAGS)),
                # a vague count's order of magnitude: 10, 100, 1000, ...
                gxe.ExpectColumnValuesToBeInSet(
                    column="number_magnitude", value_set=[10, 100, 1000, 1e6, 1e9]
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="source_kind", value_set=list(SOURCE_KINDS), meta=critical
                ),
            ),
        ),
        Suite(
            "duplicates",
            (
                gxe.ExpectCompoundColumnsToBeUnique(
                    column_list=["article_id", "method"], meta=critical
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="similarity", min_value=0, max_value=1, meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="canonical_exists", value_set=[True], meta=critical
                ),
            ),
        ),
        Suite(
            "quarantine",
            (
                gxe.ExpectColumnValuesToNotBeNull(column="source_uri", meta=critical),
                gxe.ExpectColumnValuesToNotBeNull(column="reason", meta=critical),
                gxe.ExpectColumnValuesToBeInSet(
                    column="reason", value_set=list(QUARANTINE_REASONS)
                ),
            ),
        ),
        Suite(
            "conservation",
            (
                # every non-space character of an input is in a field or a discarded line
                gxe.ExpectColumnValuesToBeInSet(
                    column="chars_conserved", value_set=[True], meta=critical
                ),
            ),
        ),
        Suite(
            "corpus",
            (
                corpus_check("bad_title_share", gate.max_bad_title_share),
                corpus_check("unparsed_date_share", gate.max_unparsed_date_share),
                corpus_check("undated_share", gate.max_undated_share),
                corpus_check("unmapped_share", gate.max_unmapped_share),
                corpus_check("quarantine_share", gate.max_quarantine_share),
            ),
            params={"min_articles": gate.min_articles},
        ),
        Suite(
            "run_counts",
            (
                # compared with the previous published run; nothing to compare on the first
                gxe.ExpectColumnValuesToBeBetween(column="quarantine_share", max_value=0.5),
                # unannounced event dates after publication: misread or mistyped dates
                gxe.ExpectColumnValuesToBeBetween(
                    column="date_after_publication_share", max_value=0.05
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="quarantine_share_change", min_value=-0.2, max_value=0.2
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="entities_per_article_ratio", min_value=0.5, max_value=2
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="tokens_per_article_ratio", min_value=0.5, max_value=2
                ),
            ),
        ),
    ]
