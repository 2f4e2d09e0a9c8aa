"""Article ids from an article's own identity, not from where or how it was read."""

from __future__ import annotations

import hashlib

import polars as pl

FILE_HEX_ID_RE = r"_([0-9a-fA-F]{16})\.[^./]+$"
#: A record id this long is taken as unique on its own (TREC DOCNOs such as
#: ``ALHAYAT-20170126-0042``); a shorter one (``17``) is qualified by its file's name.
GLOBAL_RECORD_ID_CHARS = 8


def _stable_id(*parts: bytes) -> str:
    return hashlib.blake2b(b"\x00".join(parts), digest_size=8).hexdigest()


def assign_article_ids(units: pl.DataFrame) -> pl.Series:
    """One id per unit, the first that applies.

    1. a text file's 16-hex name id (``000_fd7f6e054872468d.txt``);
    2. a record's URL, hashed (a re-crawl of the same page replaces it);
    3. a record's own id (TREC ``DOCNO``, a JSON ``id``), hashed; qualified by the
       file name when shorter than ``GLOBAL_RECORD_ID_CHARS``;
    4. a hash of the file's name, the record's place in it (``#17``) and its bytes.

    None of them depends on the folder the corpus sits in.

    >>> units = pl.DataFrame({"input_format": ["text", "trec"], "file_name": ["a_00000000000000ff.txt", "x.xml"],
    ...     "url": [None, None], "record_id": [None, "ALHAYAT-20170126-0042"], "source_uri": ["f", "g#1"],
    ...     "raw": [b"", b""]})
    >>> assign_article_ids(units).to_list()
    ['00000000000000ff', '16e295b1212512bb']
    """  # noqa: E501
    is_text = units["input_format"] == "text"
    from_name = units["file_name"].str.extract(FILE_HEX_ID_RE).str.to_lowercase()
    ids = []
    for text, name, url, record_id, uri, raw, hex_id in zip(
        is_text,
        units["file_name"],
        units["url"],
        units["record_id"],
        units["source_uri"],
        units["raw"],
        from_name,
        strict=True,
    ):
        if text and hex_id:
            ids.append(hex_id)
        elif not text and url:
            ids.append(_stable_id(b"url", url.encode()))
        elif not text and record_id:
            scope = b"" if len(record_id) >= GLOBAL_RECORD_ID_CHARS else (name or "").encode()
            ids.append(_stable_id(b"record", scope, record_id.encode()))
        else:
            locator = uri.rpartition("#")[2] if "#" in uri else ""
            ids.append(_stable_id((name or "").encode(), locator.encode(), raw or b""))
    return pl.Series("article_id", ids, dtype=pl.String)
