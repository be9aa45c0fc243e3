"""dlguide.optim against torch.optim: the same parameters after every step, in float64."""

from __future__ import annotations

import pytest
import torch
from torch.testing import assert_close

from dlguide import optim

DT = torch.float64
STEPS = 8


def _params(shapes: list[tuple[int, ...]], seed: int = 0) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    return [torch.randn(s, generator=gen, dtype=DT).requires_grad_() for s in shapes]


def _loss(params: list[torch.Tensor], step: int) -> torch.Tensor:
    """A loss whose gradient changes with the parameters and with the step (a new mini-batch)."""
    gen = torch.Generator().manual_seed(100 + step)
    total = torch.zeros((), dtype=DT)
    for p in params:
        target = torch.randn(p.shape, generator=gen, dtype=DT)
        total = total + ((p - target) ** 2).sum() + 0.1 * (p**4).sum()
    return total


def _run_side_by_side(make_ours, make_theirs, shapes) -> None:
    ours, theirs = _params(shapes), _params(shapes)
    opt_ours, opt_theirs = make_ours(ours), make_theirs(theirs)
    for step in range(STEPS):
        for params, opt in ((ours, opt_ours), (theirs, opt_theirs)):
            opt.zero_grad()
            _loss(params, step).backward()
            opt.step()
        for a, b in zip(ours, theirs, strict=True):
            assert_close(a, b)
    moved = [not torch.equal(a, b) for a, b in zip(ours, _params(shapes), strict=True)]
    assert all(moved), "every parameter must have been updated"


SHAPES = [
    pytest.param([(3,)], id="vector"),
    pytest.param([(4, 3), (4,)], id="linear-layer"),
    pytest.param([(2, 3, 3, 3), (1,), (5, 1)], id="conv-and-scalars"),
]


@pytest.mark.parametrize("shapes", SHAPES)
@pytest.mark.parametrize(
    "kwargs",
    [
        {"lr": 0.01},
        {"lr": 0.01, "momentum": 0.9},
        {"lr": 0.02, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.01},
        {"lr": 0.01, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1},
    ],
    ids=["plain", "momentum", "dampening-decay", "nesterov"],
)
def test_sgd_matches_torch(shapes, kwargs) -> None:
    _run_side_by_side(
        lambda p: optim.SGD(p, **kwargs), lambda p: torch.optim.SGD(p, **kwargs), shapes
    )


@pytest.mark.parametrize("shapes", SHAPES)
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"lr": 0.05, "betas": (0.8, 0.99)},
        {"lr": 0.01, "eps": 1e-3, "weight_decay": 0.1},
        {"lr": 0.1, "betas": (0.0, 0.5)},
    ],
    ids=["defaults", "betas", "eps-decay", "no-first-moment"],
)
def test_adam_matches_torch(shapes, kwargs) -> None:
    _run_side_by_side(
        lambda p: optim.Adam(p, **kwargs), lambda p: torch.optim.Adam(p, **kwargs), shapes
    )


def test_adam_state_matches_torch_names_and_values() -> None:
    ours, theirs = _params([(4, 3)]), _params([(4, 3)])
    opt_ours, opt_theirs = optim.Adam(ours, lr=0.01), torch.optim.Adam(theirs, lr=0.01)
    for opt, params in ((opt_ours, ours), (opt_theirs, theirs)):
        for step in range(5):
            opt.zero_grad()
            _loss(params, step).backward()
            opt.step()
    state_ours, state_theirs = opt_ours.state[ours[0]], opt_theirs.state[theirs[0]]
    assert state_ours["step"] == int(state_theirs["step"]) == 5
    assert_close(state_ours["exp_avg"], state_theirs["exp_avg"])
    assert_close(state_ours["exp_avg_sq"], state_theirs["exp_avg_sq"])


def test_sgd_momentum_buffer_matches_torch() -> None:
    ours, theirs = _params([(3, 2)]), _params([(3, 2)])
    opt_ours = optim.SGD(ours, lr=0.01, momentum=0.9)
    opt_theirs = torch.optim.SGD(theirs, lr=0.01, momentum=0.9)
    for opt, params in ((opt_ours, ours), (opt_theirs, theirs)):
        for step in range(5):
            opt.zero_grad()
            _loss(params, step).backward()
            opt.step()
    assert_close(
        opt_ours.state[ours[0]]["momentum_buffer"], opt_theirs.state[theirs[0]]["momentum_buffer"]
    )


def test_parameters_without_gradient_are_left_alone() -> None:
    used, unused = _params([(3,), (2,)])
    before = unused.detach().clone()
    for opt in (optim.SGD([used, unused], lr=0.1, momentum=0.9), optim.Adam([used, unused])):
        opt.zero_grad()
        (used**2).sum().backward()
        opt.step()
        assert unused.grad is None
        assert torch.equal(unused.detach(), before)
        assert unused not in opt.state


def test_zero_grad_sets_none_or_zeros() -> None:
    (w,) = _params([(3,)])
    opt = optim.SGD([w], lr=0.1)
    (w**2).sum().backward()
    opt.zero_grad(set_to_none=False)
    assert torch.equal(w.grad, torch.zeros(3, dtype=DT))
    opt.zero_grad()
    assert w.grad is None


def test_lr_can_be_changed_between_steps() -> None:
    w = torch.ones(1, dtype=DT, requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    opt.lr = 0.5
    w.sum().backward()
    opt.step()
    assert w.item() == 0.5


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda p: optim.SGD(p[0]), TypeError, "single Tensor; wrap it in a list"),
        (lambda p: optim.SGD([]), ValueError, "empty parameter list"),
        (lambda p: optim.SGD([torch.zeros(2, dtype=torch.long)]), TypeError, "floating-point"),
        (lambda p: optim.Adam([torch.zeros(2)]), ValueError, "requires_grad=True"),
        (lambda p: optim.SGD(p, lr=0), ValueError, "lr must be positive, got 0"),
        (lambda p: optim.SGD(p, lr="0.1"), TypeError, "lr must be a number"),
        (lambda p: optim.SGD(p, momentum=-0.1), ValueError, r"momentum must be in \[0, 1\)"),
        (lambda p: optim.SGD(p, momentum=1.0), ValueError, r"momentum must be in \[0, 1\)"),
        (lambda p: optim.SGD(p, weight_decay=-1), ValueError, "weight_decay must be in"),
        (lambda p: optim.SGD(p, nesterov=True), ValueError, "nesterov momentum needs"),
        (
            lambda p: optim.SGD(p, momentum=0.9, dampening=0.1, nesterov=True),
            ValueError,
            "dampening = 0",
        ),
        (lambda p: optim.Adam(p, betas=0.9), TypeError, "betas must be a pair"),
        (lambda p: optim.Adam(p, betas=(0.9, 1.0)), ValueError, r"betas\[1\] must be in"),
        (lambda p: optim.Adam(p, eps=-1e-8), ValueError, "eps must be in"),
    ],
)
def test_bad_arguments_raise_clear_errors(make, error, match) -> None:
    with pytest.raises(error, match=match):
        make(_params([(2,)]))
