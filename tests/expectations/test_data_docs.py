"""Data Docs render with the network off: every asset is served from the site itself."""

import importlib.util
import re
import shutil

import pytest

from akhbar.cli import main
from akhbar.expectations.data_docs import offline_page
from tests.conftest import ROOT

EXTERNAL = re.compile(r"""(?:src|href)=["']https?://|url\(\s*["']?https?://""")
CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def site(example_warehouse, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("docs") / "docs.duckdb"
    shutil.copy(example_warehouse, warehouse)
    assert main(["validate", "--warehouse", str(warehouse)]) == 0
    return warehouse.parent / "docs-gx" / "gx" / "uncommitted" / "data_docs" / "local_site"


def test_no_data_docs_page_references_an_outside_url(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert not EXTERNAL.search(page.read_text("utf-8")), page
    assert (site / "static" / "vendor" / "jquery" / "jquery.min.js").is_file()


def test_pages_point_at_copies_that_exist(site):
    for page in site.rglob("*.html"):
        for local in re.findall(
            r'(?:src|href)="((?:\.\./)*static/vendor/[^"]+)"', page.read_text("utf-8")
        ):
            assert (page.parent / local).resolve().is_file(), (page, local)


def test_unknown_outside_links_are_dropped_and_known_assets_kept_local():
    html = '<link href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css">'
    assert offline_page(html, "") == '<link href="static/vendor/bootstrap/bootstrap.min.css">'
    assert offline_page('<a href="https://example.org/x">x</a>', "") == '<a href="#">x</a>'


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
def test_the_index_lists_its_results_in_a_browser_with_no_network(site, tmp_path):
    spec = importlib.util.spec_from_file_location("shots", ROOT / "scripts" / "screenshots.py")
    shots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shots)
    dom = shots.chromium((site / "index.html").as_uri(), tmp_path / "profile")
    assert re.findall(r"<tr[^>]*data-index", dom), "the results list is empty: no scripts"
    assert "akhbar-main-articles" in dom


def test_a_new_validation_renders_its_own_pages_and_leaves_the_earlier_ones(
    example_warehouse, tmp_path
):
    """Incremental Data Docs: each run adds its result pages, none is rendered again."""
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(example_warehouse, warehouse)
    assert main(["validate", "--warehouse", str(warehouse)]) == 0
    site = tmp_path / "w-gx" / "gx" / "uncommitted" / "data_docs" / "local_site"
    first = {p: p.stat().st_mtime_ns for p in (site / "validations").rglob("*.html")}
    assert main(["validate", "--warehouse", str(warehouse)]) == 0
    pages = {p: p.stat().st_mtime_ns for p in (site / "validations").rglob("*.html")}
    assert len(pages) == 2 * len(first) > 0
    assert {p: pages[p] for p in first} == first
    variables = tmp_path / "w-gx" / "gx" / "uncommitted" / "config_variables.yml"
    assert not [line for line in variables.read_text().splitlines() if line.startswith("#")]
