"""Save a benchmark's tables where the docs build reads them (``docs/_data/benchmarks/``).

Each benchmark prints its tables and also hands them to :func:`save`, which writes
``docs/_data/benchmarks/<name>.json`` with the measurement's provenance (date, CPU, threads,
torch version, commit). The ``{bench-table}`` directive (``docs/_ext/bench_tables.py``) renders
them on the chapter pages in the build language, so the pages show measured numbers and nobody
types them. A cell is a string, or ``{"en": ..., "ko": ...}`` when it is words to translate.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "_data" / "benchmarks"

Cell = str | dict[str, str]


def cpu_name() -> str:
    """The CPU model from /proc/cpuinfo, else what :mod:`platform` knows."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return " ".join(line.split(":", 1)[1].split())
    return platform.processor() or platform.machine()


def commit() -> str:
    """Short hash of HEAD, with ``+`` when the package or benchmarks have local changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "benchmarks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+" if dirty else "")


def machine() -> dict[str, object]:
    """Where and when the numbers were measured."""
    return {
        "date": dt.datetime.now(dt.timezone.utc).date().isoformat(),
        "cpu": cpu_name(),
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "commit": commit(),
    }


def save(name: str, tables: dict[str, dict[str, list]]) -> Path:
    """Write ``tables`` ({table: {"columns": [...], "rows": [[cell, ...], ...]}}) for the docs.

    Tables of the same benchmark measured in an earlier run are kept unless replaced, so a
    partial run (``--parts ring``) updates only what it measured.
    """
    for table, spec in tables.items():
        width = len(spec["columns"])
        for row in spec["rows"]:
            if len(row) != width:
                raise ValueError(f"{name}/{table}: row {row!r} has {len(row)} cells, not {width}")
    path = DATA / f"{name}.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"tables": {}}
    record = {"tables": {**old.get("tables", {})}}
    stamp = machine()
    for table, spec in tables.items():
        record["tables"][table] = {**spec, "measured": stamp}
    DATA.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"saved {', '.join(tables)} to {path}")
    return path
