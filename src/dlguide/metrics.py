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
  counts the distinct classes the judge sees among generated images; :func:`between_share`
  is the share of images the judge cannot place in one class (its top probability below 0.9);
  :func:`frechet_distance` compares the Gaussians fitted to two sets of features, the recipe
  of the FID (Heusel et al., 2017) with the judge's features in place of Inception's.

Shape letters: N samples, M modes, K classes, F features.

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
    "between_share",
    "classes_covered",
    "classifier_score",
    "frechet_distance",
    "gaussian_frechet_distance",
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


def between_share(probs: Tensor, threshold: float = 0.9) -> float:
    """The share of images the judge cannot place in one class: top probability < threshold.

    A generated digit that is half a 3 and half an 8 gets no confident class from the judge;
    this counts such "between digits" images.

    Parameters
    ----------
    probs : Tensor of shape (N, K)
        Class probabilities the judge gives each image.
    threshold : float, default 0.9
        An image whose highest class probability is below it counts as between classes.

    Returns
    -------
    float
        A share in [0, 1].

    Raises
    ------
    ValueError
        If ``probs`` is not (N, K) of probability rows, or ``threshold`` is not in (0, 1].

    Examples
    --------
    >>> between_share(torch.tensor([[0.95, 0.05], [0.6, 0.4], [0.3, 0.7], [0.0, 1.0]]))
    0.5
    """
    probs = _check_probs(probs)
    threshold = checks.number(threshold, "threshold", positive=True)
    if threshold > 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    return float((probs.max(1).values < threshold).double().mean())


def _check_features(features: object, name: str) -> Tensor:
    checks.tensor(features, name)
    if features.dim() != 2 or features.shape[0] < 2:
        raise ValueError(f"{name} must have shape (N, F) with N >= 2, got {tuple(features.shape)}")
    if not features.is_floating_point():
        raise TypeError(f"{name} must be floating point, got {features.dtype}")
    return features.detach().double()


def _sqrtm_psd(a: Tensor) -> Tensor:
    """Square root of a symmetric positive semi-definite matrix, by its eigenvectors."""
    values, vectors = torch.linalg.eigh(a)  # a = V diag(values) V^T
    return (vectors * values.clamp(min=0).sqrt()) @ vectors.T


def gaussian_frechet_distance(
    mean_a: Tensor, cov_a: Tensor, mean_b: Tensor, cov_b: Tensor
) -> float:
    """Squared Fréchet (2-Wasserstein) distance between two Gaussians.

    .. math::

        d^2 = \\lVert \\mu_a - \\mu_b \\rVert^2
              + \\operatorname{tr}\\big(\\Sigma_a + \\Sigma_b
              - 2 (\\Sigma_a^{1/2} \\Sigma_b \\Sigma_a^{1/2})^{1/2}\\big)

    The trace term is computed from the symmetric matrix
    :math:`\\Sigma_a^{1/2} \\Sigma_b \\Sigma_a^{1/2}`, which has the same eigenvalues as
    :math:`\\Sigma_a \\Sigma_b` and, unlike it, a stable eigendecomposition.

    Parameters
    ----------
    mean_a, mean_b : Tensor of shape (F,)
    cov_a, cov_b : Tensor of shape (F, F)
        Symmetric positive semi-definite covariances.

    Returns
    -------
    float
        The squared distance, in float64 arithmetic (0 for identical Gaussians).

    Raises
    ------
    ValueError
        If the shapes do not match (F,), (F, F).

    Examples
    --------
    Two isotropic Gaussians in 3 dimensions: ``|mu_a - mu_b|^2 + 3 (s_a - s_b)^2``.

    >>> gaussian_frechet_distance(torch.zeros(3), 4 * torch.eye(3), torch.ones(3), torch.eye(3))
    6.0
    """
    for name, value in dict(mean_a=mean_a, cov_a=cov_a, mean_b=mean_b, cov_b=cov_b).items():
        checks.tensor(value, name)
    f = mean_a.shape[0] if mean_a.dim() == 1 else -1
    expected = dict(mean_a=(f,), cov_a=(f, f), mean_b=(f,), cov_b=(f, f))
    for name, value in dict(mean_a=mean_a, cov_a=cov_a, mean_b=mean_b, cov_b=cov_b).items():
        if f < 0 or tuple(value.shape) != expected[name]:
            raise ValueError(
                f"{name} must have shape {'(F,)' if name.startswith('mean') else '(F, F)'} "
                f"with F = len(mean_a); got mean_a {tuple(mean_a.shape)}, {name} "
                f"{tuple(value.shape)}"
            )
    mean_a, cov_a, mean_b, cov_b = (t.detach().double() for t in (mean_a, cov_a, mean_b, cov_b))
    root_a = _sqrtm_psd(cov_a)
    middle = root_a @ cov_b @ root_a
    middle = (middle + middle.T) / 2  # symmetric up to rounding
    trace_root = torch.linalg.eigvalsh(middle).clamp(min=0).sqrt().sum()
    squared = (mean_a - mean_b).square().sum() + cov_a.trace() + cov_b.trace() - 2 * trace_root
    return float(squared.clamp(min=0))


def frechet_distance(features_a: Tensor, features_b: Tensor) -> float:
    """Fréchet distance between two sets of features, each summarised by a Gaussian.

    The FID's recipe (Heusel et al., 2017): fit a mean and a covariance to each set and
    return :func:`gaussian_frechet_distance` of the two fits. The FID uses Inception-v3's pool
    features of natural images; the guide uses the digit judge's last hidden features. Lower
    is closer; two finite samples of one distribution do not score 0, so compare a generator
    with the distance between two real samples (train against test images), its floor.

    Parameters
    ----------
    features_a : Tensor of shape (N_a, F)
    features_b : Tensor of shape (N_b, F)
        Features of two sets of samples (at least two each), for example the judge's last
        hidden layer for generated and for real images.

    Returns
    -------
    float
        The squared Fréchet distance of the fitted Gaussians.

    Raises
    ------
    ValueError
        If a set is not two-dimensional, has fewer than 2 rows, or the feature sizes differ.
    TypeError
        If the features are not floating point.

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> a = torch.randn(4000, 2, generator=g)
    >>> b = 2 * torch.randn(4000, 2, generator=g) + torch.tensor([3.0, 0.0])
    >>> round(frechet_distance(a, b))  # 3^2 + 2 (2 - 1)^2 = 11 for the Gaussians themselves
    11
    """
    a = _check_features(features_a, "features_a")
    b = _check_features(features_b, "features_b")
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"features_a and features_b must have the same feature size F, got "
            f"{a.shape[1]} and {b.shape[1]}"
        )
    return gaussian_frechet_distance(a.mean(0), a.T.cov(), b.mean(0), b.T.cov())


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
