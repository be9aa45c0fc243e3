"""Training recipe of the neural-network basics: an MLP learning a decision boundary.

:func:`train_mlp_classifier` trains :class:`dlguide.nn.MLP` on two classes in the plane by
full-batch gradient descent (:class:`torch.optim.SGD` without momentum, the update
``θ ← θ - lr ∂L/∂θ`` that :func:`dlguide.nn.gradient_descent_fit` writes out by hand) and
photographs the predicted probability on a grid as it learns, for the decision-boundary
animation.

Taught on the guide page "Neural networks from the ground up".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from dlguide import checks
from dlguide.cache import cached
from dlguide.data.toy import make_toy_2d
from dlguide.nn import ACTIVATIONS, MLP, cross_entropy, log_softmax
from dlguide.train.loop import TrainResult, fit, seeded

__all__ = ["ClassifierRun", "snapshot_steps", "train_mlp_classifier"]


@dataclass
class ClassifierRun(TrainResult):
    """What :func:`train_mlp_classifier` returns: a training result plus snapshots.

    A :class:`~dlguide.train.loop.TrainResult` with these fields added.

    Attributes
    ----------
    model : MLP
        The trained network.
    losses : Tensor of shape (steps,)
        Training loss before every step.
    x : Tensor of shape (N, 2)
    y : Tensor of shape (N,)
    snapshot_steps : tuple of int
        The training step at which each of the S snapshots was taken (0 = before training).
    grid_x, grid_y : Tensor of shape (G,)
        Coordinates of the evaluation grid.
    probs : Tensor of shape (S, G, G)
        ``probs[s, i, j]``: predicted probability of class 1 at ``(grid_x[j], grid_y[i])``
        in snapshot s (rows follow y, as ``plt.contourf`` expects).
    accuracy : tuple of float
        Training accuracy at each snapshot.
    """

    x: Tensor
    y: Tensor
    snapshot_steps: tuple[int, ...]
    grid_x: Tensor
    grid_y: Tensor
    probs: Tensor
    accuracy: tuple[float, ...]


def snapshot_steps(steps: int, n_snapshots: int) -> list[int]:
    """``n_snapshots`` distinct steps from 0 to ``steps``, spaced quadratically (dense early).

    The boundary moves fastest early on. Rounding merges some early ones; unused steps top
    them up.

    Examples
    --------
    >>> snapshot_steps(20, 3)
    [0, 5, 20]
    """
    checks.integer(steps, "steps", minimum=1)
    checks.integer(n_snapshots, "n_snapshots")
    if not 2 <= n_snapshots <= steps + 1:
        raise ValueError(
            f"n_snapshots must be an int in 2..steps+1={steps + 1}, got {n_snapshots!r}"
        )
    ticks = steps * torch.linspace(0, 1, n_snapshots, dtype=torch.float64) ** 2
    wanted = {round(t) for t in ticks.tolist()}
    for s in range(steps + 1):
        if len(wanted) >= n_snapshots:
            break
        wanted.add(s)
    return sorted(wanted)


@cached
def train_mlp_classifier(
    dataset: str = "moons",
    n_samples: int = 200,
    noise: float = 0.2,
    hidden: Sequence[int] = (16,),
    activation: str = "tanh",
    lr: float = 0.5,
    steps: int = 800,
    n_snapshots: int = 20,
    grid_size: int = 60,
    seed: int = 0,
) -> ClassifierRun:
    """Train an :class:`~dlguide.nn.MLP` on a 2-D toy set by full-batch gradient descent.

    Snapshots of the predicted class-1 probability on a grid are taken at steps spaced
    quadratically (:func:`snapshot_steps`), ready for an animation. The run is deterministic
    for a given ``seed`` and cached with :func:`dlguide.cache.cached`.

    Parameters
    ----------
    dataset, n_samples, noise
        Passed to :func:`dlguide.data.toy.make_toy_2d` (with ``seed``).
    hidden : sequence of int
        Hidden layer widths; the network is ``MLP((2, *hidden, 2), activation)``.
    activation : {"relu", "sigmoid", "tanh"}
    lr : float
        Gradient descent step size.
    steps : int
        Number of gradient steps.
    n_snapshots : int
        S, at least 2; the first is taken before training, the last after it.
    grid_size : int
        G, grid points per axis.
    seed : int
        Seeds the data and the initial weights (without touching the global RNG).

    Returns
    -------
    ClassifierRun

    Examples
    --------
    >>> run = train_mlp_classifier(steps=20, n_snapshots=3, grid_size=8)
    >>> run.snapshot_steps, tuple(run.probs.shape), tuple(run.losses.shape)
    ((0, 5, 20), (3, 8, 8), (20,))
    """
    hidden = tuple(int(h) for h in hidden)
    checks.choice(activation, "activation", ACTIVATIONS)
    snaps = snapshot_steps(steps, n_snapshots)
    x, y = make_toy_2d(dataset, n_samples, noise, seed)
    grid_x = torch.linspace(x[:, 0].min() - 0.5, x[:, 0].max() + 0.5, grid_size)  # (G,)
    grid_y = torch.linspace(x[:, 1].min() - 0.5, x[:, 1].max() + 0.5, grid_size)  # (G,)
    gy, gx = torch.meshgrid(grid_y, grid_x, indexing="ij")  # (G, G) each
    grid = torch.stack([gx.reshape(-1), gy.reshape(-1)], dim=1)  # (G*G, 2)

    with seeded(seed):
        model = MLP((2, *hidden, 2), activation)
    probs, accuracy = [], []

    def snapshot(step: int) -> None:
        if step in snaps:
            with torch.no_grad():
                p1 = log_softmax(model(grid), dim=1)[:, 1].exp()  # (G*G,)
                probs.append(p1.reshape(grid_size, grid_size))  # (G, G)
                accuracy.append((model(x).argmax(dim=1) == y).float().mean().item())

    snapshot(0)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)  # θ ← θ - lr ∂L/∂θ
    losses, seconds = fit(
        model,
        optimizer,
        batch=lambda step: (x, y),  # full batch: every step sees all N points
        loss_fn=lambda model, x, y: cross_entropy(model(x), y),
        steps=steps,
        on_step=snapshot,
    )
    return ClassifierRun(
        model=model.eval(),
        losses=losses,
        steps=steps,
        seconds=seconds,
        x=x,
        y=y,
        snapshot_steps=tuple(snaps),
        grid_x=grid_x,
        grid_y=grid_y,
        probs=torch.stack(probs),  # (S, G, G)
        accuracy=tuple(accuracy),
    )
