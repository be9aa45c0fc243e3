"""Diagrams of the attention section of the page "Recurrent neural networks and LSTM".

The weights are computed by :func:`dlguide.attention.attention_weights`, with and without the
causal mask, so every number drawn is the function's output.
"""

from __future__ import annotations

import torch
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlguide.attention import attention_weights
from dlguide.plotting import setup_fonts, tr

from . import style

__all__ = ["attention_weights_grid"]

_SEED = 3


def attention_weights_grid(T: int = 6) -> Figure:
    """The attention weights of T positions, without a mask and with the causal mask."""
    setup_fonts()
    gen = torch.Generator().manual_seed(_SEED)
    q = torch.randn(T, 4, generator=gen, dtype=torch.float64)  # (L, E), L = S = T
    k = torch.randn(T, 4, generator=gen, dtype=torch.float64)  # (S, E)
    panels = [
        (attention_weights(q, k), tr("no mask", "마스크 없음")),
        (attention_weights(q, k, is_causal=True), tr("causal mask", "인과 마스크")),
    ]

    width, cell = 6.4, 0.4
    grid = T * cell
    bottom = 0.62  # room for the key numbers and the axis name
    height = bottom + grid + 0.36 + 0.5
    fig, ax = style.canvas(width, height)
    style.title(
        ax,
        tr(
            "Attention weights: each row sums to 1",
            "어텐션 가중치: 각 행의 합은 1이다",
        ),
        y=height - 0.24,
    )
    seen = style.colors("hidden")
    hidden = style.colors("padding")
    gap = (width - 2 * grid - 2 * 0.55) / 3
    for p, (w, name) in enumerate(panels):
        x0 = 0.55 + gap + p * (grid + 0.55 + gap)
        style.label(ax, (x0 + grid / 2, bottom + grid + 0.2), name, size=style.FONT_SIZE)
        for i in range(T):  # query i: row i from the top
            y = bottom + grid - (i + 1) * cell
            style.label(ax, (x0 - 0.14, y + cell / 2), str(i), size=style.SMALL)
            for j in range(T):  # key j
                x = x0 + j * cell
                a = float(w[i, j])
                masked = p == 1 and j > i
                face = hidden.fill if masked else _shade(seen.edge, a)
                ax.add_patch(
                    Rectangle((x, y), cell, cell, facecolor=face, edgecolor="white", lw=1.2)
                )
                if not masked:
                    color = "white" if a > 0.5 else style.TEXT_COLOR
                    text = f"{a:.2f}".removeprefix("0")
                    centre = (x + cell / 2, y + cell / 2)
                    style.label(ax, centre, text, size=style.SMALL, color=color)
        for j in range(T):
            style.label(ax, (x0 + (j + 0.5) * cell, bottom - 0.14), str(j), size=style.SMALL)
        style.label(ax, (x0 + grid / 2, bottom - 0.42), tr("key j", "키 j"), size=style.SMALL)
        style.label(
            ax,
            (x0 - 0.4, bottom + grid / 2),
            tr("query i", "쿼리 i"),
            size=style.SMALL,
            rotation=90,
        )
    return fig


def _shade(edge: str, a: float) -> tuple[float, float, float]:
    """Mix white with ``edge``: weight 0 is white, weight 1 the full colour."""
    r, g, b = (int(edge[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return (1 - a * (1 - r), 1 - a * (1 - g), 1 - a * (1 - b))
