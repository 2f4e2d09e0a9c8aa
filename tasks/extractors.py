"""Every extractor over one shard, with the entity tagger the config names.

The rules live in :mod:`akhbar.tasks.extract`, the model-based taggers in
:mod:`akhbar.tasks.ner` (which builds on the rules' lexicon); this module picks between
them, so that neither imports the other back.
"""

from __future__ import annotations

import polars as pl
from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract import (
    extract_dates,
    extract_entities,
    extract_numbers,
    extract_sources,
    with_folds,
)
from akhbar.tasks.ner import model_entities


def extract(
    articles: pl.DataFrame, cfg: ExtractConfig
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """All extractors over one shard.

    Returns
    -------
    entities, dates, numbers, sources
        ``ENTITY_SCHEMA``, ``DATE_SCHEMA``, ``NUMBER_SCHEMA``, ``SOURCE_SCHEMA``.
    """
    articles = with_folds(articles)
    if cfg.ner_backend == "default":
        entities = extract_entities(articles, cfg)
    else:
        entities = model_entities(articles, cfg)
    dates = extract_dates(articles)
    return entities, dates, extract_numbers(articles, dates), extract_sources(articles, entities)
