"""Tokenize: article bodies -> one row per token with offsets and a normalised form.

camel-tools is the reference Arabic toolkit, so tokens are exactly what its
``simple_word_tokenize`` returns for the body, and ``token_norm`` is the token after
the camel-tools normalisations chosen in :class:`~akhbar.config.NormalizeConfig`
(``arclean``, dediacritisation, alef, alef maksura, teh marbuta), applied in that order.

Tokens are cut from the original body so that their spans point into it; normalising
is done once per distinct token, not once per occurrence.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import polars as pl

from akhbar.config import NormalizeConfig

TOKEN_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "token_index": pl.Int32,
        "start": pl.Int32,
        "end": pl.Int32,
        "token": pl.String,
        "token_norm": pl.String,
    }
)


@cache
def normalizer(cfg: NormalizeConfig) -> Callable[[str], str]:
    """The camel-tools normalisation pipeline that ``cfg`` selects, as one function.

    Examples
    --------
    >>> normalize = normalizer(NormalizeConfig())
    >>> normalize("إلى المدرسةِ")
    'الي المدرسه'
    >>> normalizer(NormalizeConfig(teh_marbuta=False))("المدرسةِ")
    'المدرسة'
    """
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )

    steps: list[Callable[[str], str]] = []
    if cfg.arclean:
        steps.append(CharMapper.builtin_mapper("arclean").map_string)
    if cfg.dediac:
        steps.append(dediac_ar)
    if cfg.alef:
        steps.append(normalize_alef_ar)
    if cfg.alef_maksura:
        steps.append(normalize_alef_maksura_ar)
    if cfg.teh_marbuta:
        steps.append(normalize_teh_marbuta_ar)

    def normalize(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return normalize


def _spans(body: str, word_tokenize: Callable[[str], list[str]]) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for token in word_tokenize(body):
        start = body.index(token, cursor)
        cursor = start + len(token)
        spans.append((start, cursor))
    return spans


def tokenize(articles: pl.DataFrame, cfg: NormalizeConfig) -> pl.DataFrame:
    """Tokenize ``articles.body`` with camel-tools and normalise each token.

    Parameters
    ----------
    articles
        Needs ``article_id`` and ``body``.
    cfg
        Which camel-tools normalisations produce ``token_norm``.

    Returns
    -------
    pl.DataFrame
        ``TOKEN_SCHEMA``: one row per token; ``body[start:end] == token``.

    Examples
    --------
    >>> tokenize(pl.DataFrame({"article_id": ["a"], "body": ["قالت مصادرُ: 25 عنصراً"]}),
    ...          NormalizeConfig()).select("start", "end", "token", "token_norm").rows()
    [(0, 4, 'قالت', 'قالت'), (5, 11, 'مصادرُ', 'مصادر'), (11, 12, ':', ':'), (13, 15, '25', '25'), (16, 22, 'عنصراً', 'عنصرا')]
    """  # noqa: E501
    from camel_tools.tokenizers.word import simple_word_tokenize

    spans = pl.Series(
        "span",
        [_spans(body, simple_word_tokenize) for body in articles["body"]],
        dtype=pl.List(pl.List(pl.Int32)),
    )
    tokens = (
        articles.select("article_id", "body", spans)
        .explode("span")
        .filter(pl.col("span").is_not_null())
        .with_columns(
            token_index=pl.int_range(pl.len(), dtype=pl.Int32).over("article_id"),
            start=pl.col("span").list.get(0),
            end=pl.col("span").list.get(1),
        )
        .with_columns(
            token=pl.col("body").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
        )
        .drop("body", "span")
    )
    normalize = normalizer(cfg)
    distinct = tokens.select(pl.col("token").unique())
    lookup = distinct.with_columns(
        token_norm=pl.Series([normalize(t) for t in distinct["token"]], dtype=pl.String)
    )
    return (
        tokens.join(lookup, on="token", how="left", maintain_order="left")
        .select(TOKEN_SCHEMA.names())
        .cast(TOKEN_SCHEMA)
    )
