"""textlint: find the damage a faulty coreference pipeline leaves in English prose.

The engine is a pure function of (text, rules, settings): see `textlint.engine.lint`.
The Python API is `check`, `fix`, `Linter` and `Diagnostic` (`textlint.library`).
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Diagnostic", "Linter", "check", "fix", "__version__"]

if TYPE_CHECKING:
    from textlint.library import Diagnostic, Linter, check, fix


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `textlint --version` and every submodule
    # import do not pay for loading the engine.
    if name in ("Diagnostic", "Linter", "check", "fix"):
        from textlint import library

        return getattr(library, name)
    raise AttributeError(f"module 'textlint' has no attribute {name!r}")
