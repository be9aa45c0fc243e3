"""Training recipe of the attention section: the adding problem without recurrence.

:func:`train_adding_attention` trains a :class:`dlguide.attention.AttentionNet` on the same
batches, with the same loss, optimiser and gradient clipping as
:func:`dlguide.train.rnn.train_adding` trains a recurrent network, so the two compare step
for step. It uses the one supervised loop (:func:`dlguide.train.loop.fit`).

Taught on the guide page on recurrent networks, section on attention.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlguide.attention import AttentionNet
from dlguide.cache import cached
from dlguide.data.sequences import adding_problem
from dlguide.train.loop import fit, seeded
from dlguide.train.rnn import AddingRun

__all__ = ["train_adding_attention"]


@cached
def train_adding_attention(
    T: int = 100,
    steps: int = 350,
    batch_size: int = 256,
    d_model: int = 32,
    num_heads: int = 1,
    num_layers: int = 1,
    positions: bool = False,
    lr: float = 5e-3,
    clip: float = 1.0,
    eval_every: int = 50,
    seed: int = 0,
) -> AddingRun:
    """Train an :class:`~dlguide.attention.AttentionNet` on the adding problem.

    The data are :func:`dlguide.data.sequences.adding_problem`; the recipe is that of
    :func:`dlguide.train.rnn.train_adding` (the same fresh batch at every
    step for the same ``seed``, the same 1000 held-out sequences, mean squared error, Adam,
    gradient clipping); only the model differs. Cached with :func:`dlguide.cache.cached`.

    Parameters
    ----------
    T : int, default 100
        Sequence length.
    steps : int, default 350
    batch_size : int, default 256
    d_model : int, default 32
        Features per position.
    num_heads : int, default 1
    num_layers : int, default 1
    positions : bool, default False
        Add the sinusoidal position code (:func:`dlguide.attention.sinusoidal_positions`).
        The adding problem needs none: the sum is the same wherever the markers stand, and
        the marker channel already says which steps count.
    lr : float, default 5e-3
        Adam learning rate.
    clip : float, default 1.0
        Maximum gradient norm.
    eval_every : int, default 50
        Steps between evaluations on 1000 held-out sequences.
    seed : int, default 0
        Seeds the weights and the data.

    Returns
    -------
    dlguide.train.rnn.AddingRun
        ``model`` (an :class:`~dlguide.attention.AttentionNet`), ``losses``, ``steps``,
        ``seconds``, and the held-out ``eval_steps``, ``test_mse`` and ``final_mse``.

    Examples
    --------
    >>> out = train_adding_attention(T=10, steps=3, d_model=8, eval_every=1)
    >>> tuple(out.losses.shape), out.eval_steps.tolist()
    ((3,), [0, 1, 2, 3])
    """
    with seeded(seed):
        net = AttentionNet(2, d_model, 1, num_heads, num_layers, positions)
    x_test, y_test = adding_problem(1000, T, seed=10_000 + seed)
    evals: list[tuple[int, float]] = []

    def answer(net: nn.Module, x: Tensor) -> Tensor:
        return net(x)[:, 0]  # (N,)

    def evaluate(step: int) -> None:
        if step % eval_every == 0 or step == steps:
            with torch.no_grad():
                evals.append((step, F.mse_loss(answer(net, x_test), y_test).item()))

    def batch(step: int) -> tuple[Tensor, Tensor]:  # the batches of train_adding
        return adding_problem(batch_size, T, seed=1_000_003 * (seed + 1) + step)

    def loss_fn(net: nn.Module, x: Tensor, y: Tensor) -> Tensor:
        return F.mse_loss(answer(net, x), y)

    net.eval()
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
