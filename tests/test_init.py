"""dlguide.init against torch.nn.init: fans, gains, bounds and std, equal draws, depth."""

from __future__ import annotations

import math

import pytest
import torch
from torch.testing import assert_close

from dlguide import init

DT = torch.float64
SHAPES = [(7, 5), (64, 32), (1, 100), (16, 3, 5, 5), (4, 2, 3)]


def _gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("shape", SHAPES)
def test_fans_match_torch(shape) -> None:
    t = torch.empty(shape)
    assert init.calculate_fan_in_and_fan_out(t) == torch.nn.init._calculate_fan_in_and_fan_out(t)


@pytest.mark.parametrize(
    ("nonlinearity", "param"),
    [
        ("linear", None),
        ("sigmoid", None),
        ("tanh", None),
        ("relu", None),
        ("leaky_relu", None),
        ("leaky_relu", 0.2),
        ("leaky_relu", 0),
    ],
)
def test_gain_matches_torch(nonlinearity, param) -> None:
    expected = torch.nn.init.calculate_gain(nonlinearity, param)
    assert init.calculate_gain(nonlinearity, param) == pytest.approx(expected, rel=1e-15)


# (ours, torch's, extra keyword arguments, the bound (uniform) or std (normal) formula)
CASES = [
    pytest.param(
        init.xavier_uniform_,
        torch.nn.init.xavier_uniform_,
        {"gain": 1.5},
        lambda fi, fo: 1.5 * math.sqrt(6 / (fi + fo)),
        "uniform",
        id="xavier_uniform",
    ),
    pytest.param(
        init.xavier_normal_,
        torch.nn.init.xavier_normal_,
        {"gain": 0.5},
        lambda fi, fo: 0.5 * math.sqrt(2 / (fi + fo)),
        "normal",
        id="xavier_normal",
    ),
    pytest.param(
        init.kaiming_uniform_,
        torch.nn.init.kaiming_uniform_,
        {"nonlinearity": "relu"},
        lambda fi, fo: math.sqrt(2) * math.sqrt(3 / fi),
        "uniform",
        id="kaiming_uniform-relu",
    ),
    pytest.param(
        init.kaiming_uniform_,
        torch.nn.init.kaiming_uniform_,
        {"a": math.sqrt(5)},  # what torch.nn.Linear uses: bound 1/sqrt(fan_in)
        lambda fi, fo: 1 / math.sqrt(fi),
        "uniform",
        id="kaiming_uniform-linear-default",
    ),
    pytest.param(
        init.kaiming_normal_,
        torch.nn.init.kaiming_normal_,
        {"nonlinearity": "relu", "mode": "fan_out"},
        lambda fi, fo: math.sqrt(2) / math.sqrt(fo),
        "normal",
        id="kaiming_normal-fan_out",
    ),
    pytest.param(
        init.kaiming_normal_,
        torch.nn.init.kaiming_normal_,
        {"a": 0.1, "nonlinearity": "leaky_relu"},
        lambda fi, fo: math.sqrt(2 / (1 + 0.01)) / math.sqrt(fi),
        "normal",
        id="kaiming_normal-leaky",
    ),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("ours", "theirs", "kwargs", "formula", "kind"), CASES)
def test_init_equals_torch_with_the_same_generator(
    ours, theirs, kwargs, formula, kind, shape
) -> None:
    a = ours(torch.empty(shape, dtype=DT), generator=_gen(3), **kwargs)
    b = theirs(torch.empty(shape, dtype=DT), generator=_gen(3), **kwargs)
    assert_close(a, b, rtol=0, atol=0)
    if kind == "uniform":
        fan_in, fan_out = init.calculate_fan_in_and_fan_out(a)
        assert a.abs().max() <= formula(fan_in, fan_out)


@pytest.mark.parametrize(("ours", "theirs", "kwargs", "formula", "kind"), CASES)
def test_bound_and_std_follow_the_formula(ours, theirs, kwargs, formula, kind) -> None:
    shape = (300, 200)
    fan_in, fan_out = 200, 300
    w = ours(torch.empty(shape, dtype=DT), generator=_gen(1), **kwargs)
    target = formula(fan_in, fan_out)
    if kind == "uniform":
        # inside [-bound, bound], and reaching close to both ends
        assert w.abs().max() <= target
        assert w.max() > 0.99 * target and w.min() < -0.99 * target
        std = target / math.sqrt(3)
    else:
        std = target
    # 60,000 draws: the sample std is within 1% of the formula's
    assert w.std().item() == pytest.approx(std, rel=0.01)
    assert abs(w.mean().item()) < 0.01 * std


def test_init_fills_in_place_without_autograd() -> None:
    w = torch.nn.Parameter(torch.empty(5, 4, dtype=DT))
    out = init.xavier_uniform_(w, generator=_gen())
    assert out is w
    assert w.grad_fn is None and w.requires_grad


def test_init_leaves_the_global_generator_alone() -> None:
    before = torch.random.get_rng_state()
    init.kaiming_normal_(torch.empty(4, 4), generator=_gen())
    init.activation_std_through_depth("xavier_normal", 3, 8, "tanh", generator=_gen())
    assert torch.equal(before, torch.random.get_rng_state())


def test_activation_std_through_depth_shows_the_variance_argument() -> None:
    def run(name: str, activation: str) -> list[float]:
        return init.activation_std_through_depth(
            name, 20, 128, activation, generator=_gen(), batch=64
        )

    he_relu, xavier_relu = run("kaiming_normal", "relu"), run("xavier_normal", "relu")
    # He keeps ReLU activations at their size; Xavier loses a factor 1/sqrt(2) per layer
    assert 0.3 < he_relu[-1] < 3
    assert xavier_relu[-1] / xavier_relu[9] == pytest.approx(2 ** (-10 / 2), rel=0.5)
    # N(0, 1) weights multiply the ReLU std by about sqrt(128 / 2) = 8 per layer
    normal = run("normal", "relu")
    assert normal[5] / normal[4] == pytest.approx(8, rel=0.15)
    # tanh: N(0, 1) saturates at +-1, N(0, 0.01^2) vanishes, Xavier stays in between
    assert run("normal", "tanh")[-1] > 0.9
    assert run("small", "tanh")[-1] < 1e-10
    assert 0.05 < run("xavier_uniform", "tanh")[-1] < 0.9


def test_activation_std_through_depth_accepts_a_function() -> None:
    def identity_like(w: torch.Tensor, *, generator: torch.Generator) -> torch.Tensor:
        with torch.no_grad():
            return w.copy_(torch.eye(len(w), dtype=w.dtype))

    stds = init.activation_std_through_depth(identity_like, 4, 16, "linear", generator=_gen())
    assert len(stds) == 4
    assert stds[0] == pytest.approx(stds[-1])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: init.xavier_uniform_(torch.empty(5), generator=_gen()), ValueError, "at least 2"),
        (
            lambda: init.xavier_normal_(torch.empty(2, 2, dtype=torch.long), generator=_gen()),
            TypeError,
            "floating-point",
        ),
        (lambda: init.kaiming_uniform_(torch.empty(2, 2), generator=0), TypeError, "Generator"),
        (lambda: init.kaiming_normal_(torch.empty(2, 2)), TypeError, "generator"),
        (
            lambda: init.kaiming_normal_(torch.empty(2, 2), mode="fan", generator=_gen()),
            ValueError,
            "mode must be one of",
        ),
        (lambda: init.calculate_gain("gelu"), ValueError, "nonlinearity must be one of"),
        (lambda: init.calculate_fan_in_and_fan_out([[1.0]]), TypeError, "torch.Tensor"),
        (
            lambda: init.activation_std_through_depth("he", 3, 4, "relu", generator=_gen()),
            ValueError,
            "init must be one of",
        ),
        (
            lambda: init.activation_std_through_depth(3, 3, 4, "relu", generator=_gen()),
            TypeError,
            "init must be a name",
        ),
        (
            lambda: init.activation_std_through_depth("small", 0, 4, "relu", generator=_gen()),
            ValueError,
            "depth must be a positive int",
        ),
        (
            lambda: init.activation_std_through_depth("small", 3, 4, "gelu", generator=_gen()),
            ValueError,
            "activation must be one of",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()
