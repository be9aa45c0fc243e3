"""Tests for dlguide.metrics: the mode metrics of 2D samples and the classifier scores.

``accuracy`` is tested with the digits CNN, in ``tests/test_cnn.py``.
"""

from __future__ import annotations

import math

import pytest
import torch

from dlguide.data.mixtures import grid_modes, grid_of_gaussians, ring_modes, ring_of_gaussians
from dlguide.metrics import classes_covered, classifier_score, mode_metrics


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
    with pytest.raises(TypeError, match=r"samples must be a torch\.Tensor, got list"):
        mode_metrics([[0.0, 0.0]], ring_modes(), 0.01)


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


# ---------------------------------------------------------------------------------------------
# Fréchet distance and the between-classes share
# ---------------------------------------------------------------------------------------------


def test_gaussian_frechet_distance_closed_forms():
    from dlguide.metrics import gaussian_frechet_distance

    # Diagonal covariances: |mu_a - mu_b|^2 + sum (sqrt(a_i) - sqrt(b_i))^2.
    mean_a, mean_b = torch.tensor([0.0, 1.0, -2.0]), torch.tensor([1.0, 1.0, 0.0])
    var_a, var_b = torch.tensor([1.0, 4.0, 9.0]), torch.tensor([4.0, 1.0, 0.25])
    expected = 1 + 0 + 4 + (1 - 2) ** 2 + (2 - 1) ** 2 + (3 - 0.5) ** 2
    got = gaussian_frechet_distance(mean_a, torch.diag(var_a), mean_b, torch.diag(var_b))
    assert got == pytest.approx(expected, rel=1e-12)
    # Identical Gaussians are at distance 0; the distance is symmetric.
    cov = torch.tensor([[2.0, 0.5], [0.5, 1.0]])
    assert gaussian_frechet_distance(torch.ones(2), cov, torch.ones(2), cov) == pytest.approx(
        0, abs=1e-10
    )


def test_gaussian_frechet_distance_non_commuting_covariances():
    from scipy.linalg import sqrtm

    from dlguide.metrics import gaussian_frechet_distance

    gen = torch.Generator().manual_seed(0)
    a = torch.randn(4, 4, generator=gen, dtype=torch.float64)
    b = torch.randn(4, 4, generator=gen, dtype=torch.float64)
    cov_a, cov_b = a @ a.T + 0.1 * torch.eye(4), b @ b.T  # do not commute
    mean_a = torch.randn(4, generator=gen, dtype=torch.float64)
    mean_b = torch.randn(4, generator=gen, dtype=torch.float64)
    # The textbook formula with a general matrix square root of cov_a cov_b.
    root = sqrtm((cov_a @ cov_b).numpy()).real
    direct = float(
        (mean_a - mean_b).square().sum() + cov_a.trace() + cov_b.trace() - 2 * root.trace()
    )
    got = gaussian_frechet_distance(mean_a, cov_a, mean_b, cov_b)
    assert got == pytest.approx(direct, rel=1e-9)
    assert got == pytest.approx(gaussian_frechet_distance(mean_b, cov_b, mean_a, cov_a), rel=1e-9)


def test_frechet_distance_of_samples_approaches_the_gaussians():
    from dlguide.metrics import frechet_distance

    gen = torch.Generator().manual_seed(1)
    # N(0, I) against N((2, 0, 0), 9 I) in 3 dimensions: 4 + 3 (3 - 1)^2 = 16.
    a = torch.randn(50_000, 3, generator=gen, dtype=torch.float64)
    b = 3 * torch.randn(50_000, 3, generator=gen, dtype=torch.float64) + torch.tensor([2.0, 0, 0])
    assert frechet_distance(a, b) == pytest.approx(16, rel=0.02)
    # Two samples of one distribution: small but not 0, the floor a generator is compared with.
    c = torch.randn(50_000, 3, generator=gen, dtype=torch.float64)
    assert 0 < frechet_distance(a, c) < 0.01
    # float32 features give the same answer (computed in float64)
    assert frechet_distance(a.float(), b.float()) == pytest.approx(
        frechet_distance(a, b), rel=1e-5
    )


@pytest.mark.parametrize(
    ("a", "b", "error", "match"),
    [
        (torch.zeros(5, 3), torch.zeros(5, 4), ValueError, "same feature size F, got 3 and 4"),
        (
            torch.zeros(1, 3),
            torch.zeros(5, 3),
            ValueError,
            r"features_a must have shape \(N, F\) with N >= 2, got \(1, 3\)",
        ),
        (torch.zeros(5), torch.zeros(5, 3), ValueError, r"features_a must have shape \(N, F\)"),
        (
            torch.zeros(5, 3),
            torch.zeros(5, 3, dtype=torch.long),
            TypeError,
            "features_b must be floating point",
        ),
        ([[0.0]], torch.zeros(5, 3), TypeError, "features_a must be a torch.Tensor"),
    ],
)
def test_frechet_distance_rejects_bad_input(a, b, error, match):
    from dlguide.metrics import frechet_distance

    with pytest.raises(error, match=match):
        frechet_distance(a, b)


def test_gaussian_frechet_distance_rejects_mismatched_shapes():
    from dlguide.metrics import gaussian_frechet_distance

    with pytest.raises(ValueError, match=r"cov_b must have shape \(F, F\) with F = len\(mean_a\)"):
        gaussian_frechet_distance(torch.zeros(2), torch.eye(2), torch.zeros(2), torch.eye(3))


def test_between_share():
    from dlguide.metrics import between_share

    probs = torch.tensor([[0.95, 0.05, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5], [0, 0, 1.0]])
    assert between_share(probs) == 0.5
    assert between_share(probs, threshold=0.4) == 0.0
    assert between_share(probs, threshold=1.0) == 0.75
    assert between_share(torch.eye(10)) == 0.0
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\], got 1\.5"):
        between_share(probs, threshold=1.5)
    with pytest.raises(ValueError, match="rows must be probabilities"):
        between_share(torch.full((2, 3), 0.5))
