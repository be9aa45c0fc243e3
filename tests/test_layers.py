"""dlguide.layers against torch: leaky ReLU, batch norm (train and eval), dropout; errors."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close

from dlguide import layers

DT = torch.float64


def _randn(*shape: int, seed: int = 0, scale: float = 1.0, shift: float = 0.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    return (shift + scale * torch.randn(*shape, generator=gen, dtype=DT)).requires_grad_()


def _grads(out: torch.Tensor, *tensors: torch.Tensor) -> tuple[torch.Tensor, ...]:
    # A fixed random upstream gradient tests the whole Jacobian, not just its column sums.
    upstream = torch.randn(out.shape, generator=torch.Generator().manual_seed(99), dtype=DT)
    return torch.autograd.grad(out, tensors, upstream)


def _gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


# --- leaky ReLU ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slope", [0.01, 0.2, 0.0, 1.5])
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4)])
def test_leaky_relu_matches_torch(shape, slope) -> None:
    x = _randn(*shape, scale=3.0)
    ours, theirs = layers.leaky_relu(x, slope), F.leaky_relu(x, slope)
    assert_close(ours, theirs)
    assert_close(_grads(ours, x), _grads(theirs, x))
    module = layers.LeakyReLU(slope)
    assert_close(module(x), torch.nn.LeakyReLU(slope)(x))


@pytest.mark.parametrize("slope", [0.01, 0.3])
def test_leaky_relu_grad_matches_autograd(slope) -> None:
    x = torch.cat([_randn(20, scale=3.0).detach(), torch.tensor([0.0, -1e-9, 1e-9], dtype=DT)])
    x.requires_grad_()
    (autograd,) = torch.autograd.grad(F.leaky_relu(x, slope).sum(), x)
    assert_close(layers.leaky_relu_grad(x.detach(), slope), autograd)


def test_leaky_relu_repr_names_slope() -> None:
    assert repr(layers.LeakyReLU(0.2)) == "LeakyReLU(negative_slope=0.2)"


# --- batch normalisation ------------------------------------------------------------------------

BN_SHAPES = [(2, 3), (8, 3), (4, 5, 6), (1, 2, 7), (16, 1)]


@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", BN_SHAPES)
def test_batch_norm_function_matches_torch(shape, training, affine) -> None:
    c = shape[1]
    x = _randn(*shape, scale=3.0, shift=2.0)
    weight = _randn(c, seed=1) if affine else None
    bias = _randn(c, seed=2) if affine else None
    stats = [(_randn(c, seed=3).detach(), _randn(c, seed=4).detach().abs() + 0.5) for _ in "ab"]
    (mean_ours, var_ours), (mean_theirs, var_theirs) = stats
    kwargs = {"training": training, "momentum": 0.3, "eps": 1e-3}
    ours = layers.batch_norm(x, mean_ours, var_ours, weight, bias, **kwargs)
    theirs = F.batch_norm(x, mean_theirs, var_theirs, weight, bias, **kwargs)
    assert_close(ours, theirs)
    assert_close(mean_ours, mean_theirs)  # updated in place the same way (or left alone)
    assert_close(var_ours, var_theirs)
    inputs = (x, weight, bias) if affine else (x,)
    assert_close(_grads(ours, *inputs), _grads(theirs, *inputs))


@pytest.mark.parametrize("shape", BN_SHAPES)
def test_batchnorm1d_matches_torch_in_train_and_eval(shape) -> None:
    c = shape[1]
    ours = layers.BatchNorm1d(c, momentum=0.2, dtype=DT)
    theirs = torch.nn.BatchNorm1d(c, momentum=0.2, dtype=DT)
    with torch.no_grad():
        ours.weight.copy_(_randn(c, seed=5))
        ours.bias.copy_(_randn(c, seed=6))
    theirs.load_state_dict(ours.state_dict())
    # several training batches: the running statistics follow the same path
    for step in range(4):
        x = _randn(*shape, seed=10 + step, scale=2.0, shift=-1.0)
        y_ours, y_theirs = ours(x), theirs(x)
        assert_close(y_ours, y_theirs)
        params_ours, params_theirs = list(ours.parameters()), list(theirs.parameters())
        assert_close(_grads(y_ours, x, *params_ours), _grads(y_theirs, x, *params_theirs))
    for key, value in theirs.state_dict().items():
        assert_close(ours.state_dict()[key], value)
    assert ours.num_batches_tracked.item() == 4
    # eval: the running statistics, and no more updates
    ours.eval()
    theirs.eval()
    x = _randn(*shape, seed=20, scale=2.0)
    y_ours, y_theirs = ours(x), theirs(x)
    assert_close(y_ours, y_theirs)
    assert_close(_grads(y_ours, x, ours.weight), _grads(y_theirs, x, theirs.weight))
    assert_close(ours.running_mean, theirs.running_mean)
    assert ours.num_batches_tracked.item() == 4


def test_batchnorm1d_state_dict_loads_both_ways() -> None:
    ours, theirs = layers.BatchNorm1d(4), torch.nn.BatchNorm1d(4)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    theirs.train()(torch.randn(8, 4, generator=_gen()))
    ours.load_state_dict(theirs.state_dict())
    assert_close(ours.running_var, theirs.running_var)
    torch.nn.BatchNorm1d(4).load_state_dict(ours.state_dict())
    no_affine = layers.BatchNorm1d(4, affine=False)
    torch.nn.BatchNorm1d(4, affine=False).load_state_dict(no_affine.state_dict())


def test_batch_norm_training_output_is_standardised() -> None:
    x = _randn(64, 3, scale=5.0, shift=3.0).detach()
    y = layers.BatchNorm1d(3, dtype=DT)(x)
    assert_close(y.mean(dim=0), torch.zeros(3, dtype=DT), atol=1e-12, rtol=0)
    assert_close(y.var(dim=0, correction=0), torch.ones(3, dtype=DT), atol=1e-4, rtol=0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: layers.batch_norm(torch.zeros(2, 3, 4, 5), None, None), ValueError, "(N, C, L)"),
        (
            lambda: layers.batch_norm(torch.zeros(4, 3), torch.zeros(2), torch.ones(3)),
            ValueError,
            r"running_mean of shape \(3,\).*got \(2,\)",
        ),
        (
            lambda: layers.batch_norm(torch.zeros(4, 3), None, None),
            ValueError,
            "eval mode needs running_mean",
        ),
        (
            lambda: layers.batch_norm(torch.zeros(1, 3), None, None, training=True),
            ValueError,
            "more than 1 value per feature",
        ),
        (
            lambda: layers.batch_norm(
                torch.zeros(4, 3), torch.zeros(3, dtype=DT), torch.ones(3, dtype=DT)
            ),
            TypeError,
            "float64",
        ),
        (
            lambda: layers.batch_norm(torch.zeros(4, 3), None, None, training=True, momentum=1.5),
            ValueError,
            r"momentum must be in \[0, 1\]",
        ),
        (lambda: layers.BatchNorm1d(3)(torch.zeros(4, 5)), ValueError, r"\(N, 3\).*got \(4, 5\)"),
        (lambda: layers.BatchNorm1d(0), ValueError, "num_features must be a positive int"),
        (lambda: layers.leaky_relu(torch.zeros(2), -0.1), ValueError, "negative_slope must be"),
        (lambda: layers.leaky_relu(torch.zeros(2, dtype=torch.long)), TypeError, "floating"),
    ],
)
def test_batch_norm_and_leaky_relu_bad_input(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()


# --- dropout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
@pytest.mark.parametrize("shape", [(20_000,), (200, 100), (10, 20, 100)])
def test_dropout_zeroes_a_share_p_and_scales_the_rest(shape, p) -> None:
    x = _randn(*shape, seed=1).detach().abs() + 0.5  # no zeros in the input
    y = layers.dropout(x, p, generator=_gen(2))
    kept = y != 0
    n = x.numel()
    # the dropped share is p, within 5 standard deviations of a binomial count
    assert abs((~kept).sum().item() - p * n) < 5 * (n * p * (1 - p)) ** 0.5
    assert_close(y[kept], x[kept] / (1 - p))  # inverted dropout: survivors times 1/(1-p)


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_keeps_the_expectation(p) -> None:
    x = torch.full((200_000,), 3.0, dtype=DT)
    y = layers.dropout(x, p, generator=_gen(3))
    std_of_mean = 3.0 * (p / (1 - p) / x.numel()) ** 0.5
    assert abs(y.mean().item() - 3.0) < 5 * std_of_mean


def test_dropout_gradient_is_the_same_mask() -> None:
    x = _randn(50, 40, seed=4)
    y = layers.dropout(x, 0.3, generator=_gen(5))
    (grad,) = torch.autograd.grad(y.sum(), x)
    mask = (y != 0).to(DT)
    assert_close(grad, mask / 0.7)


def test_dropout_eval_edges_and_generator() -> None:
    x = _randn(6, 7).detach()
    assert layers.dropout(x, 0.5, training=False, generator=_gen()) is x
    assert torch.equal(layers.dropout(x, 0.0, generator=_gen()), x)
    assert torch.equal(layers.dropout(x, 1.0, generator=_gen()), torch.zeros_like(x))
    a = layers.dropout(x, 0.5, generator=_gen(7))
    b = layers.dropout(x, 0.5, generator=_gen(7))
    assert torch.equal(a, b)  # the same generator state gives the same mask
    before = torch.random.get_rng_state()
    layers.dropout(x, 0.5, generator=_gen())
    assert torch.equal(before, torch.random.get_rng_state())


def test_dropout_module_follows_train_and_eval() -> None:
    drop = layers.Dropout(0.5, generator=_gen())
    x = torch.ones(1000, dtype=DT)
    first, second = drop(x), drop(x)
    assert not torch.equal(first, second)  # a fresh mask for each forward pass
    assert set(first.unique().tolist()) == {0.0, 2.0}
    drop.eval()
    assert torch.equal(drop(x), x)
    # torch's Dropout keeps the same share, in distribution
    torch_share = (torch.nn.Dropout(0.5)(torch.ones(20_000)) == 0).float().mean().item()
    ours_share = (layers.Dropout(0.5, generator=_gen(1))(torch.ones(20_000)) == 0).float().mean()
    assert abs(torch_share - ours_share.item()) < 0.03
    assert repr(drop) == "Dropout(p=0.5)"


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: layers.dropout(torch.ones(3), 1.5, generator=_gen()), ValueError, r"in \[0, 1\]"),
        (lambda: layers.dropout(torch.ones(3), -0.1, generator=_gen()), ValueError, "got -0.1"),
        (lambda: layers.dropout(torch.ones(3), "0.5", generator=_gen()), TypeError, "number"),
        (lambda: layers.dropout(torch.ones(3), 0.5, generator=1), TypeError, "Generator"),
        (
            lambda: layers.dropout(torch.ones(3, dtype=torch.long), generator=_gen()),
            TypeError,
            "floating",
        ),
        (lambda: layers.Dropout(2.0, generator=_gen()), ValueError, "probability p"),
        (lambda: layers.Dropout(0.5, generator=None), TypeError, "Generator"),
    ],
)
def test_dropout_bad_input(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()
