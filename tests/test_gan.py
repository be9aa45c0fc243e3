"""Tests for dlguide.gan (transposed convolution, losses, networks) and dlguide.train.gan."""

from __future__ import annotations

import functools
import math

import pytest
import torch
import torch.nn.functional as F

from dlguide.data.mixtures import ring_modes, ring_of_gaussians
from dlguide.gan import (
    DCGANDiscriminator,
    DCGANGenerator,
    Discriminator2D,
    Generator2D,
    conv_transpose2d,
    discriminator_loss,
    generator_loss_minimax,
    generator_loss_nonsaturating,
)
from dlguide.metrics import mode_metrics
from dlguide.train.gan import train_dcgan, train_gan_2d

# ---------------------------------------------------------------------------------------------
# conv_transpose2d
# ---------------------------------------------------------------------------------------------

CONFIGS = [
    # (N, C_in, C_out, H, W, kernel, stride, padding, bias)
    (2, 3, 4, 5, 5, (3, 3), 1, 0, True),
    (1, 1, 1, 1, 1, (1, 1), 1, 0, False),
    (3, 2, 5, 4, 4, (4, 4), 2, 1, True),
    (2, 4, 3, 2, 3, (2, 3), (2, 1), (0, 1), True),
    (1, 3, 2, 3, 4, (5, 2), (3, 2), (2, 0), False),
    (2, 8, 1, 4, 4, (4, 4), 2, 1, True),  # the DCGAN upsampling layer
    (1, 2, 2, 1, 1, (2, 2), 1, 0, True),  # a 1x1 latent "image" to 2x2
]


@pytest.mark.parametrize(("n", "c_in", "c_out", "h", "w", "k", "s", "p", "bias"), CONFIGS)
def test_conv_transpose2d_matches_torch(n, c_in, c_out, h, w, k, s, p, bias):
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(n, c_in, h, w, generator=gen, dtype=torch.float64, requires_grad=True)
    weight = torch.randn(c_in, c_out, *k, generator=gen, dtype=torch.float64, requires_grad=True)
    b = (
        torch.randn(c_out, generator=gen, dtype=torch.float64, requires_grad=True)
        if bias
        else None
    )
    ours = conv_transpose2d(x, weight, b, stride=s, padding=p)
    theirs = F.conv_transpose2d(x, weight, b, stride=s, padding=p)
    torch.testing.assert_close(ours, theirs)

    upstream = torch.randn(theirs.shape, generator=gen, dtype=torch.float64)
    inputs = [x, weight] + ([b] if bias else [])
    grads_ours = torch.autograd.grad(ours, inputs, upstream)
    grads_theirs = torch.autograd.grad(theirs, inputs, upstream)
    for g_ours, g_theirs in zip(grads_ours, grads_theirs, strict=True):
        torch.testing.assert_close(g_ours, g_theirs)


@pytest.mark.parametrize(
    ("h", "k", "s", "p"), [(4, 4, 2, 1), (2, 2, 1, 0), (3, 3, 2, 0), (5, 1, 3, 0)]
)
def test_conv_transpose2d_output_size_formula(h, k, s, p):
    out = conv_transpose2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p)
    size = (h - 1) * s - 2 * p + k
    assert out.shape == (1, 1, size, size)


def test_conv_transpose2d_unbatched_matches_batched():
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(3, 4, 4, generator=gen, dtype=torch.float64)
    weight = torch.randn(3, 2, 4, 4, generator=gen, dtype=torch.float64)
    out = conv_transpose2d(x, weight, stride=2, padding=1)
    assert out.shape == (2, 8, 8)
    torch.testing.assert_close(out, F.conv_transpose2d(x, weight, stride=2, padding=1))


def test_conv_transpose2d_is_the_gradient_of_conv2d():
    # <conv2d(y, w), x> = <y, conv_transpose2d(x, w)>: the two are adjoint linear maps.
    gen = torch.Generator().manual_seed(2)
    weight = torch.randn(3, 2, 4, 4, generator=gen, dtype=torch.float64)  # (C_in, C_out, k, k)
    x = torch.randn(1, 3, 4, 4, generator=gen, dtype=torch.float64)
    y = torch.randn(1, 2, 8, 8, generator=gen, dtype=torch.float64)
    left = (F.conv2d(y, weight, stride=2, padding=1) * x).sum()
    right = (y * conv_transpose2d(x, weight, stride=2, padding=1)).sum()
    torch.testing.assert_close(left, right)


def test_conv_transpose2d_scatters_the_kernel():
    # A single 1 in the input paints the kernel at stride-spaced positions.
    x = torch.zeros(1, 1, 2, 2)
    x[0, 0, 1, 0] = 1.0
    kernel = torch.arange(1.0, 5.0).view(1, 1, 2, 2)
    out = conv_transpose2d(x, kernel, stride=2)
    expected = torch.zeros(1, 1, 4, 4)
    expected[0, 0, 2:4, 0:2] = kernel[0, 0]
    torch.testing.assert_close(out, expected)


X = torch.zeros(1, 1, 4, 4)
W = torch.zeros(1, 1, 3, 3)
INT = torch.int64


@pytest.mark.parametrize(
    ("x", "weight", "kwargs", "error", "match"),
    [
        (torch.zeros(1, 1, 1, 4, 4), W, {}, ValueError, r"with shape \(1, 1, 1, 4, 4\)"),
        (torch.zeros(4, 4), W, {}, ValueError, r"\(N, C_in, H, W\)"),
        (torch.zeros(1, 2, 4, 4), W, {}, ValueError, "2 channels but weight expects 1"),
        (X, torch.zeros(1, 1, 3), {}, ValueError, r"weight must have shape"),
        (X, W.double(), {}, TypeError, "one dtype"),
        (X.to(INT), W.to(INT), {}, TypeError, "floating-point"),
        (X.numpy(), W, {}, TypeError, "input must be a torch.Tensor, got ndarray"),
        (X, [0.0], {}, TypeError, "weight must be a torch.Tensor, got list"),
        (X, W, {"stride": 0}, ValueError, "stride must be positive, got 0"),
        (X, W, {"stride": 1.5}, TypeError, "stride must be an int or a pair of ints, got 1.5"),
        (X, W, {"stride": (1, 2, 3)}, ValueError, "stride must be an int or a pair"),
        (X, W, {"padding": -1}, ValueError, "padding must be non-negative"),
        (torch.zeros(1, 1, 1, 1), W[..., :2, :2], {"padding": 1}, ValueError, "output size"),
        (X, W, {"bias": torch.zeros(2)}, ValueError, r"bias must have shape \(C_out,\) = \(1,\)"),
        (X, W, {"bias": torch.zeros(1).double()}, TypeError, "bias must have dtype torch.float32"),
    ],
)
def test_conv_transpose2d_rejects_bad_input(x, weight, kwargs, error, match):
    with pytest.raises(error, match=match):
        conv_transpose2d(x, weight, **kwargs)


# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------

LOGITS = [
    torch.tensor([0.0]),
    torch.linspace(-5, 5, 11, dtype=torch.float64),
    torch.tensor([-200.0, 200.0, 30.0], dtype=torch.float64),  # where a naive log(sigmoid) fails
]


@pytest.mark.parametrize("fake", LOGITS)
@pytest.mark.parametrize("real", LOGITS)
def test_discriminator_loss_is_bce_with_real_1_and_fake_0(real, fake):
    expected = F.binary_cross_entropy_with_logits(
        real, torch.ones_like(real)
    ) + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
    torch.testing.assert_close(discriminator_loss(real, fake), expected)


@pytest.mark.parametrize("fake", LOGITS)
def test_generator_losses_are_bce_forms(fake):
    # -log D(G(z)) is BCE with target 1; log(1 - D(G(z))) is minus BCE with target 0.
    nonsaturating = F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))
    minimax = -F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
    torch.testing.assert_close(generator_loss_nonsaturating(fake), nonsaturating)
    torch.testing.assert_close(generator_loss_minimax(fake), minimax)


def test_losses_stay_finite_for_huge_logits():
    logits = torch.tensor([-1e4, 1e4], requires_grad=True)
    for loss in (
        generator_loss_minimax(logits),
        generator_loss_nonsaturating(logits),
        discriminator_loss(logits, logits),
    ):
        (grad,) = torch.autograd.grad(loss, logits)
        assert torch.isfinite(loss) and torch.isfinite(grad).all()


def test_minimax_gradient_vanishes_when_d_rejects_fakes_nonsaturating_does_not():
    # D confidently says "fake": D(G(z)) = sigmoid(-10), about 4.5e-5.
    logits = torch.full((4,), -10.0, dtype=torch.float64, requires_grad=True)
    (g_minimax,) = torch.autograd.grad(generator_loss_minimax(logits), logits)
    (g_nonsat,) = torch.autograd.grad(generator_loss_nonsaturating(logits), logits)
    d = torch.sigmoid(logits.detach())
    # d/dl log(1 - sigmoid(l)) = -sigmoid(l);  d/dl -log sigmoid(l) = -(1 - sigmoid(l))
    torch.testing.assert_close(g_minimax, -d / 4)
    torch.testing.assert_close(g_nonsat, -(1 - d) / 4)
    assert g_minimax.abs().max() < 1e-4
    assert g_nonsat.abs().min() > 0.24


def test_both_generator_losses_push_fake_logits_up():
    logits = torch.linspace(-3, 3, 7, requires_grad=True)
    for loss in (generator_loss_minimax, generator_loss_nonsaturating):
        (grad,) = torch.autograd.grad(loss(logits), logits)
        assert (grad < 0).all()  # a gradient step raises D(G(z))


def test_losses_reject_bad_input():
    with pytest.raises(TypeError, match=r"fake_logits must be a floating-point.*torch\.int64"):
        generator_loss_minimax(torch.tensor([1, 2]))
    with pytest.raises(TypeError, match=r"real_logits must be a torch\.Tensor, got list"):
        discriminator_loss([0.0], torch.zeros(1))
    with pytest.raises(ValueError, match="fake_logits must not be empty"):
        generator_loss_nonsaturating(torch.zeros(0))


# ---------------------------------------------------------------------------------------------
# Networks
# ---------------------------------------------------------------------------------------------


def test_2d_networks_shapes():
    g, d = Generator2D(latent_dim=3, hidden=8, layers=2), Discriminator2D(hidden=8, layers=1)
    x = g(torch.randn(6, 3))
    assert x.shape == (6, 2)
    assert d(x).shape == (6,)


def test_dcgan_shapes_and_range():
    g, d = DCGANGenerator(latent_dim=5, width=8), DCGANDiscriminator(width=8)
    x = g(torch.randn(4, 5))
    assert x.shape == (4, 1, 8, 8)
    assert x.abs().max() <= 1
    assert d(x).shape == (4,)


def test_dcgan_has_no_pooling_and_the_guideline_activations():
    g, d = DCGANGenerator(), DCGANDiscriminator()
    kinds = {type(m) for m in [*g.modules(), *d.modules()]}
    assert not kinds & {torch.nn.MaxPool2d, torch.nn.AvgPool2d, torch.nn.Linear}
    assert torch.nn.LeakyReLU not in {type(m) for m in g.modules()}
    assert torch.nn.ReLU not in {type(m) for m in d.modules()}
    assert isinstance(g.net[-1], torch.nn.Tanh)


@pytest.mark.parametrize(
    ("module", "x", "match"),
    [
        (Generator2D(latent_dim=2), torch.zeros(5, 3), r"z must have shape \(N, 2\).*\(5, 3\)"),
        (Generator2D(latent_dim=2), torch.zeros(2), r"got \(2,\)"),
        (Discriminator2D(), torch.zeros(5, 3), r"x must have shape \(N, 2\), got \(5, 3\)"),
        (DCGANGenerator(latent_dim=4, width=2), torch.zeros(3, 4, 1, 1), r"z must have shape"),
        (DCGANDiscriminator(width=2), torch.zeros(3, 8, 8), r"\(N, 1, 8, 8\), got \(3, 8, 8\)"),
        (DCGANDiscriminator(width=2), torch.zeros(3, 1, 28, 28), r"got \(3, 1, 28, 28\)"),
    ],
)  # fmt: skip
def test_networks_reject_wrong_shapes(module, x, match):
    with pytest.raises(ValueError, match=match):
        module(x)


def test_networks_reject_integer_input():
    with pytest.raises(
        TypeError, match=r"z must be a floating-point tensor.*got dtype torch\.int64"
    ):
        Generator2D()(torch.zeros(3, 2, dtype=torch.int64))


def test_networks_reject_input_of_another_dtype_than_their_parameters():
    with pytest.raises(TypeError, match=r"x must match the torch\.float32 parameters"):
        Discriminator2D()(torch.zeros(3, 2, dtype=torch.float64))
    assert Discriminator2D().double()(torch.zeros(3, 2, dtype=torch.float64)).shape == (3,)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: Generator2D(latent_dim=2.0), TypeError, "latent_dim must be an int, got float"),
        (lambda: Generator2D(hidden=0), ValueError, "hidden must be a positive int, got 0"),
        (lambda: Discriminator2D(layers=-1), ValueError, "layers must be a non-negative int"),
        (lambda: DCGANGenerator(width=True), TypeError, "width must be an int, got bool"),
        (lambda: DCGANDiscriminator(width=0), ValueError, "width must be a positive int"),
    ],
)
def test_networks_reject_bad_sizes(make, error, match):
    with pytest.raises(error, match=match):
        make()


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------

TINY = dict(
    steps=6, g_hidden=8, d_hidden=8, layers=1, batch_size=16, snapshot_every=3, n_snapshot=10
)


def test_train_gan_2d_is_deterministic_per_seed():
    a = train_gan_2d(ring_of_gaussians, seed=1, grid_size=5, **TINY)
    b = train_gan_2d(ring_of_gaussians, seed=1, grid_size=5, **TINY)
    c = train_gan_2d(ring_of_gaussians, seed=2, grid_size=5, **TINY)
    torch.testing.assert_close(a.samples, b.samples, rtol=0, atol=0)
    torch.testing.assert_close(a.d_grids, b.d_grids, rtol=0, atol=0)
    torch.testing.assert_close(a.d_losses, b.d_losses, rtol=0, atol=0)
    torch.testing.assert_close(a.losses, b.losses, rtol=0, atol=0)
    assert not torch.equal(a.samples, c.samples)


def test_train_gan_2d_snapshots_and_grid():
    result = train_gan_2d(ring_of_gaussians, grid_size=7, **TINY)
    assert result.snapshot_steps == (0, 3, 6)
    assert result.steps == 6
    assert result.samples.shape == (3, 10, 2)
    assert result.d_grids.shape == (3, 7, 7)
    assert ((result.d_grids > 0) & (result.d_grids < 1)).all()
    x_min, x_max, y_min, y_max = result.extent
    assert x_min < -1 < 1 < x_max and y_min < -1 < 1 < y_max
    assert result.d_losses.shape == result.losses.shape == (6,)
    assert not result.model.training
    assert not result.discriminator.training


def test_train_gan_2d_accepts_any_sampler():
    def line(n, seed):  # a closure: trained without the cache
        return torch.linspace(0, 1, n)[:, None].repeat(1, 2) + seed % 7

    result = train_gan_2d(line, **TINY)
    assert result.samples.shape == (3, 10, 2)
    partial = functools.partial(ring_of_gaussians, radius=3.0)
    assert train_gan_2d(partial, **TINY).extent[1] > 3


def test_train_gan_2d_uses_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGUIDE_CACHE_DIR", str(tmp_path))
    first = train_gan_2d(ring_of_gaussians, **TINY)
    assert len(list(tmp_path.iterdir())) == 1
    second = train_gan_2d(ring_of_gaussians, **TINY)
    torch.testing.assert_close(first.samples, second.samples, rtol=0, atol=0)
    train_gan_2d(functools.partial(ring_of_gaussians, radius=2.0), **TINY)
    assert len(list(tmp_path.iterdir())) == 2


def test_train_gan_2d_rejects_bad_arguments():
    with pytest.raises(ValueError, match="loss must be one of"):
        train_gan_2d(ring_of_gaussians, loss="wasserstein", **TINY)
    with pytest.raises(ValueError, match="steps must be a positive int, got 0"):
        train_gan_2d(ring_of_gaussians, **{**TINY, "steps": 0})
    with pytest.raises(
        ValueError, match=r"must return shape \(n, 2\) = \(4096, 2\), got \(4096, 3\)"
    ):
        train_gan_2d(lambda n, seed: torch.zeros(n, 3), **TINY)
    with pytest.raises(TypeError, match="sampler must be callable"):
        train_gan_2d("ring", **TINY)
    with pytest.raises(TypeError, match=r"steps must be an int, got float 6\.0"):
        train_gan_2d(ring_of_gaussians, **{**TINY, "steps": 6.0})
    with pytest.raises(ValueError, match="lr_g must be positive"):
        train_gan_2d(ring_of_gaussians, lr_g=0.0, **TINY)


@pytest.mark.slow
def test_train_gan_2d_learns_the_ring():
    result = train_gan_2d(ring_of_gaussians, steps=1500, seed=0, grid_size=0)
    metrics = mode_metrics(result.sample(2500, seed=1), ring_modes(), std=0.01)
    assert metrics.modes_captured == 8
    assert metrics.high_quality > 0.5
    # The discriminator's loss ends near 2 log 2: it can no longer tell real from fake.
    assert abs(result.d_losses[-200:].mean().item() - 2 * math.log(2)) < 0.2


@pytest.mark.slow
def test_train_dcgan_snapshots_are_images_and_deterministic():
    kwargs = dict(epochs=2, seed=3, latent_dim=4, width=4, batch_size=256, n_fixed=5)
    a, b = train_dcgan(**kwargs), train_dcgan(**kwargs)
    assert a.snapshot_epochs == (0, 1, 2)
    assert a.steps == 2 * (1437 // 256)
    assert a.losses.shape == a.d_losses.shape == (a.steps,)
    assert a.snapshots.shape == (3, 5, 1, 8, 8)
    assert a.snapshots.min() >= 0 and a.snapshots.max() <= 1
    torch.testing.assert_close(a.snapshots, b.snapshots, rtol=0, atol=0)
    assert a.sample(7).shape == (7, 1, 8, 8)
    torch.testing.assert_close(a.generate(a.fixed_noise), a.snapshots[-1])
    assert not a.model.training


def test_train_dcgan_rejects_bad_arguments():
    with pytest.raises(ValueError, match="epochs must be a positive int, got 0"):
        train_dcgan(epochs=0)
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        train_dcgan(batch_size=-1)
    with pytest.raises(ValueError, match="batch_size must be at most the 1437 training images"):
        train_dcgan(batch_size=2000)
    with pytest.raises(TypeError, match=r"epochs must be an int, got float 2\.0"):
        train_dcgan(epochs=2.0)


def test_recipes_leave_the_global_random_state_alone():
    torch.manual_seed(1234)
    before = torch.random.get_rng_state()
    train_gan_2d(ring_of_gaussians, seed=7, grid_size=3, **TINY)
    train_dcgan(epochs=1, seed=7, latent_dim=2, width=2, batch_size=512, n_fixed=2)
    assert torch.equal(torch.random.get_rng_state(), before)
    # and the global state does not leak into the recipe: the seed alone decides
    torch.manual_seed(99)
    other = train_gan_2d(ring_of_gaussians, seed=7, grid_size=3, **TINY)
    torch.manual_seed(1234)
    again = train_gan_2d(ring_of_gaussians, seed=7, grid_size=3, **TINY)
    torch.testing.assert_close(other.samples, again.samples, rtol=0, atol=0)
