"""Property: after random incremental edits, the language server reports exactly what
`textlint check` reports for the same text (tests/properties.py gives the text and
the profiles). One real server, over stdio, serves every example."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from lsp_support import cli_json, expected_from_cli
from properties import damaged_text, encodable, slow_examples
from raw_stdio import RawServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("lsp-properties")
    running = RawServer()
    running.initialize(root.as_uri(), {"isolated": True, "debounce": 10})
    running.root = root
    yield running
    running.close()
    assert "Traceback" not in running.final_log, running.final_log


def utf16_position(text: str, offset: int) -> dict:
    before = text[:offset]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    # CRLF is one break: an offset between its two characters does not occur here
    line = len([1 for i, ch in enumerate(before) if ch == "\n" or (ch == "\r" and text[i + 1 : i + 2] != "\n")])
    return {"line": line, "character": len(before[line_start:].encode("utf-16-le")) // 2}


def safe_offset(text: str, offset: int) -> int:
    offset = min(offset, len(text))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1
    return offset


edit_lists = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 40), damaged_text()), min_size=1, max_size=6
)

_count = [0]


@hsettings(max_examples=slow_examples())
@given(text=damaged_text(), edits=edit_lists)
def test_server_agrees_with_the_cli_after_random_edits(server, text, edits):
    text = encodable(text).replace("\x00", "").lstrip("\ufeff")  # NUL: the CLI skips the file as binary
    _count[0] += 1
    path = server.root / f"doc{_count[0]}.txt"
    uri = path.as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    for version, (start, length, new) in enumerate(edits, 2):
        new = encodable(new).replace("\x00", "").lstrip("\ufeff")
        start = safe_offset(text, start)
        end = safe_offset(text, start + length)
        if (new.startswith("\n") and start and text[start - 1] == "\r") or (new.endswith("\r") and text[end : end + 1] == "\n"):
            new = " " + new + " "  # never split or join a CRLF: both sides would count lines alike anyway
        change = {"range": {"start": utf16_position(text, start), "end": utf16_position(text, end)}, "text": new}
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        text = text[:start] + new + text[end:]
    items = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout=60)["result"]["items"]
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    path.write_bytes(text.encode("utf-8"))
    expected = expected_from_cli(text, cli_json(path, "--isolated"), "utf-16")
    got = sorted((d["code"], d["message"], (d["range"]["start"]["line"], d["range"]["start"]["character"], d["range"]["end"]["line"], d["range"]["end"]["character"])) for d in items)
    assert got == expected
