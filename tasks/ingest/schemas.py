"""The frames ingest takes and makes, and every reason an input can be quarantined."""

from __future__ import annotations

import polars as pl

from akhbar.config import RECORD_FIELDS

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

#: Every quarantine reason and what it means. The readers and ingest produce them; the
#: validation suite checks the quarantine table against this list.
QUARANTINE_REASONS: dict[str, str] = {
    # files as found on disk
    "unreadable": "the file could not be opened or read",
    "not_a_regular_file": "a FIFO, device or socket: refused without opening it",
    "symlink_not_followed": "a symbolic link (read with --follow-symlinks)",
    "symlink_outside_input": "a symbolic link that points outside the input folder",
    "too_large": "the file is larger than read.max_member_bytes",
    "read_error": "the reader failed on this input (a bug: the detail says where)",
    # decoding
    "empty_file": "0 bytes",
    "binary_content": "NUL or many control bytes: not text",
    "undecodable": "neither UTF-8, UTF-16 with BOM nor Windows-1256",
    "truncated_utf8": "UTF-8 cut off inside a character",
    "invalid_utf8": "UTF-8 with invalid byte sequences",
    "mojibake": "UTF-8 read as Windows-1256 and saved again; could not be reversed",
    "invalid_surrogate": "a lone UTF-16 surrogate (\\ud800) in a string",
    # text and layout
    "empty_text": "only whitespace",
    "line_too_long": "a line longer than ingest.max_line_chars",
    "no_body": "a title but no paragraphs",
    "empty_body": "the record's body has no text",
    "no_arabic": "the body has no Arabic letter",
    "no_text": "the body has no word once diacritics and tatweel are set aside",
    "body_too_large": "the body is longer than ingest.max_body_chars",
    "duplicate_article_id": "another input of the run has the same article id",
    # record formats
    "json_parse_error": "not valid JSON",
    "number_too_large": "a JSON number with more digits than Python converts",
    "too_deeply_nested": "JSON nested too deep to parse",
    "csv_parse_error": "a CSV row that does not parse",
    "parquet_read_error": "a Parquet file that cannot be read",
    "trec_parse_error": "TREC/SGML without a <DOC> element",
    "html_parse_error": "HTML with no text to read",
    "invalid_record": "a record that is not an object",
    "invalid_field_type": "a field whose value is not text",
    # archives
    "corrupt_archive": "a zip, tar or gzip that cannot be read",
    "unreadable_member": "an archive member that cannot be read",
    "unsafe_member_path": "a member path such as ../x or /etc/x",
    "archive_member_too_large": "a member larger than read.max_member_bytes",
    "compression_ratio_exceeded": "inflates more than read.max_compression_ratio: an archive bomb?",
    "nested_archive_too_deep": "archives nested deeper than two levels",
    "not_a_file": "a link or device inside an archive",
    # later stages
    "processing_error": "a stage failed on this input alone (a bug: the detail says where)",
}
