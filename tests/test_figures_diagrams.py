"""The concept-page diagrams in docs/_figures: readable in both languages, numbers computed.

Each diagram is drawn once per language and measured: figure size, font sizes, text inside the
figure and not overlapping, no glyph missing from the fonts, every English phrase translated.
The convolution diagram's numbers are read back off the figure and recomputed with torch.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import pytest
import torch
import torch.nn.functional as F
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))

# The names other pages and the figure directive refer to.
DIAGRAMS = {
    "ai_ml_dl": {"nested_fields"},
    "neural_networks": {"neuron", "mlp_shapes", "forward_backward", "init_depth"},
    "cnn": {
        "convolution_grid",
        "digits_cnn_layers",
        "convolution_backward",
        "residual_gradient_depth",
    },
    "rnn": {"gru_cell", "lstm_cell"},
    "gan": {"gan_game", "dcgan_generator_shapes"},
    "attention": {"attention_weights_grid"},
}
CASES = [(module, name) for module, names in DIAGRAMS.items() for name in sorted(names)]
LANGUAGES = ("en", "ko")

MAX_WIDTH, MIN_HEIGHT, MAX_HEIGHT, MIN_FONT = 6.4, 2.5, 4.5, 10
HANGUL = re.compile(r"[\uac00-\ud7a3]")
MATH = re.compile(r"\$[^$]*\$")
# an English word of prose: lowercase letters only (code names carry digits, underscores or
# capitals: conv1, real_logits, ReLU, Linear), minus the few function names drawn as text
PROSE_WORD = re.compile(r"(?<![\w.])[a-z]{3,}(?![\w(])")
CODE_WORDS = {"tanh"}


def _module(name: str):
    return importlib.import_module(f"_figures.{name}")


@dataclass(frozen=True)
class Drawn:
    """What a diagram drew, measured on the Agg canvas."""

    figure_type: type
    size: tuple[float, float]
    texts: tuple[tuple[str, float, tuple[float, float, float, float], str | None], ...]
    glyph_problems: tuple[str, ...]
    rng_untouched: bool


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@functools.cache
def _draw(module: str, name: str, lang: str, **kwargs) -> Drawn:
    """Call one diagram function with ``DLGUIDE_LANG=lang`` and measure what it drew."""
    handler = _Collect()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    rng_before = torch.random.get_rng_state()
    try:
        # rc_context: Korean set-up changes rcParams; leave them as other tests expect
        with pytest.MonkeyPatch.context() as mp, mpl.rc_context():
            mp.setenv("DLGUIDE_LANG", lang)
            fig = getattr(_module(module), name)(**kwargs)
            renderer = FigureCanvasAgg(fig).get_renderer()
            fig.draw(renderer)  # lays out and renders every text: mathtext and glyph errors
            texts = []
            for text in fig.findobj(Text):
                box = text.get_window_extent(renderer)
                texts.append(
                    (
                        text.get_text() if text.get_visible() else "",
                        text.get_fontsize(),
                        (box.x0, box.y0, box.x1, box.y1),
                        text.get_gid(),
                    )
                )
            size = tuple(fig.get_size_inches())
            bounds = (fig.bbox.width, fig.bbox.height)
    finally:
        logger.removeHandler(handler)
    problems = [m for m in handler.messages if "glyph" in m.lower() or "missing" in m.lower()]
    rng_untouched = torch.equal(rng_before, torch.random.get_rng_state())
    return Drawn(type(fig), size + bounds, tuple(texts), tuple(problems), rng_untouched)


def _visible(drawn: Drawn):
    return [t for t in drawn.texts if t[0].strip()]


def _prose_words(text: str) -> list[str]:
    return [w for w in PROSE_WORD.findall(MATH.sub(" ", text)) if w not in CODE_WORDS]


def test_modules_define_exactly_the_named_diagrams():
    for module, names in DIAGRAMS.items():
        mod = _module(module)
        public = {
            n
            for n, f in inspect.getmembers(mod, inspect.isfunction)
            if f.__module__ == mod.__name__ and not n.startswith("_")
        }
        assert public == names, module
        assert set(mod.__all__) == names, module
        for n in names:
            function = getattr(mod, n)
            doc = inspect.getdoc(function)
            assert doc and "\n" not in doc.strip(), f"{module}.{n} needs a one-line docstring"
            assert inspect.signature(function).return_annotation in (Figure, "Figure")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("module", "name"), CASES)
def test_diagram_is_a_readable_figure(module, name, lang):
    drawn = _draw(module, name, lang)
    assert drawn.figure_type is Figure or issubclass(drawn.figure_type, Figure)
    width, height, px_w, px_h = drawn.size
    assert width <= MAX_WIDTH
    assert MIN_HEIGHT <= height <= MAX_HEIGHT
    small = [(t, size) for t, size, _, _ in drawn.texts if size < MIN_FONT]
    assert not small, f"text below {MIN_FONT} pt: {small}"
    assert not drawn.glyph_problems, drawn.glyph_problems
    assert drawn.rng_untouched, "drawing must not consume torch's global random numbers"
    visible = _visible(drawn)
    assert visible
    for text, _, (x0, y0, x1, y1), _ in visible:
        assert x0 >= -1 and y0 >= -1 and x1 <= px_w + 1 and y1 <= px_h + 1, f"clipped: {text!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("module", "name"), CASES)
def test_diagram_texts_do_not_overlap(module, name, lang):
    visible = _visible(_draw(module, name, lang))
    for n, (text_a, _, a, _) in enumerate(visible):
        for text_b, _, b, _ in visible[n + 1 :]:
            dx = min(a[2], b[2]) - max(a[0], b[0])
            dy = min(a[3], b[3]) - max(a[1], b[1])
            assert dx <= 1 or dy <= 1, f"{text_a!r} overlaps {text_b!r}"


@pytest.mark.parametrize(("module", "name"), CASES)
def test_korean_rendering_translates_every_english_phrase(module, name):
    english = [t[0] for t in _draw(module, name, "en").texts]
    korean = [t[0] for t in _draw(module, name, "ko").texts]
    assert len(english) == len(korean), "both languages draw the same texts"
    assert english != korean, "the Korean figure must differ from the English one"
    assert not any(HANGUL.search(t) for t in english)
    assert any(_prose_words(t) for t in english), "no words to translate: is the check blind?"
    for en, ko in zip(english, korean, strict=True):
        if _prose_words(en):
            assert HANGUL.search(ko), f"{en!r} is drawn untranslated as {ko!r}"
        assert not _prose_words(ko), f"English words left in the Korean text {ko!r}"


def _cells(drawn: Drawn, prefix: str) -> torch.Tensor:
    found = {}
    for text, _, _, gid in drawn.texts:
        if gid and gid.startswith(prefix + "-"):
            i, j = map(int, gid[len(prefix) + 1 :].split("-"))
            found[i, j] = float(text.replace("\N{MINUS SIGN}", "-"))
    rows, cols = max(i for i, _ in found) + 1, max(j for _, j in found) + 1
    assert len(found) == rows * cols, f"{prefix}: some cells have no number"
    grid = torch.zeros(rows, cols, dtype=torch.float64)
    for (i, j), value in found.items():
        grid[i, j] = value
    return grid


@pytest.mark.parametrize(("stride", "padding"), [(2, 1), (1, 0), (1, 1), (2, 0), (3, 1)])
def test_convolution_grid_numbers_match_torch(stride, padding):
    drawn = _draw("cnn", "convolution_grid", "en", stride=stride, padding=padding)
    padded = _cells(drawn, "conv-in")
    weight = _cells(drawn, "conv-filter")
    output = _cells(drawn, "conv-out")
    if padding:
        border = torch.ones_like(padded, dtype=torch.bool)
        border[padding:-padding, padding:-padding] = False
        assert (padded[border] == 0).all(), "the padding cells must hold zeros"
        image = padded[padding:-padding, padding:-padding]
    else:
        image = padded
    expected = F.conv2d(image[None, None], weight[None, None], stride=stride, padding=padding)
    torch.testing.assert_close(output, expected[0, 0])
    titles = " ".join(t[0] for t in drawn.texts)
    assert f"stride {stride}" in titles and f"padding {padding}" in titles


def test_convolution_grid_title_is_translated():
    texts = [t[0] for t in _draw("cnn", "convolution_grid", "ko").texts]
    assert any("스트라이드 2" in t and "패딩 1" in t for t in texts)
