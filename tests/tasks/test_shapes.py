"""The shapes zoo through the readers and ingest: each input ends as what it must be."""

import polars as pl
import pytest

from akhbar.tasks.config import IngestConfig, ReadConfig
from akhbar.tasks.ingest import ingest
from akhbar.tasks.readers import iter_shards, list_inputs, source_uri
from tests.zoo.shapes import SECRET, SKIPPED, build

CFG = IngestConfig()


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    root = tmp_path_factory.mktemp("shapes")
    expected = build(root / "zoo", root / "outside")
    return root / "zoo", expected


def outcomes(folder, **read):
    cfg = ReadConfig(**read)
    units = pl.concat(list(iter_shards(folder, cfg, CFG, 100)))
    articles, quarantine, _ = ingest(units, CFG)
    prefix = source_uri(folder) + "/"
    got = {r["source_uri"].removeprefix(prefix): r for r in articles.iter_rows(named=True)}
    got |= {
        uri.removeprefix(prefix): reason
        for uri, reason in quarantine.select("source_uri", "reason").iter_rows()
    }
    return units, articles, quarantine, got


def test_the_zoo_has_forty_shapes_or_more(shapes):
    _, expected = shapes
    assert len(expected) >= 40


def test_every_shape_ends_as_its_article_or_its_quarantine_reason(shapes):
    folder, expected = shapes
    units, articles, quarantine, got = outcomes(folder)
    assert sorted(got) == sorted(expected)
    assert units.height == articles.height + quarantine.height
    wrong = {}
    for unit, want in expected.items():
        if isinstance(want, str):
            if got[unit] != want:
                wrong[unit] = (got[unit] if isinstance(got[unit], str) else "article", want)
            continue
        if isinstance(got[unit], str):
            wrong[unit] = (got[unit], "article")
            continue
        fields = {k: got[unit][k] for k in want}
        if fields != want:
            wrong[unit] = {k: (fields[k], v) for k, v in want.items() if fields[k] != v}
    assert wrong == {}


def test_readme_and_licence_files_are_skipped_and_listed(shapes):
    folder, _ = shapes
    assert list_inputs(folder, ReadConfig()).skipped == sorted(SKIPPED)


def test_no_byte_from_outside_the_input_folder_is_read_even_following_links(shapes):
    folder, _ = shapes
    units, articles, quarantine, got = outcomes(folder, follow_symlinks=True)
    assert got["links/to_outside.txt"] == "symlink_outside_input"
    assert got["links/to_folder"] == "symlink_outside_input"
    assert not isinstance(got["links/to_inside.txt"], str)  # followed: it is inside
    for frame in (units, articles, quarantine):
        for column, dtype in frame.schema.items():
            if dtype in (pl.String, pl.Binary):
                values = frame[column].cast(pl.Binary).drop_nulls()
                assert not values.bin.contains(SECRET.encode()).any(), column
