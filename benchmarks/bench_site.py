"""Site budgets: clean and no-change build times, per-script gallery times, page weights.

Builds both languages into a temporary build folder (so the working build/ is untouched):
a clean build, then a no-change rebuild. Goals (issue #8): clean <= 5 min on 2 cores,
no-change rebuild <= 10% of clean, every gallery script <= 60 s (the DCGAN example, issue
#16: <= 45 s), every page <= 1.5 MB.

Chapter pages (issue #14): the bytes a reader's browser transfers at first load, text gzipped
as static hosts serve it, images as they are (the 2x rendering where a page offers one, as a
high-density screen fetches it), lazy-loaded images apart. Goal: <= 1.5 MB in both languages.
``--site DIR`` measures an existing site (e.g. ``build/site``) without building.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from site_helpers import LANGUAGES, local_files, pages, parse  # noqa: E402

PAGE_BUDGET = 1.5e6  # bytes transferred at first load
# Files a static host sends gzip-compressed; images and fonts are compressed already.
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map"}


#: Gallery scripts with a budget below the 60 s of the others (seconds, clean build).
SCRIPT_BUDGETS = {"plot_03_dcgan_digits": 45}


def transferred(path: Path) -> int:
    """Bytes sent for ``path``: gzip (level 6, as static hosts use) for text, else the file."""
    data = path.read_bytes()
    return len(gzip.compress(data, 6, mtime=0)) if path.suffix in TEXT_SUFFIXES else len(data)


class FirstLoad(NamedTuple):
    """What a page costs a reader: bytes transferred, by kind."""

    html: int  # the page itself
    assets: int  # stylesheets, scripts, icons
    eager_images: int  # images loaded with the page
    lazy_images: int  # images loaded when scrolled near (loading="lazy"): not at first load
    total: int  # html + assets + eager images: the first load


def _image_file(image: dict[str, str | None], page: Path) -> Path | None:
    """The largest candidate of an ``<img>`` (src or srcset): a high-density screen's choice."""
    urls = [image.get("src") or ""]
    urls += [entry.split()[0] for entry in (image.get("srcset") or "").split(",") if entry.strip()]
    files = [f for f in local_files(urls, page) if f.is_file()]
    return max(files, key=lambda f: f.stat().st_size) if files else None


def first_load(page: Path) -> FirstLoad:
    """Bytes transferred for ``page`` at first load, and those of its lazy images apart."""
    parsed = parse(page)
    eager: set[Path] = set()
    lazy: set[Path] = set()
    image_urls = set()
    for image in parsed.images:
        image_urls.add(image.get("src"))
        found = _image_file(image, page)
        if found is not None:
            (lazy if image.get("loading") == "lazy" else eager).add(found)
    lazy -= eager  # an image loaded eagerly elsewhere on the page is already paid for
    others = {
        f
        for f in local_files([u for u in parsed.resources if u not in image_urls], page)
        if f.is_file()
    }
    html = transferred(page)
    assets = sum(transferred(f) for f in others - eager)
    eager_bytes = sum(transferred(f) for f in eager)
    lazy_bytes = sum(transferred(f) for f in lazy)
    return FirstLoad(html, assets, eager_bytes, lazy_bytes, html + assets + eager_bytes)


def print_page_weights(site: Path) -> int:
    """Print a first-load table of the chapter pages per language; return how many are over."""
    over = 0
    for lang in LANGUAGES:
        chapters = [p for p in pages(site, lang) if p.parent.name == "chapters"]
        print(f"\n[{lang}] chapter pages at first load (kB transferred, text gzipped;")
        print("      budget 1500 kB; lazy images load when scrolled near and are not counted):")
        print(f"  {'page':30s} {'HTML gz':>8s} {'CSS+JS gz':>9s} {'eager img':>9s} "
              f"{'lazy img':>9s} {'first load':>10s}")  # fmt: skip
        for page in chapters:
            w = first_load(page)
            flag = "" if w.total <= PAGE_BUDGET else "   OVER BUDGET"
            over += w.total > PAGE_BUDGET
            print(
                f"  {page.relative_to(site / lang).as_posix():30s} {w.html / 1e3:8.0f} "
                f"{w.assets / 1e3:9.0f} {w.eager_images / 1e3:9.0f} {w.lazy_images / 1e3:9.0f} "
                f"{w.total / 1e3:10.0f}{flag}"
            )
    return over


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--site", type=Path, help="only measure the page weights of this built site folder"
    )
    args = parser.parse_args(argv)
    if args.site is not None:
        return 1 if print_page_weights(args.site.resolve()) else 0
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
            budget = next((b for script, b in SCRIPT_BUDGETS.items() if script in name), 60)
            flag = "" if seconds <= budget else f"   OVER {budget} s"
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
        print_page_weights(site)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
