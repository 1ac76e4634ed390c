"""Helpers for the workflow tests, importable by a unique name.

`from conftest import run_cli` is ambiguous once tests/lsp/ has its own
conftest.py (both are the module `conftest`), so the workflow tests import
the helpers from here; they are the ones defined in tests/conftest.py, loaded
from that file so there is one definition.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("textlint_tests_conftest", Path(__file__).with_name("conftest.py"))
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)

REPO = _conftest.REPO
SHARED = _conftest.SHARED
run_cli = _conftest.run_cli
shared_or_skip = _conftest.shared_or_skip

# A user rule with an unsafe fix, for the tests of --unsafe-fixes and its hint.
UNSAFE_RULE = """
id = "duplicated-token/spelled-out-mister"
kind = "pattern"
severity = "warning"
message = "“{match}”: write “Mr.”"
description = "Spelled-out honorific, a test rule with an unsafe fix."
fix = true
fix-safety = "unsafe"
pattern = "\\\\bMister\\\\b"
replacement = "Mr."

[examples]
bad = [{ text = "[[Mister]] Smith", fixed = "Mr. Smith" }]
good = ["Mr. Smith"]
"""
