"""What the subcommands share: exit codes, comma-separated options, and the
rule-selection options turned into the `Overrides` every front end passes to
`textlint.api`, so that `check`, `rules` and `explain` choose rules alike."""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, List, Optional, Sequence

if TYPE_CHECKING:  # cli.py imports this module before any command: keep it light
    from textlint.api import Overrides

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def split_commas(values: Sequence[str]) -> List[str]:
    """`--select a,b --select c` -> ['a', 'b', 'c']."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def config_options_error(args) -> Optional[str]:
    """What is wrong with the configuration options on their own, if anything."""
    if args.config and args.isolated:
        return "--config and --isolated exclude each other"
    return None


def overrides_from(args) -> "Overrides":
    """The command line's rule packs, selection and configuration choice (and, for
    `check`, its baseline) as `Overrides`."""
    from textlint.api import Overrides

    return Overrides(
        select=tuple(split_commas(args.select)),
        ignore=tuple(split_commas(args.ignore)),
        extend_select=tuple(split_commas(args.extend_select)),
        rules=tuple(os.path.abspath(p) for p in args.rules),
        config=args.config,
        isolated=args.isolated,
        builtin=not args.no_builtin_rules,
        baseline=getattr(args, "baseline", None),
        use_baseline=not getattr(args, "add_baseline", False),
    )


def discard_stdout() -> None:
    """Point standard output at /dev/null after a write to it failed, so that the
    interpreter's last flush on exit does not fail (and print) the same way again."""
    try:
        if sys.stdout is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
    except (OSError, ValueError):
        try:
            sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"))
        except OSError:
            pass
