"""The ``akhbar`` command line: the entrypoint that resolves configuration once."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

import polars as pl

from akhbar import __version__
from akhbar.config import (
    DEFAULT_EXCLUDES,
    FIELD_PRESETS,
    INPUT_FORMATS,
    NER_BACKENDS,
    RECORD_FIELDS,
    TOKEN_STORAGE,
    TOKENIZERS,
    ExtractConfig,
    GateConfig,
    NormalizeConfig,
    PipelineConfig,
    ReadConfig,
    Settings,
    TokenizeConfig,
)

DESCRIPTION = """\
akhbar turns raw Arabic news articles into a validated, deduplicated DuckDB warehouse.

Each run reads a folder of scraped articles (one .txt per article: title, blank line,
an Arabic date line such as "13 فبراير 2019", an optional caption, then paragraphs;
UTF-8 or Windows-1256), or records in JSON, JSONL, CSV, Parquet or TREC XML, also
inside zip/tar/gz archives; then, as a Prefect flow:
  ingest -> tokenize (camel-tools) -> extract -> deduplicate -> load -> validate (GX)
and publishes the run into the warehouse only if its critical expectations pass.
Inputs that cannot be read are kept in the `quarantine` table with a reason.
"""

EPILOG = """\
examples:
  akhbar run examples/corpus                     build ./akhbar.duckdb from the example corpus
  akhbar run ~/scrapes --warehouse news.duckdb   add a corpus to another warehouse
  akhbar validate --warehouse news.duckdb        re-check a warehouse (exit 1 = critical failure)
  akhbar run corpus.zip --preset saudinewsnet    JSON records inside zip archives
  akhbar run dump.jsonl --field body=text        map record keys to akhbar fields
  akhbar info                                    list tables and row counts
  akhbar info --reconcile                        inputs = articles + quarantined, per run
  akhbar eval dedup                              near-duplicate precision and recall
  akhbar report --out report.html                charts of the warehouse, one HTML file
  akhbar serve --input ~/scrapes                 start runs from the Prefect UI
  akhbar sql "select canonical, count(*) from entities group by 1 order by 2 desc"

environment: AKHBAR_WAREHOUSE and AKHBAR_SHARD_SIZE set the defaults of --warehouse and
--shard-size. Runs appear in the Prefect UI when PREFECT_API_URL points at a server
(`prefect server start`); without one, Prefect runs in ephemeral mode.
"""


def _field(model, name: str) -> dict:
    """An option's default and help, read from the config field it sets (one source)."""
    field = model.model_fields[name]
    text = (field.description or "").replace("`", "").replace("%", "%%")
    return {"default": field.default, "help": text.rstrip(".")}


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Defaults in the help, but not for on/off flags (``--no-dediac (default: True)``)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        if action.nargs == 0 or action.default in (None, [], argparse.SUPPRESS):
            return action.help or ""
        return super()._get_help_string(action)


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="akhbar",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"akhbar {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    warehouse = argparse.ArgumentParser(add_help=False)
    warehouse.add_argument(
        "--warehouse",
        type=Path,
        default=settings.warehouse,
        metavar="PATH",
        help=f"DuckDB file (default: {settings.warehouse}; env AKHBAR_WAREHOUSE)",
    )

    run = commands.add_parser(
        "run",
        parents=[warehouse],
        help="run the pipeline on a folder of articles",
        description="Ingest, tokenize, extract, deduplicate, load and validate INPUT. "
        "Running the same input again replaces what it loaded before: row counts do not grow.",
        formatter_class=_HelpFormatter,
    )
    run.add_argument(
        "input", type=Path, metavar="INPUT", help="folder (searched recursively) or file"
    )
    run.add_argument(
        "--shard-size",
        type=int,
        default=settings.shard_size,
        metavar="N",
        help="documents per Prefect task run (env AKHBAR_SHARD_SIZE)",
    )
    norm = run.add_argument_group("normalisation of token_norm and dedup keys (camel-tools)")
    for name, what in [
        ("arclean", "arclean character clean-up"),
        ("dediac", "removing diacritics"),
        ("alef", "alef/hamza folding (أ إ آ -> ا)"),
        ("alef-maksura", "alef maksura folding (ى -> ي)"),
        ("teh-marbuta", "teh marbuta folding (ة -> ه)"),
    ]:
        norm.add_argument(
            f"--no-{name}", dest=name.replace("-", "_"), action="store_false", help=f"skip {what}"
        )
    scale = run.add_argument_group(
        "execution",
        "Shards run on Prefect's thread pool by default. With --task-runner dask they run "
        "on a Dask cluster: the one at --dask-address, or a LocalCluster of --dask-workers "
        "processes with one thread each (Polars and the tokenizer kernel use one core per "
        "worker, so workers x threads should not exceed the cores).",
    )
    scale.add_argument(
        "--task-runner",
        choices=("threads", "dask"),
        default="threads",
        help="threads: Prefect's thread pool in this process (the faster choice on one "
        "machine); dask: a Dask cluster",
    )
    scale.add_argument("--dask-address", metavar="tcp://HOST:PORT", help="an existing scheduler")
    scale.add_argument(
        "--dask-workers", type=int, default=2, metavar="N", help="LocalCluster worker processes"
    )
    scale.add_argument(
        "--extract-processes",
        type=int,
        metavar="N",
        help="worker processes for extraction, the stage that holds Python's GIL longest "
        "(default: one per core for inputs of 50 MB or more, else none; 0 under Dask, "
        "whose workers are processes already)",
    )
    scale.add_argument("--memory-limit", metavar="SIZE", **_field(PipelineConfig, "memory_limit"))
    scale.add_argument(
        "--shards-in-flight",
        type=int,
        metavar="N",
        help="shards processed at once (default: 2, or 2 per Dask worker); memory grows with it",
    )
    tok = run.add_argument_group("tokenisation and morphology")
    tok.add_argument("--tokenizer", choices=TOKENIZERS, **_field(TokenizeConfig, "tokenizer"))
    tok.add_argument(
        "--tokens", dest="tokens", choices=TOKEN_STORAGE, **_field(TokenizeConfig, "store")
    )
    tok.add_argument(
        "--morphology", metavar="auto|none|PATH", **_field(TokenizeConfig, "morphology")
    )
    run.add_argument(
        "--lexicon", metavar="TSV", help="entity lexicon: surface<TAB>type<TAB>canonical"
    )
    run.add_argument("--ner-backend", choices=NER_BACKENDS, **_field(ExtractConfig, "ner_backend"))
    run.add_argument("--ner-model", metavar="PATH", help="model for --ner-backend crf|camel")
    run.add_argument(
        "--gate",
        action="append",
        default=[],
        metavar="CHECK=VALUE",
        help="relax or tighten a corpus check that fails a run which read its corpus wrongly "
        "(repeatable; 1 turns a check off): "
        + ", ".join(f"{name}={f.default}" for name, f in GateConfig.model_fields.items()),
    )
    records = run.add_argument_group(
        "input formats",
        "Files are read by extension and content: seed-layout .txt, JSON arrays, JSONL, CSV, "
        "Parquet and TREC-style XML, also inside .zip, .tar, .tar.gz and .gz archives.",
    )
    records.add_argument(
        "--format", choices=INPUT_FORMATS, default="auto", help="read every file as this format"
    )
    records.add_argument(
        "--preset",
        choices=sorted(FIELD_PRESETS),
        default="auto",
        help="field mapping for records (auto tries common key names)",
    )
    records.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files matching GLOB (the file name, or the path below INPUT if GLOB has "
        "a /; case-insensitive; repeatable). Always skipped unless --no-default-excludes: "
        + ", ".join(DEFAULT_EXCLUDES),
    )
    records.add_argument(
        "--no-default-excludes",
        action="store_true",
        help="read README, LICENSE, COPYING, NOTICE and hidden files too",
    )
    records.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read symbolic links that point inside INPUT (never outside it); by default a "
        "link is quarantined as symlink_not_followed",
    )
    records.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME=KEY",
        help=f"map an akhbar field ({', '.join(RECORD_FIELDS)}) to a record key, e.g. "
        "--field body=content --field published=date_extracted (repeatable)",
    )

    validate = commands.add_parser(
        "validate",
        parents=[warehouse],
        help="run the Great Expectations suites on a warehouse (for CI)",
        description="Validate the published tables through GX checkpoints. Prints every "
        "expectation that did not pass; exits 1 if a critical one failed or errored, 0 "
        "otherwise. Results and Data Docs go to the GX project beside the warehouse "
        "(<name>-gx/; open gx/uncommitted/data_docs/local_site/index.html).",
    )
    validate.add_argument(
        "--no-data-docs", action="store_true", help="write nothing, only print and exit"
    )
    info = commands.add_parser(
        "info", parents=[warehouse], help="list tables, row counts and recent runs"
    )
    info.add_argument(
        "--reconcile",
        action="store_true",
        help="check every run: inputs read = articles + quarantined (exit 1 if not)",
    )
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
    serve = commands.add_parser(
        "serve",
        parents=[warehouse],
        help="serve the flow so that runs can be started from the Prefect UI",
        description="Register the akhbar-run flow as a deployment on the Prefect server named "
        "by PREFECT_API_URL and run what the UI starts (Deployments > akhbar > Run), until "
        "interrupted. The run form is prefilled with --input and --warehouse.",
    )
    serve.add_argument("--input", type=Path, metavar="INPUT", help="default input of the run form")
    serve.add_argument("--name", default="akhbar", help="deployment name (default: akhbar)")
    commands.add_parser(
        "migrate",
        parents=[warehouse],
        help="bring a warehouse's schema up to this version",
        description="Apply the schema migrations this warehouse has not applied yet "
        "(`akhbar run` does this too). Safe to run again.",
    )
    report = commands.add_parser(
        "report",
        parents=[warehouse],
        help="write a self-contained HTML report with charts",
        description="Write an HTML page (charts included, opens offline) with articles per "
        "day by outlet, top entities over time, duplicate-cluster sizes, quarantine reasons "
        "and validation history.",
    )
    report.add_argument(
        "--out", type=Path, metavar="HTML", help="default: <warehouse>-report.html beside it"
    )
    sql = commands.add_parser(
        "sql",
        parents=[warehouse],
        help="run a read-only SQL query on the warehouse",
        description="Run QUERY (DuckDB SQL: SELECT, EXPLAIN or PRAGMA) on the warehouse and "
        "print the result as a table. The warehouse is opened read-only with no access to "
        "other files, extensions or settings: COPY, EXPORT, ATTACH, INSTALL, SET and "
        "read_csv('/any/file') are refused.",
    )
    sql.add_argument("query", metavar="QUERY")
    sql.add_argument("--max-rows", type=int, default=40, metavar="N", help="rows to print")
    return parser


def _pairs(option: str, values: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict; ValueError names the bad one."""
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise ValueError(f"{option} takes NAME=VALUE, got {value!r}")
        pairs[name] = rest
    return pairs


def _run(args: argparse.Namespace) -> int:
    if not args.input.exists():
        print(f"akhbar: input not found: {args.input}", file=sys.stderr)
        return 2
    try:
        fields = _pairs("--field", args.field)
        excludes = (() if args.no_default_excludes else DEFAULT_EXCLUDES) + tuple(args.exclude)
        read = ReadConfig(
            format=args.format,
            preset=args.preset,
            fields=fields,
            exclude=excludes,
            follow_symlinks=args.follow_symlinks,
        )
        gate = GateConfig(**_pairs("--gate", args.gate))
    except ValueError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    config = PipelineConfig(
        read=read,
        gate=gate,
        input_path=str(args.input),
        warehouse_path=str(args.warehouse),
        shard_size=args.shard_size,
        shards_in_flight=args.shards_in_flight
        or (2 * args.dask_workers if args.task_runner == "dask" else 2),
        normalize=NormalizeConfig(
            arclean=args.arclean,
            dediac=args.dediac,
            alef=args.alef,
            alef_maksura=args.alef_maksura,
            teh_marbuta=args.teh_marbuta,
        ),
        memory_limit=args.memory_limit,
        extract_processes=0 if args.task_runner == "dask" else args.extract_processes,
        tokenize=TokenizeConfig(
            tokenizer=args.tokenizer, morphology=args.morphology, store=args.tokens
        ),
        extract=ExtractConfig(
            lexicon_path=args.lexicon, ner_backend=args.ner_backend, ner_model=args.ner_model
        ),
    )
    from flows.pipeline import (
        NoInputError,
        akhbar_run,
        dask_task_runner,
        new_run_id,
        no_input_message,
    )
    from flows.prefect_api import PrefectStartError, start_local_api
    from tasks.readers import list_inputs
    from warehouse.store import WarehouseError

    listing = list_inputs(args.input, read)
    if not listing.entries:  # before Prefect's server starts: nothing to run, nothing written
        print(f"akhbar: {no_input_message(listing)}", file=sys.stderr)
        return 2

    flow = akhbar_run
    if args.task_runner == "dask":
        flow = akhbar_run.with_options(
            task_runner=dask_task_runner(args.dask_address, args.dask_workers)
        )
    run_id = new_run_id()
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill`: stop as Ctrl-C does
    try:
        start_local_api()
        summary = flow(config, run_id=run_id)
    except KeyboardInterrupt:
        print(f"\nakhbar: run {run_id} interrupted", file=sys.stderr)
        print(f"  {what_was_recorded(config.warehouse_path, run_id)}", file=sys.stderr)
        print(
            "  the shards it finished are kept: run the same command again to resume",
            file=sys.stderr,
        )
        return 130
    except (NoInputError, PrefectStartError, WarehouseError) as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        print(f"akhbar: run {run_id} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"  {what_was_recorded(config.warehouse_path, run_id)}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(summary.text())
    return 0 if summary.status == "published" else 1


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def what_was_recorded(warehouse_path: str, run_id: str) -> str:
    """What the warehouse holds of a run that raised: said only after looking."""
    from warehouse.store import Warehouse, WarehouseError

    if not Path(warehouse_path).exists():
        return "nothing was written: the warehouse does not exist"
    try:
        with Warehouse(warehouse_path, read_only=True) as warehouse:
            status = warehouse.run_status(run_id)
    except (WarehouseError, OSError, RuntimeError) as exc:
        return f"the warehouse could not be checked ({exc})"
    if status is None:
        return "the run was not recorded: nothing was written to the warehouse"
    if status == "failed":
        return (
            "recorded as failed in the warehouse's runs table; the published tables are unchanged"
        )
    return (
        f"the run could not be recorded as failed (it is still {status!r}); the next run "
        "records it as interrupted. The published tables are unchanged"
    )


def _validate(args: argparse.Namespace) -> int:
    import json

    from expectations.gate import data_docs_index, failure_report, gate_passed, validate
    from flows.pipeline import default_gx_project
    from warehouse.sql import load_sql
    from warehouse.store import Warehouse

    project = None if args.no_data_docs else default_gx_project(args.warehouse)
    with Warehouse(args.warehouse, read_only=True) as warehouse:
        latest = warehouse.con.execute(load_sql("latest_config")).fetchone()
        gate = PipelineConfig.model_validate(json.loads(latest[0])).gate if latest else None
        results = validate(warehouse, "main", project, gate=gate)
    passed = gate_passed(results)
    n_bad = results.filter(results["status"] != "passed").height
    print(f"{results.height} expectations on {args.warehouse}: {results.height - n_bad} passed")
    if n_bad:
        print(failure_report(results))
    if project is not None:
        print(f"data docs: {data_docs_index(project).resolve()}")
    print("PASSED" if passed else "FAILED: a critical expectation did not pass")
    return 0 if passed else 1


def _info(args: argparse.Namespace) -> int:
    from warehouse.sql import load_sql
    from warehouse.store import Warehouse

    with Warehouse(args.warehouse, read_only=True) as warehouse:
        print(f"warehouse: {Path(args.warehouse).resolve()}")
        for table, n in warehouse.table_counts().items():
            print(f"  {table:<20} {n:>12,}")
        runs = warehouse.con.execute(load_sql("recent_runs")).fetchall()
        reconciled = warehouse.con.execute(load_sql("reconcile")).fetchall()
    if args.reconcile:
        return _print_reconciliation(reconciled)
    if runs:
        print("recent runs:")
        for run_id, status, n_in, n_art, n_q in runs:
            print(f"  {run_id}  {status:<9} inputs {n_in}  articles {n_art}  quarantined {n_q}")
    return 0


def _print_reconciliation(rows: list[tuple]) -> int:
    print("reconciliation: inputs = articles + quarantined, per run")
    print(f"  {'run':<25} {'status':<9} {'inputs':>8} {'articles':>9} {'quarant.':>9}  held now")
    unbalanced = uncounted = 0
    for run_id, status, n_in, n_art, n_q, balanced, art_now, q_now in rows:
        if n_in is None:  # killed or failed before it counted anything
            uncounted += 1
            mark = "not counted (interrupted)" if status != "running" else "running or killed"
            n_in = n_art = n_q = "-"
        else:
            unbalanced += not balanced
            mark = "ok" if balanced else "UNBALANCED"
        print(
            f"  {run_id:<25} {status:<9} {n_in:>8} {n_art:>9} {n_q:>9}  {art_now} + {q_now}  {mark}"
        )
    note = f" ({uncounted} interrupted run(s) have no counts)" if uncounted else ""
    print(
        ("every run balances" if not unbalanced else f"{unbalanced} run(s) do not balance") + note
    )
    return 1 if unbalanced else 0


def _eval(args: argparse.Namespace) -> int:
    if args.target == "gold":
        return _eval_gold(args)
    if args.target == "ner":
        return _eval_ner(args)
    import json
    import time

    from warehouse.neardup import evaluate
    from warehouse.sql import load_sql
    from warehouse.store import Warehouse

    with Warehouse(args.warehouse, read_only=True) as warehouse:
        latest = next(iter(warehouse.con.execute(load_sql("latest_config")).fetchall()), None)
        if latest is None:
            print("akhbar: no published run in this warehouse", file=sys.stderr)
            return 2
        run_config = PipelineConfig.model_validate(json.loads(latest[0]))
        cfg = run_config.dedup
        if args.threshold is not None:
            cfg = cfg.model_copy(update={"threshold": args.threshold})
        started = time.perf_counter()
        result = evaluate(warehouse, cfg, run_config.normalize)
    print(f"near-duplicate pairs at Jaccard >= {cfg.threshold} ({cfg.scheme}), "
          f"{result['articles']} articles, {time.perf_counter() - started:.1f} s")  # fmt: skip
    print(f"  exact all-pairs join: {result['truth']} pairs")
    print(f"  akhbar (MinHash LSH + verification): {result['predicted']} pairs, "
          f"{result['true_positives']} correct")  # fmt: skip
    print(f"  precision {result['precision']:.4f}  recall {result['recall']:.4f}")
    return 0


def _eval_gold(args: argparse.Namespace) -> int:
    import json

    from akhbar.config import IngestConfig
    from tasks.evaluation import score_gold
    from tasks.extract import extract, load_lexicon
    from tasks.ingest import ingest
    from tasks.readers import iter_shards

    if not args.gold.is_file():
        print(f"akhbar: gold file not found: {args.gold}", file=sys.stderr)
        return 2
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    corpus = args.corpus or args.gold.resolve().parent.parent / "corpora" / "seeds"
    if not corpus.is_dir():
        print(f"akhbar: corpus folder not found: {corpus} (use --corpus)", file=sys.stderr)
        return 2
    units = pl.concat(list(iter_shards(corpus, ReadConfig(), IngestConfig(), 10_000)))
    articles = ingest(units, IngestConfig()).articles
    cfg = ExtractConfig(lexicon_path=args.lexicon)
    entities, dates, numbers, sources = extract(articles, cfg)
    lexicon = load_lexicon(cfg.lexicon_path, cfg.gazetteer_cities)
    scores = score_gold(gold, articles, entities, dates, numbers, sources, lexicon.canonical)
    print(f"{len(gold)} gold articles from {args.gold}")
    print(f"{'':<12}{'gold':>6}{'found':>7}{'recall':>8}{'predicted':>11}{'precision':>11}")
    for kind, score in scores.items():
        print(f"{kind:<12}{score.gold:>6}{score.found:>7}{score.recall:>8.2f}"
              f"{score.predicted:>11}{score.precision:>11.2f}")  # fmt: skip
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
        print(f"  {kind:<6}{s.gold:>7}{s.predicted:>11}{s.precision:>11.3f}{s.recall:>8.3f}"
              f"{s.f1:>7.3f}")  # fmt: skip


def _read_bio(path: Path) -> list | None:
    """The sentences of a BIO file, or None after saying it is missing."""
    from tasks.ner import read_conll

    if not path.is_file():
        print(f"akhbar: BIO file not found: {path}", file=sys.stderr)
        return None
    return read_conll(path)


def _eval_ner(args: argparse.Namespace) -> int:
    import tempfile
    import time

    from tasks.ner import cross_validate, score, tagger

    sentences = _read_bio(args.conll)
    if sentences is None:
        return 2
    n_tokens = sum(len(s) for s in sentences)
    print(f"{len(sentences):,} sentences, {n_tokens:,} tokens from {args.conll}")
    started = time.perf_counter()
    if args.folds:
        with tempfile.TemporaryDirectory() as work:
            totals = cross_validate(sentences, args.folds, Path(work), args.iterations)
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

    from tasks.ner import train_crf

    sentences = _read_bio(args.conll)
    if sentences is None:
        return 2
    started = time.perf_counter()
    path = train_crf(sentences, args.model, iterations=args.iterations)
    print(f"CRF trained on {len(sentences):,} sentences in {time.perf_counter() - started:.0f} s: "
          f"{path}")  # fmt: skip
    return 0


def _serve(args: argparse.Namespace) -> int:
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        print(
            "akhbar: serve registers the flow with a Prefect server, and PREFECT_API_URL "
            "names none: start one (`prefect server start`) and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api",
            file=sys.stderr,
        )
        return 2
    from flows.pipeline import akhbar_run

    config = {"warehouse_path": str(args.warehouse.resolve())}
    if args.input:
        config["input_path"] = str(args.input.resolve())
    print(
        f"serving deployment akhbar-run/{args.name} on {PREFECT_API_URL.value()}; "
        "start runs from the UI (Deployments); Ctrl-C stops"
    )
    try:
        akhbar_run.serve(
            name=args.name,
            parameters={"config": config},
            tags=["akhbar"],
            description="Raw Arabic news -> validated, deduplicated DuckDB warehouse.",
        )
    except KeyboardInterrupt:
        print("akhbar: serve stopped")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.migrate import apply_migrations

    if not args.warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {args.warehouse}: run `akhbar run` first")
    with duckdb.connect(str(args.warehouse)) as con:
        applied = apply_migrations(con)
    print(f"{args.warehouse}: " + (f"applied {', '.join(applied)}" if applied else "up to date"))
    return 0


def _report(args: argparse.Namespace) -> int:
    from warehouse.report import default_report_path, write_report
    from warehouse.store import Warehouse

    with Warehouse(args.warehouse, read_only=True) as warehouse:
        out = write_report(warehouse, args.out or default_report_path(args.warehouse))
    print(f"report written to {out}")
    return 0


def _sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.store import Warehouse

    with Warehouse(args.warehouse, read_only=True, sandbox=True) as warehouse:
        try:
            relation = warehouse.query(args.query)
            if relation is not None:
                relation.show(max_rows=args.max_rows, max_width=10_000)
        except (duckdb.Error, ValueError) as exc:
            print(f"akhbar: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``akhbar`` console script."""
    from warehouse.migrate import MigrationError
    from warehouse.store import OutdatedWarehouseError, WarehouseError

    # The embedded Prefect server would try to send usage telemetry, which fails (and
    # logs an error) on the offline machines akhbar is built for. A user's own
    # setting wins.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        settings = Settings()
    except ValueError as exc:  # pydantic's ValidationError: a bad AKHBAR_* variable
        bad = ", ".join(
            f"AKHBAR_{'_'.join(map(str, e['loc'])).upper()}={e['input']!r}" for e in exc.errors()
        )
        print(f"akhbar: bad environment setting {bad}: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    args = _parser(settings).parse_args(argv)
    handlers = {
        "run": _run,
        "validate": _validate,
        "info": _info,
        "eval": _eval,
        "ner": _ner,
        "report": _report,
        "migrate": _migrate,
        "serve": _serve,
        "sql": _sql,
    }
    try:
        return handlers[args.command](args)
    except (FileNotFoundError, OutdatedWarehouseError, MigrationError, WarehouseError) as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `akhbar sql ... | head` closed the pipe: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
