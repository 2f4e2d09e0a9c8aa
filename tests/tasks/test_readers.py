import json
import zipfile

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.tasks.config import IngestConfig, ReadConfig
from akhbar.tasks.ingest import UNIT_SCHEMA, ingest
from akhbar.tasks.readers import detect_format, iter_shards, iter_units, source_uri
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


FIELD_FORMATS = {
    "a.json": lambda r: json.dumps([r], ensure_ascii=False),
    "a.jsonl": lambda r: json.dumps(r, ensure_ascii=False) + "\n",
    "a.csv": lambda r: ",".join(r) + "\n" + ",".join(f'"{v}"' for v in r.values()) + "\n",
    "a.xml": lambda r: "<DOC>" + "".join(f"<{k}>{v}</{k}>" for k, v in r.items()) + "</DOC>",
    "a.html": lambda r: (
        "<html><head>"
        + "".join(f'<meta name="{k}" content="{v}">' for k, v in r.items())
        + f"</head><body><p>{r['matn']}</p></body></html>"
    ),
}


@pytest.mark.parametrize("name", [*FIELD_FORMATS, "a.parquet"])
def test_field_mappings_are_honoured_in_every_record_format(tmp_path, name):
    record = {
        "ras": "عنوان الخبر",
        "matn": "نص الخبر كاملا هنا.",
        "masdar": "وكالة",
        "rabit": "https://x.example/1",
        "qism": "محليات",
        "raqm": "DOC-000017",
    }
    if name == "a.parquet":
        pl.DataFrame([record]).write_parquet(tmp_path / name)
    else:
        (tmp_path / name).write_text(FIELD_FORMATS[name](record), encoding="utf-8")
    fields = {
        "title": "ras",
        "body": "matn",
        "outlet": "masdar",
        "url": "rabit",
        "section": "qism",
        "record_id": "raqm",
    }
    _, articles, quarantine = read(tmp_path, fields=fields)
    assert quarantine.is_empty(), quarantine.rows()
    got = articles.row(0, named=True)
    assert {f: got[f] for f in fields} == {f: record[k] for f, k in fields.items()}


def test_a_mapping_that_misses_a_known_key_reports_it(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps(RECORD, ensure_ascii=False), encoding="utf-8")
    units, _, _ = read(tmp_path, fields={"outlet": "publisher"})
    assert units["unmapped_fields"].to_list() == ["outlet=source"]
    units, _, _ = read(tmp_path)
    assert units["unmapped_fields"].to_list() == [None]


def test_jsonl_splits_on_newlines_only(tmp_path):
    line = json.dumps(RECORD | {"content": "أ\u2028ب\u0085ج عن الخبر"}, ensure_ascii=False)
    (tmp_path / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    units, articles, _ = read(tmp_path)
    assert units.height == articles.height == 1


def test_csv_dialects_are_sniffed(tmp_path):
    (tmp_path / "semi.csv").write_text("\ufefftitle;body\nعنوان;نص الخبر.\n", encoding="utf-8")
    (tmp_path / "tabs.tsv").write_text("title\tbody\nعنوان\tنص الخبر.\n", encoding="utf-8")
    _, articles, quarantine = read(tmp_path)
    assert quarantine.is_empty()
    assert articles["body"].to_list() == ["نص الخبر.", "نص الخبر."]


def test_one_bad_record_does_not_take_its_file_with_it(tmp_path):
    good = json.dumps(RECORD, ensure_ascii=False)
    huge = good.replace('"source"', '"n": ' + "1" * 5000 + ', "source"')
    lone = '{"title": "x", "content": "\\udc00"}'
    (tmp_path / "a.jsonl").write_text("\n".join([huge, lone, good]), encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    _, articles, quarantine = read(tmp_path)
    assert sorted(quarantine["reason"]) == [
        "invalid_surrogate",
        "number_too_large",
        "too_deeply_nested",
    ]
    assert articles.height == 1


def test_a_reader_that_fails_midway_quarantines_the_rest_and_goes_on(tmp_path, monkeypatch):
    import akhbar.tasks.readers

    (tmp_path / "a.jsonl").write_text(json.dumps(RECORD, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps(RECORD | {"url": "u2"}), encoding="utf-8")

    def broken(*args):
        raise KeyError("a bug")

    monkeypatch.setitem(akhbar.tasks.readers.TEXT_FORMATS, "jsonl", broken)
    _, _, quarantine = read(tmp_path)
    assert quarantine["reason"].to_list() == ["read_error", "read_error"]
    assert "KeyError" in quarantine["detail"][0]
