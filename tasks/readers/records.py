"""One record (a JSON object, a CSV row, a TREC ``<DOC>``, an HTML page) -> one input unit.

Record keys are matched to akhbar's fields without regard to case, by the preset or
``--field``. Values that are text, numbers, dates or timestamps (typed Parquet columns)
are kept as text; a list of paragraphs is a body; a list elsewhere is joined with
``; ``. What cannot become an article becomes a quarantine unit with its reason:
``invalid_record``, ``invalid_field_type``, ``empty_body``, ``number_too_large``,
``invalid_surrogate``, ``too_deeply_nested``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from akhbar.tasks.config import FIELD_PRESETS, RECORD_FIELDS, ReadConfig

Unit = tuple[Any, ...]
#: Python converts at most this many digits of an integer (CPython's default limit).
MAX_INT_DIGITS = 4300


class HugeNumber(str):
    """A JSON integer too long to convert: kept as its digits, and the record refused."""


def parse_int(digits: str) -> int | HugeNumber:
    """``json.loads(..., parse_int=parse_int)``: huge integers do not stop the parse."""
    return HugeNumber(digits) if len(digits.lstrip("-")) > MAX_INT_DIGITS else int(digits)


def unit(
    uri: str,
    name: str | None,
    fmt: str,
    how: str,
    raw: bytes | None = None,
    reason: str | None = None,
    detail: str | None = None,
    encoding: str | None = None,
    unmapped: str | None = None,
    values: dict[str, str | None] | None = None,
) -> Unit:
    """A ``UNIT_SCHEMA`` tuple (columns in order)."""
    values = values or {}
    fields = (values.get(f) for f in RECORD_FIELDS)
    return (uri, name, fmt, how, raw, reason, detail, encoding, unmapped, *fields)


def _has_huge_number(value: Any) -> bool:
    if isinstance(value, HugeNumber):
        return True
    if isinstance(value, dict):
        return any(_has_huge_number(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_huge_number(v) for v in value)
    return False


def _scalar(value: Any) -> str | None:
    """A metadata value as text, or None if it is not a scalar."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool | str | int | float | Decimal):
        return str(value)
    return None


def _as_text(field: str, value: Any) -> tuple[str | None, str | None]:
    """``(text, problem)`` for one field's value."""
    if field == "body":
        if isinstance(value, str):
            return value, None
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "\n\n".join(value), None  # a list of paragraphs
        return None, f"body is {type(value).__name__}, not text"
    if (text := _scalar(value)) is not None:
        return text, None
    if isinstance(value, list) and all(_scalar(v) is not None for v in value):
        return "; ".join(_scalar(v) for v in value), None
    return json.dumps(value, ensure_ascii=False, default=str), None


class RecordMapper:
    """Maps records to units with one field mapping (``ReadConfig.field_keys``)."""

    def __init__(self, cfg: ReadConfig) -> None:
        self.keys = cfg.field_keys()
        auto = FIELD_PRESETS["auto"]
        # keys the auto preset would try but this mapping does not: a record holding a
        # value under one of them while its field stays empty is reported as unmapped
        self.unmapped_keys = {
            f: tuple(k for k in auto[f] if k not in self.keys[f]) for f in RECORD_FIELDS
        }

    def __call__(
        self, uri: str, name: str | None, fmt: str, how: str, record: Any, encoding: str | None
    ) -> Unit:
        """The unit of one record."""
        try:
            raw = json.dumps(record, ensure_ascii=False, default=str).encode()
        except UnicodeEncodeError as exc:
            raw = json.dumps(record, default=str).encode()  # \ud800 escaped: nothing lost
            detail = f"a lone surrogate at position {exc.start} of a string"
            return unit(uri, name, fmt, how, raw, "invalid_surrogate", detail)
        except RecursionError:
            return unit(uri, name, fmt, how, None, "too_deeply_nested", "nested too deep")
        if not isinstance(record, dict):
            detail = f"a {type(record).__name__}, not an object"
            return unit(uri, name, fmt, how, raw, "invalid_record", detail)
        if _has_huge_number(record):
            detail = f"an integer of more than {MAX_INT_DIGITS} digits"
            return unit(uri, name, fmt, how, raw, "number_too_large", detail)
        lower: dict[str, Any] = {}
        for key, value in record.items():
            lower.setdefault(str(key).strip().lower(), value)
        values: dict[str, str | None] = {}
        unmapped = []
        for field in RECORD_FIELDS:
            value = next(
                (lower[k] for k in self.keys[field] if lower.get(k) not in (None, "", [])), None
            )
            if value is None:
                values[field] = None
                missed = next((k for k in self.unmapped_keys[field] if lower.get(k)), None)
                if missed:
                    unmapped.append(f"{field}={missed}")
                continue
            text, problem = _as_text(field, value)
            if problem:
                return unit(uri, name, fmt, how, raw, "invalid_field_type", problem)
            values[field] = text
        if values["body"] is None or not values["body"].strip():
            tried = "/".join(self.keys["body"])
            return unit(uri, name, fmt, how, raw, "empty_body", f"no text under {tried}")
        return unit(
            uri, name, fmt, how, raw, None, None, encoding, ",".join(unmapped) or None, values
        )
