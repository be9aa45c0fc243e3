"""dlguide.nn against torch.nn: values and gradients in float64, hand-derived backprop, errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close

from dlguide import nn
from dlguide.data import toy
from dlguide.train import nn as train_nn

DT = torch.float64


def _randn(*shape: int, seed: int = 0, scale: float = 1.0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    return (scale * torch.randn(*shape, generator=gen, dtype=DT)).requires_grad_()


def _grads(out: torch.Tensor, *tensors: torch.Tensor) -> tuple[torch.Tensor, ...]:
    # A fixed random upstream gradient tests the whole Jacobian, not just its column sums.
    upstream = torch.randn(out.shape, generator=torch.Generator().manual_seed(99), dtype=DT)
    return torch.autograd.grad(out, tensors, upstream)


# --- Linear ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize(("shape", "d_out"), [((1, 3), 4), ((5, 3), 2), ((2, 4, 3), 1), ((3,), 5)])
def test_linear_matches_torch(shape: tuple[int, ...], d_out: int, bias: bool) -> None:
    ours = nn.Linear(shape[-1], d_out, bias=bias, dtype=DT)
    theirs = torch.nn.Linear(shape[-1], d_out, bias=bias, dtype=DT)
    theirs.load_state_dict(ours.state_dict())
    x = _randn(*shape)

    y_ours, y_theirs = ours(x), theirs(x)
    assert_close(y_ours, y_theirs)
    params_ours, params_theirs = list(ours.parameters()), list(theirs.parameters())
    assert_close(_grads(y_ours, x, *params_ours), _grads(y_theirs, x, *params_theirs))


def test_linear_state_dict_loads_both_ways() -> None:
    theirs = torch.nn.Linear(3, 2, dtype=DT)
    ours = nn.Linear(3, 2, dtype=DT)
    assert ours.state_dict().keys() == theirs.state_dict().keys()
    ours.load_state_dict(theirs.state_dict())
    assert_close(ours.weight, theirs.weight)
    assert_close(ours.bias, theirs.bias)

    fresh = torch.nn.Linear(3, 2, dtype=DT)
    fresh.load_state_dict(nn.Linear(3, 2, dtype=DT).state_dict())
    no_bias = torch.nn.Linear(3, 2, bias=False)
    no_bias.load_state_dict(nn.Linear(3, 2, bias=False).state_dict())


@pytest.mark.parametrize(("d_in", "d_out"), [(1, 1), (3, 7), (64, 10)])
def test_linear_init_matches_torch(d_in: int, d_out: int) -> None:
    torch.manual_seed(123)
    ours = nn.Linear(d_in, d_out)
    torch.manual_seed(123)
    theirs = torch.nn.Linear(d_in, d_out)
    assert ours.weight.shape == (d_out, d_in)
    assert_close(ours.weight, theirs.weight)
    assert_close(ours.bias, theirs.bias)
    assert ours.weight.abs().max() <= 1 / d_in**0.5


def test_linear_repr_names_sizes() -> None:
    assert repr(nn.Linear(3, 2, bias=False)) == "Linear(in_features=3, out_features=2, bias=False)"


# --- activations and losses ----------------------------------------------------------------------


EDGES = torch.tensor([-1000.0, -40.0, -1.0, 0.0, 1e-8, 0.5, 40.0, 1000.0], dtype=DT)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(nn.relu, torch.relu), (nn.sigmoid, torch.sigmoid), (nn.tanh, torch.tanh)],
    ids=["relu", "sigmoid", "tanh"],
)
@pytest.mark.parametrize("case", ["random", "edges"])
def test_activation_matches_torch(ours, theirs, case: str) -> None:
    x = _randn(4, 5, scale=3.0) if case == "random" else EDGES.clone().requires_grad_()
    y_ours, y_theirs = ours(x), theirs(x)
    assert_close(y_ours, y_theirs)
    (g_ours,), (g_theirs,) = _grads(y_ours, x), _grads(y_theirs, x)
    assert torch.isfinite(g_ours).all()
    assert_close(g_ours, g_theirs)


@pytest.mark.parametrize(
    ("grad_fn", "fn"),
    [(nn.relu_grad, torch.relu), (nn.sigmoid_grad, torch.sigmoid), (nn.tanh_grad, torch.tanh)],
    ids=["relu", "sigmoid", "tanh"],
)
def test_activation_derivative_matches_autograd(grad_fn, fn) -> None:
    x = torch.cat([_randn(20, scale=3.0), EDGES]).detach().requires_grad_()
    (autograd,) = torch.autograd.grad(fn(x).sum(), x)
    assert_close(grad_fn(x.detach()), autograd)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(1,), (4, 3), (2, 3, 5)])
def test_mse_loss_matches_torch(shape: tuple[int, ...], reduction: str) -> None:
    pred, target = _randn(*shape, seed=1), _randn(*shape, seed=2)
    ours = nn.mse_loss(pred, target, reduction=reduction)
    theirs = F.mse_loss(pred, target, reduction=reduction)
    assert_close(ours, theirs)
    assert_close(_grads(ours, pred, target), _grads(theirs, pred, target))


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_log_softmax_matches_torch(dim: int) -> None:
    x = _randn(3, 4, scale=50.0)
    ours, theirs = nn.log_softmax(x, dim=dim), F.log_softmax(x, dim=dim)
    assert_close(ours, theirs)
    assert_close(_grads(ours, x), _grads(theirs, x))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(("n", "k", "scale"), [(1, 2, 1.0), (6, 3, 1.0), (5, 10, 1000.0)])
def test_cross_entropy_matches_torch(n: int, k: int, scale: float, reduction: str) -> None:
    logits = _randn(n, k, scale=scale)
    target = torch.randint(0, k, (n,), generator=torch.Generator().manual_seed(n))
    ours = nn.cross_entropy(logits, target, reduction=reduction)
    theirs = F.cross_entropy(logits, target, reduction=reduction)
    assert torch.isfinite(ours).all()
    assert_close(ours, theirs)
    assert_close(_grads(ours, logits), _grads(theirs, logits))


# --- MLP and hand-derived backpropagation ------------------------------------------------------


def _torch_twin(model: nn.MLP) -> torch.nn.Sequential:
    """The same network as torch.nn.Sequential(Linear, Act, Linear, ...), weights copied."""
    act = {"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh}
    modules: list[torch.nn.Module] = []
    for i, layer in enumerate(model.layers):
        twin = torch.nn.Linear(layer.in_features, layer.out_features, dtype=DT)
        twin.load_state_dict(layer.state_dict())
        modules.append(twin)
        if i < len(model.layers) - 1:
            modules.append(act[model.activation]())
    return torch.nn.Sequential(*modules)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("sizes", [(3, 2), (2, 8, 3), (4, 5, 6, 1)])
def test_mlp_matches_torch_sequential(sizes: tuple[int, ...], activation: str) -> None:
    torch.manual_seed(0)
    ours = nn.MLP(sizes, activation, dtype=DT)
    theirs = _torch_twin(ours)
    x = _randn(7, sizes[0])
    y_ours, y_theirs = ours(x), theirs(x)
    assert y_ours.shape == (7, sizes[-1])
    assert_close(y_ours, y_theirs)
    assert_close(_grads(y_ours, x, *ours.parameters()), _grads(y_theirs, x, *theirs.parameters()))


def test_mlp_shapes_and_parameter_names() -> None:
    model = nn.MLP((2, 16, 16, 3))
    assert [tuple(p.shape) for p in model.parameters()] == [
        (16, 2),
        (16,),
        (16, 16),
        (16,),
        (3, 16),
        (3,),
    ]
    assert list(model.state_dict())[:2] == ["layers.0.weight", "layers.0.bias"]
    assert model(torch.zeros(1, 2)).shape == (1, 3)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize(("n", "d", "m", "k"), [(1, 2, 3, 2), (9, 4, 8, 3)])
def test_manual_backprop_matches_autograd(
    n: int, d: int, m: int, k: int, loss: str, activation: str
) -> None:
    torch.manual_seed(n + d)
    model = nn.MLP((d, m, k), activation, dtype=DT)
    x = _randn(n, d, seed=3).detach()
    if loss == "mse":
        target = _randn(n, k, seed=4).detach()
        auto_loss = nn.mse_loss(model(x), target)
    else:
        target = torch.randint(0, k, (n,), generator=torch.Generator().manual_seed(5))
        auto_loss = nn.cross_entropy(model(x), target)
    auto_loss.backward()

    value, grads = nn.mlp_forward_backward(model, x, target, loss=loss)

    assert_close(value, auto_loss.detach())
    assert grads.keys() == dict(model.named_parameters()).keys()
    for name, p in model.named_parameters():
        assert_close(grads[name], p.grad, msg=lambda m, name=name: f"{name}: {m}")


# --- gradient check by finite differences ------------------------------------------------------


@pytest.mark.parametrize("shape", [(1,), (3, 4), (2, 3, 2)])
def test_numerical_gradient_matches_autograd(shape: tuple[int, ...]) -> None:
    x = _randn(*shape, seed=7)

    def f(v: torch.Tensor) -> torch.Tensor:
        return (torch.sin(v) * v**2).sum() + v.prod()

    (autograd,) = torch.autograd.grad(f(x), x)
    numeric = nn.numerical_gradient(f, x.detach())
    assert_close(numeric, autograd, rtol=1e-7, atol=1e-8)
    assert nn.relative_error(numeric, autograd) < 1e-8


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_gradient_check_confirms_mlp_forward_backward(loss: str, activation: str) -> None:
    torch.manual_seed(1)
    model = nn.MLP((3, 5, 4), activation, dtype=DT)
    x = _randn(6, 3, seed=8).detach()
    if loss == "mse":
        target = _randn(6, 4, seed=9).detach()
    else:
        target = torch.randint(0, 4, (6,), generator=torch.Generator().manual_seed(9))
    _, grads = nn.mlp_forward_backward(model, x, target, loss=loss)
    loss_fn = nn.mse_loss if loss == "mse" else nn.cross_entropy
    for name, p in model.named_parameters():

        def loss_at(value: torch.Tensor, p: torch.Tensor = p) -> torch.Tensor:
            saved = p.detach().clone()
            with torch.no_grad():
                p.copy_(value)
                out = loss_fn(model(x), target)
                p.copy_(saved)
            return out

        numeric = nn.numerical_gradient(loss_at, p.detach())
        assert nn.relative_error(grads[name], numeric) < 1e-7, name


def test_gradient_check_catches_a_wrong_gradient() -> None:
    x = _randn(4, seed=10).detach()
    numeric = nn.numerical_gradient(lambda v: (v**2).sum(), x)
    assert nn.relative_error(numeric, 2 * x) < 1e-9
    assert nn.relative_error(numeric, 2.1 * x) > 1e-2  # a 5% mistake is plain to see
    assert nn.relative_error(torch.zeros(3), torch.zeros(3)) == 0.0


def test_numerical_gradient_leaves_x_alone_and_checks_input() -> None:
    x = _randn(3, seed=11).detach()
    before = x.clone()
    nn.numerical_gradient(lambda v: v.sum(), x)
    assert torch.equal(x, before)
    with pytest.raises(TypeError, match="floating-point"):
        nn.numerical_gradient(lambda v: v.sum(), torch.ones(3, dtype=torch.long))
    with pytest.raises(ValueError, match="eps must be positive"):
        nn.numerical_gradient(lambda v: v.sum(), x, eps=0.0)
    with pytest.raises(TypeError, match="callable"):
        nn.numerical_gradient("f", x)
    with pytest.raises(ValueError, match=r"scalar, got shape \(3,\)"):
        nn.numerical_gradient(lambda v: v * 2, x)
    with pytest.raises(ValueError, match=r"same shape, got \(3,\) and \(2,\)"):
        nn.relative_error(x, x[:2])


# --- fitting a function, overfitting -----------------------------------------------------------


def test_noisy_curve_is_deterministic_and_sorted() -> None:
    x1, y1 = toy.noisy_curve(25, seed=3)
    x2, y2 = toy.noisy_curve(25, seed=3)
    assert_close(x1, x2)
    assert_close(y1, y2)
    assert bool((x1[1:] >= x1[:-1]).all())
    assert not torch.equal(y1, toy.noisy_curve(25, seed=4)[1])


def test_gradient_descent_fit_lowers_the_loss() -> None:
    torch.manual_seed(0)
    x, y = toy.noisy_curve(40, noise=0.1, seed=0)
    history = nn.gradient_descent_fit(nn.MLP((1, 16, 1), "tanh"), x, y, lr=0.2, steps=300)
    assert len(history) == 300
    assert history[-1] < 0.5 * history[0]
    assert all(np.diff(history[50:]) <= 1e-6)  # past the first steps, it only goes down


def test_gradient_descent_fit_matches_torch_sgd() -> None:
    torch.manual_seed(0)
    x, y = toy.noisy_curve(20, seed=1, dtype=DT)
    ours = nn.MLP((1, 8, 1), "sigmoid", dtype=DT)
    theirs = _torch_twin(ours)
    history = nn.gradient_descent_fit(ours, x, y, lr=0.3, steps=5)
    opt = torch.optim.SGD(theirs.parameters(), lr=0.3)
    for step in range(5):
        loss = F.mse_loss(theirs(x), y)
        assert history[step] == pytest.approx(loss.item(), rel=1e-12)
        opt.zero_grad()
        loss.backward()
        opt.step()
    for p_ours, p_theirs in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert_close(p_ours, p_theirs)


def test_polynomial_by_gradient_descent_approaches_least_squares() -> None:
    x, y = toy.noisy_curve(30, seed=2, dtype=DT)
    features = nn.polynomial_features(x, 3)
    torch.manual_seed(0)
    model = nn.Linear(3, 1, dtype=DT)
    history = nn.gradient_descent_fit(model, features, y, lr=0.5, steps=1500)
    best = nn.mse_loss(nn.fit_polynomial(x, y, 3)(features), y).item()
    assert history[-1] == pytest.approx(best, rel=1e-6)


@pytest.mark.parametrize("degree", [1, 3, 6])
def test_fit_polynomial_matches_numpy_polyfit(degree: int) -> None:
    x, y = toy.noisy_curve(30, seed=0, dtype=DT)
    model = nn.fit_polynomial(x, y, degree)
    coef = np.polyfit(x[:, 0].numpy(), y[:, 0].numpy(), degree)[::-1].copy()
    assert_close(model.bias.detach(), torch.from_numpy(coef[:1]))
    assert_close(model.weight.detach()[0], torch.from_numpy(coef[1:]))


def test_train_test_split_partitions_the_samples() -> None:
    x = torch.arange(20.0)[:, None]
    y = torch.arange(20.0)
    x_tr, x_te, y_tr, y_te = toy.train_test_split(x, y, test_fraction=0.25, seed=1)
    assert (len(x_tr), len(x_te)) == (15, 5)
    assert_close(x_tr[:, 0], y_tr)
    assert_close(x_te[:, 0], y_te)
    assert sorted(torch.cat([y_tr, y_te]).tolist()) == y.tolist()
    assert_close(toy.train_test_split(x, y, 0.25, seed=1)[3], y_te)
    assert not torch.equal(toy.train_test_split(x, y, 0.25, seed=2)[3], y_te)


def test_high_degree_overfits() -> None:
    # The claim the guide's overfitting figure makes: more capacity always lowers the training
    # error, but past a point the test error rises.
    x, y = toy.noisy_curve(30, noise=0.2, seed=0, dtype=DT)
    x_tr, x_te, y_tr, y_te = toy.train_test_split(x, y, test_fraction=1 / 3, seed=0)

    def errors(degree: int) -> tuple[float, float]:
        model = nn.fit_polynomial(x_tr, y_tr, degree)
        mse = [
            nn.mse_loss(model(nn.polynomial_features(a, degree)), b).item()
            for a, b in ((x_tr, y_tr), (x_te, y_te))
        ]
        return mse[0], mse[1]

    train_3, test_3 = errors(3)
    train_15, test_15 = errors(15)
    assert train_15 < train_3
    assert test_15 > 2 * test_3


# --- 2-D classification -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["moons", "circles"])
def test_make_toy_2d_is_standardised_and_balanced(name: str) -> None:
    x, y = toy.make_toy_2d(name, 100, seed=0)
    assert x.shape == (100, 2) and x.dtype == torch.float32 and y.dtype == torch.long
    assert_close(x.mean(dim=0), torch.zeros(2), atol=1e-5, rtol=0)
    assert int(y.sum()) == 50


def test_train_mlp_classifier_snapshots_are_deterministic() -> None:
    state = torch.get_rng_state()
    a = train_nn.train_mlp_classifier(steps=30, n_snapshots=5, grid_size=10, seed=1)
    b = train_nn.train_mlp_classifier(steps=30, n_snapshots=5, grid_size=10, seed=1)
    assert torch.equal(torch.get_rng_state(), state)  # the global RNG is left alone
    assert a.snapshot_steps[0] == 0 and a.snapshot_steps[-1] == 30
    assert len(a.snapshot_steps) == 5 and a.steps == 30
    assert list(a.snapshot_steps) == sorted(set(a.snapshot_steps))
    assert a.probs.shape == (5, 10, 10)
    assert bool(((a.probs >= 0) & (a.probs <= 1)).all())
    assert torch.equal(a.probs, b.probs)
    assert torch.equal(a.losses, b.losses)
    assert_close(a.model.layers[0].weight, b.model.layers[0].weight, rtol=0, atol=0)


@pytest.mark.slow
def test_train_mlp_classifier_learns_the_moons(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DLGUIDE_CACHE_DIR", str(tmp_path))
    run = train_nn.train_mlp_classifier()
    assert run.accuracy[-1] >= 0.95
    assert run.losses[-1] < 0.3 * run.losses[0]
    assert len(list(tmp_path.glob("train_mlp_classifier-*.pt"))) == 1
    again = train_nn.train_mlp_classifier()  # loaded from the cache
    assert torch.equal(again.probs, run.probs)


# --- errors a learner meets --------------------------------------------------------------------


def test_linear_rejects_wrong_feature_size() -> None:
    with pytest.raises(ValueError, match=r"expects input of shape \(\*, 3\).*got \(4, 5\)"):
        nn.Linear(3, 2)(torch.zeros(4, 5))


def test_linear_rejects_a_scalar() -> None:
    with pytest.raises(ValueError, match=r"expects input of shape \(\*, 3\).*got \(\)"):
        nn.Linear(3, 2)(torch.tensor(1.0))


def test_linear_rejects_integer_input() -> None:
    with pytest.raises(TypeError, match=r"floating-point tensor.*got dtype torch.int64"):
        nn.Linear(3, 2)(torch.zeros(4, 3, dtype=torch.long))


def test_linear_rejects_dtype_mismatch() -> None:
    with pytest.raises(TypeError, match=r"torch.float32 parameters.*dtype torch.float64"):
        nn.Linear(3, 2)(torch.zeros(4, 3, dtype=DT))


def test_linear_rejects_non_tensor_and_bad_sizes() -> None:
    with pytest.raises(TypeError, match=r"torch.Tensor, got list"):
        nn.Linear(3, 2)([[0.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match=r"in_features must be a positive int, got 0"):
        nn.Linear(0, 2)


def test_mlp_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match=r"activation must be one of .*got 'gelu'"):
        nn.MLP((2, 3), activation="gelu")
    with pytest.raises(ValueError, match=r"at least two sizes.*got \(2,\)"):
        nn.MLP((2,))
    with pytest.raises(ValueError, match=r"\(\*, 2\).*got \(5, 3\)"):
        nn.MLP((2, 4, 1))(torch.zeros(5, 3))


def test_losses_reject_bad_input() -> None:
    with pytest.raises(ValueError, match=r"same shape, got \(3,\) and \(3, 1\)"):
        nn.mse_loss(torch.zeros(3), torch.zeros(3, 1))
    with pytest.raises(ValueError, match=r"reduction must be .*got 'avg'"):
        nn.mse_loss(torch.zeros(3), torch.zeros(3), reduction="avg")
    with pytest.raises(ValueError, match=r"shape \(N, K\), got \(4,\)"):
        nn.cross_entropy(torch.zeros(4), torch.zeros(4, dtype=torch.long))
    with pytest.raises(TypeError, match=r"dtype torch.long, got torch.float32"):
        nn.cross_entropy(torch.zeros(4, 3), torch.zeros(4))
    with pytest.raises(ValueError, match=r"target of shape \(4,\).*got \(5,\)"):
        nn.cross_entropy(torch.zeros(4, 3), torch.zeros(5, dtype=torch.long))
    with pytest.raises(ValueError, match=r"indices in 0\.\.2, got values from 0 to 3"):
        nn.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 3]))
    with pytest.raises(TypeError, match=r"floating-point.*got dtype torch.int64"):
        nn.sigmoid(torch.arange(3))


def test_helpers_reject_bad_input() -> None:
    with pytest.raises(ValueError, match=r"MLP with 2 layers, got 3"):
        nn.mlp_forward_backward(nn.MLP((2, 3, 3, 1)), torch.zeros(1, 2), torch.zeros(1, 1))
    with pytest.raises(ValueError, match=r"x of shape \(N, D\), got \(2,\)"):
        nn.mlp_forward_backward(nn.MLP((2, 3, 1)), torch.zeros(2), torch.zeros(1))
    with pytest.raises(ValueError, match=r"degree must be a positive int, got 0"):
        nn.polynomial_features(torch.zeros(3, 1), 0)
    with pytest.raises(ValueError, match=r"shape \(N, 1\) or \(N,\), got \(3, 2\)"):
        nn.polynomial_features(torch.zeros(3, 2), 2)
    with pytest.raises(ValueError, match=r"same first dimension N, got shapes \(4,\) and \(5,\)"):
        toy.train_test_split(torch.zeros(4), torch.zeros(5))
    with pytest.raises(ValueError, match=r"empty train or test set"):
        toy.train_test_split(torch.zeros(4), torch.zeros(4), test_fraction=1.0)
    with pytest.raises(ValueError, match=r"lr must be positive, got -0.1"):
        nn.gradient_descent_fit(nn.Linear(1, 1), torch.zeros(2, 1), torch.zeros(2, 1), lr=-0.1)
    with pytest.raises(ValueError, match=r"name must be one of .*got 'spirals'"):
        toy.make_toy_2d("spirals")
    with pytest.raises(ValueError, match=r"n_snapshots must be an int in 2\.\.steps\+1=11"):
        train_nn.train_mlp_classifier(steps=10, n_snapshots=20)
