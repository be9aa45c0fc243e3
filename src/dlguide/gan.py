"""Generative adversarial networks: the losses, transposed convolution, and two small GANs.

A GAN (Goodfellow et al., 2014) trains two networks against each other. The generator G maps
a latent vector z to a sample; the discriminator D maps a sample to the probability that it is
real. D learns to tell real from generated; G learns to make D say "real". This module has:

- the three losses, written from their formulas on discriminator *logits* (D = sigmoid(logit)):
  :func:`discriminator_loss`, the generator's original *minimax* loss
  (:func:`generator_loss_minimax`) and the *non-saturating* loss
  (:func:`generator_loss_nonsaturating`) that Goodfellow et al. recommend because its
  gradient does not vanish early in training;
- :func:`conv_transpose2d`, the layer that lets a generator grow an image, from scratch;
- MLPs for 2D toy data: :class:`Generator2D` and :class:`Discriminator2D`;
- a DCGAN (Radford et al., 2015) scaled down to 8x8 digits: :class:`DCGANGenerator` and
  :class:`DCGANDiscriminator`, with the paper's initial weights.

Training lives apart, in :mod:`dlguide.train.gan` (:func:`~dlguide.train.gan.train_gan_2d`,
:func:`~dlguide.train.gan.train_dcgan`, both on the loop :func:`dlguide.train.loop.fit_gan`);
the toy data in :mod:`dlguide.data.mixtures`; the scores that judge a generator in
:mod:`dlguide.metrics`.

Shape letters: N batch, C channels, H/W height/width, Z latent size.

Taught on the guide's GAN page.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlguide import checks

__all__ = [
    "DCGANDiscriminator",
    "DCGANGenerator",
    "Discriminator2D",
    "Generator2D",
    "conv_transpose2d",
    "discriminator_loss",
    "generator_loss_minimax",
    "generator_loss_nonsaturating",
]


# ---------------------------------------------------------------------------------------------
# Transposed convolution
# ---------------------------------------------------------------------------------------------


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
    TypeError
        If ``input`` or ``weight`` is not a tensor, they are not floating point of one dtype,
        or ``stride`` or ``padding`` is not an int or a pair of ints.
    ValueError
        If ranks, channel counts, stride or padding do not fit, or the output would be empty.

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
    checks.tensor(input, "input", ndim=(3, 4), layout="(N, C_in, H, W) or (C_in, H, W)")
    checks.tensor(weight, "weight", ndim=4, layout="(C_in, C_out, kH, kW)")
    checks.floating(input, "input")
    if weight.dtype != input.dtype:
        raise TypeError(
            f"input and weight must have one dtype, got {input.dtype} and {weight.dtype}"
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
    if bias is not None:
        checks.tensor(bias, "bias")
        if tuple(bias.shape) != (c_out,):
            raise ValueError(
                f"bias must have shape (C_out,) = ({c_out},), got {tuple(bias.shape)}"
            )
        if bias.dtype != input.dtype:
            raise TypeError(f"bias must have dtype {input.dtype}, got {bias.dtype}")
    s_h, s_w = checks.pair(stride, "stride", minimum=1)
    p_h, p_w = checks.pair(padding, "padding", minimum=0)
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


def _check_logits(name: str, logits: object) -> None:
    checks.floating(logits, name)
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


# ---------------------------------------------------------------------------------------------
# Networks
# ---------------------------------------------------------------------------------------------


def _check_batch(
    name: str, x: object, shape: tuple[int, ...], layout: str, dtype: torch.dtype
) -> None:
    """Check a batch of samples: rank, the shape of one sample, and the parameters' dtype."""
    checks.tensor(x, name)
    if x.dim() != len(shape) + 1 or tuple(x.shape[1:]) != shape:
        raise ValueError(f"{name} must have shape {layout}, got {tuple(x.shape)}")
    checks.floating(x, name, dtype)


def _dtype(module: nn.Module) -> torch.dtype:
    return next(module.parameters()).dtype


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

    See Also
    --------
    dlguide.train.gan.train_gan_2d : trains it against :class:`Discriminator2D`.

    Examples
    --------
    >>> g = Generator2D(latent_dim=4)
    >>> g(torch.randn(5, 4)).shape
    torch.Size([5, 2])
    """

    def __init__(self, latent_dim: int = 2, hidden: int = 128, layers: int = 3) -> None:
        super().__init__()
        self.latent_dim = checks.integer(latent_dim, "latent_dim", minimum=1)
        checks.integer(hidden, "hidden", minimum=1)
        checks.integer(layers, "layers", minimum=0)
        self.net = _mlp(latent_dim, 2, hidden, layers, nn.ReLU)

    def forward(self, z: Tensor) -> Tensor:
        """Map latent codes to points in the plane.

        Parameters
        ----------
        z : Tensor
            Latent codes, for example ``torch.randn(N, latent_dim)``.

        Returns
        -------
        Tensor
            Generated points.

        Shape
        -----
        - Input: (N, Z) with Z = ``latent_dim``.
        - Output: (N, 2).
        """
        _check_batch("z", z, (self.latent_dim,), f"(N, {self.latent_dim}) (N, Z)", _dtype(self))
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
        checks.integer(hidden, "hidden", minimum=1)
        checks.integer(layers, "layers", minimum=0)
        self.net = _mlp(2, 1, hidden, layers, lambda: nn.LeakyReLU(0.2))

    def forward(self, x: Tensor) -> Tensor:
        """Score points: a high logit means "looks real".

        Parameters
        ----------
        x : Tensor
            Points in the plane.

        Returns
        -------
        Tensor
            One logit per point (``sigmoid`` of it is the probability of real).

        Shape
        -----
        - Input: (N, 2).
        - Output: (N,).
        """
        _check_batch("x", x, (2,), "(N, 2)", _dtype(self))
        return self.net(x).squeeze(1)  # (N,)


def _dcgan_init(module: nn.Module) -> None:
    # Weights from N(0, 0.02) as in Radford et al. (2015). The paper gives no batch-norm init:
    # scales from N(1, 0.02) and zero shifts follow PyTorch's DCGAN example (pytorch/examples,
    # dcgan/main.py, weights_init).
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
    dlguide.train.gan.train_dcgan : trains it against :class:`DCGANDiscriminator`.

    Examples
    --------
    >>> g = DCGANGenerator(latent_dim=8, width=4)
    >>> x = g(torch.randn(3, 8))
    >>> x.shape, bool(x.abs().max() <= 1)
    (torch.Size([3, 1, 8, 8]), True)
    """

    def __init__(self, latent_dim: int = 32, width: int = 64) -> None:
        super().__init__()
        self.latent_dim = checks.integer(latent_dim, "latent_dim", minimum=1)
        checks.integer(width, "width", minimum=1)
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
        """Map latent codes to 8x8 images through transposed convolutions.

        Parameters
        ----------
        z : Tensor
            Latent codes, for example ``torch.randn(N, latent_dim)``.

        Returns
        -------
        Tensor
            Images with values in [-1, 1] (the last layer is ``tanh``).

        Shape
        -----
        - Input: (N, Z) with Z = ``latent_dim``.
        - Output: (N, 1, 8, 8).
        """
        _check_batch("z", z, (self.latent_dim,), f"(N, {self.latent_dim}) (N, Z)", _dtype(self))
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
        checks.integer(width, "width", minimum=1)
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
        """Score images: a high logit means "looks like a real digit".

        Parameters
        ----------
        x : Tensor
            Images with values in [-1, 1], as the generator draws them.

        Returns
        -------
        Tensor
            One logit per image.

        Shape
        -----
        - Input: (N, 1, 8, 8).
        - Output: (N,).
        """
        _check_batch("x", x, (1, 8, 8), "(N, 1, 8, 8)", _dtype(self))
        return self.net(x).flatten()  # (N,)
