"""Extraction time against body size: a 2 MB body should cost <= 15x a 200 KB one.

    python bench/extract_scaling.py            # news text from ../shared, else the examples
    python bench/extract_scaling.py --no-punctuation

Bodies are built by repeating real article text (SaudiNewsNet from ../shared when it is
there, else the example corpus) up to each size; each size is timed best of 3 after a
warm-up, one core, and the ratio printed beside the size ratio (10x).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract import (
    extract,
    load_lexicon,
)

SHARED = ROOT.parent / "shared" / "corpora" / "saudinewsnet"


def news_text() -> str:
    """Article bodies to repeat: SaudiNewsNet's first day, else the example corpus."""
    if SHARED.is_dir():
        with zipfile.ZipFile(sorted(SHARED.glob("*.zip"))[0]) as archive:
            records = json.loads(archive.read(archive.namelist()[0]))
        return "\n\n".join(r["content"] for r in records if r.get("content"))
    return "\n\n".join(p.read_text("utf-8") for p in (ROOT / "examples" / "corpus").rglob("*.txt"))


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    """Time extraction of one body at each size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-punctuation", action="store_true", help="strip . ، : and newlines")
    parser.add_argument("--sizes", default="200000,2000000")
    args = parser.parse_args()
    text = news_text()
    if args.no_punctuation:
        text = text.translate(str.maketrans({".": " ", "،": " ", ":": " ", "\n": " "}))
    load_lexicon(None, True)
    results = []
    for size in map(int, args.sizes.split(",")):
        body = (text * (size // len(text) + 1))[:size]
        articles = pl.DataFrame(
            {"article_id": ["a"], "body": [body], "published_date": [None]},
            schema_overrides={"published_date": pl.Date},
        )
        extract(articles, ExtractConfig())  # warm-up
        results.append((size, best_of(3, lambda a=articles: extract(a, ExtractConfig()))))
    base_size, base_time = results[0]
    for size, seconds in results:
        print(
            f"{size:>10,} chars  {seconds:7.2f} s  {size / seconds / 1e6:5.2f} M chars/s  "
            f"time x{seconds / base_time:5.1f} for size x{size / base_size:4.1f}"
        )


if __name__ == "__main__":
    main()
