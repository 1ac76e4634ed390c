"""The folder walk: the files under a folder that are the project's own prose.

Like ruff and ripgrep, the walk leaves out what the repository ignores:
paths matched by `.gitignore` and `.ignore` files (git's own matching rules,
through pathspec; in one folder `.ignore` wins over `.gitignore`, a deeper
folder's file over a shallower one's, `!pattern` re-includes), the
repository's `.git/info/exclude`, and folders that hold other people's files
(`node_modules`, `.venv`, `venv`, `build`, `dist`, `.tox`). A checkout's
`node_modules/` is full of READMEs that are not yours to fix.

Inside a git repository the ignore files of the folders above the walked one,
up to the repository's root, apply too, as they do for git. Hidden folders
are never walked. `respect_ignores=False` (`--no-respect-gitignore`) walks
everything that the configuration's `include` matches.
"""

from __future__ import annotations

import os
from typing import Callable, Iterator, List, Optional, Tuple

from textlint.files import is_regular

DEFAULT_EXCLUDES = frozenset({"node_modules", ".venv", "venv", "build", "dist", ".tox"})
IGNORE_FILES = (".gitignore", ".ignore")  # read in this order: later lines win


class IgnoreRules:
    """The ignore files in force in one folder: (folder, spec) layers, outermost first."""

    def __init__(self, layers: Tuple[Tuple[str, object], ...] = ()) -> None:
        self.layers = layers

    @classmethod
    def above(cls, folder: str) -> "IgnoreRules":
        """The rules in force in `folder` from the folders above it, up to its git repository's root."""
        folder = os.path.abspath(folder)
        chain: List[str] = []
        current = folder
        while True:
            chain.append(current)
            if os.path.exists(os.path.join(current, ".git")):
                break
            parent = os.path.dirname(current)
            if parent == current:  # not in a repository: only the walked folder's own files
                chain = [folder]
                break
            current = parent
        rules = cls()
        root = chain[-1]
        exclude = os.path.join(root, ".git", "info", "exclude")
        if os.path.isfile(exclude):
            rules = rules._with(root, _read_lines(exclude))
        for above in reversed(chain[1:]):
            rules = rules.descend(above)
        return rules

    def descend(self, folder: str) -> "IgnoreRules":
        """The rules in force inside `folder`: these, and `folder`'s own ignore files."""
        lines: List[str] = []
        for name in IGNORE_FILES:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                lines.extend(_read_lines(path))
        return self._with(os.path.abspath(folder), lines) if lines else self

    def _with(self, folder: str, lines: List[str]) -> "IgnoreRules":
        import pathspec

        return IgnoreRules(self.layers + ((folder, pathspec.GitIgnoreSpec.from_lines(lines)),))

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether `path` is ignored: the deepest layer with a pattern matching it decides."""
        path = os.path.abspath(path)
        for folder, spec in reversed(self.layers):
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            if relative.startswith("../"):
                continue
            decided = spec.check_file(relative + "/" if is_dir else relative).include
            if decided is not None:
                return decided
        return False


def _read_lines(path: str) -> List[str]:
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return []


def walk(
    root: str, config_of_folder: Callable[[str], object], respect_ignores: bool = True,
    on_error: Optional[Callable[[OSError], None]] = None,
) -> Iterator[str]:
    """The files under `root` to lint, in a stable order. `config_of_folder(folder)` is the
    configuration in force there: a file must match its `include` and not its `exclude`.
    Regular files only: a FIFO or a link to /dev/zero would never end. `on_error` hears
    of each folder that cannot be read."""
    rules: Optional[IgnoreRules] = IgnoreRules.above(root).descend(root) if respect_ignores else None
    rules_of = {os.path.abspath(root): rules}
    for folder, dirs, names in os.walk(root, onerror=on_error):
        here = rules_of.pop(os.path.abspath(folder), None)
        config = config_of_folder(folder)
        kept = []
        for name in sorted(dirs):
            full = os.path.join(folder, name)
            if name.startswith(".") or config.is_excluded(full + os.sep + "_") or config.is_excluded(full):
                continue
            if here is not None and (name in DEFAULT_EXCLUDES or here.ignored(full, True)):
                continue
            kept.append(name)
            if here is not None:
                rules_of[os.path.abspath(full)] = here.descend(full)
        dirs[:] = kept
        for name in sorted(names):
            full = os.path.join(folder, name)
            if not config.is_included(full) or config.is_excluded(full):
                continue
            if here is not None and here.ignored(full, False):
                continue
            if is_regular(full):
                yield os.path.normpath(full)
