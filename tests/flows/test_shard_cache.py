"""The shard cache by URL: what a worker writes there, the flow reads back by the same URL."""

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from akhbar.flows.config import PipelineConfig
from akhbar.flows.shard_cache import (
    forget_shards,
    frames_url,
    is_local,
    read_frames,
    write_frames,
)

FRAMES = {
    "articles": pl.DataFrame({"article_id": ["a", "b"], "body": ["خبر أول", "خبر ثان"]}),
    "entities": pl.DataFrame({"article_id": ["a"], "text": ["الرياض"], "start": [0]}),
}


@pytest.mark.parametrize("where", ["path", "file-url", "memory"])
def test_frames_come_back_by_the_urls_the_worker_returned(tmp_path, where):
    url = {
        "path": str(tmp_path / "cache"),
        "file-url": f"file://{tmp_path}/cache",
        "memory": f"memory://akhbar-test-{tmp_path.name}/cache",
    }[where]
    urls = write_frames(frames_url(url), "akhbar-shard-1", FRAMES)
    assert set(urls) == set(FRAMES)
    if where == "memory":  # not a path of this machine: the URL names the store
        assert all(u.startswith("memory://") for u in urls.values())
    back = read_frames(urls)
    assert back is not None
    for table, frame in FRAMES.items():
        assert_frame_equal(back[table], frame)
    forget_shards(url, ["akhbar-shard-1"])
    assert read_frames(urls) is None  # gone: the flow computes the shard again


def test_a_shard_with_a_file_gone_reads_as_missing(tmp_path):
    urls = write_frames(str(tmp_path / "frames"), "k", FRAMES)
    (tmp_path / "frames" / "k" / "entities.arrow").unlink()
    assert read_frames(urls) is None


def test_forgetting_leaves_no_empty_cache_folder_behind(tmp_path):
    cache = tmp_path / "cache"
    write_frames(frames_url(str(cache)), "k", FRAMES)
    (cache / "k").write_text("prefect's result")
    forget_shards(str(cache), ["k"])
    assert not cache.exists()


def test_the_cache_url_is_absolute_or_a_url():
    assert is_local("relative/cache")
    assert not is_local("s3://bucket/cache")
    config = PipelineConfig(input_path="x", warehouse_path="w.duckdb", cache_url="rel/cache")
    assert config.shard_cache().startswith("/")  # workers in other folders see the same one
    assert PipelineConfig(input_path="x", cache_url="s3://b/c").shard_cache() == "s3://b/c"
