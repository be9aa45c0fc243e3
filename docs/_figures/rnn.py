"""Diagrams of the page "Recurrent neural networks and LSTM".

The LSTM cell is drawn in the style of Olah's "Understanding LSTM Networks" (2015), with the
names of :func:`dlguide.rnn.lstm_cell`: gates ``i, f, g, o``, states ``c_t`` and ``h_t``.
"""

from __future__ import annotations

import itertools

from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from dlguide.plotting import setup_fonts, tr

from . import style

__all__ = ["lstm_cell"]


def lstm_cell() -> Figure:
    """The LSTM cell: the cell-state path along the top, the gates i, f, g, o below it."""
    setup_fonts()
    width, height = 6.4, 3.55
    fig, ax = style.canvas(width, height)
    state = style.colors("hidden").edge
    data = style.colors("data").edge

    def line(points, color=state, lw=1.6, head=False):
        """A polyline through ``points``; an arrow head on the last segment if ``head``."""
        for a, b in itertools.pairwise(points[:-1]):
            ax.plot(
                [a[0], b[0]], [a[1], b[1]], color=color, lw=lw, zorder=1, solid_capstyle="round"
            )
        kind = "forward" if head else "line"
        style.arrow(ax, points[-2], points[-1], style=kind, lw=lw).set_color(color)

    y_c, y_x, y_g, y_bus = 3.15, 2.4, 1.7, 1.0  # cell state, × row, gates, [h, x] bus
    left, right = 0.9, 5.65  # the cell's frame
    frame = style.box(
        ax, ((left + right) / 2, 2.05), right - left, 1.9 + 0.4 * 2, role="neutral", lw=1.2
    )
    frame.set_zorder(0)  # the paths run on top of the frame
    r = 0.15  # radius of the element-wise operations

    x_f, x_i, x_g, x_o = 1.7, 2.55, 3.4, 4.3  # gate columns
    x_add = (x_i + x_g) / 2
    x_out = 5.05  # column of tanh(c_t) and of the output product

    # cell state: c_{t-1} -> × f -> + i⊙g -> c_t
    line([(0.55, y_c), (x_f - r, y_c)], lw=2.6, head=True)
    line([(x_f + r, y_c), (x_add - r, y_c)], lw=2.6, head=True)
    line([(x_add + r, y_c), (6.05, y_c)], lw=2.6, head=True)
    style.circle(ax, (x_f, y_c), r, "×", "neutral")
    style.circle(ax, (x_add, y_c), r, "+", "neutral")
    style.label(ax, (0.5, y_c), "$c_{t-1}$", ha="right", size=style.TITLE_SIZE)
    style.label(ax, (6.1, y_c), "$c_t$", ha="left", size=style.TITLE_SIZE)
    style.label(
        ax,
        ((x_add + x_out) / 2 + 0.15, y_c - 0.2),
        tr("cell state", "셀 상태"),
        size=style.SMALL,
        color=state,
    )

    # the hidden state and the input are joined on one bus that feeds every gate
    line([(0.55, y_bus), (x_o, y_bus)])
    line([(1.2, 0.2), (1.2, y_bus)], color=data)
    ax.plot([1.2], [y_bus], "o", color=state, ms=4, zorder=3)
    style.label(ax, (0.5, y_bus), "$h_{t-1}$", ha="right", size=style.TITLE_SIZE)
    style.label(ax, (1.3, 0.25), "$x_t$", ha="left", size=style.TITLE_SIZE, color=data)
    gates = [
        (x_f, "f", r"$\sigma$"),
        (x_i, "i", r"$\sigma$"),
        (x_g, "g", "tanh"),
        (x_o, "o", r"$\sigma$"),
    ]
    gw, gh = 0.56, 0.42
    for x, _name, act in gates:
        line([(x, y_bus), (x, y_g - gh / 2)], head=True)
        style.box(ax, (x, y_g), gw, gh, act, "param")
    # f scales the old cell state
    line([(x_f, y_g + gh / 2), (x_f, y_c - r)], head=True)
    style.label(ax, (x_f - 0.12, (y_g + y_c) / 2), "$f$", ha="right", size=style.TITLE_SIZE)
    # i ⊙ g is added to it
    line([(x_i, y_g + gh / 2), (x_i, y_x), (x_add - r, y_x)], head=True)
    line([(x_g, y_g + gh / 2), (x_g, y_x), (x_add + r, y_x)], head=True)
    style.circle(ax, (x_add, y_x), r, "×", "neutral")
    line([(x_add, y_x + r), (x_add, y_c - r)], head=True)
    style.label(
        ax, (x_i - 0.12, (y_g + gh / 2 + y_x) / 2), "$i$", ha="right", size=style.TITLE_SIZE
    )
    style.label(
        ax, (x_g + 0.12, (y_g + gh / 2 + y_x) / 2), "$g$", ha="left", size=style.TITLE_SIZE
    )
    style.label(ax, (x_add + 0.12, (y_x + y_c) / 2), r"$i \odot g$", ha="left", size=style.SMALL)
    # h_t = o ⊙ tanh(c_t)
    line([(x_out, y_c), (x_out, y_x + 0.17)], head=True)
    ax.plot([x_out], [y_c], "o", color=state, ms=4, zorder=3)
    palette = style.colors("neutral")
    ax.add_patch(
        Ellipse(
            (x_out, y_x),
            0.62,
            0.34,
            facecolor=palette.fill,
            edgecolor=palette.edge,
            lw=1.3,
            zorder=3,
        )
    )
    style.label(ax, (x_out, y_x), "tanh", size=style.SMALL, zorder=4)
    line([(x_out, y_x - 0.17), (x_out, y_g + r)], head=True)
    style.circle(ax, (x_out, y_g), r, "×", "neutral")
    line([(x_o + gw / 2, y_g), (x_out - r, y_g)], head=True)
    style.label(ax, ((x_o + gw / 2 + x_out - r) / 2, y_g + 0.14), "$o$", size=style.TITLE_SIZE)
    line([(x_out, y_g - r), (x_out, y_bus), (6.05, y_bus)], head=True)
    style.label(ax, (6.1, y_bus), "$h_t$", ha="left", size=style.TITLE_SIZE)
    style.label(
        ax,
        ((x_o + x_out) / 2, y_bus - 0.16),
        tr("hidden state", "은닉 상태"),
        size=style.SMALL,
        color=state,
    )

    # legend: what a box and a circle mean
    style.box(ax, (2.4, 0.3), 0.36, 0.26, role="param")
    style.label(
        ax, (2.65, 0.3), tr("layer with weights", "가중치가 있는 층"), ha="left", size=style.SMALL
    )
    style.circle(ax, (4.4, 0.3), 0.12, "×", "neutral", size=style.SMALL)
    style.label(ax, (4.6, 0.3), tr("element-wise", "원소별 연산"), ha="left", size=style.SMALL)
    return fig
