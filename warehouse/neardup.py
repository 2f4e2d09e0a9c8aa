"""Near-duplicate detection against the whole warehouse (the I/O around ``tasks.dedup``).

For a staged run, in order:

1. the boilerplate set: paragraphs in at least ``boilerplate_min_articles`` articles of
   one outlet, over staged and published articles;
2. signatures for the run's articles, and for published articles whose shingles the
   new boilerplate set changes, from their bodies, read in one streamed scan and
   tokenized again (token rows may not be stored at all);
3. candidate pairs: a DuckDB join on LSH band hashes against every stored signature;
4. verification of each candidate by the true Jaccard similarity of its shingle sets;
5. clusters: connected components over every verified pair in the warehouse, with a
   canonical article each.

Every step depends only on the set of articles, never on the order they were loaded
in, so loading a corpus day by day gives the same clusters as loading it at once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import polars as pl

from akhbar.tasks.config import DedupConfig, NormalizeConfig
from akhbar.tasks.dedup import (
    PAIR_SCHEMA,
    all_pairs_at_threshold,
    article_shingles,
    band_hashes,
    cluster_canonicals,
    cluster_rows,
    jaccard,
    minhash,
    pair_precision_recall,
    shingle_sets,
)
from akhbar.tasks.tokenize import tokenize
from akhbar.warehouse.sql import load_sql
from akhbar.warehouse.store import Warehouse


def shingles_of(
    warehouse: Warehouse,
    ids: pl.Series,
    cfg: DedupConfig,
    normalize: NormalizeConfig,
    bodies_sql: str = "dedup/bodies_to_shingle",
) -> Iterator[pl.DataFrame]:
    """Shingle frames of the articles ``ids``, a batch of articles at a time.

    The bodies are read in one streamed scan and tokenized again (the tokenizer runs at
    ~150 MB/s, and the warehouse may keep no token rows: ``--tokens``); the same query
    lists each article's boilerplate paragraphs, by the staged boilerplate set during a
    run (``bodies_to_shingle``), by the published one when evaluating
    (``published_bodies_to_shingle``).
    """
    if ids.is_empty():
        return
    for batch in warehouse.stream(load_sql(bodies_sql), ids):
        articles = batch.select("article_id", "outlet", "body")
        tokens = tokenize(articles, normalize).select(
            "article_id", "token_index", "start", "token_norm"
        )
        boilerplate = (
            batch.select("article_id", paragraph_index="boilerplate_paragraphs")
            .explode("paragraph_index")
            .drop_nulls("paragraph_index")
        )
        yield article_shingles(tokens, articles, boilerplate, cfg.ngram)


class ShingleStore:
    """The shingle sets of the articles signed in this run, spilled to Arrow IPC files.

    Signing computes every signed article's shingles anyway; keeping them on disk lets
    verification read the sets of a chunk of pairs' articles back in a second or two,
    instead of scanning and tokenizing the bodies again for every chunk.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: list[Path] = []

    def add(self, shingles: pl.DataFrame) -> None:
        """Keep the sets of a shingle frame's articles (one row per article)."""
        path = self.folder / f"part-{len(self.paths):06d}.arrow"
        shingles.group_by("article_id", maintain_order=True).agg(
            pl.col("shingle").unique().sort()
        ).write_ipc(path)
        self.paths.append(path)

    def sets(self, ids: pl.Series) -> dict[str, np.ndarray]:
        """Sorted shingle arrays of those of ``ids`` that were signed in this run."""
        if not self.paths:
            return {}
        frame = (
            pl.scan_ipc(self.paths)
            .filter(pl.col("article_id").is_in(ids.implode()))
            .collect(engine="streaming")
        )
        if frame.is_empty():
            return {}
        lengths = frame["shingle"].list.len().to_numpy()
        flat = frame["shingle"].explode().to_numpy().astype(np.uint64, copy=False)
        arrays = np.split(flat, np.cumsum(lengths)[:-1])
        return dict(zip(frame["article_id"].to_list(), arrays, strict=True))


def verified(
    warehouse: Warehouse,
    pairs: pl.DataFrame,
    cfg: DedupConfig,
    normalize: NormalizeConfig,
    store: ShingleStore | None = None,
    chunk: int = 50_000,
) -> pl.DataFrame:
    """True Jaccard similarity of ``pairs`` (``article_a``, ``article_b``), in order.

    Pairs are taken ``chunk`` at a time: the shingle sets of one chunk's articles come
    from ``store`` (articles signed this run) or from one streamed scan of the bodies
    (the others), and are dropped after it, so memory does not grow with the pairs.
    """
    scored = [pl.DataFrame(schema=PAIR_SCHEMA)]
    for offset in range(0, pairs.height, chunk):
        part = pairs.slice(offset, chunk)
        ids = pl.concat([part["article_a"], part["article_b"]]).unique()
        sets = store.sets(ids) if store is not None else {}
        unread = ids.filter(~ids.is_in(pl.Series(list(sets), dtype=pl.String).implode()))
        for shingles in shingles_of(warehouse, unread, cfg, normalize):
            sets |= shingle_sets(shingles)
        scored.append(jaccard(part, sets))
    return pl.concat(scored)


def find_near_duplicates(
    warehouse: Warehouse,
    cfg: DedupConfig,
    run_id: str,
    normalize: NormalizeConfig,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Stage boilerplate, signatures, verified pairs and near-duplicate clusters.

    Memory holds one batch of bodies at a time, plus the shingle sets of the articles
    of one chunk of candidate pairs (:func:`verified`); the sets computed while signing
    wait in a temporary folder beside the warehouse (:class:`ShingleStore`).

    ``progress``, if given, is called with a line to log at each step and every
    100,000 articles signed (a million articles take minutes).

    Returns counts for the run's log: boilerplate paragraphs, articles signed,
    candidate pairs, verified pairs, clustered articles.
    """
    spill = None if warehouse.path == ":memory:" else Path(warehouse.path).resolve().parent
    with tempfile.TemporaryDirectory(prefix="akhbar-shingles-", dir=spill) as folder:
        return _find_near_duplicates(
            warehouse, cfg, run_id, normalize, ShingleStore(Path(folder)), progress or _silent
        )


def _silent(line: str) -> None:
    pass


def _find_near_duplicates(
    warehouse: Warehouse,
    cfg: DedupConfig,
    run_id: str,
    normalize: NormalizeConfig,
    store: ShingleStore,
    progress: Callable[[str], None],
) -> dict[str, int]:
    stamp = pl.lit(run_id).alias("run_id")
    boilerplate = warehouse.frame(load_sql("dedup/boilerplate"), [cfg.boilerplate_min_articles])
    warehouse.stage("boilerplate_paragraphs", boilerplate.with_columns(stamp))

    to_sign = warehouse.frame(load_sql("dedup/articles_to_sign"), [cfg.scheme])["article_id"]
    progress(
        f"near duplicates: {boilerplate.height:,} boilerplate paragraphs; signing "
        f"{len(to_sign):,} articles"
    )
    signed, reported = 0, 0
    for shingles in shingles_of(warehouse, to_sign, cfg, normalize):
        if shingles.is_empty():
            continue
        signed += shingles["article_id"].n_unique()
        if signed - reported >= 100_000:
            progress(f"near duplicates: signed {signed:,} of {len(to_sign):,} articles")
            reported = signed
        store.add(shingles)
        ids, signatures = minhash(shingles, cfg.bands, cfg.rows, cfg.seed)
        bands = band_hashes(ids, signatures, cfg.bands, cfg.rows, cfg.scheme)
        warehouse.stage("dedup_bands", bands.with_columns(stamp))

    candidates = warehouse.frame(load_sql("dedup/near_candidates"), [cfg.scheme, cfg.scheme])
    progress(f"near duplicates: verifying {candidates.height:,} candidate pairs")
    pairs = verified(warehouse, candidates, cfg, normalize, store).filter(
        pl.col("jaccard") >= cfg.threshold
    )
    warehouse.stage("near_duplicate_pairs", pairs.with_columns(stamp))

    progress(f"near duplicates: {pairs.height:,} pairs at Jaccard >= {cfg.threshold}; clustering")
    edges = warehouse.frame(load_sql("dedup/near_edges"))
    clustered = 0
    if edges.height:
        members = pl.concat([edges["article_a"], edges["article_b"]]).unique()
        member_rows = warehouse.batch("dedup/member_rows", members).select(
            "article_id",
            content_hash=pl.lit(None, pl.String),
            published_date="published_date",
            body_chars="body_chars",
        )
        ranked = cluster_canonicals(edges, member_rows)
        to_canonical = verified(
            warehouse,
            ranked.select(article_a="article_id", article_b="canonical_article_id"),
            cfg,
            normalize,
            store,
        )
        clusters = cluster_rows(ranked, to_canonical["jaccard"])
        warehouse.stage("duplicates", clusters.with_columns(stamp))
        clustered = clusters.height
    return {
        "boilerplate_paragraphs": boilerplate.height,
        "articles_signed": len(to_sign),
        "candidate_pairs": candidates.height,
        "verified_pairs": pairs.height,
        "near_duplicate_articles": clustered,
    }


def evaluate(
    warehouse: Warehouse, cfg: DedupConfig, normalize: NormalizeConfig
) -> dict[str, float]:
    """Precision and recall of the published near-duplicate pairs.

    Ground truth is the exact all-pairs similarity join at ``cfg.threshold`` over every
    published article's shingles (see ``tasks.dedup.all_pairs_at_threshold``).
    """
    ids = warehouse.frame(load_sql("dedup/published_article_ids"))["article_id"]
    shingles = pl.concat(
        list(shingles_of(warehouse, ids, cfg, normalize, "dedup/published_bodies_to_shingle"))
    )
    truth = all_pairs_at_threshold(shingles, cfg.threshold)
    predicted = warehouse.frame(load_sql("dedup/published_near_pairs"), [cfg.threshold])
    return {"articles": len(ids)} | pair_precision_recall(predicted, truth)
