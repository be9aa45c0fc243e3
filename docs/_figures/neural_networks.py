"""Diagrams of the page "Neural networks from the ground up".

The symbols follow the page and :func:`dlguide.nn.mlp_forward_backward`: ``z1 = x W1^T + b1``,
``h = φ(z1)``, ``z2 = h W2^T + b2``, and the gradients ``dz2, dw2, dh, dz1, dw1`` of its
backward pass. Shapes are computed by running :class:`dlguide.nn.MLP`, not typed in; the
curves of :func:`init_depth` by :func:`dlguide.init.activation_std_through_depth`.
"""

from __future__ import annotations

import torch
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from dlguide.init import activation_std_through_depth
from dlguide.nn import MLP, mlp_forward_backward, relu, sigmoid, tanh
from dlguide.plotting import setup_fonts, tr

from . import style

__all__ = ["forward_backward", "init_depth", "mlp_shapes", "neuron"]

_ACTIVATIONS = {"relu": relu, "sigmoid": sigmoid, "tanh": tanh}


def neuron() -> Figure:
    """One neuron: inputs times weights, plus a bias, summed into z, then a = φ(z)."""
    setup_fonts()
    fig, ax = style.canvas(6.4, 3.0)
    head = 2.72  # y of the column headings
    inputs = [(0.55, 2.0), (0.55, 1.3), (0.55, 0.6)]
    sum_xy, act_xy, out_xy = (3.1, 1.3), (4.55, 1.3), (5.8, 1.3)
    for k, xy in enumerate(inputs, start=1):
        style.circle(ax, xy, 0.24, f"$x_{k}$", "data")
        start, end = style.rim(xy, 0.24, sum_xy), style.rim(sum_xy, 0.36, xy)
        style.arrow(ax, start, end)
        # the weight sits on its arrow, a little above it
        t = 0.42
        wx, wy = start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])
        style.label(ax, (wx, wy + 0.15), f"$w_{k}$", role="param", size=style.FONT_SIZE + 1)
    style.box(ax, (sum_xy[0], 2.3), 0.42, 0.34, "$b$", "param")
    style.arrow(ax, (sum_xy[0], 2.13), (sum_xy[0], sum_xy[1] + 0.34))
    style.circle(ax, sum_xy, 0.34, r"$\Sigma$", "neutral", size=style.TITLE_SIZE + 2)
    style.label(ax, (sum_xy[0], 0.55), r"$z = \sum_j w_j x_j + b$")
    style.arrow(ax, (sum_xy[0] + 0.34, sum_xy[1]), (act_xy[0] - 0.36, act_xy[1]))
    style.label(ax, ((sum_xy[0] + act_xy[0]) / 2 - 0.01, sum_xy[1] + 0.17), "$z$")
    style.box(ax, act_xy, 0.72, 0.56, r"$\phi$", "neutral", size=style.TITLE_SIZE + 2)
    style.label(ax, (act_xy[0], 0.55), r"$\phi$: ReLU, $\sigma$, tanh")
    style.arrow(ax, (act_xy[0] + 0.36, act_xy[1]), (out_xy[0] - 0.28, out_xy[1]))
    style.circle(ax, out_xy, 0.28, "$a$", "hidden")
    style.label(ax, (out_xy[0], 0.55), r"$a = \phi(z)$")
    headings = [
        (inputs[0][0], tr("inputs", "입력")),
        (1.75, tr("weights", "가중치")),
        (sum_xy[0], tr("weighted sum + bias", "가중합 + 편향")),
        (act_xy[0], tr("activation", "활성화 함수")),
        (out_xy[0], tr("output", "출력")),
    ]
    for x, text in headings:
        style.label(ax, (x, head), text, size=style.SMALL, color=style.colors("neutral").edge)
    return fig


def _layer_shapes(sizes: tuple[int, ...], activation: str) -> list[tuple[str, tuple[int, ...]]]:
    """Run ``MLP(sizes, activation)`` layer by layer on a batch; name and shape of each tensor."""
    batch = 4  # any N works; the figure writes the letter N
    with torch.random.fork_rng(devices=[]):  # the weights' init must not move the caller's RNG
        torch.manual_seed(0)
        model = MLP(sizes, activation)
    act = _ACTIVATIONS[model.activation]
    x = torch.zeros(batch, model.layers[0].in_features)
    tensors = [("x", x)]
    with torch.no_grad():
        for k, layer in enumerate(model.layers, start=1):
            x = layer(x)
            tensors.append((f"z_{k}", x))
            if k < len(model.layers):
                x = act(x)
                tensors.append(("h" if len(model.layers) == 2 else f"h_{k}", x))
    return [(name, tuple(t.shape)) for name, t in tensors], model


def _shape_text(shape: tuple[int, ...]) -> str:
    """``(4, 16)`` -> ``"(N, 16)"``: the batch size is written as the letter N."""
    return "(" + ", ".join(["N", *map(str, shape[1:])]) + ")"


def mlp_shapes() -> Figure:
    """The MLP (2, 16, 2) with tanh as layers of nodes, each tensor's shape written under it."""
    setup_fonts()
    tensors, model = _layer_shapes((2, 16, 2), "tanh")
    fig, ax = style.canvas(6.4, 4.0)
    xs = [0.55 + k * (6.4 - 1.1) / (len(tensors) - 1) for k in range(len(tensors))]
    top, bottom = 3.2, 0.9  # the node columns span this height
    max_nodes = 16
    columns = []
    for (name, shape), x in zip(tensors, xs, strict=True):
        n = shape[-1]
        shown = min(n, max_nodes)
        step = min(0.5, (top - bottom) / max(shown - 1, 1))
        mid = (top + bottom) / 2
        ys = [mid + (shown - 1) / 2 * step - i * step for i in range(shown)]
        role = "data" if name == "x" else "hidden"
        r = min(0.15, step * 0.38)
        columns.append((x, ys, r))
        for y in ys:
            style.circle(ax, (x, y), r, role=role, lw=1.0)
        style.label(ax, (x, top + 0.3), f"${name}$", size=style.TITLE_SIZE)
        words = {0: tr("input", "입력"), len(tensors) - 1: tr("output", "출력")}
        word = words.get(len(columns) - 1)
        if word:
            style.label(
                ax, (x, top + 0.62), word, size=style.SMALL, color=style.colors("neutral").edge
            )
        style.label(ax, (x, bottom - 0.32), _shape_text(shape))
        if n > shown:
            style.label(ax, (x, bottom - 0.12), "⋮")
    # connections: a Linear layer joins every node to every node; the activation one to one
    linear_layers = iter(enumerate(model.layers, start=1))
    for k in range(len(tensors) - 1):
        (x0, ys0, r0), (x1, ys1, r1) = columns[k], columns[k + 1]
        name = tensors[k + 1][0]
        if name.startswith("z"):
            number, layer = next(linear_layers)
            for y0 in ys0:
                for y1 in ys1:
                    ax.plot(
                        [x0 + r0, x1 - r1],
                        [y0, y1],
                        color=style.colors("param").edge,
                        lw=0.5,
                        alpha=0.55,
                        zorder=1,
                    )
            d_out, d_in = layer.weight.shape
            text = f"Linear\n$W_{number}$: ({d_out}, {d_in})"
            color = style.colors("param").edge
        else:
            for y0, y1 in zip(ys0, ys1, strict=True):
                style.arrow(ax, (x0 + r0, y0), (x1 - r1, y1), lw=0.7, head=6)
            text = model.activation + "\n" + tr("element-wise", "원소별")
            color = style.TEXT_COLOR
        style.label(
            ax,
            ((x0 + x1) / 2, 0.3),
            text,
            size=style.SMALL,
            color=color,
            linespacing=1.3,
            va="center",
        )
    return fig


def forward_backward() -> Figure:
    """Forward pass x → z1 → h → z2 → L (solid) and the backward pass under it (dashed)."""
    setup_fonts()
    # The names below are the variables of dlguide.nn.mlp_forward_backward; check that it
    # still returns gradients under the parameter names the figure relies on.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = MLP((2, 3, 2), "tanh")
    _, grads = mlp_forward_backward(model, torch.zeros(1, 2), torch.zeros(1, 2))
    expected = {"layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"}
    if set(grads) != expected:
        raise RuntimeError(f"mlp_forward_backward returns {sorted(grads)}, not {sorted(expected)}")

    fig, ax = style.canvas(6.4, 4.3)
    fwd_y, bwd_y, grad_y, param_y = 2.8, 1.6, 0.45, 3.85
    xs = {"x": 0.4, "z1": 1.75, "h": 3.15, "z2": 4.55, "L": 5.85}
    node_w, node_h = 0.82, 0.5
    forward = [
        ("x", "$x$", "data"),
        ("z1", "$z_1$", "hidden"),
        ("h", "$h$", "hidden"),
        ("z2", "$z_2$", "hidden"),
        ("L", "$L$", "grad"),
    ]
    for key, text, role in forward:
        w = 0.5 if key in ("x", "L") else node_w
        style.box(ax, (xs[key], fwd_y), w, node_h, text, role, size=style.TITLE_SIZE)
    half = {k: (0.25 if k in ("x", "L") else node_w / 2) for k in xs}
    ops = [
        ("x", "z1", r"$x W_1^\top + b_1$"),
        ("z1", "h", r"$\phi(z_1)$"),
        ("h", "z2", r"$h W_2^\top + b_2$"),
        ("z2", "L", r"$\ell(z_2, t)$"),
    ]
    for a, b, text in ops:
        style.arrow(ax, (xs[a] + half[a], fwd_y), (xs[b] - half[b], fwd_y))
        style.label(
            ax, ((xs[a] + half[a] + xs[b] - half[b]) / 2, fwd_y - 0.42), text, size=style.SMALL
        )
    # parameters feed the two linear layers from above
    for key, text in (("z1", "$W_1, b_1$"), ("z2", "$W_2, b_2$")):
        style.box(ax, (xs[key], param_y), node_w, 0.42, text, "param")
        style.arrow(ax, (xs[key], param_y - 0.21), (xs[key], fwd_y + node_h / 2))
    style.label(
        ax,
        (0.1, param_y),
        tr("parameters", "매개변수"),
        ha="left",
        size=style.SMALL,
        color=style.colors("param").edge,
    )

    # backward: gradients of the loss, right to left, each with its variable in the code
    grad_color = style.colors("grad").edge
    bw, bh = 0.9, 0.66

    def grad_box(xy, w, text, code):
        style.box(ax, xy, w, bh, role="grad")
        style.label(ax, (xy[0], xy[1] + 0.12), text)
        style.label(
            ax, (xy[0], xy[1] - 0.16), code, size=style.SMALL, family=style.MONO, color=grad_color
        )

    back = {
        "z2": (r"$\partial L/\partial z_2$", "dz2"),
        "h": (r"$\partial L/\partial h$", "dh"),
        "z1": (r"$\partial L/\partial z_1$", "dz1"),
    }
    for key, (text, code) in back.items():
        grad_box((xs[key], bwd_y), bw, text, code)
    style.arrow(ax, (xs["L"], fwd_y - node_h / 2), (xs["z2"] + bw / 2, bwd_y), style="backward")
    chain = [("z2", "h", r"$\cdot\, W_2$"), ("h", "z1", r"$\odot\, \phi'(z_1)$")]
    for a, b, text in chain:
        style.arrow(ax, (xs[a] - bw / 2, bwd_y), (xs[b] + bw / 2, bwd_y), style="backward")
        style.label(
            ax,
            ((xs[a] + xs[b]) / 2, bwd_y - bh / 2 - 0.12),
            text,
            size=style.SMALL,
            color=grad_color,
        )
    # parameter gradients branch off downwards: what gradient descent needs
    for key, n in (("z2", 2), ("z1", 1)):
        text = rf"$\partial L/\partial W_{n},\ \partial L/\partial b_{n}$"
        grad_box((xs[key], grad_y), 1.75, text, f"dw{n}, db{n}")
        style.arrow(ax, (xs[key], bwd_y - bh / 2), (xs[key], grad_y + bh / 2), style="backward")
    # row names on the left
    style.label(
        ax,
        (0.08, bwd_y),
        tr("backward\npass", "역전파"),
        ha="left",
        size=style.SMALL,
        color=grad_color,
        linespacing=1.2,
    )
    style.label(
        ax, (0.08, fwd_y + 0.52), tr("forward pass", "순전파"), ha="left", size=style.SMALL
    )
    return fig


def init_depth(depth: int = 20, width: int = 256, seed: int = 0) -> Figure:
    """Std of the activations through depth, tanh and ReLU, for four weight initialisations."""
    setup_fonts()
    # (name in dlguide.init.INITS, legend, colour, line style)
    inits = [
        ("normal", tr("N(0, 1)", "N(0, 1)"), style.colors("grad").edge, "-"),
        ("small", tr("N(0, 0.01²)", "N(0, 0.01²)"), style.colors("neutral").edge, "-"),
        ("xavier_normal", tr("Xavier", "Xavier"), style.colors("data").edge, "-"),
        ("kaiming_normal", tr("He (Kaiming)", "He(Kaiming)"), style.colors("hidden").edge, "--"),
    ]
    panels = [
        ("tanh", tr("tanh layers", "tanh 층"), (1e-6, 3.0), [1e-6, 1e-4, 1e-2, 1]),
        ("relu", tr("ReLU layers", "ReLU 층"), (1e-12, 1e12), [1e-12, 1e-6, 1, 1e6, 1e12]),
    ]
    fig = Figure(figsize=(6.4, 3.3), facecolor="white", layout="constrained")
    axes = fig.subplots(1, 2)
    layers = range(1, depth + 1)
    for ax, (activation, title, ylim, ticks) in zip(axes, panels, strict=True):
        for name, legend, color, line in inits:
            stds = activation_std_through_depth(
                name,
                depth,
                width,
                activation,
                generator=torch.Generator().manual_seed(seed),
                batch=128,
            )
            ax.semilogy(layers, stds, line, color=color, lw=1.8, label=legend)
        ax.set_title(title, fontsize=style.TITLE_SIZE)
        ax.set_xlabel(tr("layer", "층"), fontsize=style.FONT_SIZE)
        ax.set_yticks(ticks)
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylim(*ylim)
        ax.set_xlim(1, depth)
        ax.axhline(1.0, color=style.colors("padding").edge, lw=0.8, zorder=0)
        ax.tick_params(labelsize=style.SMALL)
        ax.grid(True, which="major", alpha=0.3)
    axes[0].set_ylabel(tr("std of activations", "활성화 값의 표준편차"), fontsize=style.FONT_SIZE)
    fig.legend(
        *axes[0].get_legend_handles_labels(),
        loc="outside right center",
        fontsize=style.SMALL,
        frameon=False,
    )
    return fig
