r"""Bytes -> clean text: decoding, mojibake repair, HTML remnants, invisible characters.

:func:`decode_bytes` picks the encoding of one input; :func:`clean` makes the text
every later stage sees, so "the decoded input" means its output: HTML tags and
entities resolved, NFC, zero-width and bidi controls removed (and counted), and every
kind of space and line break written as a plain space or ``\n``.
"""

from __future__ import annotations

import html

import polars as pl

from akhbar.tasks.config import IngestConfig


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
#: Arabic letters (hamza .. yeh), without tatweel (U+0640), which only stretches words.
ARABIC_LETTERS = "[\u0621-\u063a\u0641-\u064a]"
#: Invisible formatting characters scrapes carry: zero-width space, LRM/RLM, bidi
#: embeddings, overrides and isolates, word joiner, BOM, Arabic letter mark. ZWNJ and
#: ZWJ stay: they shape Persian words and emoji sequences.
CONTROL_CHARS = "[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u061c]"
#: Every Unicode space but the plain one (no-break, en/em, thin, ideographic, ...) and
#: the tab: folded to " ". Line and paragraph separators, NEL, vertical tab, form feed
#: and carriage returns are folded to "\n", so lines split on "\n" alone.
OTHER_SPACES = "[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
LINE_BREAKS = "\r\n|[\r\u000b\u000c\u0085\u2028\u2029]"
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
        pl.col("t")
        .str.normalize("NFC")
        .str.replace_all(LINE_BREAKS, "\n")
        .str.replace_all(OTHER_SPACES, " ")
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


def non_space_chars(expr: pl.Expr) -> pl.Expr:
    """Characters that are not a space or a line break (of text :func:`clean` made).

    The conservation check recomputes this in SQL from the stored fields, as
    ``length(replace(replace(x, ' ', ''), chr(10), ''))``.
    """
    return expr.str.replace_all("[ \n]", "").str.len_chars().cast(pl.Int64)
