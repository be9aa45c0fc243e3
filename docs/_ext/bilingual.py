"""Bilingual plumbing: one build per language, figures and chrome in that language.

- ``config-inited``: export ``DLGUIDE_LANG`` (read by :func:`dlguide.plotting.tr` in the
  gallery scripts, which sphinx-gallery runs in this process) and a cache folder for trained
  models, so the second language does not train again.
- ``html-page-context``: the language switcher's links (same page, other language), ``hreflang``
  alternates, and ``<html lang>``.
- A transform before Sphinx's i18n one marks text that must not enter the catalogs: autodoc
  docstrings (code stays English) and sphinx-gallery's running-time line (a number that changes
  every build); the Korean build gets that line in Korean.
- ``doctree-resolved``: sphinx-gallery writes thumbnail titles as raw HTML, which gettext never
  sees; they are replaced by the (translated) titles of the pages they link to.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform

LANGUAGES = {"en": "English", "ko": "한국어"}

_TIMING = re.compile(r"\((\d+) minutes ([\d.]+) seconds\)")


def reset_figure_fonts(gallery_conf: dict, fname: str, when: str | None = None) -> None:
    """sphinx-gallery reset hook, run before each script after matplotlib's reset.

    Sets up the build language's font: axes created before a script's first ``tr()`` call
    would otherwise keep a font without Hangul (their titles and labels take the font family
    when the axes is created). When scripts run side by side (``parallel``), it also gives
    each worker its share of the cores as torch threads.
    """
    from dlguide.plotting import setup_fonts

    setup_fonts()
    jobs = int(gallery_conf.get("parallel") or 1)
    if jobs > 1:  # scripts run side by side: share the cores instead of oversubscribing them
        import torch

        torch.set_num_threads(max(1, (os.cpu_count() or 1) // jobs))


def _lang(config: Config) -> str:
    return (config.language or "en").split("_")[0]


def on_config_inited(app: Sphinx, config: Config) -> None:
    lang = _lang(config)
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {sorted(LANGUAGES)}, got {lang!r}")
    os.environ["DLGUIDE_LANG"] = lang
    os.environ.setdefault("MPLBACKEND", "Agg")
    config.html_context = {**config.html_context, "dlguide_lang": lang}
    # Canonical URLs, Open Graph and the sitemap point at this language's folder.
    base = config.html_baseurl.rstrip("/") + "/"
    if not base.endswith(f"/{lang}/"):
        config.html_baseurl = f"{base}{lang}/"
    config.ogp_site_url = config.html_baseurl
    # sphinx-gallery's per-script times (read by benchmarks/bench_site.py), one file per
    # language, beside the site rather than inside it. Relative to the output folder.
    config.sphinx_gallery_conf["junit"] = f"../../gallery-times-{lang}.xml"


# sphinx-gallery's fixed sentences, the same on every example page: translated here once
# instead of once per page in the catalogs.
GALLERY_STRINGS = {
    "Download all examples in Python source code: ": "모든 예제 파이썬 소스 코드 내려받기: ",
    "Download all examples in Jupyter notebooks: ": "모든 예제 주피터 노트북 내려받기: ",
    "Download Jupyter notebook: ": "주피터 노트북 내려받기: ",
    "Download Python source code: ": "파이썬 소스 코드 내려받기: ",
    "Download zipped: ": "압축 파일 내려받기: ",
    "Go to the end": "맨 아래로 이동",
    " to download the full example code.": "해 전체 예제 코드를 내려받으세요.",
}
_GALLERY_PREFIXES = (*(k for k in GALLERY_STRINGS if k[0] != " "), "Go to the end to download")


def _translate_gallery_boilerplate(node: nodes.paragraph, korean: bool) -> None:
    node["translatable"] = False
    if not korean:
        return
    for text in list(node.findall(nodes.Text)):
        new = str(text)
        for english, korean_text in GALLERY_STRINGS.items():
            new = new.replace(english, korean_text)
        if new != str(text):
            text.parent.replace(text, nodes.Text(new))


class MarkUntranslatable(SphinxTransform):
    """Keep docstrings and gallery timings out of the translation catalogs."""

    default_priority = 10  # before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: object) -> None:
        korean = _lang(self.config) == "ko"
        for node in self.document.findall(nodes.TextElement):
            source = node.source or ""
            if isinstance(node, nodes.math_block):
                node["translatable"] = False  # LaTeX is the same in every language
            elif "docstring of" in source:
                node["translatable"] = False
            elif isinstance(node, nodes.paragraph) and node.astext().startswith(_GALLERY_PREFIXES):
                _translate_gallery_boilerplate(node, korean)
            elif isinstance(node, nodes.paragraph) and node.astext().startswith(
                "Total running time of the script:"
            ):
                node["translatable"] = False
                match = _TIMING.search(node.astext())
                if korean and match:
                    minutes, seconds = match.groups()
                    node[:] = [
                        nodes.strong(text="스크립트 전체 실행 시간:"),
                        nodes.Text(f" ({minutes}분 {seconds}초)"),
                    ]


_THUMB_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)(.*?)(</div>)', re.S)
_TOOLTIP = re.compile(r'tooltip="[^"]*"')
# matplotlib's jshtml template links Font Awesome 4 from a CDN for its buttons; the theme
# already serves Font Awesome from the site itself, so the link is dropped.
_CDN_LINK = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">', re.S)
_ANIM_IMG = re.compile(r'<img id="(_anim_img[0-9a-f]+)">')
_ANIMATION_LABEL = {"en": "Animation: {}", "ko": "애니메이션: {}"}
_ANIM_SLIDER = re.compile(r'<input id="(_anim_slider[0-9a-f]+)"')
_SLIDER_LABEL = {"en": "Animation frame", "ko": "애니메이션 프레임"}
# The jshtml player's controls, for the Korean pages (titles, aria-labels, loop modes).
_PLAYER_KO = {
    "Decrease speed": "느리게",
    "Increase speed": "빠르게",
    "First frame": "첫 프레임",
    "Previous frame": "이전 프레임",
    "Play backwards": "거꾸로 재생",
    "Pause": "일시 정지",
    "Play": "재생",
    "Next frame": "다음 프레임",
    "Last frame": "마지막 프레임",
}
_PLAYER_KO_LABELS = {">Once": ">한 번", ">Loop": ">반복", ">Reflect": ">왕복"}


def _set_raw(node: nodes.raw, text: str) -> None:
    node[:] = [nodes.Text(text)]


def _ref_docname(node: nodes.reference, docname: str) -> str:
    target = node.get("refuri", "").split("#")[0].removesuffix(".html")
    return os.path.normpath(os.path.join(os.path.dirname(docname), target)).replace(os.sep, "/")


def fix_gallery_html(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Translate thumbnail titles, drop the jshtml CDN link, give animations alt text."""
    lang = _lang(app.config)
    kinds = (nodes.raw, nodes.reference, nodes.image)
    ordered = list(doctree.findall(lambda n: isinstance(n, kinds)))
    # Thumbnail images get the title of the page they lead to as alt text.
    for i, node in enumerate(ordered):
        if isinstance(node, nodes.image) and "/thumb/" in node.get("uri", ""):
            ref = next((n for n in ordered[i + 1 :] if isinstance(n, nodes.reference)), None)
            title = app.env.titles.get(_ref_docname(ref, docname)) if ref is not None else None
            if title is not None:
                node["alt"] = title.astext()
    # The thumbnail's link covers the whole card and its text is hidden by sphinx-gallery's
    # CSS, so it gets the page title as its accessible name (axe: link-name).
    for i, node in enumerate(ordered):
        if isinstance(node, nodes.raw) and "sphx-glr-thumbcontainer" in node.astext():
            ref = next((n for n in ordered[i + 1 :] if isinstance(n, nodes.reference)), None)
            title = app.env.titles.get(_ref_docname(ref, docname)) if ref is not None else None
            if title is not None:
                ref["reftitle"] = title.astext()
    # Thumbnails: raw(container, tooltip) ... reference(:doc:) ... raw(title)
    if lang != "en":
        for i, node in enumerate(ordered):
            if not (isinstance(node, nodes.raw) and "sphx-glr-thumbcontainer" in node.astext()):
                continue
            ref = next((n for n in ordered[i + 1 :] if isinstance(n, nodes.reference)), None)
            if ref is None or not ref.get("internal"):
                continue
            title = app.env.titles.get(_ref_docname(ref, docname))
            if title is None:
                continue
            text = html.escape(title.astext(), quote=True)
            _set_raw(node, _TOOLTIP.sub(f'tooltip="{text}"', node.astext()))
            later = ordered[ordered.index(ref) + 1 :]
            title_raw = next((n for n in later if isinstance(n, nodes.raw)), None)
            if title_raw is not None and "sphx-glr-thumbnail-title" in title_raw.astext():
                _set_raw(title_raw, _THUMB_TITLE.sub(rf"\g<1>{text}\g<3>", title_raw.astext()))
    for node in ordered:
        if not isinstance(node, nodes.raw) or "_anim_img" not in node.astext():
            continue
        parent = node.parent
        while parent is not None and not isinstance(parent, nodes.section):
            parent = parent.parent
        heading = parent[0].astext() if parent is not None else app.env.titles[docname].astext()
        alt = html.escape(_ANIMATION_LABEL[lang].format(heading), quote=True)
        text = _CDN_LINK.sub("", node.astext())
        text = _ANIM_IMG.sub(rf'<img id="\g<1>" alt="{alt}">', text)
        # The frame slider has no label of its own (axe: label).
        slider = html.escape(_SLIDER_LABEL[lang], quote=True)
        text = _ANIM_SLIDER.sub(rf'<input id="\g<1>" aria-label="{slider}"', text)
        if lang == "ko":
            for english, korean in _PLAYER_KO.items():
                text = text.replace(f'title="{english}"', f'title="{korean}"')
                text = text.replace(f'aria-label="{english}"', f'aria-label="{korean}"')
            for english, korean in _PLAYER_KO_LABELS.items():
                text = text.replace(english, korean)
        _set_raw(node, text)


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    lang = _lang(app.config)
    depth = pagename.count("/")
    up = "../" * (depth + 1)
    links = []
    for code, label in LANGUAGES.items():
        url = f"{up}{code}/{pagename}.html"
        links.append({"code": code, "label": label, "url": url, "current": code == lang})
    context["dlguide_languages"] = links
    context["dlguide_lang"] = lang
    alternates = "".join(
        f'<link rel="alternate" hreflang="{link["code"]}" href="{link["url"]}">\n'
        for link in links
        if not link["current"]
    )
    context["metatags"] = context.get("metatags", "") + alternates


_TOGGLE_LABEL = {"en": "Show or hide subsections", "ko": "하위 항목 보이기/숨기기"}
_FONTAWESOME_JS = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)


def slim_output(app: Sphinx, exception: Exception | None) -> None:
    """Drop the theme's 1.5 MB Font Awesome script and the source maps from the site.

    pydata-sphinx-theme draws its own icons with Font Awesome's CSS and web fonts (served from
    ``_static``); the script only serves custom SVG icons, which this site does not use, and
    alone it would break the 1.5 MB page budget. Source maps are for theme developers.
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    # The theme's collapsible navigation toggles have an icon but no name (axe: summary-name).
    label = _TOGGLE_LABEL[_lang(app.config)]
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        slim = _FONTAWESOME_JS.sub("", text)
        slim = slim.replace(
            '<summary><span class="toctree-toggle"',
            f'<summary aria-label="{label}"><span class="toctree-toggle"',
        )
        if slim != text:
            page.write_text(slim, encoding="utf-8")
    for pattern in ("_static/scripts/fontawesome.js*", "_static/**/*.map"):
        for path in out.glob(pattern):
            path.unlink()


THEME_LOCALES = Path(__file__).resolve().parent / "locales"


def compile_theme_catalog() -> None:
    """Compile the Korean interface strings (``.po`` -> ``.mo``) when the ``.po`` is newer."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in THEME_LOCALES.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog)


def setup(app: Sphinx) -> dict[str, object]:
    compile_theme_catalog()
    # pydata-sphinx-theme has no Korean catalog; this one fills its strings in (as a fallback
    # behind Sphinx's own Korean catalog).
    app.add_message_catalog("sphinx", str(THEME_LOCALES))
    app.add_js_file("dlguide-i18n.js", priority=900)
    app.connect("build-finished", slim_output)
    app.connect("config-inited", on_config_inited)
    app.add_transform(MarkUntranslatable)
    app.connect("doctree-resolved", fix_gallery_html)
    app.connect("html-page-context", on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
