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


def with_warehouse(text: str, catalog: str) -> str:
    """``text`` with ``{warehouse}`` naming the main schema of the warehouse ``catalog``.

    For SQL run while a run's staging catalog is attached: there, a view stored in the
    staging file reads ``main`` as the staging file's own, and ``use staging`` makes a
    bare ``main`` mean it too.

    >>> with_warehouse("select * from {warehouse}.runs", "w")
    'select * from "w".main.runs'
    """
    return text.replace("{warehouse}", f"{quote_identifier(catalog)}.main")
