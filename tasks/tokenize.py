"""Tokenize: article bodies -> one row per token, camel-tools' tokens at corpus speed.

The reference is camel-tools: normalise the body with the functions that
:class:`~akhbar.tasks.config.NormalizeConfig` selects (``arclean``, dediacritisation, alef,
alef maksura, teh marbuta, in that order), then ``simple_word_tokenize``. ``token_norm``
is exactly that token sequence; ``token`` is the stretch of the original body it came
from, so ``body[start:end] == token`` for every row.

Two implementations give the same frame:

* ``tokenizer="akhbar"`` (default) derives, once per configuration, a class for every
  Unicode code point from camel-tools itself: what the normalisers turn it into, and
  whether ``simple_word_tokenize`` splits it off (its ``_SYMBOLS_RE`` and the charsets
  in ``camel_tools.utils.charsets``). A compiled kernel then walks the shard's UTF-8
  bytes once. Documents holding a character whose tokenization depends on its
  neighbours (emoji modifiers, ZWJ sequences, keycaps, flags, tag sequences) or whose
  normalised form mixes classes (``؆`` -> ``/3``) are sent through the reference path,
  so the output stays token-for-token camel-tools'.
* ``tokenizer="camel"`` runs camel-tools on every document: the reference, and what
  the tests and ``bench/tokenizer.py`` compare against.

Rules both follow, derived from camel-tools' semantics: after normalisation, a token is
a single split character (punctuation, symbol, emoji) or a maximal run of other
non-space characters. In the body, characters that normalisation deletes (diacritics,
tatweel and, with ``arclean``, anything outside its table) belong to the word run they
touch; a run of them alone yields no token.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl
import pyarrow as pa

from akhbar.tasks.config import TOKENIZERS, NormalizeConfig, TokenizeConfig

TOKEN_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "token_index": pl.Int32,
        "start": pl.Int32,
        "end": pl.Int32,
        "token": pl.String,
        "token_norm": pl.String,
    }
)

# Character classes, by what normalisation makes of the character.
SPACE, SPLIT, WORD, IGNORED, ROUTE, SPLITS = 0, 1, 2, 3, 4, 5
_N_CODEPOINTS = sys.maxunicode + 1


@cache
def normalizer(cfg: NormalizeConfig):
    """The camel-tools normalisation pipeline that ``cfg`` selects, as one function.

    Examples
    --------
    >>> normalize = normalizer(NormalizeConfig())
    >>> normalize("إلى المدرسةِ")
    'الي المدرسه'
    >>> normalizer(NormalizeConfig(teh_marbuta=False))("المدرسةِ")
    'المدرسة'
    """
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )

    steps = []
    if cfg.arclean:
        steps.append(CharMapper.builtin_mapper("arclean").map_string)
    if cfg.dediac:
        steps.append(dediac_ar)
    if cfg.alef:
        steps.append(normalize_alef_ar)
    if cfg.alef_maksura:
        steps.append(normalize_alef_maksura_ar)
    if cfg.teh_marbuta:
        steps.append(normalize_teh_marbuta_ar)

    def normalize(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return normalize


@dataclass(frozen=True, eq=False)
class CharTable:
    """Every code point's normalised image and tokenizer class, derived from camel-tools.

    ``classes[cp]`` is one of ``SPACE``, ``SPLIT`` (one split character), ``SPLITS``
    (several), ``WORD``, ``IGNORED`` (deleted), ``ROUTE`` (left to camel-tools);
    ``image_bytes[image_offsets[cp]:image_offsets[cp + 1]]`` is the UTF-8 of what the
    normalisers turn ``chr(cp)`` into.
    """

    classes: np.ndarray
    image_offsets: np.ndarray
    image_bytes: np.ndarray
    images: dict[str, str]  # the code points the normalisers change but do not delete
    split_chars: frozenset[str]
    max_tokens_per_char: int
    max_growth: float  # most image bytes per input byte

    def image(self, char: str) -> str:
        """What the normalisers turn ``char`` into."""
        if self.classes[ord(char)] == IGNORED:
            return ""
        return self.images.get(char, char)


def _split_chars() -> frozenset[str]:
    """Characters that ``simple_word_tokenize`` cuts off on their own.

    A member of camel-tools' symbol set that its ``_SYMBOLS_RE`` matches by itself;
    sequences (flags, modifiers, ZWJ, keycaps) are neighbour-dependent: see ``_context``.
    """
    from camel_tools.tokenizers import word

    return frozenset(c for c in word._SYMBOLS_ALL if len(c) == 1 and word._SYMBOLS_RE.fullmatch(c))


def _context_chars() -> frozenset[str]:
    """Characters that can glue a neighbour into one ``_SYMBOLS_RE`` match.

    The pattern's sequence parts: regional indicators (flags), emoji modifiers, the
    variation selector U+FE0F, the keycap U+20E3, ZWJ and the tag characters.
    """
    import regex

    glue = regex.compile(r"\p{RI}|\p{EMod}")
    return frozenset(
        [chr(cp) for cp in range(0x1F000, 0x20000) if glue.match(chr(cp))]
        + ["\u200d", "\ufe0f", "\u20e3"]
        + [chr(cp) for cp in range(0xE0020, 0xE0080)]
    )


def _changes(normalize) -> tuple[list[int], dict[str, str]]:
    """What ``normalize`` does to each code point: those it deletes, those it changes.

    The normalisers map character by character, so one call per block of code points,
    joined by a separator, gives every image; blocks keep the memory small.
    """
    deleted: list[int] = []
    changed: dict[str, str] = {}
    separator = "~|~"
    assert normalize(separator) == separator
    for block in range(0, _N_CODEPOINTS, 0x10000):
        chars = [chr(cp) for cp in range(block, block + 0x10000) if not 0xD800 <= cp <= 0xDFFF]
        images = normalize(separator.join(chars) + separator).split(separator)[:-1]
        if len(images) != len(chars):  # a separator inside an image: go one by one
            images = [normalize(c) for c in chars]
        for c, image in zip(chars, images, strict=True):
            if image == c:
                continue
            if image:
                changed[c] = image
            else:
                deleted.append(ord(c))
    return deleted, changed


@cache
def char_table(cfg: NormalizeConfig) -> CharTable:
    """Build (once per configuration and process) the table the fast tokenizer reads."""
    deleted, changed = _changes(normalizer(cfg))
    split = _split_chars()
    glue = _context_chars()
    spaces = frozenset(chr(cp) for cp in range(_N_CODEPOINTS) if chr(cp).isspace())

    def class_of(image: str) -> int:
        if all(c in spaces for c in image):
            return SPACE
        if len(image) == 1 and image in split:
            return SPLIT
        if all(c in split for c in image):
            return SPLITS  # e.g. the ellipsis, normalised to three full stops
        if any(c in split or c in spaces or c in glue for c in image):
            return ROUTE
        return WORD

    classes = np.full(_N_CODEPOINTS, WORD, dtype=np.uint8)
    # unchanged characters by what they are, then the ones normalisation changes
    for group, code in ((spaces, SPACE), (split, SPLIT), (glue, ROUTE)):
        classes[[ord(c) for c in group]] = code
    classes[0xD800:0xE000] = ROUTE
    classes[deleted] = IGNORED
    utf8_len = np.ones(_N_CODEPOINTS, dtype=np.int64)
    utf8_len[0x80:] = 2
    utf8_len[0x800:] = 3
    utf8_len[0x10000:] = 4
    image_lengths = utf8_len.copy()
    image_lengths[0xD800:0xE000] = 0
    image_lengths[deleted] = 0
    for c, image in changed.items():
        classes[ord(c)] = class_of(image)
        image_lengths[ord(c)] = len(image.encode())
    offsets = np.zeros(_N_CODEPOINTS + 1, dtype=np.int64)
    np.cumsum(image_lengths, out=offsets[1:])
    data = np.zeros(int(offsets[-1]), dtype=np.uint8)
    # identity images: each code point's own UTF-8, written by byte position
    unchanged = np.ones(_N_CODEPOINTS, dtype=bool)
    unchanged[0xD800:0xE000] = False
    unchanged[deleted] = False
    unchanged[[ord(c) for c in changed]] = False
    _write_utf8(np.flatnonzero(unchanged), offsets[:-1], data)
    for c, image in changed.items():
        at = offsets[ord(c)]
        encoded = np.frombuffer(image.encode(), dtype=np.uint8)
        data[at : at + len(encoded)] = encoded
    utf8_len[0xD800:0xE000] = 1
    splits = np.flatnonzero(classes == SPLITS)
    return CharTable(
        classes,
        offsets,
        data,
        changed,
        split,
        max_tokens_per_char=max((len(changed[chr(cp)]) for cp in splits), default=1),
        max_growth=float(max(1.0, (image_lengths / utf8_len).max())),
    )


def _write_utf8(cps: np.ndarray, at: np.ndarray, out: np.ndarray) -> None:
    """UTF-8-encode code points ``cps`` into ``out`` at byte positions ``at`` (vectorised)."""
    at = at[cps]
    one, two = cps < 0x80, (cps >= 0x80) & (cps < 0x800)
    three, four = (cps >= 0x800) & (cps < 0x10000), cps >= 0x10000
    out[at[one]] = cps[one]
    c, a = cps[two], at[two]
    out[a], out[a + 1] = 0xC0 | (c >> 6), 0x80 | (c & 0x3F)
    c, a = cps[three], at[three]
    out[a], out[a + 1], out[a + 2] = 0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F)
    c, a = cps[four], at[four]
    out[a], out[a + 1] = 0xF0 | (c >> 18), 0x80 | ((c >> 12) & 0x3F)
    out[a + 2], out[a + 3] = 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F)


def tokenize(
    articles: pl.DataFrame, cfg: NormalizeConfig, tokenizer: str = "akhbar"
) -> pl.DataFrame:
    """Tokenize ``articles.body``: camel-tools' tokens of the normalised body, with spans.

    Parameters
    ----------
    articles
        Needs ``article_id`` and ``body``.
    cfg
        Which camel-tools normalisations apply before tokenizing.
    tokenizer
        ``"akhbar"`` (the fast kernel) or ``"camel"`` (camel-tools on every document);
        both return the same frame.

    Returns
    -------
    pl.DataFrame
        ``TOKEN_SCHEMA``, one row per token: ``token_norm`` in the order
        ``simple_word_tokenize(normalize(body))`` gives, and ``body[start:end] == token``.

    Examples
    --------
    >>> tokenize(pl.DataFrame({"article_id": ["a"], "body": ["قالت مصادرُ: 25 عنصراً"]}),
    ...          NormalizeConfig()).select("start", "end", "token", "token_norm").rows()
    [(0, 4, 'قالت', 'قالت'), (5, 11, 'مصادرُ', 'مصادر'), (11, 12, ':', ':'), (13, 15, '25', '25'), (16, 22, 'عنصراً', 'عنصرا')]
    """  # noqa: E501
    if tokenizer not in TOKENIZERS:
        raise ValueError(f"tokenizer must be one of {TOKENIZERS}, not {tokenizer!r}")
    articles = articles.select("article_id", pl.col("body").fill_null(""))
    if tokenizer == "camel" or articles.height == 0:
        return _reference_tokens(articles, cfg)
    table = char_table(cfg)
    body = articles.get_column("body").to_arrow().cast(pa.large_string())
    if isinstance(body, pa.ChunkedArray):
        body = body.combine_chunks()
    _, offsets_buf, data_buf = body.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[body.offset : body.offset + len(body) + 1]
    data = np.frombuffer(data_buf or b"", dtype=np.uint8)
    from akhbar.tasks._tokenize_kernel import scan

    routed, doc, index, start, end, tok_off, tok_data, norm_off, norm_data = scan(
        offsets,
        data,
        table.classes,
        table.image_offsets,
        table.image_bytes,
        table.max_tokens_per_char,
        table.max_growth,
    )
    fast = pl.DataFrame(
        {
            "article_id": articles.get_column("article_id").gather(doc),
            "token_index": index,
            "start": start,
            "end": end,
            "token": _strings(tok_off, tok_data),
            "token_norm": _strings(norm_off, norm_data),
        }
    )
    if not routed.any():
        return fast.cast(TOKEN_SCHEMA)  # type: ignore[arg-type]
    slow = _reference_tokens(articles.filter(pl.Series(routed)), cfg)
    order = articles.select("article_id").with_row_index("_order")
    return (
        pl.concat([fast, slow])
        .join(order, on="article_id", how="left")
        .sort("_order", "token_index", maintain_order=True)
        .drop("_order")
        .cast(TOKEN_SCHEMA)  # type: ignore[arg-type]
    )


def _strings(offsets: np.ndarray, data: np.ndarray) -> pl.Series:
    array = pa.StringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))
    return pl.Series(array, dtype=pl.String)


def _reference_tokens(articles: pl.DataFrame, cfg: NormalizeConfig) -> pl.DataFrame:
    """camel-tools on every document: ``simple_word_tokenize(normalize(body))`` with spans.

    The normalised text is rebuilt character by character with, for each normalised
    character, the body position it came from, and checked against camel-tools' own
    normalisation of the whole body (a normaliser that stopped being per-character
    would stop here, loudly).
    """
    from camel_tools.tokenizers.word import simple_word_tokenize

    normalize = normalizer(cfg)
    table = char_table(cfg)
    classes = table.classes
    rows: dict[str, list] = {name: [] for name in TOKEN_SCHEMA}
    for article_id, body in articles.select("article_id", "body").iter_rows():
        pieces = [table.image(c) for c in body]
        normalized = "".join(pieces)
        if normalized != normalize(body):
            raise RuntimeError(
                f"camel-tools normalisation of article {article_id} is not character by "
                "character; the tokenizer's alignment assumption broke"
            )
        source = [i for i, piece in enumerate(pieces) for _ in piece]
        cursor = 0
        for index, token in enumerate(simple_word_tokenize(normalized)):
            at = normalized.index(token, cursor)
            cursor = at + len(token)
            start, end = source[at], source[cursor - 1] + 1
            if token not in table.split_chars:
                while start > 0 and classes[ord(body[start - 1])] == IGNORED:
                    start -= 1
                while end < len(body) and classes[ord(body[end])] == IGNORED:
                    end += 1
            for name, value in zip(
                TOKEN_SCHEMA, (article_id, index, start, end, body[start:end], token), strict=True
            ):
                rows[name].append(value)
    return pl.DataFrame(rows, schema=TOKEN_SCHEMA)


STATS_SCHEMA = pl.Schema(
    {
        "article_id": pl.String,
        "n_tokens": pl.Int32,
        "arabic_letter_share": pl.Float64,
        "latin_token_share": pl.Float64,
        "type_token_ratio": pl.Float64,
    }
)


def article_stats(articles: pl.DataFrame, tokens: pl.DataFrame) -> pl.DataFrame:
    """Per-article statistics from the body and its tokens.

    ``n_tokens`` counts every token; ``arabic_letter_share`` is the share of the body's
    letters that are Arabic; over word tokens (those with a letter),
    ``latin_token_share`` is the share holding a Latin letter and ``type_token_ratio``
    the distinct ``token_norm`` values per token. A share with nothing to divide by is
    null.

    Examples
    --------
    >>> articles = pl.DataFrame({"article_id": ["a"], "body": ["قال الوزير: CNN قال"]})
    >>> article_stats(articles, tokenize(articles, NormalizeConfig())).row(0)
    ('a', 5, 0.8, 0.25, 0.75)
    """
    words = (
        tokens.filter(pl.col("token_norm").str.contains(r"\p{L}"))
        .group_by("article_id")
        .agg(
            n_words=pl.len(),
            n_latin=pl.col("token_norm").str.contains(r"\p{Latin}").sum(),
            n_types=pl.col("token_norm").n_unique(),
        )
    )
    counts = tokens.group_by("article_id").agg(n_tokens=pl.len())
    letters = articles.select(
        "article_id",
        n_letters=pl.col("body").str.count_matches(r"\p{L}"),
        n_arabic=pl.col("body").str.count_matches(r"[\p{Arabic}&&\p{L}]"),
    )

    def share(part: str, whole: str) -> pl.Expr:
        return pl.when(pl.col(whole) > 0).then(pl.col(part) / pl.col(whole))

    return (
        letters.join(counts, on="article_id", how="left", maintain_order="left")
        .join(words, on="article_id", how="left", maintain_order="left")
        .select(
            "article_id",
            n_tokens=pl.col("n_tokens").fill_null(0),
            arabic_letter_share=share("n_arabic", "n_letters"),
            latin_token_share=share("n_latin", "n_words"),
            type_token_ratio=share("n_types", "n_words"),
        )
        .cast(STATS_SCHEMA)  # type: ignore[arg-type]
    )


#: Seed of the article-id hash that picks the articles ``store="sample"`` keeps.
SAMPLE_SEED = 20190213


def stored_tokens(tokens: pl.DataFrame, cfg: TokenizeConfig) -> pl.DataFrame:
    """The token rows the warehouse keeps under ``cfg.store``.

    ``sample`` keeps every token of the articles whose id hashes into the first
    ``cfg.sample_share`` of the hash range: whole articles, the same ones in every run
    and every shard, so per-article and word-frequency queries on the sample stay sound.

    Examples
    --------
    >>> frame = pl.DataFrame({"article_id": ["a", "a", "b"], "token_index": [0, 1, 0]})
    >>> stored_tokens(frame, TokenizeConfig(store="none")).height
    0
    >>> stored_tokens(frame, TokenizeConfig(store="sample", sample_share=1.0)).height
    3
    """
    if cfg.store == "all":
        return tokens
    if cfg.store == "none":
        return tokens.clear()
    bucket = pl.col("article_id").hash(seed=SAMPLE_SEED) % 1_000_000
    return tokens.filter(bucket < round(cfg.sample_share * 1_000_000))
