"""Run the gallery the way a reader does: scripts and notebooks against an installed dlguide.

Used by ``nox -s dist`` in two steps, each with a different interpreter:

``python tools/dist_check.py notebooks OUT``
    Turn every gallery script into the notebook that the site offers for download, with
    sphinx-gallery's own converter and the docs' settings (run by the nox session's Python,
    which has sphinx-gallery). The docs build is not needed.

``ENV/bin/python tools/dist_check.py run --notebooks OUT [--cache DIR]``
    Run by the Python of a fresh environment that has the wheel installed (and nbclient,
    nbformat, ipykernel). Every script is copied into an empty folder and run there by an
    isolated interpreter (``python -I``, its own ``HOME``, ``MPLBACKEND=Agg``); every notebook
    is copied into an empty folder and executed top to bottom with nbclient on a kernel of
    this environment, with ``DLGUIDE_LANG=ko`` so that the ``ko`` extra's font is used too. A
    script or notebook fails when it exits non-zero, has an error cell, or leaves a file
    behind. The training-loop starters (:data:`STARTERS`) always run without the model cache;
    the others reuse the models the docs build trained (``--cache``, by content: see
    ``dlguide.cache``). Prints a table of the times and exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "gallery"
#: The scripts whose training loop is written out: they never read the model cache.
STARTERS = (
    "cnn/plot_04_train_digits_cnn",
    "rnn/plot_05_train_lstm",
    "gan/plot_04_train_gan",
)
KERNEL = "dlguide-dist"
#: The settings of ``sphinx_gallery_conf`` in docs/conf.py that shape a notebook
#: (tests/test_dist.py checks that they agree).
NOTEBOOK_CONF = {
    "first_notebook_cell": None,
    "last_notebook_cell": None,
    "remove_config_comments": True,
    "promote_jupyter_magic": False,
    "pypandoc": False,
}
TIMEOUT = 600  # seconds per script and per notebook cell


def scripts() -> list[Path]:
    return sorted(GALLERY.glob("*/plot_*.py"))


def example_name(path: Path) -> str:
    """``cnn/plot_04_train_digits_cnn`` for a script or its notebook."""
    return f"{path.parent.name}/{path.stem}"


# ---------------------------------------------------------------------------------------------
# Step 1: notebooks, as the docs build makes them
# ---------------------------------------------------------------------------------------------


def make_notebooks(out: Path) -> list[Path]:
    """Write ``out/<topic>/<script>.ipynb`` for every gallery script; return the paths."""
    from sphinx_gallery import gen_gallery
    from sphinx_gallery import py_source_parser as parser
    from sphinx_gallery.notebook import jupyter_notebook, save_notebook

    gallery_conf = copy.deepcopy(gen_gallery.DEFAULT_GALLERY_CONF)
    gallery_conf.update(NOTEBOOK_CONF)
    written = []
    for script in scripts():
        _, blocks = parser.split_code_and_text_blocks(script)
        # What sphinx-gallery does before it writes a notebook (gen_rst._clean_script_blocks).
        blocks = [
            parser.Block(label, parser.remove_ignore_blocks(content), line)
            for label, content, line in blocks
        ]
        if gallery_conf["remove_config_comments"]:
            blocks = [
                parser.Block(label, parser.remove_config_comments(content), line)
                for label, content, line in blocks
            ]
        if blocks[-1].content.isspace():
            blocks = blocks[:-1]
        target = out / script.parent.name
        target.mkdir(parents=True, exist_ok=True)
        notebook = jupyter_notebook(blocks, copy.deepcopy(gallery_conf), target)
        path = target / f"{script.stem}.ipynb"
        save_notebook(notebook, path)
        written.append(path)
    print(f"{len(written)} notebooks in {out}")
    return written


# ---------------------------------------------------------------------------------------------
# Step 2: run scripts and notebooks with the installed package
# ---------------------------------------------------------------------------------------------


def base_env(home: Path, cache: Path | None) -> dict[str, str]:
    """A reader's environment: PATH, a private HOME, and the model cache when allowed."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "MPLCONFIGDIR": str(home / "mpl"),
    }
    for name in ("OMP_NUM_THREADS", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR"):
        if name in os.environ:
            env[name] = os.environ[name]
    if cache is not None:
        env["DLGUIDE_CACHE_DIR"] = str(cache)
    return env


def leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def run_script(script: Path, work: Path, env: dict[str, str]) -> str | None:
    """Run a copy of ``script`` in the empty folder ``work``; return an error or None."""
    copy_ = work / script.name
    shutil.copy(script, copy_)
    result = subprocess.run(
        [sys.executable, "-I", copy_.name],
        cwd=work, env={**env, "MPLBACKEND": "Agg"}, capture_output=True, text=True,
        timeout=TIMEOUT,
    )  # fmt: skip
    if result.returncode != 0:
        return f"exit {result.returncode}\n{result.stderr[-3000:]}"
    if extra := leftovers(work, copy_.name):
        return f"left files behind: {extra}"
    return None


def run_notebook(notebook: Path, work: Path, env: dict[str, str]) -> str | None:
    """Execute a copy of ``notebook`` in ``work`` with nbclient; return an error or None."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    copy_ = work / notebook.name
    shutil.copy(notebook, copy_)
    nb = nbformat.read(copy_, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(work)}},
    )
    log = Path(env["HOME"]) / "kernel.log"  # the kernel's own stderr, shown if it fails
    try:
        with log.open("w") as fh:
            # The kernel gets this environment, not ours: the cache only when allowed, and
            # Korean figure text.
            client.execute(env={**env, "DLGUIDE_LANG": "ko"}, stdout=fh, stderr=fh)
    except CellExecutionError as err:
        return re.sub(r"\x1b\[[0-9;]*m", "", str(err))[-3000:]  # without terminal colours
    except Exception as err:  # the kernel died or never started
        return f"{type(err).__name__}: {err}\n{log.read_text()[-3000:]}"
    errors = [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    if errors:
        return f"{len(errors)} error cell(s): {errors[0].get('ename')}: {errors[0].get('evalue')}"
    if extra := leftovers(work, copy_.name):
        return f"left files behind: {extra}"
    return None


def check_installed() -> str:
    """The package must come from the environment, not from this checkout."""
    import dlguide

    where = Path(dlguide.__file__).resolve()
    if ROOT in where.parents:
        raise SystemExit(f"dlguide is imported from the checkout ({where}), not from a wheel")
    if any(where.parent.parent.glob("__editable__*dlguide*")):
        raise SystemExit(f"dlguide is an editable install ({where})")
    return f"dlguide {dlguide.__version__} from {where.parent}"


def run_all(notebooks: Path, cache: Path | None, only: list[str]) -> int:
    print(check_installed(), flush=True)
    jobs: list[tuple[str, Path]] = [("script", s) for s in scripts()]
    jobs += [("notebook", n) for n in sorted(notebooks.glob("*/plot_*.ipynb"))]
    if only:
        jobs = [(kind, path) for kind, path in jobs if any(o in str(path) for o in only)]
    rows, failures = [], []
    total = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dlguide-examples-") as tmp:
        for i, (kind, path) in enumerate(jobs):
            name = example_name(path)
            starter = name in STARTERS
            use_cache = cache if (cache is not None and not starter) else None
            home = Path(tmp) / f"home-{i}"
            (home / "mpl").mkdir(parents=True)
            work = Path(tmp) / f"work-{i}"  # empty: nothing of the repository beside it
            work.mkdir()
            env = base_env(home, use_cache)
            start = time.perf_counter()
            try:
                run = run_script if kind == "script" else run_notebook
                error = run(path, work, env)
            except subprocess.TimeoutExpired:
                error = f"timed out after {TIMEOUT} s"
            seconds = time.perf_counter() - start
            status = "ok" if error is None else "FAILED"
            cache_note = "starter, no cache" if starter else ("cache" if use_cache else "no cache")
            rows.append((kind, name, cache_note, seconds, status))
            print(f"{status:<7}{kind:<9}{name:<40}{seconds:7.1f} s  ({cache_note})", flush=True)
            if error is not None:
                failures.append((kind, name, error))
    total = time.perf_counter() - total

    print()
    print(f"{'kind':<9}{'example':<40}{'model cache':<19}{'seconds':>8}  status")
    for kind, name, note, seconds, status in rows:
        print(f"{kind:<9}{name:<40}{note:<19}{seconds:8.1f}  {status}")
    print(f"{'':<68}{total:8.1f}  total")
    for kind, name, error in failures:
        print(f"\n--- {kind} {name} failed ---\n{error}")
    ok = len(rows) - len(failures)
    print(f"\n{ok} passed, {len(failures)} failed")
    return 1 if failures or not rows else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    nb = sub.add_parser("notebooks", help="write the gallery's notebooks into OUT")
    nb.add_argument("out", type=Path)
    run = sub.add_parser("run", help="run every script and notebook with the installed package")
    run.add_argument("--notebooks", type=Path, required=True, help="folder from `notebooks`")
    run.add_argument("--cache", type=Path, help="model cache for the scripts that are no starter")
    run.add_argument("--only", nargs="*", default=[], help="run only examples matching these")
    args = parser.parse_args(argv)
    if args.command == "notebooks":
        make_notebooks(args.out)
        return 0
    return run_all(args.notebooks, args.cache, args.only)


if __name__ == "__main__":
    raise SystemExit(main())
