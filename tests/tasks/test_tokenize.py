import json
import multiprocessing
import zipfile
from concurrent.futures import ProcessPoolExecutor

import polars as pl
import pytest
from camel_tools.tokenizers.word import simple_word_tokenize
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from akhbar.tasks.config import NormalizeConfig, TokenizeConfig
from akhbar.tasks.tokenize import (
    IGNORED,
    ROUTE,
    SPLIT,
    SPLITS,
    TOKEN_SCHEMA,
    WORD,
    article_stats,
    char_table,
    normalizer,
    stored_tokens,
    tokenize,
)
from tests.conftest import SHARED, requires_shared

NOTHING = NormalizeConfig(
    arclean=False, dediac=False, alef=False, alef_maksura=False, teh_marbuta=False
)
CONFIGS = [NormalizeConfig(), NormalizeConfig(arclean=False), NOTHING]

ARABIC = st.characters(min_codepoint=0x0621, max_codepoint=0x064A)
DIACRITICS = st.characters(min_codepoint=0x064B, max_codepoint=0x0652)
PIECES = st.one_of(
    ARABIC,
    DIACRITICS,
    st.sampled_from(
        [
            *"ـ0123456789٠١٢٣٤٥٦٧٨٩abcXYZé.,،؛؟!?\"'()[]«»:;-/%…″",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\t",
            "\u00a0",
            "\u202f",
            "\u2028",
            "👍",
            "🏿",
            "😀",
            "\u200d",
            "\ufe0f",
            "\u20e3",
            "#",
            "*",
            "1",
            "🇸",
            "🇦",
            "©",
            "™",
            "\U000e0067",
            "\U000e007f",
            "ﻻ",
            "ﷲ",
            "؆",
            "\u0600",
            "\u200f",
        ]
    ),
)
TEXT = st.lists(PIECES, max_size=60).map("".join)


def frame(*bodies):
    return pl.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)})


def assert_camel_tokens(bodies, tokens, cfg):
    """token_norm is camel-tools' tokens of the normalised body; spans point at tokens."""
    normalize = normalizer(cfg)
    for i, body in enumerate(bodies):
        mine = tokens.filter(pl.col("article_id") == f"a{i}")
        assert mine["token_norm"].to_list() == simple_word_tokenize(normalize(body)), body
        assert mine["token_index"].to_list() == list(range(mine.height))
        for start, end, token in mine.select("start", "end", "token").iter_rows():
            assert body[start:end] == token


def test_tokens_are_camel_tools_tokens_of_the_normalised_body_with_spans():
    body = 'قالت مصادر "محلية"، أمس: قُتل 25 عنصراً في دير الزور24…'
    tokens = tokenize(frame(body), NormalizeConfig())
    assert_camel_tokens([body], tokens, NormalizeConfig())
    assert tokens.filter(pl.col("token") == "عنصراً")["token_norm"].to_list() == ["عنصرا"]
    # the ellipsis normalises to three full stops: three tokens, one body character
    assert (
        tokens.tail(3).select("start", "token", "token_norm").rows()
        == [(len(body) - 1, "…", ".")] * 3
    )


def test_deleted_characters_belong_to_the_word_they_touch():
    body = "ً ، ًكلمةًً،ًكلمة ـ"
    tokens = tokenize(frame(body), NormalizeConfig())
    assert tokens.select("token", "token_norm").rows() == [
        ("،", ","),
        ("ًكلمةًً", "كلمه"),
        ("،", ","),
        ("ًكلمة", "كلمه"),
    ]


def test_fast_and_camel_tokenizers_agree_on_emoji_sequences():
    bodies = ["#\ufe0f a", "😀\u200d😀", "👍🏿\u200d👍", "1\ufe0f\u20e3 🇸🇦 نص"]
    for cfg in CONFIGS:
        fast = tokenize(frame(*bodies), cfg)
        assert_frame_equal(fast, tokenize(frame(*bodies), cfg, tokenizer="camel"))
        assert_camel_tokens(bodies, fast, cfg)


def test_token_norm_applies_the_configured_normalisations():
    body = "إلى المدرسةِ الكبرى"
    assert tokenize(frame(body), NormalizeConfig())["token_norm"].to_list() == [
        "الي",
        "المدرسه",
        "الكبري",
    ]
    assert tokenize(frame(body), NOTHING)["token_norm"].to_list() == body.split()
    only_dediac = NormalizeConfig(arclean=False, alef=False, alef_maksura=False, teh_marbuta=False)
    assert tokenize(frame(body), only_dediac)["token_norm"].to_list() == [
        "إلى",
        "المدرسة",
        "الكبرى",
    ]


def test_character_classes_come_from_camel_tools():
    table = char_table(NormalizeConfig())
    assert table.classes[ord("،")] == SPLIT  # Arabic comma, normalised to ","
    assert table.classes[ord("…")] == SPLITS
    assert table.classes[ord("ب")] == WORD
    assert table.classes[ord("\u064b")] == IGNORED  # fathatan: dediacritised away
    assert table.classes[ord("😀")] == IGNORED  # arclean keeps no emoji
    assert char_table(NormalizeConfig(arclean=False)).classes[ord("\u200d")] == ROUTE


def test_empty_shard_and_empty_body_give_typed_empty_frames():
    empty = tokenize(
        pl.DataFrame(schema={"article_id": pl.String, "body": pl.String}), NormalizeConfig()
    )
    assert_frame_equal(empty, pl.DataFrame(schema=TOKEN_SCHEMA))
    assert tokenize(frame(""), NormalizeConfig()).height == 0
    assert tokenize(frame(""), NormalizeConfig(), tokenizer="camel").height == 0


def test_unknown_tokenizer_is_refused():
    with pytest.raises(ValueError, match="tokenizer must be one of"):
        tokenize(frame("نص"), NormalizeConfig(), tokenizer="spacy")


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4), st.sampled_from(CONFIGS))
def test_fast_tokenizer_is_camel_tools_token_for_token(bodies, cfg):
    fast = tokenize(frame(*bodies), cfg)
    assert_camel_tokens(bodies, fast, cfg)
    assert_frame_equal(fast, tokenize(frame(*bodies), cfg, tokenizer="camel"))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_normalising_twice_is_normalising_once(text):
    normalize = normalizer(NormalizeConfig())
    assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize("flag", ["arclean", "dediac", "alef", "alef_maksura", "teh_marbuta"])
def test_each_normaliser_can_be_switched_off(flag):
    cfg = NormalizeConfig(**{flag: False})
    assert normalizer(cfg) is not normalizer(NormalizeConfig())


@requires_shared
def camel_tools_tokens(bodies: list[str]) -> list[list[str]]:
    """camel-tools' own normalisers and word tokenizer, body by body (the reference)."""
    normalize = normalizer(NormalizeConfig())
    return [simple_word_tokenize(normalize(body)) for body in bodies]


def test_every_saudinewsnet_article_tokenizes_exactly_as_camel_tools():
    bodies = []
    for archive in sorted((SHARED / "corpora" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                if member.endswith(".json"):
                    bodies += [r.get("content") or "" for r in json.loads(zf.read(member))]
    assert len(bodies) == 23_547
    # the reference is a Python loop over 23,547 articles: two processes, one per core,
    # while this one tokenizes
    halves = (bodies[: len(bodies) // 2], bodies[len(bodies) // 2 :])
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        reference = pool.map(camel_tools_tokens, halves)
        articles = pl.DataFrame(
            {"article_id": [str(i) for i in range(len(bodies))], "body": bodies}
        )
        tokens = tokenize(articles, NormalizeConfig())
        per_article = dict(tokens.group_by("article_id").agg("token_norm").iter_rows())
        expected = [words for half in reference for words in half]
    mismatches = [i for i in range(len(bodies)) if list(per_article.get(str(i), [])) != expected[i]]
    assert mismatches == []
    spans = tokens.join(articles, on="article_id").select(
        ok=pl.col("body").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
        == pl.col("token")
    )
    assert spans["ok"].all()


def test_article_stats_per_article_with_nulls_when_nothing_to_divide():
    articles = frame("قال الوزير: CNN قال", "!!!", "")
    stats = article_stats(articles, tokenize(articles, NormalizeConfig()))
    assert stats.rows() == [
        ("a0", 5, 0.8, 0.25, 0.75),
        ("a1", 3, None, None, None),
        ("a2", 0, None, None, None),
    ]


def test_token_storage_keeps_all_a_sample_of_whole_articles_or_nothing():
    ids = [f"article-{i:04d}" for i in range(2000)]
    articles = pl.DataFrame({"article_id": ids, "body": ["قال الوزير إن 25 عنصراً"] * 2000})
    tokens = tokenize(articles, NormalizeConfig())
    assert_frame_equal(stored_tokens(tokens, TokenizeConfig(store="all")), tokens)
    assert stored_tokens(tokens, TokenizeConfig(store="none")).is_empty()
    sampled = stored_tokens(tokens, TokenizeConfig(store="sample", sample_share=0.05))
    kept = sampled["article_id"].unique()
    assert 50 <= len(kept) <= 150  # about 5% of 2,000 articles
    # whole articles: every token of a kept article, none of the others
    assert_frame_equal(sampled, tokens.filter(pl.col("article_id").is_in(kept.implode())))
    # the same articles whatever the shard they arrive in
    again = stored_tokens(tokens.reverse(), TokenizeConfig(store="sample", sample_share=0.05))
    assert sorted(again["article_id"].unique()) == sorted(kept)
    with pytest.raises(ValueError, match="unknown token storage"):
        TokenizeConfig(store="some")
