"""The pre-commit hooks, run by the real `pre-commit` tool as a user's project would.

The hook repository is a snapshot of this working tree committed to a fresh
git repository (so that uncommitted work is tested too, and the test does not
depend on this checkout being a git repository). pre-commit builds its own
virtual environment and pip-installs textlint into it, which needs the
package index: that is what a user's first `pre-commit run` does.

`pre-commit try-repo` is how the issue asks for the hooks to be tried; it
builds a fresh environment on every call, so the other cases use `pre-commit
run` with a configuration that points at the same snapshot and one shared
PRE_COMMIT_HOME, and the environment is built once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workflow_support import REPO

pytest.importorskip("pre_commit")
if shutil.which("git") is None:
    pytest.skip("pre-commit needs git", allow_module_level=True)

SNAPSHOT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "linter", "rules", "lsp")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
DAMAGED = "The mayor spoke on Monday.\nHe called the the police.\n"
CLEAN = "# Notes\n\nThe mayor spoke on Monday.\n"


def git(*args, cwd):
    env = dict(os.environ, **GIT_ENV)
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env, check=True, capture_output=True)


def init_repo(path: Path, files: dict) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", cwd=path)
    for name, content in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(content.encode("utf-8"))
    git("add", "-A", cwd=path)
    return path


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple:
    """A git repository holding this working tree's textlint: (path, commit)."""
    root = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, root / name)
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "snapshot", cwd=root)
    commit = git("rev-parse", "HEAD", cwd=root).stdout.decode().strip()
    return root, commit


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(*args, cwd, home):
    env = dict(os.environ, **GIT_ENV, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, timeout=900
    )


def output(result) -> str:
    return result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")


def test_try_repo_fails_on_damage_and_shows_the_finding(tmp_path, hook_repo, pre_commit_home):
    repo, _ = hook_repo
    project = init_repo(tmp_path / "project", {
        "damaged.txt": DAMAGED,
        "notes.md": CLEAN,
        "code.py": "x = 'the the'\n",  # not prose: the hook must not run on it
    })
    result = pre_commit("try-repo", repo, "textlint", "--all-files", cwd=project, home=pre_commit_home)
    text = output(result)
    assert result.returncode == 1, text
    assert "textlint" in text and "Failed" in text
    assert "damaged.txt:2:11: duplicated-token/repeated-words" in text
    assert "code.py" not in text
    assert (project / "damaged.txt").read_text(encoding="utf-8") == DAMAGED  # the check hook never writes


def config_for(repo, commit, hook_id: str) -> str:
    return f"repos:\n-   repo: {repo}\n    rev: {commit}\n    hooks:\n    -   id: {hook_id}\n"


def test_clean_files_pass(tmp_path, hook_repo, pre_commit_home):
    repo, commit = hook_repo
    project = init_repo(tmp_path / "project", {
        ".pre-commit-config.yaml": config_for(repo, commit, "textlint"),
        "notes.md": CLEAN,
        "docs/plain.txt": "Nothing is wrong here.\n",
    })
    result = pre_commit("run", "--all-files", cwd=project, home=pre_commit_home)
    assert result.returncode == 0, output(result)
    assert "Passed" in output(result)


def test_fix_hook_repairs_a_duplicated_token(tmp_path, hook_repo, pre_commit_home):
    repo, commit = hook_repo
    project = init_repo(tmp_path / "project", {
        ".pre-commit-config.yaml": config_for(repo, commit, "textlint-fix"),
        "damaged.txt": DAMAGED.replace("\n", "\r\n"),
    })
    first = pre_commit("run", "--all-files", cwd=project, home=pre_commit_home)
    assert first.returncode == 1, output(first)  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in output(first)
    assert (project / "damaged.txt").read_bytes() == b"The mayor spoke on Monday.\r\nHe called the police.\r\n"
    git("add", "-A", cwd=project)
    second = pre_commit("run", "--all-files", cwd=project, home=pre_commit_home)
    assert second.returncode == 0, output(second)


def test_configuration_exclude_applies_to_the_files_pre_commit_names(tmp_path, hook_repo, pre_commit_home):
    repo, commit = hook_repo
    project = init_repo(tmp_path / "project", {
        ".pre-commit-config.yaml": config_for(repo, commit, "textlint"),
        "textlint.toml": 'exclude = ["legacy/"]\n',
        "legacy/old.txt": DAMAGED,
        "notes.md": CLEAN,
    })
    result = pre_commit("run", "--all-files", cwd=project, home=pre_commit_home)
    assert result.returncode == 0, output(result)
