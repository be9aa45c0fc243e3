"""Weight initialisation: Xavier (Glorot) and Kaiming (He), and a way to see why they matter.

A layer ``z = W h`` with ``fan_in`` inputs adds up ``fan_in`` products. If the weights are
independent with mean 0 and variance ``Var(w)``, and the inputs have variance ``Var(h)``, then
``Var(z) = fan_in · Var(w) · Var(h)``: the signal keeps its size from layer to layer only if
``Var(w) = 1 / fan_in`` (times a gain for what the activation does to it).

- Xavier / Glorot initialisation (Glorot & Bengio, "Understanding the difficulty of training
  deep feedforward neural networks", AISTATS 2010) takes ``Var(w) = gain² · 2 / (fan_in +
  fan_out)``, a compromise that also keeps the backward pass's gradients at their size. It
  suits activations that are linear near 0: tanh, sigmoid, none.
- Kaiming / He initialisation (He, Zhang, Ren & Sun, "Delving deep into rectifiers", ICCV 2015)
  takes ``Var(w) = gain² / fan_in`` with ``gain² = 2`` for ReLU, which zeroes half of its
  inputs and so halves the variance.

Each function fills a tensor in place, as :mod:`torch.nn.init` does, with the same names,
arguments and formulas, and draws its numbers from an explicit ``generator``: with the same
generator state it gives exactly torch's values (``tests/test_init.py``).
:func:`activation_std_through_depth` measures what each choice does to the activations of a
deep network.

Shape letters: a weight has shape (K, D, ...): K outputs (``fan_out = K · receptive field``),
D inputs (``fan_in = D · receptive field``). Taught on the guide page "Neural networks from the
ground up" (section "Initialising the weights").
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import Tensor

from dlguide import checks

__all__ = [
    "INITS",
    "activation_std_through_depth",
    "calculate_fan_in_and_fan_out",
    "calculate_gain",
    "kaiming_normal_",
    "kaiming_uniform_",
    "xavier_normal_",
    "xavier_uniform_",
]


def calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """The number of inputs and of outputs each weight of a layer connects.

    Parameters
    ----------
    tensor : Tensor of shape (K, D, kernel...)
        A weight of rank 2 (linear layer) or more (convolution: the kernel's size multiplies
        both fans).

    Returns
    -------
    (int, int)
        ``fan_in = D · prod(kernel)``, ``fan_out = K · prod(kernel)``.

    Raises
    ------
    TypeError
        If ``tensor`` is not a tensor.
    ValueError
        If it has fewer than two dimensions.

    Shape
    -----
    - Input: (K, D) for a linear layer, (C_out, C_in, kH, kW) for a convolution.

    See Also
    --------
    torch.nn.init._calculate_fan_in_and_fan_out : torch's (private) twin.

    Examples
    --------
    >>> calculate_fan_in_and_fan_out(torch.empty(16, 3, 5, 5))  # a conv layer, 3 -> 16 channels
    (75, 400)
    """
    checks.tensor(tensor, "tensor")
    if tensor.dim() < 2:
        raise ValueError(
            f"fan in and fan out need a weight of at least 2 dimensions (K, D, ...), "
            f"got shape {tuple(tensor.shape)}"
        )
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The gain that corrects an activation's effect on the variance, torch's values.

    Parameters
    ----------
    nonlinearity : {"linear", "sigmoid", "tanh", "relu", "leaky_relu"}
    param : float, optional
        The negative slope of ``"leaky_relu"`` (default 0.01).

    Returns
    -------
    float
        1 for linear and sigmoid, 5/3 for tanh, √2 for ReLU, √(2 / (1 + slope²)) for leaky
        ReLU.

    Raises
    ------
    ValueError
        If ``nonlinearity`` is unknown.

    See Also
    --------
    torch.nn.init.calculate_gain : the torch twin.

    Examples
    --------
    >>> round(calculate_gain("relu"), 4), round(calculate_gain("tanh"), 4)
    (1.4142, 1.6667)
    """
    checks.choice(
        nonlinearity, "nonlinearity", ("linear", "sigmoid", "tanh", "relu", "leaky_relu")
    )
    if nonlinearity in ("linear", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    slope = 0.01 if param is None else checks.number(param, "param")
    # ReLU keeps half the variance; a leaky ReLU keeps (1 + slope²) / 2 of it
    return math.sqrt(2.0 / (1 + slope**2))


def _fill(tensor: Tensor, generator: torch.Generator, where: str) -> None:
    checks.floating(tensor, f"{where} tensor")
    if not isinstance(generator, torch.Generator):
        raise TypeError(
            f"{where} needs generator=torch.Generator (seeded with .manual_seed), "
            f"got {type(generator).__name__}"
        )


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, *, generator: torch.Generator) -> Tensor:
    """Fill ``tensor`` from U(-a, a), ``a = gain · √(6 / (fan_in + fan_out))`` (Glorot, 2010).

    The bound makes the variance ``a² / 3 = gain² · 2 / (fan_in + fan_out)``.

    Parameters
    ----------
    tensor : Tensor of shape (K, D, kernel...), floating point
        Filled in place, without recording it for autograd.
    gain : float
        For example :func:`calculate_gain` of the activation that follows.
    generator : torch.Generator
        The source of random numbers (the global one is never used).

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    TypeError
        If ``tensor`` is not a floating tensor or ``generator`` not a ``torch.Generator``.
    ValueError
        If ``tensor`` has fewer than two dimensions.

    Shape
    -----
    - Input and output: ``(K, D, *kernel)``.

    See Also
    --------
    torch.nn.init.xavier_uniform_ : the torch twin; equal values for an equal generator.

    Examples
    --------
    >>> w = xavier_uniform_(torch.empty(100, 50), generator=torch.Generator().manual_seed(0))
    >>> bool(w.abs().max() <= (6 / (50 + 100)) ** 0.5)
    True
    """
    _fill(tensor, generator, "xavier_uniform_")
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    # Var(w) = gain² · 2 / (fan_in + fan_out), and U(-a, a) has variance a² / 3
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    a = math.sqrt(3.0) * std
    with torch.no_grad():
        return tensor.uniform_(-a, a, generator=generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, *, generator: torch.Generator) -> Tensor:
    """Fill ``tensor`` from N(0, std²), ``std = gain · √(2 / (fan_in + fan_out))`` (Glorot, 2010).

    Parameters
    ----------
    tensor : Tensor of shape (K, D, kernel...), floating point
        Filled in place.
    gain : float
    generator : torch.Generator

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    TypeError
        If ``tensor`` is not a floating tensor or ``generator`` not a ``torch.Generator``.
    ValueError
        If ``tensor`` has fewer than two dimensions.

    Shape
    -----
    - Input and output: ``(K, D, *kernel)``.

    See Also
    --------
    torch.nn.init.xavier_normal_ : the torch twin; equal values for an equal generator.

    Examples
    --------
    >>> w = xavier_normal_(torch.empty(400, 400), generator=torch.Generator().manual_seed(0))
    >>> round(w.std().item() * 20, 1)  # std √(2 / 800) = 1/20
    1.0
    """
    _fill(tensor, generator, "xavier_normal_")
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    # std = gain · √(2 / (fan_in + fan_out))
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    with torch.no_grad():
        return tensor.normal_(0.0, std, generator=generator)


def _kaiming_std(tensor: Tensor, a: float, mode: str, nonlinearity: str) -> float:
    checks.choice(mode, "mode", ("fan_in", "fan_out"))
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    fan = fan_in if mode == "fan_in" else fan_out
    # Var(w) = gain² / fan, gain² = 2 for ReLU (He et al., 2015)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    *,
    generator: torch.Generator,
) -> Tensor:
    """Fill ``tensor`` from U(-bound, bound), ``bound = gain · √(3 / fan)`` (He et al., 2015).

    Parameters
    ----------
    tensor : Tensor of shape (K, D, kernel...), floating point
        Filled in place.
    a : float
        The negative slope of a leaky ReLU (0 makes it a ReLU, gain √2).
    mode : {"fan_in", "fan_out"}
        Keep the forward pass's variance (``fan_in``) or the backward pass's (``fan_out``).
    nonlinearity : {"relu", "leaky_relu", "linear", "sigmoid", "tanh"}
        The activation after the layer, for :func:`calculate_gain`.
    generator : torch.Generator

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    TypeError
        As :func:`xavier_uniform_`.
    ValueError
        If ``tensor`` has fewer than two dimensions, or ``mode`` / ``nonlinearity`` is unknown.

    Shape
    -----
    - Input and output: ``(K, D, *kernel)``.

    See Also
    --------
    torch.nn.init.kaiming_uniform_ : the torch twin; equal values for an equal generator.

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> w = kaiming_uniform_(torch.empty(64, 32), nonlinearity="relu", generator=g)
    >>> bool(w.abs().max() <= (6 / 32) ** 0.5)  # √2 · √(3 / 32)
    True
    """
    _fill(tensor, generator, "kaiming_uniform_")
    # U(-bound, bound) has variance bound² / 3
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    with torch.no_grad():
        return tensor.uniform_(-bound, bound, generator=generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    *,
    generator: torch.Generator,
) -> Tensor:
    """Fill ``tensor`` from N(0, std²), ``std = gain / √fan`` (He et al., 2015).

    Parameters
    ----------
    tensor : Tensor of shape (K, D, kernel...), floating point
        Filled in place.
    a, mode, nonlinearity
        As :func:`kaiming_uniform_`.
    generator : torch.Generator

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    TypeError
        If ``tensor`` is not a floating tensor or ``generator`` not a ``torch.Generator``.
    ValueError
        If ``tensor`` has fewer than two dimensions, or ``mode`` / ``nonlinearity`` is unknown.

    Shape
    -----
    - Input and output: ``(K, D, *kernel)``.

    See Also
    --------
    torch.nn.init.kaiming_normal_ : the torch twin; equal values for an equal generator.

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> w = kaiming_normal_(torch.empty(500, 200), nonlinearity="relu", generator=g)
    >>> round(w.std().item() * 10, 1)  # √2 / √200 = 1/10
    1.0
    """
    _fill(tensor, generator, "kaiming_normal_")
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    with torch.no_grad():
        return tensor.normal_(0.0, std, generator=generator)


def _normal(std: float) -> Callable[..., Tensor]:
    def init(tensor: Tensor, *, generator: torch.Generator) -> Tensor:
        with torch.no_grad():
            return tensor.normal_(0.0, std, generator=generator)

    return init


#: Initialisations by name for :func:`activation_std_through_depth`: two fixed scales that
#: ignore the layer's size, and the four of this module (Xavier with gain 1, Kaiming for ReLU).
INITS: dict[str, Callable[..., Tensor]] = {
    "normal": _normal(1.0),
    "small": _normal(0.01),
    "xavier_uniform": xavier_uniform_,
    "xavier_normal": xavier_normal_,
    "kaiming_uniform": lambda t, *, generator: kaiming_uniform_(
        t, nonlinearity="relu", generator=generator
    ),
    "kaiming_normal": lambda t, *, generator: kaiming_normal_(
        t, nonlinearity="relu", generator=generator
    ),
}

# torch's own functions: they stay accurate for the tiny activations of a vanishing signal
# (dlguide.nn.tanh, computed as 2σ(2z) - 1, rounds |z| < 1e-16 to 0).
_ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {
    "linear": lambda z: z,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
}


def activation_std_through_depth(
    init: str | Callable[..., Tensor],
    depth: int,
    width: int,
    activation: str,
    *,
    generator: torch.Generator,
    batch: int = 256,
) -> list[float]:
    """The standard deviation of the activations after each layer of a deep, untrained MLP.

    The network is ``depth`` bias-free square layers ``h_l = φ(h_{l-1} W_l^T)`` of ``width``
    units, with every ``W_l`` drawn by ``init``, fed a batch of standard-normal inputs. A good
    initialisation keeps the numbers roughly constant; a bad one makes them shrink to 0 or
    grow (or, for tanh, saturate at ±1), and the gradients with them.

    Parameters
    ----------
    init : str or callable
        A name of :data:`INITS` (``"normal"``, ``"small"``, ``"xavier_uniform"``,
        ``"xavier_normal"``, ``"kaiming_uniform"``, ``"kaiming_normal"``), or a function
        ``init(weight, generator=...)`` that fills ``weight`` in place.
    depth : int
        Number of layers L, at least 1.
    width : int
        Units per layer (and input features), at least 1.
    activation : {"linear", "relu", "sigmoid", "tanh"}
    generator : torch.Generator
        Draws the inputs and the weights.
    batch : int
        Number of input samples N.

    Returns
    -------
    list of float
        L values: the standard deviation of ``h_1, ..., h_L`` over all N × width numbers.

    Raises
    ------
    TypeError
        If ``init`` is neither a name nor callable, or ``generator`` is not a generator.
    ValueError
        If ``init`` or ``activation`` is an unknown name, or a size is below 1.

    Shape
    -----
    - Inputs: (N, width); every weight: (width, width); output: L numbers.

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> stds = activation_std_through_depth("kaiming_normal", 10, 128, "relu", generator=g)
    >>> len(stds), 0.5 < stds[-1] < 2  # He init keeps ReLU activations at their size
    (10, True)
    >>> stds = activation_std_through_depth("small", 10, 128, "relu", generator=g)
    >>> stds[-1] < 1e-8  # N(0, 0.01²) makes them vanish
    True
    """
    if isinstance(init, str):
        checks.choice(init, "init", INITS)
        init = INITS[init]
    elif not callable(init):
        raise TypeError(f"init must be a name of INITS or a function, got {type(init).__name__}")
    checks.integer(depth, "depth", minimum=1)
    checks.integer(width, "width", minimum=1)
    checks.integer(batch, "batch", minimum=1)
    checks.choice(activation, "activation", _ACTIVATIONS)
    if not isinstance(generator, torch.Generator):
        raise TypeError(
            f"activation_std_through_depth needs generator=torch.Generator, "
            f"got {type(generator).__name__}"
        )
    act = _ACTIVATIONS[activation]
    h = torch.randn(batch, width, generator=generator, dtype=torch.float64)  # (N, width)
    stds = []
    with torch.no_grad():
        for _ in range(depth):
            weight = init(torch.empty(width, width, dtype=torch.float64), generator=generator)
            h = act(h @ weight.T)  # (N, width)
            stds.append(h.std().item())
    return stds
