"""The visual vocabulary shared by every diagram of the guide.

One colour per role, the same on every page, so that a reader who has learned "orange boxes
hold weights" or "dashed red arrows carry gradients" on one diagram can read the next:

========== ======================================================================
role       what it marks
========== ======================================================================
``data``   inputs and data: ``x``, images, the input grid of a convolution
``param``  learned parameters: weights, biases, filters, layers that hold them
``hidden`` activations and hidden states: ``h``, ``c``, feature maps, outputs
``grad``   losses and gradients (backward arrows are dashed in this colour)
``real``   real samples (GAN)
``fake``   generated samples (GAN)
``neutral`` anything else: operations, frames, notes
``padding`` zero padding and other filler
========== ======================================================================

Forward (computation) arrows are solid and dark; backward (gradient) arrows are dashed in the
``grad`` colour. Text is never smaller than :data:`MIN_FONT_SIZE` points, because the page shows
each figure at the width of the text column. A diagram draws on :func:`canvas`, whose data
coordinates are inches from the bottom-left corner, so positions and sizes read directly as
lengths on the printed figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle
from matplotlib.text import Text
from matplotlib.textpath import TextPath

__all__ = [
    "FONT_SIZE",
    "MAX_WIDTH",
    "MIN_FONT_SIZE",
    "MONO",
    "ROLES",
    "SMALL",
    "TEXT_COLOR",
    "TITLE_SIZE",
    "Role",
    "arrow",
    "box",
    "canvas",
    "circle",
    "colors",
    "cuboid",
    "label",
    "rim",
    "text_width",
    "title",
]

#: Widest figure the text column shows at full size, in inches.
MAX_WIDTH = 6.4
#: Smallest text allowed, in points.
MIN_FONT_SIZE = 10
#: Small text: shapes, code names, notes.
SMALL = 10
#: Body text: box labels, arrow labels.
FONT_SIZE = 11
#: Figure titles and region headings.
TITLE_SIZE = 12
#: Near-black for text and forward arrows.
TEXT_COLOR = "#222222"
#: Font family for code names (``dz2``, ``Conv2d``).
MONO = "DejaVu Sans Mono"


@dataclass(frozen=True)
class Role:
    """Colours of one role: a strong ``edge`` for lines and a light ``fill`` for areas."""

    edge: str
    fill: str


# Okabe & Ito's colour-blind-safe palette for the edges, light tints of them for the fills.
ROLES: dict[str, Role] = {
    "data": Role("#0072B2", "#DCEBF7"),
    "param": Role("#C98A00", "#FCEFCF"),
    "hidden": Role("#009E73", "#D5F1E7"),
    "grad": Role("#D55E00", "#FBE2D2"),
    "real": Role("#3A9BD9", "#DDEFFA"),
    "fake": Role("#B8568F", "#F5DFEC"),
    "neutral": Role("#555555", "#F0F0F0"),
    "padding": Role("#AAAAAA", "#F6F6F6"),
}

_ALIASES = {
    "input": "data",
    "weights": "param",
    "weight": "param",
    "activation": "hidden",
    "loss": "grad",
    "gradient": "grad",
}


def colors(name: str) -> Role:
    """Return the colours of the role ``name`` (or of an alias such as ``"loss"``)."""
    key = _ALIASES.get(name, name)
    if key not in ROLES:
        raise ValueError(f"unknown role {name!r}; expected one of {sorted(ROLES)}")
    return ROLES[key]


def canvas(width: float, height: float) -> tuple[Figure, Axes]:
    """A blank figure ``width`` x ``height`` inches with one axes measured in inches."""
    if width > MAX_WIDTH:
        raise ValueError(f"figures are at most {MAX_WIDTH} in wide, got {width}")
    fig = Figure(figsize=(width, height), facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, ax


def label(
    ax: Axes,
    xy: tuple[float, float],
    text: str,
    *,
    role: str | None = None,
    size: float = FONT_SIZE,
    ha: str = "center",
    va: str = "center",
    **kwargs,
) -> Text:
    """Write ``text`` at ``xy``; coloured like ``role`` when given, else near-black."""
    if size < MIN_FONT_SIZE:
        raise ValueError(f"text must be at least {MIN_FONT_SIZE} pt, got {size}")
    if "$" in text and any("\uac00" <= ch <= "\ud7a3" for ch in text):
        # a string with $...$ is laid out entirely by mathtext, whose fonts have no Hangul
        raise ValueError(f"write Hangul and $maths$ as separate texts: {text!r}")
    color = colors(role).edge if role else TEXT_COLOR
    kwargs.setdefault("color", color)
    return ax.text(*xy, text, ha=ha, va=va, fontsize=size, **kwargs)


def title(ax: Axes, text: str, *, y: float | None = None) -> Text:
    """Write a bold figure title centred near the top edge."""
    x0, x1 = ax.get_xlim()
    top = ax.get_ylim()[1]
    return label(
        ax,
        ((x0 + x1) / 2, top - 0.2 if y is None else y),
        text,
        size=TITLE_SIZE,
        weight="bold",
    )


def box(
    ax: Axes,
    xy: tuple[float, float],
    w: float,
    h: float,
    text: str = "",
    role: str = "neutral",
    *,
    size: float = FONT_SIZE,
    rounded: bool = True,
    lw: float = 1.3,
    gid: str | None = None,
    **text_kwargs,
) -> FancyBboxPatch:
    """A box of ``w`` x ``h`` inches centred at ``xy``, in the colours of ``role``.

    ``text`` is written in the middle. Returns the patch; its ``text`` attribute holds the
    :class:`~matplotlib.text.Text` (or None).
    """
    palette = colors(role)
    pad = min(0.06, w / 4, h / 4) if rounded else 0.0
    x, y = xy
    patch = FancyBboxPatch(
        (x - w / 2 + pad, y - h / 2 + pad),
        w - 2 * pad,
        h - 2 * pad,
        boxstyle=f"round,pad={pad},rounding_size={2 * pad}" if rounded else "square,pad=0",
        facecolor=palette.fill,
        edgecolor=palette.edge,
        linewidth=lw,
        zorder=2,
    )
    ax.add_patch(patch)
    patch.text = label(ax, xy, text, size=size, zorder=4, gid=gid, **text_kwargs) if text else None
    return patch


def circle(
    ax: Axes,
    xy: tuple[float, float],
    r: float,
    text: str = "",
    role: str = "neutral",
    *,
    size: float = FONT_SIZE,
    lw: float = 1.3,
    **text_kwargs,
) -> Circle:
    """A circle of radius ``r`` inches at ``xy``: a neuron or an element-wise operation."""
    palette = colors(role)
    patch = Circle(xy, r, facecolor=palette.fill, edgecolor=palette.edge, linewidth=lw, zorder=3)
    ax.add_patch(patch)
    if text:
        label(ax, xy, text, size=size, zorder=4, **text_kwargs)
    return patch


#: Arrow styles: colour (None = the role's edge colour), line style, and whether it has a head.
_ARROW_STYLES = {
    "forward": (TEXT_COLOR, "-", True),
    "backward": (ROLES["grad"].edge, (0, (4, 2.5)), True),
    "line": (TEXT_COLOR, "-", False),
}


def arrow(
    ax: Axes,
    a: tuple[float, float],
    b: tuple[float, float],
    role: str | None = None,
    style: str = "forward",
    *,
    lw: float = 1.4,
    head: float = 11,
    shrink: float = 0.0,
    connectionstyle: str = "arc3",
    zorder: float = 1,
) -> FancyArrowPatch:
    """An arrow from ``a`` to ``b``.

    ``style="forward"``: solid, dark (or in ``role``'s colour): computation.
    ``style="backward"``: dashed in the gradient colour: a gradient flowing back.
    ``style="line"``: solid, without a head: a connection.
    ``head`` is the arrow head's size in points; ``shrink`` leaves that many points free at
    both ends.
    """
    if style not in _ARROW_STYLES:
        raise ValueError(f"style must be one of {sorted(_ARROW_STYLES)}, got {style!r}")
    color, linestyle, has_head = _ARROW_STYLES[style]
    if role is not None and style != "backward":
        color = colors(role).edge
    patch = FancyArrowPatch(
        a,
        b,
        arrowstyle="-|>" if has_head else "-",
        mutation_scale=head,
        color=color,
        linewidth=lw,
        linestyle=linestyle,
        shrinkA=shrink,
        shrinkB=shrink,
        connectionstyle=connectionstyle,
        zorder=zorder,
    )
    ax.add_patch(patch)
    return patch


def cuboid(
    ax: Axes,
    xy: tuple[float, float],
    w: float,
    h: float,
    depth: float,
    role: str = "hidden",
    *,
    cells: tuple[int, int] | None = None,
    angle: tuple[float, float] = (0.75, 0.5),
    lw: float = 1.0,
) -> tuple[float, float]:
    """A stack of feature maps: front face ``w`` x ``h`` from ``xy`` (bottom-left), ``depth`` back.

    The front face is one H x W map (split into ``cells = (H, W)`` pixels when given); the
    stack recedes up and to the right by ``depth`` inches, which a diagram makes proportional
    to the number of channels. Returns the top-right corner of the back face.
    """
    palette = colors(role)
    x, y = xy
    dx, dy = depth * angle[0], depth * angle[1]
    style = {"edgecolor": palette.edge, "linewidth": lw, "zorder": 2, "joinstyle": "round"}
    # top and side faces first, so the front face's edges are drawn over theirs
    top = [(x, y + h), (x + w, y + h), (x + w + dx, y + h + dy), (x + dx, y + h + dy)]
    side = [(x + w, y), (x + w + dx, y + dy), (x + w + dx, y + h + dy), (x + w, y + h)]
    ax.add_patch(Polygon(top, facecolor="white", **style))
    ax.add_patch(Polygon(side, facecolor=palette.edge, alpha=0.35, **style))
    ax.add_patch(Polygon(side, facecolor="none", **style))
    ax.add_patch(Rectangle((x, y), w, h, facecolor=palette.fill, **style))
    if cells is not None:
        rows, cols = cells
        for r in range(1, rows):
            yy = y + h * r / rows
            ax.plot([x, x + w], [yy, yy], color=palette.edge, lw=0.5, alpha=0.6, zorder=2.5)
        for c in range(1, cols):
            xx = x + w * c / cols
            ax.plot([xx, xx], [y, y + h], color=palette.edge, lw=0.5, alpha=0.6, zorder=2.5)
    return x + w + dx, y + h + dy


def rim(center: tuple[float, float], r: float, toward: tuple[float, float]) -> tuple[float, float]:
    """The point on the circle of radius ``r`` around ``center`` that faces ``toward``."""
    dx, dy = toward[0] - center[0], toward[1] - center[1]
    length = (dx * dx + dy * dy) ** 0.5
    return center[0] + r * dx / length, center[1] + r * dy / length


def text_width(text: str, size: float = FONT_SIZE, family: str = "DejaVu Sans") -> float:
    """Width in inches of one line of Latin ``text`` at ``size`` points, for laying out."""
    path = TextPath((0, 0), text, size=size, prop=FontProperties(family=family))
    return path.get_extents().width / 72
