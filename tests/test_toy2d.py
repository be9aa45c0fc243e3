"""Tests for dlguide.toy2d: the 2D mixtures, the mode metrics and the classifier scores."""

from __future__ import annotations

import math

import pytest
import torch

from dlguide.toy2d import (
    classes_covered,
    classifier_score,
    grid_modes,
    grid_of_gaussians,
    mode_metrics,
    ring_modes,
    ring_of_gaussians,
)


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


def test_real_data_scores_as_published():
    # 3 std in 2D holds 1 - exp(-9/2) = 98.9% of a Gaussian's mass.
    m = mode_metrics(ring_of_gaussians(5000, seed=1), ring_modes(), std=0.01)
    assert m.modes_captured == 8
    assert abs(m.high_quality - (1 - math.exp(-4.5))) < 0.01
    assert m.kl < 0.01
    m = mode_metrics(grid_of_gaussians(5000, seed=1), grid_modes(), std=0.05)
    assert m.modes_captured == 25


def test_samples_exactly_at_every_mode():
    modes = ring_modes()
    m = mode_metrics(modes.repeat(10, 1), modes, std=0.01)
    assert m.modes_captured == 8
    assert m.high_quality == 1.0
    assert m.kl == pytest.approx(0.0, abs=1e-12)
    assert m.counts.tolist() == [10] * 8


def test_all_samples_at_one_mode_is_collapse():
    modes = ring_modes()
    m = mode_metrics(modes[2:3].repeat(100, 1), modes, std=0.01)
    assert m.modes_captured == 1
    assert m.high_quality == 1.0
    assert m.kl == pytest.approx(math.log(8))


def test_far_points_are_not_high_quality():
    modes = ring_modes()
    m = mode_metrics(torch.zeros(50, 2), modes, std=0.01)
    assert m.high_quality == 0.0
    assert m.modes_captured == 0
    assert math.isnan(m.kl)


def test_high_quality_threshold_is_three_std():
    modes = torch.tensor([[0.0, 0.0]])
    inside = torch.tensor([[0.0299, 0.0]])
    outside = torch.tensor([[0.0301, 0.0]])
    assert mode_metrics(inside, modes, std=0.01).high_quality == 1.0
    assert mode_metrics(outside, modes, std=0.01).high_quality == 0.0


def test_half_high_quality_and_min_count():
    modes = ring_modes()
    samples = torch.cat([modes[:1].repeat(3, 1), modes[1:2], torch.full((4, 2), 5.0)])
    m = mode_metrics(samples, modes, std=0.01)
    assert m.high_quality == 0.5
    assert m.modes_captured == 2
    assert mode_metrics(samples, modes, std=0.01, min_count=2).modes_captured == 1


@pytest.mark.parametrize(
    ("samples", "modes", "std", "match"),
    [
        (
            torch.zeros(10, 3),
            ring_modes(),
            0.01,
            r"samples must have shape \(N, 2\), got \(10, 3\)",
        ),
        (torch.zeros(10), ring_modes(), 0.01, r"samples must have shape \(N, 2\), got \(10,\)"),
        (torch.zeros(10, 2), torch.zeros(8), 0.01, r"modes must have shape \(N, 2\), got \(8,\)"),
        (torch.zeros(10, 2), ring_modes(), 0.0, "std must be positive"),
    ],
)
def test_mode_metrics_rejects_bad_input(samples, modes, std, match):
    with pytest.raises(ValueError, match=match):
        mode_metrics(samples, modes, std)


def test_mode_metrics_rejects_non_tensor():
    with pytest.raises(TypeError, match="samples must be a Tensor, got list"):
        mode_metrics([[0.0, 0.0]], ring_modes(), 0.01)


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


def test_classifier_score_bounds():
    k = 10
    assert classifier_score(torch.eye(k)) == pytest.approx(k)
    # Confident but always the same class: no diversity.
    assert classifier_score(torch.eye(k)[[3] * 20]) == pytest.approx(1.0)
    # Balanced but unsure: no quality.
    assert classifier_score(torch.full((20, k), 1 / k)) == pytest.approx(1.0)


def test_classifier_score_matches_formula():
    probs = torch.softmax(torch.randn(50, 6, generator=torch.Generator().manual_seed(0)), 1)
    probs = probs.double()
    marginal = probs.mean(0)
    expected = torch.exp((probs * (probs.log() - marginal.log())).sum(1).mean())
    assert classifier_score(probs) == pytest.approx(expected.item())


def test_classifier_score_half_the_classes():
    probs = torch.eye(10)[torch.arange(40) % 5]
    assert classifier_score(probs) == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("probs", "error", "match"),
    [
        (torch.ones(10), ValueError, r"probs must have shape \(N, K\)"),
        (torch.ones(3, 4), ValueError, "rows must be probabilities"),
        (torch.ones(3, 4, dtype=torch.int64), TypeError, "probs must be floating point"),
    ],
)
def test_classifier_score_rejects_bad_input(probs, error, match):
    with pytest.raises(error, match=match):
        classifier_score(probs)


def test_classes_covered():
    assert classes_covered(torch.arange(10).repeat(3)) == 10
    assert classes_covered(torch.tensor([4, 4, 4])) == 1
    assert classes_covered(torch.tensor([0, 0, 1]), min_count=2) == 1
    assert classes_covered(torch.zeros(0, dtype=torch.int64)) == 0


@pytest.mark.parametrize(
    ("preds", "error", "match"),
    [
        (torch.zeros(3, 10, dtype=torch.int64), ValueError, r"preds must have shape \(N,\)"),
        (torch.zeros(3), TypeError, "preds must hold integer labels, got torch.float32"),
        (torch.tensor([-1, 2]), ValueError, "non-negative"),
    ],
)
def test_classes_covered_rejects_bad_input(preds, error, match):
    with pytest.raises(error, match=match):
        classes_covered(preds)
