"""Residual blocks: why an identity path lets a deep convolutional network train.

A plain block computes ``y = relu(F(x))`` with ``F`` two 3x3 convolutions and a ReLU in between;
a residual block adds its input back, ``y = relu(x + F(x))`` (He, Zhang, Ren and Sun, "Deep
residual learning for image recognition", CVPR 2016). The shortcut ``x`` is an identity path:
its derivative is 1, so in the backward pass every block passes the gradient through
unchanged *plus* whatever ``F`` adds, while a stack of plain blocks multiplies it by one
Jacobian per layer and can shrink it geometrically with depth.

:func:`first_layer_grad_norm` measures that at initialisation: the size of the gradient that
reaches the first convolution of a stack of ``depth`` blocks of either kind. Nothing is
trained; the blocks use :class:`dlguide.cnn.Conv2d`, initialised as :class:`torch.nn.Conv2d`
is, without biases or batch normalisation, so the identity path is the only difference
between the two stacks.

Shape letters: N batch, C channels, H and W height and width. Taught on the guide's CNN page,
section "Residual connections".
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from dlguide import checks
from dlguide.cnn import Conv2d
from dlguide.train.loop import seeded

__all__ = [
    "PlainBlock",
    "ResidualBlock",
    "first_layer_grad_norm",
    "make_stack",
]


class PlainBlock(nn.Module):
    """Two 3x3 convolutions with ReLUs and no shortcut: ``y = relu(conv2(relu(conv1(x))))``.

    Padding 1 keeps height and width, and the channel count stays ``channels``, so blocks
    stack; it is :class:`ResidualBlock` without the ``x +``.

    Parameters
    ----------
    channels : int
        Channels ``C`` of input and output.

    Shape
    -----
    - Input: ``(N, C, H, W)``
    - Output: ``(N, C, H, W)``

    See Also
    --------
    ResidualBlock : the same layers with the identity path.

    Examples
    --------
    >>> block = PlainBlock(4)
    >>> tuple(block(torch.zeros(2, 4, 8, 8)).shape)
    (2, 4, 8, 8)
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        checks.integer(channels, "channels", minimum=1)
        self.channels = channels
        self.conv1 = Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)
        self.conv2 = Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)

    def residual(self, x: Tensor) -> Tensor:
        """``F(x) = conv2(relu(conv1(x)))``, the part both kinds of block share."""
        _check_maps(x, self.channels, type(self).__name__)
        return self.conv2(torch.relu(self.conv1(x)))  # (N, C, H, W)

    def forward(self, x: Tensor) -> Tensor:
        """``relu(F(x))``.

        Parameters
        ----------
        x : Tensor of shape (N, C, H, W)

        Returns
        -------
        Tensor of shape (N, C, H, W)

        Shape
        -----
        - Input: ``(N, C, H, W)``
        - Output: ``(N, C, H, W)``
        """
        return torch.relu(self.residual(x))


class ResidualBlock(PlainBlock):
    """The basic block of He et al. (2016) without batch norm: ``y = relu(x + F(x))``.

    ``F(x) = conv2(relu(conv1(x)))`` with 3x3 convolutions and padding 1, so ``F(x)`` has the
    shape of ``x`` and the two can be added. The block has to learn only the *change*
    ``F(x) = H(x) - x`` to the identity; with ``F = 0`` it passes ``x`` (after ReLU) through.

    torchvision's ``BasicBlock`` is the same block with batch normalization after each
    convolution and an optional downsampling shortcut.

    Parameters
    ----------
    channels : int
        Channels ``C`` of input and output.

    Shape
    -----
    - Input: ``(N, C, H, W)``
    - Output: ``(N, C, H, W)``

    See Also
    --------
    PlainBlock : the same layers without the identity path.

    Examples
    --------
    >>> block = ResidualBlock(4)
    >>> x = torch.ones(1, 4, 5, 5)
    >>> with torch.no_grad():
    ...     _ = block.conv2.weight.zero_()  # F(x) = 0
    >>> torch.equal(block(x), x)  # the identity path alone
    True
    """

    def forward(self, x: Tensor) -> Tensor:
        """``relu(x + F(x))``.

        Parameters
        ----------
        x : Tensor of shape (N, C, H, W)

        Returns
        -------
        Tensor of shape (N, C, H, W)

        Shape
        -----
        - Input: ``(N, C, H, W)``
        - Output: ``(N, C, H, W)``
        """
        return torch.relu(x + self.residual(x))  # identity path + residual branch


def _check_maps(x: object, channels: int, where: str) -> None:
    checks.tensor(x, f"{where} input", ndim=4, layout="(N, C, H, W)")
    checks.floating(x, f"{where} input")
    if x.shape[1] != channels:
        raise ValueError(
            f"{where} expects {channels} channels, got input of shape {tuple(x.shape)}"
        )


def make_stack(depth: int, residual: bool, channels: int = 8) -> nn.Sequential:
    """``depth`` blocks of one kind in a row, with fresh weights from torch's global stream.

    Seed it with :func:`dlguide.train.loop.seeded` (or call :func:`first_layer_grad_norm`,
    which does) for the same weights every time.

    Parameters
    ----------
    depth : int
        Number of blocks (each has two convolutions).
    residual : bool
        :class:`ResidualBlock` if true, else :class:`PlainBlock`.
    channels : int, default 8
        Channels of every block.

    Returns
    -------
    torch.nn.Sequential
        The blocks, ``depth`` of them.

    Shape
    -----
    - Input: ``(N, channels, H, W)``
    - Output: ``(N, channels, H, W)``

    Examples
    --------
    >>> stack = make_stack(3, residual=True, channels=4)
    >>> len(stack), type(stack[0]).__name__
    (3, 'ResidualBlock')
    """
    checks.integer(depth, "depth", minimum=1)
    if not isinstance(residual, bool):
        raise TypeError(f"residual must be a bool, got {type(residual).__name__}")
    block = ResidualBlock if residual else PlainBlock
    return nn.Sequential(*(block(channels) for _ in range(depth)))


def first_layer_grad_norm(
    depth: int,
    residual: bool,
    channels: int = 8,
    size: int = 6,
    batch_size: int = 2,
    seed: int = 0,
) -> float:
    """Size of the gradient that reaches the first layer of a fresh stack of blocks.

    Builds :func:`make_stack` with weights drawn from ``seed``, feeds it standard-normal
    images, and backpropagates a loss whose gradient with respect to the output is a fixed
    standard-normal tensor, scaled so that it has norm 1: ``L = sum(out * u) / ||u||``. The
    result is the norm of ``dL / d weight`` of the first convolution of the first block:
    how much of a unit-sized error signal survives the trip back through ``depth`` blocks.

    Everything runs in float64, so that a gradient of ``1e-60`` is still measured instead of
    rounding to zero. Torch's global random state is left as it was.

    Parameters
    ----------
    depth : int
        Number of blocks.
    residual : bool
        Residual blocks (``y = relu(x + F(x))``) or plain ones (``y = relu(F(x))``).
    channels : int, default 8
        Channels of every block.
    size : int, default 6
        Height and width of the random input images.
    batch_size : int, default 2
        Number of input images.
    seed : int, default 0
        Seeds the weights, the input and the output gradient.

    Returns
    -------
    float
        Frobenius norm of the gradient of the first convolution's weight, shape
        ``(C, C, 3, 3)``.

    Raises
    ------
    ValueError
        If ``depth``, ``channels``, ``size`` or ``batch_size`` is not positive.
    TypeError
        If one of them or ``seed`` is not an int, or ``residual`` is not a bool.

    See Also
    --------
    dlguide.rnn : the same question through time.

    Examples
    --------
    >>> deep_plain = first_layer_grad_norm(30, residual=False)
    >>> deep_residual = first_layer_grad_norm(30, residual=True)
    >>> deep_plain < 1e-12, deep_residual > 1e-3
    (True, True)
    """
    checks.integer(depth, "depth", minimum=1)
    checks.integer(channels, "channels", minimum=1)
    checks.integer(size, "size", minimum=1)
    checks.integer(batch_size, "batch_size", minimum=1)
    with seeded(seed):  # the weights; the caller's random stream is restored afterwards
        stack = make_stack(depth, residual, channels).double()
        generator = torch.Generator().manual_seed(seed)
        shape = (batch_size, channels, size, size)
        x = torch.randn(shape, dtype=torch.float64, generator=generator)  # (N, C, H, W)
        out = stack(x)  # (N, C, H, W)
        u = torch.randn(out.shape, dtype=torch.float64, generator=generator)
        loss = (out * u).sum() / u.norm()  # dL/d out = u / ||u||, norm 1
        (grad,) = torch.autograd.grad(loss, [stack[0].conv1.weight])  # (C, C, 3, 3)
    return float(grad.norm())
