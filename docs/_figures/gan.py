"""Diagrams of the page "Generative adversarial networks".

The losses carry the names of :func:`dlguide.gan.discriminator_loss` and
:func:`dlguide.gan.generator_loss_nonsaturating` (which take discriminator *logits*,
``D = σ(logit)``); the DCGAN shapes are computed by running
:class:`dlguide.gan.DCGANGenerator` layer by layer.
"""

from __future__ import annotations

import inspect

import torch
from matplotlib.figure import Figure
from torch import nn

from dlguide.gan import DCGANGenerator, discriminator_loss, generator_loss_nonsaturating
from dlguide.plotting import setup_fonts, tr

from . import style

__all__ = ["dcgan_generator_shapes", "gan_game"]


def _parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def gan_game() -> Figure:
    """z through G to a fake, real x, both judged by D; each player's loss and gradient."""
    setup_fonts()
    # The figure writes these argument names; fail loudly if the code renames them.
    real_name, fake_name = _parameters(discriminator_loss)
    (g_fake_name,) = _parameters(generator_loss_nonsaturating)
    assert g_fake_name == fake_name, (g_fake_name, fake_name)

    width, height = 6.4, 4.3
    fig, ax = style.canvas(width, height)
    y_real, y_fake = 2.85, 1.45
    x_z, x_g, x_sample, x_d, x_out, x_side = 0.35, 1.15, 2.25, 3.45, 5.0, 6.08
    muted = style.colors("neutral").edge
    grad = style.colors("grad").edge

    # the players and the samples
    style.box(ax, (x_z, y_fake), 0.48, 0.48, "$z$", "data", size=style.TITLE_SIZE)
    style.box(ax, (x_g, y_fake), 0.58, 0.58, "$G$", "param", size=style.TITLE_SIZE)
    style.box(ax, (x_sample, y_fake), 0.9, 0.5, "$G(z)$", "fake", size=style.TITLE_SIZE)
    style.box(ax, (x_sample, y_real), 0.9, 0.5, "$x$", "real", size=style.TITLE_SIZE)
    d_top, d_bottom = y_real + 0.3, y_fake - 0.3
    style.box(ax, (x_d, (d_top + d_bottom) / 2), 1.0, d_top - d_bottom, "", "param")
    style.label(ax, (x_d, (d_top + d_bottom) / 2 + 0.12), "$D$", size=style.TITLE_SIZE)
    style.label(
        ax, (x_d, (d_top + d_bottom) / 2 - 0.2), tr("discriminator", "판별자"), size=style.SMALL
    )
    for x, text in (
        (x_z, tr("noise", "잡음")),
        (x_g, tr("generator", "생성자")),
        (x_sample, tr("fake sample", "가짜 표본")),
    ):
        style.label(ax, (x, y_fake + 0.45), text, size=style.SMALL, color=muted)
    style.label(
        ax,
        (x_sample, y_real - 0.42),
        tr("real data", "진짜 데이터"),
        size=style.SMALL,
        color=muted,
    )
    style.arrow(ax, (x_z + 0.24, y_fake), (x_g - 0.29, y_fake))
    style.arrow(ax, (x_g + 0.29, y_fake), (x_sample - 0.45, y_fake))
    for y in (y_real, y_fake):
        style.arrow(ax, (x_sample + 0.45, y), (x_d - 0.5, y))

    # D's outputs: probabilities, sigmoid of the logits the loss functions take
    for y, math, code in ((y_real, "$D(x)$", real_name), (y_fake, "$D(G(z))$", fake_name)):
        style.arrow(ax, (x_d + 0.5, y), (x_out - 0.66, y))
        style.box(ax, (x_out, y), 1.32, 0.56, "", "hidden")
        style.label(ax, (x_out, y + 0.11), math)
        style.label(
            ax,
            (x_out, y - 0.15),
            f"σ({code})",
            size=style.SMALL,
            family=style.MONO,
            color=style.colors("hidden").edge,
        )
    style.label(
        ax, (x_out, (y_real + y_fake) / 2 + 0.12), r"$D(\cdot) \in (0, 1)$", size=style.SMALL
    )
    style.label(
        ax,
        (x_out, (y_real + y_fake) / 2 - 0.14),
        tr("probability of real", "진짜일 확률"),
        size=style.SMALL,
        color=muted,
    )

    # the two losses: D's uses both outputs, G's only the fake one
    def loss_box(y, heading, math, code):
        style.box(ax, (4.55, y), 3.5, 0.78, "", "grad")
        style.label(ax, (4.55, y + 0.25), heading, size=style.SMALL, color=grad)
        style.label(ax, (4.55, y + 0.0), math)
        style.label(ax, (4.55, y - 0.25), code, size=style.SMALL, family=style.MONO, color=grad)

    y_ld, y_lg = 3.82, 0.41
    loss_box(
        y_ld,
        tr("discriminator's loss", "판별자의 손실"),
        r"$L_D = -\log D(x) - \log(1 - D(G(z)))$",
        discriminator_loss.__name__,
    )
    loss_box(
        y_lg,
        tr("generator's loss, non-saturating", "생성자의 손실(비포화)"),
        r"$L_G = -\log D(G(z))$",
        generator_loss_nonsaturating.__name__,
    )
    style.arrow(ax, (x_out, y_real + 0.28), (x_out, y_ld - 0.39))
    style.arrow(ax, (x_out, y_fake - 0.28), (x_out, y_lg + 0.39))
    ax.plot([x_out + 0.66, x_side], [y_fake, y_fake], color=style.TEXT_COLOR, lw=1.4, zorder=1)
    style.arrow(ax, (x_side, y_fake), (x_side, y_ld - 0.39))

    # gradients: L_D trains D only; L_G flows back through D (not updated) into G
    style.arrow(ax, (x_d, y_ld - 0.39), (x_d, d_top), style="backward")
    style.label(
        ax,
        (x_d - 0.1, (y_ld - 0.39 + d_top) / 2),
        tr("gradient for D", "D의 기울기"),
        ha="right",
        size=style.SMALL,
        color=grad,
    )
    # L_G's gradient enters D from below, leaves it towards G(z) and reaches G's weights
    style.arrow(ax, (x_d + 0.25, y_lg + 0.39), (x_d + 0.25, d_bottom), style="backward")
    y_run = (d_bottom + y_lg + 0.39) / 2 + 0.02
    ax.plot(
        [x_d - 0.25, x_d - 0.25, x_g],
        [d_bottom, y_run, y_run],
        color=grad,
        lw=1.4,
        linestyle=(0, (4, 2.5)),
        zorder=1,
    )
    style.arrow(ax, (x_g, y_run), (x_g, y_fake - 0.29), style="backward")
    style.label(
        ax,
        (0.1, y_run - 0.3),
        tr(
            "gradient for G, back through D\n(D is not updated here)",
            "G의 기울기: D를 거쳐 돌아온다\n(이때 D는 갱신하지 않는다)",
        ),
        ha="left",
        va="top",
        size=style.SMALL,
        color=grad,
        linespacing=1.25,
    )
    return fig


def _generator_blocks(latent_dim: int = 32, width: int = 64):
    """Run DCGANGenerator's layers one by one; group each transposed convolution with what follows.

    Returns the input shape and, per transposed convolution, the layer, the names of the layers
    after it, and the shape that comes out of the group.
    """
    with torch.random.fork_rng(devices=[]):  # the weights' init must not move the caller's RNG
        torch.manual_seed(0)
        model = DCGANGenerator(latent_dim=latent_dim, width=width).eval()
    h = torch.zeros(1, model.latent_dim)[:, :, None, None]  # (N, Z, 1, 1): z as a 1x1 image
    first = tuple(h.shape)
    blocks = []
    with torch.no_grad():
        for layer in model.net:
            if isinstance(layer, nn.ConvTranspose2d):
                blocks.append([layer, [], None])
            else:
                blocks[-1][1].append(type(layer).__name__)
            h = layer(h)
            blocks[-1][2] = tuple(h.shape)
    return first, [tuple(b) for b in blocks]


def _shape_text(shape) -> str:
    return "(" + ", ".join(["N", *map(str, tuple(shape)[1:])]) + ")"


def dcgan_generator_shapes() -> Figure:
    """The DCGAN generator's tensors, 1x1 to 8x8, each transposed convolution with K, S, P."""
    setup_fonts()
    first, blocks = _generator_blocks()
    shapes = [first] + [shape for _, _, shape in blocks]
    width, height = 6.4, 3.1
    fig, ax = style.canvas(width, height)
    pixel, per_channel = 0.15, 0.0045
    base = 0.75

    sizes = []
    for shape in shapes:
        c, hh, ww = shape[1:]
        w, h, depth = ww * pixel, hh * pixel, max(c * per_channel, 0.03)
        slot = max(w + depth * 0.75, style.text_width(_shape_text(shape), style.SMALL)) + 0.1
        sizes.append((w, h, depth, slot))
    gap = (width - 0.1 - sum(s[3] for s in sizes)) / (len(sizes) - 1)
    if gap < 0.3:
        raise RuntimeError(f"the tensors do not fit across {width} in (gap {gap:.2f} in)")

    spans = []
    x_left = 0.05
    last = len(shapes) - 1
    for n, (shape, (w, h, depth, slot)) in enumerate(zip(shapes, sizes, strict=True)):
        cx = x_left + slot / 2
        x0 = cx - (w + depth * 0.75) / 2
        role = "data" if n == 0 else ("fake" if n == last else "hidden")
        style.cuboid(ax, (x0, base), w, h, depth, role, cells=tuple(shape[2:]))
        style.label(ax, (cx, base - 0.2), _shape_text(shape), size=style.SMALL)
        spans.append((x0, x0 + w + depth * 0.75))
        x_left += slot + gap
    muted = style.colors("neutral").edge
    style.label(
        ax,
        ((spans[0][0] + spans[0][1]) / 2, base - 0.45),
        tr("latent z", "잠재 벡터 z"),
        size=style.SMALL,
        color=muted,
    )
    style.label(
        ax,
        ((spans[-1][0] + spans[-1][1]) / 2, base - 0.45),
        tr("generated image", "생성된 이미지"),
        size=style.SMALL,
        color=muted,
    )

    arrow_y = base + 0.12
    for n, (layer, after, shape) in enumerate(blocks):
        (k, _), (s, _), (p, _) = layer.kernel_size, layer.stride, layer.padding
        # the size rule of a transposed convolution: H_out = (H - 1) S - 2P + K
        h_in = shapes[n][2]
        assert (h_in - 1) * s - 2 * p + k == shape[2], (h_in, k, s, p, shape)
        left, right = spans[n][1] + 0.05, spans[n + 1][0] - 0.05
        style.arrow(ax, (left, arrow_y), (right, arrow_y))
        text = "\n".join([type(layer).__name__, f"K={k}, S={s}, P={p}", ", ".join(after)])
        style.label(
            ax,
            ((left + right) / 2, height - 0.15),
            text,
            size=style.SMALL,
            va="top",
            linespacing=1.3,
        )
        style.label(
            ax,
            ((left + right) / 2, height - 0.88),
            f"{h_in}×{h_in} → {shape[2]}×{shape[3]}",
            size=style.SMALL,
            va="top",
            color=style.colors("param").edge,
        )
    return fig
