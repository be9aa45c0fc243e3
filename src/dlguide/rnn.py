"""Recurrent neural networks from scratch: the RNN, LSTM and GRU cells, unrolled over time.

A recurrent network reads a sequence one step at a time and carries a hidden state from step
to step, so what it saw earlier can shape what it does now. This module writes the three
classic cells from their equations, with exactly the parameter names, shapes and
initialisation of their ``torch.nn`` twins so weights copy across one-to-one:

- :class:`RNNCell`: the Elman (1990) recurrent cell, ``h' = tanh(W_ih x + W_hh h + b)``;
- :class:`LSTMCell`: long short-term memory (Hochreiter & Schmidhuber 1997) with the forget
  gate of Gers, Schmidhuber & Cummins (2000); gates stacked ``i, f, g, o`` as in torch;
- :class:`GRUCell`: the gated recurrent unit (Cho et al. 2014) with torch's equations, gates
  stacked ``r, z, n``; two gates and no cell state;
- :class:`RNN`, :class:`LSTM` and :class:`GRU`: the same cells unrolled over a whole sequence,
  matching ``torch.nn.RNN`` / ``torch.nn.LSTM`` / ``torch.nn.GRU`` with
  ``num_layers=1, batch_first=True``.

It also initialises an LSTM's gate biases
(:func:`set_forget_bias_`, a forget bias of 1 as in Jozefowicz, Zaremba & Sutskever 2015;
:func:`chrono_init_`, Tallec & Ollivier 2018), and wraps a layer with a read-out
(:class:`RecurrentNet`) that continues a series (:func:`forecast`) or writes text
(:func:`sample_text`), scores a character model (:func:`perplexity`), and cuts the gradient
between chunks of a long sequence (:func:`detach_state`, truncated backpropagation through
time, Williams & Peng 1990). The toy tasks are in :mod:`dlguide.data.sequences`; the recipes that
train on them in :mod:`dlguide.train.rnn`; the vanishing gradient (Bengio, Simard & Frasconi
1994; Pascanu, Mikolov & Bengio 2013) is measured by
:func:`dlguide.metrics.gradient_norms_through_time`.

Shape letters: N batch, T time steps, D input features, H hidden units, O outputs,
V vocabulary size.

The guide page on recurrent networks (RNN, LSTM and the vanishing gradient) teaches this.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlguide import checks
from dlguide.data.sequences import decode, encode

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "GRUCell",
    "LSTMCell",
    "RNNCell",
    "RecurrentNet",
    "chrono_init_",
    "detach_state",
    "forecast",
    "gru_cell",
    "lstm_cell",
    "perplexity",
    "rnn_cell",
    "sample_text",
    "set_forget_bias_",
]

_ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu}


# --------------------------------------------------------------------------------------------
# Input checks: a learner should read "expected (N, 3), got (N, 4)", not a matmul traceback.
# --------------------------------------------------------------------------------------------


def _check_input(x: object, input_size: int, dtype: torch.dtype, seq: bool) -> bool:
    """Check an input tensor; return True when it is batched."""
    x = checks.floating(x, "input", dtype)
    names = ("(N, T, D)", "(T, D)") if seq else ("(N, D)", "(D,)")
    ranks = (3, 2) if seq else (2, 1)
    if x.dim() not in ranks:
        raise ValueError(
            f"input must have shape {names[0]} or {names[1]} (rank {ranks[0]} or {ranks[1]}), "
            f"got shape {tuple(x.shape)} (rank {x.dim()})"
        )
    if x.shape[-1] != input_size:
        raise ValueError(
            f"input must have D = input_size = {input_size} features in its last dimension, "
            f"got shape {tuple(x.shape)}"
        )
    if seq and x.shape[-2] == 0:
        raise ValueError(f"input must have at least one time step, got shape {tuple(x.shape)}")
    return x.dim() == ranks[0]


def _check_state(name: str, h: object, shape: tuple[int, ...], dtype: torch.dtype) -> Tensor:
    h = checks.floating(h, name, dtype)
    if tuple(h.shape) != shape:
        raise ValueError(f"{name} must have shape {shape}, got {tuple(h.shape)}")
    return h


def _unpack_lstm_state(state: object) -> tuple[object, object]:
    if isinstance(state, Tensor) or not (isinstance(state, tuple | list) and len(state) == 2):
        got = "a single Tensor" if isinstance(state, Tensor) else repr(type(state).__name__)
        raise TypeError(
            f"an LSTM state must be a tuple (h, c) of hidden state and cell state, got {got}; "
            "pass both, or None for zeros"
        )
    return state[0], state[1]


# --------------------------------------------------------------------------------------------
# One step of each cell, written from its equations.
# --------------------------------------------------------------------------------------------


def rnn_cell(
    x: Tensor,
    h: Tensor,
    weight_ih: Tensor,
    weight_hh: Tensor,
    bias_ih: Tensor,
    bias_hh: Tensor,
    nonlinearity: str = "tanh",
) -> Tensor:
    """One step of a vanilla (Elman) RNN: the new hidden state from the input and the old one.

    ``h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)`` with ``act`` tanh or ReLU. No input checks:
    :class:`RNNCell` and :class:`RNN` check before calling.

    Parameters
    ----------
    x : Tensor of shape (N, D)
        Input at this step.
    h : Tensor of shape (N, H)
        Hidden state from the previous step.
    weight_ih : Tensor of shape (H, D)
    weight_hh : Tensor of shape (H, H)
    bias_ih, bias_hh : Tensor of shape (H,)
    nonlinearity : {"tanh", "relu"}, default "tanh"

    Returns
    -------
    Tensor of shape (N, H)
        The new hidden state.

    Examples
    --------
    >>> x, h = torch.ones(2, 3), torch.zeros(2, 4)
    >>> w_ih, w_hh, b = torch.full((4, 3), 0.1), torch.zeros(4, 4), torch.zeros(4)
    >>> h = rnn_cell(x, h, w_ih, w_hh, b, b)
    >>> tuple(h.shape), round(h[0, 0].item(), 3)  # tanh(0.3)
    ((2, 4), 0.291)
    """
    act = _ACTIVATIONS[nonlinearity]
    # h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)
    return act(x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)  # (N, H)


def lstm_cell(
    x: Tensor,
    h: Tensor,
    c: Tensor,
    weight_ih: Tensor,
    weight_hh: Tensor,
    bias_ih: Tensor,
    bias_hh: Tensor,
) -> tuple[Tensor, Tensor]:
    """One step of an LSTM: new hidden and cell state from the input and the old states.

    The four gates are computed by one matrix product and split in torch's order
    ``i, f, g, o`` (input gate, forget gate, candidate, output gate). No input checks:
    :class:`LSTMCell` and :class:`LSTM` check before calling.

    Parameters
    ----------
    x : Tensor of shape (N, D)
    h, c : Tensor of shape (N, H)
        Hidden state and cell state from the previous step.
    weight_ih : Tensor of shape (4*H, D)
    weight_hh : Tensor of shape (4*H, H)
    bias_ih, bias_hh : Tensor of shape (4*H,)

    Returns
    -------
    h, c : Tensor of shape (N, H)
        The new hidden state and cell state.

    Examples
    --------
    >>> x, h, c = torch.ones(1, 2), torch.zeros(1, 3), torch.ones(1, 3)
    >>> w_ih, w_hh, b = torch.zeros(12, 2), torch.zeros(12, 3), torch.zeros(12)
    >>> h, c = lstm_cell(x, h, c, w_ih, w_hh, b, b)  # all gates 0.5, candidate 0
    >>> c.tolist(), round(h[0, 0].item(), 3)  # 0.5 * tanh(0.5)
    ([[0.5, 0.5, 0.5]], 0.231)
    """
    # a = x W_ih^T + b_ih + h W_hh^T + b_hh: the pre-activations of all four gates
    gates = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh  # (N, 4H)
    return _lstm_update(gates, c)


def _lstm_update(gates: Tensor, c: Tensor) -> tuple[Tensor, Tensor]:
    """The LSTM equations after the matrix products: gates (N, 4H), c (N, H) -> (h, c)."""
    a_i, a_f, a_g, a_o = gates.chunk(4, dim=-1)  # 4 x (N, H)
    # i = sigma(W_ii x + b_ii + W_hi h + b_hi)   how much of the candidate to write
    i = torch.sigmoid(a_i)
    # f = sigma(W_if x + b_if + W_hf h + b_hf)   how much of the old cell state to keep
    f = torch.sigmoid(a_f)
    # g = tanh(W_ig x + b_ig + W_hg h + b_hg)    the candidate values
    g = torch.tanh(a_g)
    # o = sigma(W_io x + b_io + W_ho h + b_ho)   how much of the cell state to show
    o = torch.sigmoid(a_o)
    # c' = f * c + i * g   (additive: the gradient along c is scaled by f, not squashed)
    c = f * c + i * g  # (N, H)
    # h' = o * tanh(c')
    h = o * torch.tanh(c)  # (N, H)
    return h, c


def gru_cell(
    x: Tensor,
    h: Tensor,
    weight_ih: Tensor,
    weight_hh: Tensor,
    bias_ih: Tensor,
    bias_hh: Tensor,
) -> Tensor:
    """One step of a GRU: the new hidden state from the input and the old one.

    The gates are stacked in torch's order ``r, z, n`` (reset gate, update gate, candidate).
    As in torch (and cuDNN), the reset gate multiplies the candidate's hidden-state product
    *after* the product and its bias, ``r * (W_hn h + b_hn)``; Cho et al. (2014) wrote it
    before the product, ``W_hn (r * h)``, a different function. No input checks:
    :class:`GRUCell` and :class:`GRU` check before calling.

    Parameters
    ----------
    x : Tensor of shape (N, D)
    h : Tensor of shape (N, H)
        Hidden state from the previous step.
    weight_ih : Tensor of shape (3*H, D)
    weight_hh : Tensor of shape (3*H, H)
    bias_ih, bias_hh : Tensor of shape (3*H,)

    Returns
    -------
    Tensor of shape (N, H)
        The new hidden state.

    Examples
    --------
    >>> x, h = torch.ones(1, 2), torch.ones(1, 3)
    >>> w_ih, w_hh, b = torch.zeros(9, 2), torch.zeros(9, 3), torch.zeros(9)
    >>> h = gru_cell(x, h, w_ih, w_hh, b, b)  # z = 0.5, candidate n = tanh(0) = 0
    >>> h.tolist()  # (1 - z) * n + z * h
    [[0.5, 0.5, 0.5]]
    """
    gi = x @ weight_ih.T + bias_ih  # (N, 3H): the input's share of r, z, n
    gh = h @ weight_hh.T + bias_hh  # (N, 3H): the hidden state's share
    return _gru_update(gi, gh, h)


def _gru_update(gi: Tensor, gh: Tensor, h: Tensor) -> Tensor:
    """The GRU equations after the two matrix products: gi, gh (N, 3H), h (N, H) -> h'."""
    i_r, i_z, i_n = gi.chunk(3, dim=-1)  # 3 x (N, H)
    h_r, h_z, h_n = gh.chunk(3, dim=-1)
    # r = sigma(W_ir x + b_ir + W_hr h + b_hr)        how much of h the candidate may read
    r = torch.sigmoid(i_r + h_r)
    # z = sigma(W_iz x + b_iz + W_hz h + b_hz)        how much of h to keep
    z = torch.sigmoid(i_z + h_z)
    # n = tanh(W_in x + b_in + r * (W_hn h + b_hn))   the candidate state
    n = torch.tanh(i_n + r * h_n)
    # h' = (1 - z) * n + z * h   (additive, like the LSTM's cell: the gradient along h is z)
    return (1 - z) * n + z * h  # (N, H)


def _reset_uniform(module: nn.Module, hidden_size: int) -> None:
    # torch's init for every recurrent parameter: U(-1/sqrt(H), 1/sqrt(H)).
    bound = 1.0 / math.sqrt(hidden_size)
    for p in module.parameters():
        nn.init.uniform_(p, -bound, bound)


# --------------------------------------------------------------------------------------------
# Cells: one step, as modules (torch.nn.RNNCell, torch.nn.LSTMCell).
# --------------------------------------------------------------------------------------------


class RNNCell(nn.Module):
    """A vanilla RNN cell: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    Parameters
    ----------
    input_size : int
        Number of input features D.
    hidden_size : int
        Number of hidden units H.
    nonlinearity : {"tanh", "relu"}, default "tanh"
        The activation function.

    Attributes
    ----------
    weight_ih : Parameter of shape (H, D)
    weight_hh : Parameter of shape (H, H)
    bias_ih, bias_hh : Parameter of shape (H,)
        Named and initialised as in ``torch.nn.RNNCell``: U(-1/sqrt(H), 1/sqrt(H)).

    Shape
    -----
    - Input ``x``: (N, D) or (D,) unbatched.
    - Input ``h``: (N, H) or (H,); zeros when omitted.
    - Output: (N, H) or (H,), the new hidden state.

    See Also
    --------
    torch.nn.RNNCell : the same cell; ``load_state_dict`` copies weights both ways.
    RNN : the cell unrolled over a sequence.

    Examples
    --------
    >>> cell = RNNCell(3, 5)
    >>> h = cell(torch.randn(2, 3))
    >>> tuple(h.shape), tuple(cell(torch.randn(2, 3), h).shape)
    ((2, 5), (2, 5))
    >>> cell.load_state_dict(torch.nn.RNNCell(3, 5).state_dict())
    <All keys matched successfully>
    """

    def __init__(self, input_size: int, hidden_size: int, nonlinearity: str = "tanh") -> None:
        super().__init__()
        checks.choice(nonlinearity, "nonlinearity", _ACTIVATIONS)
        self.input_size = checks.integer(input_size, "input_size", minimum=1)
        self.hidden_size = checks.integer(hidden_size, "hidden_size", minimum=1)
        self.nonlinearity = nonlinearity
        H, D = hidden_size, input_size
        self.weight_ih = nn.Parameter(torch.empty(H, D))
        self.weight_hh = nn.Parameter(torch.empty(H, H))
        self.bias_ih = nn.Parameter(torch.empty(H))
        self.bias_hh = nn.Parameter(torch.empty(H))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter from U(-1/sqrt(H), 1/sqrt(H)), as torch does."""
        _reset_uniform(self, self.hidden_size)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}, nonlinearity={self.nonlinearity!r}"

    def forward(self, x: Tensor, h: Tensor | None = None) -> Tensor:
        """Take one step: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

        Parameters
        ----------
        x : Tensor
            The input at this step.
        h : Tensor, optional
            The hidden state before the step; zeros when omitted.

        Returns
        -------
        Tensor
            The new hidden state (``relu`` instead of ``tanh`` when ``nonlinearity="relu"``).

        Shape
        -----
        - Input ``x``: (N, D) or (D,) unbatched.
        - Input ``h``: (N, H) or (H,).
        - Output: (N, H) or (H,)."""
        dtype = self.weight_ih.dtype
        batched = _check_input(x, self.input_size, dtype, seq=False)
        x = x if batched else x.unsqueeze(0)  # (N, D)
        shape = (x.shape[0], self.hidden_size) if batched else (self.hidden_size,)
        if h is None:
            h = x.new_zeros(x.shape[0], self.hidden_size)  # (N, H)
        else:
            h = _check_state("h", h, shape, dtype).reshape(x.shape[0], self.hidden_size)
        w = (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        h = rnn_cell(x, h, *w, nonlinearity=self.nonlinearity)  # (N, H)
        return h if batched else h.squeeze(0)


class LSTMCell(nn.Module):
    """An LSTM cell with input, forget and output gates.

    Parameters
    ----------
    input_size : int
        Number of input features D.
    hidden_size : int
        Number of hidden units H.

    Attributes
    ----------
    weight_ih : Parameter of shape (4*H, D)
    weight_hh : Parameter of shape (4*H, H)
    bias_ih, bias_hh : Parameter of shape (4*H,)
        The four gates stacked in the order i, f, g, o, named and initialised as in
        ``torch.nn.LSTMCell``. See :func:`set_forget_bias_` to start the forget gate open.

    Shape
    -----
    - Input ``x``: (N, D) or (D,) unbatched.
    - Input ``state``: a tuple ``(h, c)`` of two (N, H) or (H,) tensors; zeros when omitted.
    - Output: the tuple ``(h, c)`` of the next step, same shapes.

    See Also
    --------
    torch.nn.LSTMCell : the same cell; ``load_state_dict`` copies weights both ways.
    LSTM : the cell unrolled over a sequence.
    lstm_cell : the equations, as a function.

    Examples
    --------
    >>> cell = LSTMCell(3, 5)
    >>> tuple(cell.weight_ih.shape)  # i, f, g, o stacked
    (20, 3)
    >>> h, c = cell(torch.randn(2, 3))
    >>> h, c = cell(torch.randn(2, 3), (h, c))
    >>> tuple(h.shape), tuple(c.shape)
    ((2, 5), (2, 5))
    """

    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.input_size = checks.integer(input_size, "input_size", minimum=1)
        self.hidden_size = checks.integer(hidden_size, "hidden_size", minimum=1)
        H, D = hidden_size, input_size
        self.weight_ih = nn.Parameter(torch.empty(4 * H, D))
        self.weight_hh = nn.Parameter(torch.empty(4 * H, H))
        self.bias_ih = nn.Parameter(torch.empty(4 * H))
        self.bias_hh = nn.Parameter(torch.empty(4 * H))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter from U(-1/sqrt(H), 1/sqrt(H)), as torch does."""
        _reset_uniform(self, self.hidden_size)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}"

    def forward(
        self, x: Tensor, state: tuple[Tensor, Tensor] | None = None
    ) -> tuple[Tensor, Tensor]:
        """Take one step: the gates read ``x`` and ``h``, then update the cell ``c`` and ``h``.

        Parameters
        ----------
        x : Tensor
            The input at this step.
        state : tuple of Tensor, optional
            ``(h, c)`` before the step; zeros when omitted.

        Returns
        -------
        tuple of Tensor
            ``(h, c)`` after the step (:func:`lstm_cell` writes out the equations).

        Shape
        -----
        - Input ``x``: (N, D) or (D,) unbatched.
        - Input ``state``: two (N, H) or (H,) tensors.
        - Output: two tensors of the same shapes."""
        dtype = self.weight_ih.dtype
        batched = _check_input(x, self.input_size, dtype, seq=False)
        x = x if batched else x.unsqueeze(0)  # (N, D)
        N, H = x.shape[0], self.hidden_size
        if state is None:
            h = c = x.new_zeros(N, H)  # (N, H)
        else:
            h, c = _unpack_lstm_state(state)
            shape = (N, H) if batched else (H,)
            h = _check_state("h", h, shape, dtype).reshape(N, H)
            c = _check_state("c", c, shape, dtype).reshape(N, H)
        h, c = lstm_cell(x, h, c, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(nn.Module):
    """A gated recurrent unit: a reset gate, an update gate and no separate cell state.

    ``h' = (1 - z) * n + z * h`` with ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``;
    :func:`gru_cell` writes out all the equations.

    Parameters
    ----------
    input_size : int
        Number of input features D.
    hidden_size : int
        Number of hidden units H.

    Attributes
    ----------
    weight_ih : Parameter of shape (3*H, D)
    weight_hh : Parameter of shape (3*H, H)
    bias_ih, bias_hh : Parameter of shape (3*H,)
        The gates stacked in the order r, z, n, named and initialised as in
        ``torch.nn.GRUCell``: U(-1/sqrt(H), 1/sqrt(H)).

    Shape
    -----
    - Input ``x``: (N, D) or (D,) unbatched.
    - Input ``h``: (N, H) or (H,); zeros when omitted.
    - Output: (N, H) or (H,), the new hidden state.

    See Also
    --------
    torch.nn.GRUCell : the same cell; ``load_state_dict`` copies weights both ways.
    GRU : the cell unrolled over a sequence.
    gru_cell : the equations, as a function.

    Examples
    --------
    >>> cell = GRUCell(3, 5)
    >>> tuple(cell.weight_ih.shape)  # r, z, n stacked
    (15, 3)
    >>> h = cell(torch.randn(2, 3))
    >>> tuple(cell(torch.randn(2, 3), h).shape)
    (2, 5)
    >>> cell.load_state_dict(torch.nn.GRUCell(3, 5).state_dict())
    <All keys matched successfully>
    """

    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.input_size = checks.integer(input_size, "input_size", minimum=1)
        self.hidden_size = checks.integer(hidden_size, "hidden_size", minimum=1)
        H, D = hidden_size, input_size
        self.weight_ih = nn.Parameter(torch.empty(3 * H, D))
        self.weight_hh = nn.Parameter(torch.empty(3 * H, H))
        self.bias_ih = nn.Parameter(torch.empty(3 * H))
        self.bias_hh = nn.Parameter(torch.empty(3 * H))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter from U(-1/sqrt(H), 1/sqrt(H)), as torch does."""
        _reset_uniform(self, self.hidden_size)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}"

    def forward(self, x: Tensor, h: Tensor | None = None) -> Tensor:
        """Take one step: the gates read ``x`` and ``h``, then ``h`` moves toward the candidate.

        Parameters
        ----------
        x : Tensor
            The input at this step.
        h : Tensor, optional
            The hidden state before the step; zeros when omitted.

        Returns
        -------
        Tensor
            The new hidden state (:func:`gru_cell` writes out the equations).

        Shape
        -----
        - Input ``x``: (N, D) or (D,) unbatched.
        - Input ``h``: (N, H) or (H,).
        - Output: (N, H) or (H,)."""
        dtype = self.weight_ih.dtype
        batched = _check_input(x, self.input_size, dtype, seq=False)
        x = x if batched else x.unsqueeze(0)  # (N, D)
        shape = (x.shape[0], self.hidden_size) if batched else (self.hidden_size,)
        if h is None:
            h = x.new_zeros(x.shape[0], self.hidden_size)  # (N, H)
        else:
            h = _check_state("h", h, shape, dtype).reshape(x.shape[0], self.hidden_size)
        h = gru_cell(x, h, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return h if batched else h.squeeze(0)


# --------------------------------------------------------------------------------------------
# Sequence layers: the cells unrolled over time (torch.nn.RNN, torch.nn.LSTM).
# --------------------------------------------------------------------------------------------


class _Recurrent(nn.Module):
    """Shared parts of :class:`RNN`, :class:`LSTM` and :class:`GRU`: parameters, checks, state."""

    _gates = 1

    def __init__(self, input_size: int, hidden_size: int, batch_first: bool) -> None:
        super().__init__()
        if batch_first is not True:
            raise ValueError(
                f"only batch_first=True is implemented (input (N, T, D)), got {batch_first!r}"
            )
        self.input_size = checks.integer(input_size, "input_size", minimum=1)
        self.hidden_size = checks.integer(hidden_size, "hidden_size", minimum=1)
        self.batch_first = True
        G, H, D = self._gates, hidden_size, input_size
        # The names of torch.nn.RNN / LSTM / GRU for layer 0, so state dicts copy across.
        self.weight_ih_l0 = nn.Parameter(torch.empty(G * H, D))
        self.weight_hh_l0 = nn.Parameter(torch.empty(G * H, H))
        self.bias_ih_l0 = nn.Parameter(torch.empty(G * H))
        self.bias_hh_l0 = nn.Parameter(torch.empty(G * H))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter from U(-1/sqrt(H), 1/sqrt(H)), as torch does."""
        _reset_uniform(self, self.hidden_size)

    def _step_weights(self) -> tuple[Tensor, Tensor]:
        """``([W_ih | W_hh]^T, b_ih + b_hh)``: what every step multiplies by, prepared once.

        Placing the two weight matrices side by side turns each step's
        ``x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh`` into one fused multiply-add,
        ``[x_t, h_{t-1}] [W_ih | W_hh]^T + (b_ih + b_hh)`` (:func:`torch.addmm`), the form many
        textbooks write. Projecting all T inputs with one large product before the loop looks
        cheaper but is not at this guide's sizes: it materialises (N, T, G*H) tensors forward
        and backward (13 MB at N=256, T=100, 4H=128), and writing and reading those made an
        LSTM training step on the adding problem slower than these small per-step products
        (measured on 2 CPU cores).
        """
        weight = torch.cat([self.weight_ih_l0, self.weight_hh_l0], dim=1)  # (G*H, D+H)
        return weight.T, self.bias_ih_l0 + self.bias_hh_l0

    def _start(self, x: Tensor, state: object, names: tuple[str, ...]) -> tuple:
        """Check ``x`` and the initial states; return batched x, states (N, H) and the flag."""
        dtype = self.weight_ih_l0.dtype
        batched = _check_input(x, self.input_size, dtype, seq=True)
        x = x if batched else x.unsqueeze(0)  # (N, T, D)
        N, H = x.shape[0], self.hidden_size
        if state is None:
            return x, [x.new_zeros(N, H) for _ in names], batched
        parts = _unpack_lstm_state(state) if len(names) == 2 else (state,)
        shape = (1, N, H) if batched else (1, H)  # (num_layers, N, H) as in torch
        states = [
            _check_state(n, s, shape, dtype).reshape(N, H)
            for n, s in zip(names, parts, strict=True)
        ]
        return x, states, batched


class RNN(_Recurrent):
    """A single-layer vanilla RNN unrolled over a sequence (``batch_first=True``).

    Computes the step of :func:`rnn_cell` at every time ``t``,
    ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)``, written as one fused product
    over the concatenated input, ``[x_t, h_{t-1}] [W_ih | W_hh]^T + (b_ih + b_hh)`` (the same
    sum, one :func:`torch.addmm` per step; the tests check it equals :func:`rnn_cell`).

    Parameters
    ----------
    input_size : int
        Number of input features D.
    hidden_size : int
        Number of hidden units H.
    nonlinearity : {"tanh", "relu"}, default "tanh"
    batch_first : bool, default True
        Accepted so code written for torch reads the same; only True is implemented.

    Attributes
    ----------
    weight_ih_l0 : Parameter of shape (H, D)
    weight_hh_l0 : Parameter of shape (H, H)
    bias_ih_l0, bias_hh_l0 : Parameter of shape (H,)
        The names of ``torch.nn.RNN``'s first layer, so
        ``model.load_state_dict(torch_rnn.state_dict())`` and the reverse copy weights.

    Shape
    -----
    - Input ``x``: (N, T, D), or (T, D) unbatched.
    - Input ``h_0``: (1, N, H), or (1, H); zeros when omitted. The leading 1 is torch's
      ``num_layers`` dimension.
    - Output: ``(output, h_n)``, ``output`` of shape (N, T, H) holding ``h_t`` for every step
      (or (T, H)), and ``h_n`` of shape (1, N, H) (or (1, H)), the last hidden state.

    See Also
    --------
    torch.nn.RNN : the twin, with ``num_layers=1, batch_first=True``.
    RNNCell : one step.

    Examples
    --------
    >>> rnn = RNN(2, 8)
    >>> output, h_n = rnn(torch.randn(4, 10, 2))
    >>> tuple(output.shape), tuple(h_n.shape)
    ((4, 10, 8), (1, 4, 8))
    >>> bool(torch.equal(output[:, -1], h_n[0]))  # the last output is the final state
    True
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        nonlinearity: str = "tanh",
        batch_first: bool = True,
    ) -> None:
        checks.choice(nonlinearity, "nonlinearity", _ACTIVATIONS)
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, batch_first)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}, nonlinearity={self.nonlinearity!r}"

    def forward(self, x: Tensor, h_0: Tensor | None = None) -> tuple[Tensor, Tensor]:
        """Run the cell over every step of the sequence, from ``h_0``.

        Parameters
        ----------
        x : Tensor
            The input sequence, batch first.
        h_0 : Tensor, optional
            The initial hidden state; zeros when omitted.

        Returns
        -------
        output : Tensor
            The hidden state ``h_t`` of every step.
        h_n : Tensor
            The last hidden state.

        Shape
        -----
        - Input ``x``: (N, T, D), or (T, D) unbatched.
        - Input ``h_0``: (1, N, H), or (1, H).
        - Output: ``output`` (N, T, H) or (T, H); ``h_n`` (1, N, H) or (1, H).
        """
        x, (h,), batched = self._start(x, h_0, ("h_0",))
        act = _ACTIVATIONS[self.nonlinearity]
        w_t, bias = self._step_weights()  # (D+H, H), (H,)
        outputs = []
        for x_t in x.unbind(dim=1):  # T views of shape (N, D)
            # h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)   (rnn_cell, unrolled)
            h = act(torch.addmm(bias, torch.cat([x_t, h], dim=1), w_t))  # (N, H)
            outputs.append(h)
        output = torch.stack(outputs, dim=1)  # (N, T, H)
        h_n = h.unsqueeze(0)  # (1, N, H)
        return (output, h_n) if batched else (output.squeeze(0), h_n.squeeze(1))


class LSTM(_Recurrent):
    """A single-layer LSTM unrolled over a sequence (``batch_first=True``).

    Computes the step of :func:`lstm_cell` at every time ``t``, carrying the hidden state
    ``h_t`` and the cell state ``c_t``; the four gates' pre-activations come from one fused
    product over the concatenated input, ``[x_t, h_{t-1}] [W_ih | W_hh]^T + (b_ih + b_hh)``
    (the same sums as the cell's two products; the tests check it equals :func:`lstm_cell`).

    Parameters
    ----------
    input_size : int
        Number of input features D.
    hidden_size : int
        Number of hidden units H.
    batch_first : bool, default True
        Accepted so code written for torch reads the same; only True is implemented.

    Attributes
    ----------
    weight_ih_l0 : Parameter of shape (4*H, D)
    weight_hh_l0 : Parameter of shape (4*H, H)
    bias_ih_l0, bias_hh_l0 : Parameter of shape (4*H,)
        Gates stacked i, f, g, o, with the names of ``torch.nn.LSTM``'s first layer, so
        ``model.load_state_dict(torch_lstm.state_dict())`` and the reverse copy weights.

    Shape
    -----
    - Input ``x``: (N, T, D), or (T, D) unbatched.
    - Input ``state``: a tuple ``(h_0, c_0)`` of (1, N, H) tensors (or (1, H)); zeros when
      omitted.
    - Output: ``(output, (h_n, c_n))`` with ``output`` of shape (N, T, H) (or (T, H)) and
      ``h_n``, ``c_n`` of shape (1, N, H) (or (1, H)).

    See Also
    --------
    torch.nn.LSTM : the twin, with ``num_layers=1, batch_first=True``.
    LSTMCell : one step.

    Examples
    --------
    >>> lstm = LSTM(2, 8)
    >>> output, (h_n, c_n) = lstm(torch.randn(4, 10, 2))
    >>> tuple(output.shape), tuple(h_n.shape), tuple(c_n.shape)
    ((4, 10, 8), (1, 4, 8), (1, 4, 8))
    >>> lstm.load_state_dict(torch.nn.LSTM(2, 8, batch_first=True).state_dict())
    <All keys matched successfully>
    """

    _gates = 4

    def __init__(self, input_size: int, hidden_size: int, batch_first: bool = True) -> None:
        super().__init__(input_size, hidden_size, batch_first)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}"

    def forward(
        self, x: Tensor, state: tuple[Tensor, Tensor] | None = None
    ) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        """Run the cell over every step of the sequence, from ``(h_0, c_0)``.

        Parameters
        ----------
        x : Tensor
            The input sequence, batch first.
        state : tuple of Tensor, optional
            ``(h_0, c_0)``; zeros when omitted.

        Returns
        -------
        output : Tensor
            The hidden state ``h_t`` of every step.
        state : tuple of Tensor
            ``(h_n, c_n)``, the last hidden and cell states.

        Shape
        -----
        - Input ``x``: (N, T, D), or (T, D) unbatched.
        - Input ``state``: two (1, N, H) tensors, or (1, H).
        - Output: ``output`` (N, T, H) or (T, H); ``h_n`` and ``c_n`` (1, N, H) or (1, H).
        """
        x, (h, c), batched = self._start(x, state, ("h_0", "c_0"))
        w_t, bias = self._step_weights()  # (D+H, 4H), (4H,)
        outputs = []
        for x_t in x.unbind(dim=1):  # T views of shape (N, D)
            # a_t = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh   (lstm_cell, unrolled)
            gates = torch.addmm(bias, torch.cat([x_t, h], dim=1), w_t)  # (N, 4H)
            h, c = _lstm_update(gates, c)  # (N, H) each
            outputs.append(h)
        output = torch.stack(outputs, dim=1)  # (N, T, H)
        h_n, c_n = h.unsqueeze(0), c.unsqueeze(0)  # (1, N, H)
        if not batched:
            return output.squeeze(0), (h_n.squeeze(1), c_n.squeeze(1))
        return output, (h_n, c_n)


class GRU(_Recurrent):
    """A single-layer GRU unrolled over a sequence (``batch_first=True``).

    Computes the step of :func:`gru_cell` at every time ``t``. Unlike :class:`RNN` and
    :class:`LSTM` it keeps the two products ``x_t W_ih^T + b_ih`` and
    ``h_{t-1} W_hh^T + b_hh`` apart, because the reset gate multiplies only the hidden part of
    the candidate.

    Parameters
    ----------
    input_size : int
        Number of input features D.
    hidden_size : int
        Number of hidden units H.
    batch_first : bool, default True
        Accepted so code written for torch reads the same; only True is implemented.

    Attributes
    ----------
    weight_ih_l0 : Parameter of shape (3*H, D)
    weight_hh_l0 : Parameter of shape (3*H, H)
    bias_ih_l0, bias_hh_l0 : Parameter of shape (3*H,)
        Gates stacked r, z, n, with the names of ``torch.nn.GRU``'s first layer, so
        ``model.load_state_dict(torch_gru.state_dict())`` and the reverse copy weights.

    Shape
    -----
    - Input ``x``: (N, T, D), or (T, D) unbatched.
    - Input ``h_0``: (1, N, H), or (1, H); zeros when omitted.
    - Output: ``(output, h_n)``, ``output`` of shape (N, T, H) (or (T, H)) and ``h_n`` of
      shape (1, N, H) (or (1, H)).

    See Also
    --------
    torch.nn.GRU : the twin, with ``num_layers=1, batch_first=True``.
    GRUCell : one step.

    Examples
    --------
    >>> gru = GRU(2, 8)
    >>> output, h_n = gru(torch.randn(4, 10, 2))
    >>> tuple(output.shape), tuple(h_n.shape)
    ((4, 10, 8), (1, 4, 8))
    >>> gru.load_state_dict(torch.nn.GRU(2, 8, batch_first=True).state_dict())
    <All keys matched successfully>
    """

    _gates = 3

    def __init__(self, input_size: int, hidden_size: int, batch_first: bool = True) -> None:
        super().__init__(input_size, hidden_size, batch_first)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}"

    def forward(self, x: Tensor, h_0: Tensor | None = None) -> tuple[Tensor, Tensor]:
        """Run the cell over every step of the sequence, from ``h_0``.

        Parameters
        ----------
        x : Tensor
            The input sequence, batch first.
        h_0 : Tensor, optional
            The initial hidden state; zeros when omitted.

        Returns
        -------
        output : Tensor
            The hidden state ``h_t`` of every step.
        h_n : Tensor
            The last hidden state.

        Shape
        -----
        - Input ``x``: (N, T, D), or (T, D) unbatched.
        - Input ``h_0``: (1, N, H), or (1, H).
        - Output: ``output`` (N, T, H) or (T, H); ``h_n`` (1, N, H) or (1, H).
        """
        x, (h,), batched = self._start(x, h_0, ("h_0",))
        w_ih_t, w_hh_t = self.weight_ih_l0.T, self.weight_hh_l0.T  # (D, 3H), (H, 3H)
        outputs = []
        for x_t in x.unbind(dim=1):  # T views of shape (N, D)
            gi = torch.addmm(self.bias_ih_l0, x_t, w_ih_t)  # (N, 3H)
            gh = torch.addmm(self.bias_hh_l0, h, w_hh_t)  # (N, 3H)
            h = _gru_update(gi, gh, h)  # (N, H)  (gru_cell, unrolled)
            outputs.append(h)
        output = torch.stack(outputs, dim=1)  # (N, T, H)
        h_n = h.unsqueeze(0)  # (1, N, H)
        return (output, h_n) if batched else (output.squeeze(0), h_n.squeeze(1))


def set_forget_bias_(module: nn.Module, value: float) -> nn.Module:
    """Set an LSTM's forget-gate bias so the gate starts open: ``f = sigma(... + value)``.

    With torch's default init the forget gate starts near ``sigma(0) = 0.5``, so the cell state
    (and its gradient) halves at every step. A bias of 1 or more keeps it near 1 at first,
    which lets gradients reach far back (Gers et al. 2000; Jozefowicz et al. 2015). Works in
    place on :class:`LSTM`, :class:`LSTMCell` and their ``torch.nn`` twins: the forget slice
    ``[H:2H]`` of the input bias becomes ``value`` and that of the hidden bias 0.

    Parameters
    ----------
    module : LSTM, LSTMCell, torch.nn.LSTM or torch.nn.LSTMCell
    value : float
        The total forget-gate bias.

    Returns
    -------
    nn.Module
        ``module`` itself.

    Raises
    ------
    TypeError
        If ``module`` has no LSTM biases.

    Examples
    --------
    >>> cell = set_forget_bias_(LSTMCell(2, 3), 1.0)
    >>> (cell.bias_ih + cell.bias_hh)[3:6].tolist()
    [1.0, 1.0, 1.0]
    """
    b_ih, b_hh, H = _lstm_biases(module)
    with torch.no_grad():
        b_ih[H : 2 * H] = value
        b_hh[H : 2 * H] = 0.0
    return module


def _lstm_biases(module: nn.Module) -> tuple[Tensor, Tensor, int]:
    """The two bias vectors (4*H,) of an LSTM layer or cell (ours or torch's) and H."""
    for b_ih, b_hh in [("bias_ih", "bias_hh"), ("bias_ih_l0", "bias_hh_l0")]:
        if hasattr(module, b_ih) and getattr(module, b_ih).shape[0] % 4 == 0:
            bias_ih = getattr(module, b_ih)
            return bias_ih, getattr(module, b_hh), bias_ih.shape[0] // 4
    raise TypeError(f"module must be an LSTM or LSTMCell, got {type(module).__name__}")


def chrono_init_(
    module: nn.Module, t_max: int, generator: torch.Generator | None = None
) -> nn.Module:
    """Chrono initialisation (Tallec & Ollivier 2018): memories of 2 to ``t_max`` steps.

    Every hidden unit draws its own time scale ``u ~ U(1, t_max - 1)`` and starts with
    forget-gate bias ``log u`` and input-gate bias ``-log u``. Its forget gate then starts at
    ``sigma(log u) = u / (1 + u)``, a memory that lasts about ``1 + u`` steps, and its input
    gate writes correspondingly little. A single forget bias gives every unit the same time
    scale; chrono spreads them over the range the task needs, so some units bridge any gap
    from the start. Works in place, like :func:`set_forget_bias_`, on :class:`LSTM`,
    :class:`LSTMCell` and their ``torch.nn`` twins; the hidden-state biases of both gates
    become 0.

    Parameters
    ----------
    module : LSTM, LSTMCell, torch.nn.LSTM or torch.nn.LSTMCell
    t_max : int
        The longest dependency expected, in steps (the sequence length); at least 3.
    generator : torch.Generator, optional
        Source of the draws; torch's global generator by default.

    Returns
    -------
    nn.Module
        ``module`` itself.

    Raises
    ------
    TypeError
        If ``module`` has no LSTM biases.
    ValueError
        If ``t_max`` is not an int of at least 3.

    Examples
    --------
    >>> gen = torch.Generator().manual_seed(0)
    >>> cell = chrono_init_(LSTMCell(2, 1000), t_max=100, generator=gen)
    >>> b = cell.bias_ih + cell.bias_hh
    >>> f, i = torch.sigmoid(b[1000:2000]), torch.sigmoid(b[:1000])
    >>> round(f.min().item(), 2), round(f.max().item(), 2)  # sigma(log 1), sigma(log 99)
    (0.5, 0.99)
    >>> bool(torch.allclose(i, 1 - f))  # sigma(-log u) = 1 - sigma(log u)
    True
    """
    checks.integer(t_max, "t_max (a sequence length)", minimum=3)
    b_ih, b_hh, H = _lstm_biases(module)
    u = torch.empty(H, dtype=b_ih.dtype).uniform_(1.0, t_max - 1.0, generator=generator)
    with torch.no_grad():
        b_ih[:H] = -torch.log(u)  # input gate i
        b_ih[H : 2 * H] = torch.log(u)  # forget gate f
        b_hh[: 2 * H] = 0.0
    return module


# --------------------------------------------------------------------------------------------
# A small model and its training on the toy tasks.
# --------------------------------------------------------------------------------------------


class RecurrentNet(nn.Module):
    """An :class:`RNN`, :class:`LSTM` or :class:`GRU` layer with a linear read-out at every step.

    Parameters
    ----------
    kind : {"rnn", "lstm", "gru"}
    input_size : int
        Input features D.
    hidden_size : int
        Hidden units H.
    output_size : int
        Outputs O per step.
    forget_bias : float, optional
        LSTM only: initial forget-gate bias (see :func:`set_forget_bias_`).

    Shape
    -----
    - Input ``x``: (N, T, D), and an optional initial state as for the layer (:class:`RNN`,
      :class:`LSTM`, :class:`GRU`).
    - Output: ``(y, state)`` with ``y`` of shape (N, T, O) and the final state.

    Examples
    --------
    >>> net = RecurrentNet("lstm", 2, 16, 1)
    >>> y, (h, c) = net(torch.randn(3, 7, 2))
    >>> tuple(y.shape), tuple(h.shape)
    ((3, 7, 1), (1, 3, 16))
    """

    def __init__(
        self,
        kind: str,
        input_size: int,
        hidden_size: int,
        output_size: int,
        forget_bias: float | None = None,
    ) -> None:
        super().__init__()
        checks.choice(kind, "kind", ("rnn", "lstm", "gru"))
        if kind != "lstm" and forget_bias is not None:
            raise ValueError(f"forget_bias applies to kind='lstm' only, got kind={kind!r}")
        self.kind = kind
        if kind == "rnn":
            self.rnn: nn.Module = RNN(input_size, hidden_size)
        elif kind == "gru":
            self.rnn = GRU(input_size, hidden_size)
        else:
            self.rnn = LSTM(input_size, hidden_size)
            if forget_bias is not None:
                set_forget_bias_(self.rnn, forget_bias)
        self.head = nn.Linear(hidden_size, output_size)

    def forward(self, x: Tensor, state: object = None) -> tuple[Tensor, object]:
        """Run the recurrent layer, then the linear read-out at every step.

        Parameters
        ----------
        x : Tensor
            The input sequence, batch first.
        state : Tensor or tuple of Tensor, optional
            The initial state, as for the layer (a tuple ``(h, c)`` for an LSTM); zeros when
            omitted.

        Returns
        -------
        y : Tensor
            The outputs of every step.
        state : Tensor or tuple of Tensor
            The final state, to continue the sequence from.

        Shape
        -----
        - Input ``x``: (N, T, D).
        - Output: ``y`` (N, T, O) and the final state.
        """
        hidden, state = self.rnn(x, state)  # (N, T, H)
        return self.head(hidden), state  # (N, T, O)


def detach_state(state: object) -> object:
    """Cut a recurrent state from the graph that computed it: truncated backpropagation.

    Truncated backpropagation through time (Williams & Peng 1990) reads a long sequence in
    chunks and carries the state from one chunk to the next, but not its gradient: the next
    chunk starts from ``state`` *detached*, so its backward pass stops at the chunk boundary.
    Memory and time per backward pass are then those of one chunk, whatever the sequence
    length; the price is that no gradient reaches further back than the chunk.

    Parameters
    ----------
    state : Tensor or tuple of Tensor
        ``h`` of an :class:`RNN` or :class:`GRU`, ``(h, c)`` of an :class:`LSTM`.

    Returns
    -------
    Tensor or tuple of Tensor
        The same values, with ``requires_grad=False`` and no history.

    Examples
    --------
    >>> net = RecurrentNet("lstm", 1, 4, 1)
    >>> _, state = net(torch.randn(2, 5, 1))
    >>> state[0].requires_grad, detach_state(state)[0].requires_grad
    (True, False)
    """
    if isinstance(state, Tensor):
        return state.detach()
    if isinstance(state, tuple | list) and all(isinstance(s, Tensor) for s in state):
        return tuple(s.detach() for s in state)
    raise TypeError(f"state must be a Tensor or a tuple of Tensors, got {type(state).__name__}")


def perplexity(logits: Tensor, target: Tensor) -> Tensor:
    """Perplexity of next-token predictions: ``exp`` of the mean cross-entropy in nats.

    ``PP = exp(-(1/M) sum_m log p(target_m))``: the number of equally likely choices the
    model is as uncertain as. A uniform guess over V tokens scores exactly V; a model that
    always puts probability 1 on the right token scores 1.

    Parameters
    ----------
    logits : Tensor of shape (..., V)
        Unnormalised scores for every position, for example (N, T, V).
    target : Tensor of shape (...), int64
        The true next token at every position, for example (N, T).

    Returns
    -------
    Tensor of shape ()
        The perplexity (differentiable; ``.item()`` for a number).

    Raises
    ------
    TypeError
        If ``logits`` is not floating point or ``target`` not int64.
    ValueError
        If the shapes do not match.

    See Also
    --------
    torch.nn.functional.cross_entropy : the mean cross-entropy; perplexity is its ``exp``.

    Examples
    --------
    >>> uniform = torch.zeros(2, 5, 43)  # the same score for all 43 tokens
    >>> round(perplexity(uniform, torch.zeros(2, 5, dtype=torch.long)).item(), 3)
    43.0
    """
    logits = checks.floating(logits, "logits")
    checks.tensor(target, "target")
    if target.dtype != torch.long:
        raise TypeError(f"target must hold int64 token indices, got dtype {target.dtype}")
    if logits.dim() < 1 or tuple(target.shape) != tuple(logits.shape[:-1]):
        raise ValueError(
            f"target must have the shape of logits without its last (V) dimension: logits "
            f"{tuple(logits.shape)} needs target {tuple(logits.shape[:-1])}, "
            f"got {tuple(target.shape)}"
        )
    V = logits.shape[-1]
    # PP = exp(mean cross-entropy)
    return torch.exp(F.cross_entropy(logits.reshape(-1, V), target.reshape(-1)))


def forecast(model: RecurrentNet, context: Tensor, steps: int) -> Tensor:
    """Continue sequences by feeding the model's own one-step predictions back in.

    Training fed the model the *true* previous value at every step (teacher forcing); here
    nothing true comes after ``context``, so each prediction becomes the next input, and its
    errors become the next step's input errors.

    Parameters
    ----------
    model : RecurrentNet
        A one-step-ahead forecaster with D = O (for example from
        :func:`dlguide.train.rnn.train_sine`).
    context : Tensor of shape (N, T, D)
        Observed values; the model reads them first.
    steps : int
        Number of future values to generate.

    Returns
    -------
    Tensor of shape (N, steps, D)
        The forecast.

    Examples
    --------
    >>> net = RecurrentNet("lstm", 1, 8, 1)
    >>> tuple(forecast(net, torch.zeros(2, 5, 1), 3).shape)
    (2, 3, 1)
    """
    steps = checks.integer(steps, "steps", minimum=1)
    with torch.no_grad():
        y, state = model(context)  # (N, T, D)
        nxt = y[:, -1:]  # (N, 1, D): prediction of the first unseen value
        future = [nxt]
        for _ in range(steps - 1):
            y, state = model(nxt, state)
            nxt = y
            future.append(nxt)
    return torch.cat(future, dim=1)  # (N, steps, D)


def sample_text(
    model: RecurrentNet,
    vocab: str,
    prompt: str,
    length: int,
    temperature: float = 0.8,
    seed: int = 0,
) -> str:
    """Generate text one character at a time from a character-level model.

    The model reads ``prompt``, then each next character is drawn from
    ``softmax(logits / temperature)`` with a seeded generator and fed back in.

    Parameters
    ----------
    model : RecurrentNet
        A next-character model with D = O = ``len(vocab)`` (for example from
        :func:`dlguide.train.rnn.train_chars`).
    vocab : str
        The vocabulary the model was trained with.
    prompt : str
        Text to start from (at least one character, all in ``vocab``).
    length : int
        Number of characters to generate.
    temperature : float, default 0.8
        Below 1 sharpens the distribution, above 1 flattens it.
    seed : int, default 0
        Seed of the sampling: the same seed gives the same text.

    Returns
    -------
    str
        ``prompt`` followed by ``length`` generated characters.

    Examples
    --------
    >>> net = RecurrentNet("lstm", 3, 8, 3)
    >>> text = sample_text(net, "abc", "ab", 5)
    >>> len(text), text[:2], set(text) <= set("abc")
    (7, 'ab', True)
    """
    if not prompt:
        raise ValueError("prompt must have at least one character, got ''")
    checks.number(temperature, "temperature", positive=True)
    length = checks.integer(length, "length", minimum=1)
    V = len(vocab)
    g = torch.Generator().manual_seed(seed)
    ids = encode(prompt, vocab).tolist()
    with torch.no_grad():
        x = F.one_hot(torch.tensor(ids), V).float().unsqueeze(0)  # (1, T, V)
        logits, state = model(x)  # (1, T, V)
        for _ in range(length):
            # p = softmax(z / temperature)
            p = torch.softmax(logits[0, -1] / temperature, dim=-1)  # (V,)
            nxt = int(torch.multinomial(p, 1, generator=g))
            ids.append(nxt)
            x = F.one_hot(torch.tensor([[nxt]]), V).float()  # (1, 1, V)
            logits, state = model(x, state)
    return decode(ids, vocab)
