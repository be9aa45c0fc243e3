"""Diagrams of the page "Convolutional neural networks".

Every number drawn is computed: the output grid by :func:`dlguide.cnn.conv2d`, its size by
:func:`dlguide.cnn.conv2d_output_size`, the network's shapes by running
:class:`dlguide.cnn.DigitsCNN`, the gradient norms of the residual figure by
:func:`dlguide.residual.first_layer_grad_norm` (untrained stacks, so it takes about a second).
"""

from __future__ import annotations

import math

import torch
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlguide.cnn import DigitsCNN, conv2d, conv2d_backward, conv2d_output_size
from dlguide.plotting import setup_fonts, tr
from dlguide.residual import first_layer_grad_norm

from . import style

__all__ = [
    "convolution_backward",
    "convolution_grid",
    "digits_cnn_layers",
    "residual_gradient_depth",
]

#: The example image: 5x5 small integers, the same on every build.
_IMAGE_SIZE = 5
_IMAGE_SEED = 3
#: A vertical-edge filter: left column minus right column.
_FILTER = ((1, 0, -1), (1, 0, -1), (1, 0, -1))


def _number(value: float) -> str:
    """An integer-valued float as text, with a true minus sign: -2.0 -> '−2'."""
    text = f"{value:g}"
    return text.replace("-", "\N{MINUS SIGN}")


def _grid(
    ax, values, origin, cell, role, *, gid=None, padding=0, size=style.FONT_SIZE, filler=None
):
    """Draw a matrix of numbers with its top-left corner at ``origin``; border ``padding`` grey.

    ``filler``, a matrix of booleans like ``values``, greys out further cells (inserted zeros).
    """
    rows, cols = len(values), len(values[0])
    x0, y0 = origin
    for i in range(rows):
        for j in range(cols):
            inner = padding <= i < rows - padding and padding <= j < cols - padding
            if filler is not None and filler[i][j]:
                inner = False
            cell_role = role if inner else "padding"
            palette = style.colors(cell_role)
            ax.add_patch(
                Rectangle(
                    (x0 + j * cell, y0 - (i + 1) * cell),
                    cell,
                    cell,
                    facecolor=palette.fill,
                    edgecolor=palette.edge,
                    linewidth=0.8,
                    zorder=2,
                )
            )
            color = style.TEXT_COLOR if inner else palette.edge
            style.label(
                ax,
                (x0 + (j + 0.5) * cell, y0 - (i + 0.5) * cell),
                _number(values[i][j]),
                size=size,
                color=color,
                zorder=4,
                gid=f"{gid}-{i}-{j}" if gid else None,
            )


def convolution_grid(
    stride: int = 2, padding: int = 1, highlight: tuple[int, int] | None = None
) -> Figure:
    """A 5x5 input with its zero padding, a 3x3 filter, and every number of the output."""
    setup_fonts()
    gen = torch.Generator().manual_seed(_IMAGE_SEED)
    image = torch.randint(0, 4, (_IMAGE_SIZE, _IMAGE_SIZE), generator=gen).double()
    weight = torch.tensor(_FILTER, dtype=torch.float64)
    k = weight.shape[0]
    out = conv2d(image[None, None], weight[None, None], stride=stride, padding=padding)[0, 0]
    h_out = conv2d_output_size(_IMAGE_SIZE, k, stride, padding)
    assert tuple(out.shape) == (h_out, h_out), (tuple(out.shape), h_out)
    padded = torch.nn.functional.pad(image, (padding,) * 4)
    n_pad = padded.shape[0]
    if highlight is None:
        highlight = (0, h_out // 2)
    hi, hj = highlight
    if not (0 <= hi < h_out and 0 <= hj < h_out):
        raise ValueError(f"highlight must index the {h_out}x{h_out} output, got {highlight}")

    width, margin, gap, op_w = 6.4, 0.15, 0.18, 0.22
    cell = min(0.34, (width - 2 * margin - 4 * gap - 2 * op_w) / (n_pad + k + h_out))
    if cell < 0.24:
        raise ValueError(
            f"stride={stride}, padding={padding} give a {n_pad}x{n_pad} padded input and a "
            f"{h_out}x{h_out} output, too many cells to draw legibly"
        )
    products_h = 4 * 0.22
    body = max(n_pad * cell, max(k, h_out) * cell + 0.3 + products_h)
    height = 0.72 + 0.3 + body + 0.12
    fig, ax = style.canvas(width, height)
    used = cell * (n_pad + k + h_out) + 4 * gap + 2 * op_w
    x_in = (width - used) / 2
    x_filter = x_in + n_pad * cell + 2 * gap + op_w
    x_out = x_filter + k * cell + 2 * gap + op_w
    top = height - 0.72 - 0.3

    style.title(
        ax,
        tr(
            f"Convolution with stride {stride} and padding {padding}",
            f"스트라이드 {stride}, 패딩 {padding}인 합성곱",
        ),
        y=height - 0.22,
    )
    formula = (
        f"\N{LEFT FLOOR}({_IMAGE_SIZE} + 2\N{MIDDLE DOT}{padding} \N{MINUS SIGN} {k}) / {stride}"
        f"\N{RIGHT FLOOR} + 1 = {h_out}"
    )
    style.label(
        ax,
        (width / 2, height - 0.52),
        tr(f"output size: {formula}", f"출력 크기: {formula}"),
        size=style.SMALL,
    )

    heading = style.colors("neutral").edge
    style.label(
        ax,
        (x_in + n_pad * cell / 2, top + 0.16),
        tr(
            f"input {_IMAGE_SIZE}×{_IMAGE_SIZE}, zero padding {padding}",
            f"입력 {_IMAGE_SIZE}×{_IMAGE_SIZE}, 제로 패딩 {padding}",
        ),
        size=style.SMALL,
        color=heading,
    )
    style.label(
        ax,
        (x_filter + k * cell / 2, top + 0.16),
        tr(f"filter {k}×{k}", f"필터 {k}×{k}"),
        size=style.SMALL,
        color=heading,
    )
    style.label(
        ax,
        (x_out + h_out * cell / 2, top + 0.16),
        tr(f"output {h_out}×{h_out}", f"출력 {h_out}×{h_out}"),
        size=style.SMALL,
        color=heading,
    )

    size = style.FONT_SIZE if cell >= 0.3 else style.SMALL
    # gids let a test read every number back off the figure
    _grid(
        ax, padded.tolist(), (x_in, top), cell, "data", gid="conv-in", padding=padding, size=size
    )
    _grid(ax, weight.tolist(), (x_filter, top), cell, "param", gid="conv-filter", size=size)
    _grid(ax, out.tolist(), (x_out, top), cell, "hidden", gid="conv-out", size=size)
    mid = top - k * cell / 2
    style.label(ax, (x_filter - gap - op_w / 2, mid), "\N{ASTERISK OPERATOR}", size=16)
    style.label(ax, (x_out - gap - op_w / 2, mid), "=", size=16)

    # the window under the filter for the highlighted output cell, and that cell
    accent = style.colors("param").edge
    r0, c0 = hi * stride, hj * stride
    ax.add_patch(
        Rectangle(
            (x_in + c0 * cell, top - (r0 + k) * cell),
            k * cell,
            k * cell,
            facecolor="none",
            edgecolor=accent,
            linewidth=3,
            zorder=5,
        )
    )
    ax.add_patch(
        Rectangle(
            (x_out + hj * cell, top - (hi + 1) * cell),
            cell,
            cell,
            facecolor="none",
            edgecolor=accent,
            linewidth=3,
            zorder=5,
        )
    )
    window = padded[r0 : r0 + k, c0 : c0 + k]
    lines = []
    for u in range(k):
        terms = []
        for v in range(k):
            w = weight[u, v].item()
            w_text = f"({_number(w)})" if w < 0 else _number(w)
            terms.append(f"{_number(window[u, v].item())}\N{MIDDLE DOT}{w_text}")
        lines.append(" + ".join(terms))
    value = (window * weight).sum().item()
    assert value == out[hi, hj].item()
    x_text = x_filter
    y_text = top - max(k, h_out) * cell - 0.3
    style.label(
        ax,
        (x_text, y_text),
        tr(f"output [{hi}, {hj}] =", f"출력 [{hi}, {hj}] ="),
        ha="left",
        size=style.SMALL,
        color=accent,
    )
    for n, line in enumerate(lines):
        end = " +" if n < k - 1 else f" = {_number(value)}"
        style.label(
            ax, (x_text + 0.15, y_text - 0.22 * (n + 1)), line + end, ha="left", size=style.SMALL
        )
    return fig


def _digits_cnn_shapes():
    """Run DigitsCNN on one blank image; return its layers and every tensor's shape."""
    with torch.random.fork_rng(devices=[]):  # the weights' init must not move the caller's RNG
        torch.manual_seed(0)
        model = DigitsCNN()
    x = torch.zeros(1, 1, 8, 8)
    with torch.no_grad():
        maps = model.feature_maps(x)
        flat = maps["conv3"].flatten(1)
        logits = model.fc(flat)
    return model, x, maps, flat, logits


def _shape_text(shape) -> str:
    return "(" + ", ".join(["N", *map(str, tuple(shape)[1:])]) + ")"


def digits_cnn_layers() -> Figure:
    """The digits CNN as stacks of feature maps, each with its tensor shape under it."""
    setup_fonts()
    model, x, maps, flat, logits = _digits_cnn_shapes()
    width, height = 6.4, 3.2
    fig, ax = style.canvas(width, height)
    pixel, per_channel = 0.11, 0.011  # inches per pixel of H, W and per channel of depth
    base = 0.8  # y of the bottom of the blocks

    # one entry per tensor: (label under it, shape, kind)
    items = [(tr("input", "입력"), x.shape, "image")]
    ops = []
    h_in = x.shape[-1]
    for name, fmap in maps.items():
        conv = getattr(model, name)
        kh, kw = conv.kernel_size
        h_conv = conv2d_output_size(h_in, conv.kernel_size, conv.stride, conv.padding)[0]
        text = [f"{name} {kh}×{kw}", "ReLU"]
        pool = h_conv // fmap.shape[-1]
        if pool > 1:
            text.append(tr(f"max pool {pool}×{pool}", f"최대 풀링 {pool}×{pool}"))
        ops.append("\n".join(text))
        items.append(("", fmap.shape, "maps"))
        h_in = fmap.shape[-1]
    ops.append(tr("flatten", "펼치기"))
    items.append(("", flat.shape, "vector"))
    ops.append(f"fc: Linear\n{model.fc.in_features}→{model.fc.out_features}")
    items.append((tr("scores", "점수"), logits.shape, "vector"))

    # sizes of each block, then spread them so that the shape labels under them do not touch
    blocks = []
    for _, shape, kind in items:
        if kind == "vector":
            w, h, depth = 0.13, shape[1] * per_channel, 0.0
        else:
            c, hh, ww = shape[1:]
            w, h, depth = ww * pixel, hh * pixel, max(c * per_channel, 0.03)
        dx = depth * 0.75
        slot = max(w + dx, style.text_width(_shape_text(shape), style.SMALL)) + 0.04
        blocks.append((w, h, depth, slot))
    free = width - 0.1 - sum(b[3] for b in blocks)
    gap = free / (len(blocks) - 1)
    if gap < 0.25:
        raise RuntimeError(f"the layers do not fit across {width} in (gap {gap:.2f} in)")

    x_left = 0.05
    centers = []
    role_of = {"image": "data", "maps": "hidden", "vector": "hidden"}
    for (label_text, shape, kind), (w, h, depth, slot) in zip(items, blocks, strict=True):
        cx = x_left + slot / 2
        dx = depth * 0.75
        x0 = cx - (w + dx) / 2
        if kind == "vector":
            cells = (min(shape[1], 32), 1)
            style.cuboid(ax, (x0, base), w, h, 0.0, role_of[kind], cells=None)
            for r in range(1, cells[0]):
                yy = base + h * r / cells[0]
                ax.plot(
                    [x0, x0 + w],
                    [yy, yy],
                    color=style.colors("hidden").edge,
                    lw=0.4,
                    alpha=0.5,
                    zorder=2.5,
                )
        else:
            style.cuboid(ax, (x0, base), w, h, depth, role_of[kind], cells=tuple(shape[2:]))
        style.label(ax, (cx, base - 0.2), _shape_text(shape), size=style.SMALL)
        if label_text:
            style.label(
                ax,
                (cx, base - 0.45),
                label_text,
                size=style.SMALL,
                color=style.colors("neutral").edge,
            )
        centers.append((cx, x0, x0 + w + dx, h))
        x_left += slot + gap

    arrow_y = base + 0.3
    ops_y = height - 0.12
    for n, text in enumerate(ops):
        (_, _, right, _), (_, left, _, _) = centers[n], centers[n + 1]
        style.arrow(ax, (right + 0.04, arrow_y), (left - 0.04, arrow_y))
        style.label(
            ax, ((right + left) / 2, ops_y), text, size=style.SMALL, va="top", linespacing=1.25
        )
    return fig


def residual_gradient_depth(max_depth: int = 50, channels: int = 8, seed: int = 0) -> Figure:
    """First-layer gradient norm of fresh plain and residual stacks against their depth."""
    setup_fonts()
    depths = sorted({1, 2, 3, 4, 6, 8, *range(10, max_depth + 1, 5), max_depth})
    plain = [first_layer_grad_norm(d, False, channels=channels, seed=seed) for d in depths]
    residual = [first_layer_grad_norm(d, True, channels=channels, seed=seed) for d in depths]
    fig = Figure(figsize=(6.4, 3.4), facecolor="white")
    ax = fig.add_axes((0.13, 0.15, 0.83, 0.72))
    curves = (
        (
            residual,
            "hidden",
            "o",
            tr("residual: y = relu(x + F(x))", "잔차 블록: y = relu(x + F(x))"),
        ),
        (plain, "data", "s", tr("plain: y = relu(F(x))", "일반 블록: y = relu(F(x))")),
    )
    at = depths.index(min(depths, key=lambda d: abs(d - max_depth // 2)))
    for values, role, marker, text in curves:
        ax.semilogy(depths, values, marker=marker, ms=4, lw=1.6, color=style.colors(role).edge)
        # label each curve beside its middle point instead of a legend box
        ax.annotate(
            text,
            (depths[at], values[at]),
            xytext=(0, -16) if role == "hidden" else (10, 6),
            textcoords="offset points",
            ha="center" if role == "hidden" else "left",
            fontsize=style.SMALL,
            color=style.colors(role).edge,
        )
    ax.set_xlabel(
        tr(
            f"depth: blocks of two 3×3 convolutions ({channels} channels)",
            f"깊이: 3×3 합성곱 두 개짜리 블록 수(채널 {channels}개)",
        ),
        fontsize=style.SMALL,
    )
    ax.set_ylabel(tr("gradient norm, first layer", "첫 층의 기울기 노름"), fontsize=style.SMALL)
    ax.set_title(
        tr(
            "At initialisation: the gradient that reaches the first layer",
            "초기화 직후 첫 층까지 도달하는 기울기",
        ),
        fontsize=style.TITLE_SIZE,
    )
    ax.tick_params(labelsize=style.SMALL)
    ax.grid(True, which="major", color=style.colors("padding").fill, lw=0.8)
    ax.set_xlim(0, max_depth + 1)
    ax.set_xticks(range(0, max_depth + 1, 10))
    # ticks at 1, 1e-6, 1e-12, ... inside the data range (no hidden labels outside the axes)
    low = math.floor(math.log10(min(plain + residual)))
    high = math.ceil(math.log10(max(plain + residual))) + 0.3
    ax.set_ylim(10.0**low, 10.0**high)
    ax.set_yticks([10.0**e for e in range(0, low - 1, -6)])
    ax.minorticks_off()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


#: The output gradient of the backward diagram (small integers, so every sum reads easily).
_GRAD_OUTPUT = ((1, 2), (-1, 1))


def convolution_backward(stride: int = 2) -> Figure:
    """The input gradient of a convolution as a convolution of the spread-out output gradient."""
    setup_fonts()
    weight = torch.tensor(_FILTER, dtype=torch.float64)
    k = weight.shape[0]
    g = torch.tensor(_GRAD_OUTPUT, dtype=torch.float64)
    h_out = g.shape[0]
    size = (h_out - 1) * stride + k  # the input size whose output is h_out x h_out
    # spread: stride - 1 zeros between values, then a frame of k - 1 zeros
    spread = torch.zeros((h_out - 1) * stride + 1, (h_out - 1) * stride + 1, dtype=torch.float64)
    spread[::stride, ::stride] = g
    framed = torch.nn.functional.pad(spread, (k - 1,) * 4)
    inserted = torch.ones_like(framed, dtype=torch.bool)
    inserted[
        k - 1 : k - 1 + spread.shape[0] : stride, k - 1 : k - 1 + spread.shape[1] : stride
    ] = False
    flipped = weight.flip(0, 1)
    grad_input = conv2d(framed[None, None], flipped[None, None])[0, 0]
    # the same numbers as the backward pass of the library
    image = torch.zeros(1, 1, size, size, dtype=torch.float64)
    check = conv2d_backward(g[None, None], image, weight[None, None], stride=stride).grad_input
    assert torch.equal(check[0, 0], grad_input), (check, grad_input)

    width, gap, op_w = 6.4, 0.16, 0.2
    n = framed.shape[0]
    cells = h_out + n + k + size
    # the first panel's heading is wider than its grid: leave room for it on the left
    first = style.text_width(tr("output gradient", "출력 기울기"), style.SMALL)
    cell = min(0.3, (width - 0.16 - first / 2 - 6 * gap - 3 * op_w) / (cells - h_out / 2))
    height = 0.55 + 0.62 + n * cell + 0.15
    fig, ax = style.canvas(width, height)
    style.title(
        ax,
        tr(
            f"Backward pass, stride {stride}: ∂L/∂x as a convolution",
            f"스트라이드 {stride}의 역전파: 합성곱으로 구하는 ∂L/∂x",
        ),
        y=height - 0.22,
    )
    used = cell * cells + 6 * gap + 3 * op_w
    x = max((width - used) / 2, first / 2 - h_out * cell / 2 + 0.08)
    top = height - 0.55 - 0.62
    mid = top - n * cell / 2
    heading = style.colors("neutral").edge
    panels = [
        (g, "grad", None, tr("∂L/∂y", "∂L/∂y"), tr("output gradient", "출력 기울기"), "→"),
        (
            framed,
            "grad",
            inserted,
            tr(
                f"{stride - 1} zero{'' if stride == 2 else 's'} between, frame of {k - 1}",
                f"사이에 0 {stride - 1}개, 테두리 {k - 1}칸",
            ),
            tr("spread out", "0 끼워 넣기"),
            "\N{ASTERISK OPERATOR}",
        ),
        (flipped, "param", None, tr("w turned 180°", "180° 돌린 w"), tr("filter", "필터"), "="),
        (grad_input, "grad", None, tr("∂L/∂x", "∂L/∂x"), tr("input gradient", "입력 기울기"), ""),
    ]
    for values, role, filler, name, what, op in panels:
        rows = values.shape[0]
        y0 = mid + rows * cell / 2
        center = x + rows * cell / 2
        style.label(ax, (center, top + 0.42), what, size=style.SMALL, color=heading)
        style.label(ax, (center, top + 0.17), name, size=style.SMALL, color=heading)
        _grid(ax, values.tolist(), (x, y0), cell, role, size=style.SMALL, filler=filler)
        x += rows * cell + gap
        if op:
            style.label(ax, (x + op_w / 2, mid), op, size=14)
            x += op_w + gap
    return fig
