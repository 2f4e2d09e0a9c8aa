"""The bad-input zoo: every kind of broken or odd input akhbar must survive.

``build(folder)`` writes the zoo and returns what each input unit must become: the
quarantine reason, or ``"article"``. Large items (a 50 MB line, archive bombs) are made
here at test time rather than committed.
"""

import csv
import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

import polars as pl

ARTICLE = (
    "وزارة الزراعة تطلق حملة لمكافحة الجراد\n\n13 فبراير 2019\n+ الخط -\n\n"
    "أطلقت وزارة الزراعة، أمس الثلاثاء، حملة واسعة لمكافحة الجراد في المحافظات الجنوبية.\n\n"
    "وقال المتحدث باسم الوزارة إن الفرق رشت نحو 500 هكتار خلال يومين.\n"
)
RECORD = {
    "title": "افتتاح معرض الكتاب",
    "content": "افتتح معرض الكتاب أبوابه اليوم بمشاركة واسعة.",
    "source": "okaz",
    "url": "http://example.com/1",
    "date_extracted": "2015-07-21 02:51:32",
}


def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)


def build(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}

    def write(name: str, data: bytes, outcome: str) -> None:
        (folder / name).write_bytes(data)
        expect[name] = outcome

    write("empty.txt", b"", "empty_file")
    write("binary.bin", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary_content")
    utf8 = ARTICLE.encode()
    write("truncated.txt", ARTICLE[:-2].encode() + "ع".encode()[:1], "truncated_utf8")
    cut = len(ARTICLE[:30].encode())
    write("invalid_byte.txt", utf8[:cut] + b"\xff" + utf8[cut:], "invalid_utf8")
    write("utf16.txt", ARTICLE.encode("utf-16"), "article")
    write("cp1256.txt", ARTICLE.encode("cp1256"), "article")
    write("mojibake.txt", ARTICLE.encode().decode("cp1256", errors="ignore").encode(), "article")
    write("nul_bytes.txt", utf8[:80] + b"\x00\x00" + utf8[80:], "binary_content")
    write("long_line.txt", ("كلمة " * 10_000_000).encode(), "line_too_long")  # 50 MB, one line
    write(
        "english.txt",
        b"Locust campaign\n\n13 February 2019\n\nThe ministry sprayed 500 hectares.\n",
        "no_arabic",
    )
    html_article = ARTICLE.replace("حملة واسعة", "حملة&nbsp;واسعة<br>").replace(
        "أمس", "\u200fأمس\u202b"
    )
    write("html_remnants.txt", html_article.encode(), "article")

    _zip(folder / "bomb.zip", {"zeros.txt": b"0" * (20 * 2**20)})
    expect["bomb.zip!/zeros.txt"] = "compression_ratio_exceeded"
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"0" * (40 * 2**20)))
    expect["bomb.txt.gz!/bomb.txt"] = "compression_ratio_exceeded"
    _zip(folder / "traversal.zip", {"../evil.txt": utf8, "/etc/abs.txt": utf8, "fine/ok.txt": utf8})
    expect |= {
        "traversal.zip!/../evil.txt": "unsafe_member_path",
        "traversal.zip!//etc/abs.txt": "unsafe_member_path",
        "traversal.zip!/fine/ok.txt": "article",
    }
    write("corrupt.zip", b"PK\x03\x04" + b"not really a zip" * 10, "corrupt_archive")

    (folder / "loop").symlink_to(folder, target_is_directory=True)  # never followed
    (folder / "self_link.txt").symlink_to(folder / "self_link.txt")
    expect["loop"] = expect["self_link.txt"] = "symlink_not_followed"

    def record(url: str, **changes):
        return RECORD | {"url": f"http://example.com/{url}"} | changes

    records = [
        record("json-0"),
        record("json-1", content=12345),
        record("json-2", content="   "),
        record("json-3", content={"a": 1}),
        record("json-0", title="نسخة ثانية من الرابط نفسه"),  # one page twice in a run
    ]
    write("records.json", json.dumps(records, ensure_ascii=False).encode(), "")
    expect.pop("records.json")
    expect |= {
        "records.json#0": "article",
        "records.json#1": "invalid_field_type",
        "records.json#2": "empty_body",
        "records.json#3": "invalid_field_type",
        "records.json#4": "duplicate_article_id",
    }
    jsonl = json.dumps(record("jsonl"), ensure_ascii=False) + "\n{not json\n"
    write("records.jsonl", jsonl.encode(), "")
    expect.pop("records.jsonl")
    expect |= {"records.jsonl#L1": "article", "records.jsonl#L2": "json_parse_error"}

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", "body"])
    writer.writerow(["عنوان الخبر", "نص الخبر الأول كاملا."])
    write(
        "broken_quote.csv",
        (buffer.getvalue() + 'عنوان آخر,"نص بلا اقتباس مغلق\nسطر\n').encode(),
        "",
    )
    expect.pop("broken_quote.csv")
    expect |= {"broken_quote.csv#0": "article", "broken_quote.csv#1-": "csv_parse_error"}

    pl.DataFrame([record("parquet")]).write_parquet(folder / "records.parquet")
    expect["records.parquet#0"] = "article"

    trec = "<DOC><DOCNO>A1</DOCNO><TITLE>خبر أول</TITLE><TIME>2019-02-13</TIME>"
    trec += "<TEXT>نص الخبر الأول.</TEXT></DOC>\n"
    trec += "<DOC><DOCNO>A2</DOCNO><TITLE>خبر ثان</TITLE><TEXT>نص الخبر الثاني.</TEXT></DOC>\n"
    write("docs.xml", trec.encode(), "")
    expect.pop("docs.xml")
    expect |= {"docs.xml#A1": "article", "docs.xml#A2": "article"}

    with tarfile.open(folder / "bundle.tar.gz", "w:gz") as archive:
        for name, data in {
            "a/story.txt": utf8,
            "a/more.jsonl": json.dumps(record("tar"), ensure_ascii=False).encode(),
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    expect |= {"bundle.tar.gz!/a/story.txt": "article", "bundle.tar.gz!/a/more.jsonl#L1": "article"}
    (folder / "gzipped.txt.gz").write_bytes(gzip.compress(utf8))
    expect["gzipped.txt.gz!/gzipped.txt"] = "article"
    return expect
