"""Every docstring of the package is text a reader can read: no control characters.

A backslash in a docstring that is not a raw string turns ``\\rVert`` into a carriage return
and ``\\big`` into a backspace: the maths breaks on the API page and in the Korean catalogue.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import dlguide


def _documented() -> list[tuple[str, str]]:
    found = []
    for info in pkgutil.walk_packages(dlguide.__path__, "dlguide."):
        module = importlib.import_module(info.name)
        objects = [("", module)]
        for name, obj in inspect.getmembers(module):
            if getattr(obj, "__module__", None) != info.name:
                continue
            objects.append((name, obj))
            if inspect.isclass(obj):
                objects += [(f"{name}.{k}", v) for k, v in vars(obj).items() if callable(v)]
        found += [(f"{info.name}:{name}", obj.__doc__ or "") for name, obj in objects]
    return found


DOCUMENTED = _documented()


def test_the_package_has_docstrings_to_check():
    assert len(DOCUMENTED) > 200


@pytest.mark.parametrize(("where", "doc"), DOCUMENTED, ids=[w for w, _ in DOCUMENTED])
def test_docstring_has_no_control_characters(where, doc):
    bad = sorted({repr(c) for c in doc if ord(c) < 32 and c != "\n"})
    assert not bad, f"{where}: {bad} (write maths in a docstring with \\\\ or a raw string)"
