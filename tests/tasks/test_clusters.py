"""Word clusters from unlabelled text (tasks/extract/clusters.py) and the CRF that uses them."""

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from akhbar.cli import main
from akhbar.tasks.extract.clusters import (
    CLUSTER_SCHEMA,
    ClusterConfig,
    read_clusters,
    word_clusters,
)
from akhbar.tasks.extract.lexicon import load_lexicon
from akhbar.tasks.extract.ner import (
    clusters_path,
    read_conll,
    score,
    tagger,
    token_features,
    train_crf,
)
from akhbar.tasks.extract.text import key
from tests.tasks.test_ner import BIO

NAMES = ["سامر", "خالد", "فادي", "رامي"]
PLACES = ["حلب", "دمشق", "حمص", "درعا"]
SMALL = ClusterConfig(min_count=2, dimensions=4, iterations=5)


def corpus(repeat=6):
    sentences = []
    for _ in range(repeat):
        sentences += [["قال", n, "إن", "الخطة", "جاهزة", "."] for n in NAMES]
        sentences += [["زار", "الوفد", p, "أمس", "."] for p in PLACES]
    return sentences


def test_words_in_the_same_contexts_share_a_cluster_at_every_size():
    clusters = word_clusters(corpus(), SMALL)
    assert clusters.schema == CLUSTER_SCHEMA
    rows = {w: (a, b, c) for w, a, b, c in clusters.iter_rows()}
    assert len({rows[key(n)] for n in NAMES}) == 1
    assert len({rows[key(p)] for p in PLACES}) == 1
    assert rows[key(NAMES[0])][0] != rows[key(PLACES[0])][0]


@settings(max_examples=30)
@given(st.lists(st.lists(st.sampled_from([*NAMES, *PLACES, "قال", "إن", "."]), max_size=8)))
@example([["خالد"], ["سامر", "سامر"], ["خالد"]])  # one pair: ARPACK cannot start
def test_every_word_seen_often_enough_gets_exactly_one_row(sentences):
    clusters = word_clusters(sentences, SMALL)
    counts = pl.Series([key(t) for s in sentences for t in s], dtype=pl.String).value_counts()
    frequent = {w for w, n in counts.iter_rows() if n >= SMALL.min_count}
    if clusters.is_empty():
        assert len(frequent) < 2 or len({t for s in sentences for t in s}) < 2
    else:
        assert clusters["word"].n_unique() == clusters.height
        assert set(clusters["word"]) == frequent
        assert clusters["c1024"].max() < clusters.height


def test_the_same_corpus_and_seed_give_the_same_clusters():
    assert word_clusters(corpus(), SMALL).equals(word_clusters(corpus(), SMALL))


def test_cluster_ids_of_a_word_and_its_neighbours_become_crf_features(tmp_path):
    ids = {key("سامر"): (1, 2, 3)}
    features = token_features(["قال", "سامر", "إن"], load_lexicon(), ids)
    assert {"0:c0=1", "0:c1=2", "0:c2=3", "-1:cluster=none"} <= set(features[1])
    assert "1:c0=1" in features[0]
    assert not any(
        "c0=" in f or "cluster" in f for f in token_features(["سامر"], load_lexicon())[0]
    )


def test_a_crf_trained_with_clusters_keeps_them_beside_it_and_tags_with_them(tmp_path):
    conll = tmp_path / "tiny.conll"
    conll.write_text(BIO, encoding="utf-8")
    sentences = read_conll(conll)
    clusters = tmp_path / "clusters.tsv"
    word_clusters([[t for t, _ in s] for s in sentences] * 3, SMALL).write_csv(
        clusters, separator="\t", quote_style="never"
    )
    assert read_clusters(clusters)
    model = train_crf(sentences, tmp_path / "m.crfsuite", iterations=30, clusters=clusters)
    assert clusters_path(model).read_bytes() == clusters.read_bytes()
    crf = tagger("crf", str(model))
    assert crf.clusters == read_clusters(clusters)
    predicted = crf.tag([[t for t, _ in s] for s in sentences])
    assert score([[g for _, g in s] for s in sentences], predicted)["ALL"].f1 == 1.0
    train_crf(sentences, model, iterations=30)  # trained again without: none kept
    assert not clusters_path(model).exists()


def test_ner_clusters_writes_the_tsv_from_a_corpus_folder(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, sentence in enumerate(corpus(2)):
        (folder / f"{i}.txt").write_text(f"عنوان {i}\n\n" + " ".join(sentence * 3), "utf-8")
    out = tmp_path / "clusters.tsv"
    assert main(["ner", "clusters", str(folder), "--out", str(out)]) == 0
    assert "words clustered" in capsys.readouterr().out
    assert key("سامر") in read_clusters(out)
    assert main(["ner", "clusters", str(tmp_path / "missing"), "--out", str(out)]) == 2
