"""Attributions: a cue (قال، بحسب، وفق ...) and who said it."""

from __future__ import annotations

import bisect
import re

import polars as pl

from akhbar.tasks.arabic import alternation
from akhbar.tasks.extract.heads import ORG_HEADS, PERSON_TITLES
from akhbar.tasks.extract.schemas import SOURCE_SCHEMA
from akhbar.tasks.extract.text import (
    WORD,
    Spans,
    WordStartMatch,
    WordStartPattern,
    fold,
    frame_of,
    with_folds,
)

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
    "ابان",
    "ابانت",
    "قاله",
    "قالته",
    # the present, as features and interviews write it: يقول المهاجم ...، وتقول الأكاديمية
    "يقول",
    "تقول",
    "يضيف",
    "تضيف",
    "يؤكد",
    "تؤكد",
    "يوضح",
    "توضح",
)
CUE_RE = WordStartPattern(
    rf"[وف]?(?P<cue>{alternation(fold(c) for c in CUES)})(?!\w)",
    starts=[fold(c) for c in CUES],
    reach=1,
)
ANONYMOUS_RE = re.compile(
    r"\s*ل?(?:ال)?(?:مصادر|مصدر|شبكات|ناشطون|ناشطين|شهود|مسؤولون|سكان|اهالي)(?!\w)"
    rf"(?:\s+(?!ان\b){WORD})?"
)
OFFICIAL_RE = re.compile(
    r"\s*(?:ل|لـ)?(?:ال)?(?:متحدث باسم|ناطق باسم|وزير|وزاره|بيان|مسؤول|رئيس|مدير"
    r"|الامين العام|نائب|قائد|المتحدث|الناطق|مشرف|سفير|محافظ|امير"
    rf"|{alternation(PERSON_TITLES | {'الفريق'})}"
    # an institution by its head noun: وأضاف المجلس، وأعلن نادي الاتحاد، وقال الجيش
    rf"|{alternation(ORG_HEADS - {'المرصد'})})(?!\w)"
)
MEDIA_RE = re.compile(r"\s*(?:ل|لـ)?(?:ال)?(?:شبكه|صحيفه|قناه|موقع|اذاعه|تلفزيون)(?!\w)")
AGENCY_RE = re.compile(r"\s*(?:ل|لـ)?(?:ال)?وكاله(?!\w)")
MONITOR_RE = re.compile(r"\s*(?:ل|لـ)?المرصد(?!\w)")
SPOKESPERSON_RE = WordStartPattern(
    r"[وف]?(?:ال)?(?:متحدث|ناطق) باسم(?!\w)", starts=["متحدث", "ناطق"], reach=3
)
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


#: Between a speech verb and a name, the proclitic ``لـ``/``ل`` alone: the name is who
#: was spoken to (``قال لـ"الحياة"``, ``صرح لعكاظ``), not who spoke. After وفقا/بحسب
#: the same ل belongs to "according to".
LISTENER_RE = re.compile(r"\s*لـ?\s*[\"«“]?")
#: What follows a cue whose speaker is the one just quoted (``وأضاف أن``، ``وأشار إلى
#: أن``، ``وأبانت أن``، ``وأضاف: "...``): the verb's subject is a pronoun.
OPENS_CLAUSE_RE = re.compile(r"(?:^|[.،,؛:\n]|(?<!\w)(?:حيث|كما))\s*$")
SAME_SPEAKER_RE = re.compile(r"\s*(?:(?:الي|في)\s+)?(?:[اإأ]ن(?!\w)|:|[\"«“])")
ACCORDING_TO = {
    fold(c)
    for c in ("بحسب", "حسب", "وفق", "وفقا ل", "وفقا", "وفقاً", "نقلا عن", "نقلاً عن", "نقل", "نقلت")
}
Mention = tuple[int, int, str, str]  # start, end, type, canonical


def extract_sources(articles: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """Attributions: a cue (قال، بحسب، وفق، نقلاً عن ...) and who said it.

    After the cue comes an anonymous phrase (مصادر محلية، شبكات), an agency (وكالة
    "رويترز"), a monitor (المرصد), local media (شبكة، صحيفة، قناة), or an official
    (متحدث باسم، بيان، وزير, or a named person or organisation). ``name`` is the
    canonical name of the person or organisation when there is one. A spokesperson
    (متحدث باسم "التحالف") is an official source wherever the phrase stands. A name
    right after ``لـ`` is who was spoken to, and the article's own outlet is not its
    source (``في تصريح لـ"عكاظ"`` in Okaz).
    """
    by_article: dict[str, list[Mention]] = {}
    for article_id, start, end, kind, canonical in entities.select(
        "article_id", "start", "end", "type", "canonical"
    ).iter_rows():
        by_article.setdefault(article_id, []).append((start, end, kind, canonical))
    framed = with_folds(articles)
    outlets = framed["outlet"] if "outlet" in framed.columns else [None] * framed.height
    rows = []
    for (article_id, body, folded), outlet, cues, spokespersons in zip(
        framed.select("article_id", "body", "folded").iter_rows(),
        outlets,
        CUE_RE.word_starts(framed["folded"]),
        SPOKESPERSON_RE.word_starts(framed["folded"]),
        strict=True,
    ):
        mentions = sorted(by_article.get(article_id, []))
        own = fold(outlet) if outlet else None
        at = (cues, spokespersons)
        rows += _sources_of(article_id, body, folded, mentions, own, at)
    return frame_of(rows, SOURCE_SCHEMA).sort("article_id", "start", maintain_order=True)


def _sources_of(
    article_id, body, folded, mentions: list[Mention], own_outlet, at=(None, None)
) -> list[tuple]:
    """One article's attributions: after cues, then spokespersons not already taken.

    ``at``: where cues and spokespersons may start (:meth:`WordStartPattern.word_starts`).
    """
    starts = [m[0] for m in mentions]
    rows, taken = [], []
    for cue in CUE_RE.finditer(folded, at[0]):
        after = cue.end()
        clause_end = min(_clause_end(folded, after), after + SOURCE_WINDOW + 1)
        window = mentions[
            bisect.bisect_left(starts, after) : bisect.bisect_left(starts, clause_end)
        ]
        spoken_to = (
            window
            and cue["cue"] not in ACCORDING_TO
            and LISTENER_RE.fullmatch(folded, after, window[0][0])
        )
        if spoken_to:  # told to that one: who spoke stands before the verb or after it
            after, window = _past_quote(folded, window[0][1]), window[1:]
        found = _attribution(folded, after, window)
        if found is None and rows and not spoken_to and _same_speaker(folded, cue, after):
            found = (rows[-1][4], rows[-1][5], after)  # وأضاف أن: the last speaker again
        if found is None:
            continue
        kind, name, end = found
        if name and own_outlet and fold(name) == own_outlet:
            continue  # the article's outlet quoting itself: a statement made to it
        taken.append((cue.start(), end))
        rows.append((article_id, cue.start(), end, body[cue.start() : end], kind, name))
    taken_spans = Spans(taken)
    for m in SPOKESPERSON_RE.finditer(folded, at[1]):
        if taken_spans.cover(m.start()):
            continue
        i = bisect.bisect_left(starts, m.end())
        named = mentions[i] if i < len(mentions) and mentions[i][0] <= m.end() + 4 else None
        end = named[1] if named else m.end()
        if end < len(body) and body[end] in '"»”':
            end += 1
        name = named[3] if named else None
        rows.append((article_id, m.start(), end, body[m.start() : end], "official", name))
    return rows


def _same_speaker(folded: str, cue: WordStartMatch, after: int) -> bool:
    """Whether a cue without a subject goes on quoting the last speaker.

    It opens its clause (``وأضاف``، ``حيث أكد``، ``كما أوضح``) and what was said comes
    next (``أن``، ``:``، a quote). After a subject (``متحدث باسم "التحالف" قد أكد أن``)
    the speaker is that subject, not the last one.
    """
    opens = folded[cue.start()] in "وف" or OPENS_CLAUSE_RE.search(
        folded, max(0, cue.start() - 8), cue.start()
    )
    return bool(opens) and SAME_SPEAKER_RE.match(folded, after) is not None


def _past_quote(text: str, at: int) -> int:
    """Past the closing quote (and spaces) of a name ending at ``at``."""
    while at < len(text) and text[at] in '"»” ':
        at += 1
    return at


def _attribution(folded: str, after: int, window: list[Mention]):
    """``(kind, name, end)`` of who a cue ending at ``after`` points to, or None."""
    kind = phrase = None
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
    named = (people or orgs or [None])[0]
    if kind == "anonymous":
        return kind, None, phrase.end()
    if kind is not None:
        name = named[3] if named else None
        return _agency_if_known(kind, name), name, max(phrase.end(), named[1] if named else 0)
    if named is None or named[0] - after > 25:
        return None
    name = named[3]
    kind = "monitor" if name.startswith("المرصد") else "official"
    return _agency_if_known(kind, name), name, named[1]


def _agency_if_known(kind: str, name: str | None) -> str:
    return "agency" if name in AGENCY_NAMES else kind


CLAUSE_END_RE = re.compile(r"(?<!\w)[اإأ]ن(?!\w)|[.:؛\n]")


def _clause_end(text: str, at: int) -> int:
    """Where the clause after a cue ends: ``أن``/``إن`` (what was said starts) or a stop.

    Looked for only as far as a source can stand from its cue (``SOURCE_WINDOW``), so
    a long text without punctuation costs no more per cue than a short one.
    """
    limit = min(len(text), at + SOURCE_WINDOW + 1)
    m = CLAUSE_END_RE.search(text, at, limit)
    return m.start() if m else limit
