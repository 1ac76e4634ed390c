"""`textlint explain RULE`: a rule's description, examples and fix, as `textlint check`
would run it here (the configuration's rule packs and per-rule settings apply)."""

from __future__ import annotations

import difflib
import sys

from textlint.api import available_rules, config_of, rules_for
from textlint.commands.common import EXIT_CLEAN, config_options_error, overrides_from
from textlint.errors import TextlintError


def run_explain(args) -> int:
    problem = config_options_error(args)
    if problem:
        raise TextlintError(problem)
    overrides = overrides_from(args)
    # first what check would run, so that a bad configuration is the same error as there
    selected = {r.id for r in rules_for(None, overrides).rules}
    rules = available_rules(None, overrides).by_id()
    rule = rules.get(args.rule)
    named = []
    if rule is None:
        # `explain repeated-words`: a rule's name without its category is enough when only one rule has it
        named = [r for r in rules if r.split("/", 1)[-1] == args.rule]
        if len(named) == 1:
            rule = rules[named[0]]
    if rule is None:
        close = [r for r in rules if r.startswith(args.rule)] or named
        if not close:
            names = {r.split("/", 1)[-1]: r for r in rules}
            close = [names[n] for n in difflib.get_close_matches(args.rule.split("/")[-1], list(names), n=3)]
            close += [r for r in difflib.get_close_matches(args.rule, list(rules), n=3) if r not in close]
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see `textlint rules`)"
        raise TextlintError(f"unknown rule '{args.rule}'{hint}")
    out = sys.stdout
    out.write(f"{rule.id}  ({rule.kind}, {rule.severity})\n\n{rule.description}\n\n")
    out.write(f"Message: {rule.message}\n")
    if rule.fix:
        out.write(f"Fix: {rule.fix} ({'safe' if rule.fix_safe else 'unsafe: applied only with --unsafe-fixes'})\n")
    else:
        out.write("Fix: none (the right repair is not certain)\n")
    if rule.bad:
        out.write("\nFlagged:\n")
        for example in rule.bad:
            marked = example.text
            for start, end in reversed(example.spans):
                marked = marked[:start] + "[[" + marked[start:end] + "]]" + marked[end:]
            out.write(f"  ✗ {marked!r}\n")
            if example.fixed is not None:
                out.write(f"    fixed: {example.fixed!r}\n")
    if rule.good:
        out.write("\nNot flagged:\n")
        for example in rule.good:
            out.write(f"  ✓ {example!r}\n")
    out.write(f"\nDefined in {rule.path}\n")
    if rule.id not in selected:
        config = config_of(None, overrides)
        where = f"{config.shown} or the command line" if config.path else "the command line"
        out.write(f"Not selected: `textlint check` here does not run it (see select/ignore in {where})\n")
    return EXIT_CLEAN
