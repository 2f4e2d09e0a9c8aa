"""``akhbar eval`` and ``akhbar ner``: a stage's quality, and training a tagger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from akhbar.flows.config import PipelineConfig
from akhbar.tasks.config import ExtractConfig


def register(commands, warehouse: argparse.ArgumentParser, settings) -> None:
    """Add ``eval`` (dedup, gold, ner) and ``ner train``."""
    evaluate = commands.add_parser(
        "eval",
        help="measure a stage's quality on a warehouse",
        description="Evaluate a stage against ground truth computed here.",
    )
    targets = evaluate.add_subparsers(dest="target", required=True, metavar="TARGET")
    dedup = targets.add_parser(
        "dedup",
        parents=[warehouse],
        help="precision and recall of near-duplicate pairs",
        description="Compare the published near-duplicate pairs with the exact all-pairs "
        "Jaccard join (prefix filtering: every pair at or above the threshold, as brute force "
        "would find) over every published article, with the shingles of the latest run's "
        "configuration.",
    )
    dedup.add_argument("--threshold", type=float, help="default: the latest run's threshold")
    gold = targets.add_parser(
        "gold",
        help="extraction against a hand-annotated gold file",
        description="Run ingest and extract on the articles a gold file annotates (JSON: "
        "entities, dates, numbers, sources per article, as ../shared/gold/seeds.json) and "
        "print recall and precision: entities by type and canonical name, dates by value, "
        "numbers by value, qualifier and magnitude, sources by kind.",
    )
    gold.add_argument("gold", type=Path, metavar="GOLD", help="the gold JSON file")
    gold.add_argument(
        "--corpus",
        type=Path,
        help="folder with the annotated files (default: ../corpora/seeds beside GOLD's folder)",
    )
    gold.add_argument("--lexicon", metavar="TSV", help="entity lexicon instead of the packaged one")
    gold.add_argument("--show", action="store_true", help="list what was missed and spurious")
    ner_eval = targets.add_parser(
        "ner",
        help="named-entity tagging against BIO data (CoNLL scoring)",
        description="Tag the sentences of a BIO file (token TAG per line, blank line "
        "between sentences, as ANERcorp) and print precision, recall and F1 per type: an "
        "entity counts when its type and exact token span match. With --folds K, "
        "K-fold cross-validation: a CRF trained on K-1 folds and the default backend, "
        "scored on the same held-out fold each time.",
    )
    ner_eval.add_argument("--conll", type=Path, required=True, metavar="FILE")
    ner_eval.add_argument("--backend", choices=("default", "crf", "camel"), default="default")
    ner_eval.add_argument("--model", help="CRF model file or camel-tools NER model folder")
    ner_eval.add_argument("--folds", type=int, metavar="K", help="cross-validate a CRF")
    ner_eval.add_argument("--iterations", type=int, default=150, help="CRF training iterations")
    ner_eval.add_argument(
        "--clusters",
        type=Path,
        metavar="TSV",
        help="with --folds: also cross-validate a CRF with these word clusters as features "
        "(akhbar ner clusters makes them)",
    )
    ner = commands.add_parser(
        "ner",
        help="train a named-entity tagger",
        description="Train a CRF on BIO data (token TAG per line; ANERcorp's layout) "
        "with word, clitic, gazetteer and trigger-word features. Use the model with "
        "`akhbar run --ner-backend crf --ner-model PATH` or `akhbar eval ner`. Do not "
        "commit models trained on data whose licence forbids it.",
    )
    ner_commands = ner.add_subparsers(dest="ner_command", required=True, metavar="ACTION")
    train = ner_commands.add_parser("train", help="train a CRF and write it to --model")
    train.add_argument("--conll", type=Path, required=True, metavar="FILE")
    train.add_argument("--model", type=Path, required=True, metavar="PATH")
    train.add_argument("--iterations", type=int, default=150)
    train.add_argument(
        "--clusters",
        type=Path,
        metavar="TSV",
        help="word clusters as features (akhbar ner clusters); kept beside the model",
    )
    clusters = ner_commands.add_parser(
        "clusters",
        help="word clusters from your own unlabelled corpus, as CRF features",
        description="Read a corpus as `akhbar run` does (any format it takes), and group "
        "its frequent words by the words around them: positive PMI with the most frequent "
        "context words, a truncated SVD, then k-means at 64, 256 and 1,024 clusters. "
        "Writes a TSV (word, c64, c256, c1024) for `akhbar ner train --clusters` and "
        "`akhbar eval ner --folds K --clusters`. Names of persons, places and "
        "organisations share contexts, so a name the training data never had can still "
        "fall into a names' cluster. About a minute for 23,000 news articles.",
    )
    clusters.add_argument("corpus", type=Path, help="folder or file of unlabelled articles")
    clusters.add_argument(
        "--out", type=Path, required=True, metavar="TSV", help="the clusters file to write"
    )
    clusters.add_argument(
        "--vocabulary",
        type=int,
        default=40_000,
        metavar="N",
        help="how many of the most frequent words to cluster (default 40,000)",
    )
    evaluate.set_defaults(handler=_eval)
    ner.set_defaults(handler=_ner)


def _eval(args: argparse.Namespace) -> int:
    if args.target == "gold":
        return _eval_gold(args)
    if args.target == "ner":
        return _eval_ner(args)
    import time

    from akhbar.warehouse.neardup import evaluate
    from akhbar.warehouse.store import Warehouse

    with Warehouse(args.warehouse, read_only=True) as warehouse:
        latest = warehouse.latest_config()
        if latest is None:
            print("akhbar: no published run in this warehouse", file=sys.stderr)
            return 2
        run_config = PipelineConfig.model_validate(latest)
        cfg = run_config.dedup
        if args.threshold is not None:
            cfg = cfg.model_copy(update={"threshold": args.threshold})
        started = time.perf_counter()
        result = evaluate(warehouse, cfg, run_config.normalize)
    print(
        f"near-duplicate pairs at Jaccard >= {cfg.threshold} ({cfg.scheme}), "
        f"{result['articles']} articles, {time.perf_counter() - started:.1f} s"
    )
    print(f"  exact all-pairs join: {result['truth']} pairs")
    print(
        f"  akhbar (MinHash LSH + verification): {result['predicted']} pairs, "
        f"{result['true_positives']} correct"
    )
    print(f"  precision {result['precision']:.4f}  recall {result['recall']:.4f}")
    return 0


def _eval_gold(args: argparse.Namespace) -> int:
    import json

    from akhbar.tasks.evaluation import evaluate_gold

    if not args.gold.is_file():
        print(f"akhbar: gold file not found: {args.gold}", file=sys.stderr)
        return 2
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    corpus = args.corpus or args.gold.resolve().parent.parent / "corpora" / "seeds"
    if not corpus.is_dir():
        print(f"akhbar: corpus folder not found: {corpus} (use --corpus)", file=sys.stderr)
        return 2
    scores = evaluate_gold(gold, corpus, ExtractConfig(lexicon_path=args.lexicon))
    print(f"{len(gold)} gold articles from {args.gold}")
    print(f"{'':<12}{'gold':>6}{'found':>7}{'recall':>8}{'predicted':>11}{'precision':>11}")
    for kind, score in scores.items():
        print(
            f"{kind:<12}{score.gold:>6}{score.found:>7}{score.recall:>8.2f}"
            f"{score.predicted:>11}{score.precision:>11.2f}"
        )
        if args.show:
            for missed in score.missed:
                print(f"    missed:   {missed}")
            for spurious in score.spurious:
                print(f"    spurious: {spurious}")
    return 0


def _print_ner_scores(title: str, scores: dict) -> None:
    print(title)
    print(f"  {'type':<6}{'gold':>7}{'predicted':>11}{'precision':>11}{'recall':>8}{'F1':>7}")
    for kind in sorted(scores, key=lambda k: (k == "ALL", k)):
        s = scores[kind]
        print(
            f"  {kind:<6}{s.gold:>7}{s.predicted:>11}{s.precision:>11.3f}{s.recall:>8.3f}"
            f"{s.f1:>7.3f}"
        )


def _read_bio(path: Path) -> list | None:
    """The sentences of a BIO file, or None after saying it is missing."""
    from akhbar.tasks.extract.ner import read_conll

    if not path.is_file():
        print(f"akhbar: BIO file not found: {path}", file=sys.stderr)
        return None
    return read_conll(path)


def _eval_ner(args: argparse.Namespace) -> int:
    import tempfile
    import time

    from akhbar.tasks.extract.ner import cross_validate, score, tagger

    sentences = _read_bio(args.conll)
    if sentences is None:
        return 2
    n_tokens = sum(len(s) for s in sentences)
    print(f"{len(sentences):,} sentences, {n_tokens:,} tokens from {args.conll}")
    started = time.perf_counter()
    if args.folds:
        with tempfile.TemporaryDirectory() as work:
            totals = cross_validate(
                sentences, args.folds, Path(work), args.iterations, args.clusters
            )
        for name, scores in totals.items():
            _print_ner_scores(f"{name} ({args.folds}-fold cross-validation, summed)", scores)
    else:
        try:
            backend = tagger(args.backend, args.model)
        except (ValueError, FileNotFoundError) as exc:
            print(f"akhbar: {exc}", file=sys.stderr)
            return 2
        gold = [[tag for _, tag in s] for s in sentences]
        predicted = backend.tag([[t for t, _ in s] for s in sentences])
        _print_ner_scores(f"{args.backend} backend", score(gold, predicted))
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


def _ner(args: argparse.Namespace) -> int:
    import time

    from akhbar.tasks.extract.ner import train_crf

    if args.ner_command == "clusters":
        return _clusters(args)
    sentences = _read_bio(args.conll)
    if sentences is None:
        return 2
    started = time.perf_counter()
    path = train_crf(sentences, args.model, iterations=args.iterations, clusters=args.clusters)
    print(
        f"CRF trained on {len(sentences):,} sentences in {time.perf_counter() - started:.0f} s: "
        f"{path}"
    )
    return 0


def _clusters(args: argparse.Namespace) -> int:
    import time

    from akhbar.tasks.extract.clusters import ClusterConfig, word_clusters
    from akhbar.tasks.extract.ner import sentence_spans
    from akhbar.tasks.readers import read_articles

    if not args.corpus.exists():
        print(f"akhbar: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    bodies = read_articles(args.corpus).articles["body"].to_list()
    sentences = [[body[s:e] for s, e in spans] for body in bodies for spans in sentence_spans(body)]
    n_tokens = sum(len(s) for s in sentences)
    took = time.perf_counter() - started
    print(f"{len(bodies):,} articles, {n_tokens:,} tokens read in {took:.0f} s")
    clusters = word_clusters(sentences, ClusterConfig(vocabulary=args.vocabulary))
    if clusters.is_empty():
        print("akhbar: too few words repeat in this corpus to cluster them", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    clusters.write_csv(args.out, separator="\t", quote_style="never")
    print(
        f"{clusters.height:,} words clustered in {time.perf_counter() - started:.0f} s: {args.out}"
    )
    return 0
