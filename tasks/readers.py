"""Readers: the ingest stage's I/O. Every shape a corpus comes in -> input units.

An *input unit* is what becomes exactly one ``articles`` or one ``quarantine`` row:
a seed-layout text file, or one record of a JSON array, JSONL, CSV, Parquet or
TREC-style XML file. Files may sit in a folder tree or inside ``.zip``, ``.tar``,
``.tar.gz`` and ``.gz`` archives (nested once), which are read as streams and never
unpacked to disk. A unit the reader already knows to be unusable (an archive that
inflates too much, a member path such as ``../x``, a CSV with a broken quote from
that row on) carries its ``reason`` and ``detail`` from here.

:func:`iter_shards` yields ``UNIT_SCHEMA`` frames of at most ``shard_size`` units,
so a corpus is never held in memory whole.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl

from akhbar.config import RECORD_FIELDS, IngestConfig, ReadConfig
from tasks.ingest import UNIT_SCHEMA, decode_bytes, list_inputs, source_uri

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
    ".parquet": "parquet",
    ".xml": "trec",
    ".trec": "trec",
    ".sgml": "trec",
    ".txt": "text",
}
MAX_NESTING = 2
TREC_DOC = re.compile(r"<DOC>(.*?)</DOC>", re.DOTALL | re.IGNORECASE)
TREC_FIELD = re.compile(
    r"<(DOCNO|TITLE|HEADLINE|TIME|DATE|TEXT)>(.*?)</\1>", re.DOTALL | re.IGNORECASE
)
TREC_KEYS = {"HEADLINE": "TITLE", "DATE": "TIME"}

Unit = tuple[Any, ...]


def detect_format(name: str, head: bytes) -> str:
    """Format from the file name, else from its first bytes."""
    lower = name.lower()
    if lower.endswith((".tar.gz", ".tar.bz2", ".tar.xz")):
        return "tar"
    suffix = PurePosixPath(lower).suffix
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar"
    if head.startswith(b"PAR1"):
        return "parquet"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:5].upper() == b"<DOC>":
        return "trec"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        first_line = start.split(b"\n", 1)[0].strip()
        return "jsonl" if first_line.endswith(b"}") else "json"
    return "text"


class _Reader:
    def __init__(self, read: ReadConfig, ingest: IngestConfig) -> None:
        self.cfg = read
        self.ingest = ingest
        self.keys = read.field_keys()

    # --- units -------------------------------------------------------------------------
    @staticmethod
    def quarantined(
        uri: str, name: str | None, fmt: str, reason: str, detail: str, raw=None
    ) -> Unit:
        return (uri, name, fmt, raw, reason, detail, None, *([None] * len(RECORD_FIELDS)))

    def record(self, uri: str, name: str, fmt: str, record: Any, encoding: str | None) -> Unit:
        raw = json.dumps(record, ensure_ascii=False, default=str).encode()
        if not isinstance(record, dict):
            return self.quarantined(
                uri, name, fmt, "invalid_record", f"a {type(record).__name__}, not an object", raw
            )
        values = {}
        for field in RECORD_FIELDS:
            value = next(
                (record[k] for k in self.keys[field] if record.get(k) not in (None, "")), None
            )
            if isinstance(value, bool) or (
                value is not None and not isinstance(value, (str, int, float))
            ):
                return self.quarantined(
                    uri,
                    name,
                    fmt,
                    "invalid_field_type",
                    f"{field} is {type(value).__name__}, not text",
                    raw,
                )
            if field == "body" and value is not None and not isinstance(value, str):
                return self.quarantined(
                    uri,
                    name,
                    fmt,
                    "invalid_field_type",
                    f"body is {type(value).__name__}, not text",
                    raw,
                )
            values[field] = None if value is None else str(value)
        if values["body"] is None or not values["body"].strip():
            tried = "/".join(self.keys["body"])
            return self.quarantined(uri, name, fmt, "empty_body", f"no text under {tried}", raw)
        return (uri, name, fmt, raw, None, None, encoding, *(values[f] for f in RECORD_FIELDS))

    # --- files ---------------------------------------------------------------------------
    def from_path(self, path: Path) -> Iterator[Unit]:
        uri = source_uri(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(512)
            fmt = detect_format(path.name, head)
            if fmt in ARCHIVE_FORMATS:
                yield from self.archive(uri, path.name, fmt, path, path.stat().st_size, depth=0)
                return
            size = path.stat().st_size
            if size > self.cfg.max_member_bytes:
                yield self.quarantined(
                    uri, path.name, fmt, "too_large", f"{size} bytes > {self.cfg.max_member_bytes}"
                )
                return
            data = path.read_bytes()
        except OSError as exc:
            yield self.quarantined(
                uri,
                path.name,
                "unknown",
                "unreadable",
                f"{type(exc).__name__}: {exc.strerror or exc}",
            )
            return
        yield from self.blob(uri, path.name, data, depth=0)

    def blob(self, uri: str, name: str, data: bytes, depth: int) -> Iterator[Unit]:
        fmt = detect_format(name, data[:512])
        if fmt in ARCHIVE_FORMATS:
            yield from self.archive(uri, name, fmt, io.BytesIO(data), len(data), depth)
            return
        if self.cfg.format != "auto":
            fmt = self.cfg.format
        if fmt == "text":
            yield (uri, name, "text", data, None, None, None, *([None] * len(RECORD_FIELDS)))
        elif fmt == "parquet":
            yield from self.parquet(uri, name, data)
        else:
            text, encoding, detail = decode_bytes(data, self.ingest)
            if text is None:
                yield self.quarantined(uri, name, fmt, encoding, detail or "", data)
                return
            yield from {"json": self.json, "jsonl": self.jsonl, "csv": self.csv, "trec": self.trec}[
                fmt
            ](uri, name, text, data, encoding)

    # --- record formats --------------------------------------------------------------------
    def json(self, uri, name, text, data, encoding) -> Iterator[Unit]:
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            yield self.quarantined(uri, name, "json", "json_parse_error", str(exc), data)
            return
        if isinstance(parsed, dict):
            nested = [
                v for v in parsed.values() if isinstance(v, list) and v and isinstance(v[0], dict)
            ]
            parsed = nested[0] if len(nested) == 1 else [parsed]
        if not isinstance(parsed, list):
            yield self.quarantined(
                uri, name, "json", "invalid_record", f"top level is {type(parsed).__name__}", data
            )
            return
        for index, record in enumerate(parsed):
            yield self.record(f"{uri}#{index}", name, "json", record, encoding)

    def jsonl(self, uri, name, text, data, encoding) -> Iterator[Unit]:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield self.quarantined(
                    f"{uri}#L{number}", name, "jsonl", "json_parse_error", str(exc), line.encode()
                )
                continue
            yield self.record(f"{uri}#L{number}", name, "jsonl", record, encoding)

    def csv(self, uri, name, text, data, encoding) -> Iterator[Unit]:
        csv.field_size_limit(2**31 - 1)
        lines = text.splitlines(keepends=True)
        reader = csv.DictReader(io.StringIO(text), strict=True)
        index = 0
        try:
            for index, row in enumerate(reader):
                if None in row:
                    extra = row.pop(None)
                    yield self.quarantined(
                        f"{uri}#{index}",
                        name,
                        "csv",
                        "csv_parse_error",
                        f"{len(extra)} more fields than the header",
                        json.dumps(row, ensure_ascii=False).encode(),
                    )
                    continue
                yield self.record(f"{uri}#{index}", name, "csv", row, encoding)
        except csv.Error as exc:
            rest = "".join(lines[max(reader.line_num - 1, 0) :])
            yield self.quarantined(
                f"{uri}#{index + 1}-",
                name,
                "csv",
                "csv_parse_error",
                f"line {reader.line_num}: {exc}; the file's rest is kept raw",
                rest.encode(),
            )

    def parquet(self, uri, name, data) -> Iterator[Unit]:
        try:
            frame = pl.read_parquet(io.BytesIO(data))
        except Exception as exc:  # polars raises several error types for bad files
            yield self.quarantined(uri, name, "parquet", "parquet_read_error", str(exc)[:500], data)
            return
        for index, record in enumerate(frame.iter_rows(named=True)):
            yield self.record(f"{uri}#{index}", name, "parquet", record, "parquet")

    def trec(self, uri, name, text, data, encoding) -> Iterator[Unit]:
        docs = TREC_DOC.findall(text)
        if not docs:
            yield self.quarantined(
                uri, name, "trec", "trec_parse_error", "no <DOC>...</DOC> element", data
            )
            return
        for index, doc in enumerate(docs):
            record = {
                TREC_KEYS.get(k.upper(), k.upper()): v.strip() for k, v in TREC_FIELD.findall(doc)
            }
            yield self.record(
                f"{uri}#{record.get('DOCNO') or index}", name, "trec", record, encoding
            )

    # --- archives ----------------------------------------------------------------------------
    def _member_problem(
        self, member_name: str, size: int, compressed: int | None
    ) -> tuple[str, str] | None:
        path = PurePosixPath(member_name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", member_name):
            return "unsafe_member_path", f"member path {member_name!r} points outside the archive"
        if size > self.cfg.max_member_bytes:
            return "archive_member_too_large", f"{size} bytes > {self.cfg.max_member_bytes}"
        if compressed and size / compressed > self.cfg.max_compression_ratio:
            return "compression_ratio_exceeded", (
                f"inflates {size / compressed:.0f}x (> {self.cfg.max_compression_ratio:.0f}x): "
                "refused as a possible archive bomb"
            )
        return None

    def archive(self, uri, name, fmt, source, compressed_size, depth) -> Iterator[Unit]:
        if depth >= MAX_NESTING:
            yield self.quarantined(
                uri,
                name,
                fmt,
                "nested_archive_too_deep",
                f"archives nested over {MAX_NESTING} deep",
            )
            return
        handler = {"zip": self.zip, "tar": self.tar, "gzip": self.gzip}[fmt]
        try:
            yield from handler(uri, name, source, compressed_size, depth)
        except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, gzip.BadGzipFile) as exc:
            yield self.quarantined(
                uri, name, fmt, "corrupt_archive", f"{type(exc).__name__}: {exc}"
            )

    def zip(self, uri, name, source, compressed_size, depth) -> Iterator[Unit]:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                member_uri = f"{uri}!/{info.filename}"
                member_name = PurePosixPath(info.filename).name
                problem = self._member_problem(info.filename, info.file_size, info.compress_size)
                if problem:
                    yield self.quarantined(member_uri, member_name, "zip", *problem)
                    continue
                try:
                    with archive.open(info) as member:
                        data = member.read(self.cfg.max_member_bytes + 1)
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                    yield self.quarantined(
                        member_uri,
                        member_name,
                        "zip",
                        "unreadable_member",
                        f"{type(exc).__name__}: {exc}",
                    )
                    continue
                if len(data) > self.cfg.max_member_bytes:
                    yield self.quarantined(
                        member_uri,
                        member_name,
                        "zip",
                        "archive_member_too_large",
                        "inflates past its declared size",
                    )
                    continue
                yield from self.blob(member_uri, member_name, data, depth + 1)

    def tar(self, uri, name, source, compressed_size, depth) -> Iterator[Unit]:
        inflated = 0
        opened_from = {"name": source} if isinstance(source, Path) else {"fileobj": source}
        with tarfile.open(mode="r|*", **opened_from) as archive:
            for member in archive:
                member_uri = f"{uri}!/{member.name}"
                member_name = PurePosixPath(member.name).name
                if member.isdir():
                    continue
                if not member.isfile():
                    yield self.quarantined(
                        member_uri,
                        member_name,
                        "tar",
                        "not_a_file",
                        "links and devices in archives are not read",
                    )
                    continue
                inflated += member.size
                ratio_base = compressed_size if compressed_size else None
                problem = self._member_problem(member.name, member.size, None) or (
                    (
                        "compression_ratio_exceeded",
                        f"archive inflates past {self.cfg.max_compression_ratio:.0f}x its size: "
                        "refused",
                    )
                    if ratio_base and inflated / ratio_base > self.cfg.max_compression_ratio
                    else None
                )
                if problem:
                    yield self.quarantined(member_uri, member_name, "tar", *problem)
                    if problem[0] == "compression_ratio_exceeded":
                        return
                    continue
                extracted = archive.extractfile(member)
                data = extracted.read() if extracted else b""
                yield from self.blob(member_uri, member_name, data, depth + 1)

    def gzip(self, uri, name, source, compressed_size, depth) -> Iterator[Unit]:
        inner = name[:-3] if name.lower().endswith(".gz") else name
        limit = self.cfg.max_member_bytes
        if compressed_size:
            limit = min(limit, int(compressed_size * self.cfg.max_compression_ratio))
        with gzip.open(source) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            yield self.quarantined(
                f"{uri}!/{inner}",
                inner,
                "gzip",
                "compression_ratio_exceeded",
                f"inflates past {limit} bytes: refused as a possible archive bomb",
            )
            return
        if detect_format(inner, data[:512]) == "tar" or data[257:262] == b"ustar":
            yield from self.tar(uri, name, io.BytesIO(data), compressed_size, depth)
            return
        yield from self.blob(f"{uri}!/{inner}", inner, data, depth + 1)


def iter_units(root: str | Path, read: ReadConfig, ingest: IngestConfig) -> Iterator[Unit]:
    """Every input unit under ``root``, in a stable order, as ``UNIT_SCHEMA`` tuples."""
    reader = _Reader(read, ingest)
    for path in list_inputs(root):
        yield from reader.from_path(path)


def iter_shards(
    root: str | Path, read: ReadConfig, ingest: IngestConfig, shard_size: int
) -> Iterator[pl.DataFrame]:
    """``UNIT_SCHEMA`` frames of at most ``shard_size`` units each."""
    batch: list[Unit] = []
    for unit in iter_units(root, read, ingest):
        batch.append(unit)
        if len(batch) >= shard_size:
            yield pl.DataFrame(batch, schema=UNIT_SCHEMA, orient="row")
            batch = []
    if batch:
        yield pl.DataFrame(batch, schema=UNIT_SCHEMA, orient="row")


def input_bytes(root: str | Path) -> int:
    """Roughly how many bytes the input units under ``root`` hold, for progress estimates.

    Zip members count uncompressed (from the archive's directory, nothing is read);
    other files count as they lie on disk, so compressed tars and gzips count low.
    """
    total = 0
    for path in list_inputs(root):
        try:
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    total += sum(member.file_size for member in archive.infolist())
                continue
            total += path.stat().st_size
        except (OSError, zipfile.BadZipFile):
            continue
    return total
