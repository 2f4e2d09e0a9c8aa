"""Lines -> fields: every line of a decoded input ends in exactly one place.

A seed-layout file, one article per file::

    title line
    <blank>
    13 فبراير 2019                    <- date line (any form tasks.ingest.dates reads)
    optional photo caption line       <- a caption only when the font buttons follow it
    + الخط -                          <- UI debris, dropped wherever it occurs
    paragraph
    <blank, sometimes a no-break space>
    paragraph ...

Each non-blank line gets one role: ``title``, ``date`` (kept as ``published_text``),
``caption``, ``debris`` (kept in ``article_discards`` with the rule that matched) or
``body``. A record's body has no header: its lines are body or debris, one paragraph
each. Bylines are split off the body later (:mod:`tasks.ingest.bylines`), so that
title + date line + caption + byline + body + discards hold every non-space character
of the input; a critical expectation checks it on every run.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from akhbar.tasks.arabic import STANDARD_MONTHS
from akhbar.tasks.config import IngestConfig
from akhbar.tasks.ingest.dates import DATE_LINE
from akhbar.tasks.ingest.text import non_space_chars

#: What :func:`parse` returns per unit.
PARSED_TEXT_COLUMNS = (
    "unit",
    "title",
    "date_line",
    "caption",
    "body",
    "n_paragraphs",
    "longest_line",
    "n_input_chars",
)


def line_roles(texts: pl.DataFrame, cfg: IngestConfig) -> pl.DataFrame:
    r"""One row per non-blank line with its role.

    Parameters
    ----------
    texts
        ``unit`` (int), ``text`` (cleaned) and ``header`` (bool: a seed-layout file,
        whose first lines are title, date and caption; false for a record's body).

    Returns
    -------
    pl.DataFrame
        ``unit``, ``line_no`` (1-based), ``line`` (stripped), ``role`` (title, date,
        caption, debris, body), ``rule`` (the debris pattern), ``para`` (paragraph id).

    Examples
    --------
    >>> text = "عنوان\n\n13 فبراير 2019\nصورة (أرشيف)\n+ الخط -\nفقرة."
    >>> line_roles(pl.DataFrame({"unit": [0], "text": [text], "header": [True]}),
    ...            IngestConfig()).select("line_no", "role").rows()
    [(1, 'title'), (3, 'date'), (4, 'caption'), (5, 'debris'), (6, 'body')]
    """
    rule = pl.coalesce(
        *(pl.when(pl.col("line").str.contains(p)).then(pl.lit(p)) for p in cfg.debris_patterns),
        pl.lit(None, pl.String),
    )
    lines = (
        texts.select("unit", "header", pl.col("text").str.split("\n").alias("line"))
        .filter(pl.col("line").is_not_null())
        .explode("line")
        .with_columns(
            line_no=pl.int_range(1, pl.len() + 1, dtype=pl.Int32).over("unit"),
            line=pl.col("line").str.strip_chars(),
        )
        .with_columns(is_blank=pl.col("line") == "", rule=rule)
        .with_columns(is_debris=pl.col("rule").is_not_null())
        # a paragraph is a run of non-blank lines (a record: each line); blank and debris
        # lines separate runs
        .with_columns(
            para=pl.when(pl.col("header"))
            .then((pl.col("is_blank") | pl.col("is_debris")).cum_sum().over("unit"))
            .otherwise(pl.col("line_no").cast(pl.UInt32))
        )
        .filter(~pl.col("is_blank"))
        .with_columns(k=pl.int_range(pl.len()).over("unit"))
    )
    content = ~pl.col("is_debris")
    j = pl.when(content).then(pl.col("k") - pl.col("is_debris").cum_sum().over("unit"))
    lines = lines.with_columns(j=j).with_columns(
        is_date=pl.col("header")
        & (pl.col("j") == 1)
        & pl.col("line").str.contains(DATE_LINE).fill_null(False),
        first_debris=pl.col("k").filter(pl.col("is_debris")).min().over("unit"),
        marks_caption=pl.any_horizontal(
            *(pl.col("line").str.contains(p) for p in cfg.caption_markers), pl.lit(False)
        ),
    )
    return lines.select("unit", "line_no", "line", _role(cfg).alias("role"), "rule", "para")


def _role(cfg: IngestConfig) -> pl.Expr:
    """A line's role from its place among its unit's non-blank lines (``k``, ``j``)."""
    header_end = (
        pl.when(pl.col("header"))
        .then(pl.col("is_date").any().over("unit").cast(pl.Int64))
        .otherwise(-1)
    )
    is_caption = (
        pl.col("header")
        & (pl.col("j") == header_end + 1)
        & (pl.col("first_debris") == pl.col("k") + 1)
        & pl.col("marks_caption").shift(-1).over("unit")
        & (pl.col("line").str.len_chars() <= cfg.max_caption_chars)
    ).fill_null(False)
    role = (
        pl.when(pl.col("is_debris"))
        .then(pl.lit("debris"))
        .when(pl.col("header") & (pl.col("j") == 0))
        .then(pl.lit("title"))
        .when(pl.col("is_date"))
        .then(pl.lit("date"))
        .when(is_caption)
        .then(pl.lit("caption"))
        .otherwise(pl.lit("body"))
    )
    return role


def parse(roles: pl.DataFrame) -> pl.DataFrame:
    """Fields per unit from :func:`line_roles`: ``PARSED_TEXT_COLUMNS``.

    ``body`` joins a paragraph's lines with one newline and paragraphs with two.
    ``n_input_chars`` counts the non-space characters of every line.
    """
    heads = roles.group_by("unit").agg(
        title=pl.col("line").filter(pl.col("role") == "title").first(),
        date_line=pl.col("line").filter(pl.col("role") == "date").first(),
        caption=pl.col("line").filter(pl.col("role") == "caption").first(),
        longest_line=pl.col("line").str.len_chars().max(),
        n_input_chars=non_space_chars(pl.col("line")).sum(),
    )
    bodies = (
        roles.filter(pl.col("role") == "body")
        .group_by("unit", "para", maintain_order=True)
        .agg(pl.col("line").str.join("\n"))
        .group_by("unit", maintain_order=True)
        .agg(body=pl.col("line").str.join("\n\n"), n_paragraphs=pl.len().cast(pl.Int32))
    )
    return (
        heads.join(bodies, on="unit", how="left")
        .with_columns(n_paragraphs=pl.col("n_paragraphs").fill_null(0))
        .select(PARSED_TEXT_COLUMNS)
        .sort("unit")
    )


def discards(roles: pl.DataFrame) -> pl.DataFrame:
    """The lines no field keeps: ``unit``, ``line_no``, ``text``, ``reason``, ``rule``."""
    return roles.filter(pl.col("role") == "debris").select(
        "unit", "line_no", text="line", reason=pl.lit("debris"), rule="rule"
    )


def to_seed_layout(
    title: str,
    paragraphs: list[str],
    date: dt.date | None = None,
    caption: str | None = None,
    font_buttons: bool = True,
) -> str:
    """An article written out in the seed layout, as a news site's page would be scraped.

    The date line names the month in Modern Standard Arabic; a caption needs the font
    buttons under it to be read back as one.

    >>> print(to_seed_layout("عنوان", ["فقرة أولى.", "فقرة ثانية."], dt.date(2019, 2, 13)))
    عنوان
    <BLANKLINE>
    13 فبراير 2019
    + الخط -
    <BLANKLINE>
    فقرة أولى.
    <BLANKLINE>
    فقرة ثانية.
    <BLANKLINE>
    """
    lines = [title, ""]
    if date is not None:
        lines.append(f"{date.day} {STANDARD_MONTHS[date.month - 1]} {date.year}")
    if caption is not None:
        lines.append(caption)
    if font_buttons:
        lines.append("+ الخط -")
    lines.append("")
    lines.append("\n\n".join(paragraphs))
    return "\n".join(lines) + "\n"
