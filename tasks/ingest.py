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
import html
import os
import re
from pathlib import Path

import polars as pl

from akhbar.config import IngestConfig

RECORD_COLUMNS = {c: pl.String for c in ("title", "body", "published", "outlet", "url", "author")}
#: One input unit: a text file, or one record of a record-format file.
UNIT_SCHEMA = pl.Schema(
    {
        "source_uri": pl.String,
        "file_name": pl.String,  # gives the article id for text files; null for records
        "input_format": pl.String,  # text | json | jsonl | csv | parquet | trec | ...
        "raw": pl.Binary,  # the file's bytes, or the record as JSON
        "reason": pl.String,  # set when the reader already knows the unit is unusable
        "detail": pl.String,
        "encoding": pl.String,  # records: the encoding of their file
    }
    | RECORD_COLUMNS
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
        "outlet": pl.String,
        "url": pl.String,
        "author": pl.String,
        "byline": pl.String,
        "input_format": pl.String,
        "n_controls_removed": pl.Int32,
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


def source_uri(path: Path) -> str:
    """``file://`` URI of ``path`` made absolute, links not resolved (a link may loop)."""
    return Path(os.path.abspath(path)).as_uri()  # noqa: PTH100 (resolve() follows links)


def read_files(paths: list[Path]) -> pl.DataFrame:
    """Read plain text files into ``UNIT_SCHEMA`` rows (``tasks.readers`` reads every format).

    A file that cannot be read becomes a unit with reason ``unreadable``.
    """
    rows = []
    for path in paths:
        raw, reason, detail = None, None, None
        try:
            raw = path.read_bytes()
        except OSError as exc:
            reason, detail = "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}"
        rows.append(
            {"source_uri": source_uri(path), "file_name": path.name, "input_format": "text",
             "raw": raw, "reason": reason, "detail": detail}
        )  # fmt: skip
    return pl.DataFrame(rows, schema=UNIT_SCHEMA)


def decode_bytes(raw: bytes | None, cfg: IngestConfig) -> tuple[str | None, str, str | None]:
    """Decode one input: ``(text, encoding, None)`` or ``(None, reason, detail)``.

    UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1256 when the bytes read
    as Arabic in it. Reasons: ``unreadable``, ``empty_file``, ``binary_content``,
    ``truncated_utf8``, ``invalid_utf8``, ``undecodable``.
    """
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
    body, encoding = (raw[3:], "utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else (raw, "utf-8")
    try:
        return body.decode("utf-8"), encoding, None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    replaced = body.decode("utf-8", errors="replace")
    looks_arabic_utf8 = _arabic_share(replaced) >= 0.5
    truncated = utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(body) - 3
    if looks_arabic_utf8 and truncated:
        return (
            None,
            "truncated_utf8",
            f"UTF-8 cut off inside a character at byte {utf8_error.start}",
        )
    # Windows-1256 Arabic read as UTF-8 is mostly invalid; UTF-8 with a damaged byte is not
    if looks_arabic_utf8 and replaced.count("\ufffd") <= max(3, len(replaced) // 50):
        return (
            None,
            "invalid_utf8",
            (
                f"UTF-8 with {replaced.count(chr(0xFFFD))} invalid byte sequence(s), first at byte "
                f"{utf8_error.start}"
            ),
        )
    try:
        text = raw.decode("cp1256")
    except UnicodeDecodeError:
        return None, "undecodable", f"neither UTF-8 ({utf8_error.reason}) nor Windows-1256"
    share = _arabic_share(text)
    if share >= cfg.min_arabic_share_cp1256:
        return text, "cp1256", None
    return (
        None,
        "undecodable",
        (
            f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}); as Windows-1256 "
            f"only {share:.0%} of its letters would be Arabic"
        ),
    )


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum("\u0600" <= c <= "\u06ff" for c in letters) / len(letters) if letters else 0.0


def decode(units: pl.DataFrame, cfg: IngestConfig) -> pl.DataFrame:
    """Decode ``raw`` bytes to ``text`` (see :func:`decode_bytes`).

    Rows that cannot be decoded keep ``text`` null and say why in ``reason``/``detail``.
    """
    decoded = [decode_bytes(r, cfg) for r in units["raw"]]
    text, second, detail = zip(*decoded, strict=True) if decoded else ((), (), ())
    out = units.with_columns(
        text=pl.Series(text, dtype=pl.String),
        _second=pl.Series(second, dtype=pl.String),
        _detail=pl.Series(detail, dtype=pl.String),
    )
    ok = pl.col("text").is_not_null()
    return out.with_columns(
        encoding=pl.when(ok).then("_second"),
        reason=pl.coalesce("reason", pl.when(~ok).then("_second")),
        detail=pl.coalesce("detail", "_detail"),
    ).drop("_second", "_detail")


# --- cleaning ------------------------------------------------------------------------
ARABIC_LETTERS = "[\u0621-\u064a]"
#: Invisible formatting characters scrapes carry: zero-width space, LRM/RLM, bidi
#: embeddings, overrides and isolates, word joiner, BOM, Arabic letter mark. ZWNJ and
#: ZWJ stay: they shape Persian words and emoji sequences.
CONTROL_CHARS = "[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u061c]"
NO_BREAK_SPACES = "[\u00a0\u2007\u202f]"
HTML_ENTITY = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});"
MOJIBAKE_SHARE = 0.25  # real Arabic has ~2% ط/ظ; UTF-8 read as Windows-1256 has ~50%


def clean(texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    r"""Remove HTML remnants, normalise to NFC, drop invisible controls, fold no-break spaces.

    Returns
    -------
    cleaned, n_controls_removed

    Examples
    --------
    >>> cleaned, removed = clean(pl.Series(["قال&nbsp;الوزير\u200f<br>&quot;نعم&quot;"]))
    >>> cleaned.to_list(), removed.to_list()
    (['قال الوزير\n"نعم"'], [1])
    """
    frame = (
        texts.alias("t")
        .to_frame()
        .with_columns(
            n_removed=pl.col("t").str.count_matches(CONTROL_CHARS).cast(pl.Int32),
            t=pl.col("t")
            .str.replace_all(r"(?i)<br\s*/?>", "\n")
            .str.replace_all(r"(?i)</?p(?:\s[^>]*)?>", "\n\n")
            .str.replace_all(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", "")
            .str.replace_all(CONTROL_CHARS, ""),
        )
    )
    has_entity = frame["t"].str.contains(HTML_ENTITY).fill_null(False)
    if has_entity.any():
        unescaped = [
            html.unescape(t) if e else t for t, e in zip(frame["t"], has_entity, strict=True)
        ]
        frame = frame.with_columns(t=pl.Series(unescaped, dtype=pl.String))
    frame = frame.with_columns(
        pl.col("t").str.normalize("NFC").str.replace_all(NO_BREAK_SPACES, " ")
    )
    return frame["t"].alias(texts.name), frame["n_removed"]


def repair_mojibake(texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Undo UTF-8 text that was decoded as Windows-1256 and saved again.

    Returns the texts (repaired where possible) and a status per text: null (looked
    fine), ``repaired``, or ``unrepairable``.

    >>> fixed, status = repair_mojibake(pl.Series(["سلام عليكم".encode().decode("cp1256")]))
    >>> fixed.to_list(), status.to_list()
    (['سلام عليكم'], ['repaired'])
    """
    arabic = texts.str.count_matches(ARABIC_LETTERS)
    suspect = (texts.str.count_matches("[طظ]") > MOJIBAKE_SHARE * arabic) & (arabic >= 6)
    suspect = suspect.fill_null(False)
    fixed, status = list(texts), [None] * len(texts)
    for i in suspect.arg_true():
        try:
            fixed[i] = texts[i].encode("cp1256").decode("utf-8")
            status[i] = "repaired"
        except UnicodeError:
            status[i] = "unrepairable"
    return pl.Series(texts.name, fixed, dtype=pl.String), pl.Series(
        "mojibake", status, dtype=pl.String
    )


# --- parsing ---------------------------------------------------------------------------
def _ascii_digits(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_many(list(DIGIT_MAP), list(DIGIT_MAP.values()))


def _parse_date_line(expr: pl.Expr) -> pl.Expr:
    parts = expr.str.extract_groups(DATE_LINE_RE)
    return pl.concat_str(
        _ascii_digits(parts.struct["year"]),
        parts.struct["month"].replace_strict(MONTHS, default=None, return_dtype=pl.String),
        _ascii_digits(parts.struct["day"]),
        separator="-",
    ).str.to_date("%Y-%-m-%-d", strict=False)


def parse(decoded: pl.DataFrame, cfg: IngestConfig) -> pl.DataFrame:
    """Parse texts in the seed layout into one row per text.

    ``decoded`` needs ``unit`` and ``text``. Returns ``unit``, ``title``,
    ``published_date``, ``caption``, ``body`` (paragraphs joined by two newlines;
    lines within a paragraph by one), ``n_paragraphs`` and ``longest_line``. Texts with
    no non-blank line are absent.
    """
    debris_re = "|".join(f"(?:{p})" for p in cfg.debris_patterns)
    lines = (
        decoded.select("unit", "text")
        .filter(pl.col("text").is_not_null())
        .with_columns(pl.col("text").str.split("\n").alias("line"))
        .explode("line")
        .with_columns(pl.col("line").str.strip_chars())  # also strips \r and no-break spaces
        .with_columns(
            is_blank=pl.col("line") == "",
            is_debris=pl.col("line").str.contains(debris_re),
        )
        # a paragraph is a run of non-blank lines; blank and debris lines separate runs
        .with_columns(para=(pl.col("is_blank") | pl.col("is_debris")).cum_sum().over("unit"))
        .filter(~pl.col("is_blank"))
        .with_columns(k=pl.int_range(pl.len()).over("unit"))
    )
    header_end = pl.col("has_date").cast(pl.Int64)
    lines = (
        lines.with_columns(
            is_date=(pl.col("k") == 1) & pl.col("line").str.contains(DATE_LINE_RE),
            first_debris=pl.col("k").filter(pl.col("is_debris")).min().over("unit"),
        )
        .with_columns(has_date=pl.col("is_date").any().over("unit"))
        # a caption is the one line between the date (or title) and the debris line
        .with_columns(
            is_caption=(pl.col("k") == header_end + 1) & (pl.col("first_debris") == header_end + 2)
        )
        .with_columns(
            is_paragraph=(pl.col("k") > header_end) & ~pl.col("is_caption") & ~pl.col("is_debris")
        )
    )
    heads = lines.group_by("unit").agg(
        title=pl.col("line").filter(pl.col("k") == 0).first(),
        date_line=pl.col("line").filter(pl.col("is_date")).first(),
        caption=pl.col("line").filter(pl.col("is_caption")).first(),
        longest_line=pl.col("line").str.len_chars().max(),
    )
    bodies = (
        lines.filter(pl.col("is_paragraph"))
        .group_by("unit", "para", maintain_order=True)
        .agg(pl.col("line").str.join("\n"))
        .group_by("unit", maintain_order=True)
        .agg(body=pl.col("line").str.join("\n\n"), n_paragraphs=pl.len().cast(pl.Int32))
    )
    return (
        heads.join(bodies, on="unit", how="left", maintain_order="left")
        .with_columns(
            published_date=_parse_date_line(pl.col("date_line")),
            n_paragraphs=pl.col("n_paragraphs").fill_null(0),
        )
        .select(
            "unit", "title", "published_date", "caption", "body", "n_paragraphs", "longest_line"
        )
        .sort("unit")
    )


def parse_records(records: pl.DataFrame) -> pl.DataFrame:
    """Records' fields into article fields: each non-blank body line is a paragraph.

    ``published`` may be an ISO date or timestamp (``2015-07-21 02:51:32``) or an
    Arabic date (``13 فبراير 2019``).
    """
    bodies = (
        records.select("unit", pl.col("body").str.split("\n").alias("line"))
        .explode("line")
        .with_columns(pl.col("line").str.strip_chars())
        .filter(pl.col("line") != "")
        .group_by("unit", maintain_order=True)
        .agg(body=pl.col("line").str.join("\n\n"), n_paragraphs=pl.len().cast(pl.Int32))
    )
    published = pl.col("published").str.strip_chars()
    return (
        records.drop("body")
        .join(bodies, on="unit", how="left", maintain_order="left")
        .with_columns(
            title=pl.col("title").str.strip_chars().replace("", None),
            published_date=pl.coalesce(
                published.str.extract(r"^(\d{4}-\d{2}-\d{2})").str.to_date(
                    "%Y-%m-%d", strict=False
                ),
                _parse_date_line(published),
            ),
            caption=pl.lit(None, dtype=pl.String),
            n_paragraphs=pl.col("n_paragraphs").fill_null(0),
        )
    )


# --- bylines -------------------------------------------------------------------------
_NAME = r"[^\s:،.؟!\"«»()\d][^\n:،.؟!\"«»()\d]{1,38}?"
#: A short first paragraph "name – outlet" ("ياسر الحربي – عين اليوم").
BYLINE_PARAGRAPH = rf"^({_NAME}\s?[–—-]\s?{_NAME})\n\n"
#: A dateline glued to the first sentence ("سبق- الدمام: قالت ...").
DATELINE = rf"^({_NAME}\s?[–—-]\s?{_NAME}):\s+"
AGENCIES = ("واس", "رويترز", "أ ف ب", "ا ف ب", "فرانس برس", "د ب أ", "الأناضول", "كونا",
            "وام", "بنا", "قنا", "سبأ", "أسوشييتد برس")  # fmt: skip
#: A credit as the last paragraph: "(واس)", "المصدر: ...", "رابط الخبر بصحيفة ...".
CREDIT_PARAGRAPH = (
    rf"\n\n(\(?\s*(?:{'|'.join(AGENCIES)})\s*\)?|المصدر\s*:[^\n]{{1,80}}|"
    rf"رابط الخبر بصحيفة[^\n]{{0,200}})$"
)


def split_bylines(frame: pl.DataFrame) -> pl.DataFrame:
    r"""Move a leading byline or dateline and a trailing credit from ``body`` to ``byline``.

    >>> split_bylines(pl.DataFrame({"body": ["ياسر الحربي – عين اليوم\n\nقال الوزير."]})).rows()
    [('قال الوزير.', 'ياسر الحربي – عين اليوم')]
    """
    lead = pl.coalesce(
        pl.col("body").str.extract(BYLINE_PARAGRAPH), pl.col("body").str.extract(DATELINE)
    )
    credit = pl.col("body").str.extract(CREDIT_PARAGRAPH)
    return (
        frame.with_columns(_lead=lead, _credit=credit)
        .with_columns(
            body=pl.col("body")
            .str.replace(BYLINE_PARAGRAPH, "")
            .str.replace(DATELINE, "")
            .str.replace(CREDIT_PARAGRAPH, ""),
            byline=pl.concat_str(
                pl.col("_lead"), pl.col("_credit"), separator=" | ", ignore_nulls=True
            ).replace("", None),
        )
        .drop("_lead", "_credit")
    )


def _stable_id(*parts: bytes) -> str:
    return hashlib.blake2b(b"\x00".join(parts), digest_size=8).hexdigest()


def assign_article_ids(units: pl.DataFrame) -> pl.Series:
    """Article ids that do not depend on where the corpus sits or which folder a run reads.

    A text file's 16-hex name id (``000_fd7f6e054872468d.txt``); else, for a record with
    a URL, a hash of the URL (a re-crawl of the same page replaces it); else a hash of
    the file's name, the record's place in it (``#17``) and its bytes.
    """
    is_text = units["input_format"] == "text"
    from_name = units["file_name"].str.extract(FILE_HEX_ID_RE).str.to_lowercase()
    ids = []
    for text, name, url, uri, raw, hex_id in zip(
        is_text,
        units["file_name"],
        units["url"],
        units["source_uri"],
        units["raw"],
        from_name,
        strict=True,
    ):
        if text and hex_id:
            ids.append(hex_id)
        elif not text and url:
            ids.append(_stable_id(b"url", url.encode()))
        else:
            locator = uri.rpartition("#")[2] if "#" in uri else ""
            ids.append(_stable_id((name or "").encode(), locator.encode(), raw or b""))
    return pl.Series("article_id", ids, dtype=pl.String)


REASON_DETAILS = {
    "empty_text": "only whitespace",
    "no_body": "a title but no paragraphs",
    "no_arabic": "the body has no Arabic letter",
    "mojibake": "UTF-8 read as Windows-1256 and saved again; could not be reversed",
}


def ingest(
    units: pl.DataFrame, cfg: IngestConfig, seen_ids: pl.Series | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    r"""Decode, clean and parse one shard of input units into articles.

    Parameters
    ----------
    units
        ``UNIT_SCHEMA`` rows: text files (seed layout) and records.
    cfg
        Decoding, cleaning and layout settings.
    seen_ids
        Article ids already taken earlier in the run: a unit whose id collides with one
        is quarantined (``duplicate_article_id``) rather than overwriting it.

    Returns
    -------
    articles, quarantine
        ``PARSED_SCHEMA`` and ``QUARANTINE_SCHEMA`` frames. Every input unit ends in
        exactly one of them; every quarantine row says why.

    Examples
    --------
    >>> units = pl.DataFrame(
    ...     [{"source_uri": "file:///c/001_00000000000000aa.txt", "input_format": "text",
    ...       "file_name": "001_00000000000000aa.txt",
    ...       "raw": "عنوان\n\n4 آذار 2019\n+ الخط -\nفقرة أولى.".encode()}], schema=UNIT_SCHEMA)
    >>> articles, quarantine = ingest(units, IngestConfig())
    >>> articles.select("article_id", "published_date", "body").row(0)
    ('00000000000000aa', datetime.date(2019, 3, 4), 'فقرة أولى.')
    """
    units = units.with_row_index("unit").with_columns(assign_article_ids(units))
    pending = pl.col("reason").is_null()
    is_text = pl.col("input_format") == "text"

    texts = decode(units.filter(is_text & pending), cfg)
    fixed, mojibake = repair_mojibake(texts["text"])
    cleaned, n_removed = clean(fixed)
    texts = texts.with_columns(text=cleaned, n_controls_removed=n_removed, mojibake=mojibake)
    status = ["unit", "encoding", "reason", "detail", "n_controls_removed", "mojibake"]
    parsed_texts = texts.select(status).join(parse(texts, cfg), on="unit", how="left")

    records = units.filter(~is_text & pending)
    fixed_body, mojibake = repair_mojibake(records["body"])
    fixed_title, _ = repair_mojibake(records["title"])
    body, n_removed = clean(fixed_body)
    title, _ = clean(fixed_title)
    records = records.with_columns(
        body=body, title=title, n_controls_removed=n_removed, mojibake=mojibake
    )
    parsed_records = parse_records(records).select(
        "unit", "encoding", "reason", "detail", "n_controls_removed", "mojibake", "title",
        "published_date", "caption", "body", "n_paragraphs",
        pl.lit(None, pl.UInt32).alias("longest_line"),
    )  # fmt: skip

    parsed = pl.concat([parsed_texts, parsed_records], how="diagonal_relaxed")
    parsed = (
        split_bylines(parsed.filter(pl.col("body").is_not_null())).vstack(
            parsed.filter(pl.col("body").is_null()).with_columns(byline=pl.lit(None, pl.String))
        )
        if parsed.height
        else parsed.with_columns(byline=pl.lit(None, pl.String))
    )
    parsed = parsed.with_columns(
        n_paragraphs=pl.when(pl.col("body").is_not_null())
        .then(pl.col("body").str.count_matches("\n\n") + 1)
        .otherwise(pl.col("n_paragraphs"))
        .cast(pl.Int32),
        encoding=pl.when(pl.col("mojibake") == "repaired")
        .then(pl.format("{} (mojibake repaired)", "encoding"))
        .otherwise("encoding"),
    )
    docs = (
        units.drop("encoding", "title", "body", "reason", "detail")
        .join(parsed, on="unit", how="left", maintain_order="left")
        .with_columns(
            reason=pl.coalesce(pl.col("reason"), units["reason"]),
            detail=pl.coalesce(pl.col("detail"), units["detail"]),
        )
    )
    seen = seen_ids if seen_ids is not None else pl.Series(dtype=pl.String)
    reason = pl.coalesce(
        "reason",
        pl.when(pl.col("mojibake") == "unrepairable").then(pl.lit("mojibake")),
        pl.when(pl.col("title").is_null() & (pl.col("input_format") == "text")).then(
            pl.lit("empty_text")
        ),
        pl.when(pl.col("longest_line") > cfg.max_line_chars).then(pl.lit("line_too_long")),
        pl.when(pl.col("n_paragraphs").fill_null(0) == 0).then(
            pl.when(pl.col("input_format") == "text")
            .then(pl.lit("no_body"))
            .otherwise(pl.lit("empty_body"))
        ),
        pl.when(cfg.require_arabic & ~pl.col("body").str.contains(ARABIC_LETTERS)).then(
            pl.lit("no_arabic")
        ),
    )
    docs = docs.with_columns(reason=reason).with_columns(
        reason=pl.coalesce(
            "reason",
            pl.when(
                pl.col("article_id").is_in(seen.implode())
                | ~pl.col("article_id").is_first_distinct()
            ).then(pl.lit("duplicate_article_id")),
        )
    )
    docs = docs.with_columns(
        detail=pl.coalesce(
            "detail",
            pl.col("reason").replace_strict(REASON_DETAILS, default=None, return_dtype=pl.String),
            pl.when(pl.col("reason") == "line_too_long").then(
                pl.format(
                    "a line of {} characters (limit {})", "longest_line", pl.lit(cfg.max_line_chars)
                )
            ),
            pl.when(pl.col("reason") == "empty_body").then(pl.lit("the record's body has no text")),
            pl.when(pl.col("reason") == "duplicate_article_id").then(
                pl.format("article id {} is taken by another input of this run", "article_id")
            ),
        )
    )
    articles = docs.filter(pl.col("reason").is_null()).select(PARSED_SCHEMA.names())
    quarantine = docs.filter(pl.col("reason").is_not_null()).select(QUARANTINE_SCHEMA.names())
    return articles.cast(PARSED_SCHEMA), quarantine.cast(QUARANTINE_SCHEMA)


def withdraw_taken_ids(
    frames: dict[str, pl.DataFrame], taken: pl.Series
) -> dict[str, pl.DataFrame]:
    """Quarantine a shard's articles whose id an earlier shard of the run already holds.

    Shards are processed independently (in parallel, from cache); the run checks ids
    across shards as it stages them, in input order, so the first input keeps the id
    as :func:`ingest` does within a shard. The quarantined row's ``raw`` is the
    article's record as JSON.

    Parameters
    ----------
    frames
        A shard's frames by staged table name; those with ``article_id`` are filtered.
    taken
        Article ids staged so far in this run (those among the shard's ids suffice).
    """
    articles = frames["articles"]
    clash = articles.filter(pl.col("article_id").is_in(taken.implode()))
    if clash.height == 0:
        return frames
    ids = clash["article_id"].implode()
    moved = clash.select(
        "source_uri",
        reason=pl.lit("duplicate_article_id"),
        detail=pl.format("article id {} is taken by another input of this run", "article_id"),
        raw=pl.struct("title", "published_date", "body", "outlet", "url", "author")
        .struct.json_encode()
        .cast(pl.Binary),
    ).cast(QUARANTINE_SCHEMA)
    out = {
        name: frame.filter(~pl.col("article_id").is_in(ids)) if "article_id" in frame else frame
        for name, frame in frames.items()
    }
    out["quarantine"] = pl.concat([frames["quarantine"], moved], how="diagonal_relaxed")
    return out
