"""Build the VS Code extension in editors/vscode and check the packaged .vsix.

Runs ``npm ci`` and ``npm run package`` in a temporary copy of the extension
folder (so the working tree is left untouched), then inspects the produced
``.vsix`` (a zip file). Skipped only when ``npm`` is not on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

EXTENSION_DIR = Path(__file__).resolve().parent.parent / "editors" / "vscode"
NPM_TIMEOUT_S = 300


def _run_npm(npm: str, args: list[str], cwd: Path) -> None:
    env = dict(os.environ)
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


def test_vscode_extension_packages(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not on PATH; cannot build the VS Code extension")

    assert (EXTENSION_DIR / "package.json").is_file(), EXTENSION_DIR
    assert (EXTENSION_DIR / "package-lock.json").is_file(), "package-lock.json must be committed"

    work = tmp_path / "vscode"
    shutil.copytree(
        EXTENSION_DIR,
        work,
        ignore=shutil.ignore_patterns("node_modules", "dist", "out", "*.vsix"),
    )

    _run_npm(npm, ["ci"], work)
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
    assert properties["textlint.path"]["default"] == "textlint"
    for key in ("textlint.select", "textlint.ignore", "textlint.rules"):
        assert properties[key]["type"] == "array", key
    assert properties["textlint.trace.server"]["enum"] == ["off", "messages", "verbose"]

    commands = {c["command"] for c in manifest["contributes"]["commands"]}
    assert "textlint.restart" in commands

    # The language client is bundled in; vscode itself stays external.
    assert 'require("vscode")' in bundle
    assert "lsp" in bundle
