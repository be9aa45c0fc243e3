"""Repairs of the HTML that the theme and sphinx-gallery generate.

Each repair fixes markup this project does not write itself, so that every page passes the
site tests: no request leaves the site (the build is offline), no page is over its size budget,
and axe finds no unnamed control or image. Text the repairs add is in the build language
(:func:`dlguide.plotting.language_code` of Sphinx's ``language``).

``doctree-resolved`` (:func:`fix_gallery_html`), on sphinx-gallery's raw HTML:

- Thumbnail images get the title of the page they link to as ``alt`` text, so it is in the
  page's language.
- A thumbnail's link covers the whole card and its text is hidden by sphinx-gallery's CSS, so
  it gets that page title as its accessible name (axe: link-name).
- Outside English, a thumbnail's tooltip and title are written into raw HTML, which gettext
  never sees; they are replaced by the (translated) title of the page they lead to.
- matplotlib's jshtml animation player links Font Awesome 4 from a CDN; the theme already
  serves Font Awesome from the site itself, so the link is dropped.
- The player's frame image gets ``alt`` text (``Animation: <section title>``) and its frame
  slider an ``aria-label`` (axe: image-alt, label); on the Korean site its buttons' titles,
  labels and loop modes are in Korean.

``build-finished`` (:func:`slim_output`), on the written pages:

- The theme's 1.5 MB Font Awesome script and the source maps are removed (page size budget).
- The search index and Sphinx's search scripts load on the search page only: the theme loads
  them on every page for a search-as-you-type mode this site does not use (the search field
  opens the search page), and the Korean index alone is 180 KB.
- The frames of every animation player leave the page for files of their own
  (``_images/frames/``, named by content): matplotlib's jshtml player writes each frame into
  the page as base64, which made a chapter page with three animations 700 KB compressed, all
  to download before the reader sees the first line. The player loads its frames as images
  once the page is read (it makes an ``Image`` of each when it starts).
- The theme's collapsible navigation toggles get a name (axe: summary-name).
- The module index's expand/collapse toggles (Sphinx's ``minus.png`` and ``plus.png``,
  11 x 11 pixels) are drawn again at four times that resolution and shown at their old size,
  so they are sharp on a high-density screen (Lighthouse: image-size-responsive); Sphinx's
  script still swaps them by those file names.
- On the Korean site, the labels sphinx-book-theme writes in English without a message
  catalogue (the sidebar toggles' titles, the navigation landmarks' names) are in Korean.
"""

from __future__ import annotations

import functools
import html
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from dlguide.plotting import language_code

_THUMB_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)(.*?)(</div>)', re.S)
_TOOLTIP = re.compile(r'tooltip="[^"]*"')
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
    """Name thumbnails by their page titles; drop the jshtml CDN link, label the animations."""
    lang = language_code(app.config.language)
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


_TOGGLE_LABEL = {"en": "Show or hide subsections", "ko": "하위 항목 보이기/숨기기"}
_FONTAWESOME_JS = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)
_FRAME = re.compile(r'(frames\[\d+\] = ")data:image/(\w+);base64,((?:[A-Za-z0-9+/=]|\\\n)+)"')
_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"'
    r"></script>"
)


# Labels sphinx-book-theme hard-codes in English (no gettext call), with their Korean.
_HARDCODED_KO = {
    'title="Toggle primary sidebar"': 'title="탐색 사이드바 열기/닫기"',
    'title="Toggle secondary sidebar"': 'title="목차 열기/닫기"',
    'aria-label="Main"': 'aria-label="주 탐색"',
    '<nav aria-label="Page">': '<nav aria-label="페이지 탐색">',
}


def _frame_file(match: re.Match[str], *, out: Path, page: Path) -> str:
    """Write one base64 animation frame to ``_images/frames/`` and return its JS assignment."""
    import base64
    import hashlib

    data = base64.b64decode(match.group(3).replace("\\\n", ""))
    name = f"{hashlib.sha256(data).hexdigest()[:20]}.{match.group(2)}"
    path = out / "_images" / "frames" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return f'{match.group(1)}{os.path.relpath(path, page.parent).replace(os.sep, "/")}"'


#: Sphinx's module index toggles: CSS pixels a side, and the resolution they are drawn at.
TOGGLER_SIZE = 11
TOGGLER_SCALE = 4


def draw_toggler(kind: str, scale: int = TOGGLER_SCALE):
    """Sphinx's ``minus.png``/``plus.png`` (a grey box with a dark sign) at ``scale`` times."""
    from PIL import Image, ImageDraw

    if kind not in ("minus", "plus"):
        raise ValueError(f"toggler kind must be 'minus' or 'plus', got {kind!r}")
    side = TOGGLER_SIZE * scale
    image = Image.new("L", (side, side), 204)  # the border
    draw = ImageDraw.Draw(image)
    draw.rectangle([scale, scale, side - scale - 1, side - scale - 1], fill=240)
    middle = side // 2
    half = scale // 2
    draw.rectangle([2 * scale, middle - half, side - 2 * scale - 1, middle + half - 1], fill=41)
    if kind == "plus":
        draw.rectangle([middle - half, 2 * scale, middle + half - 1, side - 2 * scale - 1],
                       fill=41)  # fmt: skip
    return image


def sharpen_togglers(out: Path) -> None:
    for kind in ("minus", "plus"):
        path = out / "_static" / f"{kind}.png"
        if path.is_file():
            draw_toggler(kind).save(path, optimize=True)


def slim_output(app: Sphinx, exception: Exception | None) -> None:
    """Drop the theme's 1.5 MB Font Awesome script and the source maps; name the toggles.

    pydata-sphinx-theme draws its own icons with Font Awesome's CSS and web fonts (served from
    ``_static``); the script only serves custom SVG icons, which this site does not use, and
    alone it would break the 1.5 MB page budget. Source maps are for theme developers.
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    # The theme's collapsible navigation toggles have an icon but no name (axe: summary-name).
    label = _TOGGLE_LABEL[language_code(app.config.language)]
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        slim = _FONTAWESOME_JS.sub("", text)
        if page.relative_to(out).as_posix() != "search.html":
            slim = _SEARCH_SCRIPTS.sub("", slim)
        if language_code(app.config.language) == "ko":
            for english, korean in _HARDCODED_KO.items():
                slim = slim.replace(english, korean)
        slim = _FRAME.sub(functools.partial(_frame_file, out=out, page=page), slim)
        slim = slim.replace(
            '<summary><span class="toctree-toggle"',
            f'<summary aria-label="{label}"><span class="toctree-toggle"',
        )
        slim = slim.replace(
            'class="toggler"\n',
            f'class="toggler" width="{TOGGLER_SIZE}" height="{TOGGLER_SIZE}"\n',
        )
        if slim != text:
            page.write_text(slim, encoding="utf-8")
    sharpen_togglers(out)
    for pattern in ("_static/scripts/fontawesome.js*", "_static/**/*.map"):
        for path in out.glob(pattern):
            path.unlink()


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-resolved", fix_gallery_html)
    app.connect("build-finished", slim_output)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
