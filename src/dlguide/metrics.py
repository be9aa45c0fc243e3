"""How good is a model? Accuracy for classifiers, and the scores that judge a generator.

- :func:`accuracy`: the share of inputs whose highest score is the right class.
- :func:`gradient_norms_through_time`: the vanishing gradient of a recurrent cell, measured
  (Bengio, Simard & Frasconi 1994; Pascanu, Mikolov & Bengio 2013).
- **2D mixtures of Gaussians** (:mod:`dlguide.data.mixtures`) whose modes are known:
  :func:`mode_metrics` follows the protocol of VEEGAN (Srivastava et al., 2017), PacGAN (Lin
  et al., 2018) and GDPP (Elfeki et al., 2019): the fraction of *high-quality* samples (within
  three standard deviations of the nearest mode), the number of *modes captured* (modes that
  are the nearest mode of at least one high-quality sample) and the KL divergence of the
  histogram of high-quality samples over the modes from the uniform histogram. A generator
  that has collapsed onto a few modes scores few modes and a large KL even when every sample
  is sharp.
- **Digits judged by a classifier**: :func:`classifier_score` is the Inception Score (Salimans
  et al., 2016) with a small digit classifier as the judge, and :func:`classes_covered`
  counts the distinct classes the judge sees among generated images.

Shape letters: N samples, M modes, K classes.

Taught on the guide's CNN page (accuracy), RNN page (the vanishing gradient) and GAN page (mode
collapse, and how it is measured).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from dlguide import checks
from dlguide.rnn import LSTMCell, RNNCell, set_forget_bias_

__all__ = [
    "ModeMetrics",
    "accuracy",
    "classes_covered",
    "classifier_score",
    "gradient_norms_through_time",
    "mode_metrics",
]


def accuracy(model: nn.Module, X: Tensor, y: Tensor) -> float:
    """Share of images whose highest score is the right digit.

    Parameters
    ----------
    model : torch.nn.Module
        Maps inputs ``X`` to ``(N, K)`` class scores (for example ``(N, 1, 8, 8)`` digits to
        ``(N, 10)``). Run without gradients; its
        train/eval mode is restored afterwards.
    X : Tensor of shape (N, ...)
        Inputs.
    y : Tensor of shape (N,)
        Integer labels.

    Returns
    -------
    float
        Accuracy in ``[0, 1]``.

    Raises
    ------
    ValueError
        If ``X`` and ``y`` hold different numbers of examples.

    Examples
    --------
    >>> model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64, 10))
    >>> 0.0 <= accuracy(model, torch.zeros(4, 1, 8, 8), torch.zeros(4, dtype=torch.long)) <= 1.0
    True
    """
    if X.shape[0] != y.shape[0] or y.dim() != 1:
        raise ValueError(
            f"X of shape (N, 1, 8, 8) and y of shape (N,) must match, got {tuple(X.shape)} "
            f"and {tuple(y.shape)}"
        )
    was_training = model.training
    model.eval()
    with torch.no_grad():
        predictions = model(X).argmax(dim=1)
    model.train(was_training)
    return float((predictions == y).float().mean())


@dataclass
class ModeMetrics:
    """Scores of a set of 2D samples against the known modes of a mixture.

    Attributes
    ----------
    high_quality : float
        Fraction of samples within three standard deviations of their nearest mode.
    modes_captured : int
        Number of modes that are the nearest mode of at least ``min_count`` high-quality samples.
    kl : float
        KL divergence of the histogram of high-quality samples over the modes from the uniform
        histogram; 0 when every mode gets the same share, ``log(M)`` when all sit on one mode,
        ``nan`` when there is no high-quality sample.
    counts : Tensor of shape (M,)
        Number of high-quality samples nearest to each mode (int64).
    """

    high_quality: float
    modes_captured: int
    kl: float
    counts: Tensor


def mode_metrics(samples: Tensor, modes: Tensor, std: float, min_count: int = 1) -> ModeMetrics:
    """Score samples of a 2D generator by the modes they land on.

    A sample is high quality when its distance to the nearest mode is below ``3 * std``.

    .. math::

        \\mathrm{KL}(p \\,\\|\\, u) = \\sum_m p_m \\log \\frac{p_m}{1/M}

    where :math:`p_m` is the share of high-quality samples nearest to mode :math:`m`.

    Parameters
    ----------
    samples : Tensor of shape (N, 2)
        Generated points.
    modes : Tensor of shape (M, 2)
        Means of the mixture (:func:`dlguide.data.mixtures.ring_modes`,
        :func:`~dlguide.data.mixtures.grid_modes`).
    std : float
        Standard deviation of each Gaussian of the mixture.
    min_count : int, default 1
        High-quality samples a mode needs to count as captured.

    Returns
    -------
    ModeMetrics
        ``high_quality``, ``modes_captured``, ``kl`` and per-mode ``counts``.

    Raises
    ------
    ValueError
        If ``samples`` or ``modes`` is not of shape (N, 2), or ``std`` is not positive.

    Examples
    --------
    >>> from dlguide.data.mixtures import ring_modes, ring_of_gaussians
    >>> m = mode_metrics(ring_of_gaussians(2000, seed=0), ring_modes(), std=0.01)
    >>> m.modes_captured, round(m.high_quality, 2), round(m.kl, 2)
    (8, 0.99, 0.0)
    >>> mode_metrics(ring_modes()[:1].repeat(10, 1), ring_modes(), std=0.01).modes_captured
    1
    """
    for name, t in (("samples", samples), ("modes", modes)):
        checks.tensor(t, name)
        if t.dim() != 2 or t.shape[1] != 2:
            raise ValueError(f"{name} must have shape (N, 2), got {tuple(t.shape)}")
    if len(modes) == 0:
        raise ValueError("modes must hold at least one mode, got shape (0, 2)")
    checks.number(std, "std", positive=True)
    samples, modes = samples.detach().double(), modes.detach().double()
    distance = torch.cdist(samples, modes)  # (N, M)
    nearest_distance, nearest = distance.min(dim=1)  # (N,), (N,)
    high = nearest_distance < 3 * std  # (N,)
    counts = torch.bincount(nearest[high], minlength=len(modes))  # (M,)
    n_high = int(counts.sum())
    if n_high == 0:
        kl = math.nan
    else:
        p = counts.double() / n_high  # (M,)
        p = p[p > 0]  # 0 log 0 = 0
        # KL(p || uniform) = sum_m p_m log(p_m M)
        kl = float((p * torch.log(p * len(modes))).sum())
    return ModeMetrics(
        high_quality=n_high / max(len(samples), 1),
        modes_captured=int((counts >= min_count).sum()),
        kl=kl,
        counts=counts,
    )


def _check_probs(probs: Tensor) -> Tensor:
    checks.tensor(probs, "probs")
    if probs.dim() != 2 or probs.shape[0] == 0:
        raise ValueError(f"probs must have shape (N, K) with N >= 1, got {tuple(probs.shape)}")
    if not probs.is_floating_point():
        raise TypeError(f"probs must be floating point, got {probs.dtype}")
    probs = probs.detach().double()
    if (probs < 0).any() or not torch.allclose(
        probs.sum(1), torch.ones_like(probs[:, 0]), atol=1e-4
    ):
        raise ValueError("probs rows must be probabilities (non-negative, summing to 1)")
    return probs


def classifier_score(probs: Tensor) -> float:
    """Inception-Score-style quality and diversity of generated images, as judged by a classifier.

    .. math::

        \\mathrm{score} = \\exp\\big(\\mathbb{E}_x\\, \\mathrm{KL}(p(y|x) \\,\\|\\, p(y))\\big),
        \\qquad p(y) = \\mathbb{E}_x\\, p(y|x)

    It is high when each image is classified confidently (sharp ``p(y|x)``) and the classes
    are balanced (flat ``p(y)``): at most K, at least 1.

    Parameters
    ----------
    probs : Tensor of shape (N, K)
        Class probabilities the judge gives each image (softmax of its logits).

    Returns
    -------
    float
        The score, between 1 and K.

    Raises
    ------
    ValueError
        If ``probs`` is not (N, K) or its rows are not probability vectors.

    Examples
    --------
    >>> round(classifier_score(torch.eye(10)), 2)
    10.0
    >>> round(classifier_score(torch.full((5, 10), 0.1)), 2)
    1.0
    """
    probs = _check_probs(probs)
    marginal = probs.mean(dim=0, keepdim=True)  # (1, K)
    # KL(p(y|x) || p(y)) per image, with 0 log 0 = 0
    kl = (torch.xlogy(probs, probs) - torch.xlogy(probs, marginal)).sum(1)  # (N,)
    return float(torch.exp(kl.mean()))


def classes_covered(preds: Tensor, min_count: int = 1) -> int:
    """Count the distinct classes among predicted labels.

    Parameters
    ----------
    preds : Tensor of shape (N,)
        Integer class labels (for example ``judge(images).argmax(1)``).
    min_count : int, default 1
        Predictions a class needs to count as covered.

    Returns
    -------
    int
        Number of classes predicted at least ``min_count`` times.

    Raises
    ------
    ValueError
        If ``preds`` is not one-dimensional.
    TypeError
        If ``preds`` is not an integer tensor.

    Examples
    --------
    >>> classes_covered(torch.tensor([3, 3, 1, 7]))
    3
    >>> classes_covered(torch.tensor([3, 3, 1, 7]), min_count=2)
    1
    """
    checks.tensor(preds, "preds")
    if preds.dim() != 1:
        raise ValueError(f"preds must have shape (N,), got {tuple(preds.shape)}")
    if preds.is_floating_point() or preds.is_complex() or preds.dtype == torch.bool:
        raise TypeError(f"preds must hold integer labels, got {preds.dtype}")
    if len(preds) == 0:
        return 0
    if (preds < 0).any():
        raise ValueError(f"preds must be non-negative labels, got min {int(preds.min())}")
    return int((torch.bincount(preds) >= min_count).sum())


def gradient_norms_through_time(
    kind: str,
    T: int,
    hidden_size: int = 32,
    input_size: int = 2,
    batch_size: int = 16,
    forget_bias: float | None = None,
    seed: int = 0,
) -> Tensor:
    """Measure ``||dL/dh_t||`` for every step ``t`` when the loss only looks at the last step.

    A freshly initialised cell (torch's init, float64) reads a random sequence; the loss is a
    fixed random unit projection of the last hidden state, ``L = v . h_T``, so
    ``||dL/dh_T|| = 1``. Backpropagation through time multiplies the gradient by one Jacobian
    ``dh_{t+1}/dh_t`` per step back; for a tanh RNN their norms are below 1 and the gradient
    shrinks geometrically (the vanishing gradient). An LSTM also carries gradient along the
    cell state, scaled by the forget gate at each step, so a forget bias of 1 or more keeps it
    alive much longer.

    Parameters
    ----------
    kind : {"rnn", "lstm"}
        The cell to measure (tanh RNN or LSTM).
    T : int
        Sequence length.
    hidden_size : int, default 32
    input_size : int, default 2
    batch_size : int, default 16
        Number of random sequences the norms are averaged over.
    forget_bias : float, optional
        LSTM only: the forget-gate bias (see :func:`dlguide.rnn.set_forget_bias_`); by default
        torch's random init, which puts the forget gate near 0.5.
    seed : int, default 0
        Seeds the weights and the input.

    Returns
    -------
    Tensor of shape (T,), float64
        Entry ``t`` (0-based) is the mean over the batch of ``||dL/dh_t||``; the last is 1.

    Raises
    ------
    ValueError
        If ``kind`` is unknown, or ``forget_bias`` is given for an RNN.

    Examples
    --------
    >>> norms = gradient_norms_through_time("rnn", 20)
    >>> tuple(norms.shape), round(norms[-1].item(), 6)
    ((20,), 1.0)
    >>> bool(norms[0] < 1e-3 * norms[-1])  # vanished after 19 steps back
    True
    """
    checks.choice(kind, "kind", ("rnn", "lstm"))
    if kind == "rnn" and forget_bias is not None:
        raise ValueError("forget_bias applies to kind='lstm' only, got kind='rnn'")
    T = checks.integer(T, "T", minimum=1)
    with torch.random.fork_rng(devices=[]):  # seeded without touching the caller's state
        torch.manual_seed(checks.integer(seed, "seed"))
        if kind == "rnn":
            cell: nn.Module = RNNCell(input_size, hidden_size).double()
        else:
            cell = LSTMCell(input_size, hidden_size).double()
            if forget_bias is not None:
                set_forget_bias_(cell, forget_bias)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batch_size, T, input_size, generator=g, dtype=torch.float64)  # (N, T, D)
    v = torch.randn(hidden_size, generator=g, dtype=torch.float64)
    v = v / v.norm()  # (H,)
    state = None
    hs = []
    for t in range(T):
        state = cell(x[:, t], state)
        h = state if kind == "rnn" else state[0]  # (N, H)
        h.retain_grad()  # keep dL/dh_t, which autograd would otherwise free
        hs.append(h)
    # L = sum_n v . h_T^(n): each sequence's gradient is its own, unscaled.
    loss = (hs[-1] @ v).sum()
    loss.backward()
    return torch.stack([h.grad.norm(dim=1).mean() for h in hs]).detach()  # (T,)
