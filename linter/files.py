"""Reading the files to lint, and writing fixed ones back, without ever losing a byte.

A file is read as bytes and decoded as UTF-8 (or the `--encoding` given); a
UTF-8 byte-order mark is kept aside so that a fixed file can be written back
with it. A file that cannot be decoded, or is binary, is an input error: the
run it was asked to lint fails (exit 2) rather than pass without linting it.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass

BOM = "\ufeff"
UTF8 = "utf-8"


class UndecodableFile(Exception):
    """A file that is not text in the expected encoding: reported as `path: <reason>`."""


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
    with open(path, "rb") as handle:
        return decode(path, handle.read(), encoding)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at `path` by `data` all at once: a temporary file in the same
    folder, flushed to disk, given the original's permission bits, then renamed over
    it. A reader sees the old content or the new one, never a half-written file; a
    symbolic link is followed (the file it points to is replaced, the link stays)."""
    import stat
    import tempfile

    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(target) + ".", suffix=".textlint~")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
