"""Training recipes of the CNN chapter: the digits CNN and the dense network it is compared with.

Both train with the same loop (:func:`dlguide.train.loop.fit`): mini-batches in a seeded random
order, cross-entropy loss, Adam (Kingma and Ba, 2015) with a learning rate that decays to zero
on a cosine (Loshchilov and Hutter, SGDR, 2017), and for the CNN random shifts of up to one
pixel, a cheap data augmentation. The gallery's starter
``gallery/cnn/plot_04_train_digits_cnn.py`` writes such a loop out line by line.

Taught on the guide's CNN page.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlguide import checks
from dlguide.cache import cached
from dlguide.cnn import DigitsCNN, MLPBaseline
from dlguide.data.digits import load_digits_split
from dlguide.train.loop import TrainResult, fit, seeded

__all__ = ["random_shift", "train_digits_cnn", "train_mlp_baseline"]


def random_shift(x: Tensor, max_shift: int, generator: torch.Generator) -> Tensor:
    """Move each image by up to ``max_shift`` pixels in each direction, filling with zeros.

    Parameters
    ----------
    x : Tensor of shape (N, 1, H, W)
    max_shift : int
        Largest shift in pixels; 0 returns ``x`` unchanged.
    generator : torch.Generator
        Draws the N offsets.

    Returns
    -------
    Tensor of shape (N, 1, H, W)

    Examples
    --------
    >>> x = torch.zeros(1, 1, 3, 3)
    >>> x[0, 0, 1, 1] = 1.0
    >>> moved = random_shift(x, 1, torch.Generator().manual_seed(0))
    >>> float(moved.sum()), tuple(moved.shape)
    (1.0, (1, 1, 3, 3))
    """
    if max_shift == 0:
        return x
    N, _, H, W = x.shape
    padded = F.pad(x, (max_shift,) * 4)  # (N, 1, H + 2s, W + 2s)
    offsets = torch.randint(0, 2 * max_shift + 1, (N, 2), generator=generator)
    # crop an H x W window at a random offset of each padded image
    rows = (offsets[:, 0, None] + torch.arange(H))[:, :, None]  # (N, H, 1)
    cols = (offsets[:, 1, None] + torch.arange(W))[:, None, :]  # (N, 1, W)
    return padded[torch.arange(N)[:, None, None], 0, rows, cols].unsqueeze(1)  # (N, 1, H, W)


def _train_classifier(
    model_class: type[nn.Module],
    split: str,
    epochs: int,
    seed: int,
    lr: float,
    batch_size: int,
    max_shift: int,
) -> TrainResult:
    checks.integer(epochs, "epochs", minimum=1)
    checks.integer(max_shift, "max_shift", minimum=0, maximum=7)
    checks.integer(batch_size, "batch_size", minimum=1)
    X_train, _, y_train, _ = load_digits_split(split, seed=seed)
    generator = torch.Generator().manual_seed(seed)
    per_epoch = math.ceil(len(X_train) / batch_size)
    order = torch.empty(0, dtype=torch.long)

    def batch(step: int) -> tuple[Tensor, Tensor]:
        nonlocal order
        if step % per_epoch == 0:  # a new epoch: a new random order
            order = torch.randperm(len(X_train), generator=generator)
        index = order[(step % per_epoch) * batch_size :][:batch_size]
        x = random_shift(X_train[index], max_shift, generator)  # (B, 1, 8, 8)
        return x, y_train[index]

    def loss_fn(model: nn.Module, x: Tensor, y: Tensor) -> Tensor:
        # cross-entropy: -log softmax(scores)[label], averaged over the batch
        return F.cross_entropy(model(x), y)

    with seeded(seed):  # the initial weights
        model = model_class()
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        steps = epochs * per_epoch
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
        losses, seconds = fit(model, optimizer, batch, loss_fn, steps, schedule=schedule)
    return TrainResult(model=model.eval(), losses=losses, steps=steps, seconds=seconds)


@cached
def train_digits_cnn(
    split: str = "stratified",
    epochs: int = 30,
    seed: int = 0,
    lr: float = 3e-3,
    batch_size: int = 32,
    max_shift: int = 1,
) -> TrainResult:
    """Train :class:`dlguide.cnn.DigitsCNN` on the digits with Adam, deterministically.

    Mini-batches are drawn in a seeded random order; each image is moved by up to
    ``max_shift`` pixels (:func:`random_shift`, a cheap augmentation that teaches the network
    that a digit is the same digit one pixel to the left). The learning rate decays to zero on
    a cosine. Cached with :func:`dlguide.cache.cached`.

    Parameters
    ----------
    split : {"stratified", "sklearn"}, default "stratified"
        Which training set of :func:`dlguide.data.digits.load_digits_split` to use.
    epochs : int, default 30
        Passes over the training set.
    seed : int, default 0
        Seeds the initial weights, the batch order and the shifts (and the stratified split).
    lr : float, default 3e-3
        Adam's initial learning rate.
    batch_size : int, default 32
        Images per gradient step.
    max_shift : int, default 1
        Largest random shift in pixels; 0 turns the augmentation off.

    Returns
    -------
    TrainResult
        ``model``: the trained :class:`~dlguide.cnn.DigitsCNN` in eval mode; ``losses``,
        ``steps``, ``seconds``.

    Raises
    ------
    ValueError
        If ``split`` is unknown, ``epochs`` is not positive or ``max_shift`` is not in
        ``[0, 7]``.
    TypeError
        If ``seed``, ``epochs`` or ``max_shift`` is not an int.

    See Also
    --------
    train_mlp_baseline : the same training for :class:`dlguide.cnn.MLPBaseline`.
    dlguide.metrics.accuracy : accuracy on held-out images.

    Examples
    --------
    >>> result = train_digits_cnn(epochs=1, batch_size=512)  # 3 steps
    >>> type(result.model).__name__, result.model.training, result.steps
    ('DigitsCNN', False, 3)
    """
    return _train_classifier(DigitsCNN, split, epochs, seed, lr, batch_size, max_shift)


@cached
def train_mlp_baseline(
    split: str = "stratified",
    epochs: int = 30,
    seed: int = 0,
    lr: float = 3e-3,
    batch_size: int = 32,
    max_shift: int = 0,
) -> TrainResult:
    """Train :class:`dlguide.cnn.MLPBaseline` with the loop of :func:`train_digits_cnn`.

    Same optimiser, schedule, batches and epochs as the CNN, except that random shifts are off
    by default: a dense network has no notion of "the same pattern one pixel over", so shifted
    copies are only harder examples for it. ``benchmarks/bench_cnn.py`` trains both networks
    with and without shifts; the CNN page shows its table ``augment``.

    Parameters
    ----------
    split : {"stratified", "sklearn"}, default "stratified"
        Which training set of :func:`dlguide.data.digits.load_digits_split` to use.
    epochs : int, default 30
        Passes over the training set.
    seed : int, default 0
        Seeds the initial weights, the batch order and the shifts.
    lr : float, default 3e-3
        Adam's initial learning rate.
    batch_size : int, default 32
        Images per gradient step.
    max_shift : int, default 0
        Largest random shift in pixels; 0 turns the augmentation off.

    Returns
    -------
    TrainResult
        ``model``: the trained :class:`~dlguide.cnn.MLPBaseline` in eval mode; ``losses``,
        ``steps``, ``seconds``.

    Raises
    ------
    ValueError
        If ``split`` is unknown, ``epochs`` is not positive or ``max_shift`` is not in
        ``[0, 7]``.
    TypeError
        If ``seed``, ``epochs`` or ``max_shift`` is not an int.

    See Also
    --------
    train_digits_cnn : the CNN it is compared with.

    Examples
    --------
    >>> from dlguide.cnn import DigitsCNN, count_parameters
    >>> mlp = train_mlp_baseline(epochs=1).model
    >>> count_parameters(mlp) > count_parameters(DigitsCNN())
    True
    """
    return _train_classifier(MLPBaseline, split, epochs, seed, lr, batch_size, max_shift)
