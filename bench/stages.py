"""Per-stage throughput on one machine, with baselines measured in the same run.

    python bench/stages.py [--docs N] [--shared] [--one-core]

Documents: the example corpus repeated to N documents (default), or with --shared
the SaudiNewsNet articles in ../shared laid out as seed-style files. Each stage runs
on the same shard; the tokenizer is compared with the plain camel-tools loop a user
would write (normalise each body, then ``simple_word_tokenize``), one document at a
time. Each figure is the best of ``--repeat`` runs after a warm-up run: steady state,
as from the second shard of a run on. ``--one-core`` pins the process to one CPU and
Polars to one thread.
"""

from __future__ import annotations

import os
import sys

if "--one-core" in sys.argv:  # before Polars is imported
    os.environ["POLARS_MAX_THREADS"] = "1"
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse
import resource
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.tasks.config import ExtractConfig, IngestConfig, NormalizeConfig, ReadConfig
from akhbar.tasks.dedup import content_hashes, exact_duplicates
from akhbar.tasks.extract import (
    Names,
    extract,
    extract_dates,
    extract_numbers,
    extract_sources,
    load_lexicon,
    with_folds,
)
from akhbar.tasks.extract.entities import entity_frames
from akhbar.tasks.ingest import ingest
from akhbar.tasks.readers import iter_shards
from akhbar.tasks.tokenize import normalizer, tokenize
from akhbar.warehouse.store import Warehouse


def example_raw(n_docs: int) -> pl.DataFrame:
    (units,) = iter_shards(ROOT / "examples" / "corpus", ReadConfig(), IngestConfig(), 10_000)
    copies = pl.concat([units] * (n_docs // units.height + 1)).head(n_docs)
    # new names and sources, so that the copies are distinct input units
    return copies.with_columns(
        file_name=pl.format("{}_{}", pl.int_range(pl.len()), pl.col("file_name")),
        source_uri=pl.format("bench://{}", pl.int_range(pl.len())),
    )


def shared_raw(n_docs: int) -> pl.DataFrame:
    folder = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
    shards = iter_shards(folder, ReadConfig(preset="saudinewsnet"), IngestConfig(), n_docs)
    return next(shards)


REPEAT = 3


def timed(label, fn, n_docs, n_bytes, results):
    """Best of ``REPEAT`` runs after a warm-up run (caches, compiled code, tables)."""
    out = fn()
    best = float("inf")
    for _ in range(REPEAT):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    results.append((label, best, n_docs / best, n_bytes / best / 1e6))
    return out


def extract_parts(articles: pl.DataFrame, n: int, n_body: int, results: list) -> None:
    """Extraction's parts one by one (entities: gazetteer matching, rules and names)."""
    folded = with_folds(articles)
    cfg = ExtractConfig()
    entities, _ = timed(
        "  extract: entities (match, rules, names)",
        lambda: entity_frames(folded, cfg, Names.of([])),
        n,
        n_body,
        results,
    )
    dates = timed("  extract: dates", lambda: extract_dates(folded), n, n_body, results)
    timed("  extract: numbers", lambda: extract_numbers(folded, dates), n, n_body, results)
    timed("  extract: sources", lambda: extract_sources(folded, entities), n, n_body, results)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--shared", action="store_true", help="use SaudiNewsNet from ../shared")
    parser.add_argument("--one-core", action="store_true", help="one CPU, one Polars thread")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per stage, best taken")
    args = parser.parse_args()
    global REPEAT
    REPEAT = args.repeat

    raw = shared_raw(args.docs) if args.shared else example_raw(args.docs)
    norm = NormalizeConfig()
    normalize = normalizer(norm)
    from camel_tools.tokenizers.word import simple_word_tokenize

    results = []
    n_raw = sum(len(b) for b in raw["raw"] if b)
    articles, _, _ = timed(
        "ingest (decode + parse)", lambda: ingest(raw, IngestConfig()), raw.height, n_raw, results
    )
    n, n_body = articles.height, articles["body"].str.len_bytes().sum()
    bodies = articles["body"].to_list()

    def camel_baseline():
        return [simple_word_tokenize(normalize(body)) for body in bodies]

    timed("baseline: camel-tools per document", camel_baseline, n, n_body, results)
    tokens = timed(
        "tokenize (tokens + offsets + token_norm)",
        lambda: tokenize(articles, norm),
        n,
        n_body,
        results,
    )
    load_lexicon(None, True)  # the gazetteer is built once per process, not per shard
    timed(
        "extract (entities, dates, numbers, sources)",
        lambda: extract(articles, ExtractConfig()),
        n,
        n_body,
        results,
    )
    extract_parts(articles, n, n_body, results)
    hashed = timed("hash-content", lambda: content_hashes(articles, tokens), n, n_body, results)
    members = articles.join(hashed, on="article_id").select(
        "article_id",
        "content_hash",
        "published_date",
        pl.col("body").str.len_chars().cast(pl.Int64).alias("body_chars"),
    )
    timed("exact dedup (cluster)", lambda: exact_duplicates(members), n, n_body, results)
    with Warehouse(":memory:") as warehouse:
        warehouse.begin_run("bench", "bench://", {})
        staged = articles.join(hashed, on="article_id").with_columns(run_id=pl.lit("bench"))
        timed(
            "stage articles + tokens into DuckDB",
            lambda: (
                warehouse.stage("articles", staged),
                warehouse.stage("tokens", tokens.with_columns(run_id=pl.lit("bench"))),
            ),
            n,
            n_body,
            results,
        )

    print(f"{raw.height} inputs ({n_raw / 1e6:.1f} MB), {n} articles, {tokens.height} tokens")
    print(f"{'stage':<46}{'seconds':>9}{'docs/s':>10}{'MB/s':>8}")
    for label, seconds, docs_s, mb_s in results:
        print(f"{label:<46}{seconds:>9.2f}{docs_s:>10.0f}{mb_s:>8.2f}")
    baseline = next(r for r in results if r[0].startswith("baseline"))[1]
    ours = next(r for r in results if r[0].startswith("tokenize"))[1]
    print(f"tokenize vs camel-tools baseline: {baseline / ours:.2f}x")
    extracted = next(r for r in results if r[0].startswith("extract ("))[1]
    print(f"extract vs camel-tools baseline: {baseline / extracted:.2f}x")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
