"""Ingest: raw bytes of scraped article files -> parsed articles + quarantine.

The seed layout, one article per file::

    title line
    <blank>
    13 فبراير 2019                    <- date line (Egyptian, Levantine, Maghrebi months;
    optional photo caption line          Arabic-Indic digits allowed)
    + الخط -                          <- UI debris, dropped wherever it occurs
    paragraph
    <blank, sometimes a no-break space>
    paragraph ...

:func:`decode` and :func:`parse` are pure; :func:`list_inputs` and :func:`read_files`
do the file I/O; :func:`ingest_task` is the Prefect wrapper.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import polars as pl

from akhbar.config import IngestConfig

RAW_SCHEMA = pl.Schema(
    {"source_uri": pl.String, "file_name": pl.String, "raw": pl.Binary, "read_error": pl.String}
)
PARSED_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "source_uri": pl.String,
        "title": pl.String,
        "published_date": pl.Date,
        "caption": pl.String,
        "body": pl.String,
        "n_paragraphs": pl.Int32,
        "encoding": pl.String,
    }
)
QUARANTINE_SCHEMA = pl.Schema(
    {"source_uri": pl.String, "reason": pl.String, "detail": pl.String, "raw": pl.Binary}
)

# Month names as newsrooms write them: Egyptian/Gulf (Latin-derived), Levantine
# (Syriac-derived), Maghrebi (French-derived) and Moroccan spellings.
MONTHS: dict[str, int] = {
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1,
    "فبراير": 2, "فيفري": 2, "شباط": 2, "فبرير": 2,
    "مارس": 3, "آذار": 3, "اذار": 3,
    "أبريل": 4, "إبريل": 4, "ابريل": 4, "أفريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "أيار": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "يونية": 6, "جوان": 6, "حزيران": 6,
    "يوليو": 7, "يوليه": 7, "يولية": 7, "جويلية": 7, "يوليوز": 7, "تموز": 7,
    "أغسطس": 8, "اغسطس": 8, "أوت": 8, "اوت": 8, "غشت": 8, "آب": 8, "اب": 8,
    "سبتمبر": 9, "شتنبر": 9, "أيلول": 9, "ايلول": 9,
    "أكتوبر": 10, "اكتوبر": 10, "تشرين الأول": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "نونبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "دجنبر": 12, "كانون الأول": 12, "كانون الاول": 12,
}  # fmt: skip
WEEKDAYS = ("السبت", "الأحد", "الاحد", "الإثنين", "الاثنين", "الثلاثاء", "الأربعاء",
            "الاربعاء", "الخميس", "الجمعة")  # fmt: skip

# Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits to ASCII.
DIGIT_MAP = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}
DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
MONTH_ALTERNATION = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_MONTH = rf"(?:{MONTH_ALTERNATION})"
DATE_LINE_RE = (
    rf"^(?:(?:{'|'.join(WEEKDAYS)})\s*[،,]?\s*)?"
    rf"(?P<day>{DIGIT}{{1,2}})\s+(?P<month>{_MONTH})(?:\s*/\s*{_MONTH})?\s*[،,]?\s+"
    rf"(?P<year>{DIGIT}{{4}})$"
)
FILE_HEX_ID_RE = r"_([0-9a-fA-F]{16})\.[^./]+$"


def list_inputs(root: str | Path) -> list[Path]:
    """Files under ``root`` (or ``root`` itself), sorted, without following links.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped.
    """
    root = Path(root)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileNotFoundError(f"input path does not exist: {root}")
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder, f) for f in files if not f.startswith("."))
    return sorted(found)


def read_files(paths: list[Path]) -> pl.DataFrame:
    """Read each file's bytes; a file that cannot be read gets ``read_error`` instead."""
    rows = []
    for path in paths:
        raw, error = None, None
        try:
            raw = path.read_bytes()
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc.strerror or exc}"
        rows.append((path.resolve().as_uri(), path.name, raw, error))
    return pl.DataFrame(rows, schema=RAW_SCHEMA, orient="row")


def _decode_one(raw: bytes | None, cfg: IngestConfig) -> tuple[str | None, str, str | None]:
    """Return ``(text, encoding, None)`` or ``(None, reason, detail)``."""
    if raw is None:
        return None, "unreadable", None
    if not raw:
        return None, "empty_file", "0 bytes"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError as exc:
            return None, "undecodable", f"UTF-16 byte order mark but invalid UTF-16: {exc}"
    controls = sum(raw.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    if b"\x00" in raw or controls > cfg.max_control_share * len(raw):
        return None, "binary_content", f"{controls} control bytes in {len(raw)}"
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig", None
        except UnicodeDecodeError as exc:
            return None, "undecodable", f"UTF-8 byte order mark but invalid UTF-8: {exc}"
    try:
        return raw.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1256")
        except UnicodeDecodeError:
            return None, "undecodable", f"neither UTF-8 ({utf8_error.reason}) nor Windows-1256"
        letters = [c for c in text if c.isalpha()]
        arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
        if letters and arabic / len(letters) >= cfg.min_arabic_share_cp1256:
            return text, "cp1256", None
        return (
            None,
            "undecodable",
            (
                f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}); as Windows-1256 "
                f"only {arabic}/{len(letters)} letters would be Arabic"
            ),
        )


def decode(raw: pl.DataFrame, cfg: IngestConfig) -> pl.DataFrame:
    """Decode ``raw`` bytes to ``text``.

    UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1256 when the bytes
    read as Arabic in it.
    Rows that cannot be decoded keep ``text`` null and say why in ``reason``/``detail``
    (``empty_file``, ``binary_content``, ``undecodable``, ``unreadable``).
    """
    decoded = [_decode_one(r, cfg) for r in raw["raw"]]
    text, second, detail = zip(*decoded, strict=True) if decoded else ((), (), ())
    out = raw.with_columns(
        text=pl.Series(text, dtype=pl.String),
        _second=pl.Series(second, dtype=pl.String),
        detail=pl.Series(detail, dtype=pl.String),
    )
    ok = pl.col("text").is_not_null()
    return out.with_columns(
        encoding=pl.when(ok).then("_second"),
        reason=pl.when(~ok).then("_second"),
        detail=pl.when(pl.col("read_error").is_not_null()).then("read_error").otherwise("detail"),
    ).drop("_second")


def _ascii_digits(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_many(list(DIGIT_MAP), list(DIGIT_MAP.values()))


def parse(decoded: pl.DataFrame, cfg: IngestConfig) -> pl.DataFrame:
    """Parse decoded texts in the seed layout into one row per document.

    Returns ``doc`` (row index into ``decoded``), ``title``, ``published_date``,
    ``caption``, ``body`` (paragraphs joined by two newlines; lines within a paragraph
    by one) and ``n_paragraphs``. Documents with no non-blank line are absent.
    """
    debris_re = "|".join(f"(?:{p})" for p in cfg.debris_patterns)
    lines = (
        decoded.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"), "text")
        .filter(pl.col("text").is_not_null())
        .with_columns(pl.col("text").str.split("\n").alias("line"))
        .explode("line")
        .with_columns(pl.col("line").str.strip_chars())  # also strips \r and no-break spaces
        .with_columns(
            line_no=pl.int_range(pl.len()).over("doc"),
            is_blank=pl.col("line") == "",
            is_debris=pl.col("line").str.contains(debris_re),
        )
        # a paragraph is a run of non-blank lines; blank and debris lines separate runs
        .with_columns(para=(pl.col("is_blank") | pl.col("is_debris")).cum_sum().over("doc"))
        .filter(~pl.col("is_blank"))
        .with_columns(k=pl.int_range(pl.len()).over("doc"))
    )
    header_end = pl.col("has_date").cast(pl.Int64)
    lines = (
        lines.with_columns(
            is_date=(pl.col("k") == 1) & pl.col("line").str.contains(DATE_LINE_RE),
            first_debris=pl.col("k").filter(pl.col("is_debris")).min().over("doc"),
        )
        .with_columns(has_date=pl.col("is_date").any().over("doc"))
        # a caption is the one line between the date (or title) and the debris line
        .with_columns(
            is_caption=(pl.col("k") == header_end + 1) & (pl.col("first_debris") == header_end + 2)
        )
        .with_columns(
            is_paragraph=(pl.col("k") > header_end) & ~pl.col("is_caption") & ~pl.col("is_debris")
        )
    )
    heads = lines.group_by("doc").agg(
        title=pl.col("line").filter(pl.col("k") == 0).first(),
        date_line=pl.col("line").filter(pl.col("is_date")).first(),
        caption=pl.col("line").filter(pl.col("is_caption")).first(),
    )
    bodies = (
        lines.filter(pl.col("is_paragraph"))
        .group_by("doc", "para", maintain_order=True)
        .agg(pl.col("line").str.join("\n"))
        .group_by("doc", maintain_order=True)
        .agg(body=pl.col("line").str.join("\n\n"), n_paragraphs=pl.len().cast(pl.Int32))
    )
    parts = pl.col("date_line").str.extract_groups(DATE_LINE_RE)
    return (
        heads.join(bodies, on="doc", how="left", maintain_order="left")
        .with_columns(
            published_date=pl.concat_str(
                _ascii_digits(parts.struct["year"]),
                parts.struct["month"].replace_strict(MONTHS, default=None, return_dtype=pl.String),
                _ascii_digits(parts.struct["day"]),
                separator="-",
            ).str.to_date("%Y-%-m-%-d", strict=False)
        )
        .with_columns(pl.col("n_paragraphs").fill_null(0))
        .select("doc", "title", "published_date", "caption", "body", "n_paragraphs")
        .sort("doc")
    )


def _stable_id(source_uri: str) -> str:
    return hashlib.blake2b(source_uri.encode(), digest_size=8).hexdigest()


def assign_article_ids(frame: pl.DataFrame) -> pl.Series:
    """The file name's 16-hex id (``000_fd7f6e054872468d.txt``) else a hash of the source."""
    from_name = frame["file_name"].str.extract(FILE_HEX_ID_RE).str.to_lowercase()
    fallback = pl.Series([_stable_id(u) for u in frame["source_uri"]], dtype=pl.String)
    return from_name.fill_null(fallback).alias("article_id")


def ingest(
    raw: pl.DataFrame, cfg: IngestConfig, seen_ids: pl.Series | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    r"""Decode and parse one shard of raw files.

    Parameters
    ----------
    raw
        ``RAW_SCHEMA`` rows, one per input file.
    cfg
        Decoding and layout settings.
    seen_ids
        Article ids already taken earlier in the run: a file whose id collides with one
        is quarantined (``duplicate_article_id``) rather than overwriting it.

    Returns
    -------
    articles, quarantine
        ``PARSED_SCHEMA`` and ``QUARANTINE_SCHEMA`` frames. Every input row ends in
        exactly one of them.

    Examples
    --------
    >>> raw = pl.DataFrame(
    ...     [("file:///c/001_00000000000000aa.txt", "001_00000000000000aa.txt",
    ...       "عنوان\n\n4 آذار 2019\n+ الخط -\nفقرة أولى.".encode(), None)],
    ...     schema=RAW_SCHEMA, orient="row")
    >>> articles, quarantine = ingest(raw, IngestConfig())
    >>> articles.select("article_id", "published_date", "body").row(0)
    ('00000000000000aa', datetime.date(2019, 3, 4), 'فقرة أولى.')
    """
    decoded = decode(raw, cfg).with_columns(assign_article_ids(raw))
    parsed = parse(decoded, cfg)
    docs = decoded.with_row_index("doc").join(parsed, on="doc", how="left", maintain_order="left")
    seen = seen_ids if seen_ids is not None else pl.Series(dtype=pl.String)
    docs = docs.with_columns(
        reason=pl.coalesce(
            "reason",
            pl.when(pl.col("title").is_null()).then(pl.lit("empty_text")),
            pl.when(pl.col("n_paragraphs") == 0).then(pl.lit("no_body")),
            pl.when(
                pl.col("article_id").is_in(seen.implode())
                | ~pl.col("article_id").is_first_distinct()
            ).then(pl.lit("duplicate_article_id")),
        )
    ).with_columns(
        detail=pl.coalesce(
            "detail",
            pl.when(pl.col("reason") == "empty_text").then(pl.lit("only whitespace")),
            pl.when(pl.col("reason") == "no_body").then(pl.lit("a title but no paragraphs")),
            pl.when(pl.col("reason") == "duplicate_article_id").then(
                pl.format("article id {} is taken by another input of this run", "article_id")
            ),
        )
    )
    articles = docs.filter(pl.col("reason").is_null()).select(PARSED_SCHEMA.names())
    quarantine = docs.filter(pl.col("reason").is_not_null()).select(QUARANTINE_SCHEMA.names())
    return articles.cast(PARSED_SCHEMA), quarantine.cast(QUARANTINE_SCHEMA)
