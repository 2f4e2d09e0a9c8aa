"""The seed layout, generated with every optional part present and absent, parses back.

Articles are built from parts (title; a date line in any supported form; a caption with
the font buttons under it; debris lines; bylines; paragraphs of one or more lines),
rendered as a scraped file would be (CRLF or LF, no-break-space blank lines, a BOM,
trailing blanks), and parsed again: every field must come back, and every non-space
character must be in a field or a discarded line.
"""

import datetime as dt
import importlib.util

import polars as pl
import pytest
from hijridate import Gregorian
from hypothesis import example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from akhbar.tasks.config import IngestConfig, ReadConfig
from akhbar.tasks.ingest import ingest
from akhbar.tasks.ingest.layout import to_seed_layout
from akhbar.tasks.ingest.text import non_space_chars
from akhbar.tasks.readers import iter_shards
from tests.conftest import ROOT, SHARED, raw_frame, requires_shared

CFG = IngestConfig()
SENTENCES = (
    "أعلنت الوزارة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية "
    "وقال المتحدث إن الحكومة ستواصل العمل مع الشركاء لتحسين الخدمات العامة "
    "وتوفير فرص العمل للشباب وأضاف أن المشروع يشمل بناء مدارس ومستشفيات "
    "وطرق جديدة خلال الأعوام المقبلة"
)
WORDS = SENTENCES.split()
# one spelling per month, from several regions
GREGORIAN = "يناير فبراير آذار أبريل ماي جوان تموز غشت شتنبر تشرين_الأول نونبر كانون_الأول"
GREGORIAN = [m.replace("_", " ") for m in GREGORIAN.split()]
HIJRI = "محرم صفر ربيع_الأول ربيع_الآخر جمادى_الأولى جمادى_الآخرة رجب شعبان رمضان شوال"
HIJRI = [m.replace("_", " ") for m in HIJRI.split()] + ["ذو القعدة", "ذو الحجة"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEBRIS = ["+ الخط -", "اقرأ أيضا", "طباعة", "شارك"]

sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(
    lambda ws: " ".join(ws) + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=3)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def date_lines(draw):
    """``(line, date)``: one publication date in one of the forms a date line takes."""
    day = draw(dates)
    form = draw(st.sampled_from(["arabic", "indic", "weekday", "dmy", "iso", "hijri", "both"]))
    arabic = f"{day.day} {GREGORIAN[day.month - 1]} {day.year}"
    hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    hijri_text = f"{hijri.day} {HIJRI[hijri.month - 1]} {hijri.year} هـ"
    line = {
        "arabic": arabic,
        "indic": arabic.translate(INDIC),
        "weekday": f"الجمعة {arabic}",
        "dmy": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "iso": day.isoformat(),
        "hijri": hijri_text,
        "both": f"{arabic} م - {hijri_text}",
    }[form]
    return line, day


@st.composite
def articles(draw):
    """The parts of one article and how it is written out."""
    return {
        "title": " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=8))),
        "date": draw(st.none() | date_lines()),
        "caption": draw(st.none() | sentences.map(lambda s: s[:-1] + " (أرشيف)")),
        "font_buttons": draw(st.booleans()),
        "byline": draw(st.none() | st.just("ياسر الحربي – عين اليوم")),
        "dateline": draw(st.none() | st.just("سبق- الدمام:")),
        "credit": draw(st.none() | st.sampled_from(["(واس)", "(رويترز)"])),
        "paragraphs": draw(st.lists(paragraphs, min_size=1, max_size=5)),
        "debris_between": draw(st.lists(st.sampled_from(DEBRIS[1:]), max_size=2)),
        "blank": draw(st.sampled_from(["", "\u00a0", "  ", "\u00a0 \u2003"])),
        "newline": draw(st.sampled_from(["\n", "\r\n"])),
        "bom": draw(st.booleans()),
        "trailing": draw(st.sampled_from(["", "\n", "\n\n \n"])),
    }


def render(a) -> tuple[bytes, list[str]]:
    """The article as a scraped seed-layout file, and its debris lines in order."""
    lines = [a["title"], a["blank"]]
    debris = []
    if a["date"]:
        lines.append(a["date"][0])
    if a["caption"] and a["font_buttons"]:
        lines.append(a["caption"])
    if a["font_buttons"]:
        lines.append("+ الخط -")
        debris.append("+ الخط -")
    lines.append(a["blank"])
    body = [list(p) for p in a["paragraphs"]]
    if a["dateline"]:
        body[0][0] = f"{a['dateline']} {body[0][0]}"
    if a["byline"]:
        body.insert(0, [a["byline"]])
    if a["credit"]:
        body.append([a["credit"]])
    between = list(a["debris_between"])
    for i, paragraph in enumerate(body):
        if i:
            lines.append(a["blank"])
            # debris between paragraphs, never between the byline or credit and the body
            if between and (not a["byline"] or i > 1) and (not a["credit"] or i < len(body) - 1):
                debris.append(between.pop())
                lines += [debris[-1], a["blank"]]
        lines += paragraph
    text = a["newline"].join(lines) + a["trailing"]
    return (b"\xef\xbb\xbf" if a["bom"] else b"") + text.encode(), debris


def expected(a) -> dict:
    byline = [x for x in (a["byline"], a["dateline"], a["credit"]) if x]
    return {
        "title": a["title"],
        "published_date": a["date"][1] if a["date"] else None,
        "published_text": a["date"][0] if a["date"] else None,
        "caption": a["caption"] if a["caption"] and a["font_buttons"] else None,
        "byline": "\n".join(byline) or None,
        "body": "\n\n".join("\n".join(p) for p in a["paragraphs"]),
        "n_paragraphs": len(a["paragraphs"]),
    }


def kept_chars(articles: pl.DataFrame, discards: pl.DataFrame) -> pl.DataFrame:
    """Per article: non-space characters in its fields and discarded lines, and its input's."""
    fields = ("title", "published_text", "caption", "byline", "body")
    discarded = discards.group_by("article_id").agg(n=non_space_chars(pl.col("text")).sum())
    return articles.join(discarded, on="article_id", how="left").select(
        "article_id",
        "n_input_chars",
        kept=pl.sum_horizontal(
            *(non_space_chars(pl.col(f)).fill_null(0) for f in fields), pl.col("n").fill_null(0)
        ),
    )


ISSUE_15_CASE = {  # no caption and no font buttons: the first paragraph was lost
    "title": "عنوان الخبر",
    "date": ("13 فبراير 2019", dt.date(2019, 2, 13)),
    "caption": None,
    "font_buttons": False,
    "byline": None,
    "dateline": None,
    "credit": None,
    "paragraphs": [["الفقرة الأولى من الخبر."], ["الفقرة الثانية من الخبر."]],
    "debris_between": [],
    "blank": "",
    "newline": "\n",
    "bom": False,
    "trailing": "\n",
}


@settings(max_examples=300, deadline=None)
@given(articles())
@example(ISSUE_15_CASE)
@example(ISSUE_15_CASE | {"paragraphs": [["الفقرة الوحيدة."]]})
def test_rendered_seed_layout_parses_back_to_its_parts(article):
    data, debris = render(article)
    parsed, quarantine, discards = ingest(raw_frame(("001_00000000000000ab.txt", data)), CFG)
    assert quarantine.is_empty(), quarantine.rows()
    row = parsed.row(0, named=True)
    assert {k: row[k] for k in expected(article)} == expected(article)
    assert discards["text"].to_list() == debris
    assert set(discards["reason"]) <= {"debris"}
    counts = kept_chars(parsed, discards)
    assert counts["kept"].to_list() == counts["n_input_chars"].to_list()


_spec = importlib.util.spec_from_file_location(
    "to_seed_layout", ROOT / "scripts" / "to_seed_layout.py"
)
to_seed_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(to_seed_script)

VARIANTS = {  # (caption, font buttons): every way the optional parts combine
    "bare": (None, False),
    "font_buttons": (None, True),
    "caption": ("صورة أرشيفية من الموقع (واس)", True),
}


@pytest.fixture(scope="module")
def saudinewsnet_records() -> pl.DataFrame:
    """SaudiNewsNet's articles with a one-line title, read once for every variant."""
    folder = SHARED / "corpora" / "saudinewsnet"
    units = pl.concat(list(iter_shards(folder, ReadConfig(), CFG, 100_000)))
    return ingest(units, CFG).articles.filter(
        pl.col("title").is_not_null() & ~pl.col("title").str.contains("\n")
    )


@requires_shared
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_saudinewsnet_article_in_the_seed_layout_parses_as_its_record(
    variant, saudinewsnet_records
):
    """SaudiNewsNet's records, written out as seed-layout files, read back field for field.

    Each body line becomes a paragraph (as a record's lines are), so the text file and the
    record must give the same title, date, byline and body, and conserve every character.
    """
    caption, font_buttons = VARIANTS[variant]
    records = saudinewsnet_records
    texts = [
        to_seed_layout(
            title, to_seed_script.paragraphs(byline, body), day, caption, font_buttons
        ).encode()
        for title, byline, body, day in records.select(
            "title", "byline", "body", "published_date"
        ).iter_rows()
    ]
    files = [(f"{i:06d}_{i:016x}.txt", text) for i, text in enumerate(texts)]
    parsed, quarantine, discards = ingest(raw_frame(*files), CFG)
    assert records.height > 23_000
    assert quarantine.is_empty(), quarantine["reason"].value_counts().rows()
    fields = ["title", "published_date", "byline", "body", "n_paragraphs"]
    assert_frame_equal(parsed.select(fields), records.select(fields))
    assert parsed["caption"].to_list() == [caption] * parsed.height
    counts = kept_chars(parsed, discards)
    assert counts.filter(pl.col("kept") != pl.col("n_input_chars")).is_empty()
