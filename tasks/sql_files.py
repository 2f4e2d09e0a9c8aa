"""The one reader of packaged SQL files (``warehouse/sql/``, ``expectations/queries/``)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def read_sql(package: str, path: str) -> str:
    """Text of ``<package>/<path>.sql``: ``read_sql("akhbar.warehouse", "sql/run/publish")``."""
    return resources.files(package).joinpath(f"{path}.sql").read_text("utf-8")


def quote_identifier(name: str) -> str:
    """``name`` as a DuckDB identifier in double quotes (catalog names come from paths).

    >>> print(quote_identifier('my"w'))
    "my""w"
    """
    return '"' + name.replace('"', '""') + '"'
