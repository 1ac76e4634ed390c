"""Finding and reading the files to lint, without ever losing a byte.

A file is read as bytes and decoded as UTF-8; a byte-order mark is kept
aside so that a fixed file can be written back with it. Binary and
non-UTF-8 files are reported, not linted.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from typing import Iterable, Iterator, List, Sequence, Tuple

BOM = "\ufeff"
DEFAULT_INCLUDE = ("*.txt", "*.md")


class SkippedFile(Exception):
    """A file that is not text: reported as `path: <reason>, skipped`."""


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
    with open(path, "rb") as handle:
        return decode(path, handle.read())


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
