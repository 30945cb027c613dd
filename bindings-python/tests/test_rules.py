"""rules(), Rule and Linter.rules: the registry as the core has it."""

import re

from conftest import SIMPLE_RULES

import dockwright

SEVERITIES = {"error", "warning", "info", "style"}
CATEGORIES = {"correctness", "image-size", "security", "layers", "style", "reproducibility"}


def test_every_rule_is_listed_with_its_metadata():
    rules = dockwright.rules()
    codes = [r.code for r in rules]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert len({r.name for r in rules}) == len(rules)
    assert set(SIMPLE_RULES) <= {r.name for r in rules}
    for rule in rules:
        assert re.fullmatch(r"DW\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert rule.category in CATEGORIES and rule.severity in SEVERITIES
        assert isinstance(rule.aliases, tuple) and all(isinstance(a, str) for a in rule.aliases)
        assert rule.summary and rule.fix in {"none", "safe", "unsafe"}
        assert rule.fixable == (rule.fix != "none")
        assert "## What it does" in rule.docs and "```dockerfile" in rule.docs
        assert isinstance(rule.default_enabled, bool)


def test_fix_kinds_of_the_test_rules():
    assert dockwright.Rule("prefer-copy-over-add").fix == "safe"
    assert dockwright.Rule("exec-form-cmd").fix == "unsafe"
    assert dockwright.Rule("expose-ssh-port").fixable is False


def test_rule_lookup_by_code_name_and_alias():
    for rule in dockwright.rules():
        assert dockwright.Rule(rule.code) == rule
        assert dockwright.Rule(rule.name.upper()) == rule
        for alias in rule.aliases:
            assert dockwright.Rule(alias) == rule


def test_linter_rules_follow_the_config():
    assert [r.name for r in dockwright.Linter({"select": SIMPLE_RULES}).rules] == [
        r.name for r in dockwright.rules() if r.name in SIMPLE_RULES
    ]
    assert dockwright.Linter({"select": ["all"]}).rules == dockwright.rules()
    assert dockwright.Linter().rules == [r for r in dockwright.rules() if r.default_enabled]
    assert repr(dockwright.Linter({"select": ["expose-ssh-port"]})) == "Linter(rules=1)"
