"""Trigger rules: place words, titles, organisation and event heads, and what follows.

Each rule reads an article's words (:func:`~akhbar.tasks.extract.lexicon.words_of`)
from a trigger and proposes a :class:`Mention`; :mod:`~akhbar.tasks.extract.entities`
resolves the overlaps with gazetteer, quoted and learned names.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from akhbar.tasks.extract.heads import (
    BODY_KIND_HEADS_NOT,
    BODY_KINDS,
    CLUB_AFTER,
    CLUB_BEFORE,
    COMPETITION_HEADS,
    DEFINITE_FIELD_HEADS,
    DIRECTIONS,
    FIELD_HEADS,
    INSTITUTIONAL,
    LEAGUE_TAILS,
    MEDIA_HEADS,
    MISC_HEADS,
    ORG_HEADS,
    OUTLET_CUES,
    OUTLET_NAMES,
    PERSON_TITLES,
    PLACE_PREFIXES,
    PLACE_WORDS,
    ROYAL,
    TEAM_ROLES,
    TIME_AFTER_LAM,
)
from akhbar.tasks.extract.lexicon import (
    END,
    JOINED,
    KEY,
    START,
    Lexicon,
    Word,
    variants,
)
from akhbar.tasks.extract.names import (
    SPEECH,
    after_head,
    read_name,
    zipf,
)
from akhbar.tasks.extract.text import (
    DIACRITICS,
    STOP,
    fold,
    strip_diacritics,
)

# --- trigger rules -----------------------------------------------------------------
#: Titles an institution is named after with the person's name (جامعة الملك سعود).
#: How common (Zipf) a word after ل/ب must be to read the two as a preposition and it.
PREPOSITION_WORD_ZIPF = 3.5
#: Definite heads that name an organisation with their adjectives (التحالف الدولي).
OWN_NAMES = {"التحالف", "الجيش"}
ADJECTIVE_ENDINGS = ("النفطي", "النفطيه", "النفطيين", "العسكري", "العسكريه")


@dataclass
class Mention:
    """A proposed entity span (overlaps are resolved by quotes, length, priority)."""

    start: int
    end: int
    type: str
    canonical: str
    priority: int  # gazetteer 3 > quoted or learned name 2 > trigger rule 1
    quoted: bool = False  # quotes mark a name's extent: it wins over longer mentions


def club_mentions(
    words: list[Word], places: list[Mention], body: str, lexicon: Lexicon
) -> list[Mention]:
    """Sports clubs named by a city: ``ريال مدريد``, ``لمانشستر يونايتد`` (ORG, not LOC).

    Also a place followed by a masculine nationality (``بورتو البرتغالي``، ``موناكو
    الفرنسي``): a city or a country takes the feminine (``باريس الفرنسية``), a club,
    النادي, the masculine; and a place after a word of the game (``لاعب برشلونة``،
    ``منتخب فرنسا``: :data:`~akhbar.tasks.extract.heads.TEAM_ROLES`).
    """
    if not places:
        return []
    starts = [w[START] for w in words]  # increasing, as are the ends
    ends = [w[END] for w in words]
    found = []
    for m in places:
        last = bisect.bisect_left(ends, m.end)
        if m.type != "LOC" or last == len(ends) or ends[last] != m.end:
            continue
        first = bisect.bisect_right(starts, m.start) - 1  # the word the place starts in
        start, end = m.start, m.end
        team = False
        if first > 0 and words[first][JOINED]:
            before = words[first - 1]
            cut = next((c for v, c in variants(before[KEY]) if v in CLUB_BEFORE), None)
            if cut is not None:
                start = before[START] + surface_offset(body, before, cut)
            team = any(v in TEAM_ROLES for v, _ in variants(before[KEY]))
        if last + 1 < len(words) and words[last + 1][JOINED] and words[last + 1][KEY] in CLUB_AFTER:
            end = words[last + 1][END]
        if (start, end) != (m.start, m.end):
            text = strip_diacritics(body[start:end])
            found.append(Mention(start, end, "ORG", text, 3))
        elif team:
            found.append(Mention(m.start, m.end, "ORG", strip_diacritics(body[start:end]), 4))
        elif last + 1 < len(words) and words[last + 1][JOINED]:
            adjective = words[last + 1][KEY]
            if adjective.endswith("ي") and lexicon.nationality(adjective):
                found.append(Mention(m.start, m.end, "ORG", m.canonical, 4))
    return found


def surface_offset(body: str, word: Word, cut: int) -> int:
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


def _name_after(words: list[Word], i: int, lexicon: Lexicon, definite_only: bool) -> int:
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


OUTLET_HEADS = MEDIA_HEADS - {"موقع"}
#: Words after which ل + an outlet is the one spoken to (``قال للجزيرة``، ``تصريحات للحياة``):
#: the verbs of speech and statements.
_STATEMENTS = ("تصريح", "تصريحات", "حديث", "مقابلة")
TOLD = SPEECH | {fold(p + w) for w in _STATEMENTS for p in ("", "و", "ف")}
TRIGGERS = (
    set(PLACE_WORDS)
    | PERSON_TITLES
    | ORG_HEADS
    | MISC_HEADS
    | COMPETITION_HEADS
    | OUTLET_HEADS
    | OUTLET_CUES
    | TOLD
)


@lru_cache(maxsize=200_000)
def _trigger(surface: str) -> str | None:
    """The trigger word under a word's proclitics (``بريف`` -> ``ريف``), if there is one."""
    return next((v for v, _ in variants(surface) if v in TRIGGERS), None)


@lru_cache(maxsize=200_000)
def _rule_word(k: str) -> tuple[str | None, bool] | None:
    """(trigger head, may head a definite institution) of a word's key; None: no rule.

    Decided once per distinct word, so that the rules run only at their words (one in
    eight in news text), not at every word of the shard.
    """
    head = _trigger(k)
    definite = head is None or (head[:2] == "ال" and head in ORG_HEADS - OWN_NAMES)
    institution = (
        definite
        and "ال" in k[:4]
        and any(v[:2] == "ال" and v[2:] in ORG_HEADS for v, _ in variants(k))
    )
    return (head, institution) if head is not None or institution else None


def is_rule_word(k: str) -> bool:
    """Whether a trigger rule starts at a word with this key."""
    return _rule_word(k) is not None


def rule_mentions(
    words: list[Word], lexicon: Lexicon, body: str, at: list[int] | None = None
) -> list[Mention]:
    """Every trigger rule's mentions in one article's words.

    ``at``: the indices of its words that pass :func:`is_rule_word`, when the caller
    found them for a whole shard (:class:`~akhbar.tasks.extract.lexicon.ShardKeys`).
    """
    if at is None:
        at = [i for i, w in enumerate(words) if is_rule_word(w[KEY])]
    found: list[Mention] = []
    for i in at:
        head, institution = _rule_word(words[i][KEY])
        if institution and (m := _definite_institution(words, i, lexicon, body)):
            found.append(m)
        elif head in PLACE_WORDS:
            found += _place(words, i, head, lexicon, body)
        elif head in PERSON_TITLES and head != "الشيخ":
            found += _person(words, i, lexicon, body)
        elif head in ORG_HEADS and (not head.startswith("ال") or head in OWN_NAMES):
            found += _organisation(words, i, head, lexicon, body)
        elif head in MISC_HEADS:
            found += _named_thing(words, i, head, lexicon, body)
        elif head in COMPETITION_HEADS:
            found += _competition(words, i, head, lexicon, body)
        elif head in OUTLET_HEADS:
            found += _outlet(words, i, head, lexicon, body) or _outlet_named(words, i + 1, body)
        elif head in OUTLET_CUES:
            found += _outlet_named(words, i + 1, body)
        elif head in TOLD:
            found += _outlet_told(words, i + 1, body)
    return found


#: An outlet's name in its context outranks the place or word it also is (الشرق الأوسط).
OUTLET_PRIORITY = 4
#: How many words a speaker may take between a verb of speech and ل + the outlet.
TOLD_REACH = 4
#: Outlets whose name with ل is a common phrase after a verb (للوطن، لليوم، للغد).
_TOLD_AMBIGUOUS = "الوطن اليوم الغد الخليج الشرق الصباح المساء الأخبار الحياة"
TOLD_AMBIGUOUS = {fold(w) for w in _TOLD_AMBIGUOUS.split()}


def _outlet_named(words: list[Word], j: int, body: str, told: bool = False) -> list[Mention]:
    """An outlet of :data:`OUTLET_NAMES` at ``words[j]``; ``told``: after ل (``للجزيرة``).

    After ل the article's alef is gone: the mention is the whole word, as the gazetteer's
    ``للأمم المتحدة``, and its canonical has the article back.
    """
    for n in (2, 1):
        span = words[j : j + n]
        if len(span) < n or not all(w[JOINED] for w in span):
            continue
        name = " ".join(w[KEY] for w in span)
        if told:
            name = "ال" + name[2:]
        if name in OUTLET_NAMES:
            start, end = span[0][START], span[-1][END]
            text = strip_diacritics(body[start:end])
            canonical = "ال" + text[2:] if told else text
            return [Mention(start, end, "ORG", canonical, OUTLET_PRIORITY)]
    return []


def _outlet_told(words: list[Word], j: int, body: str) -> list[Mention]:
    """ل + an outlet after a verb of speech or a statement: ``قال الجميل للجزيرة``."""
    for k in range(j, min(j + TOLD_REACH, len(words))):
        if words[k][KEY].startswith("لل"):
            if "ال" + words[k][KEY][2:] in TOLD_AMBIGUOUS:
                return []  # أكد حبه للوطن
            return _outlet_named(words, k, body, told=True)
        if not words[k][JOINED] or words[k][KEY].endswith(("ه", "ها", "هم")):
            break  # the speaker's name goes between, not أكد دعمه
    return []


def _outlet(words: list[Word], i: int, head: str, lexicon: Lexicon, body: str) -> list[Mention]:
    """A newspaper, channel or radio named by a place (``صحيفة الرياض``، ``تلفزيون دبي``).

    Not ``موقع``, which is as often a location (``موقع الانفجار``).
    """
    j = i + 1
    if j >= len(words) or not words[j][JOINED]:
        return []
    n = next(
        (
            n
            for n in range(min(3, len(words) - j), 0, -1)
            if all(w[JOINED] for w in words[j : j + n])
            and lexicon.entries.get(" ".join(w[KEY] for w in words[j : j + n]), ("",))[0] == "LOC"
        ),
        0,
    )
    if not n:
        return []
    word, last = words[i], words[j + n - 1]
    start = word[START] + surface_offset(body, word, len(word[KEY]) - len(head))
    return [Mention(start, last[END], "ORG", strip_diacritics(body[start : last[END]]), 1)]


def _competition(
    words: list[Word], i: int, head: str, lexicon: Lexicon, body: str
) -> list[Mention]:
    """A league or a cup and the country or continent it is of (MISC).

    ``الدوري السعودي للمحترفين``، ``دوري أبطال أوروبا``، ``دوري انجلترا الممتاز``،
    ``كأس آسيا``; not ``الدوري`` alone or ``كأس ماء`` (a glass of water). The
    nationality must be of a country the gazetteer knows (:meth:`Lexicon.nationality`).
    """
    j = i + 1
    if j >= len(words) or not words[j][JOINED]:
        return []
    k = words[j][KEY]
    if head == "دوري" and k == "ابطال" and j + 1 < len(words) and words[j + 1][JOINED]:
        j += 1  # دوري أبطال أوروبا
        if lexicon.entries.get(words[j][KEY], ("",))[0] != "LOC":
            return []
    elif not (
        (head != "كاس" and lexicon.nationality(k))
        or (head != "الدوري" and lexicon.entries.get(k, ("",))[0] == "LOC")
    ):
        return []
    if j + 1 < len(words) and words[j + 1][JOINED] and words[j + 1][KEY] in LEAGUE_TAILS:
        j += 1  # الممتاز، للمحترفين
    word, last = words[i], words[j]
    start = word[START] + surface_offset(body, word, len(word[KEY]) - len(head))
    return [Mention(start, last[END], "MISC", strip_diacritics(body[start : last[END]]), 1)]


def _place(words: list[Word], i: int, head: str, lexicon: Lexicon, body: str) -> list[Mention]:
    """بلدة/ريف/مخيم/حقل + a place (``بريف دير الزور``، ``حقل العمر النفطي``)."""
    word = words[i]
    keep_head = PLACE_WORDS[head]
    strong = head not in {"منطقه", "حي"}
    n = _name_after(words, i + 1, lexicon, definite_only=not strong)
    if not n:
        return []
    first, last = words[i + 1], words[i + n]
    name = " ".join(w[KEY] for w in words[i + 1 : i + n + 1])
    if head == "حقلي":  # حقلي الجفرة والعزبة: two fields
        found = [Mention(first[START], last[END], "LOC", "حقل " + name, 1)]
        # والعزبة: a second field glued to و (a lone و is no name: an empty span)
        if (
            i + n + 1 < len(words)
            and len(words[i + n + 1][KEY]) > 2
            and words[i + n + 1][KEY].startswith("و")
        ):
            other = words[i + n + 1]
            found.append(Mention(other[START] + 1, other[END], "LOC", "حقل " + other[KEY][1:], 1))
        return found
    known = lexicon.entries.get(name)
    canonical = known[1] if known else strip_diacritics(body[first[START] : last[END]])
    if not keep_head:
        return [Mention(first[START], last[END], "LOC", canonical, 1)]
    trigger = strip_diacritics(body[word[START] : word[END]])
    trigger = trigger[max(0, len(trigger) - len(head)) :]
    canonical = f"{'حقل' if head == 'حقل' else trigger} {canonical}"
    end = last[END]
    if i + n + 1 < len(words) and words[i + n + 1][KEY] in ADJECTIVE_ENDINGS:
        end = words[i + n + 1][END]
    return [Mention(word[START], end, "LOC", canonical, 1)]


def _person(words: list[Word], i: int, lexicon: Lexicon, body: str) -> list[Mention]:
    """A title and a name of two words or more (``الجنرال كريستوفر غيكا``).

    Not a royal title after a head (``حديقة الملك فيصل``, ``بمركز الأمير سلطان``): the
    name is the place's or the institution's (but ``مركز الدكتور محمد`` is his).
    """
    if after_head(words, i) and words[i][KEY] in ROYAL:
        return []
    n = read_name(words, i + 1, lexicon) if i + 1 < len(words) else 0
    if n < 2 or not words[i + 1][JOINED]:
        return []
    first, last = words[i + 1], words[i + n]
    return [
        Mention(first[START], last[END], "PER", strip_diacritics(body[first[START] : last[END]]), 1)
    ]


def _organisation(
    words: list[Word], i: int, head: str, lexicon: Lexicon, body: str
) -> list[Mention]:
    """قوات/مجلس/وزارة/جامعة + definite words (``وزارة الدفاع اليمنية``).

    Not after ك (``كشركة لبيع الكتب`` "as a company"), and neither a title but a royal
    one (``على مركز الدكتور محمد``: the person after the centre) nor a preposition with
    a common word (``شركة لبيع``) goes on the name.
    """
    word = words[i]
    if word[KEY].startswith(("ك", "وك")) and word[KEY].endswith(head) and head[:1] != "ك":
        return []
    span = [word]
    for w in words[i + 1 : i + 5]:
        if not w[JOINED] or w[KEY] in STOP or w[KEY] in ORG_HEADS:
            break
        if w[KEY] in PERSON_TITLES and w[KEY] not in ROYAL:
            break
        if len(span) == 1 and w[KEY][:1] in "لب" and zipf(w[KEY][1:]) >= PREPOSITION_WORD_ZIPF:
            break
        if w[KEY][:2] == "ال" and w[KEY][2:] in ORG_HEADS:
            break  # مجلس إدارة | الجمعية العربية السعودية: another organisation
        if (
            not w[KEY].startswith("ال")
            and w[KEY] not in PLACE_PREFIXES
            and not (len(span) == 1 and head not in OWN_NAMES)
        ):
            break
        span.append(w)
    tail = lexicon.entries.get(" ".join(w[KEY] for w in span[1:]))
    if tail and tail[0] == "ORG":
        return []  # قوات التحالف الدولي: the organisation is the lexicon's
    keys = [w[KEY] for w in span]
    if any(" ".join(keys[:k]) in lexicon.entries for k in range(2, len(keys))):
        return []  # منظمة الصحة العالمية الحملة: the lexicon's name ends earlier
    if span[-1][KEY] in ROYAL and (n := read_name(words, i + len(span), lexicon)):
        span += words[i + len(span) : i + len(span) + n]  # جامعة الملك سعود
    if head in FIELD_HEADS:
        span += words[i + len(span) : i + len(span) + _field(words, i + len(span))]
    if len(span) < 2 or not any(w[KEY].startswith("ال") for w in span[1:]):
        return []
    start = word[START] + surface_offset(body, word, len(word[KEY]) - len(head))
    known = lexicon.entries.get(" ".join(w[KEY] for w in span))
    text = strip_diacritics(body[start : span[-1][END]])
    return [Mention(start, span[-1][END], "ORG", known[1] if known else text, 1)]


def _named_thing(
    words: list[Word], i: int, head: str, lexicon: Lexicon, body: str
) -> list[Mention]:
    """اتفاق/مؤتمر/عملية + a name (``اتفاق فيينا``), never a description."""
    n = _name_after(words, i + 1, lexicon, definite_only=False)
    if not n or not _names_a_thing(words[i + 1][KEY], lexicon, alone=n == 1):
        return []
    word, last = words[i], words[i + n]
    start = word[START] + surface_offset(body, word, len(word[KEY]) - len(head))
    return [Mention(start, last[END], "MISC", strip_diacritics(body[start : last[END]]), 1)]


def _definite_institution(words: list[Word], i: int, lexicon: Lexicon, body: str) -> Mention | None:
    """A definite head, a nationality or institutional adjective, maybe a field.

    ``الاتحاد السعودي لكرة القدم``، ``الأكاديمية الأمريكية لأمراض الجلد``.
    """
    word = words[i]
    cut, head = next(
        ((c, v) for v, c in variants(word[KEY]) if v[:2] == "ال" and v[2:] in ORG_HEADS),
        (None, None),
    )
    if head is None or i + 1 >= len(words) or not words[i + 1][JOINED]:
        return None
    adjective = words[i + 1][KEY]
    kind_of_body = adjective in BODY_KINDS and head[2:] not in BODY_KIND_HEADS_NOT
    if adjective not in INSTITUTIONAL and not kind_of_body and not lexicon.nationality(adjective):
        return None
    n = 2
    if i + n < len(words) and words[i + n][JOINED] and lexicon.nationality(words[i + n][KEY]):
        n += 1  # الجمعية العربية السعودية
    n += _field(words, i + n) if head[2:] in DEFINITE_FIELD_HEADS else 0
    start = word[START] + surface_offset(body, word, cut)
    end = words[i + n - 1][END]
    return Mention(start, end, "ORG", strip_diacritics(body[start:end]), 1)


def _field(words: list[Word], j: int) -> int:
    """Words from ``words[j]`` that give an institution's field with ل.

    ``للثقافة والفنون``، ``لأمراض الكلى``، ``لكرة القدم``، ``لمكافحة الإرهاب``; not a
    time (``للمرة الثانية``) or a ل before a particle (``للحد من``).
    """
    if j >= len(words) or not words[j][JOINED]:
        return 0
    k = words[j][KEY]
    after = words[j + 1] if j + 1 < len(words) and words[j + 1][JOINED] else None
    definite_after = after is not None and after[KEY].startswith(("ال", "وال"))
    if k.startswith("لل"):
        if k in TIME_AFTER_LAM or len(k) < 5 or (after is not None and after[KEY] in STOP):
            return 0
    elif not (k.startswith("ل") and len(k) > 3 and definite_after):
        return 0
    n = 1
    for prefix in ("ال", "وال", "ال"):  # للحياة الفطرية، للإغاثة والأعمال الإنسانية
        if j + n >= len(words) or not words[j + n][JOINED]:
            break
        k = words[j + n][KEY]
        if k.startswith(prefix) and k[len(prefix) :] not in ORG_HEADS:  # | والأكاديمية
            n += 1
    return n


#: After عملية، اتفاق، مؤتمر ... a word at least this common (Zipf) is a description,
#: not a name: مؤتمر صحفي، عملية جراحية، اتفاق نووي; اتفاق فيينا is in the gazetteer.
MISC_NAME_MAX_ZIPF = 3.0


def _names_a_thing(k: str, lexicon: Lexicon, alone: bool = False) -> bool:
    """Whether the word after an event head starts a name (MISC means a named thing).

    ``alone``: the name would be this one word, which then must not read as a
    description: a feminine or participle adjective (``قمة سائغة``، ``اتفاق متوازن``)
    or a verbal noun (``عملية تمشيط``، ``عملية استحواذ``).
    """
    if k in STOP:
        return False
    if k in lexicon.entries or k in lexicon.longest_from:
        return True  # اتفاق فيينا، اتفاق الطائف، معركة الموصل
    if k.startswith(("ال", "لل")):
        return False  # اتفاق للتعاقد: a purpose, not a name
    if k[:1] in "ولب" and zipf(k[1:]) > zipf(k):
        return False  # عملية وارتفعت، لاتفاق للتعاقد
    if alone and (k.endswith("ه") or k.startswith("م") or _verbal_noun(k)):
        return False
    return zipf(k) < MISC_NAME_MAX_ZIPF and not k.endswith(("ي", "يه"))


def _verbal_noun(k: str) -> bool:
    """The masdar shapes تفعيل and استفعال (``تمشيط``، ``تعبيد``، ``استنزاف``)."""
    return (len(k) == 5 and k[0] == "ت" and k[3] == "ي") or (k.startswith("است") and len(k) >= 6)
