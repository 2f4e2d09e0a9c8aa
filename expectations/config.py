"""The publish gate's settings: how wrong a corpus may look before a run fails."""

from __future__ import annotations

from pydantic import Field

from akhbar.tasks.config import FrozenConfig


class GateConfig(FrozenConfig):
    """Corpus-level checks that fail a run which read its corpus wrongly.

    Each share is of the run's articles (or inputs) and must not be exceeded; a run
    over it fails validation with the likely cause and fix. Set one to 1 to turn it off
    (``akhbar run --gate max_undated_share=1``). ``span_check_tokens`` and
    ``span_check_spans`` bound the work of the span checks on large warehouses.
    """

    max_bad_title_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Titles with no Arabic letter, or that look like an id, URL or timestamp "
        "(TREC or JSON read as plain text).",
    )
    max_unparsed_date_share: float = Field(
        default=0.2, ge=0, le=1, description="Articles whose given date was not understood."
    )
    max_undated_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Seed-layout text files with no date line after the title.",
    )
    max_unmapped_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Records that hold a title, date, outlet or URL under a key the field "
        "mapping does not use.",
    )
    max_quarantine_share: float = Field(
        default=0.9, ge=0, le=1, description="Inputs quarantined rather than read."
    )
    min_articles: int = Field(
        default=20,
        ge=0,
        description="The share checks on titles, dates and fields judge runs of at least "
        "this many articles; the quarantine share judges every run.",
    )
    span_check_tokens: int = Field(
        default=500_000,
        ge=1,
        description="Tokens whose text the token-span check compares with the body, and "
        "whose indexes the token check counts exactly, at most: beyond, a fixed sample of "
        "articles holding about as many (a comparison walks the body up to the token: "
        "~4 us a token, ~2 s for 500,000 on 100,000 articles). Every token gets the other "
        "checks, and a lower bound on repeated indexes.",
    )
    span_check_spans: int = Field(
        default=500_000,
        ge=1,
        description="Entity, date, number and source spans whose text the span check "
        "compares with the body, at most: beyond, a fixed sample of articles holding about "
        "as many. Every span gets the other checks.",
    )
