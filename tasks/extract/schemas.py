"""The frames extraction makes: one row per mention, with its span in the body."""

from __future__ import annotations

import polars as pl

_SPAN = {"article_id": pl.String, "start": pl.Int32, "end": pl.Int32, "text": pl.String}
ENTITY_SCHEMA = pl.Schema(_SPAN | {"type": pl.String, "canonical": pl.String})
DATE_SCHEMA = pl.Schema(
    _SPAN | {"value": pl.Date, "precision": pl.String, "role": pl.String, "flag": pl.String}
)
NUMBER_SCHEMA = pl.Schema(
    _SPAN
    | {
        "value": pl.Float64,
        "qualifier": pl.String,
        "counted": pl.String,
        "magnitude": pl.Float64,
    }
)
SOURCE_SCHEMA = pl.Schema(_SPAN | {"kind": pl.String, "name": pl.String})
