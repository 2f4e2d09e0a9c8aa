"""Data Docs that render offline: the CDN assets GX's pages load, served from the site.

Great Expectations writes pages that load Bootstrap, jQuery, bootstrap-table, Font
Awesome and Vega from CDNs, so without a network the index is an empty list. akhbar
keeps copies of those files (``expectations/assets/``, fetched from their npm packages
by ``scripts/vendor_data_docs_assets.py``, licences beside them), copies them into the
site when it is built, and points every page at them. GX's logo comes from the site's
own ``static/images``; other outside links (GX's documentation, its newsletter) are
dropped, so no page asks the network for anything.
"""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path

VENDOR = "static/vendor"
_EXTERNAL = re.compile(r"""(?P<attr>\b(?:src|href))=(?P<q>["'])(?P<url>https?://[^"']*)(?P=q)""")
_CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>https?://[^"')]*)(?P=q)\s*\)""")


def _manifest() -> dict[str, str]:
    text = (
        resources.files("akhbar.expectations")
        .joinpath("assets", "manifest.json")
        .read_text("utf-8")
    )
    return json.loads(text)


def _local(url: str, manifest: dict[str, str], root: str) -> str:
    """Where a page at ``root`` (a relative path to the site) finds ``url`` offline."""
    bare = url.split("?", 1)[0]
    if bare in manifest:
        return f"{root}{VENDOR}/{manifest[bare]}"
    if "great-expectations-web-assets" in bare and bare.endswith(".png"):
        return f"{root}static/images/logo-long.png"
    return "#"


def offline_page(html: str, root: str, manifest: dict[str, str] | None = None) -> str:
    """``html`` with every outside ``src``, ``href`` and CSS ``url()`` made local (or dropped).

    >>> offline_page('<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>'
    ...              '<a href="https://greatexpectations.io">GX</a>', "../")
    '<script src="../static/vendor/jquery/jquery.min.js"></script><a href="#">GX</a>'
    """
    manifest = _manifest() if manifest is None else manifest
    html = _EXTERNAL.sub(
        lambda m: f"{m['attr']}={m['q']}{_local(m['url'], manifest, root)}{m['q']}", html
    )
    return _CSS_URL.sub(lambda m: f"url({m['q']}{_local(m['url'], manifest, root)}{m['q']})", html)


def make_offline(site: Path) -> int:
    """Copy the assets into ``site`` and point its pages at them; return pages changed."""
    assets = resources.files("akhbar.expectations").joinpath("assets")
    with resources.as_file(assets) as folder:
        shutil.copytree(folder, site / VENDOR, dirs_exist_ok=True)
    manifest = _manifest()
    changed = 0
    for page in site.rglob("*.html"):
        root = "../" * (len(page.relative_to(site).parts) - 1)
        html = page.read_text("utf-8")
        offline = offline_page(html, root, manifest)
        if offline != html:
            page.write_text(offline, "utf-8")
            changed += 1
    return changed
