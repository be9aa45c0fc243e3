"""Toy data sets and scores for judging a GAN: Gaussian mixtures in 2D, and class statistics.

A generative model is hard to judge by its loss. Two small settings make the judgement a
count instead:

- **2D mixtures of Gaussians** whose modes are known. The protocol of VEEGAN (Srivastava et
  al., 2017), PacGAN (Lin et al., 2018) and GDPP (Elfeki et al., 2019) draws samples from the
  generator and reports the fraction of *high-quality* samples (within three standard
  deviations of the nearest mode), the number of *modes captured* (modes that are the nearest
  mode of at least one high-quality sample) and the KL divergence of the histogram of
  high-quality samples over the modes from the uniform histogram. A generator that has
  collapsed onto a few modes scores few modes and a large KL even when every sample is sharp.
- **Digits judged by a classifier**: the *classifier score* is the Inception Score (Salimans
  et al., 2016) with a small digit classifier as the judge, and :func:`classes_covered`
  counts the distinct classes the judge sees among generated images.

Shape letters: N samples, M modes, K classes.

Taught on the guide's GAN page (mode collapse, and how it is measured).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor

__all__ = [
    "ModeMetrics",
    "classes_covered",
    "classifier_score",
    "grid_modes",
    "grid_of_gaussians",
    "mode_metrics",
    "ring_modes",
    "ring_of_gaussians",
]


def _as_generator(seed: int | torch.Generator) -> torch.Generator:
    if isinstance(seed, torch.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int or a torch.Generator, got {type(seed).__name__}")
    return torch.Generator().manual_seed(seed)


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative int, got {n!r}")


def _mixture(n: int, seed: int | torch.Generator, means: Tensor, std: float) -> Tensor:
    _check_n(n)
    if not std > 0:
        raise ValueError(f"std must be positive, got {std!r}")
    gen = _as_generator(seed)
    # Pick a mode for each sample, uniformly, then add isotropic Gaussian noise around it.
    k = torch.randint(len(means), (n,), generator=gen)  # (N,)
    noise = torch.randn(n, 2, generator=gen)  # (N, 2)
    return means[k] + std * noise  # (N, 2)


def ring_modes(modes: int = 8, radius: float = 1.0) -> Tensor:
    """Return the means of the ring mixture: ``modes`` points evenly spaced on a circle.

    Mean ``i`` is ``radius * (cos(2 pi i / modes), sin(2 pi i / modes))``.

    Parameters
    ----------
    modes : int, default 8
        Number of Gaussians on the ring.
    radius : float, default 1.0
        Radius of the circle.

    Returns
    -------
    Tensor of shape (M, 2)
        The means, float32.

    Examples
    --------
    >>> ring_modes().shape
    torch.Size([8, 2])
    >>> ring_modes(4)[1].round().tolist()
    [0.0, 1.0]
    """
    if isinstance(modes, bool) or not isinstance(modes, int) or modes < 1:
        raise ValueError(f"modes must be a positive int, got {modes!r}")
    angle = 2 * math.pi * torch.arange(modes, dtype=torch.float64) / modes  # (M,)
    return (radius * torch.stack([angle.cos(), angle.sin()], dim=1)).float()  # (M, 2)


def grid_modes() -> Tensor:
    """Return the 25 means of the grid mixture, ``(-4 + 2i, -4 + 2j)`` for i, j in 0..4.

    Returns
    -------
    Tensor of shape (25, 2)
        The means, float32, row by row.

    Examples
    --------
    >>> grid_modes().shape
    torch.Size([25, 2])
    >>> grid_modes()[[0, -1]].tolist()
    [[-4.0, -4.0], [4.0, 4.0]]
    """
    axis = torch.arange(-4.0, 5.0, 2.0)  # (5,)
    gx, gy = torch.meshgrid(axis, axis, indexing="ij")
    return torch.stack([gx.flatten(), gy.flatten()], dim=1)  # (25, 2)


def ring_of_gaussians(
    n: int,
    seed: int | torch.Generator = 0,
    modes: int = 8,
    radius: float = 1.0,
    std: float = 0.01,
) -> Tensor:
    """Sample the ring: a uniform mixture of Gaussians on a circle.

    The defaults are the 2D-ring of PacGAN (Lin et al., 2018): eight modes on the unit
    circle, standard deviation 0.01 in each coordinate.

    Parameters
    ----------
    n : int
        Number of samples.
    seed : int or torch.Generator, default 0
        Seed, or a generator to draw from (to continue a stream of batches).
    modes : int, default 8
        Number of Gaussians.
    radius : float, default 1.0
        Radius of the circle the means lie on.
    std : float, default 0.01
        Standard deviation of each Gaussian in each coordinate.

    Returns
    -------
    Tensor of shape (N, 2)
        float32 samples.

    See Also
    --------
    ring_modes : the means.
    grid_of_gaussians : the other 2D benchmark.

    Examples
    --------
    >>> x = ring_of_gaussians(1000, seed=0)
    >>> x.shape
    torch.Size([1000, 2])
    >>> round(x.norm(dim=1).mean().item(), 2)
    1.0
    """
    return _mixture(n, seed, ring_modes(modes, radius), std)


def grid_of_gaussians(n: int, seed: int | torch.Generator = 0, std: float = 0.05) -> Tensor:
    """Sample the grid: a uniform mixture of 25 Gaussians at ``(-4 + 2i, -4 + 2j)``.

    The 2D-grid of VEEGAN, PacGAN and GDPP: standard deviation 0.05 in each coordinate.

    Parameters
    ----------
    n : int
        Number of samples.
    seed : int or torch.Generator, default 0
        Seed, or a generator to draw from.
    std : float, default 0.05
        Standard deviation of each Gaussian in each coordinate.

    Returns
    -------
    Tensor of shape (N, 2)
        float32 samples.

    See Also
    --------
    grid_modes : the means.

    Examples
    --------
    >>> x = grid_of_gaussians(500, seed=1)
    >>> x.shape
    torch.Size([500, 2])
    >>> bool(x.abs().max() < 4.5)
    True
    """
    return _mixture(n, seed, grid_modes(), std)


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
        Means of the mixture (:func:`ring_modes`, :func:`grid_modes`).
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
    >>> m = mode_metrics(ring_of_gaussians(2000, seed=0), ring_modes(), std=0.01)
    >>> m.modes_captured, round(m.high_quality, 2), round(m.kl, 2)
    (8, 0.99, 0.0)
    >>> mode_metrics(ring_modes()[:1].repeat(10, 1), ring_modes(), std=0.01).modes_captured
    1
    """
    for name, t in (("samples", samples), ("modes", modes)):
        if not isinstance(t, Tensor):
            raise TypeError(f"{name} must be a Tensor, got {type(t).__name__}")
        if t.dim() != 2 or t.shape[1] != 2:
            raise ValueError(f"{name} must have shape (N, 2), got {tuple(t.shape)}")
    if len(modes) == 0:
        raise ValueError("modes must hold at least one mode, got shape (0, 2)")
    if not std > 0:
        raise ValueError(f"std must be positive, got {std!r}")
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
    if not isinstance(probs, Tensor):
        raise TypeError(f"probs must be a Tensor, got {type(probs).__name__}")
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
    if not isinstance(preds, Tensor):
        raise TypeError(f"preds must be a Tensor, got {type(preds).__name__}")
    if preds.dim() != 1:
        raise ValueError(f"preds must have shape (N,), got {tuple(preds.shape)}")
    if preds.is_floating_point() or preds.is_complex() or preds.dtype == torch.bool:
        raise TypeError(f"preds must hold integer labels, got {preds.dtype}")
    if len(preds) == 0:
        return 0
    if (preds < 0).any():
        raise ValueError(f"preds must be non-negative labels, got min {int(preds.min())}")
    return int((torch.bincount(preds) >= min_count).sum())
