"""Persons learned from the corpus: names seen in a strong context, then found everywhere.

News names people in a few telling places: after a title or role (``الرئيس الفرنسي
جاك شيراك``, ``رئيس الحكومة يوسف الشاهد``, ``الفنان ...``), as the speaker right after
an attribution verb (``وقال محمد العتيبي إن``), and in patronymic chains (``محمد بن
سلمان``, ``أبو عبد الله``), and as a listed given name before a rare family name
(``جون بولتون``). :func:`learn_names` reads a shard for such contexts; a name becomes
known once its evidence is strong enough (one title or chain, or two of the others),
and :func:`name_mentions` then tags every mention of it, in any article of the shard
(and of later runs, from ``learned_names``), and its surname alone: in the articles
where the full name came first, and everywhere when the surname is rare or itself
stood after a title (``الرئيس بوش``).

Precision comes from the shape of the contexts, not from lists of names: the first
word of a name has no article (ال), is no particle, title or verb of speech, and the
name stops at punctuation, a particle or a second title.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

import polars as pl
from wordfreq import top_n_list, zipf_frequency

from akhbar.tasks.extract.heads import MEDIA_HEADS, MISC_HEADS, ORG_HEADS, PLACE_WORDS, ROYAL
from akhbar.tasks.extract.lexicon import (
    END,
    JOINED,
    KEY,
    START,
    Lexicon,
    ShardKeys,
    Word,
    given_names,
    variants,
)
from akhbar.tasks.extract.text import STOP, fold, key, strip_diacritics

LEARNED_SCHEMA = pl.Schema(
    {
        "name": pl.String,  # the name as first written (diacritics removed)
        "type": pl.String,  # PER
        "evidence": pl.String,  # title | chain (strong) | speech | given (weak)
        "n_evidence": pl.Int32,  # strong contexts seen in this shard
        "first_article_id": pl.String,
    }
)
#: Titles, ranks and professions news writes before a person's name (folded).
_TITLE_WORDS = (
    "الرئيس رئيس الوزير وزير الملك الأمير الأميرة الشيخ السيد السيدة الدكتور الدكتورة "
    "المهندس الجنرال العقيد العميد اللواء المقدم الرائد النقيب الأميرال المستشار النائب "
    "القاضي الصحافي الصحفي الناشط الإمام الإمام المرشد البابا الزعيم السفير المبعوث "
    "الفنان الفنانة الكاتب الكاتبة الروائي الشاعر الشاعرة المخرج الممثل الممثلة المطرب "
    "المطربة اللاعب اللاعبة المدرب المهاجم الحارس العالم الفيلسوف المؤرخ البروفيسور "
    "الأستاذ المفكر المعارض المطران الحاخام الجنرال المشير الفريق رئيسة نائب زعيم "
    "المدير مدير الأمين أمين المتحدث الناطق الراحل الراحلة الملكة الخليفة نظيره نظيرته "
    "نظيرها المستشارة الوزيرة النائبة المرشح المرشحة الملياردير رجل "
    # honorifics: صاحب السمو الملكي الأمير ...، معالي الوزير ...، ولي العهد ...
    "سمو معالي سعادة فخامة جلالة سماحة حضرة صاحب "
    # offices, with and without the article below: محافظ الطائف فهد ...
    "محافظ قائد مساعد وكيل عضو مندوب ممثل قنصل مفتي عميد رئيس ملك أمير"
)
_TITLE_FORMS = {t for w in _TITLE_WORDS.split() for t in (w, "ال" + w if w[:2] != "ال" else w)}
TITLES = {fold(t) for t in _TITLE_FORMS} | {fold(t + "ة") for t in _TITLE_FORMS if t[-1] != "ة"}
#: Titles that behind ل are as often a common noun: ``للعالم`` "to the world".
AMBIGUOUS_TITLES = {fold(w) for w in ["العالم", "عالم", "رجل", "الراحل", "الراحلة", "عضو"]}
#: Honorifics: followed by a title or a name, never by a complement (معالي محافظ ...).
HONORIFICS = {fold(w) for w in ["سمو", "معالي", "سعادة", "فخامة", "جلالة", "سماحة", "حضرة", "صاحب"]}
#: Titles after which ``باسم`` is "on behalf of", not the name Bassem (المتحدث باسم الجيش).
SPOKESPERSONS = {fold(w) for w in ["المتحدث", "متحدث", "الناطق", "ناطق", "المتحدثة", "الناطقة"]}
ON_BEHALF = fold("باسم")
#: Possessive endings no name has (مبارياته، جهودها، قراراتهم).
POSSESSIVE_ENDINGS = ("اته", "ها", "اتهم", "تهم", "هما")
#: Verbs of speech a speaker's name follows (``وقال فلان``), folded, with و/ف.
_SPEECH_VERBS = "قال قالت أضاف أضافت أكد أكدت أوضح أوضحت أشار أشارت صرح صرحت ذكر ذكرت"
SPEECH = {fold(p + v) for v in _SPEECH_VERBS.split() for p in ("", "و", "ف")}
#: Words that join the parts of an Arabic name.
_CONNECTOR_WORDS = "بن ابن بنت أبو ابو أبي ابي أبا ابا عبد آل"
CONNECTORS = {fold(c) for c in _CONNECTOR_WORDS.split()}
PATRONYMICS = {fold(c) for c in ["بن", "ابن", "بنت"]}
ABD = fold("عبد")
#: Words of the shortest patronymic chain (سلمان بن عبدالعزيز).
MIN_CHAIN = 3
#: Particles of European names (van, von, de, du, da, del).
NAME_PARTICLES = {fold(c) for c in ["فان", "فون", "دي", "دو", "دا", "ديل"]}
#: How common (Zipf) an imperfect verb must be for س + it to read as its future.
FUTURE_STEM_ZIPF = 3.0
#: Connectors a name may begin with (عبد الله الثاني، أبو بكر البغدادي).
#: How common (Zipf) a verb's stem is, for the dual or plural verb not to be a name.
VERB_STEM_ZIPF = 3.5
#: Verbs of the blessings news writes after a name with الله (``حفظه الله``، ``رحمه الله``).
_BLESSING_VERBS = "حفظ يحفظ رحم يرحم رعى يرعى أيد يؤيد وفق يوفق حمى يحمي شفى يشفي تغمد أطال"
BLESSINGS = {
    fold(p + v.removesuffix("ى") + ("ا" if v.endswith("ى") else "") + pronoun)
    for v in _BLESSING_VERBS.split()
    for p in ("", "و")
    for pronoun in ("ه", "ها", "هم")
}
OPENERS = {fold(c) for c in ["عبد", "أبو", "ابو"]}
#: A one-word name (a surname after a title: الرئيس بوش) is learned only if rarer than
#: this (wordfreq's Zipf scale): common words and given names (محمد) alone are not.
SINGLE_NAME_MAX_ZIPF = 4.6
#: A one-word name needs this many titles before it (أمير البلاد ضيوفه is no name).
SINGLE_TITLES = 2
#: Of a one-word name's occurrences in the shard, at least this share must follow a
#: title: a surname mostly does (الرئيس بوش), a noun that once did mostly not (شؤون).
SINGLE_TITLE_SHARE = 0.25
#: A surname rarer than this (and no given name: بوش، بلير، السنيورة) names its person
#: anywhere in the shard, not only after the full name in the same article.
RARE_SURNAME_ZIPF = 4.6
#: ... unless the shard has it this often or more and its names' contexts are under
#: this share of its occurrences (سلمان المؤشر learned, المؤشر mostly the index).
SURNAME_MIN_OCCURRENCES, SURNAME_EVIDENCE_SHARE = 10, 0.02
#: A surname that reads as a word (:func:`_inflected`), or a common one (Zipf) with the
#: article, must follow its full names' other words in this share of its occurrences,
#: and this often: ``حرص`` ("keenness", after ``ثومسون``), ``تعادل`` ("a draw", after a
#: player) are the sentence read on past a name, and name no one alone elsewhere.
COMMON_SURNAME_ZIPF, COMMON_SURNAME_NAME_SHARE, COMMON_SURNAME_NAMES = 3.5, 0.1, 2
#: A surname that is the article and a noun this common (Zipf) stands for its person
#: only after the full name in the same article: in a shard with the engineer محمد
#: العمرة 41 times, all 244 other uses of العمرة were the Umrah.
COMMON_NOUN_ZIPF = 4.0
#: A part of a name at least this common (Zipf) must be a listed given name
#: (``lexicons/given_names.txt``): ``الرئيس يريد الرحيل`` is no name, ``محمود عباس`` is.
COMMON_PART_ZIPF = 4.5
#: A word with a plural ending whose singular is this common (Zipf) is a plural; the
#: same for the accusative ending ا (``برنامجا``).
PLURAL_ENDINGS, PLURAL_STEM_ZIPF = ("ون", "يين"), 4.0
#: Words wordfreq ranks, folded, with their Zipf frequency (the most common spelling).
FREQUENT_WORDS = 30_000
#: How much more common (Zipf) the word after a glued ل/ب must be to read it as one
#: inside a name (a name's first word: any more common).
PREPOSITION_MARGIN = 0.5
#: A third part of a name without بن (a family name after a father's) is rarer than
#: this or a listed given name (ضاحي خلفان تميم; not جورج بوش أجرى).
FAMILY_NAME_MAX_ZIPF = 3.8
#: A family name with the article after a listed given name may be a common word up to
#: this Zipf (بشار الأسد "the lion", مقتدى الصدر "the chest", عمر البشير): not the
#: weekdays, and not words more common (سلمان الجديد, محمد العربي take a context).
DEFINITE_FAMILY_MAX_ZIPF = 5.0
_WEEKDAY_WORDS = "الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد"
WEEKDAYS = {fold(w) for w in _WEEKDAY_WORDS.split()}
#: Regnal numbers end a name (عبد الله الثاني، محمد السادس).
_ORDINAL_WORDS = "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر"
ORDINALS = {fold(w) for w in _ORDINAL_WORDS.split()}
#: Heads of organisations, media, events and places: no person's name starts with one.
#: Places and prizes named after a person (حديقة الملك فيصل، جائزة الملك فيصل، شارع
#: الملك فهد): the name in them is the place's.
_NAMED_AFTER = "حديقة منتزه متنزه مدرسة مدارس قاعة شارع ميدان ملعب استاد جائزة كرسي مجمع جامع"
HEADS = {fold(w) for w in ORG_HEADS | MEDIA_HEADS | MISC_HEADS | set(PLACE_WORDS)} | {
    fold(w) for w in _NAMED_AFTER.split()
}
#: A listed given name and a family name rarer than this (جون بولتون، خافيير سولانا)
#: is a context: one is enough to learn the name, as after a title or as a speaker
#: (the evals: one given-name context raised ANERcorp PER F1 0.44 -> 0.50 at the same
#: precision on the dev articles).
GIVEN_SURNAME_MAX_ZIPF = 4.0
#: ... and a family name with the article rarer than this: ``عمر المتقدم`` is "the
#: advanced age", ``حصة العتيبي`` may be (ANERcorp PER precision 0.777 -> 0.781, F1 the same).
GIVEN_DEFINITE_MAX_ZIPF = 3.5
STRONG_EVIDENCE = ("title", "chain")
#: How common (Zipf) a word with the article must be to read بال/كال/فال + it as a
#: clitic before it (``بالعالم``) rather than a name (``فالكاو``، ``بالوتيلي``).
CLITIC_ARTICLE_MIN_ZIPF = 3.0
#: How rare (Zipf) a name's first word after a nationality must be if no given name.
NATIONALITY_NAME_MAX_ZIPF = 3.0
#: Parts of a name, not counting connectors (راشد بن محمد بن راشد آل مكتوم has five).
MAX_PARTS = 5
#: Role words a title may take before the name (الأمين العام للأمم المتحدة كوفي أنان).
ROLE_WORDS = 4
#: Words a title without the article governs (محافظ محايل عسير ...): never the name.
COMPLEMENT_WORDS = 2
#: The second half of compound names (نصر الله، عطا الله، عبد الله) carries the article.
GOD = fold("الله")


@dataclass
class Names:
    """Known names: full names by their words' keys, surnames standing alone."""

    full: dict[tuple[str, ...], str] = field(default_factory=dict)
    alone: dict[str, str] = field(default_factory=dict)  # a surname -> its full name
    #: Rare surnames this shard mostly uses as words, not as the name (المؤشر، العمرة).
    words_here: set[str] = field(default_factory=set)

    _index: tuple | None = field(default=None, repr=False, compare=False)
    #: Canonicals by a name's words with ``عبد`` joined to the next, and by the chains
    #: (``… بن …``) that begin longer names: one person, one canonical.
    _people: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _chains: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for words, canonical in self.full.items():
            self._remember(words, canonical)

    def same_person(self, words: tuple[str, ...]) -> str | None:
        """The canonical of a known name that is this person, if there is one.

        Spelled with ``عبد`` apart or joined (``عبد ربه``، ``عبدربه``), or a patronymic
        chain one of them goes on or stops (``سلمان بن عبدالعزيز آل سعود``، ``محمد بن
        سلمان بن عبدالعزيز`` and ``محمد بن سلمان``).
        """
        joined = _joined(words)
        found = self._people.get(joined) or self._chains.get(joined)
        if found:
            return found
        for n in range(len(words) - 1, MIN_CHAIN - 1, -1):
            if words[n] in CONNECTORS and (found := self._people.get(_joined(words[:n]))):
                return found
        return None

    def _remember(self, words: tuple[str, ...], canonical: str) -> None:
        self._people.setdefault(_joined(words), canonical)
        for n in range(MIN_CHAIN, len(words)):
            if words[n] in CONNECTORS:
                self._chains.setdefault(_joined(words[:n]), canonical)

    def add(self, words: tuple[str, ...], canonical: str) -> None:
        """Know a name; a name of two words or more also by its surname.

        A name that is a known person's (:meth:`same_person`) takes that canonical.
        """
        if words not in self.full:
            canonical = self.same_person(words) or canonical
            self._remember(words, canonical)
        self.full.setdefault(words, canonical)
        if len(words) == 1:
            self.alone.setdefault(words[0], canonical)
        self._index = None

    def index(self) -> tuple[dict[tuple[str, str], list[tuple[str, ...]]], dict, dict, set[str]]:
        """Full names by their first two words (longest first), surnames, names alone.

        And the keys a mention can begin with (the others are skipped).

        Built once for a shard's articles and rebuilt only after :meth:`add`.
        """
        if self._index is None:
            by_first_two: dict[tuple[str, str], list[tuple[str, ...]]] = {}
            for words_key in self.full:
                if len(words_key) > 1:
                    by_first_two.setdefault(words_key[:2], []).append(words_key)
            for keys in by_first_two.values():
                keys.sort(key=len, reverse=True)
            surnames = self.surnames()
            # a word can be a mention only if its key, or the key under a glued و/ف
            # (:func:`_bare`), begins a name or is a surname: the others are skipped
            firsts = {words_key[0] for words_key in self.full}
            may_start = with_glued_wa_fa(firsts | set(self.alone) | set(surnames))
            rare = self.rare_surnames()
            shared = {s: w for s, w in self.shared_family_names().items() if s in rare}
            alone = rare | shared | self.alone
            self._index = (by_first_two, surnames, alone, may_start)
        return self._index

    def surnames(self) -> dict[str, str]:
        """Last word of each full name (``بوش`` for ``جورج بوش``) -> the first such name."""
        found: dict[str, str] = {}
        for w, name in self.full.items():
            if (
                len(w) > 1
                and len(w[-1]) > 2
                and w[-1] != GOD
                and w[-1] not in ORDINALS
                and w[-2] not in CONNECTORS
            ):
                # not الله of نصر الله، الثاني of عبد الله الثاني، الفتاح of محمد عبد الفتاح،
                # الخيل of فيصل أبا الخيل (the horses), ثاني of آل ثاني
                found.setdefault(w[-1], name)
        return found

    def rare_surnames(self) -> dict[str, str]:
        """The surnames that stand for their person anywhere (:data:`RARE_SURNAME_ZIPF`).

        A surname of two full names (جورج بوش، جورج دبليو بوش) names the first learned;
        a father's name (فاطمة بنت أسد) and a common noun (:func:`_common_noun`) name
        no one alone.
        """
        fathers = {w[-1] for w in self.full if len(w) > 2 and w[-2] in PATRONYMICS}
        return {
            surname: name
            for surname, name in self.surnames().items()
            if surname not in CONNECTORS
            and surname not in fathers
            and not _common_noun(surname)
            and not _given(surname)
            and zipf(surname) < RARE_SURNAME_ZIPF
            and surname not in self.words_here
        }

    def shared_family_names(self) -> dict[str, str]:
        """Family names with the article several persons bear -> the name as written.

        ``رفيق الحريري`` and ``سعد الحريري``, a tribe's ``الغامدي``: alone, the name is
        one of them, and its canonical is the family name itself; after a full name in
        the same article, that person's. (Full names with the same first word are one
        person: ``عمر البشير``, ``عمر حسن البشير``.)
        """
        firsts: dict[str, set[str]] = {}
        written: dict[str, str] = {}
        for w, canonical in self.full.items():
            if len(w) > 1 and w[-1].startswith("ال"):
                firsts.setdefault(w[-1], set()).add(w[0])
                written.setdefault(w[-1], canonical.split()[-1])
        return {s: written[s] for s, people in firsts.items() if len(people) > 1}

    @classmethod
    def of(cls, names: list[str]) -> Names:
        """Known names from their written forms (``learned_names.name``)."""
        known = cls()
        for name in names:
            known.add(tuple(key(name).split()), name)
        return known


def _joined(words: tuple[str, ...]) -> str:
    """A name's words as one key, ``عبد`` joined to the word after it."""
    return " ".join(words).replace(ABD + " ", ABD)


@cache
def _frequencies() -> dict[str, float]:
    frequencies: dict[str, float] = {}
    for word in top_n_list("ar", FREQUENT_WORDS):
        k = key(word)
        frequencies[k] = max(frequencies.get(k, 0.0), zipf_frequency(word, "ar"))
    return frequencies


def zipf(word_key: str) -> float:
    """Zipf frequency of a folded word (0 for words outside the ``FREQUENT_WORDS``)."""
    return _frequencies().get(word_key, 0.0)


def _given(k: str) -> bool:
    """A listed given name, or one of the theophoric عبد + ال... (عبدالفتاح، عبدالرزاق)."""
    return k in given_names() or (k.startswith("عبدال") and len(k) > 6)


@lru_cache(maxsize=300_000)
def _bare(word: str) -> str:
    """A word's key without a glued و or ف, when it reads better without.

    ``وجورج`` -> ``جورج``; ``وزير`` and ``وليد`` stay, and so does a listed given name
    whose rest is a commoner word (``فيصل``, not ``يصل`` "arrives"; ``فراس``).
    """
    if word[:1] in "وف" and len(word) > 3 and not _given(word) and zipf(word[1:]) > zipf(word):
        return word[1:]
    return word


def _name_like(k: str) -> bool:
    """Whether a folded word can be a part of a name: a given name or rare enough.

    Not the plural of a common word (``مسؤولون أمريكيون``; ``ماكين`` is a name),
    however rare the plural itself.
    """
    return _given(k) or (
        zipf(k) < COMMON_PART_ZIPF
        and not k.endswith(POSSESSIVE_ENDINGS)
        and not (k.endswith(PLURAL_ENDINGS) and len(k) >= 5 and zipf(k[:-2]) >= PLURAL_STEM_ZIPF)
    )


def _accusative(k: str) -> bool:
    """Whether a word is a common word in the accusative (``برنامجا``، ``جيشا``; not ``لينا``)."""
    return k.endswith("ا") and len(k) >= 4 and zipf(k[:-1]) >= PLURAL_STEM_ZIPF and not _given(k)


def _can_start(w: Word, lexicon: Lexicon) -> bool:
    """Whether a name can begin with this word (decided once per distinct word)."""
    return lexicon.memo(("start", w[KEY]), _can_start_key, w[KEY], lexicon)


def _can_start_key(word_key: str, lexicon: Lexicon) -> bool:
    k = _bare(word_key)
    return (
        len(k) > 1
        and k != GOD  # أنصار الله الحوثية: the second half of a compound
        and (not k.startswith("ال") or _given(k))  # ألبرت folds to البرت
        and k not in STOP
        and k not in TITLES
        and k not in SPEECH
        and k not in HEADS
        and k not in SPOKESPERSONS  # وقال متحدث باسم الجيش
        and not (k[:1] == "ك" and "ال" + k[1:] in TITLES)  # كمدرب الحراس
        and not _plural_verb(k)  # الأمير ... يستعرضان حرس الشرف، لاعبو الفريق صوتوا
        and (_name_like(k) or k in OPENERS)
        and not any(v in lexicon.entries or v in HEADS for v, _ in variants(word_key))
        and not _after_preposition(k)
        and not _prepositional(word_key)
    )


def _after_preposition(k: str, margin: float = 0.0) -> bool:
    """Whether a word reads as ل/ب + a word (``لمحمد``، ``بقيمة``; ``بلير``، ``بوش`` do not).

    Folding makes near-homographs (``كيري`` -> ``يري`` "sees"), so the rest must be
    clearly the more common word, and ك (rarely glued to a name) is left alone.
    """
    if k[:1] not in "لب" or k in given_names():
        return False
    rest = k[1:]
    if rest in given_names() or rest in STOP or rest in TITLES:
        return True
    return zipf(rest) > 0 and zipf(rest) >= zipf(k) + margin  # لازلو: two unknown words


def common(word_key: str) -> bool:
    """Whether a word is too common to be a name standing alone (فيها، عام، محمد)."""
    return zipf(word_key) >= SINGLE_NAME_MAX_ZIPF


def _can_go_on(w: Word, after_connector: bool, lexicon: Lexicon) -> bool:
    """Whether a word continues a name.

    After بن، آل، أبو any word that is no particle, title or head (آل ثاني، أبو بكر);
    elsewhere only a name-like word.
    """
    return w[JOINED] and lexicon.memo(
        ("go_on", w[KEY], after_connector), _goes_on, w[KEY], after_connector, lexicon
    )


def _goes_on(k: str, after_connector: bool, lexicon: Lexicon) -> bool:
    return (
        len(k) > 1
        and k not in STOP
        and k not in TITLES
        and k not in SPEECH
        and k not in HEADS
        and not _prepositional(k)
        and not _after_preposition(k, PREPOSITION_MARGIN)  # بقيمة
        and not any(v in lexicon.entries for v, _ in variants(k))  # محافظ الطائف، بجدة
        and (after_connector or k in CONNECTORS or k == GOD or k in ORDINALS or _name_like(k))
        and (after_connector or not _accusative(k))
        and (after_connector or not _feminine_adjective(k))  # الملك فيصل النموذجية
        and (k[0] != "و" or _given(k) or after_connector)  # جون ماكين | وفداً: و starts anew
        and (after_connector or not _sentence_word(k))
    )


#: How common (Zipf) a feminine adjective with the article must be to end a name.
FEMININE_ADJECTIVE_ZIPF = 3.0


def _feminine_adjective(k: str) -> bool:
    """A common feminine nisba with the article: ``النموذجية``، ``الحضارية``.

    It describes the school or the park a name is in, and goes on no person's name. A
    rare one may be a woman's family name (``البوسعيدية``).
    """
    return k.startswith("ال") and k.endswith("يه") and zipf(k) >= FEMININE_ADJECTIVE_ZIPF


def _with_preposition(k: str) -> bool:
    """ب/ل glued to a word, the two common: ``بمشيئة``، ``لوجه`` (before الله: no name)."""
    return k[:1] in "بل" and not _given(k) and max(zipf(k), zipf(k[1:])) >= INFLECTED_STEM_ZIPF


def _plural_verb(k: str) -> bool:
    """A dual or plural verb: ``يستعرضان``، ``يطالبون``، ``صوتوا``; not ``تايسون``، ``أوزاوا``.

    The verb without its ending is a common word; a foreign name's stem is not.
    """
    return (
        len(k) >= 5
        and not _given(k)  # فرانسوا (فرانس)
        and zipf(k[:-2]) >= VERB_STEM_ZIPF
        and (k.endswith("وا") or (k[:1] in "يت" and k.endswith(("ان", "ون"))))
    )


def _sentence_word(k: str) -> bool:
    """Whether a word after a name is the sentence going on, not a part of the name.

    An indefinite title (``آل خليفة ملك البحرين``), a verb in the future (``رايس ستزور``،
    ``شتاينماير سيتوجه``) or a verb or noun with a plural or pronoun ending
    (``اندسوا``، ``لإقناعهم``).
    """
    return (
        "ال" + k in TITLES
        or (k[:1] == "س" and k[1:2] in "يتن" and zipf(k[1:]) >= FUTURE_STEM_ZIPF)
        or k.endswith(("وا", "هم"))
        or _plural_verb(k)
    )


def _place_at(words: list[Word], i: int, lexicon: Lexicon) -> bool:
    """Whether a gazetteer name of two words or more starts at ``words[i]`` (حفر الباطن).

    (Small towns' one-word names are as often given names: they do not stop a name.)
    """
    first = _bare(words[i][KEY])
    longest = lexicon.longest_from.get(first, 0)
    if longest < 2 or i + 1 >= len(words):
        return False
    if f"{first} {words[i + 1][KEY]}" not in lexicon.two_word_starts:
        return False
    for n in range(min(longest, len(words) - i), 1, -1):
        rest = (w[KEY] for w in words[i + 1 : i + n])
        if " ".join((first, *rest)) in lexicon.entries:
            return True
    return False


def read_name(words: list[Word], i: int, lexicon: Lexicon) -> int:
    """How many words from ``words[i]`` make a name (0 when none starts there)."""
    if i >= len(words) or not _can_start(words[i], lexicon) or _place_at(words, i, lexicon):
        return 0
    n, parts = 1, 1
    while i + n < len(words) and parts < MAX_PARTS:
        previous = _bare(words[i + n - 1][KEY]) if n == 1 else words[i + n - 1][KEY]
        if _particle_goes_on(words, i + n):
            n += 1  # رود فان نيستلروي، ستيفان دي ميستورا: the next word is the name's
            continue
        if not _can_go_on(words[i + n], previous in CONNECTORS, lexicon):
            if n == 1 and _given_alone(previous) and _family_after_given(words[i + 1], lexicon):
                n = 2  # the family name with the article, or a town's name, ends the name
            break
        k = words[i + n][KEY]
        if k == GOD and (previous in BLESSINGS or _with_preposition(previous)):
            n -= 1  # a blessing after the name, or بمشيئة الله; not نصر الله، هبة الله
            break
        if k in CONNECTORS or k == GOD:
            n += 1  # بن، أبو، آل، نصر الله: the name goes on
        elif k in ORDINALS:
            if _given(previous) or previous == GOD:
                n += 1  # عبد الله الثاني، محمد السادس; not فوزه الثاني
            break
        elif previous in CONNECTORS or n == 1 or _family_name_after(previous, k):
            n, parts = n + 1, parts + 1
        else:
            break
    while n > 1 and (
        words[i + n - 1][KEY] in CONNECTORS or words[i + n - 1][KEY] in NAME_PARTICLES
    ):
        n -= 1  # a name does not end on بن or فان
    return n


def _particle_goes_on(words: list[Word], j: int) -> bool:
    """Whether ``words[j]`` is a particle of a European name before a rare word."""
    return (
        words[j][KEY] in NAME_PARTICLES
        and words[j][JOINED]
        and j + 1 < len(words)
        and words[j + 1][JOINED]
        and zipf(words[j + 1][KEY]) < FAMILY_NAME_MAX_ZIPF
        and words[j + 1][KEY] not in NAME_PARTICLES
    )


def _given_alone(k: str) -> bool:
    """A listed given name that does not read as ب/ل + a word as common.

    ``باسم`` is "in the name of" in ``المتحدث باسم الوزارة``.
    """
    return _given(k) and not (k[:1] in "بل" and zipf(k[1:]) >= zipf(k))


def _family_after_given(w: Word, lexicon: Lexicon) -> bool:
    """Whether a word ends a name begun by a listed given name though no name goes on.

    A family name with the article (:func:`_definite_family`), or a rare town's name
    the gazetteer's cities have, not the curated names (``جون بولتون``, Bolton).
    """
    return _definite_family(w, lexicon) or (
        w[JOINED]
        and w[KEY] in lexicon.entries
        and w[KEY] not in lexicon.curated_first
        and not w[KEY].startswith("ال")
        and zipf(w[KEY]) < GIVEN_SURNAME_MAX_ZIPF
    )


def _definite_family(w: Word, lexicon: Lexicon) -> bool:
    """Whether a common word with the article ends a name begun by a listed given name.

    ``بشار الأسد``, ``عمر البشير``; not ``سلمان الخميس``, ``محمد اليوم``.
    """
    return (
        lexicon.memo(("definite_family", w[KEY]), _definite_family_key, w[KEY], lexicon)
        and w[JOINED]
    )


def _definite_family_key(k: str, lexicon: Lexicon) -> bool:
    return (
        k.startswith("ال")
        and len(k) > 4
        and zipf(k) < DEFINITE_FAMILY_MAX_ZIPF
        and k not in WEEKDAYS
        and k not in STOP
        and k not in TITLES
        and k not in SPEECH
        and k not in HEADS
        and not k.endswith(POSSESSIVE_ENDINGS)
        and not k.endswith(("يين", "يون", "ات", "يه"))
        and not _common_nisba(k)
        and not any(v in lexicon.entries for v, _ in variants(k))
    )


#: How common (Zipf) the noun under a nisba must be for the nisba to read as an adjective.
NISBA_NOUN_ZIPF = 3.5


def _common_nisba(k: str) -> bool:
    """Whether a word with the article is the adjective of a common noun.

    ``التاريخي``، ``الجامعي``، ``المركزي``: an institution's name goes on with one
    (مستشفى الملك فهد الجامعي), a person's does not. The nisba of a given name is a
    family name (``الهاشمي``، ``الحسيني``).
    """
    if not k.startswith("ال") or not k.endswith("ي") or len(k) < 5:
        return False
    noun = k[2:-1]
    return not _given(noun) and (
        max(zipf(noun), zipf(noun + "ه"), zipf("ال" + noun)) >= NISBA_NOUN_ZIPF
    )


def _family_name_after(previous: str, k: str) -> bool:
    """Whether ``k`` continues a name after a given or father's name ``previous``.

    ``ضاحي خلفان تميم``، ``خالد بن محمد اليوسف``، ``محمود أحمدي نجاد``: a rare word or
    a given name. A family name with the article ends the name (``نوري المالكي``), after a
    given father's name as common as :func:`_definite_family` allows (``عمر حسن
    البشير``), and a common word after a name is the sentence going on (``جورج بوش أجرى
    محادثات``).
    """
    if previous.startswith("ال") or k.endswith(("يين", "يون")):
        return False  # الأميركيين: plural nisbas name no one
    if k.startswith("ال"):  # after a father's given name, as after a given name
        return (  # عمر حسن البشير; not بوريس يلتسين الكرملين
            _given(previous)
            and len(k) > 4
            and zipf(k) < DEFINITE_FAMILY_MAX_ZIPF
            and k not in WEEKDAYS
            and k not in HEADS
        )
    return _given(k) or zipf(k) < FAMILY_NAME_MAX_ZIPF


def _contexts(words: list[Word], lexicon: Lexicon, at: list[int] | None = None):
    """``(first word, length, evidence)`` of every name in a strong context.

    ``at``: the indices of the words that can start a context (:func:`_context_words`),
    when the caller found them for the whole shard.
    """
    if at is None:
        at = [j for j, w in enumerate(words) if _starts_context(w[KEY], lexicon)]
    for i in at:
        w = words[i]
        k = _bare(w[KEY])
        if lexicon.nationality(k):
            j = _after_roles(words, i, lexicon)  # البرتغالي المخضرم جوزيه مورينيو
            if (
                j < len(words)
                and words[j][JOINED]
                and _after_nationality(_bare(words[j][KEY]))
                and (n := read_name(words, j, lexicon)) > 1
            ):
                yield j, n, "nationality"
        elif title := _title(k):
            if after_head(words, i):
                continue  # مستشفى الملك فهد الجامعي: an institution's name
            j = _after_roles(words, i, lexicon)
            if title in SPOKESPERSONS and j < len(words) and words[j][KEY] == ON_BEHALF:
                continue  # المتحدث باسم الجيش
            if j > i + 1 and words[j - 1][KEY] in HEADS:
                continue  # رئيس مركز جزيل: the name after an institution's head is its own
            if j < len(words) and words[j][JOINED] and (n := read_name(words, j, lexicon)):
                yield j, n, "title"
        elif k in SPEECH and i + 1 < len(words) and words[i + 1][JOINED]:
            n = read_name(words, i + 1, lexicon)
            if n > 1 or (n == 1 and _speaker_alone(words, i + 1)):
                yield i + 1, n, "speech"
        elif k in CONNECTORS and k != "ال" and i > 0 and words[i][JOINED]:
            start = i - 1
            if _in_institution(words, start):
                continue  # مركز الأمير سلطان بن عبدالعزيز الحضاري
            if _can_start(words[start], lexicon) and (n := read_name(words, start, lexicon)) > 2:
                yield start, n, "chain"
        elif (
            _given_alone(k)
            and not _in_institution(words, i)
            and not (i > 0 and words[i - 1][KEY] in CONNECTORS)  # بن عبدالعزيز: begun before
            and (n := _given_and_family(words, i, lexicon))
        ):
            yield i, n, "given"  # not مدارس الملك فيصل النموذجية


def _in_institution(words: list[Word], i: int) -> bool:
    """Whether a name at ``words[i]`` follows a royal title that follows a head.

    The name is an institution's, a place's or a prize's (``مدارس الملك فيصل``،
    ``بمركز الأمير سلطان``); ``مركز الدكتور محمد العومي`` is the doctor's.
    """
    title = words[i - 1][KEY] if i > 0 else ""
    return (title in ROYAL or "ال" + title in ROYAL) and after_head(words, i - 1)


def after_head(words: list[Word], i: int) -> bool:
    """Whether ``words[i]`` follows an institution's head word (``مستشفى``، ``جامعة``)."""
    return i > 0 and words[i][JOINED] and any(v in HEADS for v, _ in variants(words[i - 1][KEY]))


@lru_cache(maxsize=4096)
def _after_nationality(k: str) -> bool:
    """Whether a name may start at ``k`` after a nationality (``الكولومبي رادامل فالكاو``).

    A listed given name, or a word too rare (:data:`NATIONALITY_NAME_MAX_ZIPF`) and
    without a pronoun to be a verb or noun the sentence goes on with (``الجيش الأمريكي
    يمد``، ``فوزه الثاني``، ``انطلاقتها القوية``).
    """
    return _given(k) or (zipf(k) < NATIONALITY_NAME_MAX_ZIPF and not k.endswith(("ه", "ها")))


def _title(k: str) -> str | None:
    """The title a word's key is, also behind ل (``للرئيس``، ``لوزير``).

    Not behind ب or ك, which make most such words nouns (``بالعالم`` "in the world").
    """
    if k in TITLES:
        return k
    if k.startswith("لل") and (title := "ال" + k[2:]) in TITLES and title not in AMBIGUOUS_TITLES:
        return title
    if k[:1] == "ل" and (title := k[1:]) in TITLES and title not in AMBIGUOUS_TITLES:
        return title
    return None


#: What follows a speaker standing alone after a verb of speech (``وأوضح فيرجسون أن``).
_SPEAKER_FOLLOWER_WORDS = "أن إن أنه إنه أنها إنها بأن بأنه بأنها"
SPEAKER_FOLLOWERS = {fold(w) for w in _SPEAKER_FOLLOWER_WORDS.split()}
#: Endings a common word takes that no speaker's name has, with how common (Zipf) the
#: word without them must be: pronouns (``سموه``، ``معاليه``، ``مراسلنا``), plurals
#: (``دبلوماسيون``) and the nisba of a very common noun (``مكتبي``; ``قباني`` is a name).
SUFFIXED_WORD_ZIPF = {"ه": 3.0, "ها": 3.0, "هم": 3.0, "نا": 3.0, "ون": 4.0, "ين": 4.0, "ي": 5.0}


def _speaker_alone(words: list[Word], i: int) -> bool:
    """Whether the one-word name at ``words[i]``, after a verb of speech, is a speaker.

    Only when a clause (``أن``، ``إن``) or punctuation follows it; not a participle
    (``وأضاف موضحا أن``، ``وقال محللون إن``) or a common word with an ending
    (:data:`SUFFIXED_WORD_ZIPF`: ``وأكد سموه أن``).
    """
    k = _bare(words[i][KEY])
    if k[:1] == "م" and len(k) >= 5 and k.endswith(("ا", "ون", "ين")):
        return False  # مشيرا، موضحا، متعاملون
    for ending, least in SUFFIXED_WORD_ZIPF.items():
        stem = k[: -len(ending)]
        if k.endswith(ending) and len(stem) > 1 and (_title(stem) or zipf(stem) >= least):
            return False
    after = words[i + 1] if i + 1 < len(words) else None
    return after is None or not after[JOINED] or after[KEY] in SPEAKER_FOLLOWERS


@cache
def _context_words() -> frozenset[str]:
    """The keys a context starts at, so that the others are skipped at once.

    Titles, speech verbs, connectors and given names, each also with a glued و or ف
    (:func:`_bare`).
    """
    behind = {"ل" + t if t[:2] != "ال" else "لل" + t[2:] for t in TITLES}  # لوزير، للرئيس
    return frozenset(with_glued_wa_fa(TITLES | behind | SPEECH | CONNECTORS | given_names()))


def _starts_context(k: str, lexicon: Lexicon) -> bool:
    """Whether a context may start at a word with this key (:func:`_contexts`)."""
    return k in _context_words() or lexicon.nationality(_bare(k))


def with_glued_wa_fa(keys: set[str]) -> set[str]:
    """``keys`` and each with a glued و or ف: every key :func:`_bare` can give one of them."""
    return keys | {p + k for k in keys for p in "وف"}


def _strongest_contexts(
    words: list[Word], lexicon: Lexicon, at: list[int] | None = None
) -> dict[int, tuple[int, str]]:
    """Each name's first word -> (length, evidence): one context per mention, the strongest.

    ``وقال محمد العتيبي`` is one speech context, not a speech and a given-name context;
    a name inside another's (``حسن البشير`` in ``الرئيس عمر حسن البشير``) is none.
    """
    best: dict[int, tuple[int, str]] = {}
    for i, n, evidence in _contexts(words, lexicon, at):
        if i not in best or (evidence in STRONG_EVIDENCE and best[i][1] not in STRONG_EVIDENCE):
            best[i] = (n, evidence)
    outside, reach = {}, 0
    for i in sorted(best):
        if i >= reach:
            outside[i] = best[i]
            reach = i + best[i][0]
    return outside


def _given_and_family(words: list[Word], i: int, lexicon: Lexicon) -> int:
    """Words of a name from a listed given name on: its last word rare, or all given."""
    n = read_name(words, i, lexicon)
    if n < 2:
        return 0
    last = words[i + n - 1][KEY]
    if zipf(last) < (GIVEN_DEFINITE_MAX_ZIPF if last.startswith("ال") else GIVEN_SURNAME_MAX_ZIPF):
        return n
    return n if all(_plain_given(_bare(w[KEY])) for w in words[i : i + n]) else 0


def _plain_given(k: str) -> bool:
    """A listed given name without the article and not الله: ``طه حسين``, ``حسن يوسف``.

    Two or three such names in a row are a given and a father's name; not ``رمضان
    الكريم``, ``توفيق الله``, ``الرحمن الرحيم``.
    """
    return _given_alone(k) and not k.startswith("ال") and k != GOD


def _after_roles(words: list[Word], i: int, lexicon: Lexicon) -> int:
    """Where the name may start after the title at ``words[i]``: past its role words.

    A title without the article is in construct with what follows (``محافظ لحج``،
    ``مدير فنون أبها``، ``مساعد لشؤون ...``): up to :data:`COMPLEMENT_WORDS` words after
    it are its complement, not the name; ``الرئيس بوش`` and honorifics (``سمو الأمير``)
    take the name at once.
    """
    j, complements = i + 1, 0
    construct = _in_construct(_title(_bare(words[i][KEY])) or "")
    while j < len(words) and j - i <= ROLE_WORDS + COMPLEMENT_WORDS and words[j][JOINED]:
        k = words[j][KEY]
        if _role_word(words[j], lexicon):
            construct, complements = _in_construct(k), 0
        elif construct and complements < COMPLEMENT_WORDS and _complement(k):
            complements += 1
        else:
            break
        j += 1
    return j


def _in_construct(k: str) -> bool:
    return k in TITLES and not k.startswith("ال") and k not in HONORIFICS


def _complement(k: str) -> bool:
    return k not in STOP and not _given(_bare(k)) and k not in SPEECH


def _role_word(w: Word, lexicon: Lexicon) -> bool:
    """Whether a word can stand between a title and the name.

    ``الحكومة``، ``الفرنسي``، ``للأمم المتحدة``، ``وزراء``، a place (``رئيس فنزويلا
    هوغو شافيز``).
    """
    k = w[KEY]
    return (
        w[JOINED]
        and k not in STOP  # القاضي الذي سيرأس المحاكمة
        and (k[:2] == "ال" or k[:3] == "لل" or k in TITLES or k in HEADS or k in lexicon.entries)
    )


def _prepositional(k: str) -> bool:
    """Whether a word carries a preposition, or و/ف and the article: no name's part does.

    ``للتعليم``، ``بمنطقة``، ``والعتيبي``; ب، ك، ف before the article only when the
    word with the article is not rare (:data:`CLITIC_ARTICLE_MIN_ZIPF`): ``بالعالم``,
    not ``فالكاو``، ``بالوتيلي``، ``كالديرون``.
    """
    if k.startswith(("لل", "وال")):
        return True
    if k.startswith(("بال", "كال", "فال")) and zipf(k[1:]) >= CLITIC_ARTICLE_MIN_ZIPF:
        return True
    return any(v in HEADS for v, cut in variants(k) if cut)


def _words_key(words: list[Word], i: int, n: int) -> tuple[str, ...]:
    return (_bare(words[i][KEY]), *(w[KEY] for w in words[i + 1 : i + n]))


def _surface(body: str, words: list[Word], i: int, n: int) -> str:
    start, end = _span(body, words, i, n)
    return strip_diacritics(body[start:end])


def _single_name(n_contexts: int, n_occurrences: int) -> bool:
    """Whether a word seen ``n_contexts`` times as a name alone is one standing alone.

    The contexts: after a title, or as a speaker alone (:func:`_speaker_alone`).
    """
    return n_contexts >= SINGLE_TITLES and n_contexts >= SINGLE_TITLE_SHARE * n_occurrences


def learn_names(
    shard: list[tuple[str, str, list[Word]]],
    lexicon: Lexicon,
    known: Names | None = None,
    keys: ShardKeys | None = None,
) -> tuple[Names, pl.DataFrame]:
    """Names a shard (``(article_id, body, words)`` each) shows in strong contexts.

    Returns the known names (``known`` and the newly learned) and ``LEARNED_SCHEMA``
    rows of the new ones. ``keys``: the shard's words' keys, if the caller has them.
    """
    if keys is None:
        keys = ShardKeys([words for _, _, words in shard])
    names = Names(dict(known.full), dict(known.alone)) if known else Names()
    evidence: Counter = Counter()
    seen: dict[tuple[str, ...], tuple[str, str, str]] = {}
    cues = keys.positions(lambda k: _starts_context(k, lexicon))
    for (article_id, body, words), at in zip(shard, cues, strict=True):
        for i, (n, kind) in _strongest_contexts(words, lexicon, at).items():
            words_key = _words_key(words, i, n)
            if n == 1 and (
                kind not in ("title", "speech") or common(words_key[0]) or _given(words_key[0])
            ):
                continue  # محمد alone, or a common word, is no name
            if n == 2 and words_key[0] == ABD:
                continue  # عبد الله alone is a given name too
            evidence[words_key] += 1
            seen.setdefault(words_key, (_surface(body, words, i, n), kind, article_id))
    occurrences = _bare_counts(keys.counts())
    rows = []
    for words_key, (surface, kind, article_id) in seen.items():
        if len(words_key) == 1 and not _single_name(evidence[words_key], occurrences[words_key[0]]):
            continue  # a word alone must be a name in enough of its occurrences
        if words_key not in names.full:
            rows.append((surface, "PER", kind, evidence[words_key], article_id))
        names.add(words_key, surface)
    names.words_here = _used_as_words(names, evidence, occurrences, keys)
    names._index = None
    return names, pl.DataFrame(rows, schema=LEARNED_SCHEMA, orient="row")


def _bare_counts(counts: dict[str, int]) -> Counter:
    """Counts of words' keys as counts of their :func:`_bare` forms (once per distinct key)."""
    bare: Counter = Counter()
    for k, n in counts.items():
        bare[_bare(k)] += n
    return bare


def _used_as_words(
    names: Names, evidence: Counter, occurrences: Counter, keys: ShardKeys
) -> set[str]:
    """Rare surnames the shard mostly uses as words (``المؤشر`` in market news).

    Their names' contexts are under :data:`SURNAME_EVIDENCE_SHARE` of the word's
    occurrences; they still count after the full name in the same article. A surname
    that is a common word (:data:`COMMON_SURNAME_ZIPF`) must follow the word before it
    in its full names in :data:`COMMON_SURNAME_NAME_SHARE` of its occurrences, and at
    least :data:`COMMON_SURNAME_NAMES` times: ``نجيب محفوظ`` ("kept") does, ``ثومسون
    حرص`` ("was keen") does not.
    """
    per_surname: Counter = Counter()
    for words_key, n in evidence.items():
        if len(words_key) > 1:
            per_surname[words_key[-1]] += n
    rare = names.rare_surnames()
    common_words = {
        s
        for s in rare
        if occurrences[s] >= SURNAME_MIN_OCCURRENCES
        and (_inflected(s) or (s.startswith("ال") and zipf(s) >= COMMON_SURNAME_ZIPF))
    }
    full_names: Counter = Counter()
    pairs = {  # the word before: a given name or a rare word, not تلقت of تلقت بلاغا
        w[-2:]
        for w in names.full
        if len(w) > 1
        and w[-1] in common_words
        and (_given(w[-2]) or zipf(w[-2]) < COMMON_SURNAME_ZIPF)
    }
    for (_, surname), n in keys.pair_counts(pairs).items():
        full_names[surname] += n
    return {
        surname
        for surname in rare
        if occurrences[surname] >= SURNAME_MIN_OCCURRENCES
        and per_surname[surname] < SURNAME_EVIDENCE_SHARE * occurrences[surname]
    } | {
        surname
        for surname in common_words
        if full_names[surname]
        < max(COMMON_SURNAME_NAMES, COMMON_SURNAME_NAME_SHARE * occurrences[surname])
    }


#: How common (Zipf) a word's form with the article or و must be for it to read as a word.
INFLECTED_ZIPF = 3.0
#: Endings of a word's inflected forms and what the word ends with without them
#: (``شكره`` "his thanks", ``بلاغا``، ``تداولات``، ``سعادته``: سعادة + ه), and how common
#: (Zipf) the word must be for the form to read as it.
SUFFIXES = (("ها", ""), ("ه", ""), ("ات", ""), ("ا", ""), ("ته", "ه"), ("تها", "ه"), ("ات", "ه"))
INFLECTED_STEM_ZIPF = 3.5


def _inflected(k: str) -> bool:
    """Whether a word reads as an inflected Arabic word, not a name.

    Its form with the article or a glued و is common (``حرص``: ``الحرص``; ``تدعو``:
    ``وتدعو``), it is ل/ب + a word (``بمبلغ``), or a common word with an ending
    (:data:`SUFFIXES`). A name news uses often (``اينشتاين``، ``محفوظ``) is common
    too, but takes none of them.
    """
    return (
        max(zipf("ال" + k), zipf("و" + k)) >= INFLECTED_ZIPF
        or _after_preposition(k)
        or any(
            k.endswith(ending) and zipf(k[: -len(ending)] + stem_end) >= INFLECTED_STEM_ZIPF
            for ending, stem_end in SUFFIXES
        )
    )


def _common_noun(surname: str) -> bool:
    """Whether a surname is the article and a common noun (``العمرة``، ``المؤشر``)."""
    noun = surname[2:] if surname.startswith("ال") else ""
    return bool(noun) and zipf(noun) >= COMMON_NOUN_ZIPF and not _given(noun)


def name_mentions(
    words: list[Word], body: str, names: Names, at: list[int] | None = None
) -> list[tuple[int, int, str]]:
    """``(start, end, canonical)`` of every mention of a known name in one article.

    A surname alone counts after its full name in the article, or anywhere when it was
    itself learned as a name. ``at``: the indices of the words that may start a mention
    (the last of :meth:`Names.index`), when the caller found them for the whole shard.
    """
    if not names.full:
        return []
    by_first_two, surnames, standing_alone, may_start = names.index()
    if at is None:
        at = [j for j, w in enumerate(words) if w[KEY] in may_start]
    in_article: dict[str, str] = {}  # surnames of the full names this article gave
    found = []
    i = 0
    for candidate in at:
        if candidate < i:
            continue  # inside the name just found
        i = candidate
        first = _bare(words[i][KEY])
        second = words[i + 1] if i + 1 < len(words) else None
        candidates = second and second[JOINED] and by_first_two.get((first, second[KEY]))
        match = candidates and next(
            (
                k
                for k in candidates
                if i + len(k) <= len(words)
                and all(
                    words[i + j][KEY] == w and words[i + j][JOINED] for j, w in enumerate(k[2:], 2)
                )
            ),
            None,
        )
        if match:
            found.append((*_span(body, words, i, len(match)), names.full[match]))
            in_article.setdefault(match[-1], names.full[match])
            i += len(match)
            continue
        canonical = in_article.get(first) or standing_alone.get(first)
        if canonical and (first in names.alone or first in surnames) and not _adjective(words, i):
            found.append((*_span(body, words, i, 1), canonical))
        i += 1
    return found


#: How common (Zipf) a noun must be, without its article, to take a nisba as adjective.
ADJECTIVE_NOUN_ZIPF = 4.2


def _adjective(words: list[Word], i: int) -> bool:
    """Whether a family name with the article agrees with the noun before it.

    ``طيران النظام الحربي``، ``وزير الدفاع والإنتاج الحربي``: a definite noun (not a
    title: ``الرئيس الأسد``) and the nisba after it is its adjective, not ``الحربي``.
    """
    k = words[i][KEY]
    if not k.startswith("ال") or i == 0 or not words[i][JOINED]:
        return False
    before = words[i - 1][KEY]
    before = before[1:] if before.startswith("وال") else before
    noun = before[2:] if before.startswith("ال") else ""
    # the noun is common without the article: not the verb التقى (تقي "pious")
    return zipf(noun) >= ADJECTIVE_NOUN_ZIPF and before not in TITLES and not _given(noun)


def _span(body: str, words: list[Word], i: int, n: int) -> tuple[int, int]:
    """Body offsets of the name of ``n`` words from ``words[i]``, past a glued و/ف."""
    start = words[i][START] + (1 if _bare(words[i][KEY]) != words[i][KEY] else 0)
    return start, words[i + n - 1][END]
