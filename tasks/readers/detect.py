"""Which format a file is: from its content first, its name second.

Unambiguous content wins over the extension: archive and Parquet magic bytes, a
TREC/SGML ``<DOC>`` (with or without attributes), an HTML document. JSON in a ``.txt``
file is tried and kept only if it parses (a seed-layout title may well start with
``[``). Otherwise the extension decides (``.csv``, ``.json`` ...), and plain text is the
rest. The choice and how it was made (``content`` or ``extension``) go with every unit.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

ARCHIVE_FORMATS = ("zip", "tar", "gzip")
EXTENSIONS = {
    ".zip": "zip",
    ".tar": "tar",
    ".tgz": "tar",
    ".gz": "gzip",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".xml": "trec",
    ".trec": "trec",
    ".sgml": "trec",
    ".sgm": "trec",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
SNIFF_BYTES = 4096
_TREC = re.compile(r"<DOC[\s>]", re.IGNORECASE)
#: An object that ends a line and another that starts the next: JSON Lines.
_JSONL = re.compile(r"\}[ \t\r]*\n\s*\{")
_HTML = re.compile(r"<!DOCTYPE\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")


def detect_format(name: str, head: bytes) -> tuple[str, str]:
    r"""``(format, how)`` of a file named ``name`` whose first bytes are ``head``.

    ``how`` is ``content`` or ``extension``; the format ``json`` found by content in
    a file not named ``.json`` is a guess the reader confirms by parsing.

    >>> detect_format("0042.txt", b"<DOC id='a'>\\n<DOCNO>A</DOCNO>")
    ('trec', 'content')
    >>> detect_format("a.tar.gz", b""), detect_format("x.txt", "عنوان".encode())
    (('tar', 'extension'), ('text', 'extension'))
    """
    lower = name.lower()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip", "content"
    if head.startswith(b"\x1f\x8b"):
        return ("tar" if lower.endswith((".tar.gz", ".tgz")) else "gzip"), "content"
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar", "content"
    if head.startswith(b"PAR1"):
        return "parquet", "content"
    if lower.endswith((".tar.gz", ".tar.bz2", ".tar.xz")):
        return "tar", "extension"
    by_name = EXTENSIONS.get(PurePosixPath(lower).suffix)
    start = _head_text(head[:SNIFF_BYTES]).lstrip()
    if start.startswith("<"):
        if _TREC.search(start):
            return "trec", "content"
        if _HTML.search(start):
            return "html", "content"
    if by_name in ("json", "jsonl") and start.startswith("{"):
        if _JSONL.search(start):
            return "jsonl", "content"
        return by_name, "extension"
    if by_name in (None, "text") and start.startswith(("[", "{")):
        return ("jsonl" if _JSONL.search(start) else "json"), "content"
    if by_name:
        return by_name, "extension"
    return "text", "extension"
