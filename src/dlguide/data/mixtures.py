"""Mixtures of Gaussians in 2D whose modes are known: the toy data of the GAN chapter.

A generative model is hard to judge by its loss. On a mixture whose modes are known, the
judgement becomes a count (:func:`dlguide.metrics.mode_metrics`): the protocol of VEEGAN
(Srivastava et al., 2017), PacGAN (Lin et al., 2018) and GDPP (Elfeki et al., 2019) uses a ring
of 8 Gaussians and a 5 x 5 grid of 25, as here.

Shape letters: N samples, M modes.

Taught on the guide's GAN page (mode collapse, and how it is measured).
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dlguide import checks

__all__ = ["grid_modes", "grid_of_gaussians", "ring_modes", "ring_of_gaussians"]


def _mixture(n: int, seed: int | torch.Generator, means: Tensor, std: float) -> Tensor:
    checks.integer(n, "n", minimum=0)
    checks.number(std, "std", positive=True)
    if isinstance(seed, torch.Generator):
        gen = seed
    else:
        gen = torch.Generator().manual_seed(checks.integer(seed, "seed"))
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
    checks.integer(modes, "modes", minimum=1)
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
