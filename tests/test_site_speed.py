"""site_speed: the stylesheet purge, the names in use, deferred scripts, lazy animation frames;
and the built site as a browser receives it (one stylesheet, no blocking script, every icon
drawn from the cut font)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from site_helpers import LANGUAGES, ROOT, build_site, pages

sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import site_speed

# --- the purge -----------------------------------------------------------------------------


def test_purge_keeps_rules_whose_names_are_used_and_drops_the_rest():
    css = ".a{color:red}.b{color:blue}#c .a{x:1}#d{x:2}p{margin:0}"
    assert site_speed.purge_css(css, {"a", "c"}).split("\n") == [
        ".a{color:red}",
        "#c .a{x:1}",
        "p{margin:0}",  # element selectors name no class: always kept
    ]


def test_purge_keeps_a_rule_when_any_selector_of_its_list_can_match():
    assert site_speed.purge_css(".x,.y .z{a:b}", {"y", "z"}) == ".x,.y .z{a:b}"
    assert site_speed.purge_css(".x,.y .z{a:b}", {"y"}) == ""


def test_purge_ignores_names_inside_attributes_and_negations():
    css = 'a[href$=".pdf"]{a:b}.k:not(.gone){c:d}.k:is(.u,.v) .w{e:f}'
    kept = site_speed.purge_css(css, {"k", "w"}).split("\n")
    assert kept == ['a[href$=".pdf"]{a:b}', ".k:not(.gone){c:d}", ".k:is(.u,.v) .w{e:f}"]


def test_purge_recurses_into_media_and_drops_empty_groups():
    css = "@media (min-width:1px){.a{x:1}.b{x:2}}@media print{.b{x:3}}@supports (x:y){.a{z:1}}"
    assert site_speed.purge_css(css, {"a"}).split("\n") == [
        "@media (min-width:1px){.a{x:1}}",
        "@supports (x:y){.a{z:1}}",
    ]


def test_purge_keeps_other_at_rules_whole_and_strings_with_braces():
    css = (
        '@charset "utf-8";@font-face{font-family:X;src:url(a.woff2)}'
        "@keyframes spin{0%{a:b}to{c:d}}"
        '.q::before{content:"}{;"}.gone{a:b}/* .gone{ */'
    )
    assert site_speed.purge_css(css, {"q"}).split("\n") == [
        '@charset "utf-8";',
        "@font-face{font-family:X;src:url(a.woff2)}",
        "@keyframes spin{0%{a:b}to{c:d}}",
        '.q::before{content:"}{;"}',
    ]


def test_used_names_reads_classes_ids_and_script_words():
    page = '<div class="bd-header  show" id="top"><script>x.classList.add("is-open")</script>'
    names = site_speed.used_names([page], ["const k = 'fa-sun';"])
    assert {"bd-header", "show", "top", "is-open", "fa-sun", "classList"} <= names
    assert "div" not in names and "script" not in names


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    styles = tmp_path / "_static" / "styles"
    styles.mkdir(parents=True)
    (tmp_path / "_static" / "a.css").write_text(".used{color:red}.unused{color:blue}")
    (styles / "b.css").write_text('@import "../a.css";.other{background:url(x.png)}')
    for name, body in pages.items():
        (tmp_path / name).write_text(
            '<html><head><link rel="stylesheet" href="_static/a.css?v=1" />\n'
            '<link rel="stylesheet" href="_static/styles/b.css" />\n</head>'
            f"<body>{body}</body></html>"
        )
    return tmp_path


def _read(out: Path) -> dict[Path, str]:
    return {p: p.read_text() for p in out.glob("*.html")}


def test_bundle_joins_the_stylesheets_and_keeps_its_name_across_builds(tmp_path):
    out = _site(tmp_path, {"one.html": '<p class="used">', "two.html": "<p>"})
    pages = site_speed.bundle_styles(out, _read(out), {"used"})
    for page, html in pages.items():
        page.write_text(html)
    (bundle,) = (out / "_static" / "styles").glob("site.*.css")
    css = bundle.read_text()
    assert ".used{color:red}" in css and "unused" not in css and "other" not in css
    links = {re.search(r'href="([^"]+)"', h).group(1) for h in pages.values()}
    assert links == {f"_static/styles/{bundle.name}?v={site_speed._digest(css.encode())}"}

    # An incremental build rewrites one page with the theme's links, and .other is now used.
    (out / "two.html").write_text(
        '<html><head><link rel="stylesheet" href="_static/a.css?v=1" />\n'
        '<link rel="stylesheet" href="_static/styles/b.css" />\n</head>'
        '<body><p class="other"></body></html>'
    )
    again = site_speed.bundle_styles(out, _read(out), {"used", "other"})
    assert list((out / "_static" / "styles").glob("site.*.css")) == [bundle]
    css = bundle.read_text()
    assert '.other{background:url("x.png")}' in css
    links = {re.search(r'href="([^"]+)"', h).group(1) for h in again.values()}
    assert links == {f"_static/styles/{bundle.name}?v={site_speed._digest(css.encode())}"}
    assert all(h.count('rel="stylesheet"') == 1 for h in again.values())


# --- scripts and players -------------------------------------------------------------------


def test_defer_scripts_inlines_the_options_and_defers_the_rest(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    (static / "documentation_options.js").write_text("const DOCUMENTATION_OPTIONS = {};\n")
    page = tmp_path / "index.html"
    html = (
        '<html><head><script src="_static/documentation_options.js?v=1"></script>\n'
        '<script src="_static/doctools.js?v=2"></script>\n'
        "<script>DOCUMENTATION_OPTIONS.pagename = 'index';</script>\n"
        '<script defer src="_static/bootstrap.js"></script></head>'
        '<body><script src="_static/late.js"></script></body></html>'
    )
    out = site_speed.defer_scripts(page, html)
    assert "<script>const DOCUMENTATION_OPTIONS = {};</script>" in out
    assert '<script defer src="_static/doctools.js?v=2"></script>' in out
    assert out.count("defer") == 2  # bootstrap kept as it was
    assert '<body><script src="_static/late.js"></script>' in out  # the body is left alone
    # The inline script that uses the options still comes after them.
    assert out.index("const DOCUMENTATION_OPTIONS") < out.index("pagename")


def test_lazy_frames_rewrites_the_player_and_leaves_other_pages_alone():
    player = (
        "    for (var i=0; i<frames.length; i++)\n    {\n" + site_speed._PRELOAD + "\n"
        "  Animation.prototype.set_frame = function(frame){\n    this.current_frame = frame;\n"
        + site_speed._SET_FRAME
        + "\n  }\n"
        + site_speed._PLAY
        + "\n    this.pause_animation();\n"
    )
    lazy = site_speed.lazy_frames(player)
    assert "this.frames[i].src = frames[i];" not in lazy
    assert "IntersectionObserver" in lazy and "this.load_frames();" in lazy
    assert "shown.src = shown.dataset.src" in lazy
    assert site_speed.lazy_frames("<p>no player</p>") == "<p>no player</p>"


# --- the built site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Path:
    return build_site()


# --- code tokens in the text colour ---------------------------------------------------------

_PYGMENTS = """
html[data-theme="light"] .highlight { background: #fefefe; color: #080808 }
html[data-theme="light"] .highlight .n { color: #080808 } /* Name */
html[data-theme="light"] .highlight .p { color: #080808 }
html[data-theme="light"] .highlight .k { color: #6730C5 }
html[data-theme="light"] .highlight .ge { font-style: italic }
html[data-theme="light"] .highlight .w { color: #080808 }
html[data-theme="dark"] .highlight { background: #2b2b2b; color: #F8F8F2 }
html[data-theme="dark"] .highlight .n { color: #F8F8F2 }
html[data-theme="dark"] .highlight .p { color: #ABE338 }
html[data-theme="dark"] .highlight .k { color: #DCC6E0 }
html[data-theme="dark"] .highlight .ge { font-style: italic }
html[data-theme="dark"] .highlight .w { color: #F8F8F2; font-weight: bold }
"""


def test_plain_tokens_are_those_in_the_text_colour_in_every_theme():
    # n: the text colour in both themes. p: not in dark. k: a colour of its own. ge: no colour
    # but italic. w: bold in dark.
    assert site_speed.plain_token_classes(_PYGMENTS) == {"n"}
    # a class also styled by another rule that could match the bare span is not plain ...
    assert site_speed.plain_token_classes(_PYGMENTS + ".content .n{color:red}") == set()
    # ... but a rule that needs a second class cannot match it (Sphinx's ".sig-param.n")
    assert site_speed.plain_token_classes(_PYGMENTS + ".sig-param.n{font-style:italic}") == {"n"}
    # a theme without a rule for the class: not plain
    light_only = "\n".join(line for line in _PYGMENTS.splitlines() if "dark" not in line)
    assert site_speed.plain_token_classes(light_only + "\n" + _PYGMENTS.splitlines()[7]) == set()


def test_unwrap_plain_tokens_only_in_code_blocks_and_not_in_links():
    html = (
        '<p><span class="n">prose</span></p>'
        '<div class="highlight"><pre tabindex="0"><span></span><span class="n">x</span>'
        '<span class="w"> </span><span class="o">=</span><span class="w"> </span>'
        '<a href="api.html"><span class="n">f</span></a><span class="p">(</span>'
        '<span class="mi">1</span><span class="p">)</span></pre></div>'
    )
    out = site_speed.unwrap_plain_tokens(html, {"n", "p", "w"})
    assert out == (
        '<p><span class="n">prose</span></p>'
        '<div class="highlight"><pre tabindex="0"><span></span>x'
        ' <span class="o">=</span> '
        '<a href="api.html"><span class="n">f</span></a>('
        '<span class="mi">1</span>)</pre></div>'
    )
    assert site_speed.unwrap_plain_tokens(html, set()) == html
    assert re.sub(r"<[^>]+>", "", out) == re.sub(r"<[^>]+>", "", html)  # the same text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_code_blocks_of_the_built_site_have_no_plain_token_spans(site, lang):
    css = (site / lang / "_static" / "pygments.css").read_text(encoding="utf-8")
    plain = site_speed.plain_token_classes(css)
    assert {"n", "p"} <= plain  # the theme's styles draw names and punctuation in text colour
    page = (site / lang / "chapters" / "neural-networks.html").read_text(encoding="utf-8")
    left = [
        span
        for pre in re.findall(r"<pre\b[^>]*>(.*?)</pre>", page, re.S)
        for part in re.split(r"<a\b[^>]*>.*?</a>", pre, flags=re.S)
        for span in re.findall(r'<span class="([\w-]+)">', part)
        if span in plain
    ]
    assert not left, f"{len(left)} plain spans left, e.g. {left[:5]}"
    assert page.count("<span") < 1500  # from about 2600 with a span per token


_HEAD = re.compile(r"<head>(.*?)</head>", re.S)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_load_one_stylesheet_and_no_blocking_script(site, lang):
    bad = []
    for page in pages(site, lang):
        head = _HEAD.search(page.read_text(encoding="utf-8")).group(1)
        sheets = re.findall(r'<link [^>]*rel="stylesheet"[^>]*>', head)
        blocking = re.findall(r"<script (?![^>]*\b(?:defer|async)\b)[^>]*\bsrc=[^>]*>", head)
        if len(sheets) != 1 or blocking:
            bad.append(f"{page.relative_to(site)}: {len(sheets)} stylesheets, blocking {blocking}")
    assert not bad, "\n".join(bad[:10])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_icon_on_the_pages_has_a_glyph_in_the_cut_font(site, lang):
    from fontTools.ttLib import TTFont

    root = site / lang
    (bundle,) = {
        re.search(r'href="([^"?]*site\.[0-9a-f]+\.css)\?v=', p.read_text(encoding="utf-8")).group(
            1
        )
        for p in [root / "index.html"]
    }
    css_path = (root / bundle).resolve()
    css = css_path.read_text(encoding="utf-8")
    fonts = {
        name: TTFont(str((css_path.parent / url).resolve()))
        for url, name in re.findall(
            r'url\("([^"?]*webfonts/(fa-[a-z]+-\d+)\.subset\.woff2)\?v=[0-9a-f]+"\)', css
        )
    }
    assert fonts.keys() == {"fa-solid-900", "fa-regular-400", "fa-brands-400"}
    glyphs = set().union(*(set(f.getBestCmap() or {}) for f in fonts.values()))

    def codepoints(text: str) -> dict[str, int]:
        """Icon class -> code point, from rules such as ``.fa-search,.fa-x{--fa:"\\f002"}``."""
        found = {}
        for selectors, hexa in re.findall(r'([^{}]+)\{--fa:"\\([0-9a-f]+)"', text):
            for name in re.findall(r"\.(fa-[a-z0-9-]+)$", selectors.replace(",", "\n"), re.M):
                found[name] = int(hexa, 16)
        return found

    theme = codepoints((root / "_static/styles/pydata-sphinx-theme.css").read_text())
    kept = codepoints(css)
    icons = set()
    for page in pages(site, lang):
        icons |= set(re.findall(r"\bfa-[a-z0-9-]+\b", page.read_text(encoding="utf-8")))
    icons &= theme.keys()  # icon names, not modifiers such as fa-lg
    assert len(icons) >= 5, icons
    missing = [i for i in sorted(icons) if kept.get(i) != theme[i] or theme[i] not in glyphs]
    assert not missing, f"icons without their rule or glyph after the cut: {missing}"


def test_long_code_lines_and_wide_tables_get_a_tab_stop_in_the_page():
    short = "<pre><span>x = 1</span></pre>"
    long = f"<pre><span>{'y' * (site_speed.SCROLL_CHARS + 1)}</span> &amp;</pre>"
    table = '<div class="pst-scrollable-table-container"><table></table></div>'
    out = site_speed.tab_stops(short + long + table)
    assert out.count('tabindex="0"') == 2
    assert out.startswith(short)  # a short block stays out of the tab order
    assert '<div class="pst-scrollable-table-container" tabindex="0">' in out


def test_theme_script_patch_is_applied_once_or_fails_loudly(tmp_path):
    scripts = tmp_path / "_static" / "scripts"
    scripts.mkdir(parents=True)
    script = scripts / "pydata-sphinx-theme.js"
    script.write_text(f"function I(){{x{site_speed._EAGER_TAB_STOPS}}}")
    site_speed.patch_theme_script(tmp_path)
    site_speed.patch_theme_script(tmp_path)  # a second build leaves it as it is
    text = script.read_text()
    assert text.count("window.dlguideTabStops = new IntersectionObserver") == 1
    assert site_speed._EAGER_TAB_STOPS not in text and site_speed._LAZY_TAB_STOPS in text
    script.write_text("function I(){ /* another theme version */ }")
    with pytest.raises(RuntimeError, match="_EAGER_TAB_STOPS"):
        site_speed.patch_theme_script(tmp_path)


def test_the_head_script_resolves_the_theme_as_the_theme_script_will():
    head = (
        '<html><head><script data-cfasync="false">\n'
        '    document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";\n'
        '    document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";\n'
        "</script></head><body>document.documentElement.dataset.theme = 1</body></html>"
    )
    out = site_speed.resolve_theme_early(head)
    assert 'localStorage.getItem("theme")' not in out
    assert out.count(site_speed._THEME_RESOLVED) == 1
    assert out.endswith("<body>document.documentElement.dataset.theme = 1</body></html>")
    assert site_speed.resolve_theme_early(out) == out  # an incremental build's second pass
    assert site_speed.resolve_theme_early("<html><head></head></html>") == (
        "<html><head></head></html>"
    )
    changed = head.replace('localStorage.getItem("theme") || "auto"', "getTheme()")
    with pytest.raises(RuntimeError, match="_THEME_LINE"):
        site_speed.resolve_theme_early(changed)
