"""The built site, read as files: offline, linked, labelled, within its weight budget."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from site_helpers import LANGUAGES, ROOT, build_site, local_files, pages, parse

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_site import transferred  # bytes on the wire, as `nox -s bench` measures them

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PAGE_BUDGET = 1.5e6  # bytes transferred: the page and everything it loads


@pytest.fixture(scope="module")
def site() -> Path:
    return build_site()


@pytest.mark.slow
def test_both_languages_have_the_same_pages(site):
    en = {p.relative_to(site / "en") for p in pages(site, "en")}
    ko = {p.relative_to(site / "ko") for p in pages(site, "ko")}
    assert en == ko
    assert len(en) >= 20
    assert (site / "index.html").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_is_fetched_from_another_host(site, lang):
    offenders = []
    for page in pages(site, lang):
        for url in parse(page).resources:
            if "://" in url or url.startswith("//"):
                offenders.append(f"{page.relative_to(site)}: {url}")
    for css in (site / lang).rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if "://" in url or url.startswith("//"):
                offenders.append(f"{css.relative_to(site)}: {url}")
    assert not offenders, "\n".join(offenders[:20])


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_internal_links_and_anchors_resolve(site, lang):
    broken = []
    for page in pages(site, lang):
        for href in parse(page).links:
            if "://" in href or href.startswith(("mailto:", "//", "javascript:")):
                continue
            path_part, _, fragment = href.partition("#")
            target = (
                (page.parent / unquote(path_part.split("?")[0])).resolve() if path_part else page
            )
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif (
                fragment
                and target.suffix == ".html"
                and unquote(fragment) not in parse(target).ids
            ):
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert not broken, f"{len(broken)} broken:\n" + "\n".join(broken[:30])


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_lang_and_image_alt_text(site, lang):
    problems = []
    for page in pages(site, lang):
        parsed = parse(page)
        if parsed.html_lang != lang:
            problems.append(f"{page.name}: <html lang={parsed.html_lang!r}>")
        for image in parsed.images:
            alt = image.get("alt")
            if alt is None:
                problems.append(
                    f"{page.relative_to(site)}: img {image.get('src', '')[:60]} has no alt"
                )
            elif (
                lang == "ko"
                and re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{3,}", alt)
                and not HANGUL.search(alt)
            ):
                problems.append(f"{page.relative_to(site)}: English alt text {alt!r}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_a_description_in_its_language(site, lang):
    """What a search result shows under the title (Lighthouse SEO: meta-description), the pages
    Sphinx generates without a source (index, module index, search) included."""
    problems = []
    for page in pages(site, lang):
        name = page.relative_to(site).as_posix()
        description = parse(page).meta.get("description", "")
        if len(description) < 40:
            problems.append(f"{name}: description {description!r}")
        elif bool(HANGUL.search(description)) != (lang == "ko"):
            problems.append(f"{name}: description in the other language: {description[:60]!r}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_images_of_a_fixed_size_are_sharp_on_a_high_density_screen(site, lang):
    """An image the page shows at a given width has a file at least twice that wide among its
    sources (Lighthouse: image-size-responsive), the module index's toggles included."""
    from PIL import Image

    problems, checked = [], set()
    for page in pages(site, lang):
        for image in parse(page).images:
            width = image.get("width")
            src = image.get("src") or ""
            if not width or not width.isdigit() or src.endswith(".svg") or "://" in src:
                continue
            candidates = [src] + [
                c.split()[0] for c in (image.get("srcset") or "").split(",") if c
            ]
            files = list(local_files(candidates, page))
            if not files:  # an inline data: image, drawn at its own size
                continue
            widest = 0
            for file in files:
                with Image.open(file) as picture:
                    widest = max(widest, picture.width)
            checked.add(src.rsplit("/", 1)[-1])
            if widest < 2 * int(width):
                problems.append(f"{page.relative_to(site)}: {src} {widest} px shown {width} px")
    assert "minus.png" in checked, "the module index toggles were not found"
    assert not problems, "\n".join(problems[:30])


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_within_weight_budget(site, lang):
    heavy = []
    for page in pages(site, lang):
        files = {page, *local_files(parse(page).resources, page)}
        # Text is sent gzipped, as static hosts serve it (issue #14); every image counts, lazy
        # ones too, at the size of its src.
        weight = sum(transferred(f) for f in files if f.is_file())
        if weight > PAGE_BUDGET:
            heavy.append(f"{page.relative_to(site)}: {weight / 1e6:.2f} MB")
    assert not heavy, "over 1.5 MB:\n" + "\n".join(heavy)


def _allowed_latin() -> set[str]:
    import tomllib

    with (ROOT / "tests" / "data" / "korean_latin_allowlist.toml").open("rb") as fh:
        return {str(row["text"]) for row in tomllib.load(fh)["run"]}


@pytest.mark.slow
def test_korean_pages_have_no_english_prose(site):
    """No run of four or more Latin words in the prose of a Korean page, outside code, maths,
    signatures and glosses, unless it is on the reviewed allow-list (paper and book titles,
    names of institutions and products: tests/data/korean_latin_allowlist.toml)."""
    from site_helpers import ArticleText, latin_runs

    allowed = _allowed_latin()
    seen: set[str] = set()
    problems = {}
    for page in pages(site, "ko"):
        article = ArticleText()
        article.feed(page.read_text(encoding="utf-8"))
        runs = latin_runs(article.text)
        seen |= set(runs)
        if extra := [r for r in runs if r not in allowed]:
            problems[page.relative_to(site / "ko").as_posix()] = extra
    assert not problems, problems
    assert not allowed - seen, f"allow-list entries no page needs any more: {allowed - seen}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_api_pages_document_our_forward_not_torchs(site, lang):
    inherited = (
        "Define the computation performed at every call",
        "Return the extra representation of the module",
        "Should be overridden by all subclasses",
    )
    checked = 0
    for page in sorted((site / lang / "api").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for text in inherited:
            assert text not in html, f"{page.name}: torch's docstring {text!r}"
        # Every documented forward has a description and a Shape section of its own.
        for block in re.findall(r'<dt class="sig[^"]*" id="([^"]+\.forward)">', html):
            body = html.split(f'id="{block}"', 1)[1].split('<dt class="sig sig-object', 1)[0]
            shape = "모양" if lang == "ko" else "Shape"
            assert f'<p class="rubric">{shape}</p>' in body, f"{block}: no Shape section"
            checked += 1
        assert "dlguide-install" not in html, f"{page.name}: the gallery's install box"
    assert checked >= 14, f"only {checked} forward methods documented"


@pytest.mark.slow
def test_korean_gallery_times_are_the_trained_times(site):
    """The Korean build loads the models the English build trained: it shows the English
    build's running time (real training), never its own cache-hit time."""
    timing = re.compile(r"\((\d+) minutes ([\d.]+) seconds\)")
    korean_timing = re.compile(r"\((\d+)분 ([\d.]+)초\)")
    compared = 0
    for en_page in sorted((site / "en" / "auto_examples").rglob("plot_*.html")):
        ko_page = site / "ko" / en_page.relative_to(site / "en")
        en = timing.search(en_page.read_text(encoding="utf-8"))
        ko = korean_timing.search(ko_page.read_text(encoding="utf-8"))
        if en is None:
            assert ko is None, f"{ko_page.name}: a time the English page does not have"
            continue
        assert ko is not None and ko.groups() == en.groups(), f"{ko_page.name}: {ko} vs {en}"
        compared += 1
    assert compared >= 10


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_absolute_urls_without_a_public_address(site, lang):
    """Built without DLGUIDE_BASE_URL (as the tests build it): no canonical link, sitemap or
    absolute alternate to a made-up host."""
    if os.environ.get("DLGUIDE_BASE_URL") or os.environ.get("READTHEDOCS_CANONICAL_URL"):
        pytest.skip("built with a public address")
    assert not (site / lang / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text(encoding="utf-8")
    absolute = re.compile(
        r'<link rel="(?:canonical|alternate)"[^>]*href="https?:|'
        r'<meta property="og:url" content="https?:|example\.org'
    )
    for page in pages(site, lang):
        html = page.read_text(encoding="utf-8")
        assert not absolute.search(html), f"{page.relative_to(site)}: {absolute.search(html)}"
        assert '<link rel="alternate" hreflang=' in html or page.name == "search.html"
