"""Dates in bodies, absolute and relative to the publication date."""

from __future__ import annotations

import datetime as dt

import polars as pl

from akhbar.tasks.arabic import DIGIT, MONTHS, alternation
from akhbar.tasks.extract.schemas import DATE_SCHEMA
from akhbar.tasks.extract.text import (
    ASCII_DIGITS,
    WordStartMatch,
    WordStartPattern,
    fold,
    frame_of,
    with_folds,
)

# --- dates -------------------------------------------------------------------------
WEEKDAY_NUMBER = {
    "الاثنين": 0,
    "الثلاثاء": 1,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
}
RELATIVE_DAYS = {
    "امس الاول": -2,
    "اول من امس": -2,
    "اول امس": -2,
    "امس": -1,
    "اليوم": 0,
    "غدا": 1,
    "بعد غد": 2,
}
_MONTH = alternation(fold(m) for m in MONTHS)
_WEEKDAY = alternation(WEEKDAY_NUMBER)
_PART_OF_DAY = r"(?:مساء|صباح|ظهر|فجر|ليله|عصر|ظهيره)"
DATE_RE = WordStartPattern(  # at a word start, or after a glued و ف ب
    rf"(?:"
    rf"(?:(?:يوم\s+)?(?P<day_weekday>{_WEEKDAY})\s+)?"
    rf"(?P<day>{DIGIT}{{1,2}})\s+(?:من\s+)?(?P<month>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?"
    rf"(?:\s+(?:(?:من\s+)?(?:العام|عام)\s+)?(?P<year>{DIGIT}{{4}}))?"
    rf"|(?P<month_only>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?\s+(?P<month_year>{DIGIT}{{4}})"
    rf"|(?:عام|سنه|العام)\s+(?P<year_only>{DIGIT}{{4}})"
    rf"|(?:{_PART_OF_DAY}\s+)?(?P<relative>{alternation(RELATIVE_DAYS)})"
    rf"(?:\s+(?P<rel_weekday>{_WEEKDAY}))?"
    rf"|ليله\s+(?P<night_from>{_WEEKDAY})\s+(?:علي\s+)?(?P<night_to>{_WEEKDAY})"
    rf"|(?:{_PART_OF_DAY}\s+)?(?:يوم\s+)?(?P<weekday>{_WEEKDAY})\s+(?P<direction>الماضي|المقبل|القادم)"
    rf")(?!\w)",
    glued="وفب",
)


def _int(digits: str) -> int:
    return int(digits.translate(ASCII_DIGITS))


def _month(folded: str) -> int:
    return next(v for k, v in MONTHS.items() if fold(k) == folded)


def _last(weekday: int, published: dt.date, include_today: bool) -> dt.date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and not include_today:
        back = 7
    return published - dt.timedelta(days=back)


def _resolve_date(
    m: WordStartMatch, published: dt.date | None
) -> tuple[dt.date | None, str, int | None]:
    """(value, precision, weekday the text names or None)."""
    if m["day"]:
        named = WEEKDAY_NUMBER[m["day_weekday"]] if m["day_weekday"] else None
        year = _int(m["year"]) if m["year"] else (published.year if published else None)
        try:
            value = dt.date(year, _month(m["month"]), _int(m["day"])) if year else None
        except ValueError:
            value = None
        return value, "day", named
    if m["month_only"]:
        return dt.date(_int(m["month_year"]), _month(m["month_only"]), 1), "month", None
    if m["year_only"]:
        return dt.date(_int(m["year_only"]), 1, 1), "year", None
    if published is None:
        return None, "day", None
    if m["relative"]:
        named = WEEKDAY_NUMBER[m["rel_weekday"]] if m["rel_weekday"] else None
        return published + dt.timedelta(days=RELATIVE_DAYS[m["relative"]]), "day", named
    if m["night_from"]:  # the night from one day to the next: the evening it starts
        return _last(WEEKDAY_NUMBER[m["night_from"]], published, include_today=False), "day", None
    target = WEEKDAY_NUMBER[m["weekday"]]
    if m["direction"] == "الماضي":
        return _last(target, published, include_today=False), "day", None
    ahead = (target - published.weekday()) % 7 or 7
    return published + dt.timedelta(days=ahead), "day", None


def extract_dates(articles: pl.DataFrame) -> pl.DataFrame:
    """Date expressions in bodies, resolved against ``published_date``.

    ``role`` is ``event`` (the publication date itself is ``articles.published_date``).
    ``flag`` is ``weekday_mismatch`` when a weekday named with the date is not the
    date's, ``after_publication`` when an event date follows the publication date
    without being announced as coming (``الأحد المقبل``, ``غداً`` are not flagged).

    Examples
    --------
    >>> articles = pl.DataFrame({"article_id": ["a"], "published_date": [dt.date(2019, 2, 13)],
    ...     "body": ["قصفت أمس الأول الإثنين مواقع، وليلة الثلاثاء الأربعاء أيضاً"]})
    >>> extract_dates(articles).select("text", "value", "flag").rows()
    [('أمس الأول الإثنين', datetime.date(2019, 2, 11), None), ('ليلة الثلاثاء الأربعاء', datetime.date(2019, 2, 12), None)]
    """  # noqa: E501
    rows = []
    for article_id, body, published, folded in (
        with_folds(articles).select("article_id", "body", "published_date", "folded").iter_rows()
    ):
        for m in DATE_RE.finditer(folded):
            value, precision, named = _resolve_date(m, published)
            flag = None
            if value is not None and named is not None and value.weekday() != named:
                flag = "weekday_mismatch"
            elif value and published and precision == "day" and value > published:
                announced = m["direction"] in ("المقبل", "القادم") or m["relative"] in (
                    "غدا",
                    "بعد غد",
                )
                flag = None if announced else "after_publication"
            rows.append(
                (article_id, *m.span(), body[m.start() : m.end()], value, precision, "event", flag)
            )
    return frame_of(rows, DATE_SCHEMA)
