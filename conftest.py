"""pytest configuration shared by tests/, the package doctests and the page doctests.

The MyST pages under docs/ contain ``{doctest}`` blocks (rendered by sphinx.ext.doctest);
Sybil collects them so ``pytest`` runs them next to the unit tests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))  # tests/site_helpers.py
matplotlib.use("Agg")


def _setup(namespace: dict) -> None:
    import torch

    # Tiny doctest tensors run fastest on one thread, and stay fast on a busy 2-core machine.
    torch.set_num_threads(1)
    import dlguide

    namespace.update(torch=torch, dlguide=dlguide)


pytest_collect_file = Sybil(
    parsers=[DocTestDirectiveParser(), PythonCodeBlockParser(), SkipParser()],
    patterns=["*.md"],
    path="docs",
    excludes=["locales/*", "_build/*", "auto_examples/*"],
    setup=_setup,
).pytest()
