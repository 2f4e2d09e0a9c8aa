"""Extract (first cut): entities, dates, numbers and attributed sources from bodies.

Rule- and lexicon-based, fully offline. Every row carries a span into
``articles.body``: ``body[start:end] == text``. Matching runs on a copy of the body
folded with one-for-one character substitutions (hamza forms of alef, alef maksura,
teh marbuta), so offsets found in the folded copy are offsets in the body.

Quality (gazetteers, trigger rules, a trainable tagger, evaluation) is the subject
of its own issue; the tables and their contracts are fixed here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl

from akhbar.config import ExtractConfig
from tasks.ingest import DIGIT, DIGIT_MAP, MONTHS

_SPAN = {"article_id": pl.String, "start": pl.Int32, "end": pl.Int32, "text": pl.String}
ENTITY_SCHEMA = pl.Schema(_SPAN | {"type": pl.String, "canonical": pl.String})
DATE_SCHEMA = pl.Schema(_SPAN | {"value": pl.Date, "precision": pl.String, "role": pl.String})
NUMBER_SCHEMA = pl.Schema(
    _SPAN | {"value": pl.Float64, "qualifier": pl.String, "counted": pl.String}
)
SOURCE_SCHEMA = pl.Schema(_SPAN | {"kind": pl.String, "name": pl.String})

FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
ASCII_DIGITS = str.maketrans(DIGIT_MAP)
WORD = r"[\u0621-\u064a\u0671-\u06d3\u064b-\u0652]+"


def fold(text: str) -> str:
    """Fold alef/hamza forms, alef maksura and teh marbuta, one character for one.

    >>> fold("إلى مدرسة") == "الي مدرسه" and len(fold("آذار")) == len("آذار")
    True
    """
    return text.translate(FOLD)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """Folded surface form -> (type, canonical), with its compiled matcher."""

    entries: dict[str, tuple[str, str]]
    pattern: re.Pattern[str]


@cache
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read a ``surface<TAB>type<TAB>canonical`` TSV (``#`` starts a comment line).

    Each surface beginning with the article ``ال`` also matches after the preposition
    ``ل`` (``للقاهرة``), where Arabic spelling drops the alef.
    """
    text = (
        Path(path).read_text(encoding="utf-8")
        if path
        else resources.files("tasks").joinpath("lexicons/entities.tsv").read_text("utf-8")
    )
    entries: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, kind, canonical = line.split("\t")
        entries[fold(surface)] = (kind, canonical)
        if surface.startswith("ال"):
            entries.setdefault(fold("لل" + surface[2:]), (kind, canonical))
    pattern = re.compile(rf"(?<!\w)(?:[وف]?[بكل]?)(?P<name>{_alternation(entries)})(?!\w)")
    return Lexicon(entries, pattern)


# --- dates -------------------------------------------------------------------------
WEEKDAY_NUMBER = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4,
                  "السبت": 5, "الاحد": 6}  # fmt: skip
RELATIVE_DAYS = {"امس الاول": -2, "اول من امس": -2, "اول امس": -2, "امس": -1,
                 "اليوم": 0, "غدا": 1}  # fmt: skip
_MONTH = _alternation(fold(m) for m in MONTHS)
_WEEKDAY = _alternation(WEEKDAY_NUMBER)
DATE_RE = re.compile(
    rf"(?<!\w)(?:"
    rf"(?P<day>{DIGIT}{{1,2}})\s+(?P<month>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?"
    rf"(?:\s+(?P<year>{DIGIT}{{4}}))?"
    rf"|(?P<month_only>{_MONTH})\s+(?P<month_year>{DIGIT}{{4}})"
    rf"|(?:عام|سنه)\s+(?P<year_only>{DIGIT}{{4}})"
    rf"|(?:(?:مساء|صباح|ظهر|فجر|ليله)\s+)?(?P<relative>{_alternation(RELATIVE_DAYS)})"
    rf"(?:\s+(?P<rel_weekday>{_WEEKDAY}))?"
    rf"|(?:يوم\s+)?(?P<weekday>{_WEEKDAY})\s+(?P<direction>الماضي|المقبل|القادم)"
    rf")(?!\w)"
)


def _int(digits: str) -> int:
    return int(digits.translate(ASCII_DIGITS))


def _resolve_date(m: re.Match[str], published: dt.date | None) -> tuple[dt.date | None, str]:
    if m["day"]:
        year = _int(m["year"]) if m["year"] else (published.year if published else None)
        month = MONTHS.get(m["month"]) or next(
            v for k, v in MONTHS.items() if fold(k) == m["month"]
        )
        try:
            return (dt.date(year, month, _int(m["day"])) if year else None), "day"
        except ValueError:
            return None, "day"
    if m["month_only"]:
        month = next(v for k, v in MONTHS.items() if fold(k) == m["month_only"])
        return dt.date(_int(m["month_year"]), month, 1), "month"
    if m["year_only"]:
        return dt.date(_int(m["year_only"]), 1, 1), "year"
    if published is None:
        return None, "day"
    if m["relative"]:
        return published + dt.timedelta(days=RELATIVE_DAYS[m["relative"]]), "day"
    target = WEEKDAY_NUMBER[m["weekday"]]
    if m["direction"] == "الماضي":
        back = (published.weekday() - target) % 7 or 7
        return published - dt.timedelta(days=back), "day"
    ahead = (target - published.weekday()) % 7 or 7
    return published + dt.timedelta(days=ahead), "day"


# --- numbers -----------------------------------------------------------------------
QUALIFIERS = {"نحو": "approximate", "قرابه": "approximate", "حوالي": "approximate",
              "زهاء": "approximate", "ما يقارب": "approximate", "اكثر من": "lower_bound",
              "ما يزيد علي": "lower_bound", "اقل من": "upper_bound"}  # fmt: skip
MULTIPLIERS = {"الف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9,
               "مليارات": 1e9}  # fmt: skip
VAGUE = {"عشرات": 10, "مئات": 100, "الاف": 1000, "ملايين": 1e6}
NOT_COUNTED = {"في", "من", "الي", "علي", "عن", "مع", "او", "و", "ثم", "حتي", "منذ", "بين",
               "الف", "مليون", "مليار", "الاف", "ملايين"}  # fmt: skip
NUMBER_RE = re.compile(
    rf"(?<!\w)(?:(?P<qualifier>{_alternation(QUALIFIERS)})\s+)?"
    rf"(?P<number>{DIGIT}+(?:,{DIGIT}{{3}})*(?:[.٫]{DIGIT}+)?)(?!\w)"
    rf"(?:\s+(?P<multiplier>{_alternation(MULTIPLIERS)})(?!\w))?"
    rf"(?:\s+(?P<noun>{WORD}))?"
    rf"|(?<!\w)(?P<vague>{_alternation(VAGUE)})(?!\w)(?:\s+(?P<vague_noun>{WORD}))?"
)


def _singular_hint(noun: str) -> str:
    """Drop diacritics and the accusative ending (``عنصراً`` -> ``عنصر``)."""
    bare = DIACRITICS.sub("", noun)
    return bare[:-1] if noun.endswith(("اً", "ًا")) else bare


# --- sources -----------------------------------------------------------------------
CUES = ("بحسب", "حسب", "وفقا", "وفقاً", "نقلا عن", "نقلاً عن", "قال", "قالت", "افاد",
        "افادت", "ذكر", "ذكرت", "اعلن", "اعلنت", "اوضح", "اوضحت", "اكد", "اكدت", "اضاف",
        "اضافت")  # fmt: skip
CUE_RE = re.compile(rf"(?<!\w)و?(?P<cue>{_alternation(fold(c) for c in CUES)})(?!\w)")
ANONYMOUS_RE = re.compile(rf"\s*ل?(?:مصادر|مصدر|شبكات|ناشطون|شهود|مسؤولون)(?:\s+{WORD})?")
OFFICIAL_RE = re.compile(
    rf"\s*(?:ل|لـ)?(?:المتحدث باسم|متحدث باسم|وزير|وزاره|بيان|مسؤول|رئيس|مدير|الامين العام)"
    rf"(?:\s+{WORD})?"
)
MEDIA_RE = re.compile(rf"\s*(?:ل|لـ)?(?:شبكه|صحيفه|قناه|موقع)(?:\s+{WORD})?")
AGENCY_NAMES = {"رويترز", "فرانس برس", "أسوشييتد برس"}
SOURCE_WINDOW = 40


def _rows(frame_rows: list[tuple], schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(frame_rows, schema=schema, orient="row")


def extract_entities(articles: pl.DataFrame, cfg: ExtractConfig) -> pl.DataFrame:
    """Lexicon entity mentions, proclitics (و ف ب ك ل) left outside the span.

    Examples
    --------
    >>> extract_entities(pl.DataFrame({"article_id": ["a"], "body": ["وصل إلى بالقاهرة وسوريا"]}),
    ...                  ExtractConfig()).select("text", "type", "canonical").rows()
    [('القاهرة', 'LOC', 'القاهرة'), ('سوريا', 'LOC', 'سوريا')]
    """
    lexicon = load_lexicon(cfg.lexicon_path)
    rows = []
    for article_id, body in articles.select("article_id", "body").iter_rows():
        for m in lexicon.pattern.finditer(fold(body)):
            kind, canonical = lexicon.entries[m["name"]]
            start, end = m.span("name")
            rows.append((article_id, start, end, body[start:end], kind, canonical))
    return _rows(rows, ENTITY_SCHEMA)


def extract_dates(articles: pl.DataFrame) -> pl.DataFrame:
    """Date expressions in bodies, resolved against ``published_date``.

    Absolute dates (``13 فبراير 2019``, ``4 آذار``), months (``آذار 2019``), years
    (``عام 2030``) and relative days (``أمس``, ``أمس الأول``, ``الإثنين الماضي``).
    ``role`` is ``event``; the publication date itself is ``articles.published_date``.
    """
    rows = []
    for article_id, body, published in articles.select(
        "article_id", "body", "published_date"
    ).iter_rows():
        for m in DATE_RE.finditer(fold(body)):
            value, precision = _resolve_date(m, published)
            rows.append(
                (article_id, *m.span(), body[m.start() : m.end()], value, precision, "event")
            )
    return _rows(rows, DATE_SCHEMA)


def extract_numbers(articles: pl.DataFrame) -> pl.DataFrame:
    """Numbers in digits (with multipliers such as ``ألف``/``مليون``) and vague counts.

    Digits glued to a word (``دير الزور24``) are part of a name, not a number.

    Examples
    --------
    >>> extract_numbers(pl.DataFrame({"article_id": ["a"], "body": ["قتل نحو 25 عنصراً"]})).select(
    ...     "text", "value", "qualifier", "counted").rows()
    [('نحو 25 عنصراً', 25.0, 'approximate', 'عنصر')]
    """
    rows = []
    for article_id, body in articles.select("article_id", "body").iter_rows():
        for m in NUMBER_RE.finditer(fold(body)):
            if m["vague"]:
                qualifier, value, noun_group, head_end = "vague", None, "vague_noun", m.end("vague")
            else:
                qualifier = QUALIFIERS.get(m["qualifier"] or "", "exact")
                digits = m["number"].translate(ASCII_DIGITS).replace(",", "").replace("٫", ".")
                value = float(digits) * MULTIPLIERS.get(m["multiplier"] or "", 1.0)
                noun_group, head_end = "noun", max(m.end("number"), m.end("multiplier"))
            start, end, counted = m.start(), m.end(), None
            if m[noun_group] is None or m[noun_group] in NOT_COUNTED:
                end = head_end
            else:
                counted = _singular_hint(body[m.start(noun_group) : m.end(noun_group)])
            rows.append((article_id, start, end, body[start:end], value, qualifier, counted))
    return _rows(rows, NUMBER_SCHEMA)


def extract_sources(articles: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """Attributions: a cue (قال، بحسب، نقلاً عن، أفاد ...) followed by who said it.

    The source is the first entity that starts within a few characters of the cue,
    else an anonymous (``مصادر محلية``), official (``المتحدث باسم``) or media
    (``شبكة``) phrase. A cue followed by none of these yields no row.
    """
    by_article: dict[str, list[tuple[int, int, str, str]]] = {}
    for article_id, start, end, kind, canonical in entities.select(
        "article_id", "start", "end", "type", "canonical"
    ).iter_rows():
        by_article.setdefault(article_id, []).append((start, end, kind, canonical))
    rows = []
    for article_id, body in articles.select("article_id", "body").iter_rows():
        folded = fold(body)
        mentions = by_article.get(article_id, [])
        for cue in CUE_RE.finditer(folded):
            after = cue.end()
            mention = next((e for e in mentions if after <= e[0] <= after + SOURCE_WINDOW), None)
            phrase_kind, phrase = None, None
            for kind, pattern in (("anonymous", ANONYMOUS_RE), ("official", OFFICIAL_RE),
                                  ("media", MEDIA_RE)):  # fmt: skip
                if phrase := pattern.match(folded, after):
                    phrase_kind = kind
                    break
            if mention and (phrase is None or phrase_kind != "anonymous"):
                end, name = max(mention[1], phrase.end() if phrase else 0), mention[3]
                kind = "agency" if name in AGENCY_NAMES else (phrase_kind or "official")
            elif phrase:
                end, name, kind = phrase.end(), None, phrase_kind
            else:
                continue
            start = cue.start()
            rows.append((article_id, start, end, body[start:end], kind, name))
    return _rows(rows, SOURCE_SCHEMA)


def extract(
    articles: pl.DataFrame, cfg: ExtractConfig
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """All first-cut extractors over one shard.

    Returns
    -------
    entities, dates, numbers, sources
        ``ENTITY_SCHEMA``, ``DATE_SCHEMA``, ``NUMBER_SCHEMA``, ``SOURCE_SCHEMA``.
    """
    entities = extract_entities(articles, cfg)
    return (
        entities,
        extract_dates(articles),
        extract_numbers(articles),
        extract_sources(articles, entities),
    )
