"""Dates in bodies, absolute and relative to the publication date."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from akhbar.tasks.arabic import DIGIT, DIGITS, HIJRI_MONTHS, MONTHS, alternation
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
_HIJRI_MONTH = alternation(fold(m) for m in HIJRI_MONTHS)
_HIJRI_ERA = r"\s*(?:هـ|ه)(?!\w)"
_SEP = r"\s*[/-]\s*"
#: The year or month relative to publication: العام الماضي، الشهر الجاري.
YEAR_REL = {"الماضي": -1, "المنصرم": -1, "الجاري": 0, "الحالي": 0, "المقبل": 1, "القادم": 1}
_YEAR_REL = alternation(YEAR_REL)
MONTH_PARTS = [fold(w) for w in ("مطلع", "بداية", "أوائل", "منتصف", "أواخر", "نهاية")]
_MONTH_PART = alternation(MONTH_PARTS)
_WEEKDAY = alternation(WEEKDAY_NUMBER)
PARTS_OF_DAY = ["مساء", "صباح", "ظهر", "فجر", "ليله", "عصر", "ظهيره"]
_PART_OF_DAY = rf"(?:{alternation(PARTS_OF_DAY)})"
#: What every date expression begins with (after a glued و ف ب): DATE_RE's first words.
DATE_STARTS = [
    *DIGITS,
    *(fold(m) for m in MONTHS),
    *(fold(m) for m in HIJRI_MONTHS),
    *WEEKDAY_NUMBER,
    *(r.split()[0] for r in RELATIVE_DAYS),
    *MONTH_PARTS,
    *PARTS_OF_DAY,
    *("يوم", "هذا", "الشهر", "عام", "سنه", "العام"),
]
DATE_RE = WordStartPattern(  # at a word start, or after a glued و ف ب
    rf"(?:"
    rf"(?:(?:يوم\s+)?(?P<hijri_weekday>{_WEEKDAY})\s+)?"
    rf"(?P<hijri_day>{DIGIT}{{1,2}})\s+(?:من\s+)?(?P<hijri_month>{_HIJRI_MONTH})"
    rf"(?:\s+(?:(?:من\s+)?(?:العام|عام)\s+)?(?P<hijri_year>{DIGIT}{{4}}))?(?:{_HIJRI_ERA})?"
    rf"|(?P<n_day>{DIGIT}{{1,2}}){_SEP}(?P<n_month>{DIGIT}{{1,2}}){_SEP}(?P<n_year>{DIGIT}{{4}})"
    rf"(?P<n_hijri>{_HIJRI_ERA})?"
    rf"|(?P<iso_year>{DIGIT}{{4}})(?P<iso_sep>[/-])(?P<iso_month>{DIGIT}{{1,2}})(?P=iso_sep)"
    rf"(?P<iso_day>{DIGIT}{{1,2}})(?P<iso_hijri>{_HIJRI_ERA})?"
    rf"|(?:(?:يوم\s+)?(?P<day_weekday>{_WEEKDAY})\s+)?"
    rf"(?P<day>{DIGIT}{{1,2}})\s+(?:من\s+)?(?P<month>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?"
    rf"(?:\s+(?:(?:من\s+)?(?:العام|عام)\s+)?(?P<year>{DIGIT}{{4}})"
    rf"|\s+(?:من\s+)?(?:العام|السنه)\s+(?P<day_year_rel>{_YEAR_REL}))?"
    rf"|(?P<month_only>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?"
    rf"(?:\s+(?P<month_year>{DIGIT}{{4}})|\s+(?:من\s+)?(?:العام|السنه)\s+(?P<month_year_rel>{_YEAR_REL})"
    rf"|\s+(?P<month_dir>{_YEAR_REL}))"
    rf"|(?:(?:{_MONTH_PART})\s+)?(?:هذا\s+)?الشهر\s+(?P<this_month>{_YEAR_REL})"
    rf"|(?:عام|سنه|العام)\s+(?P<year_only>{DIGIT}{{4}})"
    rf"|(?:{_PART_OF_DAY}\s+)?(?P<relative>{alternation(RELATIVE_DAYS)})"
    rf"(?:\s+(?P<rel_weekday>{_WEEKDAY}))?"
    rf"|ليله\s+(?P<night_from>{_WEEKDAY})\s+(?:علي\s+)?(?P<night_to>{_WEEKDAY})"
    rf"|(?:{_PART_OF_DAY}\s+)?(?:يوم\s+)?(?P<weekday>{_WEEKDAY})\s+(?P<direction>الماضي|المقبل|القادم)"
    rf")(?!\w)",
    glued="وفب",
    starts=DATE_STARTS,
    reach=1,
)


def _int(digits: str) -> int:
    return int(digits.translate(ASCII_DIGITS))


def _month(folded: str) -> int:
    return next(v for k, v in MONTHS.items() if fold(k) == folded)


def _hijri_month(folded: str) -> int:
    return next(v for k, v in HIJRI_MONTHS.items() if fold(k) == folded)


def _last(weekday: int, published: dt.date, include_today: bool) -> dt.date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and not include_today:
        back = 7
    return published - dt.timedelta(days=back)


def _hijri(year: int, month: int, day: int) -> dt.date | None:
    from hijridate import Hijri

    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _hijri_near(month: int, day: int, published: dt.date) -> dt.date | None:
    """The Hijri ``day month`` without a year that lies nearest to ``published``."""
    from hijridate import Gregorian

    try:
        year = Gregorian.fromdate(published).to_hijri().year
    except (ValueError, OverflowError):
        return None
    candidates = [d for y in (year - 1, year, year + 1) if (d := _hijri(y, month, day))]
    return min(candidates, key=lambda d: abs(d - published), default=None)


def _numeric(year: int, month: int, day: int, hijri: bool) -> dt.date | None:
    """A date written in digits; month first only where day first is impossible."""
    if month > 12 >= day:
        month, day = day, month
    if hijri or 1300 <= year <= 1500:
        return _hijri(year, month, day)
    try:
        return dt.date(year, month, day) if 1800 <= year <= 2200 else None
    except ValueError:
        return None


def _resolve_date(
    m: WordStartMatch, published: dt.date | None
) -> tuple[dt.date | None, str, int | None]:
    """(value, precision, weekday the text names or None)."""
    if m["hijri_day"]:
        named = WEEKDAY_NUMBER[m["hijri_weekday"]] if m["hijri_weekday"] else None
        month, day = _hijri_month(m["hijri_month"]), _int(m["hijri_day"])
        if m["hijri_year"]:
            return _hijri(_int(m["hijri_year"]), month, day), "day", named
        return (_hijri_near(month, day, published) if published else None), "day", named
    if m["n_day"]:  # day first, as Arabic outlets write
        value = _numeric(
            _int(m["n_year"]), _int(m["n_month"]), _int(m["n_day"]), bool(m["n_hijri"])
        )
        return value, "day", None
    if m["iso_year"]:
        value = _numeric(
            _int(m["iso_year"]), _int(m["iso_month"]), _int(m["iso_day"]), bool(m["iso_hijri"])
        )
        return value, "day", None
    if m["day"]:
        named = WEEKDAY_NUMBER[m["day_weekday"]] if m["day_weekday"] else None
        year = _int(m["year"]) if m["year"] else (published.year if published else None)
        if m["day_year_rel"] and published:
            year = published.year + YEAR_REL[m["day_year_rel"]]
        try:
            value = dt.date(year, _month(m["month"]), _int(m["day"])) if year else None
        except ValueError:
            value = None
        return value, "day", named
    if m["month_only"]:
        if m["month_year"]:
            return dt.date(_int(m["month_year"]), _month(m["month_only"]), 1), "month", None
        if published is None:
            return None, "month", None
        month = _month(m["month_only"])
        if m["month_year_rel"]:
            year = published.year + YEAR_REL[m["month_year_rel"]]
        elif YEAR_REL[m["month_dir"]] < 0:  # يناير الماضي: the last January before
            year = published.year - (month >= published.month)
        elif YEAR_REL[m["month_dir"]] > 0:  # مارس المقبل: the next March
            year = published.year + (month <= published.month)
        else:
            year = published.year
        return dt.date(year, month, 1), "month", None
    if m["this_month"]:
        if published is None:
            return None, "month", None
        months = published.year * 12 + published.month - 1 + YEAR_REL[m["this_month"]]
        return dt.date(months // 12, months % 12 + 1, 1), "month", None
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


#: Words that announce a date as coming: after it (الأحد المقبل، 20 شوال الجاري), or
#: shortly before it (آخر موعد ...، حتى ...، سيعقد في ...).
COMING_AFTER = re.compile(r"\s*(?:المقبل|القادم|الجاري)(?!\w)")
COMING_BEFORE = re.compile(
    r"(?<!\w)[وف]?(?:حتي|لغايه|المقرر[ه]?|موعد|اعتبارا|ابتداء|بدءا|ستتم|سيتم|سيعقد|ستعقد"
    r"|سيقام|ستقام|ستبدا|سيبدا|ستنطلق|سينطلق|ستستمر|سيستمر|تستمر|يستمر)(?!\w)[^.،؛\n]{0,40}$"
)


def _announced(m: WordStartMatch, folded: str) -> bool:
    """Whether a date after publication is written as coming, not as past."""
    return (
        m["direction"] in ("المقبل", "القادم")
        or m["day_year_rel"] in ("المقبل", "القادم")
        or m["relative"] in ("غدا", "بعد غد")
        or COMING_AFTER.match(folded, m.end()) is not None
        or COMING_BEFORE.search(folded, max(0, m.start() - 60), m.start()) is not None
    )


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
    articles = with_folds(articles)
    rows = []
    for (article_id, body, published, folded), at in zip(
        articles.select("article_id", "body", "published_date", "folded").iter_rows(),
        DATE_RE.word_starts(articles["folded"]),
        strict=True,
    ):
        for m in DATE_RE.finditer(folded, at):
            value, precision, named = _resolve_date(m, published)
            if value is None and (m["n_day"] or m["iso_year"]):
                continue  # digits and slashes that are no date: a reference number
            flag = None
            if value is not None and named is not None and value.weekday() != named:
                flag = "weekday_mismatch"
            elif value and published and precision == "day" and value > published:
                flag = None if _announced(m, folded) else "after_publication"
            rows.append(
                (article_id, *m.span(), body[m.start() : m.end()], value, precision, "event", flag)
            )
    return frame_of(rows, DATE_SCHEMA)
