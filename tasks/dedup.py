"""Deduplicate (first cut): exact copies of the normalised text.

Two articles are exact duplicates when their bodies have the same sequence of
normalised word tokens, punctuation and symbols left out: re-scrapes that differ
only in diacritics, hamza spelling, spacing or punctuation collapse together.

:func:`content_hashes` runs per shard; :func:`exact_duplicates` runs once per run on
every article that shares a hash with this run (from the warehouse as well), so a
copy of an article loaded last week is found too.
"""

from __future__ import annotations

import hashlib

import polars as pl

HASH_SCHEMA = pl.Schema({"article_id": pl.String, "content_hash": pl.String})
MEMBER_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "content_hash": pl.String,
        "published_date": pl.Date,
        "body_chars": pl.Int64,
    }
)
DUPLICATE_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "cluster_id": pl.String,
        "canonical_article_id": pl.String,
        "method": pl.String,
        "similarity": pl.Float64,
    }
)
PUNCT_OR_SYMBOL = r"^[\p{P}\p{S}\s]*$"


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def content_hashes(articles: pl.DataFrame, tokens: pl.DataFrame) -> pl.DataFrame:
    """Hash each article's normalised word tokens (``tokens.token_norm``, in order).

    Returns
    -------
    pl.DataFrame
        ``HASH_SCHEMA``, one row per article of ``articles``.
    """
    folded = (
        tokens.filter(~pl.col("token_norm").str.contains(PUNCT_OR_SYMBOL))
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("token_norm").str.join(" ").alias("folded"))
    )
    keyed = articles.select("article_id").join(
        folded, on="article_id", how="left", maintain_order="left"
    )
    digests = [_digest(text or "") for text in keyed["folded"]]
    return keyed.select("article_id", content_hash=pl.Series(digests, dtype=pl.String))


def exact_duplicates(members: pl.DataFrame) -> pl.DataFrame:
    """Cluster articles with equal ``content_hash`` and pick each cluster's canonical.

    The canonical article is the earliest published (undated last), then the longest,
    then the smallest id, so the choice does not depend on load order. Articles
    without a copy get no row.

    Parameters
    ----------
    members
        ``MEMBER_SCHEMA``: every article that may share a hash, one row each.

    Returns
    -------
    pl.DataFrame
        ``DUPLICATE_SCHEMA``: one row per member of a cluster of two or more.

    Examples
    --------
    >>> import datetime as dt
    >>> members = pl.DataFrame({
    ...     "article_id": ["b", "a", "c"], "content_hash": ["h", "h", "x"],
    ...     "published_date": [dt.date(2019, 3, 1), dt.date(2019, 3, 2), None],
    ...     "body_chars": [10, 10, 5]}, schema=MEMBER_SCHEMA)
    >>> exact_duplicates(members).select("article_id", "canonical_article_id").rows()
    [('b', 'b'), ('a', 'b')]
    """
    ranked = members.unique("article_id", keep="first", maintain_order=True).sort(
        ["published_date", "body_chars", "article_id"],
        descending=[False, True, False],
        nulls_last=True,
    )
    return (
        ranked.filter(pl.len().over("content_hash") > 1)
        .select(
            "article_id",
            cluster_id="content_hash",
            canonical_article_id=pl.col("article_id").first().over("content_hash"),
            method=pl.lit("exact"),
            similarity=pl.lit(1.0),
        )
        .cast(DUPLICATE_SCHEMA)
    )
