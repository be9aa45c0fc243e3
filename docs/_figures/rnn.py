"""Diagrams of the page "Recurrent neural networks and LSTM".

The LSTM and GRU cells are drawn in the style of Olah's "Understanding LSTM Networks" (2015),
with the names of :func:`dlguide.rnn.lstm_cell` (gates ``i, f, g, o``, states ``c_t`` and
``h_t``) and :func:`dlguide.rnn.gru_cell` (gates ``r, z``, candidate ``n``).
"""

from __future__ import annotations

import itertools

from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from dlguide.plotting import setup_fonts, tr

from . import style

__all__ = ["gru_cell", "lstm_cell"]


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


def gru_cell() -> Figure:
    """The GRU cell: the hidden state along the top, the gates z and r and the candidate n."""
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

    y_h, y_m, y_x, y_g, y_bus = 3.15, 2.65, 2.0, 1.4, 0.85  # rows, top to bottom
    left, right = 1.05, 5.6  # the cell's frame
    frame = style.box(ax, ((left + right) / 2, 2.05), right - left, 2.7, role="neutral", lw=1.2)
    frame.set_zorder(0)
    r = 0.15  # radius of the element-wise operations
    x_z, x_r, x_hn, x_n = 2.0, 2.9, 3.8, 4.8  # columns: gates, W_hn h + b_hn, candidate
    gw, gh = 0.56, 0.42

    # the hidden state: h_{t-1} -> × z -> + (1 - z) ⊙ n -> h_t
    line([(0.7, y_h), (x_z - r, y_h)], lw=2.6, head=True)
    line([(x_z + r, y_h), (x_n - r, y_h)], lw=2.6, head=True)
    line([(x_n + r, y_h), (6.0, y_h)], lw=2.6, head=True)
    style.circle(ax, (x_z, y_h), r, "×", "neutral")
    style.circle(ax, (x_n, y_h), r, "+", "neutral")
    style.label(ax, (0.65, y_h), "$h_{t-1}$", ha="right", size=style.TITLE_SIZE)
    style.label(ax, (6.05, y_h), "$h_t$", ha="left", size=style.TITLE_SIZE)
    style.label(
        ax,
        ((x_z + x_n) / 2, y_h - 0.2),
        tr("hidden state", "은닉 상태"),
        size=style.SMALL,
        color=state,
    )

    # h_{t-1} branches down to the bus, where x_t joins it; the bus feeds every gate
    x_branch = 1.3
    ax.plot([x_branch], [y_h], "o", color=state, ms=4, zorder=3)
    line([(x_branch, y_h), (x_branch, y_bus), (x_n, y_bus)])
    line([(1.6, 0.2), (1.6, y_bus)], color=data)
    ax.plot([1.6], [y_bus], "o", color=state, ms=4, zorder=3)
    style.label(ax, (1.7, 0.25), "$x_t$", ha="left", size=style.TITLE_SIZE, color=data)
    for x in (x_z, x_r, x_hn):
        line([(x, y_bus), (x, y_g - gh / 2)], head=True)
        ax.plot([x], [y_bus], "o", color=state, ms=3, zorder=3)
    style.box(ax, (x_z, y_g), gw, gh, r"$\sigma$", "param")
    style.box(ax, (x_r, y_g), gw, gh, r"$\sigma$", "param")
    style.box(ax, (x_hn, y_g), 0.7, gh, "$W_{hn}$", "param", size=style.SMALL)

    # z keeps the share z of h_{t-1} ...
    line([(x_z, y_g + gh / 2), (x_z, y_h - r)], head=True)
    style.label(ax, (x_z - 0.12, (y_g + y_h) / 2 - 0.25), "$z$", ha="right", size=style.TITLE_SIZE)
    # ... and lets the share 1 - z of the candidate in
    ax.plot([x_z], [y_m], "o", color=state, ms=4, zorder=3)
    line([(x_z, y_m), (x_hn - r, y_m)], head=True)
    style.circle(ax, (x_hn, y_m), r, "1−", "neutral", size=style.SMALL)
    line([(x_hn + r, y_m), (x_n - r, y_m)], head=True)
    style.circle(ax, (x_n, y_m), r, "×", "neutral")
    line([(x_n, y_m + r), (x_n, y_h - r)], head=True)

    # r scales W_hn h_{t-1} + b_hn, which enters the candidate n = tanh(...)
    line([(x_r, y_g + gh / 2), (x_r, y_x), (x_hn - r, y_x)], head=True)
    style.label(
        ax, (x_r - 0.12, (y_g + gh / 2 + y_x) / 2), "$r$", ha="right", size=style.TITLE_SIZE
    )
    line([(x_hn, y_g + gh / 2), (x_hn, y_x - r)], head=True)
    style.circle(ax, (x_hn, y_x), r, "×", "neutral")
    line([(x_hn + r, y_x), (x_n - gw / 2, y_x)], head=True)
    line([(x_n, y_bus), (x_n, y_x - gh / 2)], color=data, head=True)  # W_in x_t + b_in
    style.box(ax, (x_n, y_x), gw, gh, "tanh", "param")
    line([(x_n, y_x + gh / 2), (x_n, y_m - r)], head=True)
    style.label(
        ax, (x_n + 0.12, (y_x + gh / 2 + y_m - r) / 2), "$n$", ha="left", size=style.TITLE_SIZE
    )

    # legend: what a box and a circle mean
    style.box(ax, (2.7, 0.3), 0.36, 0.26, role="param")
    style.label(
        ax, (2.95, 0.3), tr("layer with weights", "가중치가 있는 층"), ha="left", size=style.SMALL
    )
    style.circle(ax, (4.7, 0.3), 0.12, "×", "neutral", size=style.SMALL)
    style.label(ax, (4.9, 0.3), tr("element-wise", "원소별 연산"), ha="left", size=style.SMALL)
    return fig
