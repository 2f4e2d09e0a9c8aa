"""Typed configuration, resolved once at the entrypoint and passed down.

Stage functions take the small frozen model they need (``IngestConfig``,
``NormalizeConfig``, ...). ``PipelineConfig`` bundles them for a run; it is what
the Prefect flow takes as its parameter (so the UI renders it as a form) and what
``runs.config`` records. Only :class:`Settings` reads the environment, and only
the CLI builds it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DEBRIS_PATTERNS = (
    r"^\+\s*الخط\s*-$",  # font-size buttons: "+ الخط -"
    r"^-\s*الخط\s*\+$",
    r"^(طباعة|شارك|مشاركة|أرسل لصديق|اقرأ أيضا|اقرأ أيضاً)$",
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IngestConfig(_Frozen):
    """How raw files are decoded and parsed."""

    debris_patterns: tuple[str, ...] = Field(
        default=DEFAULT_DEBRIS_PATTERNS,
        description="Regexes for whole lines of scraped UI debris, dropped wherever they occur.",
    )
    min_arabic_share_cp1256: float = Field(
        default=0.3,
        description="Bytes that are not UTF-8 are read as Windows-1256 only if at least this "
        "share of their letters is then Arabic.",
    )
    max_control_share: float = Field(
        default=0.01,
        description="Inputs with more control characters than this share are binary.",
    )


class NormalizeConfig(_Frozen):
    """camel-tools normalisations applied to ``token_norm`` and to dedup keys."""

    arclean: bool = True
    dediac: bool = True
    alef: bool = True
    alef_maksura: bool = True
    teh_marbuta: bool = True


class ExtractConfig(_Frozen):
    """First-cut extraction settings."""

    lexicon_path: str | None = Field(
        default=None,
        description="TSV of `surface<TAB>type<TAB>canonical`; default: the packaged lexicon.",
    )


class PipelineConfig(_Frozen):
    """Everything one run needs."""

    input_path: str = Field(description="Directory (searched recursively) or a single file.")
    warehouse_path: str = Field(default="akhbar.duckdb", description="DuckDB file to build.")
    shard_size: int = Field(default=2000, ge=1, description="Documents per task run.")
    ingest: IngestConfig = IngestConfig()
    normalize: NormalizeConfig = NormalizeConfig()
    extract: ExtractConfig = ExtractConfig()


class Settings(BaseSettings):
    """Defaults a user may set in the environment (``AKHBAR_WAREHOUSE``, ...)."""

    model_config = SettingsConfigDict(env_prefix="AKHBAR_")

    warehouse: Path = Path("akhbar.duckdb")
    shard_size: int = 2000
