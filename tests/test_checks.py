"""The one rule of dlguide.checks: TypeError for the wrong kind, ValueError for a wrong value."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dlguide import checks


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        # wrong kind -> TypeError
        (lambda: checks.integer(1.5, "steps"), TypeError, r"steps must be an int, got float 1\.5"),
        (lambda: checks.integer(True, "steps"), TypeError, r"steps must be an int, got bool"),
        (lambda: checks.integer("3", "steps"), TypeError, r"steps must be an int, got '3'"),
        (lambda: checks.number("0.1", "lr"), TypeError, r"lr must be a number, got str"),
        (lambda: checks.pair(1.0, "stride"), TypeError, r"stride must be an int or a pair"),
        (lambda: checks.tensor([1.0], "x"), TypeError, r"x must be a torch\.Tensor, got list"),
        (
            lambda: checks.floating(torch.zeros(2, dtype=torch.long), "x"),
            TypeError,
            r"floating-point tensor.*got dtype torch\.int64",
        ),
        (
            lambda: checks.floating(torch.zeros(2, dtype=torch.float64), "x", torch.float32),
            TypeError,
            r"torch\.float32 parameters, got dtype torch\.float64",
        ),
        # right kind, wrong value -> ValueError
        (lambda: checks.integer(0, "steps", minimum=1), ValueError, r"positive int, got 0"),
        (lambda: checks.integer(-1, "n", minimum=0), ValueError, r"non-negative int, got -1"),
        (lambda: checks.integer(2, "t", minimum=3), ValueError, r"t must be an int >= 3, got 2"),
        (lambda: checks.integer(9, "k", 0, 7), ValueError, r"k must be an int in \[0, 7\], got 9"),
        (lambda: checks.number(0.0, "lr", positive=True), ValueError, r"lr must be positive"),
        (lambda: checks.number(float("nan"), "lr", positive=True), ValueError, r"positive"),
        (lambda: checks.choice("gru", "kind", ("rnn", "lstm")), ValueError, r"one of 'rnn', 'l"),
        (lambda: checks.pair((1, 2, 3), "stride"), ValueError, r"an int or a pair of ints"),
        (lambda: checks.pair(0, "stride", minimum=1), ValueError, r"stride must be positive"),
        (
            lambda: checks.tensor(torch.zeros(3), "x", ndim=4, layout="(N, C, H, W)"),
            ValueError,
            r"x must have shape \(N, C, H, W\), got rank 1 with shape \(3,\)",
        ),
    ],
)
def test_wrong_kind_is_a_type_error_and_wrong_value_a_value_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_valid_arguments_pass_through():
    assert checks.integer(np.int64(4), "n", minimum=1) == 4
    assert type(checks.integer(np.int64(4), "n")) is int
    assert checks.number(3, "lr") == 3.0
    assert checks.pair([2, 3], "kernel_size", minimum=1) == (2, 3)
    assert checks.choice("lstm", "kind", ("rnn", "lstm")) == "lstm"
    x = torch.zeros(2, 3)
    assert checks.tensor(x, "x", ndim=(2, 3)) is x
    assert checks.floating(x, "x", torch.float32) is x


def test_modules_follow_the_rule():
    # The same mistake raises the same exception in every chapter's module.
    from dlguide import cnn, nn, rnn

    with pytest.raises(TypeError):
        nn.Linear(2.0, 3)
    with pytest.raises(TypeError):
        cnn.Conv2d(1.0, 3, 3)
    with pytest.raises(TypeError):
        rnn.RNNCell(2.0, 3)
    for make in (lambda: nn.Linear(0, 3), lambda: cnn.Conv2d(0, 3, 3), lambda: rnn.RNNCell(0, 3)):
        with pytest.raises(ValueError):
            make()
