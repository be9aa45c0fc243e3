"""Site budgets: clean and no-change build times, per-script gallery times, page weights.

Builds both languages into a temporary build folder (so the working build/ is untouched):
a clean build, then a no-change rebuild. Goals (issue #8): clean <= 5 min on 2 cores,
no-change rebuild <= 10% of clean, every gallery script <= 60 s, every page <= 1.5 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from site_helpers import LANGUAGES, local_files, pages, parse  # noqa: E402


def timed_build(build_dir: Path) -> float:
    env = {**os.environ, "DLGUIDE_BUILD_DIR": str(build_dir)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_site.py")],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - start


def gallery_times(build_dir: Path, lang: str) -> dict[str, float]:
    junit = build_dir / f"gallery-times-{lang}.xml"
    if not junit.exists():
        return {}
    cases = ET.parse(junit).getroot().iter("testcase")
    return {c.get("name", "?"): float(c.get("time", 0)) for c in cases}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dlguide-bench-") as tmp:
        build_dir = Path(tmp) / "build"
        clean = timed_build(build_dir)
        times = gallery_times(build_dir, "en")
        times_ko = gallery_times(build_dir, "ko")
        rebuild = timed_build(build_dir)
        site = build_dir / "site"
        print(f"clean two-language build : {clean:7.1f} s   (goal <= 300 s)")
        share = 100 * rebuild / clean
        print(
            f"no-change rebuild        : {rebuild:7.1f} s   ({share:.1f}% of clean; goal <= 10%)"
        )
        print("\ngallery scripts, clean build (sphinx-gallery's times; ko reuses trained models):")
        print("      en        ko   script")
        for name, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
            flag = "" if seconds <= 60 else "   OVER 60 s"
            print(f"  {seconds:6.1f} s  {times_ko.get(name, float('nan')):6.1f} s  {name}{flag}")
        total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
        print(f"\nwhole site (both languages): {total / 1e6:.1f} MB")
        for lang in LANGUAGES:
            weights = []
            for page in pages(site, lang):
                files = {page, *local_files(parse(page).resources, page)}
                weights.append((sum(f.stat().st_size for f in files if f.is_file()), page))
            weights.sort(reverse=True)
            print(f"\n[{lang}] heaviest pages (budget 1.5 MB):")
            for weight, page in weights[:5]:
                print(f"  {weight / 1e6:5.2f} MB  {page.relative_to(site)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
