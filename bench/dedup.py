"""MinHash signature throughput: akhbar against datasketch, same documents, same run.

    pip install -e '.[bench]'
    python bench/dedup.py [--docs N] [--shared]

Both start from the same normalised word tokens and produce 100-permutation MinHash
signatures of word 5-gram shingles: datasketch the way its documentation shows (a
``MinHash`` per document, ``update_batch`` with the shingles' bytes), akhbar with its
vectorised numpy signatures. Then the signature stage's peak RSS for 1 shard and for 8
shards of the same size, each in a fresh process: flat memory means the two match.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.tasks.config import DedupConfig, NormalizeConfig
from akhbar.tasks.dedup import PUNCT_OR_SYMBOL, shingle_arrays, signatures_of
from akhbar.tasks.readers import read_articles
from akhbar.tasks.tokenize import tokenize

CFG = DedupConfig()


def bodies(n_docs: int, shared: bool) -> pl.DataFrame:
    if shared:
        rows = []
        for archive in sorted((ROOT.parent / "shared" / "corpora" / "saudinewsnet").glob("*.zip")):
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    rows += [
                        r["content"] for r in json.loads(zf.read(member)) if r["content"].strip()
                    ]
            if len(rows) >= n_docs:
                break
        texts = rows[:n_docs]
    else:
        articles = read_articles(ROOT / "examples" / "corpus").articles
        texts = (articles["body"].to_list() * (n_docs // articles.height + 1))[:n_docs]
    return pl.DataFrame({"article_id": [f"d{i:07d}" for i in range(len(texts))], "body": texts})


def words(articles: pl.DataFrame) -> pl.DataFrame:
    tokens = tokenize(articles, NormalizeConfig())
    return tokens.filter(
        (pl.col("token_norm") != "") & ~pl.col("token_norm").str.contains(PUNCT_OR_SYMBOL)
    ).select("article_id", "token_norm")


def akhbar_signatures(tokens: pl.DataFrame):
    _, offsets, shingles = shingle_arrays(tokens, CFG.ngram)
    return signatures_of(offsets, shingles, CFG.bands, CFG.rows, CFG.seed)


def datasketch_signatures(tokens: pl.DataFrame):
    from datasketch import MinHash

    signatures = []
    for (_,), group in tokens.group_by("article_id", maintain_order=True):
        seq = group["token_norm"].to_list()
        n = min(CFG.ngram, len(seq))
        shingles = {" ".join(seq[i : i + n]) for i in range(len(seq) - n + 1)}
        sketch = MinHash(num_perm=CFG.bands * CFG.rows)
        sketch.update_batch([s.encode() for s in shingles])
        signatures.append(sketch.hashvalues)
    return signatures


def rss_run(n_shards: int, shard_docs: int, shared: bool) -> None:
    """Child process: sign ``n_shards`` shards one after another, print peak RSS in MB."""
    tokens = words(bodies(shard_docs, shared))
    for _ in range(n_shards):
        akhbar_signatures(tokens)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--shared", action="store_true", help="SaudiNewsNet bodies from ../shared")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs each")
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_run(args.rss_child, args.docs, args.shared)
        return

    articles = bodies(args.docs, args.shared)
    tokens = words(articles)
    mb = articles["body"].str.len_bytes().sum() / 1e6
    timings = {}
    for name, fn in (("datasketch", datasketch_signatures), ("akhbar", akhbar_signatures)):
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            fn(tokens)
            runs.append(time.perf_counter() - started)
        timings[name] = min(runs)
    print(
        f"{articles.height} documents, {mb:.1f} MB of body text, {tokens.height} word tokens, "
        f"num_perm {CFG.bands * CFG.rows}, word {CFG.ngram}-grams, "
        f"best of {args.repeat}"
    )
    for name, seconds in timings.items():
        rate = f"{articles.height / seconds:9.0f} docs/s  {mb / seconds:7.2f} MB/s"
        print(f"  {name:<11} {seconds:7.2f} s  {rate}")
    print(f"  akhbar / datasketch: {timings['datasketch'] / timings['akhbar']:.1f}x")
    shard_docs = max(args.docs // 8, 1)
    peaks = {}
    for shards in (1, 8):
        command = [sys.executable, __file__, "--rss-child", str(shards), "--docs", str(shard_docs)]
        command += ["--shared"] if args.shared else []
        peaks[shards] = float(
            subprocess.run(command, capture_output=True, text=True, check=True).stdout
        )
    print(
        f"signature stage peak RSS, shards of {shard_docs} documents: 1 shard {peaks[1]:.0f} MB, "
        f"8 shards {peaks[8]:.0f} MB ({peaks[8] / peaks[1] - 1:+.1%})"
    )


if __name__ == "__main__":
    main()
