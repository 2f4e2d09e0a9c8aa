"""``akhbar run``: its options, and the run it starts."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from akhbar.cli.common import HelpFormatter, field, pairs
from akhbar.expectations.config import GateConfig
from akhbar.flows.config import PipelineConfig
from akhbar.tasks.config import (
    DEFAULT_EXCLUDES,
    FIELD_PRESETS,
    INPUT_FORMATS,
    NER_BACKENDS,
    RECORD_FIELDS,
    TOKEN_STORAGE,
    TOKENIZERS,
    ExtractConfig,
    NormalizeConfig,
    ReadConfig,
    TokenizeConfig,
)


def register(commands, warehouse: argparse.ArgumentParser, settings) -> None:
    """Add ``run`` and its options."""
    run = commands.add_parser(
        "run",
        parents=[warehouse],
        help="run the pipeline on a folder of articles",
        description="Ingest, tokenize, extract, deduplicate, load and validate INPUT. "
        "Running the same input again replaces what it loaded before: row counts do not grow.",
        formatter_class=HelpFormatter,
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
        "--cache-url",
        metavar="URL",
        help="where finished shards wait until the run is published: a folder or an fsspec "
        "URL (s3://bucket/akhbar-cache) that this machine and every Dask worker can reach "
        "(default: <warehouse>-cache/ beside the warehouse)",
    )
    scale.add_argument(
        "--extract-processes",
        type=int,
        metavar="N",
        help="worker processes for extraction, the stage that holds Python's GIL longest "
        "(default: one per core for inputs of 50 MB or more, else none; 0 under Dask, "
        "whose workers are processes already)",
    )
    scale.add_argument("--memory-limit", metavar="SIZE", **field(PipelineConfig, "memory_limit"))
    scale.add_argument(
        "--shards-in-flight",
        type=int,
        metavar="N",
        help="shards processed at once (default: 2, or 2 per Dask worker); memory grows with it",
    )
    tok = run.add_argument_group("tokenisation and morphology")
    tok.add_argument("--tokenizer", choices=TOKENIZERS, **field(TokenizeConfig, "tokenizer"))
    tok.add_argument(
        "--tokens", dest="tokens", choices=TOKEN_STORAGE, **field(TokenizeConfig, "store")
    )
    tok.add_argument(
        "--morphology", metavar="auto|none|PATH", **field(TokenizeConfig, "morphology")
    )
    run.add_argument(
        "--lexicon", metavar="TSV", help="entity lexicon: surface<TAB>type<TAB>canonical"
    )
    run.add_argument("--ner-backend", choices=NER_BACKENDS, **field(ExtractConfig, "ner_backend"))
    run.add_argument("--ner-model", metavar="PATH", help="model for --ner-backend crf|camel")
    run.add_argument(
        "--no-learn-names",
        dest="learn_names",
        action="store_false",
        help="do not learn persons from this corpus (names after a title, speakers, "
        "patronymic chains); the names in learned_names are still found",
    )
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
    run.set_defaults(handler=_run)


def config_from(args: argparse.Namespace) -> PipelineConfig:
    """The run's typed configuration from the command line (ValueError: a bad option)."""
    read = ReadConfig(
        format=args.format,
        preset=args.preset,
        fields=pairs("--field", args.field),
        exclude=(() if args.no_default_excludes else DEFAULT_EXCLUDES) + tuple(args.exclude),
        follow_symlinks=args.follow_symlinks,
    )
    return PipelineConfig(
        read=read,
        gate=GateConfig(**pairs("--gate", args.gate)),
        input_path=str(args.input),
        warehouse_path=str(args.warehouse),
        shard_size=args.shard_size,
        shards_in_flight=args.shards_in_flight,
        cache_url=args.cache_url,
        normalize=NormalizeConfig(
            arclean=args.arclean,
            dediac=args.dediac,
            alef=args.alef,
            alef_maksura=args.alef_maksura,
            teh_marbuta=args.teh_marbuta,
        ),
        memory_limit=args.memory_limit,
        extract_processes=args.extract_processes,
        tokenize=TokenizeConfig(
            tokenizer=args.tokenizer, morphology=args.morphology, store=args.tokens
        ),
        extract=ExtractConfig(
            lexicon_path=args.lexicon,
            ner_backend=args.ner_backend,
            ner_model=args.ner_model,
            learn_names=args.learn_names,
        ),
    )


def _run(args: argparse.Namespace) -> int:
    if not args.input.exists():
        print(f"akhbar: input not found: {args.input}", file=sys.stderr)
        return 2
    try:
        config = config_from(args)
    except ValueError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    from akhbar.flows.pipeline import (
        NoInputError,
        akhbar_run,
        dask_task_runner,
        new_run_id,
        no_input_message,
    )
    from akhbar.flows.prefect_api import PrefectStartError, start_local_api
    from akhbar.tasks.readers import list_inputs
    from akhbar.warehouse.store import WarehouseError

    listing = list_inputs(args.input, config.read)
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
    from akhbar.warehouse.store import Warehouse, WarehouseError

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
