"""Numbers in digits and words, duals, vague counts, qualifiers and counted nouns."""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

from akhbar.tasks.arabic import DIGIT, DIGITS, alternation
from akhbar.tasks.extract.dates import extract_dates
from akhbar.tasks.extract.schemas import NUMBER_SCHEMA
from akhbar.tasks.extract.text import (
    ASCII_DIGITS,
    STOP,
    WORD,
    Spans,
    WordStartMatch,
    WordStartPattern,
    fold,
    frame_of,
    strip_diacritics,
    with_folds,
)

# --- numbers -----------------------------------------------------------------------
QUALIFIERS = {
    "نحو": "approximate",
    "قرابه": "approximate",
    "حوالي": "approximate",
    "زهاء": "approximate",
    "ما يقارب": "approximate",
    "ما يقرب من": "approximate",
    "اكثر من": "lower_bound",
    "باكثر من": "lower_bound",
    "باقل من": "upper_bound",
    "ما يزيد علي": "lower_bound",
    "ما لا يقل عن": "lower_bound",
    "اقل من": "upper_bound",
    "ما لا يزيد علي": "upper_bound",
    "ما يزيد عن": "lower_bound",
    # a limit: لا تتجاوز 60 يوما، لا يقل عن 10، بحد أقصى 30 يوما، كحد أدنى 5
    "لا يتجاوز": "upper_bound",
    "لا تتجاوز": "upper_bound",
    "لا يتعدي": "upper_bound",
    "لا تتعدي": "upper_bound",
    "لا يزيد عن": "upper_bound",
    "لا تزيد عن": "upper_bound",
    "لا يزيد علي": "upper_bound",
    "لا تزيد علي": "upper_bound",
    "لا يقل عن": "lower_bound",
    "لا تقل عن": "lower_bound",
    "بحد اقصي": "upper_bound",
    "كحد اقصي": "upper_bound",
    "بحد ادني": "lower_bound",
    "كحد ادني": "lower_bound",
}
MULTIPLIERS = {"الف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9}
VAGUE = {
    "عشرات": 10,
    "مئات": 100,
    "الاف": 1000,
    "ملايين": 1e6,
    "العشرات": 10,
    "المئات": 100,
    "الالاف": 1000,
    "الملايين": 1e6,
}
UNITS = {
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
    "تسعا": 9,  # the accusative before a feminine noun: تسعا من أفراد
    "سبعا": 7,
    "خمسا": 5,
    "اربعا": 4,
    "عشر": 10,
    "عشره": 10,
}
TENS = {
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "اربعون": 40,
    "اربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
}
HUNDREDS = {
    "مئه": 100,
    "مائه": 100,
    "مئتان": 200,
    "مئتين": 200,
    "مائتان": 200,
    "مائتين": 200,
    "الف": 1000,
    "الفان": 2000,
    "الفين": 2000,
    "الفي": 2000,  # in construct: ألفي مدرس
    "مئتي": 200,
    "مائتي": 200,
}
NOT_COUNTED = STOP | {"الف", "مليون", "مليار", "الاف", "ملايين", "عدد", "مره"}
# broken plurals a news count most often names, -> singular
SINGULARS = {
    "عناصر": "عنصر",
    "اشخاص": "شخص",
    "اطفال": "طفل",
    "نساء": "امرأة",
    "رجال": "رجل",
    "جنود": "جندي",
    "قتلي": "قتيل",
    "جرحي": "جريح",
    "اسري": "أسير",
    "شهداء": "شهيد",
    "مدن": "مدينة",
    "قري": "قرية",
    "ايام": "يوم",
    "اشهر": "شهر",
    "سنوات": "سنة",
    "اعوام": "عام",
    "دول": "دولة",
    "منازل": "منزل",
    "طائرات": "طائرة",
    "صواريخ": "صاروخ",
    "افراد": "فرد",
    "اسر": "أسرة",
    "عائلات": "عائلة",
    "مواطنين": "مواطن",
    "لاجئين": "لاجئ",
    "ضحايا": "ضحية",
    "قاده": "قائد",
}
#: "per cent" in words: 30 في المائة، 12 بالمئة.
_PERCENT_WORDS = alternation(fold(w) for w in ("المائة", "المئة", "بالمائة", "بالمئة"))
_NUMBER_WORD = alternation(list(UNITS) + list(TENS) + list(HUNDREDS))
DUAL_ENDINGS = ("ين", "ان")
_DUAL = alternation(DUAL_ENDINGS)
#: A dual is followed by a space (any that ``\s`` matches) and its adjective.
DUALS_BEFORE_A_SPACE = [
    e + c for e in DUAL_ENDINGS for c in map(chr, range(0x10000)) if c.isspace()
]
NUMBER_RE = WordStartPattern(  # tatweel is a word character too
    rf"[وف]?(?:(?P<qualifier>{alternation(QUALIFIERS)})\s+)?(?:"
    rf"(?P<number>{DIGIT}+(?:[,،]{DIGIT}{{3}})*(?:[.٫]{DIGIT}+)?)(?!\w)"
    rf"(?:\s*(?P<percent>[%٪]|(?:في\s+)?(?:{_PERCENT_WORDS})(?!\w))"
    rf"|\s+(?P<multiplier>{alternation(MULTIPLIERS)})(?!\w))?"
    rf"|(?P<words>(?:{_NUMBER_WORD})(?:\s+و(?:{_NUMBER_WORD}))*)(?!\w)"
    rf")(?:\s+(?P<noun>{WORD}))?"
    rf"|(?:[وف]?[بل]?)(?P<vague>{alternation(VAGUE)})(?!\w)(?:\s+(?:من\s+)?(?P<vague_noun>{WORD}))?"
    rf"|(?P<dual>[\u0621-\u064a]{{3,5}}(?:{_DUAL}))(?=\s+(?P<dual_adjective>[\u0621-\u064a]+(?:{_DUAL}))(?!\w))",
    # every match begins (past و ف ب ل) with one of these, or is a dual ending in one
    starts=[*DIGITS, *QUALIFIERS, *UNITS, *TENS, *HUNDREDS, *VAGUE, *DUALS_BEFORE_A_SPACE],
    reach=5,  # a dual's stem: 3 to 5 letters
)


def _words_value(text: str) -> float | None:
    """``خمسه وعشرون`` -> 25; ``ثلاثمائه`` is not handled (None)."""
    total = 0.0
    for part in text.split():
        part = part.removeprefix("و") if part not in UNITS and part not in TENS else part
        value = UNITS.get(part) or TENS.get(part) or HUNDREDS.get(part)
        if value is None:
            return None
        total += value
    return total


@lru_cache(maxsize=50_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "ar")


def counted_noun(noun: str) -> str:
    """The counted noun in the singular where akhbar knows it (``عنصراً`` -> ``عنصر``).

    The accusative alif goes with its tanween written or not, when the word without it
    is the more common (``يوما`` -> ``يوم``; not the alif of ``ضحايا``, a plural).

    >>> [counted_noun(w) for w in ["عنصراً", "المدنيين", "أطفال", "مقاتلين", "يوما", "ضحايا"]]
    ['عنصر', 'مدني', 'طفل', 'مقاتل', 'يوم', 'ضحية']
    """
    bare = strip_diacritics(noun)
    if bare.endswith("ا") and (
        noun.endswith(("اً", "ًا"))
        or (len(bare) > 3 and bare[-2] != "ه" and _zipf(bare[:-1]) > _zipf(bare))
    ):
        bare = bare[:-1]
    if bare.startswith("ال") and len(bare) > 4:
        bare = bare[2:]
    if fold(bare) in SINGULARS:
        return SINGULARS[fold(bare)]
    for ending in ("يين", "يون"):
        if bare.endswith(ending) and len(bare) > 5:
            return bare[: -len(ending)] + "ي"
    for ending in ("ين", "ون"):
        if bare.endswith(ending) and len(bare) > 5:
            return bare[: -len(ending)]
    return bare


def _is_dual(noun: str, adjective: str) -> bool:
    """``حقلين نفطيين`` is two fields; ``مقاتلين محليين`` is a plural.

    Sound masculine plurals are mostly participles (م-) and nisbas (-ي); a short noun
    that is neither, followed by an adjective with the same ending, is read as a dual.
    """
    stem = noun[:-2]
    return (
        not noun.startswith(("م", "ال", "و", "ف", "ب", "ل"))
        and not stem.endswith("ي")
        and 3 <= len(stem) <= 4
        and adjective[-2:] == noun[-2:]
    )


def _looks_like_year(digits: str, value: float | None) -> bool:
    return value is not None and 1900 <= value <= 2100 and len(digits) == 4


def extract_numbers(articles: pl.DataFrame, dates: pl.DataFrame | None = None) -> pl.DataFrame:
    """Numbers: digits, number words, duals and vague counts, with what they count.

    Digits inside the date expressions of ``dates`` (found here if not given) are left
    to the dates.

    Examples
    --------
    >>> body = "قتل نحو 25 عنصراً وسبعة أطفال وثلاث نساء، وسلمت حقلين نفطيين لعشرات المدنيين"
    >>> extract_numbers(pl.DataFrame({"article_id": ["a"], "body": [body]})).select(
    ...     "value", "qualifier", "counted", "magnitude").rows()
    [(25.0, 'approximate', 'عنصر', None), (7.0, 'exact', 'طفل', None), (3.0, 'exact', 'امرأة', None), (2.0, 'exact', 'حقل', None), (None, 'vague', 'مدني', 10.0)]
    """  # noqa: E501
    # a day or a year inside a date expression is part of the date, not a count
    if dates is None:
        if "published_date" not in articles.columns:
            articles = articles.with_columns(published_date=pl.lit(None, dtype=pl.Date))
        dates = extract_dates(articles)
    in_dates: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in (
        dates.filter(pl.col("text").str.contains(DIGIT)).select("article_id", "start", "end")
    ).iter_rows():
        in_dates.setdefault(article_id, []).append((start, end))
    articles = with_folds(articles)
    rows = []
    for (article_id, body, folded), at in zip(
        articles.select("article_id", "body", "folded_marks").iter_rows(),
        NUMBER_RE.word_starts(articles["folded_marks"]),
        strict=True,
    ):
        date_spans = Spans(in_dates.get(article_id, ()))
        for m in NUMBER_RE.finditer(folded, at):
            if not date_spans.cover(m.start()) and (row := _number(m, body)) is not None:
                rows.append((article_id, *row))
    return frame_of(rows, NUMBER_SCHEMA)


def _number(m: WordStartMatch, body: str) -> tuple | None:
    """``(start, end, text, value, qualifier, counted, magnitude)`` of one match, or None."""
    if m["dual"]:
        if not _is_dual(m["dual"], m["dual_adjective"]):
            return None
        start, end = m.start("dual"), m.end("dual_adjective")
        noun = counted_noun(body[m.start("dual") : m.end("dual") - 2])
        return start, end, body[start:end], 2.0, "exact", noun, None
    magnitude = None
    if m["vague"]:
        qualifier, value = "vague", None
        magnitude = float(VAGUE[m["vague"]])
        noun_group, head_end = "vague_noun", m.end("vague")
    else:
        qualifier = QUALIFIERS.get(m["qualifier"] or "", "exact")
        if m["number"]:
            digits = m["number"].translate(ASCII_DIGITS)
            digits = re.sub("[,،]", "", digits).replace("٫", ".")
            value = float(digits) * MULTIPLIERS.get(m["multiplier"] or "", 1.0)
            head_end = max(m.end("number"), m.end("multiplier"), m.end("percent"))
            if m["percent"]:  # 81%: a share, counted in percent
                start = m.start("qualifier") if m["qualifier"] else m.start("number")
                return start, head_end, body[start:head_end], value, qualifier, "%", None
        else:
            value = _words_value(m["words"])
            if value is None:
                return None
            head_end = m.end("words")
        noun_group = "noun"
    first = "qualifier" if m["qualifier"] else ("number" if m["number"] else "words")
    start = m.start(first) if noun_group == "noun" else m.start("vague")
    end, counted = head_end, None
    counts_nothing = m[noun_group] is None or m[noun_group] in NOT_COUNTED
    if m["number"] and counts_nothing and _looks_like_year(m["number"], value):
        return None  # a bare year ("منذ 2011"), not a count
    if not counts_nothing:
        end = m.end(noun_group)
        counted = counted_noun(body[m.start(noun_group) : m.end(noun_group)])
    elif m["words"] and m[noun_group] is None:
        return None  # a number word alone is too often something else
    return start, end, body[start:end], value, qualifier, counted, magnitude
