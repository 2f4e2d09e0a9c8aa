"""Entity mentions: gazetteer names, quoted names and trigger rules, overlaps resolved."""

from __future__ import annotations

import bisect
import re

import polars as pl

from akhbar.tasks.arabic import DIGIT
from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract.heads import (
    AGENCY_CREDITS,
    MEDIA_HEADS,
    MISC_HEADS,
    ORG_HEADS,
    WORK_HEADS,
)
from akhbar.tasks.extract.lexicon import (
    END,
    JOINED,
    KEY,
    START,
    Lexicon,
    ShardKeys,
    Word,
    load_lexicon,
    variants,
    words_of,
)
from akhbar.tasks.extract.names import (
    LEARNED_SCHEMA,
    Names,
    learn_names,
    name_mentions,
)
from akhbar.tasks.extract.organisations import (
    learn_organisations,
    organisation_forms,
    organisation_key,
)
from akhbar.tasks.extract.rules import (
    Mention,
    club_mentions,
    is_rule_word,
    rule_mentions,
    surface_offset,
)
from akhbar.tasks.extract.schemas import ENTITY_SCHEMA
from akhbar.tasks.extract.text import (
    WORD_RE,
    Spans,
    fold,
    frame_of,
    key,
    strip_diacritics,
    with_folds,
)


def _gazetteer_mentions(
    words: list[Word], lexicon: Lexicon, body: str, at: list[int] | None = None
) -> list[Mention]:
    """Longest gazetteer names, tried only from words that can start one.

    ``at``: the indices of those words (:func:`_gazetteer_starts`), when the caller found
    them for the whole shard.
    """
    if at is None:
        (at,) = _gazetteer_starts(ShardKeys([words]), lexicon)
    found: list[Mention] = []
    i = 0
    for candidate in at:
        if candidate < i:
            continue  # inside the name just found
        i = candidate
        starts = lexicon.starts(words[i][KEY])
        best = None
        after = words[i + 1] if i + 1 < len(words) and words[i + 1][JOINED] else None
        for first, cut, longest in starts:
            if longest > 1 and after and f"{first} {after[KEY]}" in lexicon.two_word_starts:
                shortest = 1
            elif first in lexicon.entries:
                longest = shortest = 1  # no longer name goes on this way
            else:
                continue
            for length in range(min(longest, len(words) - i), shortest - 1, -1):
                span = words[i : i + length]
                if any(not w[JOINED] for w in span[1:]):
                    continue
                name = " ".join([first, *(w[KEY] for w in span[1:])])
                if name in lexicon.entries and (best is None or length > best[0]):
                    best = (length, cut, lexicon.entries[name])
                    break
        if best:
            length, cut, (kind, canonical) = best
            start = words[i][START] + surface_offset(body, words[i], cut)
            end = words[i + length - 1][END]
            if kind == "ORG":
                start, end, canonical = _organisation_around(
                    words, i, length, body, start, end, canonical
                )
            found.append(Mention(start, end, kind, canonical, 3))
            i += length
    return found


#: Adjectives a known organisation's name goes on with: the same body (``مجلس الأمن
#: الدولي``), or another one the adjective names (``مجلس الأمن القومي``).
_SAME_BODY = {fold(w) for w in ("الدولي", "الدولية")}
_OTHER_BODY = {fold(w) for w in ("القومي", "القومية")}
#: Heads a known organisation's name may take before it (``منظمة الأمم المتحدة``).
_ORG_TITLES = {fold(w) for w in ("منظمة", "هيئة")}


def _organisation_around(
    words: list[Word], i: int, length: int, body: str, start: int, end: int, canonical: str
) -> tuple[int, int, str]:
    """A known organisation's span with its head before and its adjective after."""
    j = i + length
    if j < len(words) and words[j][JOINED]:
        if words[j][KEY] in _SAME_BODY:
            end = words[j][END]
        elif words[j][KEY] in _OTHER_BODY:
            end = words[j][END]
            canonical = f"{canonical} {strip_diacritics(body[words[j][START] : end])}"
    if i > 0 and words[i][JOINED] and body[start:end].startswith("ال"):
        head = words[i - 1][KEY]
        bare = head[1:] if head[:1] in "وبل" and head[1:] in _ORG_TITLES else head
        if bare in _ORG_TITLES:
            start = words[i - 1][START] + len(head) - len(bare)
    return start, end, canonical


#: Institutions named after a person, the name right after the head (``شركة عبداللطيف
#: جميل``، ``مؤسسة محمد بن راشد``; with a title between, ``مركز الدكتور محمد``, the
#: person is there in person).
_NAMED_AFTER_HEADS = "شركة شركات مؤسسة مجموعة مستشفى جامعة مدرسة مدارس كلية معهد أكاديمية جمعية"
NAMED_AFTER_HEADS = {fold(w) for w in _NAMED_AFTER_HEADS.split()}
_WORD_BEFORE = re.compile(r"(\w+)[ \t\xa0]+$")


def _named_after(person: Mention, body: str) -> Mention:
    """A person's mention right after an institution's head is the institution's name."""
    before = _WORD_BEFORE.search(body, max(0, person.start - 30), person.start)
    if before is None:
        return person
    head = next((cut for v, cut in variants(before[1]) if v in NAMED_AFTER_HEADS), None)
    if head is None:
        return person
    start = before.start(1) + head
    text = strip_diacritics(body[start : person.end])
    return Mention(start, person.end, "ORG", text, person.priority)


def _gazetteer_starts(keys: ShardKeys, lexicon: Lexicon) -> list[list[int]]:
    """Per article, the words a gazetteer name can start at.

    A one-word name, or the first two words of a longer one (through proclitics).
    """
    return keys.where(
        keys.mask(lexicon.is_one_word_name)
        | keys.pair_mask(lexicon.longer_firsts, lexicon.two_word_starts)
    )


def _organisation_mentions(
    words: list[Word], body: str, learned: dict[str, str], at: list[int]
) -> list[Mention]:
    """The shard's learned organisations (:mod:`.organisations`) at the words ``at``."""
    found = []
    for i in at:
        k, cut = organisation_key(words[i][KEY], learned)
        start = words[i][START] + surface_offset(body, words[i], cut)
        found.append(Mention(start, words[i][END], "ORG", learned[k], 1))
    return found


QUOTED_RE = re.compile(r'["«“”]([^"«»“”\n]{2,60}?)["»”“]')
#: A name in brackets, a named thing only after a kind of work (``عقار (أودومزو)``).
BRACKETED_RE = re.compile(r"\(([^()\n]{2,40}?)\)")


def _quoted_mentions(body: str, lexicon: Lexicon) -> list[Mention]:
    """Names in quotes, typed by their head word or by what precedes the quote.

    And names in brackets after a kind of work (:data:`WORK_HEADS`), and the agencies
    credited in brackets (:data:`AGENCY_CREDITS`: ``(الفرنسية)`` is AFP); elsewhere
    brackets hold glosses and asides (``(Albert Einstein)``).
    """
    found = []
    quoted = [(m, False) for m in QUOTED_RE.finditer(body)]
    for m, bracketed in quoted + [(m, True) for m in BRACKETED_RE.finditer(body)]:
        inner = m.group(1).strip()
        parts = key(inner).split()
        if not parts or len(parts) > 5 or not WORD_RE.match(inner):
            continue
        before = key(body[max(0, m.start() - 25) : m.start()]).split()
        previous = before[-1] if before else ""
        previous_bare = previous[1:] if previous[:1] in "وفبل" else previous
        if bracketed:
            credit = re.split(r"\s*[-/–]\s*", inner)[0]  # (الفرنسية - أرشيف): a photo's
            if (agency := AGENCY_CREDITS.get(key(credit))) is not None:
                start = m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())
                found.append(Mention(start, start + len(credit), "ORG", agency, 3))
            elif previous in WORK_HEADS or previous_bare in WORK_HEADS:
                start = m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())
                found.append(Mention(start, start + len(inner), "MISC", _spaced(inner), 2, True))
            continue
        known = lexicon.entries.get(key(inner))
        start, end = m.start(1), m.start(1) + len(m.group(1).rstrip())
        start += len(m.group(1)) - len(m.group(1).lstrip())
        if known:
            found.append(Mention(start, end, known[0], known[1], 3))
        elif (
            parts[0] in ORG_HEADS
            or parts[0] in MEDIA_HEADS
            or previous in ORG_HEADS | MEDIA_HEADS
            or previous_bare in ORG_HEADS | MEDIA_HEADS
        ):
            found.append(Mention(start, end, "ORG", _spaced(inner), 2, quoted=True))
        elif previous in {"لـ", "ل"} or body[max(0, m.start() - 2) : m.start()] == "لـ":
            found.append(Mention(start, end, "ORG", _spaced(inner), 2, quoted=True))  # لـ"العربي"
        elif previous in MISC_HEADS or previous in WORK_HEADS or previous_bare in WORK_HEADS:
            found.append(Mention(start, end, "MISC", _spaced(inner), 2, quoted=True))
    return found


def _spaced(name: str) -> str:
    """Canonical spelling of a quoted name: diacritics off, letters and digits apart."""
    bare = strip_diacritics(name).strip()
    return re.sub(rf"(?<=[\u0621-\u064a])(?={DIGIT})|(?<={DIGIT})(?=[\u0621-\u064a])", " ", bare)


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """Where spans overlap, keep one mention.

    A quoted name first (quotes mark the name's extent), then the longest mention,
    then the higher priority.
    """
    # kept mentions never overlap, so sorted by start they are sorted by end too: a new
    # one overlaps a kept one only if it overlaps a neighbour (linear in the mentions)
    starts: list[int] = []
    kept: list[Mention] = []
    order = sorted(mentions, key=lambda m: (not m.quoted, -(m.end - m.start), -m.priority, m.start))
    for m in order:
        i = bisect.bisect_left(starts, m.start)
        if (i > 0 and kept[i - 1].end > m.start) or (i < len(kept) and kept[i].start < m.end):
            continue
        starts.insert(i, m.start)
        kept.insert(i, m)
    return kept


def _short_forms_as_full(mentions: list[Mention]) -> list[str]:
    """Each mention's canonical name, an organisation's short form taking its full one's.

    ``مركز الملك سلمان`` after ``مركز الملك سلمان لأمراض الكلى`` in the same article
    is that centre: a name of two words or more that begins an organisation's longer
    name in the article takes its canonical (the longest such).
    """
    full_of: dict[tuple[str, ...], str] = {}  # a name's first words -> longest such name
    for canonical in {m.canonical for m in mentions if m.type == "ORG"}:
        words = tuple(canonical.split())
        for n in range(2, len(words)):
            if len(full_of.get(words[:n], "")) < len(canonical):
                full_of[words[:n]] = canonical
    if not full_of:
        return [m.canonical for m in mentions]
    return [
        full_of.get(tuple(m.canonical.split()), m.canonical) if m.type == "ORG" else m.canonical
        for m in mentions
    ]


def _towns_not_named_as(
    people: list[Mention], places: list[Mention], body: str, lexicon: Lexicon
) -> list[Mention]:
    """``places`` but the gazetteer's towns whose words a learned name has just as well.

    ``بولتون`` after ``جون بولتون`` is the person; the curated places stay (``واشنطن``).
    """
    person_spans = {(m.start, m.end) for m in people}
    return [
        m
        for m in places
        if (m.start, m.end) not in person_spans
        or key(body[m.start : m.end]) in lexicon.curated_first
    ]


def extract_entities(
    articles: pl.DataFrame, cfg: ExtractConfig, known: Names | None = None
) -> pl.DataFrame:
    """Entity mentions from gazetteers, quoted names, trigger rules and learned persons.

    Examples
    --------
    >>> body = 'قال الجنرال كريستوفر غيكا إن "قسد" تقدمت في بلدة الباغوز بريف دير الزور'
    >>> extract_entities(pl.DataFrame({"article_id": ["a"], "body": [body]}),
    ...                  ExtractConfig()).select("text", "type", "canonical").rows()
    [('كريستوفر غيكا', 'PER', 'كريستوفر غيكا'), ('قسد', 'ORG', 'قوات سورية الديمقراطية'), ('الباغوز', 'LOC', 'الباغوز'), ('دير الزور', 'LOC', 'دير الزور')]
    """  # noqa: E501
    return entity_frames(articles, cfg, known)[0]


def entity_frames(
    articles: pl.DataFrame, cfg: ExtractConfig, known: Names | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``ENTITY_SCHEMA`` mentions, and the persons the shard taught (``LEARNED_SCHEMA``).

    Two passes over the shard: the first learns names from strong contexts
    (:mod:`~akhbar.tasks.extract.names`), the second finds every mention, the learned
    names among them, of all articles.
    """
    lexicon = load_lexicon(cfg.lexicon_path, cfg.gazetteer_cities)
    shard = [
        (article_id, body, words_of(body, folded))
        for article_id, body, folded in with_folds(articles)
        .select("article_id", "body", "folded_marks")
        .iter_rows()
    ]
    keys = ShardKeys([words for _, _, words in shard])
    if cfg.learn_names:
        names, learned = learn_names(shard, lexicon, known, keys)
        persons = {w for name in names.full for w in name} | set(names.alone)
        organisations = learn_organisations(shard, lexicon, keys, persons)
    else:
        names, learned, organisations = known, None, {}
    organisation_words = (
        keys.where(
            keys.mask_among(
                organisation_forms(organisations),
                lambda k: organisation_key(k, organisations) is not None,
            )
        )
        if organisations
        else [[] for _ in shard]
    )
    rule_words = keys.positions(is_rule_word)
    name_starts = keys.positions(names.index()[3].__contains__) if names else None
    place_starts = _gazetteer_starts(keys, lexicon)
    rows = []
    for a, (article_id, body, words) in enumerate(shard):
        rules = rule_mentions(words, lexicon, body, rule_words[a])
        people = [
            Mention(start, end, "PER", canonical, 2)
            for start, end, canonical in (
                name_mentions(words, body, names, name_starts[a]) if name_starts is not None else ()
            )
        ]
        people = [_named_after(m, body) for m in people]
        if people:  # a learned name is surer than a trigger rule's guess, however long
            taken = Spans([(m.start, m.end) for m in people])
            rules = [m for m in rules if not taken.overlaps(m.start, m.end)]
        places = _gazetteer_mentions(words, lexicon, body, place_starts[a])
        if people:
            places = _towns_not_named_as(people, places, body, lexicon)
        clubs = club_mentions(words, places, body, lexicon)
        mentions = places + clubs + _quoted_mentions(body, lexicon)
        own_names = _organisation_mentions(words, body, organisations, organisation_words[a])
        kept = _resolve(mentions + rules + people + own_names)
        for m, canonical in zip(kept, _short_forms_as_full(kept), strict=True):
            rows.append((article_id, m.start, m.end, body[m.start : m.end], m.type, canonical))
    if learned is None:
        learned = pl.DataFrame(schema=LEARNED_SCHEMA)
    return frame_of(rows, ENTITY_SCHEMA), learned
