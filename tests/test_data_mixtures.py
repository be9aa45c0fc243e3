"""Tests for dlguide.data.mixtures: the ring and the grid of Gaussians and their modes."""

from __future__ import annotations

import math

import pytest
import torch

from dlguide.data.mixtures import grid_modes, grid_of_gaussians, ring_modes, ring_of_gaussians
from dlguide.metrics import mode_metrics


@pytest.mark.parametrize("sampler", [ring_of_gaussians, grid_of_gaussians])
def test_sampler_shape_dtype_and_determinism(sampler):
    x = sampler(300, seed=3)
    assert x.shape == (300, 2)
    assert x.dtype == torch.float32
    torch.testing.assert_close(x, sampler(300, seed=3), rtol=0, atol=0)
    assert not torch.equal(x, sampler(300, seed=4))


@pytest.mark.parametrize("sampler", [ring_of_gaussians, grid_of_gaussians])
def test_sampler_accepts_a_generator_and_continues_its_stream(sampler):
    gen = torch.Generator().manual_seed(5)
    first, second = sampler(50, gen), sampler(50, gen)
    assert not torch.equal(first, second)
    torch.testing.assert_close(first, sampler(50, torch.Generator().manual_seed(5)))


def test_ring_modes_lie_on_the_circle_evenly_spaced():
    modes = ring_modes(8, radius=2.0)
    torch.testing.assert_close(modes.norm(dim=1), torch.full((8,), 2.0))
    gaps = (modes - modes.roll(1, dims=0)).norm(dim=1)
    torch.testing.assert_close(gaps, torch.full((8,), 4 * math.sin(math.pi / 8)))


def test_grid_modes_are_the_25_points_of_the_protocol():
    modes = grid_modes()
    expected = {(-4.0 + 2 * i, -4.0 + 2 * j) for i in range(5) for j in range(5)}
    assert {tuple(p) for p in modes.tolist()} == expected


@pytest.mark.parametrize(
    ("sampler", "modes", "std"),
    [(ring_of_gaussians, ring_modes(), 0.01), (grid_of_gaussians, grid_modes(), 0.05)],
)
def test_samples_are_spread_evenly_around_the_means(sampler, modes, std):
    x = sampler(20000, seed=0)
    nearest = torch.cdist(x, modes).argmin(1)
    shares = torch.bincount(nearest, minlength=len(modes)).float() / len(x)
    assert shares.min() > 0.7 / len(modes) and shares.max() < 1.3 / len(modes)
    residual = x - modes[nearest]
    assert abs(residual.std().item() - std) < 0.05 * std
    assert residual.mean(0).abs().max() < 0.05 * std


def test_ring_sampler_keyword_arguments():
    x = ring_of_gaussians(1000, seed=0, modes=3, radius=5.0, std=0.1)
    metrics = mode_metrics(x, ring_modes(3, 5.0), std=0.1)
    assert metrics.modes_captured == 3


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: ring_of_gaussians(-1), ValueError, "n must be a non-negative int, got -1"),
        (lambda: ring_of_gaussians(5, seed=1.5), TypeError, "seed must be an int"),
        (lambda: ring_of_gaussians(5, std=0), ValueError, "std must be positive"),
        (lambda: ring_modes(0), ValueError, "modes must be a positive int, got 0"),
    ],
)
def test_samplers_reject_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()
