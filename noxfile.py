"""Sessions for building, testing and measuring dlguide.

First time on a new machine::

    pip install nox
    nox -s docs     # the English and Korean site in build/site/
    nox -s tests    # unit tests, doctests, page doctests, translation gate, browser tests

torch is pinned to the CPU build in ``constraints.txt``: an unpinned torch pulls a CUDA build of
several GB. Every session installs through that file.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
SITE = ROOT / "build" / "site"

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_venv = "yes"
nox.options.default_venv_backend = "venv"


def install(session: nox.Session, *groups: str, package: bool = True) -> None:
    """Install the package (editable, with the Korean font extra) and dependency groups."""
    requirements: list[str] = []
    for group in groups:
        requirements += nox.project.dependency_groups(PYPROJECT, group)
    args = [*CONSTRAINTS, *requirements]
    if package:
        args += ["-e", ".[ko]"]
    session.install(*args)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site in English and Korean (gallery executed, -n -W) into build/site/.

    Each language builds from its own copy of docs/ and gallery/ under build/src/<lang>/, so
    sphinx-gallery's cache never serves one language's figures to the other. Re-running with
    nothing changed re-runs no gallery script. Posargs go to tools/build_site.py
    (for example ``nox -s docs -- --lang ko`` or ``-- --clean``).
    """
    install(session, "docs")
    session.run("python", "tools/build_site.py", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run pytest: unit tests, module doctests, page doctests, translation gate, browser tests.

    The browser tests serve build/site/ (built or refreshed by the test fixture through the same
    script as ``nox -s docs``) to headless Chromium (``/usr/bin/chromium``). Posargs go to pytest,
    e.g. ``nox -s tests -- -m "not browser" -x``.
    """
    install(session, "docs", "test")
    session.run("pytest", *session.posargs, env={"MPLBACKEND": "Agg"})


@nox.session
def translate(session: nox.Session) -> None:
    """Refresh the Korean catalogs after the English source changed.

    Extracts messages with the gettext builder into build/gettext/ and merges them into
    docs/locales/ko/LC_MESSAGES/*.po with sphinx-intl; changed English sentences come out
    fuzzy, new ones untranslated, and the translation gate fails until they are translated.
    """
    install(session, "docs")
    session.run("python", "tools/build_site.py", "--gettext", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff (lint and format) and the glossary's preferred Korean terms."""
    install(session, "lint", package=False)
    session.run("ruff", "check", *session.posargs)
    session.run("ruff", "format", "--check", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure: model quality and speed per chapter, then site build times and page weights.

    Prints numbers; it asserts nothing. ``nox -s bench -- cnn`` runs only benchmarks/bench_cnn.py.
    """
    install(session, "docs")
    session.run("python", "benchmarks/run.py", *session.posargs, env={"MPLBACKEND": "Agg"})


@nox.session(python=False)
def serve(session: nox.Session) -> None:
    """Serve build/site/ on http://127.0.0.1:8000 to look at the built site."""
    if not SITE.is_dir():
        session.error("No site yet: run `nox -s docs` first")
    port = session.posargs[0] if session.posargs else os.environ.get("PORT", "8000")
    session.run("python", "-m", "http.server", port, "--bind", "127.0.0.1", "-d", str(SITE))
