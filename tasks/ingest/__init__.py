"""Ingest: input units (files and records) -> parsed articles, quarantine rows, discards.

Every input unit ends in exactly one ``articles`` or one ``quarantine`` row, and every
line of an article's decoded input in exactly one of its fields or in
``article_discards``. The modules, in the order a unit passes them:

- :mod:`~tasks.ingest.text`: decode, repair mojibake, clean;
- :mod:`~tasks.ingest.layout`: each line's role (title, date, caption, debris, body);
- :mod:`~tasks.ingest.dates`: publication dates in every form corpora write them;
- :mod:`~tasks.ingest.bylines`: bylines, datelines and credits out of the body;
- :mod:`~tasks.ingest.ids`: article ids from the article's own identity.

:func:`ingest` is pure (frames in, frames out); reading files is :mod:`tasks.readers`.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from akhbar.tasks.config import QUARANTINE_REASONS, IngestConfig
from akhbar.tasks.ingest.bylines import split_bylines
from akhbar.tasks.ingest.dates import parse_dates
from akhbar.tasks.ingest.ids import assign_article_ids
from akhbar.tasks.ingest.layout import discards, line_roles, parse
from akhbar.tasks.ingest.schemas import (
    DISCARD_SCHEMA,
    PARSED_SCHEMA,
    QUARANTINE_SCHEMA,
    UNIT_SCHEMA,
)
from akhbar.tasks.ingest.text import (
    ARABIC_LETTERS,
    clean,
    decode,
    decode_bytes,
    non_space_chars,
    repair_mojibake,
)

__all__ = [
    "DISCARD_SCHEMA",
    "PARSED_SCHEMA",
    "QUARANTINE_REASONS",
    "QUARANTINE_SCHEMA",
    "UNIT_SCHEMA",
    "Ingested",
    "clean",
    "decode",
    "decode_bytes",
    "ingest",
    "parse_dates",
    "withdraw",
]


class Ingested(NamedTuple):
    """What :func:`ingest` makes of a shard."""

    articles: pl.DataFrame  #: ``PARSED_SCHEMA``
    quarantine: pl.DataFrame  #: ``QUARANTINE_SCHEMA``
    discards: pl.DataFrame  #: ``DISCARD_SCHEMA``, lines of the articles no field keeps


_STATUS = ["unit", "encoding", "reason", "detail", "n_controls_removed", "mojibake"]


def _texts(units: pl.DataFrame, cfg: IngestConfig) -> pl.DataFrame:
    """Seed-layout files: decoded, repaired and cleaned ``text``."""
    texts = decode(units, cfg)
    fixed, mojibake = repair_mojibake(texts["text"])
    cleaned, n_removed = clean(fixed)
    return texts.select(*_STATUS[:4], text=cleaned, n_controls_removed=n_removed, mojibake=mojibake)


def _records(units: pl.DataFrame) -> pl.DataFrame:
    """Records: their title, body and summary repaired and cleaned; other fields trimmed."""
    body, mojibake = repair_mojibake(units["body"])
    body, n_removed = clean(body)
    title, _ = clean(repair_mojibake(units["title"])[0])
    summary, _ = clean(repair_mojibake(units["summary"])[0])
    trimmed = ("published", "outlet", "url", "author", "section", "record_id")
    return units.select(
        *_STATUS[:4],
        "published",
        text=body,
        title=title.str.strip_chars().replace("", None),
        summary=summary.str.strip_chars().replace("", None),
        n_controls_removed=n_removed,
        mojibake=mojibake,
    ).with_columns(
        *(units[c].str.strip_chars().replace("", None).alias(f"_{c}") for c in trimmed[1:])
    )


def _reason(cfg: IngestConfig) -> pl.Expr:
    is_text = pl.col("input_format") == "text"
    return pl.coalesce(
        "reason",
        pl.when(pl.col("mojibake") == "unrepairable").then(pl.lit("mojibake")),
        pl.when(pl.col("title").is_null() & is_text).then(pl.lit("empty_text")),
        pl.when(pl.col("longest_line") > cfg.max_line_chars).then(pl.lit("line_too_long")),
        pl.when(pl.col("n_paragraphs").fill_null(0) == 0).then(
            pl.when(is_text).then(pl.lit("no_body")).otherwise(pl.lit("empty_body"))
        ),
        pl.when(pl.col("body").str.len_chars() > cfg.max_body_chars).then(pl.lit("body_too_large")),
        pl.when(cfg.require_arabic & ~pl.col("body").str.contains(ARABIC_LETTERS)).then(
            pl.lit("no_arabic")
        ),
    )


def _detail(cfg: IngestConfig) -> pl.Expr:
    reason = pl.col("reason")
    return pl.coalesce(
        "detail",
        pl.when(reason == "line_too_long").then(
            pl.format(
                "a line of {} characters (limit {})", "longest_line", pl.lit(cfg.max_line_chars)
            )
        ),
        pl.when(reason == "body_too_large").then(
            pl.format(
                "a body of {} characters (limit {}: ingest.max_body_chars)",
                pl.col("body").str.len_chars(),
                pl.lit(cfg.max_body_chars),
            )
        ),
        pl.when(reason == "duplicate_article_id").then(
            pl.format("article id {} is taken by another input of this run", "article_id")
        ),
        reason.replace_strict(QUARANTINE_REASONS, default=None, return_dtype=pl.String),
    )


def _fields(texts: pl.DataFrame, records: pl.DataFrame, roles: pl.DataFrame) -> pl.DataFrame:
    """Per unit, text file or record: every article field ingest fills, bylines split off."""
    parsed = parse(roles)
    parsed_texts = (
        texts.select(_STATUS)
        .join(parsed, on="unit", how="left")
        .with_columns(published_date=parse_dates(pl.col("date_line")), published_text="date_line")
    )
    parsed_records = (
        records.drop("text")
        .join(parsed.drop("title", "caption", "date_line"), on="unit", how="left")
        .with_columns(
            published_text=pl.col("published").str.strip_chars().replace("", None),
            n_input_chars=pl.col("n_input_chars").fill_null(0)
            + non_space_chars(pl.col("title")).fill_null(0),
            longest_line=pl.lit(None, pl.UInt32),
            n_paragraphs=pl.col("n_paragraphs").fill_null(0),
        )
        .with_columns(published_date=parse_dates(pl.col("published_text")))
    )
    parsed = pl.concat(
        [parsed_texts.drop("date_line"), parsed_records.drop("published")],
        how="diagonal_relaxed",
    )
    has_body = pl.col("body").is_not_null()
    parsed = pl.concat(
        [
            split_bylines(parsed.filter(has_body)),
            parsed.filter(~has_body).with_columns(byline=pl.lit(None, pl.String)),
        ],
        how="diagonal_relaxed",
    ).with_columns(
        n_paragraphs=pl.when(has_body)
        .then(pl.col("body").str.count_matches("\n\n") + 1)
        .otherwise(pl.col("n_paragraphs"))
        .cast(pl.Int32),
        encoding=pl.when(pl.col("mojibake") == "repaired")
        .then(pl.format("{} (mojibake repaired)", "encoding"))
        .otherwise("encoding"),
    )
    return parsed


def ingest(units: pl.DataFrame, cfg: IngestConfig, seen_ids: pl.Series | None = None) -> Ingested:
    r"""Decode, clean and parse one shard of input units into articles.

    Parameters
    ----------
    units
        ``UNIT_SCHEMA`` rows: text files (seed layout) and records.
    cfg
        Decoding, cleaning and layout settings.
    seen_ids
        Article ids already taken earlier in the run: a unit whose id collides with one
        is quarantined (``duplicate_article_id``) rather than overwriting it.

    Returns
    -------
    Ingested
        ``articles``, ``quarantine`` and ``discards``. Every input unit ends in exactly
        one of the first two; every quarantine row says why.

    Examples
    --------
    >>> units = pl.DataFrame(
    ...     [{"source_uri": "file:///c/001_00000000000000aa.txt", "input_format": "text",
    ...       "file_name": "001_00000000000000aa.txt",
    ...       "raw": "عنوان\n\n4 آذار 2019\n+ الخط -\nفقرة أولى.".encode()}], schema=UNIT_SCHEMA)
    >>> articles, quarantine, discarded = ingest(units, IngestConfig())
    >>> articles.select("article_id", "published_date", "body").row(0)
    ('00000000000000aa', datetime.date(2019, 3, 4), 'فقرة أولى.')
    >>> discarded.select("line_no", "text", "reason").row(0)
    (4, '+ الخط -', 'debris')
    """
    units = units.with_row_index("unit").with_columns(assign_article_ids(units))
    pending = pl.col("reason").is_null()
    is_text = pl.col("input_format") == "text"

    texts = _texts(units.filter(is_text & pending), cfg)
    records = _records(units.filter(~is_text & pending))
    roles = line_roles(
        pl.concat(
            [
                texts.select("unit", "text", header=pl.lit(True)),
                records.select("unit", "text", header=pl.lit(False)),
            ]
        ),
        cfg,
    )
    parsed = _fields(texts, records, roles)
    record_fields = ("outlet", "url", "author", "section", "record_id")
    docs = (
        units.drop("encoding", "title", "body", "summary", "reason", "detail", "published")
        .join(parsed, on="unit", how="left", maintain_order="left")
        .with_columns(
            reason=pl.coalesce(pl.col("reason"), units["reason"]),
            detail=pl.coalesce(pl.col("detail"), units["detail"]),
            # records' metadata, trimmed (text files have none)
            **{c: pl.when(is_text).then(pl.col(c)).otherwise(f"_{c}") for c in record_fields},
        )
    )
    seen = seen_ids if seen_ids is not None else pl.Series(dtype=pl.String)
    docs = docs.with_columns(reason=_reason(cfg)).with_columns(
        reason=pl.coalesce(
            "reason",
            pl.when(
                pl.col("article_id").is_in(seen.implode())
                | ~pl.col("article_id").is_first_distinct()
            ).then(pl.lit("duplicate_article_id")),
        )
    )
    docs = docs.with_columns(detail=_detail(cfg))
    kept = docs.filter(pl.col("reason").is_null())
    articles = kept.select(PARSED_SCHEMA.names()).cast(PARSED_SCHEMA)
    quarantine = docs.filter(pl.col("reason").is_not_null()).select(QUARANTINE_SCHEMA.names())
    discarded = (
        discards(roles)
        .join(kept.select("unit", "article_id"), on="unit", how="inner", maintain_order="left")
        .select(DISCARD_SCHEMA.names())
        .cast(DISCARD_SCHEMA)
    )
    return Ingested(articles, quarantine.cast(QUARANTINE_SCHEMA), discarded)


def withdraw(
    frames: dict[str, pl.DataFrame], article_ids: pl.Series, reason: str, detail: pl.Expr
) -> dict[str, pl.DataFrame]:
    """Move articles to quarantine after ingest: their rows leave every frame.

    For what only a later step can see: an id an earlier shard of the run holds
    (``duplicate_article_id``), a body with no token (``no_text``), a stage that failed
    on this article alone (``processing_error``). The quarantine row's ``raw`` is the
    article's text fields as JSON, so nothing is lost.

    Parameters
    ----------
    frames
        A shard's frames by staged table name; those with ``article_id`` are filtered.
    article_ids
        The articles to withdraw.
    reason, detail
        The quarantine reason, and an expression over the article's columns.
    """
    articles = frames["articles"]
    moved = articles.filter(pl.col("article_id").is_in(article_ids.implode()))
    if moved.height == 0:
        return frames
    text_fields = ("title", "published_text", "caption", "byline", "body", "outlet", "url")
    rows = moved.select(
        "source_uri",
        "input_format",
        reason=pl.lit(reason),
        detail=detail,
        raw=pl.struct(*text_fields, pl.col("published_date").cast(pl.String))
        .struct.json_encode()
        .cast(pl.Binary),
    ).cast(QUARANTINE_SCHEMA)
    ids = moved["article_id"].implode()
    out = {
        name: frame.filter(~pl.col("article_id").is_in(ids)) if "article_id" in frame else frame
        for name, frame in frames.items()
    }
    out["quarantine"] = pl.concat([frames["quarantine"], rows], how="diagonal_relaxed")
    return out


def withdraw_taken_ids(
    frames: dict[str, pl.DataFrame], taken: pl.Series
) -> dict[str, pl.DataFrame]:
    """Quarantine a shard's articles whose id an earlier shard of the run already holds.

    Shards are processed independently (in parallel, from cache); the run checks ids
    across shards as it stages them, in input order, so the first input keeps the id
    as :func:`ingest` does within a shard.
    """
    return withdraw(
        frames,
        taken,
        "duplicate_article_id",
        pl.format("article id {} is taken by another input of this run", "article_id"),
    )
