"""Finding inputs: the files under a folder, what is skipped, and what is refused unread.

Only regular files are opened. A FIFO, device or socket is refused from its ``lstat``
(opening a FIFO waits forever; a character device may never end). A symbolic link is
not followed unless asked, and never to a target outside the input folder, so nothing
from elsewhere on the machine reaches the warehouse.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from akhbar.tasks.config import ReadConfig

SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
NOT_FOLLOWED = (
    "a symbolic link, not followed (--follow-symlinks reads links that stay inside the "
    "input folder)"
)


@dataclass(frozen=True)
class Entry:
    """A file found under the input root: read it, or its ``problem`` (reason, detail)."""

    path: Path  # as found (a link's own path), for the source URI
    target: Path  # what to open: the path, or a followed link's target
    problem: tuple[str, str] | None = None


@dataclass
class Listing:
    """The inputs under a root, in a stable order, and what ``exclude`` skipped."""

    root: Path
    entries: list[Entry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # paths below the root


def source_uri(path: Path) -> str:
    """``file://`` URI of ``path`` made absolute, links not resolved (a link may loop)."""
    return Path(os.path.abspath(path)).as_uri()  # noqa: PTH100 (resolve() follows links)


def _special(mode: int) -> str | None:
    return next((what for test, what in SPECIAL_KINDS if test(mode)), None)


def excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    """Whether a path below the root matches one of ``patterns`` (see ``ReadConfig``).

    >>> excluded("2019/README.md", ("README*",)), excluded("a/x.txt", ("a/*",))
    (True, True)
    >>> excluded("news/readme_notes.txt", ("README*",)), excluded("x.txt", (".*",))
    (True, False)
    """
    name = relative.rsplit("/", 1)[-1].lower()
    rel = relative.lower()
    return any(fnmatch.fnmatchcase(rel if "/" in p else name, p.lower()) for p in patterns)


def list_inputs(root: str | Path, cfg: ReadConfig) -> Listing:
    """Every file under ``root`` (or ``root`` itself), sorted by path.

    ``root`` itself may be a link (the user named it); below it, links follow
    ``cfg.follow_symlinks``. Raises ``FileNotFoundError`` if ``root`` does not exist.
    """
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"input path does not exist: {root}")
    real_root = root.resolve()
    listing = Listing(root)
    if not real_root.is_dir():
        listing.entries.append(_file_entry(root, real_root))
        return listing
    visited = {real_root}
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            children = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            listing.entries.append(Entry(folder, folder, ("unreadable", _oserror(exc))))
            continue
        for child in children:
            path, relative = Path(child.path), prefix + child.name
            if excluded(relative, cfg.exclude):
                listing.skipped.append(relative + ("/" if child.is_dir() else ""))
                continue
            if child.is_symlink():
                entry = _link(path, real_root, cfg.follow_symlinks)
                if entry is None:  # a followed link to a folder inside the root
                    target = path.resolve()
                    if target not in visited:
                        visited.add(target)
                        stack.append((path, relative + "/"))
                    continue
                listing.entries.append(entry)
            elif child.is_dir(follow_symlinks=False):
                stack.append((path, relative + "/"))
            else:
                listing.entries.append(_file_entry(path, path))
    listing.entries.sort(key=lambda e: e.path.parts)
    listing.skipped.sort()
    return listing


def _oserror(exc: OSError) -> str:
    return f"{type(exc).__name__}: {exc.strerror or exc}"


def _file_entry(path: Path, target: Path) -> Entry:
    try:
        mode = os.stat(target).st_mode  # noqa: PTH116 (one stat, not two Path calls)
    except OSError as exc:
        return Entry(path, target, ("unreadable", _oserror(exc)))
    if special := _special(mode):
        return Entry(path, target, ("not_a_regular_file", f"{special}: refused unopened"))
    return Entry(path, target)


def _link(path: Path, real_root: Path, follow: bool) -> Entry | None:
    """A link's entry; None for a followed link to a folder (walk it instead)."""
    if not follow:
        return Entry(path, path, ("symlink_not_followed", NOT_FOLLOWED))
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # dangling, or a loop
        return Entry(path, path, ("unreadable", f"a symbolic link that leads nowhere ({exc})"))
    if not target.is_relative_to(real_root):
        return Entry(
            path, path, ("symlink_outside_input", "a symbolic link to outside the input folder")
        )
    if target.is_dir():
        return None
    return _file_entry(path, target)


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading, refusing anything else at open time.

    ``O_NOFOLLOW`` and ``O_NONBLOCK``: a link or FIFO swapped in after the walk is not
    followed or waited on. Raises ``OSError`` for what cannot be opened and
    ``ValueError`` for a file that is not regular.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if special := _special(os.fstat(fd).st_mode):
            raise ValueError(f"{special}: refused")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
