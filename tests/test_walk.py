"""The folder walk honours what the repository ignores, in a real git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from workflow_support import run_cli

DAMAGED = "He called the the police.\n"

if shutil.which("git") is None:
    pytest.skip("the walk is compared with git itself, which is not installed", allow_module_level=True)


def git(*args, cwd):
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path):
    files = {
        ".gitignore": "generated/\n*.log.md\n/top-only.txt\n",
        "docs/.gitignore": "drafts/\n!keep.log.md\n",
        "docs/.ignore": "private.md\n",
        "README.md": DAMAGED,
        "top-only.txt": DAMAGED,
        "docs/guide.md": DAMAGED,
        "docs/top-only.txt": DAMAGED,       # '/top-only.txt' is anchored at the root
        "docs/keep.log.md": DAMAGED,        # re-included by the deeper file
        "docs/other.log.md": DAMAGED,
        "docs/private.md": DAMAGED,         # .ignore: git keeps it, textlint skips it
        "docs/drafts/draft.md": DAMAGED,
        "generated/out.md": DAMAGED,
        "node_modules/pkg/README.md": DAMAGED,
        "pkg/node_modules/dep/README.md": DAMAGED,
        ".venv/lib/README.md": DAMAGED,
        "venv/README.md": DAMAGED,
        "build/notes.md": DAMAGED,
        "dist/notes.md": DAMAGED,
        ".tox/py/notes.md": DAMAGED,
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    git("init", "-q", cwd=tmp_path)
    (tmp_path / ".git" / "info").mkdir(parents=True, exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("docs/excluded.md\n", encoding="utf-8")
    (tmp_path / "docs" / "excluded.md").write_text(DAMAGED, encoding="utf-8")
    return tmp_path


def linted(result):
    assert result.returncode in (0, 1), result.stderr
    return sorted({f["file"].replace(os.sep, "/") for f in json.loads(result.stdout)})


EXPECTED = ["README.md", "docs/guide.md", "docs/keep.log.md", "docs/top-only.txt"]


def test_the_walk_skips_what_git_ignores_and_vendored_folders(repo):
    assert linted(run_cli("check", "--isolated", "--format", "json", ".", cwd=repo)) == EXPECTED


def test_the_walk_agrees_with_git(repo):
    # what git would track, less .ignore's private.md and the default excludes git knows nothing of
    tracked = git("ls-files", "--others", "--exclude-standard", cwd=repo).stdout.split()
    expected_by_git = sorted(
        p for p in tracked
        if p.endswith((".md", ".txt")) and p != "docs/private.md"
        and not {"node_modules", ".venv", "venv", "build", "dist", ".tox"} & set(p.split("/")[:-1])
    )
    assert linted(run_cli("check", "--isolated", "--format", "json", ".", cwd=repo)) == expected_by_git


def test_a_subfolder_walk_applies_the_ignore_files_above_it(repo):
    result = run_cli("check", "--isolated", "--format", "json", "docs", cwd=repo)
    assert linted(result) == ["docs/guide.md", "docs/keep.log.md", "docs/top-only.txt"]


def test_no_respect_gitignore_walks_everything_included(repo):
    found = linted(run_cli("check", "--isolated", "--format", "json", "--no-respect-gitignore", ".", cwd=repo))
    for name in ("generated/out.md", "docs/drafts/draft.md", "docs/private.md", "node_modules/pkg/README.md", "build/notes.md"):
        assert name in found
    assert ".venv/lib/README.md" not in found  # hidden folders are never walked


def test_a_file_named_explicitly_is_linted_even_if_ignored(repo):
    result = run_cli("check", "--isolated", "--format", "json", "generated/out.md", "node_modules/pkg/README.md", cwd=repo)
    assert linted(result) == ["generated/out.md", "node_modules/pkg/README.md"]
