"""Views analysts read, as models: ``warehouse/models/{staging,marts}/<view>.sql``.

Each file is ``create or replace view`` (and its ``comment on`` lines), stating the
view's grain. They are applied after the migrations every time the warehouse is opened
for writing, staging first, so a changed view needs no migration. A view that reads
another (``mart_entity_daily`` reads ``mart_articles``) is applied once what it reads
exists, whatever the file order.
"""

from __future__ import annotations

from importlib import resources

import duckdb

LAYERS = ("staging", "marts")


def model_files() -> list[tuple[str, str]]:
    """``(name, sql)`` of every model, staging first, by name within a layer."""
    root = resources.files("akhbar.warehouse").joinpath("models")
    found = []
    for layer in LAYERS:
        files = sorted(
            (f for f in root.joinpath(layer).iterdir() if f.name.endswith(".sql")),
            key=lambda f: f.name,
        )
        found += [(f"{layer}/{f.name.removesuffix('.sql')}", f.read_text("utf-8")) for f in files]
    return found


def apply_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create or replace every view; return their names in the order applied."""
    pending, applied = model_files(), []
    while pending:
        waiting = []
        for name, sql in pending:
            try:
                con.execute(sql)
                applied.append(name)
            except duckdb.CatalogException:  # it reads a view not applied yet
                waiting.append((name, sql))
        if len(waiting) == len(pending):
            name, sql = waiting[0]
            con.execute(sql)  # raises the real error
        pending = waiting
    return applied
