"""Corpus files: JSON lines and Parquet, one document per record, read and written as streams.

A corpus is read record by record (`read_records`), never whole, and a fixed
corpus is written by `CorpusWriter`, which reads the source a second time in
step with the results: every record it is not given a new text for is copied
as it was (a JSON line byte for byte; a Parquet row with every column), so
nothing but the text field of a fixed record changes, and memory does not
grow with the corpus. The writer fills a temporary file beside the target
and renames it over the target at the end, so a reader never sees half a
corpus.

    *.jsonl, *.ndjson (also .gz)   one JSON object per line; blank lines are kept, and are not records
    *.parquet                      one row per record (needs pyarrow: the `parquet` extra)
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from dataclasses import dataclass
from json.decoder import scanstring
from typing import IO, Any, Dict, Iterator, Optional, Tuple

from textlint.errors import TextlintError

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
PARQUET_BATCH = 2048  # rows read (and written as one row group) at a time
_JSON_SCALARS = (str, int, float, bool)
_WHITESPACE = " \t\r\n"


class CorpusError(TextlintError):
    """A corpus file that cannot be read or written as a whole (not a single record)."""


def corpus_kind(path: str) -> Optional[str]:
    """'jsonl' or 'parquet' for a corpus file name, else None."""
    name = path.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


@dataclass(frozen=True)
class Record:
    """One document of a corpus: its 1-based number, its id, and its text or why it has none."""

    number: int
    id: Any                       # the id field's value, else `number`
    text: Optional[str] = None
    error: Optional[str] = None   # why the record cannot be linted (no text field, not a string, bad JSON)


def read_records(path: str, text_field: str = "text", id_field: str = "id") -> Iterator[Record]:
    """The records of the corpus at `path`, in order. Raises `CorpusError` for the file as a whole."""
    if corpus_kind(path) == "parquet":
        return _parquet_records(path, text_field, id_field)
    return _jsonl_records(path, text_field, id_field)


def _record_id(value: Any, number: int) -> Any:
    if value is None or isinstance(value, bool):
        return number if value is None else value
    if isinstance(value, _JSON_SCALARS):
        return value
    return str(value)  # a date, a decimal, bytes: still something a report can print


def _kind_of(value: Any) -> str:
    return {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__)


# -- JSON lines -----------------------------------------------------------------------

def _open_lines(path: str) -> IO[bytes]:
    try:
        if path.lower().endswith(".gz"):
            return gzip.open(path, "rb")
        return open(path, "rb")
    except OSError as exc:
        raise CorpusError(f"cannot read: {exc.strerror or exc}", path) from None


def _raw_lines(path: str) -> Iterator[bytes]:
    """The file's lines with their line ends (split at LF only, as JSON lines are)."""
    handle = _open_lines(path)
    try:
        with handle:
            yield from handle
    except (OSError, EOFError, zlib.error) as exc:  # gzip: not gzip, or cut short
        detail = "not a gzip file or a damaged one" if isinstance(exc, (gzip.BadGzipFile, EOFError, zlib.error)) else (exc.strerror or str(exc))
        raise CorpusError(f"cannot read: {detail}", path) from None


def _is_blank(raw: bytes) -> bool:
    return not raw.strip()


def _parse_line(raw: bytes, first: bool) -> Tuple[Optional[dict], Optional[str], str]:
    """(object, error, decoded line) for one non-blank line."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 (byte {exc.start + 1} of the line)", ""
    if first and line.startswith("\ufeff"):
        line = line[1:]
    try:
        value = json.loads(line)
    except ValueError as exc:
        message = getattr(exc, "msg", str(exc))
        return None, f"not valid JSON ({message} at column {getattr(exc, 'colno', '?')})", line
    if not isinstance(value, dict):
        return None, f"not a JSON object but {_kind_of(value)}", line
    return value, None, line


def _jsonl_records(path: str, text_field: str, id_field: str) -> Iterator[Record]:
    number = 0
    for raw in _raw_lines(path):
        if _is_blank(raw):
            continue
        number += 1
        value, error, _ = _parse_line(raw, number == 1)
        if value is None:
            yield Record(number, number, error=error)
            continue
        record_id = _record_id(value.get(id_field), number)
        if text_field not in value:
            yield Record(number, record_id, error=f"no '{text_field}' field")
            continue
        text = value[text_field]
        if not isinstance(text, str):
            yield Record(number, record_id, error=f"'{text_field}' is {_kind_of(text)}, not a string")
            continue
        yield Record(number, record_id, text)


def value_span(line: str, field: str) -> Optional[Tuple[int, int]]:
    """Where the value of the top-level key `field` stands in the JSON object `line`.

    The last occurrence, as `json.loads` keeps the last of duplicate keys.
    Splicing a new value into this span leaves every other byte of the line
    as it was: key order, spacing, number spellings, escapes.
    """
    decoder = json.JSONDecoder()
    i = _skip(line, 0)
    if i >= len(line) or line[i] != "{":
        return None
    i = _skip(line, i + 1)
    span = None
    while i < len(line) and line[i] == '"':
        key, i = scanstring(line, i + 1)
        i = _skip(line, i)
        if i >= len(line) or line[i] != ":":
            return None
        i = _skip(line, i + 1)
        _, end = decoder.raw_decode(line, i)
        if key == field:
            span = (i, end)
        i = _skip(line, end)
        if i < len(line) and line[i] == ",":
            i = _skip(line, i + 1)
    return span


def _skip(line: str, i: int) -> int:
    while i < len(line) and line[i] in _WHITESPACE:
        i += 1
    return i


def _spliced(raw: bytes, first: bool, text_field: str, text: str) -> bytes:
    """The JSON line `raw` with its text field's value replaced by `text`, nothing else changed."""
    decoded = raw.decode("utf-8")
    bom = first and decoded.startswith("\ufeff")
    line = decoded[1:] if bom else decoded
    start, end = value_span(line, text_field)
    old = line[start:end]
    # Keep the line's way of writing non-ASCII: \u escapes if it used them.
    escaped = old.isascii() and "\\u" in old
    new = json.dumps(text, ensure_ascii=escaped)
    return (("\ufeff" if bom else "") + line[:start] + new + line[end:]).encode("utf-8")


# -- Parquet --------------------------------------------------------------------------

def _pyarrow(path: str):
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise CorpusError("Parquet needs pyarrow: pip install 'textlint-coref[parquet]'", path) from None
    return pyarrow, pyarrow.parquet


def _parquet_file(path: str):
    pa, pq = _pyarrow(path)
    try:
        return pq.ParquetFile(path)
    except OSError as exc:
        raise CorpusError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path) from None
    except Exception as exc:  # pyarrow.ArrowInvalid: not a Parquet file
        raise CorpusError(f"not a Parquet file ({exc})", path) from None


def _check_text_column(parquet, path: str, text_field: str) -> None:
    pa, _ = _pyarrow(path)
    schema = parquet.schema_arrow
    if text_field not in schema.names:
        raise CorpusError(f"no column '{text_field}' (columns: {', '.join(schema.names)})", path)
    kind = schema.field(text_field).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise CorpusError(f"column '{text_field}' holds {kind}, not strings", path)


def _parquet_records(path: str, text_field: str, id_field: str) -> Iterator[Record]:
    parquet = _parquet_file(path)
    _check_text_column(parquet, path, text_field)
    has_id = id_field in parquet.schema_arrow.names and id_field != text_field
    columns = [text_field] + ([id_field] if has_id else [])
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH, columns=columns):
            texts = batch.column(0).to_pylist()
            ids = batch.column(1).to_pylist() if has_id else [None] * len(texts)
            for text, raw_id in zip(texts, ids):
                number += 1
                record_id = _record_id(raw_id, number)
                if text is None:
                    yield Record(number, record_id, error=f"'{text_field}' is null, not a string")
                else:
                    yield Record(number, record_id, text)
    except OSError as exc:
        raise CorpusError(f"cannot read: {exc}", path) from None


# -- writing --------------------------------------------------------------------------

class CorpusWriter:
    """Writes the corpus at `source` to `target` (the same path: in place), with new texts
    for some records. Call `put(number, text)` for the records that changed, in order,
    then `commit()`; `abort()` leaves the target as it was."""

    def __init__(self, source: str, target: str, text_field: str) -> None:
        self.source = source
        self.target = target
        self.text_field = text_field
        self.changed = 0
        real = os.path.realpath(target)
        self._real_target = real
        self._in_place = os.path.exists(target) and os.path.samefile(source, target)
        folder = os.path.dirname(real) or "."
        import tempfile

        try:
            os.makedirs(folder, exist_ok=True)
            handle, self._temporary = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(real) + ".", suffix=".textlint~")
        except OSError as exc:
            raise CorpusError(f"cannot write: {exc.strerror or exc}", target) from None
        self._file = os.fdopen(handle, "wb")
        self._parquet = corpus_kind(source) == "parquet"
        if self._parquet:
            try:
                self._start_parquet()
            except BaseException:
                self.abort()
                raise
        else:
            compressed = target.lower().endswith(".gz")
            self._out = gzip.GzipFile(filename="", mode="wb", fileobj=self._file, mtime=0) if compressed else self._file
            self._lines = _raw_lines(source)
            self._number = 0

    # JSON lines: copy lines until the record `number`, then write it (spliced or as it was)
    def _copy_jsonl_until(self, number: Optional[int]) -> Optional[bytes]:
        for raw in self._lines:
            if _is_blank(raw):
                self._out.write(raw)
                continue
            self._number += 1
            if number is not None and self._number == number:
                return raw
            self._out.write(raw)
        return None

    def _start_parquet(self) -> None:
        pa, pq = _pyarrow(self.source)
        parquet = _parquet_file(self.source)
        codec = "snappy"
        if parquet.metadata.num_row_groups and parquet.metadata.num_columns:
            codec = parquet.metadata.row_group(0).column(0).compression.lower()
            codec = "none" if codec == "uncompressed" else codec
        self._schema = parquet.schema_arrow
        self._text_index = self._schema.get_field_index(self.text_field)
        self._batches = parquet.iter_batches(batch_size=PARQUET_BATCH)
        self._writer = pq.ParquetWriter(self._file, self._schema, compression=codec)
        self._first = 1   # the number of the current batch's first row
        self._batch = None
        self._pending: Dict[int, str] = {}

    def _flush_parquet_until(self, number: Optional[int]) -> None:
        """Write every source batch that ends before record `number` (all of them: None)."""
        pa, _ = _pyarrow(self.source)
        while True:
            if self._batch is None:
                self._batch = next(self._batches, None)
                if self._batch is None:
                    return
            end = self._first + self._batch.num_rows
            if number is not None and number < end:
                return
            batch = self._batch
            if self._pending:
                texts = batch.column(self._text_index).to_pylist()
                for row, text in self._pending.items():
                    texts[row - self._first] = text
                columns = list(batch.columns)
                columns[self._text_index] = pa.array(texts, type=self._schema.field(self._text_index).type)
                batch = pa.RecordBatch.from_arrays(columns, schema=self._schema)
            self._writer.write_batch(batch)
            self._pending = {}
            self._first, self._batch = end, None

    def put(self, number: int, text: str) -> None:
        """Record `number` (1-based) gets `text` as its new text."""
        self.changed += 1
        if self._parquet:
            self._flush_parquet_until(number)
            self._pending[number] = text
            return
        raw = self._copy_jsonl_until(number)
        if raw is None:
            raise CorpusError(f"record {number} is no longer in the file", self.source)
        self._out.write(_spliced(raw, number == 1, self.text_field, text))

    def commit(self) -> bool:
        """Finish the file and put it in place; in place and with nothing changed, leave the
        original untouched. Returns whether the target was written."""
        if self._parquet:
            self._flush_parquet_until(None)
            self._writer.close()
        else:
            self._copy_jsonl_until(None)
            if self._out is not self._file:
                self._out.close()
        if self._in_place and not self.changed:
            self.abort()
            return False
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.chmod(self._temporary, _mode_for(self.source))
            os.replace(self._temporary, self._real_target)
        except OSError as exc:
            self.abort()
            raise CorpusError(f"cannot write: {exc.strerror or exc}", self.target) from None
        return True

    def abort(self) -> None:
        try:
            self._file.close()
        except Exception:
            pass
        try:
            os.unlink(self._temporary)
        except OSError:
            pass


def _mode_for(source: str) -> int:
    import stat

    try:
        return stat.S_IMODE(os.stat(source).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

