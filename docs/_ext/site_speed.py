"""What a reader's browser must fetch before it can draw a page: as little as possible.

A Lighthouse audit (``nox -s audit``) of the built site found every page waiting for ten
stylesheets (the theme's alone is 377 KB, Font Awesome's whole icon list inside it) and eight
synchronous scripts before its first paint, the icon font's 115 KB downloading for a dozen
icons, and every animation fetching all of its frames when the page opened. On
``build-finished``, after :mod:`html_repairs`, this extension rewrites the written site:

- **One stylesheet.** The stylesheets of the pages' ``<head>`` are joined into one file
  (``_static/styles/site.<digest>.css``, see :func:`bundle_styles`; ``@import`` followed,
  ``url()`` references rewritten for its folder) without the style rules that can match no
  element of this site: a rule is kept when one of its selectors names only classes and ids
  that occur in some page (its ``class``/``id`` attributes) or in some script of the site (any
  word of a JavaScript file or inline script, which covers the classes the theme's and
  Bootstrap's scripts add). At-rules other than ``@media``/``@supports``/``@layer``/
  ``@container`` are kept whole.
- **The icon font cut to the icons used.** Font Awesome's web fonts are subset (fontTools) to
  the code points that the kept rules still name (``fa-*.subset.woff2``, linked with their
  digest as ``?v=``).
- **No script blocks the first paint.** ``documentation_options.js`` (a dozen settings that the
  page's own inline scripts use at once) is written into the page; every other script of the
  ``<head>`` gets ``defer``, which keeps their order and runs them before ``DOMContentLoaded``,
  the event they wait for.
- **The page is styled once, in its final colours.** pydata-sphinx-theme's ``<head>`` script
  sets ``data-theme`` to the stored theme or, on a first visit, to the mode (``auto``), which is
  no theme; its main script then sets the real one (``light`` or ``dark``) at
  ``DOMContentLoaded``, and as every colour rule of the stylesheet depends on that attribute,
  the whole page is styled a second time and laid out again in one task (Chromium trace of
  ko/api/train.html at 4x CPU slowdown: 584 ms, of them 414 ms restyling 4315 elements). The
  ``<head>`` script here resolves the theme as the theme's script will (the stored mode, or
  the system's colour scheme for ``auto``), so its later assignment changes nothing
  (:func:`resolve_theme_early`).
- **Scrollable blocks are measured when they come into view.** The theme gives every code
  block and wide table that scrolls sideways a tab stop (so a keyboard can scroll it), by
  measuring every one of them when the page opens, which lays out the whole page at once.
  Here each block is measured when it nears the viewport (an ``IntersectionObserver``), and
  the written page already gives a tab stop to the blocks that are likely to scroll on a
  phone (a line longer than :data:`SCROLL_CHARS` characters, every wide-table container).
- **Code tokens drawn in the text colour are plain text.** Pygments wraps every name and
  punctuation mark of a code block in a ``<span>`` whose colour, in both themes, is the code
  block's own text colour (:func:`plain_token_classes` reads that from the stylesheets): a
  third of the elements of a long chapter for nothing. Those spans are unwrapped
  (:func:`unwrap_plain_tokens`); the page looks the same with far fewer elements to style and
  lay out.
- **Animations fetch their frames when a reader comes near them.** matplotlib's jshtml player
  makes an ``Image`` of every frame when it starts; here it loads the frame it shows and
  fetches the rest once the player is within a screen of the viewport (or a control is used).

:func:`purge_css` and :func:`used_names` are plain functions, tested in
``tests/test_site_speed.py``; the built site is checked in ``tests/test_site_static.py`` and by
the browser suite (icons drawn, copy buttons, search, players).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# --- CSS: a small block parser and the purge -----------------------------------------------

_GROUPING = ("@media", "@supports", "@layer", "@container")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _blocks(css: str) -> list[tuple[str, str | None]]:
    """Split CSS into top-level ``(prelude, body)`` pairs; ``body`` is None for ``@x ...;``."""
    out: list[tuple[str, str | None]] = []
    i, n, start = 0, len(css), 0
    depth, quote, body_start, prelude = 0, "", 0, ""
    while i < n:
        c = css[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "/" and css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        elif c == "{":
            if depth == 0:
                prelude, body_start = css[start:i], i + 1
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude.strip(), css[body_start:i]))
                start = i + 1
            elif depth < 0:  # a stray brace: ignore it, as browsers do
                depth, start = 0, i + 1
        elif c == ";" and depth == 0:
            out.append((css[start:i].strip(), None))
            start = i + 1
        i += 1
    return [(p, b) for p, b in out if p or b]


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start, quote = [], 0, 0, ""
    for i, c in enumerate(prelude):
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts]


_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
# :not(.a), :is(.a, .b), :where(...), :has(...): what they name need not exist for the rule
# to apply (or applies in other ways), so their insides are not required.
_FUNCTIONAL = re.compile(
    r":(?:not|is|where|has|nth-[a-z-]+|host-context|host)\((?:[^()]|\([^()]*\))*\)"
)
_NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")


def _selector_names(selector: str) -> set[str]:
    selector = _FUNCTIONAL.sub("", _ATTRIBUTE.sub("", selector))
    return set(_NAME.findall(selector))


def purge_css(css: str, used: set[str]) -> str:
    """Drop the style rules none of whose selectors can match, given the names in use.

    Parameters
    ----------
    css : str
        A stylesheet (comments are dropped).
    used : set of str
        Every class and id the site's pages and scripts name.

    Returns
    -------
    str
        The stylesheet without the rules that name a class or id outside ``used`` in every one
        of their selectors, and without grouping at-rules left empty.

    Examples
    --------
    >>> purge_css(".a{color:red}.b,.c{color:blue}@media print{.d{x:y}}", {"a", "c"})
    '.a{color:red}\\n.b,.c{color:blue}'
    """
    kept: list[str] = []
    for prelude, body in _blocks(_COMMENT.sub("", css)):
        if body is None:
            kept.append(prelude + ";")
        elif prelude.startswith("@"):
            if prelude.lower().startswith(_GROUPING):
                inner = purge_css(body, used)
                if inner.strip():
                    kept.append(f"{prelude}{{{inner}}}")
            else:
                kept.append(f"{prelude}{{{body}}}")
        elif any(_selector_names(s) <= used for s in _split_selectors(prelude)):
            kept.append(f"{prelude}{{{body.strip()}}}")
    return "\n".join(kept)


_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
_ID_ATTR = re.compile(r'\bid="([^"]*)"')
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)
_WORD = re.compile(r"[A-Za-z_][\w-]*")


def used_names(pages: Iterable[str], scripts: Iterable[str]) -> set[str]:
    """The class and id names the pages use, and every word of their scripts.

    Examples
    --------
    >>> sorted(used_names(['<p class="a b" id="x">'], ['el.classList.add("show")']))
    ['a', 'add', 'b', 'classList', 'el', 'show', 'x']
    """
    names: set[str] = set()
    for page in pages:
        for value in _CLASS_ATTR.findall(page):
            names.update(value.split())
        names.update(_ID_ATTR.findall(page))
        for script in _SCRIPT.findall(page):
            names.update(_WORD.findall(script))
    for script in scripts:
        names.update(_WORD.findall(script))
    return names


# --- the stylesheet bundle -----------------------------------------------------------------

_STYLESHEET = re.compile(r'[ \t]*<link (?=[^>]*rel="stylesheet")[^>]*href="([^"]+)"[^>]*/?>\n?')
_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']([^"']+)["']\s*\)?\s*;""")


def _read_css(path: Path, target_dir: Path, seen: set[Path]) -> str:
    """A stylesheet with its ``@import`` inlined and its relative URLs made relative to
    ``target_dir``."""
    if path in seen or not path.is_file():
        return ""
    seen.add(path)
    text = path.read_text(encoding="utf-8")

    def rebase(match: re.Match[str]) -> str:
        url = match.group(2).strip()
        if re.match(r"^(?:[a-z]+:|/|#)", url):
            return match.group(0)
        absolute = (path.parent / url.split("?")[0].split("#")[0]).resolve()
        return f'url("{os.path.relpath(absolute, target_dir).replace(os.sep, "/")}")'

    def inline(match: re.Match[str]) -> str:
        return _read_css((path.parent / match.group(1)).resolve(), target_dir, seen)

    return _URL.sub(rebase, _IMPORT.sub(inline, text))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


_ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,6})")
_FONT_URL = re.compile(r"url\(\"([^\"]*webfonts/(fa-[a-z]+-\d+)\.woff2)\"\)")


def _subset_fonts(css: str, styles: Path) -> str:
    """Cut Font Awesome's web fonts to the code points ``css`` still names; rewrite its URLs."""
    try:
        import brotli  # noqa: F401  (fontTools needs it to write WOFF2)
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - the docs group installs both
        logger.warning("site_speed: fontTools/brotli missing, icon fonts left whole")
        return css
    import logging as std_logging

    std_logging.getLogger("fontTools").setLevel(std_logging.WARNING)
    codepoints = {int(h, 16) for h in _ESCAPE.findall(css)}

    def cut(match: re.Match[str]) -> str:
        source = (styles / match.group(1)).resolve()
        if not source.is_file():
            return match.group(0)
        font = TTFont(str(source))
        keep = sorted(codepoints & set(font.getBestCmap()))
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep or [0x20])
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.flavor = "woff2"
        font.save(buffer)
        data = buffer.getvalue()
        target = source.with_name(f"{match.group(2)}.subset.woff2")
        target.write_bytes(data)
        url = os.path.relpath(target, styles).replace(os.sep, "/")
        return f'url("{url}?v={_digest(data)}")'

    return _FONT_URL.sub(cut, css)


_MANIFEST = "site-bundles.json"
_BUNDLE_LINK = re.compile(
    r'<link rel="stylesheet" href="([^"]*_static/styles/(site\.[0-9a-f]+\.css))\?v=[0-9a-f]+" />'
)


def bundle_styles(out: Path, pages: dict[Path, str], used: set[str]) -> dict[Path, str]:
    """Replace each page's stylesheets by one purged bundle per distinct list of them.

    A bundle is named by its list of source stylesheets (``site.<digest of the list>.css``)
    and linked with its content's digest as ``?v=``, and the lists are kept in
    ``_static/styles/site-bundles.json``: an incremental build, which rewrites only the pages
    that changed, makes each bundle again from the names in use on every page, and the pages
    written by an earlier build get the new ``?v=``, so none of them keeps a stale stylesheet.
    """
    import json

    styles = out / "_static" / "styles"
    manifest_path = styles / _MANIFEST
    manifest: dict[str, list[str]] = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    )
    lists: dict[Path, tuple[Path, ...]] = {}  # page -> its source stylesheets
    for page, html in pages.items():
        head = html[: html.find("</head>")]
        linked = _BUNDLE_LINK.search(head)
        if linked and linked.group(2) in manifest:
            lists[page] = tuple(out / f for f in manifest[linked.group(2)])
            continue
        files = tuple(
            (page.parent / h.split("?")[0]).resolve()
            for h in _STYLESHEET.findall(head)
            if not re.match(r"^[a-z]+:", h)
        )
        if len(files) >= 2:
            lists[page] = files
    versions: dict[tuple[Path, ...], tuple[Path, str]] = {}
    for files in dict.fromkeys(lists.values()):
        names = [f.relative_to(out).as_posix() for f in files]
        bundle = styles / f"site.{_digest(chr(10).join(names).encode())}.css"
        seen: set[Path] = set()
        css = "\n".join(_read_css(f, styles, seen) for f in files)
        data = _subset_fonts(purge_css(css, used), styles).encode("utf-8")
        bundle.write_bytes(data)
        manifest[bundle.name] = names
        versions[files] = (bundle, _digest(data))
        size = sum(f.stat().st_size for f in files if f.is_file())
        logger.info(
            f"site_speed: {len(files)} stylesheets, {size // 1024} KB -> "
            f"{bundle.name}, {len(data) // 1024} KB"
        )
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    result = {}
    for page, html in pages.items():
        if page not in lists:
            result[page] = html
            continue
        bundle, version = versions[lists[page]]
        href = f"{os.path.relpath(bundle, page.parent).replace(os.sep, '/')}?v={version}"
        link = f'    <link rel="stylesheet" href="{href}" />\n'
        head_end = html.find("</head>")
        head = html[:head_end]
        if _BUNDLE_LINK.search(head):
            head = _BUNDLE_LINK.sub(link.strip(), head)
        else:
            first = True

            def swap(match: re.Match[str], link: str = link) -> str:
                nonlocal first
                if re.match(r"^[a-z]+:", match.group(1)):
                    return match.group(0)
                if first:
                    first = False
                    return link
                return ""

            head = _STYLESHEET.sub(swap, head)
        result[page] = head + html[head_end:]
    return result


# --- scripts -------------------------------------------------------------------------------

_HEAD_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
_OPTIONS = re.compile(r'<script src="([^"]*_static/documentation_options\.js[^"]*)"></script>')


def defer_scripts(page: Path, html: str) -> str:
    """Inline ``documentation_options.js``; give every other ``<head>`` script ``defer``."""
    head_end = html.find("</head>")
    head = html[:head_end]

    def inline(match: re.Match[str]) -> str:
        source = (page.parent / match.group(1).split("?")[0]).resolve()
        return f"<script>{source.read_text(encoding='utf-8').strip()}</script>"

    head = _OPTIONS.sub(inline, head)
    head = _HEAD_SCRIPT.sub(r'<script defer src="\1"></script>', head)
    return head + html[head_end:]


# --- colour theme ----------------------------------------------------------------------------

_THEME_LINE = re.compile(
    r'document\.documentElement\.dataset\.theme = localStorage\.getItem\("theme"\) \|\| "[a-z]*";'
)
#: The theme as pydata-sphinx-theme's ``setMode`` derives it from the mode: ``light`` and
#: ``dark`` are their own theme; ``auto`` (and any other value, which it resets to ``auto``)
#: follows the system's colour scheme.
_THEME_RESOLVED = (
    "var dlguideMode = document.documentElement.dataset.mode;"
    ' document.documentElement.dataset.theme = dlguideMode === "light" || dlguideMode === "dark"'
    ' ? dlguideMode : matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";'
)


def resolve_theme_early(html: str) -> str:
    """Make the ``<head>`` script set the theme the theme's own script will set later."""
    head_end = html.find("</head>")
    head = html[:head_end]
    if "document.documentElement.dataset.mode" not in head or _THEME_RESOLVED in head:
        return html  # not a theme page, or written by an earlier build
    head, count = _THEME_LINE.subn(_THEME_RESOLVED, head)
    if count != 1:
        raise RuntimeError(
            "site_speed: the theme's <head> script no longer sets data-theme as this build "
            "expects (a new pydata-sphinx-theme?): update _THEME_LINE in docs/_ext/site_speed.py"
        )
    return head + html[head_end:]


# --- scrollable blocks -------------------------------------------------------------------

#: A code line longer than this scrolls sideways in a phone's text column (about 360 CSS px
#: of monospace at the theme's code size).
SCROLL_CHARS = 40
_EAGER_TAB_STOPS = (
    ".forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1})"
)
_LAZY_TAB_STOPS = ".forEach(e=>window.dlguideTabStops.observe(e))"
_TAB_STOP_OBSERVER = """/* dlguide (docs/_ext/site_speed.py): a scrollable block gets its tab stop
   when it nears the viewport, instead of every block being measured (the whole page laid out)
   on load. */
window.dlguideTabStops = new IntersectionObserver(function (entries) {
  entries.forEach(function (entry) {
    if (!entry.isIntersecting) return;
    var el = entry.target;
    el.tabIndex = el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight ? 0 : -1;
  });
}, {rootMargin: "100% 0px"});
"""
_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_TAG = re.compile(r"<[^>]+>")


def patch_theme_script(out: Path) -> None:
    """Make pydata-sphinx-theme measure scrollable blocks lazily (see the module docstring)."""
    script = out / "_static" / "scripts" / "pydata-sphinx-theme.js"
    text = script.read_text(encoding="utf-8")
    if "dlguideTabStops" in text:
        return
    if text.count(_EAGER_TAB_STOPS) != 1:
        raise RuntimeError(
            f"site_speed: {script.name} no longer holds the tab-stop code this build rewrites "
            "(a new pydata-sphinx-theme?): update _EAGER_TAB_STOPS in docs/_ext/site_speed.py"
        )
    script.write_text(_TAB_STOP_OBSERVER + text.replace(_EAGER_TAB_STOPS, _LAZY_TAB_STOPS))


def tab_stops(html: str) -> str:
    """Give a tab stop to each code block with a line longer than :data:`SCROLL_CHARS`."""
    import html as html_lib

    def mark(match: re.Match[str]) -> str:
        text = html_lib.unescape(_TAG.sub("", match.group(1)))
        if max((len(line) for line in text.splitlines()), default=0) > SCROLL_CHARS:
            return f'<pre tabindex="0">{match.group(1)}</pre>'
        return match.group(0)

    html = _PRE.sub(mark, html)
    return html.replace(
        '<div class="pst-scrollable-table-container">',
        '<div class="pst-scrollable-table-container" tabindex="0">',
    )


# --- code blocks: tokens in the text colour ---------------------------------------------------

_THEMED = r'html\[data-theme="(light|dark)"\] \.highlight'
_BASE_RULE = re.compile(_THEMED + r"\s*\{([^}]*)\}")
_TOKEN_RULE = re.compile(_THEMED + r" \.([\w-]+)\s*\{([^}]*)\}")
_PLAIN_SPAN = re.compile(r'<span class="([\w-]+)">([^<]*)</span>')
_ANY_PRE = re.compile(r"(<pre\b[^>]*>)(.*?)</pre>", re.S)
_ANCHOR = re.compile(r"(<a\b[^>]*>.*?</a>)", re.S)


def _declarations(body: str) -> dict[str, str]:
    pairs = (d.split(":", 1) for d in _COMMENT.sub("", body).split(";") if ":" in d)
    return {k.strip().lower(): v.strip().lower() for k, v in pairs}


def plain_token_classes(css: str) -> set[str]:
    """Pygments token classes that look exactly like the code block's own text, in every theme.

    A class counts when, for each theme the stylesheet styles (``html[data-theme=...]``), its
    only rule sets nothing but ``color`` to the colour of ``.highlight`` itself, and no other
    rule of the stylesheet names the class at all.
    """
    base = {theme: _declarations(body).get("color") for theme, body in _BASE_RULE.findall(css)}
    rules: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for theme, name, body in _TOKEN_RULE.findall(css):
        rules.setdefault(name, []).append((theme, _declarations(body)))
    plain = set()
    for name, entries in rules.items():
        themes = [theme for theme, _ in entries]
        same = all(decls == {"color": base.get(theme)} for theme, decls in entries)
        # selectors that could match a span whose only class is this one (not ".a.n")
        alone = rf"(?<![\w\])-])\.{re.escape(name)}(?![\w.:\[-])"
        mentions = len(re.findall(alone, _COMMENT.sub("", css)))
        if same and sorted(themes) == sorted(base) and mentions == len(entries) and base:
            plain.add(name)
    return plain


def unwrap_plain_tokens(html: str, classes: set[str]) -> str:
    """Replace ``<span class="c">text</span>`` by ``text`` in ``<pre>`` blocks (c in classes)."""
    if not classes:
        return html

    def unwrap(match: re.Match[str]) -> str:
        return match.group(2) if match.group(1) in classes else match.group(0)

    def block(match: re.Match[str]) -> str:
        # a token inside a link (sphinx-gallery links names to the API) keeps its span: its
        # colour there overrides the link's
        parts = _ANCHOR.split(match.group(2))
        code = "".join(p if i % 2 else _PLAIN_SPAN.sub(unwrap, p) for i, p in enumerate(parts))
        return match.group(1) + code + "</pre>"

    return _ANY_PRE.sub(block, html)


# --- animation players ---------------------------------------------------------------------

_PRELOAD = """     this.frames[i] = new Image();
     this.frames[i].src = frames[i];
    }"""
_LAZY = """     this.frames[i] = new Image();
     this.frames[i].dataset.src = frames[i];
    }
    /* dlguide: fetch the other frames once the player is near the viewport */
    var anim = this, img = document.getElementById(img_id);
    this.load_frames = function(){
      for (var k=0; k<anim.frames.length; k++) {
        var f = anim.frames[k];
        if (!f.getAttribute("src")) { f.src = f.dataset.src; }
      }
    };
    if ("IntersectionObserver" in window) {
      var seen = new IntersectionObserver(function(entries){
        if (entries.some(function(e){ return e.isIntersecting; })) {
          seen.disconnect(); anim.load_frames();
        }
      }, {rootMargin: "100% 0px"});
      seen.observe(img);
    } else { this.load_frames(); }"""
_SET_FRAME = """    document.getElementById(this.img_id).src =
            this.frames[this.current_frame].src;"""
_SET_FRAME_LAZY = """    var shown = this.frames[this.current_frame];
    if (!shown.getAttribute("src")) { shown.src = shown.dataset.src; }
    document.getElementById(this.img_id).src = shown.src;"""
_PLAY = """  Animation.prototype.play_animation = function()
  {"""
_PLAY_LAZY = _PLAY + "\n    this.load_frames();"


def lazy_frames(html: str) -> str:
    """Make matplotlib's jshtml player fetch its frames only when it nears the viewport."""
    if _PRELOAD not in html:
        return html
    return (
        html.replace(_PRELOAD, _LAZY)
        .replace(_SET_FRAME, _SET_FRAME_LAZY)
        .replace(_PLAY, _PLAY_LAZY)
    )


# --- the build hook ------------------------------------------------------------------------


def speed_up(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = {
        p: p.read_text(encoding="utf-8")
        for p in out.rglob("*.html")
        if "_static" not in p.relative_to(out).parts
    }
    scripts = [p.read_text(encoding="utf-8") for p in (out / "_static").rglob("*.js")]
    used = used_names(pages.values(), scripts)
    rewritten = bundle_styles(out, pages, used)
    patch_theme_script(out)
    pygments = out / "_static" / "pygments.css"
    plain = set()
    if pygments.is_file():
        plain = plain_token_classes(pygments.read_text(encoding="utf-8"))
    for bundle in (out / "_static" / "styles").glob("site.*.css"):
        css = bundle.read_text(encoding="utf-8")  # a class unwrapped is styled nowhere else
        mentioned, plain_here = set(_NAME.findall(css)), plain_token_classes(css)
        plain = {c for c in plain if c not in mentioned or c in plain_here}
    logger.info(f"site_speed: code tokens in the text colour, unwrapped: {sorted(plain)}")
    for page, html in rewritten.items():
        html = unwrap_plain_tokens(html, plain)
        html = tab_stops(lazy_frames(resolve_theme_early(defer_scripts(page, html))))
        if html != pages[page]:
            page.write_text(html, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", speed_up, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
