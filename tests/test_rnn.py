"""Tests for dlguide.rnn: cells and sequence layers against torch.nn, the gradient measurement,
input checks, and (marked slow) the training helpers."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlguide.data.sequences import ADDING_BASELINE_MSE
from dlguide.metrics import gradient_norms_through_time
from dlguide.rnn import (
    GRU,
    LSTM,
    RNN,
    GRUCell,
    LSTMCell,
    RecurrentNet,
    RNNCell,
    chrono_init_,
    detach_state,
    forecast,
    gru_cell,
    lstm_cell,
    perplexity,
    rnn_cell,
    sample_text,
    set_forget_bias_,
)
from dlguide.train.rnn import train_adding, train_chars, train_sine

F64 = torch.float64


def _pair(ours_cls, torch_cls, *args, seed=0, **kwargs):
    """A float64 torch module and our twin holding a copy of its parameters."""
    torch.manual_seed(seed)
    theirs = torch_cls(*args, **kwargs).double()
    kwargs.pop("batch_first", None)
    ours = ours_cls(*args, **kwargs).double()
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


def _leaf(*shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=F64).requires_grad_()


def _assert_same_forward_and_backward(ours, theirs, inputs, run):
    """Run both modules on copies of ``inputs``; compare outputs, input and weight grads."""
    ins_a = [t.detach().clone().requires_grad_() for t in inputs]
    ins_b = [t.detach().clone().requires_grad_() for t in inputs]
    out_a, out_b = run(ours, ins_a), run(theirs, ins_b)
    assert len(out_a) == len(out_b)
    for a, b in zip(out_a, out_b, strict=True):
        torch.testing.assert_close(a, b)
    # A random weighting of every output, so each gradient entry is tested.
    g = torch.Generator().manual_seed(99)
    weights = [torch.randn(a.shape, generator=g, dtype=F64) for a in out_a]
    sum(
        ((a * w).sum() for a, w in zip(out_a, weights, strict=True)), torch.zeros((), dtype=F64)
    ).backward()
    sum(
        ((b * w).sum() for b, w in zip(out_b, weights, strict=True)), torch.zeros((), dtype=F64)
    ).backward()
    for a, b in zip(ins_a, ins_b, strict=True):
        torch.testing.assert_close(a.grad, b.grad)
    params_b = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        torch.testing.assert_close(p.grad, params_b[name].grad, msg=f"gradient of {name}")


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------

CELL_CASES = [
    # (D, H, batch shape (empty = unbatched), give the state)
    (3, 5, (4,), True),
    (3, 5, (4,), False),
    (1, 1, (1,), True),
    (7, 2, (), True),
    (7, 2, (), False),
    (4, 16, (9,), True),
]


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize(("D", "H", "batch", "with_state"), CELL_CASES)
def test_rnn_cell_matches_torch(D, H, batch, with_state, nonlinearity):
    ours, theirs = _pair(RNNCell, nn.RNNCell, D, H, nonlinearity=nonlinearity)
    x, h = _leaf(*batch, D, seed=1), _leaf(*batch, H, seed=2)
    if with_state:
        _assert_same_forward_and_backward(ours, theirs, [x, h], lambda m, t: [m(t[0], t[1])])
    else:
        _assert_same_forward_and_backward(ours, theirs, [x], lambda m, t: [m(t[0])])


@pytest.mark.parametrize(("D", "H", "batch", "with_state"), CELL_CASES)
def test_lstm_cell_matches_torch(D, H, batch, with_state):
    ours, theirs = _pair(LSTMCell, nn.LSTMCell, D, H)
    x, h, c = _leaf(*batch, D, seed=1), _leaf(*batch, H, seed=2), _leaf(*batch, H, seed=3)
    if with_state:
        _assert_same_forward_and_backward(
            ours, theirs, [x, h, c], lambda m, t: list(m(t[0], (t[1], t[2])))
        )
    else:
        _assert_same_forward_and_backward(ours, theirs, [x], lambda m, t: list(m(t[0])))


@pytest.mark.parametrize(("D", "H", "batch", "with_state"), CELL_CASES)
def test_gru_cell_matches_torch(D, H, batch, with_state):
    ours, theirs = _pair(GRUCell, nn.GRUCell, D, H)
    x, h = _leaf(*batch, D, seed=1), _leaf(*batch, H, seed=2)
    if with_state:
        _assert_same_forward_and_backward(ours, theirs, [x, h], lambda m, t: [m(t[0], t[1])])
    else:
        _assert_same_forward_and_backward(ours, theirs, [x], lambda m, t: [m(t[0])])


def test_functional_cells_match_the_modules():
    torch.manual_seed(0)
    rnn, lstm, gru = RNNCell(3, 4).double(), LSTMCell(3, 4).double(), GRUCell(3, 4).double()
    x, h, c = _leaf(2, 3, seed=0), _leaf(2, 4, seed=1), _leaf(2, 4, seed=2)
    w = lambda m: (m.weight_ih, m.weight_hh, m.bias_ih, m.bias_hh)  # noqa: E731
    torch.testing.assert_close(rnn_cell(x, h, *w(rnn)), rnn(x, h))
    torch.testing.assert_close(lstm_cell(x, h, c, *w(lstm)), lstm(x, (h, c)))
    torch.testing.assert_close(gru_cell(x, h, *w(gru)), gru(x, h))


def test_gru_cell_follows_torchs_equations():
    # torch's GRU: the reset gate multiplies (W_hn h + b_hn), bias included.
    torch.manual_seed(0)
    cell = GRUCell(3, 4).double()
    x, h = _leaf(2, 3, seed=0), _leaf(2, 4, seed=1)
    W_ir, W_iz, W_in = cell.weight_ih.chunk(3)
    W_hr, W_hz, W_hn = cell.weight_hh.chunk(3)
    b_ir, b_iz, b_in = cell.bias_ih.chunk(3)
    b_hr, b_hz, b_hn = cell.bias_hh.chunk(3)
    r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
    z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
    n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
    torch.testing.assert_close(cell(x, h), (1 - z) * n + z * h)


def test_gru_gates_are_stacked_r_z_n():
    cell = GRUCell(3, 5)
    assert cell.weight_ih.shape == (15, 3) and cell.weight_hh.shape == (15, 5)
    with torch.no_grad():
        for p in cell.parameters():
            p.zero_()
        cell.bias_ih[5:10] = 50.0  # z = 1: keep the old state
    h = torch.randn(2, 5)
    torch.testing.assert_close(cell(torch.randn(2, 3), h), h)
    with torch.no_grad():
        cell.bias_ih[5:10] = -50.0  # z = 0: take the candidate
        cell.bias_ih[0:5] = -50.0  # r = 0: the candidate ignores h (and b_hn)
        cell.bias_hh[10:15] = 3.0  # b_hn, switched off by r = 0
        cell.bias_ih[10:15] = 0.5  # b_in
    torch.testing.assert_close(cell(torch.randn(2, 3), h), torch.full((2, 5), math.tanh(0.5)))


# --------------------------------------------------------------------------------------------
# Sequence layers
# --------------------------------------------------------------------------------------------

SEQ_CASES = [
    # (D, H, N (None = unbatched), T, give the initial state)
    (2, 8, 4, 1, False),
    (2, 8, 4, 1, True),
    (3, 5, 2, 12, False),
    (3, 5, 2, 12, True),
    (1, 3, None, 6, False),
    (1, 3, None, 6, True),
    (5, 16, 1, 30, True),
]


def _seq_inputs(D, H, N, T):
    batch = () if N is None else (N,)
    x = _leaf(*batch, T, D, seed=4)
    h0, c0 = _leaf(1, *batch, H, seed=5), _leaf(1, *batch, H, seed=6)
    return x, h0, c0


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize(("D", "H", "N", "T", "with_state"), SEQ_CASES)
def test_rnn_matches_torch(D, H, N, T, with_state, nonlinearity):
    ours, theirs = _pair(RNN, nn.RNN, D, H, nonlinearity=nonlinearity, batch_first=True)
    x, h0, _ = _seq_inputs(D, H, N, T)
    if with_state:
        _assert_same_forward_and_backward(ours, theirs, [x, h0], lambda m, t: list(m(*t)))
    else:
        _assert_same_forward_and_backward(ours, theirs, [x], lambda m, t: list(m(t[0])))


@pytest.mark.parametrize(("D", "H", "N", "T", "with_state"), SEQ_CASES)
def test_gru_matches_torch(D, H, N, T, with_state):
    ours, theirs = _pair(GRU, nn.GRU, D, H, batch_first=True)
    x, h0, _ = _seq_inputs(D, H, N, T)
    if with_state:
        _assert_same_forward_and_backward(ours, theirs, [x, h0], lambda m, t: list(m(*t)))
    else:
        _assert_same_forward_and_backward(ours, theirs, [x], lambda m, t: list(m(t[0])))


@pytest.mark.parametrize(("D", "H", "N", "T", "with_state"), SEQ_CASES)
def test_lstm_matches_torch(D, H, N, T, with_state):
    ours, theirs = _pair(LSTM, nn.LSTM, D, H, batch_first=True)
    x, h0, c0 = _seq_inputs(D, H, N, T)

    def run(m, t):
        out, (h_n, c_n) = m(t[0], (t[1], t[2])) if with_state else m(t[0])
        return [out, h_n, c_n]

    _assert_same_forward_and_backward(ours, theirs, [x, h0, c0] if with_state else [x], run)


def test_sequence_layers_equal_their_cells_unrolled():
    torch.manual_seed(0)
    lstm, cell = LSTM(3, 4).double(), LSTMCell(3, 4).double()
    cell.load_state_dict({k.removesuffix("_l0"): v for k, v in lstm.state_dict().items()})
    x = _leaf(2, 5, 3, seed=0)
    out, (h_n, c_n) = lstm(x)
    state = None
    for t in range(5):
        state = cell(x[:, t], state)
        torch.testing.assert_close(out[:, t], state[0])
    torch.testing.assert_close((h_n[0], c_n[0]), state)
    gru, gcell = GRU(3, 4).double(), GRUCell(3, 4).double()
    gcell.load_state_dict({k.removesuffix("_l0"): v for k, v in gru.state_dict().items()})
    out, h_n = gru(x)
    h = None
    for t in range(5):
        h = gcell(x[:, t], h)
        torch.testing.assert_close(out[:, t], h)
    torch.testing.assert_close(h_n[0], h)


# --------------------------------------------------------------------------------------------
# Parameters: names, shapes, init, copying both ways
# --------------------------------------------------------------------------------------------

TWINS = [
    (lambda: RNNCell(3, 5), lambda: nn.RNNCell(3, 5)),
    (lambda: RNNCell(3, 5, "relu"), lambda: nn.RNNCell(3, 5, nonlinearity="relu")),
    (lambda: LSTMCell(3, 5), lambda: nn.LSTMCell(3, 5)),
    (lambda: RNN(3, 5), lambda: nn.RNN(3, 5, batch_first=True)),
    (lambda: LSTM(3, 5), lambda: nn.LSTM(3, 5, batch_first=True)),
    (lambda: GRUCell(3, 5), lambda: nn.GRUCell(3, 5)),
    (lambda: GRU(3, 5), lambda: nn.GRU(3, 5, batch_first=True)),
]


@pytest.mark.parametrize(("make_ours", "make_theirs"), TWINS)
def test_parameters_have_torch_names_shapes_and_init(make_ours, make_theirs):
    torch.manual_seed(7)
    ours = make_ours()
    torch.manual_seed(7)
    theirs = make_theirs()
    sd_a, sd_b = ours.state_dict(), theirs.state_dict()
    assert list(sd_a) == list(sd_b)
    for k in sd_a:
        # Same draws in the same order: a seeded model starts exactly where torch's does.
        assert torch.equal(sd_a[k], sd_b[k]), k
        assert sd_a[k].abs().max() <= 1 / math.sqrt(5)


@pytest.mark.parametrize(("make_ours", "make_theirs"), TWINS)
def test_load_state_dict_copies_both_ways(make_ours, make_theirs):
    torch.manual_seed(1)
    ours, theirs = make_ours(), make_theirs()
    theirs.load_state_dict(ours.state_dict())
    x = torch.randn(2, 4, 3) if isinstance(ours, RNN | LSTM | GRU) else torch.randn(2, 3)
    out_a, out_b = ours(x), theirs(x)
    torch.testing.assert_close(out_a, out_b)
    torch.manual_seed(2)
    fresh = make_theirs()
    ours.load_state_dict(fresh.state_dict())
    torch.testing.assert_close(ours(x), fresh(x))


def test_lstm_gates_are_stacked_i_f_g_o():
    cell = LSTMCell(3, 5)
    assert cell.weight_ih.shape == (20, 3) and cell.weight_hh.shape == (20, 5)
    # Closing the input gate (i = 0) with an open forget gate copies the cell state.
    with torch.no_grad():
        for p in cell.parameters():
            p.zero_()
        cell.bias_ih[0:5] = -50.0  # i
        cell.bias_ih[5:10] = 50.0  # f
    c = torch.randn(2, 5)
    _, c_next = cell(torch.randn(2, 3), (torch.zeros(2, 5), c))
    torch.testing.assert_close(c_next, c)


@pytest.mark.parametrize("module", [LSTMCell(2, 3), LSTM(2, 3), nn.LSTM(2, 3), nn.LSTMCell(2, 3)])
def test_set_forget_bias_sets_only_the_forget_slice(module):
    b_ih = "bias_ih" if hasattr(module, "bias_ih") else "bias_ih_l0"
    b_hh = b_ih.replace("ih", "hh")
    before = getattr(module, b_ih).detach().clone()
    set_forget_bias_(module, 2.0)
    total = getattr(module, b_ih) + getattr(module, b_hh)
    assert total[3:6].tolist() == [2.0, 2.0, 2.0]
    assert torch.equal(getattr(module, b_ih)[:3], before[:3])
    assert torch.equal(getattr(module, b_ih)[6:], before[6:])


def test_set_forget_bias_rejects_non_lstm():
    with pytest.raises(TypeError, match="must be an LSTM or LSTMCell, got RNNCell"):
        set_forget_bias_(RNNCell(2, 3), 1.0)


@pytest.mark.parametrize(
    "module", [LSTMCell(2, 400), LSTM(2, 400), nn.LSTM(2, 400), nn.LSTMCell(2, 400)]
)
def test_chrono_init_spreads_forget_time_scales_and_mirrors_the_input_gate(module):
    b_ih = "bias_ih" if hasattr(module, "bias_ih") else "bias_ih_l0"
    b_hh = b_ih.replace("ih", "hh")
    H = 400
    before = getattr(module, b_ih).detach().clone()
    chrono_init_(module, t_max=50, generator=torch.Generator().manual_seed(3))
    total = (getattr(module, b_ih) + getattr(module, b_hh)).detach()
    log_u = total[H : 2 * H]
    # forget biases log(u) with u ~ U(1, 49): inside [0, log 49] and spread over it
    assert log_u.min() >= 0 and log_u.max() <= math.log(49) + 1e-6
    u = log_u.exp()
    assert u.min() < 3 and u.max() > 45 and abs(u.mean().item() - 25) < 2.5
    torch.testing.assert_close(total[:H], -log_u)  # input gate: -log(u)
    assert torch.equal(getattr(module, b_ih)[2 * H :], before[2 * H :])  # g and o untouched
    again = chrono_init_(type(module)(2, 400), 50, torch.Generator().manual_seed(3))
    a_ih = "bias_ih" if hasattr(again, "bias_ih") else "bias_ih_l0"
    assert torch.equal(getattr(again, a_ih)[: 2 * H], getattr(module, b_ih)[: 2 * H])


def test_train_adding_starts_the_lstm_as_asked():
    def forget_bias(init):
        out = train_adding("lstm", T=10, steps=1, batch_size=4, hidden_size=64, lstm_init=init)
        lstm = out.model.rnn  # one Adam step (lr 0.02) moves each bias by about 0.02
        return (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach()[64:128]

    chrono = forget_bias("chrono")  # log(u), u ~ U(1, 9)
    assert chrono.min() > -0.05 and chrono.max() < math.log(9) + 0.05 and chrono.std() > 0.4
    assert (forget_bias(2.0) - 2.0).abs().max() < 0.05
    assert forget_bias("torch").abs().max() < 2 / math.sqrt(64) + 0.05  # U(-1/8, 1/8) twice


def test_chrono_init_rejects_bad_input():
    with pytest.raises(TypeError, match="must be an LSTM or LSTMCell, got RNN"):
        chrono_init_(RNN(2, 3), 10)
    with pytest.raises(ValueError, match=r"t_max .*must be an int >= 3, got 2"):
        chrono_init_(LSTM(2, 3), 2)
    with pytest.raises(ValueError, match=r"lstm_init must be 'chrono', 'torch' or a number"):
        train_adding("lstm", lstm_init="xavier")


# --------------------------------------------------------------------------------------------
# The vanishing gradient
# --------------------------------------------------------------------------------------------


def test_gradient_norms_vanish_for_a_tanh_rnn():
    norms = gradient_norms_through_time("rnn", 40, hidden_size=16)
    assert norms.shape == (40,) and norms.dtype == F64
    assert norms[-1].item() == pytest.approx(1.0)
    # torch's init gives small recurrent weights: every step back shrinks the gradient.
    assert (norms[:-1] < norms[1:]).all()
    assert norms[0] < 1e-6


def test_forget_bias_keeps_lstm_gradients_alive():
    T = 60
    rnn = gradient_norms_through_time("rnn", T)
    lstm0 = gradient_norms_through_time("lstm", T, forget_bias=0.0)
    lstm1 = gradient_norms_through_time("lstm", T, forget_bias=1.0)
    lstm3 = gradient_norms_through_time("lstm", T, forget_bias=3.0)
    assert rnn[0] < lstm0[0] < lstm1[0] < lstm3[0]
    assert lstm3[0] > 1e-3  # still a usable signal 60 steps back


def test_gradient_norms_are_deterministic():
    a = gradient_norms_through_time("lstm", 10, seed=3)
    b = gradient_norms_through_time("lstm", 10, seed=3)
    assert torch.equal(a, b)


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------

ERROR_CASES = [
    # (callable, error, message pattern)
    (
        lambda: RNNCell(3, 5)(torch.randn(2, 4)),
        ValueError,
        r"D = input_size = 3.*got shape \(2, 4\)",
    ),
    (
        lambda: LSTM(3, 5)(torch.randn(2, 7, 4)),
        ValueError,
        r"input_size = 3.*got shape \(2, 7, 4\)",
    ),
    (
        lambda: RNNCell(3, 5)(torch.randn(2, 3), torch.randn(2, 4)),
        ValueError,
        r"h must have shape \(2, 5\), got \(2, 4\)",
    ),
    (
        lambda: RNNCell(3, 5)(torch.randn(3), torch.randn(1, 5)),
        ValueError,
        r"h must have shape \(5,\), got \(1, 5\)",
    ),
    (
        lambda: LSTMCell(3, 5)(torch.randn(2, 3), torch.randn(2, 5)),
        TypeError,
        r"tuple \(h, c\).*got a single Tensor",
    ),
    (
        lambda: LSTM(3, 5)(torch.randn(2, 4, 3), torch.zeros(1, 2, 5)),
        TypeError,
        r"tuple \(h, c\).*got a single Tensor",
    ),
    (
        lambda: LSTMCell(3, 5)(torch.randn(2, 3), (torch.zeros(2, 5), torch.zeros(5))),
        ValueError,
        r"c must have shape \(2, 5\), got \(5,\)",
    ),
    (
        lambda: RNN(3, 5)(torch.randn(2, 4, 3), torch.zeros(2, 5)),
        ValueError,
        r"h_0 must have shape \(1, 2, 5\), got \(2, 5\)",
    ),
    (
        lambda: LSTM(3, 5)(torch.randn(2, 4, 3), (torch.zeros(1, 2, 5), torch.zeros(2, 2, 5))),
        ValueError,
        r"c_0 must have shape \(1, 2, 5\), got \(2, 2, 5\)",
    ),
    (
        lambda: RNNCell(3, 5)(torch.ones(2, 3, dtype=torch.long)),
        TypeError,
        r"input must be a floating-point tensor.*got dtype torch.int64",
    ),
    (
        lambda: RNN(3, 5)(torch.randn(2, 4, 3, dtype=F64)),
        TypeError,
        r"input must match the torch.float32 parameters, got dtype torch.float64",
    ),
    (
        lambda: LSTMCell(3, 5)(torch.randn(3), (torch.zeros(5, dtype=F64), torch.zeros(5))),
        TypeError,
        r"h must match the torch.float32 parameters, got dtype torch.float64",
    ),
    (lambda: RNNCell(3, 5)([1.0, 2.0, 3.0]), TypeError, r"input must be a torch.Tensor, got list"),
    (
        lambda: RNNCell(3, 5)(torch.randn(2, 4, 3)),
        ValueError,
        r"shape \(N, D\) or \(D,\) \(rank 2 or 1\), got shape \(2, 4, 3\) \(rank 3\)",
    ),
    (
        lambda: LSTM(3, 5)(torch.randn(3)),
        ValueError,
        r"shape \(N, T, D\) or \(T, D\) \(rank 3 or 2\), got shape \(3,\) \(rank 1\)",
    ),
    (lambda: RNN(3, 5)(torch.randn(2, 0, 3)), ValueError, r"at least one time step"),
    (lambda: RNN(3, 5, batch_first=False), ValueError, r"only batch_first=True.*got False"),
    (
        lambda: RNNCell(3, 5, nonlinearity="sigmoid"),
        ValueError,
        r"one of 'tanh', 'relu', got 'sig",
    ),
    (lambda: RNN(3, 5, nonlinearity="gelu"), ValueError, r"one of 'tanh', 'relu', got 'gelu'"),
    (lambda: LSTMCell(3, 0), ValueError, r"hidden_size must be a positive int, got 0"),
    (lambda: LSTM(3.0, 5), TypeError, r"input_size must be an int, got float"),
    (
        lambda: gradient_norms_through_time("gru", 5),
        ValueError,
        r"kind must be one of 'rnn', 'lstm', got 'gru'",
    ),
    (
        lambda: gradient_norms_through_time("rnn", 5, forget_bias=1.0),
        ValueError,
        r"forget_bias applies to kind='lstm' only",
    ),
    (
        lambda: RecurrentNet("elman", 2, 4, 1),
        ValueError,
        r"kind must be one of 'rnn', 'lstm', 'gru', got 'elman'",
    ),
    (
        lambda: RecurrentNet("gru", 2, 4, 1, forget_bias=1.0),
        ValueError,
        r"forget_bias applies to kind='lstm' only, got kind='gru'",
    ),
    (
        lambda: train_adding("elman"),
        ValueError,
        r"kind must be one of 'rnn', 'lstm', 'gru', got 'elman'",
    ),
    (
        lambda: GRUCell(3, 5)(torch.randn(2, 3), torch.randn(2, 4)),
        ValueError,
        r"h must have shape \(2, 5\), got \(2, 4\)",
    ),
    (
        lambda: GRU(3, 5)(torch.randn(2, 4, 3), torch.zeros(2, 5)),
        ValueError,
        r"h_0 must have shape \(1, 2, 5\), got \(2, 5\)",
    ),
    (
        lambda: GRU(3, 5)(torch.randn(2, 4, 2)),
        ValueError,
        r"input_size = 3.*got shape \(2, 4, 2\)",
    ),
    (lambda: GRU(3, 5, batch_first=False), ValueError, r"only batch_first=True.*got False"),
    (
        lambda: perplexity(torch.zeros(2, 5, 4), torch.zeros(2, 4, dtype=torch.long)),
        ValueError,
        r"logits \(2, 5, 4\) needs target \(2, 5\), got \(2, 4\)",
    ),
    (
        lambda: perplexity(torch.zeros(2, 4), torch.zeros(2)),
        TypeError,
        r"target must hold int64 token indices, got dtype torch.float32",
    ),
    (
        lambda: perplexity(torch.zeros(2, 4, dtype=torch.long), torch.zeros(2, dtype=torch.long)),
        TypeError,
        r"logits must be a floating-point tensor",
    ),
    (lambda: detach_state([1.0]), TypeError, r"state must be a Tensor or a tuple of Tensors"),
    (
        lambda: sample_text(RecurrentNet("lstm", 2, 4, 2), "ab", "", 5),
        ValueError,
        r"prompt must have at least one character",
    ),
    (
        lambda: sample_text(RecurrentNet("lstm", 2, 4, 2), "ab", "a", 5, temperature=0),
        ValueError,
        r"temperature must be positive, got 0",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), ERROR_CASES)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------------------------
# Model, generation and training helpers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rnn", "gru"])
def test_recurrent_net_reads_out_every_step(kind):
    net = RecurrentNet(kind, 2, 6, 3)
    y, h = net(torch.randn(4, 9, 2))
    assert y.shape == (4, 9, 3) and h.shape == (1, 4, 6)
    assert isinstance(net.rnn, GRU if kind == "gru" else RNN)


def test_forecast_continues_from_the_last_state():
    torch.manual_seed(0)
    net = RecurrentNet("lstm", 1, 8, 1)
    context = torch.randn(2, 5, 1)
    future = forecast(net, context, 3)
    assert future.shape == (2, 3, 1)
    # The first forecast value is the model's prediction after reading the context.
    torch.testing.assert_close(future[:, 0], net(context)[0][:, -1])


@pytest.mark.parametrize("shape", [(2, 7, 5), (1, 1, 3), (4, 11)])
def test_perplexity_is_the_exp_of_the_cross_entropy(shape):
    logits = _leaf(*shape, seed=0)
    g = torch.Generator().manual_seed(1)
    target = torch.randint(0, shape[-1], shape[:-1], generator=g)
    pp = perplexity(logits, target)
    V = shape[-1]
    ref_logits = logits.detach().clone().requires_grad_()
    ref = torch.exp(F.cross_entropy(ref_logits.reshape(-1, V), target.reshape(-1)))
    torch.testing.assert_close(pp, ref)
    pp.backward()
    ref.backward()
    torch.testing.assert_close(logits.grad, ref_logits.grad)
    # a uniform guess over V tokens: perplexity V
    torch.testing.assert_close(perplexity(torch.zeros(shape, dtype=F64), target).item(), V * 1.0)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_detach_state_stops_the_gradient_at_the_chunk_boundary(kind):
    torch.manual_seed(0)
    net = RecurrentNet(kind, 2, 6, 1).double()
    x = _leaf(3, 10, 2, seed=1)
    first, second = x[:, :4], x[:, 4:]  # two chunks of one sequence
    _, state = net(first)
    y, _ = net(second, detach_state(state))
    y.sum().backward()
    assert x.grad[:, :4].abs().max() == 0  # nothing reached the first chunk
    assert x.grad[:, 4:].abs().min() > 0
    # Same values as reading the sequence in one go: the state, not its gradient, is carried.
    torch.testing.assert_close(y, net(x)[0][:, 4:])
    x.grad = None
    y, _ = net(second, state)  # without detaching, the gradient crosses the boundary
    y.sum().backward()
    assert x.grad[:, :4].abs().max() > 0


def test_train_chars_with_tbptt_carries_the_state(monkeypatch):
    import dlguide.train.rnn as recipes

    monkeypatch.delenv("DLGUIDE_CACHE_DIR", raising=False)  # train, so detach_state is called
    seen = []
    real = recipes.detach_state
    monkeypatch.setattr(recipes, "detach_state", lambda s: seen.append(s) or real(s))
    out = train_chars(
        steps=3, hidden_size=8, batch_size=4, checkpoints=(3,), sample_length=5, tbptt=True
    )
    assert len(seen) == 3 and out.losses.shape == (3,)
    assert 1 < out.perplexity < 2 * len(out.vocab)
    assert not train_chars(steps=1, hidden_size=8, checkpoints=(), tbptt=False).samples


def test_sample_text_is_deterministic_per_seed():
    torch.manual_seed(0)
    net = RecurrentNet("lstm", 4, 8, 4)
    a = sample_text(net, "abcd", "ab", 30, seed=1)
    assert a == sample_text(net, "abcd", "ab", 30, seed=1)
    assert a != sample_text(net, "abcd", "ab", 30, seed=2)
    assert len(a) == 32 and a.startswith("ab")


def test_training_results_are_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGUIDE_CACHE_DIR", str(tmp_path))
    first = train_adding("rnn", T=5, steps=2, batch_size=4, hidden_size=4, eval_every=1)
    second = train_adding("rnn", T=5, steps=2, batch_size=4, hidden_size=4, eval_every=1)
    assert len(list(tmp_path.glob("train_adding-*.pt"))) == 1
    assert second.seconds == first.seconds  # loaded, not retrained
    torch.testing.assert_close(second.test_mse, first.test_mse)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_gated_cells_learn_the_adding_problem_on_short_sequences(kind):
    out = train_adding(kind, T=10, steps=300, eval_every=100)
    assert out.final_mse < 0.1 * ADDING_BASELINE_MSE
    assert out.test_mse[0] > 0.5 * ADDING_BASELINE_MSE


@pytest.mark.slow
def test_sine_forecaster_and_char_model_learn():
    sine = train_sine(T=30, steps=150)
    assert sine.losses[-20:].mean() < 0.1 * sine.losses[:5].mean()
    chars = train_chars(steps=150, hidden_size=64, checkpoints=(0, 150), sample_length=40)
    assert chars.losses[-20:].mean() < 0.6 * chars.losses[:5].mean()
    assert chars.samples[0] != chars.samples[150]
