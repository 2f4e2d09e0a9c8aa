import json
import zipfile

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.config import IngestConfig, ReadConfig
from tasks.ingest import UNIT_SCHEMA, ingest
from tasks.readers import detect_format, iter_shards, iter_units, source_uri
from tests.conftest import SHARED, requires_shared
from tests.zoo.build import RECORD, build

INGEST = IngestConfig()


def read(path, **read_cfg):
    units = pl.DataFrame(
        list(iter_units(path, ReadConfig(**read_cfg), INGEST)), schema=UNIT_SCHEMA, orient="row"
    )
    articles, quarantine, _ = ingest(units, INGEST)
    return units, articles, quarantine


@pytest.fixture(scope="module")
def zoo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zoo")
    expected = build(folder)
    units, articles, quarantine = read(folder)
    prefix = source_uri(folder) + "/"
    outcome = {uri.removeprefix(prefix): "article" for uri in articles["source_uri"]}
    outcome |= {
        uri.removeprefix(prefix): r
        for uri, r in quarantine.select("source_uri", "reason").iter_rows()
    }
    return expected, units, articles, quarantine, outcome, prefix


def test_every_zoo_item_ends_as_its_expected_article_or_quarantine_reason(zoo):
    expected, units, articles, quarantine, outcome, _ = zoo
    assert outcome == expected
    assert units.height == articles.height + quarantine.height == len(expected)


def test_zoo_quarantine_rows_carry_details(zoo):
    _, _, _, quarantine, _, _ = zoo
    assert quarantine.filter(pl.col("detail").is_null()).is_empty()


def test_zoo_articles_are_decoded_and_cleaned(zoo):
    _, _, articles, _, _, prefix = zoo
    by_name = {
        uri.removeprefix(prefix): row
        for uri, row in zip(articles["source_uri"], articles.iter_rows(named=True), strict=True)
    }
    assert by_name["utf16.txt"]["encoding"] == "utf-16"
    assert by_name["cp1256.txt"]["encoding"] == "cp1256"
    assert by_name["mojibake.txt"]["encoding"] == "utf-8 (mojibake repaired)"
    assert by_name["mojibake.txt"]["body"] == by_name["cp1256.txt"]["body"]
    cleaned = by_name["html_remnants.txt"]
    assert "<br>" not in cleaned["body"]
    assert "&nbsp;" not in cleaned["body"]
    assert "حملة واسعة" in cleaned["body"]
    assert cleaned["n_controls_removed"] == 2
    record = by_name["records.json#0"]
    assert (
        record["outlet"],
        record["url"],
        str(record["published_date"]),
        record["input_format"],
    ) == ("okaz", "http://example.com/json-0", "2015-07-21", "json")
    assert by_name["docs.xml#A1"]["title"] == "خبر أول"


def test_format_detection_by_extension_and_content():
    assert detect_format("a.tar.gz", b"") == ("tar", "extension")
    assert detect_format("dump", b"PK\x03\x04rest") == ("zip", "content")
    assert detect_format("dump", b"\x1f\x8b\x08") == ("gzip", "content")
    assert detect_format("dump", b'\xef\xbb\xbf[{"a": 1}]') == ("json", "content")
    assert detect_format("dump", b'{"a": 1}\n{"a": 2}\n') == ("jsonl", "content")
    assert detect_format("dump", b"<DOC><DOCNO>1</DOCNO>") == ("trec", "content")
    assert detect_format("dump", "عنوان\n\nنص".encode()) == ("text", "extension")


def test_archive_members_over_the_size_limit_are_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "big.zip", "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("big.txt", b"x" * 5000)
    _, articles, quarantine = read(tmp_path, max_member_bytes=1000)
    assert articles.is_empty()
    assert quarantine["reason"].to_list() == ["archive_member_too_large"]


def test_field_mapping_overrides_and_presets(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"headline": "عنوان", "matn": "نص الخبر هنا."}, ensure_ascii=False)
    )
    _, articles, quarantine = read(tmp_path)
    assert quarantine["reason"].to_list() == ["empty_body"]
    _, articles, _ = read(tmp_path, fields={"body": "matn"})
    assert articles.select("title", "body").rows() == [("عنوان", "نص الخبر هنا.")]
    with pytest.raises(ValueError, match="unknown field"):
        ReadConfig(fields={"bdy": "matn"})


def test_bylines_and_datelines_move_out_of_the_body(tmp_path):
    records = [
        RECORD | {"url": "u1", "content": "ياسر الحربي – عين اليوم\nقال الوزير إن المشروع اكتمل."},
        RECORD
        | {"content": "سبق- الدمام: قالت المؤسسة إن التيار عاد.\nوأضافت أن الأعمال مستمرة.\n(واس)"},
    ]
    (tmp_path / "r.json").write_text(json.dumps(records, ensure_ascii=False))
    _, articles, _ = read(tmp_path, preset="saudinewsnet")
    assert articles.select("byline", "body").rows() == [
        ("ياسر الحربي – عين اليوم", "قال الوزير إن المشروع اكتمل."),
        ("سبق- الدمام:\n(واس)", "قالت المؤسسة إن التيار عاد.\n\nوأضافت أن الأعمال مستمرة."),
    ]


def test_shards_are_bounded_and_cover_every_unit(tmp_path):
    (tmp_path / "r.jsonl").write_text(
        "\n".join(json.dumps(RECORD | {"url": str(i)}) for i in range(25))
    )
    sizes = [s.height for s in iter_shards(tmp_path, ReadConfig(), INGEST, shard_size=10)]
    assert sizes == [10, 10, 5]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["title", "body", "content", "date", "x"]), inner, max_size=4
        )
    ),
    max_leaves=10,
)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(JSON_VALUES, max_size=5),
    st.sampled_from(["json", "jsonl", "csv"]),
    st.binary(max_size=60),
)
def test_record_readers_never_raise_and_account_for_every_unit(
    tmp_path_factory, records, fmt, noise
):
    folder = tmp_path_factory.mktemp("fuzz")
    if fmt == "json":
        data = json.dumps(records).encode() + noise
    elif fmt == "jsonl":
        data = b"\n".join(json.dumps(r).encode() for r in records) + noise
    else:
        data = ("title,body\n" + "\n".join(f'"{r}",{r}' for r in records)).encode() + noise
    (folder / f"input.{fmt}").write_bytes(data)
    units, articles, quarantine = read(folder)
    assert articles.height + quarantine.height == units.height


@requires_shared
def test_saudinewsnet_zips_reconcile_record_for_record():
    folder = SHARED / "corpora" / "saudinewsnet"
    n_units = n_articles = 0
    reasons: dict[str, int] = {}
    for units in iter_shards(folder, ReadConfig(preset="saudinewsnet"), INGEST, shard_size=5000):
        articles, quarantine, _ = ingest(units, INGEST)
        assert articles.height + quarantine.height == units.height
        assert articles.filter(pl.col("outlet").is_null() | pl.col("url").is_null()).is_empty()
        n_units += units.height
        n_articles += articles.height
        for reason, n in quarantine["reason"].value_counts().rows():
            reasons[reason] = reasons.get(reason, 0) + n
    assert n_units == 23_547  # the folder's UPSTREAM-README.md is skipped (--exclude)
    assert n_articles + sum(reasons.values()) == n_units
    assert reasons["empty_body"] > 200
