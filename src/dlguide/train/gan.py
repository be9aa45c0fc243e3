"""Training recipes of the GAN chapter: a GAN on 2D points and DCGANs on 8x8 digits.

All three run on the GAN loop :func:`dlguide.train.loop.fit_gan`: at every step one Adam step on
the discriminator loss, then one on the generator loss through the same fakes and the updated
discriminator, which is frozen for that step. Each takes snapshots from one fixed batch of
latent vectors, so a figure can show the same z turning into samples as training goes on.

- :func:`train_gan_2d` trains :class:`dlguide.gan.Generator2D` against
  :class:`dlguide.gan.Discriminator2D` on any 2D sampler (the mixtures of
  :mod:`dlguide.data.mixtures`), with learning rates that fall linearly to 0.
- :func:`train_dcgan` trains :class:`dlguide.gan.DCGANGenerator` against
  :class:`dlguide.gan.DCGANDiscriminator` on the digits of :mod:`dlguide.data.digits`, with the
  Adam settings of Radford et al. (2015); :func:`train_conditional_dcgan` does the same for
  the class-conditional pair, with the digits' labels;
- :func:`calibrate_discriminator` trains a copy of a DCGAN's discriminator further against
  its frozen generator, for :func:`dlguide.gan.discriminator_rejection_sampling`.

Taught on the guide's GAN page.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch import Tensor
from torch.optim.lr_scheduler import LambdaLR

from dlguide import checks
from dlguide.cache import cached
from dlguide.data.digits import load_digits_split
from dlguide.gan import (
    ConditionalDCGANDiscriminator,
    ConditionalDCGANGenerator,
    DCGANDiscriminator,
    DCGANGenerator,
    Discriminator2D,
    Generator2D,
    discriminator_loss,
    generator_loss_minimax,
    generator_loss_nonsaturating,
)
from dlguide.train.loop import TrainResult, fit_gan, seeded

__all__ = [
    "ConditionalDCGANResult",
    "DCGANResult",
    "GAN2DResult",
    "calibrate_discriminator",
    "train_conditional_dcgan",
    "train_dcgan",
    "train_gan_2d",
]

_GENERATOR_LOSSES: dict[str, Callable[[Tensor], Tensor]] = {
    "nonsaturating": generator_loss_nonsaturating,
    "minimax": generator_loss_minimax,
}


def _latent(n: int, latent_dim: int, seed: int) -> Tensor:
    checks.integer(n, "n", minimum=0)
    gen = torch.Generator().manual_seed(checks.integer(seed, "seed"))
    return torch.randn(n, latent_dim, generator=gen)  # (N, Z)


def _snapshot_every(snapshot_every: int | None, total: int, count: int) -> int:
    if snapshot_every is None:
        return max(total // count, 1)
    return checks.integer(snapshot_every, "snapshot_every", minimum=1)


# ---------------------------------------------------------------------------------------------
# A GAN on 2D points
# ---------------------------------------------------------------------------------------------


@dataclass
class GAN2DResult(TrainResult):
    """What :func:`train_gan_2d` returns: a :class:`~dlguide.train.loop.TrainResult` and more.

    Attributes
    ----------
    model : Generator2D
        The trained generator, in eval mode.
    losses : Tensor of shape (steps,)
        The generator's loss at every step.
    steps : int
        Optimisation steps (one discriminator and one generator update each).
    seconds : float
        Training time in seconds.
    discriminator : Discriminator2D
        The trained discriminator, in eval mode.
    d_losses : Tensor of shape (steps,)
        The discriminator's loss at every step.
    snapshot_steps : tuple of int
        The training step at which each of the S snapshots was taken (0 = before training).
    samples : Tensor of shape (S, N, 2)
        Generator outputs for one fixed batch of latent vectors, at each snapshot.
    d_grids : Tensor of shape (S, R, R) or None
        Discriminator probability ``D(x)`` on an R x R grid of points spanning ``extent``
        (row i is y, column j is x, as ``imshow(..., origin="lower")`` expects); None when
        ``grid_size`` was 0 or the discriminator packs points (``pack > 1``).
    extent : tuple of float
        ``(x_min, x_max, y_min, y_max)`` of the grid: the real data's range plus a margin.
    """

    discriminator: Discriminator2D
    d_losses: Tensor
    snapshot_steps: tuple[int, ...]
    samples: Tensor
    d_grids: Tensor | None
    extent: tuple[float, float, float, float]

    def sample(self, n: int, seed: int = 0) -> Tensor:
        """Draw ``n`` points from the trained generator, latent vectors seeded by ``seed``.

        Returns
        -------
        Tensor of shape (N, 2)
        """
        z = _latent(n, self.model.latent_dim, seed)  # (N, Z)
        with torch.no_grad():
            return self.model(z)  # (N, 2)


def _draw(sampler: Callable, n: int, seed: int) -> Tensor:
    x = torch.as_tensor(sampler(n, seed), dtype=torch.float32)
    if x.shape != (n, 2):
        raise ValueError(
            f"sampler(n, seed) must return shape (n, 2) = ({n}, 2), got {tuple(x.shape)}"
        )
    return x


@cached
def train_gan_2d(
    sampler: Callable[[int, int], Tensor],
    steps: int = 8000,
    seed: int = 0,
    latent_dim: int = 2,
    g_hidden: int = 96,
    d_hidden: int = 128,
    layers: int = 3,
    batch_size: int = 256,
    lr_g: float = 2e-3,
    lr_d: float = 2e-3,
    betas: tuple[float, float] = (0.5, 0.999),
    loss: str = "nonsaturating",
    lr_decay: bool = True,
    pack: int = 1,
    snapshot_every: int | None = None,
    n_snapshot: int = 500,
    grid_size: int = 64,
) -> GAN2DResult:
    """Train a GAN on 2D points drawn from ``sampler``.

    One step (:func:`dlguide.train.loop.fit_gan`): draw a real batch and a fake batch; take an
    Adam step on the discriminator loss; take an Adam step on the generator loss, through the
    same fakes and the updated discriminator. The learning rates fall linearly to 0 over
    training (``lr_decay``), which lets the generator settle its samples sharply on the modes
    at the end. Cached with :func:`dlguide.cache.cached` when ``sampler`` is a module-level
    function or a :func:`functools.partial` of one; lambdas and closures always retrain.

    Parameters
    ----------
    sampler : callable
        ``sampler(n, seed) -> Tensor of shape (n, 2)``: a fresh integer seed is passed for each
        batch. :func:`dlguide.data.mixtures.ring_of_gaussians` and
        :func:`~dlguide.data.mixtures.grid_of_gaussians` fit.
    steps : int, default 8000
        Training steps (one discriminator and one generator update each).
    seed : int, default 0
        Seed of the initial weights, the latent vectors and the data stream.
    latent_dim : int, default 2
        Latent size Z.
    g_hidden, d_hidden : int, default 96, 128
        Units per hidden layer of the generator and of the discriminator. A wider generator
        can switch more steeply from one mode to the next, so fewer samples land in the gaps
        between modes.
    layers : int, default 3
        Hidden layers of both MLPs.
    batch_size : int, default 256
        Real and fake samples per step.
    lr_g, lr_d : float, default 2e-3, 2e-3
        Adam learning rates of the generator and of the discriminator.
    betas : (float, float), default (0.5, 0.999)
        Adam betas; beta1 = 0.5 follows Radford et al. (2015).
    loss : {"nonsaturating", "minimax"}, default "nonsaturating"
        Generator loss (:func:`dlguide.gan.generator_loss_nonsaturating`,
        :func:`dlguide.gan.generator_loss_minimax`).
    lr_decay : bool, default True
        Decay the learning rates linearly to 0.
    pack : int, default 1
        Points per judgement of the discriminator (PacGAN, Lin et al., 2018; see
        :class:`dlguide.gan.Discriminator2D`): a batch of ``batch_size`` points is judged as
        ``batch_size / pack`` packs. 1 is the plain GAN.
    snapshot_every : int, optional
        Steps between snapshots; by default ``steps // 25`` (26 snapshots with the first).
    n_snapshot : int, default 500
        Points generated at each snapshot (from one fixed latent batch).
    grid_size : int, default 64
        Evaluate D on a ``grid_size`` x ``grid_size`` grid at each snapshot (0: do not). A
        packing discriminator judges packs, not points, so with ``pack > 1`` there is no grid.

    Returns
    -------
    GAN2DResult
        ``model``: the trained generator; ``losses``, ``steps``, ``seconds``; the
        discriminator, its losses, the snapshots and the grid's ``extent``.

    Raises
    ------
    TypeError
        If ``sampler`` is not callable, or a size, ``seed`` or a learning rate is not a number
        of the right kind (a float or a bool where an int belongs).
    ValueError
        If ``loss`` is unknown, a size or a learning rate is not positive, ``pack`` does not
        divide ``batch_size``, or the sampler returns a wrong shape.

    See Also
    --------
    dlguide.metrics.mode_metrics : scores the samples of the trained generator.

    Examples
    --------
    >>> from dlguide.data.mixtures import ring_of_gaussians
    >>> result = train_gan_2d(ring_of_gaussians, steps=20, snapshot_every=10, grid_size=8)
    >>> result.steps, result.snapshot_steps, tuple(result.losses.shape)
    (20, (0, 10, 20), (20,))
    >>> tuple(result.samples.shape), tuple(result.d_grids.shape), tuple(result.sample(7).shape)
    ((3, 500, 2), (3, 8, 8), (7, 2))
    """
    if not callable(sampler):
        raise TypeError(f"sampler must be callable, got {type(sampler).__name__}")
    generator_loss = _GENERATOR_LOSSES[checks.choice(loss, "loss", _GENERATOR_LOSSES)]
    for name, value in dict(
        steps=steps,
        latent_dim=latent_dim,
        g_hidden=g_hidden,
        d_hidden=d_hidden,
        batch_size=batch_size,
        n_snapshot=n_snapshot,
        pack=pack,
    ).items():
        checks.integer(value, name, minimum=1)
    checks.integer(layers, "layers", minimum=0)
    checks.integer(grid_size, "grid_size", minimum=0)
    if batch_size % pack:
        raise ValueError(
            f"batch_size must be a multiple of pack={pack} (whole packs of real and of fake"
            f" points), got {batch_size}"
        )
    if pack > 1:
        grid_size = 0  # D judges packs, not points
    checks.number(lr_g, "lr_g", positive=True)
    checks.number(lr_d, "lr_d", positive=True)
    every = _snapshot_every(snapshot_every, steps, 25)
    betas = tuple(betas)

    with seeded(seed):  # the initial weights; the data and latents come from `stream`
        stream = torch.Generator().manual_seed(seed)
        generator = Generator2D(latent_dim, g_hidden, layers)
        discriminator = Discriminator2D(d_hidden, layers, pack)
        # fused: one kernel per step for all parameters, 4x faster than the loop over tensors
        opt_g = torch.optim.Adam(generator.parameters(), lr=lr_g, betas=betas, fused=True)
        opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr_d, betas=betas, fused=True)
        schedules: tuple[LambdaLR, ...] = ()
        if lr_decay:  # the learning rate of step k is lr * (1 - k / steps): from lr down to 0
            schedules = tuple(LambdaLR(opt, lambda k: 1 - k / steps) for opt in (opt_g, opt_d))

        def next_seed() -> int:
            return int(torch.randint(2**62, (1,), generator=stream))

        # The grid spans the real data with a 25% margin on each side.
        real = _draw(sampler, 4096, next_seed())  # (4096, 2)
        low, high = real.min(0).values, real.max(0).values
        margin = 0.25 * (high - low).max()
        extent = (
            float(low[0] - margin), float(high[0] + margin),
            float(low[1] - margin), float(high[1] + margin),
        )  # fmt: skip
        if grid_size:
            xs = torch.linspace(extent[0], extent[1], grid_size)  # (R,)
            ys = torch.linspace(extent[2], extent[3], grid_size)  # (R,)
            gy, gx = torch.meshgrid(ys, xs, indexing="ij")  # (R, R) each
            grid = torch.stack([gx.flatten(), gy.flatten()], dim=1)  # (R*R, 2)
        fixed_z = torch.randn(n_snapshot, latent_dim, generator=stream)  # (N, Z)

        snapshot_steps, samples, d_grids = [], [], []

        def snapshot(step: int) -> None:
            if step % every and step != steps:
                return
            generator.eval()  # batch norm (if any) with its running statistics
            with torch.no_grad():
                snapshot_steps.append(step)
                samples.append(generator(fixed_z))  # (N, 2)
                if grid_size:
                    probs = torch.sigmoid(discriminator(grid))  # (R*R,)
                    d_grids.append(probs.view(grid_size, grid_size))  # (R, R)
            generator.train()

        def batch(step: int) -> tuple[Tensor, Tensor]:
            real = _draw(sampler, batch_size, next_seed())  # (B, 2)
            z = torch.randn(batch_size, latent_dim, generator=stream)  # (B, Z)
            return real, z

        snapshot(0)
        d_losses, g_losses, seconds = fit_gan(
            generator,
            discriminator,
            opt_g,
            opt_d,
            batch,
            generator_loss,
            steps,
            schedules=schedules,
            on_step=snapshot,
        )
    return GAN2DResult(
        model=generator.eval(),
        losses=g_losses,
        steps=steps,
        seconds=seconds,
        discriminator=discriminator.eval(),
        d_losses=d_losses,
        snapshot_steps=tuple(snapshot_steps),
        samples=torch.stack(samples),  # (S, N, 2)
        d_grids=torch.stack(d_grids) if grid_size else None,  # (S, R, R)
        extent=extent,
    )


# ---------------------------------------------------------------------------------------------
# A DCGAN on 8x8 digits
# ---------------------------------------------------------------------------------------------


@dataclass
class DCGANResult(TrainResult):
    """What :func:`train_dcgan` returns: a :class:`~dlguide.train.loop.TrainResult` and more.

    Attributes
    ----------
    model : DCGANGenerator
        The trained generator, in eval mode (outputs in [-1, 1]).
    losses : Tensor of shape (steps,)
        The generator's loss at every step.
    steps : int
        Optimisation steps: ``epochs`` times the full batches of one epoch.
    seconds : float
        Training time in seconds.
    discriminator : DCGANDiscriminator
        The trained discriminator, in eval mode.
    d_losses : Tensor of shape (steps,)
        The discriminator's loss at every step.
    snapshot_epochs : tuple of int
        Epochs after which the S snapshots were taken (0 = before training).
    snapshots : Tensor of shape (S, N, 1, 8, 8)
        Images generated from ``fixed_noise`` at each snapshot, mapped to [0, 1].
    fixed_noise : Tensor of shape (N, Z)
        The latent vectors of the snapshots.
    """

    discriminator: DCGANDiscriminator
    d_losses: Tensor
    snapshot_epochs: tuple[int, ...]
    snapshots: Tensor
    fixed_noise: Tensor

    def generate(self, z: Tensor) -> Tensor:
        """Images in [0, 1] for the latent vectors ``z`` of shape (N, Z).

        Returns
        -------
        Tensor of shape (N, 1, 8, 8)
        """
        with torch.no_grad():
            return (self.model(z) + 1) / 2  # from tanh's [-1, 1] to [0, 1]

    def sample(self, n: int, seed: int = 0) -> Tensor:
        """Generate ``n`` images in [0, 1], latent vectors seeded by ``seed``.

        Returns
        -------
        Tensor of shape (N, 1, 8, 8)
        """
        return self.generate(_latent(n, self.model.latent_dim, seed))


@cached
def train_dcgan(
    epochs: int = 60,
    seed: int = 0,
    latent_dim: int = 32,
    width: int = 64,
    batch_size: int = 64,
    lr: float = 2e-4,
    betas: tuple[float, float] = (0.5, 0.999),
    snapshot_every: int | None = None,
    n_fixed: int = 64,
    split: str = "stratified",
) -> DCGANResult:
    """Train a DCGAN on the training images of :func:`dlguide.data.digits.load_digits_split`.

    Images are scaled from [0, 1] to [-1, 1] to match the generator's tanh. Each step
    (:func:`dlguide.train.loop.fit_gan`) updates D on a real and a fake batch, then G with the
    non-saturating loss on the same fakes. Each epoch visits the images in a new seeded order,
    in full batches only. Cached with :func:`dlguide.cache.cached`.

    Parameters
    ----------
    epochs : int, default 60
        Passes over the training images.
    seed : int, default 0
        Seed of the weights, the shuffling and the latent vectors (and the stratified split).
    latent_dim : int, default 32
        Latent size Z.
    width : int, default 64
        Width of both networks (:class:`dlguide.gan.DCGANGenerator`,
        :class:`dlguide.gan.DCGANDiscriminator`).
    batch_size : int, default 64
        Images per step, at most the number of training images.
    lr : float, default 2e-4
        Adam learning rate (Radford et al., 2015).
    betas : (float, float), default (0.5, 0.999)
        Adam betas (Radford et al., 2015).
    snapshot_every : int, optional
        Epochs between snapshots; by default ``max(epochs // 20, 1)``.
    n_fixed : int, default 64
        Images generated at each snapshot.
    split : {"stratified", "sklearn"}, default "stratified"
        Passed to :func:`dlguide.data.digits.load_digits_split`.

    Returns
    -------
    DCGANResult
        ``model``: the trained generator; ``losses``, ``steps``, ``seconds``; the
        discriminator, its losses and the fixed-noise snapshots.

    Raises
    ------
    TypeError
        If a size, ``seed`` or ``lr`` is not a number of the right kind.
    ValueError
        If a size or ``lr`` is not positive, ``batch_size`` exceeds the training images, or
        ``split`` is unknown.

    See Also
    --------
    dlguide.metrics.classifier_score : judges the generated digits with a classifier.

    Examples
    --------
    >>> result = train_dcgan(epochs=1, latent_dim=4, width=4, batch_size=512, n_fixed=3)
    >>> result.steps, result.snapshot_epochs, tuple(result.snapshots.shape)
    (2, (0, 1), (2, 3, 1, 8, 8))
    >>> tuple(result.sample(5).shape), result.model.training
    ((5, 1, 8, 8), False)
    """
    return _train_dcgan(
        False, epochs, seed, latent_dim, width, batch_size, lr, betas, snapshot_every, n_fixed,
        split,
    )  # fmt: skip


def _train_dcgan(
    conditional: bool,
    epochs: int,
    seed: int,
    latent_dim: int,
    width: int,
    batch_size: int,
    lr: float,
    betas: tuple[float, float],
    snapshot_every: int | None,
    n_fixed: int,
    split: str,
) -> DCGANResult:
    for name, value in dict(
        epochs=epochs, latent_dim=latent_dim, width=width, batch_size=batch_size, n_fixed=n_fixed
    ).items():
        checks.integer(value, name, minimum=1)
    checks.number(lr, "lr", positive=True)
    every = _snapshot_every(snapshot_every, epochs, 20)
    betas = tuple(betas)
    X_train, _, y_train, _ = load_digits_split(split, seed=seed)  # (N, 1, 8, 8) in [0, 1]
    X_train = X_train * 2 - 1  # to the tanh range [-1, 1]
    if batch_size > len(X_train):
        raise ValueError(
            f"batch_size must be at most the {len(X_train)} training images, got {batch_size}"
        )
    # Drop the last partial batch: batch norm statistics of a tiny batch are noise.
    per_epoch = len(X_train) // batch_size

    with seeded(seed):  # the initial weights; the order and latents come from `stream`
        stream = torch.Generator().manual_seed(seed)
        if conditional:
            generator = ConditionalDCGANGenerator(latent_dim, width)
            discriminator = ConditionalDCGANDiscriminator(width)
        else:
            generator = DCGANGenerator(latent_dim, width)
            discriminator = DCGANDiscriminator(width)
        opt_g = torch.optim.Adam(generator.parameters(), lr=lr, betas=betas, fused=True)
        opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=betas, fused=True)
        fixed_noise = torch.randn(n_fixed, latent_dim, generator=stream)  # (N, Z)
        fixed_labels = torch.arange(n_fixed) % 10  # (N,): 0, 1, ..., 9, 0, 1, ...
        order = torch.empty(0, dtype=torch.long)

        def batch(step: int) -> tuple[Tensor, ...]:
            nonlocal order
            if step % per_epoch == 0:  # a new epoch: a new random order
                order = torch.randperm(len(X_train), generator=stream)
            index = order[(step % per_epoch) * batch_size :][:batch_size]
            z = torch.randn(batch_size, latent_dim, generator=stream)  # (B, Z)
            if conditional:  # fakes of the real batch's classes: (B, 1, 8, 8), (B, Z), (B,)
                return X_train[index], z, y_train[index]
            return X_train[index], z  # (B, 1, 8, 8), (B, Z)

        snapshot_epochs, snapshots = [], []

        def snapshot(step: int) -> None:
            epoch, within = divmod(step, per_epoch)
            if within or (epoch % every and epoch != epochs):
                return
            generator.eval()  # batch norm with its running statistics
            with torch.no_grad():
                labels = (fixed_labels,) if conditional else ()
                snapshots.append((generator(fixed_noise, *labels) + 1) / 2)  # (N, 1, 8, 8)
            snapshot_epochs.append(epoch)
            generator.train()

        snapshot(0)
        steps = epochs * per_epoch
        d_losses, g_losses, seconds = fit_gan(
            generator,
            discriminator,
            opt_g,
            opt_d,
            batch,
            generator_loss_nonsaturating,
            steps,
            on_step=snapshot,
        )
    fields = dict(
        model=generator.eval(),
        losses=g_losses,
        steps=steps,
        seconds=seconds,
        discriminator=discriminator.eval(),
        d_losses=d_losses,
        snapshot_epochs=tuple(snapshot_epochs),
        snapshots=torch.stack(snapshots),  # (S, N, 1, 8, 8)
        fixed_noise=fixed_noise,
    )
    if conditional:
        return ConditionalDCGANResult(**fields, fixed_labels=fixed_labels)
    return DCGANResult(**fields)


@dataclass
class ConditionalDCGANResult(DCGANResult):
    """What :func:`train_conditional_dcgan` returns: a :class:`DCGANResult` with labels.

    Attributes
    ----------
    model : ConditionalDCGANGenerator
        The trained generator, in eval mode (outputs in [-1, 1]).
    discriminator : ConditionalDCGANDiscriminator
        The trained projection discriminator, in eval mode.
    fixed_labels : Tensor of shape (N,)
        The class of each fixed latent vector: 0, 1, ..., 9, 0, 1, ...
    losses, steps, seconds, d_losses, snapshot_epochs, snapshots, fixed_noise
        As in :class:`DCGANResult`; the snapshots draw ``fixed_labels``.
    """

    fixed_labels: Tensor = field(default_factory=lambda: torch.empty(0, dtype=torch.long))

    def generate(self, z: Tensor, labels: Tensor | None = None) -> Tensor:
        """Images in [0, 1] of the classes ``labels`` (N,) for the latent vectors ``z`` (N, Z).

        Raises
        ------
        ValueError
            If ``labels`` is missing: a conditional generator needs a class for every image.

        Returns
        -------
        Tensor of shape (N, 1, 8, 8)
        """
        if labels is None:
            raise ValueError("labels must be given: the class index (0-9) of every image")
        with torch.no_grad():
            return (self.model(z, labels) + 1) / 2  # from tanh's [-1, 1] to [0, 1]

    def sample(self, n: int, seed: int = 0, labels: Tensor | None = None) -> Tensor:
        """Generate ``n`` images in [0, 1], latent vectors seeded by ``seed``.

        ``labels`` (N,) are the classes to draw; by default 0, 1, ..., 9 in turn, so that the
        classes are as balanced as ``n`` allows.

        Returns
        -------
        Tensor of shape (N, 1, 8, 8)
        """
        if labels is None:
            labels = torch.arange(checks.integer(n, "n", minimum=0)) % 10  # (N,)
        return self.generate(_latent(n, self.model.latent_dim, seed), labels)


@cached
def train_conditional_dcgan(
    epochs: int = 60,
    seed: int = 0,
    latent_dim: int = 32,
    width: int = 64,
    batch_size: int = 64,
    lr: float = 2e-4,
    betas: tuple[float, float] = (0.5, 0.999),
    snapshot_every: int | None = None,
    n_fixed: int = 100,
    split: str = "stratified",
) -> ConditionalDCGANResult:
    """Train a class-conditional DCGAN on the training digits and their labels.

    :func:`train_dcgan` with labels: the generator
    (:class:`dlguide.gan.ConditionalDCGANGenerator`) reads the one-hot label beside z; the
    projection discriminator (:class:`dlguide.gan.ConditionalDCGANDiscriminator`) judges each
    image together with its label. At each step the fakes are drawn for the labels of the real
    batch, so every class gets as many fake images as real ones. Cached with
    :func:`dlguide.cache.cached`.

    Parameters
    ----------
    epochs, seed, latent_dim, width, batch_size, lr, betas, snapshot_every, split
        As in :func:`train_dcgan`.
    n_fixed : int, default 100
        Images generated at each snapshot, of the classes 0, 1, ..., 9 in turn.

    Returns
    -------
    ConditionalDCGANResult
        The trained pair, the losses and the snapshots; ``sample(n, labels=...)`` draws the
        requested digits.

    Raises
    ------
    TypeError
        If a size, ``seed`` or ``lr`` is not a number of the right kind.
    ValueError
        If a size or ``lr`` is not positive, ``batch_size`` exceeds the training images, or
        ``split`` is unknown.

    Examples
    --------
    >>> result = train_conditional_dcgan(epochs=1, latent_dim=4, width=4, batch_size=512)
    >>> result.steps, tuple(result.snapshots.shape), result.fixed_labels[:12].tolist()
    (2, (2, 100, 1, 8, 8), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
    >>> tuple(result.sample(4, labels=torch.tensor([7, 7, 7, 7])).shape)
    (4, 1, 8, 8)
    """
    return _train_dcgan(  # type: ignore[return-value]  # a ConditionalDCGANResult
        True, epochs, seed, latent_dim, width, batch_size, lr, betas, snapshot_every, n_fixed,
        split,
    )  # fmt: skip


def calibrate_discriminator(
    result: DCGANResult,
    epochs: int = 10,
    seed: int = 0,
    lr: float = 2e-4,
    batch_size: int = 64,
    split: str = "stratified",
) -> DCGANDiscriminator:
    """Train a copy of a DCGAN's discriminator further against its frozen generator.

    At the end of GAN training the discriminator is in a game, not at its optimum: it has just
    been fooled by the latest generator. Discriminator rejection sampling needs the optimum's
    logit, ``log p_data(x) / p_g(x)``, so Azadi et al. (2019) first train D alone on real
    images against samples of the final, fixed generator. This does that: ``epochs`` passes
    over the training images with the discriminator loss only, on a copy, so ``result`` keeps
    its own discriminator. The generator is only sampled (in eval mode).

    Parameters
    ----------
    result : DCGANResult
        A trained DCGAN, from :func:`train_dcgan`.
    epochs : int, default 10
        Passes over the training images.
    seed : int, default 0
        Seed of the order of the images and of the latent vectors.
    lr : float, default 2e-4
        Adam learning rate (betas 0.5, 0.999 as in training).
    batch_size : int, default 64
        Real and fake images per step.
    split : {"stratified", "sklearn"}, default "stratified"
        The training images, as in :func:`train_dcgan`; pass the same split and seed.

    Returns
    -------
    DCGANDiscriminator
        The calibrated copy, in eval mode.

    Raises
    ------
    TypeError
        If ``result`` is not a :class:`DCGANResult` of an unconditional DCGAN.
    ValueError
        If a size or ``lr`` is not positive.

    See Also
    --------
    dlguide.gan.discriminator_rejection_sampling : the sampler that reads its logits.

    Examples
    --------
    >>> result = train_dcgan(epochs=1, latent_dim=4, width=4, batch_size=512, n_fixed=3)
    >>> d = calibrate_discriminator(result, epochs=1, batch_size=512)
    >>> d is result.discriminator, d.training, tuple(d(torch.zeros(2, 1, 8, 8)).shape)
    (False, False, (2,))
    """
    if not isinstance(result, DCGANResult) or isinstance(result, ConditionalDCGANResult):
        raise TypeError(
            f"result must be the DCGANResult of train_dcgan, got {type(result).__name__}"
        )
    checks.integer(epochs, "epochs", minimum=1)
    checks.integer(batch_size, "batch_size", minimum=1)
    checks.number(lr, "lr", positive=True)
    X_train = load_digits_split(split, seed=checks.integer(seed, "seed"))[0] * 2 - 1
    per_epoch = max(len(X_train) // batch_size, 1)
    generator = result.model.eval()
    with seeded(seed):
        stream = torch.Generator().manual_seed(seed)
        # Batch norm keeps the running statistics of training (eval mode), so the function
        # trained here is the one the sampler evaluates, image by image.
        discriminator = copy.deepcopy(result.discriminator).eval()
        opt = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=(0.5, 0.999))
        for _ in range(epochs):
            order = torch.randperm(len(X_train), generator=stream)
            for k in range(per_epoch):
                real = X_train[order[k * batch_size :][:batch_size]]  # (B, 1, 8, 8)
                z = torch.randn(len(real), generator.latent_dim, generator=stream)  # (B, Z)
                with torch.no_grad():
                    fake = generator(z)  # (B, 1, 8, 8)
                loss = discriminator_loss(discriminator(real), discriminator(fake))
                opt.zero_grad()
                loss.backward()
                opt.step()
    return discriminator.eval()
