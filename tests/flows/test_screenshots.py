"""What a person sees, rendered in a browser with no network and read from the DOM.

Skips without Debian's chromium (apt-get install chromium fonts-noto-core).
"""

import re
import shutil

import duckdb
import pytest

from tests.conftest import EXAMPLE_CORPUS
from tests.flows.conftest import screenshots

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium"),
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory, prefect_server):
    api, env = prefect_server
    work = tmp_path_factory.mktemp("shots")
    doms = screenshots.capture(api, env, EXAMPLE_CORPUS, work, work / "png")
    with duckdb.connect(str(work / "akhbar.duckdb"), read_only=True) as con:
        top = con.execute(
            "select canonical from entities group by 1 order by count(*) desc, 1 limit 5"
        ).fetchall()
    return doms, [c for (c,) in top], work / "png"


def cells(dom: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", dom, re.S)
    ]


def test_the_run_summary_shows_arabic_entity_names_whole(pages):
    doms, top, _ = pages
    texts = cells(doms["run-summary"])
    for canonical in top:
        assert canonical in texts, canonical
    assert not any(len(t) == 1 and "\u0600" <= t <= "\u06ff" for t in texts), "split letters"


def test_the_validation_table_starts_with_status_and_critical(pages):
    doms, _, _ = pages
    headers = [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<th[^>]*>(.*?)</th>", doms["validation"], re.S)
    ]
    assert headers[:2] == ["status", "critical"]


def test_data_docs_list_their_results_with_the_network_off(pages):
    doms, _, _ = pages
    assert re.findall(r"<tr[^>]*data-index", doms["data-docs"])
    assert "akhbar-staging-articles" in doms["data-docs"] or "articles" in doms["data-docs"]


def test_the_report_draws_its_charts_offline(pages):
    doms, top, png = pages
    assert doms["report"].count("<svg") >= 5
    assert any(canonical in doms["report"] for canonical in top)
    assert sorted(p.name for p in png.glob("*.png")) == [
        "data-docs-result.png",
        "data-docs.png",
        "flow-run.png",
        "report.png",
        "run-summary.png",
        "validation.png",
    ]
