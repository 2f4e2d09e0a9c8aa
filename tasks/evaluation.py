"""Score extraction against hand-annotated gold files (the JSON of ``../shared/gold``).

Pure comparison: the caller runs the pipeline's stages on the gold's articles and hands
over the frames. Each gold article lists entities (``text``, ``type``, ``canonical``),
dates (``value``, ``role``), numbers (``value``, ``qualifier``, ``magnitude``), sources
(``kind``, ``name``) and strings that must not be read as numbers (``not_numbers``).

Matching is per article and forgiving only where the annotation is: canonical names
are compared after folding spelling variants and resolving aliases through the
lexicon (``سورية`` and ``سوريا`` are one country), so a gold entity counts as found
when a predicted mention has its type and canonical name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import polars as pl

from akhbar.tasks.config import ExtractConfig
from akhbar.tasks.extract import fold, strip_diacritics
from akhbar.tasks.scores import Score


def _key(text: str | None) -> str:
    return fold(strip_diacritics(text or "")).replace("ـ", "").strip()


def score_gold(
    gold: list[dict],
    articles: pl.DataFrame,
    entities: pl.DataFrame,
    dates: pl.DataFrame,
    numbers: pl.DataFrame,
    sources: pl.DataFrame,
    canonical: Callable[[str], str] = lambda name: name,
) -> dict[str, Score]:
    """Score every gold article found in ``articles`` (matched by file name).

    Parameters
    ----------
    gold
        The gold file's list of articles.
    articles, entities, dates, numbers, sources
        What the pipeline produced for those articles (``source_uri`` must end with the
        gold's ``file``).
    canonical
        Maps a name to its canonical form (the lexicon's alias resolution), applied to
        gold and predicted canonical names alike.

    Returns
    -------
    dict
        ``Score`` per kind: ``entities``, ``dates``, ``numbers``, ``sources``,
        ``not_numbers`` (recall = share of them not extracted as numbers).
    """
    scores = {k: Score() for k in ("entities", "dates", "numbers", "sources", "not_numbers")}

    def name(text: str | None) -> str:
        return _key(canonical(text)) if text else ""

    for item in gold:
        match = articles.filter(pl.col("source_uri").str.ends_with("/" + item["file"]))
        if match.is_empty():
            raise LookupError(f"gold article {item['file']} is not among the articles")
        article_id, published = match["article_id"][0], match["published_date"][0]

        def mine(frame: pl.DataFrame, article_id: str = article_id) -> pl.DataFrame:
            return frame.filter(pl.col("article_id") == article_id)

        predicted = {(t, name(c)) for t, c in mine(entities).select("type", "canonical").rows()}
        expected = {(e["type"], name(e["canonical"])) for e in item["entities"]}
        _tally(
            scores["entities"],
            [(e["type"], name(e["canonical"])) for e in item["entities"]],
            predicted,
            expected,
        )

        found_dates = Counter(
            (str(v), r) for v, r in mine(dates).select("value", "role").rows() if v is not None
        )
        if published is not None:
            found_dates[(str(published), "published")] += 1
        gold_dates = [(d["value"], d["role"]) for d in item["dates"]]
        _tally(scores["dates"], gold_dates, set(found_dates), set(gold_dates))

        def number_key(value, qualifier, magnitude) -> tuple:
            value = None if value is None else float(value)
            return (value, qualifier, None if magnitude is None else float(magnitude))

        rows = mine(numbers).select("value", "qualifier", "magnitude").rows()
        predicted_numbers = {number_key(*row) for row in rows}
        gold_numbers = [
            number_key(n["value"], n["qualifier"], n.get("magnitude")) for n in item["numbers"]
        ]
        _tally(scores["numbers"], gold_numbers, predicted_numbers, set(gold_numbers))

        _tally_not_numbers(scores["not_numbers"], item, mine(numbers)["text"].to_list())
        _tally_counts(
            scores["sources"],
            Counter(s["kind"] for s in item["sources"]),
            Counter(mine(sources)["kind"].to_list()),
        )
    return scores


def _tally_not_numbers(score: Score, item: dict, texts: list[str]) -> None:
    """Strings the gold says are not numbers (``دير الزور24``): found = not extracted."""
    keys = [_key(t) for t in texts]
    for bad in item.get("not_numbers", []):
        score.gold += 1
        if any(_key(bad) in t or t in _key(bad) for t in keys if t):
            score.missed.append(bad)
        else:
            score.found += 1


def _tally_counts(score: Score, gold: Counter, predicted: Counter) -> None:
    """Score items matched by kind only, as many times as each kind occurs."""
    score.gold += sum(gold.values())
    score.predicted += sum(predicted.values())
    hits = sum((gold & predicted).values())
    score.found += hits
    score.correct += hits
    score.missed += list((gold - predicted).elements())
    score.spurious += list((predicted - gold).elements())


def _tally(score: Score, gold_items: list, predicted: set, expected: set) -> None:
    score.gold += len(gold_items)
    found = [g for g in gold_items if g in predicted]
    score.found += len(found)
    score.missed += [str(g) for g in gold_items if g not in predicted]
    score.predicted += len(predicted)
    score.correct += len(predicted & expected)
    score.spurious += [str(p) for p in sorted(predicted - expected, key=str)]


def evaluate_gold(gold: list[dict], corpus: str | Path, cfg: ExtractConfig) -> dict[str, Score]:
    """Read the annotated articles from ``corpus``, extract, and score against ``gold``."""
    from akhbar.tasks.extract import extract, load_lexicon
    from akhbar.tasks.readers import read_articles

    articles = read_articles(corpus).articles
    annotated = pl.any_horizontal(
        pl.col("source_uri").str.ends_with("/" + item["file"]) for item in gold
    )
    articles = articles.filter(annotated)  # a corpus of 20,000 articles, 13 annotated
    entities, dates, numbers, sources, _ = extract(articles, cfg)
    canonical = load_lexicon(cfg.lexicon_path, cfg.gazetteer_cities).canonical
    return score_gold(gold, articles, entities, dates, numbers, sources, canonical)
