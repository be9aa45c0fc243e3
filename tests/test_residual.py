"""dlguide.residual against torch: plain and residual blocks, stacks, the first-layer gradient."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from dlguide import residual


def _torch_block(block: residual.PlainBlock, x: torch.Tensor, shortcut: bool) -> torch.Tensor:
    """The same block written with torch.nn.functional.conv2d and the block's own weights."""
    h = F.conv2d(
        torch.relu(F.conv2d(x, block.conv1.weight, padding=1)), block.conv2.weight, padding=1
    )
    return torch.relu(x + h) if shortcut else torch.relu(h)


def _torch_twin(channels: int) -> torch.nn.Sequential:
    return torch.nn.Sequential(
        torch.nn.Conv2d(channels, channels, 3, padding=1, bias=False),
        torch.nn.ReLU(),
        torch.nn.Conv2d(channels, channels, 3, padding=1, bias=False),
    )


@pytest.mark.parametrize("kind", [residual.PlainBlock, residual.ResidualBlock])
@pytest.mark.parametrize(
    "shape",
    [(1, 1, 5, 5), (2, 3, 6, 7), (3, 8, 4, 4)],
    ids=["batch1-1channel", "3channels-nonsquare", "8channels"],
)
def test_block_matches_torch_twin_values_and_gradients(kind, shape):
    torch.manual_seed(0)
    block = kind(shape[1]).double()
    twin = _torch_twin(shape[1]).double()
    twin[0].weight.data.copy_(block.conv1.weight.data)
    twin[2].weight.data.copy_(block.conv2.weight.data)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(shape, dtype=torch.float64, generator=gen, requires_grad=True)
    upstream = torch.randn(shape, dtype=torch.float64, generator=gen)

    ours = block(x)
    shortcut = kind is residual.ResidualBlock
    theirs = torch.relu(x + twin(x)) if shortcut else torch.relu(twin(x))
    torch.testing.assert_close(ours, theirs)
    torch.testing.assert_close(ours, _torch_block(block, x, shortcut))

    params_ours = [x, block.conv1.weight, block.conv2.weight]
    params_theirs = [x, twin[0].weight, twin[2].weight]
    torch.testing.assert_close(
        torch.autograd.grad(ours, params_ours, upstream),
        torch.autograd.grad(theirs, params_theirs, upstream),
    )


def test_residual_block_with_zero_branch_is_relu_of_identity():
    block = residual.ResidualBlock(3)
    with torch.no_grad():
        block.conv2.weight.zero_()
    x = torch.randn(2, 3, 4, 4, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(block(x), torch.relu(x))


def test_identity_path_passes_the_gradient_through():
    # d(x + F(x))/dx = I + dF/dx: with F = 0 the gradient arrives unchanged (where relu is on)
    block = residual.ResidualBlock(2).double()
    with torch.no_grad():
        block.conv2.weight.zero_()
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(1, 2, 3, 3, dtype=torch.float64, generator=gen).add_(0.1).requires_grad_()
    upstream = torch.randn(x.shape, dtype=torch.float64, generator=gen)
    (grad,) = torch.autograd.grad(block(x), [x], upstream)
    torch.testing.assert_close(grad, upstream)


def test_make_stack_builds_depth_blocks_of_one_kind():
    plain, res = residual.make_stack(4, residual=False), residual.make_stack(2, residual=True)
    assert [type(b) for b in plain] == [residual.PlainBlock] * 4
    assert [type(b) for b in res] == [residual.ResidualBlock] * 2
    assert tuple(res(torch.zeros(1, 8, 5, 5)).shape) == (1, 8, 5, 5)


def test_first_layer_grad_norm_matches_a_torch_stack():
    depth, channels, seed = 3, 4, 7
    ours = residual.first_layer_grad_norm(depth, True, channels=channels, size=5, seed=seed)
    # rebuild the same stack and loss with torch layers, from the same seeds
    torch.manual_seed(seed)
    blocks = [_torch_twin(channels).double() for _ in range(depth)]
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(2, channels, 5, 5, dtype=torch.float64, generator=gen)
    h = x
    for twin in blocks:
        h = torch.relu(h + twin(h))
    u = torch.randn(h.shape, dtype=torch.float64, generator=gen)
    (grad,) = torch.autograd.grad((h * u).sum() / u.norm(), [blocks[0][0].weight])
    assert ours == pytest.approx(float(grad.norm()), rel=1e-12)


def test_first_layer_grad_norm_is_deterministic_and_leaves_global_rng_alone():
    before = torch.random.get_rng_state()
    a = residual.first_layer_grad_norm(4, False, seed=3)
    b = residual.first_layer_grad_norm(4, False, seed=3)
    assert a == b
    assert a != residual.first_layer_grad_norm(4, False, seed=4)
    assert torch.equal(torch.random.get_rng_state(), before)


def test_plain_gradient_vanishes_with_depth_and_residual_does_not():
    plain = [residual.first_layer_grad_norm(d, False) for d in (2, 10, 20)]
    res = [residual.first_layer_grad_norm(d, True) for d in (2, 10, 20)]
    assert plain[0] > plain[1] > plain[2]
    assert plain[2] < 1e-6 * plain[0]
    assert min(res) > 0.1 * res[0]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"depth": 0, "residual": True}, ValueError, "depth must be"),
        ({"depth": 2.0, "residual": True}, TypeError, "depth must be an int"),
        ({"depth": 2, "residual": 1}, TypeError, "residual must be a bool, got int"),
        ({"depth": 2, "residual": True, "channels": 0}, ValueError, "channels must be"),
        ({"depth": 2, "residual": True, "size": 0}, ValueError, "size must be"),
        ({"depth": 2, "residual": True, "batch_size": -1}, ValueError, "batch_size must be"),
        ({"depth": 2, "residual": True, "seed": "0"}, TypeError, "seed must be an int"),
    ],
)
def test_first_layer_grad_norm_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        residual.first_layer_grad_norm(**kwargs)


@pytest.mark.parametrize(
    ("x", "error", "match"),
    [
        (torch.zeros(4, 5, 5), ValueError, r"\(N, C, H, W\), got rank 3"),
        (torch.zeros(1, 3, 5, 5), ValueError, r"expects 4 channels, got input of shape \(1, 3"),
        (torch.zeros(1, 4, 5, 5, dtype=torch.long), TypeError, "floating-point"),
        ([0.0], TypeError, "must be a torch.Tensor, got list"),
    ],
)
@pytest.mark.parametrize("kind", [residual.PlainBlock, residual.ResidualBlock])
def test_blocks_reject_bad_input(kind, x, error, match):
    with pytest.raises(error, match=match):
        kind(4)(x)


def test_blocks_reject_bad_channels():
    with pytest.raises(ValueError, match="channels must be"):
        residual.ResidualBlock(0)
