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

sys.path.insert(0, str(ROOT / "tools"))
from audit import hangul_font  # fontconfig knows a font with Korean coverage

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
        # Frames are files of their own (docs/_ext/html_repairs.py): wait for this one.
        visit.page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
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


_ALL_SECTIONS_LAID_OUT = (
    ".bd-article section, .bd-article dl.py { content-visibility: visible !important; }"
)


def test_accessibility_has_no_serious_violations(browser, server):
    import axe_playwright_python

    axe_js = next(Path(axe_playwright_python.__file__).parent.rglob("axe.min.js")).read_text()
    problems = []
    for path in all_paths(server):
        visit = Visit(browser, server, path)
        # Sections below the first screen are laid out only near the viewport
        # (content-visibility: auto, docs/_static/dlguide.css); axe reads colours and what lies
        # under each text from the layout, so it checks the page as a reader who scrolled
        # through it sees it: every section laid out.
        visit.page.add_style_tag(content=_ALL_SECTIONS_LAID_OUT)
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


def _bring_into_view(page, locator) -> None:
    """Scroll until the element is on screen: sections below the first screen are laid out only
    when they come near (content-visibility), so one scroll can land before the sizes settle."""
    for _ in range(10):
        locator.evaluate("el => el.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(150)
        if locator.evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return r.bottom > 0 && r.top < innerHeight; }"
        ):
            return
    raise AssertionError("the element never came into view")


_FRAMES_FETCHED = (
    "() => new Set(performance.getEntriesByType('resource').map(e => e.name)"
    ".filter(n => n.includes('/_images/frames/'))).size"
)


def test_animation_frames_load_when_a_reader_comes_near(browser, server):
    """Each player shows its first frame at once and fetches the rest only near the viewport."""
    for lang in LANGUAGES:
        path = f"{lang}/chapters/gan.html"
        visit = Visit(browser, server, path, viewport={"width": 390, "height": 844})
        players = visit.page.locator("img[id^=_anim_img]")
        count = players.count()
        assert count >= 1, f"{path}: no animation player"
        visit.page.wait_for_timeout(800)
        early = visit.page.evaluate(_FRAMES_FETCHED)
        assert early <= count, f"{path}: {early} frames fetched before scrolling, {count} players"
        first = players.first
        _bring_into_view(visit.page, first)
        # the distinct frame files of this player (a still stretch repeats one file)
        distinct = visit.page.evaluate(
            "id => { for (const k of Object.keys(window)) { const a = window[k];"
            " if (a && a.img_id === id && a.frames)"
            " return new Set(a.frames.map(f => f.dataset.src || f.src)).size; } return 0; }",
            first.get_attribute("id"),
        )
        assert distinct >= 2, f"{path}: the first player has {distinct} frames"
        visit.page.wait_for_function(f"n => ({_FRAMES_FETCHED})() >= n", arg=early + distinct - 1)
        # The first frame is drawn, whole, before any control is touched.
        visit.page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=first.element_handle()
        )
        visit.close()


def test_code_blocks_that_scroll_are_reachable_by_keyboard_once_seen(browser, server):
    """On a phone, every code block seen so far has a tab stop exactly when it scrolls."""
    visit = Visit(browser, server, "en/chapters/cnn.html", viewport={"width": 390, "height": 844})
    blocks = visit.page.locator(".bd-article pre")
    assert blocks.count() >= 5
    for index in (0, blocks.count() // 2, blocks.count() - 1):
        block = blocks.nth(index)
        _bring_into_view(visit.page, block)
        scrolls, tab = block.evaluate(
            "el => [el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,"
            " el.tabIndex]"
        )
        assert tab == (0 if scrolls else -1), f"block {index}: scrolls={scrolls}, tabIndex={tab}"
    assert not visit.errors, visit.errors
    visit.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figure_captions_fit_a_phone_column(browser, server, lang):
    """At 390 px no caption's text runs past its figure (where the column clips it)."""
    too_wide = []
    for name in ("cnn", "gan"):
        path = f"{lang}/chapters/{name}.html"
        visit = Visit(browser, server, path, viewport={"width": 390, "height": 844})
        captions = visit.page.locator(".bd-article figure figcaption")
        assert captions.count() >= 3, path
        for index in range(captions.count()):
            caption = captions.nth(index)
            _bring_into_view(visit.page, caption)
            caption_width, text_width = caption.evaluate(
                "c => [c.getBoundingClientRect().width,"
                " Math.max(...[...c.children].map(e => e.getBoundingClientRect().width))]"
            )
            if text_width > caption_width + 1:
                too_wide.append(f"{path} #{index}: {text_width:.0f} > {caption_width:.0f} px")
        visit.close()
    assert not too_wide, too_wide


def test_korean_text_is_drawn_without_font_fallback(browser, server):
    """Every glyph of a Korean paragraph, Hangul and Latin, comes from one font of the page's
    Korean stack (docs/_static/dlguide.css), as the browser reports the fonts it drew with."""
    if not hangul_font():
        message = "no Hangul font (fc-list :lang=ko is empty; apt-get install fonts-nanum)"
        if os.environ.get("DLGUIDE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    stack = {"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR",
             "NanumGothic"}  # fmt: skip
    visit = Visit(browser, server, "ko/chapters/gan.html")
    # A paragraph whose own text (the fonts are reported for a node's text children) mixes
    # Hangul and Latin letters, brought into view so that it is laid out.
    text = visit.page.evaluate(
        """() => {
            for (const p of document.querySelectorAll('.bd-article p')) {
                const own = [...p.childNodes].filter(n => n.nodeType === 3)
                    .map(n => n.textContent).join('');
                if (/[가-힣]/.test(own) && /[A-Za-z]/.test(own)) {
                    p.setAttribute('data-font-probe', '1');
                    return own;
                }
            }
            return null;
        }"""
    )
    assert text, "no Korean paragraph with Latin words of its own"
    _bring_into_view(visit.page, visit.page.locator("[data-font-probe]"))
    cdp = visit.context.new_cdp_session(visit.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-font-probe]"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    visit.close()
    families = {font["familyName"] for font in fonts}
    assert families and families <= stack, f"drawn with {sorted(families)}, not one of {stack}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_link_to_a_deep_section_lands_on_it(browser, server, lang):
    """Sections below the first screen are laid out only near the viewport; a link to a
    section or an API entry far down a page still scrolls the reader to it."""
    targets = {
        "chapters/gan.html": "discriminator-rejection-sampling",
        "chapters/cnn.html": r'<section id="([^"]+)">',  # its last subsection but one
        "api/gan.html": r'<dt class="sig sig-object py" id="([^"]+)">',  # two thirds down
    }
    for name, anchor in targets.items():
        path = f"{lang}/{name}"
        if anchor.startswith("<"):
            html = (server.site / path).read_text(encoding="utf-8")
            found = re.findall(anchor, html)
            anchor = found[-2] if "section" in anchor else found[len(found) * 2 // 3]
        visit = Visit(browser, server, f"{path}#{anchor}")
        visit.page.wait_for_timeout(500)
        top = visit.page.evaluate(
            "id => document.getElementById(id).getBoundingClientRect().top", anchor
        )
        height = visit.page.evaluate("innerHeight")
        visit.close()
        assert 0 <= top < height / 3, f"{path}#{anchor}: target at y={top:.0f} of {height}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_icons_are_drawn_from_the_cut_font(browser, server, lang):
    """The icon font is cut to the icons used (docs/_ext/site_speed.py): each still shows."""
    from PIL import Image, ImageStat

    # A phone's width, where every header control is shown (the contents toggle too).
    visit = Visit(
        browser, server, f"{lang}/chapters/cnn.html", viewport={"width": 390, "height": 844}
    )
    visit.page.evaluate("() => document.fonts.ready")
    loaded = visit.page.evaluate(
        "() => [...document.fonts].filter(f => f.family.includes('Font Awesome')"
        " && f.status === 'loaded').length"
    )
    assert loaded >= 1, "no Font Awesome face loaded"
    for selector in (".search-button i", ".theme-switch-button i", ".secondary-toggle .fa-solid"):
        icon = visit.page.locator(f".bd-header-article {selector} >> visible=true").first
        content = icon.evaluate("el => getComputedStyle(el, '::before').content")
        assert content not in ("none", "normal", '""'), f"{selector}: no glyph ({content})"
        shot = Image.open(io.BytesIO(icon.screenshot())).convert("L")
        assert ImageStat.Stat(shot).stddev[0] > 10, f"{selector}: the icon is blank"
    assert not visit.errors, visit.errors
    visit.close()


VIEWPORTS = [(1400, 900), (1024, 768), (390, 844)]
HEADER_PAGES = ["index.html", "chapters/cnn.html", "auto_examples/gan/plot_01_ring_training.html"]
# The controls above the article: every one must be seen whole and reachable by a click.
HEADER_CONTROLS = {
    "search": ".bd-header-article .search-button",
    "colour mode": ".bd-header-article .theme-switch-button",
    "language": ".bd-header-article .dlguide-lang-switch a",
    "contents": ".bd-header-article .secondary-toggle",
    "navigation": ".bd-header-article .primary-toggle",
}
_UNCOVERED = """(el) => {
  const r = el.getBoundingClientRect();
  const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  const points = [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2],
                  [r.right - 2, r.bottom - 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
  const covered = points.filter(([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    return !(hit && (hit === el || el.contains(hit)));
  });
  return {inside, covered: covered.length, top: r.top, bottom: r.bottom};
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_header_controls_are_whole_visible_and_clickable(browser, server, viewport):
    width, height = viewport
    problems = []
    for lang in LANGUAGES:
        for page_path in HEADER_PAGES:
            path = f"{lang}/{page_path}"
            visit = Visit(browser, server, path, viewport={"width": width, "height": height})
            page = visit.page
            rows = []
            for name, selector in HEADER_CONTROLS.items():
                control = page.locator(selector).first
                if name == "contents" and (
                    not control.count() or page.locator(".bd-sidebar-secondary").is_visible()
                ):
                    continue  # no contents, or shown beside the article on a wide screen
                if not control.is_visible():
                    problems.append(f"{path} {width}x{height}: {name} not visible")
                    continue
                state = control.evaluate(_UNCOVERED)
                if not state["inside"] or state["covered"]:
                    problems.append(f"{path} {width}x{height}: {name} cut or covered {state}")
                rows.append((state["top"], state["bottom"]))
            # One row: no control wrapped under the others.
            if rows and max(t for t, _ in rows) > min(b for _, b in rows):
                problems.append(f"{path} {width}x{height}: the controls wrap onto two rows")
            visible_search = page.locator(".search-button-field:visible, .search-button:visible")
            if visible_search.count() != 1:
                problems.append(f"{path}: {visible_search.count()} search controls, not one")
            other = "ko" if lang == "en" else "en"
            page.locator(f".bd-header-article .dlguide-lang-switch a[hreflang={other}]").click()
            page.wait_for_load_state("load")
            if page.url != f"{server.url}/{other}/{page_path}":
                problems.append(f"{path} {width}x{height}: language link went to {page.url}")
            page.go_back(wait_until="load")
            page.locator(HEADER_CONTROLS["search"]).first.click()
            field = page.locator("#pst-search-dialog[open] input[type=search]")
            if not field.is_visible():
                problems.append(f"{path} {width}x{height}: the search button opens no field")
            visit.close()
    assert not problems, "\n".join(problems[:30])


DARK_PAGES = [
    "chapters/cnn.html",
    "chapters/gan.html",
    "auto_examples/cnn/plot_01_sliding_filter.html",
    "api/nn.html",
    "chapters/tools.html",
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dark_mode_follows_the_system_and_keeps_content_legible(browser, server, lang):
    import axe_playwright_python

    axe_js = next(Path(axe_playwright_python.__file__).parent.rglob("axe.min.js")).read_text()
    problems = []
    for page_path in DARK_PAGES:
        path = f"{lang}/{page_path}"
        visit = Visit(browser, server, path, color_scheme="dark")
        page = visit.page
        assert page.evaluate("document.documentElement.dataset.theme") == "dark", path
        problems += [f"{path}: console error {e}" for e in visit.errors]
        # Figures, gallery images and animations sit on a light panel, undimmed.
        panels = page.evaluate(
            """() => [...document.querySelectorAll('.bd-article img')].map(
                 (img) => [img.currentSrc.split('/').pop(), getComputedStyle(img).backgroundColor,
                           getComputedStyle(img).filter])"""
        )
        problems += [
            f"{path}: {name} on {bg}, filter {flt}"
            for name, bg, flt in panels
            if bg != "rgb(255, 255, 255)" or flt != "none"
        ]
        # Text, tables and code legible: axe's contrast rule in dark mode, every section laid
        # out (see test_accessibility_has_no_serious_violations).
        page.add_style_tag(content=_ALL_SECTIONS_LAID_OUT)
        page.evaluate(axe_js)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: ['color-contrast']})"
        )
        for violation in result["violations"]:
            targets = [n["target"] for n in violation["nodes"][:3]]
            problems.append(f"{path}: dark mode {violation['id']} {targets}")
        visit.close()
    assert not problems, "\n".join(problems[:30])


# Every change of <html data-theme> with the value it replaced, and whether the body had begun
# (the page could be drawn) when it happened.
_THEME_CHANGES = """
window.dlguideThemeChanges = [];
new MutationObserver((records) => {
  for (const r of records) {
    window.dlguideThemeChanges.push([r.oldValue, r.target.getAttribute('data-theme'),
                                     document.body !== null]);
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-theme']});
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_first_visit_is_drawn_in_its_final_theme(browser, server, scheme):
    """On a first visit (nothing stored), the theme the page starts drawing with is its theme.

    The theme's own script sets ``data-theme`` at DOMContentLoaded; had the ``<head>`` left it
    at a placeholder, that would restyle the whole page once more (and flash light before dark).
    """
    for path in ("en/api/train.html", "ko/api/train.html", "ko/chapters/gan.html"):
        context = browser.new_context(locale="en-US", color_scheme=scheme)
        page = context.new_page()
        page.add_init_script(_THEME_CHANGES)
        page.goto(f"{server.url}/{path}", wait_until="load")
        page.wait_for_timeout(300)
        changes = page.evaluate("window.dlguideThemeChanges")
        assert page.evaluate("document.documentElement.dataset.theme") == scheme, path
        late = [(old, new) for old, new, drawn in changes if drawn and old != new]
        assert not late, f"{path}: data-theme changed after the body began: {late}"
        assert any(drawn for _, _, drawn in changes), f"{path}: the theme script never ran"
        context.close()


def test_colour_mode_choice_survives_a_language_switch(browser, server):
    visit = Visit(browser, server, "en/chapters/cnn.html")
    page = visit.page
    page.locator(".bd-header-article .theme-switch-button").first.click()
    page.locator(".bd-header-article .theme-change-button[data-mode=dark]").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.locator(".bd-header-article .dlguide-lang-switch a[hreflang=ko]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/ko/chapters/cnn.html")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("document.documentElement.dataset.mode") == "dark"
    assert not visit.errors
    visit.close()


# Interface text: what the theme, Sphinx and sphinx-gallery write around the article, plus the
# labels a reader meets on controls (titles, aria-labels, placeholders).
_INTERFACE_TEXT = """() => {
  // The in-page contents repeat the article's headings (checked with the article).
  const skip = 'article, script, style, code, pre, noscript, .dlguide-lang-switch, .page-toc, '
    + '.bd-sidebar-secondary, a[href^="#"]';
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { parts.push(node.textContent); return; }
    if (node.nodeType !== Node.ELEMENT_NODE || node.matches(skip)) return;
    for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
      if (node.hasAttribute(attr)) parts.push('\\n' + node.getAttribute(attr) + '\\n');
    }
    node.childNodes.forEach(walk);
    if (getComputedStyle(node).display !== 'inline') parts.push('\\n');
  };
  walk(document.body);
  return parts.join('');
}"""
# Words of the interface that stay as they are in Korean: the project's name and version.
_LATIN_OK = re.compile(r"^(dlguide|[\d.]+|Ctrl|K|PyTorch|LSTM|CNN|GAN|DCGAN|API|RNN|AI)$")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_interface_speaks_the_page_language(browser, server, lang):
    problems = []
    for path in all_paths(server):
        if not path.startswith(f"{lang}/"):
            continue
        visit = Visit(browser, server, path)
        text = visit.page.evaluate(_INTERFACE_TEXT)
        visit.close()
        for line in (ln.strip() for ln in text.splitlines()):
            if not line:
                continue
            if lang == "ko":
                words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", line)
                english = [w for w in words if not _LATIN_OK.match(w)]
                if english and not re.search(r"[\uac00-\ud7a3]", line):
                    problems.append(f"{path}: English interface text {line!r}")
            elif re.search(r"[\uac00-\ud7a3]", line):
                problems.append(f"{path}: Korean interface text {line!r}")
    assert not problems, "\n".join(sorted(set(problems))[:40])
