"""Three layers of everyday training: leaky ReLU, batch normalisation and dropout.

- :func:`leaky_relu` / :class:`LeakyReLU` (Maas, Hannun & Ng, "Rectifier nonlinearities
  improve neural network acoustic models", 2013) keeps a small slope for negative inputs, so a
  unit whose input is negative still passes some gradient back instead of none.
- :func:`batch_norm` / :class:`BatchNorm1d` (Ioffe & Szegedy, "Batch normalization:
  accelerating deep network training by reducing internal covariate shift", ICML 2015)
  standardise each feature over the batch, then scale and shift it by learned ``γ`` and ``β``.
  In training they use the batch's statistics and update running averages; in evaluation they
  use the running averages, so one sample's output does not depend on the others.
- :func:`dropout` / :class:`Dropout` (Srivastava, Hinton, Krizhevsky, Sutskever &
  Salakhutdinov, "Dropout: a simple way to prevent neural networks from overfitting", JMLR
  2014) zero each activation with probability ``p`` during training and scale the survivors
  by ``1 / (1 - p)`` ("inverted" dropout), so that nothing needs to change at evaluation.

Each mirrors its ``torch.nn`` / ``torch.nn.functional`` twin in name, arguments and state dict
(a :class:`BatchNorm1d` state dict loads into :class:`torch.nn.BatchNorm1d` and back);
``tests/test_layers.py`` compares values and gradients with it in both modes. Random masks come
from an explicit ``generator``, never from torch's global one.

Shape letters: N batch, C features (channels), L length. Taught on the guide page "Neural
networks from the ground up".
"""

from __future__ import annotations

import torch
from torch import Tensor

from dlguide import checks

__all__ = [
    "BatchNorm1d",
    "Dropout",
    "LeakyReLU",
    "batch_norm",
    "dropout",
    "leaky_relu",
    "leaky_relu_grad",
]


# ---------------------------------------------------------------------------------------------
# Leaky ReLU.


def _slope(negative_slope: object) -> float:
    slope = checks.number(negative_slope, "negative_slope")
    if slope < 0:
        raise ValueError(f"negative_slope must be >= 0, got {slope!r}")
    return slope


def leaky_relu(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    """Leaky rectified linear unit: ``x`` where ``x > 0``, else ``negative_slope · x``.

    Parameters
    ----------
    x : Tensor of any shape, floating point
    negative_slope : float, default 0.01
        The slope for negative inputs, >= 0 (0 gives :func:`dlguide.nn.relu`).

    Returns
    -------
    Tensor of the same shape

    Raises
    ------
    TypeError
        If ``x`` is not a floating tensor or the slope not a number.
    ValueError
        If the slope is negative.

    Shape
    -----
    - Input: (*), any shape. Output: (*), the same shape.

    See Also
    --------
    torch.nn.functional.leaky_relu : the torch twin.
    leaky_relu_grad : its derivative.

    Examples
    --------
    >>> leaky_relu(torch.tensor([-2.0, 0.0, 3.0]), negative_slope=0.5).tolist()
    [-1.0, 0.0, 3.0]
    """
    checks.floating(x, "leaky_relu input")
    slope = _slope(negative_slope)
    # leaky_relu(x) = x if x > 0 else a x
    return torch.where(x > 0, x, slope * x)


def leaky_relu_grad(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    """Derivative of :func:`leaky_relu` at ``x``: 1 where ``x > 0``, else ``negative_slope``.

    Parameters
    ----------
    x : Tensor of any shape, floating point
        The input of the activation (not its output).
    negative_slope : float, default 0.01

    Returns
    -------
    Tensor of the same shape

    Shape
    -----
    - Input: (*). Output: (*), the same shape.

    See Also
    --------
    leaky_relu : the function itself.
    dlguide.nn.relu_grad : the same with slope 0: no gradient at all for negative inputs.

    Examples
    --------
    >>> leaky_relu_grad(torch.tensor([-2.0, 3.0]), negative_slope=0.5).tolist()
    [0.5, 1.0]
    """
    checks.floating(x, "leaky_relu_grad input")
    slope = _slope(negative_slope)
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, slope))


class LeakyReLU(torch.nn.Module):
    """Module form of :func:`leaky_relu`, like :class:`torch.nn.LeakyReLU`.

    Parameters
    ----------
    negative_slope : float, default 0.01

    Shape
    -----
    - Input: (*), any shape. Output: (*), the same shape.

    See Also
    --------
    torch.nn.LeakyReLU : the torch twin.

    Examples
    --------
    >>> LeakyReLU(0.5)(torch.tensor([-2.0, 2.0])).tolist()
    [-1.0, 2.0]
    """

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = _slope(negative_slope)

    def forward(self, x: Tensor) -> Tensor:
        """Apply :func:`leaky_relu` element-wise.

        Shape
        -----
        - Input: (*), any shape. Output: (*), the same shape.
        """
        return leaky_relu(x, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


# ---------------------------------------------------------------------------------------------
# Batch normalisation.


def batch_norm(
    input: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each feature over the batch, then scale by ``weight`` and shift by ``bias``.

    For feature c, with statistics taken over the batch (and length) dimensions:

    .. math::

        \\hat{x} = \\frac{x - μ_c}{\\sqrt{σ_c^2 + ε}}, \\qquad y = γ_c \\hat{x} + β_c

    In training ``μ_c`` and ``σ²_c`` are the batch's mean and (biased) variance, and the
    running statistics move towards them in place:
    ``running_mean ← (1 - m) running_mean + m μ_c``, and the same for ``running_var`` with
    the *unbiased* batch variance ``σ²_c · n / (n - 1)`` (n values per feature), as torch
    does. In evaluation the running statistics take the place of the batch's.

    Parameters
    ----------
    input : Tensor of shape (N, C) or (N, C, L), floating point
    running_mean, running_var : Tensor of shape (C,) or None
        Updated in place when ``training``; required when not training.
    weight, bias : Tensor of shape (C,), optional
        ``γ`` and ``β``; 1 and 0 if not given.
    training : bool
        Use the batch's statistics (and update the running ones), or the running ones.
    momentum : float
        ``m`` in [0, 1], the weight of the new batch in the running averages.
    eps : float
        ``ε`` > 0, added to the variance so that a constant feature does not divide by 0.

    Returns
    -------
    Tensor of the shape of ``input``

    Raises
    ------
    TypeError
        If a tensor is not floating point or of another dtype than ``input``.
    ValueError
        If ``input`` is not (N, C) or (N, C, L), a per-feature tensor is not (C,), the running
        statistics are missing in evaluation, a training batch has one value per feature, or
        ``momentum`` / ``eps`` is out of range.

    Shape
    -----
    - Input: (N, C) or (N, C, L). Output: the same shape.
    - running_mean, running_var, weight, bias: (C,).

    See Also
    --------
    torch.nn.functional.batch_norm : the torch twin.
    BatchNorm1d : the module, which owns ``γ``, ``β`` and the running statistics.

    Examples
    --------
    >>> x = torch.tensor([[1.0, 10.0], [3.0, 30.0]], dtype=torch.float64)  # N=2, C=2
    >>> mean, var = torch.zeros(2, dtype=torch.float64), torch.ones(2, dtype=torch.float64)
    >>> batch_norm(x, mean, var, training=True, eps=0.0).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    >>> mean.tolist(), var.round(decimals=2).tolist()  # 0.9 · old + 0.1 · batch
    ([0.2, 2.0], [1.1, 20.9])
    """
    checks.floating(input, "batch_norm input")
    if input.dim() not in (2, 3):
        raise ValueError(
            f"batch_norm expects input of shape (N, C) or (N, C, L), got {tuple(input.shape)}"
        )
    c = input.shape[1]
    for name, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is None:
            continue
        checks.floating(t, f"batch_norm {name}")
        if t.dtype != input.dtype:
            raise TypeError(
                f"batch_norm input must match the {t.dtype} {name}, got dtype {input.dtype}; "
                f"convert one of them with .to()"
            )
        if t.shape != (c,):
            raise ValueError(
                f"batch_norm expects {name} of shape ({c},) for input {tuple(input.shape)} "
                f"(C={c}), got {tuple(t.shape)}"
            )
    m = checks.number(momentum, "momentum")
    if not 0 <= m <= 1:
        raise ValueError(f"momentum must be in [0, 1], got {momentum!r}")
    eps = checks.number(eps, "eps")
    if eps < 0:
        raise ValueError(f"eps must be >= 0, got {eps!r}")

    dims = (0,) if input.dim() == 2 else (0, 2)  # every axis but the feature axis C
    shape = (1, c) if input.dim() == 2 else (1, c, 1)  # (C,) broadcast against the input
    if training:
        n = input.numel() // c  # values per feature
        if n < 2:
            raise ValueError(
                f"batch_norm in training needs more than 1 value per feature, got input "
                f"{tuple(input.shape)}; use a batch of 2 or more, or eval mode"
            )
        # μ_c = mean over the batch, σ²_c = biased variance (divide by n)
        mean = input.mean(dim=dims)  # (C,)
        var = input.var(dim=dims, correction=0)  # (C,)
        with torch.no_grad():
            if running_mean is not None:
                # running ← (1 - m) running + m · batch statistic
                running_mean.mul_(1 - m).add_(m * mean)
            if running_var is not None:
                # the running variance uses the unbiased estimate σ² n / (n - 1)
                running_var.mul_(1 - m).add_(m * var * n / (n - 1))
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm in eval mode needs running_mean and running_var")
        mean, var = running_mean, running_var
    # x̂ = (x - μ) / √(σ² + ε)
    x_hat = (input - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
    # y = γ x̂ + β
    if weight is not None:
        x_hat = x_hat * weight.reshape(shape)
    if bias is not None:
        x_hat = x_hat + bias.reshape(shape)
    return x_hat


class BatchNorm1d(torch.nn.Module):
    """Batch normalisation over (N, C) or (N, C, L) input, like :class:`torch.nn.BatchNorm1d`.

    Parameters
    ----------
    num_features : int
        C, the number of features (channels).
    eps : float, default 1e-5
    momentum : float, default 0.1
        Weight of each new batch in the running statistics.
    affine : bool, default True
        Learn ``weight`` (``γ``) and ``bias`` (``β``).
    dtype : torch.dtype, optional

    Attributes
    ----------
    weight, bias : Parameter of shape (C,) or None
        ``γ``, initialised to 1, and ``β``, initialised to 0.
    running_mean, running_var : buffer of shape (C,)
        Start at 0 and 1; updated by every forward pass in training mode.
    num_batches_tracked : buffer of shape (), torch.long
        Counts the training batches, as torch's does (it is part of the state dict).

    Shape
    -----
    - Input: (N, C) or (N, C, L). Output: the same shape.

    Raises
    ------
    TypeError
        From ``forward``, if the input is not a floating tensor of the parameters' dtype.
    ValueError
        From ``forward``, if the input is not (N, C) or (N, C, L) with C = ``num_features``,
        or a training batch has one value per feature.

    See Also
    --------
    torch.nn.BatchNorm1d : the torch twin; state dicts load both ways.

    Examples
    --------
    >>> bn = BatchNorm1d(3)
    >>> y = bn(torch.randn(8, 3) * 5 + 2)  # training mode: the batch's statistics
    >>> y.mean(dim=0).abs().max().item() < 1e-6, bn.num_batches_tracked.item()
    (True, 1)
    >>> torch.nn.BatchNorm1d(3).load_state_dict(bn.state_dict())
    <All keys matched successfully>
    """

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float = 0.1,
        affine: bool = True,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        self.num_features = checks.integer(num_features, "num_features", minimum=1)
        self.eps = checks.number(eps, "eps", positive=True)
        self.momentum = checks.number(momentum, "momentum")
        self.affine = affine
        if affine:
            self.weight = torch.nn.Parameter(torch.ones(num_features, dtype=dtype))
            self.bias = torch.nn.Parameter(torch.zeros(num_features, dtype=dtype))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.register_buffer("running_mean", torch.zeros(num_features, dtype=dtype))
        self.register_buffer("running_var", torch.ones(num_features, dtype=dtype))
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))

    def forward(self, x: Tensor) -> Tensor:
        """Normalise with the batch's statistics in training mode, the running ones in eval.

        Shape
        -----
        - Input: (N, C) or (N, C, L). Output: the same shape.
        """
        if x.dim() in (2, 3) and x.shape[1] != self.num_features:
            raise ValueError(
                f"BatchNorm1d expects input of shape (N, {self.num_features}) or "
                f"(N, {self.num_features}, L) (num_features={self.num_features}), "
                f"got {tuple(x.shape)}"
            )
        if self.training:
            self.num_batches_tracked.add_(1)
        return batch_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            training=self.training,
            momentum=self.momentum,
            eps=self.eps,
        )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}"
        )


# ---------------------------------------------------------------------------------------------
# Dropout.


def _probability(p: object) -> float:
    p = checks.number(p, "p")
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability p must be in [0, 1], got {p!r}")
    return p


def dropout(
    input: Tensor, p: float = 0.5, training: bool = True, *, generator: torch.Generator
) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``.

    With a mask ``r`` of independent Bernoulli(1 - p) draws, ``y = r ⊙ x / (1 - p)``, so that
    ``E[y] = x``: the expected activation is the same with and without dropout, and evaluation
    (``training=False``) returns ``input`` unchanged.

    Parameters
    ----------
    input : Tensor of any shape, floating point
    p : float, default 0.5
        Probability of zeroing an element, in [0, 1] (``p = 1`` zeroes everything).
    training : bool, default True
        Apply dropout, or return ``input`` as it is.
    generator : torch.Generator
        Draws the mask (torch's global generator is never used).

    Returns
    -------
    Tensor of the same shape

    Raises
    ------
    TypeError
        If ``input`` is not a floating tensor, ``p`` not a number or ``generator`` not a
        ``torch.Generator``.
    ValueError
        If ``p`` is outside [0, 1].

    Shape
    -----
    - Input: (*), any shape. Output: (*), the same shape.

    See Also
    --------
    torch.nn.functional.dropout : the torch twin (which draws from the global generator).
    Dropout : the module, which follows ``model.train()`` / ``model.eval()``.

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> y = dropout(torch.ones(10_000), p=0.25, generator=g)
    >>> sorted({round(v, 4) for v in y.tolist()}), round(y.mean().item(), 1)  # 0 or 1/0.75
    ([0.0, 1.3333], 1.0)
    """
    checks.floating(input, "dropout input")
    p = _probability(p)
    if not isinstance(generator, torch.Generator):
        raise TypeError(
            f"dropout needs generator=torch.Generator (seeded with .manual_seed), "
            f"got {type(generator).__name__}"
        )
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0.0
    # r ~ Bernoulli(1 - p): keep an element when a uniform draw falls below 1 - p
    keep = torch.rand(input.shape, generator=generator, dtype=input.dtype) < 1 - p
    # y = r ⊙ x / (1 - p), so that E[y] = x
    return input * keep.to(input.dtype) / (1 - p)


class Dropout(torch.nn.Module):
    """Module form of :func:`dropout`: active after ``model.train()``, identity after ``eval()``.

    Parameters
    ----------
    p : float, default 0.5
        Probability of zeroing an element, in [0, 1].
    generator : torch.Generator
        Draws the masks, one per forward pass in training mode.

    Shape
    -----
    - Input: (*), any shape. Output: (*), the same shape.

    Raises
    ------
    TypeError
        If ``p`` is not a number or ``generator`` not a ``torch.Generator``.
    ValueError
        If ``p`` is outside [0, 1].

    See Also
    --------
    torch.nn.Dropout : the torch twin.

    Examples
    --------
    >>> drop = Dropout(0.5, generator=torch.Generator().manual_seed(0))
    >>> x = torch.ones(1000)
    >>> (drop(x) == 0).sum().item() > 400, torch.equal(drop.eval()(x), x)
    (True, True)
    """

    def __init__(self, p: float = 0.5, *, generator: torch.Generator) -> None:
        super().__init__()
        self.p = _probability(p)
        if not isinstance(generator, torch.Generator):
            raise TypeError(
                f"Dropout needs generator=torch.Generator, got {type(generator).__name__}"
            )
        self.generator = generator

    def forward(self, x: Tensor) -> Tensor:
        """Apply :func:`dropout` in training mode; return ``x`` unchanged in eval mode.

        Shape
        -----
        - Input: (*), any shape. Output: (*), the same shape.
        """
        return dropout(x, self.p, self.training, generator=self.generator)

    def extra_repr(self) -> str:
        return f"p={self.p}"
