"""Figures and animations inside the chapter pages (docs/_ext/page_figures.py, issue #14).

Two parts. The directives are first built on a tiny Sphinx project in a temporary folder, in
English, in Korean and with the gettext builder: caption and alt text go through the catalogue,
each language draws its own figure, a rebuild without changes draws nothing and an edit of a
figure module draws again. Then the built site is read as files: every chapter page has the
figures issue #14 lists, each with a caption and alt text in the page's language, images from
its own language folder only, at twice their CSS size, and within the page-weight budget.
"""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from textwrap import dedent

import pytest
from site_helpers import LANGUAGES, ROOT, build_site, local_files

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import page_figures
from bench_site import PAGE_BUDGET, first_load  # the benchmark's own measure

HANGUL = re.compile(r"[\uac00-\ud7a3]")

# -- The directives on a tiny project --------------------------------------------------------

DEMO_MODULE = '''
from matplotlib.figure import Figure

from dlguide.plotting import setup_fonts, tr


def square(side=1):
    """A labelled box; the label is in the build language."""
    setup_fonts()
    fig = Figure(figsize=(2.0, 1.0), facecolor="white")
    fig.text(0.5, 0.5, tr("side", "변") + f" {side}", ha="center", va="center", fontsize=14)
    return fig
'''

INDEX = """\
# Demo page

A paragraph that the figures illustrate.

```{code-figure} demo.square(side=3)

The caption of the square.

The alt text of the square.
```

```{gallery-figure} topic/plot_demo
:figure: 1

The caption of the gallery figure.

The alt text of the gallery figure.
```

```{gallery-figure} topic/plot_demo
:animation: 1

The caption of the animation.

The alt text of the animation.
```
"""

KOREAN = {
    "The caption of the square.": "정사각형의 설명.",
    "The alt text of the square.": "정사각형의 대체 텍스트.",
    "The caption of the gallery figure.": "갤러리 그림의 설명.",
    "The alt text of the gallery figure.": "갤러리 그림의 대체 텍스트.",
    "The caption of the animation.": "애니메이션의 설명.",
    "The alt text of the animation.": "애니메이션의 대체 텍스트.",
}


def _png(width: int, height: int, color: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def _po(messages: dict[str, str]) -> str:
    entries = "".join(f'\nmsgid "{en}"\nmsgstr "{ko}"\n' for en, ko in messages.items())
    return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries


def make_project(root: Path) -> Path:
    """A Sphinx project with one page of each kind of figure and a fake gallery output."""
    src = root / "src"
    images = src / "auto_examples" / "topic" / "images"
    images.mkdir(parents=True)
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        'extensions = ["myst_parser", "page_figures"]\n'
        'locale_dirs = ["locales/"]\ngettext_compact = False\n'
        'exclude_patterns = ["locales"]\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    (src / "_figures").mkdir()
    (src / "_figures" / "__init__.py").write_text("", encoding="utf-8")
    (src / "_figures" / "style.py").write_text("SIZE = 14\n", encoding="utf-8")
    (src / "_figures" / "demo.py").write_text(DEMO_MODULE, encoding="utf-8")
    (images / "sphx_glr_plot_demo_001.png").write_bytes(_png(40, 20, "red"))
    (images / "sphx_glr_plot_demo_001_2_00x.png").write_bytes(_png(80, 40, "red"))
    frame = base64.b64encode(_png(30, 12, "blue")).decode()
    uri = "/auto_examples/topic/images/sphx_glr_plot_demo_001"
    # What sphinx-gallery writes, with the figure's image-sg inside a comment (the directive
    # belongs to sphinx-gallery, which this project does not load).
    example = f"""\
        :orphan:

        A demo example
        ==============

        ..
           .. image-sg:: {uri}.png
              :alt: demo
              :srcset: {uri}.png, {uri}_2_00x.png 2.00x
              :class: sphx-glr-single-img

        .. container:: sphx-glr-animation

            .. raw:: html

                 <div class="animation">
                   <img id="_anim_img0123abcd">
                 </div>
                 <script language="javascript">
                   var frames = new Array(1);
                   frames[0] = "data:image/png;base64,{frame}";
                 </script>
        """
    (src / "auto_examples" / "topic" / "plot_demo.rst").write_text(
        dedent(example), encoding="utf-8"
    )
    catalogues = src / "locales" / "ko" / "LC_MESSAGES"
    (catalogues / "auto_examples" / "topic").mkdir(parents=True)
    (catalogues / "index.po").write_text(_po(KOREAN), encoding="utf-8")
    (catalogues / "auto_examples" / "topic" / "plot_demo.po").write_text(
        _po({"A demo example": "데모 예제"}), encoding="utf-8"
    )
    return src


def sphinx(src: Path, out: Path, lang: str = "en", builder: str = "html", check: bool = True):
    """One Sphinx build of ``src`` in its own process (with -W: warnings are errors)."""
    doctrees = out.parent / f"doctrees-{out.name}"
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-W", "-D", f"language={lang}"]
    cmd += ["-d", str(doctrees), str(src), str(out)]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    env.pop("DLGUIDE_LANG", None)  # the extension takes the language from Sphinx
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo project built in English, in Korean and with the gettext builder."""
    root = tmp_path_factory.mktemp("page-figures")
    src = make_project(root)
    sphinx(src, root / "en", "en")
    sphinx(src, root / "ko", "ko")
    sphinx(src, root / "gettext", "en", builder="gettext")
    return root


class FigureParser(HTMLParser):
    """The ``<figure class="dlguide-figure ...">`` elements of a page: classes, images, caption."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict] = []
        self._depth = 0  # <figure> nesting inside the current page figure
        self._in_caption = False
        self._in_headerlink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "figure" and (self._depth or "dlguide-figure" in classes):
            if not self._depth:
                self.figures.append({"classes": classes, "images": [], "caption": "", "links": []})
            self._depth += 1
        elif self._depth and tag == "img":
            self.figures[-1]["images"].append(attributes)
        elif self._depth and tag == "figcaption":
            self._in_caption = True
        elif self._depth and self._in_caption and tag == "a" and "headerlink" in classes:
            self._in_headerlink = True
        elif self._depth and self._in_caption and tag == "a" and attributes.get("href"):
            self.figures[-1]["links"].append(attributes["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self._depth:
            self._depth -= 1
        elif tag == "figcaption":
            self._in_caption = False
        elif tag == "a":
            self._in_headerlink = False

    def handle_data(self, data: str) -> None:
        if self._depth and self._in_caption and not self._in_headerlink:
            self.figures[-1]["caption"] += data


def figures_of(page: Path) -> list[dict]:
    parser = FigureParser()
    parser.feed(page.read_text(encoding="utf-8"))
    for figure in parser.figures:
        figure["caption"] = " ".join(figure["caption"].split())
    return parser.figures


@pytest.mark.slow
def test_code_figure_is_drawn_at_twice_its_css_size_and_loads_lazily(demo):
    page = demo / "en" / "index.html"
    square = figures_of(page)[0]
    assert "dlguide-code-figure" in square["classes"]
    (image,) = square["images"]
    assert image["loading"] == "lazy"
    png = next(local_files([image["src"]], page))
    assert png.parent == demo / "en" / "_images"
    width, height = page_figures.image_size(png.read_bytes())
    # 2 x 1 inches at matplotlib's 100 dpi, drawn at 2x density
    assert (int(image["width"]), int(image["height"])) == (200, 100)
    assert (width, height) == (400, 200)


@pytest.mark.slow
def test_caption_and_alt_text_are_translated_through_the_catalogue(demo):
    english = figures_of(demo / "en" / "index.html")
    korean = figures_of(demo / "ko" / "index.html")
    assert [f["images"][0]["alt"] for f in english] == [
        "The alt text of the square.",
        "The alt text of the gallery figure.",
        "The alt text of the animation.",
    ]
    assert [f["images"][0]["alt"] for f in korean] == [
        "정사각형의 대체 텍스트.",
        "갤러리 그림의 대체 텍스트.",
        "애니메이션의 대체 텍스트.",
    ]
    assert korean[0]["caption"] == "정사각형의 설명."
    assert korean[1]["caption"].startswith("갤러리 그림의 설명.")
    for build in ("en", "ko"):  # the alt paragraph is moved, not shown twice
        assert "dlguide-figure-alt" not in (demo / build / "index.html").read_text()
        assert "대체 텍스트" not in "".join(f["caption"] for f in korean)


@pytest.mark.slow
def test_each_language_draws_its_own_code_figure(demo):
    pngs = {
        build: next(local_files([figures_of(demo / build / "index.html")[0]["images"][0]["src"]],
                                demo / build / "index.html")).read_bytes()
        for build in ("en", "ko")
    }  # fmt: skip
    assert pngs["en"] != pngs["ko"]  # the label is "side" in one and "변" in the other
    for build in ("en", "ko"):  # drawn into that build's doctree folder, not the source
        assert list((demo / f"doctrees-{build}" / "page_figures").glob("demo.square-*.png"))
    assert not list((demo / "src").rglob("demo.square*.png"))


@pytest.mark.slow
def test_gallery_figure_offers_the_2x_rendering_and_links_the_example(demo):
    page = demo / "ko" / "index.html"
    gallery = figures_of(page)[1]
    (image,) = gallery["images"]
    assert (image["width"], image["height"], image["loading"]) == ("40", "20", "lazy")
    one, two = (entry.split() for entry in image["srcset"].split(","))
    assert one[1] == "1x" and two[1] == "2x" and two[0].endswith("_2_00x.png")
    assert next(local_files([two[0]], page)).is_file()
    assert gallery["links"] == ["auto_examples/topic/plot_demo.html"]
    assert gallery["caption"].endswith("전체 예제: 데모 예제")  # the example's translated title


@pytest.mark.slow
def test_animation_frame_gets_alt_text_and_its_size(demo):
    animation = figures_of(demo / "en" / "index.html")[2]
    assert "dlguide-animation" in animation["classes"]
    (frame,) = animation["images"]
    assert frame["id"] == "_anim_img0123abcd"
    assert (frame["alt"], frame["width"], frame["height"]) == (
        "The alt text of the animation.", "30", "12",
    )  # fmt: skip


@pytest.mark.slow
def test_gettext_extracts_caption_and_alt_text_as_paragraphs(demo):
    pot = (demo / "gettext" / "index.pot").read_text(encoding="utf-8")
    for english in KOREAN:
        assert f'msgid "{english}"' in pot


@pytest.mark.slow
def test_rebuild_draws_nothing_without_changes_and_again_after_an_edit(tmp_path):
    src = make_project(tmp_path)
    out = tmp_path / "en"
    sphinx(src, out)
    (png,) = (tmp_path / "doctrees-en" / "page_figures").glob("demo.square-*.png")
    drawn = png.stat().st_mtime_ns
    sphinx(src, out)
    assert png.stat().st_mtime_ns == drawn  # nothing changed: nothing drawn
    module = src / "_figures" / "demo.py"
    module.write_text(module.read_text().replace("fontsize=14", "fontsize=16"))
    sphinx(src, out)
    assert png.stat().st_mtime_ns != drawn  # the figure module changed: drawn again
    drawn = png.stat().st_mtime_ns
    (src / "_figures" / "style.py").write_text("SIZE = 16\n")
    sphinx(src, out)
    assert png.stat().st_mtime_ns != drawn  # the shared style changed: drawn again


@pytest.mark.slow
def test_mistakes_are_reported_where_they_are_made(tmp_path):
    src = make_project(tmp_path)
    (src / "index.md").write_text(
        dedent("""\
        # Mistakes

        ```{code-figure} demo.square

        Only a caption, no alt text.
        ```

        ```{gallery-figure} topic/plot_demo
        :figure: 2

        Caption.

        Alt text.
        ```

        ```{code-figure} demo.square(3)

        Caption.

        Alt text.
        ```
        """),
        encoding="utf-8",
    )
    result = sphinx(src, tmp_path / "en", check=False)
    assert result.returncode != 0
    assert "the body must be two paragraphs, the caption and then the alt text" in result.stderr
    assert "drew 1 figure(s) and 1 animation(s), so it has no figure 2" in result.stderr
    assert "pass arguments by name" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cnn.convolution_grid", ("cnn", "convolution_grid", {})),
        ("cnn.convolution_grid(stride=2, padding=1)", ("cnn", "convolution_grid",
                                                       {"stride": 2, "padding": 1})),
        ("gan.game(labels=('real', 'fake'))", ("gan", "game", {"labels": ("real", "fake")})),
    ],
)  # fmt: skip
def test_parse_call_reads_module_function_and_literal_keywords(text, expected):
    assert page_figures.parse_call(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("convolution_grid", "expected module.function"),
        ("cnn.convolution_grid(2)", "pass arguments by name"),
        ("cnn.convolution_grid(stride=n)", "must be a literal"),
        ("cnn.convolution_grid(**options)", "no **kwargs"),
        ("cnn.convolution_grid(", "expected module.function"),
    ],
)
def test_parse_call_rejects_what_is_not_a_literal_call(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        page_figures.parse_call(text)


def test_palette_png_keeps_the_picture_size_and_shrinks_the_file():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2), facecolor="white")
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [0, 1, 0], color="C1", lw=3)
    ax.set_title("a diagram")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=200)
    palette = page_figures.palette_png(out.getvalue())
    assert page_figures.image_size(palette) == page_figures.image_size(out.getvalue())
    assert len(palette) < len(out.getvalue())


def test_a_script_whose_figures_lack_the_2x_rendering_runs_again(tmp_path):
    from types import SimpleNamespace

    topic = tmp_path / "auto_examples" / "topic"
    (topic / "images").mkdir(parents=True)
    for script, hidpi in (("plot_old", False), ("plot_new", True)):
        (topic / f"{script}.py.md5").write_text("cached")
        (topic / "images" / f"sphx_glr_{script}_001.png").write_bytes(b"png")
        if hidpi:
            (topic / "images" / f"sphx_glr_{script}_001_2_00x.png").write_bytes(b"png")
    conf = {"image_srcset": [2.0], "gallery_dirs": ["auto_examples"]}
    config = SimpleNamespace(sphinx_gallery_conf=conf)
    app = SimpleNamespace(config=config, srcdir=tmp_path, env=SimpleNamespace(config=config))
    page_figures.rerun_scripts_without_hidpi(app)
    assert not (topic / "plot_old.py.md5").exists()  # made before image_srcset: run again
    assert (topic / "plot_new.py.md5").exists()  # has its 2x figures: stays cached


# -- The built site --------------------------------------------------------------------------

# What issue #14 asks for on each chapter page: (kind, source), kind "code" for a diagram of
# docs/_figures (source module.function), "figure" or "animation" for a gallery script's.
EXPECTED = {
    "ai-ml-dl": [
        ("code", "ai_ml_dl.nested_fields"),
        ("figure", "basics/plot_01_fit_a_function"),
    ],
    "neural-networks": [
        ("code", "neural_networks.neuron"),
        ("code", "neural_networks.mlp_shapes"),
        ("code", "neural_networks.forward_backward"),
        ("animation", "basics/plot_02_decision_boundary"),
    ],
    "cnn": [
        ("code", "cnn.convolution_grid"),
        ("animation", "cnn/plot_01_sliding_filter"),
        ("figure", "cnn/plot_02_filters_and_pooling"),
        ("figure", "cnn/plot_02_filters_and_pooling"),
        ("code", "cnn.digits_cnn_layers"),
        ("figure", "cnn/plot_03_digits_cnn"),
    ],
    "rnn": [
        ("animation", "rnn/plot_01_unrolling"),
        ("figure", "rnn/plot_02_vanishing_gradient"),
        ("code", "rnn.lstm_cell"),
        ("figure", "rnn/plot_03_adding_problem"),
    ],
    "gan": [
        ("code", "gan.gan_game"),
        ("animation", "gan/plot_01_ring_training"),
        ("figure", "gan/plot_02_mode_collapse"),
        ("code", "gan.dcgan_generator_shapes"),
        ("figure", "gan/plot_03_dcgan_digits"),
        ("figure", "gan/plot_05_conditional_dcgan"),
    ],
    "tools": [("figure", "basics/plot_03_pytorch_vs_sklearn")],
}


@pytest.fixture(scope="module")
def site() -> Path:
    return build_site()


def chapter(site: Path, lang: str, name: str) -> Path:
    return site / lang / "chapters" / f"{name}.html"


def kind_and_source(figure: dict) -> tuple[str, str]:
    if "dlguide-code-figure" in figure["classes"]:
        name = Path(figure["images"][0]["src"]).stem.split("-")[0]
        return "code", name
    example = next(link for link in figure["links"] if "auto_examples/" in link)
    source = example.split("auto_examples/")[1].removesuffix(".html")
    return ("animation" if "dlguide-animation" in figure["classes"] else "figure"), source


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_chapter_page_has_its_figures(site, lang, name):
    found = Counter(kind_and_source(f) for f in figures_of(chapter(site, lang, name)))
    missing = Counter(EXPECTED[name]) - found
    assert not missing, f"{lang}/chapters/{name}: missing {sorted(missing)}; found {found}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_figure_has_a_caption_and_alt_text_in_the_page_language(site, lang):
    problems = []
    for name in EXPECTED:
        for figure in figures_of(chapter(site, lang, name)):
            where = f"{lang}/chapters/{name}: {kind_and_source(figure)}"
            caption = figure["caption"]
            if not figure["images"]:
                problems.append(f"{where}: no image")
            for image in figure["images"]:
                alt = (image.get("alt") or "").strip()
                if not alt:
                    problems.append(f"{where}: empty alt text")
                elif lang == "ko" and not HANGUL.search(alt):
                    problems.append(f"{where}: alt text not in Korean: {alt[:60]!r}")
            if not caption:
                problems.append(f"{where}: no caption")
            elif lang == "ko" and not HANGUL.search(caption):
                problems.append(f"{where}: caption not in Korean: {caption[:60]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_come_from_their_own_language_build(site, lang):
    other = "en" if lang == "ko" else "ko"
    problems = []
    for name in EXPECTED:
        page = chapter(site, lang, name)
        for figure in figures_of(page):
            for image in figure["images"]:
                urls = [image.get("src") or ""]
                urls += [e.split()[0] for e in (image.get("srcset") or "").split(",") if e]
                for url in urls:
                    if not url or url.startswith("data:"):
                        continue  # an animation's frames are inside the page
                    target = next(local_files([url], page))
                    if not target.is_relative_to(site / lang):
                        problems.append(f"{lang}/chapters/{name}: {url} is outside /{lang}/")
                        continue
                    twin = site / other / target.relative_to(site / lang)
                    if twin.is_file() and twin.read_bytes() == target.read_bytes():
                        problems.append(f"{lang}/chapters/{name}: {url} is the {other} image")
    assert not problems, "\n".join(problems)


_FIRST_FRAME = re.compile(r'frames\[0\] = "(data:[^"]+)"')


@pytest.mark.slow
def test_animation_frames_differ_between_the_languages(site):
    compared = 0
    for name in EXPECTED:
        en, ko = (chapter(site, lang, name).read_text(encoding="utf-8") for lang in ("en", "ko"))
        # The first frame of each player: a file of its own in the built page
        # (docs/_ext/html_repairs.py), named by its content.
        first = re.compile(r'frames\[0\] = "([^"]+)"')
        frames_en, frames_ko = first.findall(en), first.findall(ko)
        frames_en = [Path(f).name for f in frames_en]
        frames_ko = [Path(f).name for f in frames_ko]
        assert len(frames_en) == len(frames_ko), f"chapters/{name}: not the same animations"
        for index, (frame_en, frame_ko) in enumerate(zip(frames_en, frames_ko, strict=True)):
            assert frame_en != frame_ko, f"chapters/{name}: animation {index + 1} is in English"
            compared += 1
    assert compared >= 4  # one animation on each of the NN, CNN, RNN and GAN pages


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_figure_images_are_sharp_and_reserve_their_space(site, lang):
    problems = []
    for name in EXPECTED:
        page = chapter(site, lang, name)
        for figure in figures_of(page):
            for image in figure["images"]:
                where = f"{lang}/chapters/{name}: {image.get('src', image.get('id'))}"
                if not (image.get("width") and image.get("height")):
                    problems.append(f"{where}: no width and height")
                    continue
                if "dlguide-animation" in figure["classes"]:
                    continue  # frames are the script's; the player shows them at their size
                if image.get("loading") != "lazy":
                    problems.append(f"{where}: not loading=lazy")
                srcset = image.get("srcset") or ""
                best = [e.split()[0] for e in srcset.split(",") if e.strip().endswith(" 2x")]
                file = next(local_files(best or [image["src"]], page))
                pixels = page_figures.image_size(file.read_bytes())[0]
                if pixels < 2 * int(image["width"]):
                    problems.append(f"{where}: {pixels} px for {image['width']} CSS px")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_chapter_pages_within_first_load_budget(site, lang):
    heavy = []
    for name in EXPECTED:
        weight = first_load(chapter(site, lang, name))
        if weight.total > PAGE_BUDGET:
            heavy.append(f"{lang}/chapters/{name}: {weight.total / 1e6:.2f} MB ({weight})")
    assert not heavy, "\n".join(heavy)


@pytest.mark.slow
def test_no_figure_is_a_committed_file(site):
    try:
        listed = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    committed = {Path(p).name for p in listed}
    drawn = set()
    for lang in LANGUAGES:
        for name in EXPECTED:
            page = chapter(site, lang, name)
            for figure in figures_of(page):
                for image in figure["images"]:
                    if image.get("src") and not image["src"].startswith("data:"):
                        drawn.add(next(local_files([image["src"]], page)).name)
    assert drawn, "no figure images found"
    assert not drawn & committed, f"committed figure files: {sorted(drawn & committed)}"
    generated = [
        p
        for p in listed
        if Path(p).suffix in {".png", ".jpg", ".jpeg", ".gif", ".webp"}
        and ("page_figures/" in p or "auto_examples/" in p)
    ]
    assert not generated, f"committed gallery or page figures: {generated}"
