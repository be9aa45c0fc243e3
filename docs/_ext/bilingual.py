"""Language work: one build per language, with figures and interface in that language.

The build language is Sphinx's ``language`` (``-D language=ko``), read through
:func:`dlguide.plotting.language_code` here and in every other local extension.

- ``config-inited``: export ``DLGUIDE_LANG`` (read by :func:`dlguide.plotting.tr` in the
  gallery scripts, which sphinx-gallery runs in this process), and point the canonical URL,
  Open Graph, sitemap and gallery timings at this language's folder.
- ``html-page-context``: the language switcher's links (same page, other language), ``hreflang``
  alternates, ``<html lang>``, and a description in the page's language for the pages Sphinx
  generates without a source (index, module index, search), which sphinxext-opengraph, working
  from a page's text, leaves without one (Lighthouse SEO: meta-description).
- A transform before Sphinx's i18n one marks text that must not enter the catalogs: autodoc
  docstrings (code stays English), LaTeX, and sphinx-gallery's running-time line (a number
  that changes every build) and fixed download sentences, which the Korean build gets in Korean
  from here instead of from every page's catalog.
- The Korean interface strings of the theme (``locales/``) and of sphinx-copybutton
  (``_static/dlguide-i18n.js``).
- :func:`reset_figure_fonts`, the sphinx-gallery reset hook that gives every script the font
  of the build language.

Repairs of the generated HTML (accessibility, offline pages, size) are in ``html_repairs``.
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

from dlguide.plotting import LANGUAGE_NAMES, LANGUAGES, language_code

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


def site_roots(lang: str, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The public address of each language's folder, from the hosting environment, or ``{}``.

    ``DLGUIDE_BASE_URL`` is the folder that holds ``en/`` and ``ko/`` (GitHub Pages' base URL,
    any static host). Read the Docs serves each language as its own project under one domain
    and gives the build its own language's address, ``READTHEDOCS_CANONICAL_URL``
    (``https://host/en/latest/``); the other languages sit at the same path with their code.

    >>> site_roots("en", {"DLGUIDE_BASE_URL": "https://example.com/dlguide"})["ko"]
    'https://example.com/dlguide/ko/'
    >>> site_roots("ko", {"READTHEDOCS_CANONICAL_URL": "https://d.io/ko/latest/"})["en"]
    'https://d.io/en/latest/'
    >>> site_roots("en", {})
    {}
    """
    environ = os.environ if environ is None else environ
    base = environ.get("DLGUIDE_BASE_URL", "").strip()
    if base:
        base = base.rstrip("/") + "/"
        return {code: f"{base}{code}/" for code in LANGUAGES}
    rtd = environ.get("READTHEDOCS_CANONICAL_URL", "").strip()
    if rtd:
        rtd = rtd.rstrip("/") + "/"
        return {code: rtd.replace(f"/{lang}/", f"/{code}/", 1) for code in LANGUAGES}
    return {}


def on_config_inited(app: Sphinx, config: Config) -> None:
    lang = language_code(config.language)
    os.environ["DLGUIDE_LANG"] = lang
    os.environ.setdefault("MPLBACKEND", "Agg")
    config.html_context = {**config.html_context, "dlguide_lang": lang}
    # Canonical URLs, Open Graph and the sitemap point at this language's folder, when the
    # host gives the site an address; without one, no absolute URL is written.
    roots = site_roots(lang)
    config.html_baseurl = roots.get(lang, "")
    config.ogp_site_url = config.html_baseurl
    # The search field's placeholder is a theme option, not a catalogue message.
    config.html_theme_options = {
        **config.html_theme_options,
        "search_bar_text": "가이드 검색…" if lang == "ko" else "Search the guide…",
    }
    # The theme's footer: the project's authors in the reader's language.
    if lang == "ko":
        config.author = "dlguide 개발자"
        config.copyright = config.copyright.replace("dlguide developers", "dlguide 개발자")
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
    " to download the full example code.": "하면 전체 예제 코드를 내려받을 수 있다.",
    # The install line under the download buttons (rst_epilog in conf.py).
    "Run the examples on your computer: ": "내 컴퓨터에서 예제를 실행하려면: ",
    "For Korean figure text: ": "그림 글자를 한국어로 보려면: ",
    "On a machine without a GPU, for PyTorch's CPU-only wheel, add:": (
        "GPU가 없는 컴퓨터에서 PyTorch의 CPU 전용 휠을 받으려면 덧붙일 옵션:"
    ),
    "Before the first release, from a clone of the repository:": (
        "첫 릴리스 전에는 저장소를 복제한 폴더에서:"
    ),
}
_GALLERY_PREFIXES = (*(k for k in GALLERY_STRINGS if k[0] != " "), "Go to the end to download")


def _translate_gallery_boilerplate(node: nodes.paragraph, korean: bool) -> None:
    node["translatable"] = False
    if not korean:
        return
    for text in list(node.findall(nodes.Text)):
        # sphinx-gallery breaks the note's line after the link: "\nto download ...".
        new = re.sub(r"\s+", " ", str(text))
        for english, korean_text in GALLERY_STRINGS.items():
            new = new.replace(english, korean_text)
        if new != str(text):
            text.parent.replace(text, nodes.Text(new))


class MarkUntranslatable(SphinxTransform):
    """Keep docstrings and gallery timings out of the translation catalogs."""

    default_priority = 10  # before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: object) -> None:
        korean = language_code(self.config.language) == "ko"
        if not self.env.docname.startswith("auto_examples/"):
            # rst_epilog's install box belongs to the gallery's pages, not to the API pages
            # (the other reST documents).
            for box in list(self.document.findall(nodes.container)):
                if "dlguide-install" in box["classes"]:
                    box.parent.remove(box)
        for node in self.document.findall(nodes.TextElement):
            if isinstance(node, nodes.math_block):
                node["translatable"] = False  # LaTeX is the same in every language
            elif isinstance(node, nodes.paragraph) and node.astext().startswith(_GALLERY_PREFIXES):
                _translate_gallery_boilerplate(node, korean)
            elif isinstance(node, nodes.paragraph) and node.astext().startswith(
                "Total running time of the script:"
            ):
                node["translatable"] = False
                if korean:
                    self._first_language_time(node)

    def _first_language_time(self, node: nodes.paragraph) -> None:
        """Show the first language's running time (real training), or no time at all.

        This build loads the models the first language's build trained and stored, so its own
        time is not the time a reader waits. The first language's generated page, in its source
        copy beside this one (build/src/<lang>/docs/), has the time of the real run.
        """
        first = LANGUAGES[0]
        page = Path(self.env.srcdir).parent.parent / first / "docs" / f"{self.env.docname}.rst"
        match = _TIMING.search(page.read_text(encoding="utf-8")) if page.is_file() else None
        if match is None:
            node.parent.remove(node)
            return
        minutes, seconds = match.groups()
        node[:] = [
            nodes.strong(text="스크립트 전체 실행 시간:"),
            nodes.Text(f" ({minutes}분 {seconds}초)"),
        ]


#: Descriptions of the pages Sphinx writes without a source document.
GENERATED_PAGE_DESCRIPTIONS = {
    "genindex": {
        "en": "Index of every class, function, method and term that the dlguide guide and its"
        " API reference document, with links to where each is explained.",
        "ko": "dlguide 안내서와 API 참조가 다루는 모든 클래스, 함수, 메서드, 용어의 색인입니다."
        " 각 항목을 설명하는 곳으로 연결됩니다.",
    },
    "py-modindex": {
        "en": "Every module of the dlguide package, each linked to its page of the API reference.",
        "ko": "dlguide 패키지의 모든 모듈 목록입니다. 모듈마다 API 참조 페이지로 연결됩니다.",
    },
    "search": {
        "en": "Search the dlguide guide: its chapters, example gallery, glossary and API"
        " reference.",
        "ko": "dlguide 안내서의 장, 예제 갤러리, 용어집, API 참조를 한국어로 검색합니다.",
    },
}


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    lang = language_code(app.config.language)
    depth = pagename.count("/")
    up = "../" * (depth + 1)
    links = []
    for code, label in LANGUAGE_NAMES.items():
        url = f"{up}{code}/{pagename}.html"
        links.append({"code": code, "label": label, "url": url, "current": code == lang})
    context["dlguide_languages"] = links
    context["dlguide_lang"] = lang
    roots = site_roots(lang)
    # Search engines want absolute alternates; with no public address, relative ones.
    alternates = "".join(
        f'<link rel="alternate" hreflang="{code}" '
        f'href="{roots[code] + pagename + ".html" if roots else link["url"]}">\n'
        for link in links
        if not link["current"]
        for code in [link["code"]]
    )
    context["metatags"] = context.get("metatags", "") + alternates
    if doctree is None and pagename in GENERATED_PAGE_DESCRIPTIONS:
        description = html.escape(GENERATED_PAGE_DESCRIPTIONS[pagename][lang], quote=True)
        context["metatags"] += f'<meta name="description" content="{description}" />\n'


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
    app.connect("config-inited", on_config_inited)
    app.add_transform(MarkUntranslatable)
    app.connect("html-page-context", on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
