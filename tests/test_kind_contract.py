"""Every registered rule kind keeps the contract of `textlint.kinds.base`.

`kind_modules()` checks each module when it is first called; this test runs
that check and the protocols' own isinstance checks over the registry and
the built-in rules, and shows what a module that breaks the contract gets.
"""

from __future__ import annotations

import types

import pytest

from textlint.kinds import Checker, Kind, check_kind, kind_modules
from textlint.ruleset import load_rules

KINDS = kind_modules()


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_registered_kind_satisfies_the_protocol(name):
    module = KINDS[name]
    check_kind(name, module)
    assert isinstance(module, Kind)


def test_every_built_in_rule_compiles_to_a_checker():
    rules = load_rules([]).rules
    assert {rule.kind for rule in rules} == set(KINDS)
    for rule in rules:
        assert isinstance(rule.checker, Checker), rule.id


@pytest.mark.parametrize("missing", ["KEYS", "compile"])
def test_a_module_missing_part_of_the_contract_is_named(missing):
    module = types.ModuleType("textlint.kinds.broken")
    module.KEYS = {"pattern"}
    module.FIX = None
    module.PLACEHOLDERS = ()
    module.compile = lambda table, path, classes: None
    delattr(module, missing)
    assert not isinstance(module, Kind)
    with pytest.raises(TypeError, match=rf"^rule kind 'broken' \(textlint.kinds.broken\) lacks {missing}$"):
        check_kind("broken", module)


def test_keys_of_the_wrong_type_are_named():
    module = types.ModuleType("textlint.kinds.broken")
    module.KEYS = ["pattern"]
    module.FIX = None
    module.PLACEHOLDERS = ()
    module.compile = lambda table, path, classes: None
    with pytest.raises(TypeError, match="KEYS must be a set of key names"):
        check_kind("broken", module)
