"""The whole flow on N articles: wall time, MB/s, articles/s and peak RSS, per stage too.

    python bench/end_to_end.py [--articles N] [--corpus DIR] [--shard-size N]
                               [--tokens all|sample|none] [--task-runner threads|dask]
                               [--workers N] [--memory-limit SIZE]

Builds the corpus with ``bench/make_corpus.py`` (zipped JSON; SaudiNewsNet paragraphs
when ../shared is there) unless ``--corpus`` names one, then runs ``akhbar run`` on it
in a child process with a fresh warehouse and prints:

* overall: wall time, raw input MB/s, articles/s, peak RSS, warehouse size. Peak RSS
  is the highest sum of the proportional resident memory (PSS: shared pages counted
  once, split among the processes sharing them) of the run's whole process tree
  (extraction workers, Prefect's server and Dask workers included), sampled every
  0.2 s; the time spent after the last shard
  (deduplicate, validate, publish, report) is shown apart;
* per stage: the summed run time of that stage's Prefect task runs (stages of one
  shard overlap with the next shard's on the thread runner, so they add up to more
  than the wall time), with MB/s of raw input;
* baselines measured in the same run on a sample of the corpus: the camel-tools
  tokenisation loop, and datasketch MinHash when installed (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import defaultdict
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def used_blocks(warehouse: Path) -> tuple[int, int]:
    """``(used, total)`` blocks of a DuckDB file: its size against its data."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select used_blocks, total_blocks from pragma_database_size()"
        ).fetchone()


def child(corpus: str, warehouse: str, options: dict) -> None:
    """Run the flow in this process; print the summary and per-stage task-run seconds."""
    sys.path.insert(0, str(ROOT))
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from akhbar.flows.config import PipelineConfig
    from akhbar.flows.pipeline import akhbar_run, dask_task_runner
    from akhbar.tasks.config import ReadConfig, TokenizeConfig

    dask = options["task_runner"] == "dask"
    config = PipelineConfig(
        input_path=corpus,
        warehouse_path=warehouse,
        shard_size=options["shard_size"],
        shards_in_flight=2 * options["workers"] if dask else 2,
        memory_limit=options["memory_limit"],
        extract_processes=0 if dask else options["extract_processes"],
        read=ReadConfig(preset="saudinewsnet"),
        tokenize=TokenizeConfig(store=options["tokens"]),
    )
    flow = akhbar_run
    if dask:
        flow = akhbar_run.with_options(task_runner=dask_task_runner(None, options["workers"]))
    started = time.perf_counter()
    state = flow(config, return_state=True)
    wall = time.perf_counter() - started
    summary = state.result().model_dump()
    stages: dict[str, float] = defaultdict(float)
    with get_client(sync_client=True) as client:
        flow_run_id = state.state_details.flow_run_id
        offset = 0
        while True:  # the API pages by 200
            runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                limit=200,
                offset=offset,
            )
            for run in runs:
                stages[run.name.rsplit("-", 1)[0]] += run.total_run_time.total_seconds()
            if len(runs) < 200:
                break
            offset += 200
    print(json.dumps({"wall": wall, "summary": summary, "stages": stages}, default=str))


class TreeMemory(threading.Thread):
    """Samples the summed PSS (and RSS) of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root, self.every = psutil.Process(pid), every
        self.samples: list[tuple[float, int]] = []  # (wall-clock time, bytes)
        self.parts: dict[str, int] = {}  # process role -> PSS bytes, at the peak
        self._peak = 0
        self.peak_rss = 0  # summed RSS counts pages the processes share once per process
        self.started = time.time()
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            parts: dict[str, int] = defaultdict(int)
            rss = 0
            try:
                for proc in [self.root, *self.root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        info = proc.memory_full_info()
                        parts[role(proc, self.root)] += info.pss
                        rss += info.rss
            except psutil.Error:
                break
            self.peak_rss = max(self.peak_rss, rss)
            total = sum(parts.values())
            if total > self._peak:
                self._peak, self.parts = total, dict(parts)
            self.samples.append((time.time(), total))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    @property
    def peak(self) -> int:
        return self._peak

    def peak_between(self, lo: float, hi: float) -> int:
        return max((rss for t, rss in self.samples if lo <= t < hi), default=0)

    def elapsed_at(self, when: float) -> float:
        return when - self.started


def role(proc: psutil.Process, root: psutil.Process) -> str:
    """What a process of the run is: the flow, a worker (extraction or Dask), Prefect's server."""
    if proc.pid == root.pid:
        return "flow"
    command = " ".join(proc.cmdline())
    if "spawn_main" in command:
        return "workers"
    if "uvicorn" in command or "prefect" in command:
        return "prefect server"
    return "other"


def shards_done_at(log: str) -> float | None:
    """Wall-clock time of the run log's last shard progress line (Prefect logs HH:MM:SS)."""
    times = re.findall(r"^(\d\d:\d\d:\d\d\.\d+) .*shard \d+/~", log, flags=re.M)
    if not times:
        return None
    clock = dt.datetime.strptime(times[-1], "%H:%M:%S.%f").time()
    today = dt.datetime.now().date()
    return dt.datetime.combine(today, clock).timestamp()


def sample_bodies(corpus: Path, n: int) -> list[str]:
    bodies: list[str] = []
    for archive in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                bodies += [r["content"] for r in json.loads(zf.read(member))]
                if len(bodies) >= n:
                    return bodies[:n]
    return bodies


def baselines(bodies: list[str]) -> list[tuple[str, float, float]]:
    """(label, seconds, MB) of the baselines on ``bodies``."""
    sys.path.insert(0, str(ROOT))
    from camel_tools.tokenizers.word import simple_word_tokenize

    from akhbar.tasks.config import NormalizeConfig
    from akhbar.tasks.tokenize import normalizer

    mb = sum(len(b.encode()) for b in bodies) / 1e6
    normalize = normalizer(NormalizeConfig())
    started = time.perf_counter()
    for body in bodies:
        simple_word_tokenize(normalize(body))
    out = [("camel-tools tokenisation loop", time.perf_counter() - started, mb)]
    try:
        from datasketch import MinHash
    except ImportError:
        return out
    started = time.perf_counter()
    for body in bodies:
        words = body.split()
        signature = MinHash(num_perm=100)
        for i in range(max(len(words) - 4, 1)):
            signature.update(" ".join(words[i : i + 5]).encode())
    out.append(("datasketch MinHash (100 perms)", time.perf_counter() - started, mb))
    return out


def main() -> int:
    """Build or take the corpus, run the flow in a child, print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, help="a zipped-JSON corpus from make_corpus.py")
    parser.add_argument("--shard-size", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=2000, help="documents for the baselines")
    parser.add_argument("--tokens", choices=("all", "sample", "none"), default="all")
    parser.add_argument("--task-runner", choices=("threads", "dask"), default="threads")
    parser.add_argument("--workers", type=int, default=2, help="Dask LocalCluster processes")
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB's memory limit")
    parser.add_argument(
        "--extract-processes", type=int, help="default: one per core (the flow's auto rule)"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], json.loads(args.child[2]))
        return 0
    options = {
        "shard_size": args.shard_size,
        "tokens": args.tokens,
        "task_runner": args.task_runner,
        "workers": args.workers,
        "memory_limit": args.memory_limit,
        "extract_processes": args.extract_processes,
    }
    with tempfile.TemporaryDirectory(dir=os.environ.get("AKHBAR_BENCH_TMP")) as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "make_corpus.py"),
                    str(corpus),
                    "--articles",
                    str(args.articles),
                ],
                check=True,
            )
        raw_mb = (
            sum(m.file_size for z in corpus.glob("*.zip") for m in zipfile.ZipFile(z).infolist())
            / 1e6
        )
        warehouse = Path(tmp) / "bench.duckdb"
        log = Path(tmp) / "run.log"
        with log.open("w") as err:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(corpus),
                    str(warehouse),
                    json.dumps(options),
                ],
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
            memory = TreeMemory(proc.pid)
            memory.start()
            out, _ = proc.communicate()
            memory.stop()
        if proc.returncode != 0:
            print(log.read_text()[-4000:], file=sys.stderr)
            return 1
        last_shard = shards_done_at(log.read_text())
        result = json.loads(out.strip().splitlines()[-1])
        size_mb = warehouse.stat().st_size / 1e6
        used, total = used_blocks(warehouse)
        base = baselines(sample_bodies(corpus, args.sample))
    counts, wall = result["summary"]["counts"], result["wall"]
    summary = result["summary"]
    print(
        f"{counts['inputs']:,} inputs ({raw_mb:,.0f} MB raw) -> {counts['articles']:,} "
        f"articles; shards of {args.shard_size}; run {summary['status']}, "
        f"{summary['expectations']} expectations, {summary['expectations_not_passed']} "
        f"not passed"
    )
    if summary["failures"]:
        print(summary["failures"])
    dedup = summary["dedup"]
    print(
        f"duplicates: {dedup['exact_articles']:,} exact in {dedup['exact_clusters']:,} "
        f"clusters; near: {dedup['candidate_pairs']:,} candidate pairs, "
        f"{dedup['verified_pairs']:,} verified, {dedup['near_duplicate_articles']:,} "
        f"articles clustered, {dedup['boilerplate_paragraphs']:,} boilerplate "
        f"paragraphs"
    )
    print(
        f"end to end: {wall:,.0f} s, {raw_mb / wall:.2f} MB/s, {counts['inputs'] / wall:,.0f} "
        f"articles/s, peak memory (PSS) {memory.peak / 1e6:,.0f} MB (summed RSS "
        f"{memory.peak_rss / 1e6:,.0f} MB), "
        f"warehouse {size_mb:,.0f} MB ({total / max(used, 1):.2f}x its data: {used:,} of "
        f"{total:,} blocks used, pragma database_size)"
    )
    print(
        f"settings: tokens {args.tokens}, task runner {args.task_runner}"
        f"{f' ({args.workers} workers)' if args.task_runner == 'dask' else ''}, DuckDB memory "
        f"limit {args.memory_limit}, extraction processes "
        f"{'auto' if args.extract_processes is None else args.extract_processes}"
    )
    if last_shard is not None:
        print(
            f"phases: shards until {memory.elapsed_at(last_shard):,.0f} s, peak "
            f"{memory.peak_between(0, last_shard) / 1e6:,.0f} MB; after them (deduplicate, "
            f"validate, publish, report) peak "
            f"{memory.peak_between(last_shard, float('inf')) / 1e6:,.0f} MB"
        )
    print(
        "at the peak: "
        + ", ".join(f"{name} {pss / 1e6:,.0f} MB" for name, pss in sorted(memory.parts.items()))
    )
    print(f"{'stage (summed task-run time)':<34}{'seconds':>9}{'MB/s':>8}")
    for stage, seconds in sorted(result["stages"].items(), key=lambda kv: -kv[1]):
        print(f"{stage:<34}{seconds:>9.1f}{raw_mb / max(seconds, 1e-9):>8.1f}")
    print(f"baselines on {args.sample:,} documents:")
    for label, seconds, mb in base:
        print(f"  {label:<32}{seconds:>9.1f} s{mb / seconds:>8.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
