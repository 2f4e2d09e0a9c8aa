"""Word clusters from a user's own unlabelled corpus, as features for the CRF.

A word's neighbours say what kind of word it is: names of persons share contexts
(``قال ... إن``، ``الرئيس ...``) even when a tagger never saw the name itself. Each
frequent word gets a vector of its positive pointwise mutual information with the
most frequent context words (two words either side), reduced by a truncated SVD;
k-means then groups the vectors at a few sizes (coarse to fine), and the CRF sees the
cluster ids of a word and its neighbours (:func:`~akhbar.tasks.extract.ner.token_features`).
Brown clusters and word2vec + k-means are the usual choices; this is the same idea
with numpy and scipy only, and it is deterministic for a seed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl

from akhbar.tasks.extract.text import key

CLUSTER_SCHEMA = pl.Schema(
    {"word": pl.String, "c64": pl.Int32, "c256": pl.Int32, "c1024": pl.Int32}
)
SIZES = (64, 256, 1024)


@dataclass(frozen=True)
class ClusterConfig:
    """How the clusters are made."""

    vocabulary: int = 40_000  #: most frequent words clustered
    contexts: int = 3_000  #: most frequent words used as contexts
    min_count: int = 5  #: words seen fewer times are left out
    window: int = 2  #: context words either side
    dimensions: int = 100  #: SVD dimensions
    iterations: int = 15  #: k-means iterations per size
    seed: int = 0


def _ids(sentences: Iterable[list[str]]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The words by frequency, every token's word id and sentence id, each word's count."""
    tokens: list[str] = []
    lengths: list[int] = []
    for sentence in sentences:
        tokens += sentence
        lengths.append(len(sentence))
    surface = pl.Series("surface", tokens, dtype=pl.String)
    distinct = surface.unique()
    keys = pl.DataFrame({"surface": distinct, "word": [key(t) for t in distinct]})
    word = surface.to_frame().join(keys, on="surface", how="left", maintain_order="left")["word"]
    counts = word.value_counts(name="n").sort(["n", "word"], descending=[True, False])
    ids = (
        word.to_frame()
        .join(counts.with_row_index("id"), on="word", how="left", maintain_order="left")["id"]
        .to_numpy()
        .astype(np.int64)
    )
    sentence_ids = np.repeat(np.arange(len(lengths)), lengths)
    return counts["word"].to_list(), ids, sentence_ids, counts["n"].to_numpy()


def _kmeans(vectors: np.ndarray, k: int, iterations: int, rng: np.random.Generator) -> np.ndarray:
    """Spherical k-means (cosine) of unit rows: each row's cluster id."""
    k = min(k, len(vectors))
    centres = vectors[rng.choice(len(vectors), size=k, replace=False)]
    labels = np.zeros(len(vectors), dtype=np.int32)
    for _ in range(iterations):
        labels = np.argmax(vectors @ centres.T, axis=1).astype(np.int32)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[empty] = vectors[rng.choice(len(vectors), size=int(empty.sum()))]
        centres = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return labels


def word_clusters(sentences: Iterable[list[str]], cfg: ClusterConfig | None = None) -> pl.DataFrame:
    """Each frequent word's cluster at 64, 256 and 1,024 clusters (``CLUSTER_SCHEMA``).

    ``sentences``: tokenised sentences of unlabelled text; words are folded (:func:`key`).
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import ArpackError, svds

    cfg = cfg or ClusterConfig()
    words, ids, sentence, counts = _ids(sentences)
    n_words = int(min(cfg.vocabulary, (counts >= cfg.min_count).sum()))
    n_contexts = min(cfg.contexts, len(words))
    if n_words < 2 or n_contexts < 2:
        return pl.DataFrame(schema=CLUSTER_SCHEMA)
    rows, cols = [], []
    for offset in range(1, cfg.window + 1):
        same = sentence[offset:] == sentence[:-offset]
        for a, b in ((ids[:-offset], ids[offset:]), (ids[offset:], ids[:-offset])):
            keep = same & (a < n_words) & (b < n_contexts)
            rows.append(a[keep])
            cols.append(b[keep])
    r, c = np.concatenate(rows), np.concatenate(cols)
    counts_matrix = coo_matrix(
        (np.ones(len(r), dtype=np.float64), (r, c)), shape=(n_words, n_contexts)
    ).tocsr()  # duplicates (word, context) pairs summed
    total = counts_matrix.sum()
    row_sum = np.asarray(counts_matrix.sum(axis=1)).ravel()
    col_sum = np.asarray(counts_matrix.sum(axis=0)).ravel() ** 0.75  # context smoothing
    col_sum = col_sum / col_sum.sum() * total
    coo = counts_matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix(
        (pmi[keep], (coo.row[keep], coo.col[keep])), shape=(n_words, n_contexts)
    ).tocsr()
    k = max(1, min(cfg.dimensions, min(ppmi.shape) - 1))
    rng = np.random.default_rng(cfg.seed)
    try:
        u, s, _ = svds(ppmi, k=k, random_state=cfg.seed)
    except ArpackError:  # a tiny, degenerate matrix (one pair above chance, or none)
        u, s, _ = np.linalg.svd(ppmi.toarray(), full_matrices=False)
        u, s = u[:, :k], s[:k]
    vectors = u * np.sqrt(s)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    labels = {f"c{size}": _kmeans(vectors, size, cfg.iterations, rng) for size in SIZES}
    return pl.DataFrame({"word": words[:n_words], **labels}, schema=CLUSTER_SCHEMA)


def read_clusters(path) -> dict[str, tuple[int, int, int]]:
    """A clusters TSV (:func:`word_clusters`, written) as word -> (c64, c256, c1024)."""
    frame = pl.read_csv(path, separator="\t", schema=CLUSTER_SCHEMA, quote_char=None)
    return {w: (a, b, c) for w, a, b, c in frame.iter_rows()}
