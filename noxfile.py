"""Sessions for building, testing and measuring dlguide.

First time on a new machine::

    pip install nox
    nox -s docs     # the English and Korean site in build/site/
    nox -s tests    # unit tests, doctests, page doctests, translation gate, browser tests

torch is pinned to the CPU build in ``constraints.txt``: an unpinned torch pulls a CUDA build of
several GB. Every session installs through that file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
SITE = ROOT / "build" / "site"
DIST = ROOT / "build" / "dist"

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
    """Check style with ruff (lint and format), and the GitHub workflows with actionlint."""
    install(session, "lint", package=False)
    session.run("ruff", "check", *session.posargs)
    session.run("ruff", "format", "--check", *session.posargs)
    session.run("actionlint", "-color=false")


def _built_wheel(session: nox.Session) -> Path:
    """Build the sdist and the wheel into build/dist/ and check both; return the wheel."""
    shutil.rmtree(DIST, ignore_errors=True)
    # Without an option, build makes the sdist and then the wheel from the unpacked sdist, so
    # the wheel can only hold what the sdist holds (and no stale build/lib/ files).
    session.run("python", "-m", "build", "--outdir", str(DIST), str(ROOT))
    artifacts = sorted(DIST.iterdir())
    session.run("twine", "check", "--strict", *map(str, artifacts))
    (wheel,) = DIST.glob("*.whl")
    session.run("check-wheel-contents", str(wheel))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    stray = [n for n in names if not n.startswith(("dlguide/", "dlguide-"))]
    if stray or not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
        session.error(f"the wheel must hold dlguide/ and its dist-info (with LICENSE): {stray}")
    session.log(f"{wheel.name}: {wheel.stat().st_size / 1024:.1f} KiB, {len(names)} files")
    for name in names:
        session.log(f"  {name}")
    return wheel


def _package_tests() -> list[str]:
    """tests/test_<module>.py of every module of the package, and the gallery checks."""
    src = ROOT / "src" / "dlguide"
    files = ["tests/test_gallery.py", "tests/test_starters.py"]
    for module in sorted(src.rglob("*.py")):
        parts = [p for p in module.relative_to(src).with_suffix("").parts if p != "__init__"]
        test = ROOT / "tests" / f"test_{'_'.join(parts)}.py"
        if parts and test.is_file():
            files.append(str(test.relative_to(ROOT)))
    return files


@nox.session
def dist(session: nox.Session) -> None:
    """Build the sdist and the wheel, install the wheel into a fresh environment, run the gallery.

    1. ``python -m build`` into build/dist/, ``twine check --strict`` and
       ``check-wheel-contents``; the wheel must hold dlguide/ and nothing else.
    2. A new virtual environment in a temporary folder outside the checkout, with the wheel
       installed (not editable) through constraints.txt with the ``ko`` extra, and nbclient,
       nbformat and ipykernel (a kernel of that environment).
    3. tools/dist_check.py, run by that environment's Python: every gallery script copied into
       an empty folder and run, and every notebook the site offers for download (made from the
       scripts here, as sphinx-gallery makes them) executed top to bottom; an error cell fails.
       The training-loop starters run without the model cache; the other scripts reuse the
       models the docs build trained in build/cache/ (by content: the same code and seeds give
       the same models). Prints a table of the times.

    Posargs: ``--build-only`` (step 1 only), ``--wheel PATH`` (install that wheel, skip
    step 1), ``--unit-tests`` (also run the package's unit tests and doctests against the
    installed wheel, from a checkout without src/ on the path), ``--cache DIR`` (another model
    cache; an empty folder trains everything once), ``--no-cache``, ``--only NAME ...``.
    """
    parser = argparse.ArgumentParser(prog="nox -s dist --")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--wheel", type=Path)
    parser.add_argument("--unit-tests", action="store_true")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "cache")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args(session.posargs)
    install(session, "dist", package=False)
    wheel = args.wheel.resolve() if args.wheel else _built_wheel(session)
    if args.build_only:
        return

    with tempfile.TemporaryDirectory(prefix="dlguide-dist-") as tmp:
        env_dir = Path(tmp) / "venv"
        session.run("python", "-m", "venv", str(env_dir))
        python = str(env_dir / "bin" / "python")
        extras = ["nbclient", "nbformat", "ipykernel"]
        if args.unit_tests:
            extras += nox.project.dependency_groups(PYPROJECT, "test")
        session.run(
            python, "-m", "pip", "install", "--quiet", *CONSTRAINTS, f"{wheel}[ko]", *extras,
            external=True,
        )  # fmt: skip
        session.run(
            python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "dlguide-dist",
            external=True,
        )  # fmt: skip
        if args.unit_tests:
            # From the checkout, so the tests find their data; src/ is never on the path
            # (--import-mode=importlib, no conftest adds it), so they import the wheel.
            session.run(
                python, "-m", "pytest", "-p", "no:cacheprovider", "-m", "not browser",
                *_package_tests(), "--pyargs", "dlguide",
                external=True, env={"MPLBACKEND": "Agg"},
            )  # fmt: skip
        notebooks = Path(tmp) / "notebooks"
        session.run("python", "tools/dist_check.py", "notebooks", str(notebooks))
        run = [python, "tools/dist_check.py", "run", "--notebooks", str(notebooks)]
        if not args.no_cache:
            args.cache.mkdir(parents=True, exist_ok=True)
            run += ["--cache", str(args.cache.resolve())]
        if args.only:
            run += ["--only", *args.only]
        session.run(*run, external=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure: model quality and speed per chapter, then site build times and page weights.

    Prints numbers; it asserts nothing. ``nox -s bench -- cnn`` runs only benchmarks/bench_cnn.py.
    """
    install(session, "docs", "test")  # test: Playwright for the search benchmark
    session.run("python", "benchmarks/run.py", *session.posargs, env={"MPLBACKEND": "Agg"})


@nox.session
def audit(session: nox.Session) -> None:
    """Lighthouse 12 on the site served with gzip: performance, accessibility, best practices, SEO.

    Builds the site with its served address as ``DLGUIDE_BASE_URL`` into build/audit/site/,
    installs npm's ``lighthouse@12.2.3`` into build/audit/ on first use, audits the landing
    page, the chapters, two animation pages and the glossary in both languages (``-- --all``:
    every page) and prints the table; fails when a page misses the goal (performance >= 90,
    the other three at 100). Uses Debian's Chromium (``CHROME_PATH``, default /usr/bin/chromium).
    """
    install(session, "docs")
    session.run("python", "tools/audit.py", *session.posargs)


@nox.session(python=False)
def serve(session: nox.Session) -> None:
    """Serve build/site/ on http://127.0.0.1:8000 to look at the built site."""
    if not SITE.is_dir():
        session.error("No site yet: run `nox -s docs` first")
    port = session.posargs[0] if session.posargs else os.environ.get("PORT", "8000")
    session.run("python", "-m", "http.server", port, "--bind", "127.0.0.1", "-d", str(SITE))
