"""
A GAN learns a ring
===================

A generator turns two-dimensional noise into points, and a discriminator learns to tell them
from samples of a ring of eight Gaussians. Frame by frame, the generated points move onto the
eight modes while the discriminator's decision surface shifts to chase them.
"""

# %%
# Train the GAN
# -------------
#
# Both networks are small MLPs (:class:`dlguide.gan.Generator2D`,
# :class:`dlguide.gan.Discriminator2D`) trained by :func:`dlguide.train.gan.train_gan_2d` with
# the non-saturating generator loss and Adam. Every few hundred steps the training records where
# a fixed batch of latent vectors lands and what the discriminator thinks of every point of a
# grid.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation

from dlguide.data.mixtures import ring_modes, ring_of_gaussians
from dlguide.metrics import mode_metrics
from dlguide.plotting import setup_fonts, tr
from dlguide.train.gan import train_gan_2d

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

SEED = 0  # every random draw below takes its seed from SEED: weights, data, latent vectors
GRID_SIZE = 60  # the discriminator is evaluated on a 60 x 60 grid
STEPS = 4000  # training steps; one discriminator and one generator update each
FRAMES = 21  # snapshots, the first one before training
N_EVAL = 2500  # samples scored at the end, as in the VEEGAN / PacGAN protocol
STD = 0.01  # standard deviation of each Gaussian of the ring

result = train_gan_2d(
    ring_of_gaussians,
    steps=STEPS,
    seed=SEED,
    snapshot_every=STEPS // (FRAMES - 1),
    grid_size=GRID_SIZE,
)
print(f"trained {result.steps} steps in {result.seconds:.1f} s")

# %%
# Watch the two networks play
# ---------------------------
#
# The background is the discriminator's output :math:`D(x)`, the probability that a point is
# real: red where it says "real", blue where it says "fake". Grey dots are real samples,
# orange dots the generator's. The right panel shows both losses; at the balance point of the
# game the discriminator loss is :math:`2\log 2 \approx 1.39` and :math:`D(x) = 1/2` everywhere.
real = ring_of_gaussians(500, seed=SEED + 1).numpy()
fake = result.samples.numpy()  # (frames, N, 2)
grids = result.d_grids.numpy()  # (frames, R, R)
window = 50  # steps averaged in the loss curves
kernel = np.ones(window) / window
d_loss = np.convolve(result.d_losses.numpy(), kernel, mode="valid")
g_loss = np.convolve(result.losses.numpy(), kernel, mode="valid")
loss_steps = np.arange(window, len(result.d_losses) + 1)

# JPEG frames are a third the size of PNG ones for this smooth background (page weight).
# The frames fill the text column (688 CSS px) at twice its pixel density: 6.88 in at 200 dpi
# is 1376 pixels, so 1 pt of text shows as 1.39 CSS px (10 pt = 14 px).
plt.rcParams["animation.frame_format"] = "jpeg"
fig, (ax, ax_loss) = plt.subplots(
    1, 2, figsize=(6.88, 3.3), dpi=200, layout="constrained", width_ratios=(1, 1.1)
)
image = ax.imshow(
    grids[0],
    extent=result.extent,
    origin="lower",
    cmap="RdBu_r",
    vmin=0,
    vmax=1,
    alpha=0.75,
    interpolation="bilinear",
)
ax.scatter(real[:, 0], real[:, 1], s=3, color="0.35", label=tr("real", "실제 데이터"))
points = ax.scatter(fake[0, :, 0], fake[0, :, 1], s=3, color="C1", label=tr("generated", "생성"))
ax.set_aspect("equal")
ax.set_xticks([])
ax.set_yticks([])
ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), ncols=2, markerscale=3, frameon=False)
fig.colorbar(image, ax=ax, shrink=0.8, label=tr("discriminator D(x)", "판별자 D(x)"))
title = ax.set_title("", fontsize=11)

ax_loss.plot(loss_steps, d_loss, color="C0", lw=1, label=tr("discriminator", "판별자"))
ax_loss.plot(loss_steps, g_loss, color="C1", lw=1, label=tr("generator", "생성자"))
ax_loss.axhline(2 * np.log(2), color="0.5", lw=0.8, ls="--")
ax_loss.set_xlabel(tr("training step", "학습 단계"))
ax_loss.set_ylabel(tr("loss", "손실"))
ax_loss.legend(fontsize=10)
cursor = ax_loss.axvline(0, color="k", lw=0.8)


def update(frame):
    step = result.snapshot_steps[frame]
    image.set_data(grids[frame])
    points.set_offsets(fake[frame])
    cursor.set_xdata([step, step])
    title.set_text(tr(f"step {step}", f"{step}단계"))
    return image, points, cursor, title


update(0)
for _ in range(2):  # lay the figure out (the legend below the panel takes a second pass)
    fig.canvas.draw()
fig.set_layout_engine("none")  # and keep that layout for every frame: faster, no jitter
# every second snapshot (one frame per 400 steps) keeps the page light
anim = animation.FuncAnimation(
    fig, update, frames=range(0, len(result.snapshot_steps), 2), interval=500
)

# %%
# Score the result
# ----------------
#
# :func:`dlguide.metrics.mode_metrics` scores 2500 fresh samples: a sample is *high quality*
# when it lies within three standard deviations of a mode, and a mode is *captured* when at
# least one high-quality sample is nearest to it. The KL divergence measures how unevenly the
# high-quality samples are spread over the modes (0 for perfectly even).
samples = result.sample(N_EVAL, seed=SEED + 100)
metrics = mode_metrics(samples, ring_modes(), STD)
print(f"modes captured: {metrics.modes_captured} / 8")
print(f"high-quality samples: {100 * metrics.high_quality:.1f} %")
print(f"KL(mode histogram || uniform): {metrics.kl:.4f}")

fig2, (ax_a, ax_b) = plt.subplots(1, 2, figsize=(7, 3), layout="constrained")
ax_a.scatter(*samples.T.numpy(), s=2, color="C1")
ax_a.scatter(*ring_modes().T.numpy(), s=40, marker="x", color="k", label=tr("modes", "모드"))
ax_a.set_aspect("equal")
ax_a.legend(loc="center", fontsize=8)
ax_a.set_title(tr(f"{N_EVAL} generated samples", f"생성 표본 {N_EVAL}개"), fontsize=10)
ax_b.bar(range(8), metrics.counts.numpy(), color="C1")
ax_b.axhline(metrics.counts.sum().item() / 8, color="k", lw=0.8, ls="--")
ax_b.set_xlabel(tr("mode", "모드"))
ax_b.set_ylabel(tr("high-quality samples", "고품질 표본 수"))
ax_b.set_title(
    tr(
        f"{metrics.modes_captured}/8 modes, {100 * metrics.high_quality:.1f}% high quality",
        f"모드 {metrics.modes_captured}/8개, 고품질 {100 * metrics.high_quality:.1f}%",
    ),
    fontsize=10,
)

plt.show()

# sphinx_gallery_thumbnail_number = 2
