"""dlguide.cnn against torch: conv2d, conv2d_loop, pooling, Conv2d, the digits networks."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlguide import checks, cnn
from dlguide.data.digits import load_digits_split
from dlguide.metrics import accuracy
from dlguide.train import cnn as train_cnn

CONVS = [cnn.conv2d, cnn.conv2d_loop]

# (input shape, weight shape, stride, padding, bias)
CONV_CONFIGS = [
    pytest.param((1, 1, 8, 8), (1, 1, 3, 3), 1, 0, True, id="batch1-1channel"),
    pytest.param((2, 3, 7, 9), (4, 3, 2, 3), 1, 0, True, id="non-square-kernel"),
    pytest.param((2, 2, 9, 8), (3, 2, 3, 3), 2, 0, True, id="stride2"),
    pytest.param((2, 2, 9, 10), (3, 2, 3, 2), (2, 3), 0, False, id="pair-stride"),
    pytest.param((3, 2, 6, 6), (2, 2, 3, 3), 1, 1, True, id="padding1"),
    pytest.param((1, 3, 5, 7), (2, 3, 3, 5), (1, 2), (2, 1), True, id="pair-padding"),
    pytest.param((2, 16, 6, 6), (8, 16, 3, 3), 1, 1, True, id="many-channels"),
    pytest.param((3, 6, 5), (2, 3, 3, 3), 1, 0, True, id="unbatched-CHW"),
    pytest.param((1, 1, 3, 3), (2, 1, 5, 5), 1, 1, True, id="kernel-equals-padded-input"),
    pytest.param((2, 1, 8, 8), (4, 1, 1, 1), 3, 0, True, id="1x1-kernel-stride3"),
]


def _leaf(shape: tuple[int, ...], generator: torch.Generator) -> torch.Tensor:
    return torch.randn(shape, dtype=torch.float64, generator=generator).requires_grad_()


def _grads(out: torch.Tensor, tensors: list[torch.Tensor | None]) -> list[torch.Tensor]:
    # a random upstream gradient checks the full vector-Jacobian product, not just sum()
    upstream = torch.randn(out.shape, dtype=out.dtype, generator=torch.Generator().manual_seed(1))
    inputs = [t for t in tensors if t is not None]
    return list(torch.autograd.grad(out, inputs, upstream))


@pytest.mark.parametrize("conv", CONVS, ids=["conv2d", "conv2d_loop"])
@pytest.mark.parametrize(("x_shape", "w_shape", "stride", "padding", "bias"), CONV_CONFIGS)
def test_conv2d_matches_torch_values_and_gradients(conv, x_shape, w_shape, stride, padding, bias):
    gen = torch.Generator().manual_seed(0)
    x, w = _leaf(x_shape, gen), _leaf(w_shape, gen)
    b = _leaf((w_shape[0],), gen) if bias else None

    ours = conv(x, w, b, stride=stride, padding=padding)
    theirs = F.conv2d(x, w, b, stride=stride, padding=padding)

    torch.testing.assert_close(ours, theirs)
    torch.testing.assert_close(_grads(ours, [x, w, b]), _grads(theirs, [x, w, b]))


@pytest.mark.parametrize("seed", range(6))
def test_conv2d_matches_torch_on_random_configs(seed):
    gen = torch.Generator().manual_seed(100 + seed)

    def draw(low: int, high: int) -> int:
        return int(torch.randint(low, high + 1, (1,), generator=gen))

    N, C_in, C_out = draw(1, 3), draw(1, 4), draw(1, 4)
    kH, kW = draw(1, 4), draw(1, 4)
    pH, pW = draw(0, 2), draw(0, 2)
    stride = (draw(1, 3), draw(1, 3))
    H, W = draw(max(kH - 2 * pH, 1), 9), draw(max(kW - 2 * pW, 1), 9)
    x, w, b = _leaf((N, C_in, H, W), gen), _leaf((C_out, C_in, kH, kW), gen), _leaf((C_out,), gen)
    for conv in CONVS:
        ours = conv(x, w, b, stride=stride, padding=(pH, pW))
        theirs = F.conv2d(x, w, b, stride=stride, padding=(pH, pW))
        torch.testing.assert_close(ours, theirs)
        torch.testing.assert_close(_grads(ours, [x, w, b]), _grads(theirs, [x, w, b]))


@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no-bias"])
@pytest.mark.parametrize("block_images", [1, 2, 3])
def test_conv2d_in_blocks_of_images_matches_torch(monkeypatch, block_images, bias):
    # shrink the im2col block so a batch of 7 is split into blocks of 1, 2 or 3 images
    x_shape, w_shape = (7, 2, 6, 5), (3, 2, 3, 2)
    columns_per_image = 2 * 3 * 2 * (6 + 2 - 3 + 1) * (5 + 2 - 2 + 1)  # K * H_out * W_out
    monkeypatch.setattr(cnn, "_IM2COL_ELEMENTS", block_images * columns_per_image)
    gen = torch.Generator().manual_seed(3)
    x, w = _leaf(x_shape, gen), _leaf(w_shape, gen)
    b = _leaf((w_shape[0],), gen) if bias else None

    ours = cnn.conv2d(x, w, b, padding=1)
    theirs = F.conv2d(x, w, b, padding=1)

    torch.testing.assert_close(ours, theirs)
    torch.testing.assert_close(_grads(ours, [x, w, b]), _grads(theirs, [x, w, b]))


def test_conv2d_and_loop_agree_in_float32():
    gen = torch.Generator().manual_seed(3)
    x, w = torch.randn(4, 3, 8, 8, generator=gen), torch.randn(5, 3, 3, 3, generator=gen)
    torch.testing.assert_close(cnn.conv2d(x, w, padding=1), cnn.conv2d_loop(x, w, padding=1))
    torch.testing.assert_close(cnn.conv2d(x, w, padding=1), F.conv2d(x, w, padding=1))


# the brief grid of the backward pass: stride 1 and 2, padding 0 and 1, a few channel counts
BACKWARD_GRID = [
    pytest.param((N, C_in, 7, 8), (C_out, C_in, 3, 3), stride, padding, id=name)
    for N, C_in, C_out in [(1, 1, 1), (2, 3, 4), (3, 8, 2)]
    for stride in (1, 2)
    for padding in (0, 1)
    for name in [f"N{N}-C{C_in}to{C_out}-s{stride}-p{padding}"]
]


def _backward_pair(x_shape, w_shape, stride, padding, seed=0):
    """Autograd's gradients of F.conv2d and ours, for one random upstream gradient."""
    gen = torch.Generator().manual_seed(seed)
    x, w, b = _leaf(x_shape, gen), _leaf(w_shape, gen), _leaf((w_shape[0],), gen)
    out = F.conv2d(x, w, b, stride=stride, padding=padding)
    upstream = torch.randn(out.shape, dtype=out.dtype, generator=gen)
    theirs = torch.autograd.grad(out, [x, w, b], upstream)
    ours = cnn.conv2d_backward(upstream, x.detach(), w.detach(), stride, padding)
    return ours, theirs, upstream, w.detach()


@pytest.mark.parametrize(("x_shape", "w_shape", "stride", "padding"), BACKWARD_GRID)
def test_conv2d_backward_matches_autograd_on_stride_padding_channel_grid(
    x_shape, w_shape, stride, padding
):
    ours, theirs, _, _ = _backward_pair(x_shape, w_shape, stride, padding)
    assert isinstance(ours, cnn.Conv2dGradients)
    torch.testing.assert_close(ours.grad_input, theirs[0])
    torch.testing.assert_close(ours.grad_weight, theirs[1])
    torch.testing.assert_close(ours.grad_bias, theirs[2])


@pytest.mark.parametrize(("x_shape", "w_shape", "stride", "padding", "bias"), CONV_CONFIGS)
def test_conv2d_backward_matches_autograd_on_conv_configs(x_shape, w_shape, stride, padding, bias):
    # non-square kernels, pair strides whose step leaves rows unreached, unbatched input
    ours, theirs, _, _ = _backward_pair(x_shape, w_shape, stride, padding)
    torch.testing.assert_close(list(ours), list(theirs))


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "stride", "padding"),
    [((2, 3, 9, 8), (4, 3, 3, 3), 2, 1), ((1, 2, 10, 7), (3, 2, 3, 2), (3, 2), 0)],
)
def test_conv2d_backward_input_gradient_is_conv_transpose2d(x_shape, w_shape, stride, padding):
    ours, _, upstream, w = _backward_pair(x_shape, w_shape, stride, padding)
    stride, padding = checks.pair(stride, "stride"), checks.pair(padding, "padding")
    # the rows/columns of the input the last window did not reach: conv_transpose2d's
    # output_padding
    extra = tuple(
        (n + 2 * p - k) % s
        for n, k, s, p in zip(x_shape[2:], w_shape[2:], stride, padding, strict=True)
    )
    transposed = F.conv_transpose2d(
        upstream, w, stride=stride, padding=padding, output_padding=extra
    )
    torch.testing.assert_close(ours.grad_input, transposed)


G4, GX, GW = torch.zeros(1, 3, 3, 3), torch.zeros(1, 2, 5, 5), torch.zeros(3, 2, 3, 3)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (
            (torch.zeros(1, 3, 2, 2), GX, GW),
            ValueError,
            r"forward output \(1, 3, 3, 3\), got \(1, 3, 2, 2\)",
        ),
        (
            (torch.zeros(3, 3, 3), GX, GW),
            ValueError,
            r"forward output \(1, 3, 3, 3\), got \(3, 3, 3\)",
        ),
        ((G4.double(), GX, GW), TypeError, "grad_output and input must have the same dtype"),
        ((G4.long(), GX, GW), TypeError, "grad_output must be a floating-point tensor"),
        ((G4.numpy(), GX, GW), TypeError, "grad_output must be a torch.Tensor, got ndarray"),
        ((G4, GX, GW[:, :1]), ValueError, "input has 2 channels but weight"),
    ],
)
def test_conv2d_backward_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        cnn.conv2d_backward(*args)


# (input shape, kernel_size, stride)
POOL_CONFIGS = [
    pytest.param((1, 1, 8, 8), 2, None, id="2x2-default-stride"),
    pytest.param((2, 3, 7, 9), 3, None, id="3x3-leftover-rows"),
    pytest.param((2, 2, 8, 8), 3, 1, id="overlapping-stride1"),
    pytest.param((2, 2, 9, 8), (2, 3), (3, 2), id="pair-kernel-pair-stride"),
    pytest.param((3, 6, 6), 2, None, id="unbatched-CHW"),
    pytest.param((1, 4, 5, 5), 5, None, id="global-window"),
]


@pytest.mark.parametrize(
    ("ours_fn", "torch_fn"),
    [(cnn.max_pool2d, F.max_pool2d), (cnn.avg_pool2d, F.avg_pool2d)],
    ids=["max", "avg"],
)
@pytest.mark.parametrize(("x_shape", "kernel_size", "stride"), POOL_CONFIGS)
def test_pool2d_matches_torch_values_and_gradients(
    ours_fn, torch_fn, x_shape, kernel_size, stride
):
    x = _leaf(x_shape, torch.Generator().manual_seed(0))
    ours = ours_fn(x, kernel_size, stride)
    theirs = torch_fn(x, kernel_size, stride)
    torch.testing.assert_close(ours, theirs)
    torch.testing.assert_close(_grads(ours, [x]), _grads(theirs, [x]))


@pytest.mark.parametrize(
    ("size", "kernel_size", "stride", "padding"),
    [
        (8, 3, 1, 0),
        (8, 3, 1, 1),
        (9, 3, 2, 0),
        (28, 5, 2, 2),
        ((7, 10), (2, 3), (2, 3), (1, 0)),
        ((5, 5), 5, 1, 0),
        (6, 1, 4, 0),
    ],
)
def test_conv2d_output_size_matches_torch_shape(size, kernel_size, stride, padding):
    H, W = size if isinstance(size, tuple) else (size, size)
    kH, kW = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    out = F.conv2d(torch.zeros(1, 1, H, W), torch.zeros(1, 1, kH, kW), None, stride, padding)
    expected = tuple(out.shape[2:])
    got = cnn.conv2d_output_size(size, kernel_size, stride, padding)
    if isinstance(got, int):
        assert expected == (got, got)
    else:
        assert got == expected


def test_conv2d_output_size_returns_int_for_ints_and_pair_for_pairs():
    assert cnn.conv2d_output_size(8, 3) == 6
    assert cnn.conv2d_output_size((8, 8), 3) == (6, 6)
    assert cnn.conv2d_output_size(8, 3, stride=(1, 2)) == (6, 3)


def test_conv2d_output_size_formula_is_in_docstring():
    assert "floor((H + 2P - K) / S) + 1" in cnn.conv2d_output_size.__doc__


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1, 4, 3), {}),
        ((3, 2, (2, 3)), {"stride": 2, "padding": 1, "bias": False}),
        ((2, 5, (3, 1)), {"stride": (1, 2), "padding": (0, 1)}),
    ],
)
def test_conv2d_module_matches_torch_and_state_dict_round_trips(args, kwargs):
    torch.manual_seed(0)
    ours = cnn.Conv2d(*args, **kwargs).double()
    torch.manual_seed(0)
    theirs = nn.Conv2d(*args, **kwargs).double()
    # same layout and the same default initialisation from the same random stream
    torch.testing.assert_close(ours.state_dict(), theirs.state_dict())

    fresh_theirs = nn.Conv2d(*args, **kwargs).double()
    fresh_theirs.load_state_dict(ours.state_dict())
    fresh_ours = cnn.Conv2d(*args, **kwargs).double()
    fresh_ours.load_state_dict(theirs.state_dict())

    x = _leaf((2, args[0], 7, 8), torch.Generator().manual_seed(2))
    torch.testing.assert_close(fresh_ours(x), theirs(x))
    torch.testing.assert_close(fresh_theirs(x), ours(x))
    out_ours, out_theirs = ours(x), theirs(x)
    torch.testing.assert_close(
        _grads(out_ours, [x, *ours.parameters()]), _grads(out_theirs, [x, *theirs.parameters()])
    )


def test_conv2d_module_init_bound_follows_fan_in():
    torch.manual_seed(0)
    layer = cnn.Conv2d(4, 64, 3).requires_grad_(False)
    bound = 1 / (4 * 3 * 3) ** 0.5
    assert float(layer.weight.abs().max()) <= bound
    assert float(layer.bias.abs().max()) <= bound
    assert float(layer.weight.abs().max()) > 0.9 * bound


def test_conv2d_module_repr_names_its_settings():
    text = repr(cnn.Conv2d(1, 8, 3, stride=2, padding=1, bias=False))
    assert "kernel_size=(3, 3)" in text and "padding=(1, 1)" in text and "bias=False" in text


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------

X4 = torch.zeros(1, 2, 5, 5)
W4 = torch.zeros(3, 2, 3, 3)


@pytest.mark.parametrize("conv", CONVS, ids=["conv2d", "conv2d_loop"])
@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((torch.zeros(5, 5), W4), {}, ValueError, r"rank 4 \(N, C, H, W\).*got rank 2"),
        ((torch.zeros(1, 1, 2, 5, 5), W4), {}, ValueError, "got rank 5"),
        ((X4, torch.zeros(3, 2, 3)), {}, ValueError, r"weight must have rank 4.*got rank 3"),
        ((torch.zeros(1, 4, 5, 5), W4), {}, ValueError, "input has 4 channels.*C_in = 2"),
        ((X4, torch.zeros(3, 2, 6, 6)), {}, ValueError, r"\(6, 6\) is larger.*\(5, 5\)"),
        ((X4, torch.zeros(3, 2, 6, 6)), {"padding": 1}, None, None),
        ((X4, W4), {"stride": 0}, ValueError, "stride must be positive, got 0"),
        ((X4, W4), {"stride": (1, -1)}, ValueError, r"stride must be positive, got \(1, -1\)"),
        ((X4, W4), {"padding": -1}, ValueError, "padding must be non-negative, got -1"),
        ((X4, W4), {"stride": 1.5}, TypeError, "stride must be an int or a pair"),
        ((X4, W4), {"padding": (1, 1, 1)}, ValueError, "padding must be an int or a pair"),
        ((X4, W4), {"padding": "same"}, TypeError, "padding must be an int or a pair"),
        ((X4.long(), W4), {}, TypeError, "floating-point.*got dtype torch.int64"),
        ((X4, W4.double()), {}, TypeError, "same dtype, got torch.float32 and torch.float64"),
        ((X4, W4, torch.zeros(2)), {}, ValueError, r"bias must have shape \(C_out,\) = \(3,\)"),
        ((X4, W4, torch.zeros(3).double()), {}, TypeError, "bias must have dtype torch.float32"),
        ((X4.numpy(), W4), {}, TypeError, "input must be a torch.Tensor, got ndarray"),
        ((X4, [1.0]), {}, TypeError, "weight must be a torch.Tensor, got list"),
    ],
)
def test_conv2d_rejects_bad_input(conv, args, kwargs, error, match):
    if error is None:  # the padded input is large enough: no error
        assert tuple(conv(*args, **kwargs).shape) == (1, 3, 2, 2)
        return
    with pytest.raises(error, match=match):
        conv(*args, **kwargs)


@pytest.mark.parametrize("pool", [cnn.max_pool2d, cnn.avg_pool2d], ids=["max", "avg"])
@pytest.mark.parametrize(
    ("x", "kernel_size", "stride", "error", "match"),
    [
        (torch.zeros(4, 4), 2, None, ValueError, "got rank 2 with shape"),
        (torch.zeros(1, 1, 4, 4), 5, None, ValueError, r"\(5, 5\) is larger.*\(4, 4\)"),
        (torch.zeros(1, 1, 4, 4), 0, None, ValueError, "kernel_size must be positive, got 0"),
        (torch.zeros(1, 1, 4, 4), 2, 0, ValueError, "stride must be positive, got 0"),
        (torch.zeros(1, 1, 4, 4, dtype=torch.int64), 2, None, TypeError, "floating-point"),
        (torch.zeros(1, 1, 4, 4), (2, 2, 2), None, ValueError, "kernel_size must be an int or"),
    ],
)
def test_pool2d_rejects_bad_input(pool, x, kernel_size, stride, error, match):
    with pytest.raises(error, match=match):
        pool(x, kernel_size, stride)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((8, 9), ValueError, r"kernel size \(kH, kW\) = \(9, 9\) is larger"),
        ((8, 3, 0), ValueError, "stride must be positive"),
        ((8, 3, 1, -2), ValueError, "padding must be non-negative"),
        ((0, 3), ValueError, "size must be positive"),
        ((8.0, 3), TypeError, "size must be an int or a pair"),
    ],
)
def test_conv2d_output_size_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        cnn.conv2d_output_size(*args)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((0, 4, 3), {}, ValueError, "in_channels must be a positive int, got 0"),
        ((1, 4.0, 3), {}, TypeError, "out_channels must be an int, got float 4.0"),  # a wrong kind
        ((1, 4, 0), {}, ValueError, "kernel_size must be positive"),
        ((1, 4, 3), {"stride": 0}, ValueError, "stride must be positive"),
        ((1, 4, 3), {"padding": -1}, ValueError, "padding must be non-negative"),
    ],
)
def test_conv2d_module_rejects_bad_settings(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        cnn.Conv2d(*args, **kwargs)


def test_conv2d_module_rejects_wrong_channels_with_a_clear_message():
    with pytest.raises(ValueError, match=r"input has 3 channels.*C_in = 1"):
        cnn.Conv2d(1, 4, 3)(torch.zeros(2, 3, 8, 8))


# ---------------------------------------------------------------------------------------------
# Parameter counts and the digits networks
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_shape", "out_channels", "kernel_size", "kwargs"),
    [
        ((1, 8, 8), 16, 3, {"padding": 1}),
        ((3, 32, 32), 8, 5, {}),
        ((2, 9, 9), 4, (3, 2), {"stride": 2, "bias": False}),
    ],
)
def test_dense_vs_conv_parameters_counts_real_layers(in_shape, out_channels, kernel_size, kwargs):
    counts = cnn.dense_vs_conv_parameters(in_shape, out_channels, kernel_size, **kwargs)
    use_bias = kwargs.get("bias", True)
    conv_kwargs = {k: v for k, v in kwargs.items() if k != "bias"}
    conv = nn.Conv2d(in_shape[0], out_channels, kernel_size, bias=use_bias, **conv_kwargs)
    out = conv(torch.zeros(1, *in_shape))
    dense = nn.Linear(out.new_zeros(in_shape).numel(), out[0].numel(), bias=use_bias)
    assert counts.conv == cnn.count_parameters(conv)
    assert counts.dense == cnn.count_parameters(dense)
    assert counts.conv < counts.dense


def test_dense_vs_conv_parameters_rejects_bad_shape():
    with pytest.raises(ValueError, match=r"three positive ints \(C_in, H, W\), got \(8, 8\)"):
        cnn.dense_vs_conv_parameters((8, 8), 4, 3)


def test_count_parameters_rejects_non_module():
    with pytest.raises(TypeError, match=r"torch\.nn\.Module, got Tensor"):
        cnn.count_parameters(torch.zeros(3))


def test_digits_networks_have_comparable_parameter_counts():
    n_cnn = cnn.count_parameters(cnn.DigitsCNN())
    n_mlp = cnn.count_parameters(cnn.MLPBaseline())
    assert 1 / 3 < n_cnn / n_mlp < 3


def test_digits_cnn_output_and_feature_map_shapes():
    model = cnn.DigitsCNN()
    x = torch.zeros(3, 1, 8, 8)
    assert tuple(model(x).shape) == (3, 10)
    shapes = {k: tuple(v.shape) for k, v in model.feature_maps(x).items()}
    assert shapes == {"conv1": (3, 16, 8, 8), "conv2": (3, 32, 4, 4), "conv3": (3, 32, 2, 2)}


@pytest.mark.parametrize("model", [cnn.DigitsCNN(), cnn.MLPBaseline()], ids=["cnn", "mlp"])
def test_digits_networks_reject_wrong_image_shape(model):
    with pytest.raises(ValueError, match=r"shape \(N, 1, 8, 8\), got \(2, 1, 28, 28\)"):
        model(torch.zeros(2, 1, 28, 28))


def test_accuracy_counts_correct_predictions_and_keeps_mode():
    class Fixed(nn.Module):
        def forward(self, x):
            # always predicts class 3
            return torch.nn.functional.one_hot(torch.full((len(x),), 3), 10).float()

    model = Fixed().train()
    y = torch.tensor([3, 3, 1, 3])
    assert accuracy(model, torch.zeros(4, 1, 8, 8), y) == 0.75
    assert model.training


def test_accuracy_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="must match"):
        accuracy(cnn.DigitsCNN(), torch.zeros(4, 1, 8, 8), torch.zeros(3, dtype=torch.long))


@pytest.mark.parametrize("train", [train_cnn.train_digits_cnn, train_cnn.train_mlp_baseline])
@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"split": "random"}, ValueError, "split must be one of"),
        ({"epochs": 0}, ValueError, "epochs must be a positive int, got 0"),
        ({"seed": 1.5}, TypeError, "seed must be an int, got float"),
        ({"max_shift": -1}, ValueError, r"max_shift must be an int in \[0, 7\], got -1"),
    ],
)
def test_training_rejects_bad_arguments(train, kwargs, error, match):
    with pytest.raises(error, match=match):
        train(**kwargs)


def test_random_shift_moves_images_within_bounds():
    x = torch.zeros(50, 1, 8, 8)
    x[:, 0, 3, 4] = 1.0
    shifted = train_cnn.random_shift(x, 1, torch.Generator().manual_seed(0))
    assert tuple(shifted.shape) == (50, 1, 8, 8)
    rows, cols = shifted[:, 0].nonzero()[:, 1:].T
    assert shifted.sum() == 50  # nothing lost: the pixel is far from the border
    assert rows.min() >= 2 and rows.max() <= 4 and cols.min() >= 3 and cols.max() <= 5
    assert len(set(zip(rows.tolist(), cols.tolist(), strict=True))) > 1


def test_training_is_deterministic_for_a_seed():
    # the MLP shares the training loop with the CNN and trains in a fraction of the time
    state = torch.random.get_rng_state()
    first = train_cnn.train_mlp_baseline(epochs=1, seed=3).model
    second = train_cnn.train_mlp_baseline(epochs=1, seed=3).model
    other = train_cnn.train_mlp_baseline(epochs=1, seed=4).model
    assert torch.equal(torch.random.get_rng_state(), state)  # the caller's RNG is left alone
    torch.testing.assert_close(first.state_dict(), second.state_dict(), rtol=0, atol=0)
    assert not torch.equal(first.fc1.weight, other.fc1.weight)
    assert not first.training


@pytest.mark.slow
def test_digits_cnn_learns_far_beyond_chance_deterministically():
    result = train_cnn.train_digits_cnn(epochs=4, seed=0)
    model = result.model
    assert result.steps == 4 * 45 and result.losses.shape == (result.steps,)
    _, X_test, _, y_test = load_digits_split()
    assert isinstance(model, cnn.DigitsCNN) and not model.training
    assert accuracy(model, X_test, y_test) > 0.90
    again = train_cnn.train_digits_cnn(epochs=4, seed=0).model
    torch.testing.assert_close(model.state_dict(), again.state_dict(), rtol=0, atol=0)
