"""Deduplicate (first cut): exact copies of the normalised text.

Two articles are exact duplicates when their bodies have the same sequence of
normalised word tokens, punctuation and symbols left out: re-scrapes that differ
only in diacritics, hamza spelling, spacing or punctuation collapse together.

:func:`content_hashes` runs per shard; :func:`exact_duplicates` runs once per run on
every article that shares a hash with this run (from the warehouse as well), so a
copy of an article loaded last week is found too.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from akhbar.tasks.scores import Score

HASH_SCHEMA = pl.Schema({"article_id": pl.String, "content_hash": pl.String})
MEMBER_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "content_hash": pl.String,
        "published_date": pl.Date,
        "body_chars": pl.Int64,
    }
)
DUPLICATE_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "cluster_id": pl.String,
        "canonical_article_id": pl.String,
        "method": pl.String,
        "similarity": pl.Float64,
    }
)
PUNCT_OR_SYMBOL = r"^[\p{P}\p{S}\s]*$"


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def content_hashes(articles: pl.DataFrame, tokens: pl.DataFrame) -> pl.DataFrame:
    """Hash each article's normalised word tokens (``tokens.token_norm``, in order).

    Returns
    -------
    pl.DataFrame
        ``HASH_SCHEMA``, one row per article of ``articles``.
    """
    folded = (
        tokens.filter(~pl.col("token_norm").str.contains(PUNCT_OR_SYMBOL))
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("token_norm").str.join(" ").alias("folded"))
    )
    keyed = articles.select("article_id").join(
        folded, on="article_id", how="left", maintain_order="left"
    )
    digests = [_digest(text or "") for text in keyed["folded"]]
    return keyed.select("article_id", content_hash=pl.Series(digests, dtype=pl.String))


def canonical_first(articles: pl.DataFrame) -> pl.DataFrame:
    """Articles in the order that picks a cluster's canonical article, first first.

    Earliest published (undated last), then the longest body, then the smallest id;
    exact and near clusters share it.
    """
    return articles.sort(
        ["published_date", "body_chars", "article_id"],
        descending=[False, True, False],
        nulls_last=True,
    )


def exact_duplicates(members: pl.DataFrame) -> pl.DataFrame:
    """Cluster articles with equal ``content_hash`` and pick each cluster's canonical.

    The canonical article is the earliest published (undated last), then the longest,
    then the smallest id, so the choice does not depend on load order. Articles
    without a copy get no row.

    Parameters
    ----------
    members
        ``MEMBER_SCHEMA``: every article that may share a hash, one row each.

    Returns
    -------
    pl.DataFrame
        ``DUPLICATE_SCHEMA``: one row per member of a cluster of two or more.

    Examples
    --------
    >>> import datetime as dt
    >>> members = pl.DataFrame({
    ...     "article_id": ["b", "a", "c"], "content_hash": ["h", "h", "x"],
    ...     "published_date": [dt.date(2019, 3, 1), dt.date(2019, 3, 2), None],
    ...     "body_chars": [10, 10, 5]}, schema=MEMBER_SCHEMA)
    >>> exact_duplicates(members).select("article_id", "canonical_article_id").rows()
    [('b', 'b'), ('a', 'b')]
    """
    ranked = canonical_first(members.unique("article_id", keep="first", maintain_order=True))
    return (
        ranked.filter(pl.len().over("content_hash") > 1)
        .select(
            "article_id",
            cluster_id="content_hash",
            canonical_article_id=pl.col("article_id").first().over("content_hash"),
            method=pl.lit("exact"),
            similarity=pl.lit(1.0),
        )
        .cast(DUPLICATE_SCHEMA)
    )


# --- near duplicates -------------------------------------------------------------------
PARAGRAPH_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "outlet": pl.String,
        "paragraph_index": pl.Int32,
        "paragraph_hash": pl.String,
    }
)
BAND_SCHEMA = pl.Schema(
    {"article_id": pl.String, "band": pl.Int16, "band_hash": pl.UInt64, "scheme": pl.String}
)
PAIR_SCHEMA = pl.Schema({"article_a": pl.String, "article_b": pl.String, "jaccard": pl.Float64})
_MIX = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio: an odd multiplier that mixes bits
_NON_LETTERS = r"[^\p{L}]+"


def paragraph_hashes(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per paragraph with a hash of its letters, for finding an outlet's boilerplate.

    Only letters count: digits, punctuation and spacing may differ between copies.

    Returns
    -------
    pl.DataFrame
        ``PARAGRAPH_SCHEMA``; ``outlet`` is ``""`` when unknown.
    """
    exploded = (
        articles.select(
            "article_id",
            pl.col("outlet").fill_null(""),
            pl.col("body").str.split("\n\n").alias("paragraph"),
        )
        .explode("paragraph")
        .with_columns(
            paragraph_index=pl.int_range(pl.len(), dtype=pl.Int32).over("article_id"),
            letters=pl.col("paragraph").str.replace_all(_NON_LETTERS, ""),
        )
    )
    digests = [_digest(text) for text in exploded["letters"]]
    return exploded.select(
        "article_id",
        "outlet",
        "paragraph_index",
        paragraph_hash=pl.Series(digests, dtype=pl.String),
    ).cast(PARAGRAPH_SCHEMA)


#: Token ids come from Polars' string hash: fast, but stable only within one Polars
#: version, so it is part of the signature scheme that stored band hashes carry. After
#: an upgrade, stored articles are signed again from their bodies (see
#: ``warehouse/sql/articles_to_sign.sql``).
TOKEN_HASH = f"polars{pl.__version__}"


def token_ids(tokens: pl.Series) -> np.ndarray:
    """64-bit ids of token strings (Polars' hash, seeded; see ``TOKEN_HASH``)."""
    return tokens.hash(seed=20190213).to_numpy()


def shingle_arrays(tokens: pl.DataFrame, ngram: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word ``ngram``-shingle hashes of each article, as flat arrays.

    Parameters
    ----------
    tokens
        ``article_id`` and ``token_norm`` in reading order, articles contiguous,
        punctuation and boilerplate already left out.
    ngram
        Words per shingle; an article with fewer words has one shingle of all of them.

    Returns
    -------
    article_ids, offsets, shingles
        ``shingles[offsets[i]:offsets[i + 1]]`` are article ``article_ids[i]``'s shingle
        hashes (repeats kept: MinHash does not need them removed).
    """
    if tokens.is_empty():
        return (
            np.array([], dtype=object),
            np.zeros(1, dtype=np.int64),
            np.array([], dtype=np.uint64),
        )
    ids = token_ids(tokens["token_norm"])
    runs = tokens.select(pl.col("article_id").rle()).unnest("article_id")
    article_ids = runs["value"].to_numpy()
    length = runs["len"].cast(pl.Int64).to_numpy()
    first = np.concatenate(([0], np.cumsum(length)[:-1]))
    window = np.minimum(length, ngram)
    count = length - window + 1  # shingles per article
    offsets = np.concatenate(([0], np.cumsum(count)))
    # the position of each shingle's first word in `ids`
    start = np.repeat(first - offsets[:-1], count) + np.arange(offsets[-1])
    width = np.repeat(window, count)
    shingles = np.zeros(offsets[-1], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(ngram):
            use = k < width
            word = ids[np.minimum(start + k, len(ids) - 1)]
            shingles = np.where(use, (shingles * _MIX) ^ word, shingles)
    return article_ids, offsets, shingles


def shingle_frame(tokens: pl.DataFrame, ngram: int) -> pl.DataFrame:
    """Distinct word ``ngram``-shingle hashes per article: ``article_id``, ``shingle``."""
    article_ids, offsets, shingles = shingle_arrays(tokens, ngram)
    # distinct within each article's list, by an integer article number: 10x faster
    # than a frame-wide unique over (article_id, shingle) rows (measured, 10M shingles)
    number = np.repeat(np.arange(len(article_ids), dtype=np.uint32), np.diff(offsets))
    distinct = (
        pl.DataFrame(
            {"number": number, "shingle": shingles},
            schema={"number": pl.UInt32, "shingle": pl.UInt64},
        )
        .group_by("number", maintain_order=True)
        .agg(pl.col("shingle").unique(maintain_order=True))
        .explode("shingle")
    )
    return pl.DataFrame(
        {
            "article_id": pl.Series(article_ids, dtype=pl.String).gather(distinct["number"]),
            "shingle": distinct["shingle"],
        }
    )


def permutations(cfg_bands: int, cfg_rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Multipliers (odd) and offsets of the ``bands * rows`` MinHash hash functions."""
    rng = np.random.default_rng(seed)
    n = cfg_bands * cfg_rows
    a = rng.integers(1, 2**63, size=n, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=n, dtype=np.uint64)
    return a, b


def signatures_of(
    offsets: np.ndarray,
    shingles: np.ndarray,
    bands: int,
    rows: int,
    seed: int,
    chunk: int = 5_000,
    threads: int = 2,
) -> np.ndarray:
    """MinHash signatures, one row of ``bands * rows`` values per article.

    Hash function ``i`` is ``x -> (a_i * x + b_i mod 2^64) >> 32``; a signature holds
    each function's minimum over the article's shingles. Chunks of whole articles are
    hashed on ``threads`` threads (numpy releases the GIL).
    """
    a, b = permutations(bands, rows, seed)
    n_articles = len(offsets) - 1
    signatures = np.empty((n_articles, len(a)), dtype=np.uint64)
    cuts = [0]
    while cuts[-1] < n_articles:  # chunk boundaries on article boundaries, about `chunk` shingles
        target = np.searchsorted(offsets, offsets[cuts[-1]] + chunk, side="right") - 1
        cuts.append(int(min(max(target, cuts[-1] + 1), n_articles)))

    def sign(first: int, last: int) -> None:
        lo, hi = offsets[first], offsets[last]
        # permutations x shingles: each row's minima are contiguous runs (3x faster
        # than shingles x permutations, measured)
        with np.errstate(over="ignore"):
            hashed = np.multiply(a[:, None], shingles[None, lo:hi])
            hashed += b[:, None]
            hashed >>= np.uint64(32)
        signatures[first:last] = np.minimum.reduceat(hashed, offsets[first:last] - lo, axis=1).T

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(sign, cuts[:-1], cuts[1:]))
    return signatures


def minhash(shingles: pl.DataFrame, bands: int, rows: int, seed: int, chunk: int = 5_000):
    """MinHash signatures of each article's shingles in a ``article_id``, ``shingle`` frame.

    Returns
    -------
    article_ids, signatures
        ``signatures[i]`` is a ``uint64`` row of length ``bands * rows``.
    """
    runs = shingles.select(pl.col("article_id").rle()).unnest("article_id")
    offsets = np.concatenate(([0], np.cumsum(runs["len"].cast(pl.Int64).to_numpy())))
    values = shingles["shingle"].to_numpy()
    return runs["value"].to_numpy(), signatures_of(offsets, values, bands, rows, seed, chunk)


def band_hashes(
    article_ids: np.ndarray, signatures: np.ndarray, bands: int, rows: int, scheme: str
):
    """One row per article and band: a 64-bit hash of the band's ``rows`` MinHash values."""
    n = len(article_ids)
    banded = signatures.reshape(n, bands, rows)
    hashed = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            hashed = (hashed ^ banded[:, :, r]) * _MIX
    return pl.DataFrame(
        {
            "article_id": np.repeat(article_ids, bands),
            "band": np.tile(np.arange(bands, dtype=np.int16), n),
            "band_hash": hashed.reshape(-1),
            "scheme": scheme,
        }
    ).cast(BAND_SCHEMA)


def shingle_sets(shingles: pl.DataFrame) -> dict[str, np.ndarray]:
    """Each article's distinct shingles as a sorted ``uint64`` array, by article id."""
    return {
        article_id: np.unique(group["shingle"].to_numpy())
        for (article_id,), group in shingles.group_by("article_id")
    }


def jaccard(pairs: pl.DataFrame, shingles: pl.DataFrame | dict[str, np.ndarray]) -> pl.DataFrame:
    """True Jaccard similarity of each pair's shingle sets.

    ``pairs`` has ``article_a`` and ``article_b``; ``shingles`` is an ``article_id``,
    ``shingle`` frame or :func:`shingle_sets` of one. Returns ``PAIR_SCHEMA``.
    """
    sets = shingle_sets(shingles) if isinstance(shingles, pl.DataFrame) else shingles
    scores = []
    for a, b in pairs.select("article_a", "article_b").iter_rows():
        left, right = sets.get(a), sets.get(b)
        if left is None or right is None or not (len(left) and len(right)):
            scores.append(0.0)
            continue
        common = len(np.intersect1d(left, right, assume_unique=True))
        scores.append(common / (len(left) + len(right) - common))
    return pairs.select("article_a", "article_b").with_columns(
        jaccard=pl.Series(scores, dtype=pl.Float64)
    )


def connected_components(edges: pl.DataFrame) -> pl.DataFrame:
    """Union-find over ``article_a``-``article_b`` edges: ``article_id``, ``component``.

    ``component`` is the smallest article id in the component, so labels do not depend
    on the order edges arrive in.
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges.select("article_a", "article_b").iter_rows():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return pl.DataFrame(
        {"article_id": list(parent), "component": [root(x) for x in parent]},
        schema={"article_id": pl.String, "component": pl.String},
    )


def cluster_canonicals(edges: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """Each clustered article's component and canonical article (earliest, then longest).

    Returns ``article_id``, ``component``, ``canonical_article_id`` and the member columns.
    """
    components = connected_components(edges)
    return canonical_first(components.join(members, on="article_id", how="left")).with_columns(
        canonical_article_id=pl.col("article_id").first().over("component")
    )


def cluster_rows(ranked: pl.DataFrame, similarity: pl.Series) -> pl.DataFrame:
    """``DUPLICATE_SCHEMA`` rows of :func:`cluster_canonicals`' frame.

    ``similarity`` holds each row's Jaccard similarity to its canonical article.
    """
    return (
        ranked.with_columns(similarity=similarity)
        .select(
            "article_id",
            cluster_id=pl.lit("near:") + pl.col("component"),
            canonical_article_id="canonical_article_id",
            method=pl.lit("near"),
            similarity=pl.when(pl.col("article_id") == pl.col("canonical_article_id"))
            .then(1.0)
            .otherwise("similarity"),
        )
        .sort("cluster_id", "article_id")
        .cast(DUPLICATE_SCHEMA)
    )


def paragraph_of_tokens(tokens: pl.DataFrame, articles: pl.DataFrame) -> pl.Series:
    """The index of the paragraph (of ``body``, split at blank lines) each token starts in.

    All articles at once: every paragraph's start is placed on one line of the
    articles' bodies laid end to end, and each token's start found among them. A token
    whose article is not in ``articles`` is in paragraph 0.
    """
    paragraphs = (
        articles.select("article_id", pl.col("body").fill_null("").str.split("\n\n"))
        .with_row_index("article")
        .explode("body")
        .select(
            "article",
            "article_id",
            length=pl.col("body").str.len_chars().cast(pl.Int64) + 2,
        )
        .with_columns(first=pl.int_range(pl.len()).over("article") == 0)
    )
    # where each paragraph starts on that line, and each article's first paragraph row
    lengths = paragraphs["length"].to_numpy()
    line = np.cumsum(lengths) - lengths
    article_rows = (
        paragraphs.with_columns(line=line, row=pl.int_range(pl.len()))
        .filter("first")
        .unique("article_id", keep="first", maintain_order=True)
    )
    placed = tokens.select("article_id", "start").join(
        article_rows.select("article_id", "line", "row"),
        on="article_id",
        how="left",
        maintain_order="left",
    )
    known = placed["row"].is_not_null().to_numpy()
    at = placed["line"].fill_null(0).to_numpy() + placed["start"].to_numpy()
    found = np.searchsorted(line, at, side="right") - 1 - placed["row"].fill_null(0).to_numpy()
    return pl.Series("paragraph_index", np.where(known, found, 0), dtype=pl.Int32)


def article_shingles(
    tokens: pl.DataFrame, articles: pl.DataFrame, boilerplate: pl.DataFrame, ngram: int
) -> pl.DataFrame:
    """Shingles of articles from their tokens, boilerplate paragraphs left out.

    Parameters
    ----------
    tokens
        ``article_id``, ``token_index``, ``start``, ``token_norm``, sorted by article and index.
    articles
        ``article_id`` and ``body`` of the same articles.
    boilerplate
        ``article_id``, ``paragraph_index`` of the paragraphs to leave out.
    ngram
        Words per shingle.
    """
    words = (
        tokens.with_columns(paragraph_index=paragraph_of_tokens(tokens, articles))
        .filter((pl.col("token_norm") != "") & ~pl.col("token_norm").str.contains(PUNCT_OR_SYMBOL))
        .join(boilerplate, on=["article_id", "paragraph_index"], how="anti", maintain_order="left")
    )
    return shingle_frame(words.select("article_id", "token_norm"), ngram)


def all_pairs_at_threshold(shingles: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """Every pair of articles whose shingle sets have Jaccard similarity >= ``threshold``.

    Exact, not sampled: prefix filtering (Bayardo et al., "Scaling up all pairs
    similarity search", 2007). With shingles ordered rarest first, two sets with
    ``J >= t`` share an element within their first ``|x| - ceil(t * |x|) + 1``
    elements, so joining those prefixes finds every such pair; each candidate is
    then scored exactly. This is what brute force over all pairs returns, without
    its n² cost.

    Returns
    -------
    pl.DataFrame
        ``PAIR_SCHEMA``, ``article_a < article_b``.
    """
    if shingles.is_empty():
        return pl.DataFrame(schema=PAIR_SCHEMA)
    frequency = shingles.group_by("shingle").agg(df=pl.len())
    ordered = (
        shingles.join(frequency, on="shingle")
        .sort("article_id", "df", "shingle")
        .with_columns(
            rank=pl.int_range(pl.len()).over("article_id"),
            size=pl.len().over("article_id"),
        )
    )
    prefix = ordered.filter(
        pl.col("rank") < pl.col("size") - (threshold * pl.col("size")).ceil() + 1
    ).select("article_id", "shingle", "size")
    candidates = (
        prefix.join(prefix, on="shingle", suffix="_b")
        .filter(pl.col("article_id") < pl.col("article_id_b"))
        .filter(
            (pl.col("size_b") >= threshold * pl.col("size"))
            & (pl.col("size") >= threshold * pl.col("size_b"))
        )
        .select(article_a="article_id", article_b="article_id_b")
        .unique()
    )
    scored = jaccard(candidates, shingles)
    return scored.filter(pl.col("jaccard") >= threshold).sort("article_a", "article_b")


def pair_precision_recall(predicted: pl.DataFrame, truth: pl.DataFrame) -> dict[str, float]:
    """Precision and recall of ``predicted`` pairs against ``truth`` pairs."""
    key = ["article_a", "article_b"]
    hits = predicted.select(key).join(truth.select(key), on=key).height
    s = Score(gold=truth.height, found=hits, predicted=predicted.height, correct=hits)
    return {
        "predicted": s.predicted,
        "truth": s.gold,
        "true_positives": hits,
        "precision": s.precision,
        "recall": s.recall,
    }
