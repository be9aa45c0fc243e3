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
- MLPs for 2D toy data: :class:`Generator2D` and :class:`Discriminator2D`, which can judge
  packs of m samples at once (PacGAN, Lin et al., 2018), a remedy for mode collapse;
- a DCGAN (Radford et al., 2015) scaled down to 8x8 digits: :class:`DCGANGenerator` and
  :class:`DCGANDiscriminator`, with the paper's initial weights;
- its class-conditional version from the same blocks: :class:`ConditionalDCGANGenerator`
  (the label one-hot beside z, Mirza and Osindero, 2014) and
  :class:`ConditionalDCGANDiscriminator` (a projection discriminator, Miyato and Koyama,
  2018);
- :func:`discriminator_rejection_sampling` (Azadi et al., 2019), which keeps the samples of a
  trained generator that its discriminator believes.

Training lives apart, in :mod:`dlguide.train.gan` (:func:`~dlguide.train.gan.train_gan_2d`,
:func:`~dlguide.train.gan.train_dcgan`, :func:`~dlguide.train.gan.train_conditional_dcgan`,
all on the loop :func:`dlguide.train.loop.fit_gan`);
the toy data in :mod:`dlguide.data.mixtures`; the scores that judge a generator in
:mod:`dlguide.metrics`.

Shape letters: N batch, C channels, H/W height/width, Z latent size, K classes.

Taught on the guide's GAN page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlguide import checks

__all__ = [
    "ConditionalDCGANDiscriminator",
    "ConditionalDCGANGenerator",
    "DCGANDiscriminator",
    "DCGANGenerator",
    "Discriminator2D",
    "Generator2D",
    "RejectionSamples",
    "conv_transpose2d",
    "discriminator_loss",
    "discriminator_rejection_sampling",
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
    """An MLP discriminator for 2D points: points (N, 2) to logits, one per pack of points.

    LeakyReLU(0.2) hidden layers; the output is a logit, ``D(x) = sigmoid(logit)``. With
    ``pack=m`` (PacGAN, Lin et al., 2018) it judges m points at once: consecutive points are
    concatenated into one input of size 2m, and the logit says whether the whole pack is real.
    A generator whose samples look alike is then easy to catch, because a real pack is spread
    over the modes and a collapsed one is not; ``pack=1`` is the plain discriminator.

    Parameters
    ----------
    hidden : int, default 128
        Units per hidden layer.
    layers : int, default 3
        Number of hidden layers.
    pack : int, default 1
        Points per judgement m; the input layer has 2m inputs.

    Shape
    -----
    - Input: (N, 2), N a multiple of ``pack``
    - Output: (N / pack,)

    Examples
    --------
    >>> Discriminator2D()(torch.randn(6, 2)).shape
    torch.Size([6])
    >>> Discriminator2D(pack=3)(torch.randn(6, 2)).shape
    torch.Size([2])
    """

    def __init__(self, hidden: int = 128, layers: int = 3, pack: int = 1) -> None:
        super().__init__()
        checks.integer(hidden, "hidden", minimum=1)
        checks.integer(layers, "layers", minimum=0)
        self.pack = checks.integer(pack, "pack", minimum=1)
        self.net = _mlp(2 * pack, 1, hidden, layers, lambda: nn.LeakyReLU(0.2))

    def forward(self, x: Tensor) -> Tensor:
        """Score packs of points: a high logit means "looks real".

        Parameters
        ----------
        x : Tensor
            Points in the plane; points ``k * pack`` to ``k * pack + pack - 1`` form pack k.

        Returns
        -------
        Tensor
            One logit per pack (``sigmoid`` of it is the probability of real).

        Raises
        ------
        ValueError
            If ``x`` is not of shape (N, 2), or N is not a multiple of ``pack``.

        Shape
        -----
        - Input: (N, 2).
        - Output: (N / pack,).
        """
        _check_batch("x", x, (2,), "(N, 2)", _dtype(self))
        if len(x) % self.pack:
            raise ValueError(
                f"x must hold a whole number of packs of {self.pack} points (pack={self.pack}),"
                f" got {len(x)} points"
            )
        packs = x.reshape(len(x) // self.pack, 2 * self.pack)  # (N / m, 2m)
        return self.net(packs).squeeze(1)  # (N / m,)


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


def _dcgan_generator_net(in_channels: int, width: int) -> nn.Sequential:
    return nn.Sequential(
        # the input as a 1x1 image with in_channels channels -> (N, 2w, 2, 2)
        nn.ConvTranspose2d(in_channels, 2 * width, 2, stride=1, padding=0, bias=False),
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


def _dcgan_discriminator_features(width: int) -> nn.Sequential:
    return nn.Sequential(
        # (N, 1, 8, 8) -> (N, w, 4, 4)
        nn.Conv2d(1, width, 4, stride=2, padding=1),
        nn.LeakyReLU(0.2),
        # (N, w, 4, 4) -> (N, 2w, 2, 2)
        nn.Conv2d(width, 2 * width, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(2 * width),
        nn.LeakyReLU(0.2),
    )


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
        self.net = _dcgan_generator_net(latent_dim, width)
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
        self.features = _dcgan_discriminator_features(width)
        # (N, 2w, 2, 2) -> (N, 1, 1, 1): a linear read-out of the last features
        self.head = nn.Conv2d(2 * width, 1, 2, stride=1, padding=0)
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
        return self.head(self.features(x)).flatten()  # (N,)


# ---------------------------------------------------------------------------------------------
# A class-conditional DCGAN
# ---------------------------------------------------------------------------------------------


def _check_labels(labels: object, n: int, num_classes: int) -> Tensor:
    checks.tensor(labels, "labels")
    if labels.dtype != torch.long:
        raise TypeError(f"labels must be a torch.long tensor of class indices, got {labels.dtype}")
    if tuple(labels.shape) != (n,):
        raise ValueError(f"labels must have shape (N,) = ({n},), got {tuple(labels.shape)}")
    if n and (int(labels.min()) < 0 or int(labels.max()) >= num_classes):
        raise ValueError(
            f"labels must be class indices in 0..{num_classes - 1}, got values from "
            f"{int(labels.min())} to {int(labels.max())}"
        )
    return labels


class ConditionalDCGANGenerator(nn.Module):
    """A class-conditional DCGAN generator: latent (N, Z) and labels (N,) to images.

    The label enters as a one-hot vector concatenated to the latent code (Mirza and Osindero,
    2014), so the first transposed convolution reads Z + K channels; the rest is
    :class:`DCGANGenerator`'s network, layer for layer.

    Parameters
    ----------
    latent_dim : int, default 32
        Latent size Z.
    width : int, default 64
        Channels of the last hidden layer; the one before has twice as many.
    num_classes : int, default 10
        Number of classes K.

    Shape
    -----
    - Input: z (N, Z) and labels (N,) of class indices in 0..K-1
    - Output: (N, 1, 8, 8), values in [-1, 1]

    See Also
    --------
    ConditionalDCGANDiscriminator : its opponent.
    dlguide.train.gan.train_conditional_dcgan : trains the pair.

    Examples
    --------
    >>> g = ConditionalDCGANGenerator(latent_dim=8, width=4)
    >>> g(torch.randn(3, 8), torch.tensor([0, 4, 9])).shape
    torch.Size([3, 1, 8, 8])
    """

    def __init__(self, latent_dim: int = 32, width: int = 64, num_classes: int = 10) -> None:
        super().__init__()
        self.latent_dim = checks.integer(latent_dim, "latent_dim", minimum=1)
        self.num_classes = checks.integer(num_classes, "num_classes", minimum=1)
        checks.integer(width, "width", minimum=1)
        self.net = _dcgan_generator_net(latent_dim + num_classes, width)
        self.apply(_dcgan_init)

    def forward(self, z: Tensor, labels: Tensor) -> Tensor:
        """Draw one image of class ``labels[i]`` for each latent code ``z[i]``.

        Parameters
        ----------
        z : Tensor
            Latent codes, for example ``torch.randn(N, latent_dim)``.
        labels : Tensor of dtype torch.long
            The class to draw for each code.

        Returns
        -------
        Tensor
            Images with values in [-1, 1].

        Raises
        ------
        ValueError
            If ``z`` is not (N, Z), ``labels`` is not (N,), or a label is out of range.
        TypeError
            If ``labels`` are not integers (torch.long).

        Shape
        -----
        - Input: z (N, Z) with Z = ``latent_dim``; labels (N,).
        - Output: (N, 1, 8, 8).
        """
        _check_batch("z", z, (self.latent_dim,), f"(N, {self.latent_dim}) (N, Z)", _dtype(self))
        _check_labels(labels, len(z), self.num_classes)
        one_hot = F.one_hot(labels, self.num_classes).to(z.dtype)  # (N, K)
        h = torch.cat([z, one_hot], dim=1)  # (N, Z + K)
        return self.net(h[:, :, None, None])  # (N, 1, 8, 8)


class ConditionalDCGANDiscriminator(nn.Module):
    """A projection discriminator (Miyato and Koyama, 2018): images and labels to logits.

    :class:`DCGANDiscriminator`'s convolutions compute features phi(x) of shape (N, 2w, 2, 2);
    the logit is the unconditional read-out of those features plus their inner product with
    a learned embedding of the label: ``D(x, y) = psi(phi(x)) + <e_y, phi(x)>``. The label
    meets the features where the decision is made instead of being one more input channel,
    which is what Miyato and Koyama found to give class-faithful samples.

    Parameters
    ----------
    width : int, default 64
        Channels of the first layer; the second has twice as many.
    num_classes : int, default 10
        Number of classes K.

    Shape
    -----
    - Input: x (N, 1, 8, 8), values in [-1, 1], and labels (N,)
    - Output: (N,)

    Examples
    --------
    >>> d = ConditionalDCGANDiscriminator(width=4)
    >>> d(torch.zeros(3, 1, 8, 8), torch.tensor([1, 2, 3])).shape
    torch.Size([3])
    """

    def __init__(self, width: int = 64, num_classes: int = 10) -> None:
        super().__init__()
        checks.integer(width, "width", minimum=1)
        self.num_classes = checks.integer(num_classes, "num_classes", minimum=1)
        self.features = _dcgan_discriminator_features(width)
        self.head = nn.Conv2d(2 * width, 1, 2, stride=1, padding=0)
        # one embedding e_y per class, as long as the flattened features (2w * 2 * 2)
        self.embed = nn.Embedding(num_classes, 2 * width * 4)
        self.apply(_dcgan_init)
        nn.init.normal_(self.embed.weight, 0.0, 0.02)

    def forward(self, x: Tensor, labels: Tensor) -> Tensor:
        """Score images as real digits of the given classes.

        Parameters
        ----------
        x : Tensor
            Images with values in [-1, 1].
        labels : Tensor of dtype torch.long
            The class each image claims to be.

        Returns
        -------
        Tensor
            One logit per image: high means "a real digit of this class".

        Raises
        ------
        ValueError
            If ``x`` is not (N, 1, 8, 8), ``labels`` is not (N,), or a label is out of range.
        TypeError
            If ``labels`` are not integers (torch.long).

        Shape
        -----
        - Input: x (N, 1, 8, 8); labels (N,).
        - Output: (N,).
        """
        _check_batch("x", x, (1, 8, 8), "(N, 1, 8, 8)", _dtype(self))
        _check_labels(labels, len(x), self.num_classes)
        h = self.features(x)  # (N, 2w, 2, 2)
        projection = (self.embed(labels) * h.flatten(1)).sum(1)  # (N,)
        return self.head(h).flatten() + projection  # (N,)


# ---------------------------------------------------------------------------------------------
# Discriminator rejection sampling
# ---------------------------------------------------------------------------------------------


@dataclass
class RejectionSamples:
    """What :func:`discriminator_rejection_sampling` returns.

    Attributes
    ----------
    samples : Tensor of shape (N, ...)
        The accepted samples, in the generator's output range.
    proposals : int
        Samples the generator drew to get them (the burn-in not counted).
    acceptance_rate : float
        ``N / proposals``.
    """

    samples: Tensor
    proposals: int
    acceptance_rate: float


def discriminator_rejection_sampling(
    generator: nn.Module,
    discriminator: nn.Module,
    n: int,
    seed: int = 0,
    quantile: float = 0.8,
    gamma: float | None = None,
    burn_in: int = 10_000,
    batch_size: int = 1000,
    epsilon: float = 1e-6,
) -> RejectionSamples:
    """Draw samples from a trained GAN, keeping those its discriminator believes.

    Discriminator rejection sampling (Azadi et al., 2019). A discriminator that is optimal
    for a generator has ``sigmoid(logit(x)) = p_data(x) / (p_data(x) + p_g(x))``, so its logit
    is ``log p_data(x) / p_g(x)``: how much more likely x is under the data than under the
    generator. Rejection sampling with acceptance probability ``p_data(x) / (M p_g(x))`` would
    then turn samples of ``p_g`` into samples of ``p_data``. The sampler estimates the bound M
    by the largest logit seen, ``D_M`` (first over ``burn_in`` samples, then updated as it
    goes), and accepts x with probability ``sigmoid(F(x) - gamma)`` where

    .. math::

        F(x) = D(x) - D_M - \\log\\big(1 - e^{D(x) - D_M - \\epsilon}\\big)

    so that ``sigmoid(F(x)) = exp(D(x) - D_M)`` exactly: with gamma = 0 this is rejection
    sampling with the estimated bound. The paper instead sets gamma to a ``quantile`` of F
    within each batch of proposals, which keeps the acceptance rate up: a sample at that
    quantile is kept with probability 1/2, and samples far below it almost never.

    Parameters
    ----------
    generator : torch.nn.Module
        Maps latent vectors (B, Z) to samples; it needs a ``latent_dim`` attribute.
    discriminator : torch.nn.Module
        Maps samples to one logit each.
    n : int
        Samples to return.
    seed : int, default 0
        Seed of the latent vectors and of the accept/reject draws (a private generator; the
        global random state is left alone).
    quantile : float, default 0.8
        The quantile of F(x) in each batch that sets gamma, in [0, 1).
    gamma : float, optional
        A fixed gamma instead (then ``quantile`` is not used); 0 is plain rejection sampling.
    burn_in : int, default 10000
        Samples drawn first, only to estimate ``D_M``.
    batch_size : int, default 1000
        Proposals per batch.
    epsilon : float, default 1e-6
        Keeps the logarithm finite for the sample that sets ``D_M``.

    Returns
    -------
    RejectionSamples
        ``samples`` (n, ...), ``proposals`` and ``acceptance_rate``.

    Raises
    ------
    ValueError
        If ``n``, ``burn_in`` or ``batch_size`` is out of range, ``quantile`` is not in
        [0, 1), or ``epsilon`` is not positive.
    TypeError
        If ``generator`` has no integer ``latent_dim``.

    Examples
    --------
    >>> g, d = DCGANGenerator(latent_dim=4, width=4).eval(), DCGANDiscriminator(width=4).eval()
    >>> kept = discriminator_rejection_sampling(g, d, 50, burn_in=200, batch_size=100)
    >>> tuple(kept.samples.shape), kept.proposals >= 50, 0 < kept.acceptance_rate <= 1
    ((50, 1, 8, 8), True, True)
    """
    n = checks.integer(n, "n", minimum=1)
    checks.integer(burn_in, "burn_in", minimum=1)
    checks.integer(batch_size, "batch_size", minimum=2)
    quantile = checks.number(quantile, "quantile")
    if not 0 <= quantile < 1:
        raise ValueError(f"quantile must be in [0, 1), got {quantile}")
    checks.number(epsilon, "epsilon", positive=True)
    if gamma is not None:
        gamma = checks.number(gamma, "gamma")
    latent_dim = getattr(generator, "latent_dim", None)
    if isinstance(latent_dim, bool) or not isinstance(latent_dim, int):
        raise TypeError(
            f"generator must have an int latent_dim, got {type(generator).__name__} with "
            f"latent_dim={latent_dim!r}"
        )
    stream = torch.Generator().manual_seed(checks.integer(seed, "seed"))
    dtype = _dtype(generator)

    def propose(count: int) -> tuple[Tensor, Tensor]:
        z = torch.randn(count, latent_dim, generator=stream, dtype=dtype)  # (B, Z)
        x = generator(z)  # (B, ...)
        return x, discriminator(x).double()  # (B, ...), (B,)

    with torch.no_grad():
        d_max = -math.inf
        for start in range(0, burn_in, batch_size):
            d_max = max(d_max, float(propose(min(batch_size, burn_in - start))[1].max()))
        kept: list[Tensor] = []
        have, proposals = 0, 0
        while have < n:
            x, logits = propose(batch_size)
            d_max = max(d_max, float(logits.max()))
            shifted = logits - d_max  # <= 0
            f = shifted - torch.log1p(-torch.exp(shifted - epsilon))  # (B,)
            shift = torch.quantile(f, quantile) if gamma is None else gamma
            p_accept = torch.sigmoid(f - shift)  # (B,)
            u = torch.rand(batch_size, generator=stream, dtype=torch.float64)  # (B,)
            index = (u < p_accept).nonzero().flatten()[: n - have]  # accepted, in order
            kept.append(x[index])
            have += len(index)
            # proposals up to the last one kept (the rest of the final batch is not needed)
            proposals += int(index[-1]) + 1 if have == n else batch_size
    samples = torch.cat(kept)  # (n, ...)
    return RejectionSamples(samples=samples, proposals=proposals, acceptance_rate=n / proposals)
