"""The copy-out promise: a gallery script runs on its own, anywhere, and writes nothing.

Each script is copied into an empty temporary folder outside the repository and run by a
fresh, isolated interpreter (``python -I``: no current folder or PYTHON* variables on the path)
that has only the installed package and its dependencies. It must exit 0 and leave no file
behind, neither beside itself nor in the repository (trained models may come from the docs
build's content-keyed cache; see below).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "gallery").glob("*/plot_*.py"))


def _snapshot(folder: Path) -> set[tuple[str, int]]:
    return {
        (str(p.relative_to(folder)), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and ".nox" not in p.parts and "build" not in p.parts
        and "__pycache__" not in p.parts and ".git" not in p.parts
    }  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_runs_alone_and_writes_nothing(script, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    private = tmp_path / "private"  # HOME and matplotlib's cache live outside the work folder
    (private / "mpl").mkdir(parents=True)
    copy = work / script.name
    shutil.copy(script, copy)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(private),
        "MPLCONFIGDIR": str(private / "mpl"),
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2"),
    }
    # The docs build has already trained every model these scripts train, with the same code
    # and seeds, and cached the results by content (dlguide.cache). Reusing that cache keeps
    # this test to the script itself: imports, plotting, output. Set DLGUIDE_COPYOUT_RETRAIN=1
    # to train from scratch as a reader's first run does.
    cache = ROOT / "build" / "cache"
    if cache.is_dir() and os.environ.get("DLGUIDE_COPYOUT_RETRAIN") != "1":
        env["DLGUIDE_CACHE_DIR"] = str(cache)
    before = _snapshot(ROOT)
    result = subprocess.run(
        [sys.executable, "-I", copy.name],
        cwd=work, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(p.name for p in work.iterdir()) == [script.name], "the script wrote files"
    assert _snapshot(ROOT) == before, "the script changed files in the repository"
