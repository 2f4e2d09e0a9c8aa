"""Write a corpus's articles out as seed-layout text files (one per article).

    python scripts/to_seed_layout.py ../shared/corpora/saudinewsnet /tmp/snn-seed
    python scripts/to_seed_layout.py ../shared/corpora/saudinewsnet /tmp/snn-bare --no-font-buttons
    python scripts/to_seed_layout.py CORPUS OUT --caption "صورة أرشيفية (واس)"

Each file is ``<n>_<article_id>.txt`` (so a run over the folder keeps the ids): title,
blank line, date line, optional caption, optional font buttons, then the byline's
parts and the body's lines, each a paragraph. ``akhbar run OUT`` then reads the same
titles, dates, bylines and bodies as ``akhbar run CORPUS`` (tests/tasks/test_layout.py
checks that for every SaudiNewsNet article).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from akhbar.tasks.config import IngestConfig, ReadConfig
from akhbar.tasks.ingest import ingest
from akhbar.tasks.ingest.bylines import CREDIT_PARAGRAPH
from akhbar.tasks.ingest.layout import to_seed_layout
from akhbar.tasks.readers import iter_shards


def paragraphs(byline: str | None, body: str) -> list[str]:
    """The body's lines as paragraphs, the byline's parts where they stood."""
    parts = byline.split("\n") if byline else []
    credits = [p for p in parts if re.search(CREDIT_PARAGRAPH, "x\n\n" + p)]
    leading = [p for p in parts if p not in credits]
    return leading + [line for line in body.split("\n") if line] + credits


def main() -> None:
    """Convert INPUT's articles into OUT/."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--caption", help="a caption line for every article")
    parser.add_argument("--no-font-buttons", action="store_true", help="no '+ الخط -' line")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    for units in iter_shards(args.input, ReadConfig(), IngestConfig(), 5000):
        articles = ingest(units, IngestConfig()).articles
        rows = articles.select("article_id", "title", "byline", "body", "published_date")
        for article_id, title, byline, body, day in rows.iter_rows():
            if not title or "\n" in title:
                continue
            text = to_seed_layout(
                title, paragraphs(byline, body), day, args.caption, not args.no_font_buttons
            )
            (args.out / f"{n:06d}_{article_id}.txt").write_text(text, encoding="utf-8")
            n += 1
    print(f"wrote {n} seed-layout files to {args.out}")


if __name__ == "__main__":
    main()
