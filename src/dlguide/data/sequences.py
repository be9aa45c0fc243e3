"""Toy sequence data generated on the fly: the adding problem, sine waves and characters.

Three small tasks that the recurrent networks of :mod:`dlguide.rnn` learn in seconds on a CPU,
each generated from a seed so every run sees the same numbers:

- the **adding problem** of Hochreiter & Schmidhuber (1997, "Long Short-Term Memory",
  experiment 4) in the form of Le, Jaitly & Hinton (2015, "A Simple Way to Initialize
  Recurrent Networks of Rectified Linear Units"): remember two numbers marked somewhere in a
  long sequence and output their sum. It needs memory over the whole sequence, which is what a
  vanilla RNN lacks and an LSTM has;
- **sine waves** with random period and phase, for one-step-ahead forecasting;
- **characters** of a short English text shipped with the module (:data:`TEXT`, the Zen of
  Python by Tim Peters, PEP 20, public domain), for next-character prediction and generation.

Shape letters: N sequences (batch), T time steps, D features per step.

The guide page on recurrent networks (RNN, LSTM and the vanishing gradient) uses these tasks.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from dlguide import checks

__all__ = [
    "ADDING_BASELINE_MSE",
    "TEXT",
    "adding_problem",
    "char_dataset",
    "decode",
    "encode",
    "sine_waves",
    "vocabulary",
]

#: Mean squared error of always answering 1 on the adding problem. The target is the sum of
#: two independent U(0, 1) values, so its mean is 1 and its variance is 2 * 1/12 = 1/6 ~ 0.167.
#: A model that has not learned to remember the marked values cannot beat this.
ADDING_BASELINE_MSE = 1.0 / 6.0

#: The Zen of Python (Tim Peters, PEP 20, public domain): the text the character-level model
#: learns. 19 lines, 823 characters, 43 distinct.
TEXT = """\
Beautiful is better than ugly.
Explicit is better than implicit.
Simple is better than complex.
Complex is better than complicated.
Flat is better than nested.
Sparse is better than dense.
Readability counts.
Special cases aren't special enough to break the rules.
Although practicality beats purity.
Errors should never pass silently.
Unless explicitly silenced.
In the face of ambiguity, refuse the temptation to guess.
There should be one-- and preferably only one --obvious way to do it.
Although that way may not be obvious at first unless you're Dutch.
Now is better than never.
Although never is often better than *right* now.
If the implementation is hard to explain, it's a bad idea.
If the implementation is easy to explain, it may be a good idea.
Namespaces are one honking great idea -- let's do more of those!
"""


def adding_problem(
    n: int, T: int, seed: int = 0, dtype: torch.dtype = torch.float32
) -> tuple[Tensor, Tensor]:
    """Generate ``n`` sequences of the adding problem.

    Each step carries two numbers. Channel 0 is a value drawn from U(0, 1); channel 1 is a
    marker, 1 at exactly two steps and 0 elsewhere. One marker lies in the first half of the
    sequence and one in the second half. The target is the sum of the two marked values.
    Answering 1 always gives a mean squared error of :data:`ADDING_BASELINE_MSE` (1/6).

    Parameters
    ----------
    n : int
        Number of sequences N.
    T : int
        Sequence length, at least 2.
    seed : int, default 0
        Seed of the random generator: the same seed gives the same data.
    dtype : torch.dtype, default torch.float32
        Floating dtype of the returned tensors.

    Returns
    -------
    x : Tensor of shape (N, T, 2)
        Values in channel 0, markers in channel 1.
    y : Tensor of shape (N,)
        Sum of the two marked values, in [0, 2].

    Raises
    ------
    TypeError
        If ``n`` or ``T`` is not an int, or ``dtype`` is not floating.
    ValueError
        If ``n < 1`` or ``T < 2``.

    See Also
    --------
    dlguide.train.rnn.train_adding : trains an RNN or LSTM on this task.

    Examples
    --------
    >>> x, y = adding_problem(4, 10)
    >>> tuple(x.shape), tuple(y.shape)
    ((4, 10, 2), (4,))
    >>> x[..., 1].sum(dim=1).tolist()  # two markers per sequence
    [2.0, 2.0, 2.0, 2.0]
    """
    n = checks.integer(n, "n", minimum=1)
    T = checks.integer(T, "T", minimum=2)
    if not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating dtype, got {dtype}")
    g = torch.Generator().manual_seed(seed)
    values = torch.rand(n, T, generator=g, dtype=torch.float64)  # (N, T)
    half = T // 2
    # One marker uniformly in [0, T/2), the other uniformly in [T/2, T).
    first = torch.randint(0, half, (n,), generator=g)
    second = torch.randint(half, T, (n,), generator=g)
    markers = torch.zeros(n, T, dtype=torch.float64)
    rows = torch.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = torch.stack([values, markers], dim=-1)  # (N, T, 2)
    # y = x_{t1} + x_{t2}
    y = values[rows, first] + values[rows, second]  # (N,)
    return x.to(dtype), y.to(dtype)


def sine_waves(
    n: int,
    T: int,
    seed: int = 0,
    period_range: tuple[float, float] = (12.0, 40.0),
    dtype: torch.dtype = torch.float32,
) -> tuple[Tensor, Tensor]:
    """Generate ``n`` sine waves with random period and phase, for one-step forecasting.

    Sequence ``i`` is ``s_i(t) = sin(2 pi t / P_i + phi_i)`` with ``P_i`` uniform in
    ``period_range`` (in steps) and ``phi_i`` uniform in [0, 2 pi). The input is the wave at
    steps 0 .. T-1 and the target the same wave one step later, at 1 .. T.

    Parameters
    ----------
    n : int
        Number of waves N.
    T : int
        Number of input steps, at least 1.
    seed : int, default 0
        Seed of the random generator.
    period_range : tuple of float, default (12.0, 40.0)
        Smallest and largest period, in steps.
    dtype : torch.dtype, default torch.float32
        Floating dtype of the returned tensors.

    Returns
    -------
    x : Tensor of shape (N, T, 1)
        The waves at steps 0 .. T-1.
    y : Tensor of shape (N, T, 1)
        The waves at steps 1 .. T (the next value of each input step).

    Raises
    ------
    TypeError
        If ``n`` or ``T`` is not an int, or ``dtype`` is not floating.
    ValueError
        If ``n < 1``, ``T < 1`` or ``period_range`` is not ``0 < low <= high``.

    See Also
    --------
    dlguide.train.rnn.train_sine : trains an LSTM forecaster on these waves.

    Examples
    --------
    >>> x, y = sine_waves(3, 50)
    >>> tuple(x.shape), tuple(y.shape)
    ((3, 50, 1), (3, 50, 1))
    >>> bool(torch.equal(x[:, 1:], y[:, :-1]))  # the target is the input shifted by one step
    True
    """
    n = checks.integer(n, "n", minimum=1)
    T = checks.integer(T, "T", minimum=1)
    if not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating dtype, got {dtype}")
    low, high = period_range
    if not 0 < low <= high:
        raise ValueError(f"period_range must satisfy 0 < low <= high, got {period_range}")
    g = torch.Generator().manual_seed(seed)
    period = low + (high - low) * torch.rand(n, 1, generator=g, dtype=torch.float64)  # (N, 1)
    phase = 2 * math.pi * torch.rand(n, 1, generator=g, dtype=torch.float64)  # (N, 1)
    t = torch.arange(T + 1, dtype=torch.float64)  # (T+1,)
    # s(t) = sin(2 pi t / P + phi)
    s = torch.sin(2 * math.pi * t / period + phase)  # (N, T+1)
    x = s[:, :-1].unsqueeze(-1)  # (N, T, 1)
    y = s[:, 1:].unsqueeze(-1)  # (N, T, 1)
    return x.to(dtype), y.to(dtype)


def vocabulary(text: str = TEXT) -> str:
    """Return the sorted distinct characters of ``text``: index ``i`` stands for ``vocab[i]``.

    Parameters
    ----------
    text : str, default TEXT
        The text to read.

    Returns
    -------
    str
        One character per vocabulary entry, sorted.

    Examples
    --------
    >>> vocabulary("hello")
    'ehlo'
    >>> len(vocabulary())
    43
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not text:
        raise ValueError("text must not be empty")
    return "".join(sorted(set(text)))


def encode(text: str, vocab: str) -> Tensor:
    """Turn a string into the indices of its characters in ``vocab``.

    Parameters
    ----------
    text : str
        Characters to encode; each must be in ``vocab``.
    vocab : str
        The vocabulary, for example from :func:`vocabulary`.

    Returns
    -------
    Tensor of shape (T,), dtype int64
        ``T = len(text)`` indices.

    Raises
    ------
    ValueError
        If a character of ``text`` is not in ``vocab``.

    Examples
    --------
    >>> encode("hell", "ehlo").tolist()
    [1, 0, 2, 2]
    """
    index = {ch: i for i, ch in enumerate(vocab)}
    missing = sorted(set(text) - set(index))
    if missing:
        raise ValueError(f"characters {missing} of text are not in the vocabulary {vocab!r}")
    return torch.tensor([index[ch] for ch in text], dtype=torch.long)


def decode(indices: Tensor | list[int], vocab: str) -> str:
    """Turn character indices back into a string (the inverse of :func:`encode`).

    Parameters
    ----------
    indices : Tensor of shape (T,) or list of int
        Indices into ``vocab``.
    vocab : str
        The vocabulary.

    Returns
    -------
    str
        ``T`` characters.

    Raises
    ------
    ValueError
        If ``indices`` is not one-dimensional or an index is outside ``[0, len(vocab))``.

    Examples
    --------
    >>> decode(encode("hello", "ehlo"), "ehlo")
    'hello'
    """
    values = torch.as_tensor(indices)
    if values.dim() != 1:
        raise ValueError(f"indices must have shape (T,), got {tuple(values.shape)}")
    ids = values.tolist()
    bad = [i for i in ids if not 0 <= i < len(vocab)]
    if bad:
        raise ValueError(f"indices must be in [0, {len(vocab)}), got {bad[:5]}")
    return "".join(vocab[i] for i in ids)


def char_dataset(text: str | None = None, seq_len: int = 64) -> tuple[Tensor, Tensor, str]:
    """Cut a text into overlapping windows for next-character prediction.

    Window ``i`` starts at character ``i``; its target is the same window shifted by one
    character, so at every step the model is asked for the character that comes next.

    Parameters
    ----------
    text : str, optional
        The text; by default :data:`TEXT` (the Zen of Python).
    seq_len : int, default 64
        Window length T; the text needs at least ``seq_len + 1`` characters.

    Returns
    -------
    x : Tensor of shape (N, T), dtype int64
        Character indices, ``N = len(text) - seq_len`` windows.
    y : Tensor of shape (N, T), dtype int64
        The next character of each step.
    vocab : str
        The vocabulary the indices point into (see :func:`vocabulary`).

    Raises
    ------
    ValueError
        If the text is shorter than ``seq_len + 1`` characters.

    Examples
    --------
    >>> x, y, vocab = char_dataset(seq_len=16)
    >>> tuple(x.shape), len(vocab)
    ((807, 16), 43)
    >>> decode(x[0], vocab), decode(y[0], vocab)
    ('Beautiful is bet', 'eautiful is bett')
    """
    text = TEXT if text is None else text
    seq_len = checks.integer(seq_len, "seq_len", minimum=1)
    vocab = vocabulary(text)
    if len(text) < seq_len + 1:
        raise ValueError(
            f"text must have at least seq_len + 1 = {seq_len + 1} characters, got {len(text)}"
        )
    ids = encode(text, vocab)  # (len(text),)
    windows = ids.unfold(0, seq_len + 1, 1)  # (N, T+1)
    return windows[:, :-1].clone(), windows[:, 1:].clone(), vocab
