"""Record formats: JSON arrays, JSONL, CSV, Parquet, TREC/SGML and HTML -> records.

Each reader yields units through a :class:`~akhbar.tasks.readers.records.RecordMapper`; a
record's URI is its file's plus ``#<position>`` (JSON, CSV, Parquet), ``#L<line>``
(JSONL) or ``#<DOCNO>`` (TREC). A file that does not parse is one quarantine unit.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import polars as pl

from akhbar.tasks.readers.records import RecordMapper, Unit, parse_int, unit

# --- JSON and JSONL -----------------------------------------------------------------


def loads(text: str) -> tuple[object, tuple[str, str] | None]:
    """``(value, None)`` or ``(None, (reason, detail))``; never raises on bad input."""
    try:
        return json.loads(text, parse_int=parse_int), None
    except RecursionError:
        return None, ("too_deeply_nested", "JSON nested too deep to parse")
    except ValueError as exc:  # JSONDecodeError included
        return None, ("json_parse_error", str(exc)[:300])


def json_records(
    mapper: RecordMapper, uri: str, name: str, how: str, text: str, data: bytes, enc: str
) -> Iterator[Unit]:
    """Records of a JSON array, of an object holding one, or one object."""
    parsed, problem = loads(text)
    if problem:
        yield unit(uri, name, "json", how, data, *problem)
        return
    if isinstance(parsed, dict):
        nested = [
            v for v in parsed.values() if isinstance(v, list) and v and isinstance(v[0], dict)
        ]
        parsed = nested[0] if len(nested) == 1 else [parsed]
    if not isinstance(parsed, list):
        detail = f"top level is {type(parsed).__name__}"
        yield unit(uri, name, "json", how, data, "invalid_record", detail)
        return
    for index, record in enumerate(parsed):
        yield mapper(f"{uri}#{index}", name, "json", how, record, enc)


def jsonl_records(
    mapper: RecordMapper, uri: str, name: str, how: str, text: str, data: bytes, enc: str
) -> Iterator[Unit]:
    r"""One record per line; lines split on ``\\n`` only (U+2028 is legal inside JSON)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        record, problem = loads(line)
        if problem:
            yield unit(
                f"{uri}#L{number}", name, "jsonl", how, line.encode(errors="replace"), *problem
            )
            continue
        yield mapper(f"{uri}#L{number}", name, "jsonl", how, record, enc)


# --- CSV ----------------------------------------------------------------------------
DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(text: str, name: str) -> str:
    r"""The delimiter of a CSV's header line: tab for ``.tsv``, else the most frequent.

    >>> sniff_delimiter("title;body;date\\nا;ب;ج", "a.csv")
    ';'
    """
    if name.lower().endswith(".tsv"):
        return "\t"
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_records(
    mapper: RecordMapper, uri: str, name: str, how: str, text: str, data: bytes, enc: str
) -> Iterator[Unit]:
    """Rows of a CSV with a header; the dialect's delimiter sniffed from the header."""
    csv.field_size_limit(2**31 - 1)
    reader = csv.DictReader(
        io.StringIO(text.lstrip("\ufeff"), newline=""),
        delimiter=sniff_delimiter(text, name),
        strict=True,
    )
    index = 0
    try:
        for index, row in enumerate(reader):
            if None in row:
                extra = row.pop(None)
                detail = f"{len(extra)} more fields than the header"
                raw = json.dumps(row, ensure_ascii=False).encode(errors="replace")
                yield unit(f"{uri}#{index}", name, "csv", how, raw, "csv_parse_error", detail)
                continue
            yield mapper(f"{uri}#{index}", name, "csv", how, row, enc)
    except csv.Error as exc:
        lines = text.splitlines(keepends=True)
        rest = "".join(lines[max(reader.line_num - 1, 0) :])
        detail = f"line {reader.line_num}: {exc}; the file's rest is kept raw"
        yield unit(
            f"{uri}#{index + 1}-",
            name,
            "csv",
            how,
            rest.encode(errors="replace"),
            "csv_parse_error",
            detail,
        )


# --- Parquet ------------------------------------------------------------------------


def parquet_records(
    mapper: RecordMapper, uri: str, name: str, how: str, data: bytes
) -> Iterator[Unit]:
    """Rows of a Parquet file; typed date and timestamp columns stay dates."""
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:  # polars raises several error types for bad files
        yield unit(uri, name, "parquet", how, data, "parquet_read_error", str(exc)[:500])
        return
    for index, record in enumerate(frame.iter_rows(named=True)):
        yield mapper(f"{uri}#{index}", name, "parquet", how, record, "parquet")


# --- TREC / SGML ----------------------------------------------------------------------
TREC_DOC = re.compile(r"<DOC(\s[^>]*)?>(.*?)</DOC\s*>", re.DOTALL | re.IGNORECASE)
#: A child element of a <DOC>, whatever its tag: every field reaches the mapping.
TREC_FIELD = re.compile(r"<([A-Za-z][\w.:-]*)(?:\s[^>]*)?>(.*?)</\1\s*>", re.DOTALL)
TREC_ATTRIBUTE = re.compile(r"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
TREC_KEYS = {"HEADLINE": "TITLE", "DATE": "TIME"}
CDATA = re.compile(r"^\s*<!\[CDATA\[(.*)\]\]>\s*$", re.DOTALL)


def _trec_value(value: str) -> str:
    if m := CDATA.match(value):
        return m.group(1).strip()
    return html.unescape(value.strip())


def trec_records(
    mapper: RecordMapper, uri: str, name: str, how: str, text: str, data: bytes, enc: str
) -> Iterator[Unit]:
    """Each ``<DOC>`` (attributes allowed: ``<DOC id="…">``) with every child element."""
    found = False
    for index, doc in enumerate(TREC_DOC.finditer(text)):
        found = True
        attributes, content = doc.group(1) or "", doc.group(2)
        record: dict[str, str] = {}
        for key, value in TREC_FIELD.findall(content):
            key = key.upper()
            record.setdefault(TREC_KEYS.get(key, key), _trec_value(value))
        for key, *values in TREC_ATTRIBUTE.findall(attributes):
            key = key.upper()
            key = "DOCNO" if key in ("ID", "DOCID") and "DOCNO" not in record else key
            record.setdefault(
                key, html.unescape(next(v for v in values if v) if any(values) else "")
            )
        docno = record.get("DOCNO") or str(index)
        yield mapper(f"{uri}#{docno.replace('#', '%23')}", name, "trec", how, record, enc)
    if not found:
        yield unit(uri, name, "trec", how, data, "trec_parse_error", "no <DOC>...</DOC> element")


# --- HTML -----------------------------------------------------------------------------
SKIPPED_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "head",
}
PARAGRAPH_TAGS = {"p", "h2", "h3", "h4", "li", "blockquote", "figcaption"}
BREAK_TAGS = PARAGRAPH_TAGS | {"br", "div", "section", "article", "tr", "h1"}


class _Page(HTMLParser):
    """Title, meta tags, canonical link, a <time>, and the text of one page.

    Paragraphs are the ``<p>``-like elements inside ``<article>`` if there are any,
    else anywhere; a page without them gives all its visible text, line by line.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.fields: dict[str, str] = {}
        self.paragraphs: list[str] = []
        self.in_article: list[str] = []
        self.visible: list[str] = []
        self._skip = 0
        self._article = 0
        self._capture: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and a.get("content"):
                self.meta.setdefault(key.lower(), a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.fields.setdefault("canonical", a["href"].strip())
        elif tag == "time" and a.get("datetime"):
            self.fields.setdefault("time", a["datetime"].strip())
        if tag in SKIPPED_TAGS:
            self._skip += 1
        elif tag == "article":
            self._article += 1
        if tag in BREAK_TAGS:
            self.visible.append("\n")
        if tag in PARAGRAPH_TAGS or tag in ("title", "h1"):
            self._flush()
            self._capture = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1
        elif tag == "article" and self._article:
            self._article -= 1
        if tag in BREAK_TAGS:
            self.visible.append("\n")
        if tag == self._capture:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._capture == "title":
            self._text.append(data)
        elif not self._skip:
            self.visible.append(data)
            if self._capture:
                self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        tag, self._capture, self._text = self._capture, None, []
        if not text or tag is None:
            return
        if tag in ("title", "h1"):
            self.fields.setdefault(tag, text)
        else:
            (self.in_article if self._article else self.paragraphs).append(text)

    def text_lines(self) -> list[str]:
        """The page's paragraphs, or its visible text line by line."""
        if self.in_article or self.paragraphs:
            return self.in_article or self.paragraphs
        lines = (" ".join(line.split()) for line in "".join(self.visible).split("\n"))
        return [line for line in lines if line]


def html_records(
    mapper: RecordMapper, uri: str, name: str, how: str, text: str, data: bytes, enc: str
) -> Iterator[Unit]:
    """One page, one record: ``og:title``/``<h1>``/``<title>``, meta tags, paragraphs."""
    page = _Page()
    try:
        page.feed(text)
        page.close()
    except (AssertionError, ValueError) as exc:  # html.parser's own failures
        yield unit(uri, name, "html", how, data, "html_parse_error", str(exc)[:300])
        return
    paragraphs = page.text_lines()
    if not paragraphs:
        yield unit(uri, name, "html", how, data, "html_parse_error", "no paragraph text found")
        return
    record = dict(page.meta) | page.fields
    record["title"] = page.meta.get("og:title") or page.fields.get("h1") or page.fields.get("title")
    record["body"] = "\n".join(paragraphs)
    yield mapper(uri, name, "html", how, record, enc)
