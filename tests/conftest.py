"""Shared fixtures: the real CLI in a subprocess, the built-in rules, the shared data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

try:
    import pytest_lsp  # noqa: F401
except ImportError:  # pytest-lsp 1.x needs Python 3.10: the server tests cannot run here
    collect_ignore = ["lsp"]
SHARED = REPO.parent / "shared"


def run_cli(*args, input=None, cwd=None, env=None, timeout=120):
    """Run `textlint ARGS` as a user would (the installed console script's module)."""
    command = [sys.executable, "-m", "textlint", *map(str, args)]
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("NO_COLOR", None)
    return subprocess.run(
        command,
        input=input.encode("utf-8") if isinstance(input, str) else input,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def builtin_rules():
    from textlint.ruleset import load_rules

    return load_rules()


@pytest.fixture
def cli():
    return run_cli


def shared_or_skip(*parts) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
