"""Facts about written Arabic that several stages share: digits, months, weekdays.

Month names come from ``lexicons/months.tsv`` (CLDR's names for every Arabic locale,
the spellings newsrooms add, and the Hijri months; ``scripts/build_months.py`` writes
it), so ingest's date lines, metadata dates and extraction read the same months.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

#: Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits to ASCII.
DIGIT_MAP = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}
DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
DIGITS = [*"0123456789", *DIGIT_MAP]  #: the characters of :data:`DIGIT`
WEEKDAYS = (
    "السبت",
    "الأحد",
    "الاحد",
    "الإثنين",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
)


@cache
def _months(calendar: str) -> dict[str, int]:
    table = resources.files("akhbar.tasks").joinpath("lexicons", "months.tsv").read_text("utf-8")
    months = {}
    for line in table.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, month, kind, _source = line.split("\t")
        if kind == calendar:
            months[name] = int(month)
    return months


#: Gregorian month name -> month number, every region's names.
MONTHS: dict[str, int] = _months("gregorian")
#: The month names of Modern Standard Arabic (CLDR ``ar``), January first: for writing.
STANDARD_MONTHS = tuple(
    [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ]
)
#: Hijri month name -> month number (محرم 1 ... ذو الحجة 12).
HIJRI_MONTHS: dict[str, int] = _months("hijri")


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first (so كانون الثاني beats كانون)."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic digits written as ASCII digits.

    >>> ascii_digits("٢٠١٩/۰۷")
    '2019/07'
    """
    return text.translate(str.maketrans(DIGIT_MAP))
