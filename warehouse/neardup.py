"""Near-duplicate detection against the whole warehouse (the I/O around ``tasks.dedup``).

For a staged run, in order:

1. the boilerplate set: paragraphs in at least ``boilerplate_min_articles`` articles of
   one outlet, over staged and published articles;
2. signatures for the run's articles, and for published articles whose shingles the
   new boilerplate set changes, from their stored tokens (no re-tokenising);
3. candidate pairs: a DuckDB join on LSH band hashes against every stored signature;
4. verification of each candidate by the true Jaccard similarity of its shingle sets;
5. clusters: connected components over every verified pair in the warehouse, with a
   canonical article each.

Every step depends only on the set of articles, never on the order they were loaded
in, so loading a corpus day by day gives the same clusters as loading it at once.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from akhbar.config import DedupConfig
from tasks.dedup import (
    PAIR_SCHEMA,
    all_pairs_at_threshold,
    article_shingles,
    band_hashes,
    jaccard,
    minhash,
    near_duplicate_clusters,
    pair_precision_recall,
)
from warehouse.sql import load_sql
from warehouse.store import Warehouse

BATCH = 2000


def _batches(ids: pl.Series) -> Iterator[pl.Series]:
    for offset in range(0, len(ids), BATCH):
        yield ids.slice(offset, BATCH)


def shingles_of(
    warehouse: Warehouse,
    ids: pl.Series,
    cfg: DedupConfig,
    boilerplate_sql: str = "batch_boilerplate",
) -> Iterator[pl.DataFrame]:
    """Shingle frames of the articles ``ids``, a batch at a time.

    ``boilerplate_sql`` names the boilerplate set: the staged one during a run
    (``batch_boilerplate``), the published one when evaluating (``published_boilerplate``).
    """
    for batch in _batches(ids):
        tokens = warehouse.batch("batch_tokens", batch)
        articles = warehouse.batch("batch_articles", batch)
        boilerplate = warehouse.batch(boilerplate_sql, batch)
        yield article_shingles(tokens, articles, boilerplate, cfg.ngram)


def find_near_duplicates(warehouse: Warehouse, cfg: DedupConfig, run_id: str) -> dict[str, int]:
    """Stage boilerplate, signatures, verified pairs and near-duplicate clusters.

    Returns counts for the run's log: boilerplate paragraphs, articles signed,
    candidate pairs, verified pairs, clustered articles.
    """
    stamp = pl.lit(run_id).alias("run_id")
    boilerplate = warehouse.frame(load_sql("boilerplate"), [cfg.boilerplate_min_articles])
    warehouse.stage("boilerplate_paragraphs", boilerplate.with_columns(stamp))

    to_sign = warehouse.frame(load_sql("articles_to_sign"), [cfg.scheme])["article_id"]
    for shingles in shingles_of(warehouse, to_sign, cfg):
        if shingles.is_empty():
            continue
        ids, signatures = minhash(shingles, cfg.bands, cfg.rows, cfg.seed)
        bands = band_hashes(ids, signatures, cfg.bands, cfg.rows, cfg.scheme)
        warehouse.stage("dedup_bands", bands.with_columns(stamp))

    candidates = warehouse.frame(load_sql("near_candidates"), [cfg.scheme, cfg.scheme])
    involved = pl.concat([candidates["article_a"], candidates["article_b"]]).unique().sort()
    verified = []
    if candidates.height:
        shingles = pl.concat(list(shingles_of(warehouse, involved, cfg)))
        scored = jaccard(candidates, shingles)
        verified.append(scored.filter(pl.col("jaccard") >= cfg.threshold))
    pairs = pl.concat(verified) if verified else pl.DataFrame(schema=PAIR_SCHEMA)
    warehouse.stage("near_duplicate_pairs", pairs.with_columns(stamp))

    edges = warehouse.frame(load_sql("near_edges"))
    clustered = 0
    if edges.height:
        members = pl.concat([edges["article_a"], edges["article_b"]]).unique().sort()
        member_rows = pl.concat(list(_member_rows(warehouse, members)))
        shingles = pl.concat(list(shingles_of(warehouse, members, cfg)))
        clusters = near_duplicate_clusters(edges, member_rows, shingles)
        warehouse.stage("duplicates", clusters.with_columns(stamp))
        clustered = clusters.height
    return {
        "boilerplate_paragraphs": boilerplate.height,
        "articles_signed": len(to_sign),
        "candidate_pairs": candidates.height,
        "verified_pairs": pairs.height,
        "near_duplicate_articles": clustered,
    }


def evaluate(warehouse: Warehouse, cfg: DedupConfig) -> dict[str, float]:
    """Precision and recall of the published near-duplicate pairs.

    Ground truth is the exact all-pairs similarity join at ``cfg.threshold`` over every
    published article's shingles (see ``tasks.dedup.all_pairs_at_threshold``).
    """
    ids = warehouse.frame(load_sql("published_article_ids"))["article_id"]
    shingles = pl.concat(list(shingles_of(warehouse, ids, cfg, "published_boilerplate")))
    truth = all_pairs_at_threshold(shingles, cfg.threshold)
    predicted = warehouse.frame(load_sql("published_near_pairs"), [cfg.threshold])
    return {"articles": len(ids)} | pair_precision_recall(predicted, truth)


def _member_rows(warehouse: Warehouse, ids: pl.Series) -> Iterator[pl.DataFrame]:
    for batch in _batches(ids):
        yield warehouse.batch("batch_articles", batch).select(
            "article_id", content_hash=pl.lit(None, pl.String), published_date="published_date",
            body_chars="body_chars",
        )  # fmt: skip
