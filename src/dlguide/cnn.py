"""Convolution, pooling and a small convolutional network for 8x8 handwritten digits.

A convolutional layer slides a small filter of learned weights over an image; at every position
it multiplies the filter with the patch under it and sums, giving one number of an output
*feature map*. Because the same few weights are reused at every position, a convolution needs
far fewer parameters than a dense layer between the same two images, and it detects a pattern
wherever it appears. Pooling then shrinks each feature map by keeping the maximum (or the mean)
of each small window. This is the design of LeNet (LeCun et al., "Gradient-based learning
applied to document recognition", 1998), with the ReLU activation (Nair and Hinton, 2010) and
max pooling as popularised by AlexNet (Krizhevsky et al., "ImageNet classification with deep
convolutional neural networks", 2012).

Like PyTorch, "convolution" here is cross-correlation: the filter is not flipped.

Two implementations of :func:`conv2d` are kept side by side:

- :func:`conv2d_loop` walks over output positions with two Python loops, exactly as the
  picture of a sliding filter suggests. It is for reading.
- :func:`conv2d` gathers every patch at once ("im2col") with :meth:`torch.Tensor.unfold`
  and turns the whole convolution into one matrix product. It is for training.

Both are plain tensor operations, so autograd differentiates them, and both are tested against
:func:`torch.nn.functional.conv2d`. :func:`conv2d_backward` writes the backward pass out by
hand: the input gradient is a transposed convolution, computed with :func:`conv2d` itself on
the spread-out output gradient and the flipped filters (Dumoulin and Visin, "A guide to
convolution arithmetic for deep learning", 2016), and the weight gradient correlates the input
with the output gradient.

Shape letters: N batch, C channels (``C_in``, ``C_out``), H and W height and width, K kernel
size (``kH``, ``kW``), S stride, P padding.

Taught on the guide's CNN page; the figures are drawn by ``gallery/cnn``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlguide import checks

__all__ = [
    "Conv2d",
    "Conv2dGradients",
    "DigitsCNN",
    "LayerParameters",
    "MLPBaseline",
    "avg_pool2d",
    "conv2d",
    "conv2d_backward",
    "conv2d_loop",
    "conv2d_output_size",
    "count_parameters",
    "dense_vs_conv_parameters",
    "max_pool2d",
]


# ---------------------------------------------------------------------------------------------
# Argument checks shared by the functions below
# ---------------------------------------------------------------------------------------------


def _check_stride(stride: int | tuple[int, int]) -> tuple[int, int]:
    return checks.pair(stride, "stride", minimum=1)


def _check_padding(padding: int | tuple[int, int]) -> tuple[int, int]:
    return checks.pair(padding, "padding", minimum=0)


def _check_image(input: Tensor, name: str = "input") -> tuple[Tensor, bool]:
    """Check an (N, C, H, W) or (C, H, W) float tensor; return it batched and a flag."""
    checks.tensor(input, name)
    if input.dim() not in (3, 4):
        raise ValueError(
            f"{name} must have rank 4 (N, C, H, W) or rank 3 (C, H, W), "
            f"got rank {input.dim()} with shape {tuple(input.shape)}"
        )
    checks.floating(input, name)
    unbatched = input.dim() == 3
    return (input.unsqueeze(0) if unbatched else input), unbatched


def _check_window(kernel: tuple[int, int], height: int, width: int, what: str) -> None:
    if kernel[0] > height or kernel[1] > width:
        raise ValueError(
            f"kernel size (kH, kW) = {kernel} is larger than the {what} (H, W) = {(height, width)}"
        )


def _check_conv_args(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None,
    stride: int | tuple[int, int],
    padding: int | tuple[int, int],
) -> tuple[Tensor, bool, tuple[int, int], tuple[int, int]]:
    x, unbatched = _check_image(input)
    checks.tensor(weight, "weight")
    if weight.dim() != 4:
        raise ValueError(
            "weight must have rank 4 (C_out, C_in, kH, kW), "
            f"got rank {weight.dim()} with shape {tuple(weight.shape)}"
        )
    if weight.dtype != x.dtype:
        raise TypeError(
            f"input and weight must have the same dtype, got {x.dtype} and {weight.dtype}"
        )
    if x.shape[1] != weight.shape[1]:
        raise ValueError(
            f"input has {x.shape[1]} channels but weight of shape {tuple(weight.shape)} "
            f"expects C_in = {weight.shape[1]}"
        )
    if bias is not None:
        checks.tensor(bias, "bias")
        if tuple(bias.shape) != (weight.shape[0],):
            raise ValueError(
                f"bias must have shape (C_out,) = ({weight.shape[0]},), got {tuple(bias.shape)}"
            )
        if bias.dtype != x.dtype:
            raise TypeError(f"bias must have dtype {x.dtype}, got {bias.dtype}")
    stride, padding = _check_stride(stride), _check_padding(padding)
    height, width = x.shape[2] + 2 * padding[0], x.shape[3] + 2 * padding[1]
    _check_window(tuple(weight.shape[2:]), height, width, "padded input")
    return x, unbatched, stride, padding


# ---------------------------------------------------------------------------------------------
# Convolution
# ---------------------------------------------------------------------------------------------

# Most elements (4 M float32 = 16 MB) of one im2col block in :func:`conv2d`.
_IM2COL_ELEMENTS = 1 << 22


def conv2d_output_size(
    size: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> int | tuple[int, int]:
    r"""Height and width of a convolution's (or pooling's) output.

    Along each axis a filter of size :math:`K` fits
    :math:`\left\lfloor \frac{H + 2P - K}{S} \right\rfloor + 1` times into an input of size
    :math:`H` padded by :math:`P` zeros on each side when it moves :math:`S` pixels at a step:
    ``floor((H + 2P - K) / S) + 1``.

    Parameters
    ----------
    size : int or (int, int)
        Input size ``H`` or ``(H, W)``.
    kernel_size : int or (int, int)
        Filter size ``K`` or ``(kH, kW)``.
    stride : int or (int, int), default 1
        Step ``S`` of the filter.
    padding : int or (int, int), default 0
        Zeros ``P`` added on each side.

    Returns
    -------
    int or (int, int)
        ``H_out``, or ``(H_out, W_out)`` when any argument is a pair.

    Raises
    ------
    ValueError
        If a size is not positive, the stride is not positive, the padding is negative, or the
        filter does not fit into the padded input.

    See Also
    --------
    torch.nn.Conv2d : its ``Shape`` section gives the same formula (with dilation).

    Examples
    --------
    >>> conv2d_output_size(8, kernel_size=3)
    6
    >>> conv2d_output_size(8, kernel_size=3, padding=1)
    8
    >>> conv2d_output_size((28, 28), kernel_size=5, stride=2, padding=2)
    (14, 14)
    """
    as_pair = any(isinstance(v, (tuple, list)) for v in (size, kernel_size, stride, padding))
    sizes = checks.pair(size, "size", minimum=1)
    kernel = checks.pair(kernel_size, "kernel_size", minimum=1)
    stride, padding = _check_stride(stride), _check_padding(padding)
    _check_window(kernel, sizes[0] + 2 * padding[0], sizes[1] + 2 * padding[1], "padded input")
    # floor((H + 2P - K) / S) + 1, per axis
    out = tuple(
        (n + 2 * p - k) // s + 1 for n, k, s, p in zip(sizes, kernel, stride, padding, strict=True)
    )
    return out if as_pair else out[0]  # type: ignore[return-value]


def conv2d_loop(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> Tensor:
    """2-D convolution written as a filter sliding over the image (readable, slow).

    For every output position ``(i, j)`` it cuts the ``kH x kW`` window whose top-left corner
    is ``(i * sH, j * sW)`` out of the zero-padded input, multiplies it element by element with
    every filter, and sums over channels and window:
    ``out[n, o, i, j] = bias[o] + sum_{c, u, v} x[n, c, i*sH + u, j*sW + v] * weight[o, c, u, v]``.

    Parameters
    ----------
    input : Tensor of shape (N, C_in, H, W) or (C_in, H, W)
        Floating-point images.
    weight : Tensor of shape (C_out, C_in, kH, kW)
        Filters, same dtype as ``input``.
    bias : Tensor of shape (C_out,), optional
        Added to every position of each output channel.
    stride : int or (int, int), default 1
        Step of the filter, ``S`` or ``(sH, sW)``.
    padding : int or (int, int), default 0
        Zeros added on each side, ``P`` or ``(pH, pW)``.

    Returns
    -------
    Tensor of shape (N, C_out, H_out, W_out) or (C_out, H_out, W_out)
        Feature maps; see :func:`conv2d_output_size` for ``H_out`` and ``W_out``.

    Raises
    ------
    TypeError
        If a tensor is not floating point or the dtypes differ.
    ValueError
        On a wrong rank, a channel mismatch, a bias of the wrong shape, a non-positive stride,
        a negative padding, or a kernel larger than the padded input.

    Shape
    -----
    - Input: ``(N, C_in, H, W)`` or ``(C_in, H, W)``
    - Output: ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)`` where
      ``H_out = floor((H + 2 * pH - kH) / sH) + 1`` and likewise ``W_out``.

    See Also
    --------
    conv2d : the same result, vectorised.
    torch.nn.functional.conv2d : PyTorch's twin.

    Examples
    --------
    >>> x = torch.ones(1, 1, 4, 4)
    >>> w = torch.ones(1, 1, 3, 3)
    >>> conv2d_loop(x, w).tolist()  # each output sums a 3x3 window of ones
    [[[[9.0, 9.0], [9.0, 9.0]]]]
    >>> tuple(conv2d_loop(x, w, padding=1).shape)
    (1, 1, 4, 4)
    """
    x, unbatched, (sH, sW), (pH, pW) = _check_conv_args(input, weight, bias, stride, padding)
    kH, kW = weight.shape[2:]
    # zero padding on all four sides: (N, C_in, H + 2pH, W + 2pW)
    x = F.pad(x, (pW, pW, pH, pH))
    H_out = (x.shape[2] - kH) // sH + 1
    W_out = (x.shape[3] - kW) // sW + 1
    rows = []
    for i in range(H_out):
        row = []
        for j in range(W_out):
            window = x[:, :, i * sH : i * sH + kH, j * sW : j * sW + kW]  # (N, C_in, kH, kW)
            # every filter times the window, summed over channels and window: (N, C_out)
            products = window[:, None] * weight[None]  # (N, C_out, C_in, kH, kW)
            row.append(products.sum(dim=(2, 3, 4)))
        rows.append(torch.stack(row, dim=-1))  # (N, C_out, W_out)
    out = torch.stack(rows, dim=-2)  # (N, C_out, H_out, W_out)
    if bias is not None:
        out = out + bias[:, None, None]
    return out.squeeze(0) if unbatched else out


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> Tensor:
    """2-D convolution (cross-correlation) as one matrix product over all patches (im2col).

    :meth:`torch.Tensor.unfold` gives a view of every ``kH x kW`` window without copying.
    Laying each window out as a column of length ``C_in * kH * kW`` turns the whole layer into
    ``weight (C_out, C_in*kH*kW) @ columns (N, C_in*kH*kW, H_out*W_out)``: the same sum as in
    :func:`conv2d_loop`, done by one fast matrix multiplication. The columns repeat every pixel
    up to ``kH * kW`` times, so a large batch is multiplied a few images at a time, in blocks
    small enough to stay in the CPU's cache, as convolution libraries tile the same product.

    Parameters
    ----------
    input : Tensor of shape (N, C_in, H, W) or (C_in, H, W)
        Floating-point images.
    weight : Tensor of shape (C_out, C_in, kH, kW)
        Filters, same dtype as ``input``.
    bias : Tensor of shape (C_out,), optional
        Added to every position of each output channel.
    stride : int or (int, int), default 1
        Step of the filter, ``S`` or ``(sH, sW)``.
    padding : int or (int, int), default 0
        Zeros added on each side, ``P`` or ``(pH, pW)``.

    Returns
    -------
    Tensor of shape (N, C_out, H_out, W_out) or (C_out, H_out, W_out)
        Feature maps; see :func:`conv2d_output_size` for ``H_out`` and ``W_out``.

    Raises
    ------
    TypeError
        If a tensor is not floating point or the dtypes differ.
    ValueError
        On a wrong rank, a channel mismatch, a bias of the wrong shape, a non-positive stride,
        a negative padding, or a kernel larger than the padded input.

    Shape
    -----
    - Input: ``(N, C_in, H, W)`` or ``(C_in, H, W)``
    - Output: ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)`` where
      ``H_out = floor((H + 2 * pH - kH) / sH) + 1`` and likewise ``W_out``.

    See Also
    --------
    conv2d_loop : the same result with explicit loops.
    torch.nn.functional.conv2d : PyTorch's twin.

    Examples
    --------
    >>> x = torch.randn(2, 3, 8, 8)
    >>> w = torch.randn(4, 3, 3, 3)
    >>> tuple(conv2d(x, w, stride=2, padding=1).shape)
    (2, 4, 4, 4)
    >>> torch.allclose(conv2d(x, w), torch.nn.functional.conv2d(x, w), atol=1e-5)
    True
    """
    x, unbatched, (sH, sW), (pH, pW) = _check_conv_args(input, weight, bias, stride, padding)
    N, C_in = x.shape[:2]
    C_out, _, kH, kW = weight.shape
    if pH or pW:
        x = F.pad(x, (pW, pW, pH, pH))  # (N, C_in, H + 2pH, W + 2pW)
    # every window, as a view: (N, C_in, H_out, W_out, kH, kW)
    windows = x.unfold(2, kH, sH).unfold(3, kW, sW)
    H_out, W_out = windows.shape[2:4]
    K = C_in * kH * kW  # length of one column: one window across all input channels
    filters = weight.reshape(C_out, K)
    # The column matrix holds every input pixel up to kH*kW times, so it is built for a few
    # images at a time: small enough to stay in the CPU cache while it is multiplied.
    step = max(1, _IM2COL_ELEMENTS // (K * H_out * W_out))
    blocks = []
    for start in range(0, N, step):
        # im2col: one column per output position, (n, K, H_out*W_out)
        columns = windows[start : start + step].permute(0, 1, 4, 5, 2, 3)
        columns = columns.reshape(-1, K, H_out * W_out)
        # out[n, o, p] = bias[o] + sum_k filters[o, k] * columns[n, k, p]
        if bias is None:
            blocks.append(filters @ columns)
        elif columns.shape[0] == 1:
            # one image: a plain matrix product, bias added by the multiplication (addmm)
            blocks.append(torch.addmm(bias[:, None], filters, columns[0])[None])
        else:
            # a batch of matrix products, bias added by the multiplication (baddbmm)
            n = columns.shape[0]
            blocks.append(torch.baddbmm(bias[:, None], filters.expand(n, C_out, K), columns))
    out = blocks[0] if len(blocks) == 1 else torch.cat(blocks)
    out = out.view(N, C_out, H_out, W_out)
    return out.squeeze(0) if unbatched else out


class Conv2dGradients(NamedTuple):
    """Gradients of a loss with respect to the three arguments of :func:`conv2d`."""

    #: dL/d input, shape (N, C_in, H, W) (or (C_in, H, W))
    grad_input: Tensor
    #: dL/d weight, shape (C_out, C_in, kH, kW)
    grad_weight: Tensor
    #: dL/d bias, shape (C_out,)
    grad_bias: Tensor


def conv2d_backward(
    grad_output: Tensor,
    input: Tensor,
    weight: Tensor,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> Conv2dGradients:
    r"""The backward pass of :func:`conv2d`, written out instead of left to autograd.

    With ``g = dL/d out`` and ``xp`` the zero-padded input, the forward sum
    ``out[n, o, i, j] = b[o] + sum_{c, u, v} w[o, c, u, v] * xp[n, c, i*sH + u, j*sW + v]``
    gives three gradients:

    - ``grad_bias[o] = sum_{n, i, j} g[n, o, i, j]``: every position adds the bias once.
    - ``grad_weight[o, c, u, v] = sum_{n, i, j} g[n, o, i, j] * xp[n, c, i*sH + u, j*sW + v]``:
      a correlation of the input with the output gradient, over the same windows as im2col.
    - ``grad_input``: each input pixel receives ``g`` times the weight that touched it, from
      every window it was in. That is a *transposed convolution* of ``g`` with ``w``, computed
      here with :func:`conv2d` itself: put ``sH - 1`` (``sW - 1``) zeros between the rows
      (columns) of ``g``, pad it by ``kH - 1`` (``kW - 1``) zeros, and convolve it with the
      filters turned by 180 degrees and with input and output channels swapped; then cut the
      padding off. Rows or columns the forward pass never reached (when the stride does not
      divide evenly) get zero gradient.

    Parameters
    ----------
    grad_output : Tensor of shape (N, C_out, H_out, W_out) or (C_out, H_out, W_out)
        Gradient of the loss with respect to the output of ``conv2d(input, weight, ...)``.
    input : Tensor of shape (N, C_in, H, W) or (C_in, H, W)
        The input of the forward pass.
    weight : Tensor of shape (C_out, C_in, kH, kW)
        The filters of the forward pass.
    stride : int or (int, int), default 1
        Step of the filter in the forward pass.
    padding : int or (int, int), default 0
        Zeros added on each side in the forward pass.

    Returns
    -------
    Conv2dGradients
        ``(grad_input, grad_weight, grad_bias)``, shaped like ``input``, ``weight`` and
        ``(C_out,)``. The bias gradient does not depend on whether the forward pass had a bias.

    Raises
    ------
    TypeError
        If a tensor is not floating point or the dtypes differ.
    ValueError
        On the errors of :func:`conv2d`, or if ``grad_output`` does not have the shape of the
        forward output.

    Shape
    -----
    - grad_output: ``(N, C_out, H_out, W_out)`` with
      ``H_out = floor((H + 2 * pH - kH) / sH) + 1`` and likewise ``W_out``
    - input, grad_input: ``(N, C_in, H, W)`` (or both without ``N``)
    - weight, grad_weight: ``(C_out, C_in, kH, kW)``; grad_bias: ``(C_out,)``

    See Also
    --------
    conv2d : the forward pass.
    dlguide.gan.conv_transpose2d : the transposed convolution from scratch, as a scatter-add.
    torch.nn.functional.conv_transpose2d : the transposed convolution, as one call.
    torch.nn.grad.conv2d_input, torch.nn.grad.conv2d_weight : PyTorch's twins.

    Examples
    --------
    >>> x, w = torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2)
    >>> grads = conv2d_backward(torch.ones(1, 1, 2, 2), x, w)
    >>> grads.grad_input[0, 0].tolist()  # how many windows cover each pixel
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    >>> grads.grad_weight[0, 0].tolist(), grads.grad_bias.tolist()
    ([[4.0, 4.0], [4.0, 4.0]], [4.0])
    """
    x, unbatched, (sH, sW), (pH, pW) = _check_conv_args(input, weight, None, stride, padding)
    N, _, H, W = x.shape
    C_out, _, kH, kW = weight.shape
    H_out, W_out = (H + 2 * pH - kH) // sH + 1, (W + 2 * pW - kW) // sW + 1
    checks.floating(grad_output, "grad_output")
    g = grad_output.unsqueeze(0) if unbatched and grad_output.dim() == 3 else grad_output
    if tuple(g.shape) != (N, C_out, H_out, W_out) or grad_output.dim() != input.dim():
        want = (N, C_out, H_out, W_out)[1:] if unbatched else (N, C_out, H_out, W_out)
        raise ValueError(
            f"grad_output must have the shape of the forward output {want}, "
            f"got {tuple(grad_output.shape)}"
        )
    if g.dtype != x.dtype:
        raise TypeError(
            f"grad_output and input must have the same dtype, got {g.dtype} and {x.dtype}"
        )

    # dL/db[o] = sum over batch and positions of g[n, o, i, j]
    grad_bias = g.sum(dim=(0, 2, 3))  # (C_out,)

    # dL/dw[o, c, u, v] = sum_{n, i, j} g[n, o, i, j] * xp[n, c, i*sH + u, j*sW + v]
    xp = F.pad(x, (pW, pW, pH, pH))  # (N, C_in, H + 2pH, W + 2pW)
    windows = xp.unfold(2, kH, sH).unfold(3, kW, sW)  # (N, C_in, H_out, W_out, kH, kW)
    grad_weight = torch.einsum("noij,ncijuv->ocuv", g, windows)  # (C_out, C_in, kH, kW)

    # dL/dx: transposed convolution of g with w, as a convolution.
    # 1. spread g out: sH - 1 zeros between rows, sW - 1 between columns
    spread = g.new_zeros(N, C_out, (H_out - 1) * sH + 1, (W_out - 1) * sW + 1)
    spread[:, :, ::sH, ::sW] = g
    # 2. a full frame of k - 1 zeros, plus the rows/columns the last window did not reach
    extra_h = H + 2 * pH - ((H_out - 1) * sH + kH)
    extra_w = W + 2 * pW - ((W_out - 1) * sW + kW)
    spread = F.pad(spread, (kW - 1, kW - 1 + extra_w, kH - 1, kH - 1 + extra_h))
    # 3. the filters turned by 180 degrees, C_in and C_out swapped: (C_in, C_out, kH, kW)
    flipped = weight.flip(-2, -1).transpose(0, 1)
    grad_padded = conv2d(spread, flipped)  # (N, C_in, H + 2pH, W + 2pW)
    # 4. the padding was not part of the input: cut it off
    grad_input = grad_padded[:, :, pH : pH + H, pW : pW + W]  # (N, C_in, H, W)
    if unbatched:
        grad_input = grad_input.squeeze(0)
    return Conv2dGradients(grad_input, grad_weight, grad_bias)


# ---------------------------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------------------------


def _pool_windows(
    input: Tensor,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None,
) -> tuple[Tensor, bool]:
    """All pooling windows as a view (N, C, H_out, W_out, kH, kW), plus the unbatched flag."""
    x, unbatched = _check_image(input)
    kernel = checks.pair(kernel_size, "kernel_size", minimum=1)
    # stride defaults to the window size: windows tile the image without overlap
    sH, sW = kernel if stride is None else _check_stride(stride)
    _check_window(kernel, x.shape[2], x.shape[3], "input")
    return x.unfold(2, kernel[0], sH).unfold(3, kernel[1], sW), unbatched


def max_pool2d(
    input: Tensor,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
) -> Tensor:
    """Keep the largest value of each ``kH x kW`` window (no padding).

    Parameters
    ----------
    input : Tensor of shape (N, C, H, W) or (C, H, W)
        Floating-point feature maps.
    kernel_size : int or (int, int)
        Window size ``K`` or ``(kH, kW)``.
    stride : int or (int, int), optional
        Step between windows; by default ``kernel_size`` (non-overlapping windows).

    Returns
    -------
    Tensor of shape (N, C, H_out, W_out) or (C, H_out, W_out)
        ``H_out = floor((H - kH) / sH) + 1``, likewise ``W_out``.

    Raises
    ------
    TypeError
        If ``input`` is not a floating-point tensor.
    ValueError
        On a wrong rank, a non-positive window or stride, or a window larger than the input.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``

    See Also
    --------
    avg_pool2d : the mean instead of the maximum.
    torch.nn.functional.max_pool2d : PyTorch's twin (also has padding, dilation, ceil_mode).

    Examples
    --------
    >>> x = torch.arange(16.0).reshape(1, 1, 4, 4)
    >>> max_pool2d(x, 2).tolist()
    [[[[5.0, 7.0], [13.0, 15.0]]]]
    """
    windows, unbatched = _pool_windows(input, kernel_size, stride)
    # (N, C, H_out, W_out, kH, kW) -> (N, C, H_out, W_out)
    out = windows.flatten(-2).max(dim=-1).values
    return out.squeeze(0) if unbatched else out


def avg_pool2d(
    input: Tensor,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
) -> Tensor:
    """Average each ``kH x kW`` window (no padding).

    Parameters
    ----------
    input : Tensor of shape (N, C, H, W) or (C, H, W)
        Floating-point feature maps.
    kernel_size : int or (int, int)
        Window size ``K`` or ``(kH, kW)``.
    stride : int or (int, int), optional
        Step between windows; by default ``kernel_size`` (non-overlapping windows).

    Returns
    -------
    Tensor of shape (N, C, H_out, W_out) or (C, H_out, W_out)
        ``H_out = floor((H - kH) / sH) + 1``, likewise ``W_out``.

    Raises
    ------
    TypeError
        If ``input`` is not a floating-point tensor.
    ValueError
        On a wrong rank, a non-positive window or stride, or a window larger than the input.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``

    See Also
    --------
    max_pool2d : the maximum instead of the mean.
    torch.nn.functional.avg_pool2d : PyTorch's twin (also has padding, ceil_mode).

    Examples
    --------
    >>> x = torch.arange(16.0).reshape(1, 1, 4, 4)
    >>> avg_pool2d(x, 2).tolist()
    [[[[2.5, 4.5], [10.5, 12.5]]]]
    """
    windows, unbatched = _pool_windows(input, kernel_size, stride)
    # (N, C, H_out, W_out, kH, kW) -> (N, C, H_out, W_out)
    out = windows.mean(dim=(-2, -1))
    return out.squeeze(0) if unbatched else out


# ---------------------------------------------------------------------------------------------
# The layer
# ---------------------------------------------------------------------------------------------


class Conv2d(nn.Module):
    """A convolutional layer: learned filters applied with :func:`conv2d`.

    Parameters and initialisation are those of :class:`torch.nn.Conv2d` (without groups and
    dilation), so ``state_dict`` copies both ways.

    Parameters
    ----------
    in_channels : int
        Channels ``C_in`` of the input.
    out_channels : int
        Number of filters, ``C_out``: channels of the output.
    kernel_size : int or (int, int)
        Filter size ``K`` or ``(kH, kW)``.
    stride : int or (int, int), default 1
        Step of the filter.
    padding : int or (int, int), default 0
        Zeros added on each side.
    bias : bool, default True
        Whether to learn a bias per output channel.

    Attributes
    ----------
    weight : Parameter of shape (C_out, C_in, kH, kW)
        Initialised from ``U(-b, b)`` with ``b = 1 / sqrt(C_in * kH * kW)``
        (``kaiming_uniform_`` with ``a = sqrt(5)``, torch's default).
    bias : Parameter of shape (C_out,) or None
        Initialised from the same ``U(-b, b)``.

    Shape
    -----
    - Input: ``(N, C_in, H, W)`` or ``(C_in, H, W)``
    - Output: ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)`` where
      ``H_out = floor((H + 2P - kH) / S) + 1`` and likewise ``W_out``.

    See Also
    --------
    torch.nn.Conv2d : PyTorch's twin.

    Examples
    --------
    >>> layer = Conv2d(1, 8, kernel_size=3, padding=1)
    >>> tuple(layer.weight.shape), tuple(layer.bias.shape)
    ((8, 1, 3, 3), (8,))
    >>> tuple(layer(torch.zeros(4, 1, 8, 8)).shape)
    (4, 8, 8, 8)
    >>> torch.nn.Conv2d(1, 8, 3, padding=1).load_state_dict(layer.state_dict())
    <All keys matched successfully>
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] = 1,
        padding: int | tuple[int, int] = 0,
        bias: bool = True,
    ) -> None:
        super().__init__()
        checks.integer(in_channels, "in_channels", minimum=1)
        checks.integer(out_channels, "out_channels", minimum=1)
        kernel = checks.pair(kernel_size, "kernel_size", minimum=1)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel
        self.stride = _check_stride(stride)
        self.padding = _check_padding(padding)
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, *kernel))
        self.bias = nn.Parameter(torch.empty(out_channels)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw fresh weights the way :class:`torch.nn.Conv2d` does (same random stream)."""
        # He et al. 2015 uniform init with a = sqrt(5): bound = 1 / sqrt(fan_in)
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_channels * self.kernel_size[0] * self.kernel_size[1]
            bound = 1 / math.sqrt(fan_in)
            nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        """Slide the filters over ``input`` (:func:`conv2d` with this layer's parameters).

        Parameters
        ----------
        input : Tensor
            Images or feature maps with ``in_channels`` channels.

        Returns
        -------
        Tensor
            One feature map per filter.

        Shape
        -----
        - Input: ``(N, C_in, H, W)`` or ``(C_in, H, W)``
        - Output: ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)`` where
          ``H_out = floor((H + 2P - kH) / S) + 1`` and likewise ``W_out``.
        """
        return conv2d(input, self.weight, self.bias, self.stride, self.padding)

    def extra_repr(self) -> str:
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0, 0):
            text += f", padding={self.padding}"
        if self.bias is None:
            text += ", bias=False"
        return text


# ---------------------------------------------------------------------------------------------
# Parameter counts: why convolution
# ---------------------------------------------------------------------------------------------


def count_parameters(module: nn.Module) -> int:
    """Number of learnable numbers in a module.

    Parameters
    ----------
    module : torch.nn.Module
        Any module.

    Returns
    -------
    int
        Sum of ``p.numel()`` over ``module.parameters()``.

    Examples
    --------
    >>> count_parameters(Conv2d(1, 8, 3))  # 8 filters of 3x3 plus 8 biases
    80
    """
    if not isinstance(module, nn.Module):
        raise TypeError(f"module must be a torch.nn.Module, got {type(module).__name__}")
    return sum(p.numel() for p in module.parameters())


class LayerParameters(NamedTuple):
    """Parameter counts of a convolutional layer and of the dense layer it replaces."""

    #: weights and biases of the convolution
    conv: int
    #: weights and biases of a dense layer between the same input and output sizes
    dense: int


def dense_vs_conv_parameters(
    in_shape: tuple[int, int, int],
    out_channels: int,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    bias: bool = True,
) -> LayerParameters:
    """Count the parameters of a convolution and of a dense layer with the same input and output.

    The convolution stores ``C_out`` filters of ``C_in * kH * kW`` weights, whatever the image
    size. A dense (fully connected) layer from the flattened input ``C_in * H * W`` to the
    flattened output map ``C_out * H_out * W_out`` stores one weight per input-output pair.

    Parameters
    ----------
    in_shape : (int, int, int)
        Input image shape ``(C_in, H, W)``.
    out_channels : int
        ``C_out``.
    kernel_size, stride, padding : int or (int, int)
        As for :class:`Conv2d`.
    bias : bool, default True
        Count one bias per output channel (conv) or per output unit (dense).

    Returns
    -------
    LayerParameters
        ``(conv, dense)`` counts.

    Raises
    ------
    ValueError
        If ``in_shape`` is not three positive ints or the filter does not fit.

    Examples
    --------
    >>> counts = dense_vs_conv_parameters((1, 8, 8), out_channels=16, kernel_size=3, padding=1)
    >>> counts.conv, counts.dense
    (160, 66560)
    >>> dense_vs_conv_parameters((3, 224, 224), 64, 3, padding=1).dense > 10**11
    True
    """
    if not isinstance(in_shape, (tuple, list)) or len(in_shape) != 3:
        raise ValueError(f"in_shape must be three positive ints (C_in, H, W), got {in_shape!r}")
    C_in, H, W = (checks.integer(v, "in_shape entries", minimum=1) for v in in_shape)
    kH, kW = checks.pair(kernel_size, "kernel_size", minimum=1)
    H_out, W_out = conv2d_output_size((H, W), (kH, kW), stride, padding)
    conv = out_channels * C_in * kH * kW + (out_channels if bias else 0)
    n_in, n_out = C_in * H * W, out_channels * H_out * W_out
    dense = n_in * n_out + (n_out if bias else 0)
    return LayerParameters(conv=conv, dense=dense)


# ---------------------------------------------------------------------------------------------
# A CNN for 8x8 digits, and the dense network it is compared with
# ---------------------------------------------------------------------------------------------


def _check_digits_input(x: Tensor) -> None:
    checks.tensor(x, "input")
    if x.dim() != 4 or tuple(x.shape[1:]) != (1, 8, 8):
        raise ValueError(f"input must have shape (N, 1, 8, 8), got {tuple(x.shape)}")


class DigitsCNN(nn.Module):
    """A small convolutional network for the 8x8 digits of :mod:`dlguide.data.digits`.

    Three 3x3 convolutions with zero padding 1 (which keeps the size), each followed by ReLU;
    the last two are followed by 2x2 max pooling, which halves height and width. A linear
    layer reads the final ``(C3, 2, 2)`` maps and scores the ten digits.

    Parameters
    ----------
    channels : (int, int, int), default (16, 32, 32)
        Filters in the three convolutions.
    num_classes : int, default 10
        Number of output scores.

    Shape
    -----
    - Input: ``(N, 1, 8, 8)`` images in ``[0, 1]``
    - Output: ``(N, num_classes)`` logits (unnormalised scores)

    See Also
    --------
    MLPBaseline : a dense network with a similar number of parameters.
    dlguide.train.cnn.train_digits_cnn : trains it.

    Examples
    --------
    >>> model = DigitsCNN()
    >>> tuple(model(torch.zeros(5, 1, 8, 8)).shape)
    (5, 10)
    >>> [tuple(m.shape) for m in model.feature_maps(torch.zeros(1, 1, 8, 8)).values()]
    [(1, 16, 8, 8), (1, 32, 4, 4), (1, 32, 2, 2)]
    """

    def __init__(self, channels: tuple[int, int, int] = (16, 32, 32), num_classes: int = 10):
        super().__init__()
        c1, c2, c3 = channels
        self.conv1 = Conv2d(1, c1, kernel_size=3, padding=1)
        self.conv2 = Conv2d(c1, c2, kernel_size=3, padding=1)
        self.conv3 = Conv2d(c2, c3, kernel_size=3, padding=1)
        self.fc = nn.Linear(c3 * 2 * 2, num_classes)

    def feature_maps(self, x: Tensor) -> dict[str, Tensor]:
        """Return the maps after each block, keyed ``"conv1"``, ``"conv2"``, ``"conv3"``."""
        _check_digits_input(x)
        h1 = torch.relu(self.conv1(x))  # (N, C1, 8, 8)
        h2 = max_pool2d(torch.relu(self.conv2(h1)), 2)  # (N, C2, 4, 4)
        h3 = max_pool2d(torch.relu(self.conv3(h2)), 2)  # (N, C3, 2, 2)
        return {"conv1": h1, "conv2": h2, "conv3": h3}

    def forward(self, x: Tensor) -> Tensor:
        """Score each digit image: the three convolution blocks, then the dense layer.

        Parameters
        ----------
        x : Tensor
            Images in ``[0, 1]``.

        Returns
        -------
        Tensor
            Logits, one per class; :meth:`feature_maps` returns the maps in between.

        Shape
        -----
        - Input: ``(N, 1, 8, 8)``
        - Output: ``(N, num_classes)``
        """
        h = self.feature_maps(x)["conv3"]  # (N, C3, 2, 2)
        return self.fc(h.flatten(1))  # (N, 10)


class MLPBaseline(nn.Module):
    """A dense network on the 64 flattened pixels, sized like :class:`DigitsCNN`.

    ``64 -> hidden -> ReLU -> hidden -> ReLU -> 10``. With the default ``hidden=128`` it has
    about as many parameters as the default :class:`DigitsCNN` (same order), so the two can be
    compared fairly.

    Parameters
    ----------
    hidden : int, default 128
        Units in each hidden layer.
    num_classes : int, default 10
        Number of output scores.

    Shape
    -----
    - Input: ``(N, 1, 8, 8)`` images in ``[0, 1]``
    - Output: ``(N, num_classes)`` logits

    Examples
    --------
    >>> tuple(MLPBaseline()(torch.zeros(3, 1, 8, 8)).shape)
    (3, 10)
    """

    def __init__(self, hidden: int = 128, num_classes: int = 10):
        super().__init__()
        self.fc1 = nn.Linear(64, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.fc3 = nn.Linear(hidden, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        """Score each digit image from its 64 flattened pixels (no convolution).

        Parameters
        ----------
        x : Tensor
            Images in ``[0, 1]``.

        Returns
        -------
        Tensor
            Logits, one per class.

        Shape
        -----
        - Input: ``(N, 1, 8, 8)``
        - Output: ``(N, num_classes)``
        """
        _check_digits_input(x)
        h = torch.relu(self.fc1(x.flatten(1)))  # (N, hidden)
        h = torch.relu(self.fc2(h))  # (N, hidden)
        return self.fc3(h)  # (N, 10)
