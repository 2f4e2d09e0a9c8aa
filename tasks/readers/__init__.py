"""Readers: the ingest stage's I/O. Every shape a corpus comes in -> input units.

An *input unit* is what becomes exactly one ``articles`` or one ``quarantine`` row:
a seed-layout text file, or one record of a JSON array, JSONL, CSV, Parquet, TREC/SGML
or HTML file. Files may sit in a folder tree or inside ``.zip``, ``.tar``, ``.tar.gz``
and ``.gz`` archives (nested once), which are read as streams and never unpacked to
disk. A unit the reader already knows to be unusable carries its ``reason`` and
``detail`` from here; no input, however broken, stops the reading of the others.

- :mod:`~akhbar.tasks.readers.walk`: which files there are, which are skipped or refused;
- :mod:`~akhbar.tasks.readers.detect`: which format each is;
- :mod:`~akhbar.tasks.readers.formats`: records of each format;
- :mod:`~akhbar.tasks.readers.records`: a record's fields;
- :mod:`~akhbar.tasks.readers.archives`: members of archives.

:func:`iter_shards` yields ``UNIT_SCHEMA`` frames of at most ``shard_size`` units,
so a corpus is never held in memory whole.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from akhbar.tasks.config import IngestConfig, ReadConfig
from akhbar.tasks.ingest import UNIT_SCHEMA, Ingested, decode_bytes
from akhbar.tasks.ingest import ingest as ingest_units
from akhbar.tasks.readers.archives import ARCHIVE_ERRORS, read_archive
from akhbar.tasks.readers.detect import ARCHIVE_FORMATS, EXTENSIONS, SNIFF_BYTES, detect_format
from akhbar.tasks.readers.formats import (
    csv_records,
    html_records,
    json_records,
    jsonl_records,
    loads,
    parquet_records,
    trec_records,
)
from akhbar.tasks.readers.records import RecordMapper, Unit, unit
from akhbar.tasks.readers.walk import Entry, Listing, list_inputs, open_regular, source_uri

__all__ = [
    "Listing",
    "detect_format",
    "input_bytes",
    "iter_shards",
    "iter_units",
    "list_inputs",
    "read_articles",
    "source_uri",
]
TEXT_FORMATS = {
    "json": json_records,
    "jsonl": jsonl_records,
    "csv": csv_records,
    "trec": trec_records,
    "html": html_records,
}


class _Reader:
    def __init__(self, read: ReadConfig, ingest: IngestConfig) -> None:
        self.cfg = read
        self.ingest = ingest
        self.mapper = RecordMapper(read)

    def entry(self, entry: Entry) -> Iterator[Unit]:
        """The units of one file found under the input root."""
        uri, name = source_uri(entry.path), entry.path.name
        if entry.problem:
            yield unit(uri, name, "unknown", "extension", None, *entry.problem)
            return
        limit = self.cfg.max_member_bytes
        try:
            with open_regular(entry.target) as handle:
                size = os.fstat(handle.fileno()).st_size
                fmt, _ = detect_format(name, handle.read(SNIFF_BYTES))
                handle.seek(0)
                if fmt in ARCHIVE_FORMATS:
                    yield from self.guarded(
                        uri,
                        name,
                        lambda: read_archive(self.cfg, self.blob, uri, name, fmt, handle, size, 0),
                    )
                    return
                if size > limit:
                    yield unit(
                        uri, name, fmt, "extension", None, "too_large", f"{size} bytes > {limit}"
                    )
                    return
                data = handle.read(limit + 1)
        except ValueError as exc:
            yield unit(uri, name, "unknown", "content", None, "not_a_regular_file", str(exc))
            return
        except OSError as exc:
            detail = f"{type(exc).__name__}: {exc.strerror or exc}"
            yield unit(uri, name, "unknown", "extension", None, "unreadable", detail)
            return
        if len(data) > limit:
            yield unit(uri, name, fmt, "extension", None, "too_large", f"grew past {limit} bytes")
            return
        yield from self.guarded(uri, name, lambda: self.blob(uri, name, data, 0), data)

    @staticmethod
    def guarded(uri: str, name: str, units, raw: bytes | None = None) -> Iterator[Unit]:
        """``units()``, and one ``read_error`` unit if the reader itself fails midway.

        A failure here is a bug in akhbar, not in the input; the run goes on.
        """
        yielded = False
        try:
            for item in units():
                yielded = True
                yield item
        except ARCHIVE_ERRORS as exc:
            detail = f"{type(exc).__name__}: {exc}"
            yield unit(
                uri + ("#rest" if yielded else ""),
                name,
                "unknown",
                "content",
                raw,
                "corrupt_archive",
                detail,
            )
        except Exception as exc:
            detail = f"{type(exc).__name__}: {exc}"[:500]
            yield unit(
                uri + ("#rest" if yielded else ""),
                name,
                "unknown",
                "content",
                raw,
                "read_error",
                detail,
            )

    def blob(self, uri: str, name: str, data: bytes, depth: int) -> Iterator[Unit]:
        """The units of one file's bytes (a file on disk or an archive member)."""
        fmt, how = detect_format(name, data[:SNIFF_BYTES])
        if fmt in ARCHIVE_FORMATS:
            yield from read_archive(
                self.cfg, self.blob, uri, name, fmt, io.BytesIO(data), len(data), depth
            )
            return
        if self.cfg.format != "auto":
            fmt, how = self.cfg.format, "flag"
        if fmt == "text":
            yield unit(uri, name, "text", how, data)
            return
        if fmt == "parquet":
            yield from parquet_records(self.mapper, uri, name, how, data)
            return
        text, encoding, detail = decode_bytes(data, self.ingest)
        if text is None:
            yield unit(uri, name, fmt, how, data, encoding, detail or "")
            return
        if how == "content" and fmt in ("json", "jsonl") and not _named_json(name):
            first = text if fmt == "json" else text.lstrip().split("\n", 1)[0]
            if loads(first)[1] is not None:  # a text file that starts with [ or {
                yield unit(uri, name, "text", "extension", data)
                return
        yield from TEXT_FORMATS[fmt](self.mapper, uri, name, how, text, data, encoding)


def _named_json(name: str) -> bool:
    return EXTENSIONS.get(Path(name.lower()).suffix) in ("json", "jsonl")


def _listing(root: str | Path | Listing, read: ReadConfig) -> Listing:
    return root if isinstance(root, Listing) else list_inputs(root, read)


def iter_units(
    root: str | Path | Listing, read: ReadConfig, ingest: IngestConfig
) -> Iterator[Unit]:
    """Every input unit under ``root``, in a stable order, as ``UNIT_SCHEMA`` tuples."""
    reader = _Reader(read, ingest)
    for entry in _listing(root, read).entries:
        yield from reader.entry(entry)


def iter_shards(
    root: str | Path | Listing, read: ReadConfig, ingest: IngestConfig, shard_size: int
) -> Iterator[pl.DataFrame]:
    """``UNIT_SCHEMA`` frames of at most ``shard_size`` units each."""
    batch: list[Unit] = []
    for item in iter_units(root, read, ingest):
        batch.append(item)
        if len(batch) >= shard_size:
            yield pl.DataFrame(batch, schema=UNIT_SCHEMA, orient="row")
            batch = []
    if batch:
        yield pl.DataFrame(batch, schema=UNIT_SCHEMA, orient="row")


def read_articles(
    root: str | Path | Listing, read: ReadConfig | None = None, ingest: IngestConfig | None = None
) -> Ingested:
    """Every input under ``root`` read and ingested at once: for evaluations and benchmarks.

    A run reads in shards (:func:`iter_shards`); this holds the whole corpus in memory.
    """
    read, ingest = read or ReadConfig(), ingest or IngestConfig()
    units = list(iter_units(root, read, ingest))
    return ingest_units(pl.DataFrame(units, schema=UNIT_SCHEMA, orient="row"), ingest)


def input_bytes(root: str | Path | Listing, read: ReadConfig | None = None) -> int:
    """Roughly how many bytes the input units under ``root`` hold, for progress estimates.

    Zip members count uncompressed (from the archive's directory, nothing is read);
    other files count as they lie on disk, so compressed tars and gzips count low.
    Refused files (links, FIFOs, devices) are not opened.
    """
    total = 0
    for entry in _listing(root, read or ReadConfig()).entries:
        if entry.problem:
            continue
        try:
            with open_regular(entry.target) as handle:
                if handle.read(4) == b"PK\x03\x04":
                    handle.seek(0)
                    with zipfile.ZipFile(handle) as archive:
                        total += sum(member.file_size for member in archive.infolist())
                    continue
                total += os.fstat(handle.fileno()).st_size
        except (OSError, ValueError, zipfile.BadZipFile):
            continue
    return total
