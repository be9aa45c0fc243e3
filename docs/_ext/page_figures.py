"""Figures and animations inside the concept pages, computed by the build in its language.

Two directives put a figure beside the paragraph it illustrates. Each one's body is two
paragraphs: the **caption** (what to look at) and then the **alt text** (what the figure
shows, for a reader who cannot see it). Both are ordinary paragraphs, so gettext extracts them
into the page's catalogue like every other paragraph (directive options are not extracted);
:class:`AltText`, a transform that runs after Sphinx's i18n ``Locale`` transform, then moves the
translated alt paragraph into the image's ``alt`` attribute.

``gallery-figure``: a figure or an animation that a gallery script drew, taken from this
language build's sphinx-gallery output, with a link to the full example (the link text is the
example's title, translated like the page itself)::

    ```{gallery-figure} cnn/plot_01_sliding_filter
    :animation: 1

    Caption: what to look at.

    Alt text: what the animation shows.
    ```

``:figure: N`` is the script's N-th still figure and ``:animation: N`` its N-th animation, both
counted from 1 in the order the script draws them (the order of the example page). A figure
comes from ``auto_examples/<topic>/images/sphx_glr_<script>_NNN.png``, with the 2x rendering
that ``image_srcset`` makes as its ``srcset``; an animation is the jshtml player that
sphinx-gallery wrote into ``auto_examples/<topic>/<script>.rst``. Each language builds from
its own source copy (``tools/build_site.py``), so each page shows its own language's images.
A script whose figures have no 2x rendering yet (a build folder from before ``image_srcset``)
is run again: :func:`rerun_scripts_without_hidpi` drops its entry from sphinx-gallery's cache.

``code-figure``: a diagram drawn by a function of ``docs/_figures/<module>.py`` that returns a
:class:`matplotlib.figure.Figure`, called with literal keyword arguments::

    ```{code-figure} cnn.convolution_grid(stride=2, padding=1)

    Caption.

    Alt text.
    ```

The figure is saved as a PNG at twice its pixel density (as a 256-colour palette image, a
third of the bytes for a diagram's flat colours) into this build's doctree folder
(``<doctrees>/page_figures/``, one per language, never in the source tree) and copied to the
site like any image. The page depends on the figure module and on ``_figures/style.py``: an
edit to either re-draws the page's figures, and a rebuild without changes draws nothing.

Both kinds load lazily (``loading="lazy"``) and carry their CSS pixel size as ``width`` and
``height``, so the text does not jump while they load. The jshtml player never starts by
itself (its ``Animation`` object only shows the first frame until a reader presses play), so a
reader who asks for reduced motion sees a still picture with step and play controls.

The player's remaining repairs (no Font Awesome from a CDN, a label for its frame slider,
Korean button names) are the same as on the gallery pages and are made there, in
``html_repairs`` (``doctree-resolved``), for every jshtml block of every page.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import html
import importlib
import io
import os
import posixpath
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dlguide.plotting import language_code

logger = logging.getLogger(__name__)

#: Where code figures are written, inside the doctree folder of the build.
OUTPUT_FOLDER = "page_figures"
#: Pixel density of code figures: twice the figure's dpi, shown at its CSS size.
DENSITY = 2
#: The words before the link to the example page, in each language.
EXAMPLE_LABEL = {"en": "Full example: ", "ko": "전체 예제: "}

_SCRIPT = re.compile(r"^[\w-]+/plot_\w+$")
_IMAGE_SG = re.compile(r"^\s*\.\. image-sg:: (?P<uri>\S+)\s*$")
_SRCSET = re.compile(r"^\s*:srcset: (?P<srcset>.+)$")
_ANIM_IMG = re.compile(r'<img id="(_anim_img[0-9a-f]+)"')
_FIRST_FRAME = re.compile(r'frames\[0\] = "data:image/\w+;base64,([^"]+)"')


# -- Nodes ---------------------------------------------------------------------------------------


class figure_image(nodes.image):
    """The image of a page figure: rendered with srcset, size, lazy loading and alt text."""


class figure_image_hidpi(nodes.image):
    """The 2x rendering of the ``figure_image`` beside it (collected and copied, not shown)."""


def visit_figure_image_html(self, node: figure_image) -> None:
    """``<img>`` with the 2x rendering as ``srcset``, CSS size, lazy loading and alt text."""
    images = self.builder.images
    src = posixpath.join(self.builder.imgpath, quote(images[node["uri"]]))
    attributes = {"src": src}
    hidpi = next((n for n in node.parent.children if isinstance(n, figure_image_hidpi)), None)
    if hidpi is not None and hidpi["uri"] in images:
        hidpi_src = posixpath.join(self.builder.imgpath, quote(images[hidpi["uri"]]))
        attributes["srcset"] = f"{src} 1x, {hidpi_src} {DENSITY}x"
    attributes["width"] = str(node["css_width"])
    attributes["height"] = str(node["css_height"])
    attributes["loading"] = "lazy"
    attributes["decoding"] = "async"
    attributes["alt"] = node.get("alt", "")
    attributes["class"] = " ".join(["dlguide-figure-img", *node.get("classes", [])])
    text = " ".join(
        f'{key}="{html.escape(value, quote=True)}"' for key, value in attributes.items()
    )
    self.body.append(f"<img {text}>\n")
    raise nodes.SkipNode


def skip_node(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


# -- Helpers -------------------------------------------------------------------------------------


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG or JPEG image (read from its header)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _is_gettext(env: BuildEnvironment) -> bool:
    return issubclass(env._builder_cls, MessageCatalogBuilder)


def _gallery_ran(env: BuildEnvironment) -> bool:
    conf = getattr(env.config, "sphinx_gallery_conf", {}) or {}
    return bool(conf.get("plot_gallery", True))


def _gallery_dir(env: BuildEnvironment) -> str:
    conf = getattr(env.config, "sphinx_gallery_conf", {}) or {}
    dirs = conf.get("gallery_dirs") or ["auto_examples"]
    return dirs[0] if isinstance(dirs, list | tuple) else dirs


def gallery_outputs(rst: str) -> tuple[list[dict[str, str]], list[str]]:
    """The still figures and the animations in a sphinx-gallery page, in page order.

    Each figure is ``{"uri": ..., "hidpi": ...}`` (source-root paths, ``hidpi`` empty when the
    page has no 2x rendering); each animation is the HTML of its jshtml player.
    """
    lines = rst.splitlines()
    figures: list[dict[str, str]] = []
    animations: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _IMAGE_SG.match(line)
        if match:
            figure = {"uri": match["uri"], "hidpi": ""}
            j = i + 1
            while j < len(lines) and lines[j].strip().startswith(":"):
                srcset = _SRCSET.match(lines[j])
                if srcset:
                    for entry in srcset["srcset"].split(","):
                        parts = entry.split()
                        if len(parts) == 2 and parts[1] == f"{DENSITY:.2f}x":
                            figure["hidpi"] = parts[0]
                j += 1
            figures.append(figure)
            i = j
            continue
        if line.strip() == ".. container:: sphx-glr-animation":
            j = i + 1
            while j < len(lines) and lines[j].strip() != ".. raw:: html":
                j += 1
            raw_indent = len(lines[j]) - len(lines[j].lstrip()) if j < len(lines) else 0
            body: list[str] = []
            j += 1
            while j < len(lines) and (
                not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > raw_indent
            ):
                body.append(lines[j])
                j += 1
            animations.append(textwrap.dedent("\n".join(body)).strip() + "\n")
            i = j
            continue
        i += 1
    return figures, animations


def animation_size(player: str) -> tuple[int, int] | None:
    """Pixel size of a jshtml player's frames (read from the first), or None if unknown."""
    match = _FIRST_FRAME.search(player)
    if match is None:
        return None
    try:
        return image_size(base64.b64decode(re.sub(r"[\\\s]", "", match[1])))
    except (ValueError, OSError):
        return None


def parse_call(text: str) -> tuple[str, str, dict[str, object]]:
    """``"cnn.convolution_grid(stride=2, padding=1)"`` -> module, function, keyword arguments."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as err:
        raise ValueError(f"expected module.function(name=value, ...), got {text!r}") from err
    call = tree if isinstance(tree, ast.Call) else None
    target = call.func if call is not None else tree
    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)):
        raise ValueError(f"expected module.function(name=value, ...), got {text!r}")
    kwargs: dict[str, object] = {}
    if call is not None:
        if call.args:
            raise ValueError(f"pass arguments by name (name=value), got {text!r}")
        for keyword in call.keywords:
            if keyword.arg is None:
                raise ValueError(f"no **kwargs in a figure call, got {text!r}")
            try:
                kwargs[keyword.arg] = ast.literal_eval(keyword.value)
            except ValueError as err:
                raise ValueError(
                    f"argument {keyword.arg} of {text!r} must be a literal (number, string, ...)"
                ) from err
    return target.value.id, target.attr, kwargs


def draw_figure(
    module: str, function: str, kwargs: dict[str, object], png: Path, lang: str
) -> None:
    """Call ``_figures.<module>.<function>(**kwargs)`` in ``lang``; save it at 2x density."""
    import matplotlib
    from matplotlib.figure import Figure

    from dlguide.plotting import setup_fonts

    func = getattr(importlib.import_module(f"_figures.{module}"), function)
    # tr() reads DLGUIDE_LANG (bilingual.py sets it too); the gallery scripts leave rcParams as
    # their last one set them, so every figure starts from matplotlib's defaults.
    os.environ["DLGUIDE_LANG"] = lang
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        setup_fonts(lang)
        fig = func(**kwargs)
        if not isinstance(fig, Figure):
            raise TypeError(f"{module}.{function}() returned {type(fig).__name__}, not a Figure")
        rendering = io.BytesIO()
        fig.savefig(rendering, format="png", dpi=DENSITY * fig.dpi, metadata={"Software": None})
    png.parent.mkdir(parents=True, exist_ok=True)
    partial = png.with_name(png.name + ".part")
    partial.write_bytes(palette_png(rendering.getvalue()))
    partial.replace(png)


def palette_png(data: bytes) -> bytes:
    """The same picture as a 256-colour PNG, about a third of the bytes.

    A diagram's few flat colours and their anti-aliased edges fit in a palette without visible
    change; the page-weight budget of the chapter pages is what this saves for.
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        rgba = image.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, "white")
    flat.alpha_composite(rgba)
    palette = flat.convert("RGB").quantize(
        colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


# -- Directives ----------------------------------------------------------------------------------


class _PageFigure(SphinxDirective):
    """Common part: the caption and alt paragraphs, the figure node, its name."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "name": directives.unchanged,
        "class": directives.class_option,
    }
    kind = ""

    def run(self) -> list[nodes.Node]:
        # The page's figures are made by this file too: an edit here makes them again.
        self.env.note_dependency(__file__)
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        paragraphs = [n for n in body.children if isinstance(n, nodes.paragraph)]
        if len(paragraphs) != 2 or len(body.children) != 2:
            raise self.error(
                f"{self.name}: the body must be two paragraphs, the caption and then the alt "
                f"text; got {len(body.children)} block(s)"
            )
        caption_paragraph, alt_paragraph = paragraphs
        figure = nodes.figure(classes=["dlguide-figure", f"dlguide-{self.kind}"])
        figure["classes"] += self.options.get("class", [])
        self.set_source_info(figure)
        self.add_name(figure)
        figure += self.content_nodes()
        caption = nodes.caption(caption_paragraph.rawsource, "", *caption_paragraph.children)
        caption.source, caption.line = caption_paragraph.source, caption_paragraph.line
        figure += caption
        alt_paragraph["classes"].append("dlguide-figure-alt")
        figure += alt_paragraph
        return [figure]

    def content_nodes(self) -> list[nodes.Node]:
        raise NotImplementedError

    def missing(self, message: str) -> list[nodes.Node]:
        """A placeholder for a figure that this build did not compute."""
        if _gallery_ran(self.env):
            logger.warning(message, location=self.get_location(), type="page_figures")
        else:  # a draft build without the gallery (plot_gallery=0): say so, quietly
            logger.info(message, location=self.get_location())
        placeholder = nodes.paragraph(text=f"[{message}]", classes=["dlguide-figure-missing"])
        placeholder["translatable"] = False
        return [placeholder]

    def image(self, uri: str, css_size: tuple[int, int], hidpi: str = "", density: int = 1):
        """The image node (and its hidden 2x sibling) for a file ``uri`` from the source root."""
        image = figure_image(uri=uri, alt="", density=density)
        image["css_width"], image["css_height"] = css_size
        self.set_source_info(image)
        result: list[nodes.Node] = [image]
        if hidpi:
            result.append(figure_image_hidpi(uri=hidpi, alt=""))
        return result


class GalleryFigure(_PageFigure):
    """``gallery-figure``: a figure or animation drawn by a gallery script."""

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        **_PageFigure.option_spec,
        "figure": directives.positive_int,
        "animation": directives.positive_int,
    }
    kind = "gallery-figure"

    def run(self) -> list[nodes.Node]:
        script = self.arguments[0].strip().removesuffix(".py")
        if not _SCRIPT.match(script):
            raise self.error(f"gallery-figure: expected <topic>/plot_<name>, got {script!r}")
        if ("figure" in self.options) == ("animation" in self.options):
            raise self.error("gallery-figure: give exactly one of :figure: N or :animation: N")
        self.script = script
        result = super().run()
        result[0]["dlguide_example"] = f"/{_gallery_dir(self.env)}/{script}"
        if "animation" in self.options:
            result[0]["classes"].append("dlguide-animation")
        return result

    def content_nodes(self) -> list[nodes.Node]:
        if _is_gettext(self.env):
            return []
        srcdir = Path(self.env.srcdir)
        rst = srcdir / _gallery_dir(self.env) / f"{self.script}.rst"
        if not rst.is_file():
            return self.missing(f"gallery-figure: {self.script} has no generated page ({rst})")
        self.env.note_dependency(str(rst))
        figures, animations = gallery_outputs(rst.read_text(encoding="utf-8"))
        kind = "animation" if "animation" in self.options else "figure"
        number = self.options[kind]
        found = animations if kind == "animation" else figures
        if number > len(found):
            return self.missing(
                f"gallery-figure: {self.script} drew {len(figures)} figure(s) and "
                f"{len(animations)} animation(s), so it has no {kind} {number}"
            )
        if kind == "animation":
            player = found[number - 1]
            raw = nodes.raw("", player, format="html", classes=["dlguide-animation-player"])
            raw["dlguide_size"] = animation_size(player)
            return [raw]
        figure = found[number - 1]
        data = (srcdir / figure["uri"].lstrip("/")).read_bytes()
        hidpi = figure["hidpi"] if (srcdir / figure["hidpi"].lstrip("/")).is_file() else ""
        return self.image(figure["uri"], image_size(data), hidpi)


class CodeFigure(_PageFigure):
    """``code-figure``: a diagram drawn by a function of ``docs/_figures/``."""

    kind = "code-figure"

    def content_nodes(self) -> list[nodes.Node]:
        try:
            module, function, kwargs = parse_call(self.arguments[0])
        except ValueError as err:
            raise self.error(f"code-figure: {err}") from None
        srcdir = Path(self.env.srcdir)
        source = srcdir / "_figures" / f"{module}.py"
        if not source.is_file():
            raise self.error(f"code-figure: no figure module {source}")
        self.env.note_dependency(str(source))
        self.env.note_dependency(str(srcdir / "_figures" / "style.py"))
        if _is_gettext(self.env):
            return []
        key = repr(sorted(kwargs.items()))
        suffix = f"-{hashlib.sha1(key.encode()).hexdigest()[:10]}" if kwargs else ""
        png = Path(self.env.doctreedir) / OUTPUT_FOLDER / f"{module}.{function}{suffix}.png"
        if str(srcdir) not in sys.path:
            sys.path.insert(0, str(srcdir))  # the _figures package of this source copy
        try:
            draw_figure(module, function, kwargs, png, language_code(self.config.language))
        except Exception as err:  # a broken diagram is reported on its page, the build goes on
            return self.missing(f"code-figure: {self.arguments[0]} failed: {err!r}")
        self.env.dlguide_page_figures.setdefault(self.env.docname, set()).add(str(png))
        width, height = image_size(png.read_bytes())
        css = (round(width / DENSITY), round(height / DENSITY))
        # The image path is relative to the page, so Sphinx finds it outside the source tree.
        page_dir = (srcdir / self.env.docname).parent
        return self.image(os.path.relpath(png, page_dir), css, density=DENSITY)


# -- Transform: alt text and example link, after translation -------------------------------------


class AltText(SphinxTransform):
    """Move each figure's (translated) alt paragraph into its image; link gallery figures.

    Runs after ``sphinx.transforms.i18n.Locale`` (priority 20), so the paragraph is already in
    the page's language. The gettext builder keeps the paragraph, so it is extracted.
    """

    default_priority = 30

    def apply(self, **kwargs: object) -> None:
        if _is_gettext(self.env):
            return
        lang = language_code(self.config.language)
        for figure in self.document.findall(nodes.figure):
            if "dlguide-figure" not in figure["classes"]:
                continue
            alt_paragraph = next(
                (n for n in figure.children if "dlguide-figure-alt" in n.get("classes", [])),
                None,
            )
            if alt_paragraph is None:
                continue
            alt = " ".join(alt_paragraph.astext().split())
            figure.remove(alt_paragraph)
            for image in figure.findall(figure_image):
                image["alt"] = alt
            for raw in figure.findall(nodes.raw):
                raw[:] = [nodes.Text(_label_player(raw.astext(), alt, raw.get("dlguide_size")))]
            example = figure.get("dlguide_example")
            caption = next(iter(figure.findall(nodes.caption)), None)
            if example and caption is not None:
                link = addnodes.pending_xref(
                    "",
                    nodes.inline("", example),
                    refdomain="std",
                    reftype="doc",
                    reftarget=example,
                    refexplicit=False,
                    refwarn=True,
                    refdoc=self.env.docname,
                )
                caption += nodes.inline(
                    "", " ", nodes.Text(EXAMPLE_LABEL[lang]), link,
                    classes=["dlguide-figure-source"],
                )  # fmt: skip


def _label_player(player: str, alt: str, size: tuple[int, int] | None) -> str:
    """Give the player's frame its alt text and its pixel size."""
    attributes = f' alt="{html.escape(alt, quote=True)}"'
    if size:
        attributes += f' width="{size[0]}" height="{size[1]}"'
    return _ANIM_IMG.sub(rf'<img id="\g<1>"{attributes} class="dlguide-animation-frame"', player)


# -- Environment bookkeeping ---------------------------------------------------------------------


_GALLERY_PNG = re.compile(r"^sphx_glr_(?P<script>.+)_\d{3}\.png$")


def rerun_scripts_without_hidpi(app: Sphinx) -> None:
    """Let sphinx-gallery run again a script whose figures lack their 2x rendering.

    sphinx-gallery's cache (``<script>.py.md5`` beside its output) knows the script, not the
    configuration: a build folder made before ``image_srcset`` asked for 2x figures would keep
    its 1x figures until the script changed. Runs before sphinx-gallery's own handler.
    """
    conf = getattr(app.config, "sphinx_gallery_conf", {}) or {}
    factors = {float(str(f).rstrip("x")) for f in conf.get("image_srcset", [])}
    if float(DENSITY) not in factors:
        return
    gallery = Path(app.srcdir) / _gallery_dir(app.env)
    for image in gallery.glob("*/images/sphx_glr_*.png"):
        match = _GALLERY_PNG.match(image.name)
        multiplier = f"{DENSITY:.2f}".replace(".", "_")  # sphinx-gallery's name: _2_00x
        hidpi = image.with_name(f"{image.stem}_{multiplier}x.png")
        if match and not hidpi.is_file():
            stale = image.parent.parent / f"{match['script']}.py.md5"
            if stale.is_file():
                logger.info("page_figures: %s has no 2x figures, running it again", stale.stem)
                stale.unlink()


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if not hasattr(env, "dlguide_page_figures"):
        env.dlguide_page_figures = {}


def on_env_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "dlguide_page_figures", {}).pop(docname, None)


def on_env_merge_info(app: Sphinx, env: BuildEnvironment, docnames, other) -> None:
    if not hasattr(env, "dlguide_page_figures"):
        env.dlguide_page_figures = {}
    for docname in docnames:
        if docname in getattr(other, "dlguide_page_figures", {}):
            env.dlguide_page_figures[docname] = other.dlguide_page_figures[docname]


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed):
    """Read a page again if one of its code figures is missing (a deleted build folder)."""
    figures = getattr(env, "dlguide_page_figures", {})
    return [doc for doc, pngs in figures.items() if any(not Path(p).is_file() for p in pngs)]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_node(
        figure_image,
        html=(visit_figure_image_html, None),
    )
    app.add_node(
        figure_image_hidpi,
        html=(skip_node, None),
        latex=(skip_node, None),
        text=(skip_node, None),
        man=(skip_node, None),
        texinfo=(skip_node, None),
    )
    app.add_directive("gallery-figure", GalleryFigure)
    app.add_directive("code-figure", CodeFigure)
    app.add_transform(AltText)
    app.connect("builder-inited", rerun_scripts_without_hidpi, priority=400)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    app.connect("env-get-outdated", on_env_get_outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
