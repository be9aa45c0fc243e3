"""Build the bilingual site: one Sphinx build per language into build/site/<lang>/.

Used by ``nox -s docs`` (and ``nox -s translate`` with ``--gettext``), by the test suite and by
the hosting configs, so every way of building the site is the same build.

Each language builds from its own copy of ``docs/`` and ``gallery/`` (``build/src/<lang>/``):
sphinx-gallery keeps its md5 cache of executed scripts beside the generated pages, and that
cache does not know about the language, so a shared source folder would serve one language's
figures to the other. Files are copied only when their content changed (mtime preserved), so a
no-change rebuild finds every script cached and every page up to date.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from dlguide.plotting import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("DLGUIDE_BUILD_DIR", ROOT / "build")).resolve()
# Folders sphinx-gallery or Sphinx generate inside the source copy: keep them between builds.
GENERATED = {"auto_examples", "gen_modules", "_build"}
SKIP = {"__pycache__", ".ipynb_checkpoints"}


def sync_tree(src: Path, dst: Path) -> int:
    """Mirror ``src`` into ``dst``, copying only changed files; return how many were copied."""
    copied = 0
    dst.mkdir(parents=True, exist_ok=True)
    wanted = {p.name for p in src.iterdir() if p.name not in SKIP}
    # Sphinx compiles each copied .po into a .mo beside it. Keep those: a deleted .mo is
    # compiled again, and every page it translates is then read and written again.
    wanted |= {f"{name[:-3]}.mo" for name in wanted if name.endswith(".po")}
    for child in dst.iterdir():
        if child.name not in wanted and child.name not in GENERATED:
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    for child in src.iterdir():
        if child.name in SKIP or child.suffix == ".mo":
            continue
        target = dst / child.name
        if child.is_dir():
            copied += sync_tree(child, target)
        elif not target.exists() or not filecmp.cmp(child, target, shallow=False):
            shutil.copy2(child, target)
            if child.suffix == ".po":  # changed catalogue: compile it again, whatever the times
                target.with_suffix(".mo").unlink(missing_ok=True)
            copied += 1
    return copied


def prune_generated(docs: Path) -> None:
    """Delete sphinx-gallery output whose script was removed or renamed."""
    generated = docs / "auto_examples"
    for page in generated.glob("*/plot_*.rst"):
        if not (ROOT / "gallery" / page.parent.name / f"{page.stem}.py").exists():
            for stale in page.parent.glob(f"{page.stem}*"):
                stale.unlink()
            for image in (page.parent / "images").rglob(f"sphx_glr_{page.stem}_*"):
                image.unlink()
            print(f"removed generated pages of deleted script {page.stem}")


def prepare_source(name: str) -> Path:
    """Copy docs/ and gallery/ to build/src/<name>/ and return the copied docs folder."""
    base = BUILD / "src" / name
    prune_generated(base / "docs")
    copied = sync_tree(ROOT / "docs", base / "docs") + sync_tree(
        ROOT / "gallery", base / "gallery"
    )
    print(f"[{name}] source copy {base}: {copied} file(s) updated", flush=True)
    return base / "docs"


def sphinx(*args: str, env: dict[str, str] | None = None) -> None:
    cmd = [sys.executable, "-m", "sphinx", *args]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env)


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "Agg")
    # Trained models are cached by content, so the second language does not train again.
    env.setdefault("DLGUIDE_CACHE_DIR", str(BUILD / "cache"))
    return env


def build_language(lang: str, out: Path, gallery: bool = True) -> float:
    start = time.perf_counter()
    docs = prepare_source(lang)
    extra = () if gallery else ("-D", "plot_gallery=0")
    env = build_env()
    if lang == LANGUAGES[0]:
        # The first language trains for real (and stores the models for the others), so the
        # running times its gallery pages report are true; the other languages show those
        # times (docs/_ext/bilingual.py), not the time of loading the stored models.
        env["DLGUIDE_CACHE_REFRESH"] = "1"
    sphinx(
        "-b", "html", "-n", "-W", "--keep-going", "-q", *extra,
        "-D", f"language={lang}",
        "-d", str(BUILD / "doctrees" / lang),
        str(docs), str(out / lang),
        env=env,
    )  # fmt: skip
    if not (env.get("DLGUIDE_BASE_URL") or env.get("READTHEDOCS_CANONICAL_URL")):
        # No public address, no sitemap: drop one a build with an address left behind.
        (out / lang / "sitemap.xml").unlink(missing_ok=True)
    seconds = time.perf_counter() - start
    print(f"[{lang}] built in {seconds:.1f} s -> {out / lang}", flush=True)
    return seconds


def write_root(out: Path) -> None:
    """Copy the language chooser, 404 page and host files to the site root; write robots.txt.

    robots.txt names each language's sitemap when the site has a public address
    (``DLGUIDE_BASE_URL``, docs/_ext/bilingual.py); without one there is no sitemap to name.
    """
    for name in ("index.html", "404.html", ".nojekyll"):
        source = ROOT / "docs" / "_root" / name
        if source.exists():
            shutil.copy2(source, out / name)
    lines = ["User-agent: *", "Allow: /"]
    base = os.environ.get("DLGUIDE_BASE_URL", "").strip()
    if base:
        lines += [f"Sitemap: {base.rstrip('/')}/{lang}/sitemap.xml" for lang in LANGUAGES]
    (out / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def extract_messages(pot_dir: Path) -> None:
    """Run the gettext builder on the English source into ``pot_dir``."""
    docs = prepare_source("gettext")
    sphinx(
        "-b", "gettext", "-q", "-E", "-D", "plot_gallery=0",
        "-d", str(BUILD / "doctrees" / "gettext"),
        str(docs), str(pot_dir),
        env=build_env(),
    )  # fmt: skip


def update_catalogs() -> None:
    pot_dir = BUILD / "gettext"
    shutil.rmtree(pot_dir, ignore_errors=True)  # no templates of removed documents
    extract_messages(pot_dir)
    cmd = [sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot_dir), "-l", "ko",
           "-d", str(ROOT / "docs" / "locales"), "-w", "0"]  # fmt: skip
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    # sphinx-intl keeps obsolete entries (#~) of sentences that are gone: drop them, the
    # history is in git.
    for po in (ROOT / "docs" / "locales" / "ko" / "LC_MESSAGES").rglob("*.po"):
        text = po.read_text(encoding="utf-8")
        kept = "\n\n".join(
            block for block in text.split("\n\n") if not block.lstrip().startswith("#~")
        )
        if kept != text:
            po.write_text(kept.rstrip("\n") + "\n", encoding="utf-8")
    # sphinx-intl keeps catalogs of documents that no longer exist: remove them.
    catalogs = ROOT / "docs" / "locales" / "ko" / "LC_MESSAGES"
    for po in catalogs.rglob("*.po"):
        pot = pot_dir / po.relative_to(catalogs).with_suffix(".pot")
        if not pot.exists() and po.name != "sphinx.po":
            po.unlink()
            print(f"removed {po.relative_to(ROOT)}: its document is gone")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="default: all")
    parser.add_argument("--out", type=Path, default=BUILD / "site", help="site folder")
    parser.add_argument("--clean", action="store_true", help="remove build/ first")
    parser.add_argument("--gettext", action="store_true", help="refresh the .po catalogs")
    parser.add_argument(
        "--no-gallery", action="store_true", help="do not run the gallery scripts (drafts)"
    )
    args = parser.parse_args(argv)
    if args.clean and BUILD.exists():
        shutil.rmtree(BUILD)
    if args.gettext:
        update_catalogs()
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0.0
    for lang in args.lang or LANGUAGES:
        try:
            total += build_language(lang, args.out, gallery=not args.no_gallery)
        except subprocess.CalledProcessError as err:
            print(f"[{lang}] Sphinx failed (exit {err.returncode}); see the messages above.")
            return err.returncode
    write_root(args.out)
    print(f"Site built in {total:.1f} s: {args.out}/index.html", flush=True)
    print(f"Open it with `nox -s serve` (http://127.0.0.1:8000) or {args.out / 'en/index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
