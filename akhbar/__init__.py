"""akhbar: raw Arabic news articles into a validated, deduplicated DuckDB warehouse."""

__version__ = "0.2.0"
