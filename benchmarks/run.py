"""Run the benchmarks and print their numbers (``nox -s bench``; ``nox -s bench -- cnn site``).

Each ``benchmarks/bench_<name>.py`` is a script that prints a table. They run one after
another (never in parallel: the machine has 2 cores and the timings would be wrong).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
        if not scripts:
            print(f"no benchmark named {names}; have {[s.stem for s in HERE.glob('bench_*.py')]}")
            return 2
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        failed += subprocess.run([sys.executable, str(script)]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
