"""`textlint rules`: list the rules `textlint check` would run, with their ids and summaries."""

from __future__ import annotations

import json
import sys

from textlint.api import rules_for
from textlint.commands.common import EXIT_CLEAN, config_options_error, overrides_from
from textlint.errors import TextlintError


def run_rules(args) -> int:
    problem = config_options_error(args)
    if problem:
        raise TextlintError(problem)
    # the very rules check runs on PATH (default: stdin in this folder): same packs, same selection
    selected = rules_for(args.path, overrides_from(args)).rules
    if args.format == "json":
        listed = [
            {"id": r.id, "category": r.category, "kind": r.kind, "severity": r.severity,
             "fix": ("safe" if r.fix_safe else "unsafe") if r.fix else None, "summary": r.summary, "path": str(r.path)}
            for r in selected
        ]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    width = max((len(r.id) for r in selected), default=0)
    for rule in selected:
        fix = "fix" if rule.fix and rule.fix_safe else ("unsafe fix" if rule.fix else "")
        sys.stdout.write(f"{rule.id:<{width}}  {rule.severity:<7}  {fix:<10}  {rule.summary}\n")
    return EXIT_CLEAN
