"""Word classes: named sets of lower-case words that rules refer to by name.

Classes are data in the rule pack (`[classes.NAME]` tables): a list of
`words`, a lexicon `file` shipped beside the TOML, and `include` to build a
class as the union of others. The engine never hard-codes a word list.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional

from textlint.errors import RuleError
from textlint.tomlload import key_line

_CLASS_KEYS = {"description", "words", "file", "include", "exclude"}


class WordClasses:
    """Class name -> frozenset of lower-case words, resolved lazily (lexicon files are large)."""

    def __init__(self) -> None:
        self._specs: Dict[str, dict] = {}
        self._resolved: Dict[str, FrozenSet[str]] = {}
        self._unions: Dict[tuple, FrozenSet[str]] = {}
        self._derived: Dict[str, Any] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._specs

    def define(self, name: str, spec: dict, path: str) -> None:
        if not isinstance(spec, dict):
            raise RuleError(f"class '{name}' must be a table", path, class_line(path, name))
        unknown = set(spec) - _CLASS_KEYS
        if unknown:
            raise RuleError(
                f"class '{name}': unknown key '{sorted(unknown)[0]}' (expected one of {', '.join(sorted(_CLASS_KEYS))})",
                path, key_line(path, "classes", name, sorted(unknown)[0]),
            )
        for key in ("words", "include", "exclude"):
            value = spec.get(key, [])
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise RuleError(f"class '{name}': '{key}' must be a list of strings", path, key_line(path, "classes", name, key))
        file = spec.get("file")
        if file is not None:
            if not isinstance(file, str):
                raise RuleError(f"class '{name}': 'file' must be a string", path, key_line(path, "classes", name, "file"))
            full = os.path.join(os.path.dirname(path), file)
            if not os.path.isfile(full):
                raise RuleError(f"class '{name}': lexicon file not found: {file}", path, key_line(path, "classes", name, "file"))
            spec = dict(spec, file=full)
        self._specs[name] = dict(spec, _path=path)
        self._resolved.clear()
        self._unions.clear()
        self._derived.clear()

    def check_references(self) -> None:
        """Check every class now, at load time: references to other classes, cycles and
        lexicon files, so that a class no rule uses yet cannot hide a broken file until
        one does. The files are read and decoded, not turned into word sets: that stays
        lazy, since the large lists (compounds) serve only documents that need them."""
        for name, spec in self._specs.items():
            for other in spec.get("include", []) + spec.get("exclude", []):
                if other not in self._specs:
                    raise RuleError(f"class '{name}' includes unknown class '{other}'", spec["_path"], class_line(spec["_path"], name))
        done: set = set()
        for name in self._specs:
            self._check(name, (), done)

    def _check(self, name: str, stack: tuple, done: set) -> None:
        if name in done:
            return
        spec = self._specs[name]
        if name in stack:
            raise RuleError(f"class '{name}' includes itself", spec["_path"], class_line(spec["_path"], name))
        if "file" in spec:
            _lexicon_text(name, spec)
        for other in spec.get("include", []) + spec.get("exclude", []):
            self._check(other, stack + (name,), done)
        done.add(name)

    def get(self, name: str) -> FrozenSet[str]:
        found = self._resolved.get(name)
        if found is None:
            found = self._resolve(name, ())
        return found

    def _resolve(self, name: str, stack: tuple) -> FrozenSet[str]:
        if name in stack:
            spec = self._specs[name]
            raise RuleError(f"class '{name}' includes itself", spec["_path"], class_line(spec["_path"], name))
        spec = self._specs[name]
        words = {w.lower() for w in spec.get("words", [])}
        if "file" in spec:
            words.update(_read_lexicon(name, spec))
        for other in spec.get("include", []):
            words |= self._resolved.get(other) or self._resolve(other, stack + (name,))
        for other in spec.get("exclude", []):
            words -= self._resolved.get(other) or self._resolve(other, stack + (name,))
        result = frozenset(words)
        self._resolved[name] = result
        return result

    def derived(self, name: str, build: Callable[["WordClasses"], Any]) -> Any:
        """`build(self)`, computed once per set of classes: what every document
        would otherwise derive from the same classes again."""
        found = self._derived.get(name)
        if found is None:
            found = self._derived[name] = build(self)
        return found

    def union(self, names: Iterable[str]) -> FrozenSet[str]:
        """All words of the named classes (cached: rules ask for the same unions)."""
        key = tuple(sorted(set(names)))
        found = self._unions.get(key)
        if found is None:
            if len(key) == 1:
                found = self.get(key[0])
            else:
                merged = set()
                for name in key:
                    merged.update(self.get(name))
                found = frozenset(merged)
            self._unions[key] = found
        return found


def _read_lexicon(name: str, spec: dict) -> Iterable[str]:
    """One word per line; lines starting with '#' are comments."""
    lines = _lexicon_text(name, spec).lower().splitlines()
    return [line.strip() for line in lines if line and line[0] != "#"]


def _lexicon_text(name: str, spec: dict) -> str:
    from textlint.files import read_regular

    path = spec["file"]
    where = f"class '{name}': lexicon file {os.path.relpath(path, os.path.dirname(spec['_path']))}"
    try:
        text = read_regular(path).decode("utf-8")
    except OSError as exc:
        raise RuleError(f"{where}: cannot read: {exc.strerror or exc}", spec["_path"], key_line(spec["_path"], "classes", name, "file")) from None
    except UnicodeDecodeError as exc:
        raise RuleError(f"{where}: not UTF-8 text (byte {exc.start})", spec["_path"], key_line(spec["_path"], "classes", name, "file")) from None
    return text


def class_line(path: str, name: str) -> Optional[int]:
    """The line where class `name` is defined in `path`: a `[classes.NAME]` header,
    a `classes.NAME = ...` key, or `NAME = ...` under `[classes]`."""
    return key_line(path, "classes", name)


def class_of(value: object) -> Optional[List[str]]:
    """A class reference in a rule: one name or a list of names."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None
