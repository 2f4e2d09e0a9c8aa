"""The gazetteer's files: generated ones agree with their source, curated ones win."""

import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.tasks.extract import key, load_lexicon
from akhbar.tasks.extract.lexicon import KEY, ShardKeys

ROOT = Path(__file__).resolve().parents[2]


def test_places_tsv_is_what_cldr_says():
    pytest.importorskip("babel")
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts" / "build_places.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    committed = (ROOT / "tasks" / "lexicons" / "places.tsv").read_text(encoding="utf-8")
    assert committed == build.render(), "run python scripts/build_places.py"


def test_every_country_is_a_place_and_the_curated_lexicon_wins():
    lexicon = load_lexicon(None, False)
    for name in ("فنزويلا", "البرازيل", "موريتانيا", "جيبوتي", "أفغانستان", "الشرق الأوسط"):
        assert lexicon.entries[key(name)][0] == "LOC", name
    assert lexicon.entries[key("أميركا")] == ("LOC", "الولايات المتحدة")  # entities.tsv
    assert key("الاتحاد الأوروبي") not in {
        key(line.split("\t")[0])
        for line in (ROOT / "tasks" / "lexicons" / "places.tsv").read_text("utf-8").splitlines()
    }  # an organisation, not a place


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["قال", "وزير", "الرياض", "و", "بن"]), max_size=12)),
    st.sets(st.sampled_from(["قال", "وزير", "الرياض", "و", "بن", "غير"])),
)
def test_shard_keys_find_the_words_a_test_per_word_finds(articles, accepted):
    """Per article, the positions of the words whose key passes, in order, none lost."""
    words = [[(i, i + 1, k, bool(i)) for i, k in enumerate(article)] for article in articles]
    keys = ShardKeys(words)
    expected = [[i for i, w in enumerate(article) if w[KEY] in accepted] for article in words]
    assert keys.positions(accepted.__contains__) == expected
    assert keys.counts() == dict(Counter(k for article in articles for k in article))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(["عبد", "وعبد", "الله", "بن"]), st.booleans()), max_size=8
        )
    ),
    st.sets(st.sampled_from(["عبد الله", "عبد بن", "بن الله", "الله عبد"])),
)
def test_shard_keys_find_the_word_pairs_a_test_per_word_finds(articles, pairs):
    """A word whose key (or its key without و) and the next joined word's make a pair."""
    words = [
        [(i, i + 1, k, joined and i > 0) for i, (k, joined) in enumerate(article)]
        for article in articles
    ]

    def firsts(k):
        return [k, k[1:]] if k.startswith("و") else [k]

    expected = [
        [
            i
            for i, w in enumerate(article[:-1])
            if article[i + 1][3]
            and any(f"{f} {article[i + 1][KEY]}" in pairs for f in firsts(w[KEY]))
        ]
        for article in words
    ]
    keys = ShardKeys(words)
    assert keys.where(keys.pair_mask(firsts, pairs)) == expected


def test_foreign_names_are_also_read_with_the_egyptian_g():
    from akhbar.tasks.extract.lexicon import given_names, hard_g_spellings

    lexicon = load_lexicon()
    assert lexicon.entries[key("بنجلاديش")] == lexicon.entries[key("بنغلاديش")]
    assert key("المجرب") not in lexicon.entries  # المغرب is no foreign g
    assert hard_g_spellings("المغرب") == []
    assert key("دييجو") in given_names()
    assert key("جاده") not in given_names()
