import polars as pl
import pytest
from camel_tools.tokenizers.word import simple_word_tokenize
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from akhbar.config import NormalizeConfig
from tasks.tokenize import TOKEN_SCHEMA, normalizer, tokenize

ARABIC = st.characters(min_codepoint=0x0621, max_codepoint=0x0652)
MIXED = st.text(
    alphabet=st.one_of(
        ARABIC,
        st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩abcXYZ.,،؛؟!\"'()-ـ \n\u00a0\u200d👍🏿😀#")),
    ),
    max_size=80,
)


def frame(*bodies):
    return pl.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)})


def test_tokens_are_camel_tools_tokens_with_offsets_into_the_body():
    body = 'قالت مصادر "محلية"، أمس: قُتل 25 عنصراً في دير الزور24.'
    tokens = tokenize(frame(body), NormalizeConfig())
    assert tokens["token"].to_list() == simple_word_tokenize(body)
    for start, end, token in tokens.select("start", "end", "token").iter_rows():
        assert body[start:end] == token
    assert tokens["token_index"].to_list() == list(range(tokens.height))


def test_token_norm_applies_the_configured_normalisations():
    body = "إلى المدرسةِ الكبرى"
    default = tokenize(frame(body), NormalizeConfig())["token_norm"].to_list()
    assert default == ["الي", "المدرسه", "الكبري"]
    nothing = NormalizeConfig(
        arclean=False, dediac=False, alef=False, alef_maksura=False, teh_marbuta=False
    )
    assert tokenize(frame(body), nothing)["token_norm"].to_list() == body.split()
    only_dediac = NormalizeConfig(arclean=False, alef=False, alef_maksura=False, teh_marbuta=False)
    assert tokenize(frame(body), only_dediac)["token_norm"].to_list() == [
        "إلى",
        "المدرسة",
        "الكبرى",
    ]


def test_empty_shard_and_empty_body_give_typed_empty_frames():
    empty = tokenize(
        pl.DataFrame(schema={"article_id": pl.String, "body": pl.String}), NormalizeConfig()
    )
    assert_frame_equal(empty, pl.DataFrame(schema=TOKEN_SCHEMA))
    assert tokenize(frame(""), NormalizeConfig()).height == 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(ARABIC, st.sampled_from(list("ـ .،0١"))), max_size=60))
def test_normalising_twice_is_normalising_once(text):
    normalize = normalizer(NormalizeConfig())
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(MIXED, min_size=1, max_size=4))
def test_every_token_span_points_at_its_token(bodies):
    articles = frame(*bodies)
    tokens = tokenize(articles, NormalizeConfig())
    joined = tokens.join(articles, on="article_id")
    for body, start, end, token in joined.select("body", "start", "end", "token").iter_rows():
        assert body[start:end] == token
    for i, body in enumerate(bodies):
        assert tokens.filter(pl.col("article_id") == f"a{i}")[
            "token"
        ].to_list() == simple_word_tokenize(body)


@pytest.mark.parametrize("flag", ["arclean", "dediac", "alef", "alef_maksura", "teh_marbuta"])
def test_each_normaliser_can_be_switched_off(flag):
    cfg = NormalizeConfig(**{flag: False})
    assert normalizer(cfg) is not normalizer(NormalizeConfig())
