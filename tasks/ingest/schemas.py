"""The frames ingest takes and makes, and every reason an input can be quarantined."""

from __future__ import annotations

import polars as pl

from akhbar.tasks.config import RECORD_FIELDS

RECORD_COLUMNS = {field: pl.String for field in RECORD_FIELDS}
#: One input unit: a text file, or one record of a record-format file.
UNIT_SCHEMA = pl.Schema(
    {
        "source_uri": pl.String,
        "file_name": pl.String,  # gives the article id for text files
        "input_format": pl.String,  # text | json | jsonl | csv | parquet | trec | html | ...
        "format_source": pl.String,  # how the format was chosen: extension | content | flag
        "raw": pl.Binary,  # the file's bytes, or the record as JSON
        "reason": pl.String,  # set when the reader already knows the unit is unusable
        "detail": pl.String,
        "encoding": pl.String,  # records: the encoding of their file
        "unmapped_fields": pl.String,  # fields the record has under a known key, not mapped
    }
    | RECORD_COLUMNS
)
PARSED_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "source_uri": pl.String,
        "title": pl.String,
        "published_date": pl.Date,
        "published_text": pl.String,
        "caption": pl.String,
        "body": pl.String,
        "n_paragraphs": pl.Int32,
        "encoding": pl.String,
        "outlet": pl.String,
        "url": pl.String,
        "author": pl.String,
        "byline": pl.String,
        "section": pl.String,
        "summary": pl.String,
        "record_id": pl.String,
        "input_format": pl.String,
        "n_controls_removed": pl.Int32,
        "n_input_chars": pl.Int64,
    }
)
QUARANTINE_SCHEMA = pl.Schema(
    {
        "source_uri": pl.String,
        "input_format": pl.String,
        "reason": pl.String,
        "detail": pl.String,
        "raw": pl.Binary,
    }
)
#: One row per line of an input that is in no field of its article, and why.
DISCARD_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "line_no": pl.Int32,  # 1-based line of the decoded text (a record: of its body)
        "text": pl.String,
        "reason": pl.String,  # debris
        "rule": pl.String,  # the debris pattern that matched
    }
)
