"""Where finished shards wait until their run is published: a folder or an fsspec URL.

The flow and every worker reach the cache by the same URL. A Dask worker on another
machine writes its shard's frames there and hands back only their URLs, so the flow
never needs a path that exists only on the worker's machine: a local folder works when
the flow and the workers share a file system (one machine, or NFS), an object store
(``s3://bucket/akhbar-cache``, with the matching fsspec package installed) works
anywhere. Prefect's cached task results for the shards go to the same place.
"""

from __future__ import annotations

import contextlib
import hashlib

import fsspec
import polars as pl
from fsspec.implementations.local import LocalFileSystem
from prefect.filesystems import LocalFileSystem as LocalBlock
from prefect.filesystems import RemoteFileSystem as RemoteBlock
from prefect.filesystems import WritableFileSystem


def _fs(url: str) -> tuple[fsspec.AbstractFileSystem, str]:
    return fsspec.core.url_to_fs(url)


def is_local(url: str) -> bool:
    """Whether ``url`` is a folder of this machine's file system (plain path or ``file://``).

    >>> is_local("/tmp/x-cache"), is_local("file:///tmp/x-cache"), is_local("memory://c")
    (True, True, False)
    """
    return fsspec.utils.get_protocol(url) in ("file", "local")


def frames_url(cache_url: str) -> str:
    """Where the shards' frames go inside the cache (Prefect's results sit beside them).

    >>> frames_url("s3://bucket/akhbar-cache/")
    's3://bucket/akhbar-cache/frames'
    """
    return cache_url.rstrip("/") + "/frames"


def write_frames(frames_url: str, key: str, frames: dict[str, pl.DataFrame]) -> dict[str, str]:
    """Write one shard's frames as Arrow IPC files under ``frames_url/key/``; their URLs."""
    fs, root = _fs(frames_url)
    folder = f"{root.rstrip('/')}/{key}"
    fs.makedirs(folder, exist_ok=True)
    urls = {}
    for table, frame in frames.items():
        path = f"{folder}/{table}.arrow"
        if isinstance(fs, LocalFileSystem):
            frame.write_ipc(path)
            urls[table] = path
        else:
            with fs.open(path, "wb") as out:
                frame.write_ipc(out)
            urls[table] = fs.unstrip_protocol(path)
    return urls


def read_frames(urls: dict[str, str]) -> dict[str, pl.DataFrame] | None:
    """The frames :func:`write_frames` wrote, or None if any file has gone."""
    located = {table: _fs(url) for table, url in urls.items()}
    if not all(fs.isfile(path) for fs, path in located.values()):
        return None
    frames = {}
    for table, (fs, path) in located.items():
        if isinstance(fs, LocalFileSystem):
            frames[table] = pl.read_ipc(path)  # memory-mapped
        else:
            with fs.open(path, "rb") as source:
                frames[table] = pl.read_ipc(source.read())
    return frames


def forget_shards(cache_url: str, keys: list[str]) -> None:
    """Drop the persisted shards of a published run: they are in the warehouse now."""
    fs, root = _fs(cache_url)
    root, frames = root.rstrip("/"), _fs(frames_url(cache_url))[1]
    for key in keys:
        for path in (f"{root}/{key}", f"{frames}/{key}"):
            with contextlib.suppress(FileNotFoundError):
                fs.rm(path, recursive=True)
    if isinstance(fs, LocalFileSystem):  # gone when empty (another run may share them)
        for folder in (frames, root):
            with contextlib.suppress(OSError):
                fs.rmdir(folder)


def result_storage(cache_url: str) -> WritableFileSystem:
    """The cache as a Prefect storage block for task results (Prefect wants it saved)."""
    name = "akhbar-cache-" + hashlib.blake2b(cache_url.encode(), digest_size=6).hexdigest()
    if is_local(cache_url):
        storage: WritableFileSystem = LocalBlock(basepath=_fs(cache_url)[1])
    else:
        storage = RemoteBlock(basepath=cache_url)
    storage.save(name, overwrite=True)
    return storage
