"""Fixtures for the language-server tests (helpers live in lsp_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest_lsp
from lsp_support import CONFIG, initialize
from pytest_lsp import LanguageClient


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    lsp_client.init_result = await initialize(lsp_client, tmp_path)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()
