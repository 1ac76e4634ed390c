"""Build the VS Code extension in editors/vscode, check the packaged .vsix, run its unit tests.

Runs ``npm ci`` once in a temporary copy of the extension folder (so the
working tree is left untouched); ``npm run package`` builds the ``.vsix`` (a
zip file), which is inspected; ``npm test`` runs the server discovery's unit
tests (src/discovery.test.ts) with this interpreter as the workspace's Python.
Skipped only when ``npm`` is not on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

EXTENSION_DIR = Path(__file__).resolve().parent.parent / "editors" / "vscode"
NPM_TIMEOUT_S = 300


def _run_npm(npm: str, args: list[str], cwd: Path, extra_env: dict = None) -> str:
    env = dict(os.environ, **(extra_env or {}))
    env.setdefault("CI", "true")
    env["npm_config_audit"] = "false"
    env["npm_config_fund"] = "false"
    env["npm_config_update_notifier"] = "false"
    try:
        proc = subprocess.run(
            [npm, *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=NPM_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.output or ""
        if isinstance(out, bytes):
            out = out.decode(errors="replace")
        pytest.fail(f"`npm {' '.join(args)}` timed out after {NPM_TIMEOUT_S} s:\n{out[-4000:]}")
    if proc.returncode != 0:
        pytest.fail(
            f"`npm {' '.join(args)}` exited with {proc.returncode}:\n{proc.stdout[-4000:]}"
        )
    return proc.stdout


@pytest.fixture(scope="module")
def extension(tmp_path_factory) -> tuple:
    """(npm, a copy of the extension folder with its dependencies installed)."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not on PATH; cannot build the VS Code extension")
    assert (EXTENSION_DIR / "package.json").is_file(), EXTENSION_DIR
    assert (EXTENSION_DIR / "package-lock.json").is_file(), "package-lock.json must be committed"
    work = tmp_path_factory.mktemp("extension") / "vscode"
    shutil.copytree(
        EXTENSION_DIR,
        work,
        ignore=shutil.ignore_patterns("node_modules", "dist", "out", "*.vsix"),
    )
    _run_npm(npm, ["ci"], work)
    return npm, work


def test_server_discovery_unit_tests(extension) -> None:
    npm, work = extension
    output = _run_npm(npm, ["test"], work, {"TEXTLINT_TEST_PYTHON": sys.executable})
    assert "# fail 0" in output and "# skipped 0" in output, output[-4000:]
    assert "# pass 7" in output, output[-4000:]


def test_vscode_extension_packages(extension) -> None:
    npm, work = extension
    _run_npm(npm, ["run", "package"], work)

    vsix_files = sorted(work.glob("*.vsix"))
    assert len(vsix_files) == 1, f"expected one .vsix, found {vsix_files}"
    vsix = vsix_files[0]
    assert zipfile.is_zipfile(vsix), f"{vsix.name} is not a zip file"

    with zipfile.ZipFile(vsix) as zf:
        names = set(zf.namelist())
        assert "extension/package.json" in names, sorted(names)
        assert "extension/dist/extension.js" in names, sorted(names)
        # Bundled with esbuild and packaged with --no-dependencies.
        assert not any(n.startswith("extension/node_modules/") for n in names)
        manifest = json.loads(zf.read("extension/package.json"))
        bundle = zf.read("extension/dist/extension.js").decode("utf-8")

    assert manifest["publisher"] == "textlint-dev"
    assert manifest["main"] == "./dist/extension.js"
    assert "onLanguage:plaintext" in manifest["activationEvents"]
    assert "onLanguage:markdown" in manifest["activationEvents"]

    properties = manifest["contributes"]["configuration"]["properties"]
    # npm textlint's extension owns `textlint.*`: nothing of ours may live there
    assert all(key.startswith("textlintCoref.") for key in properties), sorted(properties)
    assert properties["textlintCoref.path"]["default"] == ""
    for key in ("select", "ignore", "extendSelect", "rules"):
        assert properties[f"textlintCoref.{key}"]["type"] == "array", key
    assert properties["textlintCoref.config"]["type"] == "string"
    assert properties["textlintCoref.isolated"]["type"] == "boolean"
    assert properties["textlintCoref.debounce"]["default"] == 120
    assert properties["textlintCoref.trace.server"]["enum"] == ["off", "messages", "verbose"]
    # every setting the language server reads is exposed
    import re

    server_keys = set(re.findall(r"options\.get\(\"(\w+)\"", (EXTENSION_DIR.parent.parent / "lsp" / "settings.py").read_text(encoding="utf-8")))
    assert server_keys - {"textlint", "textlintCoref", "extend-select"} <= {k.split(".", 1)[1] for k in properties}, server_keys

    commands = {c["command"] for c in manifest["contributes"]["commands"]}
    assert "textlintCoref.restart" in commands

    # The language client is bundled in; vscode itself stays external.
    assert 'require("vscode")' in bundle
    assert "lsp" in bundle
    assert "ms-python.python" in bundle and "--version" in bundle  # the discovery is bundled in
