"""Archives (zip, tar, tar.gz, gz), read as streams and never unpacked to disk.

Each member is handed back as ``(uri, name, bytes)`` or as a quarantine unit: a path
that points outside the archive, a member or a whole archive that inflates past the
limits (archive bombs), links and devices, nesting deeper than ``MAX_NESTING``. Two
members with one name (tar allows it) get distinct URIs: ``a.txt``, ``a.txt~2``.
"""

from __future__ import annotations

import gzip
import re
import tarfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from akhbar.tasks.config import ReadConfig
from akhbar.tasks.readers.records import Unit, unit

MAX_NESTING = 2
ARCHIVE_ERRORS = (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, gzip.BadGzipFile)
#: What a member becomes: ``blob(uri, name, data, depth)`` yields its units.
Blob = Callable[[str, str, bytes, int], Iterator[Unit]]


class _MemberURIs:
    """``<archive>!/<member>``, unique within the archive; ``#`` escaped as ``%23``."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.seen: Counter[str] = Counter()

    def __call__(self, member: str) -> str:
        self.seen[member] += 1
        n = self.seen[member]
        return f"{self.uri}!/{member.replace('#', '%23')}" + (f"~{n}" if n > 1 else "")


def member_problem(cfg: ReadConfig, member: str, size: int, compressed: int | None):
    """``(reason, detail)`` if a member must not be read, else None."""
    path = PurePosixPath(member.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", member):
        return "unsafe_member_path", f"member path {member!r} points outside the archive"
    if size > cfg.max_member_bytes:
        return "archive_member_too_large", f"{size} bytes > {cfg.max_member_bytes}"
    if compressed and size / compressed > cfg.max_compression_ratio:
        return "compression_ratio_exceeded", (
            f"inflates {size / compressed:.0f}x (> {cfg.max_compression_ratio:.0f}x): "
            "refused as a possible archive bomb"
        )
    return None


def read_archive(
    cfg: ReadConfig,
    blob: Blob,
    uri: str,
    name: str,
    fmt: str,
    source: BinaryIO,
    compressed_size: int,
    depth: int,
) -> Iterator[Unit]:
    """Every member of one archive, as units (via ``blob``) or quarantine units."""
    if depth >= MAX_NESTING:
        detail = f"archives nested over {MAX_NESTING} deep"
        yield unit(uri, name, fmt, "content", None, "nested_archive_too_deep", detail)
        return
    handler = {"zip": _zip, "tar": _tar, "gzip": _gzip}[fmt]
    try:
        yield from handler(cfg, blob, uri, name, source, compressed_size, depth)
    except ARCHIVE_ERRORS as exc:
        detail = f"{type(exc).__name__}: {exc}"
        yield unit(uri, name, fmt, "content", None, "corrupt_archive", detail)


def _zip(cfg, blob, uri, name, source, compressed_size, depth) -> Iterator[Unit]:
    member_uri = _MemberURIs(uri)
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            m_uri, m_name = member_uri(info.filename), PurePosixPath(info.filename).name
            problem = member_problem(cfg, info.filename, info.file_size, info.compress_size)
            if problem:
                yield unit(m_uri, m_name, "zip", "content", None, *problem)
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(cfg.max_member_bytes + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                detail = f"{type(exc).__name__}: {exc}"
                yield unit(m_uri, m_name, "zip", "content", None, "unreadable_member", detail)
                continue
            if len(data) > cfg.max_member_bytes:
                detail = "inflates past its declared size"
                yield unit(
                    m_uri, m_name, "zip", "content", None, "archive_member_too_large", detail
                )
                continue
            yield from blob(m_uri, m_name, data, depth + 1)


def _tar(cfg, blob, uri, name, source, compressed_size, depth) -> Iterator[Unit]:
    inflated = 0
    member_uri = _MemberURIs(uri)
    with tarfile.open(mode="r|*", fileobj=source) as archive:
        for member in archive:
            if member.isdir():
                continue
            m_uri, m_name = member_uri(member.name), PurePosixPath(member.name).name
            if not member.isfile():
                detail = "links and devices in archives are not read"
                yield unit(m_uri, m_name, "tar", "content", None, "not_a_file", detail)
                continue
            inflated += member.size
            problem = member_problem(cfg, member.name, member.size, None)
            if (
                not problem
                and compressed_size
                and (inflated / compressed_size > cfg.max_compression_ratio)
            ):
                problem = (
                    "compression_ratio_exceeded",
                    f"archive inflates past {cfg.max_compression_ratio:.0f}x its size: refused",
                )
            if problem:
                yield unit(m_uri, m_name, "tar", "content", None, *problem)
                if problem[0] == "compression_ratio_exceeded":
                    return
                continue
            extracted = archive.extractfile(member)
            data = extracted.read() if extracted else b""
            yield from blob(m_uri, m_name, data, depth + 1)


def _gzip(cfg, blob, uri, name, source, compressed_size, depth) -> Iterator[Unit]:
    import io

    inner = name[:-3] if name.lower().endswith(".gz") else name
    limit = cfg.max_member_bytes
    if compressed_size:
        limit = min(limit, int(compressed_size * cfg.max_compression_ratio))
    with gzip.open(source) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        detail = f"inflates past {limit} bytes: refused as a possible archive bomb"
        yield unit(
            f"{uri}!/{inner}", inner, "gzip", "content", None, "compression_ratio_exceeded", detail
        )
        return
    if data[257:262] == b"ustar" or inner.lower().endswith(".tar"):
        yield from _tar(cfg, blob, uri, name, io.BytesIO(data), compressed_size, depth)
        return
    yield from blob(f"{uri}!/{inner}", inner, data, depth + 1)
