"""The benchmarks the README names must keep running (figures are not checked here)."""

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run(script, *args, env=None):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_stage_benchmark_runs_on_the_example_corpus():
    out = run("stages.py", "--docs", "80", "--repeat", "1")
    assert "tokenize vs camel-tools baseline" in out
    assert "extract vs camel-tools baseline" in out
    for part in ("entities", "dates", "numbers", "sources"):
        assert f"extract: {part}" in out


@pytest.mark.skipif(
    importlib.util.find_spec("datasketch") is None, reason="pip install -e '.[bench]'"
)
def test_dedup_benchmark_runs_on_the_example_corpus():
    out = run("dedup.py", "--docs", "80", "--repeat", "1")
    assert "akhbar / datasketch" in out


def test_tokenizer_benchmark_runs_and_agrees_with_camel_tools():
    out = run("tokenizer.py", "--docs", "60", "--repeat", "1", "--rss-docs", "30")
    assert "mismatching documents (akhbar vs camel-tools): 0" in out
    assert "peak RSS" in out


def test_make_corpus_writes_both_layouts_that_akhbar_reads(tmp_path):
    from akhbar.tasks.config import IngestConfig, ReadConfig
    from akhbar.tasks.readers import iter_shards

    examples = str(ROOT / "examples" / "corpus")
    for layout in ("txt", "jsonzip"):
        out = tmp_path / layout
        printed = run(
            "make_corpus.py",
            str(out),
            "--articles",
            "120",
            "--format",
            layout,
            "--source",
            examples,
        )
        assert "120 articles" in printed
        preset = "saudinewsnet" if layout == "jsonzip" else "auto"
        units = sum(
            s.height for s in iter_shards(out, ReadConfig(preset=preset), IngestConfig(), 50)
        )
        assert units == 120


@pytest.mark.slow
def test_end_to_end_benchmark_runs_on_a_small_generated_corpus(harness_env):
    out = run(
        "end_to_end.py",
        "--articles",
        "150",
        "--sample",
        "40",
        "--shard-size",
        "50",
        "--tokens",
        "sample",
        env=harness_env,
    )
    assert "end to end:" in out
    assert "process-shard" in out
    assert "phases: shards until" in out
    assert "summed RSS" in out
    assert "at the peak: flow" in out
    assert "camel-tools tokenisation loop" in out
