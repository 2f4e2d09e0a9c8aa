"""Fetch the CSS, JavaScript and fonts Great Expectations' Data Docs load from CDNs.

    python scripts/vendor_data_docs_assets.py      # needs npm and the npm registry

Each asset is taken from its package on the npm registry (``npm pack``), at the version
the Data Docs pages name, into ``expectations/assets/`` with the package's licence, and
``manifest.json`` maps each CDN URL to its copy. ``expectations/data_docs.py`` points
the pages at these copies when a site is built, so Data Docs render with no network.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "expectations" / "assets"

#: CDN URL in the Data Docs pages -> (npm package, file in the package, local path).
ASSETS = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": (
        "bootstrap@4.3.1",
        "dist/css/bootstrap.min.css",
        "bootstrap/bootstrap.min.css",
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": (
        "bootstrap@4.3.1",
        "dist/js/bootstrap.min.js",
        "bootstrap/bootstrap.min.js",
    ),
    "https://code.jquery.com/jquery-3.7.1.min.js": (
        "jquery@3.7.1",
        "dist/jquery.min.js",
        "jquery/jquery.min.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": (
        "popper.js@1.12.9",
        "dist/umd/popper.min.js",
        "popper/popper.min.js",
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": (
        "bootstrap-table@1.19.1",
        "dist/bootstrap-table.min.css",
        "bootstrap-table/bootstrap-table.min.css",
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": (
        "bootstrap-table@1.19.1",
        "dist/bootstrap-table.min.js",
        "bootstrap-table/bootstrap-table.min.js",
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": (  # noqa: E501 (a URL)
        "bootstrap-table@1.19.1",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
        "bootstrap-table/bootstrap-table-filter-control.min.css",
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": (  # noqa: E501 (a URL)
        "bootstrap-table@1.19.1",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
        "bootstrap-table/bootstrap-table-filter-control.min.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (  # noqa: E501 (a URL)
        "bootstrap-datepicker@1.9.0",
        "dist/css/bootstrap-datepicker.min.css",
        "bootstrap-datepicker/bootstrap-datepicker.min.css",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (  # noqa: E501 (a URL)
        "bootstrap-datepicker@1.9.0",
        "dist/js/bootstrap-datepicker.min.js",
        "bootstrap-datepicker/bootstrap-datepicker.min.js",
    ),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": (  # noqa: E501 (a URL)
        "@forevolve/bootstrap-dark@1.1.0",
        "dist/css/bootstrap-prefers-dark.min.css",
        "bootstrap-dark/bootstrap-prefers-dark.css",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": (
        "@fortawesome/fontawesome-free@6.6.0",
        "css/all.min.css",
        "fontawesome/css/all.min.css",
    ),
    "https://cdn.jsdelivr.net/npm/vega@5": ("vega@5.33.1", "build/vega.min.js", "vega/vega.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-lite@5": (
        "vega-lite@5.23.0",
        "build/vega-lite.min.js",
        "vega/vega-lite.min.js",
    ),
    "https://cdn.jsdelivr.net/npm/vega-embed@6": (
        "vega-embed@6.29.0",
        "build/vega-embed.min.js",
        "vega/vega-embed.min.js",
    ),
}
#: Other URLs the pages use for an asset above.
ALSO = {
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",  # noqa: E501 (URLs)
}
#: Whole folders some assets need beside them (font-awesome's CSS loads ../webfonts/).
FOLDERS = {"@fortawesome/fontawesome-free@6.6.0": ("webfonts", "fontawesome/webfonts")}
LICENCES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENSE-MIT")


def unpack(package: str, work: Path) -> Path:
    """``npm pack`` one package version and unpack it; return its ``package/`` folder."""
    name = (
        subprocess.run(
            ["npm", "pack", "--silent", package],
            cwd=work,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    target = work / name.removesuffix(".tgz")
    with tarfile.open(work / name) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def write_licence(root: Path, package: str, folder: Path) -> None:
    """The package's licence file beside its assets, or its declared licence if it has none."""
    folder.mkdir(parents=True, exist_ok=True)
    name = "LICENSE-" + package.rsplit("@", 1)[0].lstrip("@").replace("/", "-")
    found = [root / n for n in LICENCES if (root / n).exists()]
    if found:
        shutil.copy(found[0], folder / name)
        return
    declared = json.loads((root / "package.json").read_text("utf-8")).get("license")
    (folder / name).write_text(f"{package}: {declared} (as its package.json declares)\n")


def main() -> None:
    """Fetch every asset into ``expectations/assets`` and write the manifest."""
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as work:
        unpacked: dict[str, Path] = {}
        for package, source, local in ASSETS.values():
            if package not in unpacked:
                unpacked[package] = unpack(package, Path(work))
                write_licence(unpacked[package], package, OUT / local.split("/")[0])
            (OUT / local).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(unpacked[package] / source, OUT / local)
        for package, (source, local) in FOLDERS.items():
            shutil.copytree(
                unpacked[package] / source, OUT / local, ignore=shutil.ignore_patterns("*.ttf")
            )
    manifest = {url: local for url, (_, _, local) in ASSETS.items()}
    manifest |= {url: manifest[same] for url, same in ALSO.items()}
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{len(manifest)} assets into {OUT}")


if __name__ == "__main__":
    main()
