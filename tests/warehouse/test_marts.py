from collections import Counter

import duckdb
import pytest

from akhbar.cli import main

MARTS = {
    "mart_articles": ["article_id"],
    "mart_entity_daily": ["canonical", "type", "day"],
    "mart_story_clusters": ["cluster_id"],
    "mart_attributions": ["name", "kind"],
    "mart_quarantine": ["run_id", "reason"],
}


@pytest.fixture(scope="module")
def con(example_warehouse):
    with duckdb.connect(str(example_warehouse), read_only=True) as connection:
        yield connection


def rows(con, sql):
    return con.execute(sql).fetchall()


@pytest.mark.parametrize(("mart", "key"), MARTS.items())
def test_every_mart_has_a_unique_key_and_rows(con, mart, key):
    n, distinct = rows(con, f"select count(*), count(distinct ({', '.join(key)})) from {mart}")[0]
    assert n > 0
    assert n == distinct


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_column_is_described(con, mart):
    undescribed = con.execute(
        "select column_name from duckdb_columns() where table_name = ? and comment is null", [mart]
    ).fetchall()
    assert undescribed == []
    assert con.execute("select comment from duckdb_views() where view_name = ?", [mart]).fetchone()[
        0
    ]


def copies(con):
    """Articles that are a non-canonical member of a near-duplicate cluster."""
    return {
        a
        for a, c in rows(
            con, "select article_id, canonical_article_id from duplicates where method = 'near'"
        )
        if a != c
    }


def test_mart_articles_keeps_one_article_per_story(con):
    all_articles = {a for (a,) in rows(con, "select article_id from articles")}
    expected = all_articles - copies(con)
    assert {a for (a,) in rows(con, "select article_id from mart_articles")} == expected
    entity_counts = Counter(a for (a,) in rows(con, "select article_id from entities"))
    for article_id, n_entities in rows(con, "select article_id, n_entities from mart_articles"):
        assert n_entities == entity_counts.get(article_id, 0)


def test_mart_entity_daily_counts_mentions_in_canonical_articles(con):
    canonical = {a for (a,) in rows(con, "select article_id from articles")} - copies(con)
    mentions = sum(1 for (a,) in rows(con, "select article_id from entities") if a in canonical)
    assert rows(con, "select sum(n_mentions) from mart_entity_daily")[0][0] == mentions


def test_mart_story_clusters_shows_the_wire_story_across_three_outlets(con):
    (cluster,) = rows(
        con,
        "select n_members, n_outlets, outlets, first_published, last_published "
        "from mart_story_clusters where n_outlets >= 3",
    )
    assert cluster[:3] == (3, 3, ["akhbar-al-yawm", "al-sharq-online", "al-wasat"])
    assert (str(cluster[3]), str(cluster[4])) == ("2019-07-12", "2019-07-13")
    members = Counter(
        c for (c,) in rows(con, "select cluster_id from duplicates where method = 'near'")
    )
    assert dict(rows(con, "select cluster_id, n_members from mart_story_clusters")) == dict(members)


def test_mart_attributions_accounts_for_every_citation(con):
    assert rows(con, "select sum(n_citations) from mart_attributions") == rows(
        con, "select count(*) from sources"
    )


def test_mart_quarantine_counts_reasons(con):
    got = {
        reason: n
        for _, reason, n in rows(con, "select run_id, reason, n_inputs from mart_quarantine")
    }
    assert got == dict(Counter(r for (r,) in rows(con, "select reason from quarantine")))
    assert got == {"empty_file": 1, "binary_content": 1}


def test_report_is_self_contained_rtl_html_with_every_chart(example_warehouse, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", "--warehouse", str(example_warehouse), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<script src" not in page
    assert "vegaEmbed" in page
    for chart in ("per-day", "entities", "clusters", "quarantine", "validation"):
        assert f"id='{chart}'" in page
    assert "أكثر الكيانات ذكرًا" in page


def test_each_run_writes_its_report_beside_the_warehouse_and_attaches_it(example_warehouse):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    report = example_warehouse.with_name(f"{example_warehouse.stem}-report.html")
    assert report.exists()
    with get_client(sync_client=True) as client:
        links = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["akhbar-report"]))
        )
    # a link artifact's data is the markdown link "[name](uri)"
    assert any(str(artifact.data).endswith(f"({report.as_uri()})") for artifact in links)


def test_the_report_inlines_charts_whatever_their_row_count(example_warehouse):
    """A 100,000-article warehouse broke the report: Altair refuses 5,000+ rows by default."""
    import altair as alt

    from akhbar.warehouse.report import render
    from akhbar.warehouse.store import Warehouse

    alt.data_transformers.enable("default", max_rows=3)  # as if every chart were large
    try:
        with Warehouse(example_warehouse, read_only=True) as warehouse:
            page = render(warehouse)
    finally:
        alt.data_transformers.enable("default")
    assert "vega" in page.lower()


def test_the_report_tells_warnings_from_failures_orders_the_heatmap_and_counts_undated(
    example_warehouse,
):
    from akhbar.warehouse.report import charts, render
    from akhbar.warehouse.store import Warehouse

    with Warehouse(example_warehouse, read_only=True) as warehouse:
        specs = {id_: chart.to_dict() for id_, _, chart in charts(warehouse) if chart is not None}
        page = render(warehouse)
    validation = specs["validation"]
    assert validation["encoding"]["color"]["scale"]["domain"] == [
        "passed",
        "warning",
        "failed",
        "errored",
    ]
    heat = specs["entities"]
    order = heat["encoding"]["y"]["sort"]
    values = next(iter(heat["datasets"].values()))
    totals = Counter()
    for row in values:
        totals[row["entity"]] += row["mentions"]
    assert order == sorted(totals, key=lambda e: (-totals[e], order.index(e)))
    assert totals[order[0]] == max(totals.values())
    assert "1 undated articles are not shown" in page
    assert "تقرير أخبار · <bdi>akhbar report</bdi>" in page
