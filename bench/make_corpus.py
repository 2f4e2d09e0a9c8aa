"""Build a benchmark corpus of N articles from a real one's paragraphs.

    python bench/make_corpus.py OUT [--articles N] [--format txt|jsonzip] [--seed S]
                                    [--exact-share F] [--near-share F] [--source PATH]

Articles are recombined from the titles and paragraphs of a source corpus:
SaudiNewsNet in ../shared when it is there, else akhbar's example corpus. Each new
article takes a title and 3 to 12 paragraphs at random; a share of them are exact
copies of an earlier article (``--exact-share``, default 0.05) and a share near
copies: an earlier article with one paragraph replaced and a few words dropped
(``--near-share``, default 0.10). Every paragraph of a new article has one word
swapped for a word of another paragraph, so that paragraphs do not recur across a
million articles far more often than news paragraphs do (recurring paragraphs would
all look like an outlet's boilerplate to deduplication). Written as seed-layout
``.txt`` files (10,000 per folder) or as zipped JSON arrays in SaudiNewsNet's shape
(``jsonzip``; 10,000 records per member, 100,000 per zip). Streams: memory does not grow with N.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
import zipfile
from pathlib import Path

from akhbar.tasks.arabic import STANDARD_MONTHS

ROOT = Path(__file__).resolve().parents[1]
SNN = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
OUTLETS = ["akhbar-a", "akhbar-b", "akhbar-c", "akhbar-d", "akhbar-e"]


def source_pool(source: Path | None) -> tuple[list[str], list[str]]:
    """Titles and paragraphs of the source corpus."""
    titles: list[str] = []
    paragraphs: list[str] = []
    if source is None and SNN.is_dir():
        source = SNN
    if source is not None and any(source.glob("*.zip")):
        for archive in sorted(source.glob("*.zip")):
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    if not member.endswith(".json"):
                        continue
                    for record in json.loads(zf.read(member)):
                        if record.get("title"):
                            titles.append(record["title"].strip())
                        for paragraph in (record.get("content") or "").split("\n"):
                            if len(paragraph.strip()) > 40:
                                paragraphs.append(paragraph.strip())
        return titles, paragraphs
    folder = source or ROOT / "examples" / "corpus"
    for path in sorted(folder.rglob("*.txt")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        if not lines:
            continue
        titles.append(lines[0].strip())
        paragraphs += [line.strip() for line in lines[3:] if len(line.strip()) > 40]
    return titles, paragraphs


def articles(
    n: int, titles: list[str], paragraphs: list[str], exact: float, near: float, rng: random.Random
):
    """Yield (kind, title, date, outlet, paragraphs): kind is new, exact or near."""
    recent: list[tuple[str, dt.date, str, list[str]]] = []  # reservoir to copy from
    vocabulary = [w for p in paragraphs[:5000] for w in p.split()]
    start = dt.date(2019, 1, 1)
    for _ in range(n):
        roll = rng.random()
        if recent and roll < exact:
            title, date, _, body = rng.choice(recent)
            yield "exact", title, date, rng.choice(OUTLETS), list(body)
            continue
        if recent and roll < exact + near:
            title, date, outlet, body = rng.choice(recent)
            body = list(body)
            body[rng.randrange(len(body))] = rng.choice(paragraphs)
            words = body[0].split()
            for _ in range(min(3, len(words) // 10)):
                del words[rng.randrange(len(words))]
            body[0] = " ".join(words)
            yield "near", title, date + dt.timedelta(days=rng.randint(0, 2)), outlet, body
            continue
        body = [
            vary(p, vocabulary, rng)
            for p in rng.sample(paragraphs, rng.randint(3, min(12, len(paragraphs))))
        ]
        item = (
            rng.choice(titles),
            start + dt.timedelta(days=rng.randint(0, 1460)),
            rng.choice(OUTLETS),
            body,
        )
        if len(recent) < 10_000:
            recent.append(item)
        else:
            recent[rng.randrange(10_000)] = item
        yield ("new", *item)


def vary(paragraph: str, vocabulary: list[str], rng: random.Random) -> str:
    """The paragraph with one word swapped for a random word of the vocabulary."""
    words = paragraph.split()
    words[rng.randrange(len(words))] = rng.choice(vocabulary)
    return " ".join(words)


def seed_layout(title: str, date: dt.date, body: list[str]) -> str:
    """The seed articles' layout: title, blank, date, UI debris, blank, paragraphs."""
    return "\n".join(
        [
            title,
            "",
            f"{date.day:02d} {STANDARD_MONTHS[date.month - 1]} {date.year}",
            "+ الخط -",
            "",
            *[p + "\n" for p in body],
        ]
    )


def main() -> int:
    """Write the corpus and print what it holds."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="folder to create")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--format", choices=("txt", "jsonzip"), default="jsonzip")
    parser.add_argument("--exact-share", type=float, default=0.05)
    parser.add_argument("--near-share", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=20190213)
    parser.add_argument("--source", type=Path, help="default: SaudiNewsNet, else the examples")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} exists and is not empty")
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    titles, paragraphs = source_pool(args.source)
    if not titles or len(paragraphs) < 12:
        parser.error("the source corpus has too few titles or paragraphs")
    rng = random.Random(args.seed)
    counts = {"new": 0, "exact": 0, "near": 0}
    n_bytes = 0
    records: list[dict] = []
    archive: zipfile.ZipFile | None = None
    for i, (kind, title, date, outlet, body) in enumerate(
        articles(args.articles, titles, paragraphs, args.exact_share, args.near_share, rng)
    ):
        counts[kind] += 1
        if args.format == "txt":
            text = seed_layout(title, date, body)
            folder = args.out / f"{i // 10_000:04d}"
            folder.mkdir(exist_ok=True)
            (folder / f"{i:07d}_{rng.getrandbits(64):016x}.txt").write_text(text, "utf-8")
            n_bytes += len(text.encode())
            continue
        records.append(
            {
                "title": title,
                "date_extracted": f"{date} 10:00:00",
                "source": outlet,
                "url": f"https://example.org/{outlet}/{i}",
                "content": "\n".join(body),
                "author": None,
            }
        )
        if len(records) == 10_000 or i == args.articles - 1:
            if archive is None:
                archive = zipfile.ZipFile(
                    args.out / f"part-{i // 100_000:03d}.zip", "w", zipfile.ZIP_DEFLATED
                )
            data = json.dumps(records, ensure_ascii=False).encode()
            n_bytes += len(data)
            archive.writestr(f"articles-{i // 10_000:05d}.json", data)
            records = []
            if (i + 1) % 100_000 == 0 or i == args.articles - 1:
                archive.close()
                archive = None
        if (i + 1) % 100_000 == 0:
            print(f"  {i + 1:,} articles ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    print(
        f"{args.articles:,} articles in {args.out} ({args.format}, {n_bytes / 1e6:,.0f} MB "
        f"uncompressed): {counts['new']:,} new, {counts['exact']:,} exact copies, "
        f"{counts['near']:,} near copies; {len(titles):,} titles and {len(paragraphs):,} "
        f"paragraphs from the source; {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
