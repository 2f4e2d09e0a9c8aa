"""The runnable examples in every module's docstrings (the installed ``akhbar.*`` names)."""

import doctest
import importlib
import pkgutil

import pytest

import akhbar

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(akhbar.__path__, "akhbar.")
    if not m.name.endswith("__main__")
)
# akhbar.tasks & co. are mapped from the top-level folders; walk them too
for package in ("akhbar.tasks", "akhbar.flows", "akhbar.warehouse", "akhbar.expectations"):
    module = importlib.import_module(package)
    MODULES += [m.name for m in pkgutil.walk_packages(module.__path__, f"{package}.")]
MODULES = sorted(set(MODULES) | {"akhbar.tasks", "akhbar.flows"})


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
