"""The shapes zoo: realistic inputs nobody wrote the readers around, and what each must give.

``build(folder, outside)`` writes the zoo into ``folder`` (and one secret file into
``outside``, reached only through a link) and returns, per input unit (a path below
``folder``, with ``!/member`` and ``#record`` parts), either the quarantine reason it
must get or the article fields it must carry. ``SKIPPED`` lists what ``--exclude``
skips. Every text is written for this zoo.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
import stat
import tarfile
from pathlib import Path

import polars as pl

SECRET = "SECRET-MARKER-5f1e9c"
SKIPPED = ["LICENSE", "README.md", "nested/UPSTREAM-README.txt"]
P1 = "أعلنت وزارة الزراعة اليوم إطلاق حملة لمكافحة الجراد في المحافظات الجنوبية."
P2 = "وقال المتحدث باسم الوزارة إن الفرق رشت نحو 500 هكتار خلال يومين."
BODY = f"{P1}\n\n{P2}"
TITLE = "حملة لمكافحة الجراد في الجنوب"


def seed(date_line: str | None, caption: str | None = None, buttons: bool = True) -> str:
    lines = [TITLE, ""]
    if date_line:
        lines.append(date_line)
    if caption:
        lines.append(caption)
    if buttons:
        lines.append("+ الخط -")
    return "\n".join([*lines, "", P1, "", P2]) + "\n"


def article(**fields) -> dict:
    return {"title": TITLE, "body": BODY} | fields


def day(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


TREC_FULL = """<DOC>
<DOCNO>ALARABI-20170126-0042</DOCNO>
<URL>https://example.org/politics/2017/01/26/42</URL>
<SRC>العربي اليوم</SRC>
<CAT>سياسة</CAT>
<TITLE>البرلمان يناقش قانون الانتخابات الجديد</TITLE>
<TIME>2017-01-26T08:31:00+01:00</TIME>
<AUTHOR>سلمى بن علي</AUTHOR>
<ABSTRACT>نقاش حاد حول تقسيم الدوائر.</ABSTRACT>
<TEXT>
ناقش البرلمان أمس مشروع قانون الانتخابات الجديد في جلسة طويلة.

وطالب نواب المعارضة بمراجعة تقسيم الدوائر الانتخابية قبل التصويت.
</TEXT>
</DOC>
"""
TREC_BODY = (
    "ناقش البرلمان أمس مشروع قانون الانتخابات الجديد في جلسة طويلة.\n\n"
    "وطالب نواب المعارضة بمراجعة تقسيم الدوائر الانتخابية قبل التصويت."
)
HTML_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>افتتاح معرض الكتاب | موقع الثقافة</title>
<meta property="og:title" content="افتتاح معرض الكتاب الدولي">
<meta property="og:site_name" content="موقع الثقافة">
<meta property="article:published_time" content="2019-10-30T09:00:00+04:00">
<meta property="article:section" content="ثقافة">
<meta name="author" content="منى الخطيب">
<link rel="canonical" href="https://culture.example/book-fair-2019">
<script>var ads = "لا تقرأ هذا";</script></head>
<body><nav><a href="/">الرئيسية</a></nav>
<article><h1>افتتاح معرض الكتاب الدولي</h1>
<p>افتتح معرض الكتاب الدولي أبوابه أمس بمشاركة ألف دار نشر.</p>
<p>ويستمر المعرض عشرة أيام &amp; يضم ندوات يومية.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>
"""
HTML_BODY = (
    "افتتح معرض الكتاب الدولي أبوابه أمس بمشاركة ألف دار نشر.\n\n"
    "ويستمر المعرض عشرة أيام & يضم ندوات يومية."
)


def record(n: int, **changes) -> dict:
    return {
        "title": f"خبر رقم {n} عن الطقس",
        "content": f"توقعت الأرصاد أمطارا غزيرة في المنطقة رقم {n} خلال الأيام المقبلة.",
        "source": "الأرصاد",
        "url": f"https://weather.example/{n}",
    } | changes


RECORD_BODY = "توقعت الأرصاد أمطارا غزيرة في المنطقة رقم {n} خلال الأيام المقبلة."


def build(folder: Path, outside: Path) -> dict[str, str | dict]:
    """Write the zoo; return what each input unit must become."""
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str | dict] = {}

    def write(name: str, data: bytes | str, outcome: str | dict | None = None) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        if outcome is not None:
            expect[name] = outcome
        return path

    # --- seed layout, optional parts present and absent ---------------------------------
    write(
        "seed/bare.txt",
        seed("13 فبراير 2019", buttons=False),
        article(published_date=day(2019, 2, 13), n_paragraphs=2),
    )
    one = f"{TITLE}\n\n13 فبراير 2019\n\n{P1}\n"
    write("seed/one_paragraph.txt", one, article(body=P1, n_paragraphs=1))
    write(
        "seed/levantine.txt",
        seed("4 آذار 2019", "صورة من الميدان (أرشيف)"),
        article(published_date=day(2019, 3, 4), caption="صورة من الميدان (أرشيف)"),
    )
    write("seed/algerian.txt", seed("5 جانفي 2020"), article(published_date=day(2020, 1, 5)))
    write("seed/moroccan.txt", seed("3 غشت 2019"), article(published_date=day(2019, 8, 3)))
    write("seed/mauritanian.txt", seed("9 شتمبر 2018"), article(published_date=day(2018, 9, 9)))
    write("seed/hijri.txt", seed("15 شوال 1436 هـ"), article(published_date=day(2015, 7, 31)))
    write("seed/numeric.txt", seed("13/02/2019"), article(published_date=day(2019, 2, 13)))
    write("seed/iso.txt", seed("2019-02-13"), article(published_date=day(2019, 2, 13)))
    both = "الأربعاء 13 فبراير 2019 م - 8 جمادى الآخرة 1440 هـ"
    write(
        "seed/both_calendars.txt",
        seed(both),
        article(published_date=day(2019, 2, 13), published_text=both),
    )
    write("seed/indic_digits.txt", seed("٢٢ سبتمبر ٢٠١٩"), article(published_date=day(2019, 9, 22)))
    write(
        "seed/crlf_bom.txt",
        b"\xef\xbb\xbf" + seed("1 مارس 2019").replace("\n", "\r\n").encode(),
        article(published_date=day(2019, 3, 1), encoding="utf-8-sig"),
    )
    write(
        "seed/old_mac.txt",
        seed("1 مارس 2019").replace("\n", "\r"),
        article(published_date=day(2019, 3, 1)),
    )
    write(
        "seed/windows1256.txt",
        seed("1 مارس 2019").encode("cp1256"),
        article(published_date=day(2019, 3, 1), encoding="cp1256"),
    )
    write("seed/utf16.txt", seed("1 مارس 2019").encode("utf-16"), article(encoding="utf-16"))
    write(
        "seed/no_break_blanks.txt",
        seed("1 مارس 2019").replace("\n\n", "\n\u00a0\u2003\n"),
        article(published_date=day(2019, 3, 1)),
    )
    byline = seed("1 مارس 2019").replace(P1, "ياسر الحربي – عين اليوم\n\n" + P1)
    write("seed/byline.txt", byline, article(byline="ياسر الحربي – عين اليوم"))
    dateline = seed("1 مارس 2019").replace(P1, "سبق- الدمام: " + P1)
    write("seed/dateline.txt", dateline, article(byline="سبق- الدمام:"))
    write("seed/credit.txt", seed("1 مارس 2019") + "\n(واس)\n", article(byline="(واس)"))
    write("seed/undated.txt", seed(None), article(published_date=None, published_text=None))
    read_also = seed("1 مارس 2019").replace(P2, "اقرأ أيضا\n\n" + P2)
    write("seed/read_also.txt", read_also, article(n_paragraphs=2))
    html_p1 = P1.replace("الجراد", "الجراد&nbsp;<b>الصحراوي</b>")
    html_bits = seed("1 مارس 2019").replace(P1, html_p1)
    write(
        "seed/html_remnants.txt",
        html_bits,
        article(body=BODY.replace("الجراد", "الجراد الصحراوي", 1)),
    )
    bracket = seed("1 مارس 2019").replace(TITLE, "[فيديو] " + TITLE, 1)
    write("seed/bracket_title.txt", bracket, article(title="[فيديو] " + TITLE))
    write("seed/diacritics_only.txt", f"{TITLE}\n\n1 مارس 2019\n\nـًـٌـٍـَ ـُـِ\n", "no_arabic")
    huge = f"{TITLE}\n\n" + ("كلمة " * 1000 + "\n\n") * 1100  # 5.5 million characters
    write("seed/huge_body.txt", huge, "body_too_large")

    # --- TREC / SGML, in .txt and in category folders -----------------------------------
    write("trec/politics/0042.txt", TREC_FULL, None)
    expect["trec/politics/0042.txt#ALARABI-20170126-0042"] = {
        "title": "البرلمان يناقش قانون الانتخابات الجديد",
        "published_date": day(2017, 1, 26),
        "outlet": "العربي اليوم",
        "url": "https://example.org/politics/2017/01/26/42",
        "section": "سياسة",
        "summary": "نقاش حاد حول تقسيم الدوائر.",
        "author": "سلمى بن علي",
        "record_id": "ALARABI-20170126-0042",
        "body": TREC_BODY,
        "input_format": "trec",
    }
    attr = TREC_FULL.replace("<DOC>", '<DOC id="SPORT-7">').replace(
        "<DOCNO>ALARABI-20170126-0042</DOCNO>\n", ""
    )
    attr = attr.replace("<TIME>2017-01-26T08:31:00+01:00</TIME>", "<TIME>26/01/2017</TIME>")
    attr = attr.replace("https://example.org/politics/2017/01/26/42", "https://example.org/s/7")
    write("trec/sport/7.sgml", attr, None)
    expect["trec/sport/7.sgml#SPORT-7"] = {
        "record_id": "SPORT-7",
        "published_date": day(2017, 1, 26),
    }
    two = (
        "<DOC><DOCNO>W-1</DOCNO><TITLE><![CDATA[عاجل: <زلزال> في الشمال]]></TITLE>"
        "<TEXT><P>ضرب زلزال المنطقة الشمالية فجر اليوم.</P></TEXT></DOC>\n"
        "<DOC><DOCNO>W-2</DOCNO><TITLE>الأمطار &amp; السيول</TITLE>"
        "<TEXT>تسببت الأمطار في سيول جارفة.</TEXT></DOC>\n"
    )
    write("trec/wire.xml", two, None)
    expect["trec/wire.xml#W-1"] = {"title": "عاجل: <زلزال> في الشمال", "record_id": "W-1"}
    expect["trec/wire.xml#W-2"] = {
        "title": "الأمطار & السيول",
        "body": "تسببت الأمطار في سيول جارفة.",
    }

    # --- JSON family ---------------------------------------------------------------------
    write("records/array_in.txt", json.dumps([record(1)], ensure_ascii=False), None)
    expect["records/array_in.txt#0"] = {"url": "https://weather.example/1", "input_format": "json"}
    lines = "\n".join(json.dumps(record(n), ensure_ascii=False) for n in (2, 3))
    write("records/lines_in.txt", lines, None)
    expect["records/lines_in.txt#L1"] = {"outlet": "الأرصاد", "input_format": "jsonl"}
    expect["records/lines_in.txt#L2"] = {"body": RECORD_BODY.format(n=3)}
    nested = {"meta": {"count": 1}, "articles": [record(4, date="Tue, 21 Jul 2015 02:51:32 +0300")]}
    write("records/nested.json", json.dumps(nested, ensure_ascii=False), None)
    expect["records/nested.json#0"] = {"published_date": day(2015, 7, 21)}
    paragraphs = record(5, content=["الفقرة الأولى عن الطقس.", "الفقرة الثانية عن الطقس."])
    write("records/paragraph_list.json", json.dumps([paragraphs], ensure_ascii=False), None)
    expect["records/paragraph_list.json#0"] = {
        "body": "الفقرة الأولى عن الطقس.\n\nالفقرة الثانية عن الطقس.",
        "n_paragraphs": 2,
    }
    huge = json.dumps([record(6), record(7)], ensure_ascii=False)
    huge = huge.replace('"source"', '"views": ' + "9" * 5000 + ', "source"', 1)
    write("records/huge_number.json", huge, None)
    expect["records/huge_number.json#0"] = "number_too_large"
    expect["records/huge_number.json#1"] = {"url": "https://weather.example/7"}
    surrogate = (
        '[{"title": "خبر", "content": "نص \\ud800 مكسور"}, '
        + json.dumps(record(8), ensure_ascii=False)[:-1]
        + "}]"
    )
    write("records/lone_surrogate.json", surrogate, None)
    expect["records/lone_surrogate.json#0"] = "invalid_surrogate"
    expect["records/lone_surrogate.json#1"] = {"url": "https://weather.example/8"}
    write("records/deep.json", "[" * 100_000 + "]" * 100_000, "too_deeply_nested")
    u2028 = json.dumps(
        record(9, content="سطر أول عن الطقس\u2028وسطر ثان عن المطر"), ensure_ascii=False
    )
    write("records/u2028.jsonl", u2028 + "\n", None)
    expect["records/u2028.jsonl#L1"] = {"body": "سطر أول عن الطقس\n\nوسطر ثان عن المطر"}
    write("records/epoch.jsonl", json.dumps(record(10, date=1437447092), ensure_ascii=False), None)
    expect["records/epoch.jsonl#L1"] = {"published_date": day(2015, 7, 21)}
    iso = json.dumps(record(11, published="2017-01-26T23:59:00-05:00"), ensure_ascii=False)
    write("records/iso_offset.jsonl", iso, None)
    expect["records/iso_offset.jsonl#L1"] = {"published_date": day(2017, 1, 26)}

    # --- CSV and Parquet -------------------------------------------------------------------
    semicolon = "\ufeffعنوان;body;date;site\n" + "\n".join(
        f'"خبر {n}";"{RECORD_BODY.format(n=n)}";{n:02d}/07/2015;الأرصاد' for n in (12, 13)
    )
    write("tables/semicolon_bom.csv", semicolon, None)
    expect["tables/semicolon_bom.csv#0"] = {"title": "خبر 12", "published_date": day(2015, 7, 12)}
    expect["tables/semicolon_bom.csv#1"] = {"outlet": "الأرصاد", "body": RECORD_BODY.format(n=13)}
    tabbed = "title\ttext\tlink\n" + f"خبر 14\t{RECORD_BODY.format(n=14)}\thttps://w.example/14\n"
    write("tables/tabbed.tsv", tabbed, None)
    expect["tables/tabbed.tsv#0"] = {"url": "https://w.example/14"}
    typed = pl.DataFrame(
        {
            "title": ["خبر 15", "خبر 16"],
            "body": [RECORD_BODY.format(n=15), RECORD_BODY.format(n=16)],
            "published": [dt.date(2015, 7, 15), dt.date(2015, 7, 16)],
            "crawled": [dt.datetime(2015, 7, 15, 3, 4), dt.datetime(2015, 7, 16, 5, 6)],
        }
    )
    typed.write_parquet(folder / "tables" / "typed_dates.parquet")  # tables/ exists by now
    expect["tables/typed_dates.parquet#0"] = {"published_date": day(2015, 7, 15)}
    expect["tables/typed_dates.parquet#1"] = {"published_date": day(2015, 7, 16)}

    # --- HTML ------------------------------------------------------------------------------
    html_expect = {
        "title": "افتتاح معرض الكتاب الدولي",
        "outlet": "موقع الثقافة",
        "url": "https://culture.example/book-fair-2019",
        "section": "ثقافة",
        "author": "منى الخطيب",
        "published_date": day(2019, 10, 30),
        "body": HTML_BODY,
        "input_format": "html",
    }
    write("pages/book_fair.html", HTML_PAGE, html_expect)
    write(
        "pages/saved_as.txt",
        HTML_PAGE.replace("book-fair-2019", "book-fair-2019-copy"),
        html_expect | {"url": "https://culture.example/book-fair-2019-copy"},
    )

    # --- archives ----------------------------------------------------------------------------
    (folder / "archives").mkdir()
    with tarfile.open(folder / "archives" / "twice.tar", "w") as archive:
        for text in (seed("1 مارس 2019"), seed("2 مارس 2019")):
            data = text.encode()
            info = tarfile.TarInfo("story.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    expect["archives/twice.tar!/story.txt"] = article(published_date=day(2019, 3, 1))
    expect["archives/twice.tar!/story.txt~2"] = article(published_date=day(2019, 3, 2))

    # --- what is not read ---------------------------------------------------------------------
    for name in SKIPPED:
        write(name, "This corpus is released under a licence; see the website.\n")
    (outside / "secret.txt").write_text(f"{TITLE}\n\n1 مارس 2019\n\n{SECRET} {P1}\n", "utf-8")
    (folder / "links").mkdir()
    (folder / "links" / "to_outside.txt").symlink_to(outside / "secret.txt")
    expect["links/to_outside.txt"] = "symlink_not_followed"
    (folder / "links" / "to_inside.txt").symlink_to(folder / "seed" / "bare.txt")
    expect["links/to_inside.txt"] = "symlink_not_followed"
    (folder / "links" / "to_folder").symlink_to(outside, target_is_directory=True)
    expect["links/to_folder"] = "symlink_not_followed"
    os.mkfifo(folder / "special_fifo.txt")
    expect["special_fifo.txt"] = "not_a_regular_file"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "special.sock"))
    expect["special.sock"] = "not_a_regular_file"
    try:  # a character device like /dev/zero (st_size 0, never ends): needs root
        os.mknod(folder / "special_zero.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 5))
        expect["special_zero.txt"] = "not_a_regular_file"
    except (PermissionError, OSError):
        pass
    return expect
