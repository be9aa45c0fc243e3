"""Generative adversarial networks: the losses, transposed convolution, and two small GANs.

A GAN (Goodfellow et al., 2014) trains two networks against each other. The generator G maps
a latent vector z to a sample; the discriminator D maps a sample to the probability that it is
real. D learns to tell real from generated; G learns to make D say "real". This module has:

- the three losses, written from their formulas on discriminator *logits* (D = sigmoid(logit)):
  the discriminator's, the generator's original *minimax* loss and the *non-saturating* loss
  that Goodfellow et al. recommend because its gradient does not vanish early in training;
- :func:`conv_transpose2d`, the layer that lets a generator grow an image, from scratch;
- MLPs for 2D toy data (:class:`Generator2D`, :class:`Discriminator2D`) and :func:`train_gan_2d`;
- a DCGAN (Radford et al., 2015) scaled down to 8x8 digits (:class:`DCGANGenerator`,
  :class:`DCGANDiscriminator`) and :func:`train_dcgan`.

Shape letters: N batch, C channels, H/W height/width, Z latent size.

Taught on the guide's GAN page; :mod:`dlguide.toy2d` has the data and the scores.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlguide._cache import cached

__all__ = [
    "DCGANDiscriminator",
    "DCGANGenerator",
    "DCGANResult",
    "Discriminator2D",
    "GAN2DResult",
    "Generator2D",
    "conv_transpose2d",
    "discriminator_loss",
    "generator_loss_minimax",
    "generator_loss_nonsaturating",
    "train_dcgan",
    "train_gan_2d",
]


# ---------------------------------------------------------------------------------------------
# Transposed convolution
# ---------------------------------------------------------------------------------------------


def _pair(value: int | tuple[int, int], name: str, minimum: int) -> tuple[int, int]:
    pair = (value, value) if isinstance(value, int) else value
    is_pair = isinstance(pair, (tuple, list)) and len(pair) == 2
    if not is_pair or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair):
        raise TypeError(f"{name} must be an int or a pair of ints, got {value!r}")
    if min(pair) < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return pair


def conv_transpose2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> Tensor:
    """2D transposed convolution, written as a scatter-add.

    A convolution gathers: each output pixel is a weighted sum of a K x K window of the input.
    A transposed convolution scatters: each input pixel adds a copy of the kernel, scaled by
    its value, to a K x K window of the output, and the windows of neighbouring pixels sit
    ``stride`` apart (so they overlap when K > S). It is the gradient of a convolution with
    respect to its input, which is where the name comes from, and it *upsamples*: with K = 4,
    S = 2, P = 1 the output is twice the input's size. ``padding`` crops P pixels from each
    border of the result.

    Parameters
    ----------
    input : Tensor of shape (N, C_in, H, W) or (C_in, H, W)
        Input feature maps.
    weight : Tensor of shape (C_in, C_out, kH, kW)
        Kernels, laid out as in :class:`torch.nn.ConvTranspose2d` (input channels first).
    bias : Tensor of shape (C_out,), optional
        Added to every output pixel of each channel.
    stride : int or (int, int), default 1
        Distance between the windows that neighbouring input pixels write to.
    padding : int or (int, int), default 0
        Pixels cropped from each border of the output.

    Returns
    -------
    Tensor of shape (N, C_out, H_out, W_out) or (C_out, H_out, W_out)
        The output feature maps.

    Raises
    ------
    ValueError
        If ranks, channel counts, stride or padding do not fit, or the output would be empty.
    TypeError
        If the tensors are not floating point of one dtype.

    Shape
    -----
    - Input: (N, C_in, H, W) or (C_in, H, W)
    - Output: (N, C_out, H_out, W_out) or (C_out, H_out, W_out), where

      H_out = (H - 1) * stride[0] - 2 * padding[0] + kH

      W_out = (W - 1) * stride[1] - 2 * padding[1] + kW

    See Also
    --------
    torch.nn.functional.conv_transpose2d : the torch twin (also has output_padding, groups,
        dilation).
    dlguide.cnn.conv2d : the convolution this one is the transpose of.

    Examples
    --------
    >>> x = torch.randn(1, 16, 4, 4)
    >>> w = torch.randn(16, 8, 4, 4)
    >>> conv_transpose2d(x, w, stride=2, padding=1).shape
    torch.Size([1, 8, 8, 8])
    >>> y = torch.nn.functional.conv_transpose2d(x, w, stride=2, padding=1)
    >>> torch.allclose(conv_transpose2d(x, w, stride=2, padding=1), y, atol=1e-4)
    True
    """
    if not isinstance(input, Tensor) or not isinstance(weight, Tensor):
        raise TypeError(
            f"input and weight must be Tensors, got {type(input).__name__} "
            f"and {type(weight).__name__}"
        )
    if input.dim() not in (3, 4):
        raise ValueError(
            f"input must have shape (N, C_in, H, W) or (C_in, H, W), got {tuple(input.shape)}"
        )
    if weight.dim() != 4:
        raise ValueError(
            f"weight must have shape (C_in, C_out, kH, kW), got {tuple(weight.shape)}"
        )
    if not input.is_floating_point() or input.dtype != weight.dtype:
        raise TypeError(
            f"input and weight must be floating point of one dtype, "
            f"got {input.dtype} and {weight.dtype}"
        )
    unbatched = input.dim() == 3
    x = input.unsqueeze(0) if unbatched else input  # (N, C_in, H, W)
    n, c_in, h, w = x.shape
    c_in_w, c_out, k_h, k_w = weight.shape
    if c_in != c_in_w:
        raise ValueError(
            f"input has {c_in} channels but weight expects {c_in_w} "
            f"(weight shape {tuple(weight.shape)} is (C_in, C_out, kH, kW))"
        )
    if bias is not None and (bias.shape != (c_out,) or bias.dtype != input.dtype):
        raise ValueError(
            f"bias must have shape ({c_out},) and dtype {input.dtype}, "
            f"got {tuple(bias.shape)} and {bias.dtype}"
        )
    s_h, s_w = _pair(stride, "stride", 1)
    p_h, p_w = _pair(padding, "padding", 0)
    # Before cropping, the output spans the last window: (H - 1) * S + K.
    full_h, full_w = (h - 1) * s_h + k_h, (w - 1) * s_w + k_w
    h_out, w_out = full_h - 2 * p_h, full_w - 2 * p_w
    if h_out < 1 or w_out < 1:
        raise ValueError(
            f"output size (H-1)*S - 2P + K would be {h_out}x{w_out} for input {h}x{w}, "
            f"kernel {k_h}x{k_w}, stride {(s_h, s_w)}, padding {(p_h, p_w)}"
        )

    # Every input pixel times every kernel: contribution[n, o, i, j, a, b] is what pixel (i, j)
    # adds at offset (a, b) of its window, summed over input channels.
    contribution = torch.einsum("ncij,coab->noijab", x, weight)  # (N, C_out, H, W, kH, kW)
    out = x.new_zeros(n, c_out, full_h, full_w)  # (N, C_out, full_h, full_w)
    for a in range(k_h):
        for b in range(k_w):
            # Pixel (i, j) writes offset (a, b) to output (i * S + a, j * S + b).
            out[:, :, a : a + (h - 1) * s_h + 1 : s_h, b : b + (w - 1) * s_w + 1 : s_w] += (
                contribution[..., a, b]
            )
    out = out[:, :, p_h : full_h - p_h, p_w : full_w - p_w]  # (N, C_out, H_out, W_out)
    if bias is not None:
        out = out + bias.view(1, c_out, 1, 1)
    return out.squeeze(0) if unbatched else out


# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------
#
# D(x) = sigmoid(l) for a logit l. Then log D = logsigmoid(l) and log(1 - D) = logsigmoid(-l),
# both computed without overflow for any l (log(sigmoid(l)) would give log(0) = -inf once
# sigmoid underflows).


def _check_logits(name: str, logits: Tensor) -> None:
    if not isinstance(logits, Tensor):
        raise TypeError(f"{name} must be a Tensor of logits, got {type(logits).__name__}")
    if not logits.is_floating_point():
        raise TypeError(f"{name} must be floating point, got {logits.dtype}")
    if logits.numel() == 0:
        raise ValueError(f"{name} must not be empty, got shape {tuple(logits.shape)}")


def discriminator_loss(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    """The discriminator's loss: binary cross-entropy with real = 1 and fake = 0.

    .. math::

        L_D = -\\mathbb{E}_x[\\log D(x)] - \\mathbb{E}_z[\\log(1 - D(G(z)))]

    Parameters
    ----------
    real_logits : Tensor of shape (N,)
        Discriminator logits on real samples.
    fake_logits : Tensor of shape (M,)
        Discriminator logits on generated samples.

    Returns
    -------
    Tensor of shape ()
        The loss; ``2 log 2 = 1.386`` when D cannot tell (all logits 0).

    See Also
    --------
    torch.nn.functional.binary_cross_entropy_with_logits : the same with targets 1 and 0.

    Examples
    --------
    >>> round(discriminator_loss(torch.zeros(4), torch.zeros(4)).item(), 3)
    1.386
    >>> round(discriminator_loss(torch.full((4,), 9.0), torch.full((4,), -9.0)).item(), 3)
    0.0
    """
    _check_logits("real_logits", real_logits)
    _check_logits("fake_logits", fake_logits)
    # -log D(x) - log(1 - D(G(z)))
    return -F.logsigmoid(real_logits).mean() - F.logsigmoid(-fake_logits).mean()


def generator_loss_minimax(fake_logits: Tensor) -> Tensor:
    """The generator's original loss, ``E log(1 - D(G(z)))``, minimised.

    This is the game of Goodfellow et al. (2014) taken literally. Its gradient with respect to
    the logit is ``-D(G(z))``: when D confidently rejects the fakes (early in training, D near 0)
    the gradient vanishes and G barely learns.

    Parameters
    ----------
    fake_logits : Tensor of shape (N,)
        Discriminator logits on generated samples.

    Returns
    -------
    Tensor of shape ()
        The loss, between ``-inf`` and 0.

    See Also
    --------
    generator_loss_nonsaturating : the loss used in practice.

    Examples
    --------
    >>> round(generator_loss_minimax(torch.zeros(3)).item(), 3)  # log(1/2)
    -0.693
    """
    _check_logits("fake_logits", fake_logits)
    # log(1 - D(G(z)))
    return F.logsigmoid(-fake_logits).mean()


def generator_loss_nonsaturating(fake_logits: Tensor) -> Tensor:
    """The non-saturating generator loss, ``-E log D(G(z))``.

    Same fixed point as the minimax loss, but its gradient with respect to the logit is
    ``-(1 - D(G(z)))``, close to -1 exactly when D rejects the fakes, so G learns fastest when
    it is worst (Goodfellow et al., 2014, section 3).

    Parameters
    ----------
    fake_logits : Tensor of shape (N,)
        Discriminator logits on generated samples.

    Returns
    -------
    Tensor of shape ()
        The loss, between 0 and ``inf``.

    See Also
    --------
    torch.nn.functional.binary_cross_entropy_with_logits : the same with target 1 ("real").

    Examples
    --------
    >>> round(generator_loss_nonsaturating(torch.zeros(3)).item(), 3)  # -log(1/2)
    0.693
    """
    _check_logits("fake_logits", fake_logits)
    # -log D(G(z))
    return -F.logsigmoid(fake_logits).mean()


_LOSSES: dict[str, Callable[[Tensor], Tensor]] = {
    "nonsaturating": generator_loss_nonsaturating,
    "minimax": generator_loss_minimax,
}


# ---------------------------------------------------------------------------------------------
# Networks
# ---------------------------------------------------------------------------------------------


def _check_batch(name: str, x: Tensor, shape: tuple[int, ...], layout: str) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{name} must be a Tensor, got {type(x).__name__}")
    if x.dim() != len(shape) + 1 or tuple(x.shape[1:]) != shape:
        raise ValueError(f"{name} must have shape {layout}, got {tuple(x.shape)}")
    if not x.is_floating_point():
        raise TypeError(f"{name} must be floating point, got {x.dtype}")


def _mlp(d_in: int, d_out: int, hidden: int, layers: int, act: Callable[[], nn.Module]):
    blocks: list[nn.Module] = []
    for i in range(layers):
        blocks += [nn.Linear(d_in if i == 0 else hidden, hidden), act()]
    blocks.append(nn.Linear(hidden if layers else d_in, d_out))
    return nn.Sequential(*blocks)


class Generator2D(nn.Module):
    """An MLP generator for 2D points: latent (N, Z) to points (N, 2).

    ``layers`` hidden layers of ``hidden`` ReLU units and a linear output (2D data is not
    bounded, so no tanh).

    Parameters
    ----------
    latent_dim : int, default 2
        Latent size Z.
    hidden : int, default 128
        Units per hidden layer.
    layers : int, default 3
        Number of hidden layers.

    Shape
    -----
    - Input: (N, Z)
    - Output: (N, 2)

    Examples
    --------
    >>> g = Generator2D(latent_dim=4)
    >>> g(torch.randn(5, 4)).shape
    torch.Size([5, 2])
    """

    def __init__(self, latent_dim: int = 2, hidden: int = 128, layers: int = 3) -> None:
        super().__init__()
        self.latent_dim = latent_dim
        self.net = _mlp(latent_dim, 2, hidden, layers, nn.ReLU)

    def forward(self, z: Tensor) -> Tensor:
        _check_batch("z", z, (self.latent_dim,), f"(N, {self.latent_dim}) (N, Z)")
        return self.net(z)  # (N, 2)


class Discriminator2D(nn.Module):
    """An MLP discriminator for 2D points: points (N, 2) to logits (N,).

    LeakyReLU(0.2) hidden layers; the output is a logit, ``D(x) = sigmoid(logit)``.

    Parameters
    ----------
    hidden : int, default 128
        Units per hidden layer.
    layers : int, default 3
        Number of hidden layers.

    Shape
    -----
    - Input: (N, 2)
    - Output: (N,)

    Examples
    --------
    >>> Discriminator2D()(torch.randn(5, 2)).shape
    torch.Size([5])
    """

    def __init__(self, hidden: int = 128, layers: int = 3) -> None:
        super().__init__()
        self.net = _mlp(2, 1, hidden, layers, lambda: nn.LeakyReLU(0.2))

    def forward(self, x: Tensor) -> Tensor:
        _check_batch("x", x, (2,), "(N, 2)")
        return self.net(x).squeeze(1)  # (N,)


def _dcgan_init(module: nn.Module) -> None:
    # Radford et al. (2015): weights from N(0, 0.02); batch-norm scales from N(1, 0.02).
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


class DCGANGenerator(nn.Module):
    """DCGAN generator for 8x8 one-channel images: latent (N, Z) to images (N, 1, 8, 8).

    The DCGAN guidelines of Radford et al. (2015), scaled down: no pooling and no fully
    connected hidden layers, only transposed convolutions that double the size; batch
    normalisation after each but the last; ReLU inside, tanh at the output (images in [-1, 1]).

    Parameters
    ----------
    latent_dim : int, default 32
        Latent size Z.
    width : int, default 64
        Channels of the last hidden layer; the one before has twice as many.

    Shape
    -----
    - Input: (N, Z)
    - Output: (N, 1, 8, 8), values in [-1, 1]

    See Also
    --------
    conv_transpose2d : the layer, from scratch.

    Examples
    --------
    >>> g = DCGANGenerator(latent_dim=8, width=4)
    >>> x = g(torch.randn(3, 8))
    >>> x.shape, bool(x.abs().max() <= 1)
    (torch.Size([3, 1, 8, 8]), True)
    """

    def __init__(self, latent_dim: int = 32, width: int = 64) -> None:
        super().__init__()
        self.latent_dim = latent_dim
        self.net = nn.Sequential(
            # z as a 1x1 image with Z channels -> (N, 2w, 2, 2)
            nn.ConvTranspose2d(latent_dim, 2 * width, 2, stride=1, padding=0, bias=False),
            nn.BatchNorm2d(2 * width),
            nn.ReLU(),
            # (N, 2w, 2, 2) -> (N, w, 4, 4)
            nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(),
            # (N, w, 4, 4) -> (N, 1, 8, 8)
            nn.ConvTranspose2d(width, 1, 4, stride=2, padding=1),
            nn.Tanh(),
        )
        self.apply(_dcgan_init)

    def forward(self, z: Tensor) -> Tensor:
        _check_batch("z", z, (self.latent_dim,), f"(N, {self.latent_dim}) (N, Z)")
        return self.net(z[:, :, None, None])  # (N, 1, 8, 8)


class DCGANDiscriminator(nn.Module):
    """DCGAN discriminator for 8x8 one-channel images: images (N, 1, 8, 8) to logits (N,).

    Strided convolutions that halve the size instead of pooling, LeakyReLU(0.2), batch
    normalisation on every layer but the first (Radford et al., 2015).

    Parameters
    ----------
    width : int, default 64
        Channels of the first layer; the second has twice as many.

    Shape
    -----
    - Input: (N, 1, 8, 8), values in [-1, 1]
    - Output: (N,)

    Examples
    --------
    >>> DCGANDiscriminator(width=4)(torch.zeros(3, 1, 8, 8)).shape
    torch.Size([3])
    """

    def __init__(self, width: int = 64) -> None:
        super().__init__()
        self.net = nn.Sequential(
            # (N, 1, 8, 8) -> (N, w, 4, 4)
            nn.Conv2d(1, width, 4, stride=2, padding=1),
            nn.LeakyReLU(0.2),
            # (N, w, 4, 4) -> (N, 2w, 2, 2)
            nn.Conv2d(width, 2 * width, 4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(2 * width),
            nn.LeakyReLU(0.2),
            # (N, 2w, 2, 2) -> (N, 1, 1, 1)
            nn.Conv2d(2 * width, 1, 2, stride=1, padding=0),
        )
        self.apply(_dcgan_init)

    def forward(self, x: Tensor) -> Tensor:
        _check_batch("x", x, (1, 8, 8), "(N, 1, 8, 8)")
        return self.net(x).flatten()  # (N,)


# ---------------------------------------------------------------------------------------------
# Training on 2D toy data
# ---------------------------------------------------------------------------------------------


@dataclass
class GAN2DResult:
    """What :func:`train_gan_2d` returns.

    Attributes
    ----------
    generator : Generator2D
        The trained generator, in eval mode.
    discriminator : Discriminator2D
        The trained discriminator, in eval mode.
    steps : list of int
        Training steps at which the snapshots were taken (0 is before training).
    samples : Tensor of shape (S, N, 2)
        Generator outputs for one fixed batch of latent vectors, at each snapshot.
    d_grids : Tensor of shape (S, R, R) or None
        Discriminator probability ``D(x)`` on an R x R grid of points spanning ``extent``
        (row i is y, column j is x, as ``imshow(..., origin="lower")`` expects); None when
        ``grid_size`` was 0.
    extent : tuple of float
        ``(x_min, x_max, y_min, y_max)`` of the grid: the real data's range plus a margin.
    d_losses, g_losses : Tensor of shape (steps,)
        Loss of each training step.
    seconds : float
        Wall-clock training time.
    """

    generator: Generator2D
    discriminator: Discriminator2D
    steps: list[int]
    samples: Tensor
    d_grids: Tensor | None
    extent: tuple[float, float, float, float]
    d_losses: Tensor
    g_losses: Tensor
    seconds: float

    def sample(self, n: int, seed: int = 0) -> Tensor:
        """Draw ``n`` points from the trained generator, latent vectors seeded by ``seed``.

        Returns
        -------
        Tensor of shape (N, 2)
        """
        gen = torch.Generator().manual_seed(seed)
        z = torch.randn(n, self.generator.latent_dim, generator=gen)  # (N, Z)
        with torch.no_grad():
            return self.generator(z)  # (N, 2)


def _sampler_key(sampler: Callable) -> dict | None:
    """A JSON-able name for a sampler, or None when it has none (a lambda, a closure)."""
    args: tuple = ()
    keywords: dict = {}
    func = sampler
    if isinstance(sampler, functools.partial):
        func, args, keywords = sampler.func, sampler.args, dict(sampler.keywords)
    qualname = getattr(func, "__qualname__", "")
    if not qualname or "<" in qualname or not inspect.isfunction(func):
        return None
    # Hash the sampler's whole source file, so an edit to a helper it calls also retrains.
    try:
        source = hashlib.sha256(Path(inspect.getsourcefile(func) or "").read_bytes())
    except (OSError, TypeError):
        return None
    return {
        "name": f"{func.__module__}.{qualname}",
        "args": repr(args),
        "keywords": repr(sorted(keywords.items())),
        "source": source.hexdigest()[:16],
    }


def _draw(sampler: Callable, n: int, seed: int) -> Tensor:
    x = torch.as_tensor(sampler(n, seed), dtype=torch.float32)
    if x.shape != (n, 2):
        raise ValueError(
            f"sampler(n, seed) must return shape (n, 2) = ({n}, 2), got {tuple(x.shape)}"
        )
    return x


def train_gan_2d(
    sampler: Callable[[int, int], Tensor],
    steps: int = 8000,
    seed: int = 0,
    latent_dim: int = 2,
    g_hidden: int = 96,
    d_hidden: int = 128,
    layers: int = 3,
    batch_size: int = 256,
    lr_g: float = 2e-3,
    lr_d: float = 2e-3,
    betas: tuple[float, float] = (0.5, 0.999),
    loss: str = "nonsaturating",
    lr_decay: bool = True,
    snapshot_every: int | None = None,
    n_snapshot: int = 500,
    grid_size: int = 64,
) -> GAN2DResult:
    """Train a GAN on 2D points drawn from ``sampler``.

    One step: draw a real batch and a fake batch; take an Adam step on the discriminator loss;
    take an Adam step on the generator loss, through the same fakes and the updated
    discriminator. The learning rates fall linearly to 0 over training (``lr_decay``), which
    lets the generator settle its samples sharply on the modes at the end.

    The result is cached (see :func:`dlguide._cache.cached`) when ``sampler`` is a module-level
    function or a :func:`functools.partial` of one; lambdas and closures always retrain.

    Parameters
    ----------
    sampler : callable
        ``sampler(n, seed) -> Tensor of shape (n, 2)``: a fresh integer seed is passed for each
        batch. :func:`dlguide.toy2d.ring_of_gaussians` and friends fit.
    steps : int, default 8000
        Training steps (one discriminator and one generator update each).
    seed : int, default 0
        Seed of the initial weights, the latent vectors and the data stream.
    latent_dim : int, default 2
        Latent size Z.
    g_hidden, d_hidden : int, default 96, 128
        Units per hidden layer of the generator and of the discriminator. A wider generator
        can switch more steeply from one mode to the next, so fewer samples land in the gaps
        between modes.
    layers : int, default 3
        Hidden layers of both MLPs.
    batch_size : int, default 256
        Real and fake samples per step.
    lr_g, lr_d : float, default 2e-3, 2e-3
        Adam learning rates of the generator and of the discriminator.
    betas : (float, float), default (0.5, 0.999)
        Adam betas; beta1 = 0.5 follows Radford et al. (2015).
    loss : {"nonsaturating", "minimax"}, default "nonsaturating"
        Generator loss (:func:`generator_loss_nonsaturating`, :func:`generator_loss_minimax`).
    lr_decay : bool, default True
        Decay the learning rates linearly to 0.
    snapshot_every : int, optional
        Steps between snapshots; by default ``steps // 25`` (26 snapshots with the first).
    n_snapshot : int, default 500
        Points generated at each snapshot (from one fixed latent batch).
    grid_size : int, default 64
        Evaluate D on a ``grid_size`` x ``grid_size`` grid at each snapshot (0: do not).

    Returns
    -------
    GAN2DResult
        Generator, discriminator, snapshots, losses and training time.

    Raises
    ------
    ValueError
        If ``loss`` is unknown, a size is not positive, or the sampler returns a wrong shape.

    Examples
    --------
    >>> from dlguide.toy2d import ring_of_gaussians
    >>> result = train_gan_2d(ring_of_gaussians, steps=20, snapshot_every=10, grid_size=8)
    >>> result.steps, tuple(result.samples.shape), tuple(result.d_grids.shape)
    ([0, 10, 20], (3, 500, 2), (3, 8, 8))
    >>> result.sample(7).shape
    torch.Size([7, 2])
    """
    if loss not in _LOSSES:
        raise ValueError(f"loss must be one of {sorted(_LOSSES)}, got {loss!r}")
    if not callable(sampler):
        raise TypeError(f"sampler must be callable, got {type(sampler).__name__}")
    sizes = dict(steps=steps, latent_dim=latent_dim, g_hidden=g_hidden, d_hidden=d_hidden)
    sizes.update(batch_size=batch_size, n_snapshot=n_snapshot)
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    snapshot_every = snapshot_every or max(steps // 25, 1)
    params = dict(
        steps=steps, seed=seed, latent_dim=latent_dim, g_hidden=g_hidden, d_hidden=d_hidden,
        layers=layers, batch_size=batch_size, lr_g=lr_g, lr_d=lr_d, betas=list(betas),
        loss=loss, lr_decay=lr_decay, snapshot_every=snapshot_every, n_snapshot=n_snapshot,
        grid_size=grid_size,
    )  # fmt: skip

    def compute() -> GAN2DResult:
        return _train_gan_2d(sampler, **params)

    key = _sampler_key(sampler)
    if key is None:
        return compute()
    return cached("train_gan_2d", {"sampler": key, **params}, compute)


def _train_gan_2d(
    sampler,
    *,
    steps,
    seed,
    latent_dim,
    g_hidden,
    d_hidden,
    layers,
    batch_size,
    lr_g,
    lr_d,
    betas,
    loss,
    lr_decay,
    snapshot_every,
    n_snapshot,
    grid_size,
) -> GAN2DResult:
    torch.manual_seed(seed)
    stream = torch.Generator().manual_seed(seed)
    generator = Generator2D(latent_dim, g_hidden, layers)
    discriminator = Discriminator2D(d_hidden, layers)
    # fused: one kernel per step for all parameters, 4x faster than the loop over tensors
    opt_g = torch.optim.Adam(generator.parameters(), lr=lr_g, betas=tuple(betas), fused=True)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr_d, betas=tuple(betas), fused=True)
    generator_loss = _LOSSES[loss]

    def next_seed() -> int:
        return int(torch.randint(2**62, (1,), generator=stream))

    # The grid spans the real data with a 25% margin on each side.
    real = _draw(sampler, 4096, next_seed())  # (4096, 2)
    low, high = real.min(0).values, real.max(0).values
    margin = 0.25 * (high - low).max()
    extent = (
        float(low[0] - margin), float(high[0] + margin),
        float(low[1] - margin), float(high[1] + margin),
    )  # fmt: skip
    if grid_size:
        xs = torch.linspace(extent[0], extent[1], grid_size)
        ys = torch.linspace(extent[2], extent[3], grid_size)
        gy, gx = torch.meshgrid(ys, xs, indexing="ij")
        grid = torch.stack([gx.flatten(), gy.flatten()], dim=1)  # (R*R, 2)
    fixed_z = torch.randn(n_snapshot, latent_dim, generator=stream)  # (N, Z)

    snapshot_steps, samples, d_grids = [], [], []

    def snapshot(step: int) -> None:
        with torch.no_grad():
            snapshot_steps.append(step)
            samples.append(generator(fixed_z))  # (N, 2)
            if grid_size:
                probs = torch.sigmoid(discriminator(grid))  # (R*R,)
                d_grids.append(probs.view(grid_size, grid_size))  # (R, R)

    d_losses, g_losses = torch.zeros(steps), torch.zeros(steps)
    start = time.perf_counter()
    snapshot(0)
    for step in range(steps):
        if lr_decay:
            opt_g.param_groups[0]["lr"] = lr_g * (1 - step / steps)
            opt_d.param_groups[0]["lr"] = lr_d * (1 - step / steps)
        real = _draw(sampler, batch_size, next_seed())  # (B, 2)
        z = torch.randn(batch_size, latent_dim, generator=stream)  # (B, Z)
        fake = generator(z)  # (B, 2)

        # Discriminator: minimise -log D(x) - log(1 - D(G(z))). The fakes are detached so this
        # step leaves G alone; real and fake go through D as one batch (D has no batch norm).
        logits = discriminator(torch.cat([real, fake.detach()]))  # (2B,)
        loss_d = discriminator_loss(logits[:batch_size], logits[batch_size:])
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()

        # Generator: minimise its loss on the same fakes, judged by the updated D. D's own
        # parameters need no gradient here.
        discriminator.requires_grad_(False)
        loss_g = generator_loss(discriminator(fake))
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
        discriminator.requires_grad_(True)

        d_losses[step], g_losses[step] = loss_d.detach(), loss_g.detach()
        if (step + 1) % snapshot_every == 0 or step + 1 == steps:
            snapshot(step + 1)
    seconds = time.perf_counter() - start
    generator.eval()
    discriminator.eval()
    return GAN2DResult(
        generator=generator,
        discriminator=discriminator,
        steps=snapshot_steps,
        samples=torch.stack(samples),
        d_grids=torch.stack(d_grids) if grid_size else None,
        extent=extent,
        d_losses=d_losses,
        g_losses=g_losses,
        seconds=seconds,
    )


# ---------------------------------------------------------------------------------------------
# DCGAN on 8x8 digits
# ---------------------------------------------------------------------------------------------


@dataclass
class DCGANResult:
    """What :func:`train_dcgan` returns.

    Attributes
    ----------
    generator : DCGANGenerator
        The trained generator, in eval mode (outputs in [-1, 1]).
    discriminator : DCGANDiscriminator
        The trained discriminator, in eval mode.
    epochs : list of int
        Epochs after which the snapshots were taken (0 is before training).
    snapshots : Tensor of shape (S, N, 1, 8, 8)
        Images generated from ``fixed_noise`` at each snapshot, mapped to [0, 1].
    fixed_noise : Tensor of shape (N, Z)
        The latent vectors of the snapshots.
    d_losses, g_losses : Tensor of shape (epochs,)
        Mean loss of each epoch.
    seconds : float
        Wall-clock training time.
    """

    generator: DCGANGenerator
    discriminator: DCGANDiscriminator
    epochs: list[int]
    snapshots: Tensor
    fixed_noise: Tensor
    d_losses: Tensor
    g_losses: Tensor
    seconds: float

    def generate(self, z: Tensor) -> Tensor:
        """Images in [0, 1] for the latent vectors ``z`` of shape (N, Z).

        Returns
        -------
        Tensor of shape (N, 1, 8, 8)
        """
        with torch.no_grad():
            return (self.generator(z) + 1) / 2  # from tanh's [-1, 1] to [0, 1]

    def sample(self, n: int, seed: int = 0) -> Tensor:
        """Generate ``n`` images in [0, 1], latent vectors seeded by ``seed``.

        Returns
        -------
        Tensor of shape (N, 1, 8, 8)
        """
        gen = torch.Generator().manual_seed(seed)
        return self.generate(torch.randn(n, self.generator.latent_dim, generator=gen))


def train_dcgan(
    epochs: int = 60,
    seed: int = 0,
    latent_dim: int = 32,
    width: int = 64,
    batch_size: int = 64,
    lr: float = 2e-4,
    betas: tuple[float, float] = (0.5, 0.999),
    snapshot_every: int | None = None,
    n_fixed: int = 64,
    split: str = "stratified",
) -> DCGANResult:
    """Train a DCGAN on the training images of :func:`dlguide.digits.load_digits_split`.

    Images are scaled from [0, 1] to [-1, 1] to match the generator's tanh. Each step updates
    D on a real and a fake batch, then G with the non-saturating loss on the same fakes.
    Cached (see :func:`dlguide._cache.cached`).

    Parameters
    ----------
    epochs : int, default 60
        Passes over the training images.
    seed : int, default 0
        Seed of the weights, the shuffling and the latent vectors.
    latent_dim : int, default 32
        Latent size Z.
    width : int, default 64
        Width of both networks (:class:`DCGANGenerator`, :class:`DCGANDiscriminator`).
    batch_size : int, default 64
        Images per step.
    lr : float, default 2e-4
        Adam learning rate (Radford et al., 2015).
    betas : (float, float), default (0.5, 0.999)
        Adam betas (Radford et al., 2015).
    snapshot_every : int, optional
        Epochs between snapshots; by default ``max(epochs // 20, 1)``.
    n_fixed : int, default 64
        Images generated at each snapshot.
    split : str, default "stratified"
        Passed to :func:`dlguide.digits.load_digits_split`.

    Returns
    -------
    DCGANResult
        Generator, discriminator, fixed-noise snapshots, losses and training time.
    """
    sizes = dict(epochs=epochs, latent_dim=latent_dim, width=width, batch_size=batch_size)
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    snapshot_every = snapshot_every or max(epochs // 20, 1)
    params = dict(
        epochs=epochs, seed=seed, latent_dim=latent_dim, width=width, batch_size=batch_size,
        lr=lr, betas=list(betas), snapshot_every=snapshot_every, n_fixed=n_fixed, split=split,
    )  # fmt: skip
    return cached("train_dcgan", params, lambda: _train_dcgan(**params))


def _train_dcgan(
    *, epochs, seed, latent_dim, width, batch_size, lr, betas, snapshot_every, n_fixed, split
) -> DCGANResult:
    from dlguide.digits import load_digits_split

    x_train = load_digits_split(split=split, seed=seed)[0]  # (N, 1, 8, 8) in [0, 1]
    x_train = x_train * 2 - 1  # to the tanh range [-1, 1]
    torch.manual_seed(seed)
    stream = torch.Generator().manual_seed(seed)
    generator = DCGANGenerator(latent_dim, width)
    discriminator = DCGANDiscriminator(width)
    opt_g = torch.optim.Adam(generator.parameters(), lr=lr, betas=tuple(betas), fused=True)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=tuple(betas), fused=True)
    fixed_noise = torch.randn(n_fixed, latent_dim, generator=stream)  # (N, Z)

    snapshot_epochs, snapshots = [], []

    def snapshot(epoch: int) -> None:
        generator.eval()
        with torch.no_grad():
            snapshots.append((generator(fixed_noise) + 1) / 2)  # (N, 1, 8, 8)
        snapshot_epochs.append(epoch)
        generator.train()

    d_losses, g_losses = torch.zeros(epochs), torch.zeros(epochs)
    start = time.perf_counter()
    snapshot(0)
    for epoch in range(epochs):
        order = torch.randperm(len(x_train), generator=stream)
        # Drop the last partial batch: batch norm statistics of a tiny batch are noise.
        batches = order[: len(order) // batch_size * batch_size].view(-1, batch_size)
        for index in batches:
            real = x_train[index]  # (B, 1, 8, 8)
            z = torch.randn(batch_size, latent_dim, generator=stream)  # (B, Z)
            fake = generator(z)  # (B, 1, 8, 8)

            loss_d = discriminator_loss(discriminator(real), discriminator(fake.detach()))
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()

            loss_g = generator_loss_nonsaturating(discriminator(fake))
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
            d_losses[epoch] += loss_d.detach() / len(batches)
            g_losses[epoch] += loss_g.detach() / len(batches)
        if (epoch + 1) % snapshot_every == 0 or epoch + 1 == epochs:
            snapshot(epoch + 1)
    seconds = time.perf_counter() - start
    generator.eval()
    discriminator.eval()
    return DCGANResult(
        generator=generator,
        discriminator=discriminator,
        epochs=snapshot_epochs,
        snapshots=torch.stack(snapshots),
        fixed_noise=fixed_noise,
        d_losses=d_losses,
        g_losses=g_losses,
        seconds=seconds,
    )
