"""What a user may set in the environment: the CLI's defaults, read once by the CLI."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Defaults a user may set in the environment (``AKHBAR_WAREHOUSE``, ...)."""

    model_config = SettingsConfigDict(env_prefix="AKHBAR_")

    warehouse: Path = Path("akhbar.duckdb")
    shard_size: int = 2000
