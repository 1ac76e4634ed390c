"""The README's instructions, run as written: the first command in a fresh virtual environment,
`textlint lsp` from that environment, the documented pre-commit configuration and the GitHub
Actions steps.

The README's first command (`python3 -m venv .venv && .venv/bin/pip install . && ...`) runs in
a copy of this working tree, so it builds and installs textlint with only its declared
dependencies, as a new user's would: a dependency the code needs but pyproject.toml does not
declare fails here. It needs the package index (or pip's cache), as the user's does.
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

from workflow_support import REPO


README = (REPO / "README.md").read_text(encoding="utf-8")
SNAPSHOT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "linter", "rules", "lsp", "examples")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
DAMAGED = "The mayor spoke on Monday.\nHe called the the police.\n"


def blocks(language: str):
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def clean_env(venv: Path = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(GIT_ENV)
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def sh(command: str, cwd: Path, env: dict, timeout: int = 600):
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """This working tree as a fresh clone would hold it (a git repository with one commit)."""
    root = tmp_path_factory.mktemp("clone")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy2(source, root / name)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=root, env=clean_env(), check=True, capture_output=True)
    return root


@pytest.fixture(scope="module")
def installed(checkout) -> Path:
    """The README's first command, run as written in the clone; returns the environment it made."""
    first = blocks("sh")[0].strip()
    assert first.startswith("python3 -m venv .venv && .venv/bin/pip install . && "), first
    done = sh(first, checkout, clean_env())
    assert done.returncode == 1, done.stdout + done.stderr  # the bundled example is damaged on purpose
    assert "Found 5 problems in 1 file" in done.stdout
    return checkout / ".venv"


def lsp_message(payload: dict) -> bytes:
    body = json.dumps(payload).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream) -> dict:
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise AssertionError("the server closed its output")
        if line in (b"\r\n", b"\n"):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


def test_textlint_lsp_runs_from_the_plain_install(installed, tmp_path):
    server = subprocess.Popen(
        [str(installed / "bin" / "textlint"), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=clean_env(), cwd=tmp_path,
    )
    try:
        server.stdin.write(lsp_message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                        "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}}))
        server.stdin.flush()
        reply = read_message(server.stdout)
        while reply.get("id") != 1:
            reply = read_message(server.stdout)
        assert reply["result"]["serverInfo"]["name"] == "textlint"
        server.stdin.write(lsp_message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        server.stdin.write(lsp_message({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.flush()
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
        server.communicate()


def test_the_documented_pre_commit_configuration_works_as_written(installed, tmp_path):
    pytest.importorskip("pre_commit")
    [config] = [b for b in blocks("yaml") if "pre-commit" in README[:README.index(b)].rsplit("###", 1)[-1]]
    assert "OWNER" not in config and "v0.1.0" not in config
    project = tmp_path / "project"
    project.mkdir()
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (project / "notes.md").write_text("# Notes\n\nThe mayor spoke.\n\n```\nthe the\n```\n", encoding="utf-8")
    (project / "code.py").write_text("x = 'the the'\n", encoding="utf-8")
    env = dict(clean_env(installed), PRE_COMMIT_HOME=str(tmp_path / "home"), PRE_COMMIT_COLOR="never")

    def run_hooks():
        subprocess.run(["git", "add", "-A"], cwd=project, env=env, check=True, capture_output=True)
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=300)

    subprocess.run(["git", "init", "-q"], cwd=project, env=env, check=True)
    clean = run_hooks()
    assert clean.returncode == 0 and "Passed" in clean.stdout, clean.stdout + clean.stderr
    (project / "damaged.txt").write_text(DAMAGED, encoding="utf-8")
    damaged = run_hooks()
    assert damaged.returncode == 1 and "damaged.txt:2:11: duplicated-token/repeated-words" in damaged.stdout
    (project / "damaged.txt").write_bytes("Caf\xe9.\n".encode("latin-1"))  # undecodable: the hook fails
    undecodable = run_hooks()
    assert undecodable.returncode == 1 and "damaged.txt: not UTF-8 text" in undecodable.stdout, undecodable.stdout


def test_the_github_actions_steps_work(checkout, tmp_path):
    import yaml

    [workflow] = [yaml.safe_load(b) for b in blocks("yaml") if "runs-on:" in b]
    steps = [step["run"] for step in workflow["jobs"]["textlint"]["steps"] if "run" in step]
    install, annotate, sarif = steps
    assert "OWNER" not in install and install.startswith("pip install ")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # the repository variable the README asks for: here, the clone's git URL
    done = sh(install.replace("${{ vars.TEXTLINT_GIT_URL }}", f"file://{checkout}"), tmp_path, clean_env(venv))
    assert done.returncode == 0, done.stdout + done.stderr
    project = tmp_path / "project"
    project.mkdir()
    (project / "damaged.txt").write_text(DAMAGED, encoding="utf-8")
    annotated = sh(annotate, project, clean_env(venv))
    assert annotated.returncode == 1
    assert annotated.stdout.startswith("::error file=damaged.txt,line=2,col=11,")
    uploaded = sh(sarif, project, clean_env(venv))
    assert uploaded.returncode == 0, uploaded.stderr
    assert json.loads((project / "textlint.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]


def test_a_broken_install_says_how_to_repair_it(tmp_path):
    # a pygls that cannot be imported stands for an environment that lost a dependency
    (tmp_path / "pygls").mkdir()
    (tmp_path / "pygls" / "__init__.py").write_text("raise ImportError('pygls is broken here')\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    done = subprocess.run([sys.executable, "-m", "textlint", "lsp"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("textlint: the language server cannot start: pygls is broken here; reinstall textlint")
    assert "[lsp]" not in done.stderr and done.stderr.count("\n") == 1
