"""Neurons, a multilayer perceptron and gradient descent, written from scratch.

A neuron takes a weighted sum of its inputs, adds a bias and passes the result through an
activation function. A layer of neurons is :class:`Linear`; layers with activations in between
make a multilayer perceptron (:class:`MLP`). Learning lowers a loss by gradient descent, with
the gradients from backpropagation (Rumelhart, Hinton & Williams, "Learning representations by
back-propagating errors", Nature 323, 1986). :func:`mlp_forward_backward` writes the chain rule
out by hand for two layers, so it can be checked against autograd, and
:func:`numerical_gradient` checks any gradient by central finite differences.

Each piece mirrors its ``torch.nn`` / ``torch.nn.functional`` twin in name, arguments and
parameter layout (a :class:`Linear` state dict loads into :class:`torch.nn.Linear` and back),
and ``tests/test_nn.py`` compares values and gradients with it.

Its data sets are in :mod:`dlguide.data.toy`, its training recipe in :mod:`dlguide.train.nn`.

Shape letters: N batch, D input features, M hidden units, K outputs (classes). Taught on the
guide page "Neural networks from the ground up".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import torch
from torch import Tensor

from dlguide import checks

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "Linear",
    "cross_entropy",
    "fit_polynomial",
    "gradient_descent_fit",
    "log_softmax",
    "mlp_forward_backward",
    "mse_loss",
    "numerical_gradient",
    "polynomial_features",
    "relative_error",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
]


# ---------------------------------------------------------------------------------------------
# Input checks: a learner should read what was expected and what came, not a torch traceback.


def _check_features(x: object, in_features: int, dtype: torch.dtype, where: str) -> None:
    checks.floating(x, f"{where} input", dtype)
    if x.ndim == 0 or x.shape[-1] != in_features:
        raise ValueError(
            f"{where} expects input of shape (*, {in_features}) "
            f"(in_features={in_features}), got {tuple(x.shape)}"
        )


def _reduce(losses: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


# ---------------------------------------------------------------------------------------------
# Activation functions and their derivatives (as functions of the input x).


def relu(x: Tensor) -> Tensor:
    """Rectified linear unit, ``max(0, x)``, element-wise.

    Parameters
    ----------
    x : Tensor of any shape, floating point

    Returns
    -------
    Tensor of the same shape

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point tensor.

    See Also
    --------
    torch.nn.functional.relu : the torch twin.
    relu_grad : its derivative.

    Examples
    --------
    >>> relu(torch.tensor([-2.0, 0.0, 3.0])).tolist()
    [0.0, 0.0, 3.0]
    """
    checks.floating(x, "relu input")
    # relu(x) = max(0, x)
    return torch.where(x > 0, x, 0.0)


def relu_grad(x: Tensor) -> Tensor:
    """Derivative of :func:`relu` at ``x``: 1 where ``x > 0``, else 0 (torch's choice at 0).

    Parameters
    ----------
    x : Tensor of any shape, floating point
        The input of the activation (not its output).

    Returns
    -------
    Tensor of the same shape

    See Also
    --------
    relu : the function itself.

    Examples
    --------
    >>> relu_grad(torch.tensor([-2.0, 0.0, 3.0])).tolist()
    [0.0, 0.0, 1.0]
    """
    checks.floating(x, "relu_grad input")
    return (x > 0).to(x.dtype)


def sigmoid(x: Tensor) -> Tensor:
    """Logistic sigmoid ``1 / (1 + exp(-x))``, element-wise, squashing into (0, 1).

    Parameters
    ----------
    x : Tensor of any shape, floating point

    Returns
    -------
    Tensor of the same shape, values in [0, 1]

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point tensor.

    See Also
    --------
    torch.sigmoid : the torch twin.
    sigmoid_grad : its derivative.

    Examples
    --------
    >>> sigmoid(torch.tensor([-1000.0, 0.0, 2.0], dtype=torch.float64)).round(decimals=4).tolist()
    [0.0, 0.5, 0.8808]
    """
    checks.floating(x, "sigmoid input")
    # σ(x) = 1 / (1 + e^{-x}) for x >= 0, and the equal e^{x} / (1 + e^{x}) for x < 0:
    # each branch only exponentiates a number <= 0, so nothing overflows to inf (which would
    # turn the gradient into NaN for large |x|).
    e_pos = torch.exp(-x.clamp(min=0))
    e_neg = torch.exp(x.clamp(max=0))
    return torch.where(x >= 0, 1 / (1 + e_pos), e_neg / (1 + e_neg))


def sigmoid_grad(x: Tensor) -> Tensor:
    """Derivative of :func:`sigmoid` at ``x``: ``σ(x) (1 - σ(x))``, at most 0.25.

    Parameters
    ----------
    x : Tensor of any shape, floating point
        The input of the activation (not its output).

    Returns
    -------
    Tensor of the same shape

    See Also
    --------
    sigmoid : the function itself.

    Examples
    --------
    >>> sigmoid_grad(torch.tensor([0.0, 10.0])).round(decimals=4).tolist()
    [0.25, 0.0]
    """
    s = sigmoid(x)
    # dσ/dx = σ (1 - σ)
    return s * (1 - s)


def tanh(x: Tensor) -> Tensor:
    """Hyperbolic tangent ``(e^x - e^-x) / (e^x + e^-x)``, element-wise, into (-1, 1).

    Parameters
    ----------
    x : Tensor of any shape, floating point

    Returns
    -------
    Tensor of the same shape, values in [-1, 1]

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point tensor.

    See Also
    --------
    torch.tanh : the torch twin.
    tanh_grad : its derivative.

    Examples
    --------
    >>> tanh(torch.tensor([-1000.0, 0.0, 1.0], dtype=torch.float64)).round(decimals=4).tolist()
    [-1.0, 0.0, 0.7616]
    """
    checks.floating(x, "tanh input")
    # tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x}) = 2 σ(2x) - 1, which reuses the stable sigmoid
    return 2 * sigmoid(2 * x) - 1


def tanh_grad(x: Tensor) -> Tensor:
    """Derivative of :func:`tanh` at ``x``: ``1 - tanh(x)^2``, at most 1.

    Parameters
    ----------
    x : Tensor of any shape, floating point
        The input of the activation (not its output).

    Returns
    -------
    Tensor of the same shape

    See Also
    --------
    tanh : the function itself.

    Examples
    --------
    >>> tanh_grad(torch.tensor([0.0, 10.0])).round(decimals=4).tolist()
    [1.0, 0.0]
    """
    # d tanh/dx = 1 - tanh^2
    return 1 - tanh(x) ** 2


#: Each activation by name, with its derivative: ``ACTIVATIONS["tanh"] == (tanh, tanh_grad)``.
ACTIVATIONS: dict[str, tuple[Callable[[Tensor], Tensor], Callable[[Tensor], Tensor]]] = {
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
}


# ---------------------------------------------------------------------------------------------
# Losses.


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """Mean squared error between a prediction and a target of the same shape.

    Parameters
    ----------
    input : Tensor of shape (*), floating point
        The prediction (the name follows :func:`torch.nn.functional.mse_loss`).
    target : Tensor of shape (*), floating point
        The target, with the shape and dtype of ``input``.
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    Tensor
        A scalar, or the element-wise squared errors for ``reduction="none"``.

    Raises
    ------
    TypeError
        If either tensor is not floating point.
    ValueError
        If the shapes differ or ``reduction`` is unknown.

    See Also
    --------
    torch.nn.functional.mse_loss : the torch twin.

    Examples
    --------
    >>> mse_loss(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0])).item()
    2.0
    """
    checks.floating(input, "mse_loss input")
    checks.floating(target, "mse_loss target")
    checks.choice(reduction, "reduction", ("mean", "sum", "none"))
    if input.shape != target.shape:
        raise ValueError(
            f"mse_loss expects input and target of the same shape, "
            f"got {tuple(input.shape)} and {tuple(target.shape)}"
        )
    # L = mean_i (input_i - target_i)^2
    return _reduce((input - target) ** 2, reduction)


def log_softmax(x: Tensor, dim: int = -1) -> Tensor:
    """Logarithm of the softmax along ``dim``, computed without overflow.

    Parameters
    ----------
    x : Tensor of any shape, floating point
    dim : int
        The axis that holds the classes.

    Returns
    -------
    Tensor of the same shape; ``exp`` of it sums to 1 along ``dim``.

    See Also
    --------
    torch.nn.functional.log_softmax : the torch twin.

    Examples
    --------
    >>> log_softmax(torch.tensor([[1000.0, 1000.0]])).exp().tolist()
    [[0.5, 0.5]]
    """
    checks.floating(x, "log_softmax input")
    # log softmax(x)_k = x_k - log Σ_j e^{x_j} = (x_k - m) - log Σ_j e^{x_j - m}, any m.
    # With m = max_j x_j every exponent is <= 0, so exp cannot overflow. The shift leaves the
    # value unchanged, so no gradient needs to flow through it.
    shifted = x - x.amax(dim=dim, keepdim=True).detach()
    return shifted - shifted.exp().sum(dim=dim, keepdim=True).log()


def cross_entropy(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """Cross-entropy between class scores (logits) and class indices.

    Parameters
    ----------
    input : Tensor of shape (N, K), floating point
        Unnormalised scores (logits) for K classes.
    target : Tensor of shape (N,), dtype torch.long
        The correct class of each sample, in ``0 .. K-1``.
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    Tensor
        A scalar, or the N per-sample losses for ``reduction="none"``.

    Raises
    ------
    TypeError
        If ``input`` is not floating point or ``target`` is not torch.long.
    ValueError
        If the ranks or batch sizes do not match, a class index is out of range, or
        ``reduction`` is unknown.

    Shape
    -----
    - Input: (N, K); Target: (N,); Output: () or (N,) with ``reduction="none"``.

    See Also
    --------
    torch.nn.functional.cross_entropy : the torch twin (which also takes other shapes).

    Examples
    --------
    >>> logits = torch.tensor([[2.0, 0.0], [0.0, 2.0]])
    >>> round(cross_entropy(logits, torch.tensor([0, 1])).item(), 4)
    0.1269
    """
    checks.floating(input, "cross_entropy input")
    checks.choice(reduction, "reduction", ("mean", "sum", "none"))
    if input.ndim != 2:
        raise ValueError(f"cross_entropy expects input of shape (N, K), got {tuple(input.shape)}")
    if not isinstance(target, Tensor) or target.dtype != torch.long:
        got = target.dtype if isinstance(target, Tensor) else type(target).__name__
        raise TypeError(
            f"cross_entropy expects target class indices of dtype torch.long, got {got}"
        )
    n, k = input.shape
    if target.shape != (n,):
        raise ValueError(
            f"cross_entropy expects target of shape ({n},) for input {tuple(input.shape)}, "
            f"got {tuple(target.shape)}"
        )
    if n and (target.min() < 0 or target.max() >= k):
        raise ValueError(
            f"cross_entropy expects class indices in 0..{k - 1}, "
            f"got values from {target.min().item()} to {target.max().item()}"
        )
    logp = log_softmax(input, dim=1)  # (N, K)
    # L_n = -log p(t_n | x_n): the log-probability the model gives the correct class
    losses = -logp.gather(1, target[:, None]).squeeze(1)  # (N,)
    return _reduce(losses, reduction)


# ---------------------------------------------------------------------------------------------
# Layers.


class Linear(torch.nn.Module):
    """A layer of neurons: ``y = x W^T + b``, with :class:`torch.nn.Linear`'s layout and init.

    Parameters
    ----------
    in_features : int
        D, the size of each input sample.
    out_features : int
        K, the number of neurons (size of each output sample).
    bias : bool
        Whether to learn an additive bias ``b``.
    dtype : torch.dtype, optional
        Parameter dtype (default: torch's default, float32).

    Attributes
    ----------
    weight : Parameter of shape (K, D)
        Row k holds neuron k's weights. Initialised from U(-1/√D, 1/√D), as torch does.
    bias : Parameter of shape (K,) or None
        Initialised from U(-1/√D, 1/√D).

    Shape
    -----
    - Input: ``(*, D)``, any number of leading dimensions.
    - Output: ``(*, K)``.

    Raises
    ------
    TypeError
        From ``forward``, if the input is not a floating tensor of the parameters' dtype.
    ValueError
        From ``forward``, if the input's last dimension is not ``in_features``.

    See Also
    --------
    torch.nn.Linear : the torch twin; state dicts load both ways.

    Examples
    --------
    >>> layer = Linear(3, 2)
    >>> tuple(layer.weight.shape), tuple(layer(torch.zeros(5, 3)).shape)
    ((2, 3), (5, 2))
    >>> torch.nn.Linear(3, 2).load_state_dict(layer.state_dict())
    <All keys matched successfully>
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        checks.integer(in_features, "in_features", minimum=1)
        checks.integer(out_features, "out_features", minimum=1)
        self.in_features = in_features
        self.out_features = out_features
        self.weight = torch.nn.Parameter(torch.empty(out_features, in_features, dtype=dtype))
        if bias:
            self.bias = torch.nn.Parameter(torch.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw fresh parameters from U(-1/√D, 1/√D), consuming the global RNG like torch."""
        # torch.nn.Linear calls kaiming_uniform_(weight, a=√5); with gain √(2 / (1 + a²)) its
        # bound √3 · gain / √D works out to 1/√D. The bias uses the same bound.
        bound = 1 / math.sqrt(self.in_features)
        with torch.no_grad():
            self.weight.uniform_(-bound, bound)
            if self.bias is not None:
                self.bias.uniform_(-bound, bound)

    def forward(self, x: Tensor) -> Tensor:
        """Apply the layer: ``x W^T + b``.

        Parameters
        ----------
        x : Tensor
            Input features, with the layer's dtype.

        Returns
        -------
        Tensor
            The layer's outputs, one per neuron.

        Shape
        -----
        - Input: ``(*, D)``, any number of leading dimensions.
        - Output: ``(*, K)``.
        """
        _check_features(x, self.in_features, self.weight.dtype, "Linear")
        # y = x W^T + b
        y = x @ self.weight.T  # (*, K)
        if self.bias is not None:
            y = y + self.bias
        return y

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class MLP(torch.nn.Module):
    """A multilayer perceptron: :class:`Linear` layers with an activation between them.

    The last layer has no activation, so the output is raw scores (logits) for
    :func:`cross_entropy` or a real-valued prediction for :func:`mse_loss`.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, for example ``(2, 16, 16, 2)``: D, hidden, ..., K.
    activation : {"relu", "sigmoid", "tanh"}
    dtype : torch.dtype, optional
        Parameter dtype.

    Attributes
    ----------
    layers : torch.nn.ModuleList of Linear
        ``layers[i]`` maps ``sizes[i]`` features to ``sizes[i + 1]``.

    Shape
    -----
    - Input: (N, D) with D = ``sizes[0]``; Output: (N, K) with K = ``sizes[-1]``.

    Raises
    ------
    ValueError
        If fewer than two sizes are given or the activation is unknown.

    See Also
    --------
    torch.nn.Sequential : the same network as ``Sequential(Linear, ReLU, Linear, ...)``.

    Examples
    --------
    >>> model = MLP((2, 16, 3), activation="tanh")
    >>> tuple(model(torch.zeros(4, 2)).shape)
    (4, 3)
    >>> sum(p.numel() for p in model.parameters())  # (2*16 + 16) + (16*3 + 3)
    99
    """

    def __init__(
        self, sizes: Sequence[int], activation: str = "relu", dtype: torch.dtype | None = None
    ) -> None:
        super().__init__()
        sizes = tuple(sizes)
        if len(sizes) < 2:
            raise ValueError(f"MLP expects at least two sizes (input, output), got {sizes}")
        checks.choice(activation, "activation", ACTIVATIONS)
        self.sizes = sizes
        self.activation = activation
        self.layers = torch.nn.ModuleList(
            Linear(d_in, d_out, dtype=dtype) for d_in, d_out in itertools.pairwise(sizes)
        )

    def forward(self, x: Tensor) -> Tensor:
        """Apply the layers in turn, with the activation between them (none after the last).

        Parameters
        ----------
        x : Tensor
            Input features.

        Returns
        -------
        Tensor
            Raw scores (logits) or real-valued predictions.

        Shape
        -----
        - Input: (N, D) with D = ``sizes[0]``.
        - Output: (N, K) with K = ``sizes[-1]``.
        """
        act = ACTIVATIONS[self.activation][0]
        for layer in self.layers[:-1]:
            x = act(layer(x))  # (N, next width)
        return self.layers[-1](x)  # (N, K): no activation on the output

    def extra_repr(self) -> str:
        return f"sizes={self.sizes}, activation={self.activation!r}"


# ---------------------------------------------------------------------------------------------
# Backpropagation by hand.


def mlp_forward_backward(
    model: MLP, x: Tensor, target: Tensor, loss: str = "mse"
) -> tuple[Tensor, dict[str, Tensor]]:
    """Loss and parameter gradients of a two-layer :class:`MLP`, by the chain rule written out.

    No autograd is used: this is what ``loss.backward()`` computes, derived by hand, and the
    tests check that the two agree.

    Parameters
    ----------
    model : MLP
        With exactly two :class:`Linear` layers (one hidden layer), both with bias.
    x : Tensor of shape (N, D)
    target : Tensor
        Shape (N, K) floating point for ``loss="mse"``; shape (N,) torch.long class indices for
        ``loss="cross_entropy"``.
    loss : {"mse", "cross_entropy"}

    Returns
    -------
    loss : Tensor
        The scalar loss (mean over the batch).
    grads : dict of str to Tensor
        Gradient of the loss for each parameter, keyed like ``model.named_parameters()``
        (``"layers.0.weight"`` ...), each with its parameter's shape.

    Raises
    ------
    ValueError
        If the model does not have two biased layers, or ``loss`` is unknown; plus the input
        errors of :class:`Linear` and of the loss.

    See Also
    --------
    torch.Tensor.backward : autograd, which this reproduces.

    Examples
    --------
    >>> model = MLP((3, 4, 2), activation="tanh")
    >>> value, grads = mlp_forward_backward(model, torch.randn(5, 3), torch.randn(5, 2))
    >>> {name: tuple(g.shape) for name, g in grads.items()}["layers.0.weight"]
    (4, 3)
    """
    if not isinstance(model, MLP) or len(model.layers) != 2:
        got = len(model.layers) if isinstance(model, MLP) else type(model).__name__
        raise ValueError(f"mlp_forward_backward expects an MLP with 2 layers, got {got}")
    checks.choice(loss, "loss", ("mse", "cross_entropy"))
    first, second = model.layers
    if first.bias is None or second.bias is None:
        raise ValueError("mlp_forward_backward expects both layers to have a bias")
    act, act_grad = ACTIVATIONS[model.activation]
    w1, b1 = first.weight.detach(), first.bias.detach()  # (M, D), (M,)
    w2, b2 = second.weight.detach(), second.bias.detach()  # (K, M), (K,)
    _check_features(x, first.in_features, w1.dtype, "mlp_forward_backward")
    if x.ndim != 2:
        raise ValueError(f"mlp_forward_backward expects x of shape (N, D), got {tuple(x.shape)}")

    with torch.no_grad():
        # Forward pass, keeping what the backward pass needs.
        z1 = x @ w1.T + b1  # (N, M)
        h = act(z1)  # (N, M)
        z2 = h @ w2.T + b2  # (N, K)
        n, k = z2.shape

        # Backward pass: each line is one link of the chain rule, dL/d(this) from dL/d(next).
        if loss == "mse":
            value = mse_loss(z2, target)
            # L = 1/(N K) Σ (z2 - t)^2  =>  dL/dz2 = 2 (z2 - t) / (N K)
            dz2 = 2 * (z2 - target) / (n * k)  # (N, K)
        else:
            value = cross_entropy(z2, target)
            # L = -1/N Σ_n log softmax(z2)_{n, t_n}  =>  dL/dz2 = (softmax(z2) - onehot(t)) / N
            onehot = torch.nn.functional.one_hot(target, k).to(z2.dtype)  # (N, K)
            dz2 = (log_softmax(z2, dim=1).exp() - onehot) / n  # (N, K)
        # z2 = h W2^T + b2  =>  dL/dW2 = dz2^T h,  dL/db2 = Σ_n dz2,  dL/dh = dz2 W2
        dw2 = dz2.T @ h  # (K, M)
        db2 = dz2.sum(dim=0)  # (K,)
        dh = dz2 @ w2  # (N, M)
        # h = act(z1)  =>  dL/dz1 = dL/dh ⊙ act'(z1)   (element-wise)
        dz1 = dh * act_grad(z1)  # (N, M)
        # z1 = x W1^T + b1  =>  dL/dW1 = dz1^T x,  dL/db1 = Σ_n dz1
        dw1 = dz1.T @ x  # (M, D)
        db1 = dz1.sum(dim=0)  # (M,)

    grads = {
        "layers.0.weight": dw1,
        "layers.0.bias": db1,
        "layers.1.weight": dw2,
        "layers.1.bias": db2,
    }
    return value, grads


def numerical_gradient(f: Callable[[Tensor], Tensor], x: Tensor, eps: float = 1e-6) -> Tensor:
    """The gradient of a scalar function by central differences, one element at a time.

    For each element ``x_i``, ``∂f/∂x_i ≈ (f(x + ε e_i) - f(x - ε e_i)) / (2ε)``, whose error
    shrinks like ``ε²``. It costs two evaluations of ``f`` per element, far too slow to train
    with, which is why backpropagation exists; its use is to *check* a hand-written or
    autograd gradient on a small example, in float64.

    Parameters
    ----------
    f : callable
        ``f(x)`` returning a scalar tensor (or a float); called with perturbed copies of ``x``,
        which is itself left unchanged.
    x : Tensor of any shape, floating point (float64 recommended)
    eps : float, default 1e-6
        The step ``ε``, positive. Smaller steps cut the ``ε²`` error but magnify rounding
        error, about ``1e-16 / ε`` in float64.

    Returns
    -------
    Tensor of the shape of ``x``

    Raises
    ------
    TypeError
        If ``x`` is not a floating tensor or ``f`` is not callable.
    ValueError
        If ``eps`` is not positive or ``f`` does not return a single number.

    Shape
    -----
    - Input: ``x`` of shape (*). Output: (*), the same shape.

    See Also
    --------
    relative_error : compares the result with an analytic gradient.
    torch.autograd.gradcheck : torch's version of the same check.

    Examples
    --------
    >>> x = torch.tensor([1.0, -2.0], dtype=torch.float64)
    >>> numerical_gradient(lambda v: (v**3).sum(), x).round(decimals=6).tolist()  # 3 x²
    [3.0, 12.0]
    """
    checks.floating(x, "numerical_gradient x")
    checks.number(eps, "eps", positive=True)
    if not callable(f):
        raise TypeError(f"numerical_gradient expects a callable f, got {type(f).__name__}")
    x = x.detach()
    grad = torch.zeros_like(x)
    flat, out = x.clone().reshape(-1), grad.reshape(-1)  # views: writing out fills grad
    for i in range(flat.numel()):
        original = flat[i].item()
        values = []
        for shifted in (original + eps, original - eps):
            flat[i] = shifted
            value = torch.as_tensor(f(flat.reshape(x.shape)))
            if value.numel() != 1:
                raise ValueError(
                    f"numerical_gradient expects f to return a scalar, "
                    f"got shape {tuple(value.shape)}"
                )
            values.append(value.item())
        flat[i] = original
        # ∂f/∂x_i ≈ (f(x + ε e_i) - f(x - ε e_i)) / (2ε)
        out[i] = (values[0] - values[1]) / (2 * eps)
    return grad


def relative_error(a: Tensor, b: Tensor) -> float:
    """``‖a - b‖ / (‖a‖ + ‖b‖)``: how far two gradients differ, relative to their size.

    0 means equal, 1 means unrelated (or one of them zero). With float64 and
    :func:`numerical_gradient`, a correct gradient gives about 1e-10 or less; a wrong one
    gives 1e-2 or more.

    Parameters
    ----------
    a, b : Tensor of the same shape, floating point

    Returns
    -------
    float
        In [0, 1]; 0 when both are zero.

    Raises
    ------
    TypeError
        If either is not a floating tensor.
    ValueError
        If the shapes differ.

    Shape
    -----
    - Input: ``a`` and ``b`` of shape (*). Output: a float.

    Examples
    --------
    >>> relative_error(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0]))
    0.0
    >>> round(relative_error(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])), 4)
    0.7071
    """
    checks.floating(a, "relative_error a")
    checks.floating(b, "relative_error b")
    if a.shape != b.shape:
        raise ValueError(
            f"relative_error expects two tensors of the same shape, "
            f"got {tuple(a.shape)} and {tuple(b.shape)}"
        )
    a, b = a.detach().double(), b.detach().double()
    scale = (a.norm() + b.norm()).item()
    return 0.0 if scale == 0 else (a - b).norm().item() / scale


# ---------------------------------------------------------------------------------------------
# Learning a 1-D function: data, gradient descent, and overfitting.


def polynomial_features(x: Tensor, degree: int) -> Tensor:
    """The powers ``x, x^2, ..., x^degree`` of a 1-D input, as D = ``degree`` features.

    A polynomial ``b + w_1 x + ... + w_d x^d`` is then a ``Linear(degree, 1)`` layer on
    these features: its bias is the constant term.

    Parameters
    ----------
    x : Tensor of shape (N, 1) or (N,), floating point
    degree : int
        At least 1.

    Returns
    -------
    Tensor of shape (N, degree)

    Examples
    --------
    >>> polynomial_features(torch.tensor([[2.0]]), 3).tolist()
    [[2.0, 4.0, 8.0]]
    """
    checks.floating(x, "polynomial_features input")
    checks.integer(degree, "degree", minimum=1)
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 1:
        raise ValueError(
            f"polynomial_features expects x of shape (N, 1) or (N,), got {tuple(x.shape)}"
        )
    powers = torch.arange(1, degree + 1, dtype=x.dtype)  # (D,)
    return x[:, None] ** powers  # (N, D)


def fit_polynomial(x: Tensor, y: Tensor, degree: int) -> Linear:
    """Least-squares polynomial fit, returned as a ``Linear(degree, 1)`` on the features.

    This is the point plain gradient descent on the mean squared error converges to; solving
    for it directly (in float64) is instant, which suits a sweep over many degrees.

    Parameters
    ----------
    x : Tensor of shape (N, 1)
    y : Tensor of shape (N, 1)
    degree : int

    Returns
    -------
    Linear
        Predict with ``model(polynomial_features(x, degree))``; same dtype as ``x``.

    See Also
    --------
    numpy.polyfit : the same fit, coefficients highest power first.

    Examples
    --------
    >>> x = torch.linspace(-1, 1, 9)[:, None]
    >>> model = fit_polynomial(x, 1 + 2 * x**2, degree=2)
    >>> model.weight.detach().round(decimals=4).tolist(), round(model.bias.item(), 4)
    ([[0.0, 2.0]], 1.0)
    """
    features = polynomial_features(x, degree)  # (N, D)
    checks.floating(y, "fit_polynomial y")
    if y.shape != (len(x), 1):
        raise ValueError(f"fit_polynomial expects y of shape ({len(x)}, 1), got {tuple(y.shape)}")
    # Solve min_w || [1, X] w - y ||^2; the column of ones carries the bias.
    design = torch.cat([torch.ones(len(x), 1, dtype=x.dtype), features], dim=1).double()
    coef = torch.linalg.lstsq(design, y.double(), driver="gelsd").solution[:, 0]  # (D + 1,)
    model = Linear(degree, 1, dtype=x.dtype)
    with torch.no_grad():
        model.bias.copy_(coef[:1])
        model.weight.copy_(coef[1:][None, :])
    return model


def gradient_descent_fit(
    model: torch.nn.Module,
    x: Tensor,
    y: Tensor,
    lr: float = 0.1,
    steps: int = 1000,
    loss_fn: Callable[[Tensor, Tensor], Tensor] = mse_loss,
) -> list[float]:
    """Train ``model`` in place by plain full-batch gradient descent; return the loss history.

    Each step computes the loss on all N samples, backpropagates, and moves every parameter
    against its gradient: ``θ ← θ - lr · ∂L/∂θ``. No momentum, no optimizer object.

    Parameters
    ----------
    model : torch.nn.Module
        For example an :class:`MLP` or a :class:`Linear` on :func:`polynomial_features`.
    x : Tensor of shape (N, D)
    y : Tensor
        Target accepted by ``loss_fn`` together with ``model(x)``.
    lr : float
        Learning rate (step size), positive.
    steps : int
        Number of gradient steps.
    loss_fn : callable
        ``loss_fn(prediction, y)`` returning a scalar; :func:`mse_loss` by default.

    Returns
    -------
    list of float
        The loss before each step, ``steps`` values.

    See Also
    --------
    torch.optim.SGD : the torch optimizer doing the same update.

    Examples
    --------
    >>> torch.manual_seed(0) and None
    >>> from dlguide.data.toy import noisy_curve
    >>> x, y = noisy_curve(30, seed=0)
    >>> history = gradient_descent_fit(MLP((1, 16, 1), "tanh"), x, y, lr=0.2, steps=200)
    >>> len(history), history[-1] < history[0]
    (200, True)
    """
    checks.number(lr, "lr", positive=True)
    checks.integer(steps, "steps", minimum=1)
    params = [p for p in model.parameters() if p.requires_grad]
    history = []
    for _ in range(steps):
        loss = loss_fn(model(x), y)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads, strict=True):
                # θ ← θ - lr ∂L/∂θ
                p -= lr * g
        history.append(loss.item())
    return history
