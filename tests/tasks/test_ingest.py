import datetime as dt
import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.tasks.config import IngestConfig, ReadConfig
from akhbar.tasks.ingest import PARSED_SCHEMA, QUARANTINE_SCHEMA, decode, ingest
from akhbar.tasks.readers import iter_shards, list_inputs, source_uri
from tests.conftest import EXAMPLE_CORPUS, ROOT, SHARED, raw_frame, requires_shared, seed_layout

CFG = IngestConfig()
ARTICLE = seed_layout(
    "أمطار غزيرة في عمّان",
    "4 آذار 2019",
    ["هطلت أمطار غزيرة أمس.", "وأغلقت الطرق."],
    caption="سيول في شارع (أرشيف)",
    blank="\u00a0",
)


def one(text_or_bytes, name="001_00000000000000ab.txt"):
    data = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    return ingest(raw_frame((name, data)), CFG)


def test_seed_layout_is_parsed_into_its_fields():
    articles, quarantine, _ = one(ARTICLE)
    assert quarantine.is_empty()
    row = articles.row(0, named=True)
    assert row["article_id"] == "00000000000000ab"
    assert row["title"] == "أمطار غزيرة في عمّان"
    assert row["published_date"] == dt.date(2019, 3, 4)
    assert row["caption"] == "سيول في شارع (أرشيف)"
    assert row["body"] == "هطلت أمطار غزيرة أمس.\n\nوأغلقت الطرق."
    assert row["n_paragraphs"] == 2
    assert row["encoding"] == "utf-8"


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("13 فبراير 2019", dt.date(2019, 2, 13)),
        ("4 آذار 2019", dt.date(2019, 3, 4)),
        ("18 تشرين الأول 2019", dt.date(2019, 10, 18)),
        ("12 كانون الثاني 2020", dt.date(2020, 1, 12)),
        ("5 فيفري 2020", dt.date(2020, 2, 5)),
        ("٢٢ سبتمبر ٢٠١٩", dt.date(2019, 9, 22)),
        ("۰۱ مارس ۲۰۱۹", dt.date(2019, 3, 1)),
        ("الجمعة 1 مارس 2019", dt.date(2019, 3, 1)),
        ("28 شباط/فبراير 2019", dt.date(2019, 2, 28)),
    ],
)
def test_date_line_month_names_and_digits(date_line, expected):
    articles, _, _ = one(seed_layout("عنوان", date_line, ["فقرة."]))
    assert articles["published_date"].to_list() == [expected]


def test_impossible_date_parses_to_null_not_an_error():
    articles, _, _ = one(seed_layout("عنوان", "31 فبراير 2019", ["فقرة."]))
    assert articles["published_date"].to_list() == [None]


def test_no_date_line_keeps_the_article_without_a_date():
    articles, quarantine, _ = one(
        seed_layout("عنوان بلا تاريخ", None, ["الفقرة الأولى.", "الثانية."])
    )
    assert quarantine.is_empty()
    assert articles.select("published_date", "caption", "n_paragraphs").row(0) == (None, None, 2)


def test_caption_only_when_a_single_line_sits_before_the_debris_line():
    without = seed_layout("عنوان", "13 فبراير 2019", ["أول.", "ثان."])
    articles, _, _ = one(without)
    assert articles["caption"].to_list() == [None]
    assert articles["n_paragraphs"].to_list() == [2]


def test_debris_lines_are_dropped_anywhere_and_crlf_is_handled():
    text = ARTICLE.replace("وأغلقت الطرق.", "وأغلقت الطرق.\n\n+ الخط -").replace("\n", "\r\n")
    articles, _, _ = one(text)
    assert "الخط" not in articles["body"][0]
    assert "\r" not in articles["body"][0]


def test_lines_of_one_paragraph_stay_together():
    articles, _, _ = one("عنوان\n\n13 فبراير 2019\n+ الخط -\nسطر أول\nسطر ثان\n\nفقرة ثانية\n")
    assert articles["body"].to_list() == ["سطر أول\nسطر ثان\n\nفقرة ثانية"]
    assert articles["n_paragraphs"].to_list() == [2]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("cp1256"), "cp1256"),
        (ARTICLE.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_decode_to_the_same_article(data, encoding):
    articles, quarantine, _ = one(data)
    assert quarantine.is_empty()
    assert articles["encoding"].to_list() == [encoding]
    assert articles["title"].to_list() == ["أمطار غزيرة في عمّان"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary_content"),
        (" \n\u00a0\n\t\n".encode(), "empty_text"),
        ("Ceci n'est pas arabe: caf\xe9".encode("latin-1"), "undecodable"),
        ("عنوان فقط\n".encode(), "no_body"),
    ],
)
def test_unusable_inputs_are_quarantined_with_a_reason_and_their_bytes(data, reason):
    articles, quarantine, _ = one(data)
    assert articles.is_empty()
    assert quarantine["reason"].to_list() == [reason]
    assert quarantine["detail"][0]
    assert quarantine["raw"].to_list() == [data]


def read_files(paths):
    units = [next(iter_shards(p, ReadConfig(), CFG, 10)) for p in paths]
    return pl.concat(units)


def test_a_file_that_vanishes_before_it_is_read_is_quarantined_as_unreadable(tmp_path):
    (tmp_path / "gone.txt").write_text("x")
    listing = list_inputs(tmp_path, ReadConfig())
    (tmp_path / "gone.txt").unlink()
    _, quarantine, _ = ingest(next(iter_shards(listing, ReadConfig(), CFG, 10)), CFG)
    assert quarantine["reason"].to_list() == ["unreadable"]
    assert "FileNotFoundError" in quarantine["detail"][0]


def test_article_id_falls_back_to_a_stable_hash_of_the_source():
    a1, _, _ = one(ARTICLE, name="story.txt")
    a2, _, _ = one(ARTICLE, name="story.txt")
    assert a1["article_id"][0] == a2["article_id"][0]
    assert len(a1["article_id"][0]) == 16


def test_colliding_article_ids_are_quarantined_not_overwritten():
    raw = raw_frame(
        ("1_00000000000000ab.txt", ARTICLE.encode()), ("2_00000000000000ab.txt", ARTICLE.encode())
    )
    articles, quarantine, _ = ingest(raw, CFG)
    assert articles.height == 1
    assert quarantine["reason"].to_list() == ["duplicate_article_id"]
    seen = pl.Series(["00000000000000ab"])
    articles, quarantine, _ = ingest(raw.head(1), CFG, seen)
    assert quarantine["reason"].to_list() == ["duplicate_article_id"]


def test_decode_reports_reason_only_for_failures():
    decoded = decode(raw_frame(("a.txt", b"abc"), ("b.txt", b"")), CFG)
    assert decoded.select("encoding", "reason").rows() == [("utf-8", None), (None, "empty_file")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=300) | st.text(max_size=300).map(str.encode), max_size=8))
def test_every_input_becomes_exactly_one_article_or_quarantine_row(blobs):
    raw = raw_frame(*[(f"{i:03d}_{i:016x}.txt", b) for i, b in enumerate(blobs)])
    articles, quarantine, _ = ingest(raw, CFG)
    assert articles.schema == PARSED_SCHEMA
    assert quarantine.schema == QUARANTINE_SCHEMA
    assert articles.height + quarantine.height == len(blobs)
    assert sorted(articles["source_uri"].to_list() + quarantine["source_uri"].to_list()) == sorted(
        raw["source_uri"].to_list()
    )


def test_list_inputs_walks_recursively_skips_hidden_and_does_not_follow_links(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "y.txt").write_text("y")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    listing = list_inputs(tmp_path, ReadConfig())
    found = {e.path.relative_to(tmp_path).as_posix(): e.problem for e in listing.entries}
    assert list(found) == ["a/b/x.txt", "loop", "y.txt"]
    assert found["loop"][0] == "symlink_not_followed"
    assert listing.skipped == [".hidden"]
    with pytest.raises(FileNotFoundError):
        list_inputs(tmp_path / "missing", ReadConfig())


def _parsed_example_corpus():
    (units,) = iter_shards(EXAMPLE_CORPUS, ReadConfig(), CFG, shard_size=1000)
    articles, quarantine, _ = ingest(units, CFG)
    prefix = source_uri(EXAMPLE_CORPUS) + "/"
    relative = {uri: uri.removeprefix(prefix) for uri in units["source_uri"]}
    return articles, quarantine, relative


def test_example_corpus_matches_its_golden_file():
    articles, quarantine, relative = _parsed_example_corpus()
    got = [
        {
            "file": relative[row["source_uri"]],
            "article_id": row["article_id"],
            "title": row["title"],
            "published_date": str(row["published_date"]) if row["published_date"] else None,
            "caption": row["caption"],
            "n_paragraphs": row["n_paragraphs"],
            "encoding": row["encoding"],
        }
        for row in articles.iter_rows(named=True)
    ] + [
        {"file": relative[row["source_uri"]], "quarantine": row["reason"]}
        for row in quarantine.iter_rows(named=True)
    ]
    golden = ROOT / "tests" / "golden" / "example_corpus.json"
    assert got == json.loads(golden.read_text(encoding="utf-8"))


@requires_shared
def test_seed_articles_parse_as_the_gold_file_states():
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    paths = sorted((SHARED / "corpora" / "seeds").glob("*.txt"))
    articles, quarantine, _ = ingest(read_files(paths), CFG)
    assert quarantine.is_empty()
    by_file = {p.name: row for p, row in zip(paths, articles.iter_rows(named=True), strict=True)}
    for expected in gold:
        row = by_file[expected["file"]]
        assert row["article_id"] == expected["file"].split("_")[1].removesuffix(".txt")
        assert row["title"] == expected["title"]
        assert str(row["published_date"]) == expected["published"]
        assert row["caption"] == expected["caption"]
        assert row["n_paragraphs"] == expected["paragraphs"]
        for debris in expected["boilerplate_lines"]:
            assert debris not in row["body"]
            assert debris not in (row["caption"] or "")
