"""Organisations learned from the shard: the own name after a head noun, then alone.

News introduces a company, club or movement once with its head noun (``شركة
نوفارتيس``، ``نادي تشيلسي``، ``حركة طالبان``) and then names it alone (``وقالت
نوفارتيس``، ``لاعب تشيلسي``). :func:`learn_organisations` reads a shard for such
introductions, :func:`organisation_mentions` tags every later mention, through the
proclitics و ف ب ل. Only a rare word that is no article-word, particle, title, given
name, known place or adjective is learned: ``شركة كبرى``، ``مجموعة قصصية`` and
``فريق عمل`` teach nothing.
"""

from __future__ import annotations

from akhbar.tasks.extract.lexicon import (
    END,
    JOINED,
    KEY,
    PROCLITICS,
    START,
    Lexicon,
    ShardKeys,
    Word,
    variants,
)
from akhbar.tasks.extract.names import TITLES, _bare, _given, zipf
from akhbar.tasks.extract.text import STOP, fold, strip_diacritics

#: Head nouns followed by an organisation's own name (no article): شركة أرامكو.
_OWN_NAME_HEADS = (
    "شركة نادي حركة حزب منظمة جماعة تنظيم مجموعة بنك مصرف وكالة صحيفة قناة مجلة شبكة "
    "فريق ائتلاف حلف مؤسسة"
)
OWN_NAME_HEADS = {fold(w) for w in _OWN_NAME_HEADS.split()}
#: A learned name is rarer than this (wordfreq's Zipf scale, folded words).
ORGANISATION_MAX_ZIPF = 3.0
#: Endings no transliterated own name has but Arabic adjectives, plurals, pronouns and
#: verbs do (شركة منوعة، مجموعة شركات، فريق متطوعين، فروعها، أجابت): folded, ة is ه.
ARABIC_ENDINGS = ("ه", "ها", "هم", "نا", "ات", "ون", "ين", "وا", "ت")


def _learnable(k: str, lexicon: Lexicon) -> bool:
    """Whether a word after a head noun can be the organisation's own name.

    A rare word (``ORGANISATION_MAX_ZIPF``) that is no particle, title, head, given
    name or known place, has none of :data:`ARABIC_ENDINGS`, and is not a common word
    with a proclitic (``للإسكان``، ``وآمنة``), a nisba (``صحي``), an accusative
    (``تنظيما``) or a participle (``مكرر``).
    """
    return (
        len(k) >= 3
        and not k.startswith(("ال", "لل", "بال", "وال", "فال", "كال"))
        and k not in STOP
        and k not in TITLES
        and k not in OWN_NAME_HEADS
        and not _given(k)
        and zipf(k) < ORGANISATION_MAX_ZIPF
        and not k.endswith(ARABIC_ENDINGS)
        and not (k[-1] in "يا" and zipf(k[:-1]) > 0)  # صحي، تنظيما
        and not (k[0] in "وفبلك" and zipf(k[1:]) > 0)  # لاقتحام، وخطوة
        and not (k[0] == "م" and k[1] not in "اوي")  # participles: مكرر، متتابع (ميشلان)
        and not any(v in lexicon.entries for v, _ in variants(k))
    )


def learn_organisations(
    shard: list[tuple[str, str, list[Word]]],
    lexicon: Lexicon,
    keys: ShardKeys,
    persons: set[str] = frozenset(),
) -> dict[str, str]:
    """The own names a shard introduces after a head noun: key -> canonical spelling.

    ``persons``: keys of learned persons, never an organisation (``حزب تسيبراس``).
    """
    learned: dict[str, str] = {}
    heads = keys.positions(lambda k: _bare(k) in OWN_NAME_HEADS)
    for (_, body, words), at in zip(shard, heads, strict=True):
        for i in at:
            if i + 1 < len(words) and words[i + 1][JOINED]:
                k = words[i + 1][KEY]
                if k not in learned and k not in persons and _learnable(k, lexicon):
                    learned[k] = strip_diacritics(body[words[i + 1][START] : words[i + 1][END]])
    return learned


def organisation_forms(learned: dict[str, str]) -> set[str]:
    """Every key :func:`organisation_key` can find a learned name in (and some more).

    The names, each after every proclitic :func:`~.lexicon.variants` takes off, and a
    definite name's ``لل``/``ل`` forms (``للاتحاد``, ``ولل…``): the keys to test, listed
    beforehand instead of testing all of a shard's.
    """
    forms = set(learned)
    for name in learned:
        forms.update(prefix + name for prefix in PROCLITICS)
        if name.startswith("ا"):  # لل + noun = ل + ال + noun
            forms.update(prefix + name[1:] for prefix in PROCLITICS if prefix.endswith("ل"))
        if name.startswith("ال"):
            forms.add("لل" + name[2:])
    return forms


def organisation_key(k: str, learned: dict[str, str]) -> tuple[str, int] | None:
    """The learned name a word's key is, through its proclitics, and their length."""
    if k in learned:
        return k, 0
    return next(((v, cut) for v, cut in variants(k) if cut and v in learned), None)
