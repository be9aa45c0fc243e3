"""Small generated data sets for the neural-network basics, and a train/test split.

- :func:`noisy_curve`: noisy samples of ``sin(πx)``, a function to learn from data (and to
  under- or overfit with polynomials of too low or too high a degree);
- :func:`make_toy_2d`: two interleaved classes in the plane (scikit-learn's moons or circles),
  for a decision boundary;
- :func:`train_test_split`: hold out part of a data set, in scikit-learn's return order.

Shape letters: N samples. Used on the guide pages "AI, machine learning and deep learning" and
"Neural networks from the ground up".
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dlguide import checks

__all__ = ["make_toy_2d", "noisy_curve", "train_test_split"]


def noisy_curve(
    n: int, noise: float = 0.2, seed: int = 0, dtype: torch.dtype = torch.float32
) -> tuple[Tensor, Tensor]:
    """Noisy samples of ``sin(πx)`` at random points of [-1, 1], sorted by x.

    Parameters
    ----------
    n : int
        Number of samples N.
    noise : float
        Standard deviation of the Gaussian noise added to each y.
    seed : int
    dtype : torch.dtype

    Returns
    -------
    x : Tensor of shape (N, 1)
    y : Tensor of shape (N, 1)

    Examples
    --------
    >>> x, y = noisy_curve(20, seed=0)
    >>> tuple(x.shape), tuple(y.shape), bool(x.min() >= -1 and x.max() <= 1)
    ((20, 1), (20, 1), True)
    """
    checks.integer(n, "n", minimum=1)
    gen = torch.Generator().manual_seed(seed)
    x = (torch.rand(n, 1, generator=gen, dtype=torch.float64) * 2 - 1).sort(dim=0).values
    y = torch.sin(math.pi * x) + noise * torch.randn(n, 1, generator=gen, dtype=torch.float64)
    return x.to(dtype), y.to(dtype)


def train_test_split(
    x: Tensor, y: Tensor, test_fraction: float = 0.3, seed: int = 0
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Shuffle the N samples and hold out a fraction of them as a test set.

    Parameters
    ----------
    x : Tensor of shape (N, ...)
    y : Tensor of shape (N, ...)
    test_fraction : float
        Share of the samples held out, strictly between 0 and 1.
    seed : int

    Returns
    -------
    x_train, x_test, y_train, y_test : Tensor
        In scikit-learn's order. ``round(test_fraction * N)`` samples (at least one) go to
        the test set.

    Raises
    ------
    ValueError
        If x and y disagree on N, or either set would be empty.

    See Also
    --------
    sklearn.model_selection.train_test_split : the scikit-learn twin.

    Examples
    --------
    >>> x_tr, x_te, y_tr, y_te = train_test_split(torch.arange(10.0), torch.arange(10.0), 0.3)
    >>> len(x_tr), len(x_te), bool((x_tr == y_tr).all())
    (7, 3, True)
    """
    checks.tensor(x, "x")
    checks.tensor(y, "y")
    if x.ndim == 0 or y.ndim == 0 or len(x) != len(y):
        raise ValueError(
            f"train_test_split expects x and y with the same first dimension N, "
            f"got shapes {tuple(x.shape)} and {tuple(y.shape)}"
        )
    n = len(x)
    n_test = max(1, round(test_fraction * n)) if 0 < test_fraction < 1 else 0
    if not 0 < n_test < n:
        raise ValueError(
            f"test_fraction={test_fraction} of {n} samples leaves an empty train or test set; "
            f"use 0 < test_fraction < 1 and at least 2 samples"
        )
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    test, train = order[:n_test].sort().values, order[n_test:].sort().values
    return x[train], x[test], y[train], y[test]


def make_toy_2d(
    name: str = "moons", n_samples: int = 200, noise: float = 0.2, seed: int = 0
) -> tuple[Tensor, Tensor]:
    """Two interleaved classes in the plane, from scikit-learn's generators, standardised.

    Parameters
    ----------
    name : {"moons", "circles"}
        :func:`sklearn.datasets.make_moons` or :func:`sklearn.datasets.make_circles`.
    n_samples : int
        N, split evenly between the two classes.
    noise : float
        Standard deviation of the Gaussian noise on the points.
    seed : int

    Returns
    -------
    x : Tensor of shape (N, 2), float32
        Each coordinate scaled to mean 0 and standard deviation 1.
    y : Tensor of shape (N,), torch.long
        Class 0 or 1.

    Examples
    --------
    >>> x, y = make_toy_2d("moons", 100, seed=0)
    >>> tuple(x.shape), y.dtype, int(y.sum())
    ((100, 2), torch.int64, 50)
    """
    from sklearn.datasets import make_circles, make_moons

    makers = {"moons": make_moons, "circles": make_circles}
    checks.choice(name, "name", makers)
    kwargs = {"factor": 0.5} if name == "circles" else {}
    points, labels = makers[name](n_samples, noise=noise, random_state=seed, **kwargs)
    x = torch.as_tensor(points, dtype=torch.float64)
    x = (x - x.mean(dim=0)) / x.std(dim=0)
    return x.float(), torch.as_tensor(labels, dtype=torch.long)
