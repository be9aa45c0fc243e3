"""Training recipes of the RNN chapter: the adding problem, sine forecasting, characters.

Each trains a :class:`dlguide.rnn.RecurrentNet` with the one supervised loop
(:func:`dlguide.train.loop.fit`): Adam (Kingma and Ba, 2015) and gradient-norm clipping
(Pascanu, Mikolov and Bengio, 2013), a fresh batch from :mod:`dlguide.data.sequences` at every
step. The character model can also be trained with truncated backpropagation through time
(Williams & Peng 1990): :func:`train_chars` with ``tbptt=True``. The gallery's starter
``gallery/rnn/plot_05_train_lstm.py`` writes the loop out.

Taught on the guide page on recurrent networks.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlguide import checks
from dlguide.cache import cached
from dlguide.data.sequences import TEXT, adding_problem, char_dataset, encode, sine_waves
from dlguide.rnn import (
    RecurrentNet,
    chrono_init_,
    detach_state,
    perplexity,
    sample_text,
    set_forget_bias_,
)
from dlguide.train.loop import TrainResult, fit, seeded

__all__ = ["AddingRun", "CharRun", "adding_answer", "train_adding", "train_chars", "train_sine"]


@dataclass
class AddingRun(TrainResult):
    """What :func:`train_adding` returns: a training result plus held-out errors.

    A :class:`~dlguide.train.loop.TrainResult` with these fields added.

    Attributes
    ----------
    model : RecurrentNet
    losses : Tensor of shape (steps,)
        Mean squared error of every training batch.
    eval_steps : Tensor of shape (E,)
        Steps after which the held-out error was measured (0 included).
    test_mse : Tensor of shape (E,)
        Held-out mean squared error at those steps.
    final_mse : float
        The last held-out error.
    """

    eval_steps: Tensor
    test_mse: Tensor
    final_mse: float


@dataclass
class CharRun(TrainResult):
    """What :func:`train_chars` returns: a training result plus samples as it learned.

    A :class:`~dlguide.train.loop.TrainResult` with these fields added.

    Attributes
    ----------
    model : RecurrentNet
    losses : Tensor of shape (steps,)
        Cross-entropy of every batch, in nats per character.
    samples : dict of int to str
        Text generated from the prompt after that many steps.
    vocab : str
        The model's vocabulary.
    perplexity : float
        Perplexity of the trained model on the whole text, read once from the zero state
        (:func:`dlguide.rnn.perplexity`); a uniform guess scores ``len(vocab)``.
    """

    samples: dict[int, str]
    vocab: str
    perplexity: float


def adding_answer(net: RecurrentNet, x: Tensor) -> Tensor:
    """The model's answer to the adding problem: a read-out of the last hidden state only.

    Using the layer's final state rather than ``net(x)[0][:, -1]`` keeps the other T - 1
    outputs (and their zero gradients) out of the backward pass.

    Parameters
    ----------
    net : RecurrentNet
        With ``input_size=2`` and ``output_size=1``.
    x : Tensor of shape (N, T, 2)

    Returns
    -------
    Tensor of shape (N,)

    Examples
    --------
    >>> adding_answer(RecurrentNet("rnn", 2, 4, 1), torch.zeros(3, 5, 2)).shape
    torch.Size([3])
    """
    _, state = net.rnn(x)
    h_T = state[0] if net.kind == "lstm" else state  # (1, N, H): h_n, not the LSTM's c_n
    return net.head(h_T[0])[:, 0]  # (N,)


@cached
def train_adding(
    kind: str = "lstm",
    T: int = 100,
    steps: int = 350,
    batch_size: int = 256,
    hidden_size: int = 32,
    lr: float = 2e-2,
    clip: float = 1.0,
    lstm_init: str | float = "chrono",
    eval_every: int = 50,
    seed: int = 0,
) -> AddingRun:
    """Train an RNN, LSTM or GRU on the adding problem (:mod:`dlguide.data.sequences`).

    Every step draws a fresh batch; the prediction is a linear read-out of the last hidden
    state (:func:`adding_answer`); the loss is the mean squared error; the optimiser is Adam
    with gradient clipping. Cached with :func:`dlguide.cache.cached`.

    Parameters
    ----------
    kind : {"lstm", "rnn", "gru"}, default "lstm"
    T : int, default 100
        Sequence length.
    steps : int, default 350
        Optimisation steps.
    batch_size : int, default 256
    hidden_size : int, default 32
    lr : float, default 2e-2
        Adam learning rate.
    clip : float, default 1.0
        Maximum gradient norm.
    lstm_init : "chrono", "torch" or float, default "chrono"
        How the LSTM's gate biases start (ignored for the RNN and the GRU): ``"chrono"``
        draws memories of 2 to ``T`` steps (:func:`dlguide.rnn.chrono_init_`), ``"torch"``
        keeps torch's initialisation, and a number is a forget-gate bias for every unit
        (:func:`dlguide.rnn.set_forget_bias_`).
    eval_every : int, default 50
        Steps between evaluations on 1000 held-out sequences.
    seed : int, default 0
        Seeds the weights and the data.

    Returns
    -------
    AddingRun
        ``model``, ``losses``, ``steps``, ``seconds``, and the held-out ``eval_steps``,
        ``test_mse`` and ``final_mse``.

    Raises
    ------
    ValueError
        If ``kind`` or ``lstm_init`` is not one of the options.

    See Also
    --------
    dlguide.data.sequences.ADDING_BASELINE_MSE : the 1/6 that a model without memory gets.

    Examples
    --------
    >>> out = train_adding("lstm", T=10, steps=3, eval_every=1)
    >>> tuple(out.losses.shape), out.eval_steps.tolist()
    ((3,), [0, 1, 2, 3])
    """
    checks.choice(kind, "kind", ("rnn", "lstm", "gru"))
    number = isinstance(lstm_init, (int, float)) and not isinstance(lstm_init, bool)
    if not (number or lstm_init in ("chrono", "torch")):
        raise ValueError(f"lstm_init must be 'chrono', 'torch' or a number, got {lstm_init!r}")
    with seeded(seed):
        net = RecurrentNet(kind, 2, hidden_size, 1)
        if kind == "lstm" and lstm_init == "chrono":
            chrono_init_(net.rnn, t_max=T)
        elif kind == "lstm" and lstm_init != "torch":
            set_forget_bias_(net.rnn, float(lstm_init))
    x_test, y_test = adding_problem(1000, T, seed=10_000 + seed)
    evals: list[tuple[int, float]] = []

    def evaluate(step: int) -> None:
        if step % eval_every == 0 or step == steps:
            with torch.no_grad():
                evals.append((step, F.mse_loss(adding_answer(net, x_test), y_test).item()))

    def batch(step: int) -> tuple[Tensor, Tensor]:  # a fresh batch at every step
        return adding_problem(batch_size, T, seed=1_000_003 * (seed + 1) + step)

    def loss_fn(net: nn.Module, x: Tensor, y: Tensor) -> Tensor:
        return F.mse_loss(adding_answer(net, x), y)

    evaluate(0)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    losses, seconds = fit(net, optimizer, batch, loss_fn, steps, clip=clip, on_step=evaluate)
    return AddingRun(
        model=net.eval(),
        losses=losses,
        steps=steps,
        seconds=seconds,
        eval_steps=torch.tensor([s for s, _ in evals]),
        test_mse=torch.tensor([m for _, m in evals]),
        final_mse=evals[-1][1],
    )


@cached
def train_sine(
    T: int = 60,
    steps: int = 400,
    batch_size: int = 32,
    hidden_size: int = 64,
    lr: float = 1e-2,
    noise: float = 0.05,
    seed: int = 0,
) -> TrainResult:
    """Train an LSTM to predict the next value of sine waves (:mod:`dlguide.data.sequences`).

    At every step of every sequence the model predicts the value one step ahead (teacher
    forcing); the loss is the mean squared error over all steps. Gaussian noise on the inputs
    (not the targets) teaches the model to correct small errors, which matters when
    :func:`dlguide.rnn.forecast` later feeds it its own, slightly wrong, predictions. Cached
    with :func:`dlguide.cache.cached`.

    Parameters
    ----------
    T : int, default 60
        Length of the training sequences.
    steps : int, default 400
    batch_size : int, default 32
    hidden_size : int, default 64
    lr : float, default 1e-2
    noise : float, default 0.05
        Standard deviation of the noise added to the inputs.
    seed : int, default 0

    Returns
    -------
    TrainResult
        ``model`` (a :class:`~dlguide.rnn.RecurrentNet`, use it with
        :func:`~dlguide.rnn.forecast`), ``losses``, ``steps``, ``seconds``.

    Examples
    --------
    >>> out = train_sine(T=10, steps=2)
    >>> tuple(out.losses.shape), out.steps
    ((2,), 2)
    """
    with seeded(seed):
        net = RecurrentNet("lstm", 1, hidden_size, 1, forget_bias=1.0)
    g = torch.Generator().manual_seed(seed)

    def batch(step: int) -> tuple[Tensor, Tensor]:  # fresh waves at every step
        x, y = sine_waves(batch_size, T, seed=1_000_003 * (seed + 1) + step)
        return x + noise * torch.randn(x.shape, generator=g), y

    def loss_fn(net: nn.Module, x: Tensor, y: Tensor) -> Tensor:
        return F.mse_loss(net(x)[0], y)  # every step predicts the next value

    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    losses, seconds = fit(net, optimizer, batch, loss_fn, steps, clip=1.0)
    return TrainResult(model=net.eval(), losses=losses, steps=steps, seconds=seconds)


@cached
def train_chars(
    seq_len: int = 32,
    steps: int = 600,
    batch_size: int = 32,
    hidden_size: int = 128,
    lr: float = 1e-2,
    checkpoints: tuple[int, ...] = (0, 100, 300, 600),
    prompt: str = "Beautiful",
    sample_length: int = 120,
    tbptt: bool = False,
    seed: int = 0,
) -> CharRun:
    """Train a character-level LSTM on :data:`dlguide.data.sequences.TEXT`, sampling as it learns.

    Inputs are one-hot characters; at every step the model predicts the next character with a
    cross-entropy loss. By default every batch holds ``batch_size`` windows of ``seq_len``
    characters from random places, each read from the zero state, so the model never sees more
    than ``seq_len`` characters of context. With ``tbptt=True`` it is trained by truncated
    backpropagation through time instead: ``batch_size`` readers start at random places and
    walk through the text (wrapping at its end), each batch is the next ``seq_len`` characters
    of every reader, and the final state of one batch is the initial state of the next,
    detached (:func:`dlguide.rnn.detach_state`). The state then carries context over any
    distance, while gradients still reach back ``seq_len`` steps at most. At each checkpoint it
    generates text from ``prompt`` with :func:`dlguide.rnn.sample_text` (seeded, so the samples
    are the same on every run). Cached with :func:`dlguide.cache.cached`.

    Parameters
    ----------
    seq_len : int, default 32
        Training window length T.
    steps : int, default 600
    batch_size : int, default 32
    hidden_size : int, default 128
    lr : float, default 1e-2
    checkpoints : tuple of int, default (0, 100, 300, 600)
        Steps after which to sample (0: the untrained model).
    prompt : str, default "Beautiful"
    sample_length : int, default 120
        Characters generated per sample.
    tbptt : bool, default False
        Carry the (detached) state from batch to batch through consecutive text.
    seed : int, default 0

    Returns
    -------
    CharRun
        ``model``, ``losses`` (nats per character), ``steps``, ``seconds``, ``samples``,
        ``vocab`` and ``perplexity`` (on the whole text).

    Examples
    --------
    >>> out = train_chars(steps=2, hidden_size=8, checkpoints=(0, 2), sample_length=5)
    >>> sorted(out.samples), len(out.samples[2])
    ([0, 2], 14)
    """
    x_all, y_all, vocab = char_dataset(seq_len=seq_len)  # (N, T) each
    V = len(vocab)
    with seeded(seed):
        net = RecurrentNet("lstm", V, hidden_size, V, forget_bias=1.0)
    g = torch.Generator().manual_seed(seed)
    samples: dict[int, str] = {}
    ids = encode(TEXT, vocab)  # (L,)
    if tbptt:  # where each of the batch_size readers starts
        starts = torch.randint(0, len(ids), (batch_size,), generator=g)  # (N,)
    carried: list[object] = [None]  # the state handed from one TBPTT batch to the next

    def sample(step: int) -> None:
        if step in checkpoints:
            samples[step] = sample_text(net, vocab, prompt, sample_length, seed=seed)

    def batch(step: int) -> tuple[Tensor, Tensor]:
        if tbptt:  # the next seq_len characters of every reader, wrapping at the end
            pos = (starts[:, None] + step * seq_len + torch.arange(seq_len + 1)) % len(ids)
            window = ids[pos]  # (N, T+1)
            return F.one_hot(window[:, :-1], V).float(), window[:, 1:]
        rows = torch.randint(0, x_all.shape[0], (batch_size,), generator=g)
        return F.one_hot(x_all[rows], V).float(), y_all[rows]  # (N, T, V), (N, T)

    def loss_fn(net: nn.Module, x: Tensor, y: Tensor) -> Tensor:
        logits, state = net(x, carried[0])  # (N, T, V); carried[0] stays None without TBPTT
        if tbptt:
            # the next batch continues from this state, but its gradient stops here
            carried[0] = detach_state(state)
        return F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))

    sample(0)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    losses, seconds = fit(net, optimizer, batch, loss_fn, steps, clip=1.0, on_step=sample)
    net.eval()
    with torch.no_grad():  # the whole text as one sequence, from the zero state
        logits = net(F.one_hot(ids[:-1], V).float().unsqueeze(0))[0]  # (1, L-1, V)
        pp = perplexity(logits, ids[1:].unsqueeze(0)).item()
    return CharRun(
        model=net,
        losses=losses,
        steps=steps,
        seconds=seconds,
        samples=samples,
        vocab=vocab,
        perplexity=pp,
    )
