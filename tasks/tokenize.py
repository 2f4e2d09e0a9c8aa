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

    ids, indexes, starts, ends, texts = [], [], [], [], []
    for article_id, body in articles.select("article_id", "body").iter_rows():
        cursor = 0
        words = simple_word_tokenize(body)
        for token in words:
            start = body.index(token, cursor)
            cursor = start + len(token)
            starts.append(start)
            ends.append(cursor)
            texts.append(token)
        ids.extend([article_id] * len(words))
        indexes.extend(range(len(words)))
    tokens = pl.DataFrame(
        {"article_id": ids, "token_index": indexes, "start": starts, "end": ends, "token": texts},
        schema={k: v for k, v in TOKEN_SCHEMA.items() if k != "token_norm"},
    )
    normalize = normalizer(cfg)
    distinct = tokens.get_column("token").unique()
    lookup = dict(zip(distinct, (normalize(t) for t in distinct), strict=True))
    return tokens.with_columns(
        token_norm=pl.col("token").replace_strict(lookup, return_dtype=pl.String)
    )
