"""Tokenizer throughput on one core: camel-tools and akhbar on the same documents.

    python bench/tokenizer.py [--docs N] [--shared] [--repeat K] [--rss-docs N]

Both sides produce camel-tools' tokens of the normalised body (``arclean``,
dediacritisation, alef, alef maksura, teh marbuta, then ``simple_word_tokenize``):

* camel-tools: the loop a user would write, one document at a time;
* akhbar: ``tasks.tokenize.tokenize`` on the shard, which also returns spans into the
  body and the surface token (a Polars frame);
* akhbar + DuckDB: the same, then the tokens table inserted into DuckDB.

The process is pinned to one CPU and Polars to one thread. Times are the best of
``--repeat`` runs after one warm-up (JIT compile, character table). Documents: the
bodies of SaudiNewsNet records in ../shared (``--shared``), or the example corpus
repeated. The token lists are compared, so a ratio is never reported for different
output. Last, peak RSS of a fresh process tokenizing 1 and then 8 shards of
``--rss-docs`` documents each: memory follows the shard, not the corpus.
"""

from __future__ import annotations

import os

os.environ["POLARS_MAX_THREADS"] = "1"  # before Polars is imported: one core means one

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.tasks.config import NormalizeConfig
from akhbar.tasks.tokenize import char_table, normalizer, tokenize

SNN = ROOT.parent / "shared" / "corpora" / "saudinewsnet"


def shared_bodies(n_docs: int) -> list[str]:
    bodies: list[str] = []
    for archive in sorted(SNN.glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                if member.endswith(".json"):
                    records = json.loads(zf.read(member))
                    bodies += [r["content"] for r in records if r.get("content")]
        if len(bodies) >= n_docs:
            break
    return (bodies * (n_docs // max(len(bodies), 1) + 1))[:n_docs]


def example_bodies(n_docs: int) -> list[str]:
    texts = []
    for path in sorted((ROOT / "examples" / "corpus").rglob("*.txt")):
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
    texts = [t for t in texts if t.strip()]
    return (texts * (n_docs // len(texts) + 1))[:n_docs]


def best_of(repeat: int, fn):
    fn()  # warm-up
    times, out = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return min(times), out


def peak_rss_child(bodies_json: str, n_shards: int) -> None:
    """In a fresh process: tokenize ``n_shards`` shards of the same documents; print RSS."""
    bodies = json.loads(Path(bodies_json).read_text(encoding="utf-8"))
    cfg = NormalizeConfig()
    total = 0
    for shard in range(n_shards):
        articles = pl.DataFrame(
            {"article_id": [f"{shard}-{i}" for i in range(len(bodies))], "body": bodies}
        )
        total += tokenize(articles, cfg).height
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"shards": n_shards, "tokens": total, "peak_rss_mb": rss}))


def peak_rss(bodies: list[str], n_shards: int, scratch: Path) -> dict:
    scratch.write_text(json.dumps(bodies, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, __file__, "--rss-child", str(scratch), str(n_shards)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=3000, help="documents (default 3000)")
    parser.add_argument("--shared", action="store_true", help="SaudiNewsNet from ../shared")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs, best taken")
    parser.add_argument(
        "--rss-docs", type=int, default=2000, help="documents per shard for the RSS figure"
    )
    parser.add_argument("--rss-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        peak_rss_child(args.rss_child[0], int(args.rss_child[1]))
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    import duckdb
    from camel_tools.tokenizers.word import simple_word_tokenize

    if args.shared and not SNN.is_dir():
        parser.error(f"--shared needs {SNN}")
    bodies = shared_bodies(args.docs) if args.shared else example_bodies(args.docs)
    cfg = NormalizeConfig()
    normalize = normalizer(cfg)
    started = time.perf_counter()
    char_table(cfg)
    table_seconds = time.perf_counter() - started
    articles = pl.DataFrame({"article_id": [str(i) for i in range(len(bodies))], "body": bodies})
    n_docs, mb = len(bodies), sum(len(b.encode()) for b in bodies) / 1e6

    camel_s, camel_tokens = best_of(
        args.repeat, lambda: [simple_word_tokenize(normalize(b)) for b in bodies]
    )
    ours_s, tokens = best_of(args.repeat, lambda: tokenize(articles, cfg))

    def to_duckdb():
        con = duckdb.connect()
        con.register("frame", tokenize(articles, cfg))
        con.execute("create table tokens as select * from frame")
        return con.sql("select count(*) from tokens").fetchall()[0][0]

    duck_s, n_loaded = best_of(args.repeat, to_duckdb)

    per_doc = dict(tokens.group_by("article_id").agg("token_norm").iter_rows())
    mismatches = sum(
        list(per_doc.get(str(i), [])) != expected for i, expected in enumerate(camel_tokens)
    )
    source = "SaudiNewsNet bodies" if args.shared else "example corpus, repeated"
    print(f"{n_docs} documents ({source}), {mb:.1f} MB, {tokens.height:,} tokens; one core")
    print(f"mismatching documents (akhbar vs camel-tools): {mismatches}")
    print(f"character table built once in {table_seconds:.2f} s (not in the times below)")
    print(f"{'':<34}{'seconds':>9}{'docs/s':>10}{'MB/s':>9}{'vs camel':>10}")
    for label, seconds in [
        ("camel-tools (normalise+tokenize)", camel_s),
        ("akhbar tokenize (frame + spans)", ours_s),
        ("akhbar tokenize + DuckDB table", duck_s),
    ]:
        print(
            f"{label:<34}{seconds:>9.3f}{n_docs / seconds:>10.0f}{mb / seconds:>9.1f}"
            f"{camel_s / seconds:>9.1f}x"
        )
    assert n_loaded == tokens.height
    if mismatches:
        sys.exit("akhbar and camel-tools disagree: no ratio to report")

    shard = bodies[: args.rss_docs]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "bodies.json"
        one, eight = peak_rss(shard, 1, scratch), peak_rss(shard, 8, scratch)
    growth = eight["peak_rss_mb"] / one["peak_rss_mb"] - 1
    print(
        f"peak RSS, shards of {len(shard)} documents: 1 shard {one['peak_rss_mb']:.0f} MB, "
        f"8 shards {eight['peak_rss_mb']:.0f} MB ({growth:+.1%})"
    )


if __name__ == "__main__":
    main()
