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

ENTITY_TYPES = ["PER", "ORG", "LOC", "MISC"]
DATE_PRECISIONS = ["day", "month", "year"]
DATE_ROLES = ["published", "event"]
NUMBER_QUALIFIERS = ["exact", "approximate", "lower_bound", "upper_bound", "vague"]
SOURCE_KINDS = ["agency", "official", "media", "local_media", "monitor", "anonymous", "unknown"]
DATE_FLAGS = ["weekday_mismatch", "after_publication"]
QUARANTINE_REASONS = [
    # the file or record as a whole
    "unreadable", "empty_file", "too_large", "binary_content", "undecodable", "truncated_utf8",
    "invalid_utf8", "mojibake", "empty_text", "line_too_long", "no_body", "empty_body",
    "no_arabic", "duplicate_article_id",
    # record formats
    "json_parse_error", "csv_parse_error", "parquet_read_error", "trec_parse_error",
    "invalid_record", "invalid_field_type",
    # archives
    "corrupt_archive", "unreadable_member", "unsafe_member_path", "archive_member_too_large",
    "compression_ratio_exceeded", "nested_archive_too_deep", "not_a_file",
]  # fmt: skip


@dataclass(frozen=True)
class Suite:
    """A named query and the expectations its rows must meet."""

    name: str
    expectations: tuple[Any, ...]


def suites() -> list[Suite]:
    """The suites every run is audited with (built on call: importing GX is slow)."""
    import great_expectations.expectations as gxe

    critical = {"critical": True}
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
        ),
        Suite(
            "tokens",
            (
                gxe.ExpectColumnValuesToBeBetween(
                    column="repeated_token_indexes", max_value=0, meta=critical
                ),
            ),
        ),
        Suite(
            "extractions",
            (
                gxe.ExpectColumnValuesToBeInSet(
                    column="entity_type", value_set=ENTITY_TYPES, meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="date_precision", value_set=DATE_PRECISIONS, meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="date_role", value_set=DATE_ROLES, meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="number_qualifier", value_set=NUMBER_QUALIFIERS, meta=critical
                ),
                gxe.ExpectColumnValuesToBeInSet(column="date_flag", value_set=DATE_FLAGS),
                # a vague count's order of magnitude: 10, 100, 1000, ...
                gxe.ExpectColumnValuesToBeInSet(
                    column="number_magnitude", value_set=[10, 100, 1000, 1e6, 1e9]
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="source_kind", value_set=SOURCE_KINDS, meta=critical
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
                gxe.ExpectColumnValuesToBeInSet(column="reason", value_set=QUARANTINE_REASONS),
            ),
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
