"""A real headless Neovim against the real server: open, see, edit, fix.

Neovim comes from Debian's `neovim` package (0.7.2 on bookworm): the test
installs it with apt-get when it is missing and the tests run as root, and is
skipped, saying why, only when it cannot be had. The Lua side
(`nvim_e2e.lua`) uses only APIs that Neovim 0.7 has: `vim.lsp.start_client`,
`vim.lsp.buf_attach_client`, `vim.diagnostic.get`, `vim.lsp.util.apply_workspace_edit`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
LINES = [
    "Party time 🎉 at “City Hall” today. But as Mr. Mr. Ortiz conceded, the shelters were full.",
    "In a statement on Monday she Mayor Ada Kowalski to find the the money.",
    "Then the council voted and the motion passed.",
]


def _nvim_version(nvim: str):
    try:
        done = subprocess.run([nvim, "--version"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(rb"NVIM v(\d+)\.(\d+)", done.stdout)
    return (int(found.group(1)), int(found.group(2))) if found else None


@pytest.fixture(scope="session")
def nvim() -> str:
    path = shutil.which("nvim")
    if path is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        try:
            subprocess.run(["apt-get", "update"], capture_output=True, timeout=600, env=env)
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "neovim"], capture_output=True, timeout=900, env=env)
        except (OSError, subprocess.SubprocessError):
            pass
        path = shutil.which("nvim")
    if path is None:
        pytest.skip("Neovim is not installed and could not be installed (needs root and apt-get: apt-get install neovim)")
    version = _nvim_version(path)
    if version is None or version < (0, 7):
        pytest.skip(f"Neovim {version} is too old: the test needs 0.7 or later")
    return path


def _byte_range(line: str, text: str):
    start = line.index(text)
    return len(line[:start].encode("utf-8")), len(line[: start + len(text)].encode("utf-8"))


def test_neovim_end_to_end(nvim, tmp_path):
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out = tmp_path / "results.json"
    env = dict(
        os.environ,
        TEXTLINT_NVIM_FILE=str(damaged),
        TEXTLINT_NVIM_OUT=str(out),
        TEXTLINT_NVIM_CMD=json.dumps([sys.executable, "-m", "textlint", "lsp"]),
        HOME=str(tmp_path),  # no user configuration, no shada
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    done = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {HERE / 'nvim_e2e.lua'}"],
        capture_output=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert out.exists(), f"Neovim wrote no results (exit {done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}"
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["error"] is None, results
    steps = {step["name"]: step for step in results["steps"]}

    # 1. On open: the findings at the right columns (Neovim counts bytes; the emoji and
    #    curly quotes before "Mr. Mr." take 4 and 3 bytes each).
    opened = [(d["lnum"], d["col"], d["end_col"], d["code"]) for d in steps["open"]["diagnostics"]]
    assert opened == [
        (0, *_byte_range(LINES[0], "Mr. Mr."), "duplicated-token/repeated-words"),
        (1, *_byte_range(LINES[1], "Mayor Ada Kowalski"), "entity-in-verb-position/after-subject-pronoun"),
        (1, *_byte_range(LINES[1], "the the"), "duplicated-token/repeated-words"),
    ]
    assert all(d["source"] == "textlint" for d in steps["open"]["diagnostics"])

    # 2. After typing "the " on the last line, the new repetition is reported there.
    edited = steps["edit"]
    assert edited["lines"][2] == "Then the the council voted and the motion passed."
    assert (2, *_byte_range(edited["lines"][2], "the the")) in [(d["lnum"], d["col"], d["end_col"]) for d in edited["diagnostics"]]

    # 3. The quick fix removed the second "Mr." and only that.
    assert any(t.startswith("Delete the repeated copy") for t in results["code_action_titles"])
    assert steps["quickfix"]["lines"][0] == LINES[0].replace("Mr. Mr.", "Mr.")
    assert steps["quickfix"]["lines"][1:] == edited["lines"][1:]

    # 4. Fix all: no repeated word left; the entity finding (no safe fix) stays.
    assert steps["fixall"]["lines"] == [
        LINES[0].replace("Mr. Mr.", "Mr."),
        "In a statement on Monday she Mayor Ada Kowalski to find the money.",
        "Then the council voted and the motion passed.",
    ]
    assert [d["code"] for d in steps["fixall"]["diagnostics"]] == ["entity-in-verb-position/after-subject-pronoun"]
