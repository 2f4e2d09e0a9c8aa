"""Publication dates as corpora write them -> ``pl.Date``.

One parser for a seed-layout file's date line and a record's date field. It reads,
after turning Arabic-Indic digits into ASCII:

- ISO 8601 with or without time and offset (``2017-01-26T08:31:00+01:00``): the date
  as written, in the outlet's own time zone (no conversion to UTC);
- ``YYYY/MM/DD`` and ``YYYY.MM.DD``;
- ``DD/MM/YYYY``, ``D-M-YYYY``, ``DD.MM.YYYY``: **day first**, as Arabic outlets write;
  month first only when day first is impossible (``07/15/2015``);
- Arabic month names of every region (``13 فبراير 2019``, ``4 آذار 2019``,
  ``28 شباط/فبراير 2019``, ``5 جانفي 2020``, ``3 غشت 2019``), with an optional
  weekday before and ``م`` after;
- Hijri dates (``15 شوال 1436 هـ``, ``1436/10/15 هـ``), converted with ``hijridate``;
  where a line gives both (``21 يوليو 2015 م - 5 شوال 1436 هـ``) the Gregorian wins;
- RFC 2822 and English month names (``Tue, 21 Jul 2015 02:51:32 +0300``,
  ``July 21, 2015``);
- Unix epoch seconds or milliseconds (``1437447092``), as UTC.

Anything else, or a date outside 1800-2200, parses to null; the caller keeps the raw
text (``articles.published_text``) so nothing is lost.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from akhbar.tasks.arabic import DIGIT, DIGIT_MAP, HIJRI_MONTHS, MONTHS, WEEKDAYS, alternation

ENGLISH_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = rf"(?:{alternation(MONTHS)})"
_HIJRI = rf"(?:{alternation(HIJRI_MONTHS)})"
_ENGLISH = rf"(?:{alternation(ENGLISH_MONTHS)})"
_WEEKDAY = rf"(?:{alternation(WEEKDAYS)})"
_D = rf"{DIGIT}{{1,2}}"
_Y = rf"{DIGIT}{{4}}"
_ERA = r"(?:\s*(?:م|مـ|ميلادي|ميلادية))?"
_HIJRI_ERA = r"\s*(?:هـ|ه|هجري|هجرية)"

#: One date, as a date line writes it (named groups say which form matched).
DATE_EXPRESSION = (
    rf"(?:{_WEEKDAY}\s*[،,]?\s*)?(?:"
    rf"{_D}\s+(?:من\s+)?{_MONTH}(?:\s*/\s*{_MONTH})?\s*[،,]?\s+{_Y}{_ERA}"
    rf"|{_D}\s+{_HIJRI}\s+{_Y}(?:{_HIJRI_ERA})?"
    rf"|{_Y}[-/.]{_D}[-/.]{_D}(?:{_HIJRI_ERA}|{_ERA})"
    rf"|{_D}[-/.]{_D}[-/.]{_Y}(?:{_HIJRI_ERA}|{_ERA})"
    rf")"
)
_TIME = (
    rf"(?:\s*[-–،,|]?\s*(?:الساعة\s+)?{DIGIT}{{1,2}}[:.]{DIGIT}{{2}}(?:[:.]{DIGIT}{{2}})?"
    r"(?:\s*(?:ص|م|AM|PM|am|pm))?)"
)
#: A whole line that is a publication date: a date, maybe the same day in the other
#: calendar after a separator, maybe a time.
DATE_LINE = rf"^{DATE_EXPRESSION}(?:\s*[-–|/،,]\s*{DATE_EXPRESSION})?{_TIME}?$"

_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_])"
_YMD = r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:$|\D)"
_DMY = r"(?:^|[^\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:$|\D)"
_ARABIC = rf"(\d{{1,2}})\s+(?:من\s+)?({_MONTH})(?:\s*/\s*{_MONTH})?\s*[،,]?\s+(\d{{4}})"
_HIJRI_TEXT = rf"(\d{{1,2}})\s+({_HIJRI})\s+(\d{{4}})"
_RFC = rf"(?i)(?:^|[^a-z])(\d{{1,2}})\s+({_ENGLISH})\.?\s+(\d{{4}})"
_ENGLISH_FIRST = rf"(?i)(?:^|[^a-z])({_ENGLISH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})"
_EPOCH = r"^(\d{9,10})(?:\.\d+)?$"
_EPOCH_MS = r"^(\d{12,13})$"
_HIJRI_MARK = r"(?:هـ|ه|هجري|هجرية)\s*$"

EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)


def _ascii(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_many(list(DIGIT_MAP), list(DIGIT_MAP.values()))


def _ymd(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    return pl.concat_str(y, m.str.zfill(2), d.str.zfill(2), separator="-").str.to_date(
        "%Y-%m-%d", strict=False
    )


def _groups(text: pl.Expr, pattern: str, order: tuple[int, int, int]) -> pl.Expr:
    """The date the first match of ``pattern`` gives; ``order``: groups of y, m, d."""
    y, m, d = (text.str.extract(pattern, g) for g in order)
    return _ymd(y, m, d)


def _hijri_to_gregorian(value: str | None) -> dt.date | None:
    """``"1436-10-15"`` (Hijri y-m-d) -> its Gregorian day, or None when impossible."""
    if value is None:
        return None
    from hijridate import Hijri

    try:
        year, month, day = (int(p) for p in value.split("-"))
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _hijri(text: pl.Expr) -> pl.Expr:
    textual = pl.concat_str(
        text.str.extract(_HIJRI_TEXT, 3),
        text.str.extract(_HIJRI_TEXT, 2).replace_strict(
            HIJRI_MONTHS, default=None, return_dtype=pl.String
        ),
        text.str.extract(_HIJRI_TEXT, 1),
        separator="-",
    )
    marked = text.str.contains(_HIJRI_MARK)
    numeric = pl.when(marked).then(
        pl.coalesce(
            pl.concat_str(*(text.str.extract(_YMD, g) for g in (1, 2, 3)), separator="-"),
            pl.concat_str(*(text.str.extract(_DMY, g) for g in (3, 2, 1)), separator="-"),
        )
    )
    return pl.coalesce(textual, numeric).map_elements(
        _hijri_to_gregorian, return_dtype=pl.Date, skip_nulls=True
    )


def parse_dates(texts: pl.Expr) -> pl.Expr:
    """Dates written in any of the module's forms -> ``pl.Date`` (null when none fits).

    Examples
    --------
    >>> values = ["2017-01-26T08:31:00+01:00", "15/7/2015", "07/15/2015",
    ...           "الثلاثاء 21 يوليو 2015 م", "15 شوال 1436 هـ", "٢٢ سبتمبر ٢٠١٩",
    ...           "Tue, 21 Jul 2015 02:51:32 +0300", "1437447092", "قريبا"]
    >>> pl.select(d=parse_dates(pl.Series(values).implode().explode())).to_series().to_list()
    ... # doctest: +NORMALIZE_WHITESPACE
    [datetime.date(2017, 1, 26), datetime.date(2015, 7, 15), datetime.date(2015, 7, 15),
     datetime.date(2015, 7, 21), datetime.date(2015, 7, 31), datetime.date(2019, 9, 22),
     datetime.date(2015, 7, 21), datetime.date(2015, 7, 21), None]
    """
    text = _ascii(texts.str.strip_chars()).str.replace_all(r"\s+", " ")
    marked_hijri = text.str.contains(_HIJRI_MARK) & ~text.str.contains(_ARABIC)
    gregorian = pl.coalesce(
        _groups(text, _ISO, (1, 2, 3)),
        _groups(text, _YMD, (1, 2, 3)),
        _groups(text, _DMY, (3, 2, 1)),
        _groups(text, _DMY, (3, 1, 2)),  # month first only when day first is impossible
        _ymd(
            text.str.extract(_ARABIC, 3),
            text.str.extract(_ARABIC, 2).replace_strict(
                MONTHS, default=None, return_dtype=pl.String
            ),
            text.str.extract(_ARABIC, 1),
        ),
        *(
            _ymd(
                text.str.extract(pattern, y),
                text.str.extract(pattern, m)
                .str.to_lowercase()
                .replace_strict(ENGLISH_MONTHS, default=None, return_dtype=pl.String),
                text.str.extract(pattern, d),
            )
            for pattern, (y, m, d) in ((_RFC, (3, 2, 1)), (_ENGLISH_FIRST, (3, 1, 2)))
        ),
        pl.from_epoch(text.str.extract(_EPOCH, 1).cast(pl.Int64, strict=False), "s").dt.date(),
        pl.from_epoch(text.str.extract(_EPOCH_MS, 1).cast(pl.Int64, strict=False), "ms").dt.date(),
    )
    parsed = (
        pl.when(marked_hijri).then(_hijri(text)).otherwise(pl.coalesce(gregorian, _hijri(text)))
    )
    return pl.when(parsed.is_between(EARLIEST, LATEST)).then(parsed)
