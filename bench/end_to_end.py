"""The whole flow on N articles: wall time, MB/s, articles/s and peak RSS, per stage too.

    python bench/end_to_end.py [--articles N] [--corpus DIR] [--shard-size N]

Builds the corpus with ``bench/make_corpus.py`` (zipped JSON; SaudiNewsNet paragraphs
when ../shared is there) unless ``--corpus`` names one, then runs ``akhbar run`` on it
in a child process with a fresh warehouse and prints:

* overall: wall time, raw input MB/s, articles/s, the child's peak RSS, warehouse size;
* per stage: the summed run time of that stage's Prefect task runs (stages of one
  shard overlap with the next shard's on the thread runner, so they add up to more
  than the wall time), with MB/s of raw input;
* baselines measured in the same run on a sample of the corpus: the camel-tools
  tokenisation loop, and datasketch MinHash when installed (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def child(corpus: str, warehouse: str, shard_size: int) -> None:
    """Run the flow in this process; print the summary and per-stage task-run seconds."""
    sys.path.insert(0, str(ROOT))
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from akhbar.config import PipelineConfig, ReadConfig
    from flows.pipeline import akhbar_run

    config = PipelineConfig(
        input_path=corpus,
        warehouse_path=warehouse,
        shard_size=shard_size,
        read=ReadConfig(preset="saudinewsnet"),
    )
    started = time.perf_counter()
    state = akhbar_run(config, return_state=True)
    wall = time.perf_counter() - started
    summary = state.result()
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

    from akhbar.config import NormalizeConfig
    from tasks.tokenize import normalizer

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
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    with tempfile.TemporaryDirectory(dir=os.environ.get("AKHBAR_BENCH_TMP")) as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(corpus),
                            "--articles", str(args.articles)], check=True)  # fmt: skip
        raw_mb = (
            sum(m.file_size for z in corpus.glob("*.zip") for m in zipfile.ZipFile(z).infolist())
            / 1e6
        )
        warehouse = Path(tmp) / "bench.duckdb"
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(corpus), str(warehouse),
             str(args.shard_size)],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            print(done.stderr[-4000:], file=sys.stderr)
            return 1
        peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result = json.loads(done.stdout.strip().splitlines()[-1])
        size_mb = warehouse.stat().st_size / 1e6
        base = baselines(sample_bodies(corpus, args.sample))
    counts, wall = result["summary"]["counts"], result["wall"]
    print(f"{counts['inputs']:,} inputs ({raw_mb:,.0f} MB raw) -> {counts['articles']:,} "
          f"articles; shards of {args.shard_size}")  # fmt: skip
    print(f"end to end: {wall:,.0f} s, {raw_mb / wall:.2f} MB/s, {counts['inputs'] / wall:,.0f} "
          f"articles/s, peak RSS {peak_rss:,.0f} MB, warehouse {size_mb:,.0f} MB")  # fmt: skip
    print(f"{'stage (summed task-run time)':<34}{'seconds':>9}{'MB/s':>8}")
    for stage, seconds in sorted(result["stages"].items(), key=lambda kv: -kv[1]):
        print(f"{stage:<34}{seconds:>9.1f}{raw_mb / max(seconds, 1e-9):>8.1f}")
    print(f"baselines on {args.sample:,} documents:")
    for label, seconds, mb in base:
        print(f"  {label:<32}{seconds:>9.1f} s{mb / seconds:>8.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
