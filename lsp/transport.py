"""The stdio transport: LSP's `Content-Length` framing, read so that no input can wedge
the server, and a log that gives one line per bad message.

pygls's reader only takes a header line that is exactly `Content-Length: N`;
after a message whose header lacks one, the body is read as the next header
line, which then swallows the next message's header, and so on: the server
stays alive and answers nothing. This reader finds a `Content-Length` header
even at the end of a line of garbage, so it is back in step at the next
valid header. A body that is not JSON, or a message that fails, costs that
message and one log line.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import threading
from typing import Optional

# The header may follow garbage on its line (the body of a message without a
# header of its own); header names are case-insensitive.
_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?\n?\Z", re.IGNORECASE)

logger = logging.getLogger("textlint.lsp")


def _summary(text: object, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


async def read_messages(stop: threading.Event, reader, protocol) -> None:
    """Read framed messages from `reader` and hand each to `protocol` until the input ends."""
    length: Optional[int] = None
    skipped = False  # garbage since the last good header: logged once
    while not stop.is_set():
        line = await reader.readline()
        if not line:
            break
        if length is None:
            found = _CONTENT_LENGTH.search(line)
            if found:
                if found.start() > 0 or skipped:
                    logger.warning("skipped input without a Content-Length header before this message")
                skipped = False
                length = int(found.group(1))
            elif line.strip():
                skipped = True
            continue
        if line.strip():
            continue  # another header (Content-Type): nothing to do with it
        try:
            body = await reader.readexactly(length)
        except asyncio.IncompleteReadError:
            logger.warning("the input ended inside a message")
            break
        length = None
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as error:
            logger.warning("skipped a message that is not JSON: %s", _summary(error))
            continue
        if not isinstance(data, dict):
            logger.warning("skipped a message that is not a JSON-RPC object: %s", _summary(body[:80]))
            continue
        try:
            message = protocol.structure_message(data)
        except Exception as error:
            what = data.get("method") if isinstance(data.get("method"), str) else "a"
            logger.warning("skipped %s message: %s", what, _summary(getattr(error, "message", None) or error))
            continue
        try:
            protocol.handle_message(message)
        except Exception as error:
            logger.error("a message failed: %s: %s", type(error).__name__, _summary(error), exc_info=True)


class OneLineFormatter(logging.Formatter):
    """Each record on one line: the first line of its message and, for an exception,
    its type and text, never the traceback (the editor's log is read by people;
    TEXTLINT_LSP_LOG=DEBUG shows tracebacks)."""

    def __init__(self, fmt: str, tracebacks: bool = False) -> None:
        super().__init__(fmt)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if self.tracebacks:
            return super().format(record)
        copy = logging.makeLogRecord(record.__dict__)
        message = record.getMessage().strip()
        first = message.splitlines()[0] if message else ""
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            detail = f"{type(error).__name__}: {_summary(error)}"
            if detail not in first:
                first = f"{first.rstrip(':')}: {detail}" if first else detail
        copy.msg, copy.args, copy.exc_info, copy.exc_text, copy.stack_info = _summary(first, 500), None, None, None, None
        return super().format(copy)


def _not_reported_twice(record: logging.LogRecord) -> bool:
    # pygls logs a message it cannot structure, traceback and all, then raises;
    # `read_messages` reports the same message in its one line.
    return not (record.name.startswith("pygls") and str(record.msg).startswith("Unable to deserialize message"))


def configure_logging(level_name: str) -> None:
    level = getattr(logging, level_name.upper(), logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    if level > logging.DEBUG:
        handler.addFilter(_not_reported_twice)
    handler.setFormatter(OneLineFormatter("textlint lsp: %(levelname)s %(name)s: %(message)s", tracebacks=level <= logging.DEBUG))
    logging.basicConfig(level=level, handlers=[handler])
