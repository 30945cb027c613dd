"""The README's examples (and the package docstring's) run, and print what they say."""

import doctest

from conftest import BINDINGS

import dockwright


def test_readme_examples():
    result = doctest.testfile(
        str(BINDINGS / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 20
    assert result.failed == 0


def test_package_docstring_example():
    result = doctest.testmod(dockwright)
    assert result.attempted >= 1 and result.failed == 0
