"""Optimizers from scratch: stochastic gradient descent with momentum, and Adam.

An optimizer turns gradients into parameter updates. Plain gradient descent moves every
parameter against its gradient, ``θ ← θ - η g``. Two refinements are in nearly every training
loop:

- *Momentum* (Polyak, "Some methods of speeding up the convergence of iteration methods", 1964;
  in deep learning Sutskever, Martens, Dahl & Hinton, "On the importance of initialization and
  momentum in deep learning", ICML 2013) keeps a running sum of past gradients and steps along
  it, which damps zig-zags across a narrow valley and speeds travel along it. Every parameter
  still gets the same learning rate.
- *Adam* (Kingma & Ba, "Adam: A method for stochastic optimization", ICLR 2015) keeps running
  averages of the gradient and of its square, and divides one by the square root of the other:
  each parameter gets its own step size.

Both classes follow :mod:`torch.optim` in constructor arguments, defaults, update equations and
the ``step()`` / ``zero_grad()`` loop, so ``tests/test_optim.py`` can run them side by side
with :class:`torch.optim.SGD` and :class:`torch.optim.Adam` and compare the parameters after
each step. Unlike torch they take one flat list of parameters (no parameter groups).

Shape letters: none; every update is element-wise, so each state tensor has its parameter's
shape. Taught on the guide page "Neural networks from the ground up" (section "Momentum and
Adam").
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch
from torch import Tensor

from dlguide import checks

__all__ = ["SGD", "Adam", "Optimizer"]


class Optimizer:
    """What :class:`SGD` and :class:`Adam` share: the parameter list, ``state`` and ``zero_grad``.

    Parameters
    ----------
    params : iterable of Tensor
        The tensors to update, for example ``model.parameters()``; each a floating-point leaf
        tensor with ``requires_grad=True``.

    Attributes
    ----------
    params : list of Tensor
    state : dict of Tensor to dict
        Per-parameter running quantities (momentum buffer, moment estimates), each of its
        parameter's shape, created on the first ``step()``.

    Raises
    ------
    TypeError
        If ``params`` is a single tensor (pass a list) or holds something else than
        floating-point tensors.
    ValueError
        If it is empty.

    See Also
    --------
    torch.optim.Optimizer : the torch base class.
    """

    def __init__(self, params: Iterable[Tensor]) -> None:
        name = type(self).__name__
        if isinstance(params, Tensor):
            raise TypeError(
                f"{name} expects an iterable of tensors such as model.parameters(), "
                f"got a single Tensor; wrap it in a list"
            )
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{name} got an empty parameter list")
        for k, p in enumerate(self.params):
            checks.floating(p, f"{name} parameter {k}")
            if not p.requires_grad:
                raise ValueError(f"{name} parameter {k} must have requires_grad=True")
        self.state: dict[Tensor, dict[str, Tensor | int]] = {}

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients of the last backward pass (``None``, or zeros), as torch does."""
        for p in self.params:
            if p.grad is None:
                continue
            if set_to_none:
                p.grad = None
            else:
                p.grad.detach_().zero_()

    def _gradients(self) -> Iterable[tuple[Tensor, Tensor]]:
        """Each parameter that has a gradient, with that gradient (detached)."""
        return ((p, p.grad.detach()) for p in self.params if p.grad is not None)


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum and weight decay.

    With gradient ``g_t`` of the loss on the current mini-batch, learning rate ``η``, momentum
    ``μ``, dampening ``τ`` and weight decay ``λ``, one ``step()`` computes, per parameter:

    .. math::

        g_t \\leftarrow g_t + λ θ_{t-1}, \\qquad
        b_t = μ b_{t-1} + (1 - τ) g_t \\ (b_1 = g_1), \\qquad
        θ_t = θ_{t-1} - η b_t

    (with ``nesterov=True`` the step uses ``g_t + μ b_t`` instead of ``b_t``). With ``μ = 0``
    it is plain gradient descent, ``θ_t = θ_{t-1} - η g_t``.

    Parameters
    ----------
    params : iterable of Tensor
        The parameters to update, for example ``model.parameters()``.
    lr : float, default 1e-3
        Learning rate ``η``, positive.
    momentum : float, default 0
        ``μ`` in [0, 1): the share of the previous step carried into the next.
    dampening : float, default 0
        ``τ`` in [0, 1]: scales down the new gradient's share of the buffer.
    weight_decay : float, default 0
        ``λ`` >= 0: adds ``λ θ`` to each gradient (an L2 penalty ``λ/2 ‖θ‖²`` on the loss).
    nesterov : bool, default False
        Nesterov momentum (needs ``momentum > 0`` and ``dampening = 0``).

    Shape
    -----
    - Each parameter: any shape; its momentum buffer ``state[p]["momentum_buffer"]`` has the
      same shape.

    Raises
    ------
    TypeError
        If a hyper-parameter is not a number, or ``params`` is not an iterable of floating
        tensors.
    ValueError
        If a hyper-parameter is out of range, ``params`` is empty, or ``nesterov`` is asked for
        without momentum or with dampening.

    See Also
    --------
    torch.optim.SGD : the torch twin, equal step for step (``tests/test_optim.py``).
    Adam : a step size per parameter.

    Examples
    --------
    >>> w = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    >>> optimizer = SGD([w], lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     optimizer.zero_grad()
    ...     (w**2).sum().backward()  # gradient 2w
    ...     optimizer.step()
    >>> w.detach().round(decimals=4).tolist()  # 1 -> 0.8 -> 0.8 - 0.1 (1.6 + 0.9 * 2)
    [0.46, -0.92]
    """

    def __init__(
        self,
        params: Iterable[Tensor],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        self.lr = checks.number(lr, "lr", positive=True)
        self.momentum = _in_range(momentum, "momentum", 0.0, 1.0, closed=False)
        self.dampening = _in_range(dampening, "dampening", 0.0, 1.0)
        self.weight_decay = _in_range(weight_decay, "weight_decay", 0.0, math.inf)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov must be a bool, got {type(nesterov).__name__}")
        if nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError(
                f"nesterov momentum needs momentum > 0 and dampening = 0, "
                f"got momentum={self.momentum}, dampening={self.dampening}"
            )
        self.nesterov = nesterov
        super().__init__(params)

    @torch.no_grad()
    def step(self) -> None:
        """Update every parameter that has a gradient by one step of the rule above."""
        for p, g in self._gradients():
            if self.weight_decay:
                # g ← g + λ θ
                g = g + self.weight_decay * p
            if self.momentum:
                state = self.state.setdefault(p, {})
                if "momentum_buffer" not in state:
                    # b_1 = g_1: the first step is plain gradient descent
                    buf = state["momentum_buffer"] = g.clone()
                else:
                    # b_t = μ b_{t-1} + (1 - τ) g_t
                    buf = state["momentum_buffer"]
                    buf.mul_(self.momentum).add_((1 - self.dampening) * g)
                # Nesterov looks one step ahead: g_t + μ b_t; classical momentum steps along b_t
                g = g + self.momentum * buf if self.nesterov else buf
            # θ_t = θ_{t-1} - η g
            p.sub_(self.lr * g)


class Adam(Optimizer):
    """Adam: a step per parameter from running averages of the gradient and of its square.

    With gradient ``g_t`` at step ``t = 1, 2, ...``, learning rate ``η``, decay rates
    ``(β1, β2)``, ``ε`` and weight decay ``λ``, one ``step()`` computes, per parameter and
    element by element:

    .. math::

        m_t = β_1 m_{t-1} + (1 - β_1) g_t, \\qquad
        v_t = β_2 v_{t-1} + (1 - β_2) g_t^2, \\qquad
        θ_t = θ_{t-1} - η \\frac{m_t / (1 - β_1^t)}{\\sqrt{v_t / (1 - β_2^t)} + ε}

    starting from ``m_0 = v_0 = 0``. ``m`` estimates the mean gradient, ``v`` its mean square;
    dividing by ``1 - β^t`` undoes the pull towards the zero start. Where gradients are large
    or noisy ``v`` is large and the step small, so each parameter gets its own step size.

    Parameters
    ----------
    params : iterable of Tensor
        The parameters to update, for example ``model.parameters()``.
    lr : float, default 1e-3
        Learning rate ``η``, positive.
    betas : (float, float), default (0.9, 0.999)
        ``β1, β2`` in [0, 1): decay rates of the two running averages.
    eps : float, default 1e-8
        ``ε`` >= 0, added to the denominator so that it is never zero.
    weight_decay : float, default 0
        ``λ`` >= 0: adds ``λ θ`` to each gradient before the averages (L2 penalty, as
        :class:`torch.optim.Adam` does; not the decoupled AdamW).

    Shape
    -----
    - Each parameter: any shape; ``state[p]["exp_avg"]`` (``m``) and ``state[p]["exp_avg_sq"]``
      (``v``) have the same shape, ``state[p]["step"]`` is an int.

    Raises
    ------
    TypeError
        If a hyper-parameter is not a number (``betas`` not a pair of numbers), or ``params`` is
        not an iterable of floating tensors.
    ValueError
        If a hyper-parameter is out of range or ``params`` is empty.

    See Also
    --------
    torch.optim.Adam : the torch twin, equal step for step (``tests/test_optim.py``).
    SGD : one learning rate for all parameters.

    Examples
    --------
    The first step of Adam moves each parameter by about ``lr``, whatever its gradient's size:

    >>> w = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
    >>> optimizer = Adam([w], lr=0.1)
    >>> (w * torch.tensor([100.0, 0.01], dtype=torch.float64)).sum().backward()  # 100, 0.01
    >>> optimizer.step()
    >>> w.detach().round(decimals=4).tolist()
    [0.9, 0.9]
    """

    def __init__(
        self,
        params: Iterable[Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        self.lr = checks.number(lr, "lr", positive=True)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"betas must be a pair of numbers (beta1, beta2), got {betas!r}")
        self.betas = (
            _in_range(betas[0], "betas[0]", 0.0, 1.0, closed=False),
            _in_range(betas[1], "betas[1]", 0.0, 1.0, closed=False),
        )
        self.eps = _in_range(eps, "eps", 0.0, math.inf)
        self.weight_decay = _in_range(weight_decay, "weight_decay", 0.0, math.inf)
        super().__init__(params)

    @torch.no_grad()
    def step(self) -> None:
        """Update every parameter that has a gradient by one Adam step."""
        beta1, beta2 = self.betas
        for p, g in self._gradients():
            state = self.state.setdefault(p, {})
            if not state:
                state["step"] = 0
                state["exp_avg"] = torch.zeros_like(p)  # m_0 = 0
                state["exp_avg_sq"] = torch.zeros_like(p)  # v_0 = 0
            state["step"] += 1
            t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
            if self.weight_decay:
                # g ← g + λ θ
                g = g + self.weight_decay * p
            # m_t = β1 m_{t-1} + (1 - β1) g_t
            m.mul_(beta1).add_((1 - beta1) * g)
            # v_t = β2 v_{t-1} + (1 - β2) g_t²
            v.mul_(beta2).add_((1 - beta2) * g * g)
            # bias corrections: m̂ = m_t / (1 - β1^t), v̂ = v_t / (1 - β2^t)
            m_hat = m / (1 - beta1**t)
            v_hat = v / (1 - beta2**t)
            # θ_t = θ_{t-1} - η m̂ / (√v̂ + ε)
            p.sub_(self.lr * m_hat / (v_hat.sqrt() + self.eps))


def _in_range(value: object, name: str, low: float, high: float, closed: bool = True) -> float:
    """A number in [low, high] (or [low, high) with ``closed=False``)."""
    value = checks.number(value, name)
    inside = low <= value <= high if closed else low <= value < high
    if not inside:
        right = "]" if closed else ")"
        raise ValueError(f"{name} must be in [{low:g}, {high:g}{right}, got {value!r}")
    return value
