"""Finding and reading the files to lint, without ever losing a byte.

A file is read as bytes and decoded as UTF-8; a byte-order mark is kept
aside so that a fixed file can be written back with it. Binary and
non-UTF-8 files are reported, not linted.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from dataclasses import dataclass
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

BOM = "\ufeff"
DEFAULT_INCLUDE = ("*.txt", "*.md")


class SkippedFile(Exception):
    """A file that is not text: reported as `path: <reason>, skipped`."""


class NotRegularFile(OSError):
    """A path that names a FIFO, a device or a socket: reading it could block forever
    (a named pipe nobody writes to) or never end (`/dev/zero`)."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)


def read_regular(path: str) -> bytes:
    """The bytes of the regular file at `path` (a symbolic link is followed).

    Every file textlint reads (text, rules, lexicons, configuration, baseline)
    goes through here. The file is opened without blocking, so that a FIFO
    cannot hang the open, and checked on the open handle, so that a path
    swapped for a device between a check and the read cannot slip through.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(path)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read()
    finally:
        if fd >= 0:
            os.close(fd)


def is_regular(path: str) -> bool:
    """Whether `path` is a regular file (after links): what a folder walk takes."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str          # the content, without a byte-order mark
    bom: bool = False

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


def decode(path: str, raw: bytes) -> SourceText:
    if b"\x00" in raw[:8192]:
        raise SkippedFile("binary file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SkippedFile("not UTF-8 text") from None
    bom = text.startswith(BOM)
    return SourceText(path, text[1:] if bom else text, bom)


def read_source(path: str) -> SourceText:
    return decode(path, read_regular(path))


def _matches(path: str, patterns: Iterable[str]) -> bool:
    name = os.path.basename(path)
    normalised = path.replace(os.sep, "/")
    for pattern in patterns:
        if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(normalised, pattern) or fnmatch.fnmatch(normalised, "*/" + pattern.lstrip("/")):
            return True
    return False


def discover(
    paths: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()
) -> Tuple[List[str], List[str]]:
    """Expand folders recursively. Returns (files, missing paths).

    A file named explicitly is always linted, whatever its extension; files
    found in folders must match `include` and not `exclude`.
    """
    files: List[str] = []
    missing: List[str] = []
    for path in paths:
        if os.path.isfile(path):
            files.append(path)
        elif os.path.isdir(path):
            files.extend(_walk(path, include, exclude))
        else:
            missing.append(path)
    return files, missing


def _walk(root: str, include: Sequence[str], exclude: Sequence[str]) -> Iterator[str]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _matches(os.path.join(folder, d), exclude))
        for name in sorted(names):
            full = os.path.join(folder, name)
            if _matches(full, include) and not _matches(full, exclude):
                yield full


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at `path` by `data` all at once: a temporary file in the same
    folder, flushed to disk, given the original's permission bits, owner and group,
    then renamed over it. A reader sees the old content or the new one, never a
    half-written file; a symbolic link is followed (the file it points to is
    replaced, the link stays)."""
    import tempfile

    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        info: Optional[os.stat_result] = os.stat(target)
        mode = stat.S_IMODE(info.st_mode)
    except FileNotFoundError:
        info = None
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(target) + ".", suffix=".textlint~")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if info is not None and hasattr(os, "chown"):
            _keep_owner(temporary, info)
        os.chmod(temporary, mode)  # after chown, which may clear set-id bits
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _keep_owner(temporary: str, original: os.stat_result) -> None:
    """Give the new file the original's owner and group (the temporary file is ours:
    `--fix` run as root would otherwise hand every fixed file to root). Only root may
    give a file away; anyone may keep their own uid and pick one of their groups, and
    what is not allowed is left as the system made it."""
    try:
        os.chown(temporary, original.st_uid, original.st_gid)
    except PermissionError:
        try:
            os.chown(temporary, -1, original.st_gid)
        except PermissionError:
            pass
