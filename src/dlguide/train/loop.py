"""The training loops every recipe uses: one for supervised models, one for GANs.

Every recipe in :mod:`dlguide.train` follows the same three conventions:

- **Seeding.** The recipe runs inside :func:`seeded`: the global torch generator is forked,
  seeded with the recipe's ``seed``, and restored on exit, so parameter initialisation is
  reproducible and the caller's random state is never touched. Data streams draw from their
  own :class:`torch.Generator`.
- **Loop.** :func:`fit` does ``zero_grad`` -> loss -> ``backward`` -> (clip) -> ``step`` ->
  (schedule) for a supervised model; :func:`fit_gan` does one discriminator step then one
  generator step for a GAN.
- **Result.** A recipe returns a :class:`TrainResult` (or a subclass that adds what it
  measured along the way): the trained ``model`` in eval mode, the ``losses`` of every step,
  the number of ``steps`` and the training time in ``seconds``.

The gallery's starter scripts write these loops out in full, so a reader sees every line;
the recipes share them so that every chapter trains the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from dlguide.checks import integer
from dlguide.gan import discriminator_loss

__all__ = ["TrainResult", "fit", "fit_gan", "seeded"]


@dataclass
class TrainResult:
    """What a training recipe returns.

    Attributes
    ----------
    model : torch.nn.Module
        The trained network, in eval mode. For a GAN, the generator.
    losses : Tensor of shape (steps,)
        The training loss of every optimisation step (for a GAN, the generator's).
    steps : int
        Optimisation steps taken.
    seconds : float
        Training time in seconds. A result loaded from the cache (:func:`dlguide.cache.cached`)
        keeps the time of the run that trained it.
    """

    model: nn.Module
    losses: Tensor
    steps: int
    seconds: float


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run a block with torch's global generator seeded, restoring the caller's state after.

    Parameters
    ----------
    seed : int

    Raises
    ------
    TypeError
        If ``seed`` is not an int.

    Examples
    --------
    >>> before = torch.random.get_rng_state()
    >>> with seeded(0):
    ...     a = torch.rand(2)
    >>> with seeded(0):
    ...     b = torch.rand(2)
    >>> torch.equal(a, b), torch.equal(torch.random.get_rng_state(), before)
    (True, True)
    """
    integer(seed, "seed")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def fit(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    batch: Callable[[int], tuple[Tensor, Tensor]],
    loss_fn: Callable[[nn.Module, Tensor, Tensor], Tensor],
    steps: int,
    clip: float | None = None,
    schedule: torch.optim.lr_scheduler.LRScheduler | None = None,
    on_step: Callable[[int], None] | None = None,
) -> tuple[Tensor, float]:
    """Train a supervised model for ``steps`` optimisation steps.

    Each step: ``x, y = batch(step)``; ``L = loss_fn(model, x, y)``; clear the gradients;
    backpropagate; rescale the gradient to norm ``clip`` if it is larger (Pascanu et al. 2013,
    against exploding gradients); ``optimizer.step()``; ``schedule.step()``; then
    ``on_step(step + 1)`` (an evaluation or a snapshot after that many steps).

    Parameters
    ----------
    model : torch.nn.Module
        Put in train mode first.
    optimizer : torch.optim.Optimizer
        Over ``model``'s parameters.
    batch : callable
        ``batch(step) -> (x, y)``.
    loss_fn : callable
        ``loss_fn(model, x, y) -> scalar Tensor``.
    steps : int
    clip : float, optional
        Largest gradient norm.
    schedule : learning-rate scheduler, optional
        Stepped once per step.
    on_step : callable, optional
        Called with the number of steps done.

    Returns
    -------
    losses : Tensor of shape (steps,)
    seconds : float

    Examples
    --------
    >>> model = torch.nn.Linear(1, 1)
    >>> x = torch.linspace(-1, 1, 8)[:, None]
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.5)
    >>> mse = lambda m, x, y: ((m(x) - y) ** 2).mean()
    >>> losses, _ = fit(model, opt, lambda step: (x, 3 * x), mse, steps=50)
    >>> bool(losses[-1] < 1e-3 < losses[0])
    True
    """
    integer(steps, "steps", minimum=1)
    model.train()
    losses = torch.empty(steps)
    start = time.perf_counter()
    for step in range(steps):
        x, y = batch(step)
        loss = loss_fn(model, x, y)
        optimizer.zero_grad()
        loss.backward()
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        if schedule is not None:
            schedule.step()
        losses[step] = loss.detach()
        if on_step is not None:
            on_step(step + 1)
    return losses, time.perf_counter() - start


def _has_batch_norm(module: nn.Module) -> bool:
    return any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in module.modules())


def fit_gan(
    generator: nn.Module,
    discriminator: nn.Module,
    opt_g: torch.optim.Optimizer,
    opt_d: torch.optim.Optimizer,
    batch: Callable[[int], tuple[Tensor, ...]],
    generator_loss: Callable[[Tensor], Tensor],
    steps: int,
    schedules: tuple[torch.optim.lr_scheduler.LRScheduler, ...] = (),
    on_step: Callable[[int], None] | None = None,
) -> tuple[Tensor, Tensor, float]:
    """Train a GAN: at every step one discriminator update, then one generator update.

    ``real, z = batch(step)``, ``fake = G(z)``, then

    1. update D: minimise ``-log D(x) - log(1 - D(G(z)))``
       (:func:`dlguide.gan.discriminator_loss`) on the real batch and the fakes, detached so
       that this step leaves G alone;
    2. update G: minimise ``generator_loss(D(G(z)))`` on the same fakes, judged by the
       updated D. D is frozen (``requires_grad_(False)``) for this step: G's update needs the
       gradient with respect to D's *input* only, so D's weight gradients would be computed for
       nothing; the values of both updates are the same either way.

    A discriminator without batch norm judges real and fake in one batch (one forward pass
    instead of two); one with batch norm judges them separately, so that each batch is
    normalised with its own statistics, as in Radford et al. (2015).

    Parameters
    ----------
    generator, discriminator : torch.nn.Module
        D returns one logit per sample, or per pack of samples (PacGAN) when the real and
        the fake batch each hold a whole number of packs.
    opt_g, opt_d : torch.optim.Optimizer
    batch : callable
        ``batch(step) -> (real, z)``, or ``(real, z, labels)`` for a conditional GAN: then
        ``G(z, labels)`` draws the fakes for the real batch's labels and D judges both with
        them, ``D(real, labels)`` and ``D(fake, labels)``.
    generator_loss : callable
        For example :func:`dlguide.gan.generator_loss_nonsaturating`.
    steps : int
    schedules : tuple of learning-rate schedulers
        Each stepped once per step.
    on_step : callable, optional
        Called with the number of steps done.

    Returns
    -------
    d_losses, g_losses : Tensor of shape (steps,)
    seconds : float
    """
    integer(steps, "steps", minimum=1)
    joint = not _has_batch_norm(discriminator)
    generator.train()
    discriminator.train()
    d_losses, g_losses = torch.zeros(steps), torch.zeros(steps)
    start = time.perf_counter()
    for step in range(steps):
        real, z, *labels = batch(step)  # labels: [] or [y] for a conditional GAN
        fake = generator(z, *labels)

        # (1) Update D: maximise log D(x) + log(1 - D(G(z))).
        if joint:
            both = torch.cat([real, fake.detach()])  # (2B, ...)
            logits = discriminator(both, *(torch.cat([y, y]) for y in labels))
            # A packing discriminator (PacGAN) returns one logit per pack: real packs first.
            n_real = len(logits) * len(real) // (len(real) + len(fake))
            real_logits, fake_logits = logits[:n_real], logits[n_real:]
        else:
            real_logits = discriminator(real, *labels)
            fake_logits = discriminator(fake.detach(), *labels)
        loss_d = discriminator_loss(real_logits, fake_logits)
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()

        # (2) Update G: for the non-saturating loss, maximise log D(G(z)).
        discriminator.requires_grad_(False)
        loss_g = generator_loss(discriminator(fake, *labels))
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
        discriminator.requires_grad_(True)

        for schedule in schedules:
            schedule.step()
        d_losses[step], g_losses[step] = loss_d.detach(), loss_g.detach()
        if on_step is not None:
            on_step(step + 1)
    return d_losses, g_losses, time.perf_counter() - start
