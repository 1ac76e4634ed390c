"""Reading the files to lint, and writing fixed ones back, without ever losing a byte.

A file is read as bytes and decoded as UTF-8 (or the `--encoding` given); a
UTF-8 byte-order mark is kept aside so that a fixed file can be written back
with it. A file that cannot be decoded, or is binary, is an input error: the
run it was asked to lint fails (exit 2) rather than pass without linting it.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass
from typing import Optional

BOM = "\ufeff"
UTF8 = "utf-8"


class UndecodableFile(Exception):
    """A file that is not text in the expected encoding: reported as `path: <reason>`."""


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
    encoding: str = UTF8

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode(self.encoding)


def codec_name(encoding: str) -> str:
    """The canonical name of `encoding` (LookupError: no such encoding)."""
    return codecs.lookup(encoding).name


def decode(path: str, raw: bytes, encoding: str = UTF8) -> SourceText:
    encoding = codec_name(encoding)
    if encoding != UTF8:
        # another encoding may hold NUL bytes (UTF-16) and has no BOM of ours to keep
        try:
            return SourceText(path, raw.decode(encoding), False, encoding)
        except UnicodeDecodeError as exc:
            raise UndecodableFile(f"not {encoding} text (byte {exc.start})") from None
    if b"\x00" in raw[:8192]:
        raise UndecodableFile("binary file")
    try:
        text = raw.decode(UTF8)
    except UnicodeDecodeError as exc:
        raise UndecodableFile(f"not UTF-8 text (byte {exc.start}; use --encoding if it is in another encoding)") from None
    bom = text.startswith(BOM)
    return SourceText(path, text[1:] if bom else text, bom)


def read_source(path: str, encoding: str = UTF8) -> SourceText:
    return decode(path, read_regular(path), encoding)


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
