"""Tests for the GAN chapter's remedies: packing (PacGAN), the conditional DCGAN and
discriminator rejection sampling, in dlguide.gan and dlguide.train.gan."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from dlguide.data.mixtures import grid_of_gaussians, ring_of_gaussians
from dlguide.gan import (
    ConditionalDCGANDiscriminator,
    ConditionalDCGANGenerator,
    DCGANDiscriminator,
    DCGANGenerator,
    Discriminator2D,
    RejectionSamples,
    discriminator_rejection_sampling,
)
from dlguide.train.gan import train_conditional_dcgan, train_gan_2d

TINY = dict(steps=6, g_hidden=8, d_hidden=8, layers=1, batch_size=12, n_snapshot=10)

# ---------------------------------------------------------------------------------------------
# Packing
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pack", [1, 2, 3, 4])
def test_packed_discriminator_judges_concatenated_points(pack):
    d = Discriminator2D(hidden=5, layers=1, pack=pack)
    assert d.net[0].in_features == 2 * pack
    x = torch.randn(12, 2, generator=torch.Generator().manual_seed(pack))
    logits = d(x)
    assert logits.shape == (12 // pack,)
    # pack k is points k*m .. k*m+m-1, concatenated in order
    by_hand = d.net(torch.cat([x[i::pack] for i in range(pack)], dim=1)[: 12 // pack])
    packs = x.view(12 // pack, pack, 2).flatten(1)  # (N/m, 2m)
    torch.testing.assert_close(logits, d.net(packs).squeeze(1))
    if pack == 1:
        torch.testing.assert_close(logits, by_hand.squeeze(1))


def test_packed_discriminator_sees_the_whole_pack():
    # Changing one point of a pack changes that pack's logit and no other.
    d = Discriminator2D(hidden=16, layers=2, pack=3)
    x = torch.randn(9, 2, generator=torch.Generator().manual_seed(0))
    y = x.clone()
    y[4] += 1.0  # the second point of pack 1
    changed = (d(x) - d(y)).abs() > 0
    assert changed.tolist() == [False, True, False]


def test_pack_must_divide_the_points():
    with pytest.raises(ValueError, match=r"whole number of packs of 4 points \(pack=4\), got 6"):
        Discriminator2D(pack=4)(torch.zeros(6, 2))
    with pytest.raises(ValueError, match="pack must be a positive int, got 0"):
        Discriminator2D(pack=0)
    with pytest.raises(TypeError, match=r"pack must be an int, got float 2\.0"):
        Discriminator2D(pack=2.0)
    with pytest.raises(ValueError, match="batch_size must be a multiple of pack=5"):
        train_gan_2d(ring_of_gaussians, pack=5, **TINY)


def test_packed_training_is_deterministic_and_has_no_grid():
    a = train_gan_2d(grid_of_gaussians, pack=3, seed=4, **TINY)
    b = train_gan_2d(grid_of_gaussians, pack=3, seed=4, **TINY)
    c = train_gan_2d(grid_of_gaussians, pack=3, seed=5, **TINY)
    torch.testing.assert_close(a.samples, b.samples, rtol=0, atol=0)
    torch.testing.assert_close(a.d_losses, b.d_losses, rtol=0, atol=0)
    assert not torch.equal(a.samples, c.samples)
    assert a.d_grids is None
    assert a.discriminator.pack == 3
    assert a.discriminator.net[0].in_features == 6


def test_packed_training_judges_real_and_fake_packs_apart():
    # A discriminator that records what it is shown: no pack mixes real and fake points.
    seen = []

    class Recorder(Discriminator2D):
        def forward(self, x):
            seen.append(x.detach().clone())
            return super().forward(x)

    from dlguide.train import gan as recipes

    original = recipes.Discriminator2D
    recipes.Discriminator2D = Recorder
    try:
        train_gan_2d(lambda n, seed: torch.full((n, 2), 100.0), pack=4, **TINY)
    finally:
        recipes.Discriminator2D = original
    joint = seen[0]  # the first update: real packs first, then fakes
    assert joint.shape == (24, 2)
    assert (joint[:12] == 100).all() and (joint[12:].abs() < 50).all()


# ---------------------------------------------------------------------------------------------
# The conditional DCGAN
# ---------------------------------------------------------------------------------------------


def test_conditional_networks_shapes_and_range():
    g = ConditionalDCGANGenerator(latent_dim=6, width=4)
    d = ConditionalDCGANDiscriminator(width=4)
    labels = torch.tensor([0, 3, 9, 3, 5])
    x = g(torch.randn(5, 6), labels)
    assert x.shape == (5, 1, 8, 8) and x.abs().max() <= 1
    assert d(x, labels).shape == (5,)
    assert g.net[0].in_channels == 6 + 10


def test_conditional_generator_reads_the_label():
    g = ConditionalDCGANGenerator(latent_dim=4, width=4).eval()
    z = torch.randn(1, 4).repeat(10, 1)
    images = g(z, torch.arange(10))
    assert torch.unique(images.flatten(1), dim=0).shape[0] == 10


def test_projection_discriminator_is_readout_plus_inner_product():
    d = ConditionalDCGANDiscriminator(width=3).eval()
    x = torch.randn(4, 1, 8, 8)
    labels = torch.tensor([1, 1, 7, 2])
    h = d.features(x).flatten(1)  # (4, 24)
    expected = d.head(d.features(x)).flatten() + (d.embed.weight[labels] * h).sum(1)
    torch.testing.assert_close(d(x, labels), expected)
    # the same image claimed as another class scores differently
    assert d(x[:1], torch.tensor([1])) != d(x[:1], torch.tensor([2]))


def test_conditional_shares_the_unconditional_blocks():
    g, cg = DCGANGenerator(width=8), ConditionalDCGANGenerator(width=8)
    assert [type(m) for m in g.net] == [type(m) for m in cg.net]
    d, cd = DCGANDiscriminator(width=8), ConditionalDCGANDiscriminator(width=8)
    assert [type(m) for m in d.features] == [type(m) for m in cd.features]


@pytest.mark.parametrize(
    ("labels", "error", "match"),
    [
        (
            torch.tensor([0, 10, 1]),
            ValueError,
            r"labels must be class indices in 0\.\.9, got values from 0 to 10",
        ),
        (torch.tensor([0, -1, 1]), ValueError, r"class indices in 0\.\.9, got values from -1"),
        (torch.tensor([0.0, 1.0, 2.0]), TypeError, "labels must be a torch.long tensor"),
        (torch.tensor([0, 1]), ValueError, r"labels must have shape \(N,\) = \(3,\), got \(2,\)"),
        ([0, 1, 2], TypeError, "labels must be a torch.Tensor"),
    ],
)
def test_conditional_networks_reject_bad_labels(labels, error, match):
    g = ConditionalDCGANGenerator(latent_dim=4, width=2)
    d = ConditionalDCGANDiscriminator(width=2)
    with pytest.raises(error, match=match):
        g(torch.zeros(3, 4), labels)
    with pytest.raises(error, match=match):
        d(torch.zeros(3, 1, 8, 8), labels)


def test_conditional_generator_rejects_wrong_latent_size():
    g = ConditionalDCGANGenerator(latent_dim=4, width=2)
    with pytest.raises(ValueError, match=r"z must have shape \(N, 4\) \(N, Z\), got \(3, 5\)"):
        g(torch.zeros(3, 5), torch.zeros(3, dtype=torch.long))


def test_train_conditional_dcgan_is_deterministic_and_draws_requested_labels():
    kwargs = dict(epochs=1, seed=2, latent_dim=4, width=4, batch_size=256, n_fixed=20)
    a, b = train_conditional_dcgan(**kwargs), train_conditional_dcgan(**kwargs)
    torch.testing.assert_close(a.snapshots, b.snapshots, rtol=0, atol=0)
    assert a.snapshots.shape == (2, 20, 1, 8, 8)
    assert a.fixed_labels.tolist() == [i % 10 for i in range(20)]
    torch.testing.assert_close(a.generate(a.fixed_noise, a.fixed_labels), a.snapshots[-1])
    sevens = a.sample(6, seed=1, labels=torch.full((6,), 7))
    assert sevens.shape == (6, 1, 8, 8) and 0 <= sevens.min() and sevens.max() <= 1
    with pytest.raises(ValueError, match="labels must be given"):
        a.generate(a.fixed_noise)
    with pytest.raises(ValueError, match=r"labels must be class indices in 0\.\.9"):
        a.sample(2, labels=torch.tensor([3, 12]))


def test_train_conditional_dcgan_rejects_bad_arguments():
    with pytest.raises(ValueError, match="epochs must be a positive int, got 0"):
        train_conditional_dcgan(epochs=0)
    with pytest.raises(ValueError, match="batch_size must be at most the 1437 training images"):
        train_conditional_dcgan(batch_size=2000)


# ---------------------------------------------------------------------------------------------
# Discriminator rejection sampling
# ---------------------------------------------------------------------------------------------


class _Shift(nn.Module):
    """A 'generator' of 1-D points z and a 'discriminator' whose logit is a known function."""

    latent_dim = 1

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(()))

    def forward(self, z):
        return z * self.scale  # (B, 1)


class _Logit(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.dummy = nn.Parameter(torch.zeros(()))

    def forward(self, x):
        return self.fn(x[:, 0])  # (B,)


def test_rejection_sampling_keeps_what_the_discriminator_believes():
    # Logit +5 for x > 0 and -5 below: almost every kept sample is positive.
    g, d = _Shift(), _Logit(lambda x: torch.where(x > 0, 5.0, -5.0))
    # With gamma at the 90% quantile of F, a positive x (at D_M) is kept with probability 1/2
    # and a negative one with sigmoid(-10 - 13.8): a quarter of the proposals are kept.
    kept = discriminator_rejection_sampling(g, d, 2000, seed=0, quantile=0.9, burn_in=500)
    assert isinstance(kept, RejectionSamples)
    assert kept.samples.shape == (2000, 1)
    assert (kept.samples > 0).double().mean() > 0.99
    assert kept.acceptance_rate == 2000 / kept.proposals
    assert 0.2 < kept.acceptance_rate < 0.3
    # A median gamma is far less selective: a negative x sits at the median and is kept
    # half the time, a positive one always, so two thirds of the kept samples are positive.
    loose = discriminator_rejection_sampling(g, d, 2000, seed=0, quantile=0.5, burn_in=500)
    assert 0.6 < float((loose.samples > 0).double().mean()) < 0.72


def test_rejection_sampling_corrects_a_known_density_ratio():
    # p_g = N(0, 1), p_data = N(1, 1): log p_data / p_g = x - 1/2. With gamma = 0,
    # sigmoid(F) = exp(D - D_M) = ratio / M: plain rejection sampling, which turns N(0, 1)
    # into N(1, 1).
    g, d = _Shift(), _Logit(lambda x: x - 0.5)
    kept = discriminator_rejection_sampling(g, d, 4000, seed=1, gamma=0.0, burn_in=20000)
    assert abs(float(kept.samples.mean()) - 1.0) < 0.1
    assert abs(float(kept.samples.std()) - 1.0) < 0.1


def test_rejection_sampling_is_deterministic_and_leaves_global_state():
    g, d = DCGANGenerator(latent_dim=3, width=2).eval(), DCGANDiscriminator(width=2).eval()
    torch.manual_seed(5)
    before = torch.random.get_rng_state()
    a = discriminator_rejection_sampling(g, d, 30, seed=3, burn_in=100, batch_size=50)
    assert torch.equal(torch.random.get_rng_state(), before)
    b = discriminator_rejection_sampling(g, d, 30, seed=3, burn_in=100, batch_size=50)
    c = discriminator_rejection_sampling(g, d, 30, seed=4, burn_in=100, batch_size=50)
    torch.testing.assert_close(a.samples, b.samples, rtol=0, atol=0)
    assert a.proposals == b.proposals
    assert not torch.equal(a.samples, c.samples)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(n=0), ValueError, "n must be a positive int, got 0"),
        (dict(quantile=1.0), ValueError, r"quantile must be in \[0, 1\), got 1\.0"),
        (dict(batch_size=1), ValueError, "batch_size must be an int >= 2"),
        (dict(epsilon=0.0), ValueError, "epsilon must be positive"),
        (dict(n=2.5), TypeError, r"n must be an int, got float 2\.5"),
    ],
)
def test_rejection_sampling_rejects_bad_arguments(kwargs, error, match):
    g, d = DCGANGenerator(latent_dim=3, width=2).eval(), DCGANDiscriminator(width=2).eval()
    with pytest.raises(error, match=match):
        discriminator_rejection_sampling(g, d, **{"n": 5, **kwargs})


def test_rejection_sampling_needs_a_latent_size():
    with pytest.raises(TypeError, match="generator must have an int latent_dim"):
        discriminator_rejection_sampling(nn.Identity(), DCGANDiscriminator(width=2), 5)


def test_calibrate_discriminator_trains_a_copy_and_sharpens_it():
    from dlguide.data.digits import load_digits_split
    from dlguide.train.gan import calibrate_discriminator, train_dcgan

    result = train_dcgan(epochs=2, seed=1, latent_dim=4, width=4, batch_size=128, n_fixed=3)
    before = {k: v.clone() for k, v in result.discriminator.state_dict().items()}
    calibrated = calibrate_discriminator(result, epochs=3, seed=1, lr=1e-3, batch_size=128)
    # the result's own discriminator is untouched; the copy has moved and is in eval mode
    for key, value in result.discriminator.state_dict().items():
        assert torch.equal(value, before[key]), key
    assert calibrated is not result.discriminator and not calibrated.training
    assert any(
        not torch.equal(a, b)
        for a, b in zip(calibrated.parameters(), result.discriminator.parameters(), strict=True)
    )
    # it tells held-out real digits from fresh samples better: a lower discriminator loss
    from dlguide.gan import discriminator_loss

    x_test = load_digits_split(seed=1)[1] * 2 - 1
    fake = result.sample(400, seed=9) * 2 - 1

    def held_out_loss(d):
        with torch.no_grad():
            return float(discriminator_loss(d(x_test), d(fake)))

    assert held_out_loss(calibrated) < held_out_loss(result.discriminator)
    again = calibrate_discriminator(result, epochs=3, seed=1, lr=1e-3, batch_size=128)
    for a, b in zip(calibrated.parameters(), again.parameters(), strict=True):
        assert torch.equal(a, b)


def test_calibrate_discriminator_rejects_other_results():
    from dlguide.train.gan import calibrate_discriminator

    conditional = train_conditional_dcgan(epochs=1, latent_dim=2, width=2, batch_size=512)
    with pytest.raises(TypeError, match="result must be the DCGANResult of train_dcgan"):
        calibrate_discriminator(conditional)
    with pytest.raises(TypeError, match="result must be the DCGANResult of train_dcgan"):
        calibrate_discriminator("model")
