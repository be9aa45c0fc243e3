"""The built site in a real browser (headless Debian Chromium driven by Playwright).

Every page of both languages is loaded from a server on 127.0.0.1 with every other host
blocked, and checked the way a reader meets it: no console errors, no failed or outside
requests, maths and code rendered, animations stepping, the language switch round-tripping,
search finding Korean words whatever particle follows, and no serious axe-core violations.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from site_helpers import LANGUAGES, ROOT, Server, build_site, pages

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_site import PAGE_BUDGET, transferred  # bytes on the wire, as `nox -s bench` counts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("DLGUIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# (language, query, page that must be among the results)
SEARCHES = [
    ("en", "convolution", "chapters/cnn"),
    ("en", "discriminator", "chapters/gan"),
    ("en", "LSTM", "chapters/rnn"),
    ("ko", "합성곱", "chapters/cnn"),
    ("ko", "합성곱을", "chapters/cnn"),
    ("ko", "합성곱의", "chapters/cnn"),
    ("ko", "풀링", "chapters/cnn"),
    ("ko", "신경망에서", "chapters/neural-networks"),
    ("ko", "판별자는", "chapters/gan"),
    ("ko", "은닉", "chapters/rnn"),
    ("ko", "기울기 소실", "chapters/rnn"),
    # compounds and transliterations (issue #19)
    ("ko", "판별", "chapters/gan"),
    ("ko", "주피터", "chapters/tools"),
    ("ko", "케라스", "chapters/tools"),
]

# Korean queries whose words end in a syllable that is also a particle or ending, and a
# two-word query: the results must be exactly the pages whose article contains the words.
EXACT_SEARCHES = {  # what the reader types: the words a relevant page holds
    "정의": ["정의"],
    "중요": ["중요"],
    "활성화 함수": ["활성화", "함수"],
    "판별": ["판별"],
    "주피터": ["주피터"],
    "파이토치의": ["파이토치"],
}


def _require_browser() -> None:
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        if os.environ.get("DLGUIDE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}; set DLGUIDE_CHROMIUM or install it")


@pytest.fixture(scope="module")
def server():
    _require_browser()
    site = build_site()
    with Server(site) as running:
        running.site = site
        yield running


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Visit:
    """One page load with every request, failure and console error recorded."""

    def __init__(self, browser, server, path: str, **context_options) -> None:
        self.context = browser.new_context(locale="en-US", **context_options)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        allowed = urlparse(server.url).netloc

        def route(r):
            if urlparse(r.request.url).netloc == allowed or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("requestfailed", lambda req: self.failed.append(req.url))
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        response = self.page.goto(f"{server.url}/{path}", wait_until="load")
        self.status = response.status if response else None

    def close(self) -> None:
        self.context.close()


def all_paths(server) -> list[str]:
    return [
        p.relative_to(server.site).as_posix()
        for lang in LANGUAGES
        for p in pages(server.site, lang)
    ]


def test_every_page_loads_cleanly_offline(browser, server):
    problems = []
    for path in all_paths(server):
        visit = Visit(browser, server, path)
        visit.page.wait_for_timeout(50)
        if visit.status != 200:
            problems.append(f"{path}: HTTP {visit.status}")
        problems += [f"{path}: outside request {u}" for u in visit.outside]
        problems += [f"{path}: failed request {u}" for u in visit.failed]
        problems += [f"{path}: console error {e}" for e in visit.errors]
        visit.close()
    assert not problems, "\n".join(problems[:30])


def test_maths_and_code_render(browser, server):
    checked_math = checked_code = 0
    for path in all_paths(server):
        if "/chapters/" not in path:
            continue
        visit = Visit(browser, server, path)
        page = visit.page
        maths = page.locator("math")
        if maths.count():
            box = maths.first.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, f"{path}: maths not rendered"
            checked_math += 1
        keyword = page.locator("div.highlight span.kn, div.highlight span.k").first
        if keyword.count():
            colour = keyword.evaluate("e => getComputedStyle(e).color")
            body = page.evaluate("getComputedStyle(document.body).color")
            assert colour != body, f"{path}: code is not highlighted"
            checked_code += 1
        visit.close()
    assert checked_math >= 4 and checked_code >= 4


def _animation_pages(server) -> list[str]:
    return [
        path
        for path in all_paths(server)
        if "_anim_img" in (server.site / path).read_text(encoding="utf-8")
    ]


def test_animations_step_and_are_not_blank(browser, server):
    from PIL import Image, ImageStat

    paths = _animation_pages(server)
    assert len(paths) >= 2 * 4, f"expected animations in both languages, found {paths}"
    for path in paths:
        visit = Visit(browser, server, path)
        image = visit.page.locator("img[id^=_anim_img]").first
        image.scroll_into_view_if_needed()
        first = image.get_attribute("src")
        slider = visit.page.locator("input[id^=_anim_slider]").first
        slider.evaluate("(s) => { s.value = s.max; s.dispatchEvent(new Event('input')); }")
        last = image.get_attribute("src")
        assert first != last, f"{path}: the animation does not advance"
        shot = Image.open(io.BytesIO(image.screenshot()))
        spread = ImageStat.Stat(shot.convert("L")).stddev[0]
        assert spread > 5, f"{path}: the animation frame looks blank"
        assert image.get_attribute("alt"), f"{path}: the animation has no alt text"
        visit.close()


def test_language_switch_round_trips(browser, server):
    for path in all_paths(server):
        lang, rest = path.split("/", 1)
        other = "ko" if lang == "en" else "en"
        visit = Visit(browser, server, path)
        visit.page.locator(f".dlguide-lang-switch a[hreflang={other}]").first.click()
        visit.page.wait_for_load_state("load")
        assert visit.page.url == f"{server.url}/{other}/{rest}", path
        visit.page.locator(f".dlguide-lang-switch a[hreflang={lang}]").first.click()
        visit.page.wait_for_load_state("load")
        assert visit.page.url == f"{server.url}/{path}", path
        visit.close()


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_finds_the_page(browser, server, lang, query, expected):
    visit = Visit(browser, server, f"{lang}/search.html?q={query}")
    # Sphinx adds the results one by one, fetching and parsing each page for its snippet, and
    # writes the summary line after the last one: wait for the expected page or for the end.
    visit.page.wait_for_function(
        """expected => [...document.querySelectorAll('#search-results ul.search li a')]
            .some(a => (a.getAttribute('href') || '').includes(expected))
          || document.querySelector('#search-results p.search-summary')?.textContent.trim()""",
        arg=expected,
        timeout=60_000,
    )
    results = visit.page.locator("#search-results ul.search li a")
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(expected in (h or "") for h in hrefs), f"{query!r} -> {hrefs}"
    assert not visit.errors
    visit.close()


def test_korean_search_returns_the_relevant_pages_and_only_those(browser, server):
    from bench_search import _ARTICLES_JS, _SEARCH_JS, load_names, relevant

    visit = Visit(browser, server, "ko/search.html")
    visit.page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
    articles = visit.page.evaluate(_ARTICLES_JS)
    found = visit.page.evaluate(_SEARCH_JS, list(EXACT_SEARCHES))
    names = load_names()
    for (query, words), hits in zip(EXACT_SEARCHES.items(), found, strict=True):
        wanted = {d for d, text in articles.items() if relevant(words, text, names)}
        assert wanted, f"{query!r} is on no page: pick another query"
        assert set(hits) == wanted, (
            f"{query!r}: extra {sorted(set(hits) - wanted)}, missed {sorted(wanted - set(hits))}"
        )
    assert not visit.errors
    visit.close()


def test_korean_search_page_speaks_korean(browser, server):
    visit = Visit(browser, server, "ko/search.html?q=합성곱")
    summary = visit.page.locator("#search-results p.search-summary")
    visit.page.wait_for_function(
        "() => document.querySelector('#search-results p.search-summary')?.textContent.trim()",
        timeout=60_000,
    )
    text = summary.inner_text()
    count = visit.page.locator("#search-results ul.search li").count()
    assert summary.is_visible() and count > 0
    assert f"{count}개" in text and not re.search(r"[A-Za-z]", text), text
    title = visit.page.locator("#search-results h2").inner_text()
    assert title == "검색 결과", title
    visit.close()


def test_accessibility_has_no_serious_violations(browser, server):
    import axe_playwright_python

    axe_js = next(Path(axe_playwright_python.__file__).parent.rglob("axe.min.js")).read_text()
    problems = []
    for path in all_paths(server):
        visit = Visit(browser, server, path)
        visit.page.evaluate(axe_js)
        result = visit.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"][:3]]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
        visit.close()
    assert not problems, f"{len(problems)} serious/critical:\n" + "\n".join(problems[:40])


CHAPTERS = ("ai-ml-dl", "neural-networks", "cnn", "rnn", "gan", "tools")
_LOADED = """async image => {
    if (!image.complete) {
        await new Promise(done => {
            image.addEventListener("load", done, {once: true});
            image.addEventListener("error", done, {once: true});
        });
    }
    return image.naturalWidth;
}"""


def test_chapter_figures_load_and_animations_step(browser, server):
    """Scroll to each figure of each chapter page: every image loads, every player steps."""
    problems = []
    images = animations = 0
    for lang in LANGUAGES:
        for name in CHAPTERS:
            path = f"{lang}/chapters/{name}.html"
            visit = Visit(browser, server, path)
            figures = visit.page.locator("figure.dlguide-figure")
            if not figures.count():
                problems.append(f"{path}: no figures")
            for i in range(figures.count()):
                figure = figures.nth(i)
                figure.scroll_into_view_if_needed()
                frame = figure.locator("img[id^=_anim_img]")
                if frame.count():  # the player sets its first frame once its script has run
                    visit.page.wait_for_function(
                        "f => !!f.getAttribute('src')", arg=frame.element_handle()
                    )
                for image in figure.locator("img").all():
                    width = image.evaluate(_LOADED)
                    images += 1
                    if not width:
                        problems.append(f"{path}: figure {i + 1}: image not loaded")
                if frame.count():
                    before = frame.get_attribute("src")
                    figure.locator("button[onclick$='.next_frame()']").click()
                    animations += 1
                    if frame.get_attribute("src") == before:
                        problems.append(f"{path}: figure {i + 1}: next frame shows no new frame")
            problems += [f"{path}: failed request {u}" for u in visit.failed]
            problems += [f"{path}: console error {e}" for e in visit.errors]
            visit.close()
    assert not problems, "\n".join(problems[:30])
    assert images >= 2 * 23 and animations >= 2 * 4, (images, animations)


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_chapter_animations_never_start_by_themselves(browser, server, motion):
    """Nothing plays until the reader presses play, whatever the reduced-motion setting."""
    moving = []
    for lang in LANGUAGES:
        for name in ("neural-networks", "cnn", "rnn", "gan"):
            path = f"{lang}/chapters/{name}.html"
            visit = Visit(browser, server, path, reduced_motion=motion)
            frames = visit.page.locator("figure.dlguide-figure img[id^=_anim_img]")
            assert frames.count(), f"{path}: no animation"
            frames.first.scroll_into_view_if_needed()
            visit.page.wait_for_timeout(300)
            before = [frames.nth(i).get_attribute("src") for i in range(frames.count())]
            visit.page.wait_for_timeout(1500)  # several frame intervals of every player
            after = [frames.nth(i).get_attribute("src") for i in range(frames.count())]
            if before != after:
                moving.append(path)
            visit.close()
    assert not moving, f"animations that started by themselves ({motion}): {moving}"


def test_chapter_pages_first_load_within_budget(browser, server):
    """What the browser fetches when a chapter page opens, gzip-sized: at most 1.5 MB."""
    heavy = []
    for lang in LANGUAGES:
        for name in CHAPTERS:
            path = f"{lang}/chapters/{name}.html"
            visit = Visit(browser, server, path)
            visit.page.wait_for_timeout(500)  # images near the first screen load lazily
            urls = visit.page.evaluate(
                "() => [location.href,"
                " ...performance.getEntriesByType('resource').map(entry => entry.name)]"
            )
            files = {server.site / unquote(urlparse(url).path).lstrip("/") for url in urls}
            weight = sum(transferred(f) for f in files if f.is_file())
            if weight > PAGE_BUDGET:
                heavy.append(f"{path}: {weight / 1e6:.2f} MB at first load")
            visit.close()
    assert not heavy, "\n".join(heavy)
