import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from akhbar.tasks.config import NormalizeConfig
from akhbar.tasks.dedup import MEMBER_SCHEMA, content_hashes, exact_duplicates
from akhbar.tasks.tokenize import tokenize


def hashes(*bodies):
    articles = pl.DataFrame(
        {"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)}
    )
    return content_hashes(articles, tokenize(articles, NormalizeConfig()))["content_hash"].to_list()


def test_copies_differing_in_diacritics_hamza_spacing_and_punctuation_hash_alike():
    a, b, c, d = hashes(
        "أعلنت الوزارةُ، أمس، افتتاح الخط.",
        "اعلنت الوزارة أمس   افتتاح الخط",
        "أعلنت الوزارة - أمس - افتتاح الخط!!",
        "أعلنت الوزارة اليوم افتتاح الخط.",
    )
    assert a == b == c
    assert d != a


def members(rows):
    return pl.DataFrame(rows, schema=MEMBER_SCHEMA, orient="row")


def test_canonical_is_earliest_then_longest_then_smallest_id():
    got = exact_duplicates(
        members(
            [
                ("c", "h", dt.date(2019, 3, 2), 100),
                ("b", "h", dt.date(2019, 3, 1), 90),
                ("a", "h", dt.date(2019, 3, 1), 90),
                ("d", "h", None, 500),
                ("solo", "z", dt.date(2019, 1, 1), 10),
            ]
        )
    )
    assert set(got["article_id"]) == {"a", "b", "c", "d"}
    assert set(got["canonical_article_id"]) == {"a"}
    assert set(got["method"]) == {"exact"}
    assert set(got["similarity"]) == {1.0}


MEMBERS = st.lists(
    st.tuples(
        st.sampled_from("abcdefgh"),
        st.sampled_from(["h1", "h2", "h3"]),
        st.none() | st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2019, 1, 5)),
        st.integers(1, 4),
    ),
    max_size=12,
    unique_by=lambda row: row[0],
)


@settings(max_examples=200, deadline=None)
@given(MEMBERS, st.randoms())
def test_dedup_is_idempotent_and_independent_of_order(rows, rnd):
    frame = members(rows)
    once = exact_duplicates(frame).sort("article_id")
    shuffled = members(rnd.sample(rows, len(rows)))
    assert_frame_equal(exact_duplicates(shuffled).sort("article_id"), once)
    again = exact_duplicates(pl.concat([frame, frame])).sort("article_id")
    assert_frame_equal(again, once)
    assert once.group_by("cluster_id").agg(pl.col("canonical_article_id").n_unique().alias("n"))[
        "n"
    ].max() in (None, 1)


# --- near duplicates -------------------------------------------------------------------
import itertools  # noqa: E402

import numpy as np  # noqa: E402

from akhbar.tasks.dedup import (  # noqa: E402
    all_pairs_at_threshold,
    band_hashes,
    connected_components,
    jaccard,
    minhash,
    permutations,
    shingle_frame,
)


def words(**docs):
    rows = [(doc, w) for doc, text in docs.items() for w in text.split()]
    return pl.DataFrame(
        rows, schema={"article_id": pl.String, "token_norm": pl.String}, orient="row"
    )


def test_shingles_are_word_ngrams_within_each_article():
    shingles = shingle_frame(words(a="w1 w2 w3 w4 w5 w6", b="w5 w6", c="w1 w2 w3 w4 w5"), ngram=5)
    counts = dict(shingles.group_by("article_id").len().iter_rows())
    assert counts == {"a": 2, "b": 1, "c": 1}
    a = set(shingles.filter(pl.col("article_id") == "a")["shingle"])
    c = set(shingles.filter(pl.col("article_id") == "c")["shingle"])
    assert c < a  # c is a's first five words


def test_minhash_equals_the_definition():
    shingles = shingle_frame(words(a="ا ب ت ث ج ح خ د", b="ا ب ت ث ج ح خ ذ ر"), ngram=3)
    ids, signatures = minhash(shingles, bands=4, rows=2, seed=7, chunk=3)
    a, b = permutations(4, 2, 7)
    for article_id, signature in zip(ids, signatures, strict=True):
        values = shingles.filter(pl.col("article_id") == article_id)["shingle"].to_numpy()
        with np.errstate(over="ignore"):
            expected = ((values[:, None] * a + b) >> np.uint64(32)).min(axis=0)
        assert (signature == expected).all()


def test_identical_shingle_sets_share_every_band():
    shingles = shingle_frame(words(a="ا ب ت ث ج ح", b="ا ب ت ث ج ح"), ngram=2)
    ids, signatures = minhash(shingles, bands=5, rows=3, seed=1)
    bands = band_hashes(ids, signatures, 5, 3, "s")
    by_article = {
        k: g.sort("band")["band_hash"].to_list() for (k,), g in bands.group_by("article_id")
    }
    assert by_article["a"] == by_article["b"]


SETS = st.lists(st.sets(st.integers(0, 12), min_size=1, max_size=8), min_size=2, max_size=9)


@settings(max_examples=150, deadline=None)
@given(SETS, st.sampled_from([0.3, 0.5, 0.7, 0.9, 1.0]))
def test_prefix_filtering_join_finds_exactly_the_brute_force_pairs(sets, threshold):
    rows = [(f"d{i}", s) for i, members in enumerate(sets) for s in members]
    shingles = pl.DataFrame(
        rows, schema={"article_id": pl.String, "shingle": pl.UInt64}, orient="row"
    )
    brute = {
        (f"d{i}", f"d{j}")
        for (i, x), (j, y) in itertools.combinations(enumerate(sets), 2)
        if len(x & y) / len(x | y) >= threshold
    }
    found = all_pairs_at_threshold(shingles, threshold)
    assert set(found.select("article_a", "article_b").iter_rows()) == brute


def test_jaccard_and_components():
    shingles = pl.DataFrame(
        {"article_id": ["a", "a", "b", "b", "c"], "shingle": [1, 2, 2, 3, 9]},
        schema={"article_id": pl.String, "shingle": pl.UInt64},
    )
    pairs = pl.DataFrame({"article_a": ["a", "a"], "article_b": ["b", "c"]})
    assert jaccard(pairs, shingles)["jaccard"].to_list() == [1 / 3, 0.0]
    edges = pl.DataFrame({"article_a": ["c", "a", "x"], "article_b": ["d", "b", "y"]})
    reversed_edges = edges.reverse()
    for e in (edges, reversed_edges):
        labels = dict(
            connected_components(
                e.vstack(pl.DataFrame({"article_a": ["b"], "article_b": ["c"]}))
            ).iter_rows()
        )
        assert labels == {"a": "a", "b": "a", "c": "a", "d": "a", "x": "x", "y": "x"}


def _paragraph_by_search(body: str, start: int) -> int:
    """The definition: how many blank-line breaks come before the token's start."""
    import re

    return sum(1 for m in re.finditer("\n\n", body) if m.start() <= start)


@settings(max_examples=60, deadline=None)
@given(
    bodies=st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["كلمة", "و", "2019", "«قال»", ""]),
                st.sampled_from([" ", "\n", "\n\n", "\n\n\n", "\n\n\n\n"]),
            ),
            max_size=12,
        ),
        max_size=5,
    )
)
def test_each_token_is_in_the_paragraph_the_blank_lines_before_it_say(bodies):
    from akhbar.tasks.dedup import paragraph_of_tokens

    texts = ["".join(w + sep for w, sep in parts) for parts in bodies]
    articles = pl.DataFrame(
        {"article_id": [f"a{i}" for i in range(len(texts))], "body": texts},
        schema={"article_id": pl.String, "body": pl.String},
    )
    tokens = tokenize(articles, NormalizeConfig()).select("article_id", "start")
    found = paragraph_of_tokens(tokens, articles).to_list()
    expected = [_paragraph_by_search(texts[int(a[1:])], start) for a, start in tokens.iter_rows()]
    assert found == expected
    unknown = pl.DataFrame({"article_id": ["x"], "start": [3]})
    assert paragraph_of_tokens(unknown, articles).to_list() == [0]
