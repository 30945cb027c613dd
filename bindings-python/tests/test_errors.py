"""Exceptions: a bad config is a ConfigError naming the key, everything is a DockwrightError."""

import pickle

import pytest

import dockwright

SRC = "FROM alpine:3.20\n"


@pytest.mark.parametrize(
    ("config", "key", "words"),
    [
        ({"selct": ["all"]}, "selct", ["unknown field `selct`", "`select`"]),
        ({"fail_level": "error"}, "fail_level", ["unknown field `fail_level`", "`fail-level`"]),
        ({"select": ["no-such-rule"]}, "select", ["unknown rule `no-such-rule` in `select`"]),
        ({"ignore": ["expose-ssh-prot"]}, "ignore", ["in `ignore`", "did you mean `expose-ssh-port`"]),
        ({"extend-select": ["DW999"]}, "extend-select", ["unknown rule `DW999`"]),
        ({"severity": {"no-such-rule": "error"}}, "severity.no-such-rule", ["unknown rule `no-such-rule`"]),
        ({"severity": {"expose-ssh-port": "loud"}}, "severity", ["`severity`", "unknown variant `loud`"]),
        ({"fail-level": "loud"}, "fail-level", ["`fail-level`", "loud"]),
        ({"select": "all"}, "select", ["`select`", "expected a sequence"]),
        ({"select": [1]}, "select", ["`select`", "expected a string"]),
        ({"select": [object()]}, "select", ["`select`", "unsupported type"]),
        ({"strict-labels": "yes"}, "strict-labels", ["`strict-labels`", "expected a boolean"]),
        ({"label-schema": {"version": "semverish"}}, "label-schema", ["`label-schema`", "semverish"]),
    ],
)
def test_bad_config_raises_config_error_naming_the_key(config, key, words):
    for call in (
        lambda: dockwright.check(SRC, config=config),
        lambda: dockwright.fix(SRC, config=config),
        lambda: dockwright.check_many([SRC], config=config),
        lambda: dockwright.Linter(config),
    ):
        with pytest.raises(dockwright.ConfigError) as caught:
            call()
        assert caught.value.key == key
        for word in words:
            assert word in str(caught.value)


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ([("select", ["all"])], "config must be a dict, not list"),
        ({1: ["all"]}, "keys must be strings, not int"),
    ],
)
def test_config_of_the_wrong_shape(config, words):
    with pytest.raises(dockwright.ConfigError) as caught:
        dockwright.check(SRC, config=config)
    assert caught.value.key is None
    assert words in str(caught.value)


def test_check_file_validates_config_before_reading(tmp_path):
    with pytest.raises(dockwright.ConfigError):
        dockwright.check_file(tmp_path / "missing", config={"nope": 1})


def test_a_good_config_round_trips_through_the_linter():
    config = {
        "select": ["expose-ssh-port", "DW0"],
        "ignore": ["syntax-error"],
        "severity": {"expose-ssh-port": "info"},
        "fail-level": "error",
        "trusted-registries": ["docker.io"],
    }
    effective = dockwright.Linter(config).config
    assert {k: effective[k] for k in config} == config
    # The effective config is itself a valid config.
    assert dockwright.Linter(effective).config == effective


def test_exception_hierarchy():
    assert issubclass(dockwright.ConfigError, dockwright.DockwrightError)
    assert issubclass(dockwright.DecodeError, dockwright.DockwrightError)
    assert issubclass(dockwright.DockwrightError, ValueError)
    for cls in (dockwright.DockwrightError, dockwright.ConfigError, dockwright.DecodeError):
        assert cls.__module__ == "dockwright"
        assert cls.__doc__


def test_exceptions_pickle_with_their_attributes():
    with pytest.raises(dockwright.ConfigError) as caught:
        dockwright.check(SRC, config={"ignore": ["nope"]})
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is dockwright.ConfigError
    assert (again.key, str(again)) == ("ignore", str(caught.value))
    with pytest.raises(dockwright.DecodeError) as caught:
        dockwright.decode(b"\xff")
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.offset, again.path, str(again)) == (0, None, str(caught.value))


def test_unknown_rule_lookup_suggests_a_name():
    with pytest.raises(dockwright.DockwrightError) as caught:
        dockwright.Rule("expose-ssh-prot")
    assert "no rule named `expose-ssh-prot`; did you mean `expose-ssh-port`?" in str(caught.value)
