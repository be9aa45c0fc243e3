"""tools/build_site.py keeps what Sphinx compiled when nothing changed (fast rebuilds)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
build_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_site)


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_sync_tree_keeps_compiled_catalogues_of_unchanged_po_files(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    _tree(src, {"page.md": "# Page", "locales/ko/page.po": 'msgid "Page"\nmsgstr "쪽"\n'})
    assert build_site.sync_tree(src, dst) == 2
    (dst / "locales/ko/page.mo").write_bytes(b"compiled by Sphinx")

    assert build_site.sync_tree(src, dst) == 0  # nothing changed: nothing copied or deleted
    assert (dst / "locales/ko/page.mo").read_bytes() == b"compiled by Sphinx"


def test_sync_tree_drops_the_mo_of_a_changed_po_and_files_gone_from_the_source(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    _tree(src, {"old.md": "x", "locales/ko/page.po": 'msgid "Page"\nmsgstr "쪽"\n'})
    build_site.sync_tree(src, dst)
    (dst / "locales/ko/page.mo").write_bytes(b"compiled by Sphinx")
    (dst / "locales/ko/gone.mo").write_bytes(b"catalogue of a deleted page")

    (src / "old.md").unlink()
    _tree(src, {"locales/ko/page.po": 'msgid "Page"\nmsgstr "페이지"\n'})
    assert build_site.sync_tree(src, dst) == 1

    assert "페이지" in (dst / "locales/ko/page.po").read_text(encoding="utf-8")
    assert not (dst / "locales/ko/page.mo").exists()  # stale: Sphinx compiles it again
    assert not (dst / "locales/ko/gone.mo").exists()
    assert not (dst / "old.md").exists()


def test_hreflang_alternates_are_absolute_with_a_public_address(monkeypatch):
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    import bilingual

    class App:
        class config:
            language = "ko"

    context: dict[str, str] = {}
    monkeypatch.setenv("DLGUIDE_BASE_URL", "https://example.com/dlguide")
    bilingual.on_page_context(App, "chapters/cnn", "page.html", context, None)
    absolute = "https://example.com/dlguide/en/chapters/cnn.html"
    assert f'<link rel="alternate" hreflang="en" href="{absolute}">' in context["metatags"]
    monkeypatch.delenv("DLGUIDE_BASE_URL")
    context = {}
    bilingual.on_page_context(App, "chapters/cnn", "page.html", context, None)
    assert 'hreflang="en" href="../../en/chapters/cnn.html"' in context["metatags"]


def test_robots_names_sitemaps_only_with_a_public_address(monkeypatch, tmp_path):
    monkeypatch.delenv("DLGUIDE_BASE_URL", raising=False)
    build_site.write_root(tmp_path)
    assert "Sitemap" not in (tmp_path / "robots.txt").read_text()
    monkeypatch.setenv("DLGUIDE_BASE_URL", "https://example.com/dlguide/")
    build_site.write_root(tmp_path)
    robots = (tmp_path / "robots.txt").read_text().splitlines()
    assert "Sitemap: https://example.com/dlguide/ko/sitemap.xml" in robots
